//! Poll efficiency on a virtual clock: the lag between a job finishing on the server and the call
//! resolving, and the status reads per job, for this library's default schedule (the real [`Job`]
//! state machine, learning included), for the vendor example's fixed 10-second loop, and for the
//! best schedule any client could run against the same prior (`best.rs`). Prints JSON lines, one
//! per seed; `npm run bench` takes medians and checks the goals.
//!
//! Scenarios, per tier: "typical" (generation starts at once and lasts the tier's window) and
//! "queue" (first a queue of 1 to 200 s, log-uniform, that the API reports as "queued"). For the
//! full tier also: "blind" (30 to 300 s, log-uniform, "generating" throughout: nothing tells a
//! queue from a slow job), "mixture" (85 % typical, 15 % blind), "pages" (each page's jobs take
//! s × 80–100 s, s log-uniform over 0.375–3; jobs 2 to 6 of each page, after learning from the
//! ones before), "typical-pages" (the same at s = 1, with and without learning) and "fail" (the
//! job fails at once).

mod best;

use aimlapi_video::learn::{Key, Learned};
use aimlapi_video::response::{WireBody, WireVideo};
use aimlapi_video::schedule::{Schedule, Window, VENDOR_LOOP_MS};
use aimlapi_video::{Begin, Body, Clock, Date, Instant, Job, JobConfig, Reply, Step};
use best::{frontier, lag_at, Guard, Point, Prior};

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
        trace: Default::default(),
        body: Body::Json(WireBody {
            id: Some("g".into()),
            status: Some(status.into()),
            video: done.then(|| WireVideo {
                urls: vec![Some("https://cdn/v.mp4".into())],
            }),
            ..Default::default()
        }),
    }
}

/// What the server says at `t` of a job queued for `q` ms, then generating until `d`; "failed"
/// when `d` is negative.
fn status(t: f64, q: f64, d: f64) -> &'static str {
    if d < 0.0 {
        "failed"
    } else if t >= d {
        "completed"
    } else if t < q {
        "queued"
    } else {
        "generating"
    }
}

/// One job of the default schedule for `window`, queued `q` ms and finished `d` ms after the
/// submit: (lag, reads, the job at its end).
fn library(window: Window, learn: Option<Key>, q: f64, d: f64, seed: u64) -> (f64, u32, Job) {
    let cfg = JobConfig {
        window,
        schedule: Schedule::Model(window),
        timeout_ms: 3_600_000.0,
        max_retries: 5,
        learn,
    };
    let mut job = Job::generate(cfg, begin(seed));
    let _ = job.start(Instant(0.0));
    // The submit's answer, as the API gives it for every new job.
    let mut now = RTT;
    let mut reads = 0;
    let mut step = job.on_reply(Instant(now), reply("queued"));
    loop {
        step = match step {
            Step::Sleep(ms) => {
                now += ms;
                job.on_wake(Instant(now))
            }
            Step::Poll(_) => {
                reads += 1;
                let seen = now + RTT / 2.0;
                now += RTT;
                job.on_reply(Instant(now), reply(status(seen, q, d)))
            }
            Step::Done(_) | Step::Fail(_) => return (now - d.max(0.0), reads, job),
            other => panic!("unexpected {other:?}"),
        };
    }
}

