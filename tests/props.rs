//! Property tests: no input from a server, however broken, panics the core; and whatever a server
//! answers, a job ends, sleeps only within its deadline, and never fails a status read more than
//! `maxRetries + 1` times in a row; nor is a caller told to call again once a submit may have
//! created the job.
#![cfg(not(target_arch = "wasm32"))]

use aimlapi_video::response::{interpret, WireBody};
use aimlapi_video::schedule::{Schedule, MIN_POLL_MS, MIN_RETRY_MS};
use aimlapi_video::{
    Begin, Body, Clock, Date, Error, Instant, Job, JobConfig, Outcome, Reply, Step,
};

fn begin(seed: u64) -> Begin {
    Begin {
        at: Instant(0.0),
        clock: Clock::new(Instant(0.0), Date(0.0)),
        seed,
    }
}
use proptest::prelude::*;
use serde_json::Value;

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<i64>().prop_map(|i| Value::Number(i.into())),
        prop_oneof![
            Just("completed".to_string()),
            Just("generating".to_string()),
            Just("error".to_string()),
            Just("https://cdn/v.mp4".to_string()),
            ".*",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("id".to_string()),
                        Just("status".to_string()),
                        Just("video".to_string()),
                        Just("url".to_string()),
                        Just("error".to_string()),
                        Just("meta".to_string()),
                        Just("usage".to_string()),
                        Just("credits_used".to_string()),
                        Just("message".to_string()),
                        Just("requestId".to_string()),
                        "[a-z]{1,6}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A body read as the module reads it: the one reader, here over serde_json values.
fn body_of(v: &Value) -> Body {
    match WireBody::read(v) {
        Some(b) => Body::Json(b),
        None => Body::Shape,
    }
}

fn reply() -> impl Strategy<Value = Reply> {
    prop_oneof![
        Just(Reply::Failed(Error::network("https://h"))),
        (
            prop_oneof![Just(200u16), Just(201), 100u16..600],
            prop::option::of(0.0f64..100_000.0),
            prop_oneof![
                json().prop_map(|v| body_of(&v)),
                Just(Body::NotJson),
                Just(Body::Unreadable),
            ],
        )
            .prop_map(|(status, retry_after_ms, body)| Reply::Http {
                status,
                retry_after_ms,
                request_id: None,
                trace: Default::default(),
                body,
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_json_is_read_without_panicking(v in json()) {
        if let Some(b) = WireBody::read(&v) {
            let _ = interpret(&b);
        }
    }

    #[test]
    fn any_string_is_read_without_panicking(s in ".*") {
        if let Some(b) = serde_json::from_str::<Value>(&s).ok().as_ref().and_then(WireBody::read) {
            let _ = interpret(&b);
        }
    }

    #[test]
    fn any_server_ends_the_job_within_its_deadline(
        replies in prop::collection::vec(reply(), 1..40),
        poll in 0.0f64..20_000.0,
        timeout in 1.0f64..120_000.0,
        retries in 0u32..6,
        seed in any::<u64>(),
        resume in any::<bool>(),
    ) {
        let cfg = JobConfig { window: aimlapi_video::schedule::GENERIC, schedule: Schedule::Fixed(poll), timeout_ms: timeout, max_retries: retries, learn: None };
        // A generation looks a lost submit up: the lookups get the same hostile answers.
        let mut job = if resume { Job::wait(cfg, begin(seed), "g".into(), None) } else { Job::generate(cfg, begin(seed)).sending(Some("c-1".into())).recovering("google/veo-3.1-i2v") };
        let mut now = 0.0;
        let mut step = job.start(Instant(now));
        let mut failed_in_a_row = 0u32;
        let mut i = 0usize;
        // When the last request was sent, and whether it failed: the next one is at least 100 ms
        // later (at most ten reads a second), and at least 250 ms after a failure, whatever the
        // options and the server say; unless the deadline cuts the wait, which ends the job.
        let mut last_sent: Option<(f64, bool)> = None;
        // A submit was sent and not refused with a 429, the one answer that says no job was made.
        let mut may_have_paid = false;
        loop {
            step = match step {
                Step::Submit if may_have_paid => {
                    prop_assert!(false, "a second submit after one that may have created the job");
                    break;
                }
                Step::Lookup(_) => {
                    let r = replies[i % replies.len()].clone();
                    i += 1;
                    now += 1.0;
                    job.on_reply(Instant(now), r)
                }
                Step::Submit | Step::Poll(_) => {
                    if let Some((at, failed)) = last_sent {
                        let floor = if failed { MIN_RETRY_MS } else { MIN_POLL_MS };
                        prop_assert!(now - at >= floor - 1e-6, "{} ms after the last request (failed: {})", now - at, failed);
                    }
                    let sent_at = now;
                    let r = replies[i % replies.len()].clone();
                    i += 1;
                    if matches!(step, Step::Submit) && !matches!(r, Reply::Http { status: 429, .. }) {
                        may_have_paid = true;
                    }
                    now += 1.0;
                    let next = job.on_reply(Instant(now), r);
                    let retried = job.take_events().iter().any(|e| e.kind == "retry");
                    if retried {
                        failed_in_a_row += 1;
                    } else {
                        failed_in_a_row = 0;
                    }
                    last_sent = Some((sent_at, retried));
                    prop_assert!(failed_in_a_row <= retries, "more retries in a row than allowed");
                    next
                }
                Step::Sleep(ms) => {
                    prop_assert!(ms.is_finite() && ms >= 0.0);
                    prop_assert!(now + ms <= timeout + 1e-6 || now > timeout, "sleeps past the deadline");
                    now += ms;
                    job.on_wake(Instant(now))
                }
                Step::Done(Outcome::Video(f)) => {
                    prop_assert!(f.video_urls.iter().all(|u| u.starts_with("http")));
                    break;
                }
                Step::Done(other) => {
                    prop_assert!(false, "not a video: {other:?}");
                    break;
                }
                Step::Fail(e) => {
                    prop_assert!(!e.message.is_empty());
                    prop_assert!(!(may_have_paid && e.retryable()), "a paid call invited again: {e}");
                    break;
                }
            };
            prop_assert!(i < 100_000, "the job never ended");
        }
    }
}

/// Whether `s` holds a piece of `key` of `n` characters, in any ASCII case.
fn holds_piece(s: &str, key: &str, n: usize) -> bool {
    let (s, key) = (s.to_ascii_lowercase(), key.to_ascii_lowercase());
    key.as_bytes()
        .windows(n)
        .any(|p| s.as_bytes().windows(n).any(|w| w == p))
}

/// How a server echoes the key into one string: some text, then a piece of the key (perhaps all of
/// it, perhaps in upper case), then more text; long enough at times to straddle the 500-byte clip.
#[derive(Clone, Debug)]
struct Echo {
    before: String,
    from: usize,
    len: usize,
    upper: bool,
    after: String,
}

fn echo() -> impl Strategy<Value = Echo> {
    (
        prop_oneof!["[ -~]{0,20}", "[a-z ]{480,520}"],
        any::<usize>(),
        any::<usize>(),
        any::<bool>(),
        "[ -~é]{0,20}",
    )
        .prop_map(|(before, from, len, upper, after)| Echo {
            before,
            from,
            len,
            upper,
            after,
        })
}

impl Echo {
    fn with(&self, key: &str) -> String {
        let from = self.from % key.len();
        let len = 1 + self.len % (key.len() - from);
        let piece = &key[from..from + len];
        let piece = if self.upper {
            piece.to_ascii_uppercase()
        } else {
            piece.to_owned()
        };
        format!("{}{}{}", self.before, piece, self.after)
    }
}

/// A reply whose every string may echo the key.
fn echoing_reply(key: &str, status: u16, word: usize, e: &[Echo]) -> Reply {
    let s = |i: usize| e[i % e.len()].with(key);
    let words = ["queued", "generating", "completed", "failed"];
    let body = WireBody {
        id: Some(s(0)),
        status: Some(words.get(word).map_or_else(|| s(1), |w| w.to_string())),
        video: Some(aimlapi_video::response::WireVideo {
            urls: vec![
                Some(format!("https://cdn/{}", s(2))),
                Some(format!("https://cdn/{}", s(8))),
            ],
        }),
        error: (word == 3).then(|| aimlapi_video::response::WireGenError::Text(s(3))),
        credits_used: None,
        usd_spent: None,
        message: Some(aimlapi_video::response::Message::Many(vec![s(4), s(5)])),
        request_id: Some(s(6)),
    };
    Reply::Http {
        status,
        retry_after_ms: None,
        request_id: Some(s(7)),
        // The id the header names becomes the job's id when the body has none.
        trace: aimlapi_video::reply::Trace {
            inference_id: Some(s(9)),
            ..Default::default()
        },
        body: Body::Json(body),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever a server echoes, wherever: no text that leaves the job (messages, status words,
    /// request ids) holds a piece of the key of five characters or more, and no value (ids, the
    /// video URL) one of eight or more.
    #[test]
    fn no_piece_of_the_key_leaves_the_job(
        key in "[!#-\\[\\]-~]{5,80}",
        script in prop::collection::vec(
            (prop_oneof![Just(200u16), Just(201), Just(400), Just(401), Just(429), Just(500), Just(503)], 0usize..6),
            1..8,
        ),
        echoes in prop::collection::vec(echo(), 1..9),
        seed in any::<u64>(),
    ) {
        use aimlapi_video::secret::{Secret, TEXT, VALUE};
        let cfg = JobConfig { window: aimlapi_video::schedule::GENERIC, schedule: Schedule::Fixed(1_000.0), timeout_ms: 60_000.0, max_retries: 3, learn: None };
        let mut job = Job::generate(cfg, begin(seed)).keeping(Secret::new(Some(&key)));
        let text_ok = |s: &str| !holds_piece(s, &key, TEXT);
        let value_ok = |s: &str| !holds_piece(s, &key, VALUE);
        // `getGeneration`: one read, reported as it is.
        let (status, word) = script[0];
        let mut get = Job::get(begin(seed), "g".into(), 600_000.0).keeping(Secret::new(Some(&key)));
        prop_assert!(matches!(get.start(Instant(0.0)), Step::Poll(_)));
        match get.on_reply(Instant(1.0), echoing_reply(&key, status, word, &echoes)) {
            Step::Done(Outcome::Status(g)) => {
                prop_assert!(text_ok(&g.status), "status {:?}", g.status);
                prop_assert!(value_ok(&g.id));
                prop_assert!(g.video_urls.iter().all(|u| value_ok(u)));
                prop_assert!(g.error.as_deref().is_none_or(text_ok), "{:?}", g.error);
            }
            Step::Fail(e) => prop_assert!(text_ok(&e.message) && e.request_id.as_deref().is_none_or(text_ok), "{e:?}"),
            other => prop_assert!(false, "one read ends the call: {other:?}"),
        }
        prop_assert!(get.take_events().is_empty(), "a single read reports nothing");
        let mut now = 0.0;
        let mut step = job.start(Instant(now));
        for i in 0..200 {
            step = match step {
                Step::Submit | Step::Poll(_) => {
                    let (status, word) = script[i % script.len()];
                    now += 1.0;
                    job.on_reply(Instant(now), echoing_reply(&key, status, word, &echoes))
                }
                Step::Sleep(ms) => {
                    now += ms;
                    job.on_wake(Instant(now))
                }
                _ => break,
            };
            for p in job.take_events() {
                prop_assert!(p.message.as_deref().is_none_or(text_ok), "event {p:?}");
                prop_assert!(p.status.as_deref().is_none_or(text_ok), "event {p:?}");
                prop_assert!(p.id.as_deref().is_none_or(value_ok), "event {p:?}");
            }
        }
        match step {
            Step::Done(Outcome::Video(f)) => prop_assert!(value_ok(&f.id) && f.video_urls.iter().all(|u| value_ok(u)), "{f:?}"),
            Step::Fail(e) => {
                prop_assert!(text_ok(&e.message), "{}", e.message);
                prop_assert!(e.request_id.as_deref().is_none_or(text_ok), "{e:?}");
                prop_assert!(e.generation_id.as_deref().is_none_or(value_ok), "{e:?}");
            }
            other => prop_assert!(false, "the job did not end: {other:?}"),
        }
    }
}
