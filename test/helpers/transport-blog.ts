import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { copySampleBlog, REPO } from "./temp-blog";

/**
 * A temporary copy of the sample blog for transport tests: base_url set, the probe plugin (test/fixtures) copied
 * in and listed, and extra `plugins:` items (YAML list items, e.g. "- scgi: {max_body_bytes: 100}") appended.
 */
export function transportBlog(baseUrl: string, extraPlugins: string[] = []): string {
  const dir = copySampleBlog();
  copyFileSync(join(REPO, "test", "fixtures", "probe-plugin.cjs"), join(dir, "probe-plugin.cjs"));
  const config = join(dir, "config.yaml");
  let text = readFileSync(config, "utf8").replace(/^base_url: .*$/m, `base_url: "${baseUrl}"`);
  if (!/^plugins:\s*$/m.test(text)) throw new Error("sample-blog/config.yaml has no `plugins:` list to extend");
  text = `${text.trimEnd()}\n${["- ./probe-plugin.cjs", ...extraPlugins].map((item) => `  ${item}`).join("\n")}\n`;
  writeFileSync(config, text);
  return dir;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for servers whose config must name the port up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A CGI-style response (from `blossom cgi` or an SCGI worker) split into status, headers and body. */
export interface CgiResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function parseCgiResponse(raw: Buffer | string): CgiResponse {
  const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : raw;
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) throw new Error(`not a CGI response: ${JSON.stringify(text.slice(0, 200))}`);
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).split("\r\n")) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(/^(\d{3})/.exec(headers.status ?? "")?.[1]);
  return { status, headers, body: text.slice(end + 4) };
}
