import type { Worker } from "node:cluster";
import type { CommandContext } from "../../core";
import { DRAIN, isMessage, READY, type DrainMessage, type ReadyMessage } from "./messages";

export interface PrimarySettings {
  /** Worker processes per generation. */
  readonly workers: number;
  /** How long a worker may take to drain before it is killed (the worker cuts its own connections first). */
  readonly drainTimeoutMs: number;
}

/** A worker and where it stands. Workers of one generation started from the same config. */
interface Member {
  readonly worker: Worker;
  readonly generation: number;
  readonly startedAt: number;
  ready: boolean;
  retiring: boolean;
}

/** A replacement that dies sooner than this after starting counts as a crash loop, and waits longer each time. */
const QUICK_DEATH_MS = 5_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The supervisor, like flup's forking server: it forks `workers` processes that share the port (node:cluster
 * hands out connections round-robin), replaces one that dies, drains all on SIGTERM/SIGINT, and reloads on
 * SIGHUP by starting a whole new generation (new processes read config.yaml and the plugins afresh) and retiring
 * the old one only once every new worker is listening, so no connection is refused or dropped. If the new
 * generation cannot start (a broken config), the old one keeps serving. Resolves to the exit code.
 */
export function runPrimary(ctx: CommandContext, settings: PrimarySettings): Promise<number> {
  const cluster = require("node:cluster") as typeof import("node:cluster").default;
  const log = ctx.blog.log.child("scgi");
  process.title = "blossom scgi";
  const members = new Map<number, Member>();
  let generation = 1;
  let reloading: number | undefined;
  /** A SIGHUP came during a reload: the config may have changed after the new workers read it, so go again. */
  let reloadAgain = false;
  let serving = false;
  let stopping = false;
  let crashStreak = 0;
  let exitCode = 0;

  return new Promise<number>((resolve) => {
    const inGeneration = (g: number): Member[] => [...members.values()].filter((m) => m.generation === g && !m.retiring);

    const fork = (g: number): void => {
      const worker = cluster.fork();
      const member: Member = { worker, generation: g, startedAt: Date.now(), ready: false, retiring: false };
      members.set(worker.id, member);
      worker.on("message", (message: unknown) => {
        if (isMessage<ReadyMessage>(message, READY)) onReady(member, message);
      });
      worker.on("exit", (code: number | null, signal: string | null) => onExit(member, code, signal));
      // A failed fork (EAGAIN) shows as an error, then an exit; the exit handler deals with it.
      worker.on("error", (error: Error) => log.error(`worker ${worker.process.pid ?? "?"}: ${error.message}`));
    };

    const retire = (member: Member): void => {
      if (member.retiring) return;
      member.retiring = true;
      const message: DrainMessage = { type: DRAIN };
      if (member.ready && member.worker.isConnected()) {
        // The message starts the worker's drain deadline; cluster's disconnect then stops new connections
        // reaching it (in order, on the same channel) and closes its server once its connections have ended.
        member.worker.send(message);
        member.worker.disconnect();
      } else {
        // A worker still starting has no handlers yet: SIGTERM's default action ends it.
        member.worker.process.kill("SIGTERM");
      }
      // The worker cuts its own connections at drainTimeoutMs; this only catches one that is stuck.
      setTimeout(() => {
        if (!member.worker.isDead()) {
          log.warn(`worker ${member.worker.process.pid ?? "?"} did not exit after draining; killing it`);
          member.worker.process.kill("SIGKILL");
        }
      }, settings.drainTimeoutMs + 5_000).unref();
    };

    const onReady = (member: Member, message: ReadyMessage): void => {
      member.ready = true;
      log.debug(`worker ${member.worker.process.pid ?? "?"} (generation ${member.generation}) ready`);
      if (member.generation === generation && !serving && inGeneration(generation).every((m) => m.ready)) {
        serving = true;
        const host = message.host.includes(":") ? `[${message.host}]` : message.host;
        ctx.stdout.write(
          `Blossom is serving "${ctx.blog.config.title}" (${message.entries} entries) over SCGI at ${host}:${message.port} ` +
            `with ${settings.workers} worker(s), for ${ctx.blog.config.base_url}/\n`,
        );
      }
      if (member.generation === reloading) {
        const fresh = inGeneration(reloading);
        if (fresh.length === settings.workers && fresh.every((m) => m.ready)) {
          const old = [...members.values()].filter((m) => m.generation !== reloading);
          generation = reloading;
          reloading = undefined;
          log.info(`reloaded: ${fresh.length} new worker(s) serving; retiring ${old.length} old one(s) once their requests finish`);
          for (const m of old) retire(m);
          if (reloadAgain) onHup();
        }
      }
    };

    const onExit = (member: Member, code: number | null, signal: string | null): void => {
      members.delete(member.worker.id);
      const pid = member.worker.process.pid ?? "?";
      const how = signal ? `signal ${signal}` : `code ${code ?? "?"}`;
      if (stopping) {
        if (members.size === 0) finish(0);
        return;
      }
      if (member.retiring) return;
      if (!member.ready && member.generation === reloading) {
        log.error(`reload failed: a new worker exited (${how}) before it was ready; the running workers go on serving`);
        for (const m of inGeneration(reloading)) retire(m);
        reloading = undefined;
        reloadAgain = false;
        return;
      }
      if (!serving) {
        // The first workers cannot start (port in use, unreadable entries): report it rather than loop.
        log.error(`worker ${pid} exited (${how}) before it was ready; stopping`);
        stopping = true;
        for (const m of members.values()) retire(m);
        if (members.size === 0) finish(code || 1);
        else exitCode = code || 1;
        return;
      }
      crashStreak = Date.now() - member.startedAt < QUICK_DEATH_MS ? crashStreak + 1 : 0;
      const delay = crashStreak === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** (crashStreak - 1));
      log.warn(`worker ${pid} exited (${how}); starting a replacement${delay ? ` in ${delay} ms` : ""}`);
      setTimeout(() => {
        const target = member.generation === reloading ? reloading : generation;
        if (!stopping && inGeneration(target).length < settings.workers) fork(target);
      }, delay);
    };

    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal}: workers finish the requests in flight, then exit`);
      for (const m of members.values()) retire(m);
      if (members.size === 0) finish(exitCode);
    };
    const onTerm = (): void => stop("SIGTERM");
    const onInt = (): void => stop("SIGINT");
    const onHup = (): void => {
      if (stopping || !serving) return;
      if (reloading !== undefined) {
        if (!reloadAgain) log.info("SIGHUP: a reload is under way; another follows once it is done");
        reloadAgain = true;
        return;
      }
      reloadAgain = false;
      reloading = generation + 1;
      log.info(`SIGHUP: starting ${settings.workers} new worker(s) with config.yaml and the plugins read afresh`);
      for (let i = 0; i < settings.workers; i++) fork(reloading);
    };
    const finish = (code: number): void => {
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      process.off("SIGHUP", onHup);
      resolve(exitCode || code);
    };
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
    process.on("SIGHUP", onHup);
    for (let i = 0; i < settings.workers; i++) fork(generation);
  });
}
