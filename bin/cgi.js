"use strict";
// How a CGI request starts, for `blossom cgi` (bin/blossom.js) and sample-blog/blossom.cgi alike. A CGI request
// is a whole process: first the page cache (plugins/cgi/page-cache.ts), which answers a page nothing has changed
// since without loading the rest of Blossom; else the bundle, through a code cache (see code-cache.js) that holds
// what a request compiles, not what a render or a server did.
const path = require("node:path");
const dist = path.join(__dirname, "..", "dist");

/** Answers the request of `argv` (["cgi", ...]). Throws only if Blossom cannot be loaded. */
exports.answer = function answer(argv) {
  if (require(path.join(dist, "cgi-page-cache.js")).answerFromPageCache(argv)) return;
  require("./code-cache.js").load(path.join(dist, "blossom.js")).main(argv);
};
