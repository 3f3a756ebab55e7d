//! Reading the caller's options object: the fields of the options table through the core's reader
//! ([`RawOptions::read`]), and those that only JS has (`signal`, `onProgress`, `extra`, `fetch`,
//! `headers`). Each is read within bounds: the option fields by `json.rs`'s reader, `extra` and
//! `headers` by a copy that stops past [`MAX_VALUES`] values or [`MAX_CHARS`] characters.

use super::abort::aborted_flag;
use super::json::{chars, plain_copy, too_long, MAX_CHARS, MAX_ITEMS, MAX_VALUES};
use crate::check::must_be;
use crate::error::{push_num, Error};
use crate::json::Json;
use crate::table::RawOptions;
use js_sys::{Function, Object};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// The options, read.
pub struct JsOptions {
    pub raw: RawOptions,
    pub signal: Option<AbortSignal>,
    pub on_progress: Option<Function>,
    pub extra: Option<Object>,
    /// The caller's `fetch`, in place of the global one.
    pub fetch: Option<Function>,
}

/// The JS-only option `name`, as `keep` takes it, or an error that says it must be `what`.
fn js_only(
    options: &JsValue,
    name: &str,
    what: &str,
    keep: fn(JsValue) -> Option<JsValue>,
) -> Result<Option<JsValue>, Error> {
    match options.field(name) {
        Err(_) => Err(must_be(name, "readable (reading it threw)")),
        Ok(None) => Ok(None),
        Ok(Some(v)) => keep(v).map(Some).ok_or_else(|| must_be(name, what)),
    }
}

/// Reads `value`, which must be an object.
pub fn read(value: &JsValue) -> Result<JsOptions, Error> {
    // A real signal says `aborted` without throwing (a fake of its prototype does not).
    let signal = js_only(value, "signal", "an AbortSignal", |v| {
        let real = v.is_instance_of::<AbortSignal>() && aborted_flag(&v).is_some();
        real.then_some(v)
    })?;
    let on_progress = js_only(value, "onProgress", "a function", |v| {
        v.is_function().then_some(v)
    })?;
    // A JSON round trip leaves plain data: no getter, proxy trap or toJSON can throw later,
    // inside the module, where a JS exception would leave it in a bad state.
    let mut what =
        String::from("an object of plain JSON data (no BigInt, cycle or throwing getter");
    what.push_str("; at most ");
    push_num(&mut what, MAX_VALUES.into());
    what.push_str(" values and ");
    push_num(&mut what, MAX_CHARS.into());
    what.push_str(" characters)");
    let extra = js_only(
        value,
        "extra",
        &what,
        // Not `is_record` on `v` itself: the copy is what is checked, and kept.
        |v| {
            (v.is_object() && !v.is_function())
                .then(|| plain_copy(&v))
                .flatten()
                .filter(Json::is_record)
        },
    )?
    .map(JsCast::unchecked_into::<Object>);
    let fetch = js_only(value, "fetch", "a function, like the global fetch", |v| {
        v.is_function().then_some(v)
    })?;
    // A `Headers` object is read as its pairs; any object, as plain data (a JSON copy: `undefined`
    // values are left out, as the AI SDK's headers have them). Its values are checked below and in
    // the core.
    const HEADERS: &str = "an object of header names to string values";
    let headers = js_only(value, "headers", HEADERS, |v| {
        let v = if v.is_instance_of::<web_sys::Headers>() {
            Object::from_entries(&v).ok()?.into()
        } else {
            v
        };
        (v.is_object() && !v.is_function())
            .then(|| plain_copy(&v))
            .flatten()
            .filter(Json::is_record)
    })?;
    let mut raw = RawOptions::read(value.clone()).map_err(|e| too_long_said(value, e))?;
    if let Some(h) = headers {
        for name in Object::keys(h.unchecked_ref::<Object>()).iter() {
            let name = name.as_string().unwrap_or_default();
            match h.field(&name).ok().flatten().and_then(|v| v.string()) {
                Some(value) => raw.headers.push((name, value)),
                None => return Err(must_be("headers", HEADERS)),
            }
        }
    }
    if let Some(o) = &extra {
        raw.extra_keys = Object::keys(o)
            .iter()
            .filter_map(|k| k.as_string())
            .collect();
    }
    Ok(JsOptions {
        raw,
        signal: signal.map(JsCast::unchecked_into),
        on_progress: on_progress.map(JsCast::unchecked_into),
        extra,
        fetch: fetch.map(JsCast::unchecked_into),
    })
}

/// A refusal of the options' reader, saying so when the option it names is longer than the module
/// reads (`json.rs`'s reader refuses it unread, as of the wrong type). The option is read again
/// only on this path.
fn too_long_said(options: &JsValue, mut e: Error) -> Error {
    let name = e.message.split(' ').next().unwrap_or_default();
    let v = options.field(name).ok().flatten().filter(too_long);
    if let Some(v) = v {
        let (most, unit) = match chars(&v) {
            0 => (MAX_ITEMS, " items)"),
            _ => (MAX_CHARS, " characters)"),
        };
        e.message.push_str(" (at most ");
        push_num(&mut e.message, most.into());
        e.message.push_str(unit);
    }
    e
}
