// The `fetch` and `headers` options of every export: in Node against the simulator, and in a
// Chromium page on another origin (the real fetch, a real CORS preflight).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, simLog, freshPage } from "./harness.mjs";
import * as pkg from "../../dist/index.js";

let env;
before(async () => {
  env = await setUp({ jobMs: 150 });
});
after(() => env.close());

const KEY = "sk-transport-key-12345678";
const ask = (baseUrl, more = {}) => ({ apiKey: KEY, baseUrl, prompt: "a cat", imageUrl: "https://example.com/c.png", pollIntervalMs: 20, ...more });
const outcome = (p) => p.then((v) => ({ ok: v }), (e) => ({ name: e.name, code: e.code, message: e.message, retryable: e.retryable }));

test("a fetch of the caller's sends every request of every export, as fetch(url, init), with the headers", async () => {
  const tag = `own-${Date.now()}`;
  const base = `${env.sim}/t/${tag}`;
  const seen = [];
  const fetch = (url, init) => {
    seen.push({ url, method: init.method, headers: { ...init.headers }, plain: Object.getPrototypeOf(init.headers) });
    return globalThis.fetch(url, init);
  };
  const headers = { "X-Session": "tok-1", "x-skip": undefined };
  const video = await pkg.generateVideo(ask(base, { fetch, headers }));
  assert.equal(video.status, "completed");
  const made = await pkg.createGeneration(ask(base, { fetch, headers }));
  const status = await pkg.getGeneration({ apiKey: KEY, baseUrl: base, id: made.id, fetch, headers: new Headers({ "x-session": "tok-2" }) });
  const waited = await pkg.waitForVideo({ apiKey: KEY, baseUrl: base, id: made.id, pollIntervalMs: 20, fetch, headers });
  assert.equal(waited.id, made.id);
  assert.ok(["pending", "completed"].includes(status.state));
  // Every request the simulator saw went through the caller's fetch, and carried the headers.
  const log = await simLog(env.sim, tag);
  assert.equal(seen.length, log.length);
  assert.ok(seen.length >= 5, `${seen.length} requests`);
  for (const s of seen) {
    assert.equal(typeof s.url, "string");
    assert.equal(s.plain, null, "init.headers is a plain record");
    assert.equal(s.headers.Authorization, `Bearer ${KEY}`);
    assert.equal(s.headers.Accept, "application/json");
    assert.ok(!("x-skip" in s.headers), "an undefined header is left out");
  }
  assert.deepEqual(seen.map((s) => s.method).filter((m) => m === "POST").length, 2);
  for (const e of log) assert.match(e.headers["x-session"], /^tok-[12]$/);
  assert.equal(log.filter((e) => e.headers["x-session"] === "tok-2").length, 1, "the Headers object of getGeneration");
});

