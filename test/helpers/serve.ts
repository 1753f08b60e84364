import type { ChildProcess } from "node:child_process";
import { startBlossom } from "./spawn-blossom";

export interface RunningServer {
  /** e.g. http://127.0.0.1:40123 — no trailing slash, no mount. */
  readonly origin: string;
  readonly process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** SIGTERM, then the exit code (or the signal that ended it). */
  stop(): Promise<number | string | null>;
}

/** Starts `blossom serve --port 0` and waits for the line that says where it listens. */
export async function startServe(configPath: string, extraArgs: string[] = [], timeoutMs = 15_000): Promise<RunningServer> {
  const running = await startBlossom(
    ["serve", "--config", configPath, "--host", "127.0.0.1", "--port", "0", ...extraArgs],
    /at (http:\/\/127\.0\.0\.1:\d+)/,
    timeoutMs,
    10_000,
  );
  return { origin: running.ready[1]!, process: running.process, output: running.output, stop: running.stop };
}

/** Polls `check` until it passes or `timeoutMs` runs out (file-watching is asynchronous). */
export async function eventually(check: () => Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
