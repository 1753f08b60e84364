import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger, LogLevel } from "../../core";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Error lines logged while one page renders, so the page can report them as its failure. */
const pageErrors = new AsyncLocalStorage<string[]>();

/** Runs `fn` and collects the error lines any plugin or the core logs meanwhile (instead of printing them). */
export async function collectErrors<T>(fn: () => Promise<T>): Promise<{ value: T; errors: string[] }> {
  const errors: string[] = [];
  const value = await pageErrors.run(errors, fn);
  return { value, errors };
}

/**
 * The logger a render boots its blog with. Error lines logged inside `collectErrors` belong to that page;
 * everything else at `level` or above goes to `emit`. A render logs warnings and errors only (one access-log
 * line per page is noise) unless the blog's log_level is debug.
 */
export function createRenderLogger(logLevel: LogLevel, emit: (level: LogLevel, line: string) => void, name = "blossom"): Logger {
  const min = logLevel === "debug" ? RANK.debug : RANK.warn;
  const line = (level: LogLevel, message: string): void => {
    const collected = level === "error" ? pageErrors.getStore() : undefined;
    if (collected) collected.push(message);
    else if (RANK[level] >= min) emit(level, `${level} ${name}: ${message}`);
  };
  return {
    debug: (m) => line("debug", m),
    info: (m) => line("info", m),
    warn: (m) => line("warn", m),
    error: (m) => line("error", m),
    child: (child) => createRenderLogger(logLevel, emit, `${name}:${child}`),
  };
}
