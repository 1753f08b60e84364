import { join } from "node:path";
import type { Blog, BlogRequest } from "../../core";
import { collectErrors } from "./render-log";
import { hasSameBytes, removeFileAndEmptyParents, writeFileAtomic } from "./write";

/** One page for a renderer (in this thread or a worker): where it is asked and where it is written. */
export interface PageJob {
  readonly requestPath: string;
  readonly file: string;
  /** Jobs of one group are best rendered by one thread (see PlannedPage.group). */
  readonly group: string;
}

/**
 * What became of a page. "absent": the blog answers 404 there, so no file (an old one is removed).
 * `problems` are error lines logged while it rendered (an entry left out of a listing, say), even when it was
 * written; a "failed" page keeps its previous file, if any, and is tried again next run.
 */
export interface PageOutcome {
  readonly file: string;
  readonly outcome: "written" | "unchanged" | "absent" | "failed";
  readonly reason?: string;
  readonly problems?: readonly string[];
  readonly contentType?: string;
  readonly bytes?: number;
}

export interface PageRenderOptions {
  readonly now: Date;
  readonly drafts: boolean;
  readonly outDir: string;
  /** Compare with the file on disk and leave it alone when the bytes are the same (incremental runs). */
  readonly compare: boolean;
}

/**
 * Renders one page through the whole pipeline, exactly as a reader's request for that URL, and writes it.
 * Never throws: whatever goes wrong is the page's outcome.
 */
export async function renderPage(blog: Blog, job: PageJob, options: PageRenderOptions): Promise<PageOutcome> {
  try {
    return await renderAndWrite(blog, job, options);
  } catch (error) {
    return { file: job.file, outcome: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
}

async function renderAndWrite(blog: Blog, job: PageJob, options: PageRenderOptions): Promise<PageOutcome> {
  const request: BlogRequest = { method: "GET", path: job.requestPath, query: {}, headers: {}, body: Buffer.alloc(0), remoteAddress: "" };
  const target = join(options.outDir, job.file);
  let result;
  try {
    result = await collectErrors(() => blog.handle(request, { now: options.now, isStatic: true, drafts: options.drafts }));
  } catch (error) {
    return { file: job.file, outcome: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
  const { value: response, errors } = result;
  const problems = errors.length ? { problems: errors } : {};
  if (response.status === 404) {
    if (errors.length) return { file: job.file, outcome: "failed", reason: errors.join("; ") };
    removeFileAndEmptyParents(options.outDir, target);
    return { file: job.file, outcome: "absent", reason: "the blog answers 404 there" };
  }
  if (response.status < 200 || response.status > 299) {
    const location = response.headers.Location ?? response.headers.location;
    const reason = errors.length
      ? errors.join("; ")
      : location
        ? `answered ${response.status} (a redirect to ${location}), which a file cannot say`
        : `answered ${response.status}`;
    return { file: job.file, outcome: "failed", reason };
  }
  const body = typeof response.body === "string" ? Buffer.from(response.body) : response.body;
  const contentType = response.headers["Content-Type"] ?? response.headers["content-type"];
  const described = { file: job.file, bytes: body.length, ...(contentType ? { contentType } : {}), ...problems };
  try {
    if (options.compare && hasSameBytes(target, body)) return { ...described, outcome: "unchanged" };
    writeFileAtomic(target, body);
  } catch (error) {
    return { file: job.file, outcome: "failed", reason: `cannot write ${target}: ${(error as Error).message}` };
  }
  return { ...described, outcome: "written" };
}
