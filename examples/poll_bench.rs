//! Poll efficiency on a virtual clock: for job lengths drawn from the Veo 3.1 typical window and
//! from a wide queue spread, the lag between the job finishing on the server and the call
//! resolving, and the status requests per job, for this library's default schedule (the real
//! [`Job`] state machine) and for the vendor example's fixed 10-second loop. Prints JSON lines,
//! one per seed; `npm run bench` takes medians.

use aimlapi_video::response::{WireBody, WireVideo};
use aimlapi_video::schedule::{Schedule, Window, VENDOR_LOOP_MS};
use aimlapi_video::{Body, Job, JobConfig, Reply, Step};

/// One request's round trip; the server reads the status halfway.
const RTT: f64 = 150.0;

fn reply(done: bool) -> Reply {
    Reply::Http {
        status: 200,
        retry_after_ms: None,
        request_id: None,
        body: Body::Json(WireBody {
            id: Some("g:google/veo-3.1-i2v".into()),
            status: Some(if done { "completed" } else { "generating" }.into()),
            video: done.then(|| WireVideo {
                url: Some("https://cdn/v.mp4".into()),
            }),
            ..Default::default()
        }),
    }
}

/// (lag, requests) of the default schedule for a job that finishes `d` ms after the submit.
fn library(d: f64, seed: u64) -> (f64, u32) {
    let cfg = JobConfig {
        schedule: Schedule::Model(Window::for_model("google/veo-3.1-i2v")),
        timeout_ms: 3_600_000.0,
        max_retries: 5,
    };
    let mut job = Job::resume(cfg, 0.0, seed, "g:google/veo-3.1-i2v".into());
    // Resume starts with a read at once; the library's submit is followed by a wait instead.
    // Start from that wait: the same schedule, measured from the submit.
    let mut now = 0.0;
    let mut requests = 0;
    let mut step = job.on_reply(now, reply(false));
    loop {
        step = match step {
            Step::Sleep(ms) => {
                now += ms;
                job.on_wake(now)
            }
            Step::Poll(_) => {
                requests += 1;
                let seen = now + RTT / 2.0;
                now += RTT;
                job.on_reply(now, reply(seen >= d))
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
    for seed in 1..=5u64 {
        let mut out = vec![];
        for (name, lo, hi, log) in [
            ("typical", 80_000.0, 100_000.0, false),
            ("wide", 30_000.0, 300_000.0, true),
        ] {
            let mut rng = Rng(seed * 0x9E37_79B9_7F4A_7C15);
            let (mut ll, mut lr, mut vl, mut vr) = (vec![], vec![], vec![], vec![]);
            for i in 0..jobs {
                let u = rng.next();
                let d: f64 = if log {
                    lo * f64::powf(hi / lo, u)
                } else {
                    lo + (hi - lo) * u
                };
                let (l, r) = library(d, seed * 1000 + i);
                ll.push(l);
                lr.push(r);
                let (l, r) = vendor(d);
                vl.push(l);
                vr.push(r);
            }
            out.push(format!(
                r#""{name}":{{"library":{},"vendorLoop":{}}}"#,
                summary(ll, lr),
                summary(vl, vr)
            ));
        }
        println!("{{\"seed\":{seed},{}}}", out.join(","));
    }
}
