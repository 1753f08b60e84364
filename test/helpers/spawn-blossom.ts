import { spawn, type ChildProcess } from "node:child_process";
import { BIN } from "./cli";

export interface RunningBlossom {
  readonly process: ChildProcess;
  /** What the ready pattern matched in the output. */
  readonly ready: RegExpExecArray;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<number | string | null>;
  /** SIGTERM, then the exit code; SIGKILL if it has not exited after `killAfterMs`. */
  stop(): Promise<number | string | null>;
}

/** Starts `node bin/blossom.js ...args` and resolves once its output matches `ready` (a server listening). */
export function startBlossom(args: readonly string[], ready: RegExp, timeoutMs = 20_000, killAfterMs = 15_000): Promise<RunningBlossom> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  const stop = async (): Promise<number | string | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    const result = await exited;
    clearTimeout(killer);
    return result;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`blossom ${args[0]} was not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ process: child, ready: match, output: () => output, exited, stop });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`blossom ${args[0]} exited (${code}) before it was ready:\n${output}`));
    });
  });
}
