//! Property tests: no input from a server, however broken, panics the core; and whatever a server
//! answers, a job ends, sleeps only within its deadline, and never fails a status read more than
//! `maxRetries + 1` times in a row.
#![cfg(not(target_arch = "wasm32"))]

use aimlapi_video::response::{interpret, WireBody};
use aimlapi_video::schedule::{Schedule, MIN_POLL_MS, MIN_RETRY_MS};
use aimlapi_video::{Body, Error, Job, JobConfig, Reply, Step};
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

/// How the native build reads a body: the same serde types the wasm build reads with
/// serde-wasm-bindgen.
fn body_of(v: &Value) -> Body {
    match serde_json::from_value::<WireBody>(v.clone()) {
        Ok(b) => Body::Json(b),
        Err(_) => Body::Shape,
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
                body,
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_json_is_read_without_panicking(v in json()) {
        if let Ok(b) = serde_json::from_value::<WireBody>(v) {
            let _ = interpret(&b);
        }
    }

    #[test]
    fn any_string_is_read_without_panicking(s in ".*") {
        if let Ok(b) = serde_json::from_str::<WireBody>(&s) {
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
        let cfg = JobConfig { schedule: Schedule::Fixed(poll), timeout_ms: timeout, max_retries: retries };
        let mut job = if resume { Job::resume(cfg, 0.0, seed, "g".into()) } else { Job::submit(cfg, 0.0, seed) };
        let mut now = 0.0;
        let mut step = job.start(now);
        let mut failed_in_a_row = 0u32;
        let mut i = 0usize;
        // When the last request was sent, and whether it failed: the next one is at least 100 ms
        // later (at most ten reads a second), and at least 250 ms after a failure, whatever the
        // options and the server say; unless the deadline cuts the wait, which ends the job.
        let mut last_sent: Option<(f64, bool)> = None;
        loop {
            step = match step {
                Step::Submit | Step::Poll(_) => {
                    if let Some((at, failed)) = last_sent {
                        let floor = if failed { MIN_RETRY_MS } else { MIN_POLL_MS };
                        prop_assert!(now - at >= floor - 1e-6, "{} ms after the last request (failed: {})", now - at, failed);
                    }
                    let sent_at = now;
                    let r = replies[i % replies.len()].clone();
                    i += 1;
                    now += 1.0;
                    let next = job.on_reply(now, r);
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
                    job.on_wake(now)
                }
                Step::Done(f) => {
                    prop_assert!(f.video_url.starts_with("http"));
                    break;
                }
                Step::Fail(e) => {
                    prop_assert!(!e.message.is_empty());
                    break;
                }
            };
            prop_assert!(i < 100_000, "the job never ended");
        }
    }
}
