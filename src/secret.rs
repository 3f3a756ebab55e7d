//! The API key as something to keep out of every output: whatever a server echoes back (in an
//! error message, a status word, a request id, an id or a URL), each piece of it that holds part of
//! the key is replaced by `[redacted]` before the core reads it, so before anything is clipped.

use crate::reply::{Body, Reply};
use crate::response::{Message, WireGenError};

/// Text for people (messages, status words, request ids) loses every piece of the key of at least
/// this many characters.
pub const TEXT: usize = 5;

/// Values for code (the generation id, the video URL, `raw`) lose pieces of at least this many
/// characters: a signed video URL holds hundreds of hex digits, and five of them match five of a
/// hex key in about one job in seventy; eight, in about one in three hundred thousand.
pub const VALUE: usize = 8;

const REDACTED: &str = "[redacted]";

/// The key, kept only to be looked for.
#[derive(Clone, Default)]
pub struct Secret {
    key: Vec<u8>,
}

// Deliberately not derived: a Debug print must never show the key.
impl core::fmt::Debug for Secret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Secret")
    }
}

impl Secret {
    /// The secret of `key` (`None`: nothing to hide). The key is ASCII (the options check it), so
    /// every piece found in a text starts and ends on a character boundary.
    pub fn new(key: Option<&str>) -> Secret {
        Secret {
            key: key.unwrap_or_default().as_bytes().to_vec(),
        }
    }

    /// `s` with every piece of the key of at least [`TEXT`] characters replaced.
    pub fn text(&self, s: &str) -> String {
        scrub(s, &self.key, TEXT)
    }

    /// `s` with every piece of the key of at least [`VALUE`] characters replaced.
    pub fn value(&self, s: &str) -> String {
        scrub(s, &self.key, VALUE)
    }

    /// [`Secret::text`] of an optional string.
    pub fn text_opt(&self, s: &mut Option<String>) {
        if let Some(t) = s {
            *t = self.text(t);
        }
    }

    /// [`Secret::value`] of an optional string.
    pub fn value_opt(&self, s: &mut Option<String>) {
        if let Some(t) = s {
            *t = self.value(t);
        }
    }

    /// Whether `s` holds a piece of the key that [`Secret::value`] would replace.
    pub fn in_value(&self, s: &str) -> bool {
        found(s.as_bytes(), &self.key, VALUE).next().is_some()
    }
}

impl Secret {
    /// `reply` with every string a server put in it scrubbed: the one door through which a
    /// server's text enters the job, so errors, events and results built from it are clean.
    pub fn reply(&self, reply: Reply) -> Reply {
        match reply {
            Reply::Failed(mut e) => {
                e.message = self.text(&e.message);
                Reply::Failed(e)
            }
            Reply::Http {
                status,
                retry_after_ms,
                mut request_id,
                mut trace,
                body,
            } => {
                self.text_opt(&mut request_id);
                // The id the header names becomes the job's, as a body's does.
                self.value_opt(&mut trace.inference_id);
                let body = match body {
                    Body::Json(mut b) => {
                        self.value_opt(&mut b.id);
                        self.text_opt(&mut b.status);
                        if let Some(v) = &mut b.video {
                            v.urls.iter_mut().for_each(|u| self.value_opt(u));
                        }
                        match &mut b.error {
                            Some(WireGenError::Object { name, message }) => {
                                self.text_opt(name);
                                self.text_opt(message);
                            }
                            Some(WireGenError::Text(t)) => *t = self.text(t),
                            None => {}
                        }
                        match &mut b.message {
                            Some(Message::One(t)) => *t = self.text(t),
                            Some(Message::Many(v)) => v.iter_mut().for_each(|t| *t = self.text(t)),
                            None => {}
                        }
                        self.text_opt(&mut b.request_id);
                        Body::Json(b)
                    }
                    Body::Logs(mut page) => {
                        if let Some(row) = &mut page.found {
                            row.inference_id = self.value(&row.inference_id);
                            row.status = self.text(&row.status);
                        }
                        Body::Logs(page)
                    }
                    other => other,
                };
                Reply::Http {
                    status,
                    retry_after_ms,
                    request_id,
                    trace,
                    body,
                }
            }
        }
    }
}

