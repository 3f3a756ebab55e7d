//! The few string helpers the core needs, written so that the wasm build links none of the Unicode
//! tables and generic string machinery that `to_lowercase`, `join` and `split` bring along. Every
//! text that matters here (URLs, status words, keys) is ASCII.

/// Whether `s` starts with `prefix`, ignoring ASCII case.
pub fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// The length of `s`'s `http://` or `https://` prefix (any case), or 0.
pub fn http_scheme_len(s: &str) -> usize {
    if starts_with_ci(s, "https://") {
        8
    } else if starts_with_ci(s, "http://") {
        7
    } else {
        0
    }
}

/// Whether `s` holds a space (ASCII or Unicode, like a pasted no-break space) or an ASCII control
/// character. The Unicode check runs only on text that is not ASCII.
pub fn has_space_or_control(s: &str) -> bool {
    s.bytes().any(|b| b <= b' ' || b == 0x7f)
        || (!s.is_ascii() && s.chars().any(char::is_whitespace))
}

/// The one URL check: an `http://` or `https://` URL (any case) with a host, and nothing in it that
/// a browser would refuse or strip (spaces, control characters). Stricter than the WHATWG parser:
/// no credentials (browsers block them in a `<video>`'s requests), an IPv6 host in closed brackets,
/// a port of digits up to 65535 (or none after the `:`, as RFC 3986 allows). So `https://?x`,
/// `https:///x`, `https://#x` and `http://[::1/x` are refused.
pub fn is_http_url(url: &str) -> bool {
    let scheme = http_scheme_len(url);
    let rest = &url.as_bytes()[scheme..];
    let authority = rest
        .split(|b| matches!(b, b'/' | b'?' | b'#'))
        .next()
        .unwrap_or_default();
    // The port follows the last `:`, unless that is inside an IPv6 host's brackets.
    let (host, port) = match authority.iter().rposition(|&b| b == b':') {
        Some(i) if !authority[i..].contains(&b']') => (&authority[..i], Some(&authority[i + 1..])),
        _ => (authority, None),
    };
    let host_ok = match host {
        [b'[', v6 @ .., b']'] => {
            !v6.is_empty()
                && v6
                    .iter()
                    .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'))
        }
        _ => {
            !host.is_empty()
                && host.iter().all(|&b| {
                    b.is_ascii_alphanumeric()
                        || matches!(b, b'-' | b'.' | b'_' | b'~' | b'%')
                        || b >= 0x80
                })
        }
    };
    let port_ok = port.is_none_or(|p| {
        p.len() <= 5
            && p.iter().all(u8::is_ascii_digit)
            && p.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')) <= 65_535
    });
    scheme > 0 && host_ok && port_ok && !has_space_or_control(url)
}

/// `s` cut at the first `sep` byte (an ASCII character): what is before it and, if there was one,
/// what is after it.
pub fn split_at_byte(s: &str, sep: u8) -> (&str, Option<&str>) {
    match s.bytes().position(|b| b == sep) {
        Some(i) => (s.get(..i).unwrap_or(s), s.get(i + 1..)),
        None => (s, None),
    }
}

/// `s` without its trailing `/`s.
pub fn trim_end_slashes(s: &str) -> &str {
    let n = s.bytes().rev().take_while(|&b| b == b'/').count();
    s.get(..s.len() - n).unwrap_or(s)
}

/// The non-empty `parts` (after trimming), joined by `sep`.
pub fn join<'a>(parts: impl IntoIterator<Item = &'a str>, sep: &str) -> String {
    let mut out = String::new();
    for p in parts
        .into_iter()
        .map(str::trim_ascii)
        .filter(|p| !p.is_empty())
    {
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

/// `name` followed by `rest`.
pub fn named(name: &str, rest: &str) -> String {
    let mut m = String::from(name);
    m.push_str(rest);
    m
}

/// "a, b or c".
pub fn list(m: &mut String, items: &[&str]) {
    let n = items.len();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            m.push_str(if i + 1 == n { " or " } else { ", " });
        }
        m.push_str(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, compiled to wasm, in the browser (`npm test` does both).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn prefix_ignores_ascii_case_only() {
        assert!(starts_with_ci("HTTPS://x", "https://"));
        assert!(starts_with_ci("https://", "https://"));
        assert!(!starts_with_ci("http:/", "http://"));
        assert!(!starts_with_ci("ftp://x", "http://"));
        // A multi-byte character where the prefix would end must not panic.
        assert!(!starts_with_ci("httpé", "https"));
    }

    #[test]
    fn http_schemes() {
        assert_eq!(http_scheme_len("HTTPS://a"), 8);
        assert_eq!(http_scheme_len("http://a"), 7);
        assert_eq!(http_scheme_len("data:image/png"), 0);
        assert_eq!(http_scheme_len("https:/"), 0);
    }

    #[test]
    fn urls_need_a_host_and_nothing_odd() {
        for good in [
            "https://x/a.png",
            "HTTP://cdn.example.com:8080/v.mp4?sig=1#t",
            "https://[::1]:3000/x",
            "http://127.0.0.1",
            "https://h.example",
            "https://例え.jp/a.png",
            "https://cdn.example:/v.mp4",
            "https://h:65535/x",
        ] {
            assert!(is_http_url(good), "{good}");
        }
        for bad in [
            "https://?x",
            "https:///x",
            "https://#x",
            "http://[::1/x",
            "http://[]/x",
            "https://",
            "https://u:p@h/x",
            "https://@h/x",
            "https://h:65536/x",
            "https://h:80a/x",
            "https://h:123456/x",
            "https://a b/x",
            "https://h/a b.png",
            "https://h/\u{0}.mp4",
            "https://h/\u{a0}",
            "ftp://h/x",
            "https:/h/x",
            "javascript:alert(1)",
            "//h/x",
            "https://[::1]x/",
            "https://h<i>/x",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }

    #[test]
    fn spaces_and_controls() {
        assert!(has_space_or_control("a b"));
        assert!(has_space_or_control("a\tb"));
        assert!(has_space_or_control("a\u{7f}"));
        assert!(has_space_or_control("https://h/\u{a0}"));
        assert!(has_space_or_control("x\u{3000}"));
        assert!(!has_space_or_control("sk-abc_123/é"));
    }

    #[test]
    fn splits_and_trims() {
        assert_eq!(split_at_byte("1.5", b'.'), ("1", Some("5")));
        assert_eq!(split_at_byte("15", b'.'), ("15", None));
        assert_eq!(split_at_byte("a,", b','), ("a", Some("")));
        assert_eq!(trim_end_slashes("https://h/v1//"), "https://h/v1");
        assert_eq!(trim_end_slashes("https://h"), "https://h");
    }

    #[test]
    fn join_skips_empty_parts() {
        assert_eq!(join(["Bad", " ", " it broke "], ": "), "Bad: it broke");
        assert_eq!(join([], "; "), "");
        assert_eq!(join(["a", "b"], "; "), "a; b");
    }
}
