/**
 * Named stages order taps on one hook (lower runs first; ties keep plugin order). The gaps leave room for
 * future stages without renumbering, as webpack's PROCESS_ASSETS_STAGE_* do.
 */
export const STAGE = Object.freeze({
  /** Before everything: guards, request rewriting, answers that must pre-empt all others (a 304, a POST). */
  EARLY: -200,
  /** Where a plugin taps unless it has a reason not to. */
  DEFAULT: 0,
  /** After the defaults of ordinary plugins: adds data derived from what they produced. */
  ENRICH: 100,
  /** Last of the ordinary taps: output rewriting, logging. */
  LATE: 200,
  /** Blossom's own default behaviour. A handler hook reaches it only when no plugin answered. */
  FALLBACK: 1000,
});

export type Stage = (typeof STAGE)[keyof typeof STAGE];
