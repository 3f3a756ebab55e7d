//! When to read a job's status next, and how long to back off after a failed read: pure functions
//! of elapsed time, attempt number and a random draw, so they can be checked on a virtual clock.

use crate::models::{self, Tier};
use crate::text::{split_at_byte, starts_with_ci};

/// How a job is polled.
#[derive(Clone, Debug, PartialEq)]
pub enum Schedule {
    /// The same wait between every two status reads (`pollIntervalMs`).
    Fixed(f64),
    /// The default: shaped by when the model usually finishes.
    Model(Window),
}

/// When a model's jobs usually finish, in milliseconds after the submit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Most jobs are not done before this.
    pub lo: f64,
    /// Most jobs are done by this.
    pub hi: f64,
    /// The interval across the window.
    pub dense: f64,
}

/// The vendor's page: "Generation may take around 80-100 seconds for a 8-second video".
pub const VEO_3_1: Window = Window {
    lo: 80_000.0,
    hi: 100_000.0,
    dense: 2_500.0,
};

/// Models this library knows nothing about: a wide window, a coarser grid.
pub const GENERIC: Window = Window {
    lo: 20_000.0,
    hi: 120_000.0,
    dense: 4_000.0,
};

/// The first guard read, after the submit: from here on, no wait between two status reads is
/// longer than [`GAP_MS`]. On jobs spread over 30–300 s, 5 % are done before 34 s: a guard from
/// here keeps the p95 lag under a 10-second loop's (docs/ARCHITECTURE.md, "The schedule").
pub const GUARD_MS: f64 = 43_000.0;
/// The longest wait after the guard read, in a queue and past the window included: with a round
/// trip of under half a second, reads stay under 10 s apart.
pub const GAP_MS: f64 = 9_500.0;
/// The first read, to catch jobs that fail at once (bad image, moderation).
const EARLY_MS: f64 = 4_000.0;
/// The longest wait before the guard read.
const SPARSE_MS: f64 = 40_000.0;
/// The widest interval across a window: a window learned from slow jobs is wide.
const DENSE_MAX_MS: f64 = 4_500.0;
/// The shortest, at the window's end: jobs that outlive the window are not many, and each read
/// there costs one for every job still running.
const DENSE_MIN_MS: f64 = 1_500.0;
/// The most a job's reads are moved, at random, once for the job, so that many tabs do not poll
/// in step. One move per job, not a jitter on each wait: that would stretch a gap past the guard's
/// bound, and the even steps to the window would lose their count.
pub const SHIFT_MS: f64 = 1_250.0;
/// How much shorter than [`GAP_MS`] a wait in a queue may be, at random: a queue's reads are not
/// in step either.
const QUEUE_JITTER_MS: f64 = 500.0;
/// The shortest wait between two status reads, whatever `pollIntervalMs` says: at most ten reads a
/// second, so that a 0 or a typo cannot turn a tab into a flood of requests.
pub const MIN_POLL_MS: f64 = 100.0;
/// The shortest wait a server's `Retry-After` on a pending answer may set ([`Schedule::paced`]):
/// at most one read a second, whatever it asks.
pub const PACE_MIN_MS: f64 = 1_000.0;
/// The longest: never a minute without a read.
pub const PACE_MAX_MS: f64 = 60_000.0;
/// The shortest wait before a retry, whatever the server's `Retry-After` says: a blip of 503s
/// lasting a second must not use up every retry.
pub const MIN_RETRY_MS: f64 = 250.0;

impl Window {
    /// The window for a model name (or a generation id, which ends in `:<model>`), for its
    /// longest video.
    pub fn for_model(model: &str) -> Window {
        Window::for_request(model, None, None)
    }

    /// The window of one request: the model's tier, scaled by the video's length and resolution.
    /// Only the full tier's 8-second 1080p window is the vendor's figure; the rest are this
    /// library's assumptions (see "When it polls" in the README), for the live check and the
    /// page's own jobs ([`crate::learn`]) to correct: the fast tier takes half as long, lite 40 %;
    /// a video of `d` seconds takes 0.4 + 0.6 d/8 of an 8-second one, and 720p 80 % of 1080p.
    pub fn for_request(model: &str, seconds: Option<u32>, resolution: Option<&str>) -> Window {
        let model = models::named_by(model);
        let tier = match models::find(model) {
            Some(m) => m.tier,
            None if starts_with_ci(model, "google/veo-3.1")
                || starts_with_ci(model, "google/veo3") =>
            {
                Tier::Full
            }
            None => return GENERIC,
        };
        let mut scale = match tier {
            Tier::Full => 1.0,
            Tier::Fast => 0.5,
            Tier::Lite => 0.4,
        };
        if let Some(s) = seconds {
            scale *= 0.4 + 0.6 * f64::from(s.min(8)) / 8.0;
        }
        if resolution.is_some_and(|r| r.eq_ignore_ascii_case("720p")) {
            scale *= 0.8;
        }
        VEO_3_1.scaled(scale)
    }

