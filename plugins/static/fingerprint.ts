import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Blog, EntryRecord } from "../../core";
import { stampOf, stampTree } from "../../core/file-stamps";
import { blossomKey } from "../../core/package-root";
import { externalPluginFiles } from "../../core/plugin-loader";

/**
 * What every page depends on besides the entries, as named fingerprints. When one differs from the last
 * render's, an incremental render re-renders every page (the message names which one).
 */
export function globalKeys(blog: Blog): Record<string, string> {
  return {
    "Blossom itself": blossomKey(),
    "config.yaml": digest(readFileSync(blog.config.file)),
    "the plugin modules": pluginsKey(blog),
    "the templates": templatesKey(blog.flavours.directories()),
  };
}

/** The plugins listed in config.yaml, in order, and the module file, mtime and size of those not built in. */
function pluginsKey(blog: Blog): string {
  const { plugins, root } = blog.config;
  const stamps = externalPluginFiles(plugins, root).map((file) => stampOf(file).join(":"));
  return digest([...plugins.map((spec) => spec.name), ...stamps].join("\n"));
}

/** Every file and folder under every flavour folder (built-in, plugins', the blog's, with category overrides). */
function templatesKey(directories: readonly string[]): string {
  return digest(stampTree(directories).map((stamp) => stamp.join(":")).join("\n"));
}

/**
 * What blog-wide page content (a category list, an archive list, recent entries) could be built from: each
 * shown entry's id, date, title and metadata. Used for plugins that put such content on every page without
 * declaring it (see StaticRenderInfo.addSiteInput).
 */
export function structureKey(visible: readonly EntryRecord[]): string {
  const hash = createHash("sha256");
  for (const r of [...visible].sort((a, b) => (a.id < b.id ? -1 : 1))) hash.update(JSON.stringify([r.id, r.date, r.title, r.meta])).update("\n");
  return hash.digest("hex");
}

/** Plugins that tap the page-wide hooks and so may show blog-wide data on every page. */
export function pageWidePlugins(blog: Blog): string[] {
  const { prepare, head, foot } = blog.hooks;
  const names = new Set([...prepare.taps, ...head.taps, ...foot.taps].map((t) => t.name));
  for (const own of ["blosxom", "static"]) names.delete(own);
  return [...names].sort();
}

function digest(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
