import type { Blog } from "./blog";
import type { Logger } from "./logger";

/** What a command's `run` gets from the CLI. */
export interface CommandContext {
  /** Arguments after the command name, global options (--config) already removed. */
  readonly args: readonly string[];
  /** The config file given with --config or BLOSSOM_CONFIG, if any. */
  readonly configPath: string | undefined;
  readonly log: Logger;
  /** The booted blog (config validated, plugins applied; its entry index not yet opened). */
  readonly blog: Blog;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** A `blossom <name>` command. Plugins add commands through the `commandline` hook. */
export interface Command {
  /** One line for `blossom --help`. */
  readonly summary: string;
  /** Usage text for `blossom <name> --help`, e.g. "blossom serve [--host H] [--port P]". */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code (0 for success). */
  run(ctx: CommandContext): Promise<number>;
}

/** The registry the `commandline` waterfall threads: command name → command. */
export type CommandRegistry = Readonly<Record<string, Command>>;
