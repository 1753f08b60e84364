import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** One flavour as the renderer uses it: its templates by name (head, story, ...) and its content type. */
export interface Flavour {
  readonly name: string;
  /** Template name (file name without `.mustache`) → mustache source. Every template is also a partial. */
  readonly templates: Readonly<Record<string, string>>;
  readonly contentType: string;
  /** The newest modification time of its template files, ms since the epoch (for Last-Modified). */
  readonly mtime: number;
}

const TEMPLATE_EXT = ".mustache";

/**
 * Finds flavours. Later sources override earlier ones template by template: Blossom's built-in flavours, then
 * folders added by plugins, then the blog's `flavourdir`, then, inside a category, each
 * `flavourdir/<category path>/<flavour>/` from the top category down to the requested one.
 */
export class FlavourRegistry {
  private readonly sources: string[] = [];
  private readonly cache = new Map<string, Flavour | null>();

  constructor(
    builtinDir: string,
    private readonly blogDir: string,
  ) {
    this.sources.push(builtinDir);
  }

  /** Adds a folder of flavour folders (`<dir>/<flavour>/<template>.mustache`), e.g. one a plugin ships. */
  addDirectory(dir: string): void {
    this.sources.push(dir);
    this.cache.clear();
  }

  /** Every folder flavours come from, lowest precedence first (the static renderer fingerprints them). */
  directories(): readonly string[] {
    return [...this.sources, this.blogDir];
  }

  /** Forgets loaded templates (after the blog's flavour files change). */
  invalidate(): void {
    this.cache.clear();
  }

  /** The flavour for a page in `category` ("" at the root), or undefined when no source has it. */
  get(name: string, category = ""): Flavour | undefined {
    if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name)) return undefined;
    const key = `${name}\0${category}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const flavour = this.load(name, category);
    this.cache.set(key, flavour ?? null);
    return flavour;
  }

  /** Names of all flavours available at the root. */
  names(): string[] {
    const names = new Set<string>();
    for (const dir of [...this.sources, this.blogDir]) {
      for (const item of safeReaddir(dir)) if (isDir(join(dir, item))) names.add(item);
    }
    return [...names].filter((n) => this.get(n) !== undefined).sort();
  }

  private load(name: string, category: string): Flavour | undefined {
    const folders = [...this.sources, this.blogDir].map((dir) => join(dir, name));
    let path = this.blogDir;
    for (const segment of category ? category.split("/") : []) {
      path = join(path, segment);
      folders.push(join(path, name));
    }
    const templates: Record<string, string> = {};
    let found = false;
    let mtime = 0;
    for (const folder of folders) {
      for (const file of safeReaddir(folder)) {
        if (!file.endsWith(TEMPLATE_EXT) || file.startsWith(".")) continue;
        const path = join(folder, file);
        templates[file.slice(0, -TEMPLATE_EXT.length)] = readFileSync(path, "utf8");
        mtime = Math.max(mtime, statSync(path).mtimeMs);
        found = true;
      }
    }
    if (!found) return undefined;
    const contentType = (templates.content_type ?? "text/html; charset=utf-8").trim().split("\n")[0]!.trim();
    return { name, templates, contentType, mtime };
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
