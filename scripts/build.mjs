// Builds the two outputs: the CLI as one bundle (esbuild), so every CGI request loads a single file, and the
// library with typings (tsc) for plugin authors. Heavy, rarely needed modules stay external and are required
// lazily where they are used. The bundle is written first so a type error (reported, and failing the build)
// never leaves the CLI missing; files are overwritten in place, not deleted, so parallel builds do not race.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";

await build({
  entryPoints: ["core/cli.ts"],
  outfile: "dist/blossom.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // yaml is a third of the bundle, and a CGI request with its config cached never parses YAML: as a separate
  // module it is read and compiled only when needed.
  external: ["zod", "markdown-it", "chokidar", "esbuild", "yaml"],
  // awilix's Node entry imports fast-glob at load time for loadModules(), which Blossom never calls; its
  // platform-neutral build is the same container without it, and a CGI request is ~40 ms cheaper for it.
  alias: { awilix: "awilix/browser" },
  logLevel: "warning",
});
const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
process.exitCode = tsc.status ?? 1;
