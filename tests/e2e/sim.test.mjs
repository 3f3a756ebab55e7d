// The simulator's answers for the tracing ids, the cost, the answer shapes, the price catalogue and
// the usage logs (spec/api/tracing-cost-logs.md), each documented behaviour and each fault that
// stands for an unknown, checked over plain HTTP (the browser suites use the same answers).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSim } from "../../sim/server.mjs";
import { simLog } from "./harness.mjs";

const JOB_MS = 120;
let sim;
before(async () => {
  sim = await startSim({ jobMs: JOB_MS });
});
after(() => sim.close());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const uniq = (p) => `${p}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const base = (tag, faults) => `${sim.url}${tag ? `/t/${tag}` : ""}${faults ? `/f/${faults}` : ""}`;

async function submit(prefix, body, headers = {}) {
  const r = await fetch(`${prefix}/v2/video/generations`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-sim-test", ...headers },
    body: JSON.stringify({ prompt: "a cat", model: "google/veo-3.1-t2v", ...body }),
  });
  return { r, body: await r.json() };
}
const poll = async (prefix, id) => {
  const r = await fetch(`${prefix}/v2/video/generations?generation_id=${encodeURIComponent(id)}`, { headers: { authorization: "Bearer sk-sim-test" } });
  return { r, body: await r.json() };
};
/** Polls until the job says something other than queued/generating. */
async function finish(prefix, id) {
  for (;;) {
    const p = await poll(prefix, id);
    if (!["queued", "generating"].includes(p.body.status)) return p;
    await sleep(30);
  }
}
const exposed = (r) => r.headers.get("access-control-expose-headers").split(/,\s*/);
const catalogue = (prefix, query, headers = {}) => fetch(`${prefix}/v1/models?${query}`, { headers });
const logs = async (prefix, query, headers = { authorization: "Bearer sk-sim-test" }) => {
  const r = await fetch(`${prefix}/v2/logs?${query}`, { headers });
  return { r, body: r.status === 304 ? null : await r.json() };
};

test("every answer of the generation route names its inference and exposes the tracing and cost headers to pages", async () => {
  const { r, body } = await submit(base(), { duration: 4 });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("x-inference-id"), body.id);
  assert.match(r.headers.get("x-request-id"), /^[0-9a-f-]{36}$/);
  for (const h of ["x-inference-id", "x-client-request-id", "x-aimlapi-credits-used", "x-aimlapi-usd-spent", "x-request-id"]) assert.ok(exposed(r).includes(h), h);
  const p = await poll(base(), body.id);
  assert.equal(p.r.headers.get("x-inference-id"), body.id);
  // A refused submit still names an inference (not a job: polling it finds nothing).
  const bad = await submit(base(), { prompt: "" });
  assert.equal(bad.r.status, 400);
  const named = bad.r.headers.get("x-inference-id");
  assert.ok(named && named !== body.id);
  assert.equal((await poll(base(), named)).r.status, 404);
  // A poll for a malformed id: answered, without x-inference-id.
  const odd = await poll(base(), "no such id <>");
  assert.equal(odd.r.status, 404);
  assert.equal(odd.r.headers.get("x-inference-id"), null);
  assert.equal((await poll(base(), "well-formed:unknown")).r.headers.get("x-inference-id"), "well-formed:unknown");
});

test("the preflight allows X-Client-Request-Id, and under nocrid does not", async () => {
  const preflight = (faults) =>
    fetch(`${base(null, faults)}/v2/video/generations`, {
      method: "OPTIONS",
      headers: { origin: "http://page.test", "access-control-request-method": "POST", "access-control-request-headers": "x-client-request-id, authorization, content-type" },
    });
  const allowed = (r) => r.headers.get("access-control-allow-headers").toLowerCase().split(/,\s*/);
  assert.ok(allowed(await preflight()).includes("x-client-request-id"));
  const refused = allowed(await preflight("nocrid"));
  assert.ok(!refused.includes("x-client-request-id"), refused.join());
  assert.ok(refused.includes("authorization") && refused.includes("content-type"));
});

test("a valid client request id is echoed, stored and listed; an invalid one is dropped without an error", async () => {
  const tag = uniq("crid");
  const prefix = base(tag);
  const good = `job.${Date.now()}:a_b-c`;
  const ok = await submit(prefix, { duration: 4 }, { "x-client-request-id": good });
  assert.equal(ok.r.headers.get("x-client-request-id"), good);
  const long = "a".repeat(129);
  const tooLong = await submit(prefix, { duration: 4 }, { "x-client-request-id": long });
  const spaced = await submit(prefix, { duration: 4 }, { "x-client-request-id": "has space" });
  for (const s of [tooLong, spaced]) {
    assert.equal(s.r.status, 200, "the call still runs");
    assert.equal(s.r.headers.get("x-client-request-id"), null);
  }
  assert.equal((await submit(prefix, { duration: 4 }, { "x-client-request-id": "b".repeat(128) })).r.headers.get("x-client-request-id"), "b".repeat(128));
  // The request log records what the simulator received, valid or not.
  const posts = (await simLog(sim.url, tag)).filter((e) => e.method === "POST");
  assert.deepEqual(posts.map((e) => e.clientRequestId), [good, long, "has space", "b".repeat(128)]);
  assert.ok(posts.every((e) => e.status === 200 && e.route === "generations"));
  // The logs list the stored id, and null for the dropped ones.
  for (const id of [ok.body.id, tooLong.body.id, spaced.body.id]) await finish(prefix, id);
  const rows = (await logs(prefix, "period=1h&limit=100")).body.data;
  const byId = (id) => rows.find((r) => r.inference_id === id);
  assert.equal(byId(ok.body.id).client_request_id, good);
  assert.equal(byId(tooLong.body.id).client_request_id, null);
  assert.equal(byId(spaced.body.id).client_request_id, null);
});

test("the cost: zero on the submit and pending polls, the charge in meta.usage and the headers at the end, per fault", async () => {
  const ask = { duration: 4, resolution: "720p", generate_audio: false };
  const charged = async (faults) => {
    const s = await submit(base(null, faults), ask);
    const pending = await poll(base(null, faults), s.body.id);
    assert.equal(pending.body.status, "generating");
    const done = await finish(base(null, faults), s.body.id);
    const h = (r) => [r.headers.get("x-aimlapi-credits-used"), r.headers.get("x-aimlapi-usd-spent")];
    return { submit: h(s.r), pending: h(pending.r), done: h(done.r), usage: done.body.meta?.usage ?? null, status: done.body.status };
  };
  const dflt = await charged();
  assert.deepEqual(dflt.submit, ["0", "0.000000000"]);
  assert.deepEqual(dflt.pending, ["0", "0.000000000"]);
  assert.ok(dflt.usage.usd_spent > 0 && Number.isInteger(dflt.usage.credits_used));
  assert.deepEqual(dflt.done, [String(dflt.usage.credits_used), dflt.usage.usd_spent.toFixed(9)]);
  assert.match(dflt.done[1], /^\d+\.\d{9}$/);

  const sub = await charged("subcost=none");
  assert.deepEqual([sub.submit, sub.pending], [[null, null], [null, null]]);
  assert.deepEqual(sub.done, dflt.done);
  const headersOnly = await charged("usage=none");
  assert.equal(headersOnly.usage, null);
  assert.deepEqual(headersOnly.done, dflt.done);
  const bodyOnly = await charged("costhdr=none");
  assert.deepEqual(bodyOnly.done, [null, null]);
  assert.deepEqual(bodyOnly.usage, dflt.usage);
  const failed = await charged("fail");
  assert.equal(failed.status, "error");
  assert.deepEqual(failed.done, ["0", "0.000000000"]);
  assert.equal(failed.usage, null);
});

test("video as an array of two URLs on the simulator's origin: by fault, and by default for gemini-omni", async () => {
  const urls = async (faults, model) => {
    const s = await submit(base(null, faults), model ? { model } : { duration: 4 });
    return (await finish(base(null, faults), s.body.id)).body.video;
  };
  const arr = await urls("video=array");
  assert.ok(Array.isArray(arr) && arr.length === 2 && arr[0].url !== arr[1].url);
  for (const { url } of arr) {
    assert.equal(new URL(url).origin, sim.url);
    assert.equal((await fetch(url)).status, 200);
  }
  assert.ok(Array.isArray(await urls(null, "google/gemini-omni-1.1-flash")));
  assert.equal(typeof (await urls("video=object", "google/gemini-omni-1.1-flash")).url, "string");
  assert.equal(typeof (await urls()).url, "string", "the Veo models answer the object");
});

/** The price the catalogue quotes for `ask` (the schema defaults given by the caller). */
function quote(pricing, { duration, resolution, generate_audio }) {
  if (pricing.kind === "fixed") return (pricing.units[0].price / pricing.units[0].per) * duration;
  const v = pricing.variants.find((x) => Object.entries(x.when).every(([k, w]) => String(w).toLowerCase() === String({ resolution, generate_audio }[k]).toLowerCase()));
  return (v.price / v.per) * duration;
}

test("the catalogue's pricing forms, and the charge of a job matches the catalogue's quote", async () => {
  const entry = async (faults, id = "google/veo-3.1-t2v") => {
    const r = await catalogue(base(null, faults), `id=${encodeURIComponent(id)}&include=pricing`);
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.equal(body.object, "list");
    return body.data;
  };
  const [v] = await entry();
  assert.deepEqual([v.id, v.type, v.info.developer, v.tags], ["google/veo-3.1-t2v", "video", "Google", []]);
  assert.deepEqual(v.pricing.dimensions, ["resolution", "generate_audio"]);
  assert.equal(v.pricing.variants.length, 4);
  assert.ok(v.pricing.variants.every((x) => x.unit === "second" && x.per === 1 && x.price > 0));
  const lite = (await entry(null, "veo-3.1-lite-generate-001"))[0].pricing;
  assert.deepEqual([...new Set(lite.variants.map((x) => x.when.resolution))], ["720P", "1080P"]);
  const extend = (await entry(null, "google/veo3-1-extend-video"))[0].pricing;
  assert.deepEqual([...new Set(extend.variants.map((x) => x.when.resolution))], ["720p"]);
  const gemini = (await entry(null, "google/gemini-omni-1.1-flash"))[0].pricing;
  assert.deepEqual(gemini.dimensions, ["resolution"], "a model without generate_audio");

  const fixed = (await entry("price=fixed"))[0].pricing;
  assert.deepEqual(Object.keys(fixed).sort(), ["currency", "kind", "units"]);
  assert.equal(fixed.kind, "fixed");
  const per10 = (await entry("price=per10"))[0].pricing;
  assert.ok(per10.variants.every((x, i) => x.per === 10 && Math.abs(x.price - v.pricing.variants[i].price * 10) < 1e-9));
  assert.deepEqual((await entry("price=variable"))[0].pricing, { kind: "variable", currency: "USD" });
  assert.deepEqual(await entry("price=absent"), []);
  assert.deepEqual((await entry("price=resonly"))[0].pricing.dimensions, ["resolution"]);

  // Matching: an alias finds the model, a comma-separated list is OR, include= leaves pricing out.
  assert.equal((await entry(null, "veo-3.1-t2v"))[0].id, "google/veo-3.1-t2v");
  assert.deepEqual((await entry(null, "google/veo-3.1-t2v,veo-3.1-i2v")).map((e) => e.id).sort(), ["google/veo-3.1-i2v", "google/veo-3.1-t2v"]);
  const aliased = (await entry("catalog=alias"))[0];
  assert.notEqual(aliased.id, "google/veo-3.1-t2v");
  assert.ok(aliased.aliases.includes("google/veo-3.1-t2v"));
  assert.equal((await (await catalogue(base(), "id=google/veo-3.1-t2v")).json()).data[0].pricing, undefined);

  // The charge follows the same prices, schema defaults filled in.
  for (const faults of [null, "price=per10", "price=fixed", "price=resonly"]) {
    for (const ask of [{ duration: 4, resolution: "720p", generate_audio: false }, {}]) {
      const [e] = await entry(faults);
      const s = await submit(base(null, faults), ask);
      const done = await finish(base(null, faults), s.body.id);
      const want = quote(e.pricing, { duration: 8, resolution: "1080p", generate_audio: true, ...ask });
      assert.ok(Math.abs(done.body.meta.usage.usd_spent - want) < 1e-6, `${faults}: charged ${done.body.meta.usage.usd_spent}, quoted ${want}`);
    }
  }
});

test("the catalogue's ETag: a second read with If-None-Match is a 304 with no body, and the log shows it without the key", async () => {
  const tag = uniq("etag");
  const q = "id=google/veo-3.1-i2v&include=pricing";
  const first = await catalogue(base(tag), q, { origin: "http://page.test" });
  const etag = first.headers.get("etag");
  assert.match(etag, /^"[^"]+"$/, "a strong ETag");
  assert.ok(exposed(first).includes("etag"));
  await first.text();
  const again = await catalogue(base(tag), q, { "if-none-match": etag, authorization: "Bearer sk-secret-key" });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), "");
  assert.equal(again.headers.get("etag"), etag);
  assert.equal(again.headers.get("access-control-allow-origin"), "*");
  assert.equal((await catalogue(base(tag), q, { "if-none-match": `W/${etag}` })).status, 304);
  const other = await catalogue(base(tag), "id=google/veo-3.1-t2v&include=pricing", { "if-none-match": etag });
  assert.equal(other.status, 200, "another answer has another ETag");
  assert.notEqual(other.headers.get("etag"), etag);
  assert.notEqual((await catalogue(base(tag, "price=fixed"), q)).headers.get("etag"), etag);
  const log = (await simLog(sim.url, tag)).filter((e) => e.route === "models");
  assert.deepEqual(log.map((e) => [e.status, e.ifNoneMatch, e.hasAuthorization]), [
    [200, null, false],
    [304, etag, true],
    [304, `W/${etag}`, false],
    [200, etag, false],
    [200, null, false],
  ]);
  assert.ok(!JSON.stringify(log).includes("sk-secret-key"), "the catalogue's log never holds a key");
});

test("the catalogue's CORS faults: none at all, or the ETag hidden from pages", async () => {
  const none = await catalogue(base(null, "catalog=nocors"), "id=google/veo-3.1-t2v&include=pricing");
  assert.equal(none.status, 200);
  assert.equal(none.headers.get("access-control-allow-origin"), null);
  const hidden = await catalogue(base(null, "catalog=hideetag"), "id=google/veo-3.1-t2v&include=pricing");
  assert.ok(hidden.headers.get("etag"));
  assert.ok(!exposed(hidden).includes("etag"));
});

test("the logs: rows once a job has ended, newest first, the model and status filters, paging", async () => {
  const model = "google/veo-3.1-i2v-fast";
  const img = { model, image_url: "https://example.com/c.png", duration: 4 };
  const start = new Date().toISOString();
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push((await submit(base(), img, { "x-client-request-id": `page-${i}` })).body.id);
  const failed = (await submit(base(null, "fail"), img)).body.id;
  const q = `model=${encodeURIComponent(model)}&start=${start}&end=${new Date(Date.now() + 60_000).toISOString()}`;
  assert.equal((await logs(base(), q)).body.pagination.total, 0, "no row before the jobs end");
  await sleep(JOB_MS + 50);
  const all = (await logs(base(), q)).body;
  assert.deepEqual(all.data.map((r) => r.inference_id), [failed, ...[...ids].reverse()]);
  assert.deepEqual(all.pagination, { limit: 50, offset: 0, total: 6, has_more: false });
  const row = all.data.find((r) => r.inference_id === ids[0]);
  assert.deepEqual(Object.keys(row).sort(), ["client_request_id", "cost", "created", "inference_id", "model", "origin", "request_id", "status", "tokens"]);
  assert.deepEqual([row.status, row.origin, row.model, row.client_request_id], ["succeeded", "api", model, "page-0"]);
  assert.ok(row.cost.usd > 0 && Number.isInteger(row.cost.credits));
  const f = all.data.find((r) => r.inference_id === failed);
  assert.deepEqual([f.status, f.cost], ["failed", { usd: 0, credits: 0 }]);

  assert.deepEqual((await logs(base(), `${q}&status=failed`)).body.data.map((r) => r.inference_id), [failed]);
  assert.equal((await logs(base(), `${q}&status=failed&status=succeeded`)).body.pagination.total, 6);
  assert.equal((await logs(base(), `period=1h&model=${model},google/veo-3.1-t2v`)).body.pagination.total, 0, "a comma is not a list");
  const two = (await logs(base(), `period=1h&model=${model}&model=google/veo-3.1-t2v`)).body.pagination.total;
  assert.ok(two > 6);
  // Pages of 2: the same rows, in the same order, has_more until the last.
  const pages = [];
  for (let offset = 0; ; offset += 2) {
    const p = (await logs(base(), `${q}&limit=2&offset=${offset}`)).body;
    pages.push(...p.data.map((r) => r.inference_id));
    assert.equal(p.pagination.has_more, offset + 2 < 6);
    if (!p.pagination.has_more) break;
  }
  assert.deepEqual(pages, all.data.map((r) => r.inference_id));
  // noise:N puts N newer rows above a job's own.
  const mine = (await submit(base(null, "logs=noise:120"), img, { "x-client-request-id": "deep" })).body.id;
  await sleep(JOB_MS + 50);
  const page3 = (await logs(base(), `period=1h&model=${model}&limit=50&offset=100`)).body.data;
  assert.equal(page3.find((r) => r.client_request_id === "deep")?.inference_id, mine);
});

test("the logs refuse a bad window or query with the vendor's error body", async () => {
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  for (const q of [
    "", "period=7d&start=2026-01-01T00:00:00Z&end=2026-01-02T00:00:00Z", "period=93d", "period=2209h", "period=0d", "period=7w", "period=-1d",
    `start=${iso(now)}`, `start=${iso(now)}&end=${iso(now - 1000)}`, `start=${iso(now - 93 * 86_400_000)}&end=${iso(now)}`, "start=yesterday&end=today",
    "period=1d&status=succeeded,failed", "period=1d&status=done", "period=1d&limit=0", "period=1d&limit=101", "period=1d&limit=abc", "period=1d&offset=-1",
    `period=1d&${Array.from({ length: 51 }, (_, i) => `model=m${i}`).join("&")}`,
  ]) {
    const { r, body } = await logs(base(), q);
    assert.equal(r.status, 400, q);
    assert.deepEqual(Object.keys(body).sort(), ["message", "path", "requestId", "statusCode", "timestamp"], q);
  }
  for (const q of ["period=92d", "period=2208h", "start=2026-07-01T00:00&end=2026-07-02", `start=${iso(now - 92 * 86_400_000)}&end=${iso(now)}`]) {
    assert.equal((await logs(base(), q)).r.status, 200, q);
  }
});

test("the logs' faults: early rows, lagging rows, keys that may not read them, no CORS", async () => {
  const img = { model: "google/veo-3.1-first-last-image-to-video-fast", image_url: "https://example.com/c.png", last_image_url: "https://example.com/d.png", duration: 4 };
  const find = async (crid, faults) => (await logs(base(null, faults), "period=1h&limit=100&model=google/veo-3.1-first-last-image-to-video-fast")).body.data.find((r) => r.client_request_id === crid);
  const early = uniq("early");
  await submit(base(null, "logs=early"), img, { "x-client-request-id": early });
  const seen = await find(early);
  assert.equal(seen?.status, "succeeded", "listed at once under logs=early");
  assert.equal(seen.cost.usd, 0, "nothing charged before the end");
  await sleep(JOB_MS + 50);
  assert.ok((await find(early)).cost.usd > 0);

  const lag = uniq("lag");
  await submit(base(null, "logs=lag:400"), img, { "x-client-request-id": lag });
  await sleep(JOB_MS + 100);
  assert.equal(await find(lag), undefined, "not yet: the pipeline lags");
  await sleep(400);
  assert.ok(await find(lag));
  const lagRead = uniq("lagread");
  await submit(base(), img, { "x-client-request-id": lagRead });
  await sleep(JOB_MS + 100);
  assert.equal(await find(lagRead, "logs=lag:60000"), undefined, "the lag can be set on the read's path too");
  assert.ok(await find(lagRead));

  assert.equal((await logs(base(null, "logs=401"), "period=1d")).r.status, 401);
  assert.equal((await logs(base(null, "logs=403"), "period=1d")).r.status, 403);
  assert.equal((await logs(base(), "period=1d", { authorization: "Bearer wrong-key" })).r.status, 401);
  const forced = await logs(base(null, "logs=429"), "period=1d");
  assert.equal(forced.r.status, 429);
  assert.ok(Number(forced.r.headers.get("retry-after")) >= 1);
  const nocors = await logs(base(null, "logs=nocors"), "period=1d");
  assert.equal(nocors.r.status, 200);
  assert.equal(nocors.r.headers.get("access-control-allow-origin"), null);
  const pre = await fetch(`${base(null, "logs=nocors")}/v2/logs`, { method: "OPTIONS", headers: { origin: "http://page.test", "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
  assert.equal(pre.headers.get("access-control-allow-origin"), null);
  assert.equal((await logs(base(), "period=1d")).r.headers.get("access-control-allow-origin"), "*");
});

test("the logs record their reads in the tag's log, with the status answered", async () => {
  const tag = uniq("logread");
  await logs(base(tag), "period=1d&limit=3");
  await logs(base(tag, "logs=403"), "period=1d");
  const log = (await simLog(sim.url, tag)).filter((e) => e.route === "logs");
  assert.deepEqual(log.map((e) => [e.status, e.search, e.hasAuthorization]), [
    [200, "?period=1d&limit=3", true],
    [403, "?period=1d", true],
  ]);
});

test("the logs answer 429 with Retry-After past 200 reads in 60 s", async () => {
  const own = await startSim({ jobMs: 50 });
  try {
    const statuses = [];
    for (let i = 0; i < 200; i++) statuses.push((await fetch(`${own.url}/v2/logs?period=1h`)).status);
    assert.ok(statuses.every((s) => s === 200));
    const over = await fetch(`${own.url}/v2/logs?period=1h`);
    assert.equal(over.status, 429);
    const wait = Number(over.headers.get("retry-after"));
    assert.ok(wait >= 1 && wait <= 60, String(wait));
    assert.equal((await over.json()).statusCode, 429);
    assert.equal((await fetch(`${own.url}/v2/video/generations?generation_id=x`)).status, 404, "the other routes are not limited");
  } finally {
    await own.close();
  }
});

test("every request is answered, however malformed", async () => {
  for (const [path, init] of [
    ["/t/%E0%A4%A/f/%ZZ/v2/logs?period=1d", {}],
    ["/v1/models?id=%", {}],
    ["/v2/logs?period=1d&limit=1e3", {}],
    ["/v1/models", { method: "POST", body: "x" }],
    ["/v2/video/generations", { method: "POST", body: "{not json", headers: { "x-client-request-id": "\u00e9".repeat(200) } }],
  ]) {
    const r = await fetch(`${sim.url}${path}`, init);
    assert.ok(r.status >= 200 && r.status < 500, `${path}: ${r.status}`);
    await r.arrayBuffer();
  }
});
