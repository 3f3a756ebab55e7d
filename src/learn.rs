//! What the page's own finished jobs say about how long the next one takes: a few observations per
//! model and settings, held in memory, and the window they give the next job's schedule.

use crate::error::{push_num, Error};
use crate::json::Json;
use crate::models;
use crate::schedule::Window;

/// Jobs kept per model and settings: the newest, the oldest dropped first.
pub const KEPT: usize = 8;
/// Jobs kept in all, the oldest dropped first.
pub const ALL: usize = 64;
/// The learned window stays between a quarter and four times the assumed one, whatever the jobs
/// say: a job that sat in a queue the API did not report must not move it further.
pub const BOUND: f64 = 4.0;
/// The longest job an observation may describe, in ms.
const LONGEST_MS: f64 = 3_600_000.0;

/// One finished job, in ms after its generation began: the last read that said it was not done,
/// and the first that said it was. It finished in between.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Seen {
    /// The last read that said "not done".
    pub pending: f64,
    /// The first read that said "done".
    pub done: f64,
}

/// What the observations are kept by: the model, and the settings that change its time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// A model of the family, by the table's own name (never the caller's text).
    pub model: &'static str,
    /// `duration`, when given.
    pub seconds: Option<u32>,
    /// `resolution`, when given: `"720p"` or `"1080p"`.
    pub resolution: Option<&'static str>,
}

impl Key {
    /// The key of a request, or `None` for a model outside the family (its name is the caller's
    /// text, which is not kept). `model` may be a generation id, which ends in `:<model>`.
    pub fn new(model: &str, seconds: Option<u32>, resolution: Option<&str>) -> Option<Key> {
        Some(Key {
            model: models::find(models::named_by(model))?.id,
            seconds,
            resolution: resolution.and_then(|r| {
                ["720p", "1080p"]
                    .into_iter()
                    .find(|k| k.eq_ignore_ascii_case(r))
            }),
        })
    }
}

/// The page's finished jobs, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Learned {
    jobs: Vec<(Key, Seen)>,
}

impl Learned {
    /// Nothing learned yet.
    pub const fn new() -> Learned {
        Learned { jobs: Vec::new() }
    }

    /// The window for the next job of `key`: `prior`, scaled by the speed the page's jobs showed
    /// against it (`prior` itself when there are none).
    pub fn window(&self, key: &Key, prior: Window) -> Window {
        let bound = |r: f64| r.clamp(1.0 / BOUND, BOUND);
        let ranges = || {
            self.jobs
                .iter()
                .filter(|(k, _)| k == key)
                .map(move |(_, s)| (bound(s.pending / prior.hi), bound(s.done / prior.lo)))
        };
        match ranges().next() {
            None => prior,
            Some(_) => prior.scaled(speed(ranges)),
        }
    }

    /// Takes in a finished job of `key`; a time no job can have is ignored.
    pub fn add(&mut self, key: Key, seen: Seen) {
        if !(0.0 <= seen.pending && seen.pending <= seen.done && seen.done <= LONGEST_MS) {
            return;
        }
        let mine = self.jobs.iter().filter(|(k, _)| *k == key).count();
        let oldest = if mine == KEPT {
            self.jobs.iter().position(|(k, _)| *k == key)
        } else {
            (self.jobs.len() == ALL).then_some(0)
        };
        if let Some(i) = oldest {
            // Not `remove`: its bounds check would link a panic message's formatting.
            let mut at = 0;
            self.jobs.retain(|_| {
                at += 1;
                at != i + 1
            });
        }
        self.jobs.push((key, seen));
    }

    /// The jobs, oldest first.
    pub fn jobs(&self) -> &[(Key, Seen)] {
        &self.jobs
    }

