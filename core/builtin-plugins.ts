import type { PluginDefinition } from "./plugin";

type Loader = () => PluginDefinition<unknown>;
const load = (mod: { default: unknown }): PluginDefinition<unknown> => mod.default as PluginDefinition<unknown>;

/**
 * Plugins that ship with Blossom, by the name config.yaml uses. Each is required only when listed, so a
 * request pays only for the plugins its blog uses.
 */
export const BUILTIN_PLUGINS: Readonly<Record<string, Loader>> = {
  blosxom: () => load(require("../plugins/blosxom")),
  markdown: () => load(require("../plugins/markdown")),
  http: () => load(require("../plugins/http")),
  scgi: () => load(require("../plugins/scgi")),
  cgi: () => load(require("../plugins/cgi")),
  conditionalhttp: () => load(require("../plugins/conditionalhttp")),
  readmore: () => load(require("../plugins/readmore")),
  sitemap: () => load(require("../plugins/sitemap")),
  jsonfeed: () => load(require("../plugins/jsonfeed")),
  categories: () => load(require("../plugins/categories")),
  archives: () => load(require("../plugins/archives")),
  tags: () => load(require("../plugins/tags")),
  paginate: () => load(require("../plugins/paginate")),
  static: () => load(require("../plugins/static")),
};

/** Loaded for every blog, first, unless config.yaml lists them (to give them options). */
export const IMPLICIT_PLUGINS: readonly string[] = ["blosxom", "http", "scgi", "cgi", "static"];
