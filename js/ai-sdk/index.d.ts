// aimlapi-video/ai-sdk: AI/ML API's Veo 3.1 family as video models of Vercel's AI SDK.
// The models are typed by their shape rather than as @ai-sdk/provider's VideoModelV3 or V4, so
// that they fit ai 6's types and ai 7's alike, whichever @ai-sdk/provider an app resolves.

/** The models of the family; any other id is passed to the API as it is. */
export type AimlapiVideoModelId =
  | "google/veo-3.1-i2v"
  | "google/veo-3.1-i2v-fast"
  | "google/veo-3.1-t2v"
  | "google/veo-3.1-t2v-fast"
  | "google/veo-3.1-first-last-image-to-video"
  | "google/veo-3.1-first-last-image-to-video-fast"
  | "google/veo-3.1-reference-to-video"
  | "google/veo3-1-extend-video"
  | "google/veo3-1-fast-extend-video"
  | "veo-3.1-lite-generate-001"
  | "google/veo-3-1-lite-generate-preview"
  | (string & {});

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

/** `providerOptions.aimlapi`: the package's own options that the SDK has no name for. */
export interface AimlapiVideoProviderOptions {
  negativePrompt?: string;
  enhancePrompt?: boolean;
  autoFix?: boolean;
  personGeneration?: string;
  provider?: string;
  /** More body fields; may not repeat one that has an option. */
  extra?: Record<string, unknown>;
  /** `doGenerate`: a fixed wait between status reads, instead of the model's schedule. */
  pollIntervalMs?: number;
  /** `doGenerate`: the call's deadline (default 600000). */
  timeoutMs?: number;
  /** Retries of failed status reads in a row (default 5). */
  maxRetries?: number;
  /** `false`: the schedule neither uses nor adds to what the page has learned. */
  learn?: boolean;
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
