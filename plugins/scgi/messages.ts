/** What the SCGI primary and its workers say to each other over the cluster IPC channel. */

export const READY = "blossom:scgi:ready";
export const DRAIN = "blossom:scgi:drain";

/** A worker listens and has its entry index: it may take requests. */
export interface ReadyMessage {
  readonly type: typeof READY;
  readonly host: string;
  readonly port: number;
  readonly entries: number;
}

/** The primary asks a worker to finish what it is doing and exit (shutdown, or retired by a reload). */
export interface DrainMessage {
  readonly type: typeof DRAIN;
}

export type PrimaryMessage = DrainMessage;

export function isMessage<T extends { type: string }>(value: unknown, type: T["type"]): value is T {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === type;
}
