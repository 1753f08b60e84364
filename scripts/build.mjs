// Builds the two outputs: the library with typings (tsc) for plugin authors, and the CLI as one bundle
// (esbuild) so every CGI request loads a single file. Heavy, rarely needed modules stay external and are
// required lazily where they are used.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
await build({
  entryPoints: ["core/cli.ts"],
  outfile: "dist/blossom.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["zod", "markdown-it", "chokidar", "esbuild"],
  logLevel: "warning",
});
