// Every call settles, from the package's entry: while the module is still loading (abort and the
// deadline hold from the call), and after an exception escapes the module (the calls inside it
// reject, and the module restarts for the next one).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, simLog, freshPage } from "./harness.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(() => env.close());

const ask = (baseUrl, more = {}) => ({ baseUrl, prompt: "a cat", imageUrl: "https://example.com/c.png", pollIntervalMs: 20, ...more });

// In the page: the package, its module held back by init() until `release()` is called. (The page
// has no DecompressionStream, so that the module inside the entry cannot load first.)
async function heldBack(page) {
  await page.evaluate(async () => {
    const m = await import("aimlapi-video");
    let release;
    const bytes = new Promise((r) => (release = r)).then(() => fetch("/dist/aimlapi_video_bg.wasm")).then((r) => r.arrayBuffer());
    m.init(bytes);
    window.pkg = m;
    window.release = release;
  });
}

test("abort and the deadline settle a call at once while the module is loading, and nothing is sent", async () => {
  const page = await freshPage(env, { inline: false });
  await heldBack(page);
  const tag = `load-${Date.now()}`;
  const r = await page.evaluate(async (base) => {
    const { generateVideo } = window.pkg;
    const outcome = (p) => p.then(() => "resolved", (e) => ({ name: e.name, code: e.code, retryable: e.retryable, message: e.message }));
    const c = new AbortController();
    const abortedLater = outcome(generateVideo({ ...base, signal: c.signal }));
    setTimeout(() => c.abort(), 50);
    const abortedBefore = outcome(generateVideo({ ...base, signal: AbortSignal.abort() }));
    const deadline = outcome(generateVideo({ ...base, timeoutMs: 100 }));
    const settled = await Promise.race([
      Promise.all([abortedLater, abortedBefore, deadline]),
      new Promise((r) => setTimeout(() => r("still pending after 3 s"), 3000)),
    ]);
    // The module loads afterwards, and a call then works.
    window.release();
    const next = await generateVideo(base).then((v) => v.status);
    return { settled, next };
  }, ask(`${env.sim}/t/${tag}/f/dur=0`));
  assert.notEqual(r.settled, "still pending after 3 s");
  const [later, before, deadline] = r.settled;
  for (const e of [later, before]) {
    assert.deepEqual({ ...e, message: undefined }, { name: "AbortError", code: "aborted", retryable: false, message: undefined });
    assert.match(e.message, /aborted by its signal while the module was loading; nothing was sent/);
  }
  assert.equal(deadline.code, "timeout");
  assert.equal(deadline.message, "The deadline (timeoutMs) passed while the module was loading; nothing was sent.");
  assert.equal(r.next, "completed");
  // Only the last call reached the simulator.
  assert.equal((await simLog(env.sim, tag)).filter((e) => e.method === "POST").length, 1);
  await page.context().close();
});

test("a load that fails after the signal fired reports the abort, not the load", async () => {
  const page = await freshPage(env, { inline: false });
  const e = await page.evaluate(async (base) => {
    const { init, generateVideo } = await import("aimlapi-video");
    init(new Promise((_, reject) => setTimeout(() => reject(new Error("offline")), 200)));
    const c = new AbortController();
    const call = generateVideo({ ...base, signal: c.signal });
    c.abort();
    return call.then(() => "resolved", (e) => e.code);
  }, ask(`${env.sim}/f/dur=0`));
  assert.equal(e, "aborted");
  await page.context().close();
});

test("an exception that escapes the module rejects the calls inside it, and the next call restarts it", async () => {
  const page = await freshPage(env);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const tag = `escape-${Date.now()}`;
  const r = await page.evaluate(async (base) => {
    const { generateVideo, isAimlApiError } = await import("aimlapi-video");
    // A page (or an extension) breaks a global the module calls at every step. The exception runs
    // through the module and out of it, past Rust's cleanup: the state a trap leaves.
    const now = performance.now;
    let broke;
    const submitted = new Promise((r) => (broke = r));
    const onProgress = (e) => {
      if (e.type !== "submitted") return;
      performance.now = () => {
        throw new Error("a broken performance.now");
      };
      broke();
    };
    const first = generateVideo({ ...base, onProgress }).then(
      () => "resolved",
      (e) => ({ ours: isAimlApiError(e), code: e.code, retryable: e.retryable, message: e.message, cause: e.cause?.message }),
    );
    await submitted;
    const outcome = await Promise.race([first, new Promise((r) => setTimeout(() => r("still pending after 3 s"), 3000))]);
    performance.now = now;
    // Long after the dead call's timers would have fired, the next call works.
    await new Promise((r) => setTimeout(r, 300));
    const next = await generateVideo(base).then((v) => v.status, (e) => e.message);
    return { outcome, next };
  }, ask(`${env.sim}/t/${tag}/f/dur=200`));
  assert.notEqual(r.outcome, "still pending after 3 s");
  assert.deepEqual({ ...r.outcome, message: undefined }, { ours: true, code: "internal_error", retryable: false, message: undefined, cause: "a broken performance.now" });
  assert.match(r.outcome.message, /failed inside its WebAssembly module/);
  assert.equal(r.next, "completed");
  // The first call sent nothing after the escape; the second one made its own job.
  const log = await simLog(env.sim, tag);
  assert.equal(log.filter((e) => e.method === "POST").length, 2);
  assert.deepEqual(errors, [], "nothing reported as uncaught");
  await page.context().close();
});
