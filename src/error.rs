//! The one error type of the library: a stable `code`, a plain-words message, and what is known
//! about the failed call (HTTP status, generation id, request id), and its two words on trying
//! again: `transient`, for the job, and `retryable`, for the caller.

use crate::time::Date;

/// What went wrong, as a stable machine-readable code (`error.code` on the JS side).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// Bad options, or HTTP 400/422.
    InvalidRequest,
    /// HTTP 401: the key was not accepted.
    Unauthorized,
    /// HTTP 403: e.g. out of credits.
    Forbidden,
    /// HTTP 404.
    NotFound,
    /// HTTP 429, still after the allowed retries.
    RateLimited,
    /// HTTP 5xx, still after the allowed retries.
    ServerError,
    /// Any other HTTP status.
    HttpError,
    /// `fetch` itself failed: offline, DNS, CORS, a dropped connection.
    NetworkError,
    /// A body that is not what the API promises.
    BadResponse,
    /// The generation ended in failure on the server.
    GenerationFailed,
    /// The overall deadline (`timeoutMs`) passed.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The module itself failed (a trap, or an exception that ran through it): made by the JS
    /// entry, which rejects the calls in flight and restarts the module.
    Internal,
}

impl Code {
    /// The code as the string that JS sees.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidRequest => "invalid_request",
            Code::Unauthorized => "unauthorized",
            Code::Forbidden => "forbidden",
            Code::NotFound => "not_found",
            Code::RateLimited => "rate_limited",
            Code::ServerError => "server_error",
            Code::HttpError => "http_error",
            Code::NetworkError => "network_error",
            Code::BadResponse => "bad_response",
            Code::GenerationFailed => "generation_failed",
            Code::Timeout => "timeout",
            Code::Aborted => "aborted",
            Code::Internal => "internal_error",
        }
    }
}

/// A failure of any call of the library.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    /// The stable code.
    pub code: Code,
    /// What happened, in plain words, with the server's own message when it sent one.
    pub message: String,
    /// The HTTP status of the answer that failed, when there was one.
    pub status: Option<u16>,
    /// The generation this failure belongs to, when one was created.
    pub generation_id: Option<String>,
    /// When that generation was submitted, so that `waitForVideo` can resume it in the right
    /// place of the schedule.
    pub submitted_at: Option<Date>,
    /// The server's request id (from its error body or `x-request-id`), for support tickets.
    pub request_id: Option<String>,
    /// The `X-Client-Request-Id` of a submit that was tried: the handle on a job whose answer was
    /// lost (the API's usage logs list it).
    pub client_request_id: Option<String>,
    /// How long the server asked to wait (`Retry-After`), when that was longer than the time left
    /// before the deadline and the call gave up instead of waiting.
    pub retry_after_ms: Option<f64>,
    /// A failure that may pass by itself (no answer, an unreadable body, HTTP 408, 429 or 5xx): the
    /// job retries a status read that failed so, itself. Set where the error is made (here and in
    /// `reply`); it tells the caller nothing, since the same failure of a submit is not retried.
    pub transient: bool,
    /// What the caller is told (`retryable` in JS): calling again may help, and cannot pay twice.
    /// Private, so that [`Error::judge`] alone writes it; false on an error no job judged (bad
    /// options).
    retryable: bool,
}

/// `invalid_request: prompt is required…`: the code, then the message.
impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code.as_str())?;
        f.write_str(": ")?;
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The statuses after which a status read is tried again.
pub fn is_transient_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

