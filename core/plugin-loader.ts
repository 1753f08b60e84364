import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { PluginSpec } from "./config/config";
import { BlossomError, isBlossomError } from "./errors";
import type { PluginDefinition } from "./plugin";
import { BUILTIN_PLUGINS } from "./builtin-plugins";

/** A plugin module resolved and loaded, its options not yet validated. */
export interface LoadedPlugin {
  readonly spec: PluginSpec;
  readonly definition: PluginDefinition<unknown>;
  /** "builtin:name", or the module file it came from. */
  readonly origin: string;
}

/**
 * Resolves and loads every plugin listed in config.yaml, in order. A name is a built-in plugin, an npm package
 * resolved from the blog's folder (`blossom-plugin-foo`, or `foo` as shorthand for it), or a relative path.
 * Every failure is a coded error naming the config line, raised at start, never at the first request.
 */
export async function loadPlugins(
  specs: readonly PluginSpec[],
  root: string,
  locate: (spec: PluginSpec) => string,
): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  const seen = new Map<string, LoadedPlugin>();
  for (const spec of specs) {
    const plugin = await loadOne(spec, root, locate);
    const earlier = seen.get(plugin.definition.name);
    if (earlier) {
      throw new BlossomError(
        "BLOSSOM_ERR_PLUGIN_DUPLICATE",
        `${locate(spec)} plugins[${spec.index}]: plugin "${plugin.definition.name}" is listed twice (also at ${locate(earlier.spec)})`,
        { plugin: plugin.definition.name, location: locate(spec) },
      );
    }
    seen.set(plugin.definition.name, plugin);
    loaded.push(plugin);
  }
  for (const plugin of loaded) {
    for (const needed of plugin.definition.requires ?? []) {
      if (!seen.has(needed)) {
        throw new BlossomError(
          "BLOSSOM_ERR_PLUGIN_MISSING_DEPENDENCY",
          `${locate(plugin.spec)} plugins[${plugin.spec.index}]: plugin "${plugin.definition.name}" requires "${needed}"; add it to plugins:`,
          { plugin: plugin.definition.name, location: locate(plugin.spec) },
        );
      }
    }
  }
  return loaded;
}

async function loadOne(spec: PluginSpec, root: string, locate: (spec: PluginSpec) => string): Promise<LoadedPlugin> {
  // Only error messages need the config line, and locating it parses config.yaml: a cached boot never does.
  const where = (): string => `${locate(spec)} plugins[${spec.index}]`;
  const builtin = BUILTIN_PLUGINS[spec.name];
  if (builtin) return { spec, definition: checkDefinition(builtin(), spec, where), origin: `builtin:${spec.name}` };

  const file = resolvePluginFile(spec.name, root);
  if (!file) {
    const tried = isPath(spec.name) ? resolve(root, spec.name) : candidates(spec.name).join(", ");
    throw new BlossomError(
      "BLOSSOM_ERR_PLUGIN_NOT_FOUND",
      `${where()}: no plugin "${spec.name}": not a built-in (${Object.keys(BUILTIN_PLUGINS).join(", ")}) and not found as ${tried} from ${root}`,
      { plugin: spec.name, location: locate(spec) },
    );
  }
  let exported: unknown;
  try {
    exported = await importModule(file);
  } catch (error) {
    throw new BlossomError(
      "BLOSSOM_ERR_PLUGIN_LOAD",
      `${where()}: plugin "${spec.name}" (${file}) failed to load: ${error instanceof Error ? error.message : String(error)}`,
      { plugin: spec.name, location: locate(spec), cause: error },
    );
  }
  return { spec, definition: checkDefinition(exported, spec, where), origin: file };
}

/**
 * How an ES module is imported. On Node 20, import() fails in code restored from a V8 code cache (V8 does not
 * restore the script's host-defined options), and bin/code-cache.js loads the CLI bundle that way for a CGI
 * request, so it hands in an import() of its own.
 */
let importEsm = (url: string): Promise<unknown> => import(url);
export function setEsmImport(esmImport: (url: string) => Promise<unknown>): void {
  importEsm = esmImport;
}

/** Plugin packages may be CommonJS or ES modules. */
async function importModule(file: string): Promise<unknown> {
  let mod: unknown;
  try {
    mod = require(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "ERR_REQUIRE_ESM" && code !== "ERR_REQUIRE_ASYNC_MODULE") throw error;
    mod = await importEsm(pathToFileURL(file).href);
  }
  // An ES module's default export, or `module.exports = definePlugin(...)`, or CJS-compiled `exports.default`.
  const withDefault = mod as { default?: unknown; __esModule?: boolean };
  return withDefault && typeof withDefault === "object" && "default" in withDefault ? withDefault.default : mod;
}

function checkDefinition(value: unknown, spec: PluginSpec, where: () => string): PluginDefinition<unknown> {
  const def = value as Partial<PluginDefinition<unknown>> | undefined;
  if (!def || typeof def !== "object" || typeof def.name !== "string" || !def.name || typeof def.apply !== "function") {
    throw new BlossomError(
      "BLOSSOM_ERR_PLUGIN_INVALID",
      `${where()}: "${spec.name}" does not export a plugin; its default export must be definePlugin({ name, apply })`,
      { plugin: spec.name },
    );
  }
  if (def.options !== undefined && typeof def.options !== "function") {
    throw new BlossomError(
      "BLOSSOM_ERR_PLUGIN_INVALID",
      `${where()}: plugin "${def.name}" has \`options\` that is not a function; write options: (z) => z.strictObject({...})`,
      { plugin: def.name },
    );
  }
  return def as PluginDefinition<unknown>;
}

const isPath = (name: string): boolean => name.startsWith("./") || name.startsWith("../") || isAbsolute(name);

function candidates(name: string): string[] {
  if (name.startsWith("@")) {
    const [scope, pkg] = name.split("/");
    return pkg && !pkg.startsWith("blossom-plugin-") ? [`${scope}/blossom-plugin-${pkg}`, name] : [name];
  }
  return name.startsWith("blossom-plugin-") ? [name] : [`blossom-plugin-${name}`, name];
}

/**
 * The module files of the plugins in `specs` that are not built in, each resolved from the blog's folder (its
 * name where none resolves): what to stamp to tell a plugin has changed.
 */
export function externalPluginFiles(specs: readonly PluginSpec[], root: string): string[] {
  return specs.filter((spec) => !BUILTIN_PLUGINS[spec.name]).map((spec) => resolvePluginFile(spec.name, root) ?? spec.name);
}

/** The module file a non-built-in plugin name resolves to from the blog's folder, or undefined. */
export function resolvePluginFile(name: string, root: string): string | undefined {
  const ids = isPath(name) ? [resolve(root, name)] : candidates(name);
  for (const id of ids) {
    try {
      return require.resolve(id, { paths: [root] });
    } catch (error) {
      if ((error as { code?: string }).code !== "MODULE_NOT_FOUND" || isBlossomError(error)) throw error;
    }
  }
  return undefined;
}
