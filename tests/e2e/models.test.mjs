// Every model of the Veo 3.1 family through the built package in Node, against the simulator: the
// body the library sends for each, with every option that model takes, validates against that
// model's schema in the vendor's OpenAPI file (spec/api, with ajv); and images given as files.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { submitSchemas } from "../../spec/api.mjs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { startSim } from "../../sim/server.mjs";
import { simLog } from "./harness.mjs";

let sim, pkg;
before(async () => {
  sim = await startSim({ jobMs: 50 });
  pkg = await import("../../dist/index.js");
});
after(() => sim.close());

const IMG = "https://example.com/frame.png";
const PNG = "data:image/png;base64,iVBORw0KGgo=";

// Each model with every option it takes, set to a value other than the API's default.
const FULL = {
  "google/veo-3.1-i2v": { imageUrl: IMG, aspectRatio: "9:16", duration: 6, resolution: "720p", generateAudio: false, provider: "google" },
  "google/veo-3.1-i2v-fast": { imageUrl: PNG, aspectRatio: "16:9", duration: 4, resolution: "1080p", generateAudio: true, provider: "fal" },
  "google/veo-3.1-t2v": { aspectRatio: "9:16", duration: 4, resolution: "720p", generateAudio: false, seed: 42, negativePrompt: "blur", enhancePrompt: false, autoFix: false, provider: "auto" },
  "google/veo-3.1-t2v-fast": { duration: 8, seed: -7, negativePrompt: "text", enhancePrompt: true, autoFix: true },
  "google/veo-3.1-first-last-image-to-video": { imageUrl: IMG, lastImageUrl: PNG, aspectRatio: "9:16", duration: 6, resolution: "720p", generateAudio: false },
  "google/veo-3.1-first-last-image-to-video-fast": { imageUrl: PNG, lastImageUrl: IMG, duration: 4, provider: "google" },
  "google/veo-3.1-reference-to-video": { imageUrls: [IMG, PNG, IMG], duration: 8, resolution: "720p", generateAudio: false, provider: "fal" },
  "google/veo3-1-extend-video": { videoUrl: "https://example.com/clip.mp4", aspectRatio: "auto", duration: 7, resolution: "720p", generateAudio: false, autoFix: true },
  "google/veo3-1-fast-extend-video": { videoUrl: "data:video/mp4;base64,AAAAIGZ0eXBpc29t", aspectRatio: "9:16", autoFix: false, provider: "google" },
  "veo-3.1-lite-generate-001": { imageUrl: IMG, lastImageUrl: IMG, aspectRatio: "9:16", duration: 6, resolution: "1080p", generateAudio: false, personGeneration: "dont_allow" },
  "google/veo-3-1-lite-generate-preview": { aspectRatio: "16:9", duration: 4, resolution: "720p", provider: "auto" },
  // Another model of the endpoint (OTHERS in spec/family.mjs): its fields pass through unchecked.
  "google/gemini-omni-1.1-flash": { imageUrl: IMG, aspectRatio: "9:16", duration: 5, resolution: "4k" },
};

test("the body of every model, with every option it takes, validates against its vendor schema", async () => {
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  const bySchema = submitSchemas();
  assert.deepEqual(Object.keys(FULL).sort(), [...bySchema.keys()].sort(), "one case per model file");
  for (const [model, options] of Object.entries(FULL)) {
    const tag = `model-${model.replace(/\W/g, "-")}-${Date.now()}`;
    const r = await pkg.createGeneration({ baseUrl: `${sim.url}/t/${tag}`, model, prompt: "a lighthouse at dusk", ...options });
    assert.match(r.id, /:/, model);
    const [post] = await simLog(sim.url, tag);
    const validate = ajv.compile(bySchema.get(model));
    assert.ok(validate(post.body), `${model}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(post.body)}`);
    // Every option that was given reached the wire (lite-001's resolution in its capitals).
    assert.equal(Object.keys(post.body).length, Object.keys(options).length + 2, `${model}: ${JSON.stringify(post.body)}`);
    if (model === "veo-3.1-lite-generate-001") assert.equal(post.body.resolution, "1080P");
  }
});

