#!/usr/bin/env node
"use strict";
// The CLI is one bundled file so a CGI request pays one module load, not hundreds.
const bundle = require("node:path").join(__dirname, "..", "dist", "blossom.js");
const argv = process.argv.slice(2);
// A CGI request is a whole process, so it loads the bundle through a code cache (see code-cache.js). Only CGI
// requests do, so the cache holds what a request compiles, not what a render or a server did.
const cli = argv[0] === "cgi" ? require("./code-cache.js").load(bundle) : require(bundle);
cli.main(argv);
