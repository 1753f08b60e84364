import type { ParsedEntry } from "../../core";

/**
 * Reads metadata lines `#key value` (a key alone means "1") until the first line that is not one.
 * `#word` with no space after the `#` is metadata; `# Heading` is not, so Markdown bodies are safe.
 */
export function readMetadata(lines: readonly string[], start: number): { meta: Record<string, string>; next: number } {
  const meta: Record<string, string> = {};
  let i = start;
  for (; i < lines.length; i++) {
    // [^] rather than ".": a value may hold any character, U+2028 included (lines are already split on \n).
    const match = /^#([^\s#]\S*)(?:[ \t]+([^]*))?$/.exec(lines[i]!);
    if (!match) break;
    meta[match[1]!] = match[2]?.trim() || "1";
  }
  return { meta, next: i };
}

/** Splits source text into lines, without a byte-order mark and with \r\n folded to \n. */
export function sourceLines(source: string): string[] {
  return source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
}

/**
 * The Blosxom entry format: line 1 is the title, then `#key value` metadata lines, then the body (HTML).
 * `#title` overrides line 1, as in PyBlosxom; `#parser` picks the preformatter (default "plain").
 */
export function parseTxt(source: string): ParsedEntry {
  const lines = sourceLines(source);
  const { meta, next } = readMetadata(lines, 1);
  return {
    title: meta.title ?? lines[0]!.trim(),
    meta,
    body: lines.slice(next).join("\n"),
    parser: meta.parser ?? "plain",
  };
}
