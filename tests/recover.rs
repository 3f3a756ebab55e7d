//! A submit whose answer was lost, found again by its client request id in the usage logs
//! (src/job/recover.rs), on a virtual clock: `generateVideo` looks on its own and follows the job,
//! `recoverGeneration` resolves with its id, and neither ever sends a second submit.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use aimlapi_video::logs::{Page, Row, MAX_PAGES};
use aimlapi_video::response::{WireBody, WireVideo};
use aimlapi_video::schedule::{Schedule, Window};
use aimlapi_video::{
    Begin, Body, Clock, Code, Date, Error, Instant, Job, JobConfig, Outcome, Reply, Step,
};

const WINDOW: Window = Window {
    lo: 40_000.0,
    hi: 60_000.0,
    dense: 2_000.0,
};

fn cfg(timeout: f64) -> JobConfig {
    JobConfig {
        window: WINDOW,
        schedule: Schedule::Fixed(1_000.0),
        timeout_ms: timeout,
        max_retries: 5,
        learn: None,
    }
}

fn begin() -> Begin {
    Begin {
        at: Instant(0.0),
        clock: Clock::new(Instant(0.0), Date(1_796_553_732_000.0)),
        seed: 1,
    }
}

fn http(status: u16, body: Body) -> Reply {
    Reply::Http {
        status,
        retry_after_ms: None,
        request_id: None,
        trace: Default::default(),
        body,
    }
}

fn page(found: Option<&str>, more: bool) -> Reply {
    let found = found.map(|status| Row {
        inference_id: "gen-9:google/veo-3.1-i2v".into(),
        status: status.into(),
        created: Some("2026-12-06T10:42:13.000Z".into()),
    });
    http(
        200,
        Body::Logs(Page {
            found,
            others: Vec::new(),
            more,
        }),
    )
}

fn completed() -> Reply {
    http(
        200,
        Body::Json(WireBody {
            id: Some("gen-9:google/veo-3.1-i2v".into()),
            status: Some("completed".into()),
            video: Some(WireVideo {
                urls: vec![Some("https://cdn/v.mp4".into())],
            }),
            ..Default::default()
        }),
    )
}

/// What the driver saw: the steps' kinds with their virtual times, and the end.
#[derive(Debug, Default)]
struct Run {
    submits: u32,
    lookups: Vec<(f64, u32)>,
    end: Option<Result<Outcome, Error>>,
    kinds: Vec<&'static str>,
}

/// Runs `job`; the submit's answer is `submit`, each lookup's the next of `pages` (the last
/// repeats), each status read says completed.
fn drive(mut job: Job, submit: Reply, pages: Vec<Reply>) -> Run {
    let mut r = Run::default();
    let mut now = 0.0;
    let mut step = job.start(Instant(now));
    for _ in 0..1_000 {
        r.kinds.extend(job.take_events().iter().map(|e| e.kind));
        step = match step {
            Step::Submit => {
                r.submits += 1;
                now += 100.0;
                job.on_reply(Instant(now), submit.clone())
            }
            Step::Lookup(q) => {
                r.lookups.push((now, q.offset));
                let p = pages[(r.lookups.len() - 1).min(pages.len() - 1)].clone();
                now += 100.0;
                job.on_reply(Instant(now), p)
            }
            Step::Poll(_) => {
                now += 100.0;
                job.on_reply(Instant(now), completed())
            }
            Step::Sleep(ms) => {
                now += ms;
                job.on_wake(Instant(now))
            }
            Step::Done(o) => {
                r.kinds.extend(job.take_events().iter().map(|e| e.kind));
                r.end = Some(Ok(o));
                return r;
            }
            Step::Fail(e) => {
                r.end = Some(Err(e));
                return r;
            }
        };
    }
    panic!("never ended");
}

fn generate() -> Job {
    Job::generate(cfg(600_000.0), begin())
        .sending(Some("c-7".into()))
        .recovering("google/veo-3.1-i2v")
}

#[test]
fn a_lost_submit_answer_is_found_in_the_logs_and_followed_to_the_video_with_one_submit() {
    // The row appears once the job has ended: two lookups find nothing, the third finds it.
    let r = drive(
        generate(),
        http(502, Body::NotJson),
        vec![
            page(None, false),
            page(None, false),
            page(Some("succeeded"), false),
        ],
    );
    assert_eq!(r.submits, 1);
    match r.end {
        Some(Ok(Outcome::Video(f))) => {
            assert_eq!(f.id, "gen-9:google/veo-3.1-i2v");
            assert_eq!(f.client_request_id.as_deref(), Some("c-7"));
        }
        other => panic!("{other:?}"),
    }
    // The first lookup a few seconds after the loss, the next in the middle of the job's window
    // (40-60 s), then at its end.
    let at: Vec<f64> = r.lookups.iter().map(|l| l.0).collect();
    assert_eq!(at, [3_100.0, 50_000.0, 60_000.0]);
    assert_eq!(r.kinds, ["submitting", "recovering", "submitted", "status"]);
}

#[test]
fn pages_are_read_on_at_once_up_to_a_bound_then_the_lookup_waits() {
    let r = drive(
        generate(),
        http(503, Body::NotJson),
        vec![
            page(None, true),
            page(None, true),
            page(None, true),
            page(None, true),
            page(None, true),
            page(Some("succeeded"), false),
        ],
    );
    let offsets: Vec<u32> = r.lookups.iter().map(|l| l.1).collect();
    assert_eq!(offsets, [0, 100, 200, 300, 400, 0]);
    assert_eq!(MAX_PAGES, 5);
    // The five pages of one lookup follow each other; the sixth waits.
    assert_eq!(r.lookups[4].0, r.lookups[0].0 + 400.0);
    assert!(r.lookups[5].0 > r.lookups[4].0 + 10_000.0);
}

