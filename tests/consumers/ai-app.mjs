// The AI SDK app of tests/consumers/ai-sdk.test.mjs: `ai` and the packed aimlapi-video/ai-sdk, run
// as a user's server code runs them, against the simulator (argv[2]) and through the package's own
// proxy. Prints one JSON line of what it saw; the test asserts on it.
import { readFile } from "node:fs/promises";
import http from "node:http";
import { APICallError, experimental_generateVideo as sdkGenerate, experimental_getVideoStatus as getVideoStatus, experimental_startVideo as startVideo, LoadAPIKeyError } from "ai";
import { aimlapi, createAimlapi } from "aimlapi-video/ai-sdk";
import { createProxy, toNodeHandler } from "aimlapi-video/proxy";
import { estimateCost } from "aimlapi-video";

const sim = process.argv[2];
const tag = process.argv[3];
const KEY = "sk-ai-sdk-key-1234567890";
const at = (faults) => `${sim}/t/${tag}${faults ? `/f/${faults}` : ""}`;
const provider = (faults, more) => createAimlapi({ apiKey: KEY, baseURL: `${at(faults)}/`, ...more });
const image = new Uint8Array(await readFile(new URL("./first-frame.jpg", import.meta.url)));
const fast = { aimlapi: { pollIntervalMs: 20 } };
// The SDK downloads the video itself, and refuses private addresses such as the simulator's.
const download = async ({ url }) => {
  const r = await fetch(url);
  return { data: new Uint8Array(await r.arrayBuffer()), mediaType: r.headers.get("content-type") ?? undefined };
};
const generateVideo = (o) => sdkGenerate({ download, ...o });
const out = {};

/** What an error says, in the SDK's terms, and whether any piece of the key is in it. */
function seen(e) {
  const inner = [e, e?.lastError, ...(e?.errors ?? [])].find((x) => APICallError.isInstance(x)) ?? e;
  const text = JSON.stringify({ m: inner?.message, h: inner?.responseHeaders, u: inner?.url, d: inner?.data, s: String(e?.stack) });
  return {
    name: e?.name,
    api: APICallError.isInstance(inner),
    statusCode: inner?.statusCode,
    isRetryable: inner?.isRetryable,
    code: inner?.data?.code ?? inner?.code,
    hasHeaders: inner?.responseHeaders !== undefined && Object.keys(inner.responseHeaders).length > 0,
    url: inner?.url,
    keyed: text.includes(KEY.slice(0, 12)) || text.includes(KEY.slice(-8)),
    // The submit's id: an APICallError's data has it, the package's own errors carry it.
    clientRequestId: inner?.data?.clientRequestId ?? inner?.clientRequestId ?? null,
    message: inner?.message,
  };
}
const failing = (p) => p.then(() => "resolved", seen);

// 1. doGenerate: the package's own schedule, a file image as bytes, the SDK's standard options.
{
  const r = await generateVideo({
    model: provider().video("google/veo-3.1-i2v"),
    prompt: { image, text: "a cat turns its head" },
    aspectRatio: "16:9",
    resolution: "1280x720",
    duration: 4,
    generateAudio: false,
    fps: 24,
    providerOptions: fast,
  });
  out.generate = { bytes: r.video.uint8Array.length, mediaType: r.video.mediaType, warnings: r.warnings.map((w) => w.feature ?? w.message), meta: r.providerMetadata.aimlapi };
}

// 2. The SDK's polling (doStart, then doStatus), with a status read that fails once.
{
  const r = await generateVideo({ model: provider("pollerr=503x1").videoModel("google/veo-3.1-t2v-fast"), prompt: "a city at night", seed: 7, poll: { intervalMs: 30 } });
  out.polled = { bytes: r.video.uint8Array.length, meta: r.providerMetadata.aimlapi };
}

// 3. Start now, resume later: the operation survives JSON, and holds no key and no inputs.
{
  const model = provider().video("google/veo-3.1-i2v-fast");
  const started = await startVideo({ model, prompt: { image: "https://example.com/cat.png", text: "a secret prompt" } });
  const operation = JSON.parse(JSON.stringify(started.operation));
  let status;
  for (let i = 0; i < 200; i++) {
    status = await getVideoStatus(model, { operation });
    if (status.status !== "pending") break;
    await new Promise((r) => setTimeout(r, 30));
  }
  out.resumed = { operation: JSON.stringify(started.operation), status: status.status, url: status.videos?.[0]?.url };
}

