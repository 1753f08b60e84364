import { asValue, createContainer, InjectionMode, type AwilixContainer } from "awilix";
import type { BlogConfig } from "./config/config";
import type { BlogRequest, RequestContext } from "./context";
import type { EntryIndex } from "./entries/entry-index";
import type { Hooks } from "./hooks";
import type { Logger } from "./logger";
import type { FlavourRegistry } from "./render/flavour-registry";
import type { Renderer } from "./render/renderer";
import type { UrlBuilder } from "./urls";

/**
 * The services in the container. Plugins add theirs with declaration merging:
 * `declare module "blossom" { interface Cradle { commentStore: CommentStore } }`.
 * `request` and `ctx` exist only in a request's scope.
 */
export interface Cradle {
  config: BlogConfig;
  logger: Logger;
  hooks: Hooks;
  entries: EntryIndex;
  urls: UrlBuilder;
  flavours: FlavourRegistry;
  /** The default renderer (the `blosxom` plugin registers the mustache one); the `renderer` hook may pick another. */
  renderer: Renderer;
  request: BlogRequest;
  ctx: RequestContext;
}

/** One root container per process. Strict mode stops a singleton from capturing a request's values. */
export function createRootContainer(services: Omit<Cradle, "request" | "ctx" | "renderer">): AwilixContainer<Cradle> {
  const container = createContainer<Cradle>({ injectionMode: InjectionMode.PROXY, strict: true });
  for (const [name, value] of Object.entries(services)) container.register(name, asValue(value));
  return container;
}

/** A request's scope. The caller disposes it in `finally`. */
export function createRequestScope(
  root: AwilixContainer<Cradle>,
  request: BlogRequest,
): AwilixContainer<Cradle> {
  const scope = root.createScope<Cradle>();
  scope.register("request", asValue(request));
  return scope;
}
