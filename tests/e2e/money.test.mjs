// Issue 27 "Money you can see", done-when, in Chromium, Firefox and WebKit (engines.mjs): a page on
// one origin loads the built package (dist/index.js) and calls the simulator on another origin
// with a key in the page, then the proxy with none; the simulator's log and prices (sim/prices.mjs)
// say what must have been sent and charged. The page's calls are money-page.mjs.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { startSim } from "../../sim/server.mjs";
import { charge, pricing } from "../../sim/prices.mjs";
import { startStatic } from "../../scripts/static.mjs";
import { startProxy } from "../proxy/start.mjs";
import { KEY } from "../proxy/hostile/proxies.mjs";
import { ENGINES, missing, openEngine } from "./engines.mjs";
import { moneyPage } from "./money-page.mjs";

const MODEL = "google/veo-3.1-t2v";
const PAGE_KEY = "sk-page-4f7Qz";
// Not the model's defaults (8 s, 1080p, audio), so that a price or charge that ignored them shows.
const FIELDS = { duration: 6, resolution: "720p", generateAudio: false };
const WIRE = { model: MODEL, duration: 6, resolution: "720p", generate_audio: false };
const OTHER_WIRE = { model: MODEL, duration: 4, resolution: "1080p", generate_audio: true };
const BAD_IDS = ["a b", "x".repeat(129), "é", "a/b", ""];
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PRICE_FORMS = ["default", "fixed", "per10", "variable", "absent", "resonly"];
const stamp = Date.now();

let sim, site, proxy;
before(async () => {
  sim = await startSim({ jobMs: 100 });
  site = await startStatic();
  proxy = await startProxy("node", { SIM: sim.url, KEY, ORIGINS: site.url });
});
after(async () => {
  proxy?.stop();
  await site?.close();
  await sim?.close();
});

/** Every request the simulator recorded for `tag`, preflights included. */
async function log(tag) {
  return (await fetch(`${sim.url}/__sim/log?tag=${encodeURIComponent(tag)}`)).json();
}
const posts = (entries) => entries.filter((e) => e.method === "POST");
const reads = (entries) => entries.filter((e) => e.route === "models" && e.method === "GET");
/** `$5.20`, as the package's messages say an amount. */
const dollars = (usd) => `$${usd.toFixed(usd < 0.1 ? 3 : 2).replace(/(\.\d\d)0$/, "$1")}`;

/** The checks' tags and base URLs for `engine`: straight to the simulator, or through the proxy. */
function plan(engine, via) {
  const tags = {};
  const bases = {};
  const add = (name, faults = "") => {
    tags[name] = `m-${via}-${engine}-${name.replace(":", "-")}-${stamp}`;
    bases[name] = via === "sim" ? `${sim.url}/t/${tags[name]}${faults ? `/f/${faults}` : ""}` : `${proxy.url}/s/${tags[name]}/${faults}`;
  };
  add("id", "dur=50");
  add("badId");
  add("body", "dur=50");
  add("header", "usage=none,dur=50");
  add("maxUsd");
  if (via === "proxy") add("price:default");
  else {
    add("array", "video=array,dur=50");
    for (const form of PRICE_FORMS) add(`price:${form}`, form === "default" ? "" : `price=${form}`);
    add("keyless", "dur=50");
    add("maxUsdUnknown", "price=variable");
    add("hiddenEtag", "catalog=hideetag");
    add("noCors", "catalog=nocors");
  }
  return { tags, bases };
}

