// The package's one entry, for every environment (browsers, Workers, bundlers, Node, Bun, Deno).
// scripts/bundle.mjs bundles it with wasm-bindgen's glue and the .wasm itself, deflated and in
// base64 (pkg/wasm-inline.js), into dist/index.js: one module, no asset to locate, nothing to
// configure. The module compiles itself right after the import; `init()` waits for that, or loads
// the .wasm from elsewhere. Why the .wasm is inline: "How it is built" in docs/ARCHITECTURE.md.

// First, so that the bundle opens with the base64 text: gzip then packs the bundle 0.5 KB smaller
// than with the text after the code.
import deflated from "../pkg/wasm-inline.js";
import {
  initSync,
  __wbg_reset_state as restart,
  __wbg_on_escape as onEscape,
  generateVideo as generate,
  createGeneration as create,
  getGeneration as get,
  waitForVideo as wait,
  recoverGeneration as recover,
  askPrice,
  exportTimings as exportLearned,
  importTimings as importLearned,
} from "../pkg/aimlapi_video.js";
import { coded } from "./coded.js";
import { inlineImages } from "./images.js";
import { afford, quote, readList } from "./price.js";

// The `code`s of AimlApiError (src/error.rs); a package test checks this list against the types.
const CODES = new Set([
  "invalid_request", "unauthorized", "forbidden", "not_found", "rate_limited", "server_error",
  "http_error", "network_error", "bad_response", "generation_failed", "timeout", "aborted",
  "internal_error",
]);

/** Whether `e` is an error this package rejected with (an `AimlApiError`, or its `AbortError`). */
export function isAimlApiError(e) {
  return (
    e instanceof Error &&
    (e.name === "AimlApiError" || e.name === "AbortError") &&
    CODES.has(e.code) &&
    typeof e.retryable === "boolean"
  );
}

let loading = null; // the attempt in flight, or the last one that succeeded: Promise<void>
let ready = null; // the attempt that instantiated the module, once one has
let chosen; // the source given to init(), which wins over the inline module from then on

/**
 * Waits until the wasm module is compiled and ready; later calls return the same promise.
 * Optional: every call waits for it. `source` loads the .wasm from elsewhere instead.
 */
export function init(source) {
  if (ready) return ready;
  if (source !== undefined && source !== chosen) {
    chosen = source;
    loading = null; // a load still in flight is not waited for; the first to finish wins
  }
  return (loading ??= attempt(chosen ?? inline()));
}

function attempt(source) {
  const p = compile(source).then(
    (module) => {
      // Compiled asynchronously above: Chrome refuses a synchronous compile of more than 4 KB
      // (8 MB in recent versions) on the main thread. Instantiating the compiled module at once
      // is what wasm-bindgen's initSync does; Chrome's old 4 KB limit on that is gone as far as we
      // know (it passes in Chromium 156, Firefox ESR 153 and WebKitGTK 2.50 under test).
      // A no-op if another attempt instantiated the module first.
      initSync({ module });
      ready ??= p;
    },
    (cause) => {
      if (ready) return; // another attempt got there: the module is ready all the same
      if (loading === p) loading = null; // the next call tries again
      throw cause?.name === "AimlApiError" ? cause : coded("network_error", `Could not load the aimlapi-video WebAssembly module: ${cause?.message ?? cause}`, cause);
    },
  );
  return p;
}

/** The module shipped in this file: base64, then inflated by the platform's DecompressionStream. */
async function inline() {
  if (typeof DecompressionStream !== "function") {
    throw new Error('this runtime has no DecompressionStream: pass the .wasm to init() (import it from "aimlapi-video/aimlapi_video_bg.wasm")');
  }
  const wasm = new Response(fromBase64(deflated)).body.pipeThrough(new DecompressionStream("deflate-raw"));
  // Inflated whole, then compiled: streaming compilation of the inflating stream was the slower
  // of the two in Chromium (22 ms against 10 ms, medians of 15 cold pages).
  return new Response(wasm).arrayBuffer();
}

function fromBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text); // 2025's engines: native, 0.1 ms here
  const chars = atob(text);
  const bytes = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) bytes[i] = chars.charCodeAt(i);
  return bytes;
}

// Any source to a WebAssembly.Module. Promises and module namespaces (`import("…wasm?url")`)
// are unwrapped first.
async function compile(source) {
  source = await source;
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  if (source instanceof Response) return fromResponse(source);
  if (typeof source === "string" || source instanceof URL || source instanceof Request) {
    try {
      return await fromResponse(await fetch(source));
    } catch (e) {
      throw new Error(`${source.url ?? source}: ${e?.message ?? e}`, { cause: e });
    }
  }
  if (source !== null && typeof source === "object" && "default" in source) return compile(source.default);
  throw coded("invalid_request", `init() takes a URL, the bytes, a Response or a WebAssembly.Module of the .wasm, not ${Object.prototype.toString.call(source)}`);
}

async function fromResponse(response) {
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const type = response.headers.get("content-type") ?? "";
  // Streaming compilation needs this exact type; any other is read whole, and checked.
  if (type.split(";")[0].trim() === "application/wasm") return WebAssembly.compileStreaming(response);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error(`the answer is not WebAssembly (it is ${type || "of no type"})`);
  }
  return WebAssembly.compile(bytes);
}

