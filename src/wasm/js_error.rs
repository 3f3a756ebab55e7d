//! The one place where a core [`Error`] becomes a JS value: a real `Error` (so `instanceof Error`
//! and `.stack` work) with `name`, `code`, `status`, `generationId`, `requestId`, `retryAfterMs`
//! and `retryable`: the caller's word, as `Error::judge` decided it (`transient`, the job's word,
//! stays inside).

use super::object::set;
use crate::error::{Code, Error};
use wasm_bindgen::JsValue;

/// Converts `e`. Its text is already clean of the key: the job scrubs every reply as it comes in
/// (`Secret::reply`).
pub fn to_js(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    // `AbortError` is what fetch and the rest of the platform use, so `err.name === "AbortError"`
    // checks written for fetch keep working.
    err.set_name(if e.code == Code::Aborted {
        "AbortError"
    } else {
        "AimlApiError"
    });
    let put = |k: &str, v: JsValue| set(&err, k, &v);
    put("code", JsValue::from_str(e.code.as_str()));
    if let Some(s) = e.status {
        put("status", JsValue::from(s));
    }
    if let Some(id) = &e.generation_id {
        put("generationId", JsValue::from_str(id));
    }
    if let Some(t) = e.submitted_at {
        put("submittedAt", JsValue::from_f64(t.0));
    }
    if let Some(r) = &e.request_id {
        put("requestId", JsValue::from_str(r));
    }
    if let Some(c) = &e.client_request_id {
        put("clientRequestId", JsValue::from_str(c));
    }
    if let Some(ms) = e.retry_after_ms {
        put("retryAfterMs", JsValue::from_f64(ms));
    }
    put("retryable", JsValue::from_bool(e.retryable()));
    err.into()
}
