// js/price.js, the price list's read and match, on its source (no build): each form of price,
// `per`, the ETag's revalidation, and every broken answer coded. What is asked (the model's
// defaults filled in) is the core's (src/price.rs, tested there).
import { test } from "node:test";
import assert from "node:assert/strict";
import { afford, dollars, quote, readList } from "../../js/price.js";

const I2V = "google/veo-3.1-i2v";
const ask = (fields, model = I2V) => ({ baseUrl: "http://api.test", model, fields, maxUsd: null });
const list = (pricing, extra = {}) => ({ object: "list", data: [{ id: I2V, aliases: ["veo-i2v"], type: "video", info: {}, tags: [], pricing, ...extra }] });
const variants = (per) => ({
  kind: "variants",
  currency: "USD",
  dimensions: ["resolution", "generate_audio"],
  variants: [
    { when: { resolution: "720p", generate_audio: false }, price: 0.2 * per, unit: "second", per },
    { when: { resolution: "720p", generate_audio: true }, price: 0.4 * per, unit: "second", per },
    { when: { resolution: "1080p", generate_audio: true }, price: 0.65 * per, unit: "second", per },
  ],
});

test("variants match the request's own fields, and price is read with per", () => {
  for (const per of [1, 10]) {
    const l = list(variants(per));
    const q = quote(l, ask({ duration: "4", resolution: "720p", generate_audio: "false" }));
    assert.deepEqual([q.usd, q.quantity, q.kind, q.reason], [0.8, 4, "variants", null], `per ${per}`);
    assert.equal(quote(l, ask({ duration: "8", resolution: "1080p", generate_audio: "true" })).usd, 5.2);
    // Compared as text in any case: lite-001 spells 1080P.
    assert.equal(quote(l, ask({ duration: "6", resolution: "720P", generate_audio: "true" })).usd, 2.4);
    const none = quote(l, ask({ duration: "8", resolution: "1080p", generate_audio: "false" }));
    assert.equal(none.usd, null);
    assert.match(none.reason, /no price for these settings/);
  }
  // Found by an alias as well.
  assert.equal(quote(list(variants(1)), ask({ duration: "4", resolution: "720p", generate_audio: "true" }, "veo-i2v")).usd, 1.6);
});

test("fixed prices; and what cannot be priced is usd null with the reason, not an error", () => {
  assert.equal(quote(list({ kind: "fixed", currency: "USD", units: [{ unit: "seconds", price: 1.5, per: 3 }] }), ask({ duration: "6" })).usd, 3);
  assert.equal(quote(list({ kind: "fixed", currency: "USD", units: [{ unit: "video", price: 2 }] }), ask({})).usd, 2);
  const cases = [
    [{ kind: "variable", currency: "USD" }, /cannot be known before/],
    [{ kind: "fixed", currency: "EUR", units: [{ unit: "second", price: 1, per: 1 }] }, /in EUR/],
    [{ kind: "fixed", currency: "USD", units: [{ unit: "token", price: 1, per: 1 }] }, /cannot be counted/],
    [{ kind: "fixed", currency: "USD", units: [{ unit: "second", price: 1, per: 0 }] }, /not a price/],
    [{ kind: "fixed", currency: "USD", units: [{ unit: "second", price: "1", per: 1 }] }, /not a price/],
    [{ kind: "fixed", currency: "USD", units: [{ unit: "second", price: 1, per: 1 }] }, /length is not known/, {}],
    [{ kind: "tiered" }, /not one this package reads/],
    [{ kind: "variants", dimensions: ["aspect_ratio"], variants: [] }, /depends on aspect_ratio/],
    [undefined, /gives no price/],
  ];
  for (const [pricing, why, fields = { duration: "8" }] of cases) {
    const q = quote(list(pricing), ask(fields));
    assert.equal(q.usd, null, JSON.stringify(pricing));
    assert.match(q.reason, why, JSON.stringify(pricing));
  }
  assert.match(quote({ data: [] }, ask({})).reason, /not in the price list/);
});

/** A fetch that answers from `answers` in turn and records each request. */
function fake(answers) {
  const seen = [];
  const f = async (url, init) => {
    seen.push({ url, init });
    const a = answers.shift();
    if (a instanceof Error) throw a;
    return new Response(a.body ?? null, { status: a.status ?? 200, headers: a.headers ?? {} });
  };
  return { f, seen };
}

