//! Plain JS objects for what the library hands out (results, progress events, the submit body),
//! built field by field with `Reflect`.

use crate::job::Progress;
use crate::request::SubmitBody;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// A plain object under construction.
pub struct Obj(Object);

impl Obj {
    pub fn new() -> Obj {
        Obj(Object::new())
    }

    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Obj {
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value.into());
        self
    }

    /// Sets `key` when `value` is there; leaves it out otherwise.
    pub fn some<T: Into<JsValue>>(self, key: &str, value: Option<T>) -> Obj {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    /// Sets `key` to `value`, or to `null`.
    pub fn or_null<T: Into<JsValue>>(self, key: &str, value: Option<T>) -> Obj {
        let v = value.map_or(JsValue::NULL, Into::into);
        self.set(key, v)
    }

    pub fn done(self) -> JsValue {
        self.0.into()
    }
}

/// An `onProgress` event.
pub fn progress(p: &Progress) -> JsValue {
    Obj::new()
        .set("type", p.kind)
        .or_null("id", p.id.as_deref())
        .or_null("status", p.status.as_deref())
        .set("elapsedMs", p.elapsed_ms)
        .set("polls", p.polls)
        .some("attempt", p.attempt)
        .some("retryInMs", p.retry_in_ms)
        .some("errorCode", p.error_code)
        .some("message", p.message.as_deref())
        .done()
}

/// The submit body, in wire order; unset options are left out.
pub fn submit_body(b: &SubmitBody) -> JsValue {
    Obj::new()
        .set("model", b.model.as_str())
        .set("prompt", b.prompt.as_str())
        .set("image_url", b.image_url.as_str())
        .some("aspect_ratio", b.aspect_ratio.as_deref())
        .some("duration", b.duration)
        .some("resolution", b.resolution.as_deref())
        .some("generate_audio", b.generate_audio)
        .some("provider", b.provider.as_deref())
        .done()
}

/// `VideoResult`.
pub fn video_result(f: &crate::job::Finished, raw: JsValue) -> JsValue {
    Obj::new()
        .set("id", f.id.as_str())
        .set("status", "completed")
        .set("videoUrl", f.video_url.as_str())
        .or_null("creditsUsed", f.credits_used)
        .set("elapsedMs", f.elapsed_ms)
        .set("polls", f.polls)
        .set("raw", raw)
        .done()
}

/// `Submitted`.
pub fn submitted(id: &str, status: &str, raw: JsValue) -> JsValue {
    Obj::new()
        .set("id", id)
        .set("status", status)
        .set("raw", raw)
        .done()
}
