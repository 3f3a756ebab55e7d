// aimlapi-video/ai-sdk: AI/ML API's Veo 3.1 family as video models of Vercel's AI SDK, for
// `experimental_generateVideo`, `experimental_startVideo` and `experimental_getVideoStatus`.
import { LoadAPIKeyError } from "@ai-sdk/provider";
import { AimlapiVideoModel } from "./model.js";
import { trimSlashes } from "../proxy/options.js";
import { DEFAULT_BASE_URL } from "../family.js";

/** `AIMLAPI_API_KEY`, where there is an environment that may be read (Deno asks for a permission). */
function fromEnv() {
  try {
    return globalThis.process?.env?.AIMLAPI_API_KEY;
  } catch {
    return undefined;
  }
}

/** Settings that cannot work, refused when the provider is made (as the proxy's options are). */
function check(settings) {
  const fail = (what) => {
    throw new TypeError(`createAimlapi: ${what}`);
  };
  if (settings === null || typeof settings !== "object") fail("settings must be an object, like { apiKey, baseURL }");
  const { apiKey, baseURL, headers, fetch, specificationVersion } = settings;
  if (apiKey !== undefined && typeof apiKey !== "string") fail("apiKey must be a string");
  if (baseURL !== undefined && typeof baseURL !== "string") fail("baseURL must be a string, like https://api.aimlapi.com");
  const record = headers !== null && typeof headers === "object" && !Array.isArray(headers);
  if (headers !== undefined && !record) fail("headers must be an object of header names to strings, or a Headers");
  if (fetch !== undefined && typeof fetch !== "function") fail("fetch must be a function, like the global fetch");
  if (specificationVersion !== undefined && specificationVersion !== "v3" && specificationVersion !== "v4") fail('specificationVersion must be "v3" (ai 6) or "v4" (ai 7)');
}

/**
 * A provider: `apiKey` (else `AIMLAPI_API_KEY`, read when a call is made, and only for the API's
 * own host: a proxy at `baseURL` adds its own), `baseURL` (the API's origin), `headers`, `fetch`,
 * and `specificationVersion: "v3"` for ai 6.
 */
export function createAimlapi(settings = {}) {
  check(settings);
  const toApi = settings.baseURL === undefined || trimSlashes(settings.baseURL.trim()).toLowerCase() === DEFAULT_BASE_URL;
  const key = () => {
    // The server's key in the environment is not handed to another host.
    const apiKey = settings.apiKey ?? (toApi ? fromEnv() : undefined);
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
