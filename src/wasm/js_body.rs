//! Reads a parsed JSON body into the core's [`WireBody`] through `Reflect`, with the same rules as
//! its serde derive on the native side (missing or `null` is "not set", a wrong type is a shape
//! error, unknown fields are ignored). Not serde-wasm-bindgen's deserializer: its error messages
//! link Rust's float formatting, which was most of the module's size.

use crate::response::{Message, WireBody, WireGenError, WireMeta, WireUsage, WireVideo};
use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

/// `Err(())` means "not the documented shape".
type Read<T> = Result<Option<T>, ()>;

fn field(v: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(v, &JsValue::from_str(name))
        .ok()
        .filter(|x| !x.is_undefined() && !x.is_null())
}

fn object(v: &JsValue) -> bool {
    v.is_object() && !Array::is_array(v)
}

fn string(v: &JsValue, name: &str) -> Read<String> {
    field(v, name).map(|x| x.as_string().ok_or(())).transpose()
}

fn number(v: &JsValue, name: &str) -> Read<f64> {
    field(v, name).map(|x| x.as_f64().ok_or(())).transpose()
}

fn nested<T>(v: &JsValue, name: &str, read: impl Fn(&JsValue) -> Result<T, ()>) -> Read<T> {
    field(v, name)
        .map(|x| if object(&x) { read(&x) } else { Err(()) })
        .transpose()
}

/// The body as a [`WireBody`], or `None` when it is not of the documented shape.
pub fn read_body(v: &JsValue) -> Option<WireBody> {
    if !object(v) {
        return None;
    }
    let gen_error = match field(v, "error") {
        None => None,
        Some(e) if e.is_string() => e.as_string().map(WireGenError::Text),
        Some(e) if object(&e) => Some(WireGenError::Object {
            name: string(&e, "name").ok()?,
            message: string(&e, "message").ok()?,
        }),
        Some(_) => return None,
    };
    let message = match field(v, "message") {
        None => None,
        Some(m) if m.is_string() => m.as_string().map(Message::One),
        Some(m) if Array::is_array(&m) => Some(Message::Many(
            Array::from(&m)
                .iter()
                .map(|x| x.as_string())
                .collect::<Option<_>>()?,
        )),
        Some(_) => return None,
    };
    Some(WireBody {
        id: string(v, "id").ok()?,
        status: string(v, "status").ok()?,
        video: nested(v, "video", |x| {
            Ok(WireVideo {
                url: string(x, "url")?,
            })
        })
        .ok()?,
        error: gen_error,
        meta: nested(v, "meta", |m| {
            Ok(WireMeta {
                usage: nested(m, "usage", |u| {
                    Ok(WireUsage {
                        credits_used: number(u, "credits_used")?,
                    })
                })?,
            })
        })
        .ok()?,
        message,
        request_id: string(v, "requestId").ok()?,
    })
}
