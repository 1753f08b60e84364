import { BlossomError } from "./errors";

export interface GlobalArgs {
  /** The first word that is not an option (`serve`, `cgi`, ...). */
  readonly command: string | undefined;
  /** Everything after it that is not a global option: the command's own options. */
  readonly args: string[];
  readonly configPath: string | undefined;
  readonly help: boolean;
}

/**
 * Splits a command line into the command and its options, taking out the global ones (`--config`, `--help`).
 * Its own module because the CGI page cache (plugins/cgi/cached-answer.ts) reads `--config` before Blossom loads.
 */
export function parseGlobalArgs(argv: readonly string[]): GlobalArgs {
  const args: string[] = [];
  let configPath: string | undefined;
  let command: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--config" || arg === "-c") {
      configPath = argv[++i];
      if (configPath === undefined) throw new BlossomError("BLOSSOM_ERR_CLI_USAGE", "--config needs a file");
    } else if (arg.startsWith("--config=")) configPath = arg.slice("--config=".length);
    else if (arg === "--help" || arg === "-h") help = true;
    else if (command === undefined && !arg.startsWith("-")) command = arg;
    else args.push(arg);
  }
  return { command, args, configPath, help };
}