impl Error {
    /// An error with just a code and a message.
    // This and the next two are called from some thirty places: inlined, each copy cost bytes.
    #[inline(never)]
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            status: None,
            generation_id: None,
            submitted_at: None,
            request_id: None,
            client_request_id: None,
            retry_after_ms: None,
            transient: false,
            retryable: false,
        }
    }

    /// A bad option, found before any request is sent.
    #[inline(never)]
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::new(Code::InvalidRequest, message)
    }

    /// A body that breaks the API's promise.
    #[inline(never)]
    pub fn bad_response(message: impl Into<String>) -> Self {
        Error::new(Code::BadResponse, message)
    }

    /// Attaches the generation id, when there is one.
    pub fn with_id(mut self, id: Option<&str>) -> Self {
        if self.generation_id.is_none() {
            self.generation_id = id.map(str::to_owned);
        }
        self
    }

    /// Marks the error as a failure that may pass (the field `transient`).
    pub fn transient(mut self) -> Self {
        self.transient = true;
        self
    }

    /// Whether the caller may call again: see [`Error::judge`].
    pub fn retryable(&self) -> bool {
        self.retryable
    }

    /// Decides, in this one place, what the caller is told: calling again may help when the failure
    /// may pass (it is transient, or the deadline came first), and only if this call's submit cannot
    /// have created a job (`may_have_paid`, which the job knows: `Job::may_have_paid`). Else the
    /// same call again would submit, and pay for, a second job. Called by `Job::stamp` on every
    /// error a job gives, again when it stamps one twice: the last verdict holds.
    pub fn judge(&mut self, may_have_paid: bool) {
        self.retryable = (self.transient || self.code == Code::Timeout) && !may_have_paid;
    }

    /// `fetch` rejected: no HTTP answer at all. Browsers hide the reason (CORS and DNS failures look
    /// the same from script), so the message names the usual causes, true in every runtime.
    pub fn network(base_url: &str) -> Self {
        let mut m = String::from("Could not reach ");
        m.push_str(base_url);
        m.push_str(
            " (network error): the device may be offline, the host may be wrong, or, in a browser, \
             the server may not allow this page's origin (CORS), which browsers do not tell apart. \
             Check baseUrl, or route the calls through your own proxy.",
        );
        Error::new(Code::NetworkError, m).transient()
    }

    /// An HTTP answer that is not a success. `server_message` is the `message` of the API's error
    /// body, when it sent one.
    pub fn http(status: u16, server_message: Option<&str>, request_id: Option<String>) -> Self {
        let (code, what) = match status {
            400 | 422 => (
                Code::InvalidRequest,
                "The API rejected the request as invalid",
            ),
            401 => (Code::Unauthorized, "The API key was not accepted; check it"),
            403 => (
                Code::Forbidden,
                "The API refused the request (for example, the account is out of credits)",
            ),
            404 => (
                Code::NotFound,
                "The API did not find this (check baseUrl and the generation id)",
            ),
            429 => (Code::RateLimited, "The API is rate-limiting these requests"),
            500..=599 => (Code::ServerError, "The API had a server error"),
            _ => (
                Code::HttpError,
                "The API answered with an unexpected status",
            ),
        };
        let mut m = String::from(what);
        m.push_str(" (HTTP ");
        push_num(&mut m, status.into());
        m.push(')');
        if let Some(s) = server_message
            .map(str::trim_ascii)
            .filter(|s| !s.is_empty())
        {
            m.push_str(": ");
            m.push_str(&clip(s, 500));
        }
        end_sentence(&mut m);
        Error {
            status: Some(status),
            request_id,
            transient: is_transient_status(status),
            ..Error::new(code, m)
        }
    }
}

/// Ends `m`'s sentence with a period, unless words of a server or a caller already ended it.
pub fn end_sentence(m: &mut String) {
    if !m.ends_with(['.', '!', '?']) {
        m.push('.');
    }
}

/// Appends the decimal digits of `n`. Written out (ten lines) because integer `Display` would
/// link Rust's formatting machinery into the wasm build, several KB for this one use.
pub fn push_num(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(d as char);
    }
}

/// Appends a duration as people give it: "400 ms" under a second, else seconds to the tenth
/// ("1.5 s", "600 s").
pub fn push_duration(out: &mut String, ms: f64) {
    // Under 999.5 ms: what rounds to 1000 ms reads "1 s".
    if ms < 999.5 {
        push_num(out, ms.round() as u64);
        out.push_str(" ms");
        return;
    }
    let tenths = (ms / 100.0).round() as u64;
    push_num(out, tenths / 10);
    if tenths % 10 != 0 {
        out.push('.');
        push_num(out, tenths % 10);
    }
    out.push_str(" s");
}

