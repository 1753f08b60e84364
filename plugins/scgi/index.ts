import { BlossomError, definePlugin, type CommandContext } from "../../core";
import { checkOptions, optionValue, portOption } from "../../core/cli-args";

const USAGE = "blossom scgi [--config FILE] [--host 127.0.0.1] [--port 8040] [--workers N]";

interface ScgiOptions {
  host: string;
  port: number;
  workers: number;
  max_header_bytes: number;
  max_body_bytes: number;
  header_timeout: number;
  read_timeout: number;
  write_timeout: number;
  drain_timeout: number;
}

/**
 * The SCGI transport: `blossom scgi`, a pre-forked SCGI server for lighttpd, nginx or Apache (flup's forking
 * server, in Node). Always loaded; list it under `plugins:` only to change its options.
 */
export default definePlugin({
  name: "scgi",
  description: "SCGI server transport (blossom scgi), N worker processes behind a web server",
  options: (z) =>
    z.strictObject({
      host: z.string().min(1).default("127.0.0.1").meta({ description: "Address to listen on; keep it on loopback (SCGI has no authentication)." }),
      port: z.int().min(0).max(65535).default(8040).meta({ description: "TCP port the web server's SCGI module connects to." }),
      workers: z.int().min(0).max(256).default(0).meta({ description: "Worker processes; 0 starts one per CPU." }),
      max_header_bytes: z.int().positive().default(65_536).meta({ description: "Largest SCGI header block (the CGI environment); larger requests are cut off." }),
      max_body_bytes: z.int().positive().default(1_048_576).meta({ description: "Largest request body accepted (413 above)." }),
      header_timeout: z.int().positive().default(10_000).meta({ description: "Milliseconds for the header block to arrive after the connection opens." }),
      read_timeout: z.int().positive().default(30_000).meta({ description: "Milliseconds for the whole request (headers and body) to arrive." }),
      write_timeout: z.int().positive().default(30_000).meta({ description: "Milliseconds a client may leave the response unread before it is dropped." }),
      drain_timeout: z.int().positive().default(30_000).meta({ description: "On SIGTERM or reload, milliseconds requests in flight get to finish." }),
    }),
  apply(blog, options: ScgiOptions) {
    blog.hooks.commandline.tap("scgi", (commands) => ({
      ...commands,
      scgi: {
        summary: "Serve the blog over SCGI to a web server (lighttpd, nginx, Apache) with N worker processes",
        usage: USAGE,
        run: (ctx) => scgi(ctx, options),
      },
    }));
  },
});

async function scgi(ctx: CommandContext, options: ScgiOptions): Promise<number> {
  checkOptions(ctx.args, ["host", "port", "workers"], USAGE);
  const host = optionValue(ctx.args, "host") ?? options.host;
  const port = portOption(ctx.args, options.port);
  const workers = workerCount(ctx.args, options.workers);
  const cluster = require("node:cluster") as typeof import("node:cluster").default;
  if (cluster.isWorker) {
    const { runWorker } = require("./worker") as typeof import("./worker");
    return runWorker(ctx, {
      host,
      port,
      limits: { maxHeaderBytes: options.max_header_bytes, maxBodyBytes: options.max_body_bytes },
      headerTimeoutMs: options.header_timeout,
      readTimeoutMs: options.read_timeout,
      writeTimeoutMs: options.write_timeout,
      drainTimeoutMs: options.drain_timeout,
    });
  }
  const { runPrimary } = require("./primary") as typeof import("./primary");
  return runPrimary(ctx, { workers, drainTimeoutMs: options.drain_timeout });
}

function workerCount(args: readonly string[], configured: number): number {
  const raw = optionValue(args, "workers");
  if (raw !== undefined && !/^\d{1,3}$/.test(raw)) throw new BlossomError("BLOSSOM_ERR_CLI_USAGE", `--workers must be a number, got "${raw}"`);
  const wanted = raw === undefined ? configured : Number(raw);
  const { availableParallelism } = require("node:os") as typeof import("node:os");
  return wanted > 0 ? wanted : availableParallelism();
}
