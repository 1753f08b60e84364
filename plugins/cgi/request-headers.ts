import type { CgiEnvironment } from "./environment";

/** HTTP_ACCEPT_LANGUAGE → accept-language; CONTENT_TYPE and CONTENT_LENGTH are headers too. */
export function headersOf(env: CgiEnvironment): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (name.startsWith("HTTP_")) headers[name.slice(5).toLowerCase().replaceAll("_", "-")] = value;
  }
  if (env.CONTENT_TYPE) headers["content-type"] = env.CONTENT_TYPE;
  if (env.CONTENT_LENGTH) headers["content-length"] = env.CONTENT_LENGTH;
  return headers;
}
