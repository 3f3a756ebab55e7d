//! The job state machine on a virtual clock against a scripted fake server: the retry rules, the
//! deadline, and what is reported, with no real time. Runs natively and, compiled to wasm, in the
//! browser.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use aimlapi_video::response::WireBody;
use aimlapi_video::schedule::Schedule;
use aimlapi_video::{
    Begin, Body, Clock, Code, Date, Error, InFlight, Instant, Job, JobConfig, Outcome, Reply, Step,
};

/// A call that begins at 0 on both clocks.
fn begin(seed: u64) -> Begin {
    Begin {
        at: Instant(0.0),
        clock: Clock::new(Instant(0.0), Date(0.0)),
        seed,
    }
}

fn cfg(poll: f64, timeout: f64, retries: u32) -> JobConfig {
    JobConfig {
        window: aimlapi_video::schedule::GENERIC,
        schedule: Schedule::Fixed(poll),
        timeout_ms: timeout,
        max_retries: retries,
        learn: None,
    }
}

fn ok(status: &str) -> Reply {
    let mut b = WireBody {
        id: Some("gen-1:google/veo-3.1-i2v".into()),
        status: Some(status.into()),
        ..Default::default()
    };
    if status == "completed" {
        b.video = Some(aimlapi_video::response::WireVideo {
            urls: vec![Some("https://cdn/x.mp4".into())],
        });
    }
    Reply::Http {
        status: 200,
        retry_after_ms: None,
        request_id: None,
        trace: Default::default(),
        body: Body::Json(b),
    }
}

fn http(status: u16, retry_after_ms: Option<f64>) -> Reply {
    Reply::Http {
        status,
        retry_after_ms,
        request_id: None,
        trace: Default::default(),
        body: Body::NotJson,
    }
}

/// What the driver did: every request and sleep, and how it ended.
#[derive(Debug, Default)]
struct Trace {
    submits: u32,
    polls: u32,
    sleeps: Vec<f64>,
    end: Option<Result<String, Error>>,
    clock: f64,
}

/// Runs a job against `server`, which answers the n-th request (0-based) of each kind.
fn drive(mut job: Job, mut server: impl FnMut(bool, u32) -> Reply) -> Trace {
    let mut t = Trace::default();
    let mut step = job.start(Instant(0.0));
    for _ in 0..10_000 {
        step = match step {
            Step::Submit => {
                t.submits += 1;
                t.clock += 100.0;
                job.on_reply(Instant(t.clock), server(true, t.submits - 1))
            }
            Step::Poll(_) => {
                t.polls += 1;
                t.clock += 100.0;
                job.on_reply(Instant(t.clock), server(false, t.polls - 1))
            }
            Step::Sleep(ms) => {
                t.sleeps.push(ms);
                t.clock += ms;
                job.on_wake(Instant(t.clock))
            }
            Step::Done(Outcome::Video(f)) => {
                t.end = Some(Ok(f.video_urls[0].clone()));
                return t;
            }
            Step::Done(other) => panic!("not a video: {other:?}"),
            Step::Fail(e) => {
                t.end = Some(Err(e));
                return t;
            }
            // These jobs are not told to look a lost submit up (tests/recover.rs).
            Step::Lookup(q) => panic!("a lookup: {q:?}"),
        };
    }
    panic!("the job never ended");
}

fn err(t: &Trace) -> &Error {
    t.end.as_ref().unwrap().as_ref().unwrap_err()
}

#[test]
fn completes_after_the_status_walks_to_completed() {
    let job = Job::generate(cfg(10_000.0, 600_000.0, 5), begin(7));
    let t = drive(job, |submit, n| {
        if submit {
            ok("queued")
        } else {
            ok(["generating", "generating", "completed"][n as usize])
        }
    });
    assert_eq!(t.end, Some(Ok("https://cdn/x.mp4".into())));
    assert_eq!((t.submits, t.polls), (1, 3));
    assert_eq!(t.sleeps, vec![10_000.0; 3]);
}

#[test]
fn the_submit_is_not_retried_on_5xx_or_network_errors() {
    for reply in [
        http(500, None),
        http(503, Some(10.0)),
        Reply::Failed(Error::network("https://h")),
    ] {
        let t = drive(Job::generate(cfg(10.0, 60_000.0, 5), begin(1)), |_, _| {
            reply.clone()
        });
        assert_eq!(t.submits, 1);
        assert!(
            err(&t).message.contains("not retried")
                && err(&t).message.contains("may have been created"),
            "{}",
            err(&t).message
        );
        // The job may exist: a generic retry wrapper must not be invited to pay for it again,
        // though the failure is one that may pass (and would be retried on a status read).
        assert!(err(&t).transient && !err(&t).retryable(), "{reply:?}");
    }
}

