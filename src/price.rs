//! What a price is asked for: a request's model and the fields a price may depend on, as text, with
//! the API's defaults for those left out (`estimateCost`, and a submit's `maxUsd`). The price list
//! itself is read and matched in plain JavaScript (js/price.js): docs/ARCHITECTURE.md, "Money".

use crate::check::{seconds, text};
use crate::error::{push_num, Error};
use crate::fields::fit;
use crate::models::{self, Field, DEFAULT_MODEL};
use crate::request::Conn;
use crate::table::RawOptions;

/// The options of `estimateCost`, checked as a submit's are (the model's own values): where the
/// price list is, and the request to price.
pub fn ask_of(raw: &RawOptions) -> Result<(Conn, Ask), Error> {
    let conn = crate::options::public_conn(raw)?;
    let model = text(&raw.model, "model")?.unwrap_or_else(|| DEFAULT_MODEL.to_owned());
    let mut duration = seconds(&raw.duration, "duration")?;
    let mut resolution = text(&raw.resolution, "resolution")?;
    let mut audio = raw.generate_audio;
    if let Some(m) = models::find(&model) {
        fit(&mut duration, m.take(Field::Duration), "duration", "", m.id)?;
        fit(
            &mut resolution,
            m.take(Field::Resolution),
            "resolution",
            "",
            m.id,
        )?;
        fit(
            &mut audio,
            m.take(Field::GenerateAudio),
            "generateAudio",
            "",
            m.id,
        )?;
    }
    let ask = Ask::new(&model, duration, resolution.as_deref(), audio);
    Ok((conn, ask))
}

/// A request to price: its model, and its fields as text by their wire names (the caller's, then
/// the model's defaults for the rest).
#[derive(Clone, Debug, PartialEq)]
pub struct Ask {
    /// The model's id.
    pub model: String,
    /// `(wire name, value as text)`.
    pub fields: Vec<(&'static str, String)>,
}

impl Ask {
    /// The request of `model` with these values (`None`: left out).
    pub fn new(
        model: &str,
        duration: Option<u32>,
        resolution: Option<&str>,
        generate_audio: Option<bool>,
    ) -> Ask {
        let mut fields = Vec::new();
        let mut put = |f: Field, wire: &'static str, v: Option<String>| {
            // Left out: the API's default; a field with one allowed value has that one.
            let v = v.or_else(|| {
                let m = models::find(model)?;
                m.default(f)
                    .map(str::to_owned)
                    .or_else(|| match m.take(f).1 {
                        [one] => Some((*one).to_owned()),
                        _ => None,
                    })
            });
            if let Some(v) = v {
                fields.push((wire, v));
            }
        };
        put(
            Field::Duration,
            "duration",
            duration.map(|d| {
                let mut s = String::new();
                push_num(&mut s, d.into());
                s
            }),
        );
        put(
            Field::Resolution,
            "resolution",
            resolution.map(str::to_owned),
        );
        put(
            Field::GenerateAudio,
            "generate_audio",
            generate_audio.map(|b| if b { "true" } else { "false" }.to_owned()),
        );
        Ask {
            model: model.to_owned(),
            fields,
        }
    }

    /// The value of the field `wire`, if the request has one.
    pub fn get(&self, wire: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.0 == wire)
            .map(|f| f.1.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn what_is_left_out_is_the_models_default_and_a_fixed_length_fills_itself() {
        let i2v = Ask::new("google/veo-3.1-i2v", Some(4), None, Some(false));
        let want = [
            ("duration", "4"),
            ("resolution", "1080p"),
            ("generate_audio", "false"),
        ];
        assert_eq!(i2v.fields, want.map(|(k, v)| (k, v.to_owned())));
        // A model outside the family has no defaults.
        assert!(Ask::new("vendor/other", None, None, None).fields.is_empty());
        // The extend models make 7 s at 720p, whatever is left out.
        let ext = Ask::new("google/veo3-1-extend-video", None, None, None);
        assert_eq!(ext.get("duration"), Some("7"));
        assert_eq!(ext.get("resolution"), Some("720p"));
        // The reference model takes only 8 s, and its file says no default: its one value.
        let r = Ask::new("google/veo-3.1-reference-to-video", None, None, None);
        assert_eq!(r.get("duration"), Some("8"));
    }

    #[test]
    fn the_options_of_an_estimate_are_held_to_the_models_values() {
        let raw = |model: &str, d: f64| RawOptions {
            model: Some(model.into()),
            duration: Some(d),
            ..Default::default()
        };
        let (conn, ask) = ask_of(&raw("google/veo-3.1-i2v", 6.0)).unwrap();
        assert_eq!(
            (conn.base_url.as_str(), conn.api_key),
            ("https://api.aimlapi.com", None)
        );
        assert_eq!(ask.get("duration"), Some("6"));
        let e = ask_of(&raw("google/veo-3.1-i2v", 5.0)).unwrap_err();
        assert!(e.message.contains("duration must be"), "{}", e.message);
        // Lite-001 spells its resolutions in capitals: the estimate asks as the submit would.
        let lite = RawOptions {
            model: Some("veo-3.1-lite-generate-001".into()),
            resolution: Some("1080p".into()),
            ..Default::default()
        };
        assert_eq!(ask_of(&lite).unwrap().1.get("resolution"), Some("1080P"));
    }
}