    /// This window for jobs `by` times as long.
    pub fn scaled(&self, by: f64) -> Window {
        let (lo, hi) = (self.lo * by, self.hi * by);
        Window {
            lo,
            hi,
            // Eight reads across the window, not more than about one a second and a half, and not
            // so few that a wide window costs seconds of lag.
            dense: ((hi - lo) / 8.0).clamp(2_000.0, DENSE_MAX_MS),
        }
    }

    /// The wait before the next read, before the job's shift, `since_submit` after the submit and
    /// `since_start` after generation began (the same, unless a queue was seen): one early read,
    /// sparse reads until the guard read or the window, reads at most [`GAP_MS`] apart after the
    /// guard, dense reads across the window, then an interval that grows back to [`GAP_MS`].
    pub fn delay(&self, since_submit: f64, since_start: f64) -> f64 {
        // The first dense read half a step into the window: a read at its very start finds nothing.
        let start = self.lo + (self.dense / 2.0).min(1_000.0);
        // Only the wait right after the submit is the early one: once that read is done (the
        // job's shift may put it before 4 s), the sparse phase begins.
        if since_submit < EARLY_MS / 2.0 {
            EARLY_MS - since_submit
        } else if since_start < start - self.dense {
            let to_window = start - since_start;
            // Half a gap's leeway: the guard read need not land on the millisecond.
            if since_submit < GUARD_MS - GAP_MS / 2.0 {
                to_window.min(GUARD_MS - since_submit).min(SPARSE_MS)
            } else {
                // Even steps of at most a gap, the last landing on the window.
                to_window / (to_window / GAP_MS).ceil()
            }
        } else if since_start < self.hi {
            // As the window runs out, the jobs left are ever likelier to be done at the next read:
            // the best wait shrinks with the square root of the time left. As many reads as even
            // steps of `dense`, on average, and a ninth less lag.
            let left = (self.hi - since_start) / (self.hi - self.lo);
            (self.dense * 4.0 / 3.0 * left.sqrt()).clamp(DENSE_MIN_MS, GAP_MS)
        } else {
            (self.dense + (since_start - self.hi) * 0.5).min(GAP_MS)
        }
    }
}

/// The fixed interval of the vendor's examples: the baseline the benchmark compares against.
pub const VENDOR_LOOP_MS: f64 = 10_000.0;

impl Schedule {
    /// Milliseconds to wait before the next status read, `since_submit` after the submit and
    /// `since_start` after generation began. `draw`, in `[0, 1)`, is the job's own: it shifts the
    /// job's reads by up to ±[`SHIFT_MS`] (the early read by half that). A fixed interval is kept
    /// exactly (but never under [`MIN_POLL_MS`]).
    pub fn next_delay(&self, since_submit: f64, since_start: f64, draw: f64) -> f64 {
        match self {
            Schedule::Fixed(ms) => ms.max(MIN_POLL_MS),
            Schedule::Model(w) => {
                let shift = SHIFT_MS * (2.0 * draw - 1.0);
                if since_submit < EARLY_MS / 2.0 {
                    w.delay(since_submit, since_start) + shift / 2.0
                } else {
                    w.delay(since_submit - shift, since_start - shift)
                }
            }
        }
    }

    /// Milliseconds to wait before the next status read while the job waits in a queue, for
    /// `rand` in `[0, 1)`: a fixed interval is kept; the model schedule reads every [`GAP_MS`] or
    /// a little sooner.
    pub fn queue_delay(&self, rand: f64) -> f64 {
        match self {
            Schedule::Fixed(_) => self.next_delay(0.0, 0.0, rand),
            Schedule::Model(_) => GAP_MS - QUEUE_JITTER_MS * rand,
        }
    }

    /// The wait a pending answer's `Retry-After` asks for, within [`PACE_MIN_MS`] and
    /// [`PACE_MAX_MS`], when the default schedule is in use: the server knows its jobs' pace (the
    /// simulator says a second), where the schedule only guesses it. A caller's own
    /// `pollIntervalMs` wins over the server's wish. `None` when the answer asked nothing.
    pub fn paced(&self, asked_ms: Option<f64>) -> Option<f64> {
        match self {
            Schedule::Fixed(_) => None,
            Schedule::Model(_) => asked_ms.map(|ms| ms.clamp(PACE_MIN_MS, PACE_MAX_MS)),
        }
    }