test("the list is read once per model, then revalidated with its ETag; never with the key", async () => {
  const body = JSON.stringify(list(variants(1)));
  const { f, seen } = fake([{ body, headers: { etag: '"v1"' } }, { status: 304 }, { status: 304 }]);
  const a = { ...ask({ duration: "4", resolution: "720p", generate_audio: "false" }), baseUrl: "http://etag.test" };
  const signal = new AbortController().signal;
  for (let i = 0; i < 3; i++) assert.equal(quote(await readList(a, { fetch: f, headers: { "x-session": "s" } }, signal), a).usd, 0.8);
  assert.equal(seen[0].url, `http://etag.test/v1/models?id=${encodeURIComponent(I2V)}&include=pricing`);
  assert.deepEqual(seen.map((s) => s.init.headers["If-None-Match"]), [undefined, '"v1"', '"v1"']);
  assert.ok(seen.every((s) => s.init.method === "GET" && !("Authorization" in s.init.headers) && s.init.headers["x-session"] === "s"));
  // Without an ETag, nothing is kept: the next read is a full one.
  const { f: g, seen: seen2 } = fake([{ body }, { body }]);
  const b = { ...a, baseUrl: "http://noetag.test" };
  await readList(b, { fetch: g }, signal);
  await readList(b, { fetch: g }, signal);
  assert.deepEqual(seen2.map((s) => s.init.headers["If-None-Match"]), [undefined, undefined]);
});

test("every broken answer of the list is an error with a code", async () => {
  const signal = new AbortController().signal;
  const cases = [
    [{ status: 500 }, "server_error", 500],
    [{ status: 429 }, "rate_limited", 429],
    [{ status: 404 }, "not_found", 404],
    [{ status: 418 }, "http_error", 418],
    [{ status: 304 }, "http_error", 304], // a 304 the package did not ask for
    [{ body: "<html>" }, "bad_response"],
    [{ body: "[1,2]" }, "bad_response"],
    [{ body: "{}", headers: { "content-length": String(2 << 20) } }, "bad_response"],
    [new TypeError("fetch failed"), "network_error"],
  ];
  for (const [answer, code, status] of cases) {
    const { f } = fake([answer]);
    const e = await readList({ ...ask({}), baseUrl: "http://broken.test" }, { fetch: f }, signal).then(() => null, (e) => e);
    assert.equal(e?.code, code, JSON.stringify(answer.status ?? answer.message));
    assert.equal(e.status, status);
  }
  // Stopped: the signal's reason, as the caller's abort or the deadline made it.
  const stop = new AbortController();
  const reason = new Error("stopped");
  const { f } = fake([new TypeError("aborted")]);
  stop.abort(reason);
  assert.equal(await readList({ ...ask({}), baseUrl: "http://stop.test" }, { fetch: f }, stop.signal).catch((e) => e), reason);
});

test("maxUsd: over it, or no estimate, rejects before the submit with the figure", async () => {
  const signal = new AbortController().signal;
  const body = JSON.stringify(list(variants(1)));
  const a = { ...ask({ duration: "8", resolution: "1080p", generate_audio: "true" }), baseUrl: "http://max.test", maxUsd: 5 };
  const over = await afford(a, { fetch: fake([{ body }]).f }, signal).catch((e) => e);
  assert.equal(over.code, "invalid_request");
  assert.equal(over.message, "This video would cost about $5.20 by the price list, over maxUsd ($5.00): nothing was sent.");
  assert.equal((await afford({ ...a, maxUsd: 5.2 }, { fetch: fake([{ body }]).f }, signal)).usd, 5.2);
  const none = await afford({ ...a, baseUrl: "http://max2.test" }, { fetch: fake([{ body: JSON.stringify(list({ kind: "variable" })) }]).f }, signal).catch((e) => e);
  assert.match(none.message, /^maxUsd is set, but the price list gives no estimate \(the price depends on/);
  assert.deepEqual([0.0126, 0.05, 12, 1.999].map(dollars), ["$0.013", "$0.05", "$12.00", "$2.00"]);
});
