//! The TypeScript shapes of the options and results, and the result objects themselves.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS: &'static str = r#"
/** Where the calls go and with which key. */
export interface Connection {
  /** Your AI/ML API key, sent only as `Authorization: Bearer <key>`. Optional when `baseUrl` is your own proxy that adds it. */
  apiKey?: string;
  /** API host, default `https://api.aimlapi.com`; point it at your proxy to keep the key off the page. */
  baseUrl?: string;
  /** Cancels the call at once: the request in flight and any pending wait. */
  signal?: AbortSignal;
}

/** How a job is awaited. */
export interface WaitOptions extends Connection {
  /** A fixed wait between status reads, in ms (default 10000). */
  pollIntervalMs?: number;
  /** One deadline for the whole call, in ms (default 600000). On expiry: `code: "timeout"` with the `generationId`. */
  timeoutMs?: number;
  /** Retries allowed in a row after a failed status read (default 5); a good read resets the count. */
  maxRetries?: number;
  /** Called on submit, on every status change and on every retry. Errors it throws are ignored. */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * `waitForVideo`: when the job was submitted (ms since 1970, as `createGeneration` returns it), so
   * that polling follows the model's schedule from where the job really is. The deadline still
   * counts from the call.
   */
  submittedAt?: number;
}

/** What to generate. */
export interface GenerateVideoOptions extends WaitOptions {
  /** What should happen in the video. Required. */
  prompt: string;
  /** The first frame: an `http(s)://` URL or a `data:image/...;base64,` URL. Required. */
  imageUrl: string;
  /** Default `google/veo-3.1-i2v`; other models of the same endpoint pass through. */
  model?: string;
  /** Veo 3.1: `"16:9"` or `"9:16"` (checked); other models: passed through. */
  aspectRatio?: "16:9" | "9:16" | (string & {});
  /** Seconds. Veo 3.1: 4, 6 or 8 (checked); other models: any whole number. */
  duration?: 4 | 6 | 8 | (number & {});
  /** Veo 3.1: `"720p"` or `"1080p"` (checked); other models: passed through. */
  resolution?: "720p" | "1080p" | (string & {});
  /** Whether to add a sound track. */
  generateAudio?: boolean;
  /** Provider routing override (`auto`, `google`, `fal`). */
  provider?: string;
  /** More body fields, for other models; may not repeat a field that has an option of its own. */
  extra?: Record<string, unknown>;
}

/** Identifies an existing generation. */
export interface GenerationRef extends Connection {
  /** The id from `createGeneration` (or from an error's `generationId`). */
  id: string;
}

/** `onProgress`'s argument. */
export interface ProgressEvent {
  /** `"submitted"`, `"status"` (a new status word) or `"retry"`. */
  type: "submitted" | "status" | "retry";
  id: string | null;
  /** The last status word seen, lower-cased (`queued`, `generating`, ...). */
  status: string | null;
  elapsedMs: number;
  /** Status requests sent so far. */
  polls: number;
  /** Retries: the number of this retry in the current run of failures. */
  attempt?: number;
  /** Retries: the wait before it. */
  retryInMs?: number;
  /** Retries: the failure's code. */
  errorCode?: string;
  message?: string;
}

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

/** Every rejection is an `Error` with these fields. */
export interface AimlApiError extends Error {
  name: "AimlApiError" | "AbortError";
  code: "invalid_request" | "unauthorized" | "forbidden" | "not_found" | "rate_limited" | "server_error"
    | "http_error" | "network_error" | "bad_response" | "generation_failed" | "timeout" | "aborted";
  status?: number;
  generationId?: string;
  /** With `generationId`: when it was submitted, for `waitForVideo({ id, submittedAt })`. */
  submittedAt?: number;
  requestId?: string;
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

crate::plain_object!(VideoResult<'a> {
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

crate::plain_object!(Submitted<'a> {
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

crate::plain_object!(GenerationStatus<'a> {
    "id": id,
    "status": status,
    "state": state,
    "videoUrl": video_url,
    "error": error,
    "creditsUsed": credits_used,
} raw: raw);
