// Real web servers in front of Blossom, for the transport tests (test/servers/) and the benchmark
// (bench/transports.mjs). Each server runs from a scaffold in templates/ wrapped around the very deployment
// snippet the docs show (plugins/scgi/deploy/, plugins/cgi/deploy/), with its example values (/srv/blog, port
// 8040) replaced. Servers listen on 127.0.0.1 only; pid, logs and temp files live in a temporary folder.
// Started as root, they drop to www-data, as in production.
//
// Plain CommonJS (typed by harness.d.cts) so the .mjs benchmark and the TypeScript tests share it.
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const REPO = path.join(__dirname, "..", "..");
const TEMPLATES = path.join(__dirname, "templates");

/** The set-ups: which server, which scaffold, which deployment snippet, which transport. */
const SETUPS = {
  "lighttpd-scgi": { server: "lighttpd", snippet: "plugins/scgi/deploy/lighttpd.conf", transport: "scgi" },
  "nginx-scgi": { server: "nginx", snippet: "plugins/scgi/deploy/nginx.conf", transport: "scgi" },
  "lighttpd-cgi": { server: "lighttpd", snippet: "plugins/cgi/deploy/lighttpd.conf", transport: "cgi" },
  "apache-scgi": { server: "apache", snippet: "plugins/scgi/deploy/apache.conf", transport: "scgi", modules: ["proxy", "proxy_scgi"] },
  "apache-cgi": { server: "apache", snippet: "plugins/cgi/deploy/apache.conf", transport: "cgi", modules: ["cgid"] },
  // Not Blossom: Debian's Perl Blosxom as CGI, for the benchmark's comparison on the same entries.
  "lighttpd-blosxom": { server: "lighttpd", snippet: "bench/blosxom/lighttpd.conf", transport: "cgi", benchOnly: true },
};

/** Where each server's binary is; a missing one is an error (CI installs them from .ci/apt-packages.txt). */
const BINARIES = { lighttpd: "/usr/sbin/lighttpd", nginx: "/usr/sbin/nginx", apache: "/usr/sbin/apache2" };
const PACKAGES = { lighttpd: "lighttpd", nginx: "nginx", apache: "apache2" };

/** The unprivileged user servers switch to when started as root. */
const SERVER_USER = "www-data";

