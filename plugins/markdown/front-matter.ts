/** Splits `---\nyaml\n---\n` off the top of a file. Undefined when the file has no front matter. */
export function splitFrontMatter(lines: readonly string[]): { data: Record<string, unknown>; bodyStart: number } | undefined {
  if (lines[0]?.trim() !== "---") return undefined;
  const end = lines.findIndex((line, i) => i > 0 && (line.trim() === "---" || line.trim() === "..."));
  if (end < 0) return undefined;
  // Loaded here, not at the top: only building the index parses front matter, and a CGI request rarely does.
  const { parse } = require("yaml") as typeof import("yaml");
  const data: unknown = parse(lines.slice(1, end).join("\n")) ?? {};
  if (typeof data !== "object" || Array.isArray(data)) throw new Error("front matter must be a YAML map of key: value");
  return { data: data as Record<string, unknown>, bodyStart: end + 1 };
}

/** Metadata values are strings everywhere (as `#key value` lines are); lists become "a, b". */
export function metaValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(metaValue).join(", ");
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
