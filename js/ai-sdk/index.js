// aimlapi-video/ai-sdk: AI/ML API's Veo 3.1 family as video models of Vercel's AI SDK, for
// `experimental_generateVideo`, `experimental_startVideo` and `experimental_getVideoStatus`.
import { LoadAPIKeyError } from "@ai-sdk/provider";
import { AimlapiVideoModel } from "./model.js";
import { DEFAULT_BASE_URL, trimSlashes } from "./transport.js";

/** `AIMLAPI_API_KEY`, where there is an environment that may be read (Deno asks for a permission). */
function fromEnv() {
  try {
    return globalThis.process?.env?.AIMLAPI_API_KEY;
  } catch {
    return undefined;
  }
}

/**
 * A provider: `apiKey` (else `AIMLAPI_API_KEY`, read when a call is made; not needed when
 * `baseURL` is your own proxy), `baseURL` (the API's origin), `headers`, `fetch`, and
 * `specificationVersion: "v3"` for ai 6.
 */
export function createAimlapi(settings = {}) {
  const key = () => {
    const apiKey = settings.apiKey ?? fromEnv();
    const toApi = settings.baseURL === undefined || trimSlashes(String(settings.baseURL).trim()).toLowerCase() === DEFAULT_BASE_URL;
    if (!apiKey && toApi) {
      throw new LoadAPIKeyError({ message: "AI/ML API key is missing: pass it as apiKey to createAimlapi, or set the AIMLAPI_API_KEY environment variable (or point baseURL at your own proxy that adds it)." });
    }
    return apiKey || undefined;
  };
  const model = (modelId) => new AimlapiVideoModel(modelId, { ...settings, key });
  const provider = (modelId) => model(modelId);
  provider.video = model;
  provider.videoModel = model;
  return provider;
}

/** The default provider: the key from `AIMLAPI_API_KEY`. */
export const aimlapi = createAimlapi();
