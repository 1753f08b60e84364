import type { Blog } from "./blog";
import { bootBlog } from "./boot";
import { checkOptions } from "./cli-args";
import { parseGlobalArgs } from "./global-args";
import { adoptProcessTimeZone } from "./dates";
import type { Command, CommandContext } from "./commands";
import { BlossomError, isBlossomError } from "./errors";
import { openIndex } from "./entries/open-index";
import { initBlog } from "./init";
import { createLogger } from "./logger";
import { packageInfo } from "./package-root";

// For bin/code-cache.js, whose code-cached bundle cannot import() (see plugin-loader.ts).
export { setEsmImport } from "./plugin-loader";

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Called once the blog has booted, before its command runs. */
  readonly onBoot?: (blog: Blog) => void;
}

/** Commands that need no blog, or that the CLI itself owns. Plugins add the rest through `commandline`. */
const BUILTIN_HELP: Record<string, { summary: string; usage: string }> = {
  init: { summary: "Create a new blog in DIR", usage: "blossom init DIR" },
  check: { summary: "Validate config.yaml and run every plugin's installation check", usage: "blossom check [--config FILE]" },
  help: { summary: "Show this help, or a command's usage", usage: "blossom help [COMMAND]" },
};

function helpText(commands: Readonly<Record<string, { summary: string }>>, note?: string): string {
  const names = Object.keys(commands).sort();
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return [
    `Blossom ${packageInfo().version} — a blog from a folder of text files`,
    "",
    "Usage: blossom <command> [--config FILE] [options]",
    "",
    "Commands:",
    ...names.map((n) => `  ${n.padEnd(width)}${commands[n]!.summary}`),
    "",
    "Options:",
    "  --config FILE  the blog's config.yaml (default: $BLOSSOM_CONFIG, else ./config.yaml)",
    "  --help         this help; `blossom COMMAND --help` for a command's options",
    "  --version      Blossom's version",
    ...(note ? ["", note] : []),
    "",
  ].join("\n");
}

/** Runs the CLI and resolves to the exit code. Errors print one coded line, never a stack trace. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const log = createLogger("info", (line) => io.stderr.write(line + "\n"));
  let blog: Blog | undefined;
  try {
    if (argv.includes("--version") || argv.includes("-v")) {
      io.stdout.write(`${packageInfo().version}\n`);
      return 0;
    }
    const { command, args, configPath, help } = parseGlobalArgs(argv);
    if (command === "init") {
      if (help) return usage(io, BUILTIN_HELP.init!);
      checkOptions(args, [], BUILTIN_HELP.init!.usage);
      const dir = args[0];
      if (!dir) throw new BlossomError("BLOSSOM_ERR_CLI_USAGE", `usage: ${BUILTIN_HELP.init!.usage}`);
      const written = initBlog(dir, new Date());
      io.stdout.write(`Created a blog in ${dir}:\n${written.map((f) => `  ${f}`).join("\n")}\nStart it with: blossom serve --config ${dir}/config.yaml\n`);
      return 0;
    }
    const wantsHelp = command === undefined || command === "help" || help;
    const topic = command === "help" ? args[0] : help ? command : undefined;
    try {
      // The validated config is reused while config.yaml and the plugins are unchanged (a CGI request, an
      // incremental render: zod is never loaded); `check` always validates afresh.
      blog = await bootBlog({ configPath, env: io.env, cwd: io.cwd, configCache: command !== "check", allowMissingConfig: wantsHelp });
      io.onBoot?.(blog);
    } catch (error) {
      if (!wantsHelp) throw error;
      io.stdout.write(helpText(BUILTIN_HELP, `Plugin commands are not listed: ${isBlossomError(error) ? error.describe() : String(error)}`));
      return command === undefined ? 2 : 0;
    }
    const commands: Record<string, { summary: string; usage: string }> = { ...blog.commands(), ...BUILTIN_HELP };
    if (wantsHelp) {
      if (topic && commands[topic]) return usage(io, commands[topic]);
      io.stdout.write(helpText(commands));
      return command === undefined && !help ? 2 : 0;
    }
    // Getters, so a command that never prints (a CGI request) never builds the stdio streams.
    const ctx: CommandContext = {
      args,
      configPath,
      log,
      blog,
      get stdout() {
        return io.stdout;
      },
      get stderr() {
        return io.stderr;
      },
    };
    if (command === "check") return await check(ctx);
    const selected: Command | undefined = blog.commands()[command!];
    if (!selected) throw new BlossomError("BLOSSOM_ERR_CLI_USAGE", `unknown command "${command}"; run blossom --help for the list`);
    return await selected.run(ctx);
  } catch (error) {
    const failure = isBlossomError(error) ? error : new BlossomError("BLOSSOM_ERR_INTERNAL", error instanceof Error ? error.message : String(error), { cause: error });
    io.stderr.write(`blossom: ${failure.describe()}\n`);
    // Under a web server, stdout is the reader's response: a failed boot (a config error) is a 500 there too.
    if (parseGlobalSafely(argv) === "cgi" && io.env.GATEWAY_INTERFACE) io.stdout.write(CGI_BOOT_FAILURE);
    if (io.env.BLOSSOM_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    await blog?.close().catch(() => undefined);
    return failure.exitCode;
  }
}

function usage(io: CliIo, command: { summary: string; usage: string }): number {
  io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
  return 0;
}

/** `blossom check`: the config is already valid (boot validated it); now each plugin checks its own set-up. */
async function check(ctx: CommandContext): Promise<number> {
  checkOptions(ctx.args, [], BUILTIN_HELP.check!.usage);
  ctx.stdout.write(`config ${ctx.blog.config.file}: ok\nplugins: ${ctx.blog.plugins.join(", ")}\n`);
  await openIndex(ctx.blog, { watch: false });
  const findings = await ctx.blog.verify();
  for (const f of findings) ctx.stdout.write(`${f.level === "ok" ? "ok  " : f.level === "warn" ? "WARN" : "FAIL"} ${f.plugin}: ${f.message}\n`);
  const failed = findings.filter((f) => f.level === "fail").length;
  ctx.stdout.write(failed ? `${failed} problem(s) found\n` : "everything looks fine\n");
  return failed ? 1 : 0;
}

const CGI_BOOT_FAILURE =
  "Status: 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe blog cannot start; the reason is in the server's error log.\n";

function parseGlobalSafely(argv: readonly string[]): string | undefined {
  try {
    return parseGlobalArgs(argv).command;
  } catch {
    return undefined;
  }
}

/** The `blossom` executable's entry point. */
export function main(argv: readonly string[]): void {
  // process.stdout/stderr are built on first use (for a pipe that loads `net`): a CGI request may never need them.
  const io: CliIo = {
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    env: process.env,
    cwd: process.cwd(),
    // The process runs in the blog's time zone, so dates need no Intl formatter (see core/dates.ts) and a
    // plugin's local-time Date calls agree with the blog's dates.
    onBoot: (blog) => adoptProcessTimeZone(blog.config.timezone),
  };
  // The command is done: let go of an IPC channel (an SCGI worker's, a forked child's), which would otherwise
  // keep the process alive after a failed start, so the parent sees the exit code.
  const release = (): void => {
    if (process.connected) process.disconnect();
  };
  runCli(argv, io).then(
    (code) => {
      process.exitCode = code;
      release();
    },
    (error: unknown) => {
      process.stderr.write(`blossom: BLOSSOM_ERR_INTERNAL: ${String(error)}\n`);
      process.exitCode = 1;
      release();
    },
  );
}