#[test]
fn a_call_stopped_while_the_submit_is_in_flight_is_not_retryable() {
    let mut job = Job::generate(cfg(10.0, 60_000.0, 5), begin(1));
    assert!(matches!(job.start(Instant(0.0)), Step::Submit));
    // Stopped before the request went out: nothing can have been created.
    let e = job.on_stop(Instant(0.0), true, InFlight::Nothing);
    assert!(
        !e.message.contains("may have been created"),
        "{}",
        e.message
    );
    for (aborted, code) in [(true, Code::Aborted), (false, Code::Timeout)] {
        let mut job = Job::generate(cfg(10.0, 60_000.0, 5), begin(1));
        job.start(Instant(0.0));
        // A timeout stops the call at its deadline; the signal, at any time.
        let at = if aborted { 0.0 } else { 60_000.0 };
        let e = job.on_stop(Instant(at), aborted, InFlight::Request);
        assert_eq!(e.code, code);
        assert!(!e.retryable(), "{code:?}");
        assert!(e.message.contains("may have been created"), "{}", e.message);
    }
    // A 429 created nothing: stopped in the wait after it, the call may be tried again.
    let mut job = Job::generate(cfg(10.0, 60_000.0, 5), begin(1));
    job.start(Instant(0.0));
    assert!(matches!(
        job.on_reply(Instant(100.0), http(429, Some(5_000.0))),
        Step::Sleep(_)
    ));
    let mut stopped = Job::generate(cfg(10.0, 60_000.0, 5), begin(1));
    stopped.start(Instant(0.0));
    stopped.on_reply(Instant(100.0), http(429, Some(5_000.0)));
    let e = stopped.on_stop(Instant(60_000.0), false, InFlight::Nothing);
    assert!(
        e.retryable() && !e.message.contains("may have been created"),
        "{}",
        e.message
    );
    // The same once the job was accepted: the error has its id, to resume it with.
    assert!(matches!(job.on_wake(Instant(5_100.0)), Step::Submit));
    assert!(matches!(
        job.on_reply(Instant(5_200.0), ok("queued")),
        Step::Sleep(_)
    ));
    assert!(matches!(job.on_wake(Instant(5_300.0)), Step::Poll(_)));
    let e = job.on_stop(Instant(60_000.0), false, InFlight::Request);
    assert_eq!(e.code, Code::Timeout);
    assert_eq!(e.generation_id.as_deref(), Some("gen-1:google/veo-3.1-i2v"));
    // The job exists: the same call again would pay for a second one.
    assert!(!e.retryable());
}

#[test]
fn the_submit_is_retried_on_429_honouring_retry_after() {
    let t = drive(
        Job::generate(cfg(10.0, 60_000.0, 5), begin(1)),
        |submit, n| match (submit, n) {
            (true, 0 | 1) => http(429, Some(2500.0)),
            (true, _) => ok("queued"),
            (false, _) => ok("completed"),
        },
    );
    assert_eq!(t.submits, 3);
    assert_eq!(&t.sleeps[..2], &[2500.0, 2500.0]);
    assert!(t.end.unwrap().is_ok());
}

#[test]
fn max_retries_bounds_failures_in_a_row_and_a_good_read_resets_the_count() {
    // maxRetries 2: fail, fail, good, fail, fail, good ... completes.
    let t = drive(
        Job::generate(cfg(10.0, 600_000.0, 2), begin(3)),
        |submit, n| match (submit, n % 3) {
            (true, _) => ok("queued"),
            (false, _) if n >= 8 => ok("completed"),
            (false, 2) => ok("generating"),
            (false, _) => http(503, None),
        },
    );
    assert!(t.end.as_ref().unwrap().is_ok(), "{:?}", t.end);
    // Three failures in a row is one too many.
    let t = drive(
        Job::generate(cfg(10.0, 600_000.0, 2), begin(3)),
        |submit, _| {
            if submit {
                ok("queued")
            } else {
                http(502, None)
            }
        },
    );
    assert_eq!(t.polls, 3);
    let e = err(&t);
    assert_eq!((e.code, e.status), (Code::ServerError, Some(502)));
    assert_eq!(e.generation_id.as_deref(), Some("gen-1:google/veo-3.1-i2v"));
    assert!(e.message.contains("Gave up after 2 retries"));
}

#[test]
fn every_transient_failure_is_retried_and_permanent_ones_are_not() {
    for (reply, retried) in [
        (http(408, None), true),
        (http(429, None), true),
        (http(500, None), true),
        (http(502, None), true),
        (http(503, None), true),
        (http(504, None), true),
        (Reply::Failed(Error::network("https://h")), true),
        (
            Reply::Http {
                status: 200,
                retry_after_ms: None,
                request_id: None,
                trace: Default::default(),
                body: Body::NotJson,
            },
            true,
        ),
        (
            Reply::Http {
                status: 200,
                retry_after_ms: None,
                request_id: None,
                trace: Default::default(),
                body: Body::Unreadable,
            },
            true,
        ),
        (
            Reply::Http {
                status: 200,
                retry_after_ms: None,
                request_id: None,
                trace: Default::default(),
                body: Body::Shape,
            },
            false,
        ),
        (http(400, None), false),
        (http(401, None), false),
        (http(403, None), false),
        (http(404, None), false),
        (http(501, None), false),
    ] {
        let t = drive(
            Job::wait(cfg(10.0, 600_000.0, 1), begin(5), "g".into(), None),
            |_, n| {
                if n == 0 {
                    reply.clone()
                } else {
                    ok("completed")
                }
            },
        );
        assert_eq!(t.end.as_ref().unwrap().is_ok(), retried, "{reply:?}");
    }
}

