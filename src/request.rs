//! Where the calls go: the two URLs and the key's header (the submit body is `fields.rs`'s).

/// The path of both calls, below `baseUrl`.
pub const PATH: &str = "/v2/video/generations";

/// Where the calls go and with which key.
#[derive(Clone, PartialEq)]
pub struct Conn {
    /// `baseUrl` without a trailing slash.
    pub base_url: String,
    /// The bearer key; `None` when a proxy behind `baseUrl` adds it.
    pub api_key: Option<String>,
    /// The caller's own headers (`headers`), checked: sent with every request, before the
    /// package's own, which they never name.
    pub headers: Vec<(String, String)>,
}

// Deliberately not derived: a Debug print must never show the key.
impl core::fmt::Debug for Conn {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Conn { base_url: ")?;
        f.write_str(&self.base_url)?;
        f.write_str(if self.api_key.is_some() {
            ", api_key: <set>"
        } else {
            ", api_key: None"
        })?;
        // Their values may be tokens too.
        write!(f, ", headers: {} }}", self.headers.len())
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
            headers: vec![("x-session".into(), "s-456".into())],
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
        assert!(!s.contains("k-123") && !s.contains("s-456"), "{s}");
    }

    #[test]
    fn unset_options_are_not_serialized() {
        let b = crate::table::SubmitBody {
            model: Some("m".into()),
            prompt: Some("p".into()),
            image_url: Some("https://x/y.png".into()),
            duration: Some(6),
            generate_audio: Some(false),
            ..Default::default()
        };
        let v = crate::object::to_json(&b);
        assert_eq!(
            v,
            serde_json::json!({"model":"m","prompt":"p","image_url":"https://x/y.png","duration":6,"generate_audio":false})
        );
    }
}