    /// The base of the retry backoff: a second, or less when the caller polls faster than that
    /// (a caller polling every 50 ms expects a failed read to be retried about as soon).
    fn backoff_base(&self) -> f64 {
        match *self {
            Schedule::Fixed(ms) => ms.clamp(1.0, 1000.0),
            Schedule::Model(_) => 1000.0,
        }
    }

    /// The wait before retry number `attempt` (1-based) of a failed call: exponential from the
    /// base, capped at 30 s, with "equal jitter" (half fixed, half random) so that many tabs that
    /// failed together do not retry together. A server's `Retry-After` wins when it is given.
    /// Never under [`MIN_RETRY_MS`].
    pub fn retry_delay(&self, attempt: u32, retry_after_ms: Option<f64>, rand: f64) -> f64 {
        let wait = match retry_after_ms {
            Some(ms) => ms,
            None => {
                let exp =
                    self.backoff_base() * f64::from(1u32 << attempt.saturating_sub(1).min(15));
                let capped = exp.min(30_000.0);
                capped / 2.0 + capped / 2.0 * rand
            }
        };
        wait.max(MIN_RETRY_MS)
    }
}

/// Reads `retry-after-ms` (milliseconds) or else `Retry-After` (seconds, or an HTTP date). Dates
/// are turned into a delay by `date_delay_ms`, which the caller backs with the browser's date
/// parser and clock. `None` when neither header says anything usable.
pub fn retry_after_ms(
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    date_delay_ms: impl Fn(&str) -> Option<f64>,
) -> Option<f64> {
    let num = |s: &str| decimal(s.trim_ascii());
    if let Some(ms) = retry_after_ms.and_then(num) {
        return Some(ms);
    }
    let value = retry_after?.trim_ascii();
    match num(value) {
        Some(secs) => Some(secs * 1000.0),
        None => date_delay_ms(value)
            .filter(|v| v.is_finite())
            .map(|v| v.max(0.0)),
    }
}

