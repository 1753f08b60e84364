import { BlossomError } from "./errors";

/** Reads `--name value` or `--name=value` from a command's arguments. */
export function optionValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === `--${name}`) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith("--")) throw new BlossomError("BLOSSOM_ERR_CLI_USAGE", `--${name} needs a value`);
      return value;
    }
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

/** Whether a flag (`--name`) is present. */
export function hasFlag(args: readonly string[], name: string): boolean {
  return args.includes(`--${name}`);
}

/** A TCP port from an option, or the default. */
export function portOption(args: readonly string[], fallback: number): number {
  const raw = optionValue(args, "port");
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new BlossomError("BLOSSOM_ERR_CLI_USAGE", `--port must be a number from 0 to 65535, got "${raw}"`);
  return port;
}

/** Rejects options a command does not know, so a typo is not silently ignored. */
export function checkOptions(args: readonly string[], known: readonly string[], usage: string): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) continue;
    const name = arg.slice(2).split("=")[0]!;
    if (!known.includes(name)) throw new BlossomError("BLOSSOM_ERR_CLI_USAGE", `unknown option --${name}\nusage: ${usage}`);
  }
}
