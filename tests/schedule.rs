//! The schedule's promise and its learning, on a virtual clock through the real job: after the
//! guard read no wait is longer than the guard's gap, whatever the job, the window and a queue;
//! the learned window moves toward the page's truth, stays in its bounds under outliers, and
//! holds nothing but the family's model names, settings and times.
#![cfg(not(target_arch = "wasm32"))]

use aimlapi_video::learn::{Key, Learned, Seen, BOUND};
use aimlapi_video::options::{self, Checked, Mode, What};
use aimlapi_video::response::{WireBody, WireVideo};
use aimlapi_video::schedule::{Schedule, Window, GAP_MS, GUARD_MS, SHIFT_MS};
use aimlapi_video::{Begin, Body, Clock, Date, Instant, Job, JobConfig, RawOptions, Reply, Step};
use proptest::prelude::*;

fn begin(seed: u64) -> Begin {
    Begin {
        at: Instant(0.0),
        clock: Clock::new(Instant(0.0), Date(1_800_000_000_000.0)),
        seed,
    }
}

/// The job settings that `mode`'s call makes of `raw`.
fn config(mode: Mode, raw: &RawOptions, learned: &Learned) -> JobConfig {
    match options::check(mode, raw, learned, Date(1_800_000_000_000.0), [7; 16]) {
        Ok(Checked {
            what: What::Submit { config, .. } | What::Wait { config, .. },
            ..
        }) => config,
        Ok(_) => panic!("a call without a job's settings"),
        Err(e) => panic!("{}", e.message),
    }
}

fn reply(status: &str) -> Reply {
    Reply::Http {
        status: 200,
        retry_after_ms: None,
        request_id: None,
        trace: Default::default(),
        body: Body::Json(WireBody {
            id: Some("gen-7:google/veo-3.1-i2v".into()),
            status: Some(status.into()),
            video: (status == "completed").then(|| WireVideo {
                urls: vec![Some("https://cdn/v.mp4".into())],
            }),
            ..Default::default()
        }),
    }
}

/// Runs `job` against a server that says "queued" until `q` ms and "completed" from `d` ms after
/// the call began, each request taking `rtt` ms. Returns when each read was sent.
fn run(job: &mut Job, q: f64, d: f64, rtt: f64) -> Vec<f64> {
    let mut now = 0.0;
    let mut reads = vec![];
    let mut step = job.start(Instant(now));
    loop {
        step = match step {
            Step::Submit => {
                now += rtt;
                job.on_reply(Instant(now), reply("queued"))
            }
            Step::Poll(_) => {
                reads.push(now);
                let seen = now + rtt / 2.0;
                now += rtt;
                let word = if seen >= d {
                    "completed"
                } else if seen < q {
                    "queued"
                } else {
                    "generating"
                };
                job.on_reply(Instant(now), reply(word))
            }
            Step::Sleep(ms) => {
                now += ms;
                job.on_wake(Instant(now))
            }
            Step::Done(_) | Step::Fail(_) => return reads,
            Step::Lookup(q) => panic!("a lookup: {q:?}"),
        };
    }
}

fn model_cfg(w: Window, learn: Option<Key>) -> JobConfig {
    JobConfig {
        window: w,
        schedule: Schedule::Model(w),
        timeout_ms: 3_600_000.0,
        max_retries: 5,
        learn,
    }
}

const FULL: &str = "google/veo-3.1-i2v";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// The README's promise: from the guard read on, no status read comes more than the gap (and
    /// its round trip) after the one before, whatever the model, its settings, what was learned,
    /// how long the job queues and runs, and when a resumed job was submitted.
    #[test]
    fn after_the_guard_read_no_gap_is_longer_than_the_bound(
        model in prop::sample::select(vec![
            FULL, "google/veo-3.1-t2v-fast", "veo-3.1-lite-generate-001", "acme/other",
        ]),
        seconds in prop::option::of(prop::sample::select(vec![4u32, 6, 8])),
        speed in 0.2f64..5.0,
        queue in prop_oneof![Just(0.0), 1_000.0f64..400_000.0],
        run_ms in 1_000.0f64..700_000.0,
        rtt in 0.0f64..400.0,
        ago in prop::option::of(0.0f64..300_000.0),
        seed in any::<u64>(),
    ) {
        let prior = Window::for_request(model, seconds, None);
        let key = Key::new(model, seconds, None);
        let mut learned = Learned::default();
        if let Some(k) = key {
            let mid = (prior.lo + prior.hi) / 2.0 * speed;
            learned.add(k, Seen { pending: mid * 0.95, done: mid * 1.05 });
        }
        let w = key.map_or(prior, |k| learned.window(&k, prior));
        let cfg = model_cfg(w, key);
        // A resumed job was submitted `ago` ms before the call; its guard counts from then.
        let (mut job, origin) = match ago {
            Some(a) => (Job::wait(cfg, begin(seed), "g".into(), Some(Date(1_800_000_000_000.0 - a))), -a),
            None => (Job::generate(cfg, begin(seed)), 0.0),
        };
        let reads = run(&mut job, queue, queue + run_ms, rtt);
        for p in reads.windows(2) {
            if p[1] - origin > GUARD_MS + SHIFT_MS + rtt {
                prop_assert!(p[1] - p[0] <= GAP_MS + rtt + 1e-6, "{} ms between reads at {} and {}", p[1] - p[0], p[0], p[1]);
            }
        }
    }
}