test("bad headers are refused before any request, and never quoted", async () => {
  const tag = `bad-${Date.now()}`;
  const base = `${env.sim}/t/${tag}`;
  let calls = 0;
  const fetch = (u, i) => (calls++, globalThis.fetch(u, i));
  const cases = [
    [{ Authorization: "Bearer other-token-9999" }, /headers: Authorization would replace the apiKey's/],
    [{ "content-type": "text/plain" }, /content-type is set by aimlapi-video itself/],
    [{ "x-a": "one\r\nx-b: two" }, /x-a's value has characters a header cannot carry/],
    [{ "bad name": "v" }, /not a valid header name/],
    [{ "x-n": 5 }, /headers must be an object of header names to string values/],
    ["x-a: 1", /headers must be an object of header names to string values/],
  ];
  for (const [headers, want] of cases) {
    const r = await outcome(pkg.generateVideo(ask(base, { headers, fetch })));
    assert.equal(r.code, "invalid_request", JSON.stringify(r));
    assert.match(r.message, want);
    assert.doesNotMatch(r.message, /other-token|two|text\/plain/);
  }
  assert.equal((await outcome(pkg.generateVideo(ask(base, { fetch: "fetch" })))).code, "invalid_request");
  assert.equal(calls, 0);
  assert.equal((await simLog(env.sim, tag)).length, 0);
  // Behind a proxy, with no key of the call's own, Authorization is the caller's.
  const ok = await pkg.generateVideo({ ...ask(base), apiKey: undefined, headers: { Authorization: "Bearer session-7" } });
  assert.equal(ok.status, "completed");
  assert.ok((await simLog(env.sim, tag)).every((e) => e.authorization === "Bearer session-7"));
});

test("a fetch that throws, rejects, answers junk or never answers still settles the call, coded", async () => {
  const tag = `junk-${Date.now()}`;
  const base = `${env.sim}/t/${tag}`;
  const threw = await outcome(pkg.generateVideo(ask(base, { fetch: () => { throw new Error(`proxy down (${KEY})`); } })));
  assert.equal(threw.code, "network_error");
  assert.match(threw.message, /The fetch option failed: proxy down/);
  assert.ok(!threw.message.includes(KEY), "the key the fetch's message held is scrubbed");
  // A paid submit that may have gone out is not retried, nor invited to be.
  assert.equal(threw.retryable, false);
  const rejected = await outcome(pkg.getGeneration({ apiKey: KEY, baseUrl: base, id: "x:google/veo-3.1-i2v", maxRetries: 0, fetch: async () => Promise.reject(new TypeError("offline")) }));
  assert.equal(rejected.code, "network_error");
  assert.match(rejected.message, /offline/);
  for (const junk of [undefined, 42, { status: 200 }, { status: 9000, text() {}, headers: { get() {} } }]) {
    const r = await outcome(pkg.getGeneration({ apiKey: KEY, baseUrl: base, id: "x:google/veo-3.1-i2v", maxRetries: 0, fetch: async () => junk }));
    assert.equal(r.code, "network_error", JSON.stringify(junk));
    assert.match(r.message, /not a Response/);
  }
  // A fetch that heeds no signal: the deadline and the caller's abort still settle the call.
  const never = () => new Promise(() => {});
  const late = await outcome(pkg.generateVideo(ask(base, { fetch: never, timeoutMs: 200 })));
  assert.equal(late.code, "timeout");
  const c = new AbortController();
  setTimeout(() => c.abort(), 50);
  const stopped = await outcome(pkg.getGeneration({ apiKey: KEY, baseUrl: base, id: "x:google/veo-3.1-i2v", fetch: never, signal: c.signal }));
  assert.equal(stopped.code, "aborted");
  // A body that never ends, from a Response-like of the caller's.
  const endless = async () => ({ status: 200, headers: new Headers(), text: never });
  const cut = await outcome(pkg.getGeneration({ apiKey: KEY, baseUrl: base, id: "x:google/veo-3.1-i2v", fetch: endless, timeoutMs: 200 }));
  assert.equal(cut.code, "timeout");
  // A Response of another library passes as one: only its shape is asked for.
  const other = async (u, i) => {
    const r = await globalThis.fetch(u, i);
    return { status: r.status, headers: r.headers, text: () => r.text() };
  };
  assert.equal((await pkg.generateVideo(ask(base, { fetch: other }))).status, "completed");
  assert.equal((await simLog(env.sim, tag)).filter((e) => e.method === "POST").length, 1);
});

test("in a page on another origin, headers pass the CORS preflight and a fetch of the page's own is used", async () => {
  const page = await freshPage(env);
  const tag = `page-${Date.now()}`;
  const r = await page.evaluate(async (o) => {
    const { generateVideo } = await import("aimlapi-video");
    const urls = [];
    const fetch = (u, i) => (urls.push(u), window.fetch(u, i));
    const v = await generateVideo({ ...o, fetch, headers: { "X-Session": "tok-page" } });
    return { status: v.status, urls: urls.length, origin: location.origin };
  }, ask(`${env.sim}/t/${tag}`));
  await page.close();
  assert.equal(r.status, "completed");
  const log = await simLog(env.sim, tag);
  assert.equal(r.urls, log.length);
  assert.notEqual(new URL(env.sim).origin, r.origin);
  for (const e of log) {
    assert.equal(e.headers["x-session"], "tok-page");
    assert.equal(e.origin, r.origin);
  }
});
