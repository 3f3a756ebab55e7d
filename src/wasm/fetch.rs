//! The transport: one request through the global `fetch` (so the same build runs in a Window and a
//! Worker), and its answer read into a core [`Reply`] plus the raw JSON for `result.raw`. Plain
//! functions around the two promises of an exchange (the answer, then its body); the caller
//! awaits them.

use super::json::parse;
use crate::error::Error;
use crate::reply::{Body, Reply, MAX_BODY};
use crate::request::Conn;
use crate::response::WireBody;
use crate::schedule::retry_after_ms;
use crate::secret::Secret;
use js_sys::{JsString, Promise, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, Headers, Request, RequestCache, RequestInit, RequestMode, Response};

#[wasm_bindgen]
extern "C" {
    // The global scope's fetch, whatever that scope is. `catch`: a fetch replaced by a page or an
    // extension may throw instead of rejecting, and an exception must not run through the module.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(request: &Request) -> Result<Promise, JsValue>;
}

/// What the head of an answer says.
pub struct Head {
    status: u16,
    retry_after_ms: Option<f64>,
    request_id: Option<String>,
}

/// Starts one request; `body` is the JSON text of a POST. `Err` is the reply of a request that
/// could not even be made.
// The reply is as large as the success is small; it is made once per request, so no box.
#[allow(clippy::result_large_err)]
pub fn send(
    conn: &Conn,
    url: &str,
    body: Option<&JsValue>,
    signal: Option<&AbortSignal>,
) -> Result<Promise, Reply> {
    let headers = Headers::new().map_err(|_| Reply::Failed(Error::network(&conn.base_url)))?;
    let _ = headers.append("Accept", "application/json");
    if let Some(auth) = conn.authorization() {
        let _ = headers.append("Authorization", &auth);
    }
    let init = RequestInit::new();
    init.set_mode(RequestMode::Cors);
    // A status read must reach the server every time: a cached "generating" would never change.
    init.set_cache(RequestCache::NoStore);
    init.set_signal(signal);
    match body {
        Some(b) => {
            init.set_method("POST");
            let _ = headers.append("Content-Type", "application/json");
            init.set_body(b);
        }
        None => init.set_method("GET"),
    }
    init.set_headers(&headers);
    // Only a malformed URL fails here: the options were checked before.
    let request = Request::new_with_str_and_init(url, &init)
        .map_err(|_| Reply::Failed(Error::invalid("baseUrl does not make a valid request URL")))?;
    global_fetch(&request).map_err(|_| Reply::Failed(Error::network(&conn.base_url)))
}

/// How `fetch` settled: the head, and the promise of the body text; `Err` when there is no answer
/// to read (the caller tells an abort from a network error by its guard).
#[allow(clippy::result_large_err)]
pub fn head(settled: Result<JsValue, JsValue>, base_url: &str) -> Result<(Head, Promise), Reply> {
    let response: Response = settled
        .map_err(|_| Reply::Failed(Error::network(base_url)))?
        .unchecked_into();
    let h = response.headers();
    let header = |name: &str| h.get(name).ok().flatten();
    let head = Head {
        status: response.status(),
        retry_after_ms: retry_after_ms(
            header("retry-after-ms").as_deref(),
            header("retry-after").as_deref(),
            |date| {
                let at = js_sys::Date::parse(date);
                (!at.is_nan()).then(|| at - js_sys::Date::now())
            },
        ),
        request_id: header("x-request-id"),
    };
    // A body announced as too long is not read at all; the call's abort frees the connection.
    // JS parses the number: Rust's float parser would add kilobytes to the module.
    let announced = header("content-length").map(|n| js_sys::Number::parse_float(&n));
    if announced.is_some_and(|n| n > MAX_BODY) {
        return Err(reply(head, Body::TooLarge));
    }
    match response.text() {
        Ok(p) => Ok((head, p)),
        Err(_) => Err(reply(head, Body::Unreadable)),
    }
}

fn reply(head: Head, body: Body) -> Reply {
    Reply::Http {
        status: head.status,
        retry_after_ms: head.retry_after_ms,
        request_id: head.request_id,
        body,
    }
}

/// The reply, from the head and how the body text settled, and the parsed JSON for `result.raw`,
/// clean of `secret`.
pub fn finish(head: Head, text: Result<JsValue, JsValue>, secret: &Secret) -> (Reply, JsValue) {
    let text = text.ok().and_then(|t| t.dyn_into::<JsString>().ok());
    let (body, raw) = match text {
        None => (Body::Unreadable, JsValue::NULL),
        // Measured in JS, so that a huge body is never copied into the module's memory.
        Some(t) if f64::from(t.length()) > MAX_BODY => (Body::TooLarge, JsValue::NULL),
        Some(t) => match parse(&t) {
            Err(_) => (Body::NotJson, JsValue::NULL),
            Ok(v) => match WireBody::read(v.clone()) {
                Some(b) => (Body::Json(b), clean(v, secret)),
                None => (Body::Shape, clean(v, secret)),
            },
        },
    };
    (reply(head, body), raw)
}

/// `raw` reaches the caller as it is, so a piece of the key anywhere in it goes, however the JSON
/// spelled it: its text is normalized by a round trip first. (The key has no `"` or `\`, so it
/// reads the same inside JSON.)
fn clean(v: JsValue, secret: &Secret) -> JsValue {
    match JSON::stringify(&v).ok().and_then(|s| s.as_string()) {
        Some(s) if secret.in_value(&s) => JSON::parse(&secret.value(&s)).unwrap_or(JsValue::NULL),
        _ => v,
    }
}
