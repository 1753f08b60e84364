/** Where a request's path falls relative to the blog's mount point (base_url's path). */
export type MountMatch =
  | { readonly kind: "inside"; readonly path: string }
  | { readonly kind: "redirect"; readonly location: string }
  | { readonly kind: "outside" };

/**
 * Maps a server path (decoded, without query) to a path under the mount. With mount "/blog": "/blog/x" is
 * inside as "/x", "/blog" redirects to "/blog/", and "/blog2" or "/other" are outside (not the blog's to answer).
 */
export function resolveMount(mount: string, serverPath: string): MountMatch {
  if (mount === "") return { kind: "inside", path: serverPath.startsWith("/") ? serverPath : `/${serverPath}` };
  if (serverPath === mount) return { kind: "redirect", location: `${mount}/` };
  if (serverPath.startsWith(`${mount}/`)) return { kind: "inside", path: serverPath.slice(mount.length) };
  return { kind: "outside" };
}

/** Decodes a percent-encoded path; undefined when it is malformed (the caller answers 400). */
export function decodePath(raw: string): string | undefined {
  try {
    const decoded = decodeURIComponent(raw);
    return decoded.includes("\0") ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/** Parses a query string; the first value of a repeated name wins. */
export function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) if (!Object.hasOwn(query, key)) query[key] = value;
  return query;
}