#[test]
fn logs_the_key_may_not_read_end_the_lookup_with_the_lost_submits_error() {
    for status in [400, 401, 403, 404] {
        let r = drive(
            generate(),
            http(502, Body::NotJson),
            vec![http(status, Body::NotJson)],
        );
        let e = match r.end {
            Some(Err(e)) => e,
            other => panic!("{other:?}"),
        };
        assert_eq!(r.submits, 1);
        assert_eq!(r.lookups.len(), 1);
        assert_eq!(e.code, Code::ServerError, "the submit's own failure");
        assert_eq!(e.client_request_id.as_deref(), Some("c-7"));
        assert!(!e.retryable());
        assert!(
            e.message.contains("could not be read (HTTP"),
            "{}",
            e.message
        );
    }
}

#[test]
fn a_failed_row_is_a_failed_generation_and_the_deadline_ends_the_search_honestly() {
    let r = drive(
        generate(),
        http(500, Body::NotJson),
        vec![page(Some("failed"), false)],
    );
    match r.end {
        Some(Err(e)) => {
            assert_eq!(e.code, Code::GenerationFailed);
            assert_eq!(e.generation_id.as_deref(), Some("gen-9:google/veo-3.1-i2v"));
        }
        other => panic!("{other:?}"),
    }
    let job = Job::generate(cfg(90_000.0), begin())
        .sending(Some("c-7".into()))
        .recovering("google/veo-3.1-i2v");
    let r = drive(job, http(502, Body::NotJson), vec![page(None, false)]);
    let e = match r.end {
        Some(Err(e)) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!((e.code, r.submits), (Code::ServerError, 1));
    assert!(e.message.contains("not found"), "{}", e.message);
    assert!(e.message.contains("does not prove nothing was charged"));
    assert!(!e.retryable());
}

#[test]
fn only_generate_video_with_an_id_looks_and_a_refusal_is_not_a_loss() {
    // createGeneration reports the loss, with the id to look for later.
    let r = drive(
        Job::create(cfg(60_000.0), begin()).sending(Some("c-7".into())),
        http(502, Body::NotJson),
        vec![],
    );
    assert!(r.lookups.is_empty());
    assert_eq!(
        r.end.unwrap().unwrap_err().client_request_id.as_deref(),
        Some("c-7")
    );
    // Sent without an id (`clientRequestId: false`): nothing to look for.
    let job = Job::generate(cfg(60_000.0), begin()).recovering("google/veo-3.1-i2v");
    let r = drive(job, http(502, Body::NotJson), vec![]);
    assert!(r.lookups.is_empty());
    // A 400 says no job was made: no lookup.
    let r = drive(generate(), http(400, Body::NotJson), vec![]);
    assert!(r.lookups.is_empty());
    assert_eq!(r.end.unwrap().unwrap_err().code, Code::InvalidRequest);
}

#[test]
fn recover_generation_resolves_with_the_rows_id_or_says_what_not_found_means() {
    let job = Job::recover(
        cfg(60_000.0),
        begin(),
        "c-7".into(),
        "google/veo-3.1-i2v".into(),
        None,
    );
    let r = drive(
        job,
        completed(),
        vec![page(None, false), page(Some("succeeded"), false)],
    );
    assert_eq!(r.submits, 0);
    match r.end {
        Some(Ok(Outcome::Created(c))) => {
            assert_eq!(c.id, "gen-9:google/veo-3.1-i2v");
            assert_eq!(c.submitted_at, Date(1_796_553_733_000.0));
            assert_eq!(c.client_request_id.as_deref(), Some("c-7"));
        }
        other => panic!("{other:?}"),
    }
    // The first lookup at once; none found until the deadline: not_found, which proves nothing.
    let job = Job::recover(cfg(30_000.0), begin(), "c-7".into(), "m".into(), None);
    let r = drive(job, completed(), vec![page(None, false)]);
    assert_eq!(r.lookups[0].0, 0.0);
    let e = r.end.unwrap().unwrap_err();
    assert_eq!(e.code, Code::NotFound);
    assert!(
        e.message.contains("does not prove nothing was charged"),
        "{}",
        e.message
    );
    assert_eq!(e.client_request_id.as_deref(), Some("c-7"));
}

#[test]
fn logs_that_cannot_be_reached_twice_end_the_search_soon_and_a_second_job_is_reported() {
    let none = Reply::Failed(Error::network("http://x"));
    let r = drive(generate(), none.clone(), vec![none]);
    let e = r.end.unwrap().unwrap_err();
    assert_eq!(
        (e.code, r.submits, r.lookups.len()),
        (Code::NetworkError, 1, 2)
    );
    assert!(
        e.message.contains("could not be reached either"),
        "{}",
        e.message
    );
    assert_eq!(e.client_request_id.as_deref(), Some("c-7"));
    // Two jobs under one id: the first is followed, the second reported.
    let two = http(
        200,
        Body::Logs(Page {
            found: Some(Row {
                inference_id: "gen-9:google/veo-3.1-i2v".into(),
                status: "succeeded".into(),
                created: None,
            }),
            others: vec!["gen-10:google/veo-3.1-i2v".into()],
            more: false,
        }),
    );
    let r = drive(generate(), http(502, Body::NotJson), vec![two]);
    match r.end {
        Some(Ok(Outcome::Video(f))) => assert_eq!(f.duplicates, ["gen-10:google/veo-3.1-i2v"]),
        other => panic!("{other:?}"),
    }
}
