/** One tag as an entry names it: its spelling there and the case-insensitive key that identifies it. */
export interface TagName {
  readonly name: string;
  /** Lower case, NFC, single spaces: "Node.js" and "node.JS" are one tag, "node.js". Used in URLs. */
  readonly key: string;
}

/** The key of a tag name (also of a tag read back from a URL). */
export function tagKey(name: string): string {
  return tidy(name).toLowerCase();
}

function tidy(name: string): string {
  // Most tags are short ASCII words: test before rewriting (a CGI process reads every entry's tags, cold).
  let text = name.trim();
  if (/\s\s|[^\S ]/.test(text)) text = text.replace(/\s+/g, " ");
  return /[^\x00-\x7f]/.test(text) ? text.normalize("NFC") : text;
}

/** A key becomes URL path segments; "", "." and ".." segments would be rewritten by browsers, so such tags are dropped. */
function usable(key: string): boolean {
  if (!key.includes("/")) return key !== "." && key !== "..";
  return key.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/**
 * The tags of a metadata value: `#tags a, b` or front matter `tags: [a, b]` (which arrives as "a, b").
 * Empty items are skipped and repeats (in any case) kept once, in the order written.
 */
export function parseTags(value: string | undefined, separator: string): TagName[] {
  if (!value) return [];
  const tags: TagName[] = [];
  for (const item of value.split(separator)) {
    const name = tidy(item);
    const key = name.toLowerCase();
    if (name && usable(key) && !tags.some((t) => t.key === key)) tags.push({ name, key });
  }
  return tags;
}
