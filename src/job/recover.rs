//! A job whose submit's answer was lost, found again: its client request id looked up in the
//! usage logs (`GET /v2/logs`, [`crate::logs`]), by `generateVideo` on its own and by
//! `recoverGeneration` for a caller who kept the id. The logs list a job once it has ended and may
//! lag, so a lookup that finds nothing is tried again, on the job's expected window, until the
//! deadline. A second submit is never sent.

use super::{Goal, Job, Phase, Step};
use crate::error::{push_num, Code, Error};
use crate::logs::{parse_iso, Query, Row, MAX_PAGES, PAGE};
use crate::options::JobConfig;
use crate::reply::{Body, Reply};
use crate::time::{Date, Instant};

/// The first lookup, a few seconds after the answer was lost: whether a row can appear before the
/// job ends is not known (`npm run live` says).
const FIRST_MS: f64 = 3_000.0;
/// Between lookups once the job's window has begun.
const GAP_MS: f64 = 15_000.0;
/// After a lookup that got no answer at all: one more try, soon.
const UNANSWERED_MS: f64 = 5_000.0;
/// How far back `recoverGeneration` looks when it is not told when the job was submitted.
const DAY_MS: f64 = 86_400_000.0;

/// Where a lookup stands.
#[derive(Debug, Default)]
pub(super) struct Lookup {
    /// The model the submit named: the logs are read for it.
    pub model: Option<String>,
    /// When the submit went out (or, for `recoverGeneration`, may have).
    pub sent_at: Option<Instant>,
    /// The error of the lost answer, which the call ends with if the job is not found.
    lost: Option<Error>,
    offset: u32,
    pages: u32,
    /// Lookups in a row that got no answer at all.
    unanswered: u32,
    /// Other jobs sent under the same client request id.
    pub duplicates: Vec<String>,
}

impl Job {
    /// `generateVideo`: when the submit's answer is lost, look for the job of `model` in the usage
    /// logs by the client request id, and follow it.
    pub fn recovering(mut self, model: &str) -> Job {
        self.lookup.model = Some(model.to_owned());
        self
    }

    /// `recoverGeneration`: find the job sent with `client_request_id` to `model`, submitted at
    /// `submitted` (when the caller says; else within the last day).
    pub fn recover(
        cfg: JobConfig,
        begin: super::Begin,
        client_request_id: String,
        model: String,
        submitted: Option<Date>,
    ) -> Job {
        let mut job = Job::new(Goal::Id, cfg, begin, None);
        job.submits = false;
        job.phase = Phase::Recover;
        job.tried = true;
        job.client_request_id = Some(client_request_id);
        job.lookup.model = Some(model);
        job.lookup.sent_at = Some(match submitted {
            Some(d) => begin.clock.instant(d),
            None => Instant(begin.at.0 - DAY_MS),
        });
        job
    }

    /// The submit's answer was lost (`e`, in doubt): look for the job, when this call may, or fail.
    pub(super) fn lost(&mut self, now: Instant, mut e: Error) -> Step {
        // From a page, a server whose CORS refuses the header looks the same as a lost answer.
        if e.code == Code::NetworkError && self.client_request_id.is_some() {
            e.message.push_str(" (If this server's CORS does not allow the X-Client-Request-Id header, nothing was sent: pass clientRequestId: false to it.)");
        }
        let may = self.goal == Goal::Video
            && self.lookup.model.is_some()
            && self.client_request_id.is_some();
        if !may {
            return self.fail(e);
        }
        self.phase = Phase::Recover;
        self.lookup.lost = Some(e);
        self.event(
            now,
            "recovering",
            Some("The submit's answer was lost: looking for the job in the usage logs by its client request id. Nothing is sent again.".into()),
        );
        self.sleep(now, FIRST_MS)
    }

    /// The next lookup.
    pub(super) fn query(&self, now: Instant) -> Query {
        Query {
            model: self.lookup.model.clone().unwrap_or_default(),
            from: self.clock.date(self.lookup.sent_at.unwrap_or(self.began)),
            to: self.clock.date(now),
            offset: self.lookup.offset,
        }
    }