/// The vendor example: read at once, then sleep 10 s after every pending answer.
fn vendor(d: f64) -> (f64, u32) {
    let mut now = 0.0;
    let mut reads = 0;
    loop {
        reads += 1;
        let seen = now + RTT / 2.0;
        now += RTT;
        if seen >= d {
            return (now - d, reads);
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

/// Lags and reads of many jobs.
#[derive(Default)]
struct Tally {
    lags: Vec<f64>,
    reads: Vec<u32>,
}

impl Tally {
    fn push(&mut self, lag: f64, reads: u32) {
        self.lags.push(lag);
        self.reads.push(reads);
    }
    fn mean_lag(&self) -> f64 {
        self.lags.iter().sum::<f64>() / self.lags.len() as f64
    }
    fn mean_reads(&self) -> f64 {
        self.reads.iter().map(|&r| f64::from(r)).sum::<f64>() / self.reads.len() as f64
    }
    fn json(&self) -> String {
        let mut l = self.lags.clone();
        l.sort_by(f64::total_cmp);
        let p95 = l[((l.len() as f64 * 0.95) as usize).min(l.len() - 1)];
        format!(
            r#"{{"meanLagMs":{:.0},"p95LagMs":{p95:.0},"maxLagMs":{:.0},"readsPerJob":{:.3}}}"#,
            self.mean_lag(),
            l[l.len() - 1],
            self.mean_reads()
        )
    }
}

/// The promise the README makes, for the best schedule that keeps it too: from 45 s after the
/// submit, no read more than 10 s after the one before.
const PROMISE: Guard = Guard {
    after: 45_000.0,
    gap: 10_000.0,
};

/// The best schedules' mean lag at the library's and at the loop's reads (round trip included),
/// and each one's ratio to it: any schedule, and (`kept`, when given) one that keeps [`PROMISE`].
fn yardstick(f: &[Point], kept: Option<&[Point]>, lib: &Tally, ven: &Tally) -> String {
    let at = |f: &[Point], t: &Tally| lag_at(f, t.mean_reads()) + RTT / 2.0;
    let (bl, bv) = (at(f, lib), at(f, ven));
    let kept = kept.map_or(String::new(), |k| {
        let b = at(k, lib);
        format!(
            r#","keepingThePromise":{{"atLibraryReadsMs":{b:.0},"libraryRatio":{:.3}}}"#,
            lib.mean_lag() / b
        )
    });
    format!(
        r#"{{"atLibraryReadsMs":{bl:.0},"atLoopReadsMs":{bv:.0},"libraryRatio":{:.3},"loopRatio":{:.3}{kept}}}"#,
        lib.mean_lag() / bl,
        ven.mean_lag() / bv
    )
}

/// Log-uniform over `lo..hi`.
fn log_uniform(lo: f64, hi: f64, u: f64) -> f64 {
    lo * (hi / lo).powf(u)
}

fn log_uniform_cdf(lo: f64, hi: f64, t: f64) -> f64 {
    ((t / lo).ln() / (hi / lo).ln()).clamp(0.0, 1.0)
}

fn uniform_cdf(lo: f64, hi: f64, t: f64) -> f64 {
    ((t - lo) / (hi - lo)).clamp(0.0, 1.0)
}

const FULL: &str = "google/veo-3.1-i2v";
/// Page speeds: jobs of a page take this many times the vendor's window.
const PAGE_SPEED: (f64, f64) = (0.375, 3.0);

fn main() {
    let jobs = 2000;
    let pages = 400;
    let tiers = [
        ("full", FULL),
        ("fast", "google/veo-3.1-i2v-fast"),
        ("lite", "google/veo-3-1-lite-generate-preview"),
    ];
    // The frontiers do not depend on the seed: computed once.
    let full = Window::for_model(FULL);
    let blind_cdf = |t: f64| log_uniform_cdf(30_000.0, 300_000.0, t);
    // Each prior's frontiers: any schedule, and one that keeps the promise.
    let both = |p: Prior| (frontier(&p, None), Some(frontier(&p, Some(PROMISE))));
    let mut frontiers = vec![];
    for (tier, model) in tiers {
        let w = Window::for_model(model);
        let prior = Prior::from_cdf(w.hi, |t| uniform_cdf(w.lo, w.hi, t));
        frontiers.push((format!("{tier}/typical"), both(prior)));
    }
    frontiers.push((
        "full/blind".into(),
        both(Prior::from_cdf(300_000.0, blind_cdf)),
    ));
    frontiers.push((
        "full/mixture".into(),
        both(Prior::from_cdf(300_000.0, |t| {
            0.85 * uniform_cdf(full.lo, full.hi, t) + 0.15 * blind_cdf(t)
        })),
    ));
    // For pages: the best schedule knowing the page's speed s is the s = 1 schedule stretched s
    // times (lag × s, same reads) at a cost per read / s; one cost for all pages.
    let unit = Prior::from_cdf(full.hi, |t| uniform_cdf(full.lo, full.hi, t));
    let unit_costs: Vec<(f64, Point)> = (0..160)
        .map(|i| {
            let c = 1.0 * 10f64.powf(i as f64 * 5.5 / 159.0);
            (c, best::best(&unit, c, None))
        })
        .collect();
    let speeds: Vec<f64> = (0..64)
        .map(|i| log_uniform(PAGE_SPEED.0, PAGE_SPEED.1, (i as f64 + 0.5) / 64.0))
        .collect();
    let mut page_front: Vec<Point> = (0..48)
        .map(|i| {
            let cost = 10.0 * 10f64.powf(i as f64 * 4.0 / 47.0);
            let (mut lag, mut reads) = (0.0, 0.0);
            for s in &speeds {
                let want = cost / s;
                let p = unit_costs
                    .iter()
                    .min_by(|a, b| {
                        (a.0.ln() - want.ln())
                            .abs()
                            .total_cmp(&(b.0.ln() - want.ln()).abs())
                    })
                    .map(|x| x.1)
                    .unwrap_or(Point {
                        lag: 0.0,
                        reads: 0.0,
                    });
                lag += s * p.lag;
                reads += p.reads;
            }
            let n = speeds.len() as f64;
            Point {
                lag: lag / n,
                reads: reads / n,
            }
        })
        .collect();
    page_front.sort_by(|a, b| a.reads.total_cmp(&b.reads));
    // (The promise is not the same when stretched: no such frontier here.)
    frontiers.push(("full/pages".into(), (page_front, None)));
    let front = |key: &str| frontiers.iter().find(|f| f.0 == key).map(|f| &f.1);

    for seed in 1..=5u64 {
        let mut out = vec![];
        for (tier, model) in tiers {
            let w = Window::for_model(model);
            for scenario in ["typical", "queue", "blind", "mixture", "fail"] {
                if tier != "full" && !matches!(scenario, "typical" | "queue") {
                    continue;
                }
                let mut rng = Rng(seed * 0x9E37_79B9_7F4A_7C15);
                let (mut lib, mut ven) = (Tally::default(), Tally::default());
                for i in 0..jobs {
                    let blind = |u: f64| log_uniform(30_000.0, 300_000.0, u);
                    let (q, d) = match scenario {
                        "typical" => (0.0, w.lo + (w.hi - w.lo) * rng.next()),
                        "queue" => {
                            let q = log_uniform(1_000.0, 200_000.0, rng.next());
                            (q, q + w.lo + (w.hi - w.lo) * rng.next())
                        }
                        "blind" => (0.0, blind(rng.next())),
                        "mixture" => {
                            let (a, b) = (rng.next(), rng.next());
                            (
                                0.0,
                                if a < 0.85 {
                                    w.lo + (w.hi - w.lo) * b
                                } else {
                                    blind(b)
                                },
                            )
                        }
                        _ => (0.0, -1.0),
                    };
                    let (l, r, _) = library(w, None, q, d, seed * 10_000 + i);
                    lib.push(l, r);
                    let (l, r) = vendor(d.max(0.0));
                    ven.push(l, r);
                }
                let key = format!("{tier}/{scenario}");
                let best = match front(&key) {
                    Some((f, k)) => {
                        format!(r#","best":{}"#, yardstick(f, k.as_deref(), &lib, &ven))
                    }
                    None => String::new(),
                };
                out.push(format!(
                    r#""{key}":{{"window":[{},{}],"library":{},"vendorLoop":{}{best}}}"#,
                    w.lo,
                    w.hi,
                    lib.json(),
                    ven.json()
                ));
            }
        }
        // Pages of different speeds, six jobs each, learning as they go; jobs 2 to 6 are counted.
        // Then pages of the vendor's speed, with and without learning.
        let key = Key::new(FULL, None, None);
        for scenario in ["pages", "typical-pages"] {
            let mut rng = Rng(seed * 0xD1B5_4A32_D192_ED03);
            let (mut lib, mut ven, mut unlearned) =
                (Tally::default(), Tally::default(), Tally::default());
            for p in 0..pages {
                let s = match scenario {
                    "pages" => log_uniform(PAGE_SPEED.0, PAGE_SPEED.1, rng.next()),
                    _ => 1.0,
                };
                let mut learned = Learned::default();
                for j in 0..6u64 {
                    let d = s * (full.lo + (full.hi - full.lo) * rng.next());
                    let w = key.map_or(full, |k| learned.window(&k, full));
                    let js = seed * 100_000 + p * 10 + j;
                    let (l, r, job) = library(w, key, 0.0, d, js);
                    if let Some((k, seen)) = job.seen() {
                        learned.add(k, seen);
                    }
                    if j == 0 {
                        continue;
                    }
                    lib.push(l, r);
                    let (l, r, _) = library(full, None, 0.0, d, js);
                    unlearned.push(l, r);
                    let (l, r) = vendor(d);
                    ven.push(l, r);
                }
            }
            let best = match front(&format!("full/{scenario}")) {
                Some((f, k)) => format!(r#","best":{}"#, yardstick(f, k.as_deref(), &lib, &ven)),
                None => String::new(),
            };
            out.push(format!(
                r#""full/{scenario}":{{"window":[{},{}],"library":{},"withoutLearning":{},"vendorLoop":{}{best}}}"#,
                full.lo,
                full.hi,
                lib.json(),
                unlearned.json(),
                ven.json()
            ));
        }
        println!("{{\"seed\":{seed},{}}}", out.join(","));
    }
}
