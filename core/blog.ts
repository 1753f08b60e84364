import { asValue } from "awilix";
import { readFile } from "node:fs";
import { join } from "node:path";
import type { CommandRegistry } from "./commands";
import type { BlogConfig } from "./config/config";
import { createRequestScope, createRootContainer } from "./container";
import type { BlogRequest, BlogResponse, ErrorContent, HandleOptions, RequestContext } from "./context";
import type { Entry, EntryRecord } from "./entries/entry";
import { BodyCache } from "./entries/body-cache";
import { DerivedData } from "./entries/derived-data";
import { EntryIndex } from "./entries/entry-index";
import { BlossomError, toBlossomError } from "./errors";
import { escapeHtml } from "./escape-html";
import { headResponse } from "./http-semantics";
import { createHooks } from "./hooks";
import type { Logger } from "./logger";
import { packageInfo } from "./package-root";
import type { BlogApi, PluginDefinition } from "./plugin";
import { FlavourRegistry } from "./render/flavour-registry";
import { UrlBuilder } from "./urls";
import type { VerifyFinding } from "./verify";

/** A plugin ready to apply: its definition and its validated options. */
export interface ResolvedPlugin {
  readonly definition: PluginDefinition<unknown>;
  readonly options: unknown;
}

/** The process-wide blog: what plugins see (BlogApi) plus what transports and the CLI drive. */
export interface Blog extends BlogApi {
  /** Formatted bodies; `openIndex` makes them persistent for transports without a long-lived process (CGI). */
  readonly bodies: BodyCache;
  /** The commands the `commandline` hook collected (built-ins and plugins'). */
  commands(): CommandRegistry;
  /** Runs every `verifyInstallation` tap and returns what they reported. */
  verify(): Promise<VerifyFinding[]>;
  /** Renders an error page for an error that happened outside the pipeline (a transport's 400, say). */
  errorResponse(request: BlogRequest, error: BlossomError): Promise<BlogResponse>;
  /** Runs `close` callbacks registered with `onClose` (watchers, servers), in reverse order. */
  close(): Promise<void>;
  /** Registers something to release when the blog closes. */
  onClose(fn: () => Promise<void> | void): void;
}

