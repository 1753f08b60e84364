import { cacheLifetime } from "../../plugins/cgi/page-cache";

/** How long the CGI page cache may keep an answer, by the rules of a shared HTTP cache (RFC 9111). */
describe("cacheLifetime", () => {
  const now = Date.parse("2026-11-24T12:00:00Z");
  const lifetime = (headers: Record<string, string>) => cacheLifetime({ status: 200, headers, body: "" }, now);

  it("keeps an answer that says nothing until the blog changes, and one that asks to be checked (no-cache)", () => {
    expect(lifetime({ "Content-Type": "text/html" })).toBe(Infinity);
    expect(lifetime({ "Cache-Control": "no-cache" })).toBe(Infinity);
  });

  it("keeps none that belongs to one reader or depends on request headers", () => {
    for (const headers of [{ "cache-control": "no-store" }, { "Cache-Control": "Private, max-age=60" }, { "Set-Cookie": "a=1" }, { Vary: "Cookie" }]) {
      expect(lifetime(headers)).toBeUndefined();
    }
  });

  it("takes s-maxage before max-age before Expires, and keeps nothing already stale", () => {
    expect(lifetime({ "Cache-Control": "public, max-age=60" })).toBe(60_000);
    expect(lifetime({ "Cache-Control": 'max-age="30"' })).toBe(30_000);
    expect(lifetime({ "Cache-Control": "max-age=600, s-maxage=5" })).toBe(5_000);
    expect(lifetime({ "Cache-Control": "max-age=60", Expires: "Tue, 24 Nov 2026 13:00:00 GMT" })).toBe(60_000);
    expect(lifetime({ Expires: "Tue, 24 Nov 2026 12:10:00 GMT" })).toBe(600_000);
    expect(lifetime({ Expires: "0" })).toBeUndefined();
    expect(lifetime({ "Cache-Control": "max-age=0" })).toBeUndefined();
    expect(lifetime({ "Cache-Control": "max-age=soon" })).toBeUndefined();
  });
});
