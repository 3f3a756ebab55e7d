export { generateVideo, createGeneration, getGeneration, waitForVideo } from "./pkg/aimlapi_video.js";
export type {
  Connection, WaitOptions, GenerateVideoOptions, GenerationRef, ProgressEvent, VideoResult, Submitted,
  GenerationStatus, AimlApiError,
} from "./pkg/aimlapi_video.js";
/** Loads and compiles the wasm module once (optional: every call does it on first use). */
export function init(source?: URL | string | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
