//! The transport: one request through the global `fetch` (so the same build runs in a Window and a
//! Worker), read into a core [`Reply`] plus the raw JSON for `result.raw`.

use super::js_body::read_body;
use crate::error::Error;
use crate::reply::{Body, Reply};
use crate::request::Conn;
use crate::schedule::retry_after_ms;
use js_sys::{Promise, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, Request, RequestCache, RequestInit, RequestMode, Response};

#[wasm_bindgen]
extern "C" {
    // The global scope's fetch, whatever that scope is.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> Promise;
}

/// A finished exchange.
pub struct Sent {
    /// What it means to the core.
    pub reply: Reply,
    /// The parsed JSON body, or `null`.
    pub raw: JsValue,
}

fn failed(e: Error) -> Sent {
    Sent {
        reply: Reply::Failed(e),
        raw: JsValue::NULL,
    }
}

/// Sends one request. `body` is the JSON text of a POST. Never panics and never throws: every
/// outcome is a [`Reply`]; the caller checks its guard to tell an abort from a network error.
pub async fn send(
    conn: &Conn,
    url: &str,
    body: Option<&JsValue>,
    signal: Option<&AbortSignal>,
) -> Sent {
    let headers = match Headers::new() {
        Ok(h) => h,
        Err(_) => return failed(Error::network(&conn.base_url)),
    };
    let _ = headers.append("Accept", "application/json");
    if let Some(auth) = conn.authorization() {
        let _ = headers.append("Authorization", &auth);
    }
    let init = RequestInit::new();
    init.set_mode(RequestMode::Cors);
    // A status read must reach the server every time: a cached "generating" would never change.
    init.set_cache(RequestCache::NoStore);
    init.set_headers(&headers);
    init.set_signal(signal);
    match body {
        Some(b) => {
            init.set_method("POST");
            let _ = headers.append("Content-Type", "application/json");
            init.set_body(b);
        }
        None => init.set_method("GET"),
    }
    let request = match Request::new_with_str_and_init(url, &init) {
        Ok(r) => r,
        // Only a malformed URL gets here: the options were checked before.
        Err(_) => return failed(Error::invalid("baseUrl does not make a valid request URL")),
    };
    let response: Response = match JsFuture::from(global_fetch(&request)).await {
        Ok(v) => v.unchecked_into(),
        Err(_) => return failed(Error::network(&conn.base_url)),
    };
    let h = response.headers();
    let header = |name: &str| h.get(name).ok().flatten();
    let retry_after = retry_after_ms(
        header("retry-after-ms").as_deref(),
        header("retry-after").as_deref(),
        |date| {
            let at = js_sys::Date::parse(date);
            (!at.is_nan()).then(|| at - js_sys::Date::now())
        },
    );
    let status = response.status();
    let request_id = header("x-request-id");
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    let (body, raw) = match text {
        None => (Body::Unreadable, JsValue::NULL),
        Some(t) => match JSON::parse(&t) {
            Err(_) => (Body::NotJson, JsValue::NULL),
            Ok(v) => match read_body(&v) {
                Some(b) => (Body::Json(b), v),
                None => (Body::Shape, v),
            },
        },
    };
    Sent {
        reply: Reply::Http {
            status,
            retry_after_ms: retry_after,
            request_id,
            body,
        },
        raw,
    }
}
