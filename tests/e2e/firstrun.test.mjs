// A newcomer's first calls, in a page against the simulator on another origin: a first
// generateVideo with nothing but baseUrl is done within seconds, paced by the server's Retry-After
// (not by a faster schedule for local hosts), and an inline image is judged by its bytes, not its
// label: text labelled image/png, or a file over 10 MB as a data: URL string, is refused before any
// request, as the same bytes in a Blob are.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, simLog, freshPage } from "./harness.mjs";

let env;
before(async () => {
  env = await setUp({ jobMs: 3000 });
});
after(() => env.close());

test("a first generateVideo with only baseUrl follows the server's pace and resolves seconds after the job ends", async () => {
  const page = await freshPage(env);
  const tag = `first-${Date.now()}`;
  const r = await page.evaluate(async (baseUrl) => {
    const { generateVideo } = await import("aimlapi-video");
    const t0 = performance.now();
    const seen = [];
    const video = await generateVideo({ baseUrl, prompt: "a red fox in snow", imageUrl: `${baseUrl.replace(/\/t\/.*/, "")}/media/first-frame.jpg`, onProgress: (e) => seen.push([e.type, e.status, Math.round(performance.now() - t0)]) });
    return { url: video.videoUrl, polls: video.polls, ms: performance.now() - t0, seen };
  }, `${env.sim}/t/${tag}`);
  assert.match(r.url, /\/media\/sample\.mp4$/);
  const reads = (await simLog(env.sim, tag)).filter((e) => e.method === "GET");
  // The job takes 3 s; the sim asks for a read a second. The default schedule alone would read at
  // about 4 s and then not before 40 s.
  assert.ok(reads.length >= 3, `reads a second apart: ${reads.length} (${JSON.stringify(r.seen)})`);
  assert.ok(r.ms < 6_000, `done within seconds of the job's end, not at the schedule's 43-s guard read: ${Math.round(r.ms)} ms`);
  assert.deepEqual(r.seen.map(([type]) => type).slice(0, 2), ["submitting", "submitted"]);
  await page.context().close();
});

test("an inline image is what its bytes say: text labelled image/png and an 11 MB data: URL are refused before any request, as Blobs", async () => {
  const page = await freshPage(env);
  const tag = `bytes-${Date.now()}`;
  const r = await page.evaluate(async (baseUrl) => {
    const { generateVideo } = await import("aimlapi-video");
    const base = { baseUrl, prompt: "a cat", pollIntervalMs: 50 };
    const text = btoa("just some text, not a picture at all");
    // 11 MB that start as a PNG: a PNG's signature, then zeros.
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    let bigB64 = "";
    for (let i = 0; i < big.length; i += 0x8000) bigB64 += String.fromCharCode.apply(null, big.subarray(i, i + 0x8000));
    bigB64 = btoa(bigB64);
    const tries = {
      textAsPngUrl: { imageUrl: `data:image/png;base64,${text}` },
      textAsPngBlob: { imageUrl: new Blob(["just some text, not a picture at all"], { type: "image/png" }) },
      bigUrl: { imageUrl: `data:image/png;base64,${bigB64}` },
      bigBlob: { imageUrl: new Blob([big], { type: "image/png" }) },
      htmlAsJpegInList: { model: "google/veo-3.1-reference-to-video", imageUrls: [`data:image/jpeg;base64,${btoa("<!doctype html><p>hi")}`] },
    };
    const out = {};
    for (const [name, o] of Object.entries(tries)) {
      out[name] = await generateVideo({ ...base, ...o }).then(() => "resolved", (e) => `${e.code}: ${e.message}`);
    }
    return out;
  }, `${env.sim}/t/${tag}`);
  assert.match(r.textAsPngUrl, /^invalid_request: imageUrl holds a file that is not a PNG, JPEG, WebP or GIF image by its bytes/);
  assert.match(r.textAsPngBlob, /^invalid_request: imageUrl holds a file that is not a PNG, JPEG, WebP or GIF image by its bytes/);
  assert.match(r.bigUrl, /^invalid_request: imageUrl holds a file of 11\.0 MB: a file sent inline may be at most 10 MB/);
  assert.match(r.bigBlob, /^invalid_request: imageUrl is 11\.0 MB: a file sent inline may be at most 10 MB/);
  assert.match(r.htmlAsJpegInList, /^invalid_request: each of imageUrls holds a file that is not a PNG/);
  assert.deepEqual(await simLog(env.sim, tag), [], "nothing was sent");
  await page.context().close();
});

test("a mislabelled image goes out with the type its bytes show", async () => {
  const page = await freshPage(env);
  const tag = `relabel-${Date.now()}`;
  // A 1x1 PNG, labelled JPEG.
  const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
  const r = await page.evaluate(
    async ([baseUrl, png]) => {
      const { createGeneration } = await import("aimlapi-video");
      return createGeneration({ baseUrl, prompt: "a cat", imageUrl: `data:image/jpeg;base64,${png}` }).then((c) => c.status);
    },
    [`${env.sim}/t/${tag}`, png],
  );
  assert.equal(r, "queued");
  const [post] = await simLog(env.sim, tag);
  assert.equal(post.body?.image_url ?? post.body?.imageUrl, `data:image/png;base64,${png}`);
  await page.context().close();
});
