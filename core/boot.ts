import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createBlog, type Blog, type ResolvedPlugin } from "./blog";
import { cacheDirFor } from "./cache-dir";
import { stampOf } from "./file-stamps";
import type { BlogConfig, PluginSpec } from "./config/config";
import { defaultConfig, findConfigFile, loadConfig } from "./config/load";
import type { ConfigSource } from "./config/locate";
import { readJsonCache, writeJsonCache } from "./json-cache";
import { BlossomError } from "./errors";
import { createLogger, type Logger } from "./logger";
import { blossomKey } from "./package-root";
import { IMPLICIT_PLUGINS } from "./builtin-plugins";
import { loadPlugins, type LoadedPlugin } from "./plugin-loader";

export interface BootOptions {
  /** --config value, if given. */
  readonly configPath?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /**
   * Reuse the validated config and plugin options from the cache folder when config.yaml and the plugin
   * modules are unchanged (CGI: saves loading zod on every request).
   */
  readonly configCache?: boolean;
  readonly log?: Logger;
  /** With no config file, boot with the defaults instead of failing (to list commands in --help). */
  readonly allowMissingConfig?: boolean;
}

interface ConfigCache {
  key: string;
  config: BlogConfig;
  options: unknown[];
}

/** Finds, validates and applies the config and its plugins. Every problem is a coded BlossomError. */
export async function bootBlog(options: BootOptions = {}): Promise<Blog> {
  const env = options.env ?? process.env;
  let file: string;
  try {
    file = findConfigFile(options.configPath, env, options.cwd);
  } catch (error) {
    if (!options.allowMissingConfig) throw error;
    const config = defaultConfig(options.cwd ?? process.cwd());
    const loaded = await loadPlugins(withImplicit([]), config.root, () => config.file);
    return createBlog(config, validateOptions(loaded, parseSource(config.file, "")), options.log ?? createLogger("warn"));
  }
  const text = readFileSync(file, "utf8");
  const cacheFile = join(cacheDirFor(file, env), "config.json");
  let source: ConfigSource | undefined;
  const locate = (spec: PluginSpec): string => (source ??= parseSource(file, text)).locate(["plugins", spec.index]);

  const cached = options.configCache ? readJsonCache<ConfigCache>(cacheFile) : undefined;
  if (cached && cached.config.file === file) {
    const loaded = await loadPlugins(withImplicit(cached.config.plugins), cached.config.root, locate);
    if (cached.key === cacheKey(text, loaded) && cached.options.length === loaded.length) {
      const log = options.log ?? createLogger(cached.config.log_level);
      return createBlog(cached.config, loaded.map((p, i) => ({ definition: p.definition, options: cached.options[i] })), log);
    }
  }

  const { config, source: parsedSource } = loadConfig(file);
  source = parsedSource;
  const loaded = await loadPlugins(withImplicit(config.plugins), config.root, locate);
  const resolved = validateOptions(loaded, parsedSource);
  if (options.configCache) {
    writeJsonCache(cacheFile, { key: cacheKey(text, loaded), config, options: resolved.map((p) => p.options) } satisfies ConfigCache);
  }
  return createBlog(config, resolved, options.log ?? createLogger(config.log_level));
}

/** The always-present plugins (defaults, transports) come first unless config.yaml lists them itself. */
function withImplicit(specs: readonly PluginSpec[]): PluginSpec[] {
  const listed = new Set(specs.map((s) => s.name));
  const implicit = IMPLICIT_PLUGINS.filter((name) => !listed.has(name)).map((name) => ({ name, options: undefined, index: -1 }));
  return [...implicit, ...specs];
}

function validateOptions(loaded: readonly LoadedPlugin[], source: ConfigSource): ResolvedPlugin[] {
  const { z } = require("zod") as typeof import("zod");
  const { issuesToError } = require("./config/issues") as typeof import("./config/issues");
  return loaded.map(({ spec, definition }) => {
    const prefix = ["plugins", spec.index, spec.name];
    if (!definition.options) {
      if (spec.options !== undefined && spec.options !== null) {
        throw new BlossomError(
          "BLOSSOM_ERR_PLUGIN_OPTIONS",
          `${source.locate(prefix)} plugins[${spec.index}].${spec.name}: plugin "${definition.name}" takes no options; list it as \`- ${spec.name}\``,
          { plugin: definition.name },
        );
      }
      return { definition, options: undefined };
    }
    const schema = definition.options(z);
    const result = schema.safeParse(spec.options ?? {});
    if (!result.success) {
      throw issuesToError("BLOSSOM_ERR_PLUGIN_OPTIONS", source, result.error.issues, { prefix, plugin: definition.name, schema });
    }
    return { definition, options: result.data };
  });
}

/**
 * Changes when config.yaml, Blossom, or any plugin module outside Blossom changes. It is the text itself, not a
 * hash of it: config.yaml is small, and node:crypto would cost a CGI request more than comparing the strings.
 * Blossom is blossomKey(): a rebuild of one version may add options and defaults.
 */
function cacheKey(text: string, loaded: readonly LoadedPlugin[]): string {
  const plugins = loaded.map(({ origin }) => (origin.startsWith("builtin:") ? origin : stampOf(origin).join(":")));
  return [blossomKey(), text, ...plugins].join("\0");
}

/** The YAML parser loads only when a location is needed (an error message) or the config is not cached. */
function parseSource(file: string, text: string): ConfigSource {
  return (require("./config/locate") as typeof import("./config/locate")).parseConfigSource(file, text);
}
