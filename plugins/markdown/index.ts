import { definePlugin, STAGE, type ParsedEntry } from "../../core";
import { readMetadata, sourceLines } from "../blosxom/txt-parser";
import { metaValue, splitFrontMatter } from "./front-matter";

/**
 * Markdown entries with markdown-it (CommonMark). A `.md` file has YAML front matter (title, date, tags, ...),
 * or else the Blosxom layout: line 1 the title, then `#key value` lines. Any entry can also ask for Markdown
 * with `#parser markdown`. markdown-it loads on the first Markdown body, not at start-up.
 */
export default definePlugin({
  name: "markdown",
  description: "Markdown entries (.md) and #parser markdown, rendered by markdown-it",
  options: (z) =>
    z.strictObject({
      extensions: z.array(z.string().regex(/^[a-z0-9]+$/i)).min(1).default(["md", "markdown", "mkd"]),
      html: z.boolean().default(true).meta({ description: "Allow raw HTML in entries (they are the owner's own)." }),
      typographer: z.boolean().default(true),
      linkify: z.boolean().default(true),
    }),
  apply(blog, options) {
    let md: { render(src: string): string } | undefined;
    const render = (body: string): string => {
      if (!md) {
        const markdownIt = require("markdown-it") as typeof import("markdown-it");
        md = new markdownIt({ html: options.html, typographer: options.typographer, linkify: options.linkify });
      }
      return md.render(body);
    };
    const parse = (source: string): ParsedEntry => {
      const lines = sourceLines(source);
      const front = splitFrontMatter(lines);
      if (!front) {
        const { meta, next } = readMetadata(lines, 1);
        return { title: meta.title ?? lines[0]!.replace(/^#\s+/, "").trim(), meta, body: lines.slice(next).join("\n"), parser: meta.parser ?? "markdown" };
      }
      const meta: Record<string, string> = {};
      for (const [key, value] of Object.entries(front.data)) meta[key] = metaValue(value);
      let start = front.bodyStart;
      let title = meta.title;
      if (title === undefined) {
        // No title in front matter: a leading "# Heading" is the title.
        while (start < lines.length && lines[start]!.trim() === "") start++;
        const heading = /^#\s+(.+?)\s*#*\s*$/.exec(lines[start] ?? "");
        title = heading ? heading[1]! : "";
        if (heading) start++;
      }
      return { title, meta, body: lines.slice(start).join("\n"), parser: meta.parser ?? "markdown" };
    };

    blog.hooks.entryparser.tap("markdown", (parsers) => {
      const added = { ...parsers };
      for (const ext of options.extensions) added[ext] = parse;
      return added;
    });
    blog.hooks.preformat.tap({ name: "markdown", stage: STAGE.DEFAULT }, ({ parser, body }) =>
      parser === "markdown" ? render(body) : undefined,
    );
  },
});
