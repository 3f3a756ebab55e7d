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
          if (typeof more.imageUrl === "number") options.imageUrl = "data:image/png;base64," + "A".repeat(more.imageUrl);
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
      assert.equal(await ask("x-session, idempotency-key"), "authorization, content-type, accept, x-session, idempotency-key");
      for (const junk of ["x-a;b", "a b", ",", "x".repeat(1001)]) {
        assert.equal(await ask(junk), "authorization, content-type, accept", JSON.stringify(junk));
      }
    });

    test("a body over the limit gets 413, a 10 MB data URL passes", async () => {
      const tag = `size-${runtime}-${Date.now()}`;
      const big = await generate(tag, "dur=0", { imageUrl: 17 * 1024 * 1024 });
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
  });
}
