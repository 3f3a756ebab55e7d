//! Reading the caller's options object: each field type-checked with a message that names it, then
//! handed to the core's validation as plain Rust values.

use crate::error::Error;
use crate::options::RawOptions;
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

fn wrong(name: &str, what: &str) -> Error {
    let mut m = String::from(name);
    m.push_str(" must be ");
    m.push_str(what);
    Error::invalid(m)
}

struct Reader<'a>(&'a JsValue);

impl Reader<'_> {
    /// `undefined` and `null` both mean "not set".
    fn get(&self, name: &str) -> Option<JsValue> {
        Reflect::get(self.0, &JsValue::from_str(name))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    fn string(&self, name: &str) -> Result<Option<String>, Error> {
        self.get(name)
            .map(|v| v.as_string().ok_or_else(|| wrong(name, "a string")))
            .transpose()
    }

    fn number(&self, name: &str) -> Result<Option<f64>, Error> {
        self.get(name)
            .map(|v| v.as_f64().ok_or_else(|| wrong(name, "a number")))
            .transpose()
    }

    fn boolean(&self, name: &str) -> Result<Option<bool>, Error> {
        self.get(name)
            .map(|v| v.as_bool().ok_or_else(|| wrong(name, "true or false")))
            .transpose()
    }
}

/// Reads `value`, which must be an object.
pub fn read(value: &JsValue) -> Result<JsOptions, Error> {
    if !value.is_object() {
        return Err(Error::invalid(
            "options must be an object, like { apiKey, prompt, imageUrl }",
        ));
    }
    let r = Reader(value);
    let signal = r
        .get("signal")
        .map(|v| {
            v.dyn_into::<AbortSignal>()
                .map_err(|_| wrong("signal", "an AbortSignal"))
        })
        .transpose()?;
    let on_progress = r
        .get("onProgress")
        .map(|v| {
            v.dyn_into::<Function>()
                .map_err(|_| wrong("onProgress", "a function"))
        })
        .transpose()?;
    let extra = match r.get("extra") {
        None => None,
        Some(v) if v.is_object() && !js_sys::Array::is_array(&v) && !v.is_function() => {
            // A JSON round trip leaves plain data: no getter, proxy trap or toJSON can throw
            // later, inside the module, where a JS exception would leave it in a bad state.
            let plain = js_sys::JSON::stringify(&v)
                .ok()
                .and_then(|s| js_sys::JSON::parse(&String::from(s)).ok())
                .filter(|p| p.is_object() && !js_sys::Array::is_array(p));
            match plain {
                Some(p) => Some(p.unchecked_into::<Object>()),
                None => {
                    return Err(wrong(
                        "extra",
                        "an object of plain JSON data (no BigInt, cycle or throwing getter)",
                    ))
                }
            }
        }
        Some(_) => return Err(wrong("extra", "a plain object of extra body fields")),
    };
    let extra_keys = extra
        .as_ref()
        .map(|o| {
            Object::keys(o)
                .iter()
                .filter_map(|k| k.as_string())
                .collect()
        })
        .unwrap_or_default();
    let raw = RawOptions {
        api_key: r.string("apiKey")?,
        prompt: r.string("prompt")?,
        image_url: r.string("imageUrl")?,
        model: r.string("model")?,
        aspect_ratio: r.string("aspectRatio")?,
        duration: r.number("duration")?,
        resolution: r.string("resolution")?,
        generate_audio: r.boolean("generateAudio")?,
        provider: r.string("provider")?,
        extra_keys,
        base_url: r.string("baseUrl")?,
        poll_interval_ms: r.number("pollIntervalMs")?,
        timeout_ms: r.number("timeoutMs")?,
        max_retries: r.number("maxRetries")?,
        id: r.string("id")?,
    };
    Ok(JsOptions {
        raw,
        signal,
        on_progress,
        extra,
    })
}
