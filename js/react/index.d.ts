// aimlapi-video/react: the types of useVideoGeneration. scripts/bundle.mjs copies this file to
// dist/react.d.ts, its imports pointed at the entry's types beside it.
import type { AimlApiError, GenerateVideoOptions, VideoResult } from "../index.js";

/** A storage that keeps the job: `localStorage`, `sessionStorage`, or your own. */
export interface JobStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The package's options, and `persist`: each may be given to the hook or to `start`. */
export type VideoGenerationOptions = Partial<GenerateVideoOptions> & {
  /**
   * Keeps the job across reloads: a key in `localStorage`, or `{ key, storage }`. The client
   * request id is stored before the paid submit goes out, then the job's id; nothing else (no key,
   * no prompt). A finished job is removed.
   */
  persist?: string | { key: string; storage?: JobStorage } | undefined;
};

/** The job, once known: `id` is `null` until the submit's answer (or the usage logs) gives it. */
export interface VideoJobRef {
  id: string | null;
  /** Sent as `X-Client-Request-Id`: the usage logs list the job under it. */
  clientRequestId: string | null;
  /** When the submit went out, in ms since 1970. */
  submittedAt: number | null;
  model: string;
}

/** The package's estimate: `elapsedMs` moves on the hook's own clock between events (4 times a second). */
export interface VideoProgress {
  /** Since the submit (since `start`, for a job this page started). */
  elapsedMs: number;
  /** When jobs like this one usually end, on the same clock; `null` when unknown. */
  expectedMs: number | null;
}

export type VideoGenerationState = "idle" | "submitting" | "running" | "done" | "failed" | "cancelled";

export interface VideoGeneration {
  /**
   * Submits a job. Sends nothing while a job is in flight (a second click, an effect run twice): it
   * returns that job's promise. With `persist`, a job stored by another tab is followed instead.
   * Resolves with the result, or `null` when the job failed, was cancelled or the component went.
   */
  start(options?: VideoGenerationOptions): Promise<VideoResult | null>;
  /**
   * Stops every request at once. The API has no cancel: the job goes on, and is paid for, on the
   * server. It stays stored: `resume()` follows it again.
   */
  cancel(): void;
  /** Follows the stored job (or the last one) again; sends nothing paid. Resolves as `start`. */
  resume(): Promise<VideoResult | null>;
  state: VideoGenerationState;
  job: VideoJobRef | null;
  progress: VideoProgress | null;
  /** The video, with its cost (`usdSpent`, `creditsUsed`), once `state` is `"done"`. */
  result: VideoResult | null;
  /** Why `state` is `"failed"`: an `AimlApiError`, or a `TypeError` for a `persist` that cannot work. */
  error: AimlApiError | Error | null;
}

/** Generates a video, shows its progress, and with `persist` picks a paid job up again after a reload. */
export function useVideoGeneration(defaults?: VideoGenerationOptions): VideoGeneration;
