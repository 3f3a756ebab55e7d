// aimlapi-video/ai-sdk as users run it: the packed tarball installed beside the real `ai` (7, and
// 6 with a version 3 model) into a small app, under Node 20, 22 and 24, against the simulator and
// through the package's proxy; every body the simulator received held to its model's OpenAPI file.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { submitSchemas } from "../../spec/api.mjs";
import { createRequire } from "node:module";
import http from "node:http";
import path from "node:path";
import { makeApp, run, tgz } from "./install.mjs";
import { launch, simLog } from "../e2e/harness.mjs";
import { startSim } from "../../sim/server.mjs";
import { startStatic } from "../../scripts/static.mjs";

const require = createRequire(import.meta.url);
let sim, app;
before(async () => {
  assert.ok(tgz, "PACKAGE_TGZ must name the packed tarball (scripts/test.sh sets it)");
  sim = await startSim({ jobMs: 200 });
  app = await makeApp({
    name: "ai-sdk-node",
    files: {
      "main.mjs": await readFile(new URL("./ai-app.mjs", import.meta.url), "utf8"),
      "first-frame.jpg": await readFile(new URL("../../sim/media/first-frame.jpg", import.meta.url)),
      "page.js": PAGE,
      "index.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ai</title><link rel="icon" href="data:,"><script type="module" src="dist/page.js"></script></head><body></body></html>',
      "types-ai-sdk.ts": await readFile(new URL("./types-ai-sdk.ts", import.meta.url), "utf8"),
      "types-ai-sdk-v3.ts": await readFile(new URL("./types-ai-sdk-v3.ts", import.meta.url), "utf8"),
      ...Object.fromEntries(await Promise.all(README.map(async (f) => [f, await readFile(new URL(`./readme/${f}`, import.meta.url), "utf8")]))),
      "v3.mjs": `import { experimental_generateVideo } from "ai6";
import { createAimlapi } from "aimlapi-video/ai-sdk";
const aimlapi = createAimlapi({ baseURL: process.argv[2], specificationVersion: "v3" });
const download = async ({ url }) => ({ data: new Uint8Array(await (await fetch(url)).arrayBuffer()), mediaType: "video/mp4" });
const r = await experimental_generateVideo({ download, model: aimlapi.video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/c.png", text: "x" }, providerOptions: { aimlapi: { pollIntervalMs: 20 } } });
const { generationId: id, usdSpent, clientRequestId } = r.providerMetadata.aimlapi;
console.log(JSON.stringify({ bytes: r.video.uint8Array.length, id, usdSpent, clientRequestId }));
`,
    },
  });
});
after(() => sim?.close());

/** A page that generates with the SDK, straight to the API (`?api=`, with a key) or through a proxy (`?proxy=`, with none). */
const PAGE = `import { experimental_generateVideo } from "ai";
import { createAimlapi } from "aimlapi-video/ai-sdk";
const q = new URLSearchParams(location.search);
const aimlapi = q.get("proxy") ? createAimlapi({ baseURL: q.get("proxy"), headers: { "x-session": "page-session" } }) : createAimlapi({ baseURL: q.get("api"), apiKey: "sk-page-key-1234567890" });
// The SDK refuses to download from private addresses such as the simulator's.
const download = async ({ url }) => ({ data: new Uint8Array(await (await fetch(url)).arrayBuffer()), mediaType: "video/mp4" });
experimental_generateVideo({ model: aimlapi.video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/c.png", text: "a cat" }, download, providerOptions: { aimlapi: { pollIntervalMs: 20 } } }).then(
  (r) => (window.done = { bytes: r.video.uint8Array.length, warnings: r.warnings }),
  (e) => (window.done = { error: e.name, message: e.message }),
);
`;

/** The snippets of the adapter in docs/AI-SDK.md (the README links there), compiled below, and shown there as they are. */
const README = ["ai-sdk-page.ts", "ai-sdk-server.ts"];

