import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BlossomError } from "./errors";
import { packageInfo } from "./package-root";

/** `blossom init DIR`: a new blog that `blossom serve` runs at once. Refuses a folder that is not empty. */
export function initBlog(dir: string, now = new Date()): string[] {
  const root = resolve(dir);
  if (existsSync(root) && readdirSync(root).length > 0) {
    throw new BlossomError("BLOSSOM_ERR_INIT_NOT_EMPTY", `${root} is not empty; pick a new folder`, { location: root });
  }
  const written: string[] = [];
  const write = (path: string, text: string): void => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
    written.push(path);
  };
  const date = now.toISOString().slice(0, 16).replace("T", " ");
  write(
    "config.yaml",
    `# yaml-language-server: $schema=${join(packageInfo().root, "core/config/config.schema.json")}
# Your blog's settings. Paths are relative to this file. \`blossom check\` validates it.
title: My new blog
description: Notes and stories
author: ""
language: en
# Absolute URL readers use; its path (e.g. /blog/) is where the blog is mounted.
base_url: http://127.0.0.1:8080/
datadir: entries
num_entries: 10
timezone: UTC
plugins:
  - markdown
`,
  );
  write(
    "entries/hello-world.txt",
    `Hello, world
#date ${date}
#tags blossom
<p>This is your first entry. Every file in <code>entries/</code> is a post, and every folder a category.</p>
<p>Line 1 is the title; <code>#key value</code> lines below it are metadata; the rest is the body.</p>
`,
  );
  write(
    "entries/about/writing-in-markdown.md",
    `---
title: Writing in Markdown
date: ${date}
tags: [blossom, markdown]
---
Files ending in \`.md\` are **Markdown**, with optional YAML front matter.
`,
  );
  mkdirSync(join(root, "flavours"), { recursive: true });
  const stylesheet = join(packageInfo().root, "sample-blog", "static", "blossom.css");
  mkdirSync(join(root, "static"), { recursive: true });
  if (existsSync(stylesheet)) {
    copyFileSync(stylesheet, join(root, "static", "blossom.css"));
    written.push("static/blossom.css");
  }
  return written;
}
