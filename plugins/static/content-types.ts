import type { PageOutcome } from "./render-page";

/** Media types the server configs in servers/ send, by extension. */
const SERVED_TYPES: Record<string, string> = {
  html: "text/html",
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
  xml: "application/xml",
  txt: "text/plain",
};

/** A flavour whose Content-Type differs from what those configs send for its extension gets a warning. */
export function contentTypeWarnings(outcomes: ReadonlyMap<string, PageOutcome>): string[] {
  const seen = new Map<string, string>();
  for (const outcome of outcomes.values()) {
    const dot = outcome.file.lastIndexOf(".");
    if (!outcome.contentType || dot <= outcome.file.lastIndexOf("/")) continue;
    seen.set(outcome.file.slice(dot + 1), outcome.contentType);
  }
  const warnings: string[] = [];
  for (const [ext, type] of seen) {
    if (SERVED_TYPES[ext] !== type.split(";")[0]!.trim().toLowerCase()) {
      warnings.push(`.${ext} pages are ${type} in the dynamic blog; make your web server send that type for .${ext} (see the static plugin's README)`);
    }
  }
  return warnings;
}
