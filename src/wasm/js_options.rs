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

/// Reads fields one after another and remembers the first one of the wrong type, rather than
/// returning early from each: one exit instead of fifteen keeps the module smaller.
struct Reader<'a> {
    obj: &'a JsValue,
    wrong: Option<(&'static str, &'static str)>,
}

impl Reader<'_> {
    /// `undefined` and `null` both mean "not set"; a getter that throws is a wrong type.
    fn get(&mut self, name: &'static str) -> Option<JsValue> {
        match Reflect::get(self.obj, &JsValue::from_str(name)) {
            Ok(v) => Some(v).filter(|v| !v.is_undefined() && !v.is_null()),
            Err(_) => {
                self.wrong
                    .get_or_insert((name, "readable (reading it threw)"));
                None
            }
        }
    }

    fn typed<T>(
        &mut self,
        name: &'static str,
        what: &'static str,
        cast: impl Fn(&JsValue) -> Option<T>,
    ) -> Option<T> {
        let v = self.get(name)?;
        let t = cast(&v);
        if t.is_none() && self.wrong.is_none() {
            self.wrong = Some((name, what));
        }
        t
    }

    fn string(&mut self, name: &'static str) -> Option<String> {
        self.typed(name, "a string", JsValue::as_string)
    }

    fn number(&mut self, name: &'static str) -> Option<f64> {
        self.typed(name, "a number", JsValue::as_f64)
    }
}

/// Reads `value`, which must be an object.
pub fn read(value: &JsValue) -> Result<JsOptions, Error> {
    if !value.is_object() {
        return Err(Error::invalid(
            "options must be an object, like { apiKey, prompt, imageUrl }",
        ));
    }
    let mut r = Reader {
        obj: value,
        wrong: None,
    };
    // A real signal says `aborted` without throwing (a fake of its prototype does not).
    let signal = r.typed("signal", "an AbortSignal", |v| {
        v.clone().dyn_into::<AbortSignal>().ok().filter(|s| {
            Reflect::get(s, &JsValue::from_str("aborted")).is_ok_and(|a| a.as_bool().is_some())
        })
    });
    let on_progress = r.typed("onProgress", "a function", |v| {
        v.clone().dyn_into::<Function>().ok()
    });
    // A JSON round trip leaves plain data: no getter, proxy trap or toJSON can throw later,
    // inside the module, where a JS exception would leave it in a bad state.
    let extra = r.typed(
        "extra",
        "an object of plain JSON data (no BigInt, cycle or throwing getter)",
        |v| {
            // No Array.isArray on `v` itself: it throws for a revoked Proxy. The copy is checked.
            if !v.is_object() || v.is_function() {
                return None;
            }
            js_sys::JSON::stringify(v)
                .ok()
                .and_then(|s| js_sys::JSON::parse(&String::from(s)).ok())
                .filter(|p| p.is_object() && !js_sys::Array::is_array(p))
                .map(JsCast::unchecked_into::<Object>)
        },
    );
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
        api_key: r.string("apiKey"),
        prompt: r.string("prompt"),
        image_url: r.string("imageUrl"),
        last_image_url: r.string("lastImageUrl"),
        // Read from a JSON copy, as `extra` is: no proxy or getter of the caller's runs later.
        image_urls: r.typed("imageUrls", "a list of image URLs", |v| {
            let copy = js_sys::JSON::stringify(v).ok()?.as_string()?;
            let list = js_sys::JSON::parse(&copy)
                .ok()?
                .dyn_into::<js_sys::Array>()
                .ok()?;
            list.iter().map(|u| u.as_string()).collect()
        }),
        video_url: r.string("videoUrl"),
        seed: r.number("seed"),
        negative_prompt: r.string("negativePrompt"),
        enhance_prompt: r.typed("enhancePrompt", "true or false", JsValue::as_bool),
        auto_fix: r.typed("autoFix", "true or false", JsValue::as_bool),
        person_generation: r.string("personGeneration"),
        model: r.string("model"),
        aspect_ratio: r.string("aspectRatio"),
        duration: r.number("duration"),
        resolution: r.string("resolution"),
        generate_audio: r.typed("generateAudio", "true or false", JsValue::as_bool),
        provider: r.string("provider"),
        extra_keys,
        base_url: r.string("baseUrl"),
        poll_interval_ms: r.number("pollIntervalMs"),
        timeout_ms: r.number("timeoutMs"),
        max_retries: r.number("maxRetries"),
        id: r.string("id"),
        submitted_at: r.number("submittedAt"),
    };
    if let Some((name, what)) = r.wrong {
        return Err(wrong(name, what));
    }
    Ok(JsOptions {
        raw,
        signal,
        on_progress,
        extra,
    })
}
