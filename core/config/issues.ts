import type { core, ZodType } from "zod";
import { BlossomError, type ErrorCode } from "../errors";
import { formatPath, type ConfigPath, type ConfigSource } from "./locate";

export interface IssueContext {
  /** Re-roots issues, e.g. a plugin's option issues under ["plugins", 3, "tags"]. */
  readonly prefix?: ConfigPath;
  readonly plugin?: string;
  /** The schema the issues came from, to suggest a known key for a misspelt one. */
  readonly schema?: ZodType;
}

/**
 * Turns zod issues into one BlossomError with a line per issue:
 * `config.yaml:12:3 num_entries: Invalid input: expected number, received string`.
 */
export function issuesToError(
  code: ErrorCode,
  source: ConfigSource,
  issues: readonly core.$ZodIssue[],
  context: IssueContext = {},
): BlossomError {
  const prefix = context.prefix ?? [];
  const lines = issues.flatMap((issue) => {
    const base = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      const known = context.schema ? keysAt(context.schema, issue.path) : [];
      return issue.keys.map((key) => {
        const path = [...base, key];
        return `${source.locate(path)} ${formatPath(path)}: unknown key${suggestion(key, known)}`;
      });
    }
    return [`${source.locate(base)} ${formatPath(base) || "(top level)"}: ${issue.message}`];
  });
  const lineOf = (text: string): number => Number(/:(\d+):\d+ /.exec(text)?.[1] ?? 0);
  lines.sort((a, b) => lineOf(a) - lineOf(b));
  const location = lines[0]?.split(" ")[0];
  return new BlossomError(code, lines.join("\n"), {
    ...(context.plugin ? { plugin: context.plugin } : {}),
    ...(location ? { location } : {}),
  });
}

/** The keys an object schema accepts at `path`, looking through defaults, optionals and arrays. */
function keysAt(schema: ZodType, path: readonly PropertyKey[]): string[] {
  let def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  const unwrap = (): void => {
    while (def.innerType) def = def.innerType._zod.def;
  };
  unwrap();
  for (const segment of path) {
    if (def.type === "array" && def.element && typeof segment === "number") def = def.element._zod.def;
    else if (def.type === "object" && def.shape && typeof segment === "string" && def.shape[segment])
      def = def.shape[segment]._zod.def;
    else return [];
    unwrap();
  }
  return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
}
interface SchemaDef {
  type: string;
  innerType?: { _zod: { def: SchemaDef } };
  element?: { _zod: { def: SchemaDef } };
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
}

function suggestion(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.ceil(key.length / 2));
  for (const candidate of known) {
    const d = editDistance(key, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best ? ` (did you mean "${best}"?)` : known.length ? ` (expected one of: ${known.join(", ")})` : "";
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
