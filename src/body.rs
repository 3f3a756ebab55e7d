//! The submit body from the caller's options, checked against the model's row of the family's
//! table (`models.rs`): each field the model does not take, each one it needs, each value it does
//! not know is an `invalid_request` that names the model. A model outside the family passes its
//! fields through, checked only for form.

use crate::check::{named, text};
use crate::error::{push_num, Error};
use crate::fields::{RawOptions, SubmitBody, WIRE_FIELDS};
use crate::models::{self, Model, Need, DEFAULT_MODEL};

/// "`name` is not an option of `model`", or "`model` needs `name`: `what`".
fn check_need(need: Need, given: bool, name: &str, what: &str, model: &Model) -> Result<(), Error> {
    match (need, given) {
        (Need::No, true) => {
            let mut m = named(name, " is not an option of ");
            m.push_str(model.id);
            Err(Error::invalid(m))
        }
        (Need::Required, false) => {
            let mut m = String::from(model.id);
            m.push_str(" needs ");
            m.push_str(name);
            m.push_str(": ");
            m.push_str(what);
            Err(Error::invalid(m))
        }
        _ => Ok(()),
    }
}

/// `value` must be one of `allowed` for `model` (matched in any case, sent as the model spells it).
fn pick(
    value: Option<String>,
    allowed: &[&'static str],
    name: &str,
    model: &Model,
) -> Result<Option<String>, Error> {
    let Some(v) = value else { return Ok(None) };
    if allowed.is_empty() {
        return check_need(Need::No, true, name, "", model).map(|_| None);
    }
    match allowed.iter().find(|a| a.eq_ignore_ascii_case(&v)) {
        Some(a) => Ok(Some((*a).to_owned())),
        None => {
            let mut m = named(name, " must be ");
            list(&mut m, allowed);
            m.push_str(" for ");
            m.push_str(model.id);
            Err(Error::invalid(m))
        }
    }
}

/// "a, b or c".
fn list(m: &mut String, items: &[&str]) {
    let n = items.len();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            m.push_str(if i + 1 == n { " or " } else { ", " });
        }
        m.push_str(item);
    }
}

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
        fit(&mut body, model)?;
    }
    Ok(body)
}

/// Holds `body` to `model`'s row of the table.
fn fit(body: &mut SubmitBody, model: &Model) -> Result<(), Error> {
    let b = &*body;
    let flag = |on: bool| if on { Need::Optional } else { Need::No };
    let tuning = flag(model.prompt_tuning);
    for (need, given, name, what) in [
        (
            model.image,
            b.image_url.is_some(),
            "imageUrl",
            "the image to animate",
        ),
        (
            model.last_image,
            b.last_image_url.is_some(),
            "lastImageUrl",
            "the last frame",
        ),
        (
            model.images,
            b.image_urls.is_some(),
            "imageUrls",
            "the reference images",
        ),
        (
            model.video,
            b.video_url.is_some(),
            "videoUrl",
            "the video to extend",
        ),
        (tuning, b.seed.is_some(), "seed", ""),
        (tuning, b.negative_prompt.is_some(), "negativePrompt", ""),
        (tuning, b.enhance_prompt.is_some(), "enhancePrompt", ""),
        (flag(model.auto_fix), b.auto_fix.is_some(), "autoFix", ""),
        (flag(model.provider), b.provider.is_some(), "provider", ""),
    ] {
        check_need(need, given, name, what, model)?;
    }
    body.aspect_ratio = pick(
        body.aspect_ratio.take(),
        model.aspect_ratios,
        "aspectRatio",
        model,
    )?;
    body.resolution = pick(
        body.resolution.take(),
        model.resolutions,
        "resolution",
        model,
    )?;
    body.person_generation = pick(
        body.person_generation.take(),
        model.person_generation,
        "personGeneration",
        model,
    )?;
    if let Some(d) = body.duration {
        let mut seconds = String::new();
        push_num(&mut seconds, d.into());
        if !model.durations.contains(&seconds.as_str()) {
            let mut m = String::from("duration must be ");
            list(&mut m, model.durations);
            m.push_str(" for ");
            m.push_str(model.id);
            m.push_str(", not ");
            m.push_str(&seconds);
            return Err(Error::invalid(m));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn lists_read_as_prose() {
        let mut m = String::new();
        list(&mut m, &["a", "b", "c"]);
        assert_eq!(m, "a, b or c");
    }
}
