//! `askPrice`: what the price list is asked for, checked by the core, for js/price.js (which reads
//! the list and matches it): `estimateCost`'s options, or a submit's with `maxUsd`.

use super::js_error;
use super::js_options::read;
use super::learned;
use super::object::set;
use crate::options::{check, Checked, Mode, What};
use crate::price::{ask_of, Ask};
use crate::time::Date;
use js_sys::Object;
use wasm_bindgen::prelude::*;

/// `{ baseUrl, model, fields, maxUsd }` for `options`: an estimate's (`submit` false), or a
/// submit's, every option checked as the submit will be (`null` when it sets no `maxUsd`).
#[wasm_bindgen(js_name = askPrice, skip_typescript)]
pub fn ask_price(options: JsValue, submit: bool) -> Result<JsValue, JsValue> {
    let to_js = |e: &crate::Error| js_error::to_js(e);
    let o = read(&options).map_err(|e| to_js(&e))?;
    if !submit {
        let (conn, ask) = ask_of(&o.raw).map_err(|e| to_js(&e))?;
        return Ok(object(&conn.base_url, &ask, None));
    }
    let today = Date(js_sys::Date::now());
    let checked = learned::with(|l| check(Mode::Create, &o.raw, l, today, [0; 16]));
    let Checked { conn, what } = checked.map_err(|e| to_js(&e))?;
    Ok(match what {
        What::Submit {
            body,
            max_usd: Some(max),
            ..
        } => {
            let model = body.model.as_deref().unwrap_or_default();
            let ask = Ask::new(
                model,
                body.duration,
                body.resolution.as_deref(),
                body.generate_audio,
            );
            object(&conn.base_url, &ask, Some(max))
        }
        _ => JsValue::NULL,
    })
}

fn object(base_url: &str, ask: &Ask, max_usd: Option<f64>) -> JsValue {
    let fields = Object::new();
    for (wire, value) in &ask.fields {
        set(&fields, wire, &JsValue::from_str(value));
    }
    let o = Object::new();
    set(&o, "baseUrl", &JsValue::from_str(base_url));
    set(&o, "model", &JsValue::from_str(&ask.model));
    set(&o, "fields", &fields);
    set(
        &o,
        "maxUsd",
        &max_usd.map_or(JsValue::NULL, JsValue::from_f64),
    );
    o.into()
}
