import { BlossomError, openIndex, type CommandContext } from "../../core";
import { cacheDirFor } from "../../core/cache-dir";
import { answerCgiRequest } from "./gateway";
import type { CgiEnvironment } from "./environment";
import { pageKey } from "./page-cache";
import { PageRecorder } from "./page-recorder";
import { formatCgiResponse } from "./response";

export interface CgiSettings {
  readonly maxBodyBytes: number;
  readonly sweepAfterMs: number;
  /** How long stdin may take to deliver the body. */
  readonly bodyTimeoutMs: number;
  /** How many pages the page cache keeps; 0 turns it off. */
  readonly pageCacheMaxPages: number;
}

export interface CgiIo {
  readonly env: CgiEnvironment;
  /** Opened only when the request has a body: creating process.stdin costs start-up time. */
  readonly stdin: () => NodeJS.ReadableStream;
  /** Writes the whole response. */
  readonly write: (bytes: Buffer) => Promise<void>;
}

/**
 * One CGI request: the environment and stdin in, one response on stdout. The entry index comes from the
 * on-disk cache, checked by folder mtimes (and every file once `sweepAfterMs` has passed), never watched.
 * Resolves to the exit code: 0 when the blog answered (a 404 page is an answer), the error's exit code when
 * the environment or body was bad.
 */
export async function runCgi(ctx: CommandContext, io: CgiIo, settings: CgiSettings): Promise<number> {
  const { blog } = ctx;
  const cacheDir = cacheDirFor(blog.config.file);
  // Only a GET's answer is kept (HEAD is answered from it, by the cache).
  const key = settings.pageCacheMaxPages > 0 && io.env.REQUEST_METHOD === "GET" ? pageKey(io.env, blog.config.file) : undefined;
  let recorder: PageRecorder | undefined;
  const answer = await answerCgiRequest(blog, io.env, {
    readBody: async (length) => {
      if (length > settings.maxBodyBytes) {
        throw new BlossomError("BLOSSOM_ERR_PAYLOAD_TOO_LARGE", `request body of ${length} bytes is over ${settings.maxBodyBytes} bytes`);
      }
      return length === 0 ? Buffer.alloc(0) : readExactly(io.stdin(), length, settings.bodyTimeoutMs);
    },
    beforeHandle: async () => {
      await openIndex(blog, { watch: false, lazy: true, cacheDir, sweepAfterMs: settings.sweepAfterMs });
      if (key !== undefined) recorder = new PageRecorder(blog, key, cacheDir, settings.sweepAfterMs);
    },
    handleOptions: { onDependency: (file) => recorder?.dependsOn(file) },
  });
  if (answer.failure) ctx.log.warn(answer.failure.describe());
  await io.write(formatCgiResponse(answer.response, new URL(blog.config.base_url).origin));
  // After the reader has the page: keeping it is for the next request.
  if (recorder && answer.request && !answer.failure) recorder.keep(answer.request, answer.response, settings.pageCacheMaxPages);
  await blog.close();
  return answer.failure ? answer.failure.exitCode : 0;
}

/** Reads exactly `length` bytes; fewer before end of input, or none within the deadline, is a bad request. */
async function readExactly(stream: NodeJS.ReadableStream, length: number, timeoutMs: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  return new Promise<Buffer>((resolve, reject) => {
    const finish = (error?: BlossomError): void => {
      clearTimeout(timer);
      stream.removeListener("data", onData);
      stream.removeListener("end", onEnd);
      stream.removeListener("error", onError);
      stream.pause();
      // CGI: the script reads no more than CONTENT_LENGTH; let go of stdin so the process can exit.
      (stream as { destroy?: () => void }).destroy?.();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).subarray(0, length));
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      chunks.push(buffer);
      received += buffer.length;
      if (received >= length) finish();
    };
    const onEnd = (): void => finish(new BlossomError("BLOSSOM_ERR_BAD_REQUEST", `the body ended after ${received} of ${length} bytes (CONTENT_LENGTH)`));
    const onError = (error: Error): void => finish(new BlossomError("BLOSSOM_ERR_BAD_REQUEST", `cannot read the body: ${error.message}`));
    const timer = setTimeout(
      () => finish(new BlossomError("BLOSSOM_ERR_BAD_REQUEST", `the body did not arrive within ${timeoutMs} ms (${received} of ${length} bytes)`)),
      timeoutMs,
    );
    stream.on("data", onData);
    stream.once("end", onEnd);
    stream.once("error", onError);
  });
}
