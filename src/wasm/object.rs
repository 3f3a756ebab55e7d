//! Plain JS objects: the core's outgoing objects ([`Entries`]) set entry by entry, and the one
//! `get` and `set` through `Reflect` that the boundary uses beside the [`Json`](crate::json::Json) reader.

use crate::object::{Entries, Value};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// A plain object with `e`'s entries, in order.
pub fn to_js(e: &dyn Entries) -> Object {
    let o = Object::new();
    e.entries(&mut |k, v| set(&o, k, &value(v)));
    o
}

/// Sets `o[k]`. On an object made here this cannot throw.
pub fn set(o: &JsValue, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// `o[k]`, or `None` when reading it throws (a getter, a revoked `Proxy`).
pub fn get(o: &JsValue, k: &str) -> Option<JsValue> {
    Reflect::get(o, &JsValue::from_str(k)).ok()
}

fn value(v: Value<'_>) -> JsValue {
    match v {
        Value::Str(s) => JsValue::from_str(s),
        Value::Int(n) => JsValue::from(n),
        Value::Num(n) => JsValue::from_f64(n),
        Value::Bool(b) => JsValue::from_bool(b),
        Value::Strs(list) => list
            .iter()
            .map(|s| JsValue::from_str(s))
            .collect::<Array>()
            .into(),
        Value::Null => JsValue::NULL,
    }
}
