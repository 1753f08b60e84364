import type { AddressInfo } from "node:net";
import { definePlugin, openIndex, type CommandContext } from "../../core";
import { cacheDirFor } from "../../core/cache-dir";
import { checkOptions, optionValue, portOption } from "../../core/cli-args";

const USAGE = "blossom serve [--config FILE] [--host 127.0.0.1] [--port 8080]";

/**
 * The HTTP transport: `blossom serve`. It keeps the entry index in memory, current from file events, and
 * stops gracefully on SIGTERM and SIGINT (requests in flight finish first).
 */
export default definePlugin({
  name: "http",
  description: "HTTP server transport (blossom serve)",
  options: (z) =>
    z.strictObject({
      host: z.string().min(1).default("127.0.0.1"),
      port: z.int().min(0).max(65535).default(8080),
      max_body_bytes: z.int().positive().default(1_048_576).meta({ description: "Largest request body accepted (413 above)." }),
    }),
  apply(blog, options) {
    blog.hooks.commandline.tap("http", (commands) => ({
      ...commands,
      serve: {
        summary: "Serve the blog over HTTP, updating as entries change",
        usage: USAGE,
        run: (ctx) => serve(ctx, options),
      },
    }));
  },
});

async function serve(ctx: CommandContext, defaults: { host: string; port: number; max_body_bytes: number }): Promise<number> {
  const { blog } = ctx;
  checkOptions(ctx.args, ["host", "port"], USAGE);
  const host = optionValue(ctx.args, "host") ?? defaults.host;
  const port = portOption(ctx.args, defaults.port);
  await openIndex(blog, { watch: true, cacheDir: cacheDirFor(blog.config.file) });
  // Required here, not at the top: the plugin is loaded for every command, a CGI request included.
  const { startHttpServer, stopHttpServer } = require("./server") as typeof import("./server");
  const server = await startHttpServer(blog, { host, port, bodyLimit: defaults.max_body_bytes });
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  ctx.stdout.write(`Blossom is serving "${blog.config.title}" (${blog.entries.size} entries) at http://${shown}:${address.port}${blog.config.mount}/\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      ctx.log.info(`${signal}: finishing requests in flight`);
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      void stopHttpServer(server).then(resolve);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
  await blog.close();
  return 0;
}