    /// What `exportTimings` gives, as JSON text: `{ version: 1, jobs: [{ model, duration?,
    /// resolution?, pendingMs, doneMs }] }`, the times in whole ms. Every string in it is a name
    /// from the model table or `720p`/`1080p`, so none needs escaping.
    pub fn to_json(&self) -> String {
        let mut out = String::from(r#"{"version":1,"jobs":["#);
        for (i, (key, seen)) in self.jobs.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(r#"{"model":""#);
            out.push_str(key.model);
            out.push('"');
            if let Some(s) = key.seconds {
                out.push_str(r#","duration":"#);
                push_num(&mut out, s.into());
            }
            if let Some(r) = key.resolution {
                out.push_str(r#","resolution":""#);
                out.push_str(r);
                out.push('"');
            }
            out.push_str(r#","pendingMs":"#);
            push_num(&mut out, seen.pending.round() as u64);
            out.push_str(r#","doneMs":"#);
            push_num(&mut out, seen.done.round() as u64);
            out.push('}');
        }
        out.push_str("]}");
        out
    }

    /// Reads what `exportTimings` wrote: `{ version: 1, jobs: [{ model, duration?, resolution?,
    /// pendingMs, doneMs }] }`, with at most [`ALL`] jobs. Anything else is refused, with what it
    /// should be. Only those fields are read, each once: the work is bounded whatever the value
    /// holds (the boundary's reader refuses a list or a string past its own bounds unread).
    pub fn read<J: Json>(value: J) -> Result<Learned, Error> {
        let mut learned = Learned::new();
        let ok = value.is_record()
            && num(&value, "version") == Some(1.0)
            && field(&value, "jobs")
                .and_then(|jobs| jobs.items())
                .filter(|jobs| jobs.len() <= ALL)
                .is_some_and(|jobs| {
                    jobs.iter().all(|job| match read_job(job) {
                        Some((key, seen)) => {
                            learned.add(key, seen);
                            true
                        }
                        None => false,
                    })
                });
        if ok {
            return Ok(learned);
        }
        let mut m = String::from("importTimings takes what exportTimings() returned: { version: 1, jobs: [{ model, duration?, resolution?, pendingMs, doneMs }] }, with at most ");
        push_num(&mut m, ALL as u64);
        m.push_str(" jobs");
        Err(Error::invalid(m))
    }
}

/// A field that is there and could be read.
fn field<J: Json>(v: &J, name: &str) -> Option<J> {
    v.field(name).ok().flatten()
}

/// An optional field: `Some(None)` when absent, `None` (refused) when reading it threw.
fn optional<J: Json>(v: &J, name: &str) -> Option<Option<J>> {
    v.field(name).ok()
}

fn num<J: Json>(v: &J, name: &str) -> Option<f64> {
    field(v, name)?.number()
}

/// One job as `exportTimings` wrote it: a model of the family spelled as the table spells it,
/// the settings it names, and two times no job can be without.
fn read_job<J: Json>(job: &J) -> Option<(Key, Seen)> {
    let model = field(job, "model")?.string()?;
    let seconds = match optional(job, "duration")? {
        None => None,
        // The same rule as the option's (`check::seconds`): what was learned reads back.
        Some(d) => crate::check::seconds(&Some(d.number()?), "duration").ok()?,
    };
    let resolution = match optional(job, "resolution")? {
        None => None,
        Some(r) => Some(r.string()?),
    };
    let key = Key::new(&model, seconds, resolution.as_deref())?;
    let same = key.model == model && key.resolution.is_some() == resolution.is_some();
    let seen = Seen {
        pending: num(job, "pendingMs")?,
        done: num(job, "doneMs")?,
    };
    let possible = 0.0 <= seen.pending && seen.pending <= seen.done && seen.done <= LONGEST_MS;
    (same && possible).then_some((key, seen))
}

/// How many times as long as the prior window assumes the page's jobs take, from each job's range
/// of possible factors. Each job says the factor lies in `[pending / hi, done / lo]`: the window had to reach back to when it was last seen pending
/// and forward to when it was seen done. The factor is 1, the vendor's window, for as long as it
/// explains the jobs as well as any other factor; else the middle (geometric) of the range that
/// most jobs agree on. One job that disagrees with the rest (it sat in a queue the API did not
/// report, say) is outvoted; the first job of a page moves the window to it.
fn speed<I: Iterator<Item = (f64, f64)>>(ranges: impl Fn() -> I) -> f64 {
    let votes = |x: f64| ranges().filter(|r| r.0 <= x && x <= r.1).count();
    // How far a factor is from the vendor's, either way.
    let off = |x: f64| x.max(1.0 / x);
    // The best-supported factor is at an end of some range: try each end, and the vendor's.
    let mut best = (votes(1.0), 1.0);
    for (lo, hi) in ranges() {
        for x in [lo, hi] {
            let v = votes(x);
            // The vendor's factor wins a tie (it is the prior); the nearer end wins any other.
            if v > best.0 || (v == best.0 && best.1 != 1.0 && off(x) < off(best.1)) {
                best = (v, x);
            }
        }
    }
    if best.1 == 1.0 {
        return 1.0;
    }
    // The range that the jobs voting for it have in common.
    let (mut lo, mut hi) = (0.0f64, f64::INFINITY);
    for r in ranges().filter(|r| r.0 <= best.1 && best.1 <= r.1) {
        lo = lo.max(r.0);
        hi = hi.min(r.1);
    }
    (lo * hi).sqrt()
}
