// The proxy against hostile clients and a hostile API: raw bytes over node:net against the proxy
// served by Node's http (toNodeHandler), Express, Bun, Deno and workerd; Fetch Requests made in each
// runtime and handed to the handler (hostile/cases.mjs); the memory of a Node proxy under bodies it
// refuses. Behind it, a fake API that records everything (hostile/upstream.mjs).
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startUpstream } from "./hostile/upstream.mjs";
import { runCases } from "./hostile/cases.mjs";
import { KEY, PATH, BODY } from "./hostile/proxies.mjs";
import { raw } from "./raw.mjs";
import { RUNTIMES, startProxy } from "./start.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let up;
before(async () => (up = await startUpstream()));
after(() => up?.close());

const hostile = (runtime) => startProxy(runtime, { APP: "hostile", UP: up.url, KEY });

/** A body writer for raw(): `total` bytes in chunks (HTTP chunked when `chunked`), as fast as the
 * socket takes them, until it closes or (unless `deaf`) the answer has arrived. */
const flood = (total, { chunked = false, chunk = 64 * 1024, deaf = false } = {}) => (socket) => {
  let sent = 0;
  const piece = Buffer.alloc(chunk, 32);
  const frame = chunked ? Buffer.concat([Buffer.from(`${chunk.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece;
  const more = () => {
    while (!socket.destroyed && sent < total) {
      sent += chunk;
      if (!socket.write(frame)) return socket.once("drain", more);
    }
    if (!socket.destroyed && chunked) socket.write("0\r\n\r\n");
  };
  if (!deaf) socket.on("data", () => (sent = total)); // the answer came: stop sending
  more();
};

describe("Fetch Requests made in the runtime, handed to the handler", () => {
  for (const runtime of ["node", "bun", "deno", "workerd"]) {
    test(`under ${runtime}`, { timeout: 240000 }, async (t) => {
      let results;
      if (runtime === "node") {
        results = await runCases(up.url);
      } else {
        const proxy = await hostile(runtime);
        try {
          results = await (await fetch(`${proxy.url}/__cases`)).json();
        } finally {
          proxy.stop();
        }
      }
      for (const { name, error } of results) await t.test(name, () => assert.equal(error, ""));
    });
  }
});

for (const runtime of RUNTIMES) {
  describe(`raw requests to the proxy under ${runtime}`, () => {
    let proxy;
    before(async () => (proxy = await hostile(runtime)));
    after(() => proxy?.stop());
    const host = () => new URL(proxy.url).host;
    const posts = async (tag) => (await up.log(tag)).filter((e) => e.method === "POST").length;

    /** The proxy still runs and still answers a plain status read. */
    async function alive(after) {
      assert.equal(proxy.child.exitCode, null, `the ${runtime} proxy exited after ${after}:\n${proxy.output().slice(-2000)}`);
      const r = await fetch(`${proxy.url}${PATH}?generation_id=alive`);
      assert.equal(r.status, 200, `after ${after}`);
      assert.equal((await r.json()).id, "alive");
    }

    const malformed = [
      ["TRACE", "TRACE /v2/video/generations HTTP/1.1\nHost: H"],
      ["a Host header that is not a host", "GET /v2/video/generations?generation_id=g HTTP/1.1\nHost: a b"],
      ["a request target that is not a URL", "GET http://[zz/v2/video/generations HTTP/1.1\nHost: H"],
      ["OPTIONS *", "OPTIONS * HTTP/1.1\nHost: H"],
      ["a header of bytes that are not ASCII", "GET /v2/video/generations?generation_id=g HTTP/1.1\nHost: H\nX-Odd: \u00ff\u00fe\u0080"],
      ["a percent-encoding that is not one", "GET /v2/video/generations?generation_id=%zz%u0000%ff HTTP/1.1\nHost: H"],
    ];
    for (const [what, head] of malformed) {
      test(`${what}: an answer, and the proxy lives`, async () => {
        const r = await raw(proxy.url, head.replaceAll("Host: H", `Host: ${host()}`));
        assert.ok(r.status >= 200 && r.status < 500 && r.status !== 0, `${what}: ${r.status} ${r.end} ${r.body.slice(0, 200)}`);
        await alive(what);
      });
    }

    for (const [what, target] of [
      ["scheme-relative", "//evil.example/v2/video/generations"],
      ["absolute-form", "http://evil.example/v2/video/generations"],
    ]) {
      test(`a ${what} request target naming another host does not make it the proxy's origin`, async () => {
        const before = await posts("root");
        const r = await raw(proxy.url, `POST ${target} HTTP/1.1\nHost: ${host()}\nOrigin: http://evil.example\nContent-Type: application/json\nContent-Length: ${BODY.length}`, { body: BODY });
        assert.ok(r.status >= 400 && r.status < 500, `status ${r.status} ${r.end}`);
        assert.equal(r.headers["access-control-allow-origin"], undefined);
        assert.equal(await posts("root"), before, "the request was forwarded with the server's key");
        await alive(what);
      });
    }

    test("a chunked body over the limit gets the 413 it was promised, not a reset", async () => {
      const tag = `chunked-${runtime}`;
      const r = await raw(proxy.url, `POST /m/ok/${tag}${PATH} HTTP/1.1\nHost: ${host()}\nContent-Type: application/json\nTransfer-Encoding: chunked`, { body: flood(1 << 20, { chunked: true, chunk: 16 * 1024 }) });
      // As below: workerd's server closes a connection whose body the answer left unread, and a
      // client still sending may lose the 413 to the reset that follows (seen when the test
      // process is busy); the Fetch cases show the handler's 413 there.
      if (runtime === "workerd" && r.status === 0) assert.equal(r.end, "reset");
      else {
        assert.equal(r.status, 413, `${r.end}: ${r.body.slice(0, 200)}`);
        assert.equal(JSON.parse(r.body).statusCode, 413);
      }
      assert.equal(await posts(tag), 0);
      await alive("a chunked body over the limit");
    });

    test("a body announced over the limit gets 413 at once, without being read", async () => {
      const tag = `length-${runtime}`;
      const r = await raw(proxy.url, `POST /m/ok/${tag}${PATH} HTTP/1.1\nHost: ${host()}\nContent-Type: application/json\nContent-Length: ${1 << 30}`, { body: flood(64 << 20) });
      // Bun's and workerd's servers close the connection of a body answered before it is read,
      // whatever the handler does with it (even nothing), so a client still sending may read a
      // reset; the Fetch cases show the handler's 413 there.
      if (["bun", "workerd"].includes(runtime) && r.status === 0) assert.equal(r.end, "reset");
      else assert.equal(r.status, 413, `${r.end}: ${r.body.slice(0, 200)}`);
      assert.equal(await posts(tag), 0);
      await alive("a body announced over the limit");
    });

    test("a chunked body of one-byte chunks gets a 400, not memory for every chunk", async () => {
      const tag = `crumbs-${runtime}`;
      const r = await raw(proxy.url, `POST /m/ok/${tag}${PATH} HTTP/1.1\nHost: ${host()}\nContent-Type: application/json\nTransfer-Encoding: chunked`, {
        body: (s) => s.write(Buffer.from("1\r\n \r\n".repeat(60000))),
      });
      assert.equal(r.status, 400, `${r.end}: ${r.body.slice(0, 200)}`);
      assert.equal(await posts(tag), 0);
      await alive("a body of one-byte chunks");
    });

    test("a client that hangs up in the middle of its body sends nothing on", async () => {
      const tag = `hangup-${runtime}`;
      await raw(proxy.url, `POST /m/ok/${tag}${PATH} HTTP/1.1\nHost: ${host()}\nContent-Type: application/json\nContent-Length: 50000`, {
        body: (s) => s.write(BODY.slice(0, 20), () => setTimeout(() => s.destroy(), 50)),
      });
      await sleep(200);
      assert.equal((await up.log(tag)).length, 0);
      await alive("a client that hung up");
    });

    test("requests pipelined on one connection reach the API one at a time", { timeout: 20000 }, async () => {
      // Node's server handed them all to the handler at once: 5,000 on one connection were 5,000
      // calls to the API, and hundreds of MiB.
      const tag = `pipe-${runtime}`;
      const one = (i) => `GET /m/hold/${tag}${PATH}?generation_id=p${i} HTTP/1.1\r\nHost: ${host()}\r\n\r\n`;
      const rest = Array.from({ length: 39 }, (_, i) => one(i + 1)).join("");
      await raw(proxy.url, one(0).slice(0, -4), { body: rest, timeoutMs: 3000, hold: true });
      const seen = await up.log(tag);
      // Bun closes such a connection without answering (docs/PROXY.md): nothing reaches the API.
      if (runtime !== "bun") assert.ok(seen.length > 0, "no request reached the API");
      assert.ok(seen.every((e) => e.inflight === 1), `at most one at a time, not ${Math.max(...seen.map((e) => e.inflight))}`);
      await alive("requests pipelined");
    });

    test("two Host headers get 400 and are not forwarded", async () => {
      const tag = `hosts-${runtime}`;
      const r = await raw(proxy.url, `GET /m/ok/${tag}${PATH}?generation_id=g HTTP/1.1\nHost: evil.example\nHost: ${host()}`);
      assert.equal(r.status, 400, `${r.end}: ${r.body.slice(0, 200)}`);
      assert.equal((await up.log(tag)).length, 0);
      await alive("two Host headers");
    });

    test("catalogue reads: a 12 KB query, 1,000 distinct ids at once, then one read of the API for many of a model", async () => {
      const tag = `catalogue-${runtime}`;
      const models = `${proxy.url}/m/ok/${tag}/v1/models`;
      const huge = await fetch(`${models}?id=${"x".repeat(12000)}&include=pricing`);
      assert.equal(huge.status, 400, await huge.text());
      const ids = Array.from({ length: 1000 }, (_, i) => `google/veo-${i}-${"y".repeat(50)}`);
      const statuses = await Promise.all(ids.map((id) => fetch(`${models}?id=${encodeURIComponent(id)}&include=pricing`).then((r) => r.text().then(() => r.status))));
      assert.deepEqual([...new Set(statuses)], [404]);
      assert.equal((await up.log(tag)).length, 0, "a model not allowed reached the API");
      const read = () => fetch(`${models}?id=google%2Fveo-3.1-i2v&include=pricing`).then(async (r) => [r.status, (await r.json()).data?.[0]?.id]);
      assert.deepEqual(await read(), [200, "google/veo-3.1-i2v"]);
      const more = await Promise.all(Array.from({ length: 50 }, read));
      assert.ok(more.every(([status, id]) => status === 200 && id === "google/veo-3.1-i2v"));
      const log = await up.log(tag);
      assert.equal(log.length, 1, "the proxy's memory answers within its window");
      assert.equal(log[0].headers.authorization, undefined, "the catalogue was read with a key");
      await alive("catalogue reads");
    });

    test("200 concurrent requests each get their own answer, while a client trickles its body", async () => {
      const slow = raw(proxy.url, `POST /m/ok/trickle-${runtime}${PATH} HTTP/1.1\nHost: ${host()}\nContent-Type: application/json\nContent-Length: ${BODY.length}`, {
        body: (s) => [...BODY].forEach((c, i) => setTimeout(() => s.destroyed || s.write(c), i * 10)),
      });
      const ids = Array.from({ length: 200 }, (_, i) => `gen-${runtime}-${i}`);
      const got = await Promise.all(ids.map((id) => fetch(`${proxy.url}${PATH}?generation_id=${id}`).then((r) => r.json())));
      assert.deepEqual(got.map((b) => b.id), ids);
      assert.equal((await slow).status, 200);
    });
  });
}