/// Reads `123` or `1.5` (what these headers hold). Not `str::parse::<f64>`: that links a general
/// float parser with its tables into the wasm build for two header values.
fn decimal(s: &str) -> Option<f64> {
    let (int, frac) = split_at_byte(s, b'.');
    let frac = frac.unwrap_or("");
    if int.is_empty() || int.len() > 15 || frac.len() > 6 {
        return None;
    }
    let digits = |t: &str| {
        t.bytes().try_fold(0u64, |acc, b| {
            b.is_ascii_digit().then(|| acc * 10 + u64::from(b - b'0'))
        })
    };
    let whole = digits(int)? as f64;
    let part = digits(frac)? as f64 / 10f64.powi(frac.len() as i32);
    Some(whole + part)
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, compiled to wasm, in the browser (`npm test` does both).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The reads of a job that never ends, to `until`, for the job's draw `draw`.
    fn walk(w: Window, until: f64, draw: f64) -> Vec<f64> {
        let mut t = 0.0;
        let mut reads = vec![];
        while t < until {
            t += Schedule::Model(w).next_delay(t, t, draw);
            reads.push(t);
        }
        reads
    }

    #[test]
    fn veo_schedule_checks_early_guards_then_reads_densely() {
        let w = Window::for_model("google/veo-3.1-i2v");
        assert_eq!(w, VEO_3_1);
        assert_eq!(Window::for_model("abc:google/veo-3.1-i2v"), VEO_3_1);
        assert_eq!(Window::for_model("other/model"), GENERIC);
        // Unshifted: reads at 4 s, the guard at 43 s, even steps to a second into the window at
        // 80 s, then across it, the waits shrinking as it runs out (from 3.2 s to 1.5 s).
        let reads = walk(w, 100_000.0, 0.5);
        assert_eq!(
            &reads[..6],
            &[4_000.0, 43_000.0, 52_500.0, 62_000.0, 71_500.0, 81_000.0]
        );
        let waits: Vec<f64> = reads.windows(2).skip(5).map(|p| p[1] - p[0]).collect();
        assert!(waits.windows(2).all(|p| p[1] <= p[0]), "{waits:?}");
        assert!(
            waits[0] < 3_300.0 && waits.last() == Some(&1_500.0),
            "{waits:?}"
        );
        assert!((8..=10).contains(&waits.len()), "{waits:?}");
        // Past the window the interval grows, up to the guard's gap.
        assert_eq!(w.delay(104_000.0, 104_000.0), 4_500.0);
        assert_eq!(
            w.delay(90_000.0, 90_000.0),
            2_500.0 * 4.0 / 3.0 * 0.5f64.sqrt()
        );
        assert_eq!(w.delay(900_000.0, 900_000.0), GAP_MS);
        // A job's draw moves all its reads together, the early one by half as much.
        let late = walk(w, 100_000.0, 1.0 - f64::EPSILON);
        assert!((late[0] - 4_625.0).abs() < 1.0, "{late:?}");
        assert!((late[1] - 44_250.0).abs() < 1.0, "{late:?}");
    }

    #[test]
    fn after_the_guard_no_wait_is_longer_than_the_gap_whatever_the_window() {
        for w in [VEO_3_1, GENERIC, VEO_3_1.scaled(4.0), VEO_3_1.scaled(0.25)] {
            for r in [0.0, 0.5, 0.999] {
                let reads = walk(w, 900_000.0, r);
                for p in reads.windows(2).filter(|p| p[1] > GUARD_MS + SHIFT_MS) {
                    assert!(p[1] - p[0] <= GAP_MS, "{w:?} {r}: {p:?}");
                }
            }
        }
        for r in [0.0, 0.999] {
            assert!(Schedule::Model(VEO_3_1).queue_delay(r) <= GAP_MS);
        }
    }

    #[test]
    fn no_read_comes_right_after_the_early_one() {
        for r in [0.0, 0.3, 0.999] {
            let s = Schedule::Model(VEO_3_1);
            let first = s.next_delay(150.0, 150.0, r) + 150.0;
            let second = s.next_delay(first + 150.0, first + 150.0, r);
            assert!(
                second > 30_000.0,
                "draw {r}: early read at {first}, next after {second}"
            );
        }
    }

    #[test]
    fn fixed_schedule_is_fixed() {
        let s = Schedule::Fixed(10_000.0);
        assert_eq!(s.next_delay(0.0, 0.0, 0.3), 10_000.0);
        assert_eq!(s.next_delay(95_000.0, 95_000.0, 0.9), 10_000.0);
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let s = Schedule::Fixed(10_000.0);
        assert_eq!(s.retry_delay(1, None, 0.0), 500.0);
        assert_eq!(s.retry_delay(1, None, 1.0), 1000.0);
        assert_eq!(s.retry_delay(3, None, 1.0), 4000.0);
        assert_eq!(s.retry_delay(30, None, 1.0), 30_000.0);
        assert_eq!(Schedule::Fixed(600.0).retry_delay(2, None, 1.0), 1200.0);
        // Never a tight loop: at least 250 ms before a retry, 100 ms between reads.
        assert_eq!(
            Schedule::Fixed(20.0).retry_delay(2, None, 1.0),
            MIN_RETRY_MS
        );
        assert_eq!(s.retry_delay(1, Some(0.0), 0.5), MIN_RETRY_MS);
        assert_eq!(
            Schedule::Fixed(0.0).next_delay(5_000.0, 5_000.0, 0.5),
            MIN_POLL_MS
        );
        assert_eq!(s.retry_delay(2, Some(1500.0), 0.7), 1500.0);
    }

    #[test]
    fn retry_after_forms() {
        let no_date = |_: &str| None;
        assert_eq!(retry_after_ms(None, Some("3"), no_date), Some(3000.0));
        assert_eq!(retry_after_ms(Some("250"), Some("3"), no_date), Some(250.0));
        assert_eq!(
            retry_after_ms(Some("junk"), Some(" 2 "), no_date),
            Some(2000.0)
        );
        assert_eq!(retry_after_ms(None, Some("-1"), no_date), None);
        assert_eq!(retry_after_ms(Some("1.5"), None, no_date), Some(1.5));
        assert_eq!(retry_after_ms(Some("1e3"), None, no_date), None);
        assert_eq!(retry_after_ms(Some(".5"), None, no_date), None);
        assert_eq!(retry_after_ms(None, Some("0"), no_date), Some(0.0));
        assert_eq!(retry_after_ms(None, None, no_date), None);
        let date = |s: &str| (s == "Wed, 21 Oct 2026 07:28:00 GMT").then_some(4200.0);
        assert_eq!(
            retry_after_ms(None, Some("Wed, 21 Oct 2026 07:28:00 GMT"), date),
            Some(4200.0)
        );
        let past = |_: &str| Some(-5000.0);
        assert_eq!(
            retry_after_ms(None, Some("Mon, 01 Jan 2024 00:00:00 GMT"), past),
            Some(0.0)
        );
    }
}
