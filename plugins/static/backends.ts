import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import type { Blog, LogLevel } from "../../core";
import type { IndexSnapshot } from "../../core/entries/entry-index";
import { renderPage, type PageJob, type PageOutcome, type PageRenderOptions } from "./render-page";

/** Renders a list of pages on one or more threads and reports each outcome. */
export interface RenderBackend {
  readonly description: string;
  run(jobs: readonly PageJob[], onOutcome: (outcome: PageOutcome) => void): Promise<void>;
  close(): Promise<void>;
}

/** Pages in flight at once in one thread: enough to overlap reading entry files with rendering. */
const CONCURRENCY = 4;

export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Renders a batch in this thread, a few pages at a time. */
export async function renderBatch(blog: Blog, jobs: readonly PageJob[], options: PageRenderOptions): Promise<PageOutcome[]> {
  const outcomes: PageOutcome[] = [];
  await forEachLimited(jobs, CONCURRENCY, async (job) => {
    outcomes.push(await renderPage(blog, job, options));
  });
  return outcomes;
}

/**
 * A thread that renders batches: the main thread, or a worker. `send` hands it a batch; it answers through
 * `onDone` (set by the dispatcher), or `onLost` when it stops. `capacity` is how many batches it holds at once:
 * a worker keeps one queued so it never waits for the main thread, busy with its own batch, to send the next.
 */
export interface Lane {
  readonly capacity: number;
  gone: boolean;
  send(id: number, jobs: readonly PageJob[]): void;
  onDone?: ((id: number, outcomes: readonly PageOutcome[]) => void) | undefined;
  onLost?: ((why: string) => void) | undefined;
}

/** The main thread as a lane: no thread to start, no copy of the blog. */
function mainThreadLane(blog: Blog, options: PageRenderOptions): Lane {
  const lane: Lane = {
    capacity: 1,
    gone: false,
    send(id, jobs) {
      // A page whose bodies are all cached renders without waiting on I/O, so a chain of batches would never
      // leave the microtask queue: yield first, or the workers' messages (and their next batches) wait for it.
      setImmediate(() => void renderBatch(blog, jobs, options).then((outcomes) => lane.onDone?.(id, outcomes)));
    },
  };
  return lane;
}

/** What a worker needs to render like the main thread: the same config, entries, moment and output. */
export interface WorkerSetup {
  readonly blossomRenderWorker: true;
  readonly cliModule: string;
  readonly configFile: string;
  readonly logLevel: LogLevel;
  readonly snapshot: IndexSnapshot;
  readonly options: PageRenderOptions;
}

/** Messages between the main thread and a worker. */
export type ToWorker = { readonly type: "render"; readonly id: number; readonly jobs: readonly PageJob[] } | { readonly type: "stop" };
export type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "done"; readonly id: number; readonly outcomes: readonly PageOutcome[] }
  | { readonly type: "log"; readonly level: LogLevel; readonly line: string };

/**
 * The module that exports `runCli`, so a worker can start the same Blossom: in the CLI bundle that is the
 * bundle itself, in the library build core/cli.js. Undefined when running from TypeScript sources (tests),
 * where pages are rendered in the main thread only.
 */
export function cliModuleFile(): string | undefined {
  for (const file of [__filename, join(__dirname, "..", "..", "core", "cli.js")]) {
    if (!file.endsWith(".js") || !existsSync(file)) continue;
    try {
      if (typeof (require(file) as { runCli?: unknown }).runCli === "function") return file;
    } catch {
      // not loadable here: try the next
    }
  }
  return undefined;
}

/** A worker boots Blossom through the CLI's own `render` command, which sees the worker data and serves jobs. */
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
require(workerData.cliModule)
  .runCli(["render", "--config", workerData.configFile], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() })
  // Handles a plugin left open must not keep the thread alive once the main thread said stop.
  .then((code) => process.exit(code), () => process.exit(1));
