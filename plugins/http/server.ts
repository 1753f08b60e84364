import { createServer, type Server } from "node:http";
import { BlossomError, isBlossomError, type Blog, type BlogResponse } from "../../core";
import { toBlogRequest } from "./request";

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly bodyLimit: number;
}

/** Writes a blog response, with Content-Length (HEAD responses already carry it and no body). */
function send(res: import("node:http").ServerResponse, response: BlogResponse): void {
  const body = typeof response.body === "string" ? Buffer.from(response.body) : response.body;
  const headers = { ...response.headers };
  headers["Content-Length"] ??= String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/** An HTTP server in front of `blog.handle`. Resolves once it listens. */
export async function startHttpServer(blog: Blog, options: HttpServerOptions): Promise<Server> {
  const log = blog.log.child("http");
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const incoming = await toBlogRequest(req, blog.config.mount, options.bodyLimit);
        if (incoming.kind === "outside") {
          res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
        } else if (incoming.kind === "redirect") {
          res.writeHead(301, { Location: incoming.location, "Content-Length": "0" }).end();
        } else {
          send(res, await blog.handle(incoming.request));
        }
      } catch (error) {
        const failure = isBlossomError(error) ? error : new BlossomError("BLOSSOM_ERR_INTERNAL", String(error));
        if (failure.status >= 500) log.error(failure.describe());
        const request = { method: req.method ?? "GET", path: "/", query: {}, headers: {}, body: Buffer.alloc(0), remoteAddress: req.socket.remoteAddress ?? "" };
        if (!res.headersSent) send(res, await blog.errorResponse(request, failure));
        if (failure.code === "BLOSSOM_ERR_PAYLOAD_TOO_LARGE") req.destroy();
      }
    })();
  });
  // Slow or idle clients must not hold sockets forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new BlossomError("BLOSSOM_ERR_LISTEN", `cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`)),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

/** Stops accepting, lets requests in flight finish (up to `graceMs`), then closes the rest. */
export async function stopHttpServer(server: Server, graceMs = 10_000): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  timer.unref();
  await closed;
  clearTimeout(timer);
}
