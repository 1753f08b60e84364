import { writeFileSync } from "node:fs";
import { featureBlog } from "../plugins/feature-blog";

// EntryIndex.visibleKey: what plugins memoise derived data on (categories, archives, tags).
describe("EntryIndex.visibleKey", () => {
  it("is equal for two moments only when the same records are visible, and changes with the index", async () => {
    const site = await featureBlog("base_url: http://example.com/\ntimezone: UTC\n", {
      "a.txt": { date: "2025-01-01" },
      "b.txt": { date: "2025-03-01" },
      "same-time.txt": { date: "2025-03-01" },
      "d.txt": { date: "2025-02-01", draft: true },
    });
    try {
      const index = site.blog.entries;
      const moments = ["2024-12-31T23:59:59Z", "2025-01-01T00:00:00Z", "2025-01-15T00:00:00Z", "2025-02-01T00:00:00Z", "2025-02-28T23:59:59Z", "2025-03-01T00:00:00Z", "2026-01-01T00:00:00Z"].map(Date.parse);
      for (const options of [{}, { drafts: true }, { future: true }, { drafts: true, future: true }]) {
        for (const a of moments) {
          for (const b of moments) {
            const sameRecords = index.visible(a, options).map((r) => r.id).join() === index.visible(b, options).map((r) => r.id).join();
            // A cache keyed on it is never stale; it is rebuilt needlessly only when a draft's date passes.
            const draftPassed = !options.drafts && !options.future && Math.min(a, b) < Date.parse("2025-02-01") && Math.max(a, b) >= Date.parse("2025-02-01");
            const expected = sameRecords && !draftPassed;
            expect([a, b, options, index.visibleKey(a, options) === index.visibleKey(b, options)]).toEqual([a, b, options, expected]);
          }
        }
      }
      const now = Date.parse("2025-06-01T00:00:00Z");
      expect(index.visibleKey(now)).not.toBe(index.visibleKey(now, { drafts: true }));
      const before = index.visibleKey(now);
      writeFileSync(`${site.dir}/entries/c.txt`, "C\n#date 2025-04-01\n<p>c</p>\n");
      await index.refreshFile("c.txt");
      expect(index.visibleKey(now)).not.toBe(before);
    } finally {
      await site.close();
    }
  });
});
