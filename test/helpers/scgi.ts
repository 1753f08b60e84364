import type { ChildProcess } from "node:child_process";
import { connect, type Socket } from "node:net";
import { encodeScgiRequest } from "../../plugins/scgi/protocol";
import { startBlossom } from "./spawn-blossom";
import { parseCgiResponse, type CgiResponse } from "./transport-blog";

export interface RunningScgi {
  readonly port: number;
  readonly process: ChildProcess;
  /** Everything the primary and its workers printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once the primary has exited. */
  readonly exited: Promise<number | string | null>;
  /** SIGTERM, then the exit code; SIGKILL after 15 s. */
  stop(): Promise<number | string | null>;
}

/** Starts `blossom scgi` and waits until every worker listens. */
export async function startScgi(configPath: string, args: string[], timeoutMs = 20_000): Promise<RunningScgi> {
  const running = await startBlossom(["scgi", "--config", configPath, ...args], /over SCGI at 127\.0\.0\.1:(\d+)/, timeoutMs);
  return { port: Number(running.ready[1]), process: running.process, output: running.output, exited: running.exited, stop: running.stop };
}

/** One SCGI request as a web server sends it; resolves with the parsed CGI-style response. */
export async function scgiRequest(port: number, env: Record<string, string>, body: string | Buffer = ""): Promise<CgiResponse> {
  const exchange = await rawExchange(port, [encodeScgiRequest({ SCRIPT_NAME: "/blog", QUERY_STRING: "", REMOTE_ADDR: "127.0.0.1", ...env }, body)]);
  if (exchange.error) throw new Error(`SCGI request failed: ${exchange.error}`);
  return parseCgiResponse(exchange.received);
}

/** A GET of a path under the mount. */
export function scgiGet(port: number, path: string, query = ""): Promise<CgiResponse> {
  return scgiRequest(port, { REQUEST_METHOD: "GET", PATH_INFO: path, QUERY_STRING: query });
}

export interface Exchange {
  /** Everything the server sent before the connection ended. */
  readonly received: Buffer;
  /** Our side's port: the server's log lines name the peer as 127.0.0.1:PORT. */
  readonly localPort: number;
  /** A socket error (ECONNRESET when the server cut us off), if any. */
  readonly error?: string;
}

/**
 * Sends `parts` over a raw connection, waiting `gapMs` between them, then (unless `keepOpen`) half-closes and
 * waits for the server to close. `abortAfterMs` closes the socket early, like a client that goes away (`reset`:
 * with a TCP reset, as a web server does when its own client has gone).
 */
export function rawExchange(
  port: number,
  parts: Array<Buffer | string>,
  options: { gapMs?: number; keepOpen?: boolean; abortAfterMs?: number; reset?: boolean; timeoutMs?: number } = {},
): Promise<Exchange> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let localPort = 0;
    const socket: Socket = connect(port, "127.0.0.1");
    const deadline = setTimeout(() => {
      error = "the server kept the connection open";
      socket.destroy();
    }, options.timeoutMs ?? 10_000);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on("close", () => {
      clearTimeout(deadline);
      resolve({ received: Buffer.concat(chunks), localPort, ...(error ? { error } : {}) });
    });
    socket.on("connect", () => {
      localPort = socket.localPort ?? 0;
      void (async () => {
        for (const [i, part] of parts.entries()) {
          if (i > 0 && options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
          if (socket.destroyed) return;
          socket.write(part);
        }
        if (options.abortAfterMs !== undefined) setTimeout(() => (options.reset ? socket.resetAndDestroy() : socket.destroy()), options.abortAfterMs);
        else if (!options.keepOpen) socket.end();
      })();
    });
  });
}

/** Waits until `predicate(output())` holds, polling; fails with the output after `timeoutMs`. */
export async function waitForOutput(server: RunningScgi, predicate: (output: string) => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(server.output())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; output so far:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
