//! What goes on the wire: the submit body, the two URLs, and the headers of each call.

/// The path of both calls, below `baseUrl`.
pub const PATH: &str = "/v2/video/generations";

/// The JSON body of `POST /v2/video/generations`: the fields of the Veo 3.1 family (see
/// `models.rs`). Unset options are not sent, so the server's own defaults apply.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SubmitBody {
    /// Model name.
    pub model: String,
    /// Text description of the video.
    pub prompt: String,
    /// `http(s)` or `data:image/...;base64,` URL of the first frame.
    pub image_url: Option<String>,
    /// The same, of the last frame.
    pub last_image_url: Option<String>,
    /// Reference images.
    pub image_urls: Option<Vec<String>>,
    /// `http(s)` or `data:video/...;base64,` URL of the video to extend.
    pub video_url: Option<String>,
    /// `16:9`, `9:16` (or `auto` for extend).
    pub aspect_ratio: Option<String>,
    /// Seconds of video.
    pub duration: Option<u32>,
    /// `720p` or `1080p` (`720P` or `1080P` for lite-001).
    pub resolution: Option<String>,
    /// Whether to generate a sound track.
    pub generate_audio: Option<bool>,
    /// Text-to-video: a seed for repeatable results.
    pub seed: Option<f64>,
    /// Text-to-video: what to keep out of the video.
    pub negative_prompt: Option<String>,
    /// Text-to-video: whether the prompt may be rewritten for better results.
    pub enhance_prompt: Option<bool>,
    /// Text-to-video and extend: whether a prompt the policy refuses may be fixed.
    pub auto_fix: Option<bool>,
    /// lite-001: `dont_allow` or `allow_adult`.
    pub person_generation: Option<String>,
    /// Provider routing override.
    pub provider: Option<String>,
}

crate::plain_object!(SubmitBody {
    "model": model,
    "prompt": prompt,
} if_set {
    "image_url": image_url,
    "last_image_url": last_image_url,
    "image_urls": image_urls,
    "video_url": video_url,
    "aspect_ratio": aspect_ratio,
    "duration": duration,
    "resolution": resolution,
    "generate_audio": generate_audio,
    "seed": seed,
    "negative_prompt": negative_prompt,
    "enhance_prompt": enhance_prompt,
    "auto_fix": auto_fix,
    "person_generation": person_generation,
    "provider": provider,
});

/// The wire names of the fields that have an option of their own; `extra` may not set them.
pub const TYPED_FIELDS: [&str; 16] = [
    "model",
    "prompt",
    "image_url",
    "last_image_url",
    "image_urls",
    "video_url",
    "aspect_ratio",
    "duration",
    "resolution",
    "generate_audio",
    "seed",
    "negative_prompt",
    "enhance_prompt",
    "auto_fix",
    "person_generation",
    "provider",
];

/// Where the calls go and with which key.
#[derive(Clone, PartialEq)]
pub struct Conn {
    /// `baseUrl` without a trailing slash.
    pub base_url: String,
    /// The bearer key; `None` when a proxy behind `baseUrl` adds it.
    pub api_key: Option<String>,
}

// Deliberately not derived: a Debug print must never show the key.
impl core::fmt::Debug for Conn {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Conn { base_url: ")?;
        f.write_str(&self.base_url)?;
        f.write_str(if self.api_key.is_some() {
            ", api_key: <set> }"
        } else {
            ", api_key: None }"
        })
    }
}

impl Conn {
    /// `POST` target.
    pub fn submit_url(&self) -> String {
        let mut u = self.base_url.clone();
        u.push_str(PATH);
        u
    }

    /// `GET` target for one generation, the id percent-encoded (real ids contain `:` and `/`).
    pub fn poll_url(&self, id: &str) -> String {
        let mut u = self.submit_url();
        u.push_str("?generation_id=");
        u.push_str(&encode_component(id));
        u
    }

    /// The `Authorization` header value, when there is a key.
    pub fn authorization(&self) -> Option<String> {
        self.api_key.as_ref().map(|k| {
            let mut v = String::from("Bearer ");
            v.push_str(k);
            v
        })
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters. Written here rather than taken
/// from the browser's `encodeURIComponent` so that the native tests cover the URL a poll sends.
pub fn encode_component(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, compiled to wasm, in the browser (`npm test` does both).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn conn() -> Conn {
        Conn {
            base_url: "https://api.aimlapi.com".into(),
            api_key: Some("k-123".into()),
        }
    }

    #[test]
    fn urls_follow_the_openapi_paths() {
        let c = conn();
        assert_eq!(
            c.submit_url(),
            "https://api.aimlapi.com/v2/video/generations"
        );
        assert_eq!(
            c.poll_url("dfb91aa0-6c60:google/veo-3.1-i2v"),
            "https://api.aimlapi.com/v2/video/generations?generation_id=dfb91aa0-6c60%3Agoogle%2Fveo-3.1-i2v"
        );
        assert_eq!(encode_component("a b&c=d?é"), "a%20b%26c%3Dd%3F%C3%A9");
    }

    #[test]
    fn debug_never_shows_the_key() {
        let s = format!("{:?}", conn());
        assert!(!s.contains("k-123"), "{s}");
    }

    #[test]
    fn unset_options_are_not_serialized() {
        let b = SubmitBody {
            model: "m".into(),
            prompt: "p".into(),
            image_url: Some("https://x/y.png".into()),
            duration: Some(6),
            generate_audio: Some(false),
            ..Default::default()
        };
        let v = serde_json::to_value(&b).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"model":"m","prompt":"p","image_url":"https://x/y.png","duration":6,"generate_audio":false})
        );
    }
}
