// Shared by the benchmarks: generated blogs, timing, percentiles, result files.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SHARED_BENCH = join(REPO, "..", "shared", "bench");
export const WORK = join(REPO, "bench", "work");

/** A blog of `entries` generated entries (seeded, so identical across runs), with a config.yaml. */
export function generatedBlog(entries, { format = "txt", mount = "" } = {}) {
  const dir = join(WORK, `blog-${format}-${entries}`);
  if (!existsSync(join(dir, "config.yaml"))) {
    mkdirSync(dir, { recursive: true });
    execFileSync(process.execPath, [join(SHARED_BENCH, "gen-blog.mjs"), "--out", join(dir, "entries"), "--entries", String(entries), "--format", format, "--clean"], {
      stdio: "ignore",
    });
    writeFileSync(
      join(dir, "config.yaml"),
      `title: Bench blog\nbase_url: http://127.0.0.1:8080${mount}/\nnum_entries: 10\nplugins:\n  - markdown\n`,
    );
  }
  return dir;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarize(samplesMs) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { n: sorted.length, mean, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) };
}

export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

/** Prints rows as an aligned table. */
export function table(rows) {
  const keys = Object.keys(rows[0] ?? {});
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(width[i])).join("  ");
  console.log(line(keys));
  for (const row of rows) console.log(line(keys.map((k) => row[k])));
}

/** Saves a result object as JSON in this run's results folder. */
export function save(name, data) {
  const dir = process.env.BENCH_RESULTS ?? join(REPO, "bench", "results", "latest");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(data, null, 2));
}

export function has(command) {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Starts a process and resolves once `ready` matches its output. */
export function startProcess(command, args, ready, options = {}) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 30 s: ${output}`)), 30_000);
    const onData = (d) => {
      output += d;
      const m = ready.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, stop: () => new Promise((r) => (child.once("exit", r), child.kill("SIGTERM"))) });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

/** Runs wrk against a URL and returns requests/s and latency percentiles (ms). */
export function wrk(url, { threads = 2, connections = 10, seconds = 5 } = {}) {
  const out = execFileSync("wrk", [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, "--latency", url], { encoding: "utf8" });
  const ms = (v, unit) => Number(v) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);
  const pct = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, "m").exec(out);
    return m ? ms(m[1], m[2]) : NaN;
  };
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? "0";
  return { rps, p50: pct(50), p90: pct(90), p99: pct(99), non2xx: Number(errors) };
}

/** A port nothing listens on right now (for servers that cannot take port 0). */
export async function freePort() {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
