// The package's entry (js/index.js): its exports. scripts/bundle.mjs puts the shapes (js/types/)
// and this file together into dist/index.d.ts, without their `import type` lines.
import type { GenerationRef, GlobalInstance, WaitOptions } from "./types/options.js";
import type { GenerateVideoOptions, ValueField, ValueOf, VeoModel } from "./types/models.js";
import type { AimlApiError, CostEstimate, GenerationStatus, Submitted, Timings, VideoResult } from "./types/results.js";
import type { EstimateOptions, RecoverOptions } from "./types/options.js";

/**
 * Submits a job, waits for it and resolves with the video's URL.
 *
 * Rejects with an `Error` whose `code` says what went wrong (see `AimlApiError`).
 */
export function generateVideo<M extends string = "google/veo-3.1-i2v">(options: GenerateVideoOptions<M>): Promise<VideoResult>;

/**
 * Submits a job and resolves with its id, without waiting for the video. Retried only on HTTP
 * 429: the submit is a paid call.
 */
export function createGeneration<M extends string = "google/veo-3.1-i2v">(options: GenerateVideoOptions<M>): Promise<Submitted>;

/**
 * Each model's values of the fields that list them, to build a form's `<select>`s from: every
 * such field for every model, in the table's order, empty where the model does not take it.
 */
export const MODEL_VALUES: { readonly [M in VeoModel]: { readonly [F in ValueField]: readonly ValueOf<M, F>[] } };

/**
 * Whether the family's `model` allows `value` for `field`: a type guard, by which a value read
 * from a form (`Number(select.value)`, a number) becomes one the options take (a
 * `Seconds<typeof model>`). False for anything else: a string `"8"`, another model's value.
 */
export function allows<M extends VeoModel, F extends ValueField>(model: M, field: F, value: unknown): value is ValueOf<M, F>;

/** Waits for an existing generation (e.g. after a page reload) and resolves with the video's URL. */
export function waitForVideo(options: WaitOptions & GenerationRef): Promise<VideoResult>;

/**
 * Reads a generation's status once, without retries. A failed generation is reported in
 * `state`, not thrown.
 */
export function getGeneration(options: GenerationRef): Promise<GenerationStatus>;

/**
 * Finds the job of a submit whose answer was lost (a reload, a dropped connection), by the
 * `clientRequestId` it was sent with, in the API's usage logs (`GET /v2/logs`), and resolves as
 * `createGeneration` does: follow it with `waitForVideo`. The logs list a job once it has ended,
 * so this may take as long as the job; it looks again until `timeoutMs`, then rejects with
 * `not_found`, which does not prove that nothing was charged. Sends nothing paid.
 */
export function recoverGeneration(options: RecoverOptions): Promise<Submitted>;

/**
 * What a video would cost, by the API's public price list (`GET /v1/models?id=…&include=pricing`),
 * for the model's settings, its defaults filling what is left out. Never sends the key. Read once
 * per page and model, then revalidated with its `ETag`. A price that cannot be made ahead (a
 * `variable` price, a model not in the list) resolves `usd: null` with the `reason`; it rejects
 * only when the list cannot be read (or within 30 s).
 */
export function estimateCost(options?: EstimateOptions): Promise<CostEstimate>;

/**
 * What the module has learned of its models' times from this page's finished jobs (held in memory
 * only, and lost on reload unless you keep this object). Pass it to `importTimings` later.
 */
export function exportTimings(): Promise<Timings>;

/**
 * Replaces what the module has learned with `timings`, as `exportTimings` returned it (after a
 * reload, say); `{ version: 1, jobs: [] }` forgets it all. Rejects with `invalid_request` for
 * anything else.
 */
export function importTimings(timings: Timings): Promise<void>;

/** `WebAssembly.Module`, where the environment's types declare it. */
type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer T } } } ? T : never;

/** A URL of the `.wasm`, as `new URL()` makes it or as a bundler's asset loader gives it (a string). */
type WasmUrl = string | GlobalInstance<"URL"> | GlobalInstance<"Request">;
/** The `.wasm` itself: its URL, the answer to fetching it, its bytes, or a compiled module. */
type WasmSourceValue = WasmUrl | GlobalInstance<"Response"> | ArrayBuffer | ArrayBufferView | WasmModule;

/**
 * Where the `.wasm` is, in whatever form your tool hands it: a URL (`import url from
 * "aimlapi-video/aimlapi_video_bg.wasm"` with esbuild's file loader), its bytes, a `Response`, a
 * `WebAssembly.Module`, or a promise or module namespace (`{ default }`) of one of these.
 */
export type WasmSource = WasmSourceValue | PromiseLike<WasmSourceValue> | { readonly default: WasmSourceValue };

/**
 * Loads and compiles the wasm module once; later calls return the same promise. Optional: the
 * package compiles the module inside its entry as soon as it is imported, and every call waits for
 * it (a call's `signal` and `timeoutMs` hold meanwhile). Pass `source` when the `.wasm` is
 * elsewhere (see "Use with …" in the README); call it right after the import, so that nothing is
 * fetched from the default place first.
 * Rejects with an `AimlApiError` of code `network_error` when the module cannot be loaded; the
 * next call tries again.
 */
export function init(source?: WasmSource): Promise<void>;

/**
 * Whether `e` is an error this package rejected with: an `AimlApiError`, or its `AbortError`
 * (`code: "aborted"`). Use it in a `catch` to read `code`, `status` or `generationId` safely.
 */
export function isAimlApiError(e: unknown): e is AimlApiError;
