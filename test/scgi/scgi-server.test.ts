import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { encodeScgiRequest } from "../../plugins/scgi/protocol";
import { eventually } from "../helpers/serve";
import { rawExchange, scgiGet, scgiRequest, startScgi, waitForOutput, type RunningScgi } from "../helpers/scgi";
import { removeDir } from "../helpers/temp-blog";
import { freePort, transportBlog } from "../helpers/transport-blog";

const LIMITS = "- scgi: {max_header_bytes: 4096, max_body_bytes: 2048, header_timeout: 400, read_timeout: 1200, write_timeout: 2000, drain_timeout: 5000}";

/** Which worker process answered (the probe plugin says). */
async function answeringPid(port: number): Promise<number> {
  const response = await scgiRequest(port, { REQUEST_METHOD: "GET", PATH_INFO: "/probe/echo" });
  return (JSON.parse(response.body) as { pid: number }).pid;
}
async function workerPids(port: number, requests = 12): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < requests; i++) pids.add(await answeringPid(port));
  return pids;
}
const netstring = (text: string): string => `${Buffer.byteLength(text)}:${text},`;

describe("blossom scgi", () => {
  let dir: string;
  let config: string;
  let server: RunningScgi;

  beforeAll(async () => {
    dir = transportBlog("http://127.0.0.1:8080/blog/", [LIMITS]);
    config = join(dir, "config.yaml");
    server = await startScgi(config, ["--port", String(await freePort()), "--workers", "2"]);
  });
  afterAll(async () => {
    await server?.stop();
    removeDir(dir);
  });

  it("answers SCGI requests with CGI-style responses: pages, a POST body, the redirect, nothing outside", async () => {
    const page = await scgiGet(server.port, "/tech/");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain('href="/blog/tech/');
    expect(Number(page.headers["content-length"])).toBe(Buffer.byteLength(page.body));

    const body = "comment=" + "é".repeat(300);
    const echo = await scgiRequest(server.port, { REQUEST_METHOD: "POST", PATH_INFO: "/probe/echo", CONTENT_TYPE: "application/x-www-form-urlencoded" }, body);
    expect(JSON.parse(echo.body)).toMatchObject({ method: "POST", body, bodyBytes: Buffer.byteLength(body), headers: { "content-type": "application/x-www-form-urlencoded" } });

    expect(await scgiRequest(server.port, { REQUEST_METHOD: "GET", PATH_INFO: "" })).toMatchObject({ status: 301, headers: { location: "http://127.0.0.1:8080/blog/" } });
    const outside = await scgiRequest(server.port, { REQUEST_METHOD: "GET", SCRIPT_NAME: "", REQUEST_URI: "/blog2", PATH_INFO: "" });
    expect([outside.status, outside.body]).toEqual([404, "Not found\n"]);
    // nginx's stock scgi_params: no SCRIPT_NAME, no PATH_INFO; the path comes from REQUEST_URI and base_url.
    const nginxStyle = await rawExchange(server.port, [encodeScgiRequest({ REQUEST_METHOD: "GET", REQUEST_URI: "/blog/tech/", DOCUMENT_URI: "/blog/tech/", QUERY_STRING: "" })]);
    expect(nginxStyle.received.toString().split("\r\n\r\n")[1]).toBe(page.body);
  });

  it("runs the workers asked for, sharing one port", async () => {
    expect(server.output()).toMatch(/with 2 worker\(s\)/);
    expect((await workerPids(server.port)).size).toBe(2);
  });

  describe("bad input: the connection is closed, one line is logged, the worker goes on serving", () => {
    const cases: Array<{ name: string; parts: string[]; options?: Parameters<typeof rawExchange>[2]; log: RegExp }> = [
      { name: "not SCGI at all", parts: ["GET /blog/ HTTP/1.1\r\nHost: x\r\n\r\n"], log: /the netstring length must be decimal digits followed by ":" \(got "G"\)/ },
      { name: "a netstring without its comma", parts: [netstring("CONTENT_LENGTH\x000\x00SCGI\x001\x00").replace(/,$/, "!")], log: /the header netstring does not end with "," \(got "!"\)/ },
      { name: "a header block over max_header_bytes", parts: ["99999:CONTENT_LENGTH"], options: { keepOpen: true }, log: /the header block is over 4096 bytes/ },
      { name: "no CONTENT_LENGTH", parts: [netstring("SCGI\x001\x00REQUEST_METHOD\x00GET\x00")], log: /CONTENT_LENGTH is missing/ },
      { name: "a non-numeric CONTENT_LENGTH", parts: [netstring("CONTENT_LENGTH\x00lots\x00SCGI\x001\x00")], log: /CONTENT_LENGTH "lots" is not a number of bytes/ },
      { name: "no SCGI header", parts: [netstring("CONTENT_LENGTH\x000\x00REQUEST_METHOD\x00GET\x00")], log: /the "SCGI" header is missing/ },
      {
        name: "a body shorter than CONTENT_LENGTH, then the client closes",
        parts: [netstring("CONTENT_LENGTH\x00100\x00SCGI\x001\x00REQUEST_METHOD\x00POST\x00") + "only ten b"],
        log: /the client closed the connection before the whole request arrived \(after 10 of 100 body bytes\)/,
      },
      { name: "a client that disconnects early", parts: ["40:CONTENT_LENGTH\x00"], options: { abortAfterMs: 20 }, log: /closed the connection before the whole request arrived \(after 15 of 40 header bytes\)/ },
      { name: "a client that never finishes its header block", parts: ["60:CONTENT_LENGTH\x000"], options: { keepOpen: true }, log: /no complete header block within 400 ms/ },
      {
        name: "a client that trickles its request a byte at a time",
        parts: [...encodeScgiRequest({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: "/" }).toString("latin1")],
        options: { gapMs: 60, keepOpen: true },
        log: /no complete header block within 400 ms \(after \d+ of \d+ header bytes\)/,
      },
      {
        name: "a client that sends its body too slowly",
        parts: [netstring("CONTENT_LENGTH\x00100\x00SCGI\x001\x00REQUEST_METHOD\x00POST\x00SCRIPT_NAME\x00/blog\x00PATH_INFO\x00/\x00"), "a few bytes"],
        options: { keepOpen: true },
        log: /no complete request within 1200 ms \(after 11 of 100 body bytes\)/,
      },
    ];

    it.each(cases)("$name", async ({ parts, options, log }) => {
      const exchange = await rawExchange(server.port, parts, options);
      expect(exchange.received.toString()).toBe("");
      const mine = (output: string): string[] => output.split("\n").filter((line) => line.includes(`127.0.0.1:${exchange.localPort}:`));
      await waitForOutput(server, (output) => mine(output).length > 0);
      expect(mine(server.output())).toEqual([expect.stringMatching(/^warn blossom:scgi: 127\.0\.0\.1:\d+: connection closed: BLOSSOM_ERR_SCGI_PROTOCOL: /)]);
      expect(mine(server.output())[0]).toMatch(log);
      expect((await scgiGet(server.port, "/")).status).toBe(200);
    });

    it("a body over max_body_bytes is answered 413, since the request itself is well formed", async () => {
      const exchange = await rawExchange(server.port, [encodeScgiRequest({ REQUEST_METHOD: "POST", SCRIPT_NAME: "/blog", PATH_INFO: "/probe/echo" }, "x".repeat(5000))]);
      expect(exchange.received.toString()).toMatch(/^Status: 413 /);
      expect(exchange.received.toString()).toContain("BLOSSOM_ERR_PAYLOAD_TOO_LARGE");
      await waitForOutput(server, (output) => output.includes(`127.0.0.1:${exchange.localPort}: BLOSSOM_ERR_PAYLOAD_TOO_LARGE: the body of 5000 bytes is over 2048 bytes`));
    });

    it("a client that goes away before its answer is logged, and the answer is dropped", async () => {
      const request = encodeScgiRequest({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: "/probe/slow", QUERY_STRING: "ms=400" });
      const exchange = await rawExchange(server.port, [request], { abortAfterMs: 50, reset: true });
      expect(exchange.received.length).toBe(0);
      await waitForOutput(server, (output) => output.includes(`127.0.0.1:${exchange.localPort}: connection closed: BLOSSOM_ERR_SCGI_PROTOCOL: the client went away while it was being answered (ECONNRESET)`));
      expect((await scgiGet(server.port, "/")).status).toBe(200);
    });

    it("a client that half-closes after its request still gets the answer", async () => {
      const request = encodeScgiRequest({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: "/probe/slow", QUERY_STRING: "ms=200" });
      const exchange = await rawExchange(server.port, [request]);
      expect(exchange.received.toString()).toMatch(/^Status: 200 OK\r\n[\s\S]*slow answer from/);
    });

    it("a slow client does not hold up the others", async () => {
      const slow = rawExchange(server.port, ["60:CONTENT_LENGTH"], { keepOpen: true });
      const quick = await Promise.all(Array.from({ length: 6 }, () => scgiGet(server.port, "/tech/")));
      expect(quick.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect((await slow).received.length).toBe(0);
    });
  });

  it("every worker sees entries added and edited, without a restart", async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const file = join(dir, "entries", "cooking", "scgi-soup.txt");
    writeFileSync(file, `Miso soup\n#date ${yesterday}\n<p>Dashi first.</p>\n`);
    await eventually(async () => {
      for (let i = 0; i < 4; i++) expect((await scgiGet(server.port, "/cooking/")).body).toContain("Miso soup");
    });
    writeFileSync(file, `Miso and leek soup\n#date ${yesterday}\n<p>Dashi first.</p>\n`);
    await eventually(async () => {
      for (let i = 0; i < 4; i++) expect((await scgiGet(server.port, "/cooking/scgi-soup.html")).body).toContain("Miso and leek soup");
    });
  });

  it("replaces a worker that dies", async () => {
    const before = await workerPids(server.port);
    const victim = [...before][0]!;
    process.kill(victim, "SIGKILL");
    await waitForOutput(server, (output) => output.includes(`worker ${victim} exited (signal SIGKILL); starting a replacement`));
    await eventually(async () => {
      const now = await workerPids(server.port);
      expect(now.size).toBe(2);
      expect(now.has(victim)).toBe(false);
    }, 10_000);
  });

  it("reloads config.yaml and the plugins on SIGHUP without failing a request", async () => {
    const before = await workerPids(server.port);
    const original = readFileSync(config, "utf8");
    writeFileSync(config, original.replace(/^title: .*$/m, "title: Reloaded Hours"));
    const reloadsBefore = (server.output().match(/reloaded: /g) ?? []).length;
    const reloaded = (): boolean => (server.output().match(/reloaded: /g) ?? []).length > reloadsBefore;

    // Four clients keep asking until 20 answers came after the reload; bounded in time and count, so a slow
    // machine (new workers take longer to boot) waits for the reload rather than stopping before it.
    const statuses: number[] = [];
    let afterReload = 0;
    const deadline = Date.now() + 20_000;
    const client = async (): Promise<void> => {
      for (let i = 0; i < 5_000 && afterReload < 20 && Date.now() < deadline; i++) {
        statuses.push((await scgiGet(server.port, "/probe/echo")).status);
        if (reloaded()) afterReload++;
      }
    };
    const clients = Promise.all([client(), client(), client(), client()]);
    await new Promise((r) => setTimeout(r, 100));
    server.process.kill("SIGHUP");
    await clients;
    expect(reloaded()).toBe(true);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const after = await workerPids(server.port);
    expect(after.size).toBe(2);
    for (const pid of after) expect(before.has(pid)).toBe(false);
    expect((await scgiGet(server.port, "/")).body).toContain("Reloaded Hours");
  });

  it("keeps the running workers when a reload cannot start (a broken config.yaml)", async () => {
    const good = readFileSync(config, "utf8");
    writeFileSync(config, `${good}\nnot_a_key: true\n`);
    try {
      server.process.kill("SIGHUP");
      await waitForOutput(server, (output) => output.includes("reload failed"));
      expect(server.output()).toMatch(/BLOSSOM_ERR_CONFIG_INVALID/);
      expect((await scgiGet(server.port, "/")).body).toContain("Reloaded Hours");
      expect((await workerPids(server.port)).size).toBe(2);
    } finally {
      writeFileSync(config, good);
    }
  });

  it("drains on SIGTERM: the request in flight is answered, then every process exits 0", async () => {
    const inFlight = scgiRequest(server.port, { REQUEST_METHOD: "GET", PATH_INFO: "/probe/slow", QUERY_STRING: "ms=800" });
    await new Promise((r) => setTimeout(r, 200));
    server.process.kill("SIGTERM");
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/^slow answer from \d+/);
    expect(await server.exited).toBe(0);
    const refused = await rawExchange(server.port, [encodeScgiRequest({ REQUEST_METHOD: "GET", PATH_INFO: "/" })]);
    expect(refused.error).toBe("ECONNREFUSED");
  });
});

describe("blossom scgi start-up", () => {
  let dir: string;
  beforeAll(() => {
    dir = transportBlog("http://127.0.0.1:8080/blog/");
  });
  afterAll(() => removeDir(dir));

  it("starts one worker per CPU by default", async () => {
    const server = await startScgi(join(dir, "config.yaml"), ["--port", String(await freePort())]);
    try {
      expect(server.output()).toContain(`with ${availableParallelism()} worker(s)`);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("exits with BLOSSOM_ERR_LISTEN, not a restart loop, when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startScgi(join(dir, "config.yaml"), ["--port", String(port), "--workers", "2"])).rejects.toThrow(/exited \(1\) before it was ready[\s\S]*BLOSSOM_ERR_LISTEN/);
    } finally {
      blocker.close();
    }
  });
});
