import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { BlossomError, openIndex, type CommandContext } from "../../core";
import { cacheDirFor } from "../../core/cache-dir";
import { serveConnection, type ConnectionSettings } from "./connection";
import { DRAIN, isMessage, READY, type DrainMessage, type ReadyMessage } from "./messages";

export interface WorkerSettings extends ConnectionSettings {
  readonly host: string;
  readonly port: number;
  /** After a drain starts, connections still open this long later are cut. */
  readonly drainTimeoutMs: number;
}

/**
 * One SCGI worker process: the blog with its entry index in memory (watched, so edits show at once), listening
 * on the port every worker shares through node:cluster. It drains (stops accepting, finishes what is in
 * flight, exits) on SIGTERM/SIGINT, on the primary's word, or when the primary is gone.
 */
export async function runWorker(ctx: CommandContext, settings: WorkerSettings): Promise<number> {
  const { blog } = ctx;
  const log = blog.log.child("scgi");
  const cluster = require("node:cluster") as typeof import("node:cluster").default;
  process.title = "blossom scgi worker";
  await openIndex(blog, { watch: true, cacheDir: cacheDirFor(blog.config.file) });

  /** Each open connection and the promise that settles when it closes. */
  const open = new Map<Socket, Promise<void>>();
  const server = createServer({ allowHalfOpen: true }, (socket: Socket) => {
    const done = serveConnection(socket, blog, settings, log);
    open.set(socket, done);
    void done.finally(() => open.delete(socket));
  });
  await listen(server, settings.host, settings.port);
  const address = server.address() as AddressInfo;
  const ready: ReadyMessage = { type: READY, host: address.address, port: address.port, entries: blog.entries.size };
  process.send?.(ready);

  // The primary, not the worker, decides what a hang-up means (a reload); a terminal's SIGHUP must not kill us.
  process.on("SIGHUP", () => undefined);

  let cut: NodeJS.Timeout | undefined;
  const startDrain = (why: string): void => {
    if (cut) return;
    log.debug(`worker ${process.pid}: ${why}; finishing ${open.size} connection(s)`);
    cut = setTimeout(() => {
      log.warn(`worker ${process.pid}: ${open.size} connection(s) still open after ${settings.drainTimeoutMs} ms; closing them`);
      for (const socket of open.keys()) socket.destroy();
    }, settings.drainTimeoutMs);
  };
  // Retiring goes through node:cluster's disconnect, never a bare server.close(): the primary stops handing this
  // worker connections first, and a connection already on its way still arrives (and is served) before the
  // worker's server closes. Closing the server alone could lose a connection in transit.
  process.on("message", (message: unknown) => {
    if (isMessage<DrainMessage>(message, DRAIN)) startDrain("asked to retire");
  });
  const onStopSignal = (signal: string): void => {
    startDrain(signal);
    if (process.connected) cluster.worker?.disconnect();
  };
  process.on("SIGTERM", () => onStopSignal("SIGTERM"));
  process.on("SIGINT", () => onStopSignal("SIGINT"));

  // The IPC channel closes once the server has closed and its connections ended, or when the primary is gone.
  await new Promise<void>((resolve) => (process.connected ? process.once("disconnect", () => resolve()) : resolve()));
  startDrain("disconnected from the primary");
  if (server.listening) server.close();
  while (open.size > 0) await Promise.all(open.values());
  clearTimeout(cut);
  await blog.close();
  return 0;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new BlossomError("BLOSSOM_ERR_LISTEN", `cannot listen on ${host}:${port}: ${error.code ?? error.message}`)),
    );
    server.listen({ host, port }, () => resolve());
  });
}
