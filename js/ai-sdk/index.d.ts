// aimlapi-video/ai-sdk: AI/ML API's Veo 3.1 family as video models of Vercel's AI SDK.
// The models are typed by their shape rather than as @ai-sdk/provider's VideoModelV3 or V4, so
// that they fit ai 6's types and ai 7's alike, whichever @ai-sdk/provider an app resolves.
// The model ids and provider options are generated (js/ai-sdk/family.d.ts); scripts/bundle.mjs puts
// the two files together into dist/ai-sdk.d.ts.
import type { AimlapiVideoModelId } from "./family.js";
export type { AimlapiVideoModelId, AimlapiVideoProviderOptions } from "./family.js";

export interface AimlapiProviderSettings<V extends "v3" | "v4" = "v4"> {
  /** Your AI/ML API key. Default: the `AIMLAPI_API_KEY` environment variable, read when a call is made. Not needed when `baseURL` is your own proxy that adds it. */
  apiKey?: string;
  /** The API's origin (default `https://api.aimlapi.com`), or your proxy's; a trailing slash is fine. */
  baseURL?: string;
  /** Headers for every request, such as a session token for your proxy. */
  headers?: Record<string, string | undefined>;
  /** Sends the requests instead of the global `fetch`. */
  fetch?: (url: string, init: any) => PromiseLike<any>;
  /** `"v3"` for ai 6, which takes only version 3 models; default `"v4"` (ai 7). */
  specificationVersion?: V;
}

/** A video model of the AI SDK: pass it as `model` to `experimental_generateVideo` and the rest. */
export interface AimlapiVideoModel<V extends "v3" | "v4" = "v4"> {
  readonly specificationVersion: V;
  readonly provider: "aimlapi.video";
  readonly modelId: string;
  readonly maxVideosPerCall: 1;
  /** The package's own job: its schedule and retries. */
  doGenerate(options: any): PromiseLike<any>;
  /** Submits the job: the operation is `{ id, submittedAt }`, with no key and no inputs. */
  doStart(options: any): PromiseLike<any>;
  /** One status read of a started job. */
  doStatus(options: any): PromiseLike<any>;
}

export interface AimlapiProvider<V extends "v3" | "v4" = "v4"> {
  (modelId: AimlapiVideoModelId): AimlapiVideoModel<V>;
  video(modelId: AimlapiVideoModelId): AimlapiVideoModel<V>;
  videoModel(modelId: AimlapiVideoModelId): AimlapiVideoModel<V>;
}

export function createAimlapi<V extends "v3" | "v4" = "v4">(settings?: AimlapiProviderSettings<V>): AimlapiProvider<V>;

/** The default provider: the key from `AIMLAPI_API_KEY`. */
export const aimlapi: AimlapiProvider;