#[test]
fn the_deadline_cuts_the_last_sleep_and_reports_the_id() {
    let t = drive(
        Job::generate(cfg(10_000.0, 25_000.0, 5), begin(1)),
        |submit, _| ok(if submit { "queued" } else { "generating" }),
    );
    let e = err(&t);
    assert_eq!(e.code, Code::Timeout);
    assert_eq!(e.generation_id.as_deref(), Some("gen-1:google/veo-3.1-i2v"));
    assert_eq!(
        e.submitted_at,
        Some(Date(100.0)),
        "the submit's answer came at 100 ms"
    );
    assert!(
        !e.retryable(),
        "the job exists: generateVideo again would pay for a second one; waitForVideo resumes it"
    );
    assert_eq!(
        t.clock, 25_000.0,
        "the job must end exactly at the deadline"
    );
    assert!(t.sleeps.iter().all(|s| *s >= 0.0));
    // A backoff runs until the deadline cuts its last wait...
    let t = drive(
        Job::wait(cfg(10_000.0, 5_000.0, 9), begin(1), "g".into(), None),
        |_, _| http(503, None),
    );
    assert_eq!(err(&t).code, Code::Timeout);
    assert_eq!(t.clock, 5_000.0);
    // ...and the timeout says what was being waited out.
    let m = &err(&t).message;
    assert!(
        m.contains("last request had failed") && m.contains("HTTP 503"),
        "{m}"
    );
}

#[test]
fn a_retry_after_longer_than_the_time_left_rejects_at_once_with_the_servers_answer() {
    for submit in [false, true] {
        let job = if submit {
            Job::generate(cfg(10.0, 5_000.0, 5), begin(1))
        } else {
            Job::wait(cfg(10.0, 5_000.0, 5), begin(1), "g".into(), None)
        };
        let t = drive(job, |_, _| http(429, Some(60_000.0)));
        let e = err(&t);
        assert_eq!((e.code, e.status), (Code::RateLimited, Some(429)));
        assert_eq!(e.retry_after_ms, Some(60_000.0));
        assert!(e.message.contains("asked to wait 60 s"), "{}", e.message);
        assert_eq!(t.clock, 100.0, "no sleep into the deadline");
        assert!(t.sleeps.is_empty());
        assert_eq!(e.generation_id.is_some(), !submit);
        // A 429 created nothing: trying again later is safe.
        assert!(e.retryable());
    }
}