`;

interface WorkerLane extends Lane {
  readonly worker: Worker;
  readonly exited: Promise<void>;
}

/**
 * Starts worker threads, each booting the blog from config.yaml and taking the main thread's entry index (so
 * every thread renders from one view of the entries). Resolves to those that came up.
 */
async function startWorkerLanes(count: number, setup: WorkerSetup, onLog: (level: LogLevel, line: string) => void): Promise<WorkerLane[]> {
  const { Worker } = require("node:worker_threads") as typeof import("node:worker_threads");
  const started = await Promise.all(
    Array.from({ length: count }, () => {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: setup });
      let ready: (lane: WorkerLane | undefined) => void = () => undefined;
      const whenReady = new Promise<WorkerLane | undefined>((resolve) => (ready = resolve));
      const lane: WorkerLane = {
        capacity: 2,
        gone: false,
        worker,
        exited: new Promise<void>((resolve) => worker.once("exit", () => resolve())),
        send: (id, jobs) => worker.postMessage({ type: "render", id, jobs } satisfies ToWorker),
      };
      const lost = (why: string): void => {
        if (lane.gone) return;
        lane.gone = true;
        ready(undefined);
        lane.onLost?.(why);
      };
      worker.on("message", (message: FromWorker) => {
        if (message.type === "log") onLog(message.level, message.line);
        else if (message.type === "ready") ready(lane);
        else lane.onDone?.(message.id, message.outcomes);
      });
      worker.on("error", (error) => lost(error.message));
      worker.on("exit", (code) => lost(`it exited with code ${code}`));
      return whenReady;
    }),
  );
  return started.filter((lane): lane is WorkerLane => lane !== undefined);
}

/**
 * The threads a render uses: `threads` in all, the main thread and workers. With no built Blossom to start
 * workers from (tests running the TypeScript sources), or when none starts, the main thread renders alone.
 */
export async function startBackend(
  blog: Blog,
  threads: number,
  options: PageRenderOptions,
  onLog: (level: LogLevel, line: string) => void,
): Promise<RenderBackend> {
  const cliModule = threads > 1 ? cliModuleFile() : undefined;
  const setup: WorkerSetup | undefined = cliModule
    ? { blossomRenderWorker: true, cliModule, configFile: blog.config.file, logLevel: blog.config.log_level, snapshot: blog.entries.snapshot(), options }
    : undefined;
  const workers = setup ? await startWorkerLanes(threads - 1, setup, onLog) : [];
  if (setup && workers.length < threads - 1) onLog("warn", `warn blossom:static: ${threads - 1 - workers.length} render worker(s) did not start`);
  const lanes: Lane[] = [mainThreadLane(blog, options), ...workers];
  return {
    description: workers.length ? `in ${lanes.length} threads` : "in one thread",
    run: (jobs, onOutcome) => dispatch(lanes, jobs, onOutcome),
    async close() {
      for (const lane of workers) if (!lane.gone) lane.worker.postMessage({ type: "stop" } satisfies ToWorker);
      await Promise.all(workers.map((lane) => lane.exited));
    },
  };
}

/** A run of jobs of one group; a lane that owns it takes from the front, one that steals from the back. */
interface JobGroup {
  readonly jobs: readonly PageJob[];
  start: number;
  end: number;
  owner: Lane | undefined;
}

/** Consecutive jobs with the same group key form one group. */
export function groupJobs(jobs: readonly PageJob[]): JobGroup[] {
  const groups: JobGroup[] = [];
  for (let i = 0; i < jobs.length; ) {
    let j = i + 1;
    while (j < jobs.length && jobs[j]!.group === jobs[i]!.group) j++;
    const slice = jobs.slice(i, j);
    groups.push({ jobs: slice, start: 0, end: slice.length, owner: undefined });
    i = j;
  }
  return groups;
}

/**
 * The next batch for a lane: from the group it works through (so a year's entries are read by one thread),
 * else from the next untouched group, else — at the end — from the back of the biggest group left, so no
 * thread idles while another still has a queue.
 */
export function nextBatch(groups: JobGroup[], lane: Lane, lanes: number): readonly PageJob[] | undefined {
  const remaining = groups.reduce((sum, g) => sum + (g.end - g.start), 0);
  if (remaining === 0) return undefined;
  const size = batchSize(remaining, lanes);
  let group = groups.find((g) => g.owner === lane && g.start < g.end);
  if (!group) {
    group = groups.find((g) => !g.owner && g.start < g.end);
    if (group) group.owner = lane;
  }
  if (group) {
    const batch = group.jobs.slice(group.start, Math.min(group.end, group.start + size));
    group.start += batch.length;
    return batch;
  }
  const biggest = groups.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const batch = biggest.jobs.slice(Math.max(biggest.start, biggest.end - size), biggest.end);
  biggest.end -= batch.length;
  return batch;
}

/** Guided scheduling: about a quarter of each lane's fair share, between 1 and 64 pages. */
export function batchSize(remaining: number, lanes: number): number {
  return Math.max(1, Math.min(64, Math.ceil(remaining / (lanes * 4))));
}

function dispatch(lanes: readonly Lane[], jobs: readonly PageJob[], onOutcome: (outcome: PageOutcome) => void): Promise<void> {
  const groups = groupJobs(jobs);
  const out = new Map<Lane, Map<number, readonly PageJob[]>>(lanes.map((lane) => [lane, new Map()]));
  let nextId = 0;
  return new Promise<void>((resolve) => {
    const busy = (): boolean => [...out.values()].some((batches) => batches.size > 0);
    const finishIfDone = (): void => {
      if (busy()) return;
      if (groups.some((g) => g.start < g.end) && lanes.some((lane) => !lane.gone)) return;
      // Lanes that all stopped leave jobs unrendered: report them rather than hang.
      for (const g of groups) for (; g.start < g.end; g.start++) onOutcome({ file: g.jobs[g.start]!.file, outcome: "failed", reason: "no render thread left" });
      for (const lane of lanes) lane.onDone = lane.onLost = undefined;
      resolve();
    };
    const feed = (lane: Lane): void => {
      const batches = out.get(lane)!;
      while (!lane.gone && batches.size < lane.capacity) {
        const batch = nextBatch(groups, lane, lanes.length);
        if (!batch) break;
        const id = nextId++;
        batches.set(id, batch);
        lane.send(id, batch);
      }
    };
    for (const lane of lanes) {
      const batches = out.get(lane)!;
      lane.onDone = (id, outcomes) => {
        batches.delete(id);
        for (const outcome of outcomes) onOutcome(outcome);
        feed(lane);
        finishIfDone();
      };
      lane.onLost = (why) => {
        for (const batch of batches.values()) for (const job of batch) onOutcome({ file: job.file, outcome: "failed", reason: `its render worker stopped: ${why}` });
        batches.clear();
        finishIfDone();
      };
    }
    for (const lane of lanes) feed(lane);
    finishIfDone();
  });
}
