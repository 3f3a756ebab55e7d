// Compiled (not run) by tests/e2e/types.test.mjs: the published types accept real usage and reject
// mistakes a user could make.
import { generateVideo, createGeneration, getGeneration, waitForVideo, init } from "../../index.js";
import type { AimlApiError, ProgressEvent, VideoResult } from "../../index.js";

async function usage(signal: AbortSignal): Promise<string> {
  await init();
  const r: VideoResult = await generateVideo({
    apiKey: "k",
    prompt: "p",
    imageUrl: "https://x/y.png",
    aspectRatio: "9:16",
    duration: 6,
    resolution: "720p",
    generateAudio: false,
    extra: { seed: 1 },
    signal,
    onProgress: (e: ProgressEvent) => console.log(e.type, e.status, e.elapsedMs),
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
    const err = e as AimlApiError;
    if (err.code === "timeout") return err.generationId ?? "";
  }
  return r.videoUrl + other.id + again.polls + resumed.id;
}

// @ts-expect-error prompt is required
generateVideo({ imageUrl: "https://x" });
// @ts-expect-error a boolean is not a duration
generateVideo({ prompt: "p", imageUrl: "https://x", duration: true });
// @ts-expect-error getGeneration needs an id
getGeneration({});

export { usage };
