#!/usr/bin/env node
"use strict";
// The CLI is one bundled file so a CGI request pays one module load, not hundreds.
require("../dist/blossom.js").main(process.argv.slice(2));
