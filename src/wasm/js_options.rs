//! Reading the caller's options object: the fields of the options table through the core's reader
//! ([`RawOptions::read`]), and the three that only JS has (`signal`, `onProgress`, `extra`).

use super::abort::aborted_flag;
use super::json::plain_copy;
use crate::check::must_be;
use crate::error::Error;
use crate::fields::RawOptions;
use crate::json::Json;
use js_sys::{Function, Object};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// The options, read.
pub struct JsOptions {
    pub raw: RawOptions,
    pub signal: Option<AbortSignal>,
    pub on_progress: Option<Function>,
    pub extra: Option<Object>,
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
    let extra = js_only(
        value,
        "extra",
        "an object of plain JSON data (no BigInt, cycle or throwing getter)",
        // Not `is_record` on `v` itself: the copy is what is checked, and kept.
        |v| {
            (v.is_object() && !v.is_function())
                .then(|| plain_copy(&v))
                .flatten()
                .filter(Json::is_record)
        },
    )?
    .map(JsCast::unchecked_into::<Object>);
    let mut raw = RawOptions::read(value.clone())?;
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
    })
}
