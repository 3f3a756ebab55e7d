//! The caller's options, checked before any request is sent: read once per call, for what its
//! export takes, into one record ([`Checked`]) that is all the call uses. Every bad value becomes
//! an `invalid_request` error that names the option and never quotes the key.

use crate::body::submit_body;
use crate::check::{seconds, text};
use crate::error::{push_num, Error};
use crate::learn::{Key, Learned};
use crate::models::DEFAULT_MODEL;
use crate::request::Conn;
use crate::schedule::{Schedule, Window};
use crate::table::{RawOptions, SubmitBody};
use crate::text::{has_space_or_control, is_http_url, trim_end_slashes};
use crate::time::Date;
use crate::trace::{client_request_id, is_client_id, ClientId};

/// The API, when the options name no `baseUrl` (from spec/family.mjs, through src/limits.rs).
pub use crate::limits::DEFAULT_BASE_URL;
/// Default overall deadline: ten minutes.
pub const DEFAULT_TIMEOUT_MS: f64 = 600_000.0;
/// Default number of retries in a row.
pub const DEFAULT_MAX_RETRIES: u32 = 5;
/// The longest wait a browser timer can express (2^31 - 1 ms, about 24.8 days).
pub const MAX_TIMER_MS: f64 = 2_147_483_647.0;

/// How a job is run: its poll schedule, deadline and retry budget.
#[derive(Clone, Debug, PartialEq)]
pub struct JobConfig {
    /// When jobs like this one usually end: what progress events estimate from.
    pub window: Window,
    /// When to poll.
    pub schedule: Schedule,
    /// The overall deadline, from the start of the call.
    pub timeout_ms: f64,
    /// Retries allowed in a row.
    pub max_retries: u32,
    /// What the job's time, once it is done, is learned as; `None` when it is not.
    pub learn: Option<Key>,
}

/// Which export is called: what the call is for, and so which options it reads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mode {
    /// `generateVideo`.
    Generate,
    /// `createGeneration`.
    Create,
    /// `waitForVideo`.
    Wait,
    /// `getGeneration`.
    Get,
    /// `recoverGeneration`.
    Recover,
}

/// A call, checked: where it goes, and what it does with what. Made once per call, by [`check`];
/// nothing after it reads the caller's options.
pub struct Checked {
    /// Where the call goes, with which key and headers.
    pub conn: Conn,
    /// What the call does.
    pub what: What,
}

/// What a call does, with what each export needs for it and nothing else.
pub enum What {
    /// `generateVideo` (`wait`) or `createGeneration`: submit `body`, on `config`'s schedule.
    Submit {
        /// The submit body, checked (without `extra`, which is the boundary's).
        body: SubmitBody,
        /// Sent as `X-Client-Request-Id`: the caller's, or one made here; `None` when the caller
        /// said `false`.
        client_request_id: Option<String>,
        /// `maxUsd`: the most the caller will pay, checked against the price list before the
        /// submit.
        max_usd: Option<f64>,
        /// The job's schedule, deadline and retries.
        config: JobConfig,
        /// Whether the call waits for the video (`generateVideo`) or stops at the id.
        wait: bool,
    },
    /// `waitForVideo`: wait for the generation `id`.
    Wait {
        /// The generation id, checked.
        id: String,
        /// The job's schedule, deadline and retries.
        config: JobConfig,
        /// When the job was submitted, when the caller says so.
        submitted: Option<Date>,
    },
    /// `recoverGeneration`: find the job sent with `client_request_id` in the usage logs.
    Recover {
        /// The submit's client request id, checked.
        client_request_id: String,
        /// The model it was sent to.
        model: String,
        /// The lookups' deadline (and the model's window, which paces them).
        config: JobConfig,
        /// When it was submitted, when the caller says so.
        submitted: Option<Date>,
    },
    /// `getGeneration`: one read of the generation `id`, without retries.
    Get {
        /// The generation id, checked.
        id: String,
        /// The read's deadline.
        timeout_ms: f64,
    },
}

