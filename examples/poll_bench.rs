//! Poll efficiency on a virtual clock, per tier of the Veo 3.1 family: the lag between a job
//! finishing on the server and the call resolving, and the status requests per job, for this
//! library's default schedule (the real [`Job`] state machine) and for the vendor example's fixed
//! 10-second loop. Scenarios: "typical" (generation starts at once and lasts the tier's window),
//! "queue" (first a wait in a queue of 1 to 200 s, log-uniform, which the API reports as "queued"),
//! and "blind" (30 to 300 s, log-uniform, and the API says "generating" throughout, so nothing tells
//! a queue from a slow job). Prints JSON lines, one per seed; `npm run bench` takes medians.

use aimlapi_video::response::{WireBody, WireVideo};
use aimlapi_video::schedule::{Schedule, Window, VENDOR_LOOP_MS};
use aimlapi_video::{Begin, Body, Clock, Date, Instant, Job, JobConfig, Reply, Step};

/// A call that begins at 0 on the virtual clock.
fn begin(seed: u64) -> Begin {
    Begin {
        at: Instant(0.0),
        clock: Clock::new(Instant(0.0), Date(0.0)),
        seed,
    }
}

/// One request's round trip; the server reads the status halfway.
const RTT: f64 = 150.0;

fn reply(status: &str) -> Reply {
    let done = status == "completed";
    Reply::Http {
        status: 200,
        retry_after_ms: None,
        request_id: None,
        body: Body::Json(WireBody {
            id: Some("g".into()),
            status: Some(status.into()),
            video: done.then(|| WireVideo {
                url: Some("https://cdn/v.mp4".into()),
            }),
            ..Default::default()
        }),
    }
}

/// What the server says at `t` of a job queued for `q` ms, then generating until `d`.
fn status(t: f64, q: f64, d: f64) -> &'static str {
    if t >= d {
        "completed"
    } else if t < q {
        "queued"
    } else {
        "generating"
    }
}

/// (lag, requests) of the default schedule for `model`, for a job queued `q` ms and finished `d` ms
/// after the submit.
fn library(model: &str, q: f64, d: f64, seed: u64) -> (f64, u32) {
    let cfg = JobConfig {
        schedule: Schedule::Model(Window::for_model(model)),
        timeout_ms: 3_600_000.0,
        max_retries: 5,
    };
    let mut job = Job::generate(cfg, begin(seed));
    let _ = job.start(Instant(0.0));
    // The submit's answer, as the API gives it for every new job.
    let mut now = RTT;
    let mut requests = 0;
    let mut step = job.on_reply(Instant(now), reply("queued"));
    loop {
        step = match step {
            Step::Sleep(ms) => {
                now += ms;
                job.on_wake(Instant(now))
            }
            Step::Poll(_) => {
                requests += 1;
                let seen = now + RTT / 2.0;
                now += RTT;
                job.on_reply(Instant(now), reply(status(seen, q, d)))
            }
            Step::Done(_) => return (now - d, requests),
            other => panic!("unexpected {other:?}"),
        };
    }
}

/// The vendor example: read at once, then sleep 10 s after every pending answer.
fn vendor(d: f64) -> (f64, u32) {
    let mut now = 0.0;
    let mut requests = 0;
    loop {
        requests += 1;
        let seen = now + RTT / 2.0;
        now += RTT;
        if seen >= d {
            return (now - d, requests);
        }
        now += VENDOR_LOOP_MS;
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn summary(mut lags: Vec<f64>, requests: Vec<u32>) -> String {
    lags.sort_by(f64::total_cmp);
    let n = lags.len() as f64;
    let mean = lags.iter().sum::<f64>() / n;
    let p95 = lags[((n * 0.95) as usize).min(lags.len() - 1)];
    let req = requests.iter().map(|&r| f64::from(r)).sum::<f64>() / n;
    format!(r#"{{"meanLagMs":{mean:.0},"p95LagMs":{p95:.0},"requestsPerJob":{req:.2}}}"#)
}

fn main() {
    let jobs = 2000;
    let tiers = [
        ("full", "google/veo-3.1-i2v"),
        ("fast", "google/veo-3.1-i2v-fast"),
        ("lite", "google/veo-3-1-lite-generate-preview"),
    ];
    for seed in 1..=5u64 {
        let mut out = vec![];
        for (tier, model) in tiers {
            let w = Window::for_model(model);
            for scenario in ["typical", "queue", "blind"] {
                if scenario == "blind" && tier != "full" {
                    continue;
                }
                let mut rng = Rng(seed * 0x9E37_79B9_7F4A_7C15);
                let (mut ll, mut lr, mut vl, mut vr) = (vec![], vec![], vec![], vec![]);
                for i in 0..jobs {
                    let (q, d) = match scenario {
                        "typical" => (0.0, w.lo + (w.hi - w.lo) * rng.next()),
                        "queue" => {
                            let q = 1_000.0 * f64::powf(200.0, rng.next());
                            (q, q + w.lo + (w.hi - w.lo) * rng.next())
                        }
                        _ => (0.0, 30_000.0 * f64::powf(10.0, rng.next())),
                    };
                    let (l, r) = library(model, q, d, seed * 1000 + i);
                    ll.push(l);
                    lr.push(r);
                    let (l, r) = vendor(d);
                    vl.push(l);
                    vr.push(r);
                }
                out.push(format!(
                    r#""{tier}/{scenario}":{{"window":[{},{}],"library":{},"vendorLoop":{}}}"#,
                    w.lo,
                    w.hi,
                    summary(ll, lr),
                    summary(vl, vr)
                ));
            }
        }
        println!("{{\"seed\":{seed},{}}}", out.join(","));
    }
}
