//! The transport: one request through the caller's `fetch` or the global one (so the same build
//! runs in a Window and a Worker), and its answer read into a core [`Reply`] plus the raw JSON for
//! `result.raw`. Plain
//! functions around the two promises of an exchange (the answer, then its body); the caller
//! awaits them.

use super::json::parse;
use super::object::{get, set};
use crate::error::{end_sentence, Error};
use crate::logs::Page;
use crate::reply::{Body, Reply, Trace, MAX_BODY};
use crate::request::Conn;
use crate::response::Cost;
use crate::response::WireBody;
use crate::schedule::retry_after_ms;
use crate::secret::Secret;
use js_sys::{Function, JsString, Object, Promise, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, Request, RequestCache, RequestInit, RequestMode, Response};

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
    trace: Trace,
}

/// Starts one request through `own` (the caller's `fetch`) or the global `fetch`; `body` is the
/// JSON text of a POST, `extra` a header of the package's own for this request (the client request
/// id). `Err` is the reply of a request that could not even be made.
pub fn send(
    conn: &Conn,
    url: &str,
    body: Option<&JsValue>,
    extra: Option<(&str, &str)>,
    signal: Option<&AbortSignal>,
    own: Option<&Function>,
) -> Result<Promise, Reply> {
    // A plain object, not a `Headers`: a fetch of the caller's may read it as one. Without a
    // prototype, so that a header named `__proto__` is a header like any other.
    let headers: Object = Object::create(JsValue::NULL.unchecked_ref::<Object>());
    let add = |name: &str, value: &str| set(&headers, name, &value.into());
    // The caller's first; the core made sure they name none of the package's own.
    for (name, value) in &conn.headers {
        add(name, value);
    }
    add("Accept", "application/json");
    if let Some((name, value)) = extra {
        add(name, value);
    }
    if let Some(auth) = conn.authorization() {
        add("Authorization", &auth);
    }
    let init = RequestInit::new();
    init.set_mode(RequestMode::Cors);
    // A status read must reach the server every time: a cached "generating" would never change.
    init.set_cache(RequestCache::NoStore);
    init.set_signal(signal);
    match body {
        Some(b) => {
            init.set_method("POST");
            add("Content-Type", "application/json");
            init.set_body(b);
        }
        None => init.set_method("GET"),
    }
    init.set_headers(&headers);
    if let Some(f) = own {
        // Called as fetch(url, init) is; whatever it returns is taken as a promise.
        return match f.call2(&JsValue::UNDEFINED, &url.into(), &init) {
            Ok(v) => Ok(Promise::resolve(&v)),
            Err(e) => Err(Reply::Failed(own_failed(&conn.base_url, &e))),
        };
    }
    // Only a malformed URL fails here: the options were checked before.
    let request = Request::new_with_str_and_init(url, &init)
        .map_err(|_| Reply::Failed(Error::invalid("baseUrl does not make a valid request URL")))?;
    global_fetch(&request).map_err(|_| Reply::Failed(Error::network(&conn.base_url)))
}

/// The error of a `fetch` option that threw or rejected: the network error, with its own words
/// (the job scrubs the key from them, as from every reply).
fn own_failed(base_url: &str, cause: &JsValue) -> Error {
    let words = get(cause, "message")
        .and_then(|m| m.as_string())
        .or_else(|| cause.as_string())
        .unwrap_or_default();
    let mut e = Error::network(base_url);
    e.message.push_str(" The fetch option failed: ");
    e.message.push_str(&words);
    end_sentence(&mut e.message);
    e
}

/// Whether `v` answers as a `Response` does. Not `instanceof`: a fetch of the caller's may resolve
/// to one of another realm or library (undici's, node-fetch's), or to anything at all.
fn is_response(v: &JsValue) -> bool {
    let field = |o: &JsValue, k: &str| get(o, k).unwrap_or_default();
    field(v, "status")
        .as_f64()
        .is_some_and(|s| (100.0..=599.0).contains(&s) && s.fract() == 0.0)
        && field(v, "text").is_function()
        && field(&field(v, "headers"), "get").is_function()
}

/// How `fetch` settled: the head, and the promise of the body text; `Err` when there is no answer
/// to read (the caller tells an abort from a network error by its guard). `own`: the caller's
/// `fetch` made it, so it is checked for a `Response`'s shape first.
pub fn head(
    settled: Result<JsValue, JsValue>,
    base_url: &str,
    own: bool,
) -> Result<(Head, Promise), Reply> {
    let response: Response = match settled {
        Ok(r) if !own || is_response(&r) => r.unchecked_into(),
        Ok(_) => {
            let mut e = Error::network(base_url);
            e.message
                .push_str(" The fetch option resolved to something that is not a Response.");
            return Err(Reply::Failed(e));
        }
        Err(e) if own => return Err(Reply::Failed(own_failed(base_url, &e))),
        Err(_) => return Err(Reply::Failed(Error::network(base_url))),
    };
    let h = response.headers();
    let header = |name: &str| h.get(name).ok().flatten();
    // JS parses the numbers: Rust's float parser would add kilobytes to the module.
    let number = |name: &str| {
        header(name)
            .map(|n| js_sys::Number::parse_float(n.trim_ascii()))
            .filter(|n| n.is_finite() && *n >= 0.0)
    };
    let head = Head {
        trace: Trace {
            inference_id: header("x-inference-id").filter(|i| !i.trim_ascii().is_empty()),
            cost: Cost {
                credits_used: number("x-aimlapi-credits-used"),
                usd_spent: number("x-aimlapi-usd-spent"),
            },
        },
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
        trace: head.trace,
        body,
    }
}

/// The reply, from the head and how the body text settled, and the parsed JSON for `result.raw`,
/// clean of `secret`. `logs`: the answer is a page of the usage logs, read for the row of this
/// client request id.
pub fn finish(
    head: Head,
    text: Result<JsValue, JsValue>,
    secret: &Secret,
    logs: Option<&str>,
) -> (Reply, JsValue) {
    let text = text.ok().and_then(|t| t.dyn_into::<JsString>().ok());
    let (body, raw) = match text {
        None => (Body::Unreadable, JsValue::NULL),
        // Measured in JS, so that a huge body is never copied into the module's memory.
        Some(t) if f64::from(t.length()) > MAX_BODY => (Body::TooLarge, JsValue::NULL),
        Some(t) => match parse(&t) {
            Err(_) => (Body::NotJson, JsValue::NULL),
            Ok(v) => match logs {
                Some(id) => match Page::read(&v, id) {
                    Some(p) => (Body::Logs(p), clean(v, secret)),
                    None => (Body::Shape, clean(v, secret)),
                },
                None => match WireBody::read(v.clone()) {
                    Some(b) => (Body::Json(b), clean(v, secret)),
                    None => (Body::Shape, clean(v, secret)),
                },
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