test("a wrong option for a model is refused before anything is sent, naming the model", async () => {
  const tag = `model-wrong-${Date.now()}`;
  const cases = [
    [{ model: "google/veo-3.1-t2v", imageUrl: IMG }, /imageUrl is not an option of google\/veo-3\.1-t2v/],
    [{ model: "google/veo-3.1-first-last-image-to-video", imageUrl: IMG }, /google\/veo-3\.1-first-last-image-to-video needs lastImageUrl/],
    [{ model: "google/veo-3.1-reference-to-video", imageUrls: [IMG], duration: 6 }, /duration must be 8 for google\/veo-3\.1-reference-to-video, not 6/],
    [{ model: "google/veo3-1-extend-video", videoUrl: IMG.replace(".png", ".mp4"), resolution: "1080p" }, /resolution must be 720p for google\/veo3-1-extend-video/],
    [{ model: "veo-3.1-lite-generate-001", provider: "fal" }, /provider is not an option of veo-3\.1-lite-generate-001/],
  ];
  for (const [options, message] of cases) {
    const e = await pkg.generateVideo({ baseUrl: `${sim.url}/t/${tag}`, prompt: "p", ...options }).then(() => null, (e) => e);
    assert.equal(e?.code, "invalid_request", JSON.stringify(options));
    assert.match(e.message, message);
  }
  assert.deepEqual(await simLog(sim.url, tag), []);
});

test("images given as a Blob or a File are sent as data URLs; other files and big ones are refused", async () => {
  const bytes = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
  const tag = `blob-${Date.now()}`;
  const options = { baseUrl: `${sim.url}/t/${tag}`, model: "google/veo-3.1-first-last-image-to-video", prompt: "p", imageUrl: new Blob([bytes], { type: "image/png" }), lastImageUrl: new File([bytes], "last.webp", { type: "image/webp" }) };
  await pkg.createGeneration(options);
  const [post] = await simLog(sim.url, tag);
  assert.equal(post.body.image_url, `data:image/png;base64,${bytes.toString("base64")}`);
  // Labelled WebP, a PNG by its bytes: sent as what it is.
  assert.equal(post.body.last_image_url, `data:image/png;base64,${bytes.toString("base64")}`);
  assert.ok(options.imageUrl instanceof Blob, "the caller's options are left as they were");
  const refs = `blob-refs-${Date.now()}`;
  await pkg.createGeneration({ baseUrl: `${sim.url}/t/${refs}`, model: "google/veo-3.1-reference-to-video", prompt: "p", imageUrls: [IMG, new Blob([bytes], { type: "image/jpeg" })] });
  assert.deepEqual((await simLog(sim.url, refs))[0].body.image_urls, [IMG, `data:image/png;base64,${bytes.toString("base64")}`]);

  const bad = `blob-bad-${Date.now()}`;
  for (const [imageUrl, message] of [
    [new Blob(["hello"], { type: "text/plain" }), /imageUrl holds a file that is not a PNG, JPEG, WebP or GIF image by its bytes/],
    [new Blob(["hello"], { type: "image/png" }), /imageUrl holds a file that is not a PNG, JPEG, WebP or GIF image by its bytes/],
    [new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: "image/png" }), /imageUrl is 10\.1 MB: a file sent inline may be at most 10 MB/],
  ]) {
    const e = await pkg.generateVideo({ baseUrl: `${sim.url}/t/${bad}`, prompt: "p", imageUrl }).then(() => null, (e) => e);
    assert.equal(e?.code, "invalid_request");
    assert.match(e.message, message);
  }
  assert.deepEqual(await simLog(sim.url, bad), []);
});
