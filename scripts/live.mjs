// `AIMLAPI_API_KEY=… npm run live` (AIMLAPI_KEY works too): one real generation against AI/ML API, from a real headless page
// (so CORS is real), with the cheapest settings: google/veo-3.1-i2v, 4 s, 720p, no audio. It says
// what it is about to spend before it sends anything, then what happened: the time from submit to
// done, the status reads, the statuses seen, which response headers the page could read, and
// whether every answer had the shape the simulator gives (the simulator runs the same flow first,
// as the reference). It then prints what the API said on each point that the vendor's documents
// leave open (../shared/api/tracing-cost-logs.md, "Unknown"): the CORS preflight of
// X-Client-Request-Id, the cost on the submit and on the poll that says completed, the price
// catalogue (its pricing, CORS, ETag and 304) and the usage logs (CORS, whether the key may read
// them, whether the job's row appears before it ends), and a "settled:" block, one line each.
// Not part of `npm test`; without a key it says so and stops. The key is never printed.
//   AIMLAPI_BASE_URL   another host (your proxy, or the simulator to try this script)
//   LIVE_MODEL         another model of the Veo 3.1 family (its own cheapest settings), to time
//                      its tier: the timeline of statuses is what corrects the schedule's windows
//   LIVE_VIDEO_URL     the video to extend, for the extend models
//   LIVE_YES=1         no 5-second pause before the paid call
//   LIVE_NO_CRID=1     send no X-Client-Request-Id (if the preflight refuses it: see "settled:")
import { startSim } from "../sim/server.mjs";
import { startStatic } from "./static.mjs";
import { launch, mapPackage } from "../tests/e2e/harness.mjs";
import { randomUUID } from "node:crypto";

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

/** In the page: one generation, with every answer's status, readable headers and body recorded. The
 * submit carries X-Client-Request-Id (`crid`, unless the package already sent one), and 3 s after
 * its answer the page looks the job's row up in the usage logs, while the job runs. */
async function runIn(page, options, crid) {
  return page.evaluate(async ({ options, crid }) => {
    const answers = [];
    const fetch = window.fetch;
    const started = performance.now();
    const traced = ["x-inference-id", "x-client-request-id", "x-aimlapi-credits-used", "x-aimlapi-usd-spent", "retry-after"];
    let sentCrid = null;
    let midRun = null;
    window.fetch = async (request, init = {}) => {
      const method = request.method ?? init?.method ?? "GET";
      if (method === "POST") {
        const headers = { ...init.headers };
        const own = Object.keys(headers).find((k) => k.toLowerCase() === "x-client-request-id");
        if (own) sentCrid = headers[own];
        else if (crid) headers["X-Client-Request-Id"] = sentCrid = crid;
        window.__liveCrid = sentCrid;
        init = { ...init, headers };
      }
      let response;
      try {
        response = await fetch(request, init);
      } catch (e) {
        answers.push({ at: performance.now() - started, method, status: null, networkError: String(e?.message ?? e), readableHeaders: [], traced: {}, body: null });
        throw e;
      }
      const body = await response.clone().json().catch(() => null);
      answers.push({
        at: performance.now() - started,
        method,
        status: response.status,
        readableHeaders: [...response.headers.keys()].sort(),
        traced: Object.fromEntries(traced.map((h) => [h, response.headers.get(h)])),
        body,
      });
      if (method === "POST" && response.ok && sentCrid && !midRun) midRun = new Promise((r) => setTimeout(r, 3000)).then(() => lookUp());
      return response;
    };
    // The usage logs, read from the page (so CORS is real) with the call's own key: the status, or
    // the network error, and the row of this submit's client request id.
    async function lookUp() {
      const out = { at: performance.now() - started, status: null, networkError: null, found: null, pages: 0 };
      try {
        for (let offset = 0; offset < 500; offset += 100) {
          const url = `${options.baseUrl}/v2/logs?period=1h&model=${encodeURIComponent(options.model)}&limit=100&offset=${offset}`;
          const r = await fetch(url, { headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {} });
          out.status = r.status;
          out.pages++;
          if (!r.ok) break;
          const page = await r.json();
          const row = page.data?.find((x) => x.client_request_id === sentCrid);
          if (row) {
            out.found = { status: row.status, inference_id: row.inference_id, cost: row.cost };
            break;
          }
          if (!page.pagination?.has_more) break;
        }
      } catch (e) {
        out.networkError = String(e?.message ?? e);
      }
      return out;
    }
    const statuses = [];
    const { generateVideo } = await import("aimlapi-video");
    const result = {};
    try {
      const r = await generateVideo({ ...options, onProgress: (e) => e.status && !statuses.includes(e.status) && statuses.push(e.status) });
      Object.assign(result, { ok: true, polls: r.polls, creditsUsed: r.creditsUsed, usdSpent: r.usdSpent, videoUrl: r.videoUrl, id: r.id });
    } catch (e) {
      Object.assign(result, { ok: false, code: e.code, status: e.status, message: e.message, generationId: e.generationId });
    } finally {
      window.fetch = fetch;
    }
    result.ms = performance.now() - started;
    return { ...result, statuses, answers, sentCrid, logsDuring: await midRun, logsAfter: await lookUp() };
  }, { options, crid });
}

