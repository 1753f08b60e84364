import type { Socket } from "node:net";
import { BlossomError, type Blog, type Logger } from "../../core";
import { answerCgiRequest } from "../cgi/gateway";
import { formatCgiResponse } from "../cgi/response";
import { ScgiParser, ScgiProtocolError, type ScgiLimits, type ScgiRequest } from "./protocol";

export interface ConnectionSettings {
  readonly limits: ScgiLimits;
  /** The header block must be complete this long after the connection opens. */
  readonly headerTimeoutMs: number;
  /** The whole request (headers and body) must be complete this long after the connection opens. */
  readonly readTimeoutMs: number;
  /** A response the client does not read within this long (no progress) is abandoned. */
  readonly writeTimeoutMs: number;
}

/**
 * Serves one SCGI connection: one request in, one CGI-style response out, then close. Whatever the client does
 * wrong (bad bytes, too many, too slow, gone early) ends with the socket destroyed and one warning line; it
 * never throws, so the worker goes on serving others.
 *
 * @returns a promise that settles when the connection is closed, for draining.
 */
export function serveConnection(socket: Socket, blog: Blog, settings: ConnectionSettings, log: Logger): Promise<void> {
  const peer = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
  const parser = new ScgiParser(settings.limits);
  const origin = new URL(blog.config.base_url).origin;
  let phase: "reading" | "handling" | "writing" | "closed" = "reading";
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));

  /** Ends the connection without an answer and says why, once. */
  const drop = (reason: string): void => {
    if (phase === "closed") return;
    phase = "closed";
    clearTimeout(headerTimer);
    clearTimeout(readTimer);
    log.warn(`${peer}: connection closed: ${new BlossomError("BLOSSOM_ERR_SCGI_PROTOCOL", reason).describe()}`);
    socket.destroy();
  };

  const headerTimer = setTimeout(() => drop(`no complete header block within ${settings.headerTimeoutMs} ms (${parser.describeProgress()})`), settings.headerTimeoutMs);
  const readTimer = setTimeout(() => drop(`no complete request within ${settings.readTimeoutMs} ms (${parser.describeProgress()})`), settings.readTimeoutMs);

  const respond = async (request: ScgiRequest): Promise<void> => {
    const answer = await answerCgiRequest(blog, request.headers, { readBody: async () => request.body });
    if (answer.failure) log.warn(`${peer}: ${answer.failure.describe()}`);
    send(formatCgiResponse(answer.response, origin));
  };

  /** Writes the response and half-closes; the socket closes once the client has read it and closed too. */
  const send = (bytes: Buffer): void => {
    if (phase === "closed" || socket.destroyed) {
      if (phase !== "closed") drop("the client went away before the response was written");
      return;
    }
    phase = "writing";
    socket.setTimeout(settings.writeTimeoutMs, () => drop(`the client read nothing of the response for ${settings.writeTimeoutMs} ms`));
    // Once the response is flushed, a client that never closes its side is simply let go.
    socket.once("finish", () => socket.setTimeout(settings.writeTimeoutMs, () => socket.destroy()));
    socket.end(bytes);
    // After our answer the request's remaining bytes (if any) are of no use: read and discard them.
    socket.resume();
  };

  socket.on("data", (chunk: Buffer) => {
    if (phase !== "reading") return;
    let request: ScgiRequest | undefined;
    try {
      request = parser.push(chunk);
    } catch (error) {
      if (error instanceof ScgiProtocolError && error.problem === "body-too-large" && error.headers) {
        // A well-formed request with too big a body: say so (413) rather than leave the reader with a 502.
        clearTimeout(headerTimer);
        clearTimeout(readTimer);
        phase = "handling";
        log.warn(`${peer}: ${new BlossomError("BLOSSOM_ERR_PAYLOAD_TOO_LARGE", error.message).describe()}`);
        void answerCgiRequest(blog, error.headers, {
          readBody: () => Promise.reject(new BlossomError("BLOSSOM_ERR_PAYLOAD_TOO_LARGE", error.message)),
        }).then((answer) => send(formatCgiResponse(answer.response, origin)));
        return;
      }
      drop(error instanceof Error ? error.message : String(error));
      return;
    }
    if (parser.hasHeaders || request) clearTimeout(headerTimer);
    if (!request) return;
    clearTimeout(readTimer);
    phase = "handling";
    respond(request).catch((error: unknown) => drop(`cannot answer: ${String(error)}`));
  });
  socket.on("end", () => {
    // The client half-closed. After a complete request that is allowed (we still answer); before, it is gone.
    if (phase === "reading") drop(`the client closed the connection before the whole request arrived (${parser.describeProgress()})`);
  });
  socket.on("error", (error: NodeJS.ErrnoException) => {
    if (phase === "writing" || phase === "handling") drop(`the client went away while it was being answered (${error.code ?? error.message})`);
    else drop(`socket error: ${error.code ?? error.message}`);
  });
  socket.on("close", () => {
    clearTimeout(headerTimer);
    clearTimeout(readTimer);
    if (phase === "handling") log.warn(`${peer}: the client closed the connection before it was answered`);
    phase = "closed";
  });
  return closed;
}
