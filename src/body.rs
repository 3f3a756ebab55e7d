//! The submit body from the caller's options, held to the model's row of the family's table
//! (`table.rs`): each field the model does not take, each one it needs, each value it does not know
//! is an `invalid_request` that names the model (the rule, one for every field: `fields::fit`). A
//! model outside the family passes its fields through, checked only for form.

use crate::check::{named, text};
use crate::error::Error;
use crate::models::{self, DEFAULT_MODEL};
use crate::table::{RawOptions, SubmitBody, WIRE_FIELDS};

/// Checks the options of a submit and makes its body.
pub fn submit_body(raw: &RawOptions) -> Result<SubmitBody, Error> {
    // The prompt first: without it nothing else matters.
    if text(&raw.prompt, "prompt")?.is_none() {
        return Err(Error::invalid(
            "prompt is required: describe the video to make",
        ));
    }
    let mut body = SubmitBody::checked(raw)?;
    let model = body.model.get_or_insert_with(|| DEFAULT_MODEL.to_owned());
    let model = models::find(model);
    if let Some(k) = raw
        .extra_keys
        .iter()
        .find(|k| WIRE_FIELDS.contains(&k.as_str()))
    {
        let mut m = named("extra must not set \"", k);
        m.push_str("\": use the option of its own instead");
        return Err(Error::invalid(m));
    }
    if let Some(model) = model {
        body.fit(model)?;
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::WIRE_FIELDS;
    use serde_json::json;
    // The same tests run natively and, compiled to wasm, in the browser (`npm test` does both).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const IMG: &str = "https://x/a.png";

    fn opts(model: &str) -> RawOptions {
        RawOptions {
            prompt: Some("p".into()),
            model: Some(model.into()),
            ..Default::default()
        }
    }

    fn refused(r: RawOptions, want: &str) {
        let e = submit_body(&r).unwrap_err();
        assert!(e.message.contains(want), "want {want:?} in {:?}", e.message);
    }

    #[test]
    fn each_model_takes_its_own_fields_and_names_itself_when_refusing() {
        let t2v = "google/veo-3.1-t2v";
        refused(
            RawOptions {
                image_url: Some(IMG.into()),
                ..opts(t2v)
            },
            "imageUrl is not an option of google/veo-3.1-t2v",
        );
        let b = submit_body(&RawOptions {
            seed: Some(7.0),
            negative_prompt: Some("blur".into()),
            enhance_prompt: Some(false),
            auto_fix: Some(true),
            ..opts(t2v)
        })
        .unwrap();
        assert_eq!((b.seed, b.enhance_prompt), (Some(7.0), Some(false)));
        refused(
            RawOptions {
                seed: Some(7.0),
                image_url: Some(IMG.into()),
                ..opts("google/veo-3.1-i2v")
            },
            "seed is not an option of google/veo-3.1-i2v",
        );
        let fl = "google/veo-3.1-first-last-image-to-video-fast";
        refused(
            RawOptions {
                image_url: Some(IMG.into()),
                ..opts(fl)
            },
            "google/veo-3.1-first-last-image-to-video-fast needs lastImageUrl: the last frame",
        );
        let r2v = "google/veo-3.1-reference-to-video";
        refused(opts(r2v), "needs imageUrls");
        let refs = || RawOptions {
            image_urls: Some(vec![IMG.into(), IMG.into()]),
            ..opts(r2v)
        };
        refused(
            RawOptions {
                duration: Some(4.0),
                ..refs()
            },
            "duration must be 8 for google/veo-3.1-reference-to-video, not 4",
        );
        refused(
            RawOptions {
                aspect_ratio: Some("16:9".into()),
                ..refs()
            },
            "aspectRatio is not an option of google/veo-3.1-reference-to-video",
        );
        refused(
            RawOptions {
                image_urls: Some(vec![]),
                ..opts(r2v)
            },
            "imageUrls must hold at least one image",
        );
        refused(
            RawOptions {
                image_urls: Some(vec!["ftp://x".into()]),
                ..opts(r2v)
            },
            "each of imageUrls must be",
        );
        let ext = "google/veo3-1-extend-video";
        let video = || RawOptions {
            video_url: Some("https://x/v.mp4".into()),
            ..opts(ext)
        };
        let b = submit_body(&RawOptions {
            aspect_ratio: Some("auto".into()),
            duration: Some(7.0),
            ..video()
        })
        .unwrap();
        assert_eq!(b.aspect_ratio.as_deref(), Some("auto"));
        refused(
            RawOptions {
                resolution: Some("1080p".into()),
                ..video()
            },
            "resolution must be 720p for google/veo3-1-extend-video",
        );
        refused(
            RawOptions {
                video_url: Some("data:image/png;base64,AA".into()),
                ..opts(ext)
            },
            "videoUrl holds a file that is not an MP4, QuickTime or WebM video",
        );
        refused(
            RawOptions {
                video_url: Some("ftp://x/y.mp4".into()),
                ..opts(ext)
            },
            "videoUrl must be an http(s):// URL with a host, or a data:video/",
        );
    }

    #[test]
    fn lite_001_spells_its_resolutions_in_capitals_and_has_no_provider() {
        let lite = "veo-3.1-lite-generate-001";
        let b = submit_body(&RawOptions {
            resolution: Some("720p".into()),
            person_generation: Some("dont_allow".into()),
            ..opts(lite)
        })
        .unwrap();
        assert_eq!(b.resolution.as_deref(), Some("720P"));
        assert_eq!(b.image_url, None, "text to video: no image needed");
        refused(
            RawOptions {
                provider: Some("fal".into()),
                ..opts(lite)
            },
            "provider is not an option of veo-3.1-lite-generate-001",
        );
        refused(
            RawOptions {
                person_generation: Some("all".into()),
                ..opts(lite)
            },
            "personGeneration must be dont_allow or allow_adult for veo-3.1-lite-generate-001",
        );
        refused(
            RawOptions {
                person_generation: Some("all".into()),
                image_url: Some(IMG.into()),
                ..opts("google/veo-3.1-i2v")
            },
            "personGeneration is not an option of google/veo-3.1-i2v",
        );
    }

    #[test]
    fn a_model_outside_the_family_passes_its_fields_through() {
        let b = submit_body(&RawOptions {
            duration: Some(5.0),
            resolution: Some("4k".into()),
            seed: Some(1.0),
            ..opts("acme/video-9")
        })
        .unwrap();
        assert_eq!((b.duration, b.resolution.as_deref()), (Some(5), Some("4k")));
        refused(
            RawOptions {
                seed: Some(0.5),
                ..opts("acme/video-9")
            },
            "seed must be a whole number",
        );
    }

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
        // Each field of the table, by its wire name, and nothing else. (That the wire names are
        // the API's: tests/models.rs, against the vendor's files.)
        let with_extra = |key: &str| RawOptions {
            image_url: Some(IMG.into()),
            extra_keys: vec![key.into()],
            ..opts("google/veo-3.1-i2v")
        };
        assert!(
            WIRE_FIELDS.contains(&"image_urls"),
            "wire names, not JS names"
        );
        for wire in WIRE_FIELDS {
            refused(with_extra(wire), &format!("extra must not set \"{wire}\""));
        }
        assert!(submit_body(&with_extra("fps")).is_ok());
    }
}
