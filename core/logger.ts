import type { LogRecord } from "./hooks";
import { writeFd } from "./write-fd";

/** Log lines go to stderr as `level name: message`, so they never mix with CGI output on stdout. */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A logger whose lines carry `name` (a plugin's name, a transport's). */
  child(name: string): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  level: LogLevel = "info",
  write: (line: string) => void = (line) => void writeFd(2, line + "\n"),
  name = "blossom",
): Logger {
  const min = RANK[level];
  const emit = (lvl: LogLevel, message: string): void => {
    if (RANK[lvl] >= min) write(`${lvl} ${name}: ${message}`);
  };
  return {
    debug: (m) => emit("debug", m),
    info: (m) => emit("info", m),
    warn: (m) => emit("warn", m),
    error: (m) => emit("error", m),
    child: (child) => createLogger(level, write, `${name}:${child}`),
  };
}

/** The access line of one request, as the default `logrequest` tap logs it: `ADDRESS "GET /path" 200 1.2ms`. */
export function accessLine(record: LogRecord): string {
  return `${record.remoteAddress} "${record.method} ${record.path}" ${record.status} ${record.durationMs.toFixed(1)}ms`;
}
