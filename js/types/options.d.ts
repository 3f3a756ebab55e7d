// The options every export shares (where the calls go, how a job is awaited, which job) and the
// events of `onProgress`. scripts/bundle.mjs puts the files of js/types/ and js/index.d.ts together
// into dist/index.d.ts, without their `import type` lines (one file needs none).
import type { AimlApiErrorCode } from "./results.js";

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
  /**
   * Sends this call's requests instead of the global `fetch` (a test double, a traced or proxied
   * client), called as `fetch(url, init)`. Its answer must look like a `Response`; if it throws,
   * the call rejects with `network_error` and its message.
   */
  fetch?: ((url: string, init: FetchInit) => PromiseLike<GlobalInstance<"Response">>) | undefined;
  /**
   * More headers for every request of the call, such as a session token for your proxy's
   * `authorize`. They may not set `Accept` or `Content-Type`, nor `Authorization` when `apiKey` is
   * given. `undefined` values are left out. (From a page, straight to the API, headers beyond
   * the package's own need its CORS to allow them.)
   */
  headers?: Record<string, string | undefined> | GlobalInstance<"Headers"> | undefined;
}

/** What the `fetch` option is called with: the request, as `fetch(url, init)` takes it. */
export interface FetchInit {
  method: "GET" | "POST";
  /** `Accept`, `Authorization` when there is a key, `Content-Type` on a POST, and your `headers`. */
  headers: Record<string, string>;
  /** The submit's JSON text. */
  body?: string;
  signal?: GlobalInstance<"AbortSignal">;
  mode: "cors";
  /** Status reads must reach the server each time. */
  cache: "no-store";
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
  /** Called before and after the submit, on every status change and on every retry. Errors it throws are ignored. */
  onProgress?: ((event: VideoProgressEvent) => void) | undefined;
  /**
   * `waitForVideo`: when the job was submitted (ms since 1970, as `createGeneration` returns it), so
   * that polling follows the model's schedule from where the job really is. The deadline still
   * counts from the call.
   */
  submittedAt?: number | undefined;
  /**
   * `false`: this call's schedule neither uses nor adds to what the page has learned of its jobs'
   * times (see `exportTimings`). Default `true`: each finished job of the family shapes the next
   * one's reads, in memory only.
   */
  learn?: boolean | undefined;
}

/** What `estimateCost` prices: a model's settings (its defaults for those left out). */
export interface EstimateOptions {
  /** Default `"google/veo-3.1-i2v"`. */
  model?: string | undefined;
  duration?: number | undefined;
  resolution?: string | undefined;
  generateAudio?: boolean | undefined;
  /** Where the price list is: the API, or your proxy. */
  baseUrl?: string | undefined;
  fetch?: Connection["fetch"];
  /** Sent with the read (never the key): a session token for your proxy's `authorize`, say. */
  headers?: Connection["headers"];
  signal?: Connection["signal"];
}

/** `recoverGeneration`: which submit to look for. */
export interface RecoverOptions extends Connection {
  /** The `clientRequestId` the submit was sent with (on its `submitting` event, its result or its error). */
  clientRequestId: string;
  /** The model it was sent to (default `"google/veo-3.1-i2v"`): the logs are read for it. */
  model?: string | undefined;
  /** When it was submitted, in ms since 1970, if known: the logs are read around it (default: the last day). */
  submittedAt?: number | undefined;
  /** How long to keep looking, in ms (default 600000). */
  timeoutMs?: number | undefined;
}

/** Identifies an existing generation. */
export interface GenerationRef extends Connection {
  /** The id from `createGeneration` (or from an error's `generationId`). */
  id: string;
  /** `getGeneration`: a deadline for the read, in ms (default 600000), so that a server that stalls cannot hold it. */
  timeoutMs?: number | undefined;
}

/** What every `onProgress` event carries. */
interface ProgressBase {
  /** The generation's id, once the submit has returned it. */
  id: string | null;
  /** The submit's `X-Client-Request-Id` (`generateVideo`, `createGeneration`), else `null`. */
  clientRequestId: string | null;
  /** The last status word seen, lower-cased (`queued`, `generating`, ...). */
  status: string | null;
  /** Since the call started. */
  elapsedMs: number;
  /**
   * An estimate, not a report: the `elapsedMs` at which jobs like this one usually end, from the
   * model's window (as this page has learned it) and where the job is. The API reports no
   * progress. `null` when unknown. Events come only when something changes: a bar that should
   * move in between advances `elapsedMs` by its own clock.
   */
  expectedMs: number | null;
  /** Status requests sent so far. */
  polls: number;
}

/** `onProgress`'s argument, told apart by `type`. */
export type VideoProgressEvent =
  /** The paid submit is about to go out: keep `clientRequestId`, to find the job if its answer is lost. */
  | (ProgressBase & { type: "submitting" })
  /** The submit's answer was lost: the job is looked for in the usage logs, nothing is sent again. */
  | (ProgressBase & { type: "recovering"; message: string })
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
