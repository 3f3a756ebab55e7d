// Bounded work on hostile input (issue 29, part 6): every reader of a caller's object in the built
// package (dist/index.js under Node, and the AI SDK adapter's js/ai-sdk/options.js: the built
// adapter needs the SDK, which tests/consumers installs) settles at once with a clear error (or
// succeeds) whatever it is given: huge lists, objects of millions of keys, strings of hundreds of
// MB, deep nesting, cycles, getters that throw, proxies. Each did seconds of work before (the
// reader copied the input whole); the bound here is generous, and no request may leave.
import { test, before } from "node:test";
import assert from "node:assert/strict";

/** Generous: each case takes milliseconds now, and took 2 to 10 s (or crashed) before. */
const BOUND_MS = 2000;

let pkg, toPackage;
before(async () => {
  pkg = await import("../../dist/index.js");
  ({ toPackage } = await import("../../js/ai-sdk/options.js"));
  await pkg.init();
});

/** `call()`'s settlement and how long it took; the inputs are built before it starts. */
async function timed(call) {
  const t = performance.now();
  let out;
  try {
    out = { value: await call() };
  } catch (e) {
    out = { error: e };
  }
  return { ...out, ms: performance.now() - t };
}

/** That `call()` rejected with invalid_request, its message matching `said`, within the bound. */
async function refused(call, said) {
  const { error, value, ms } = await timed(call);
  assert.ok(ms < BOUND_MS, `settled after ${Math.round(ms)} ms: ${error?.message?.slice(0, 200) ?? "resolved"}`);
  assert.ok(error, `resolved with ${JSON.stringify(value)}`);
  assert.equal(error.code, "invalid_request", error.message);
  assert.match(error.message, said);
}

const keys = (n, value = (i) => i) => {
  const o = {};
  for (let i = 0; i < n; i++) o[`k${i}`] = value(i);
  return o;
};
const deep = (n) => {
  let v = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};
const long = "x".repeat(5e8); // about the longest string an engine holds
const job = { model: "google/veo-3.1-i2v", pendingMs: 1000, doneMs: 2000 };

// Options that would reach the network: a fetch that counts, so that no request leaves.
let sent = 0;
const options = (more) => ({
  apiKey: "sk-test",
  prompt: "a cat",
  model: "google/veo-3.1-t2v",
  fetch: async () => {
    sent++;
    throw new Error("no request may leave");
  },
  ...more,
});

test("importTimings reads only what exportTimings writes, whatever it is given", async () => {
  const TIMINGS = /importTimings takes what exportTimings\(\) returned.*at most 64 jobs/;
  const cycle = { version: 1 };
  cycle.jobs = [cycle];
  const hostile = {
    "ten million jobs": { version: 1, jobs: Array(1e7).fill(job) },
    "a million jobs": { version: 1, jobs: Array(1e6).fill(job) },
    "a model of 500 M characters": { version: 1, jobs: [{ ...job, model: long }] },
    "jobs a million deep": { version: 1, jobs: [deep(1e6)] },
    "a proxy of a billion jobs": { version: 1, jobs: new Proxy([], { get: (t, k) => (k === "length" ? 1e9 : Reflect.get(t, k)) }) },
    "a cycle": cycle,
    "a getter that throws": { version: 1, get jobs() { throw new Error("boom"); } },
    "jobs whose every read throws": { version: 1, jobs: new Proxy([], { get() { throw new Error("boom"); } }) },
  };
  for (const [name, timings] of Object.entries(hostile)) {
    await test(name, () => refused(() => pkg.importTimings(timings), TIMINGS));
  }
  // Keys it does not read cost nothing: a job of three million others is taken.
  const padded = { version: 1, jobs: [Object.assign(keys(3e6), job)] };
  const { error, ms } = await timed(() => pkg.importTimings(padded));
  assert.equal(error, undefined);
  assert.ok(ms < BOUND_MS, `settled after ${Math.round(ms)} ms`);
  assert.equal((await pkg.exportTimings()).jobs.length, 1);
});

test("the options of every call: lists, strings, extra and headers past the bounds are refused unsent", async () => {
  const imagesModel = "google/veo-3.1-reference-to-video";
  const billion = new Proxy([], { get: (t, k) => (k === "length" ? 1e9 : Reflect.get(t, k)) });
  const cases = [
    ["imageUrls of ten million", pkg.generateVideo, () => options({ model: imagesModel, imageUrls: Array(1e7).fill("https://example.com/a.png") }), /imageUrls must be .*\(at most 1000 items\)/],
    ["imageUrls a proxy of a billion", pkg.createGeneration, () => options({ model: imagesModel, imageUrls: billion }), /imageUrls must be .*\(at most 1000 items\)/],
    ["a prompt of 500 M characters", pkg.generateVideo, () => options({ prompt: long }), /prompt must be a string \(at most 33554432 characters\)/],
    ["extra of ten million values", pkg.generateVideo, () => options({ extra: { a: Array(1e7).fill({ x: 1 }) } }), /extra must be an object of plain JSON data.*at most 10000 values/],
    ["extra of a string of 500 M characters", pkg.createGeneration, () => options({ extra: { a: long } }), /extra must be .*33554432 characters/],
    ["extra a million deep", pkg.generateVideo, () => options({ extra: { a: deep(1e6) } }), /extra must be an object of plain JSON data/],
    ["headers of a million", pkg.generateVideo, () => options({ headers: keys(1e6, () => "v") }), /headers must be an object of header names to string values/],
    ["maxUsd's price check, with headers of a million", pkg.generateVideo, () => options({ maxUsd: 1, headers: keys(1e6, () => "v") }), /headers must be/],
    ["waitForVideo with an id of 500 M characters", pkg.waitForVideo, () => options({ id: long }), /id must be a string \(at most 33554432 characters\)/],
    ["getGeneration with extra of ten million", pkg.getGeneration, () => options({ id: "gen-1", extra: { a: Array(1e7).fill(0) } }), /extra must be/],
    ["recoverGeneration with headers of a million", pkg.recoverGeneration, () => options({ clientRequestId: "abc", headers: keys(1e6, () => "v") }), /headers must be/],
    ["recoverGeneration with a clientRequestId of 500 M characters", pkg.recoverGeneration, () => options({ clientRequestId: long }), /clientRequestId must be .*\(at most 33554432 characters\)/],
    ["estimateCost with extra of ten million", pkg.estimateCost, () => options({ extra: { a: Array(1e7).fill({ x: 1 }) } }), /extra must be/],
  ];
  for (const [name, call, input, said] of cases) {
    const o = input(); // built before the clock starts
    await test(name, () => refused(() => call(o), said));
  }
  assert.equal(sent, 0, "no request left");
});

