import { bootBlog } from "../../core";
import { renderBatch, type FromWorker, type ToWorker, type WorkerSetup } from "./backends";
import { createRenderLogger } from "./render-log";

/** The worker data of a render worker, or undefined in the main thread and in any other worker. */
export function renderWorkerSetup(): WorkerSetup | undefined {
  const { isMainThread, workerData } = require("node:worker_threads") as typeof import("node:worker_threads");
  const data = workerData as Partial<WorkerSetup> | undefined;
  return !isMainThread && data?.blossomRenderWorker === true ? (data as WorkerSetup) : undefined;
}

/**
 * A render worker's life: boot the blog with a logger that reports through the main thread, take the main
 * thread's entry index, then render each batch it is sent (a few pages at a time, two batches at most) until
 * told to stop.
 */
export async function serveRenderJobs(setup: WorkerSetup): Promise<number> {
  const { parentPort } = require("node:worker_threads") as typeof import("node:worker_threads");
  const port = parentPort!;
  const send = (message: FromWorker): void => port.postMessage(message);
  const log = createRenderLogger(setup.logLevel, (level, line) => send({ type: "log", level, line }));
  const blog = await bootBlog({ configPath: setup.configFile, configCache: true, log });
  blog.entries.restore(setup.snapshot);
  await new Promise<void>((resolve) => {
    port.on("message", (message: ToWorker) => {
      if (message.type === "stop") {
        port.removeAllListeners("message");
        resolve();
        return;
      }
      void renderBatch(blog, message.jobs, setup.options).then((outcomes) => send({ type: "done", id: message.id, outcomes }));
    });
    send({ type: "ready" });
  });
  await blog.close();
  return 0;
}
