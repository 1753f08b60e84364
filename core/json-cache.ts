import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Reads a JSON cache file; undefined when it is missing or unreadable (a cache miss, never an error). */
export function readJsonCache<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/**
 * Writes a JSON cache file atomically (temp file + rename), so a concurrent reader never sees half a file.
 * A read-only blog folder just means no cache: returns false instead of failing the request.
 */
export function writeJsonCache(file: string, value: unknown): boolean {
  return writeCacheFile(file, JSON.stringify(value));
}

/** Writes any cache file the same way: atomically, and false instead of an error when it cannot. */
export function writeCacheFile(file: string, data: string | Uint8Array): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, file);
    return true;
  } catch {
    return false;
  }
}
