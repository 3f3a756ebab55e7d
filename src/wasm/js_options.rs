//! Reading the caller's options object: the fields of the options table through the core's reader
//! ([`RawOptions::read`]), and the three that only JS has (`signal`, `onProgress`, `extra`).

use crate::error::Error;
use crate::fields::RawOptions;
use super::json::plain_copy;
use crate::json::Json;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// The options, read.
pub struct JsOptions {
    pub raw: RawOptions,
    pub signal: Option<AbortSignal>,
    pub on_progress: Option<Function>,
    pub extra: Option<Object>,
}

/// The JS-only option `name`, of the type `cast` accepts, or an error that says it must be `what`.
fn js_only<T>(
    options: &JsValue,
    name: &str,
    what: &str,
    cast: impl Fn(JsValue) -> Option<T>,
) -> Result<Option<T>, Error> {
    let wrong = |what: &str| {
        let mut m = String::from(name);
        m.push_str(" must be ");
        m.push_str(what);
        Error::invalid(m)
    };
    match options.field(name) {
        Err(_) => Err(wrong("readable (reading it threw)")),
        Ok(None) => Ok(None),
        Ok(Some(v)) => cast(v).map(Some).ok_or_else(|| wrong(what)),
    }
}

/// Reads `value`, which must be an object.
pub fn read(value: &JsValue) -> Result<JsOptions, Error> {
    let mut raw = RawOptions::read(value.clone())?;
    // A real signal says `aborted` without throwing (a fake of its prototype does not).
    let signal = js_only(value, "signal", "an AbortSignal", |v| {
        v.dyn_into::<AbortSignal>().ok().filter(|s| {
            Reflect::get(s, &JsValue::from_str("aborted")).is_ok_and(|a| a.as_bool().is_some())
        })
    })?;
    let on_progress = js_only(value, "onProgress", "a function", |v| {
        v.dyn_into::<Function>().ok()
    })?;
    // A JSON round trip leaves plain data: no getter, proxy trap or toJSON can throw later,
    // inside the module, where a JS exception would leave it in a bad state.
    let extra = js_only(
        value,
        "extra",
        "an object of plain JSON data (no BigInt, cycle or throwing getter)",
        |v| {
            // Not `is_record` on `v` itself: the copy is what is checked, and kept.
            if !v.is_object() || v.is_function() {
                return None;
            }
            plain_copy(&v)
                .filter(Json::is_record)
                .map(JsCast::unchecked_into::<Object>)
        },
    )?;
    if let Some(o) = &extra {
        raw.extra_keys = Object::keys(o)
            .iter()
            .filter_map(|k| k.as_string())
            .collect();
    }
    Ok(JsOptions {
        raw,
        signal,
        on_progress,
        extra,
    })
}