/// Reads the caller's options once, for what `mode` needs, into one record. Options the export
/// does not take are not read. The first bad value is the error, in this order: the connection
/// (`baseUrl`, `apiKey`, `headers`), then what the call is about (a submit's body, or `id`), then
/// its timing (`pollIntervalMs`, `timeoutMs`, `maxRetries`), then `submittedAt`. The model's
/// schedule is shaped by what the page `learned`; `submittedAt` may not be after `today`. A submit
/// without a `clientRequestId` gets one made of `random`.
pub fn check(
    mode: Mode,
    raw: &RawOptions,
    learned: &Learned,
    today: Date,
    random: [u8; 16],
) -> Result<Checked, Error> {
    let conn = conn(
        raw.base_url.as_deref(),
        raw.api_key.as_deref(),
        &raw.headers,
    )?;
    let what = match mode {
        Mode::Generate | Mode::Create => What::Submit {
            body: submit_body(raw)?,
            client_request_id: client_request_id(raw.client_request_id.as_ref(), random)?,
            max_usd: match raw.max_usd {
                Some(usd) if !(usd.is_finite() && usd > 0.0) => {
                    return Err(Error::invalid(
                        "maxUsd must be a number of US dollars above 0, like 2.5",
                    ))
                }
                usd => usd,
            },
            config: config(raw, raw.model.as_deref(), learned)?,
            wait: mode == Mode::Generate,
        },
        Mode::Wait => {
            let id = id(&raw.id)?;
            // The model is named by the option, or by the id's `:<model>` suffix.
            let config = config(raw, raw.model.as_deref().or(Some(&id)), learned)?;
            What::Wait {
                config,
                submitted: submitted_at(raw.submitted_at, today)?,
                id,
            }
        }
        Mode::Get => What::Get {
            id: id(&raw.id)?,
            timeout_ms: timeout(raw.timeout_ms)?,
        },
        Mode::Recover => {
            let client_request_id = match &raw.client_request_id {
                Some(ClientId::Given(c)) if is_client_id(c) => c.clone(),
                _ => {
                    return Err(Error::invalid(
                        "clientRequestId is required: the one the submit was sent with (1 to 128 letters, digits and . _ : -)",
                    ))
                }
            };
            let model = text(&raw.model, "model")?.unwrap_or_else(|| DEFAULT_MODEL.to_owned());
            What::Recover {
                config: config(raw, Some(&model), learned)?,
                submitted: submitted_at(raw.submitted_at, today)?,
                client_request_id,
                model,
            }
        }
    };
    Ok(Checked { conn, what })
}

/// Checks `baseUrl`: the API's by default.
pub fn base(base_url: Option<&str>) -> Result<String, Error> {
    let base = match base_url {
        None => DEFAULT_BASE_URL,
        Some(b) => b.trim_ascii(),
    };
    let ok = is_http_url(base) && !base.bytes().any(|b| b == b'?' || b == b'#');
    if !ok {
        return Err(Error::invalid(
            "baseUrl must be an http:// or https:// URL with a host and no query, fragment or credentials, like https://api.aimlapi.com",
        ));
    }
    Ok(trim_end_slashes(base).to_owned())
}

/// Where a public read goes (the price list): `baseUrl` and the caller's `headers` (a proxy's
/// session token, say), never the key.
pub fn public_conn(raw: &RawOptions) -> Result<Conn, Error> {
    Ok(Conn {
        base_url: base(raw.base_url.as_deref())?,
        api_key: None,
        headers: headers(&raw.headers, false)?,
    })
}