/** The CORS preflight of a page's submit carrying X-Client-Request-Id, sent as a browser would. */
async function preflight(base, origin) {
  try {
    const r = await fetch(`${base}/v2/video/generations`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "x-client-request-id, authorization, content-type" },
    });
    const allow = r.headers.get("access-control-allow-headers");
    const list = (allow ?? "").toLowerCase().split(",").map((h) => h.trim());
    return { status: r.status, allow, allowed: list.includes("x-client-request-id") || list.includes("*") };
  } catch (e) {
    return { status: null, allow: null, allowed: false, error: String(e.message) };
  }
}

/** The catalogue's entry for the model: read from Node (its ETag and a second read with
 * If-None-Match), and from the page (whether CORS lets it, and whether the page sees the ETag). */
async function catalogueCheck(page, base, model) {
  const url = `${base}/v1/models?id=${encodeURIComponent(model)}&include=pricing`;
  const server = { status: null, etag: null, second: null, entry: null, error: null };
  try {
    const r = await fetch(url);
    server.status = r.status;
    server.etag = r.headers.get("etag");
    const body = await r.json().catch(() => null);
    server.entry = body?.data?.find?.((e) => e.id === model || e.aliases?.includes(model)) ?? null;
    if (server.etag) {
      const again = await fetch(url, { headers: { "if-none-match": server.etag } });
      server.second = again.status;
      await again.arrayBuffer();
    }
  } catch (e) {
    server.error = String(e.message);
  }
  const inPage = await page.evaluate(async (url) => {
    const out = { status: null, networkError: null, etagReadable: false, second: null, secondError: null };
    try {
      const r = await fetch(url, { cache: "no-store" });
      out.status = r.status;
      const etag = r.headers.get("etag");
      out.etagReadable = Boolean(etag);
      await r.arrayBuffer();
      if (etag) {
        try {
          out.second = (await fetch(url, { headers: { "if-none-match": etag } })).status;
        } catch (e) {
          out.secondError = String(e?.message ?? e);
        }
      }
    } catch (e) {
      out.networkError = String(e?.message ?? e);
    }
    return out;
  }, url);
  return { server, inPage };
}

