// The proxy (aimlapi-video/proxy) as production uses it: a page on one origin calls generateVideo
// with no key, the proxy on another origin adds the server's key, the simulator stands behind it.
// The same tests run with the proxy under Node (http, and Express), Bun, Deno and workerd
// (Cloudflare Workers' runtime).
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSim } from "../../sim/server.mjs";
import { startStatic } from "../../scripts/static.mjs";
import { launch, mapPackage, simLog } from "../e2e/harness.mjs";
import { startProxy } from "./start.mjs";
import { leaks } from "./hostile/cases.mjs";
import { KEY } from "./hostile/proxies.mjs";
import { VEO_31_MODELS } from "../../dist/proxy.js";
import { submitSchemas } from "../../spec/api.mjs";
import { OTHERS } from "../../spec/family.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

test("the proxy forwards the Veo 3.1 family that the vendor's OpenAPI files name, no more", async () => {
  const models = [...submitSchemas().keys()].filter((m) => !OTHERS.includes(m));
  assert.deepEqual([...VEO_31_MODELS].sort(), models.sort());
});

for (const runtime of ["node", "express", "bun", "deno", "workerd"]) {
  describe(`the proxy under ${runtime}`, () => {
    let sim, site, browser, proxy, page, pageOrigin;
    const seen = []; // every answer of the proxy that the page received, with its headers
    const reading = []; // the reads of those answers, which finish after the page has them

    before(async () => {
      sim = await startSim({ jobMs: 200 });
      site = await startStatic();
      pageOrigin = site.url;
      proxy = await startProxy(runtime, { SIM: sim.url, KEY, ORIGINS: pageOrigin });
      browser = await launch();
      page = await browser.newPage();
      page.on("response", async (r) => {
        if (!r.url().startsWith(proxy.url)) return;
        const read = (async () => JSON.stringify(await r.allHeaders()) + (await r.text().catch(() => "")))();
        reading.push(read);
        seen.push(await read);
      });
      await page.goto(`${site.url}/www/blank.html`);
      await mapPackage(page);
    });
    after(async () => {
      await browser?.close();
      proxy?.stop();
      await site?.close();
      await sim?.close();
    });

    // One generateVideo in the page with no apiKey, against the proxy mounted for `tag` and
    // `faults`; resolves with what the page saw: the result or the error's fields, and the events.
    const generate = (tag, faults, more = {}) =>
      page.evaluate(
        async ({ baseUrl, more }) => {
          const { generateVideo } = await import("aimlapi-video");
          const events = [];
          const options = { baseUrl, prompt: "a cat", imageUrl: "https://example.com/c.png", pollIntervalMs: 100, onProgress: (e) => events.push(e), ...more };
          // A data URL of that many characters whose bytes are a PNG's (the package checks them),
          // and `pad` more characters in a field of `extra`.
          if (typeof more.imageUrl === "number") options.imageUrl = "data:image/png;base64,iVBORw0KGgo" + "A".repeat(more.imageUrl - 11);
          if (typeof more.pad === "number") {
            options.extra = { pad: "x".repeat(more.pad) };
            delete options.pad;
          }
          return generateVideo(options).then(
            (r) => ({ ok: r, events }),
            (e) => ({ error: { code: e.code, status: e.status, message: e.message, retryable: e.retryable }, events }),
          );
        },
        { baseUrl: `${proxy.url}/s/${tag}/${faults}`, more },
      );

    test("generateVideo with no key in the page gets the video, and the server's key reaches only the API", async () => {
      const tag = `ok-${runtime}-${Date.now()}`;
      const r = await generate(tag, "dur=200");
      assert.equal(r.ok?.status, "completed", JSON.stringify(r.error));
      assert.match(r.ok.videoUrl, /\/media\/sample\.mp4$/);
      const log = await simLog(sim.url, tag);
      assert.equal(log.filter((e) => e.method === "POST").length, 1);
      for (const e of log) assert.equal(e.authorization, `Bearer ${KEY}`);
    });

    test("a key the page sends is replaced, and a server that echoes the key gets it into no answer", async () => {
      const tag = `echo-${runtime}-${Date.now()}`;
      seen.length = 0;
      reading.length = 0;
      const r = await generate(tag, "echo,dur=200", { apiKey: "page-key-123" });
      assert.equal(r.ok?.status, "completed", JSON.stringify(r.error));
      for (const e of await simLog(sim.url, tag)) assert.equal(e.authorization, `Bearer ${KEY}`);
      // The simulator put the key in the status word, the video URL and a debug field.
      await Promise.all(reading);
      assert.ok(seen.length >= 2, "the page saw the proxy's answers");
      assert.ok(seen.some((t) => t.includes("[redacted]")), "the echo reached the proxy");
      for (const t of seen) assert.ok(!leaks(t), `an answer to the page holds the key: ${t.slice(0, 300)}`);
    });

    test("a page of another origin is refused, and so is any origin not listed", async () => {
      const other = await browser.newPage();
      await other.goto(`${site.url.replace("127.0.0.1", "localhost")}/www/blank.html`);
      await mapPackage(other);
      const tag = `origin-${runtime}-${Date.now()}`;
      const code = await other.evaluate(async (baseUrl) => {
        const { generateVideo } = await import("aimlapi-video");
        return generateVideo({ baseUrl, prompt: "a cat", imageUrl: "https://example.com/c.png" }).then(() => "resolved", (e) => e.code);
      }, `${proxy.url}/s/${tag}/`);
      assert.equal(code, "network_error"); // the browser hides a CORS refusal
      await other.close();
      const direct = await fetch(`${proxy.url}/s/${tag}/v2/video/generations`, { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/json" }, body: JSON.stringify({ model: "google/veo-3.1-i2v" }) });
      assert.equal(direct.status, 403);
      assert.equal(direct.headers.get("access-control-allow-origin"), null);
      assert.equal((await simLog(sim.url, tag)).length, 0, "nothing reached the API");
    });

    test("the app's authorize hook refuses a caller with 401", async () => {
      const tag = `denied-${runtime}-${Date.now()}`;
      const r = await generate(tag, "");
      assert.deepEqual({ code: r.error?.code, status: r.error?.status }, { code: "unauthorized", status: 401 });
      assert.equal((await simLog(sim.url, tag)).length, 0);
    });

    test("another path, or another method, gets 404; a preflight is answered", async () => {
      const headers = { origin: pageOrigin };
      for (const [p, method] of [["/v1/chat/completions", "POST"], ["/v2/video/generations", "DELETE"], ["/v2/video/generations/x", "GET"]]) {
        const r = await fetch(`${proxy.url}${p}`, { method, headers });
        assert.equal(r.status, 404, `${method} ${p}`);
      }
      const pre = await fetch(`${proxy.url}/v2/video/generations`, { method: "OPTIONS", headers: { ...headers, "access-control-request-method": "POST" } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get("access-control-allow-origin"), pageOrigin);
      assert.match(pre.headers.get("access-control-allow-methods"), /POST/);
      // A lookup of the logs is a GET with X-Client-Request-Id: its preflight allows both.
      const logs = await fetch(`${proxy.url}/v2/logs`, { method: "OPTIONS", headers: { ...headers, "access-control-request-method": "GET" } });
      assert.equal(logs.status, 204);
      assert.match(logs.headers.get("access-control-allow-methods"), /\bGET\b/);
      assert.match(logs.headers.get("access-control-allow-headers"), /\bx-client-request-id\b/);
      // The headers a page asks to send (the client's `headers` option) are allowed; junk is not.
      // (node:http: fetch may not send Access-Control-Request-Headers itself.)
      const ask = (h) =>
        new Promise((resolve, reject) => {
          const req = http.request(`${proxy.url}/v2/video/generations`, { method: "OPTIONS", headers: { ...headers, "access-control-request-method": "POST", "access-control-request-headers": h } }, (res) => {
            res.resume();
            resolve(res.headers["access-control-allow-headers"]);
          });
          req.on("error", reject).end();
        });
      const own = "authorization, content-type, accept, x-client-request-id, if-none-match";
      assert.equal(await ask("x-session, idempotency-key"), `${own}, x-session, idempotency-key`);
      for (const junk of ["x-a;b", "a b", ",", "x".repeat(1001)]) {
        assert.equal(await ask(junk), own, JSON.stringify(junk));
      }
    });

    // A fetch from the page, its status, the headers a page may read, and its text.
    const pageFetch = (url, init = {}) =>
      page.evaluate(
        async ({ url, init }) => {
          try {
            const r = await fetch(url, init);
            const headers = {};
            for (const h of ["x-inference-id", "x-client-request-id", "x-aimlapi-credits-used", "x-aimlapi-usd-spent", "etag"]) headers[h] = r.headers.get(h);
            return { status: r.status, headers, text: await r.text() };
          } catch (e) {
            return { error: String(e) };
          }
        },
        { url, init },
      );
    const SUBMIT = JSON.stringify({ model: "google/veo-3.1-i2v", prompt: "a cat", image_url: "https://example.com/c.png" });

    test("the page's X-Client-Request-Id reaches the API, and the tracing and cost headers reach the page", async () => {
      const tag = `trace-${runtime}-${Date.now()}`;
      const url = `${proxy.url}/s/${tag}/dur=100/v2/video/generations`;
      const id = `page:${runtime}.1_x-2`;
      const sub = await pageFetch(url, { method: "POST", headers: { "content-type": "application/json", "x-client-request-id": id }, body: SUBMIT });
      assert.equal(sub.status, 200, sub.error ?? sub.text);
      const gen = JSON.parse(sub.text).id;
      assert.equal(sub.headers["x-client-request-id"], id);
      assert.equal(sub.headers["x-inference-id"], gen);
      const posts = (await simLog(sim.url, tag)).filter((e) => e.method === "POST");
      assert.deepEqual(posts.map((e) => e.clientRequestId), [id]);
      let done;
      for (let i = 0; i < 50 && !done; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const r = await pageFetch(`${url}?generation_id=${encodeURIComponent(gen)}`);
        if (JSON.parse(r.text).status === "completed") done = r;
      }
      assert.ok(done, "the job completed");
      assert.equal(done.headers["x-inference-id"], gen);
      assert.match(done.headers["x-aimlapi-credits-used"] ?? "", /^\d+$/);
      assert.match(done.headers["x-aimlapi-usd-spent"] ?? "", /^\d+\.\d+$/);
      const usage = JSON.parse(done.text).meta?.usage;
      if (usage?.usd_spent !== undefined) assert.equal(Number(done.headers["x-aimlapi-usd-spent"]), usage.usd_spent);
      if (usage?.credits_used !== undefined) assert.equal(Number(done.headers["x-aimlapi-credits-used"]), usage.credits_used);
    });

    test("a malformed X-Client-Request-Id from the page gets 400, and nothing reaches the API", async () => {
      const tag = `badid-${runtime}-${Date.now()}`;
      for (const id of ["a b", "x".repeat(129), "a/b", "é"]) {
        const r = await pageFetch(`${proxy.url}/s/${tag}//v2/video/generations`, { method: "POST", headers: { "content-type": "application/json", "x-client-request-id": id }, body: SUBMIT });
        assert.equal(r.status, 400, `${id}: ${r.error ?? r.text}`);
        assert.match(JSON.parse(r.text).message, /X-Client-Request-Id/);
      }
      assert.equal((await simLog(sim.url, tag)).length, 0);
    });

    const prices = (tag) => `${proxy.url}/s/${tag}//v1/models?id=${encodeURIComponent("google/veo-3.1-i2v")}&include=pricing`;
    // Whether a log entry of the simulator says a key came with the request.
    const keyed = (e) => e.hasAuthorization !== false;

    test("the catalogue reaches the API without a key, once for many page reads, and a page's If-None-Match gets 304", async () => {
      const tag = `prices-${runtime}-${Date.now()}`;
      const first = await pageFetch(prices(tag), { headers: { authorization: "Bearer page-key" } });
      assert.equal(first.status, 200, first.error ?? first.text);
      const entry = JSON.parse(first.text).data.find((m) => m.id === "google/veo-3.1-i2v");
      assert.ok(entry?.pricing?.kind, first.text.slice(0, 300));
      assert.match(first.headers.etag ?? "", /^(W\/)?".*"$/);
      for (let i = 0; i < 5; i++) assert.equal((await pageFetch(prices(tag))).text, first.text);
      const again = await pageFetch(prices(tag), { headers: { "if-none-match": first.headers.etag } });
      assert.deepEqual([again.status, again.text, again.headers.etag], [304, "", first.headers.etag]);
      const log = await simLog(sim.url, tag);
      assert.equal(log.length, 1, "one read of the API for seven of the page");
      assert.ok(!keyed(log[0]), "the catalogue was read with a key");
    });

    test("past its window the proxy asks the API again with If-None-Match, and serves what it kept on a 304", async () => {
      const tag = `short-${runtime}-${Date.now()}`; // the catalogue kept 300 ms (scenarios.mjs)
      const first = await pageFetch(prices(tag));
      assert.equal(first.status, 200, first.error ?? first.text);
      await new Promise((r) => setTimeout(r, 400));
      const later = await pageFetch(prices(tag));
      assert.deepEqual([later.status, later.text], [200, first.text]);
      const log = await simLog(sim.url, tag);
      assert.equal(log.length, 2);
      assert.equal(log[1].ifNoneMatch, first.headers.etag);
      assert.equal(log[1].status, 304);
      assert.ok(!log.some(keyed), "the catalogue was read with a key");
    });

    test("the app's authorize check gates the catalogue too", async () => {
      const tag = `denied-prices-${runtime}-${Date.now()}`;
      const r = await pageFetch(prices(tag));
      assert.equal(r.status, 401, r.error ?? r.text);
      assert.equal((await simLog(sim.url, tag)).length, 0);
    });

    test("estimateCost in the page quotes through the proxy, and reads the API once", async (t) => {
      const tag = `estimate-${runtime}-${Date.now()}`;
      const quotes = await page.evaluate(async (baseUrl) => {
        const pkg = await import("aimlapi-video");
        if (typeof pkg.estimateCost !== "function") return null;
        const out = [];
        for (let i = 0; i < 3; i++) out.push(await pkg.estimateCost({ baseUrl, model: "google/veo-3.1-i2v", duration: 8, resolution: "1080p" }));
        return out;
      }, `${proxy.url}/s/${tag}/`);
      if (quotes === null) return t.skip("this build of the package has no estimateCost");
      for (const q of quotes) assert.ok(typeof q.usd === "number" && q.usd > 0, JSON.stringify(q));
      const log = await simLog(sim.url, tag);
      assert.equal(log.length, 1);
      assert.ok(!keyed(log[0]));
    });

    test("a body over the limit gets 413, a 10 MB data URL passes", async () => {
      const tag = `size-${runtime}-${Date.now()}`;
      // 17 MB in all: an image the package lets through (it refuses one over 10 MB itself), and more.
      const big = await generate(tag, "dur=0", { imageUrl: 13 * 1024 * 1024, pad: 4 * 1024 * 1024 });
      assert.deepEqual({ code: big.error?.code, status: big.error?.status }, { code: "http_error", status: 413 });
      assert.equal((await simLog(sim.url, tag)).length, 0);
      const fits = await generate(tag, "dur=0", { imageUrl: 10 * 1024 * 1024 });
      assert.equal(fits.ok?.status, "completed", JSON.stringify(fits.error));
    });

    test("a model that is not allowed is refused before anything is spent", async () => {
      const tag = `model-${runtime}-${Date.now()}`;
      const r = await generate(tag, "", { model: "openai/sora-2" });
      assert.deepEqual({ code: r.error?.code, status: r.error?.status }, { code: "invalid_request", status: 400 });
      assert.match(r.error.message, /not allowed by this proxy/);
      assert.equal((await simLog(sim.url, tag)).length, 0);
    });

    test("upstream errors keep their status, and a 429's Retry-After still paces the client's retry", async () => {
      const tag = `err-${runtime}-${Date.now()}`;
      const r = await generate(tag, "status=403,msg=Out%20of%20credits");
      assert.deepEqual({ code: r.error?.code, status: r.error?.status }, { code: "forbidden", status: 403 });
      assert.match(r.error.message, /Out of credits/);
      const tag2 = `429-${runtime}-${Date.now()}`;
      const again = await generate(tag2, "submit429=1,ra=1,dur=100");
      assert.equal(again.ok?.status, "completed", JSON.stringify(again.error));
      const retry = again.events.find((e) => e.type === "retry");
      assert.equal(retry?.errorCode, "rate_limited");
      assert.equal(retry?.retryInMs, 1000, "the Retry-After of 1 s reached the client through the proxy");
      assert.equal((await simLog(sim.url, tag2)).filter((e) => e.method === "POST").length, 2);
    });

    // Issue 28 through the proxy: the page has no key, the logs are the owner's.
    const LOOKUP = (tag, faults = "") => (from, to, more = "") => `${proxy.url}/s/${tag}/${faults}/v2/logs?model=${encodeURIComponent("google/veo-3.1-i2v")}&start=${from}&end=${to}&limit=100&offset=0${more}`;
    const isoAt = (ms) => new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, "Z");
    let lost; // the job of the next test: { tag, clientRequestId, id }

    test("a submit whose answer is lost after the job was made: the page finds it through the proxy, with one POST", async () => {
      const tag = `lost-${runtime}-${Date.now()}`;
      const asked = [];
      const onRequest = (r) => r.url().startsWith(proxy.url) && asked.push(`${r.method()} ${new URL(r.url()).pathname}`);
      page.on("request", onRequest);
      const r = await generate(tag, "created=drop,dur=200", { timeoutMs: 60000 });
      page.off("request", onRequest);
      assert.equal(r.ok?.status, "completed", JSON.stringify(r.error));
      assert.match(r.ok.videoUrl, /\/media\/sample\.mp4$/);
      assert.ok(r.events.some((e) => e.type === "recovering"), "the page said it was recovering");
      const log = await simLog(sim.url, tag);
      const posts = log.filter((e) => e.method === "POST");
      assert.equal(posts.length, 1, "one POST reached the API");
      assert.equal(posts[0].clientRequestId, r.ok.clientRequestId);
      const reads = log.filter((e) => e.route === "logs");
      assert.ok(reads.length >= 1, "the logs were read");
      for (const e of reads) assert.equal(e.authorization, `Bearer ${KEY}`, "the logs were read with the server's key");
      assert.ok(asked.some((a) => a.startsWith("GET ") && a.endsWith("/v2/logs")), `the page looked up through the proxy: ${asked}`);
      // The job followed is the one the lost POST made: its status was read by the id the row gave.
      const polled = log.filter((e) => e.method === "GET" && e.route === "generations").map((e) => e.generationId);
      assert.ok(polled.length >= 1 && polled.every((g) => g === r.ok.id), `polled ${polled}`);
      lost = { tag, clientRequestId: r.ok.clientRequestId, id: r.ok.id };
    });

    test("recoverGeneration({ clientRequestId }) in a fresh page finds the job through the proxy", async () => {
      assert.ok(lost, "the previous test made the job");
      const fresh = await browser.newPage();
      await fresh.goto(`${site.url}/www/blank.html`);
      await mapPackage(fresh);
      const got = await fresh.evaluate(
        async ({ baseUrl, clientRequestId }) => {
          const { recoverGeneration } = await import("aimlapi-video");
          return recoverGeneration({ baseUrl, clientRequestId, model: "google/veo-3.1-i2v", timeoutMs: 20000 }).then(
            (r) => ({ ok: { id: r.id, status: r.status, clientRequestId: r.clientRequestId, duplicates: r.duplicates } }),
            (e) => ({ error: { code: e.code, message: e.message } }),
          );
        },
        { baseUrl: `${proxy.url}/s/${lost.tag}/`, clientRequestId: lost.clientRequestId },
      );
      await fresh.close();
      assert.deepEqual(got.ok, { id: lost.id, status: "succeeded", clientRequestId: lost.clientRequestId, duplicates: [] }, JSON.stringify(got.error));
    });

    test("a page without the client request id learns nothing of the owner's logs", async () => {
      assert.ok(lost, "a job exists");
      const tag = `peek-${runtime}-${Date.now()}`;
      const url = LOOKUP(tag)(isoAt(-3600e3), isoAt(600e3));
      // Another job of the owner's account (the simulator's log is the account's: every tag's jobs).
      const other = await fetch(`${sim.url}/t/${tag}-owner/f/dur=20/v2/video/generations`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${KEY}`, "x-client-request-id": `owner-${runtime}` }, body: SUBMIT });
      assert.equal(other.status, 200, await other.text());
      await new Promise((r) => setTimeout(r, 200));
      const direct = await (await fetch(`${sim.url}/v2/logs?model=${encodeURIComponent("google/veo-3.1-i2v")}&period=1h&limit=100`)).json();
      assert.ok(direct.data.length >= 2, "the owner's logs have rows");
      const others = direct.data.filter((row) => row.client_request_id !== lost.clientRequestId);
      assert.ok(others.length >= 1);
      // Another id, a guess at the form, a real row's request id: no rows, and nothing about the rest.
      for (const id of [crypto.randomUUID(), "order-1", direct.data[0].request_id.replace(/[^A-Za-z0-9._:-]/g, "")]) {
        const r = await pageFetch(url, { headers: { "x-client-request-id": id } });
        assert.equal(r.status, 200, r.error ?? r.text);
        assert.deepEqual(JSON.parse(r.text), { data: [], pagination: { limit: 100, offset: 0, total: 0, has_more: false } });
      }
      // Its own id: its row alone, stripped to what finds the job.
      const mine = await pageFetch(url, { headers: { "x-client-request-id": lost.clientRequestId } });
      assert.equal(mine.status, 200, mine.error ?? mine.text);
      const rows = JSON.parse(mine.text).data;
      assert.deepEqual(rows.map((row) => [Object.keys(row).join(), row.inference_id, row.client_request_id]), [["created,status,model,inference_id,client_request_id", lost.id, lost.clientRequestId]]);
      for (const row of others) for (const v of [row.inference_id, row.request_id, row.client_request_id].filter(Boolean)) assert.ok(!mine.text.includes(v), `another row's ${v} reached the page`);
      assert.ok(!/cost|request_id"|usd|credits/.test(mine.text.replace(/client_request_id/g, "")), mine.text);
      // No id, or any query but the package's: 400, and nothing read.
      const before = (await simLog(sim.url, tag)).length;
      const none = await pageFetch(url);
      assert.equal(none.status, 400, none.text);
      for (const more of ["&key_prefix=abcd1234", "&status=succeeded", "&period=1h", `&model=${encodeURIComponent("google/veo-3.1-i2v")}`]) {
        const r = await pageFetch(LOOKUP(tag)(isoAt(-3600e3), isoAt(600e3), more), { headers: { "x-client-request-id": lost.clientRequestId } });
        assert.equal(r.status, 400, `${more}: ${r.text}`);
        assert.equal(JSON.parse(r.text).path, "/v2/logs");
      }
      assert.equal((await simLog(sim.url, tag)).length, before, "a refused lookup read the logs");
    });

    test("with scopeClientRequestId, an id a user chose is found by that user alone", async () => {
      const tag = `scoped-${runtime}-${Date.now()}`;
      const url = `${proxy.url}/s/${tag}/dur=50/v2/video/generations`;
      const id = `order-${runtime}-1`;
      const sub = await pageFetch(url, { method: "POST", headers: { "content-type": "application/json", "x-client-request-id": id, "x-user": "alice" }, body: SUBMIT });
      assert.equal(sub.status, 200, sub.error ?? sub.text);
      assert.equal(sub.headers["x-client-request-id"], id, "the page gets its own id echoed");
      const gen = JSON.parse(sub.text).id;
      const [post] = (await simLog(sim.url, tag)).filter((e) => e.method === "POST");
      assert.match(post.clientRequestId, new RegExp(`^[0-9a-f]{32}:${id}$`), "the API got the id in alice's scope");
      await new Promise((r) => setTimeout(r, 300)); // the job ends, its row appears
      const look = (user) => pageFetch(LOOKUP(tag, "dur=50")(isoAt(-3600e3), isoAt(600e3)), { headers: { "x-client-request-id": id, "x-user": user } });
      const alice = JSON.parse((await look("alice")).text);
      assert.deepEqual(alice.data.map((r) => [r.inference_id, r.client_request_id]), [[gen, id]]);
      const bob = await look("bob");
      assert.equal(bob.status, 200, bob.text);
      assert.deepEqual(JSON.parse(bob.text).data, [], "bob found alice's job by guessing its id");
    });
  });
}
