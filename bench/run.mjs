// `npm run bench`: runs every benchmark in bench/ (each *.mjs beside this file), one at a time, each in its own
// process so one's memory does not colour another's. Results land in bench/results/<timestamp>/.
// `npm run bench -- core static` runs only the named ones.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith(".mjs") && f !== "run.mjs")
  .map((f) => f.slice(0, -4))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const results = join(here, "results", stamp);
mkdirSync(results, { recursive: true });
let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench/${name}.mjs ===`);
  const run = spawnSync(process.execPath, ["--expose-gc", join(here, `${name}.mjs`)], {
    stdio: "inherit",
    env: { ...process.env, BENCH_RESULTS: results },
  });
  if (run.status !== 0) {
    failed++;
    console.log(`bench/${name}.mjs failed (exit ${run.status})`);
  }
}
console.log(`\nresults: ${results}`);
process.exitCode = failed ? 1 : 0;