/// Whether `w` is a piece of `key`, in any ASCII case (a server may change it).
fn is_piece(w: &[u8], key: &[u8]) -> bool {
    key.windows(w.len()).any(|k| k.eq_ignore_ascii_case(w))
}

/// Where the windows of `len` bytes of `text` that are pieces of `key` start, in order. A window
/// that holds a byte the key does not have cannot be one, so the search jumps past that byte: on
/// most text (a padded body, a message in words) it looks at few windows. (Looking at every one
/// took seconds on a 1 MB body in an unoptimized build.)
fn found<'a>(text: &'a [u8], key: &'a [u8], len: usize) -> impl Iterator<Item = usize> + 'a {
    let mut in_key = [false; 256];
    for &b in key {
        in_key[usize::from(b.to_ascii_lowercase())] = true;
        in_key[usize::from(b.to_ascii_uppercase())] = true;
    }
    let mut i = 0;
    core::iter::from_fn(move || {
        while key.len() >= len {
            let w = text.get(i..i + len)?;
            match w.iter().rposition(|&b| !in_key[usize::from(b)]) {
                Some(p) => i += p + 1,
                None => {
                    i += 1;
                    if is_piece(w, key) {
                        return Some(i - 1);
                    }
                }
            }
        }
        None
    })
}

/// Each run of windows of `len` bytes that are pieces of `key` becomes one `[redacted]`. A piece
/// of the key of `len` or more characters is such a run, so none survives, wherever it sits.
fn scrub(s: &str, key: &[u8], len: usize) -> String {
    let mut out = String::new();
    // Copied up to here: the end of the last piece found, if any.
    let mut copied = None;
    for i in found(s.as_bytes(), key, len) {
        // A window that overlaps or touches the last one continues its run.
        if copied.is_none_or(|end| i > end) {
            out.push_str(s.get(copied.unwrap_or(0)..i).unwrap_or_default());
            out.push_str(REDACTED);
        }
        copied = Some(i + len);
    }
    let copied = copied.unwrap_or(0);
    out.push_str(s.get(copied..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const KEY: &str = "sk-9f86d081884c7d65";

    #[test]
    fn every_piece_of_five_or_more_goes() {
        let s = Secret::new(Some(KEY));
        assert_eq!(
            s.text("Invalid key sk-9f86d081884c7d65."),
            "Invalid key [redacted]."
        );
        // Its head, its tail, and a piece in another case, each as one run.
        assert_eq!(s.text("sk-9f… and …84C7D65"), "[redacted]… and …[redacted]");
        assert_eq!(s.text("x sk-9fsk-9f y"), "x [redacted] y");
        // Four characters are not a piece.
        assert_eq!(s.text("sk-9 7d65"), "sk-9 7d65");
        assert_eq!(s.text(""), "");
    }

    #[test]
    fn values_lose_only_longer_pieces() {
        let s = Secret::new(Some(KEY));
        let url = "https://cdn/v.mp4?sig=f86d0aa";
        assert_eq!(s.value(url), url);
        assert!(!s.in_value(url));
        assert_eq!(
            s.value("https://cdn/sk-9f86d081?x"),
            "https://cdn/[redacted]?x"
        );
        assert!(s.in_value("id-d081884c"));
    }

    #[test]
    fn a_short_key_or_none_hides_nothing() {
        // A one-letter test key must not turn "network" into "networ[redacted]".
        for s in [Secret::new(Some("k")), Secret::new(None)] {
            assert_eq!(s.text("network error"), "network error");
            assert_eq!(s.value("https://cdn/v.mp4"), "https://cdn/v.mp4");
        }
    }

    #[test]
    fn debug_shows_nothing() {
        assert_eq!(format!("{:?}", Secret::new(Some(KEY))), "Secret");
    }

    #[test]
    fn utf8_around_a_piece_stays_whole() {
        let s = Secret::new(Some(KEY));
        assert_eq!(s.text("é9f86dé"), "é[redacted]é");
    }
}
