// The built entry as a page uses it: `import { generateVideo } from "aimlapi-video"` in a plain
// module script (an import map stands in for a bundler; tests/consumers runs the real bundlers on
// the packed tarball), with no init call and no .wasm file to fetch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { setUp, simLog, freshPage } from "./harness.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(() => env.close());

const fresh = (options) => freshPage(env, options);

const ask = (baseUrl) => ({ baseUrl, prompt: "a cat", imageUrl: "https://example.com/c.png", pollIntervalMs: 20 });

test("generateVideo works on first use, with no init call", async () => {
  const page = await fresh();
  const tag = `pkg-${Date.now()}`;
  const r = await page.evaluate(async (o) => {
    const { generateVideo } = await import("aimlapi-video");
    return generateVideo(o);
  }, ask(`${env.sim}/t/${tag}/f/dur=60`));
  assert.equal(r.status, "completed");
  assert.match(r.videoUrl, /^http:\/\/127\.0\.0\.1:\d+\/media\/sample\.mp4$/);
  assert.equal((await simLog(env.sim, tag))[0].method, "POST");
  assert.deepEqual(page.wasm, [], "the module is inside the entry");
  await page.context().close();
});

test("importing the package compiles the module at once, and only once", async () => {
  const page = await fresh();
  const r = await page.evaluate(async (o) => {
    const compile = WebAssembly.compile;
    let compiled = 0;
    WebAssembly.compile = (...args) => (compiled++, compile(...args));
    const { generateVideo } = await import("aimlapi-video");
    await new Promise((r) => setTimeout(r, 300));
    const before = compiled; // nothing called yet
    await generateVideo(o);
    await generateVideo(o);
    WebAssembly.compile = compile;
    return { before, after: compiled };
  }, ask(`${env.sim}/f/dur=0`));
  assert.deepEqual(r, { before: 1, after: 1 });
  await page.context().close();
});

test("a module that cannot load rejects with a coded Error, and the next call loads it", async () => {
  const page = await fresh({ inline: false });
  const first = await page.evaluate(async (o) => {
    const { generateVideo, isAimlApiError } = await import("aimlapi-video");
    try {
      return await generateVideo(o);
    } catch (e) {
      return { isError: e instanceof Error, ours: isAimlApiError(e), name: e.name, code: e.code, retryable: e.retryable, message: e.message };
    }
  }, ask(`${env.sim}/f/dur=0`));
  assert.deepEqual({ ...first, message: undefined }, { isError: true, ours: true, name: "AimlApiError", code: "network_error", retryable: true, message: undefined });
  assert.match(first.message, /^Could not load the aimlapi-video WebAssembly module: this runtime has no DecompressionStream: pass the \.wasm to init\(\)/);
  // The next call tries again, here with the platform back.
  const again = await page.evaluate(async (o) => {
    globalThis.DecompressionStream = window.savedDecompressionStream;
    return (await (await import("aimlapi-video")).generateVideo(o)).status;
  }, ask(`${env.sim}/f/dur=0`));
  assert.equal(again, "completed");
  await page.context().close();
});

