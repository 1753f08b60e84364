/** A tag in the cloud, with its size class. */
export interface CloudTag {
  readonly key: string;
  readonly name: string;
  readonly count: number;
  /** 0 for the least used tag shown, 1 for the most used, log-scaled between. */
  readonly weight: number;
  /** Size class, 1 (smallest) to `sizes` (largest). */
  readonly size: number;
}

export interface CloudOptions {
  /** Number of size classes, at least 1. */
  readonly sizes: number;
  /** Tags used by fewer entries are left out. */
  readonly minCount: number;
  /** Show only this many of the most used tags; 0 shows all. */
  readonly maxTags: number;
}

/**
 * Weights a tag cloud. Counts are log-scaled, so one very popular tag does not squash the rest into the smallest
 * size, and the scale runs between the least and the most used tag *shown* (PyBlosxom's lower bound was a
 * constant 2, so a blog whose tags were all used once or twice got its sizes wrong). The classes split the
 * weight range into equal bins: the least used tag is always size 1, the most used always `sizes`. When every
 * tag has the same count they all get size 1. The result is sorted by name with `compare`.
 */
export function tagCloud(
  tags: readonly { key: string; name: string; count: number }[],
  options: CloudOptions,
  compare: (a: string, b: string) => number,
): CloudTag[] {
  let shown = tags.filter((t) => t.count >= options.minCount);
  if (options.maxTags > 0 && shown.length > options.maxTags) {
    shown = [...shown].sort((a, b) => b.count - a.count || compare(a.name, b.name)).slice(0, options.maxTags);
  }
  if (shown.length === 0) return [];
  const least = shown.reduce((min, t) => Math.min(min, t.count), Infinity);
  const most = shown.reduce((max, t) => Math.max(max, t.count), 0);
  const low = Math.log(least);
  const span = Math.log(most) - low;
  const sizes = Math.max(1, Math.floor(options.sizes));
  return shown
    .map((t) => {
      const weight = span > 0 ? (Math.log(t.count) - low) / span : 0;
      return { key: t.key, name: t.name, count: t.count, weight, size: Math.min(sizes, 1 + Math.floor(weight * sizes)) };
    })
    .sort((a, b) => compare(a.name, b.name) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The font size of a class, as a percentage between `smallest` and `largest`. */
export function sizePercent(size: number, sizes: number, smallest: number, largest: number): number {
  if (sizes <= 1) return smallest;
  return Math.round(smallest + ((largest - smallest) * (size - 1)) / (sizes - 1));
}