// 4. Errors, and money: no retry of the SDK's may submit twice. A submit answered with a 5xx is
// looked for in the usage logs until the call's deadline (issue 28): short here, as nothing was made.
const lost = { aimlapi: { timeoutMs: 2000 } };
out.errors = {
  unauthorized: await failing(generateVideo({ model: createAimlapi({ apiKey: "wrong-key-1234567890", baseURL: at() }).video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/cat.png", text: "x" } })),
  submit503: await failing(generateVideo({ model: provider("status=503").video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/cat.png", text: "x" }, maxRetries: 2, providerOptions: lost })),
  start503: await failing(startVideo({ model: provider("status=503,ra=0").video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/cat.png", text: "x" }, maxRetries: 2 })),
  leaky: await failing(generateVideo({ model: provider("status=500,echo").video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/cat.png", text: "x" }, providerOptions: lost })),
  failed: await failing(generateVideo({ model: provider("fail").video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/cat.png", text: "x" }, providerOptions: fast })),
  noKey: await failing(generateVideo({ model: aimlapi.video("google/veo-3.1-i2v"), prompt: "x" })).then((e) => ({ ...e, load: e.name === "AI_LoadAPIKeyError" })),
  badOperation: await failing(getVideoStatus(provider().video("google/veo-3.1-i2v"), { operation: { prompt: "x" } })),
};
out.loadErrorClass = LoadAPIKeyError.name;
// A refused submit (429) created nothing: its error is retryable, and the SDK's retry is made.
out.refused = await generateVideo({
  model: createAimlapi({ apiKey: KEY, baseURL: `${sim}/t/${tag}-429/f/submit429=1,ra=0/` }).video("google/veo-3.1-i2v"),
  prompt: { image: "https://example.com/cat.png", text: "x" },
  maxRetries: 1,
  providerOptions: { aimlapi: { maxRetries: 0, pollIntervalMs: 20 } },
}).then(() => "resolved", seen);

// 5. An abort rejects at once, and nothing is sent after it.
{
  const c = new AbortController();
  setTimeout(() => c.abort(), 150);
  const r = await failing(generateVideo({ model: provider("never,t2").video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/cat.png", text: "x" }, abortSignal: c.signal, providerOptions: fast }));
  const count = async () => (await (await fetch(`${sim}/__sim/log?tag=${tag}`)).json()).filter((e) => e.path.includes("/f/never,t2")).length;
  const before = await count();
  await new Promise((r) => setTimeout(r, 300));
  out.aborted = { ...r, sentAfter: (await count()) - before, sent: before };
}

// 6. Every model of the family, with what it takes and what it does not (a warning each).
out.models = {};
const ref = (url) => ({ type: "url", url });
const cases = {
  "google/veo-3.1-i2v": { prompt: { image, text: "x" }, resolution: "1920x1080", seed: 1 },
  "google/veo-3.1-i2v-fast": { prompt: { image: "https://example.com/a.png", text: "x" }, duration: 6 },
  "google/veo-3.1-t2v": { prompt: "x", seed: 3, aspectRatio: "9:16", providerOptions: { aimlapi: { negativePrompt: "rain", enhancePrompt: false, autoFix: true, personGeneration: "allow_adult" } } },
  "google/veo-3.1-t2v-fast": { prompt: { image, text: "x" }, resolution: "720x1280" },
  "google/veo-3.1-first-last-image-to-video": { prompt: "x", frameImages: [{ image, frameType: "first_frame" }, { image: "https://example.com/z.png", frameType: "last_frame" }] },
  "google/veo-3.1-first-last-image-to-video-fast": { prompt: "x", frameImages: [{ image: "https://example.com/a.png", frameType: "first_frame" }, { image, frameType: "last_frame" }], providerOptions: { aimlapi: { provider: "google", nonsense: 1 } } },
  "google/veo-3.1-reference-to-video": { prompt: "x", inputReferences: [image, "https://example.com/b.png"], aspectRatio: "16:9" },
  "google/veo3-1-extend-video": { prompt: "x", inputReferences: [{ data: `${sim}/media/sample.mp4`, mediaType: "video/mp4" }], aspectRatio: "adaptive" },
  "google/veo3-1-fast-extend-video": { prompt: "x", inputReferences: [`${sim}/media/sample.mp4`], duration: 7 },
  "veo-3.1-lite-generate-001": { prompt: { image, text: "x" }, resolution: "1280x720", providerOptions: { aimlapi: { personGeneration: "dont_allow", provider: "google" } } },
  "google/veo-3-1-lite-generate-preview": { prompt: "x", frameImages: [{ image, frameType: "last_frame" }], resolution: "3840x2160" },
};
for (const [id, call] of Object.entries(cases)) {
  const r = await generateVideo({ model: provider(`t-${id.replaceAll("/", "_")}`).video(id), ...call, providerOptions: { aimlapi: { ...fast.aimlapi, ...call.providerOptions?.aimlapi } } }).then(
    (v) => ({ ok: true, warnings: v.warnings.filter((w) => w.type === "unsupported").map((w) => w.feature) }),
    (e) => ({ ok: false, ...seen(e), message: e.message }),
  );
  out.models[id] = r;
}

// 7. Through the package's proxy: no key in the client, the proxy adds it.
{
  const server = http.createServer(toNodeHandler(createProxy({ apiKey: KEY, upstream: at("t-proxy") })));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const keyless = createAimlapi({ baseURL: `http://127.0.0.1:${server.address().port}`, headers: { "x-session": "s1" } });
  const r = await generateVideo({ model: keyless.video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/cat.png", text: "x" }, providerOptions: fast });
  server.close();
  out.proxied = { bytes: r.video.uint8Array.length };
}

// 8. Settings: headers merged as Headers do (the call's win), a bad fetch refused at once, the
// environment's key kept from any host but the API's, a short key scrubbed from headers too.
{
  const p = createAimlapi({ apiKey: KEY, baseURL: at("t-hdr"), headers: new Headers({ "x-a": "1", "x-b": "p" }) });
  await generateVideo({ model: p.video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/cat.png", text: "x" }, headers: { "X-A": "2" }, providerOptions: fast });
  out.badFetch = (() => {
    try {
      createAimlapi({ fetch: "x" });
      return "made";
    } catch (e) {
      return e.name;
    }
  })();
  process.env.AIMLAPI_API_KEY = "sk-env-key-should-stay-home";
  await generateVideo({ model: createAimlapi({ baseURL: at("t-env") }).video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/cat.png", text: "x" }, providerOptions: fast });
  delete process.env.AIMLAPI_API_KEY;
  const e = await generateVideo({ model: createAimlapi({ apiKey: "k7abcde", baseURL: at("echo,status=500") }).video("google/veo-3.1-i2v"), prompt: { image: "https://example.com/cat.png", text: "x" }, providerOptions: { aimlapi: { timeoutMs: 2000 } } }).catch((e) => e);
  out.shortKeyShown = JSON.stringify({ h: e.responseHeaders, m: e.message, d: e.data }).includes("k7abcde");
}

// 9. Money: what the job cost and which ids find it, in providerMetadata.aimlapi; the call's budget
// and its client request id as provider options.
{
  const t2v = (faults, aimlapi, more) =>
    generateVideo({ model: provider(faults).video("google/veo-3.1-t2v"), prompt: "x", duration: 4, resolution: "1280x720", generateAudio: false, ...more, providerOptions: { aimlapi: { ...fast.aimlapi, ...aimlapi } } });
  const meta = async (p) => (await p).providerMetadata.aimlapi;
  out.money = {
    // What the price list says the same settings cost, from the same simulator: the charge should match it.
    quote: await estimateCost({ baseUrl: at("t-quote"), model: "google/veo-3.1-t2v", duration: 4, resolution: "720p", generateAudio: false }),
    own: await meta(t2v("t-own", { clientRequestId: "ai-sdk.req:1" })),
    none: await meta(t2v("t-none", { clientRequestId: false })),
    headersOnly: await meta(t2v("t-hdronly,usage=none", {})),
    two: await meta(t2v("t-two,video=array", {})),
    underBudget: await meta(t2v("t-under", { maxUsd: 100 })),
    overBudget: await failing(t2v("t-over", { maxUsd: 0.01 })),
    badId: await failing(t2v("t-badid", { clientRequestId: "has spaces" })),
  };
  const started = await startVideo({ model: provider("t-start").video("google/veo-3.1-t2v"), prompt: "x", providerOptions: { aimlapi: { clientRequestId: "start-1" } } });
  out.money.started = started.providerMetadata?.aimlapi;
  const polled = await generateVideo({ model: provider("t-polled").video("google/veo-3.1-t2v"), prompt: "x", duration: 4, resolution: "1280x720", generateAudio: false, poll: { intervalMs: 30 } });
  out.money.polled = polled.providerMetadata.aimlapi;
}

console.log(JSON.stringify(out));
