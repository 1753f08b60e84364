import { spawn, type ChildProcess } from "node:child_process";
import { BIN } from "./cli";

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
export function startServe(configPath: string, extraArgs: string[] = [], timeoutMs = 15_000): Promise<RunningServer> {
  const child = spawn(process.execPath, [BIN, "serve", "--config", configPath, "--host", "127.0.0.1", "--port", "0", ...extraArgs], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          origin: match[1]!,
          process: child,
          output: () => output,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
            const result = await exited;
            clearTimeout(killer);
            return result;
          },
        });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output}`));
    });
  });
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
