//! The core's [`Json`] over JS values, through `Reflect`: the one set of helpers by which the
//! module reads the caller's options and the server's answers. Nothing here lets a JS exception
//! run through the module: a getter or proxy that throws is an `Err`, an array is told apart by a
//! catching `Array.isArray` (a revoked proxy throws there), and a list is read from a JSON copy.

use crate::json::{Json, Threw};
use js_sys::{Array, JsString, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
    // Taking the JS string as it is: js-sys's `JSON::parse` takes a `&str`, which copies the text
    // into the module's memory and back out.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn parse(text: &JsString) -> Result<JsValue, JsValue>;
}

/// A copy of `v` as plain JSON data, made by a round trip in JS: no getter, proxy trap or
/// `toJSON` of the caller's can run later, inside the module. `None` when `v` has no JSON form
/// (a BigInt, a cycle, a getter that throws).
pub fn plain_copy(v: &JsValue) -> Option<JsValue> {
    parse(&JSON::stringify(v).ok()?).ok()
}

impl Json for JsValue {
    fn field(&self, name: &str) -> Result<Option<JsValue>, Threw> {
        if !self.is_object() {
            return Ok(None);
        }
        Reflect::get(self, &JsValue::from_str(name))
            .map(|v| Some(v).filter(|v| !v.is_undefined() && !v.is_null()))
            .map_err(|_| Threw)
    }
    fn string(&self) -> Option<String> {
        self.as_string()
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn is_record(&self) -> bool {
        // A revoked proxy throws here: an object all the same, whose fields then say they threw.
        self.is_object() && is_array(self) != Ok(true)
    }
    fn items(&self) -> Option<Vec<JsValue>> {
        Some(plain_copy(self)?.dyn_into::<Array>().ok()?.iter().collect())
    }
}