/// Checks `baseUrl` and `apiKey`, then the `headers` given.
fn conn(
    base_url: Option<&str>,
    api_key: Option<&str>,
    given: &[(String, String)],
) -> Result<Conn, Error> {
    let base_url = base(base_url)?;
    let api_key = match api_key.map(str::trim_ascii) {
        None | Some("") => {
            if base_url.eq_ignore_ascii_case(DEFAULT_BASE_URL) {
                return Err(Error::invalid(
                    "apiKey is required: pass your AI/ML API key, or set baseUrl to your own proxy that adds it",
                ));
            }
            None
        }
        Some(k) => {
            // Checked here because the browser would only say "invalid header value"; the
            // message must not quote the key. Quotes and backslashes could be sent, but no key has
            // them, and without them the key reads the same in JSON, where `raw` is scrubbed.
            if has_space_or_control(k)
                || !k.is_ascii()
                || k.bytes().any(|b| b == b'"' || b == b'\\')
            {
                return Err(Error::invalid(
                    "apiKey contains spaces, quotes or characters that cannot be sent in an HTTP header; paste the key again",
                ));
            }
            Some(k.to_owned())
        }
    };
    let headers = headers(given, api_key.is_some())?;
    Ok(Conn {
        base_url,
        api_key,
        headers,
    })
}

/// The headers the package writes itself: the caller's may not name them, nor `Authorization`
/// when the call sends a key. (Behind a proxy, without a key, `Authorization` is the caller's.)
/// The client request id has an option of its own, which is checked.
const OWN_HEADERS: [&str; 3] = ["accept", "content-type", "x-client-request-id"];

/// Checks the `headers` option: each name an HTTP token, each value printable ASCII (what every
/// runtime's `Headers` accepts; anything else it would throw on, or drop), none of the package's
/// own. Messages name the header, never its value, which may be a token.
fn headers(given: &[(String, String)], keyed: bool) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::with_capacity(given.len());
    for (name, value) in given {
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        let why = if !token {
            " is not a valid header name"
        } else if OWN_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h)) {
            " is set by aimlapi-video itself"
        } else if keyed && name.eq_ignore_ascii_case("authorization") {
            " would replace the apiKey's: pass one or the other"
        } else if !value
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
        {
            "'s value has characters a header cannot carry (line breaks, controls or non-ASCII)"
        } else {
            out.push((name.clone(), value.trim_ascii().to_owned()));
            continue;
        };
        let mut m = String::from("headers: ");
        // A name that is not a token is not quoted: it may be anything.
        m.push_str(if token { name } else { "a name" });
        m.push_str(why);
        return Err(Error::invalid(m));
    }
    Ok(out)
}

/// Checks the generation id of `getGeneration` and `waitForVideo`.
fn id(given: &Option<String>) -> Result<String, Error> {
    text(given, "id")?.ok_or_else(|| {
        Error::invalid("id is required: the generation id that createGeneration returned")
    })
}

/// `submittedAt`, the date a resumed job was submitted, checked against `today`.
fn submitted_at(given: Option<f64>, today: Date) -> Result<Option<Date>, Error> {
    match given {
        None => Ok(None),
        // A minute of leeway for clocks that disagree.
        Some(t) if t.is_finite() && t > 0.0 && t <= today.0 + 60_000.0 => Ok(Some(Date(t))),
        Some(_) => Err(Error::invalid(
            "submittedAt must be the time the job was submitted, in ms since 1970 (as Date.now() gives), not in the future",
        )),
    }
}

fn millis(value: Option<f64>, name: &str, min: f64, default: f64) -> Result<f64, Error> {
    match value {
        None => Ok(default),
        Some(v) if v.is_finite() && v >= min && v <= MAX_TIMER_MS => Ok(v),
        Some(_) => {
            let mut m = String::from(name);
            m.push_str(" must be a number of milliseconds from ");
            push_num(&mut m, min as u64);
            m.push_str(" to ");
            push_num(&mut m, MAX_TIMER_MS as u64);
            Err(Error::invalid(m))
        }
    }
}

/// Checks `timeoutMs`, the call's one deadline.
fn timeout(given: Option<f64>) -> Result<f64, Error> {
    millis(given, "timeoutMs", 1.0, DEFAULT_TIMEOUT_MS)
}

