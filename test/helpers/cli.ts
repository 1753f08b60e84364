import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";
import { REPO } from "./temp-blog";

export const BIN = join(REPO, "bin", "blossom.js");

/** Runs the built CLI (npm test builds first) and returns its exit status and output. */
export function blossom(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): SpawnSyncReturns<string> & { out: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    input: options.input ?? "",
    encoding: "utf8",
    timeout: 20_000,
  });
  return Object.assign(result, { out: `${result.stdout}${result.stderr}` });
}
