import type { Blog } from "../../core/blog";
import { breakPattern, closeOpenTags, removeBreaks, splitAtBreak } from "../../plugins/readmore/summary";
import { get, withTempBlog, type FileSpec } from "../helpers/temp-blog";

describe("readmore: cutting HTML at the break", () => {
  const more = breakPattern("<!--more-->");

  it("finds the marker, with or without spaces inside the comment, but not shown as text", () => {
    expect(splitAtBreak("<p>a</p>\n<!--more-->\n<p>b</p>\n", more)).toEqual({ summary: "<p>a</p>\n", rest: "\n<p>b</p>\n" });
    expect(splitAtBreak("<p>a</p><!-- more --><p>b</p>", more)?.summary).toBe("<p>a</p>\n");
    expect(splitAtBreak("<p>a</p><pre>&lt;!--more--&gt;</pre>", more)).toBeUndefined();
    expect(splitAtBreak("<p>no break</p>", more)).toBeUndefined();
    expect(splitAtBreak("<p>a [more] b</p>", breakPattern("[more]"))?.summary).toBe("<p>a</p>\n");
  });

  it("closes what the cut left open and drops paragraphs it left empty", () => {
    expect(closeOpenTags("<p>Intro <em>so")).toBe("<p>Intro <em>so</em></p>");
    expect(closeOpenTags('<div class="x"><p>One<br>two<img src="a.png"/></p><ul><li>item')).toBe(
      '<div class="x"><p>One<br>two<img src="a.png"/></p><ul><li>item</li></ul></div>',
    );
    expect(closeOpenTags("<p>a</p>\n<p> ")).toBe("<p>a</p>");
    expect(closeOpenTags("<p>a <!-- <b> --> b")).toBe("<p>a <!-- <b> --> b</p>");
  });

  it("removes every marker for the full body, with the paragraph a marker had to itself", () => {
    expect(removeBreaks("<p>a</p>\n<!--more-->\n<p>b</p>", more)).toBe("<p>a</p>\n\n<p>b</p>");
    expect(removeBreaks("<p>a <!--more--> b</p><p><!--more--></p>\n<p>c</p>", more)).toBe("<p>a  b</p><p>c</p>");
    expect(removeBreaks("<p>untouched</p>", more)).toBe("<p>untouched</p>");
  });
});

const FILES: Record<string, FileSpec> = {
  "entries/cat/plain.txt": {
    text: "A plain entry\n<p>The summary of the plain entry.</p>\n<!--more-->\n<p>AFTER-THE-BREAK plain.</p>\n",
    mtime: new Date("2024-05-03T10:00:00Z"),
  },
  "entries/inline.txt": {
    text: "Inline break\n<p>Starts <em>here <!--more--> and AFTER-THE-BREAK inline</em> ends.</p>\n",
    mtime: new Date("2024-05-02T10:00:00Z"),
  },
  "entries/cat/marked.md": {
    text: "---\ntitle: A Markdown entry\ndate: 2024-05-01T10:00:00Z\n---\n\nThe Markdown summary.\n\n<!--more-->\n\nAFTER-THE-BREAK markdown.\n",
  },
  "entries/whole.txt": { text: "No break\n<p>Whole body.</p>\n", mtime: new Date("2024-04-01T10:00:00Z") },
};

function withBlog(plugins: string, run: (blog: Blog) => Promise<void>, extra: Record<string, FileSpec> = {}): Promise<void> {
  return withTempBlog({ "config.yaml": `title: RM\nbase_url: https://example.com/blog/\nplugins:\n${plugins}`, ...FILES, ...extra }, run);
}

