// The adapter's types as an app writes them with ai 7 (tests/consumers/ai-sdk.test.mjs compiles it).
import { experimental_generateVideo, experimental_getVideoStatus, experimental_startVideo } from "ai";
import { aimlapi, createAimlapi, type AimlapiVideoModelId, type AimlapiVideoProviderOptions } from "aimlapi-video/ai-sdk";

const provider = createAimlapi({ baseURL: "https://proxy.example/", headers: { "x-session": "s", skipped: undefined } });
const id: AimlapiVideoModelId = "google/veo-3.1-i2v";
const aimlapiOptions = { negativePrompt: "rain", pollIntervalMs: 1000, maxUsd: 2.5, clientRequestId: "order-42" } satisfies AimlapiVideoProviderOptions;
const withoutHeader = { clientRequestId: false } satisfies AimlapiVideoProviderOptions;

export async function usage(signal: AbortSignal): Promise<Uint8Array> {
  const r = await experimental_generateVideo({
    model: provider.video(id),
    prompt: { image: "https://example.com/cat.png", text: "a cat" },
    aspectRatio: "16:9",
    resolution: "1280x720",
    duration: 8,
    abortSignal: signal,
    providerOptions: { aimlapi: aimlapiOptions },
  });
  const started = await experimental_startVideo({ model: aimlapi.videoModel("google/veo-3.1-t2v"), prompt: "x" });
  await experimental_getVideoStatus(aimlapi("google/veo-3.1-t2v"), { operation: started.operation });
  // The cost and the ids, as the SDK types providerMetadata (JSON values).
  const meta = r.providerMetadata.aimlapi;
  const usd = meta?.usdSpent;
  console.log(typeof usd === "number" ? usd.toFixed(2) : "?", meta?.clientRequestId, Array.isArray(meta?.videoUrls) ? meta.videoUrls.length : 0);
  await experimental_startVideo({ model: provider.video(id), prompt: "x", providerOptions: { aimlapi: withoutHeader } });
  // Any other id passes, as the package passes it.
  provider.video("google/veo-4-preview");
  return r.video.uint8Array;
}

// @ts-expect-error a key is a string
createAimlapi({ apiKey: 5 });
// @ts-expect-error a client request id is text (or false)
const badId: AimlapiVideoProviderOptions = { clientRequestId: 42 };
// @ts-expect-error an option the adapter does not have
const wrong: AimlapiVideoProviderOptions = { negativPrompt: "typo" };
