import {
  AsyncSeriesBailHook,
  AsyncSeriesHook,
  AsyncSeriesWaterfallHook,
  SyncWaterfallHook,
} from "tapable";
import type { CommandRegistry } from "./commands";
import type { BlogResponse, PathInfo, RequestContext } from "./context";
import type { Entry, EntryParsers, EntryRecord, FileStat } from "./entries/entry";
import { attributeTaps } from "./interceptors";
import type { Renderer } from "./render/renderer";
import type { TemplateVars } from "./render/template-vars";
import type { StaticRenderInfo, StaticUrl } from "./static-urls";
import type { VerifyReport } from "./verify";

/** What the template hooks (`head` ... `foot`) thread: the variables and the mustache source to render. */
export interface TemplateArgs {
  readonly vars: TemplateVars;
  /** The template's mustache source. A tap may replace it (PyBlosxom plugins edit `args['template']`). */
  readonly template: string;
  /** The entry, for `story` and `storyEnd` (and the day's first entry for `dateHead`/`dateFoot`). */
  readonly entry?: Entry;
}

/** What `preformat` taps get: the body in its source format and the parser id that should format it. */
export interface PreformatArgs {
  readonly parser: string;
  readonly body: string;
  readonly record: EntryRecord;
}

/** What `postformat` taps get; they may change `body` and `vars` in place (a notifier, as in PyBlosxom). */
export interface PostformatArgs {
  readonly record: EntryRecord;
  body: string;
  vars: TemplateVars;
}

/** What `logrequest` taps get once the response is known. */
export interface LogRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly remoteAddress: string;
}

/**
 * Builds the one hooks object of a blog. Every hook keeps its Blosxom/PyBlosxom name and contract:
 * a handler is a bail hook (first non-undefined answer wins), a modifier a waterfall, a notifier runs every tap.
 * `core/HOOKS.md` documents each one and a test keeps it in sync with this function.
 *
 * @param deadlineMs how long one promise tap may take before the request fails with BLOSSOM_ERR_HOOK_TIMEOUT.
 */
export function createHooks(deadlineMs = 10_000) {
  const hooks = {
    // Request lifecycle.
    start: new AsyncSeriesHook<[RequestContext]>(["ctx"], "start"),
    handle: new AsyncSeriesBailHook<[RequestContext], BlogResponse | void>(["ctx"], "handle"),
    renderer: new AsyncSeriesBailHook<[RequestContext], Renderer | void>(["ctx"], "renderer"),
    pathinfo: new AsyncSeriesBailHook<[RequestContext], PathInfo | void>(["ctx"], "pathinfo"),
    filelist: new AsyncSeriesBailHook<[RequestContext], readonly EntryRecord[] | void>(["ctx"], "filelist"),
    sortlist: new AsyncSeriesBailHook<[readonly EntryRecord[], RequestContext], readonly EntryRecord[] | void>(
      ["records", "ctx"],
      "sortlist",
    ),
    truncatelist: new AsyncSeriesBailHook<[readonly EntryRecord[], RequestContext], readonly EntryRecord[] | void>(
      ["records", "ctx"],
      "truncatelist",
    ),
    prepare: new AsyncSeriesHook<[RequestContext]>(["ctx"], "prepare"),
    logrequest: new AsyncSeriesHook<[LogRecord, RequestContext]>(["record", "ctx"], "logrequest"),
    end: new AsyncSeriesHook<[RequestContext, BlogResponse]>(["ctx", "response"], "end"),

    // Entries: parsing and dating (run while the entry index is built, and when a body is formatted).
    entryparser: new SyncWaterfallHook<[EntryParsers]>(["parsers"], "entryparser"),
    filestat: new SyncWaterfallHook<[FileStat]>(["stat"], "filestat"),
    preformat: new AsyncSeriesBailHook<[PreformatArgs], string | void>(["args"], "preformat"),
    postformat: new AsyncSeriesHook<[PostformatArgs]>(["args"], "postformat"),

    // Rendering: one waterfall per Blosxom template.
    head: new AsyncSeriesWaterfallHook<[TemplateArgs, RequestContext]>(["args", "ctx"], "head"),
    dateHead: new AsyncSeriesWaterfallHook<[TemplateArgs, RequestContext]>(["args", "ctx"], "dateHead"),
    story: new AsyncSeriesWaterfallHook<[TemplateArgs, RequestContext]>(["args", "ctx"], "story"),
    storyEnd: new AsyncSeriesWaterfallHook<[TemplateArgs, RequestContext]>(["args", "ctx"], "storyEnd"),
    dateFoot: new AsyncSeriesWaterfallHook<[TemplateArgs, RequestContext]>(["args", "ctx"], "dateFoot"),
    foot: new AsyncSeriesWaterfallHook<[TemplateArgs, RequestContext]>(["args", "ctx"], "foot"),

    // Outside requests: static rendering, the command line, installation checks.
    staticrenderFilelist: new AsyncSeriesWaterfallHook<[readonly StaticUrl[], StaticRenderInfo]>(
      ["urls", "info"],
      "staticrenderFilelist",
    ),
    commandline: new SyncWaterfallHook<[CommandRegistry]>(["commands"], "commandline"),
    verifyInstallation: new AsyncSeriesHook<[VerifyReport]>(["report"], "verifyInstallation"),
  };
  for (const [name, hook] of Object.entries(hooks)) attributeTaps(hook, name, deadlineMs);
  return Object.freeze(hooks);
}

export type Hooks = ReturnType<typeof createHooks>;
export type HookName = keyof Hooks;
