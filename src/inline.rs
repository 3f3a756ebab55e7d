//! Files sent inline, as `data:` URLs (a Blob or a file becomes one): what each is by its first
//! bytes, never by its label, and how large it is, so that text labelled `image/png` or a 30 MB
//! file is refused before a paid submit goes out.

use crate::error::{push_num, Error};
use crate::text::{named, split_at_byte, starts_with_ci};

pub use crate::limits::MAX_INLINE_BYTES;

/// The types each kind of field takes, and what they are called in a message.
const IMAGES: (&[&str], &str) = (
    &["image/png", "image/jpeg", "image/webp", "image/gif"],
    "a PNG, JPEG, WebP or GIF image",
);
const VIDEOS: (&[&str], &str) = (
    &["video/mp4", "video/quicktime", "video/webm"],
    "an MP4, QuickTime or WebM video",
);

/// The brands of an `ftyp` box that are not videos: HEIF and AVIF images, M4A and M4B audio.
const NOT_VIDEO: [[u8; 4]; 8] = [
    *b"heic", *b"heix", *b"mif1", *b"msf1", *b"avif", *b"avis", *b"M4A ", *b"M4B ",
];

/// The type a file's first bytes say it is, of those the API takes.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    Some(match head {
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => "image/gif",
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "image/webp",
        // ISO base media: a box `ftyp`, whose brand `qt  ` is QuickTime's MOV; HEIF and AVIF
        // images and M4A audio share the box, and are none of the types taken; any other, an MP4.
        [_, _, _, _, b'f', b't', b'y', b'p', b'q', b't', b' ', b' ', ..] => "video/quicktime",
        [_, _, _, _, b'f', b't', b'y', b'p', b0, b1, b2, b3, ..]
            if NOT_VIDEO.contains(&[*b0, *b1, *b2, *b3]) =>
        {
            return None
        }
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => "video/mp4",
        // Matroska's EBML header.
        [0x1A, 0x45, 0xDF, 0xA3, ..] => "video/webm",
        _ => return None,
    })
}

