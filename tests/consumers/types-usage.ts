// Compiled (not run) by the consumer matrix against the packed package, with strict and
// exactOptionalPropertyTypes, moduleResolution bundler, node16 and nodenext, with and without the
// DOM lib: the published types accept real usage and reject mistakes a user could make. No global
// of the DOM or of Node here: tests/consumers/types-signal.ts has the one use that needs them.
import { generateVideo, createGeneration, getGeneration, waitForVideo, init, isAimlApiError } from "aimlapi-video";
import type { AimlApiError, AimlApiErrorCode, VideoProgressEvent, VideoResult, WasmSource } from "aimlapi-video";
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

export { usage, code, wrong, source };
