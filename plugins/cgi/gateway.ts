import { BlossomError, toBlossomError, type Blog, type BlogRequest, type BlogResponse, type HandleOptions } from "../../core";
import { readCgiEnvironment, type CgiEnvironment } from "./environment";
import { outsideResponse, redirectResponse } from "./response";

/** What answering one CGI-style request produced. */
export interface GatewayAnswer {
  readonly response: BlogResponse;
  /** The request as read, when it was the blog's to answer. */
  readonly request?: Omit<BlogRequest, "body">;
  /** The error that stopped the request before the blog could handle it (bad environment, bad body), if any. */
  readonly failure?: BlossomError;
}

/** How a transport supplies the body, and anything to do once the request is known to be the blog's. */
export interface GatewayIo {
  /** Reads exactly `length` bytes of body, or throws a BlossomError (short body, too large, too slow). */
  readBody(length: number): Promise<Buffer>;
  /** Runs before the blog handles the request (CGI opens the entry index here, not for redirects). */
  beforeHandle?(): Promise<void>;
  /** How the blog handles the request (CGI listens for the files a page depends on). */
  readonly handleOptions?: HandleOptions;
}

/**
 * Answers one request given as a CGI environment: shared by `blossom cgi` (process.env and stdin) and
 * `blossom scgi` (the header block and the body that followed it). Never throws: a bad environment or body
 * becomes an error page in the blog's error flavour, with the error returned beside it.
 */
export async function answerCgiRequest(blog: Blog, env: CgiEnvironment, io: GatewayIo): Promise<GatewayAnswer> {
  let partial: Omit<BlogRequest, "body"> | undefined;
  try {
    const incoming = readCgiEnvironment(env, blog.config.mount);
    if (incoming.kind === "outside") return { response: outsideResponse() };
    if (incoming.kind === "redirect") return { response: redirectResponse(incoming.location) };
    partial = incoming.request;
    const body = await io.readBody(incoming.contentLength);
    await io.beforeHandle?.();
    return { response: await blog.handle({ ...incoming.request, body }, io.handleOptions), request: incoming.request };
  } catch (thrown) {
    const failure = toBlossomError(thrown, "BLOSSOM_ERR_INTERNAL");
    const request: BlogRequest = {
      method: partial?.method ?? "GET",
      path: partial?.path ?? "/",
      query: {},
      headers: {},
      body: Buffer.alloc(0),
      remoteAddress: env.REMOTE_ADDR ?? "",
    };
    const response = await blog.errorResponse(request, failure).catch(() => ({
      status: failure.status,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      body: `${failure.status} ${failure.code}\n`,
    }));
    return { response, failure };
  }
}
