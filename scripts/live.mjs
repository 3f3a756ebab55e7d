// `AIMLAPI_API_KEY=… npm run live` (AIMLAPI_KEY works too): one real generation against AI/ML API, from a real headless page
// (so CORS is real), with the cheapest settings: google/veo-3.1-i2v, 4 s, 720p, no audio. It says
// what it is about to spend before it sends anything, then what happened: the time from submit to
// done, the status reads, the statuses seen, which response headers the page could read, and
// whether every answer had the shape the simulator gives (the simulator runs the same flow first,
// as the reference). Not part of `npm test`; without a key it says so and stops.
//   AIMLAPI_BASE_URL   another host (your proxy, or the simulator to try this script)
//   LIVE_MODEL         another model of the Veo 3.1 family (its own cheapest settings), to time
//                      its tier: the timeline of statuses is what corrects the schedule's windows
//   LIVE_VIDEO_URL     the video to extend, for the extend models
//   LIVE_YES=1         no 5-second pause before the paid call
import { startSim } from "../sim/server.mjs";
import { startStatic } from "./static.mjs";
import { launch, mapPackage } from "../tests/e2e/harness.mjs";

const key = (process.env.AIMLAPI_API_KEY || process.env.AIMLAPI_KEY)?.trim();
if (!key) {
  console.log("live check skipped: set AIMLAPI_API_KEY to run one real generation (it costs credits).");
  process.exit(0);
}
const base = process.env.AIMLAPI_BASE_URL ?? "https://api.aimlapi.com";
// The vendor's own example (../shared/api/seed-veo-3.1-image-to-video.md).
const image = "https://s2-111386.kwimgs.com/bs2/mmu-aiplatform-temp/kling/20240620/1.jpeg";
const model = process.env.LIVE_MODEL ?? "google/veo-3.1-i2v";
// Each mode's inputs, and its model's shortest and smallest video (see the README's model table).
const byMode = [
  [/reference/, { imageUrls: [image], duration: 8, resolution: "720p" }],
  [/first-last/, { imageUrl: image, lastImageUrl: image, duration: 4, resolution: "720p" }],
  [/extend/, { videoUrl: process.env.LIVE_VIDEO_URL, duration: 7, resolution: "720p" }],
  [/t2v/, { duration: 4, resolution: "720p" }],
  [/lite-generate-001/, { duration: 4, resolution: "720P" }],
  [/lite/, { duration: 4, resolution: "720p" }],
  [/./, { imageUrl: image, duration: 4, resolution: "720p" }],
];
const ask = {
  prompt: "The woman puts on glasses with her hands and then sighs and says slowly: 'Well...'.",
  model,
  ...byMode.find(([re]) => re.test(model))[1],
  generateAudio: false,
};
if (/extend/.test(model) && !ask.videoUrl) {
  console.log("live check skipped: the extend models need LIVE_VIDEO_URL, the video to extend.");
  process.exit(0);
}

console.log(`About to spend: one ${ask.model} generation of ${ask.duration} s at ${ask.resolution}, without audio, on ${base}.
That is the cheapest this model offers. The vendor's files in this repository give no price: see
the model's page on aimlapi.com; the credits it used are reported below (meta.usage.credits_used).`);
if (!process.env.LIVE_YES) {
  console.log("Sending in 5 s; Ctrl+C stops it.");
  await new Promise((r) => setTimeout(r, 5000));
}

/** In the page: one generation, with every answer's status, readable headers and body recorded. */
async function runIn(page, options) {
  return page.evaluate(async (options) => {
    const answers = [];
    const fetch = window.fetch;
    const started = performance.now();
    window.fetch = async (request, init) => {
      const response = await fetch(request, init);
      const body = await response.clone().json().catch(() => null);
      answers.push({
        at: performance.now() - started,
        method: request.method ?? init?.method ?? "GET",
        status: response.status,
        readableHeaders: [...response.headers.keys()].sort(),
        body,
      });
      return response;
    };
    const statuses = [];
    const { generateVideo } = await import("aimlapi-video");
    try {
      const r = await generateVideo({ ...options, onProgress: (e) => e.status && !statuses.includes(e.status) && statuses.push(e.status) });
      return { ok: true, ms: performance.now() - started, polls: r.polls, creditsUsed: r.creditsUsed, videoUrl: r.videoUrl, statuses, answers };
    } catch (e) {
      return { ok: false, ms: performance.now() - started, code: e.code, status: e.status, message: e.message, generationId: e.generationId, statuses, answers };
    } finally {
      window.fetch = fetch;
    }
  }, options);
}

/** A body's shape: each key's JSON type, one level into objects. */
function shape(v, depth = 0) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v !== "object") return typeof v;
  if (depth > 1) return "object";
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape(v[k], depth + 1)]));
}

const site = await startStatic();
const sim = await startSim({ jobMs: 1500 });
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`${site.url}/www/blank.html`);
  await mapPackage(page);
  // The reference: the simulator's answers to the same flow, and its error body (a wrong key).
  const reference = [
    await runIn(page, { ...ask, baseUrl: sim.url, pollIntervalMs: 200 }),
    await runIn(page, { ...ask, baseUrl: sim.url, apiKey: "wrong-key" }),
  ];
  const live = await runIn(page, { ...ask, baseUrl: base, apiKey: key });

  const shapes = (r) => r.answers.map((a) => JSON.stringify(shape(a.body)));
  const expected = new Set(reference.flatMap(shapes));
  const unexpected = [...new Set(shapes(live))].filter((s) => !expected.has(s));
  const headers = [...new Set(live.answers.flatMap((a) => a.readableHeaders))];
  console.log(`
result            ${live.ok ? `completed: ${live.videoUrl}` : `failed: ${live.code}${live.status ? ` (HTTP ${live.status})` : ""}: ${live.message}`}
submit to done    ${(live.ms / 1000).toFixed(1)} s
status reads      ${live.answers.filter((a) => a.method === "GET").length}
statuses seen     ${live.statuses.join(", ") || "none"}
timeline          ${live.answers.map((a) => `${(a.at / 1000).toFixed(1)} s ${a.body?.status ?? a.status}`).join(", ")}
                  (for "When it polls" in the README: when the job left the queue, and when it was done)
HTTP statuses     ${live.answers.map((a) => `${a.method} ${a.status}`).join(", ")}
credits used      ${live.creditsUsed ?? "not reported"}
headers the page could read   ${headers.join(", ") || "none"}
  retry-after: ${headers.includes("retry-after") ? "readable" : "NOT readable (not exposed by CORS, or not sent)"}; x-request-id: ${headers.includes("x-request-id") ? "readable" : "NOT readable"}
shapes            ${unexpected.length ? `differ from the simulator's:\n  ${unexpected.join("\n  ")}\n  the simulator's:\n  ${[...expected].join("\n  ")}` : "every answer had a shape the simulator also gives"}`);
  if (!live.ok && live.generationId) console.log(`The job exists (${live.generationId}): waitForVideo({ id }) can follow it without paying again.`);
  process.exitCode = live.ok && !unexpected.length ? 0 : 1;
} finally {
  await browser.close();
  await sim.close();
  await site.close();
}
