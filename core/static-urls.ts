/** One page the static renderer writes: a path under the mount, e.g. "/cat/index.rss". */
export interface StaticUrl {
  readonly path: string;
  /** The entry files this page depends on (ids); the incremental renderer re-renders it when one changes. */
  readonly dependsOn?: readonly string[];
}

/** What the static renderer tells `staticrenderFilelist` taps. */
export interface StaticRenderInfo {
  /** Flavours being rendered, e.g. ["html", "rss", "atom"]. */
  readonly flavours: readonly string[];
  readonly incremental: boolean;
  readonly drafts: boolean;
}
