//! The one table of the options: each option's JS name, its type, and for the fields of the submit
//! body their wire name and the check that makes their value. The options record
//! ([`RawOptions`]), its reader, the submit body ([`SubmitBody`]) and the fields that `extra` may
//! not set ([`WIRE_FIELDS`]) are all made from it, so a field is added or renamed in one line.

use crate::check::{given, image, images, must_be, seconds, text, video, whole};
use crate::error::Error;
use crate::json::Json;

macro_rules! fields {
    (
        body { $($b:ident: $braw:ty => $bout:ty, $bjs:literal, $wire:literal, $check:ident;)* }
        call { $($c:ident: $craw:ty, $cjs:literal;)* }
    ) => {
        /// The options as the caller gave them, type-checked (a string is a string) but not yet
        /// checked for sense. Not `Debug`: it holds the key.
        #[derive(Clone, Default)]
        pub struct RawOptions {
            $(#[doc = concat!("`", $bjs, "`")] pub $b: Option<$braw>,)*
            $(#[doc = concat!("`", $cjs, "`")] pub $c: Option<$craw>,)*
            /// The keys of `extra`.
            pub extra_keys: Vec<String>,
            /// The `headers` option's names and values, in order (the boundary reads them, as it
            /// reads `extra`).
            pub headers: Vec<(String, String)>,
        }

        impl RawOptions {
            /// Reads the fields of `options`, which must be an object. `extra_keys` and `headers`
            /// are left empty: they are the boundary's to read.
            pub fn read<J: Json>(options: J) -> Result<RawOptions, Error> {
                if !options.is_record() {
                    return Err(Error::invalid(
                        "options must be an object, like { apiKey, prompt, imageUrl }",
                    ));
                }
                let mut r = Reader { options: &options, wrong: None };
                let raw = RawOptions {
                    $($b: r.get($bjs),)*
                    $($c: r.get($cjs),)*
                    extra_keys: Vec::new(),
                    headers: Vec::new(),
                };
                match r.wrong {
                    None => Ok(raw),
                    Some((name, what)) => Err(must_be(name, what)),
                }
            }
        }

        /// The JSON body of `POST /v2/video/generations`, each field checked by its own rule (the
        /// model's rules follow, in `body.rs`). Unset fields are not sent, so the server's
        /// defaults apply; `model` and `prompt` are always set.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct SubmitBody {
            $(#[doc = concat!("`", $wire, "`, from `", $bjs, "`")] pub $b: Option<$bout>,)*
        }

        crate::object::plain_object!(SubmitBody {} if_set { $($wire: $b,)* });

        impl SubmitBody {
            /// Each field of `raw` checked by its own rule.
            pub(crate) fn checked(raw: &RawOptions) -> Result<SubmitBody, Error> {
                Ok(SubmitBody { $($b: $check(&raw.$b, $bjs)?,)* })
            }
        }

        /// The wire names of the fields that have an option of their own: `extra` may not set them.
        pub const WIRE_FIELDS: &[&str] = &[$($wire),*];

        /// Each option of the body as the table says it: JS name, wire name, and the name of its
        /// check (for the tests that hold the JavaScript to the table).
        pub const BODY_OPTIONS: &[(&str, &str, &str)] = &[$(($bjs, $wire, stringify!($check))),*];

        /// The JS names of the options of the call itself (not of the body).
        pub const CALL_OPTIONS: &[&str] = &[$($cjs),*];
    };
}

fields! {
    body {
        model: String => String, "model", "model", text;
        prompt: String => String, "prompt", "prompt", text;
        image_url: String => String, "imageUrl", "image_url", image;
        last_image_url: String => String, "lastImageUrl", "last_image_url", image;
        image_urls: Vec<String> => Vec<String>, "imageUrls", "image_urls", images;
        video_url: String => String, "videoUrl", "video_url", video;
        aspect_ratio: String => String, "aspectRatio", "aspect_ratio", text;
        duration: f64 => u32, "duration", "duration", seconds;
        resolution: String => String, "resolution", "resolution", text;
        generate_audio: bool => bool, "generateAudio", "generate_audio", given;
        seed: f64 => f64, "seed", "seed", whole;
        negative_prompt: String => String, "negativePrompt", "negative_prompt", text;
        enhance_prompt: bool => bool, "enhancePrompt", "enhance_prompt", given;
        auto_fix: bool => bool, "autoFix", "auto_fix", given;
        person_generation: String => String, "personGeneration", "person_generation", text;
        provider: String => String, "provider", "provider", text;
    }
    call {
        api_key: String, "apiKey";
        base_url: String, "baseUrl";
        poll_interval_ms: f64, "pollIntervalMs";
        timeout_ms: f64, "timeoutMs";
        max_retries: f64, "maxRetries";
        id: String, "id";
        submitted_at: f64, "submittedAt";
        learn: bool, "learn";
    }
}

/// A type an option can have, read from a JSON-like value.
trait Kind: Sized {
    /// What a value of the wrong type is told it must be.
    const WHAT: &'static str;
    fn from_json<J: Json>(v: &J) -> Option<Self>;
}

impl Kind for String {
    const WHAT: &'static str = "a string";
    fn from_json<J: Json>(v: &J) -> Option<Self> {
        v.string()
    }
}

impl Kind for f64 {
    const WHAT: &'static str = "a number";
    fn from_json<J: Json>(v: &J) -> Option<Self> {
        v.number()
    }
}

impl Kind for bool {
    const WHAT: &'static str = "true or false";
    fn from_json<J: Json>(v: &J) -> Option<Self> {
        v.boolean()
    }
}

impl Kind for Vec<String> {
    const WHAT: &'static str = "a list of image URLs";
    fn from_json<J: Json>(v: &J) -> Option<Self> {
        v.items()?.iter().map(Json::string).collect()
    }
}

/// Reads fields one after another and remembers the first one of the wrong type, rather than
/// returning early from each: one exit instead of twenty keeps the module smaller.
struct Reader<'a, J> {
    options: &'a J,
    wrong: Option<(&'static str, &'static str)>,
}

impl<J: Json> Reader<'_, J> {
    fn get<T: Kind>(&mut self, name: &'static str) -> Option<T> {
        let value = match self.options.field(name) {
            Ok(v) => v?,
            Err(_) => {
                self.wrong
                    .get_or_insert((name, "readable (reading it threw)"));
                return None;
            }
        };
        let t = T::from_json(&value);
        if t.is_none() {
            self.wrong.get_or_insert((name, T::WHAT));
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, compiled to wasm, in the browser (`npm test` does both).
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn each_field_is_read_by_its_js_name_and_type() {
        let v = json!({
            "apiKey": "k", "prompt": "p", "imageUrls": ["a", "b"], "duration": 6,
            "generateAudio": false, "timeoutMs": 1000, "model": null, "unknown": 1,
        });
        let r = RawOptions::read(&v).unwrap();
        assert_eq!(r.api_key.as_deref(), Some("k"));
        assert_eq!(r.image_urls, Some(vec!["a".into(), "b".into()]));
        assert_eq!((r.duration, r.generate_audio), (Some(6.0), Some(false)));
        assert_eq!((r.timeout_ms, r.model), (Some(1000.0), None));
    }

    #[test]
    fn the_first_field_of_a_wrong_type_is_named() {
        for (v, want) in [
            (json!({"duration": "6"}), "duration must be a number"),
            (
                json!({"enhancePrompt": 1, "prompt": 2}),
                "prompt must be a string",
            ),
            (
                json!({"imageUrls": "https://x/a.png"}),
                "imageUrls must be a list of image URLs",
            ),
            (
                json!({"imageUrls": [1]}),
                "imageUrls must be a list of image URLs",
            ),
            (json!({"autoFix": "yes"}), "autoFix must be true or false"),
            (json!([]), "options must be an object"),
            (json!("x"), "options must be an object"),
        ] {
            let e = RawOptions::read(&v).err().expect("refused");
            assert!(e.message.contains(want), "want {want:?} in {:?}", e.message);
        }
    }

    #[test]
    fn extra_may_set_no_field_of_the_table() {
        // Every wire name is in the list, and no JS name is spelled as a wire name by mistake.
        assert_eq!(WIRE_FIELDS.len(), 16);
        assert!(WIRE_FIELDS.contains(&"image_urls") && WIRE_FIELDS.contains(&"provider"));
    }
}