test("the Node adapter refuses past PIPELINED waiting on a connection, and handles nothing after", async () => {
  const n = Number(/const PIPELINED = (\d+);/.exec(readFileSync("js/proxy/node.js", "utf8"))[1]);
  assert.match(readFileSync("docs/PROXY.md", "utf8"), new RegExp(`past ${n} waiting`));
  const { toNodeHandler } = await import("../../dist/proxy.js");
  const http = await import("node:http");
  const net = await import("node:net");
  const handled = [];
  const handler = async (request) => {
    handled.push(new URL(request.url).searchParams.get("generation_id"));
    await sleep(20);
    return new Response("{}");
  };
  const server = http.createServer(toNodeHandler(handler));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const socket = net.connect(server.address().port, "127.0.0.1");
    socket.on("error", () => {});
    const one = (i) => `GET ${PATH}?generation_id=r${i} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    let text = "";
    socket.on("data", (d) => (text += d));
    const closed = new Promise((r) => socket.on("close", r));
    socket.write(Array.from({ length: n + 2 }, (_, i) => one(i)).join(""));
    // One more once the first answers are out, before the connection has closed.
    await sleep(60);
    if (!socket.destroyed) socket.write(one(n + 2));
    await Promise.race([closed, sleep(3000)]);
    socket.destroy();
    const statuses = (text.match(/^HTTP\/1\.1 \d+/gm) ?? []).map((l) => Number(l.slice(9)));
    assert.deepEqual(statuses, [...Array(n).fill(200), 429]);
    assert.deepEqual(handled, Array.from({ length: n }, (_, i) => `r${i}`));
  } finally {
    server.close();
  }
});

test("the Node adapter passes on every cookie an authorize Response sets", async () => {
  const { createProxy, toNodeHandler } = await import("../../dist/proxy.js");
  const http = await import("node:http");
  const authorize = () => new Response("{}", { status: 429, headers: [["set-cookie", "a=1"], ["set-cookie", "b=2"]] });
  const server = http.createServer(toNodeHandler(createProxy({ apiKey: KEY, upstream: up.url, authorize })));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const r = await fetch(`http://127.0.0.1:${server.address().port}${PATH}?generation_id=g`);
    assert.equal(r.status, 429);
    assert.deepEqual(r.headers.getSetCookie(), ["a=1", "b=2"]);
  } finally {
    server.close();
  }
});