/** The usage logs read from Node (no CORS): may this key read them, and is the row there. */
async function logsFromServer(base, model, crid) {
  try {
    const r = await fetch(`${base}/v2/logs?period=1h&model=${encodeURIComponent(model)}&limit=100`, { headers: { authorization: `Bearer ${key}` } });
    const body = await r.json().catch(() => null);
    const row = body?.data?.find?.((x) => x.client_request_id === crid);
    return { status: r.status, found: row ? { status: row.status, inference_id: row.inference_id, cost: row.cost } : null };
  } catch (e) {
    return { status: null, error: String(e.message) };
  }
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
  // LIVE_NO_CRID=1: no X-Client-Request-Id (for an API whose preflight refuses it; the logs lookup is then lost).
  const crid = process.env.LIVE_NO_CRID ? null : `live-${randomUUID()}`;
  const before = await preflight(base, site.url);
  const catalogue = await catalogueCheck(page, base, model);
  const running = runIn(page, { ...ask, baseUrl: base, apiKey: key, ...(crid ? {} : { clientRequestId: false }) }, crid);
  // From Node too (no CORS), 3 s after the submit went out: may this key read the logs, is the row there.
  let serverDuring = null;
  for (let i = 0; crid && i < 120 && !serverDuring; i++) {
    const sent = await page.evaluate(() => window.__liveCrid ?? null);
    if (sent) {
      await new Promise((r) => setTimeout(r, 3000));
      serverDuring = { crid: sent, ...(await logsFromServer(base, model, sent)) };
    } else await new Promise((r) => setTimeout(r, 500));
  }
  const live = await running;
  // The rows come from an analytics pipeline: give a missing row up to a minute after the end.
  const submitted = live.answers.some((a) => a.method === "POST" && a.status === 200);
  let serverAfter = submitted ? await logsFromServer(base, model, live.sentCrid) : null;
  for (let i = 0; live.sentCrid && i < 4 && serverAfter?.status === 200 && !serverAfter.found; i++) {
    await new Promise((r) => setTimeout(r, 15000));
    serverAfter = { ...(await logsFromServer(base, model, live.sentCrid)), waited: (i + 1) * 15 };
  }

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
credits used      ${live.creditsUsed ?? "not reported"}; usd spent ${live.usdSpent ?? "not reported (or not read by this version)"}
headers the page could read   ${headers.join(", ") || "none"}
  retry-after: ${headers.includes("retry-after") ? "readable" : "NOT readable (not exposed by CORS, or not sent)"}; x-request-id: ${headers.includes("x-request-id") ? "readable" : "NOT readable"}
shapes            ${unexpected.length ? `differ from the simulator's:\n  ${unexpected.join("\n  ")}\n  the simulator's:\n  ${[...expected].join("\n  ")}` : "every answer had a shape the simulator also gives"}`);
  if (!live.ok && live.generationId) console.log(`The job exists (${live.generationId}): waitForVideo({ id }) can follow it without paying again.`);
  const said = settle({ live, before, catalogue, serverDuring, serverAfter });
  console.log(`\n${said.details}\nsettled:\n${said.lines.map((l) => `  ${l}`).join("\n")}`);
  process.exitCode = live.ok && !unexpected.length ? 0 : 1;
} finally {
  await browser.close();
  await sim.close();
  await site.close();
}

/** Whether the submit's and the status reads' pending answers said when to ask again. */
function pace(answers) {
  const pending = answers.filter((a) => !a.networkError && a.status === 200 && !["completed", "error", "failed"].includes(a.body?.status));
  if (!pending.length) return "unknown (no pending answer read)";
  const said = pending.map((a) => a.traced["retry-after"]).filter((v) => v !== null && v !== undefined);
  return said.length ? `yes, ${said.length} of ${pending.length} (${[...new Set(said)].slice(0, 5).join(", ")} s)` : `NO (0 of ${pending.length}, or not exposed to the page)`;
}

/** What the API said on each unknown of tracing-cost-logs.md: the details, and one line each. */
function settle({ live, before, catalogue, serverDuring, serverAfter }) {
  const post = live.answers.find((a) => a.method === "POST");
  const done = live.answers.find((a) => a.method === "GET" && a.body?.status === "completed");
  const cost = (a) => {
    const [c, u] = [a.traced["x-aimlapi-credits-used"], a.traced["x-aimlapi-usd-spent"]];
    if (c === null && u === null) return "none (or not exposed to the page)";
    return Number(c) === 0 && Number(u) === 0 ? `zero (${c}, ${u})` : `credits ${c}, usd ${u}`;
  };
  const { server: cs, inPage: cp } = catalogue;
  const p = cs.entry?.pricing;
  const variant = p?.kind === "variants" ? p.variants?.find((v) => Object.entries(v.when ?? {}).every(([k, w]) => String(w).toLowerCase() === String({ resolution: ask.resolution, generate_audio: ask.generateAudio, duration: ask.duration }[k]).toLowerCase())) ?? p.variants?.[0] : p?.units?.[0];
  const logsRead = (l) => (!l ? "not tried" : l.networkError ? `network error (CORS?): ${l.networkError}` : `HTTP ${l.status}${l.found ? `, row found (${l.found.status}, usd ${l.found.cost?.usd})` : l.status === 200 ? ", no row" : ""}`);
  const row = (page, server) => {
    if (!live.sentCrid) return "not looked up (no X-Client-Request-Id sent)";
    const r = page?.found ?? server?.found;
    if (r) return `yes (${r.status}, inference_id ${r.inference_id === (live.id ?? live.generationId) ? "= the generation id" : r.inference_id})`;
    return page?.status === 200 || server?.status === 200 ? "no" : "could not tell (the logs were not readable)";
  };
  const details = `preflight (OPTIONS, asking x-client-request-id, authorization, content-type)
  HTTP ${before.status}; access-control-allow-headers: ${before.allow ?? "none"}${before.error ? `; ${before.error}` : ""}
page's submit with X-Client-Request-Id ${live.sentCrid}: ${post ? (post.networkError ? `network error: ${post.networkError}` : `HTTP ${post.status}, echoed: ${post.traced["x-client-request-id"] ?? "no"}, x-inference-id: ${post.traced["x-inference-id"] ?? "not readable"}`) : "not sent"}
submit's cost headers: ${post && !post.networkError ? cost(post) : "-"}
completed poll: cost headers ${done ? cost(done) : "-"}; meta.usage ${done ? JSON.stringify(done.body?.meta?.usage ?? null) : "-"}; video ${done ? (Array.isArray(done.body?.video) ? "an array" : typeof done.body?.video) : "-"}
catalogue (server): HTTP ${cs.status}${cs.error ? ` ${cs.error}` : ""}; ETag ${cs.etag ?? "none"}; second read with If-None-Match: ${cs.second ?? "-"}
  entry: ${cs.entry ? `${cs.entry.id} (aliases ${JSON.stringify(cs.entry.aliases)})` : "the model is absent"}; pricing: ${p ? JSON.stringify({ kind: p.kind, dimensions: p.dimensions, variant }) : "none"}
catalogue (page): ${cp.networkError ? `network error: ${cp.networkError}` : `HTTP ${cp.status}; ETag readable: ${cp.etagReadable}; second read: ${cp.second ?? cp.secondError ?? "-"}`}
logs during the job: page ${logsRead(live.logsDuring)}; server ${logsRead(serverDuring)}
logs after the job:  page ${logsRead(live.logsAfter)}; server ${logsRead(serverAfter)}${serverAfter?.waited ? ` (after ${serverAfter.waited} s more)` : ""}`;
  const lines = [
    `preflight allows X-Client-Request-Id: ${before.allowed ? "yes" : "NO"}${post?.networkError ? " (the page's submit failed as a network error)" : ""}`,
    `submit's cost: ${post && !post.networkError ? cost(post) : "unknown (no submit answer)"}`,
    `first completed poll: cost headers ${done ? (cost(done).startsWith("none") ? "NO" : "yes") : "unknown"}; usd_spent in body ${done ? (done.body?.meta?.usage?.usd_spent !== undefined ? "yes" : "NO") : "unknown"}`,
    `catalogue pricing: ${p ? `kind ${p.kind}${p.dimensions ? `, dimensions ${p.dimensions.join("+")}` : ""}` : "none for this model"}; read cross-origin: ${cp.networkError ? "NO" : "yes"}; ETag readable by a page: ${cp.etagReadable ? "yes" : "no"}; If-None-Match gives 304: ${cs.second === 304 ? "yes" : `no (${cs.second ?? "no ETag"})`}`,
    `logs read cross-origin: ${live.logsAfter?.networkError || live.logsDuring?.networkError ? "NO" : live.logsAfter || live.logsDuring ? "yes" : "unknown"}; this key may read them: ${serverAfter?.status ?? serverDuring?.status ?? "unknown"}`,
    `job's row before the end: ${row(live.logsDuring, serverDuring)}; after: ${row(live.logsAfter, serverAfter)}`,
    // The simulator paces its pending answers with Retry-After, and the default schedule follows it.
    `pending answers carry Retry-After: ${pace(live.answers)}`,
  ];
  return { details, lines };
}
