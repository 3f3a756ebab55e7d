//! Time, in two kinds that do not mix: an [`Instant`] of the driver's monotonic clock, which every
//! deadline and wait is measured on, and a [`Date`], which only the caller sees (`submittedAt`).
//! A [`Clock`], read once when a call begins, turns one into the other.

/// A reading of the monotonic clock, in ms (`performance.now()` in JS). A date would jump with
/// the system clock and end a job early or stretch a wait.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Instant(pub f64);

/// A date, in ms since 1970 (`Date.now()` in JS).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Date(pub f64);

impl Instant {
    /// The milliseconds from `earlier` to `self`.
    pub fn since(self, earlier: Instant) -> f64 {
        self.0 - earlier.0
    }

    /// The instant `ms` milliseconds later.
    pub fn after(self, ms: f64) -> Instant {
        Instant(self.0 + ms)
    }

    /// Halfway between `self` and `other`.
    pub fn midpoint(self, other: Instant) -> Instant {
        Instant((self.0 + other.0) / 2.0)
    }
}

/// The two clocks, read at the same moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    /// The date minus the instant.
    epoch: f64,
}

impl Clock {
    /// The clock of which `now` and `today` are the same moment.
    pub fn new(now: Instant, today: Date) -> Clock {
        Clock {
            epoch: today.0 - now.0,
        }
    }

    /// The date of `t`.
    pub fn date(&self, t: Instant) -> Date {
        Date(t.0 + self.epoch)
    }

    /// The instant of `d`.
    pub fn instant(&self, d: Date) -> Instant {
        Instant(d.0 - self.epoch)
    }
}