test("images given as files: the options' other keys are not copied, nor a list past the bounds read", async () => {
  const text = new Blob(["not an image"], { type: "text/plain" });
  // Three million other keys, each of which a spread of the options copied.
  const many = Object.assign(keys(3e6), options({ model: "google/veo-3.1-i2v", imageUrl: text }));
  await test("options of three million keys", () => refused(() => pkg.generateVideo(many), /imageUrl holds a file that is not a PNG, JPEG, WebP or GIF image by its bytes/));
  const billion = new Proxy([text], { get: (t, k) => (k === "length" ? 1e9 : Reflect.get(t, k)) });
  await test("imageUrls a proxy of a billion, a file first", () =>
    refused(() => pkg.generateVideo(options({ model: "google/veo-3.1-reference-to-video", imageUrls: billion })), /imageUrls must be .*\(at most 1000 items\)/));
  // The two bounds are one: a list as long as the module reads has its files checked here.
  const atBound = Array(1000).fill("https://example.com/a.png");
  atBound[999] = text;
  await test("a list at the module's bound has its files checked", () =>
    refused(() => pkg.generateVideo(options({ model: "google/veo-3.1-reference-to-video", imageUrls: atBound })), /each of imageUrls holds a file that is not a PNG, JPEG, WebP or GIF image by its bytes/));
  const big = new Blob([new Uint8Array(9 * 1024 * 1024)], { type: "image/png" });
  await test("more files than a call may carry are refused before any is read", () =>
    refused(() => pkg.generateVideo(options({ model: "google/veo-3.1-reference-to-video", imageUrls: Array(5).fill(big) })), /together they may be at most 40 MB/));
  // A list whose length grows at each read: read once, it cannot make the copy endless.
  let reads = 0;
  const growing = new Proxy([text], { get: (t, k) => (k === "length" ? ++reads : Reflect.get(t, k)) });
  await test("imageUrls a proxy whose length grows at each read", () =>
    refused(() => pkg.generateVideo(options({ model: "google/veo-3.1-reference-to-video", imageUrls: growing })), /imageUrls/));
  // Strings each within the bound of one, together past what the module can hold.
  const url = `data:image/png;base64,iVBORw0KGgo${"A".repeat(3e7)}`;
  await test("a list of 200 strings of 30 MB each", () =>
    refused(() => pkg.generateVideo(options({ model: "google/veo-3.1-reference-to-video", imageUrls: Array(200).fill(url) })), /imageUrls must be a list of image URLs/));
  assert.equal(sent, 0, "no request left");
});

test("frozen options with a file: read, not refused (a state library freezes what it holds)", async () => {
  const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));
  let body;
  const frozen = Object.freeze({
    ...options({ model: "google/veo-3.1-i2v", imageUrl: new Blob([png]) }),
    fetch: async (url, init) => {
      body = JSON.parse(init.body);
      return new Response(JSON.stringify({ id: "g1:google/veo-3.1-i2v", status: "queued" }), { headers: { "content-type": "application/json" } });
    },
  });
  const created = await pkg.createGeneration(frozen);
  assert.equal(created.id, "g1:google/veo-3.1-i2v");
  assert.match(body.image_url, /^data:image\/png;base64,iVBOR/);
});

test("the AI SDK adapter's options: lists and provider options past the bounds are refused before any is read", async () => {
  const model = "google/veo-3.1-reference-to-video";
  const file = { type: "file", mediaType: "image/png", data: new Uint8Array(1000) };
  const cases = [
    ["a million inputReferences", { prompt: "a cat", inputReferences: Array(1e6).fill(file) }, /inputReferences holds 1000000 items: aimlapi-video takes at most 1000/],
    ["a million frameImages", { prompt: "a cat", frameImages: Array(1e6).fill({ frameType: "last_frame", image: file }) }, /frameImages holds 1000000 items/],
    ["a million provider options", { prompt: "a cat", providerOptions: { aimlapi: keys(1e6) } }, /providerOptions.aimlapi holds 1000000 items/],
  ];
  for (const [name, call, said] of cases) await test(name, () => refused(async () => toPackage(model, call), said));
});
