// The npm entry as an app uses it: `import { generateVideo } from "aimlapi-video"` in a plain
// module script (an import map stands in for a bundler), with no init call.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { setUp, simLog } from "./harness.mjs";

let env, page;
before(async () => {
  env = await setUp();
  page = await env.browser.newPage();
  await page.goto(`${env.site}/www/blank.html`);
  await page.evaluate(() => {
    const map = document.createElement("script");
    map.type = "importmap";
    map.textContent = JSON.stringify({ imports: { "aimlapi-video": "/index.js" } });
    document.head.append(map);
  });
});
after(() => env.close());

test("generateVideo works on first use, with no init call", async () => {
  const tag = `pkg-${Date.now()}`;
  const r = await page.evaluate(async ({ base }) => {
    const { generateVideo } = await import("aimlapi-video");
    return generateVideo({ baseUrl: base, prompt: "a cat", imageUrl: "https://example.com/c.png", pollIntervalMs: 20 });
  }, { base: `${env.sim}/t/${tag}/f/dur=60` });
  assert.equal(r.status, "completed");
  assert.match(r.videoUrl, /^http:\/\/127\.0\.0\.1:\d+\/media\/sample\.mp4$/);
  assert.equal((await simLog(env.sim, tag))[0].method, "POST");
});

test("a module that cannot load rejects with a coded Error, and a later call can retry", async () => {
  const fresh = await env.browser.newPage(); // nothing loaded yet
  await fresh.goto(`${env.site}/www/blank.html`);
  const r = await fresh.evaluate(async () => {
    const { init } = await import("/index.js");
    try {
      await init("/pkg/no-such-file.wasm");
      return "resolved";
    } catch (e) {
      return { isError: e instanceof Error, name: e.name, code: e.code, retryable: e.retryable, again: await init().then(() => "ok") };
    }
  });
  assert.deepEqual(r, { isError: true, name: "AimlApiError", code: "network_error", retryable: true, again: "ok" });
  await fresh.close();
});

test("init() loads once and returns the same promise", async () => {
  const same = await page.evaluate(async () => {
    const { init } = await import("aimlapi-video");
    const a = init();
    const b = init();
    await a;
    return a === b;
  });
  assert.equal(same, true);
});

test("rejections are real Errors with a code, and never carry the key", async () => {
  const e = await page.evaluate(async ({ sim }) => {
    const { generateVideo } = await import("aimlapi-video");
    try {
      await generateVideo({ apiKey: "wrong-secret-key", baseUrl: sim, prompt: "p", imageUrl: "https://x/y.png" });
    } catch (e) {
      return { isError: e instanceof Error, stack: typeof e.stack, name: e.name, code: e.code, status: e.status, message: e.message, json: JSON.stringify(e) };
    }
  }, { sim: env.sim });
  assert.deepEqual([e.isError, e.stack, e.name, e.code, e.status], [true, "string", "AimlApiError", "unauthorized", 401]);
  assert.ok(!e.message.includes("wrong-secret-key") && !e.json.includes("wrong-secret-key"));
});

test("the package ships typed entry points", async () => {
  const dts = await readFile(new URL("../../index.d.ts", import.meta.url), "utf8");
  assert.match(dts, /generateVideo/);
  const types = await readFile(new URL("../../pkg/aimlapi_video.d.ts", import.meta.url), "utf8");
  assert.match(types, /export function generateVideo\(options: GenerateVideoOptions\): Promise<VideoResult>;/);
  assert.match(types, /export function waitForVideo\(options: WaitOptions & GenerationRef\): Promise<VideoResult>;/);
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8"));
  for (const f of pkg.files) await readFile(new URL(`../../${f}`, import.meta.url)); // every shipped file exists
});

test("the minified glue still finds its .wasm the way bundlers detect", async () => {
  // Vite, webpack 5 and Rollup's URL plugins copy an asset named in exactly this form; terser must
  // not have turned it into something they no longer recognise.
  const glue = await readFile(new URL("../../pkg/aimlapi_video.js", import.meta.url), "utf8");
  assert.match(glue, /new URL\(["']aimlapi_video_bg\.wasm["'],\s*import\.meta\.url\)/);
});
