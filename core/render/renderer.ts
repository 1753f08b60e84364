import type { BlogResponse, RequestContext } from "../context";

/**
 * Turns a request's entries (or its error) into a response. The `renderer` hook picks one per request; the
 * built-in one renders mustache flavours.
 */
export interface Renderer {
  render(ctx: RequestContext): Promise<BlogResponse>;
}
