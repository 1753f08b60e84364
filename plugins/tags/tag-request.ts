/** What a tag URL asks for: the tag as written in the URL (not yet a key) and the flavour, when the URL names one. */
export interface TagRequest {
  readonly tag: string;
  readonly flavour?: string;
}

/**
 * Reads a path under the mount as a tag page: `/tags/<tag>/`, `/tags/<tag>` and `/tags/<tag>/index.<flavour>`
 * (the URLs Blossom writes), and PyBlosxom's `/tags/<tag>.<flavour>` when `<tag>.<flavour>` is not itself a tag.
 * A tag may contain "/" (its URL then has several segments). Undefined when the path is not under the trigger.
 */
export function readTagPath(path: string, trigger: string, isTag: (tag: string) => boolean): TagRequest | undefined {
  const prefix = `/${trigger}/`;
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length);
  if (rest.endsWith("/")) return rest.length > 1 ? { tag: rest.slice(0, -1) } : undefined;
  const index = /^(.+)\/index(?:\.([^./]+))?$/.exec(rest);
  if (index) return { tag: index[1]!, ...(index[2] ? { flavour: index[2] } : {}) };
  if (!rest) return undefined;
  const dotted = /^(.+)\.([^./]+)$/.exec(rest);
  if (dotted && !isTag(rest) && isTag(dotted[1]!)) return { tag: dotted[1]!, flavour: dotted[2]! };
  return { tag: rest };
}
