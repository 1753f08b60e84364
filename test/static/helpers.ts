import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Blog } from "../../core/blog";
import { blossom } from "../helpers/cli";
import { get, openBlog } from "../helpers/temp-blog";
import { entryText } from "../plugins/feature-blog";

export const MANIFEST = ".blossom-render.json";

/** Five entries in three categories over two years, for the incremental tests. */
export const FIVE_ENTRIES = {
  "entries/a/one.txt": entryText({ title: "One", date: "2024-01-15 10:00" }),
  "entries/a/b/two.txt": entryText({ title: "Two", date: "2024-01-15 12:00" }),
  "entries/a/b/three.txt": entryText({ title: "Three", date: "2024-03-02" }),
  "entries/c/four.txt": entryText({ title: "Four", date: "2025-05-05" }),
  "entries/five.txt": entryText({ title: "Five", date: "2025-06-01" }),
};

/** Every file under `root`, "/"-separated and relative, the render's own bookkeeping files left out. */
export function outputFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [relative(root, path).split(sep).join("/")];
    });
  return walk(root)
    .filter((f) => !f.startsWith(".blossom-render"))
    .sort();
}

/** The URL path (under the mount, decoded) a plain file server answers with `file`. */
export function pathOfFile(file: string): string {
  return file === "index.html" ? "/" : file.endsWith("/index.html") ? `/${file.slice(0, -"index.html".length)}` : `/${file}`;
}

/** The moment the last render used (it is in the manifest), for comparing with handle() at the same moment. */
export function renderedAt(out: string): Date {
  return new Date((JSON.parse(readFileSync(join(out, MANIFEST), "utf8")) as { now: number }).now);
}

/** `blossom render` on a blog folder, at a fixed moment unless `env` says otherwise. */
export function render(configFile: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): ReturnType<typeof blossom> {
  return blossom(["render", "--config", configFile, ...args], { env: { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 10, 1) / 1000), ...env } });
}

/** Files whose bytes differ from what the dynamic blog answers for their URL at `now`, as "file: why". */
export async function differencesFromDynamic(blog: Blog, out: string, now: Date): Promise<string[]> {
  const problems: string[] = [];
  for (const file of outputFiles(out)) {
    const response = await get(blog, pathOfFile(file), {}, { now });
    const written = readFileSync(join(out, file));
    const body = typeof response.body === "string" ? Buffer.from(response.body) : response.body;
    if (response.status !== 200) problems.push(`${file}: the dynamic blog answers ${response.status}`);
    else if (!written.equals(body)) problems.push(`${file}: ${written.length} bytes written, ${body.length} served`);
  }
  return problems;
}

/**
 * Every internal link of the output that leads to no file, as "link (in file)": href and src in HTML, and in
 * feeds the links, ids and hrefs under base_url. `mount` is base_url's path ("" or "/blog").
 */
export function brokenLinks(out: string, baseUrl: string, mount: string): string[] {
  const files = new Set(outputFiles(out));
  const broken: string[] = [];
  const origin = new URL(baseUrl).origin;
  for (const file of files) {
    if (!/\.(html|rss|atom|json|xml)$/.test(file)) continue;
    const text = readFileSync(join(out, file), "utf8");
    const links = file.endsWith(".html")
      ? [...text.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!)
      : [...text.matchAll(/(?:href="|<link>|<loc>|"url": ?"|"feed_url": ?"|"home_page_url": ?")([^"<]+)/g)].map((m) => m[1]!);
    for (const raw of links) {
      const link = raw.replace(/&amp;/g, "&");
      const url = new URL(link, `${origin}${mount}/${file}`);
      if (url.origin !== origin || !url.pathname.startsWith(`${mount}/`)) continue; // another site
      const path = decodeURIComponent(url.pathname.slice(mount.length));
      const target = path.endsWith("/") ? `${path.slice(1)}index.html` : path.slice(1);
      if (!files.has(target)) broken.push(`${link} (in ${file})`);
    }
  }
  return [...new Set(broken)].sort();
}

/**
 * Expects the blog's output (`<dir>/public`) to be what a fresh full render writes (same files, same bytes), and
 * what the dynamic blog answers: an incremental render must leave nothing stale.
 */
export async function expectSameAsFullRender(dir: string, config: string): Promise<void> {
  const out = join(dir, "public");
  const fresh = join(dir, "fresh");
  rmSync(fresh, { recursive: true, force: true });
  expect(render(config, ["--out", fresh]).status).toBe(0);
  const files = outputFiles(out);
  expect(files).toEqual(outputFiles(fresh));
  expect(files.filter((f) => !readFileSync(join(out, f)).equals(readFileSync(join(fresh, f))))).toEqual([]);
  const blog = await openBlog(dir);
  try {
    expect(await differencesFromDynamic(blog, out, renderedAt(out))).toEqual([]);
  } finally {
    await blog.close();
  }
}