/// Checks the polling, deadline and retry options of a job of `model` (the default model when
/// `None`). The model's schedule is shaped by what the page `learned` of its own jobs, unless the
/// call says `learn: false`.
fn config(raw: &RawOptions, model: Option<&str>, learned: &Learned) -> Result<JobConfig, Error> {
    let model = model.unwrap_or(DEFAULT_MODEL);
    // Checked with the body when there is one; a resumed job's is only a hint for its schedule.
    let secs = seconds(&raw.duration, "duration").ok().flatten();
    let resolution = raw.resolution.as_deref();
    let learn = match raw.learn {
        Some(false) => None,
        _ => Key::new(model, secs, resolution),
    };
    // What jobs like this one usually take: the model's window for the video's length and
    // resolution, as this page has learned it. An explicit interval is kept as given; otherwise
    // the reads follow the window.
    let prior = Window::for_request(model, secs, resolution);
    let window = match &learn {
        Some(key) => learned.window(key, prior),
        None => prior,
    };
    let schedule = match raw.poll_interval_ms {
        Some(_) => Schedule::Fixed(millis(raw.poll_interval_ms, "pollIntervalMs", 0.0, 0.0)?),
        None => Schedule::Model(window),
    };
    let timeout_ms = timeout(raw.timeout_ms)?;
    let max_retries = match raw.max_retries {
        None => DEFAULT_MAX_RETRIES,
        Some(n) if n.fract() == 0.0 && (0.0..=100.0).contains(&n) => n as u32,
        Some(_) => {
            return Err(Error::invalid(
                "maxRetries must be a whole number from 0 to 100",
            ))
        }
    };
    Ok(JobConfig {
        window,
        schedule,
        timeout_ms,
        max_retries,
        learn,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, compiled to wasm, in the browser (`npm test` does both).
    use crate::error::Code;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn good() -> RawOptions {
        RawOptions {
            api_key: Some("sk-secret-123".into()),
            prompt: Some("A cat".into()),
            image_url: Some("https://example.com/cat.png".into()),
            ..Default::default()
        }
    }

    const TODAY: Date = Date(1e12);

    /// The call `mode` makes of `raw`, with nothing learned.
    fn call(mode: Mode, raw: &RawOptions) -> Result<Checked, Error> {
        check(mode, raw, &Learned::default(), TODAY, [7; 16])
    }

    /// The error `mode` refuses `raw` with.
    fn refused(mode: Mode, raw: &RawOptions) -> Error {
        let e = call(mode, raw).err().expect("refused");
        assert_eq!(e.code, Code::InvalidRequest);
        assert!(!e.message.contains("sk-secret"), "{}", e.message);
        e
    }

    fn err(raw: RawOptions) -> Error {
        refused(Mode::Generate, &raw)
    }

    /// What `generateVideo` makes of `raw`.
    fn submit(raw: &RawOptions) -> (Conn, SubmitBody, JobConfig) {
        match call(Mode::Generate, raw) {
            Ok(Checked {
                conn,
                what: What::Submit {
                    body, config, wait, ..
                },
            }) => {
                assert!(wait);
                (conn, body, config)
            }
            Ok(_) => panic!("not a submit"),
            Err(e) => panic!("{}", e.message),
        }
    }

    #[test]
    fn headers_are_checked_and_never_replace_the_packages_own() {
        let with = |pairs: &[(&str, &str)], key: Option<&str>| {
            let raw = RawOptions {
                api_key: key.map(Into::into),
                base_url: Some("https://proxy.example".into()),
                headers: pairs
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect(),
                id: Some("gen-1".into()),
                ..good()
            };
            call(Mode::Get, &raw).map(|c| c.conn)
        };
        let c = with(
            &[("X-Session", " tok-789 "), ("x-trace", "a\tb")],
            Some("sk-1"),
        )
        .unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(
            c.headers,
            vec![
                ("X-Session".into(), "tok-789".into()),
                ("x-trace".into(), "a\tb".into())
            ]
        );
        // Behind a proxy, with no key of the call's own, Authorization is the caller's to send.
        let c = with(&[("Authorization", "Bearer session-1")], None)
            .unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(c.headers.len(), 1);
        for (pairs, key, want) in [
            (
                vec![("authorization", "Bearer x")],
                Some("sk-1"),
                "headers: authorization would replace the apiKey's",
            ),
            (
                vec![("AUTHORIZATION", "x")],
                Some("sk-1"),
                "would replace the apiKey's",
            ),
            (
                vec![("Content-Type", "text/plain")],
                None,
                "headers: Content-Type is set by aimlapi-video itself",
            ),
            (
                vec![("accept", "*/*")],
                None,
                "accept is set by aimlapi-video itself",
            ),
            (
                vec![("x y", "1")],
                None,
                "headers: a name is not a valid header name",
            ),
            (vec![("", "1")], None, "a name is not a valid header name"),
            (
                vec![("x-ok", "line\r\nx-evil: 1")],
                None,
                "x-ok's value has characters a header cannot carry",
            ),
            (
                vec![("x-ok", "caf\u{e9}")],
                None,
                "x-ok's value has characters",
            ),
        ] {
            let e = with(&pairs, key).expect_err("refused");
            assert_eq!(e.code, Code::InvalidRequest);
            assert!(e.message.contains(want), "want {want:?} in {:?}", e.message);
            // The value is never quoted: it may be a token.
            assert!(
                !e.message.contains("Bearer") && !e.message.contains("evil"),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn good_options_pass_with_defaults() {
        let (c, b, j) = submit(&good());
        assert_eq!(c.base_url, DEFAULT_BASE_URL);
        assert_eq!(c.api_key.as_deref(), Some("sk-secret-123"));
        assert_eq!(b.model.as_deref(), Some(DEFAULT_MODEL));
        assert_eq!(j.schedule, Schedule::Model(crate::schedule::VEO_3_1));
        let mut r = good();
        r.poll_interval_ms = Some(250.0);
        assert_eq!(submit(&r).2.schedule, Schedule::Fixed(250.0));
        // A resumed job's model is named by its id.
        let r = RawOptions {
            id: Some("x:other/model".into()),
            ..good()
        };
        let Ok(Checked {
            what: What::Wait { config, .. },
            ..
        }) = call(Mode::Wait, &r)
        else {
            panic!("not a wait")
        };
        assert_eq!(config.schedule, Schedule::Model(crate::schedule::GENERIC));
        // A submit's model is its own option's (or the default): an id is not read.
        assert_eq!(submit(&r).2.schedule, j.schedule);
        assert_eq!((j.timeout_ms, j.max_retries), (600_000.0, 5));
    }

    #[test]
    fn each_bad_option_is_named() {
        type Case = (fn(&mut RawOptions), &'static str);
        let cases: Vec<Case> = vec![
            (|r| r.api_key = None, "apiKey is required"),
            (|r| r.api_key = Some("sk bad".into()), "apiKey contains"),
            (|r| r.prompt = None, "prompt is required"),
            (
                |r| r.prompt = Some("   ".into()),
                "prompt must not be empty",
            ),
            (|r| r.image_url = None, "google/veo-3.1-i2v needs imageUrl"),
            (
                |r| r.image_url = Some("ftp://x/y".into()),
                "imageUrl must be",
            ),
            (
                |r| r.image_url = Some("data:text/plain;base64,AA".into()),
                "imageUrl holds a file that is not a PNG",
            ),
            (
                |r| r.image_url = Some("data:image/png;base64,".into()),
                "imageUrl's data: URL holds no file",
            ),
            (
                |r| r.aspect_ratio = Some("4:3".into()),
                "aspectRatio must be 16:9 or 9:16",
            ),
            (|r| r.duration = Some(5.0), "duration must be 4, 6 or 8"),
            (
                |r| r.duration = Some(4.5),
                "duration must be a whole number",
            ),
            (
                |r| r.resolution = Some("4k".into()),
                "resolution must be 720p or 1080p",
            ),
            (|r| r.base_url = Some("ftp://x".into()), "baseUrl must be"),
            (
                |r| r.base_url = Some("https://u:p@x".into()),
                "baseUrl must be",
            ),
            (
                |r| r.base_url = Some("https://x/?a=1".into()),
                "baseUrl must be",
            ),
            (
                |r| r.base_url = Some("https://proxy.example/v1\u{a0}".into()),
                "baseUrl must be",
            ),
            (
                |r| r.image_url = Some("https://x/a b.png".into()),
                "imageUrl must be",
            ),
            (
                |r| r.image_url = Some("https://?x".into()),
                "imageUrl must be",
            ),
            (
                |r| r.image_url = Some("https:///x".into()),
                "imageUrl must be",
            ),
            (
                |r| r.image_url = Some("https://#x".into()),
                "imageUrl must be",
            ),
            (
                |r| r.image_url = Some("http://[::1/x".into()),
                "imageUrl must be",
            ),
            (
                |r| r.video_url = Some("https://?v".into()),
                "videoUrl must be",
            ),
            (
                |r| r.image_urls = Some(vec!["https:///x".into()]),
                "each of imageUrls must be",
            ),
            (
                |r| r.base_url = Some("https://[::1".into()),
                "baseUrl must be",
            ),
            (
                |r| r.base_url = Some("https://h:x".into()),
                "baseUrl must be",
            ),
            (
                |r| r.api_key = Some("sk-key\u{a0}".into()),
                "apiKey contains",
            ),
            (|r| r.api_key = Some("sk-\"key".into()), "apiKey contains"),
            (|r| r.base_url = Some("https://".into()), "baseUrl must be"),
            (
                |r| r.poll_interval_ms = Some(f64::NAN),
                "pollIntervalMs must be",
            ),
            (|r| r.timeout_ms = Some(0.0), "timeoutMs must be"),
            (|r| r.timeout_ms = Some(1e12), "timeoutMs must be"),
            (|r| r.max_retries = Some(-1.0), "maxRetries must be"),
            (|r| r.max_retries = Some(1.5), "maxRetries must be"),
            (
                |r| r.extra_keys = vec!["fps".into(), "prompt".into()],
                "extra must not set \"prompt\"",
            ),
        ];
        for (change, want) in cases {
            let mut r = good();
            change(&mut r);
            let e = err(r);
            assert!(e.message.contains(want), "want {want:?} in {:?}", e.message);
        }
    }

    #[test]
    fn other_models_skip_veo_enums_and_proxies_need_no_key() {
        let mut r = good();
        r.model = Some("some/other-model".into());
        r.duration = Some(5.0);
        r.aspect_ratio = Some("1:1".into());
        let (_, b, _) = submit(&r);
        assert_eq!(
            (b.duration, b.aspect_ratio.as_deref()),
            (Some(5), Some("1:1"))
        );

        let mut r = good();
        r.api_key = None;
        r.base_url = Some("https://proxy.example.com/aiml/".into());
        let (c, _, _) = submit(&r);
        assert_eq!(c.base_url, "https://proxy.example.com/aiml");
        assert_eq!(c.api_key, None);
    }

    #[test]
    fn data_urls_and_trimmed_keys_are_accepted() {
        let mut r = good();
        r.image_url = Some("data:image/png;base64,iVBORw0KGgo=".into());
        r.api_key = Some("  sk-secret-123\n".into());
        let (c, _, _) = submit(&r);
        assert_eq!(c.api_key.as_deref(), Some("sk-secret-123"));
    }

    #[test]
    fn submitted_at_is_a_date_not_in_the_future() {
        let at = |t: Option<f64>| {
            let raw = RawOptions {
                submitted_at: t,
                id: Some("gen-1".into()),
                ..good()
            };
            match call(Mode::Wait, &raw) {
                Ok(Checked {
                    what: What::Wait { submitted, .. },
                    ..
                }) => Ok(submitted),
                Ok(_) => panic!("not a wait"),
                Err(e) => Err(e),
            }
        };
        let ok = |t| at(t).unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(ok(None), None);
        assert_eq!(ok(Some(1e12 - 80_000.0)), Some(Date(1e12 - 80_000.0)));
        assert_eq!(ok(Some(1e12 + 30_000.0)), Some(Date(1e12 + 30_000.0)));
        for bad in [1e12 + 3_600_000.0, f64::NAN, -5.0] {
            let e = at(Some(bad)).expect_err("refused");
            assert!(e.message.contains("submittedAt"), "{bad}");
        }
    }

    #[test]
    fn id_is_required_and_trimmed() {
        for mode in [Mode::Wait, Mode::Get] {
            let e = refused(mode, &good());
            assert!(e.message.starts_with("id is required"), "{}", e.message);
            let r = RawOptions {
                id: Some(" a:b/c ".into()),
                ..good()
            };
            let id = match call(mode, &r) {
                Ok(Checked {
                    what: What::Wait { id, .. } | What::Get { id, .. },
                    ..
                }) => id,
                Ok(_) => panic!("not a read of an id"),
                Err(e) => panic!("{}", e.message),
            };
            assert_eq!(id, "a:b/c");
        }
    }

    const MODES: [Mode; 4] = [Mode::Generate, Mode::Create, Mode::Wait, Mode::Get];

    /// Good options for every export at once.
    fn good_for_all() -> RawOptions {
        RawOptions {
            id: Some("gen-1:google/veo-3.1-i2v".into()),
            submitted_at: Some(TODAY.0 - 60_000.0),
            ..good()
        }
    }

    #[test]
    fn each_export_reads_what_it_takes_and_nothing_else() {
        // Each export's record holds what it needs, read from the options.
        let mut r = good_for_all();
        r.timeout_ms = Some(5_000.0);
        r.poll_interval_ms = Some(300.0);
        for mode in MODES {
            let c = call(mode, &r).unwrap_or_else(|e| panic!("{mode:?}: {}", e.message));
            assert_eq!(c.conn.api_key.as_deref(), Some("sk-secret-123"));
            match (mode, c.what) {
                (
                    Mode::Generate | Mode::Create,
                    What::Submit {
                        body, config, wait, ..
                    },
                ) => {
                    assert_eq!(wait, mode == Mode::Generate);
                    assert_eq!(body.prompt.as_deref(), Some("A cat"));
                    assert_eq!(config.schedule, Schedule::Fixed(300.0));
                    assert_eq!(config.timeout_ms, 5_000.0);
                }
                (
                    Mode::Wait,
                    What::Wait {
                        id,
                        config,
                        submitted,
                    },
                ) => {
                    assert_eq!(id, "gen-1:google/veo-3.1-i2v");
                    assert_eq!(config.schedule, Schedule::Fixed(300.0));
                    assert_eq!(config.timeout_ms, 5_000.0);
                    assert_eq!(submitted, Some(Date(TODAY.0 - 60_000.0)));
                }
                (Mode::Get, What::Get { id, timeout_ms }) => {
                    assert_eq!(id, "gen-1:google/veo-3.1-i2v");
                    assert_eq!(timeout_ms, 5_000.0);
                }
                _ => panic!("{mode:?} made the record of another export"),
            }
        }
        // One bad option each: the exports that take it refuse it, the others do not read it.
        use Mode::*;
        type Case = (fn(&mut RawOptions), &'static str, &'static [Mode]);
        let cases: [Case; 10] = [
            (|r| r.base_url = Some("ftp://x".into()), "baseUrl", &MODES),
            (|r| r.api_key = None, "apiKey", &MODES),
            (
                |r| r.headers = vec![("accept".into(), "*/*".into())],
                "headers",
                &MODES,
            ),
            (|r| r.timeout_ms = Some(0.0), "timeoutMs", &MODES),
            (|r| r.prompt = None, "prompt", &[Generate, Create]),
            (|r| r.duration = Some(4.5), "duration", &[Generate, Create]),
            (|r| r.id = Some(" ".into()), "id", &[Wait, Get]),
            (
                |r| r.poll_interval_ms = Some(f64::NAN),
                "pollIntervalMs",
                &[Generate, Create, Wait],
            ),
            (
                |r| r.max_retries = Some(1.5),
                "maxRetries",
                &[Generate, Create, Wait],
            ),
            (
                |r| r.submitted_at = Some(TODAY.0 * 2.0),
                "submittedAt",
                &[Wait],
            ),
        ];
        for (change, name, takers) in cases {
            let mut r = good_for_all();
            change(&mut r);
            for mode in MODES {
                match call(mode, &r) {
                    Err(e) => {
                        assert!(
                            takers.contains(&mode),
                            "{mode:?} read {name}: {}",
                            e.message
                        );
                        assert!(e.message.starts_with(name), "{mode:?}: {}", e.message);
                    }
                    Ok(_) => assert!(!takers.contains(&mode), "{mode:?} took a bad {name}"),
                }
            }
        }
    }

    #[test]
    fn the_first_bad_option_in_one_order_is_the_error() {
        // Every option bad at once; each export's errors come one by one as each is put right:
        // the connection first (once, for every export), then what the call is about, then its
        // timing.
        let all_bad = || RawOptions {
            base_url: Some("https://x/?q".into()),
            api_key: Some("sk bad".into()),
            headers: vec![("x y".into(), "1".into())],
            prompt: None,
            id: None,
            poll_interval_ms: Some(-1.0),
            timeout_ms: Some(f64::INFINITY),
            max_retries: Some(101.0),
            submitted_at: Some(-1.0),
            ..good()
        };
        type Fix = (&'static str, fn(&mut RawOptions));
        let fixes: [Fix; 9] = [
            ("baseUrl", |r| r.base_url = None),
            ("apiKey", |r| r.api_key = Some("sk-1".into())),
            ("headers", |r| r.headers.clear()),
            ("prompt", |r| r.prompt = Some("A cat".into())),
            ("id", |r| r.id = Some("gen-1".into())),
            ("pollIntervalMs", |r| r.poll_interval_ms = None),
            ("timeoutMs", |r| r.timeout_ms = None),
            ("maxRetries", |r| r.max_retries = None),
            ("submittedAt", |r| r.submitted_at = None),
        ];
        for (mode, order) in [
            (
                Mode::Generate,
                &[
                    "baseUrl",
                    "apiKey",
                    "headers",
                    "prompt",
                    "pollIntervalMs",
                    "timeoutMs",
                    "maxRetries",
                ][..],
            ),
            (
                Mode::Create,
                &[
                    "baseUrl",
                    "apiKey",
                    "headers",
                    "prompt",
                    "pollIntervalMs",
                    "timeoutMs",
                    "maxRetries",
                ],
            ),
            (
                Mode::Wait,
                &[
                    "baseUrl",
                    "apiKey",
                    "headers",
                    "id",
                    "pollIntervalMs",
                    "timeoutMs",
                    "maxRetries",
                    "submittedAt",
                ],
            ),
            (
                Mode::Get,
                &["baseUrl", "apiKey", "headers", "id", "timeoutMs"],
            ),
        ] {
            let mut r = all_bad();
            let mut seen = Vec::new();
            while let Err(e) = call(mode, &r) {
                let Some((name, fix)) = fixes.iter().find(|(n, _)| e.message.starts_with(n)) else {
                    panic!("{mode:?}: {}", e.message)
                };
                seen.push(*name);
                fix(&mut r);
            }
            assert_eq!(seen, order, "{mode:?}");
        }
    }
}
