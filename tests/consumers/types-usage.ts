// Compiled (not run) by the consumer matrix against the packed package, with strict and
// exactOptionalPropertyTypes, moduleResolution bundler, node16 and nodenext, with and without the
// DOM lib: the published types accept real usage and reject mistakes a user could make. No global
// of the DOM or of Node here: tests/consumers/types-signal.ts has the one use that needs them.
import { generateVideo, createGeneration, getGeneration, waitForVideo, init, isAimlApiError, estimateCost, recoverGeneration } from "aimlapi-video";
import type { AimlApiError, AimlApiErrorCode, CostEstimate, VideoProgressEvent, VideoResult, WasmSource } from "aimlapi-video";
import wasmUrl from "aimlapi-video/aimlapi_video_bg.wasm";

async function usage(bytes: Uint8Array): Promise<string> {
  await init();
  await init(wasmUrl);
  await init(bytes);
  await init(Promise.resolve(new ArrayBuffer(8)));
  const seen: string[] = [];
  const r: VideoResult = await generateVideo({
    apiKey: "k",
    prompt: "p",
    imageUrl: "https://x/y.png",
    aspectRatio: "9:16",
    duration: 6,
    resolution: "720p",
    generateAudio: false,
    extra: { fps: 24 },
    // An option set to undefined is as good as unset, also under exactOptionalPropertyTypes.
    baseUrl: undefined,
    onProgress: (e: VideoProgressEvent) => {
      if (e.type === "retry") {
        const code: AimlApiErrorCode = e.errorCode;
        seen.push(code, e.message, String(e.retryInMs + e.attempt));
      } else if (e.type === "status") {
        seen.push(e.status ?? "", e.message ?? "");
      }
    },
  });
  const other = await generateVideo({ model: "other/model", prompt: "p", imageUrl: "https://x", duration: 5, aspectRatio: "1:1" });
  const created = await createGeneration({ prompt: "p", imageUrl: "https://x/y.png" });
  const { id } = created;
  const resumed: VideoResult = await waitForVideo({ ...created, apiKey: "k" });
  const s = await getGeneration({ id });
  if (s.state === "failed") return s.error ?? "";
  const again = await waitForVideo({ id, pollIntervalMs: 5000, timeoutMs: 60000, maxRetries: 2 });
  try {
    await generateVideo({ prompt: "p", imageUrl: "https://x" });
  } catch (e) {
    if (isAimlApiError(e)) {
      const err: AimlApiError = e;
      if (err.code === "timeout") return err.generationId ?? "";
      return `${err.code} ${err.status ?? ""} ${err.retryable}`;
    }
  }
  return r.videoUrl + other.id + again.polls + resumed.id + seen.join();
}

// Money and ids: a quote before, a budget and a request id on the call, the cost after, and the id on
// an error, as an app shows them.
async function money(show: (line: string) => void): Promise<string> {
  const q: CostEstimate = await estimateCost({ model: "google/veo-3.1-t2v", duration: 4 });
  // After a reload: the id kept from the "submitting" event finds the job, which is then followed.
  const kept = "order-42.try:1";
  const found = await recoverGeneration({ clientRequestId: kept, model: "google/veo-3.1-t2v", baseUrl: "https://proxy.example" });
  const followed: VideoResult = await waitForVideo({ id: found.id, submittedAt: found.submittedAt, baseUrl: "https://proxy.example" });
  found.duplicates.forEach((d) => show(`also charged: ${d}`));
  show(followed.videoUrl);
  show(q.usd === null ? `no price: ${q.reason ?? ""}` : `about $${q.usd.toFixed(2)} (${q.price ?? 0} per ${q.per ?? 1} ${q.unit ?? ""})`);
  try {
    const r = await generateVideo({
      model: "google/veo-3.1-t2v",
      prompt: "a lighthouse at dusk",
      duration: 4,
      maxUsd: 0.5,
      clientRequestId: "order-42.try:1",
      onProgress: (e) => {
        switch (e.type) {
          case "submitting":
            show(`sending ${e.clientRequestId ?? "(no id)"}; usually done after ${e.expectedMs === null ? "?" : Math.round(e.expectedMs / 1000)} s`);
            break;
          case "submitted":
          case "status":
            show(`${e.id ?? ""} ${e.status ?? ""} ${e.elapsedMs}/${e.expectedMs ?? "?"} ms`);
            break;
          case "retry":
            show(`retry ${e.attempt} in ${e.retryInMs} ms: ${e.errorCode}`);
            break;
          case "recovering":
            show(`looking for ${e.clientRequestId ?? ""} in the usage logs: ${e.message}`);
            break;
          default: {
            // Every type is handled above.
            const none: never = e;
            return none;
          }
        }
      },
    });
    show(`spent $${r.usdSpent?.toFixed(2) ?? "?"} (${r.creditsUsed ?? "?"} credits), request ${r.clientRequestId ?? "none"}`);
    const links: string[] = r.videoUrls.map((url, i) => `<a href="${url}">video ${i + 1}</a>`);
    // Without the header, for a proxy whose CORS refuses it.
    const quiet = await createGeneration({ prompt: "p", imageUrl: "https://x/y.png", clientRequestId: false });
    const later = await getGeneration({ id: quiet.id });
    const cost: number | null = later.usdSpent;
    return links.join("") + (quiet.clientRequestId ?? "") + later.videoUrls.length + String(cost);
  } catch (e) {
    if (isAimlApiError(e)) return `${e.code}: ${e.message} (request ${e.clientRequestId ?? "not sent"})`;
    throw e;
  }
}

// @ts-expect-error a client request id is text (or false)
generateVideo({ prompt: "p", imageUrl: "https://x", clientRequestId: 42 });
// @ts-expect-error true is not a way to send one
generateVideo({ prompt: "p", imageUrl: "https://x", clientRequestId: true });
// @ts-expect-error a budget is a number of dollars
generateVideo({ prompt: "p", imageUrl: "https://x", maxUsd: "5" });
// @ts-expect-error estimateCost takes seconds as a number
estimateCost({ model: "google/veo-3.1-t2v", duration: "4" });
// @ts-expect-error a quote's usd may be null: it must be checked before use
const unchecked = (q: CostEstimate): string => q.usd.toFixed(2);
// @ts-expect-error prompt is required
generateVideo({ imageUrl: "https://x" });
// @ts-expect-error a boolean is not a duration
generateVideo({ prompt: "p", imageUrl: "https://x", duration: true });
// @ts-expect-error getGeneration needs an id
getGeneration({});
// @ts-expect-error not an error code
const code: AimlApiErrorCode = "oops";
// @ts-expect-error a retry event's code is one of the codes, not any string
const wrong = (e: VideoProgressEvent) => e.type === "retry" && e.errorCode === "no_such_code";
const source: WasmSource = "https://example.com/aimlapi_video_bg.wasm";

export { usage, money, code, wrong, source, unchecked };
