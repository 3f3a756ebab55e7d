
// ---- The package's entry (js/index.js), appended by scripts/bundle.mjs. --------------------------

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
