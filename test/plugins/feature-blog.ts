import type { Blog } from "../../core/blog";
import { makeTempDir, openBlog, removeDir } from "../helpers/temp-blog";

/** One entry of a test blog in the Blosxom .txt format. */
export interface EntrySpec {
  readonly date: string;
  readonly title?: string;
  readonly tags?: string;
  readonly draft?: boolean;
  readonly body?: string;
}

export function entryText(spec: EntrySpec): string {
  const meta = [`#date ${spec.date}`, spec.tags !== undefined ? `#tags ${spec.tags}` : "", spec.draft ? "#draft" : ""].filter(Boolean);
  return `${spec.title ?? "An entry"}\n${meta.join("\n")}\n${spec.body ?? "<p>Body.</p>"}\n`;
}

/**
 * A "vars" flavour that prints template variables as plain text, one per line, so tests can read what every
 * flavour sees without parsing HTML. `head` gets page variables; `story` gets each entry's.
 */
export const VARS_FLAVOUR: Record<string, string> = {
  "flavours/vars/content_type.mustache": "text/plain; charset=utf-8",
  "flavours/vars/head.mustache": [
    "page_title={{page_title}}",
    "page_kind={{page_kind}}",
    "url={{url}}",
    "feed_rss={{feed_rss}}",
    "categories={{#categories}}{{path}}:{{depth}}:{{count}}:{{url}}:{{feed_url}}:{{current}} {{/categories}}",
    "archives={{#archives}}{{year}}-{{month}}:{{label}}:{{count}}:{{url}}:{{current}} {{/archives}}",
    "archive_years={{#archive_years}}{{year}}:{{count}}:{{url}}[{{#months}}{{month}}:{{count}} {{/months}}] {{/archive_years}}",
    "year_summary={{#year_summary}}{{month}}:{{month_name}}:{{count}}:{{url}} {{/year_summary}}",
    "tagcloud={{#tagcloud}}{{name}}:{{count}}:{{size}}:{{url}}:{{current}} {{/tagcloud}}",
    "tag={{tag}}",
    "pagination={{#pagination}}{{page}}/{{pages}} prev={{prev_url}} next={{next_url}} links={{#links}}{{#gap}}…{{/gap}}{{^gap}}{{number}}{{#current}}*{{/current}}{{/gap}},{{/links}}{{/pagination}}",
    "entries={{entry_count}}",
    "",
  ].join("\n"),
  "flavours/vars/story.mustache": "story {{file_path}} tags={{#tag_list}}{{name}}>{{url}} {{/tag_list}}\n",
};

/** A variable's value from a "vars" flavour page. */
export function readVar(text: string, name: string): string {
  const line = text.split("\n").find((l) => l.startsWith(`${name}=`));
  if (line === undefined) throw new Error(`no ${name}= line in:\n${text}`);
  return line.slice(name.length + 1).trim();
}

export interface FeatureBlog {
  readonly blog: Blog;
  readonly dir: string;
  readonly lines: string[];
  close(): Promise<void>;
}

/**
 * A blog in a temporary folder: `config` is YAML for config.yaml (a plugins: list included); entries are written
 * under entries/ (a string is written as is); the "vars" flavour is always there.
 */
export async function featureBlog(config: string, entries: Record<string, EntrySpec | string>, files: Record<string, string> = {}): Promise<FeatureBlog> {
  const spec: Record<string, string> = { "config.yaml": config, ...VARS_FLAVOUR, ...files };
  for (const [path, entry] of Object.entries(entries)) spec[`entries/${path}`] = typeof entry === "string" ? entry : entryText(entry);
  const dir = makeTempDir(spec, "blossom-features-");
  const lines: string[] = [];
  const blog = await openBlog(dir, lines);
  return {
    blog,
    dir,
    lines,
    async close() {
      await blog.close();
      removeDir(dir);
    },
  };
}