test("the Node adapter answers when an app's handler throws, and the next request on the connection too", async () => {
  const { toNodeHandler } = await import("../../dist/proxy.js");
  const http = await import("node:http");
  let n = 0;
  const handler = () => {
    if (n++ === 0) throw new Error("the app's own bug");
    return Promise.resolve(new Response("{}", { status: 200 }));
  };
  const server = http.createServer(toNodeHandler(handler));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    // Two requests on one connection: the whole of what comes back.
    const net = await import("node:net");
    const socket = net.connect(server.address().port, "127.0.0.1");
    const one = (i) => `GET ${PATH}?generation_id=${i} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    socket.write(one(0) + one(1));
    let text = "";
    socket.on("data", (d) => (text += d));
    for (let i = 0; i < 40 && (text.match(/^HTTP\/1\.1 /gm) ?? []).length < 2; i++) await sleep(50);
    socket.destroy();
    assert.deepEqual(text.match(/^HTTP\/1\.1 \d+/gm), ["HTTP/1.1 500", "HTTP/1.1 200"], text.slice(0, 500));
  } finally {
    server.close();
  }
});

test("the Node adapter lets go of requests whose client left while they waited their turn", async () => {
  const { toNodeHandler } = await import("../../dist/proxy.js");
  const http = await import("node:http");
  const net = await import("node:net");
  // An app's handler that counts the calls in flight, as a quota of concurrent jobs would.
  let inflight = 0;
  const handler = async (request) => {
    inflight++;
    try {
      await request.text();
      await sleep(300);
      return new Response("{}");
    } finally {
      inflight--;
    }
  };
  const server = http.createServer(toNodeHandler(handler));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    for (let i = 0; i < 5; i++) {
      const socket = net.connect(server.address().port, "127.0.0.1");
      socket.on("error", () => {});
      const one = `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`;
      socket.write(one.repeat(4));
      await sleep(100);
      socket.destroy();
    }
    await sleep(1500);
    assert.equal(inflight, 0, "calls of the handler that never settled");
  } finally {
    server.close();
  }
});

describe("memory of the Node proxy under hostile bodies", () => {
  let proxy;
  before(async () => (proxy = await hostile("node")));
  after(() => proxy?.stop());
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proxy.child.pid}/status`, "utf8"))[1]) * 1024;

  test("32 connections flooding 1 GiB bodies that the proxy refuses add less than 24 MiB", { timeout: 60000 }, async (t) => {
    for (let i = 0; i < 20; i++) await fetch(`${proxy.url}${PATH}?generation_id=warm`).then((r) => r.text());
    const base = rss();
    let peak = base;
    const sample = setInterval(() => (peak = Math.max(peak, rss())), 50);
    const head = (extra) => `POST ${PATH} HTTP/1.1\nHost: ${new URL(proxy.url).host}\nContent-Type: application/json\nContent-Length: ${1 << 30}${extra}`;
    // A refused origin (403), and a body over the limit (413), each on 16 connections for 2 s.
    const floods = [];
    for (let i = 0; i < 16; i++) {
      floods.push(raw(proxy.url, head("\nOrigin: http://evil.example"), { body: flood(1 << 30, { deaf: true }), timeoutMs: 2000, hold: true }));
      floods.push(raw(proxy.url, head(""), { body: flood(1 << 30, { deaf: true }), timeoutMs: 2000, hold: true }));
    }
    const answers = await Promise.all(floods);
    await sleep(200);
    clearInterval(sample);
    t.diagnostic(`RSS ${(base / 2 ** 20).toFixed(1)} MiB before, peak ${(peak / 2 ** 20).toFixed(1)} MiB (+${((peak - base) / 2 ** 20).toFixed(1)} MiB)`);
    assert.deepEqual([...new Set(answers.map((a) => a.status))].sort(), [403, 413]);
    assert.ok(peak - base < 24 * 2 ** 20, `RSS grew by ${((peak - base) / 2 ** 20).toFixed(1)} MiB`);
    assert.equal(proxy.child.exitCode, null);
  });
});
