// The package's entry: the wasm module loads itself on first use, so callers never need an init
// call; `init()` is there for those who want to preload it (e.g. on page load).
import load, * as wasm from "./pkg/aimlapi_video.js";

let ready = null;

/**
 * Loads and compiles the wasm module once; later calls return the same promise. Optional.
 * @param {URL | string | Request | Response | BufferSource | WebAssembly.Module} [source] where the .wasm is, if not beside this file
 * @returns {Promise<void>}
 */
export function init(source) {
  if (!ready) {
    ready = load(source === undefined ? undefined : { module_or_path: source }).then(
      () => undefined,
      (cause) => {
        ready = null; // a failed load (offline, say) may be retried by the next call
        // Rejected like every other failure of the package: an Error with a code.
        const e = new Error(`Could not load the aimlapi-video WebAssembly module: ${cause?.message ?? cause}`, { cause });
        e.name = "AimlApiError";
        e.code = "network_error";
        e.retryable = true;
        throw e;
      },
    );
  }
  return ready;
}

/** @type {typeof wasm.generateVideo} */
export const generateVideo = async (options) => (await init(), wasm.generateVideo(options));
/** @type {typeof wasm.createGeneration} */
export const createGeneration = async (options) => (await init(), wasm.createGeneration(options));
/** @type {typeof wasm.getGeneration} */
export const getGeneration = async (options) => (await init(), wasm.getGeneration(options));
/** @type {typeof wasm.waitForVideo} */
export const waitForVideo = async (options) => (await init(), wasm.waitForVideo(options));
