import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";

export type ConfigPath = readonly PropertyKey[];

/** A parsed config.yaml that can say where a key is, as `file:line:col`. */
export interface ConfigSource {
  readonly file: string;
  readonly document: Document;
  /** `file:line:col` of the deepest node that exists along `path` (the key itself for a missing value). */
  locate(path: ConfigPath): string;
}

export function parseConfigSource(file: string, text: string): ConfigSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  return {
    file,
    document,
    locate(path) {
      let node: unknown = document.contents;
      let offset = 0;
      for (const segment of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
          if (!pair) break;
          // Point at the key: that is the line a reader fixes, and it exists even when the value is empty.
          offset = (pair.key as Node).range?.[0] ?? offset;
          node = pair.value;
        } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
          node = node.items[segment];
          offset = (node as Node).range?.[0] ?? offset;
        } else {
          break;
        }
      }
      return at(offset);
    },
  };
}

/** `a.b[2].c` for messages. */
export function formatPath(path: ConfigPath): string {
  return path
    .map((segment, i) => (typeof segment === "number" ? `[${segment}]` : `${i === 0 ? "" : "."}${String(segment)}`))
    .join("");
}