test("init(url) of an HTML page where the .wasm should be says so, not a compile error", async () => {
  const page = await fresh({ inline: false });
  await page.route("**/aimlapi_video_bg.wasm", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><p>SPA fallback</p>" }));
  const message = await page.evaluate(() => import("aimlapi-video").then((m) => m.init("/dist/aimlapi_video_bg.wasm")).then(() => "resolved", (e) => e.message));
  assert.match(message, /aimlapi_video_bg\.wasm: the answer is not WebAssembly \(it is text\/html\)$/);
  assert.equal(page.wasm.length, 1);
  await page.context().close();
});

test("init() takes what tools hand it, and a wrong kind of source is a coded invalid_request", async () => {
  const page = await fresh({ inline: false });
  const r = await page.evaluate(async () => {
    const { init, isAimlApiError } = await import("aimlapi-video");
    const wrong = await init(42).then(() => "resolved", (e) => ({ ours: isAimlApiError(e), code: e.code, retryable: e.retryable }));
    // A module namespace (`import("…wasm?url")`) holding a promise of the bytes.
    const bytes = fetch("/dist/aimlapi_video_bg.wasm").then((r) => r.arrayBuffer());
    await init({ default: bytes });
    return { wrong, loaded: await init().then(() => "ok") };
  });
  assert.deepEqual(r, { wrong: { ours: true, code: "invalid_request", retryable: false }, loaded: "ok" });
  await page.context().close();
});

test("init() loads once and returns the same promise", async () => {
  const page = await fresh();
  const same = await page.evaluate(async () => {
    const { init } = await import("aimlapi-video");
    const a = init();
    const b = init();
    await a;
    return a === b && init() === a;
  });
  assert.equal(same, true);
  await page.context().close();
});

test("rejections are real Errors with a code, and never carry the key", async () => {
  const page = await fresh();
  const e = await page.evaluate(async ({ sim }) => {
    const { generateVideo, isAimlApiError } = await import("aimlapi-video");
    try {
      await generateVideo({ apiKey: "wrong-secret-key", baseUrl: sim, prompt: "p", imageUrl: "https://x/y.png" });
    } catch (e) {
      return { isError: e instanceof Error, ours: isAimlApiError(e), stack: typeof e.stack, name: e.name, code: e.code, status: e.status, message: e.message, json: JSON.stringify(e) };
    }
  }, { sim: env.sim });
  assert.deepEqual([e.isError, e.ours, e.stack, e.name, e.code, e.status], [true, true, "string", "AimlApiError", "unauthorized", 401]);
  assert.ok(!e.message.includes("wrong-secret-key") && !e.json.includes("wrong-secret-key"));
  await page.context().close();
});

test("isAimlApiError tells the package's errors from others", async () => {
  const page = await fresh();
  const r = await page.evaluate(async () => {
    const { isAimlApiError } = await import("aimlapi-video");
    const fetchAbort = new DOMException("aborted", "AbortError");
    const lookalike = Object.assign(new Error("x"), { name: "AimlApiError", code: "not_a_code", retryable: false });
    return [null, undefined, "AimlApiError", new Error("x"), fetchAbort, lookalike, { name: "AimlApiError", code: "timeout", retryable: true }].map(isAimlApiError);
  });
  assert.deepEqual(r, [false, false, false, false, false, false, false]);
  await page.context().close();
});

test("every list of error codes is the core's: the types, isAimlApiError, the README, the command line, the demo", async () => {
  const dts = await readFile("dist/index.d.ts", "utf8");
  const union = /export type AimlApiErrorCode =([^;]+);/.exec(dts)[1].match(/"(\w+)"/g).map((s) => s.slice(1, -1));
  const js = /const CODES = new Set\(\[([^\]]+)\]\)/.exec(await readFile("js/index.js", "utf8"))[1].match(/"(\w+)"/g).map((s) => s.slice(1, -1));
  const rust = [...(await readFile("src/error.rs", "utf8")).matchAll(/Code::\w+ => "(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(union, rust);
  assert.deepEqual(js, rust);
  // The readers' lists: the README's table of errors, the command line's exit codes, the demo's advice.
  const readme = (await readFile("README.md", "utf8")).split("\n## Errors")[1].split("\n## ")[0];
  assert.deepEqual([...readme.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]).filter((c) => c !== "code"), rust, "README's error table");
  const { EXIT_TABLE } = await import("../../cli/exit-codes.js");
  const mapped = new Set(EXIT_TABLE.flatMap((r) => r.codes));
  assert.deepEqual(rust.filter((c) => !mapped.has(c)), [], "codes without a row in cli/exit-codes.js");
  // The table's other codes are the command line's own: each is made somewhere in cli/.
  const { readdir } = await import("node:fs/promises");
  const cli = (await Promise.all((await readdir("cli")).filter((f) => f.endsWith(".js") && f !== "exit-codes.js").map((f) => readFile(`cli/${f}`, "utf8")))).join("\n");
  const stale = [...mapped].filter((c) => !rust.includes(c) && !cli.includes(`"${c}"`));
  assert.deepEqual(stale, [], "codes of cli/exit-codes.js that neither the core nor the command line makes");
  const advice = /const ADVICE = \{([\s\S]*?)\n\};/.exec(await readFile("www/advice.js", "utf8"))[1];
  assert.deepEqual([...advice.matchAll(/^  (\w+): \[/gm)].map((m) => m[1]), rust, "www/advice.js's ADVICE");
  assert.match(dts, /export function generateVideo<M extends string = "google\/veo-3\.1-i2v">\(options: GenerateVideoOptions<M>\): Promise<VideoResult>;/);
  // Declared once: wasm-bindgen's own declaration of the export is skipped for the generic one.
  assert.equal(dts.match(/export function generateVideo/g).length, 1);
  assert.match(dts, /export function isAimlApiError\(e: unknown\): e is AimlApiError;/);
  assert.doesNotMatch(dts, /InitInput|InitOutput|initSync|\bProgressEvent\b/);
});

test("the schedule learns from finished jobs, in memory, and only what exportTimings shows", async () => {
  const page = await fresh();
  const key = "sk-e2e-learn-0123456789";
  const r = await page.evaluate(async ({ base, key }) => {
    const lib = await import("aimlapi-video");
    const o = { baseUrl: base, apiKey: key, prompt: "a cat", imageUrl: "https://example.com/c.png" };
    const empty = await lib.exportTimings();
    // The default schedule, unpaced by the server (pace=none): the read at about 4 s finds the job done.
    const done = await lib.generateVideo(o);
    const one = await lib.exportTimings();
    await lib.generateVideo({ ...o, learn: false, pollIntervalMs: 20 });
    const still = await lib.exportTimings();
    const storage = [localStorage.length, sessionStorage.length, document.cookie];
    const bad = await lib.importTimings({ version: 2, jobs: [] }).then(() => null, (e) => [e.name, e.code]);
    await lib.importTimings({ version: 1, jobs: [] });
    const cleared = await lib.exportTimings();
    await lib.importTimings(JSON.parse(JSON.stringify(one)));
    return { empty, id: done.id, one, still, storage, bad, cleared, back: await lib.exportTimings() };
  }, { base: `${env.sim}/t/learn-${Date.now()}/f/dur=0,pace=none`, key });
  assert.deepEqual(r.empty, { version: 1, jobs: [] });
  assert.equal(r.one.jobs.length, 1);
  const [job] = r.one.jobs;
  assert.deepEqual(Object.keys(job), ["model", "pendingMs", "doneMs"]);
  assert.equal(job.model, "google/veo-3.1-i2v");
  assert.ok(job.pendingMs <= job.doneMs && job.doneMs > 2000 && job.doneMs < 10000, JSON.stringify(job));
  const text = JSON.stringify(r.one);
  assert.ok(!text.includes(key.slice(0, 8)) && !text.includes(r.id), text);
  assert.deepEqual(r.still, r.one, "learn: false adds nothing");
  assert.deepEqual(r.storage, [0, 0, ""], "nothing is stored");
  assert.deepEqual(r.bad, ["AimlApiError", "invalid_request"]);
  assert.deepEqual(r.cleared, { version: 1, jobs: [] });
  assert.deepEqual(r.back, r.one);
  await page.context().close();
});