/** The request schema of each model, from the vendor's files. */
async function schemas() {
  const Ajv = require("../../node_modules/ajv");
  const ajv = new Ajv({ strict: false, allErrors: true });
  require("../../node_modules/ajv-formats")(ajv);
  return new Map([...submitSchemas()].map(([model, schema]) => [model, ajv.compile(schema)]));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const sample = (await readFile(new URL("../../sim/media/sample.mp4", import.meta.url))).length;

for (const node of ["node", "node_modules/node22/bin/node", "node_modules/node24/bin/node"]) {
  test(`ai 7 under ${node === "node" ? "this machine's Node" : node.split("/")[1]}: each flow, each model, errors that cannot pay twice`, async () => {
    const tag = `ai-${node.length}-${Date.now()}`;
    const out = JSON.parse((await run(node, ["main.mjs", sim.url, tag], app, { AIMLAPI_API_KEY: "" })).trim().split("\n").at(-1));
    const log = await simLog(sim.url, tag);
    const posts = (f) => log.filter((e) => e.method === "POST" && e.path.includes(`/f/${f}/`)).length;

    // doGenerate: the video's bytes, the warning for fps, the job's id and URL.
    assert.equal(out.generate.bytes, sample);
    assert.equal(out.generate.mediaType, "video/mp4");
    assert.deepEqual(out.generate.warnings, ["fps"]);
    assert.match(out.generate.meta.generationId, /:google\/veo-3.1-i2v$/);
    assert.equal(out.generate.meta.videoUrl, `${sim.url}/media/sample.mp4`);
    const first = log.find((e) => e.method === "POST" && e.body?.model === "google/veo-3.1-i2v" && e.body.duration === 4);
    assert.match(first.body.image_url, /^data:image\/jpeg;base64,\/9j\//);
    assert.deepEqual({ ...first.body, image_url: undefined }, { model: "google/veo-3.1-i2v", prompt: "a cat turns its head", image_url: undefined, aspect_ratio: "16:9", resolution: "720p", duration: 4, generate_audio: false });
    assert.equal(first.authorization, "Bearer sk-ai-sdk-key-1234567890");
    assert.ok(!("idempotency-key" in first.headers) && !first.headers["user-agent"]?.includes("ai/"), "the SDK's own headers are not sent");

    // The SDK's polling, and its retry of a failed (free) status read.
    assert.equal(out.polled.bytes, sample);
    assert.equal(posts("pollerr=503x1"), 1);
    // Resumed from JSON: the operation is the id and the date, nothing else.
    assert.deepEqual(Object.keys(JSON.parse(out.resumed.operation)), ["id", "submittedAt"]);
    assert.doesNotMatch(out.resumed.operation, /secret prompt|sk-ai|example\.com/);
    assert.equal(out.resumed.status, "completed");

    // Errors: APICallError with the status, headers and URL, never the key; no retry that pays.
    const { unauthorized, submit503, start503, leaky, failed, noKey, badOperation } = out.errors;
    assert.deepEqual({ ...unauthorized, url: undefined, message: undefined, clientRequestId: undefined }, { name: "AI_APICallError", api: true, statusCode: 401, isRetryable: false, code: "unauthorized", hasHeaders: true, url: undefined, keyed: false, message: undefined, clientRequestId: undefined });
    assert.match(unauthorized.url, /\/v2\/video\/generations$/);
    for (const e of [submit503, start503]) assert.deepEqual([e.api, e.statusCode, e.isRetryable, e.keyed], [true, 503, false, false]);
    assert.equal(posts("status=503"), 1, "the SDK did not submit again");
    assert.equal(posts("status=503,ra=0"), 1, "nor for doStart");
    // ...but a submit refused with a 429 created nothing: the SDK tried it again, and it went through.
    assert.equal(out.refused, "resolved");
    assert.equal((await simLog(sim.url, `${tag}-429`)).filter((e) => e.method === "POST").length, 2);
    assert.deepEqual([leaky.statusCode, leaky.keyed], [500, false]);
    assert.deepEqual([failed.api, failed.code], [false, "generation_failed"]);
    // Each error once a submit went out names the X-Client-Request-Id it carried: an APICallError in
    // its data, the package's own error as it is.
    const sentId = (f) => log.find((e) => e.method === "POST" && e.path.includes(`/f/${f}/`)).clientRequestId;
    assert.match(sentId("status=503"), UUID);
    assert.equal(submit503.clientRequestId, sentId("status=503"));
    assert.equal(start503.clientRequestId, sentId("status=503,ra=0"));
    assert.equal(failed.clientRequestId, sentId("fail"));
    assert.equal(noKey.load, true);
    assert.deepEqual([badOperation.name, badOperation.code], ["AimlApiError", "invalid_request"]);

    // The abort: an AbortError at once, and nothing sent after it.
    assert.equal(out.aborted.name, "AbortError");
    assert.equal(out.aborted.sentAfter, 0);
    assert.ok(out.aborted.sent >= 1);

    // Each model: a video, the warnings it should give, and a body its OpenAPI file accepts.
    const validate = await schemas();
    const want = {
      "google/veo-3.1-i2v": ["seed"],
      "google/veo-3.1-t2v": ["providerOptions.aimlapi.personGeneration"],
      "google/veo-3.1-t2v-fast": ["image"],
      "google/veo-3.1-first-last-image-to-video-fast": ["providerOptions.aimlapi.nonsense"],
      "google/veo-3.1-reference-to-video": ["aspectRatio"],
      "veo-3.1-lite-generate-001": ["providerOptions.aimlapi.provider"],
      "google/veo-3-1-lite-generate-preview": ["resolution"],
    };
    for (const [id, r] of Object.entries(out.models)) {
      assert.deepEqual(r, { ok: true, warnings: want[id] ?? [] }, id);
      const body = log.find((e) => e.method === "POST" && e.path.includes(`/f/t-${id.replaceAll("/", "_")}/`))?.body;
      assert.ok(validate.get(id)(body), `${id}: ${JSON.stringify(validate.get(id).errors)} in ${JSON.stringify(body).slice(0, 300)}`);
    }
    const body = (id) => log.find((e) => e.method === "POST" && e.path.includes(`/f/t-${id.replaceAll("/", "_")}/`)).body;
    assert.equal(body("veo-3.1-lite-generate-001").resolution, "720P");
    assert.equal(body("google/veo-3.1-i2v").resolution, "1080p");
    assert.equal(body("google/veo3-1-extend-video").aspect_ratio, "auto");
    assert.equal(body("google/veo3-1-extend-video").video_url, `${sim.url}/media/sample.mp4`);
    assert.equal(body("google/veo-3.1-reference-to-video").image_urls.length, 2);
    assert.match(body("google/veo-3.1-first-last-image-to-video").last_image_url, /^https:/);
    assert.deepEqual([body("google/veo-3.1-t2v").negative_prompt, body("google/veo-3.1-t2v").seed], ["rain", 3]);

    // A portrait size asks for 9:16; the settings' checks.
    assert.equal(body("google/veo-3.1-t2v-fast").aspect_ratio, "9:16");
    const hdr = log.find((e) => e.path.includes("/f/t-hdr/"));
    assert.deepEqual([hdr.headers["x-a"], hdr.headers["x-b"]], ["2", "p"]);
    assert.equal(out.badFetch, "TypeError");
    assert.ok(log.filter((e) => e.path.includes("/f/t-env/")).every((e) => e.authorization === null), "the environment's key went to another host");
    assert.equal(out.shortKeyShown, false);

    // Money: the cost and the ids in providerMetadata.aimlapi, against what the simulator charged and received.
    const { quote, own, none, headersOnly, two, underBudget, overBudget, badId, started, polled } = out.money;
    const posted = (f) => log.filter((e) => e.method === "POST" && e.path.includes(`/f/${f}/`));
    assert.equal(typeof quote.usd, "number");
    for (const m of [own, none, headersOnly, underBudget, polled]) {
      assert.equal(m.usdSpent, quote.usd, "the charge is the price list's for the same settings");
      assert.ok(Number.isInteger(m.creditsUsed) && m.creditsUsed > 0, `creditsUsed ${m.creditsUsed}`);
      assert.deepEqual(m.videoUrls, [m.videoUrl]);
    }
    assert.equal(out.generate.meta.clientRequestId, first.clientRequestId, "the default id is the one sent");
    assert.match(out.generate.meta.clientRequestId, UUID);
    assert.deepEqual([own.clientRequestId, posted("t-own")[0].clientRequestId], ["ai-sdk.req:1", "ai-sdk.req:1"]);
    assert.match(own.generationId, /:google\/veo-3.1-t2v$/);
    assert.deepEqual([none.clientRequestId, posted("t-none")[0].clientRequestId], [null, null]);
    assert.equal(two.videoUrls.length, 2);
    assert.equal(two.videoUrl, two.videoUrls[0]);
    // maxUsd: over the estimate, nothing is sent; under it, the job runs. A malformed id is refused before any request too.
    assert.deepEqual([overBudget.code, posted("t-over").length], ["invalid_request", 0]);
    assert.match(overBudget.message, /over maxUsd \(\$0\.01\)/);
    assert.equal(posted("t-under").length, 1);
    assert.deepEqual([badId.code, log.filter((e) => e.path.includes("/f/t-badid/")).length], ["invalid_request", 0]);
    // startVideo's metadata names the submit's id; a job the SDK polled reports its cost at the end.
    assert.deepEqual(started, { generationId: started.generationId, clientRequestId: "start-1" });
    assert.equal(posted("t-start")[0].clientRequestId, "start-1");
    assert.equal(polled.status, "completed");
    assert.equal(polled.clientRequestId, posted("t-polled")[0].clientRequestId, "the SDK keeps doStart's id beside doStatus's cost");

    // Through the proxy: the key was added there, the client had none.
    assert.equal(out.proxied.bytes, sample);
    const proxied = log.filter((e) => e.path.includes("/f/t-proxy/"));
    assert.ok(proxied.length >= 2 && proxied.every((e) => e.authorization === "Bearer sk-ai-sdk-key-1234567890"));
  });
}

test("ai 6 takes the models as version 3 (specificationVersion: \"v3\")", async () => {
  const tag = `ai6-${Date.now()}`;
  const out = JSON.parse((await run("node", ["v3.mjs", `${sim.url}/t/${tag}`], app)).trim());
  assert.equal(out.bytes, sample);
  assert.match(out.id, /:google\/veo-3.1-i2v$/);
  // The cost and the submit's id reach ai 6's providerMetadata too.
  assert.ok(out.usdSpent > 0, `usdSpent ${out.usdSpent}`);
  assert.equal(out.clientRequestId, (await simLog(sim.url, tag)).find((e) => e.method === "POST").clientRequestId);
  assert.match(out.clientRequestId, UUID);
});

test("in headless Chromium, from a page on another origin: straight to the API, and through the proxy with no key in the page", async () => {
  await run("node_modules/esbuild/bin/esbuild", ["page.js", "--bundle", "--format=esm", "--platform=browser", "--outfile=dist/page.js", "--log-level=warning"], app);
  const site = await startStatic({ root: app, allowed: [/^\/(index\.html|dist\/page\.js)?$/], index: "/index.html" });
  const { createProxy, toNodeHandler } = await import(path.join(app, "node_modules/aimlapi-video/dist/proxy.js"));
  const tag = `ai-page-${Date.now()}`;
  const proxy = http.createServer(toNodeHandler(createProxy({ apiKey: "sk-proxy-key-1234567890", upstream: `${sim.url}/t/${tag}-proxy`, allowedOrigins: [site.url] })));
  await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
  const browser = await launch();
  try {
    const outcome = async (query) => {
      const page = await browser.newPage();
      await page.goto(`${site.url}/index.html?${query}`);
      await page.waitForFunction(() => window.done, null, { timeout: 30_000 });
      const done = await page.evaluate(() => window.done);
      await page.close();
      return done;
    };
    assert.deepEqual(await outcome(`api=${encodeURIComponent(`${sim.url}/t/${tag}`)}`), { bytes: sample, warnings: [] });
    assert.deepEqual(await outcome(`proxy=${encodeURIComponent(`http://127.0.0.1:${proxy.address().port}`)}`), { bytes: sample, warnings: [] });
  } finally {
    await browser.close();
    proxy.close();
    await site.close();
  }
  const direct = await simLog(sim.url, tag);
  assert.ok(direct.length >= 2 && direct.every((e) => e.authorization === "Bearer sk-page-key-1234567890" && e.origin === site.url));
  const proxied = await simLog(sim.url, `${tag}-proxy`);
  assert.ok(proxied.length >= 2 && proxied.every((e) => e.authorization === "Bearer sk-proxy-key-1234567890"), "the proxy added its key");
});

test("a TypeScript app compiles against both packages' types (ai 7, and ai 6 with v3 models), and mistakes do not", async () => {
  const failures = [];
  for (const tsc of ["node_modules/typescript/bin/tsc", "node_modules/typescript5/bin/tsc"]) {
    for (const files of [["types-ai-sdk.ts", ...README], ["types-ai-sdk-v3.ts"]]) {
      const compilerOptions = { noEmit: true, strict: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", lib: ["es2022", "dom"], types: ["node"] };
      await writeFile(path.join(app, "tsconfig.ai.json"), JSON.stringify({ compilerOptions, files }));
      await run(tsc, ["-p", "tsconfig.ai.json"], app).catch((e) => failures.push(`${tsc} ${files}: ${e.message.slice(0, 1500)}`));
    }
  }
  assert.deepEqual(failures, []);
});

test("docs/AI-SDK.md shows the adapter's snippets as they compile", async () => {
  const shown = { "docs/AI-SDK.md": README };
  for (const [doc, snippets] of Object.entries(shown)) {
    const text = await readFile(new URL(`../../${doc}`, import.meta.url), "utf8");
    for (const f of snippets) assert.ok(text.includes((await readFile(new URL(`./readme/${f}`, import.meta.url), "utf8")).trim()), `${doc} lacks tests/consumers/readme/${f} as it is`);
  }
});