for (const engine of ENGINES) {
  const why = missing(engine);
  describe(`issue 27 in ${engine}`, { skip: why ? `${engine} skipped: ${why}` : false }, () => {
    let direct, proxied, seen, behind, timings;

    before(async () => {
      direct = plan(engine, "sim");
      proxied = plan(engine, "proxy");
      const t0 = performance.now();
      const page = await openEngine(engine);
      try {
        const t1 = performance.now();
        await page.goto(`${site.url}/www/blank.html`);
        const args = { pkg: `${site.url}/dist/index.js`, model: MODEL, fields: FIELDS, badIds: BAD_IDS };
        seen = await page.run(moneyPage, { ...args, bases: direct.bases, apiKey: PAGE_KEY });
        const t2 = performance.now();
        behind = await page.run(moneyPage, { ...args, bases: proxied.bases });
        const t3 = performance.now();
        timings = `start ${Math.round(t1 - t0)} ms, direct checks ${Math.round(t2 - t1)} ms, proxy checks ${Math.round(t3 - t2)} ms`;
      } finally {
        await page.close();
      }
    });

    // What one check of the page returned, failing on a throw in the page.
    const of = (results, name) => {
      const r = results[name];
      assert.ok(r && !r.thrown, `${name}: ${r?.thrown ?? "not run"}`);
      return r;
    };
    const ok = (settled, what) => {
      assert.ok(settled.ok, `${what}: ${JSON.stringify(settled.error)}`);
      return settled.ok;
    };

    test("every submit carries the client request id: the caller's, or a UUID v4 the package makes, or none when false", async (t) => {
      t.diagnostic(`${engine}: ${timings}`);
      const r = of(seen, "id");
      const made = ok(r.made, "generated id").clientRequestId;
      assert.match(made, UUID_V4);
      assert.equal(ok(r.given, "given id").clientRequestId, "page:1.a_b-c");
      assert.equal(ok(r.created, "createGeneration").clientRequestId, "create-2");
      assert.equal(ok(r.none, "createGeneration, false").clientRequestId, null);
      assert.deepEqual(posts(await log(direct.tags.id)).map((e) => e.clientRequestId), ["page:1.a_b-c", made, "create-2", null]);
      assert.ok(r.events.some((e) => e.type === "submitting"), JSON.stringify(r.events));
      for (const e of r.events) assert.equal(e.clientRequestId, "page:1.a_b-c", JSON.stringify(e));
    });

    test("a malformed client request id is refused before any request, preflight included", async () => {
      const r = of(seen, "badId");
      assert.equal(r.length, BAD_IDS.length * 2);
      for (const [i, x] of r.entries()) {
        assert.equal(x.error?.code, "invalid_request", `${JSON.stringify(BAD_IDS[i >> 1])}: ${JSON.stringify(x)}`);
        assert.match(x.error.message, /clientRequestId/);
      }
      assert.deepEqual(await log(direct.tags.badId), []);
    });

    test("usdSpent and creditsUsed from the body's meta.usage equal the simulator's charge and the estimate", async () => {
      const r = of(seen, "body");
      const video = ok(r.video, "generateVideo");
      const { usd, credits } = charge(WIRE);
      assert.equal(video.raw?.meta?.usage?.usd_spent, usd, "the charge came in the body");
      assert.deepEqual([video.usdSpent, video.creditsUsed], [usd, credits]);
      assert.equal(ok(r.quote, "estimateCost").usd, usd);
    });

    test("usdSpent and creditsUsed from the cost headers alone, read across origins", async () => {
      const video = ok(of(seen, "header").video, "generateVideo");
      const { usd, credits } = charge(WIRE);
      assert.equal(video.raw?.meta?.usage, undefined, "usage=none: no cost in the body");
      assert.deepEqual([video.usdSpent, video.creditsUsed], [usd, credits]);
    });

    test("videoUrls from an array of videos", async () => {
      const video = ok(of(seen, "array").video, "generateVideo");
      assert.ok(Array.isArray(video.raw.data?.video ?? video.raw.video), "the answer's video is an array");
      const urls = (video.raw.data?.video ?? video.raw.video).map((v) => v.url);
      assert.equal(urls.length, 2);
      assert.deepEqual(video.videoUrls, urls);
      assert.equal(video.videoUrl, urls[0]);
    });

    for (const form of PRICE_FORMS) {
      test(`estimateCost reads the ${form} pricing form, then revalidates with If-None-Match and reuses it on the 304, with no key`, async () => {
        const r = of(seen, `price:${form}`);
        const fault = form === "default" ? undefined : form;
        const quotes = [...r.same.map((q, i) => ok(q, `estimate ${i + 1}`)), ok(r.other, "estimate for other settings")];
        const wires = [WIRE, WIRE, OTHER_WIRE];
        const p = pricing(MODEL, fault);
        for (const [i, q] of quotes.entries()) {
          assert.equal(q.model, MODEL);
          assert.equal(q.kind, p?.kind ?? null, JSON.stringify(q));
          if (p === undefined || p.kind === "variable") {
            assert.equal(q.usd, null);
            assert.match(q.reason, p ? /cannot be known/ : /not in the price list/);
          } else {
            assert.equal(q.usd, charge(wires[i], fault).usd, JSON.stringify(q));
            assert.equal(q.reason, null);
            assert.equal(q.per, (p.units ?? p.variants)[0].per);
            assert.equal(q.quantity, wires[i].duration);
          }
        }
        assert.deepEqual(r.same[0], r.same[1], "the 304 gave the same estimate");
        // What the page sent and was handed: the ETag read across origins, sent back, a 304 seen.
        assert.deepEqual(r.wire.map((w) => [w.status, w.authorization]), [[200, false], [304, false], [304, false]]);
        assert.match(r.wire[0].etag ?? "", /^"[^"]+"$/, "the ETag is readable by the page");
        assert.deepEqual(r.wire.map((w) => w.ifNoneMatch), [null, r.wire[0].etag, r.wire[0].etag]);
        const entries = reads(await log(direct.tags[`price:${form}`]));
        assert.deepEqual(entries.map((e) => e.status), [200, 304, 304]);
        assert.deepEqual(entries.map((e) => e.ifNoneMatch), [null, r.wire[0].etag, r.wire[0].etag]);
        for (const e of entries) assert.equal(e.hasAuthorization, false);
      });
    }

    test("with the catalogue's ETag hidden from pages the package cannot revalidate, and still quotes; with no CORS it rejects network_error", async (t) => {
      const r = of(seen, "hiddenEtag");
      for (const [i, q] of [...r.same, r.other].entries()) assert.equal(ok(q, `estimate ${i + 1}`).usd, charge(i < 2 ? WIRE : OTHER_WIRE).usd);
      // The page is handed 200s with no ETag, and sends none back.
      assert.deepEqual(r.wire.map((w) => [w.status, w.etag, w.ifNoneMatch]), [[200, null, null], [200, null, null], [200, null, null]]);
      // Below the page, the engine's own HTTP cache may revalidate (the server then answers 304):
      // what each engine does is reported, not required.
      const entries = reads(await log(direct.tags.hiddenEtag));
      t.diagnostic(`${engine}, ETag hidden: the server saw ${entries.map((e) => `${e.status}${e.ifNoneMatch ? " (If-None-Match)" : ""}`).join(", ")}`);
      assert.ok(entries.length >= 1 && entries.length <= 3);
      for (const e of entries) assert.equal(e.hasAuthorization, false);
      const nocors = of(seen, "noCors").quote;
      assert.equal(nocors.error?.code, "network_error", JSON.stringify(nocors));
      assert.match(nocors.error.message, /CORS/);
    });

    test("generateVideo with an apiKey and maxUsd reads the price list without the key, and submits with it", async () => {
      ok(of(seen, "keyless").video, "generateVideo");
      const entries = await log(direct.tags.keyless);
      assert.equal(reads(entries).length, 1);
      assert.equal(reads(entries)[0].hasAuthorization, false);
      assert.deepEqual(posts(entries).map((e) => e.authorization), [`Bearer ${PAGE_KEY}`]);
    });

    test("maxUsd under the estimate, or with no estimate, refuses with no POST", async () => {
      const over = of(seen, "maxUsd").over;
      assert.equal(over.error?.code, "invalid_request", JSON.stringify(over));
      assert.ok(over.error.message.includes(dollars(charge(WIRE).usd)), over.error.message);
      assert.match(over.error.message, /nothing was sent/);
      const unknown = of(seen, "maxUsdUnknown").unknown;
      assert.equal(unknown.error?.code, "invalid_request", JSON.stringify(unknown));
      assert.match(unknown.error.message, /no estimate/);
      for (const tag of [direct.tags.maxUsd, direct.tags.maxUsdUnknown]) {
        const entries = await log(tag);
        assert.equal(reads(entries).length, 1, "the price list was read");
        assert.deepEqual(posts(entries), []);
      }
    });

    describe("through the proxy, with no key in the page", () => {
      test("the client request id reaches the API with the server's key, and usdSpent reaches the page (body and header alone)", async () => {
        const r = of(behind, "id");
        const made = ok(r.made, "generated id").clientRequestId;
        assert.match(made, UUID_V4);
        assert.equal(ok(r.given, "given id").clientRequestId, "page:1.a_b-c");
        const sent = posts(await log(proxied.tags.id));
        assert.deepEqual(sent.map((e) => e.clientRequestId), ["page:1.a_b-c", made, "create-2", null]);
        for (const e of sent) assert.equal(e.authorization, `Bearer ${KEY}`);
        const { usd, credits } = charge(WIRE);
        for (const name of ["body", "header"]) {
          const video = ok(of(behind, name).video, name);
          assert.deepEqual([video.usdSpent, video.creditsUsed], [usd, credits], name);
        }
        assert.equal(ok(of(behind, "header").video, "header").raw?.meta?.usage, undefined);
      });

      test("a malformed id is refused in the page: nothing reaches the proxy's API", async () => {
        for (const x of of(behind, "badId")) assert.equal(x.error?.code, "invalid_request", JSON.stringify(x));
        assert.deepEqual(await log(proxied.tags.badId), []);
      });

      test("estimateCost through the proxy: the simulator's price, one keyless read of the API", async () => {
        const r = of(behind, "price:default");
        for (const [i, q] of [...r.same, r.other].entries()) assert.equal(ok(q, `estimate ${i + 1}`).usd, charge(i < 2 ? WIRE : OTHER_WIRE).usd);
        const entries = reads(await log(proxied.tags["price:default"]));
        assert.equal(entries.length, 1);
        assert.equal(entries[0].hasAuthorization, false);
      });

      test("maxUsd refuses with no POST", async () => {
        const over = of(behind, "maxUsd").over;
        assert.equal(over.error?.code, "invalid_request", JSON.stringify(over));
        assert.ok(over.error.message.includes(dollars(charge(WIRE).usd)), over.error.message);
        const entries = await log(proxied.tags.maxUsd);
        assert.equal(reads(entries).length, 1);
        assert.deepEqual(posts(entries), []);
      });
    });
  });
}