describe("readmore through handle()", () => {
  it("shows summaries and read-more links on index pages, for .txt and .md entries", async () => {
    await withBlog("  - markdown\n  - readmore\n", async (blog) => {
      for (const path of ["/", "/cat/", "/2024/05/", "/index.html"]) {
        const page = await get(blog, path);
        expect([path, page.status]).toEqual([path, 200]);
        expect(page.text).not.toContain("AFTER-THE-BREAK");
        expect(page.text).toContain("The summary of the plain entry.");
        expect(page.text).toContain('<p class="entry-readmore"><a href="https://example.com/blog/cat/plain.html">');
      }
      const front = (await get(blog, "/")).text;
      expect(front).toContain("The Markdown summary.");
      expect(front).toContain('href="https://example.com/blog/cat/marked.html">Continue reading');
      expect(front).toContain("<p>Starts <em>here</em></p>\n</div>");
      // An entry without a break has no link.
      expect(front.match(/entry-readmore/g)).toHaveLength(3);
    });
  });

  it("shows the whole body without the marker on the entry's page", async () => {
    await withBlog("  - markdown\n  - readmore\n", async (blog) => {
      for (const [path, after] of [
        ["/cat/plain.html", "<p>AFTER-THE-BREAK plain.</p>"],
        ["/cat/marked.html", "<p>AFTER-THE-BREAK markdown.</p>"],
        ["/inline.html", "and AFTER-THE-BREAK inline</em> ends.</p>"],
      ] as const) {
        const page = await get(blog, path);
        expect(page.text).toContain(after);
        expect(page.text).not.toMatch(/<!--\s*more\s*-->|entry-readmore/);
      }
    });
  });

  it("puts the full body in feeds by default, and the summary with feeds: summary", async () => {
    await withBlog("  - markdown\n  - readmore\n", async (blog) => {
      const rss = (await get(blog, "/index.rss")).text;
      expect(rss).toContain("AFTER-THE-BREAK plain");
      expect(rss).not.toContain("Continue reading");
      expect(rss).not.toContain("&lt;!--more--&gt;");
    });
    await withBlog("  - markdown\n  - readmore:\n      feeds: summary\n", async (blog) => {
      for (const path of ["/index.rss", "/index.atom"]) {
        const feed = (await get(blog, path)).text;
        expect(feed).not.toContain("AFTER-THE-BREAK");
        expect(feed).toContain("The summary of the plain entry.&lt;/p&gt;\n&lt;p&gt;&lt;a href=\"https://example.com/blog/cat/plain.html\"&gt;Continue reading…");
      }
    });
  });

  it("takes a custom marker and can put the link in the body for flavours that do not know readmore_url", async () => {
    const bare = {
      "flavours/bare/story.mustache": "<div>{{{body}}}</div>\n",
      "entries/custom.txt": { text: "Custom\n<p>Short part.</p>\n<p>[cut]</p>\n<p>AFTER-THE-BREAK custom.</p>\n", mtime: new Date("2024-06-01T00:00:00Z") },
    };
    await withBlog(
      '  - readmore:\n      break: "[cut]"\n      link_text: "More & more"\n      link_in_body: true\n',
      async (blog) => {
        const page = (await get(blog, "/index.bare")).text;
        expect(page).toContain(
          '<div><p>Short part.</p>\n<p class="readmore"><a class="readmore" href="https://example.com/blog/custom.html">More &#38; more</a></p>\n</div>',
        );
        expect(page).not.toContain("AFTER-THE-BREAK custom");
        // <!--more--> is not the marker here.
        expect(page).toContain("AFTER-THE-BREAK plain");
        expect((await get(blog, "/custom.bare")).text).toBe("<div><p>Short part.</p>\n<p>AFTER-THE-BREAK custom.</p>\n</div>\n");
      },
      bare,
    );
  });

  it("works with Markdown that escapes HTML, given a text marker", async () => {
    const md = { "entries/escaped.md": "Escaped\n\nThe escaped summary.\n\n[more]\n\nAFTER-THE-BREAK escaped.\n" };
    await withBlog(
      '  - markdown:\n      html: false\n  - readmore:\n      break: "[more]"\n',
      async (blog) => {
        const page = (await get(blog, "/")).text;
        expect(page).toContain("<p>The escaped summary.</p>\n</div>");
        expect(page).not.toContain("AFTER-THE-BREAK escaped");
        const entry = (await get(blog, "/escaped.html")).text;
        expect(entry).toContain("<p>The escaped summary.</p>\n<p>AFTER-THE-BREAK escaped.</p>");
      },
      md,
    );
  });
});
