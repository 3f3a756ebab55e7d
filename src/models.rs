//! The Veo 3.1 family as the vendor's OpenAPI files describe it (spec/api/): which fields each
//! model takes, which values, and its tier. A test reads the files and holds this table to them.

/// The model used when the options name none.
pub const DEFAULT_MODEL: &str = "google/veo-3.1-i2v";

/// How fast, and how dear, a model is: its schedule follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// The full models.
    Full,
    /// The `-fast` ones.
    Fast,
    /// The `lite` ones.
    Lite,
}

/// Whether a model takes a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Not a field of this model: refused.
    No,
    /// Taken when given.
    Optional,
    /// Must be given.
    Required,
}

/// One model of the family.
#[derive(Debug, PartialEq)]
pub struct Model {
    /// The id, as the API names it.
    pub id: &'static str,
    /// Its tier.
    pub tier: Tier,
    /// `image_url`, the first frame.
    pub image: Need,
    /// `last_image_url`, the last frame.
    pub last_image: Need,
    /// `image_urls`, reference images.
    pub images: Need,
    /// `video_url`, the video to extend.
    pub video: Need,
    /// `aspect_ratio`'s values; empty when the model has no such field.
    pub aspect_ratios: &'static [&'static str],
    /// `duration`'s values, in seconds (as text: messages list them, and a number is written to
    /// be compared).
    pub durations: &'static [&'static str],
    /// `resolution`'s values, spelled as the model wants them.
    pub resolutions: &'static [&'static str],
    /// Whether it takes `provider`.
    pub provider: bool,
    /// Whether it takes `seed`, `negative_prompt` and `enhance_prompt`.
    pub prompt_tuning: bool,
    /// Whether it takes `auto_fix`.
    pub auto_fix: bool,
    /// `person_generation`'s values; empty when the model has no such field.
    pub person_generation: &'static [&'static str],
}

const WIDE: &[&str] = &["16:9", "9:16"];
const SECONDS: &[&str] = &["4", "6", "8"];
const SIZES: &[&str] = &["720p", "1080p"];

/// An image-to-video-like model (the most common shape), to be adjusted.
const BASE: Model = Model {
    id: "",
    tier: Tier::Full,
    image: Need::Required,
    last_image: Need::No,
    images: Need::No,
    video: Need::No,
    aspect_ratios: WIDE,
    durations: SECONDS,
    resolutions: SIZES,
    provider: true,
    prompt_tuning: false,
    auto_fix: false,
    person_generation: &[],
};

const TEXT: Model = Model {
    image: Need::No,
    prompt_tuning: true,
    auto_fix: true,
    ..BASE
};

const FIRST_LAST: Model = Model {
    last_image: Need::Required,
    ..BASE
};

const EXTEND: Model = Model {
    image: Need::No,
    video: Need::Required,
    aspect_ratios: &["auto", "16:9", "9:16"],
    durations: &["7"],
    resolutions: &["720p"],
    auto_fix: true,
    ..BASE
};

const LITE: Model = Model {
    tier: Tier::Lite,
    image: Need::Optional,
    last_image: Need::Optional,
    ..BASE
};

/// The family, one entry per OpenAPI file of spec/api.
pub const MODELS: [Model; 11] = [
    Model {
        id: "google/veo-3.1-i2v",
        ..BASE
    },
    Model {
        id: "google/veo-3.1-i2v-fast",
        tier: Tier::Fast,
        ..BASE
    },
    Model {
        id: "google/veo-3.1-t2v",
        ..TEXT
    },
    Model {
        id: "google/veo-3.1-t2v-fast",
        tier: Tier::Fast,
        ..TEXT
    },
    Model {
        id: "google/veo-3.1-first-last-image-to-video",
        ..FIRST_LAST
    },
    Model {
        id: "google/veo-3.1-first-last-image-to-video-fast",
        tier: Tier::Fast,
        ..FIRST_LAST
    },
    Model {
        id: "google/veo-3.1-reference-to-video",
        image: Need::No,
        images: Need::Required,
        aspect_ratios: &[],
        durations: &["8"],
        ..BASE
    },
    Model {
        id: "google/veo3-1-extend-video",
        ..EXTEND
    },
    Model {
        id: "google/veo3-1-fast-extend-video",
        tier: Tier::Fast,
        ..EXTEND
    },
    // The one without the `google/` prefix: upper-case resolutions, `person_generation`, no
    // `provider`.
    Model {
        id: "veo-3.1-lite-generate-001",
        resolutions: &["720P", "1080P"],
        provider: false,
        person_generation: &["dont_allow", "allow_adult"],
        ..LITE
    },
    Model {
        id: "google/veo-3-1-lite-generate-preview",
        ..LITE
    },
];

/// The model a name or a generation id names: an id ends in `:<model>`.
pub fn named_by(name_or_id: &str) -> &str {
    match name_or_id.bytes().rposition(|b| b == b':') {
        Some(i) => name_or_id.get(i + 1..).unwrap_or(name_or_id),
        None => name_or_id,
    }
}

/// The model of this id, if it is one of the family.
pub fn find(id: &str) -> Option<&'static Model> {
    MODELS.iter().find(|m| m.id == id)
}
