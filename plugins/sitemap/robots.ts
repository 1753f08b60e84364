import { promises as fsp } from "node:fs";
import { join } from "node:path";

/**
 * robots.txt: the owner's `<static_dir>/robots.txt` when there is one, served as written (plus a `Sitemap:` line
 * if it has none, since that is why this plugin serves it); else one that allows everything and names the sitemap.
 */
export async function robotsTxt(staticDir: string, sitemapUrl: string): Promise<string> {
  const own = await fsp.readFile(robotsFile(staticDir), "utf8").catch(() => undefined);
  const sitemapLine = `Sitemap: ${sitemapUrl}\n`;
  if (own === undefined) return `User-agent: *\nDisallow:\n\n${sitemapLine}`;
  if (/^\s*sitemap\s*:/im.test(own)) return own;
  return `${own}${own === "" || own.endsWith("\n") ? "" : "\n"}\n${sitemapLine}`;
}

/** The owner's robots.txt, which may not exist. */
export function robotsFile(staticDir: string): string {
  return join(staticDir, "robots.txt");
}
