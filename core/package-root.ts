import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stampOf, type FileStamp } from "./file-stamps";

let cached: { root: string; version: string } | undefined;

/**
 * The installed package's folder and version, found by walking up from this file. The same code runs from
 * the CLI bundle (dist/), the library build (dist/lib/core/) and the TypeScript sources under jest.
 */
export function packageInfo(): { root: string; version: string } {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "blossom") return (cached = { root: dir, version: pkg.version ?? "0.0.0" });
    }
    if (dirname(dir) === dir) throw new Error(`cannot find Blossom's package.json above ${__dirname}`);
  }
}

/** The running code's file (the CLI bundle, when the CLI runs): its stamp changes with every build. */
export function runningCode(): FileStamp {
  return stampOf(__filename);
}

/**
 * Blossom's version and the running code's stamp, for caches that outlive a process: a rebuild of one version
 * (which may add options and defaults) counts as another Blossom.
 */
export function blossomKey(): string {
  const [, mtimeMs, size] = runningCode();
  return `${packageInfo().version}:${mtimeMs}:${size}`;
}
