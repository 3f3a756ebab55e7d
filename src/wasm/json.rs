//! The core's [`Json`] over JS values, through `Reflect`: the one set of helpers by which the
//! module reads the caller's options and the server's answers. Nothing here lets a JS exception
//! run through the module: a getter or proxy that throws is an `Err`, an array is told apart by a
//! catching `Array.isArray` (a revoked proxy throws there), and each item is read by a catching
//! `Reflect.get`. Nothing here does more work than its bounds allow, whatever it is given (a
//! list of ten million items, a string of hundreds of MB, an object of a million keys): it reads
//! only what it needs, and refuses what is larger before copying it.

use crate::json::{Json, Threw};
use js_sys::{JsString, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The most items of a list the module reads: the longest it takes is a page of 100 log rows.
pub const MAX_ITEMS: u32 = 1_000;
/// The longest string the module reads, and the most characters a copy (`plain_copy`) may hold:
/// 32 Mi, over twice a 10 MB image's data URL (14 M), and past any body the API takes.
pub const MAX_CHARS: u32 = 1 << 25;
/// The most values (each key, item and leaf counts) a copy may hold: `extra` and `headers` are a
/// few fields.
pub const MAX_VALUES: u32 = 10_000;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
    // Taking the JS string as it is: js-sys's `JSON::parse` takes a `&str`, which copies the text
    // into the module's memory and back out.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn parse(text: &JsString) -> Result<JsValue, JsValue>;
    // With a replacer that counts what it is shown, and throws past the bounds: the copy stops
    // there, instead of after the whole input.
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn stringify(
        v: &JsValue,
        replacer: &mut dyn FnMut(JsValue, JsValue) -> Result<JsValue, JsValue>,
    ) -> Result<JsString, JsValue>;
}

/// A string's length in UTF-16 units, read without copying it; 0 for any other value.
pub fn chars(v: &JsValue) -> u32 {
    v.dyn_ref::<JsString>().map_or(0, JsString::length)
}

/// A copy of `v` as plain JSON data, made by a round trip in JS: no getter, proxy trap or
/// `toJSON` of the caller's can run later, inside the module. `None` when `v` has no JSON form
/// (a BigInt, a cycle, a getter that throws), or holds more than [`MAX_VALUES`] values or
/// [`MAX_CHARS`] characters: the round trip stops at the first value past them.
pub fn plain_copy(v: &JsValue) -> Option<JsValue> {
    let (mut values, mut total) = (0u32, 0u32);
    let mut count = |key: JsValue, value: JsValue| {
        values += 1;
        total = total
            .saturating_add(chars(&key))
            .saturating_add(chars(&value));
        match values <= MAX_VALUES && total <= MAX_CHARS {
            true => Ok(value),
            false => Err(JsValue::UNDEFINED),
        }
    };
    parse(&stringify(v, &mut count).ok()?).ok()
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
        // Measured before it is copied into the module's memory.
        (chars(self) <= MAX_CHARS).then(|| self.as_string())?
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
        // The length first (a proxy's may say a billion), then each item, and nothing else.
        let n = length(self)?;
        (0..n).map(|i| Reflect::get_u32(self, i).ok()).collect()
    }
}

/// The length of an array of at most [`MAX_ITEMS`] items; `None` for any other value.
pub fn length(v: &JsValue) -> Option<u32> {
    if is_array(v) != Ok(true) {
        return None;
    }
    let n = Reflect::get(v, &JsValue::from_str("length"))
        .ok()?
        .as_f64()?;
    (n <= MAX_ITEMS.into()).then_some(n as u32)
}

/// Whether `v` is a list or a string longer than the module reads.
pub fn too_long(v: &JsValue) -> bool {
    chars(v) > MAX_CHARS || (is_array(v) == Ok(true) && length(v).is_none())
}
