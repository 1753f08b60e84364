/**
 * Blossom's public API: what plugin packages import from "blossom". Everything here is typed; nothing
 * here loads zod, markdown or a server, so importing it is cheap.
 */
export { definePlugin } from "./plugin";
export type { BlogApi, PluginDefinition, Zod } from "./plugin";
export { STAGE } from "./stages";
export type { Stage } from "./stages";
export { BlossomError, ERROR_CODES, isBlossomError, toBlossomError } from "./errors";
export type { BlossomErrorOptions, ErrorCode } from "./errors";
export type { Hooks, HookName, TemplateArgs, PreformatArgs, PostformatArgs, LogRecord } from "./hooks";
export { createHooks } from "./hooks";
export type { BlogRequest, BlogResponse, ErrorContent, HandleOptions, PathInfo, RequestContext, RequestData } from "./context";
export type { Entry, EntryParser, EntryParsers, EntryRecord, FileStat, ParsedEntry } from "./entries/entry";
export type { EntryIndex, IndexChange } from "./entries/entry-index";
export type { DerivedData, DeriveOptions, EntryView } from "./entries/derived-data";
export type { Cradle } from "./container";
export type { BlogConfig, PluginSpec } from "./config/config";
export type { Logger, LogLevel } from "./logger";
export type { Renderer } from "./render/renderer";
export type { Flavour, FlavourRegistry } from "./render/flavour-registry";
export type { TemplateValue, TemplateVars } from "./render/template-vars";
export type { UrlBuilder } from "./urls";
export type { Command, CommandContext, CommandRegistry } from "./commands";
export type { VerifyFinding, VerifyReport } from "./verify";
export type { StaticListing, StaticRenderInfo, StaticUrl } from "./static-urls";
export type { Blog } from "./blog";
export { dateParts } from "./dates";
export type { DateParts } from "./dates";
export { resolveMount, decodePath, parseQuery } from "./mount";
export { escapeHtml } from "./escape-html";
export { quickHash } from "./quick-hash";
export { compareNames } from "./collator";
export type { MountMatch } from "./mount";
export { bootBlog } from "./boot";
export type { BootOptions } from "./boot";
export { openIndex } from "./entries/open-index";
export type { OpenIndexOptions } from "./entries/open-index";
