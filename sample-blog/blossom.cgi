#!/usr/bin/env node
// Blossom as a CGI script: a web server runs this file once per request (lighttpd mod_cgi, Apache mod_cgi or
// mod_cgid; see plugins/cgi/README.md). It answers from the CGI environment and stdin on stdout.
//
// The blog's config is $BLOSSOM_CONFIG, else the config.yaml beside this script. Blossom itself is
// $BLOSSOM_HOME, else the Blossom installed for this folder (`npm install blossom` here or in a parent), else
// the repository this sample blog ships in.
"use strict";
const path = require("node:path");

const config = process.env.BLOSSOM_CONFIG || path.join(__dirname, "config.yaml");

function blossomHome() {
  if (process.env.BLOSSOM_HOME) return process.env.BLOSSOM_HOME;
  try {
    return path.dirname(require.resolve("blossom/package.json", { paths: [__dirname] }));
  } catch {
    return path.join(__dirname, "..");
  }
}

try {
  // As `blossom cgi` starts: the page cache first, then Blossom through its code cache (bin/cgi.js).
  require(path.join(blossomHome(), "bin", "cgi.js")).answer(["cgi", "--config", config]);
} catch (error) {
  // Say it on both sides: the reader gets a plain 500, the server's error log gets the reason.
  process.stderr.write(`blossom.cgi: cannot load Blossom (${error.code || error.message}); set BLOSSOM_HOME or npm install blossom\n`);
  process.stdout.write("Status: 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe blog is not set up correctly; the reason is in the server's error log.\n");
  process.exit(2);
}
