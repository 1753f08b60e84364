#!/usr/bin/env node
"use strict";
// The CLI is one bundled file so a CGI request pays one module load, not hundreds.
const argv = process.argv.slice(2);
if (argv[0] === "cgi") require("./cgi.js").answer(argv);
else require(require("node:path").join(__dirname, "..", "dist", "blossom.js")).main(argv);
