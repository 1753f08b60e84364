#!/usr/bin/env node
"use strict";
// The CLI is one bundled file so a CGI request pays one module load, not hundreds.
const path = require("node:path");
const dist = path.join(__dirname, "..", "dist");
const argv = process.argv.slice(2);
if (argv[0] !== "cgi") {
  require(path.join(dist, "blossom.js")).main(argv);
} else if (!require(path.join(dist, "cgi-page-cache.js")).answerFromPageCache(argv)) {
  // A CGI request is a whole process: first the page cache (plugins/cgi/page-cache.ts), which answers a page
  // nothing has changed since without loading the rest of Blossom; else the bundle, through a code cache (see
  // code-cache.js) that holds what a request compiles, not what a render or a server did.
  require("./code-cache.js").load(path.join(dist, "blossom.js")).main(argv);
}
