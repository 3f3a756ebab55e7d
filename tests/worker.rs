//! The same build in a dedicated Web Worker: no `window`, so only the global `fetch` and timers.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
async fn generates_a_video_inside_a_worker() {
    assert!(
        js_sys::global().has_type::<web_sys::WorkerGlobalScope>(),
        "not in a worker"
    );
    let tag = unique_tag("worker");
    let r = generate(opts(&base(&tag, "dur=100,pollerr=503x1,ra=0"), &[]))
        .await
        .unwrap();
    assert_eq!(s(&r, "status"), "completed");
    assert!(sim_log(&tag).await.len() >= 3);
}

#[wasm_bindgen_test]
async fn aborts_inside_a_worker() {
    let tag = unique_tag("worker-abort");
    let o = opts(
        &base(&tag, "never"),
        &[
            ("signal", abort_after(100).into()),
            ("pollIntervalMs", JsValue::from(60_000)),
        ],
    );
    expect_err(generate(o).await, "aborted");
}
