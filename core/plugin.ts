import type { AwilixContainer } from "awilix";
import type { z, ZodType } from "zod";
import type { BlogConfig } from "./config/config";
import type { Cradle } from "./container";
import type { BlogRequest, BlogResponse, HandleOptions } from "./context";
import type { Entry, EntryRecord } from "./entries/entry";
import type { DerivedData } from "./entries/derived-data";
import type { EntryIndex } from "./entries/entry-index";
import type { Hooks } from "./hooks";
import type { Logger } from "./logger";
import type { FlavourRegistry } from "./render/flavour-registry";
import type { UrlBuilder } from "./urls";

/** The zod namespace a plugin's `options` function receives. */
export type Zod = typeof z;

/** What a plugin's `apply` gets: the blog's public surface. */
export interface BlogApi {
  /** The frozen hooks object: tap with `tap` or `tapPromise`, always with your plugin's name. */
  readonly hooks: Hooks;
  readonly config: BlogConfig;
  /** A logger whose lines carry the plugin's name. */
  readonly log: Logger;
  /** The root awilix container: register services during `apply`, resolve them anywhere. */
  readonly container: AwilixContainer<Cradle>;
  /** The in-memory index of every entry (metadata only; bodies are formatted on demand). */
  readonly entries: EntryIndex;
  /**
   * Data derived from the visible entries (counts, clouds, archives), kept until they change and, when asked,
   * across processes: `derived.get(name, ctx, (records) => value, { persist: true })`.
   */
  readonly derived: DerivedData;
  /** Builds URLs that carry the mount (pages) or are absolute (feeds). */
  readonly urls: UrlBuilder;
  /** Where flavours come from; a plugin can add a folder of flavours. */
  readonly flavours: FlavourRegistry;
  /** Names of the loaded plugins, in order. */
  readonly plugins: readonly string[];
  /** Runs one request through the whole pipeline (the static renderer and tests use it). */
  handle(request: BlogRequest, options?: HandleOptions): Promise<BlogResponse>;
  /** Formats an entry's body (preformat, postformat), cached by file and modification time. */
  formatEntry(record: EntryRecord): Promise<Entry>;
}

/** A plugin module's default export. */
export interface PluginDefinition<Options = undefined> {
  /** Unique name; also the tap name, so errors and logs point at the plugin. */
  readonly name: string;
  /** One line for `blossom check`. */
  readonly description?: string;
  /** Plugins that must also be listed in config.yaml; checked at start. */
  readonly requires?: readonly string[];
  /**
   * Builds the zod schema of the plugin's options. It receives zod rather than importing it, so a request that
   * reuses already validated options (a CGI request) never loads zod.
   */
  readonly options?: (zod: Zod) => ZodType<Options>;
  /** Taps hooks and registers services. Runs once per process, at start. */
  apply(blog: BlogApi, options: Options): void | Promise<void>;
}

/** Identity function that gives a plugin definition its types. */
export function definePlugin<Options = undefined>(definition: PluginDefinition<Options>): PluginDefinition<Options> {
  return definition;
}
