/** One finding of a `verifyInstallation` tap, printed by `blossom check`. */
export interface VerifyFinding {
  readonly level: "ok" | "warn" | "fail";
  readonly message: string;
  /** Filled in by the core from the tap's name. */
  readonly plugin: string;
}

/** Handed to each `verifyInstallation` tap; the tap reports what it found. */
export interface VerifyReport {
  ok(message: string): void;
  warn(message: string): void;
  fail(message: string): void;
}