/// Six jobs of a page whose jobs take `speed` times the vendor's window, learning as they go:
/// the window the last one was given.
fn page(speed: f64, durations: &[f64]) -> Window {
    let key = Key::new(FULL, None, None);
    let prior = Window::for_model(FULL);
    let mut learned = Learned::default();
    for (i, d) in durations.iter().enumerate() {
        let mut job = Job::generate(
            model_cfg(learned.window(&key.unwrap(), prior), key),
            begin(i as u64),
        );
        run(&mut job, 0.0, d * speed, 150.0);
        let (k, seen) = job.seen().expect("a finished job is learned");
        learned.add(k, seen);
    }
    learned.window(&key.unwrap(), prior)
}

#[test]
fn the_window_moves_toward_the_pages_truth() {
    let prior = Window::for_model(FULL);
    let jobs = [82_000.0, 97_000.0, 88_000.0, 91_000.0, 85_000.0, 99_000.0];
    // Jobs of the vendor's speed leave the vendor's window as it is.
    assert_eq!(page(1.0, &jobs), prior);
    // Twice as slow: the window is about twice as late, within a tenth.
    for speed in [2.0, 0.5, 3.0] {
        let w = page(speed, &jobs);
        for (got, want) in [(w.lo, prior.lo * speed), (w.hi, prior.hi * speed)] {
            assert!((got / want - 1.0).abs() < 0.1, "speed {speed}: {w:?}");
        }
    }
}

#[test]
fn one_outlier_is_outvoted_and_none_moves_the_window_past_its_bounds() {
    let key = Key::new(FULL, None, None).unwrap();
    let prior = Window::for_model(FULL);
    let mut learned = Learned::default();
    for d in [86_000.0, 93_000.0, 90_000.0] {
        learned.add(
            key,
            Seen {
                pending: d - 2_000.0,
                done: d,
            },
        );
    }
    // A job that sat in a queue the API never reported: ten minutes.
    learned.add(
        key,
        Seen {
            pending: 590_000.0,
            done: 600_000.0,
        },
    );
    assert_eq!(learned.window(&key, prior), prior);
    // On a fresh page, the outlier is all there is: the window follows it, but not past 4×.
    let mut fresh = Learned::default();
    fresh.add(
        key,
        Seen {
            pending: 1_190_000.0,
            done: 1_200_000.0,
        },
    );
    let w = fresh.window(&key, prior);
    assert_eq!((w.lo, w.hi), (prior.lo * BOUND, prior.hi * BOUND));
    // Times no job can have are not taken in at all.
    for bad in [(5.0, 1.0), (-1.0, 5.0), (0.0, f64::NAN), (0.0, 1e12)] {
        fresh.add(
            key,
            Seen {
                pending: bad.0,
                done: bad.1,
            },
        );
    }
    assert_eq!(fresh.jobs().len(), 1);
    // Each model and settings learns on its own, and only so many jobs are kept.
    let other = Key::new(FULL, Some(4), Some("720P")).unwrap();
    assert_eq!(fresh.window(&other, prior), prior);
    for i in 0..100 {
        fresh.add(
            other,
            Seen {
                pending: 1_000.0 * i as f64,
                done: 1_000.0 * i as f64 + 500.0,
            },
        );
    }
    assert_eq!(fresh.jobs().iter().filter(|(k, _)| *k == other).count(), 8);
    assert_eq!(fresh.jobs().len(), 9);
}

