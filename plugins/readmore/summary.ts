/** Cutting an HTML body at a break marker, and keeping what is left well-formed. */

/** Elements that never have a closing tag. */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/**
 * A pattern for the marker in formatted HTML. An HTML-comment marker (`<!--more-->`) also matches with spaces
 * inside (`<!-- more -->`); any other marker matches as written. Only the literal form counts: a marker shown
 * as text or code is escaped by then (`&lt;!--more--&gt;`), so a post about read-more breaks is not cut.
 */
export function breakPattern(marker: string): RegExp {
  const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const comment = /^<!--\s*(.*?)\s*-->$/s.exec(marker);
  return new RegExp(comment ? `<!--\\s*${literal(comment[1]!)}\\s*-->` : literal(marker));
}

/** The body split at the first break: undefined when it has none. */
export function splitAtBreak(html: string, pattern: RegExp): { summary: string; rest: string } | undefined {
  const match = pattern.exec(html);
  if (!match) return undefined;
  // A newline at the end, as formatted bodies have, so templates lay out summaries like whole bodies.
  return { summary: `${closeOpenTags(html.slice(0, match.index))}\n`, rest: html.slice(match.index + match[0].length) };
}

/** The body with every break removed (entry pages, full feeds), with the paragraph a marker had to itself. */
export function removeBreaks(html: string, pattern: RegExp): string {
  let everywhere = removers.get(pattern.source);
  if (!everywhere) removers.set(pattern.source, (everywhere = new RegExp(`<p>\\s*(?:${pattern.source})\\s*</p>\\n?|${pattern.source}`, "g")));
  return html.replace(everywhere, "");
}

/** The global patterns removeBreaks uses, compiled once per marker. */
const removers = new Map<string, RegExp>();

/** Empty paragraphs at the end of a summary, left where a marker had a paragraph of its own. */
const TRAILING_EMPTY_PARAGRAPHS = /(?:<p>\s*<\/p>\s*)+$/;

/**
 * Closes the elements still open where the body was cut ("<p>Intro <em>so" → "<p>Intro <em>so</em></p>"),
 * then drops paragraphs that the cut left empty. Tags are scanned, not parsed: good enough for entry bodies,
 * which the blog's owner wrote.
 */
export function closeOpenTags(html: string): string {
  const open: string[] = [];
  for (const match of html.matchAll(/<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, rawName, selfClosing] = match;
    if (rawName === undefined) continue; // a comment
    const name = rawName.toLowerCase();
    if (VOID.has(name) || selfClosing) continue;
    if (!closing) open.push(name);
    else {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
    }
  }
  const closed = html.trimEnd() + open.reverse().map((name) => `</${name}>`).join("");
  return closed.replace(TRAILING_EMPTY_PARAGRAPHS, "").trimEnd();
}
