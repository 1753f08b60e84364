import type { ConfigOutput } from "./schema";

/** A plugin as config.yaml lists it: the name as written and its raw options. */
export interface PluginSpec {
  readonly name: string;
  readonly options: unknown;
  /** Index in the `plugins:` list, for error locations. */
  readonly index: number;
}

/** The validated config with paths made absolute and the mount derived from base_url. */
export interface BlogConfig extends Readonly<Omit<ConfigOutput, "plugins">> {
  /** base_url without a trailing slash, e.g. "https://example.com/blog". */
  readonly base_url: string;
  /** The mount path from base_url without a trailing slash: "" at the root, "/blog" under /blog/. */
  readonly mount: string;
  /** The folder config.yaml is in; relative paths resolve against it. */
  readonly root: string;
  /** The config file, absolute. */
  readonly file: string;
  readonly plugins: readonly PluginSpec[];
}
