import { cacheDirFor } from "../../core/cache-dir";
import { configFileFor } from "../../core/config/load";
import type { BlogResponse } from "../../core/context";
import { parseGlobalArgs } from "../../core/global-args";
import { answerConditionally, headResponse } from "../../core/http-semantics";
import { accessLine, createLogger } from "../../core/logger";
import { writeFd } from "../../core/write-fd";
import { isCurrent, pageFile, pageKey, readPage, type CachedPage } from "./page-cache";
import { headersOf } from "./request-headers";
import { formatCgiResponse } from "./response";

/**
 * Answers a `blossom cgi` request from the page cache, before the rest of Blossom loads (the build makes this
 * file a bundle of its own, dist/cgi-page-cache.js, which bin/blossom.js and blossom.cgi try first). Returns
 * false, having written nothing, when Blossom must answer: another command line, not a GET or HEAD, no page
 * kept for the URL, or something the page was built from has changed. Never throws.
 */
export function answerFromPageCache(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): boolean {
  const started = process.hrtime.bigint();
  let page: CachedPage | undefined;
  try {
    const { command, args, configPath, help } = parseGlobalArgs(argv);
    if (command !== "cgi" || help || args.length > 0) return false;
    // Where Blossom would look; when no file is there, no page matches its stamp and Blossom reports it.
    const configFile = configFileFor(configPath, env, cwd);
    const key = pageKey(env, configFile);
    if (key === undefined) return false;
    const cacheDir = cacheDirFor(configFile, env);
    page = readPage(pageFile(cacheDir, key), key);
    if (!page || !isCurrent(page.meta.state, cacheDir, Date.now())) return false;
  } catch {
    return false;
  }
  const { meta, body } = page;
  const method = env.REQUEST_METHOD!;
  // What the core and conditionalhttp do to the GET answer they cached, done the same way.
  let response: BlogResponse = { status: meta.status, headers: { ...meta.headers }, body };
  answerConditionally(headersOf(env), response);
  if (method === "HEAD") response = headResponse(response);
  void writeFd(1, formatCgiResponse(response, meta.origin));
  if (meta.accessLog) {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    createLogger("info").info(`${accessLine({ method, path: meta.path, status: response.status, durationMs, remoteAddress: env.REMOTE_ADDR ?? "" })} (page cache)`);
  }
  return true;
}