/// The value of one base64 character, `None` for any other.
fn sextet(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// The first 12 bytes that base64 text holds (fewer for a shorter file).
fn head(b64: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(12);
    for quad in b64.as_bytes().chunks(4).take(4) {
        let mut bits = 0u32;
        let mut n = 0;
        for &c in quad {
            let Some(v) = sextet(c) else { break };
            bits = bits << 6 | v;
            n += 1;
        }
        bits <<= 6 * (4 - n);
        // `get`, not an index: a bounds check would link the panic's formatting into the module.
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(bytes.get(1..n * 6 / 8 + 1).unwrap_or_default());
        if n < 4 {
            break;
        }
    }
    out
}

/// A `data:` URL for a field of `kind` ("image" or "video"), checked by its bytes; relabelled
/// with the type they show when its label says otherwise. `Err` names the field.
pub fn check(url: String, name: &str, kind: &str) -> Result<String, Error> {
    let (head_, payload) = split_at_byte(&url, b',');
    let label = head_
        .get(..head_.len().saturating_sub(7))
        .filter(|_| starts_with_ci(head_, "data:"))
        .and_then(|h| h.get(5..))
        .filter(|_| {
            head_
                .get(head_.len().saturating_sub(7)..)
                .is_some_and(|t| t.eq_ignore_ascii_case(";base64"))
        });
    let (label, payload) = match (label, payload) {
        (Some(label), Some(payload)) => (label, payload),
        _ => {
            let mut m = named(name, " must be an http(s):// URL with a host, or a data:");
            m.push_str(kind);
            m.push_str("/...;base64, URL");
            return Err(Error::invalid(m));
        }
    };
    // Base64's padding, at most two `=`, ends it; a byte-wise trim links no char searcher.
    let mut data = payload;
    for _ in 0..2 {
        data = data.strip_suffix('=').unwrap_or(data);
    }
    // A length of 1 past a multiple of 4 is no base64 at all, and padding ends only a whole quad.
    let broken = data.len() % 4 == 1 || (data.len() != payload.len() && payload.len() % 4 != 0);
    if data.is_empty() || broken || !data.bytes().all(|c| sextet(c).is_some()) {
        return Err(Error::invalid(named(
            name,
            "'s data: URL holds no file, or its base64 is broken",
        )));
    }
    let bytes = (data.len() as f64 * 0.75).floor();
    if bytes > MAX_INLINE_BYTES {
        let mut m = named(name, " holds a file of ");
        megabytes(&mut m, bytes);
        m.push_str(": a file sent inline may be at most ");
        push_num(&mut m, (MAX_INLINE_BYTES / 1_048_576.0) as u64);
        m.push_str(" MB (upload it and pass its URL instead)");
        return Err(Error::invalid(m));
    }
    let (types, called) = if kind == "video" { VIDEOS } else { IMAGES };
    let Some(mime) = sniff(&head(data)).filter(|t| types.contains(t)) else {
        let mut m = named(name, " holds a file that is not ");
        m.push_str(called);
        m.push_str(" by its bytes, whatever its label says");
        return Err(Error::invalid(m));
    };
    if label.eq_ignore_ascii_case(mime) {
        return Ok(url);
    }
    let mut out = String::with_capacity(url.len() + 16);
    out.push_str("data:");
    out.push_str(mime);
    out.push_str(";base64,");
    out.push_str(payload);
    Ok(out)
}

/// "10.5 MB", to the tenth above: a file just over the limit must not read as "10.0 MB".
fn megabytes(m: &mut String, bytes: f64) {
    let tenths = (bytes / 104_857.6).ceil() as u64;
    push_num(m, tenths / 10);
    m.push('.');
    push_num(m, tenths % 10);
    m.push_str(" MB");
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    fn b64(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for c in bytes.chunks(3) {
            let n = c.len();
            let v = (c[0] as u32) << 16
                | (*c.get(1).unwrap_or(&0) as u32) << 8
                | *c.get(2).unwrap_or(&0) as u32;
            for i in 0..4 {
                s.push(if i <= n {
                    A[(v >> (18 - 6 * i) & 63) as usize] as char
                } else {
                    '='
                });
            }
        }
        s
    }

    fn data(label: &str, bytes: &[u8]) -> String {
        let mut s = String::from("data:");
        s.push_str(label);
        s.push_str(";base64,");
        s.push_str(&b64(bytes));
        s
    }

    #[test]
    fn the_head_of_base64_is_its_first_bytes() {
        let bytes: Vec<u8> = (0u8..=20).collect();
        for n in 0..=bytes.len() {
            let text = b64(&bytes[..n]);
            assert_eq!(
                head(text.trim_end_matches('=')),
                bytes[..n.min(12)],
                "{n} bytes"
            );
        }
    }

    #[test]
    fn each_type_is_told_by_its_bytes() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some("image/png")),
            (b"\xff\xd8\xff\xe0\0\x10JFIF", Some("image/jpeg")),
            (b"GIF89a\x01\0\x01\0", Some("image/gif")),
            (b"GIF87a\x01\0\x01\0", Some("image/gif")),
            (b"RIFF\x24\0\0\0WEBPVP8 ", Some("image/webp")),
            (b"RIFF\x24\0\0\0WAVEfmt ", None),
            (b"\0\0\0\x20ftypisom\0\0", Some("video/mp4")),
            (b"\0\0\0\x14ftypqt  \0\0", Some("video/quicktime")),
            (b"\0\0\0\x18ftypheic\0\0", None),
            (b"\0\0\0\x18ftypmif1\0\0", None),
            (b"\0\0\0\x1cftypavif\0\0", None),
            (b"\0\0\0\x20ftypM4A \0\0", None),
            (b"\0\0\0\x18ftypmp42\0\0", Some("video/mp4")),
            (b"\0\0\0\x18ftypiso5\0\0", Some("video/mp4")),
            (b"\0\0\0\x18ftypM4V \0\0", Some("video/mp4")),
            (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", Some("video/webm")),
            (b"<!doctype html>", None),
            (b"hello, world", None),
            (b"", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(sniff(bytes), *want, "{bytes:?}");
            assert_eq!(sniff(&head(&b64(bytes))), *want, "{bytes:?} through base64");
        }
    }

    #[test]
    fn a_data_url_is_what_its_bytes_are_whatever_its_label() {
        let png = String::from("data:image/png;base64,") + PNG;
        assert_eq!(check(png.clone(), "imageUrl", "image").unwrap(), png);
        // Mislabelled: sent with the type its bytes show.
        let as_jpeg = String::from("data:image/jpeg;base64,") + PNG;
        assert_eq!(check(as_jpeg, "imageUrl", "image").unwrap(), png);
        let unlabelled = String::from("data:application/octet-stream;base64,") + PNG;
        assert_eq!(check(unlabelled, "imageUrl", "image").unwrap(), png);
        // Text labelled as an image, an image given as a video: refused, naming what it takes.
        let e = check(
            data("image/png", b"just some text, not a picture"),
            "imageUrl",
            "image",
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "imageUrl holds a file that is not a PNG, JPEG, WebP or GIF image by its bytes, whatever its label says"
        );
        let e = check(png.clone(), "videoUrl", "video").unwrap_err();
        assert_eq!(
            e.message,
            "videoUrl holds a file that is not an MP4, QuickTime or WebM video by its bytes, whatever its label says"
        );
        let mp4 = data("video/mp4", b"\0\0\0\x20ftypisom\0\0\0\0");
        assert_eq!(check(mp4.clone(), "videoUrl", "video").unwrap(), mp4);
    }

    #[test]
    fn a_data_url_over_10_mb_is_refused_by_its_size_as_a_blob_is() {
        let big = String::from("data:image/png;base64,")
            + &PNG[..PNG.len() - 2]
            + &"A".repeat(14_679_000);
        let e = check(big, "imageUrl", "image").unwrap_err();
        assert_eq!(
            e.message,
            "imageUrl holds a file of 10.5 MB: a file sent inline may be at most 10 MB (upload it and pass its URL instead)"
        );
        // Exactly at the limit passes the size check (and then is a PNG).
        let at = String::from("data:image/png;base64,")
            + &PNG[..PNG.len() - 2]
            + &"A".repeat((MAX_INLINE_BYTES as usize) / 3 * 4 - PNG.len() + 2);
        assert!(check(at, "imageUrl", "image").is_ok());
    }

    #[test]
    fn a_data_url_without_a_file_or_with_broken_base64_is_refused() {
        for url in [
            "data:image/png;base64,",
            "data:image/png;base64,====",
            "data:image/png;base64,iVBOR w0KGgo=",
            "data:image/png;base64,iVBOR%0Aw0KGgo=",
            "data:image/png;base64,iVBORw0KG",
            "data:image/png;base64,iVBORw0KGg=",
        ] {
            let e = check(url.into(), "imageUrl", "image").unwrap_err();
            assert!(
                e.message.contains("base64 is broken"),
                "{url}: {}",
                e.message
            );
        }
        for url in [
            "data:image/png,abc",
            "data:;base64",
            "image/png;base64,iVBOR",
            "data:x",
        ] {
            let e = check(url.into(), "imageUrl", "image").unwrap_err();
            assert!(
                e.message.contains("must be an http(s):// URL"),
                "{url}: {}",
                e.message
            );
        }
    }
}
