import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { BlossomError } from "../errors";
import type { BlogConfig, PluginSpec } from "./config";
import type { ConfigSource } from "./locate";

/** --config, else $BLOSSOM_CONFIG, else ./config.yaml. */
export function findConfigFile(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string {
  const file = configFileFor(explicit, env, cwd);
  if (!existsSync(file)) {
    const how = explicit ? "--config" : env.BLOSSOM_CONFIG ? "BLOSSOM_CONFIG" : "the current folder";
    throw new BlossomError(
      "BLOSSOM_ERR_CONFIG_NOT_FOUND",
      `no config file at ${file} (from ${how}); pass --config FILE, set BLOSSOM_CONFIG, or run \`blossom init DIR\``,
      { location: file },
    );
  }
  return file;
}

/** Where findConfigFile looks, whether or not a file is there. */
export function configFileFor(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return resolve(cwd, explicit ?? env.BLOSSOM_CONFIG ?? "config.yaml");
}

export interface LoadedConfig {
  readonly config: BlogConfig;
  readonly source: ConfigSource;
  readonly text: string;
}

/** Reads, parses and validates config.yaml. Every problem is a BlossomError naming file:line:col and the key. */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new BlossomError("BLOSSOM_ERR_CONFIG_NOT_FOUND", `cannot read ${file}: ${(error as Error).message}`, { location: file });
  }
  // yaml, like zod below, loads only when the config must be parsed: a cached CGI boot never pays for it.
  const { parseConfigSource } = require("./locate") as typeof import("./locate");
  const source = parseConfigSource(file, text);
  const syntax = source.document.errors[0];
  if (syntax) {
    const [line, col] = syntax.linePos?.[0] ? [syntax.linePos[0].line, syntax.linePos[0].col] : [1, 1];
    const location = `${file}:${line}:${col}`;
    throw new BlossomError("BLOSSOM_ERR_CONFIG_SYNTAX", `${location} ${syntax.message.split("\n")[0]}`, { location });
  }
  const raw: unknown = source.document.toJS() ?? {};
  // zod is loaded only here: a CGI request with a cached, unchanged config never pays for it.
  const { ConfigSchema } = require("./schema") as typeof import("./schema");
  const parsed = ConfigSchema.safeParse(raw);
  const { issuesToError } = require("./issues") as typeof import("./issues");
  if (!parsed.success) throw issuesToError("BLOSSOM_ERR_CONFIG_INVALID", source, parsed.error.issues, { schema: ConfigSchema });
  return { config: resolveConfig(file, parsed.data), source, text };
}

/** The config a blog gets from an empty config.yaml in `cwd` (used by `blossom --help` outside a blog). */
export function defaultConfig(cwd: string): BlogConfig {
  const { ConfigSchema } = require("./schema") as typeof import("./schema");
  return resolveConfig(resolve(cwd, "config.yaml"), ConfigSchema.parse({}));
}

function resolveConfig(file: string, data: import("./schema").ConfigOutput): BlogConfig {
  const root = dirname(file);
  const url = new URL(data.base_url);
  const mount = url.pathname.replace(/\/+$/, "");
  const plugins: PluginSpec[] = data.plugins.map((item, index) =>
    typeof item === "string" ? { name: item, options: undefined, index } : pluginFromMap(item, index),
  );
  return {
    ...data,
    base_url: `${url.origin}${mount}`,
    mount,
    root,
    file,
    datadir: resolve(root, data.datadir),
    flavourdir: resolve(root, data.flavourdir),
    static_dir: resolve(root, data.static_dir),
    plugins,
  };
}

function pluginFromMap(item: Record<string, unknown>, index: number): PluginSpec {
  const [name, options] = Object.entries(item)[0]!;
  return { name, options: options ?? undefined, index };
}
