// `aimlapi-video/aimlapi_video_bg.wasm`: the module itself, for tools that emit assets on import.
/** What your bundler's file or URL loader makes of the `.wasm` (a URL string); pass it to `init()`. */
declare const wasm: string;
export default wasm;