function requireBinary(file, pkg) {
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: install the Debian package "${pkg}" (it is listed in .ci/apt-packages.txt)`);
  }
  return file;
}

function runningAsRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** uid/gid of the server user, when running as root. */
function serverIds() {
  if (!runningAsRoot()) return undefined;
  const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${SERVER_USER}:`));
  if (!line) throw new Error(`user ${SERVER_USER} does not exist`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** Gives a tree to the server user (CGI writes the blog's .blossom cache as that user). */
function giveToServerUser(dir) {
  const ids = serverIds();
  if (!ids) return;
  const visit = (p) => {
    fs.lchownSync(p, ids.uid, ids.gid);
    if (fs.lstatSync(p).isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  visit(dir);
}

/**
 * A site folder as a deployment has it: `blog/` (a copy of `source`, config.yaml's base_url set) and
 * `node_modules/blossom` (this repository, linked), so blossom.cgi finds Blossom as after `npm install blossom`.
 * `editConfig` may rewrite config.yaml's text further.
 */
function createSite({ source = path.join(REPO, "sample-blog"), baseUrl, editConfig = (text) => text, prefix = "blossom-site-" }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(root, 0o755);
  const blogDir = path.join(root, "blog");
  fs.cpSync(source, blogDir, { recursive: true, filter: (src) => path.basename(src) !== ".blossom" && path.basename(src) !== "public" });
  fs.mkdirSync(path.join(root, "node_modules"));
  fs.symlinkSync(REPO, path.join(root, "node_modules", "blossom"));
  const config = path.join(blogDir, "config.yaml");
  let text = fs.readFileSync(config, "utf8");
  if (!/^base_url: .*$/m.test(text)) throw new Error(`${config} has no base_url line to set`);
  text = text.replace(/^base_url: .*$/m, `base_url: "${baseUrl}"`);
  fs.writeFileSync(config, editConfig(text));
  const script = path.join(blogDir, "blossom.cgi");
  if (!fs.existsSync(script)) fs.copyFileSync(path.join(REPO, "sample-blog", "blossom.cgi"), script);
  fs.chmodSync(script, 0o755);
  giveToServerUser(blogDir);
  return { root, blogDir, config, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Renders `{{name}}` placeholders. */
function render(template, values) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`template placeholder {{${name}}} has no value`);
    return values[name];
  });
}

/** A deployment snippet with its example values replaced by this run's. */
function renderSnippet(setup, { blogDir, scgiPort }) {
  let text = fs.readFileSync(path.join(REPO, SETUPS[setup].snippet), "utf8");
  text = text.replaceAll("/srv/blog", blogDir);
  if (SETUPS[setup].transport === "scgi") {
    if (!scgiPort) throw new Error(`${setup} needs the port of blossom scgi`);
    text = text.replaceAll("8040", String(scgiPort));
  }
  return text;
}

function waitForPort(port, timeoutMs, isDead) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        const why = isDead();
        if (why) reject(new Error(why));
        else if (Date.now() > deadline) reject(new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** The command line and files for one server kind. */
function serverCommand(setup, tmp, values) {
  const { server, modules = [] } = SETUPS[setup];
  const privileges = runningAsRoot();
  if (server === "lighttpd") {
    const conf = path.join(tmp, "lighttpd.conf");
    const user = privileges ? `server.username = "${SERVER_USER}"\nserver.groupname = "${SERVER_USER}"` : "";
    fs.writeFileSync(conf, render(fs.readFileSync(path.join(TEMPLATES, "lighttpd.conf"), "utf8"), { ...values, privileges: user }));
    return { file: requireBinary(BINARIES.lighttpd, PACKAGES.lighttpd), args: ["-D", "-f", conf], stopSignal: "SIGTERM" };
  }
  if (server === "nginx") {
    const conf = path.join(tmp, "nginx.conf");
    // `include scgi_params;` resolves beside nginx.conf: the stock file, unchanged.
    fs.copyFileSync("/etc/nginx/scgi_params", path.join(tmp, "scgi_params"));
    const user = privileges ? `user ${SERVER_USER};` : "";
    fs.writeFileSync(conf, render(fs.readFileSync(path.join(TEMPLATES, "nginx.conf"), "utf8"), { ...values, privileges: user }));
    const binary = requireBinary(BINARIES.nginx, PACKAGES.nginx);
    return { file: binary, args: ["-p", tmp, "-c", conf, "-e", path.join(tmp, "error.log"), "-g", "daemon off;"], stopSignal: "SIGQUIT" };
  }
  const conf = path.join(tmp, "apache.conf");
  const user = privileges ? `User ${SERVER_USER}\nGroup ${SERVER_USER}` : "";
  const loads = modules.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join("\n");
  fs.writeFileSync(conf, render(fs.readFileSync(path.join(TEMPLATES, "apache.conf"), "utf8"), { ...values, privileges: user, modules: loads }));
  return { file: requireBinary(BINARIES.apache, PACKAGES.apache), args: ["-d", tmp, "-f", conf, "-DFOREGROUND"], stopSignal: "SIGTERM" };
}

/**
 * Starts a web server for `setup` in front of the blog in `blogDir` (and of `blossom scgi` on `scgiPort` for the
 * SCGI set-ups), listening on 127.0.0.1:`port`. Resolves once it accepts connections.
 */
async function startWebServer(setup, { blogDir, port, scgiPort, timeoutMs = 15_000 }) {
  if (!SETUPS[setup]) throw new Error(`unknown set-up "${setup}"; known: ${Object.keys(SETUPS).join(", ")}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `blossom-${setup}-`));
  fs.chmodSync(tmp, 0o755);
  for (const sub of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi", "docroot"]) fs.mkdirSync(path.join(tmp, sub));
  fs.writeFileSync(path.join(tmp, "docroot", "index.html"), "<p>Not the blog: the web server's own root.</p>\n");
  const values = { port: String(port), tmp, docroot: path.join(tmp, "docroot"), site: renderSnippet(setup, { blogDir, scgiPort }) };
  const command = serverCommand(setup, tmp, values);
  giveToServerUser(tmp);

  let output = "";
  const child = spawn(command.file, command.args, {
    cwd: tmp,
    env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  let exit;
  const exited = new Promise((resolve) => {
    child.once("error", (error) => {
      exit = `could not start ${command.file}: ${error.message}`;
      resolve(exit);
    });
    child.once("exit", (code, signal) => {
      exit = `exited (${code ?? signal})`;
      resolve(exit);
    });
  });
  const logs = () => {
    let text = output;
    for (const name of ["error.log", "access.log"]) {
      const file = path.join(tmp, name);
      if (fs.existsSync(file)) text += `\n--- ${name}\n${fs.readFileSync(file, "utf8")}`;
    }
    return text;
  };
  const stop = async () => {
    if (exit === undefined) child.kill(command.stopSignal);
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
    // Apache's CGI daemon and nginx's workers leave with their parent; nothing else of ours is left running.
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, timeoutMs, () => (exit === undefined ? undefined : `${setup}: ${command.file} ${exit}:\n${logs()}`));
  } catch (error) {
    await stop();
    throw error;
  }
  return { setup, origin: `http://127.0.0.1:${port}`, logs, stop, pid: child.pid };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `blossom scgi` for a config and resolves once its workers listen. */
function startBlossomScgi(config, { port, workers = 1, timeoutMs = 20_000, env = {} }) {
  const child = spawn(process.execPath, [path.join(REPO, "bin", "blossom.js"), "scgi", "--config", config, "--port", String(port), "--workers", String(workers)], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    const result = await exited;
    clearTimeout(killer);
    return result;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`blossom scgi did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      if (/over SCGI at /.test(output)) {
        clearTimeout(timer);
        resolve({ port, output: () => output, stop, pid: child.pid });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`blossom scgi exited (${code}) before serving:\n${output}`));
    });
  });
}

/** The Debian packages the set-ups need (the same names are in .ci/apt-packages.txt). */
function debianPackages() {
  return [...new Set(Object.values(SETUPS).map((s) => PACKAGES[s.server]))];
}

/** The server's version line (for the benchmark's report). */
function serverVersion(setup) {
  const { server } = SETUPS[setup];
  const binary = requireBinary(BINARIES[server], PACKAGES[server]);
  const result = spawnSync(binary, ["-v"], { encoding: "utf8" });
  return `${result.stdout}${result.stderr}`.split("\n").find((line) => line.trim()) ?? server;
}

module.exports = { SETUPS, REPO, createSite, startWebServer, startBlossomScgi, freePort, renderSnippet, debianPackages, serverVersion, runningAsRoot };