/// Cuts `s` to at most `max` bytes (at a character boundary), so that a server cannot flood an
/// error message. Bytes, not characters: counting characters links a UTF-8 decoder for this alone.
pub fn clip(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = s.get(..end).unwrap_or("").to_owned();
    // A str, not a char: `push(char)` would link a UTF-8 encoder for this one character.
    #[allow(clippy::single_char_add_str)]
    out.push_str("…");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, compiled to wasm, in the browser (`npm test` does both).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn http_statuses_map_to_codes() {
        let cases = [
            (400, Code::InvalidRequest),
            (422, Code::InvalidRequest),
            (401, Code::Unauthorized),
            (403, Code::Forbidden),
            (404, Code::NotFound),
            (429, Code::RateLimited),
            (500, Code::ServerError),
            (503, Code::ServerError),
            (418, Code::HttpError),
            (302, Code::HttpError),
        ];
        for (status, code) in cases {
            let e = Error::http(status, None, None);
            assert_eq!(e.code, code, "status {status}");
            assert_eq!(e.status, Some(status));
            assert!(e.message.contains(&status.to_string()));
        }
    }

    #[test]
    fn http_error_carries_the_server_message_clipped() {
        let e = Error::http(403, Some("You've run out of credits"), Some("r1".into()));
        assert!(
            e.message.contains("You've run out of credits"),
            "{}",
            e.message
        );
        assert_eq!(e.request_id.as_deref(), Some("r1"));
        assert!(!e.transient && !e.retryable());
        let long = "x".repeat(2000);
        assert!(Error::http(500, Some(&long), None).message.len() < 600);
    }

    #[test]
    fn a_server_message_that_ends_its_sentence_gets_no_second_period() {
        for (said, ends) in [
            ("Invalid key.", "(HTTP 401): Invalid key."),
            ("Invalid key!", "(HTTP 401): Invalid key!"),
            ("Is it valid?", "(HTTP 401): Is it valid?"),
            ("Invalid key", "(HTTP 401): Invalid key."),
        ] {
            let m = Error::http(401, Some(said), None).message;
            assert!(m.ends_with(ends), "{m}");
        }
        assert!(Error::http(401, None, None)
            .message
            .ends_with("(HTTP 401)."));
    }

    #[test]
    fn transient_statuses_are_exactly_the_documented_ones() {
        for s in 100..600u16 {
            let want = [408, 429, 500, 502, 503, 504].contains(&s);
            assert_eq!(is_transient_status(s), want, "{s}");
            assert_eq!(Error::http(s, None, None).transient, want, "{s}");
        }
    }

    #[test]
    fn the_caller_may_call_again_only_when_it_may_help_and_cannot_pay_twice() {
        let transient = Error::http(503, None, None);
        let timeout = Error::new(Code::Timeout, "t");
        let permanent = Error::http(401, None, None);
        // Unjudged, no error invites a retry.
        assert!(!transient.retryable() && !timeout.retryable());
        let judged = |e: &Error, paid: &[bool]| {
            let mut e = e.clone();
            for &p in paid {
                e.judge(p);
            }
            e.retryable()
        };
        for (e, helps) in [(transient, true), (timeout, true), (permanent, false)] {
            assert_eq!(judged(&e, &[false]), helps, "{e}");
            assert!(!judged(&e, &[true]), "{e}");
            // Judged again, as the job does when it stamps an error twice: the last word holds.
            assert_eq!(judged(&e, &[true, false]), helps, "{e}");
        }
    }

    #[test]
    fn an_error_displays_its_code_and_message() {
        let e: Box<dyn std::error::Error> = Box::new(Error::invalid("prompt is required"));
        assert_eq!(e.to_string(), "invalid_request: prompt is required");
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0u64, 7, 10, 429, 600_000, u64::MAX] {
            let mut s = String::new();
            push_num(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn durations_read_as_people_give_them() {
        for (ms, said) in [
            (0.0, "0 ms"),
            (400.0, "400 ms"),
            (999.4, "999 ms"),
            (999.6, "1 s"),
            (1000.0, "1 s"),
            (1500.0, "1.5 s"),
            (1549.0, "1.5 s"),
            (600_000.0, "600 s"),
        ] {
            let mut s = String::new();
            push_duration(&mut s, ms);
            assert_eq!(s, said, "{ms}");
        }
    }

    #[test]
    fn clip_respects_char_boundaries() {
        // "é" is two bytes: it does not fit after "h" in 2, and is never split.
        assert_eq!(clip("héllo", 2), "h…");
        assert_eq!(clip("héllo", 3), "hé…");
        assert_eq!(clip("abc", 3), "abc");
    }
}