/** Builds the blog: hooks, root container, plugins applied in order. The entry index is not loaded yet. */
export async function createBlog(config: BlogConfig, plugins: readonly ResolvedPlugin[], log: Logger): Promise<Blog> {
  const hooks = createHooks(config.request_timeout);
  const urls = new UrlBuilder(config);
  const flavours = new FlavourRegistry(join(packageInfo().root, "flavours"), config.flavourdir);
  const entries = new EntryIndex({
    datadir: config.datadir,
    ignoreDirectories: config.ignore_directories,
    parsers: () => hooks.entryparser.call({}),
    filestat: (stat) => hooks.filestat.call(stat),
    log: log.child("index"),
  });
  const container = createRootContainer({ config, logger: log, hooks, entries, urls, flavours });
  const bodies = new BodyCache();
  const derived = new DerivedData(entries, () => config.show_future_entries);
  // Pages rendered side by side (a static render, concurrent requests) often list the same entries: one read each.
  const formatting = new Map<string, Promise<Entry>>();
  const closers: Array<() => Promise<void> | void> = [];
  const names = plugins.map((p) => p.definition.name);

  const formatEntry = (record: EntryRecord): Promise<Entry> => {
    const hit = bodies.get(record);
    if (hit) return Promise.resolve(hit);
    // Requests that show the same entry at once share one formatting.
    const key = `${record.id}\0${record.mtime}\0${record.size}`;
    let pending = formatting.get(key);
    if (!pending) {
      pending = formatUncached(record).finally(() => formatting.delete(key));
      formatting.set(key, pending);
    }
    return pending;
  };

  const formatUncached = async (record: EntryRecord): Promise<Entry> => {
    const parser = hooks.entryparser.call({})[record.ext];
    let source: string;
    try {
      source = await readText(join(config.datadir, record.file));
    } catch (error) {
      throw new BlossomError("BLOSSOM_ERR_ENTRY_PARSE", `cannot read entry: ${(error as Error).message}`, { location: record.file });
    }
    if (!parser) throw new BlossomError("BLOSSOM_ERR_ENTRY_PARSE", `no parser for .${record.ext}`, { location: record.file });
    const parsed = parser(source, record.file);
    const html = (await hooks.preformat.promise({ parser: parsed.parser, body: parsed.body, record })) ?? parsed.body;
    const args = { record, body: html, vars: {} };
    await hooks.postformat.promise(args);
    const entry: Entry = { ...record, body: args.body, vars: args.vars };
    bodies.set(entry);
    return entry;
  };

  const run = async (ctx: RequestContext): Promise<BlogResponse> => {
    await hooks.start.promise(ctx);
    const answer = await hooks.handle.promise(ctx);
    return answer ?? (await renderError(ctx, new BlossomError("BLOSSOM_ERR_NOT_FOUND", "nothing answered this request")));
  };

  const renderError = async (ctx: RequestContext, error: BlossomError): Promise<BlogResponse> => {
    ctx.data.error = errorContent(error);
    try {
      const renderer = ctx.data.renderer ?? (await hooks.renderer.promise(ctx));
      if (renderer) return await renderer.render(ctx);
    } catch (renderFailure) {
      log.error(`error page failed: ${toBlossomError(renderFailure, "BLOSSOM_ERR_TEMPLATE").describe()}`);
    }
    return plainError(ctx.data.error);
  };

  const handle = async (request: BlogRequest, options: HandleOptions = {}): Promise<BlogResponse> => {
    const started = process.hrtime.bigint();
    const head = request.method === "HEAD";
    const effective = head ? { ...request, method: "GET" } : request;
    const scope = createRequestScope(container, effective);
    const ctx: RequestContext = {
      request: effective,
      blog: api,
      scope,
      log,
      now: options.now ?? new Date(),
      isStatic: options.isStatic ?? false,
      drafts: options.drafts ?? false,
      data: {},
      vars: {},
      headers: {},
      dependsOn: (file) => options.onDependency?.(file),
    };
    scope.register("ctx", asValue(ctx));
    let response: BlogResponse;
    try {
      response = await run(ctx);
    } catch (thrown) {
      const error = toBlossomError(thrown, "BLOSSOM_ERR_INTERNAL");
      if (error.status >= 500) {
        log.error(`${request.method} ${request.path}: ${error.describe()}`);
        const cause = (error as { cause?: unknown }).cause;
        if (cause instanceof Error && cause.stack) log.debug(cause.stack);
      }
      response = await renderError(ctx, error).catch(() => plainError(errorContent(error)));
    }
    response.headers = { ...ctx.headers, ...response.headers };
    try {
      const record = {
        method: request.method,
        path: request.path,
        status: response.status,
        // process.hrtime, not performance.now(): the `performance` global loads perf_hooks (~2 ms of a CGI request).
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        remoteAddress: request.remoteAddress,
      };
      // `end` taps may still adjust the response (a 304 from conditional GET), so the log line comes after.
      await hooks.end.promise(ctx, response);
      await hooks.logrequest.promise({ ...record, status: response.status }, ctx);
    } catch (thrown) {
      log.error(`${request.method} ${request.path}: ${toBlossomError(thrown, "BLOSSOM_ERR_INTERNAL").describe()}`);
    } finally {
      await scope.dispose();
    }
    return head ? headResponse(response) : response;
  };

  let commandCache: CommandRegistry | undefined;
  const blog: Blog = {
    hooks,
    config,
    log,
    container,
    entries,
    derived,
    urls,
    flavours,
    plugins: names,
    handle,
    formatEntry,
    bodies,
    commands: () => (commandCache ??= hooks.commandline.call({})),
    async verify() {
      const findings: VerifyFinding[] = [];
      for (const tap of hooks.verifyInstallation.taps) {
        const report = {
          ok: (message: string) => findings.push({ level: "ok", message, plugin: tap.name }),
          warn: (message: string) => findings.push({ level: "warn", message, plugin: tap.name }),
          fail: (message: string) => findings.push({ level: "fail", message, plugin: tap.name }),
        };
        try {
          await (tap.fn as (r: typeof report) => unknown)(report);
        } catch (error) {
          report.fail(toBlossomError(error, "BLOSSOM_ERR_HOOK_FAILED", { plugin: tap.name, hook: "verifyInstallation" }).message);
        }
      }
      return findings;
    },
    async errorResponse(request, error) {
      const ctx: RequestContext = {
        request,
        blog: api,
        scope: createRequestScope(container, request),
        log,
        now: new Date(),
        isStatic: false,
        drafts: false,
        data: {},
        vars: {},
        headers: {},
        dependsOn: () => undefined,
      };
      try {
        return await renderError(ctx, error);
      } finally {
        await ctx.scope.dispose();
      }
    },
    onClose: (fn) => void closers.push(fn),
    async close() {
      for (const fn of closers.reverse()) await fn();
      closers.length = 0;
      derived.flush();
    },
  };
  const api: BlogApi = blog;

  for (const plugin of plugins) {
    const view: BlogApi = { ...blog, log: log.child(plugin.definition.name) };
    try {
      await plugin.definition.apply(view, plugin.options);
    } catch (error) {
      throw toBlossomError(error, "BLOSSOM_ERR_PLUGIN_APPLY", { plugin: plugin.definition.name });
    }
  }
  return blog;
}

function errorContent(error: BlossomError): ErrorContent {
  const status = error.status;
  // Only 4xx messages reach the reader: they describe the request. 5xx details stay in the log.
  const message =
    status < 500
      ? error.message
      : status === 503
        ? "The blog took too long to answer. Please try again in a moment."
        : "Something went wrong while building this page. The problem has been logged.";
  return { status, code: error.code, title: titleFor(status), message };
}

function titleFor(status: number): string {
  return status === 404 ? "Page not found" : status === 503 ? "Temporarily unavailable" : status < 500 ? "Bad request" : "Server error";
}

/** Used only when the error flavour itself cannot render. */
function plainError(content: ErrorContent): BlogResponse {
  return {
    status: content.status,
    headers: { "Content-Type": "text/html; charset=utf-8" },
    body: `<!doctype html><title>${content.status} ${escapeHtml(content.title)}</title><h1>${escapeHtml(content.title)}</h1><p>${escapeHtml(content.message)}</p><p><small>${content.code}</small></p>\n`,
  };
}

/** fs.readFile with a callback: the same work as fs/promises' readFile at about half the CPU (one trip, not four). */
function readText(file: string): Promise<string> {
  return new Promise((resolve, reject) => readFile(file, "utf8", (error, text) => (error ? reject(error) : resolve(text))));
}
