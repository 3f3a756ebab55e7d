//! The TypeScript shapes of the options and results, and the result objects themselves.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS: &'static str = r#"
/**
 * A global class's instance type where this project's types declare it (the DOM lib, `@types/node`),
 * else `never`: so these types compile with or without either (`AbortSignal`, `URL`, `Response`...).
 */
type GlobalInstance<K extends string> = typeof globalThis extends { [P in K]: { prototype: infer T } } ? T : never;

/** Where the calls go and with which key. */
export interface Connection {
  /** Your AI/ML API key, sent only as `Authorization: Bearer <key>`. Optional when `baseUrl` is your own proxy that adds it. */
  apiKey?: string | undefined;
  /** API host, default `https://api.aimlapi.com`; point it at your proxy to keep the key off the page. */
  baseUrl?: string | undefined;
  /** Cancels the call at once: the request in flight and any pending wait. */
  signal?: GlobalInstance<"AbortSignal"> | undefined;
}

/** How a job is awaited. */
export interface WaitOptions extends Connection {
  /**
   * A fixed wait between status reads, in ms; at least 100 (ten reads a second), whatever is
   * given. Unset (the default), reads follow the model's schedule: see "When it polls" in the
   * README.
   */
  pollIntervalMs?: number | undefined;
  /** One deadline for the whole call, in ms (default 600000). On expiry: `code: "timeout"` with the `generationId`. */
  timeoutMs?: number | undefined;
  /** Retries allowed in a row after a failed status read (default 5); a good read resets the count. */
  maxRetries?: number | undefined;
  /** Called on submit, on every status change and on every retry. Errors it throws are ignored. */
  onProgress?: ((event: VideoProgressEvent) => void) | undefined;
  /**
   * `waitForVideo`: when the job was submitted (ms since 1970, as `createGeneration` returns it), so
   * that polling follows the model's schedule from where the job really is. The deadline still
   * counts from the call.
   */
  submittedAt?: number | undefined;
}

/** Identifies an existing generation. */
export interface GenerationRef extends Connection {
  /** The id from `createGeneration` (or from an error's `generationId`). */
  id: string;
}

/** What every `onProgress` event carries. */
interface ProgressBase {
  /** The generation's id, once the submit has returned it. */
  id: string | null;
  /** The last status word seen, lower-cased (`queued`, `generating`, ...). */
  status: string | null;
  /** Since the call started. */
  elapsedMs: number;
  /** Status requests sent so far. */
  polls: number;
}

/** `onProgress`'s argument, told apart by `type`. */
export type VideoProgressEvent =
  /** The API accepted the job: `id` is set. */
  | (ProgressBase & { type: "submitted" })
  /** A new status word; `message` says so when the word is not one the library knows. */
  | (ProgressBase & { type: "status"; message?: string })
  /** A status read failed and will be tried again after `retryInMs`. */
  | (ProgressBase & {
      type: "retry";
      /** The number of this retry in the current run of failures (1, 2, ...). */
      attempt: number;
      /** The wait before it, in ms. */
      retryInMs: number;
      /** The failure's code. */
      errorCode: AimlApiErrorCode;
      /** What failed, in plain words. */
      message: string;
    });

/** A finished video. */
export interface VideoResult {
  id: string;
  status: "completed";
  /** The video's http(s) URL. */
  videoUrl: string;
  creditsUsed: number | null;
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
  /** Why it failed, when `state` is `"failed"`. */
  error: string | null;
  creditsUsed: number | null;
  raw: unknown;
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
   * How long the server asked to wait (`Retry-After`), in ms, when that was longer than the time
   * left before `timeoutMs`: the call rejected at once with the server's code instead of waiting.
   */
  retryAfterMs?: number;
  /**
   * Whether trying the same call again later may succeed, and is safe: `false` when a submit may
   * already have created (and charged) the job.
   */
  retryable: boolean;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// Options of `generateVideo` and `createGeneration`.
    #[wasm_bindgen(typescript_type = "GenerateVideoOptions")]
    pub type GenerateVideoOptions;
    /// Options of `waitForVideo`.
    #[wasm_bindgen(typescript_type = "WaitOptions & GenerationRef")]
    pub type WaitForVideoOptions;
    /// Options of `getGeneration`.
    #[wasm_bindgen(typescript_type = "GenerationRef")]
    pub type GetGenerationOptions;
}

/// The server's JSON answer, passed through as the JS value it is.
pub struct Raw(pub JsValue);

impl Serialize for Raw {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde_wasm_bindgen::preserve::serialize(&self.0, s)
    }
}

/// `VideoResult` on the Rust side.
pub struct VideoResult<'a> {
    pub id: &'a str,
    pub status: &'static str,
    pub video_url: &'a str,
    pub credits_used: Option<f64>,
    pub elapsed_ms: f64,
    pub polls: u32,
    pub raw: Raw,
}

crate::object::plain_object!(VideoResult<'a> {
    "id": id,
    "status": status,
    "videoUrl": video_url,
    "creditsUsed": credits_used,
    "elapsedMs": elapsed_ms,
    "polls": polls,
} raw: raw);

/// `Submitted` on the Rust side.
pub struct Submitted<'a> {
    pub id: &'a str,
    pub status: &'a str,
    pub submitted_at: f64,
    pub raw: Raw,
}

crate::object::plain_object!(Submitted<'a> {
    "id": id,
    "status": status,
    "submittedAt": submitted_at,
} raw: raw);

/// `GenerationStatus` on the Rust side.
pub struct GenerationStatus<'a> {
    pub id: &'a str,
    pub status: &'a str,
    pub state: &'static str,
    pub video_url: Option<&'a str>,
    pub error: Option<&'a str>,
    pub credits_used: Option<f64>,
    pub raw: Raw,
}

crate::object::plain_object!(GenerationStatus<'a> {
    "id": id,
    "status": status,
    "state": state,
    "videoUrl": video_url,
    "error": error,
    "creditsUsed": credits_used,
} raw: raw);
