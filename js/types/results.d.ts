// What the exports resolve with (the objects src/wasm/types.rs makes) and what they reject with.

/** A finished video. */
export interface VideoResult {
  id: string;
  status: "completed";
  /** The video's http(s) URL: the first of `videoUrls`. */
  videoUrl: string;
  /** Every video the job made (one for the Veo models). */
  videoUrls: string[];
  /** Credits charged: from the answer's `meta.usage`, else its `x-aimlapi-credits-used` header; `null` when neither says. */
  creditsUsed: number | null;
  /** What it cost, in US dollars: from `meta.usage.usd_spent`, else the `x-aimlapi-usd-spent` header; `null` when neither says. */
  usdSpent: number | null;
  /** The submit's `X-Client-Request-Id` (`generateVideo`); `null` for `waitForVideo`, or when sent without one. */
  clientRequestId: string | null;
  /**
   * When the job was found in the usage logs after its submit's answer was lost: other jobs listed
   * under the same `clientRequestId` (a browser may send a POST again by itself), each charged.
   * Usually empty.
   */
  duplicates: string[];
  /** Since the call was made (loading the module and reading images count). */
  elapsedMs: number;
  /** Status requests sent. */
  polls: number;
  /** The server's last JSON answer. */
  raw: unknown;
}

/** A submitted generation. Pass it to `waitForVideo` as it is (with your key) to follow it. */
export interface Submitted {
  id: string;
  status: string;
  /** When the API accepted the job, in ms since 1970. */
  submittedAt: number;
  /** The submit's `X-Client-Request-Id`; `null` when sent without one (`clientRequestId: false`). */
  clientRequestId: string | null;
  /** `recoverGeneration`: other jobs listed under the same `clientRequestId`, each charged. */
  duplicates: string[];
  raw: unknown;
}

/** One status read. */
export interface GenerationStatus {
  id: string;
  /** The server's status word, lower-cased. */
  status: string;
  /** What it means. */
  state: "pending" | "completed" | "failed";
  videoUrl: string | null;
  /** Every video, when completed; else empty. */
  videoUrls: string[];
  /** Why it failed, when `state` is `"failed"`. */
  error: string | null;
  creditsUsed: number | null;
  usdSpent: number | null;
  raw: unknown;
}

/** What `estimateCost` resolves with. */
export interface CostEstimate {
  /** The estimate, in US dollars; `null` when the price list cannot give one (`reason` says why). */
  usd: number | null;
  currency: "USD";
  model: string;
  /** The price list's kind of price, when it has the model. */
  kind: "fixed" | "variants" | "variable" | (string & {}) | null;
  /** Why `usd` is `null`. */
  reason: string | null;
  /** The rate used: `price` US dollars for `per` `unit`s (`second`, ...), times `quantity` units. */
  unit: string | null;
  price: number | null;
  per: number | null;
  quantity: number | null;
}

/** What went wrong: the `code` of an `AimlApiError` (see "Errors" in the README). */
export type AimlApiErrorCode =
  | "invalid_request" | "unauthorized" | "forbidden" | "not_found" | "rate_limited" | "server_error"
  | "http_error" | "network_error" | "bad_response" | "generation_failed" | "timeout" | "aborted"
  | "internal_error";

/** Every rejection is an `Error` with these fields; `isAimlApiError(e)` tells them apart. */
export interface AimlApiError extends Error {
  /** `"AbortError"` when your signal fired (`code: "aborted"`), as for `fetch`. */
  name: "AimlApiError" | "AbortError";
  code: AimlApiErrorCode;
  /** The HTTP status of the answer that failed, when there was one. */
  status?: number;
  /** The generation this failure belongs to, when one was created: resume it with `waitForVideo`. */
  generationId?: string;
  /** With `generationId`: when it was submitted, for `waitForVideo({ id, submittedAt })`. */
  submittedAt?: number;
  /** The server's request id, for support tickets. */
  requestId?: string;
  /**
   * The `X-Client-Request-Id` of a submit that was tried: on every error once the paid call went
   * out. Keep it: when the submit's answer was lost, the API's usage logs list the job under it.
   */
  clientRequestId?: string;
  /**
   * How long the server asked to wait (`Retry-After`), in ms, when that was longer than the time
   * left before `timeoutMs`: the call rejected at once with the server's code instead of waiting.
   */
  retryAfterMs?: number;
  /**
   * Whether trying the same call again later may succeed, and is safe: `false` when a submit may
   * already have created (and charged) the job, and for every error of `generateVideo` and
   * `createGeneration` once it has (`generationId` is set: resume it with `waitForVideo`).
   */
  retryable: boolean;
}

/**
 * What the module has learned of its models' times, from the page's own finished jobs. No key, no
 * ids, no prompts: `JSON.stringify` it to keep it across reloads.
 */
export interface Timings {
  version: 1;
  /** The finished jobs, oldest first. */
  jobs: TimedJob[];
}

/** One finished job of `generateVideo`. */
export interface TimedJob {
  /** A model of the family. */
  model: string;
  /** The `duration` its call gave, if any. */
  duration?: number;
  /** The `resolution` its call gave, if any (`"720p"` or `"1080p"`). */
  resolution?: string;
  /** The last read that said it was not done, in ms after its generation began. */
  pendingMs: number;
  /** The first read that said it was done, in ms after its generation began. */
  doneMs: number;
}