#[test]
fn a_retry_event_reports_the_wait_that_really_happens() {
    // A backoff of about 8 s with 1 s left: the event says 1 s, as the deadline cuts the wait.
    let mut job = Job::wait(cfg(10_000.0, 10_000.0, 9), begin(3), "g".into(), None);
    assert!(matches!(job.start(Instant(0.0)), Step::Poll(_)));
    let mut clock = 0.0;
    for attempt in 1..=4 {
        clock += 100.0;
        match job.on_reply(Instant(clock), http(503, None)) {
            Step::Sleep(ms) => {
                let event = job.take_events().pop().unwrap();
                assert_eq!(event.attempt, Some(attempt));
                assert_eq!(event.retry_in_ms, Some(ms), "attempt {attempt}");
                assert!(ms <= 10_000.0 - clock);
                clock += ms;
                match job.on_wake(Instant(clock)) {
                    Step::Poll(_) => {}
                    _ => return, // the deadline
                }
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn progress_reports_submit_status_changes_and_retries() {
    let mut job = Job::generate(cfg(10.0, 600_000.0, 5), begin(9)).sending(Some("crid-1".into()));
    assert_eq!(job.start(Instant(0.0)), Step::Submit);
    // Before the paid call goes out, the caller hears its client request id, to keep.
    let e = job.take_events();
    assert_eq!(
        (
            e.len(),
            e[0].kind,
            e[0].client_request_id.as_deref(),
            e[0].id.as_deref()
        ),
        (1, "submitting", Some("crid-1"), None)
    );
    job.on_reply(Instant(50.0), ok("queued"));
    let e = job.take_events();
    assert_eq!(
        (e.len(), e[0].kind, e[0].status.as_deref()),
        (1, "submitted", Some("queued"))
    );
    job.on_wake(Instant(60.0));
    job.on_reply(Instant(70.0), ok("queued"));
    assert!(job.take_events().is_empty(), "same status: no event");
    job.on_wake(Instant(80.0));
    job.on_reply(Instant(90.0), http(503, Some(400.0)));
    let e = job.take_events();
    assert_eq!(
        (e[0].kind, e[0].attempt, e[0].retry_in_ms, e[0].error_code),
        ("retry", Some(1), Some(400.0), Some("server_error"))
    );
    job.on_wake(Instant(130.0));
    job.on_reply(Instant(140.0), ok("generating"));
    let e = job.take_events();
    assert_eq!(
        (
            e[0].kind,
            e[0].status.as_deref(),
            e[0].elapsed_ms,
            e[0].polls
        ),
        ("status", Some("generating"), 140.0, 3)
    );
}

#[test]
fn a_resumed_job_polls_from_where_it_really_is_in_the_schedule() {
    let veo = JobConfig {
        window: aimlapi_video::schedule::GENERIC,
        schedule: Schedule::Model(aimlapi_video::schedule::VEO_3_1),
        timeout_ms: 600_000.0,
        max_retries: 5,
        learn: None,
    };
    // Resumed 85 s after its submit: inside Veo's window, so the next read is ~3 s away, not 4 s
    // and then 40 s.
    let mut job = Job::wait(veo.clone(), begin(3), "g".into(), Some(Date(-85_000.0)));
    assert_eq!(job.start(Instant(0.0)), Step::Poll("g".into()));
    match job.on_reply(Instant(100.0), ok("generating")) {
        Step::Sleep(ms) => assert!((1_500.0..=3_400.0).contains(&ms), "{ms}"),
        s => panic!("{s:?}"),
    }
    // Unaged, the same read is followed by the early check.
    let mut job = Job::wait(veo, begin(3), "g".into(), None);
    job.start(Instant(0.0));
    match job.on_reply(Instant(100.0), ok("generating")) {
        Step::Sleep(ms) => assert!(ms > 3_000.0, "{ms}"),
        s => panic!("{s:?}"),
    }
}

#[test]
fn a_completed_answer_to_the_submit_ends_without_polling() {
    let t = drive(Job::generate(cfg(10.0, 600_000.0, 5), begin(1)), |_, _| {
        ok("completed")
    });
    assert_eq!((t.submits, t.polls), (1, 0));
    assert!(t.end.unwrap().is_ok());
}

#[test]
fn a_queue_holds_the_models_window_back_until_generation_begins() {
    use aimlapi_video::schedule::{Window, GAP_MS};
    let cfg = JobConfig {
        window: aimlapi_video::schedule::GENERIC,
        schedule: Schedule::Model(Window::for_model("google/veo-3.1-i2v")),
        timeout_ms: 3_600_000.0,
        max_retries: 5,
        learn: None,
    };
    let gap = GAP_MS;
    let mut job = Job::generate(cfg, begin(7));
    assert!(matches!(job.start(Instant(0.0)), Step::Submit));
    // The submit's own "queued" is no queue: the first read comes early, as without one.
    let Step::Sleep(first) = job.on_reply(Instant(0.0), ok("queued")) else {
        panic!()
    };
    assert!((3_500.0..4_500.0).contains(&first), "{first}");
    // Reads that say "queued" come every 9–9.5 s, however long the queue.
    let mut now = first;
    for _ in 0..20 {
        assert!(matches!(job.on_wake(Instant(now)), Step::Poll(_)));
        let Step::Sleep(ms) = job.on_reply(Instant(now), ok("queued")) else {
            panic!()
        };
        assert!((GAP_MS - 500.0..=gap).contains(&ms), "{ms}");
        now += ms;
    }
    // Generation begins between the last queued read and this one: the window counts from
    // halfway. Until it, reads stay under 10 s apart (the guard holds after a queue too), and
    // the dense reads begin about 80 s after the start, not at once (the submit was long ago).
    let start = now - GAP_MS / 2.0;
    let mut dense_from = None;
    for _ in 0..20 {
        assert!(matches!(job.on_wake(Instant(now)), Step::Poll(_)));
        let Step::Sleep(ms) = job.on_reply(Instant(now), ok("generating")) else {
            panic!()
        };
        assert!(ms <= gap, "{ms} ms after {now}");
        if ms < 3_000.0 && dense_from.is_none() {
            dense_from = Some(now - start);
        }
        now += ms;
    }
    let from = dense_from.expect("dense reads");
    assert!((70_000.0..=90_000.0).contains(&from), "dense from {from}");
}

#[test]
fn the_window_follows_the_tier_the_length_and_the_resolution() {
    use aimlapi_video::schedule::{Window, GENERIC, VEO_3_1};
    assert_eq!(
        Window::for_request("google/veo-3.1-t2v", Some(8), Some("1080p")),
        VEO_3_1
    );
    let fast = Window::for_request("google/veo-3.1-i2v-fast", None, None);
    assert_eq!((fast.lo, fast.hi), (40_000.0, 50_000.0));
    let short = Window::for_request("veo-3.1-lite-generate-001", Some(4), Some("720P"));
    assert_eq!((short.lo.round(), short.hi.round()), (17_920.0, 22_400.0));
    assert_eq!(short.dense, 2_000.0);
    // A resumed job's id ends in its model.
    assert_eq!(
        Window::for_model("uuid:google/veo3-1-fast-extend-video").lo,
        40_000.0
    );
    assert_eq!(Window::for_model("acme/video-9"), GENERIC);
}

// The goals of the other three exports, and the call's one deadline, as the core decides them.

fn failed_reply() -> Reply {
    let mut r = ok("failed");
    if let Reply::Http {
        body: Body::Json(b),
        ..
    } = &mut r
    {
        b.error = Some(aimlapi_video::response::WireGenError::Text(
            "Blocked".into(),
        ));
    }
    r
}

#[test]
fn create_generation_stops_once_the_job_has_an_id() {
    let mut job = Job::create(cfg(10.0, 60_000.0, 5), begin(1));
    assert!(job.may_submit());
    assert_eq!(job.start(Instant(0.0)), Step::Submit);
    // A 429 created nothing: the submit is tried again.
    assert!(matches!(
        job.on_reply(Instant(100.0), http(429, Some(300.0))),
        Step::Sleep(_)
    ));
    assert_eq!(job.on_wake(Instant(400.0)), Step::Submit);
    match job.on_reply(Instant(500.0), ok("queued")) {
        Step::Done(Outcome::Created(c)) => {
            assert_eq!(c.id, "gen-1:google/veo-3.1-i2v");
            assert_eq!((c.status.as_str(), c.submitted_at), ("queued", Date(500.0)));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        !job.may_submit(),
        "accepted: the body is not needed any more"
    );
    let kinds: Vec<_> = job.take_events().iter().map(|e| e.kind).collect();
    // "submitting" once: the 429's second try is the same submit.
    assert_eq!(kinds, ["submitting", "retry", "submitted"]);
    // A job that failed at once rejects, even here.
    let mut job = Job::create(cfg(10.0, 60_000.0, 5), begin(1));
    job.start(Instant(0.0));
    match job.on_reply(Instant(100.0), failed_reply()) {
        Step::Fail(e) => assert_eq!(e.code, Code::GenerationFailed),
        other => panic!("{other:?}"),
    }
}

#[test]
fn get_generation_reads_once_and_a_failed_job_is_a_result() {
    let read = |reply: Reply| {
        let mut job = Job::get(begin(1), "g".into(), 5_000.0);
        assert_eq!(
            job.deadline(),
            begin(1).at.after(5_000.0),
            "a server that stalls cannot hold one read for ever"
        );
        assert!(!job.may_submit());
        assert_eq!(job.start(Instant(0.0)), Step::Poll("g".into()));
        let step = job.on_reply(Instant(100.0), reply);
        assert!(
            job.take_events().is_empty(),
            "a single read reports nothing"
        );
        // Nothing more is asked for.
        assert!(matches!(job.on_wake(Instant(200.0)), Step::Fail(_)));
        step
    };
    match read(ok("generating")) {
        Step::Done(Outcome::Status(s)) => {
            assert_eq!((s.state, s.status.as_str()), ("pending", "generating"));
            assert_eq!(s.id, "gen-1:google/veo-3.1-i2v", "the server's id");
        }
        other => panic!("{other:?}"),
    }
    match read(ok("completed")) {
        Step::Done(Outcome::Status(s)) => {
            assert_eq!(s.state, "completed");
            assert_eq!(s.video_urls, ["https://cdn/x.mp4"]);
        }
        other => panic!("{other:?}"),
    }
    match read(failed_reply()) {
        Step::Done(Outcome::Status(s)) => {
            assert_eq!(s.state, "failed");
            assert!(s.error.as_deref().is_some_and(|e| e.contains("Blocked")));
        }
        other => panic!("{other:?}"),
    }
    // No retry, even of what a wait would retry.
    match read(http(503, None)) {
        Step::Fail(e) => {
            assert_eq!(
                (e.code, e.generation_id.as_deref()),
                (Code::ServerError, Some("g"))
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn wait_for_video_polls_an_existing_generation_and_never_submits() {
    let job = Job::wait(cfg(1_000.0, 60_000.0, 5), begin(1), "g".into(), None);
    assert!(!job.may_submit());
    let t = drive(job, |_, n| {
        ok(if n < 2 { "generating" } else { "completed" })
    });
    assert_eq!((t.submits, t.polls), (0, 3));
    assert_eq!(t.end, Some(Ok("https://cdn/x.mp4".into())));
    // A stop carries the id, and when the job was submitted, to resume it again.
    let mut job = Job::wait(
        cfg(1_000.0, 60_000.0, 5),
        begin(1),
        "g".into(),
        Some(Date(-5_000.0)),
    );
    job.start(Instant(0.0));
    let e = job.on_stop(Instant(10.0), false, InFlight::Request);
    assert_eq!(
        (e.generation_id.as_deref(), e.submitted_at),
        (Some("g"), Some(Date(-5_000.0)))
    );
}

#[test]
fn the_deadline_is_named_as_it_was_given() {
    for (timeout, said) in [
        (25_000.0, "after the 25 s deadline"),
        (400.0, "after the 400 ms deadline"),
        (1_500.0, "after the 1.5 s deadline"),
    ] {
        let t = drive(
            Job::generate(cfg(10_000.0, timeout, 5), begin(1)),
            |_, _| ok("generating"),
        );
        let m = &err(&t).message;
        assert!(m.contains(said), "{timeout} ms: {m}");
    }
}

#[test]
fn a_deadline_names_what_the_call_was_waiting_for() {
    for (mut job, said) in [
        (
            Job::generate(cfg(10.0, 5_000.0, 5), begin(1)),
            "No video after",
        ),
        (
            Job::create(cfg(10.0, 5_000.0, 5), begin(1)),
            "No generation id after",
        ),
        (Job::get(begin(1), "g".into(), 5_000.0), "No status after"),
    ] {
        job.start(Instant(0.0));
        let e = job.on_stop(Instant(5_000.0), false, InFlight::Request);
        assert_eq!(e.code, Code::Timeout);
        assert!(e.message.starts_with(said), "{}", e.message);
    }
}

#[test]
fn the_deadline_counts_from_when_the_call_began() {
    // The module took 4 s to load: 1 s of a 5 s deadline is left when the job takes its first step.
    let mut job = Job::generate(cfg(10_000.0, 5_000.0, 5), begin(1));
    assert_eq!(job.deadline(), Instant(5_000.0));
    assert_eq!(job.start(Instant(4_000.0)), Step::Submit);
    assert_eq!(
        job.on_reply(Instant(4_100.0), ok("queued")),
        Step::Sleep(900.0),
        "the wait is cut at the deadline, not 10 s on"
    );
    // Past it before anything was sent: nothing is.
    let mut job = Job::generate(cfg(10_000.0, 5_000.0, 5), begin(1));
    match job.start(Instant(6_000.0)) {
        Step::Fail(e) => assert_eq!(e.code, Code::Timeout),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_answer_that_arrives_as_the_call_stops_is_taken_in() {
    // The submit's answer was read in full as the signal fired: the job exists, and the error
    // names it, with no doubt about it.
    for create in [false, true] {
        let mut job = if create {
            Job::create(cfg(10.0, 60_000.0, 5), begin(1))
        } else {
            Job::generate(cfg(10.0, 60_000.0, 5), begin(1))
        };
        job.start(Instant(0.0));
        let e = job.on_stop(Instant(100.0), true, InFlight::Answer(ok("queued")));
        assert_eq!(e.code, Code::Aborted);
        assert_eq!(e.generation_id.as_deref(), Some("gen-1:google/veo-3.1-i2v"));
        assert_eq!(e.submitted_at, Some(Date(100.0)));
        assert!(
            !e.message.contains("may have been created"),
            "{}",
            e.message
        );
        assert!(
            job.take_events().is_empty(),
            "the stopped call reports nothing more"
        );
        assert!(
            matches!(job.on_wake(Instant(200.0)), Step::Fail(_)),
            "and sends nothing"
        );
    }
    // An answer with no id leaves the doubt: the job may exist, so no retry is invited.
    let mut job = Job::generate(cfg(10.0, 60_000.0, 5), begin(1));
    job.start(Instant(0.0));
    let e = job.on_stop(Instant(60_000.0), false, InFlight::Answer(http(502, None)));
    assert_eq!(e.code, Code::Timeout);
    assert!(
        !e.retryable() && e.message.contains("may have been created"),
        "{}",
        e.message
    );
}

#[test]
fn create_generation_resolves_with_the_id_even_as_the_deadline_passes() {
    // The submit's answer came back after the deadline: the job exists and its id is the goal.
    let mut job = Job::create(cfg(10.0, 1_000.0, 5), begin(1));
    job.start(Instant(0.0));
    match job.on_reply(Instant(1_500.0), ok("queued")) {
        Step::Done(Outcome::Created(c)) => assert_eq!(c.id, "gen-1:google/veo-3.1-i2v"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_error_of_a_call_that_created_its_job_invites_a_retry() {
    // A generic retry wrapper that trusts `retryable` would call generateVideo again, and pay for
    // a second job: every failure once the id is known says no, and carries the id to resume. The
    // job itself still retried the failed status reads (they are free): the two words differ.
    for (poll, want) in [
        (http(503, None), Code::ServerError),
        (
            Reply::Failed(Error::network("https://h")),
            Code::NetworkError,
        ),
        (http(429, None), Code::RateLimited),
    ] {
        let t = drive(
            Job::generate(cfg(10.0, 600_000.0, 2), begin(1)),
            |submit, _| {
                if submit {
                    ok("queued")
                } else {
                    poll.clone()
                }
            },
        );
        let e = err(&t);
        assert_eq!(e.code, want);
        assert_eq!((t.submits, t.polls), (1, 3), "maxRetries 2: three reads");
        assert!(e.transient && !e.retryable(), "{want:?}");
        assert_eq!(e.generation_id.as_deref(), Some("gen-1:google/veo-3.1-i2v"));
    }
    // The same once a doubtful submit ended the call: it was not retried, nor is the caller
    // invited to, though the failure was transient.
    let t = drive(Job::generate(cfg(10.0, 600_000.0, 2), begin(1)), |_, _| {
        http(503, None)
    });
    assert_eq!((t.submits, t.polls), (1, 0));
    assert!(err(&t).transient && !err(&t).retryable());
    // waitForVideo submits nothing: the same failure, retried as often, may be tried again.
    let t = drive(
        Job::wait(cfg(10.0, 600_000.0, 2), begin(1), "g".into(), None),
        |_, _| http(503, None),
    );
    assert_eq!(t.polls, 3);
    assert!(err(&t).transient && err(&t).retryable());
    // A failure that cannot pass is neither retried nor retryable, whoever submitted.
    let t = drive(
        Job::wait(cfg(10.0, 600_000.0, 2), begin(1), "g".into(), None),
        |_, _| http(401, None),
    );
    assert_eq!(t.polls, 1);
    assert!(!err(&t).transient && !err(&t).retryable());
}

#[test]
fn what_stopped_the_call_is_the_drivers_word_not_the_clocks() {
    // The driver knows which fired (src/wasm/abort.rs): a deadline's timer that a busy event loop
    // fires a little early, against the clock, is still the deadline (the fault soak found a
    // search's end reported as an abort); and the signal, at any time, is the signal.
    let mut job = Job::wait(cfg(1_000.0, 60_000.0, 5), begin(1), "g".into(), None);
    job.start(Instant(0.0));
    let e = job.on_stop(Instant(59_990.0), false, InFlight::Request);
    assert_eq!(e.code, Code::Timeout);
    let mut job = Job::wait(cfg(1_000.0, 60_000.0, 5), begin(1), "g".into(), None);
    job.start(Instant(0.0));
    let e = job.on_stop(Instant(500.0), true, InFlight::Request);
    assert_eq!(e.code, Code::Aborted);
}

// Money you can see: the client request id, the cost, every video, and when the job should end.

/// A reply of `status` with these tracing headers, and the body's own cost when given.
fn traced(
    status: &str,
    body_usd: Option<f64>,
    header_usd: Option<f64>,
    header_id: Option<&str>,
) -> Reply {
    let mut r = ok(status);
    if let Reply::Http {
        trace,
        body: Body::Json(b),
        ..
    } = &mut r
    {
        b.usd_spent = body_usd;
        trace.cost.usd_spent = header_usd;
        trace.cost.credits_used = header_usd.map(|u| u * 1000.0);
        trace.inference_id = header_id.map(str::to_owned);
        if header_id.is_some() {
            b.id = None;
        }
    }
    r
}

#[test]
fn the_cost_comes_from_the_body_else_from_the_headers_of_the_answer_that_completes() {
    for (body, header, want) in [
        (Some(1.5), Some(9.0), Some(1.5)),
        (None, Some(0.75), Some(0.75)),
        (None, None, None),
    ] {
        let mut job = Job::generate(cfg(10.0, 600_000.0, 5), begin(3)).sending(Some("c-1".into()));
        job.start(Instant(0.0));
        // The submit's own cost headers (zero, or none) are not the job's cost.
        job.on_reply(Instant(10.0), traced("queued", None, Some(0.0), None));
        job.on_wake(Instant(20.0));
        match job.on_reply(Instant(30.0), traced("completed", body, header, None)) {
            Step::Done(Outcome::Video(f)) => {
                assert_eq!(f.cost.usd_spent, want, "{body:?} {header:?}");
                assert_eq!(f.cost.credits_used, header.map(|u| u * 1000.0));
                assert_eq!(f.client_request_id.as_deref(), Some("c-1"));
                assert_eq!(f.video_urls, ["https://cdn/x.mp4"]);
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_submit_answer_without_an_id_in_its_body_is_followed_by_its_inference_id_header() {
    let mut job = Job::create(cfg(10.0, 60_000.0, 5), begin(4));
    job.start(Instant(0.0));
    match job.on_reply(
        Instant(10.0),
        traced("queued", None, None, Some("gen-7:google/veo-3.1-i2v")),
    ) {
        Step::Done(Outcome::Created(c)) => assert_eq!(c.id, "gen-7:google/veo-3.1-i2v"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_error_once_the_submit_was_tried_carries_the_client_request_id() {
    // Refused before the submit went out: no id (nothing was tried).
    let job = Job::generate(cfg(10.0, 60_000.0, 5), begin(5)).sending(Some("c-2".into()));
    let mut job = job;
    assert_eq!(job.client_request_id(), Some("c-2"));
    let e = job.on_stop(Instant(1.0), true, InFlight::Nothing);
    assert_eq!(e.client_request_id, None);
    // The submit's answer lost: the id is the one handle on the job.
    let mut job = Job::generate(cfg(10.0, 60_000.0, 5), begin(5)).sending(Some("c-2".into()));
    job.start(Instant(0.0));
    match job.on_reply(Instant(10.0), http(502, None)) {
        Step::Fail(e) => {
            assert_eq!(e.client_request_id.as_deref(), Some("c-2"));
            assert!(!e.retryable());
        }
        other => panic!("{other:?}"),
    }
    // Stopped mid-submit, and a failed generation later on: the same.
    let mut job = Job::generate(cfg(10.0, 60_000.0, 5), begin(5)).sending(Some("c-2".into()));
    job.start(Instant(0.0));
    let e = job.on_stop(Instant(5.0), true, InFlight::Request);
    assert_eq!(e.client_request_id.as_deref(), Some("c-2"));
    let mut job = Job::generate(cfg(10.0, 60_000.0, 5), begin(5)).sending(Some("c-2".into()));
    job.start(Instant(0.0));
    job.on_reply(Instant(10.0), ok("queued"));
    job.on_wake(Instant(20.0));
    match job.on_reply(Instant(30.0), failed_reply()) {
        Step::Fail(e) => assert_eq!(e.client_request_id.as_deref(), Some("c-2")),
        other => panic!("{other:?}"),
    }
    // A call that submits nothing has none.
    let mut job = Job::wait(cfg(10.0, 60_000.0, 5), begin(5), "g".into(), None);
    job.start(Instant(0.0));
    match job.on_reply(Instant(10.0), http(404, None)) {
        Step::Fail(e) => assert_eq!(e.client_request_id, None),
        other => panic!("{other:?}"),
    }
}

#[test]
fn progress_estimates_when_the_job_ends_from_its_window_and_where_it_began() {
    let window = aimlapi_video::schedule::Window {
        lo: 40_000.0,
        hi: 60_000.0,
        dense: 2_000.0,
    };
    let cfg = JobConfig {
        window,
        ..cfg(1_000.0, 600_000.0, 5)
    };
    let mut job = Job::generate(cfg.clone(), begin(6));
    job.start(Instant(0.0));
    assert_eq!(job.take_events()[0].expected_ms, Some(50_000.0));
    job.on_reply(Instant(100.0), ok("queued"));
    job.on_wake(Instant(1_100.0));
    job.on_reply(Instant(1_200.0), ok("queued"));
    job.on_wake(Instant(21_200.0));
    job.on_reply(Instant(21_300.0), ok("generating"));
    // A queue was seen, and generation began halfway between its last read and the first that
    // said "generating": the window counts from there.
    let e = job.take_events();
    let last = e.last().expect("a status event");
    assert_eq!(last.expected_ms, Some(11_250.0 + 50_000.0));
    // A resumed job counts from its submit, before the call began.
    let later = Begin {
        at: Instant(30_000.0),
        ..begin(6)
    };
    let mut job = Job::wait(cfg, later, "g".into(), Some(Date(10_000.0)));
    job.start(Instant(30_000.0));
    job.on_reply(Instant(30_100.0), ok("generating"));
    let e = job.take_events();
    assert_eq!(e[0].expected_ms, Some(30_000.0));
}

/// `ok(status)` with the server's `Retry-After`.
fn paced(status: &str, ms: f64) -> Reply {
    match ok(status) {
        Reply::Http {
            status,
            request_id,
            trace,
            body,
            ..
        } => Reply::Http {
            status,
            retry_after_ms: Some(ms),
            request_id,
            trace,
            body,
        },
        other => other,
    }
}

#[test]
fn a_pending_answers_retry_after_paces_the_default_schedule_within_a_second_and_a_minute() {
    let model = |seed| {
        let mut c = cfg(0.0, 600_000.0, 5);
        c.schedule = Schedule::Model(aimlapi_video::schedule::VEO_3_1);
        Job::generate(c, begin(seed))
    };
    // The simulator's pace: the submit's answer and every pending read ask for a second, so a
    // 6-second job is seen done within a second of its end, not at the schedule's 43-s guard read.
    let t = drive(model(3), |submit, n| match (submit, n) {
        (true, _) => paced("queued", 1_000.0),
        (false, 0..=4) => paced("generating", 1_000.0),
        _ => ok("completed"),
    });
    assert!(t.end.as_ref().unwrap().is_ok());
    assert_eq!(t.sleeps, vec![1_000.0; 6]);
    // Asked for less than a second, or for ten minutes: held to one read a second, and to a minute.
    let t = drive(model(4), |submit, n| match (submit, n) {
        (true, _) => paced("queued", 0.0),
        (false, 0) => paced("generating", 600_000.0),
        _ => ok("completed"),
    });
    assert_eq!(t.sleeps, vec![1_000.0, 60_000.0]);
    // With no `Retry-After`, the schedule's own first read, 4 s or so after the submit.
    let t = drive(model(5), |submit, _| match submit {
        true => ok("queued"),
        false => ok("completed"),
    });
    assert!(t.sleeps[0] > 2_500.0, "{:?}", t.sleeps);
    // A caller's own `pollIntervalMs` wins over the server's wish.
    let t = drive(
        Job::generate(cfg(2_500.0, 600_000.0, 5), begin(6)),
        |submit, n| match (submit, n) {
            (true, _) => paced("queued", 1_000.0),
            (false, 0) => paced("generating", 30_000.0),
            _ => ok("completed"),
        },
    );
    assert_eq!(t.sleeps, vec![2_500.0, 2_500.0]);
}
