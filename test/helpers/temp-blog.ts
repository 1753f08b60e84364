import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bootBlog } from "../../core/boot";
import type { Blog } from "../../core/blog";
import type { BlogRequest, BlogResponse, HandleOptions } from "../../core/context";
import { openIndex } from "../../core/entries/open-index";
import { createLogger } from "../../core/logger";

export const REPO = join(__dirname, "..", "..");

/** A file to write: its text, and optionally its mtime. */
export type FileSpec = string | { text: string; mtime?: Date };

/** Writes files (path → content) under a fresh temporary folder and returns it. */
export function makeTempDir(files: Record<string, FileSpec> = {}, prefix = "blossom-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, FileSpec>): void {
  for (const [path, spec] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof spec === "string" ? spec : spec.text);
    if (typeof spec !== "string" && spec.mtime) utimesSync(file, spec.mtime, spec.mtime);
  }
}

/** A copy of sample-blog/ in a temporary folder (tests that write must never touch the real one). */
export function copySampleBlog(): string {
  const dir = mkdtempSync(join(tmpdir(), "blossom-sample-"));
  cpSync(join(REPO, "sample-blog"), dir, { recursive: true, filter: (src) => !src.includes(`${join("sample-blog", ".blossom")}`) });
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Boots a blog from `<dir>/config.yaml` with its index loaded, logging into `lines`. */
export async function openBlog(dir: string, lines: string[] = []): Promise<Blog> {
  const blog = await bootBlog({ configPath: join(dir, "config.yaml"), env: {}, log: createLogger("debug", (l) => lines.push(l)) });
  await openIndex(blog, { watch: false });
  return blog;
}

/** A GET (or other method) request as a transport would build it. */
export function request(path: string, init: Partial<BlogRequest> = {}): BlogRequest {
  return { method: "GET", path, query: {}, headers: {}, body: Buffer.alloc(0), remoteAddress: "127.0.0.1", ...init };
}

export async function get(blog: Blog, path: string, init: Partial<BlogRequest> = {}, options?: HandleOptions): Promise<BlogResponse & { text: string }> {
  const response = await blog.handle(request(path, init), options);
  return { ...response, text: response.body.toString() };
}

/** Runs `run` against a blog made of `files` (config.yaml included), then closes it and removes the folder. */
export async function withTempBlog(files: Record<string, FileSpec>, run: (blog: Blog, dir: string) => Promise<void>): Promise<void> {
  const dir = makeTempDir(files);
  const blog = await openBlog(dir);
  try {
    await run(blog, dir);
  } finally {
    await blog.close();
    removeDir(dir);
  }
}