// The calls inside the module, each as the function that rejects it: a trap rejects them all.
const inside = new Set();
let broken = false; // the module trapped: restart it before the next call goes in

onEscape((cause) => {
  broken = true;
  const e = coded(
    "internal_error",
    "aimlapi-video failed inside its WebAssembly module, which stopped this call; it restarts for the next one. " +
      "A submit in flight may have created the job, so it is not retried.",
    cause,
  );
  for (const reject of inside) reject(e);
  inside.clear();
});

// Restarts the module before the next call goes in, if it trapped.
function mend() {
  if (broken) {
    broken = false;
    restart();
  }
}

// Runs one call of the module. The call begins now: the module's one deadline counts from here,
// so loading the module and reading images count against `timeoutMs`, and while the module is
// still loading, the caller's signal and that same deadline already hold: either one settles the
// call at once, and nothing is sent.
function run(call, options) {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    let unwatch = () => {};
    const settle = (f) => (v) => {
      settled = true;
      inside.delete(reject);
      unwatch();
      f(v);
    };
    if (!ready) unwatch = whileLoading(options, began, settle(reject));
    // Images given as files are read while the module loads.
    Promise.all([inlineImages(options), init()])
      .then(async ([options]) => {
        if (settled) return; // stopped while loading: nothing is sent
        unwatch();
        mend();
        // maxUsd: every option checked, then the price list read, before the paid submit.
        const ask = call === generate || call === create ? askPrice(options, true) : null;
        if (ask) await within(options, began, "while the price list was read", (signal) => afford(ask, options, signal));
        if (settled) return;
        inside.add(reject);
        return call(options, began);
      })
      .then(settle(resolve), settle(reject));
  });
}

// Runs `read(signal)`, a read outside the module, under the caller's signal and the call's
// deadline (from `began`): either one rejects it at once, saying `when`.
async function within(options, began, when, read) {
  const stop = new AbortController();
  const unwatch = whileLoading(options, began, (e) => stop.abort(e), when);
  try {
    return await read(stop.signal);
  } finally {
    unwatch();
  }
}

// Watches the caller's signal and the call's deadline (from `began`) while the module loads (or
// `when`); returns what unwatches them. Options that cannot be read here are left for the module
// to reject. DEFAULT_TIMEOUT_MS and MAX_TIMER_MS are the core's (src/options.rs), put here by the
// bundler.
function whileLoading(options, began, fail, when = "while the module was loading") {
  let signal, timeoutMs;
  try {
    ({ signal, timeoutMs } = options);
    if (signal.aborted === true) {
      fail(aborted(when));
      return () => {};
    }
  } catch {}
  const onAbort = () => fail(aborted(when));
  try {
    signal.addEventListener("abort", onAbort);
  } catch {}
  // A value the module will refuse (0.5, Infinity) must not time the call out first.
  const ms = typeof timeoutMs === "number" && timeoutMs >= 1 && timeoutMs <= MAX_TIMER_MS ? timeoutMs : DEFAULT_TIMEOUT_MS;
  const message = `The deadline (timeoutMs) passed ${when}; nothing was sent.`;
  const timer = setTimeout(() => fail(coded("timeout", message)), began + ms - performance.now());
  return () => {
    clearTimeout(timer);
    try {
      signal.removeEventListener("abort", onAbort);
    } catch {}
  };
}

function aborted(when) {
  return coded("aborted", `The call was aborted by its signal ${when}; nothing was sent.`);
}

/** @type {typeof exportLearned} */
export const exportTimings = () => init().then(() => (mend(), exportLearned()));
/** @type {typeof importLearned} */
export const importTimings = (timings) => init().then(() => (mend(), importLearned(timings)));

// Each model's values of the fields that list them, and their type guard, for a form's selects:
// generated in js/family.js. An app that imports neither bundles neither.
export { MODEL_VALUES, allows } from "./family.js";

/** @type {typeof generate} */
export const generateVideo = (options) => run(generate, options);
/** @type {typeof create} */
export const createGeneration = (options) => run(create, options);
/** @type {typeof get} */
export const getGeneration = (options) => run(get, options);
/** @type {typeof wait} */
export const waitForVideo = (options) => run(wait, options);
/** @type {typeof recover} */
export const recoverGeneration = (options) => run(recover, options);

/** What a video would cost, by the public price list: js/price.js reads it, the core says what is asked. */
export const estimateCost = (options = {}) =>
  init().then(() => {
    mend();
    const ask = askPrice(options, false);
    // A small public read: 30 s, not a generation's deadline.
    return within({ signal: options?.signal, timeoutMs: 30_000 }, performance.now(), "while the price list was read", (signal) => readList(ask, options, signal)).then((list) => quote(list, ask));
  });

// Compile the module as soon as the package is imported, so that the first call does not wait for
// it. In a microtask, so that an init(source) made right after the import comes first. A failure
// here is reported by the first call, which tries again.
queueMicrotask(() => loading || ready || init().catch(() => {}));
