// Builds the two outputs: the CLI as one bundle (esbuild), so every CGI request loads a single file, and the
// library with typings (tsc) for plugin authors. Heavy, rarely needed modules stay external and are required
// lazily where they are used. The bundle is written first so a type error (reported, and failing the build)
// never leaves the CLI missing; files are overwritten in place, not deleted, so parallel builds do not race.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Bundles one entry point into one CommonJS file for Node, written as ASCII (see below). */
async function bundle(entryPoint, outfile, options = {}) {
  const result = await build({ entryPoints: [entryPoint], outfile, bundle: true, platform: "node", target: "node20", format: "cjs", logLevel: "warning", write: false, ...options });
  // esbuild escapes non-ASCII characters in code but not in the comments it keeps, and one such character makes
  // V8 hold the whole source as two bytes a character: loading the bundle took ~6 ms longer (~4 ms a CGI request).
  const ascii = result.outputFiles[0].text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  mkdirSync("dist", { recursive: true }); // esbuild made the folder itself when it wrote the file
  writeFileSync(outfile, ascii);
}

await bundle("core/cli.ts", "dist/blossom.js", {
  // yaml is a third of the bundle, and a CGI request with its config cached never parses YAML: as a separate
  // module it is read and compiled only when needed.
  external: ["zod", "markdown-it", "chokidar", "esbuild", "yaml"],
  // awilix's Node entry imports fast-glob at load time for loadModules(), which Blossom never calls; its
  // platform-neutral build is the same container without it, and a CGI request is ~40 ms cheaper for it.
  alias: { awilix: "awilix/browser" },
});
// The CGI page cache's answer, tried before the CLI bundle loads: it must stay a few small modules (no tapable,
// awilix, mustache), so that a cached page costs little more than Node's start-up.
await bundle("plugins/cgi/cached-answer.ts", "dist/cgi-page-cache.js");
// One CGI request on the sample blog writes the bundle's V8 code cache (bin/code-cache.js) now, as the user who
// builds: the user a web server runs CGI as often may not write to dist/. A failure here only means no cache.
const cacheDir = mkdtempSync(join(tmpdir(), "blossom-build-"));
spawnSync(process.execPath, ["bin/blossom.js", "cgi", "--config", "sample-blog/config.yaml"], {
  env: { PATH: process.env.PATH, GATEWAY_INTERFACE: "CGI/1.1", REQUEST_METHOD: "GET", SCRIPT_NAME: "", PATH_INFO: "/", BLOSSOM_CACHE_DIR: cacheDir },
  stdio: "ignore",
});
rmSync(cacheDir, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
process.exitCode = tsc.status ?? 1;
