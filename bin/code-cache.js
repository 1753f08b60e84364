"use strict";
// Loads the CLI bundle as require() would, but with a V8 code cache beside it (dist/blossom.js.codecache): a CGI
// request is a process of its own, and without the cache each one compiles the bundle and then, lazily, every
// function the request calls. Node 20 has no module.enableCompileCache (Node 22+), hence vm.Script.
//
// The cache is written at the exit of a run that found it missing, stale or rejected by V8 (another Node
// version, other flags), so it holds the functions a real request compiled, not just the top level. V8 checks
// only the source's length, so the file starts with the bundle's size and mtime: a rebuild makes it stale. If
// dist/ is not writable, there is no cache. Nothing here prints; if compiling fails, it is a plain require().
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = module.constructor; // require("node:module") would load more of Node than this needs

exports.load = function load(file) {
  const cacheFile = `${file}.codecache`;
  let script, stamp;
  try {
    const source = fs.readFileSync(file, "utf8");
    const info = fs.statSync(file);
    stamp = Buffer.from(`${info.size}:${info.mtimeMs}\n`);
    const cached = readCache(cacheFile, stamp);
    // Node's CommonJS wrapper, on the source's first line, so line numbers in stack traces stay right.
    script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
      filename: file,
      cachedData: cached,
    });
    if (!cached || script.cachedDataRejected) process.once("exit", () => save(script, cacheFile, stamp));
  } catch {
    return require(file);
  }
  // Registered in require.cache as require() would, so a later require(file) gets this same module.
  const mod = new Module(file, module);
  mod.filename = file;
  require.cache[file] = mod;
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  // import() in code from a code cache fails on Node 20 (V8 does not restore the script's host-defined options),
  // so the bundle imports ES module plugins with this one, compiled here by Node's own loader.
  mod.exports.setEsmImport((url) => import(url));
  return mod.exports;
};

function readCache(cacheFile, stamp) {
  try {
    const data = fs.readFileSync(cacheFile);
    return data.subarray(0, stamp.length).equals(stamp) ? data.subarray(stamp.length) : undefined;
  } catch {
    return undefined; // none yet: this run writes it
  }
}

function save(script, cacheFile, stamp) {
  // Written under a temporary name and renamed, so a request running alongside reads the old file or the new.
  const temp = `${cacheFile}.${process.pid}`;
  try {
    fs.accessSync(path.dirname(cacheFile), fs.constants.W_OK); // before serialising: dist/ may be read-only
    fs.writeFileSync(temp, Buffer.concat([stamp, script.createCachedData()]));
    fs.renameSync(temp, cacheFile);
  } catch {
    // No cache, then; the next run tries again. A file half-written (a full disk) is removed, quietly too.
    try {
      fs.unlinkSync(temp);
    } catch {}
  }
}