    /// What a lookup came back with.
    pub(super) fn on_page(&mut self, now: Instant, reply: &Reply) -> Step {
        let status = match reply {
            Reply::Http { status, .. } => *status,
            Reply::Failed(_) => 0,
        };
        match reply {
            Reply::Http {
                body: Body::Logs(page),
                ..
            } if (200..300).contains(&status) => {
                self.lookup.unanswered = 0;
                if let Some(row) = &page.found {
                    self.lookup.duplicates = page.others.clone();
                    return self.found(now, row.clone());
                }
                if page.more && self.lookup.pages + 1 < MAX_PAGES {
                    self.lookup.pages += 1;
                    self.lookup.offset += PAGE;
                    return self.on_wake(now);
                }
                self.lookup.pages = 0;
                self.lookup.offset = 0;
                let wait = self.next_lookup(now);
                self.sleep(now, wait)
            }
            // The key may not read the logs (a key scoped to video, say), or the query is refused
            // (a proxy that serves a shorter window): asking again would tell nothing more.
            Reply::Http { .. } if matches!(status, 400 | 401 | 403 | 404 | 422) => {
                let mut e = match self.lookup.lost.take() {
                    Some(lost) => lost,
                    None => Error::http(status, None, None),
                };
                e.message
                    .push_str(" The usage logs could not be read (HTTP ");
                push_num(&mut e.message, status.into());
                e.message.push_str("), so the job could not be looked up by its client request id: try recoverGeneration({ clientRequestId }) later, or with a key that may read them.");
                self.fail(e)
            }
            Reply::Http { .. } if status == 429 => {
                let wait = reply.retry_after_ms().unwrap_or(GAP_MS);
                self.sleep(now, wait)
            }
            // No answer twice in a row: offline, or a host this page may not reach (CORS), where
            // the submit may have gone nowhere either. Waiting out the deadline would tell nothing.
            Reply::Failed(_) if self.lookup.unanswered >= 1 => {
                let mut e = self.lookup.lost.take().unwrap_or_else(|| self.not_found());
                e.message.push_str(" The usage logs could not be reached either: look the job up later with recoverGeneration({ clientRequestId }).");
                self.fail(e)
            }
            Reply::Failed(_) => {
                self.lookup.unanswered += 1;
                self.sleep(now, UNANSWERED_MS)
            }
            // A server error, a broken answer: looked up again later.
            _ => {
                let wait = self.next_lookup(now);
                self.sleep(now, wait)
            }
        }
    }

    /// The job's row: a failed job was not charged; a job that exists is followed to its end
    /// (`generateVideo`), or its id is the result (`recoverGeneration`).
    fn found(&mut self, now: Instant, row: Row) -> Step {
        self.id = Some(row.inference_id);
        let at = row.created.as_deref().and_then(parse_iso);
        self.submitted_at = Some(at.map_or(now, |d| self.clock.instant(d)));
        self.last_status = Some(row.status.to_ascii_lowercase());
        self.event(now, "submitted", None);
        if row.status.eq_ignore_ascii_case("failed") {
            return self.fail(Error::new(
                Code::GenerationFailed,
                "The job was found in the usage logs by its client request id: it failed, and failed requests are not charged.",
            ));
        }
        match self.goal {
            Goal::Id => {
                self.phase = Phase::Over;
                Step::Done(super::Outcome::Created(super::Created {
                    id: self.id.clone().unwrap_or_default(),
                    status: self.last_status.clone().unwrap_or_default(),
                    submitted_at: at.unwrap_or_else(|| self.clock.date(now)),
                    client_request_id: self.client_request_id.clone(),
                    duplicates: self.lookup.duplicates.clone(),
                }))
            }
            _ => {
                self.phase = Phase::Poll;
                self.lookup.lost = None;
                // Not learned: when it really ended is not known.
                self.timed = false;
                self.on_wake(now)
            }
        }
    }

    /// The wait before the next lookup: a job's row is listed once it has ended, so the middle of
    /// its window and the end, then a steady gap. (At the window's start, the bench found, the
    /// lookup came just before most rows and the next 15 s later.)
    fn next_lookup(&self, now: Instant) -> f64 {
        let since = now.since(self.lookup.sent_at.unwrap_or(self.began));
        let w = self.cfg.window;
        [(w.lo + w.hi) / 2.0, w.hi]
            .into_iter()
            .find(|at| since < *at)
            .map_or(GAP_MS, |at| at - since)
    }

    /// The deadline came while the job was looked for.
    pub(super) fn not_found(&self) -> Error {
        const LAG: &str = " That does not prove nothing was charged: the logs list a job once it has ended, and may lag. Look again later with recoverGeneration({ clientRequestId }).";
        match &self.lookup.lost {
            Some(lost) => {
                let mut e = lost.clone();
                e.message.push_str(" The job was looked for in the usage logs until the deadline (timeoutMs), and not found.");
                e.message.push_str(LAG);
                e
            }
            None => {
                let mut m = String::from(
                    "No job with this clientRequestId was found in the usage logs of ",
                );
                m.push_str(self.lookup.model.as_deref().unwrap_or_default());
                m.push_str(" before the deadline (timeoutMs).");
                m.push_str(LAG);
                Error::new(Code::NotFound, m)
            }
        }
    }
}