#[test]
fn what_is_learned_holds_model_names_settings_and_times_only() {
    let key = "sk-LIVE-0123456789abcdef";
    let raw = RawOptions {
        api_key: Some(key.into()),
        model: Some(FULL.into()),
        resolution: Some("1080p".into()),
        prompt: Some(format!("a cat {key}")),
        image_url: Some("https://example.com/cat.png".into()),
        ..Default::default()
    };
    let cfg = config(Mode::Generate, &raw, &Learned::default());
    let mut job = Job::generate(cfg, begin(1));
    run(&mut job, 0.0, 90_000.0, 150.0);
    let mut learned = Learned::default();
    let (k, seen) = job.seen().unwrap();
    learned.add(k, seen);
    let text = learned.to_json();
    assert!(
        !text.contains("sk-") && !text.contains("gen-7") && !text.contains("cat"),
        "{text}"
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let job = &v["jobs"][0];
    assert_eq!(
        (v["version"].as_f64(), job["model"].as_str()),
        (Some(1.0), Some(FULL))
    );
    assert_eq!(job["resolution"], "1080p");
    let (p, d) = (
        job["pendingMs"].as_f64().unwrap(),
        job["doneMs"].as_f64().unwrap(),
    );
    assert!(p < 90_000.0 && (90_000.0..95_000.0).contains(&d), "{text}");
    assert_eq!(job.as_object().unwrap().len(), 4, "{text}");
    // What is read back is what was written (to the millisecond).
    assert_eq!(Learned::read(&v).unwrap().to_json(), text);
    // A model outside the family is the caller's text: not learned. `learn: false` neither.
    assert_eq!(Key::new("acme/my-model-sk-LIVE", None, None), None);
    let off = RawOptions {
        learn: Some(false),
        ..raw
    };
    assert_eq!(config(Mode::Generate, &off, &learned).learn, None);
    assert_eq!(
        config(Mode::Generate, &off, &learned).schedule,
        Schedule::Model(Window::for_model(FULL))
    );
}

#[test]
fn only_what_export_wrote_is_imported() {
    use serde_json::json;
    let good = json!({"version": 1, "jobs": [{"model": FULL, "duration": 100, "pendingMs": 70000, "doneMs": 72000}]});
    assert_eq!(Learned::read(&good).unwrap().jobs().len(), 1);
    for bad in [
        json!({"version": 1}),
        json!({"version": 1, "jobs": null}),
        json!(null),
        json!([]),
        json!({"version": 2, "jobs": []}),
        json!({"version": 1, "jobs": {}}),
        json!({"version": 1, "jobs": [{"model": "acme/x", "pendingMs": 1, "doneMs": 2}]}),
        json!({"version": 1, "jobs": [{"model": "GOOGLE/veo-3.1-i2v", "pendingMs": 1, "doneMs": 2}]}),
        json!({"version": 1, "jobs": [{"model": "x:google/veo-3.1-i2v", "pendingMs": 1, "doneMs": 2}]}),
        json!({"version": 1, "jobs": [{"model": FULL, "pendingMs": 5, "doneMs": 2}]}),
        json!({"version": 1, "jobs": [{"model": FULL, "pendingMs": -1, "doneMs": 2}]}),
        json!({"version": 1, "jobs": [{"model": FULL, "pendingMs": 1}]}),
        json!({"version": 1, "jobs": [{"model": FULL, "duration": 7.5, "pendingMs": 1, "doneMs": 2}]}),
        json!({"version": 1, "jobs": [{"model": FULL, "resolution": "4k", "pendingMs": 1, "doneMs": 2}]}),
        json!({"version": 1, "jobs": [{"model": FULL, "pendingMs": 1, "doneMs": 1e12}]}),
    ] {
        let e = Learned::read(&bad).expect_err(&bad.to_string());
        assert!(e.message.contains("exportTimings()"), "{}", e.message);
    }
}

#[test]
fn a_resumed_job_uses_what_it_is_given_and_teaches_nothing() {
    let key = Key::new(FULL, None, None).unwrap();
    let mut learned = Learned::default();
    learned.add(
        key,
        Seen {
            pending: 178_000.0,
            done: 181_000.0,
        },
    );
    // waitForVideo after a reload: the model from the id, the window from what was imported.
    let raw = RawOptions {
        id: Some("gen-7:google/veo-3.1-i2v".into()),
        api_key: Some("sk-1".into()),
        ..Default::default()
    };
    let cfg = config(Mode::Wait, &raw, &learned);
    assert_eq!(
        cfg.schedule,
        Schedule::Model(learned.window(&key, Window::for_model(FULL)))
    );
    let Schedule::Model(w) = cfg.schedule else {
        unreachable!()
    };
    assert!(w.lo > 150_000.0, "{w:?}");
    // Its length and resolution are not known here (nor, without `submittedAt`, when it began):
    // it would teach the model's default window, so nothing is learned.
    for at in [None, Some(Date(1_800_000_000_000.0 - 60_000.0))] {
        let mut job = Job::wait(cfg.clone(), begin(2), "gen-7".into(), at);
        run(&mut job, 0.0, 50_000.0, 150.0);
        assert_eq!(job.seen(), None);
    }
}
