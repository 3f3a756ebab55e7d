//! When to read a job's status next, and how long to back off after a failed read: pure functions
//! of elapsed time, attempt number and a random draw, so they can be checked on a virtual clock.

/// How a job is polled.
#[derive(Clone, Debug, PartialEq)]
pub enum Schedule {
    /// The same wait between every two status reads (`pollIntervalMs`).
    Fixed(f64),
}

/// The default interval, as in the vendor's examples.
pub const DEFAULT_POLL_MS: f64 = 10_000.0;

impl Schedule {
    /// Milliseconds to wait before the next status read, given the time since the job was
    /// submitted and `rand` in `[0, 1)`.
    pub fn next_delay(&self, _elapsed_ms: f64, _rand: f64) -> f64 {
        match *self {
            Schedule::Fixed(ms) => ms,
        }
    }

    /// The base of the retry backoff: a second, or less when the caller polls faster than that
    /// (a caller polling every 50 ms expects a failed read to be retried about as soon).
    fn backoff_base(&self) -> f64 {
        match *self {
            Schedule::Fixed(ms) => ms.clamp(1.0, 1000.0),
        }
    }

    /// The wait before retry number `attempt` (1-based) of a failed call: exponential from the
    /// base, capped at 30 s, with "equal jitter" (half fixed, half random) so that many tabs that
    /// failed together do not retry together. A server's `Retry-After` wins when it is given.
    pub fn retry_delay(&self, attempt: u32, retry_after_ms: Option<f64>, rand: f64) -> f64 {
        if let Some(ms) = retry_after_ms {
            return ms.max(0.0);
        }
        let exp = self.backoff_base() * f64::from(1u32 << attempt.saturating_sub(1).min(15));
        let capped = exp.min(30_000.0);
        capped / 2.0 + capped / 2.0 * rand
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
    let num = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
    };
    if let Some(ms) = retry_after_ms.and_then(num) {
        return Some(ms);
    }
    let value = retry_after?.trim();
    match num(value) {
        Some(secs) => Some(secs * 1000.0),
        None => date_delay_ms(value)
            .filter(|v| v.is_finite())
            .map(|v| v.max(0.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_schedule_is_fixed() {
        let s = Schedule::Fixed(10_000.0);
        assert_eq!(s.next_delay(0.0, 0.3), 10_000.0);
        assert_eq!(s.next_delay(95_000.0, 0.9), 10_000.0);
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let s = Schedule::Fixed(10_000.0);
        assert_eq!(s.retry_delay(1, None, 0.0), 500.0);
        assert_eq!(s.retry_delay(1, None, 1.0), 1000.0);
        assert_eq!(s.retry_delay(3, None, 1.0), 4000.0);
        assert_eq!(s.retry_delay(30, None, 1.0), 30_000.0);
        assert_eq!(Schedule::Fixed(20.0).retry_delay(2, None, 1.0), 40.0);
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
