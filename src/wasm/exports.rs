//! The five exported functions of a generation. Each hands its options to the same call loop ([`go`]), so the
//! module holds one copy of the async machinery instead of four.

use super::call::go;
use super::types::*;
use crate::options::Mode;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// Submits a job, waits for it and resolves with the video's URL. (The four exports' TypeScript
/// declarations, with their doc comments, are in js/index.d.ts.)
#[wasm_bindgen(js_name = generateVideo, skip_typescript)]
pub fn generate_video(options: GenerateVideoOptions, began: Option<f64>) -> Promise {
    future_to_promise(go(Mode::Generate, options.into(), began))
}

/// Submits a job and resolves with its id, without waiting for the video.
#[wasm_bindgen(js_name = createGeneration, skip_typescript)]
pub fn create_generation(options: GenerateVideoOptions, began: Option<f64>) -> Promise {
    future_to_promise(go(Mode::Create, options.into(), began))
}

/// Waits for an existing generation (e.g. after a page reload) and resolves with the video's URL.
#[wasm_bindgen(js_name = waitForVideo, skip_typescript)]
pub fn wait_for_video(options: WaitForVideoOptions, began: Option<f64>) -> Promise {
    future_to_promise(go(Mode::Wait, options.into(), began))
}

/// Reads a generation's status once, without retries. A failed generation is reported in
/// `state`, not thrown.
#[wasm_bindgen(js_name = getGeneration, skip_typescript)]
pub fn get_generation(options: GetGenerationOptions, began: Option<f64>) -> Promise {
    future_to_promise(go(Mode::Get, options.into(), began))
}

/// Finds the job of a submit whose answer was lost, by its client request id, in the usage logs.
#[wasm_bindgen(js_name = recoverGeneration, skip_typescript)]
pub fn recover_generation(options: JsValue, began: Option<f64>) -> Promise {
    future_to_promise(go(Mode::Recover, options, began))
}
