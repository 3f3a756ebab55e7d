//! The job state machine, free of I/O: the driver tells it what came back, what time it is and
//! whether the call was stopped, and it says what to do next (send, sleep, finish, fail) and what
//! to report to `onProgress`. It owns every rule of a call: its goal (a video, an id, one status
//! read), its one deadline, and what an answer that arrives as the call stops means.

mod recover;

use crate::error::{push_duration, push_num, Code, Error};
use crate::learn::{Key, Seen};
use crate::options::JobConfig;
use crate::reply::{read_reply, Reply};
use crate::response::{Cost, Generation, State};
use crate::secret::Secret;
use crate::time::{Clock, Date, Instant};

/// What the driver does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Send the submit request.
    Submit,
    /// Read the status of this generation.
    Poll(String),
    /// Look the submit's client request id up in the usage logs (`GET /v2/logs`): its answer was
    /// lost, and the job may exist.
    Lookup(crate::logs::Query),
    /// Wait this many milliseconds, then call [`Job::on_wake`].
    Sleep(f64),
    /// The call reached its goal.
    Done(Outcome),
    /// The job failed; nothing more is sent.
    Fail(Error),
}

/// What a call resolves with, by its goal.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// `generateVideo` and `waitForVideo`: the video.
    Video(Finished),
    /// `createGeneration`: the job was accepted.
    Created(Created),
    /// `getGeneration`: one status read.
    Status(StatusRead),
}

/// A finished job.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    /// Generation id.
    pub id: String,
    /// The videos' `http(s)` URLs (one for the Veo models); never empty.
    pub video_urls: Vec<String>,
    /// What it cost, when reported.
    pub cost: Cost,
    /// The submit's `X-Client-Request-Id`, when this call sent it.
    pub client_request_id: Option<String>,
    /// Other jobs the usage logs list under the same client request id (each charged), when the
    /// job was found there.
    pub duplicates: Vec<String>,
    /// From the start of the call to the answer that said "completed".
    pub elapsed_ms: f64,
    /// Status requests sent.
    pub polls: u32,
}

/// An accepted job.
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    /// Generation id.
    pub id: String,
    /// The submit's status word, lower-cased.
    pub status: String,
    /// When the API accepted it.
    pub submitted_at: Date,
    /// The submit's `X-Client-Request-Id`, when it was sent.
    pub client_request_id: Option<String>,
    /// `recoverGeneration`: other jobs listed under the same client request id.
    pub duplicates: Vec<String>,
}

/// One status read, failure included: a failed generation is a result, not an error.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusRead {
    /// Generation id, as the server sent it (or as asked for).
    pub id: String,
    /// The status word, lower-cased.
    pub status: String,
    /// `"pending"`, `"completed"` or `"failed"`.
    pub state: &'static str,
    /// The videos, when completed (one for the Veo models); else empty.
    pub video_urls: Vec<String>,
    /// Why it failed, when failed.
    pub error: Option<String>,
    /// What it cost, when reported.
    pub cost: Cost,
}

// The result objects, as JS sees them (their TypeScript: js/types/results.d.ts); `raw`, the
// server's last answer, is the boundary's to add.
impl crate::object::Entries for Finished {
    fn entries(&self, out: &mut dyn FnMut(&'static str, crate::object::Value<'_>)) {
        use crate::object::ToValue;
        out("id", self.id.value());
        out("status", "completed".value());
        out("videoUrl", self.video_urls.first().value());
        out("videoUrls", self.video_urls.value());
        out("creditsUsed", self.cost.credits_used.value());
        out("usdSpent", self.cost.usd_spent.value());
        out("clientRequestId", self.client_request_id.value());
        out("duplicates", self.duplicates.value());
        out("elapsedMs", self.elapsed_ms.value());
        out("polls", self.polls.value());
    }
}

crate::object::plain_object!(Created {
    "id": id,
    "status": status,
    "submittedAt": submitted_at,
    "clientRequestId": client_request_id,
    "duplicates": duplicates,
});

impl crate::object::Entries for StatusRead {
    fn entries(&self, out: &mut dyn FnMut(&'static str, crate::object::Value<'_>)) {
        use crate::object::ToValue;
        out("id", self.id.value());
        out("status", self.status.value());
        out("state", self.state.value());
        out("videoUrl", self.video_urls.first().value());
        out("videoUrls", self.video_urls.value());
        out("error", self.error.value());
        out("creditsUsed", self.cost.credits_used.value());
        out("usdSpent", self.cost.usd_spent.value());
    }
}

/// What was in flight when the call was stopped from outside (by its signal or the deadline).
#[derive(Clone, Debug, PartialEq)]
pub enum InFlight {
    /// Nothing: a wait, or nothing sent yet.
    Nothing,
    /// A request, with no answer yet.
    Request,
    /// An answer, read in full as the call stopped.
    Answer(Reply),
}

/// When a call begins: the instant its deadline counts from (before the module loaded and images
/// were read), the two clocks read together, and the seed of its jitter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Begin {
    /// The instant the call began.
    pub at: Instant,
    /// The clocks at that instant.
    pub clock: Clock,
    /// Jitter's seed: it only needs to differ between tabs.
    pub seed: u64,
}

/// One `onProgress` event.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// `"submitting"` (the submit is about to go out), `"submitted"`, `"status"` (a new status
    /// word) or `"retry"`.
    pub kind: &'static str,
    /// Generation id, once known.
    pub id: Option<String>,
    /// The submit's `X-Client-Request-Id`, when this call sends one.
    pub client_request_id: Option<String>,
    /// The last status word seen, lower-cased.
    pub status: Option<String>,
    /// Since the start of the call.
    pub elapsed_ms: f64,
    /// Status requests sent so far.
    pub polls: u32,
    /// An estimate of the `elapsed_ms` at which the job will be done: when jobs like it usually
    /// end, from where this one is. `None` for a call that only reads.
    pub expected_ms: Option<f64>,
    /// For a retry: its number in the current run of failures.
    pub attempt: Option<u32>,
    /// For a retry: the wait before it.
    pub retry_in_ms: Option<f64>,
    /// For a retry: the failure's code.
    pub error_code: Option<&'static str>,
    /// For a retry, or an unknown status word: what happened.
    pub message: Option<String>,
}

crate::object::plain_object!(Progress {
    "type": kind,
    "id": id,
    "clientRequestId": client_request_id,
    "status": status,
    "elapsedMs": elapsed_ms,
    "expectedMs": expected_ms,
    "polls": polls,
} if_set {
    "attempt": attempt,
    "retryInMs": retry_in_ms,
    "errorCode": error_code,
    "message": message,
});

#[derive(Clone, Copy, Debug, PartialEq)]
enum Goal {
    Video,
    Id,
    Status,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    Submit,
    /// Looking for the job of a submit whose answer was lost, by its client request id.
    Recover,
    Poll,
    Over,
}

/// Why an error after a submit that may have created the job is not `retryable` (`Job::doubt`).
const DOUBTFUL_SUBMIT: &str = " The submit was not retried: it is a paid call and the job may have been created, so a new submit could be charged again.";

/// One call of the API: a generation being submitted, awaited or read.
#[derive(Debug)]
pub struct Job {
    goal: Goal,
    /// Whether this call sends the submit (`generateVideo`, `createGeneration`).
    submits: bool,
    /// The submit's `X-Client-Request-Id`, when it sends one.
    client_request_id: Option<String>,
    /// Whether the submit was handed to the driver: from then on, every error and event carries
    /// the client request id, the one handle on a job whose answer may be lost.
    tried: bool,
    /// How a job whose submit's answer was lost is looked for (`recover.rs`).
    lookup: recover::Lookup,
    /// The submit went out and its answer does not say whether the job was created (no answer, a
    /// 5xx, a dropped body): the job may exist, and be paid for.
    doubtful: bool,
    cfg: JobConfig,
    began: Instant,
    /// The one deadline of the call, fixed when it began.
    deadline: Instant,
    clock: Clock,
    /// Where the model's schedule counts from until generation is seen to begin: the call's
    /// beginning, or a resumed job's submit.
    origin: Instant,
    /// When the generation was submitted, once known.
    submitted_at: Option<Instant>,
    phase: Phase,
    id: Option<String>,
    polls: u32,
    failures: u32,
    last_status: Option<String>,
    /// The failure being retried, if the last request failed: a timeout then says why.
    last_failure: Option<String>,
    /// Whether `origin` is when the job was really submitted, so that its time can be learned.
    timed: bool,
    /// When a read last said the job was not done.
    last_pending: Option<Instant>,
    /// When a read said it was done.
    done_at: Option<Instant>,
    /// When a read last said the job waits in a queue.
    queued_at: Option<Instant>,
    /// When generation began, once a read after a queued one says it is generating: halfway
    /// between the two. The model's window counts from here; without a queue seen, from `origin`.
    generating_since: Option<Instant>,
    rng: u64,
    /// The job's one draw, which shifts its reads (`Schedule::next_delay`).
    draw: f64,
    events: Vec<Progress>,
    /// Scrubbed out of every reply as it comes in.
    secret: Secret,
}

impl Job {
    /// `generateVideo`: submit, then wait for the video.
    pub fn generate(cfg: JobConfig, begin: Begin) -> Job {
        Job::new(Goal::Video, cfg, begin, None)
    }

    /// `createGeneration`: submit, and stop once the generation has an id.
    pub fn create(cfg: JobConfig, begin: Begin) -> Job {
        Job::new(Goal::Id, cfg, begin, None)
    }

    /// `waitForVideo`: wait for an existing generation, submitted at `submitted_at` when the
    /// caller says so, so that its reads follow the model's schedule from where the job really is.
    pub fn wait(cfg: JobConfig, begin: Begin, id: String, submitted_at: Option<Date>) -> Job {
        let mut job = Job::new(Goal::Video, cfg, begin, Some(id));
        // Unknown unless the caller says: taken as now, the same assumption the schedule makes. A
        // date in the future (clocks disagree) counts as now.
        let at = submitted_at.map_or(begin.at, |d| begin.clock.instant(d));
        job.origin = if at < begin.at { at } else { begin.at };
        job.submitted_at = Some(job.origin);
        // Not learned: its settings (length, resolution) are not known here, and its time would
        // teach the model's default window.
        job.timed = false;
        job
    }

    /// `getGeneration`: one status read, without retries, within `timeout_ms` (a server that
    /// stalls must not hold the call for ever).
    pub fn get(begin: Begin, id: String, timeout_ms: f64) -> Job {
        let cfg = JobConfig {
            window: crate::schedule::GENERIC,
            schedule: crate::schedule::Schedule::Fixed(0.0),
            timeout_ms,
            max_retries: 0,
            learn: None,
        };
        Job::new(Goal::Status, cfg, begin, Some(id))
    }

    fn new(goal: Goal, cfg: JobConfig, begin: Begin, id: Option<String>) -> Job {
        let mut job = Job {
            goal,
            submits: id.is_none(),
            client_request_id: None,
            tried: false,
            lookup: recover::Lookup::default(),
            doubtful: false,
            deadline: begin.at.after(cfg.timeout_ms),
            cfg,
            began: begin.at,
            clock: begin.clock,
            origin: begin.at,
            submitted_at: None,
            phase: if id.is_some() {
                Phase::Poll
            } else {
                Phase::Submit
            },
            id,
            polls: 0,
            failures: 0,
            last_status: None,
            last_failure: None,
            timed: true,
            last_pending: None,
            done_at: None,
            queued_at: None,
            generating_since: None,
            // xorshift must not start at zero.
            rng: begin.seed | 1,
            draw: 0.0,
            events: Vec::new(),
            secret: Secret::default(),
        };
        job.draw = job.rand();
        job
    }

    /// Keeps `secret` (the API key) out of everything the job reports: errors, events, results.
    pub fn keeping(mut self, secret: Secret) -> Job {
        self.secret = secret;
        self
    }

    /// Sends the submit with this `X-Client-Request-Id` (`None`: without one).
    pub fn sending(mut self, client_request_id: Option<String>) -> Job {
        self.client_request_id = client_request_id;
        self
    }

    /// The submit's `X-Client-Request-Id`, when it has one.
    pub fn client_request_id(&self) -> Option<&str> {
        self.client_request_id.as_deref()
    }

    /// What the job keeps out of its outputs.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The generation id, once known.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// Whether the job may still send its submit: until then the driver keeps the body, which
    /// may hold megabytes of data URLs, and not a moment longer.
    pub fn may_submit(&self) -> bool {
        self.phase == Phase::Submit
    }

    /// The call's deadline: the driver arms a timer for it, so that a request or
    /// a wait in flight stops at once.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// The events produced since the last call, oldest first.
    pub fn take_events(&mut self) -> Vec<Progress> {
        core::mem::take(&mut self.events)
    }

    /// The first step.
    pub fn start(&mut self, now: Instant) -> Step {
        self.on_wake(now)
    }

    /// A wait ended: send the next request, or time out.
    pub fn on_wake(&mut self, now: Instant) -> Step {
        if self.left(now) <= 0.0 {
            let e = match self.phase {
                Phase::Recover => self.not_found(),
                _ => self.timeout_error(),
            };
            return self.fail(e);
        }
        match (self.phase, self.id.clone()) {
            (Phase::Submit, _) => {
                // Once, before the first try (a 429 is tried again): the caller may store the
                // client request id before the paid call goes out.
                if !self.tried {
                    self.tried = true;
                    self.lookup.sent_at = Some(now);
                    self.event(now, "submitting", None);
                }
                Step::Submit
            }
            (Phase::Recover, _) => Step::Lookup(self.query(now)),
            (Phase::Poll, Some(id)) => {
                self.polls += 1;
                Step::Poll(id)
            }
            _ => self.fail(Error::new(Code::BadResponse, "The job has already ended.")),
        }
    }

    /// The milliseconds left before the deadline.
    fn left(&self, now: Instant) -> f64 {
        self.deadline.since(now)
    }

    /// The deadline passed while a request or wait was in flight.
    fn timeout_error(&self) -> Error {
        let mut m = String::from(match self.goal {
            Goal::Video => "No video after the ",
            Goal::Id => "No generation id after the ",
            Goal::Status => "No status after the ",
        });
        push_duration(&mut m, self.cfg.timeout_ms);
        m.push_str(" deadline (timeoutMs)");
        if let Some(s) = &self.last_status {
            m.push_str("; last status \"");
            m.push_str(s);
            m.push('"');
        }
        m.push('.');
        if let Some(f) = &self.last_failure {
            m.push_str(" The last request had failed: ");
            m.push_str(f);
        }
        if self.id.is_some() {
            m.push_str(" The generation may still finish: resume it with waitForVideo({ id }).");
        }
        self.stamp(Error::new(Code::Timeout, m))
    }

    /// The call was stopped from outside, by the caller's signal (`aborted`) or by the deadline,
    /// with `in_flight` what it was waiting on. An answer read in full as the call stopped may hold
    /// the new job's id: the job takes it in, so that the error names the job that exists (and is
    /// paid for), but nothing more is done with it. A submit in flight with no answer may have
    /// created the job: that error says so, and is not `retryable` (`doubt`).
    pub fn on_stop(&mut self, now: Instant, aborted: bool, in_flight: InFlight) -> Error {
        let submitting = self.phase == Phase::Submit && in_flight != InFlight::Nothing;
        if let InFlight::Answer(reply) = in_flight {
            let _ = self.on_reply(now, reply);
            // The call is over: its caller hears nothing more.
            self.events.clear();
        }
        // Still looking when it stopped (an answer in flight may have found the job).
        let recovering = self.phase == Phase::Recover;
        self.phase = Phase::Over;
        let mut e = if aborted {
            Error::new(
                Code::Aborted,
                "The generation was aborted by its signal; nothing more was sent.",
            )
        } else if recovering {
            self.not_found()
        } else {
            self.timeout_error()
        };
        if submitting && self.id.is_none() {
            e = self.doubt(e);
        }
        self.stamp(e)
    }

    /// What came back from the request of the last step.
    pub fn on_reply(&mut self, now: Instant, reply: Reply) -> Step {
        let reply = self.secret.reply(reply);
        if self.phase == Phase::Recover {
            return self.on_page(now, &reply);
        }
        let read = read_reply(&reply);
        match (self.phase, self.goal) {
            // Taken above (`on_page`).
            (Phase::Over | Phase::Recover, _) => {
                Step::Fail(Error::new(Code::BadResponse, "The job has already ended."))
            }
            (Phase::Poll, Goal::Status) => {
                self.phase = Phase::Over;
                match read {
                    Ok(g) => Step::Done(Outcome::Status(self.status_read(g))),
                    Err(e) => Step::Fail(self.stamp(e)),
                }
            }
            (Phase::Submit, _) => match read {
                Ok(g) => {
                    let id = match g.id.as_deref().map(str::trim_ascii) {
                        Some(id) if !id.is_empty() => id.to_owned(),
                        _ => {
                            return self.fail(Error::bad_response(
                                "The API accepted the job but sent no generation id, so it cannot be followed. \
                                 It was not submitted again, so that it is not charged twice.",
                            ))
                        }
                    };
                    self.id = Some(id);
                    self.submitted_at = Some(now);
                    self.phase = Phase::Poll;
                    self.failures = 0;
                    self.last_failure = None;
                    self.last_status = Some(g.status.clone());
                    self.event(now, "submitted", None);
                    // The submit's own "queued" is no sign of a queue: the API says it of every
                    // new job. The reads that follow tell.
                    let state = match g.state {
                        State::Pending { known, .. } => State::Pending {
                            known,
                            queued: false,
                        },
                        other => other,
                    };
                    match (self.goal, state) {
                        // The goal is the id: reached, whatever the time, unless the job failed
                        // at once, which rejects even `createGeneration`.
                        (Goal::Id, State::Failed { message }) => {
                            self.fail(Error::new(Code::GenerationFailed, message))
                        }
                        (Goal::Id, _) => {
                            self.phase = Phase::Over;
                            Step::Done(Outcome::Created(Created {
                                id: self.id.clone().unwrap_or_default(),
                                status: g.status,
                                submitted_at: self.clock.date(now),
                                client_request_id: self.client_request_id.clone(),
                                duplicates: Vec::new(),
                            }))
                        }
                        (_, state) => self.settle(now, state, g.cost, reply.retry_after_ms()),
                    }
                }
                // A 429 is the one transient failure that says nothing was created.
                Err(e) if e.status == Some(429) => self.retry(now, e, reply.retry_after_ms()),
                // Network errors, 5xx, unreadable bodies: the job may exist already, so neither
                // this library nor a generic retry wrapper may send it again. It is looked for in
                // the usage logs, when the call may (`recover.rs`).
                Err(e) if e.transient => {
                    let e = self.doubt(e);
                    self.lost(now, e)
                }
                Err(e) => self.fail(e),
            },
            (Phase::Poll, _) => match read {
                Ok(g) => {
                    self.failures = 0;
                    self.last_failure = None;
                    let changed = self.last_status.as_deref() != Some(g.status.as_str());
                    let note = matches!(g.state, State::Pending { known: false, .. })
                        .then(|| String::from("Unknown status word; still waiting."));
                    self.last_status = Some(g.status.clone());
                    // Settled first, so that the event's estimate knows where generation began.
                    let step = self.settle(now, g.state, g.cost, reply.retry_after_ms());
                    if changed {
                        self.event(now, "status", note);
                    }
                    step
                }
                // A status read is free: the job retries what may pass, whatever the caller is told.
                Err(e) if e.transient => self.retry(now, e, reply.retry_after_ms()),
                Err(e) => self.fail(e),
            },
        }
    }

    /// How `getGeneration` reports a read.
    fn status_read(&self, g: Generation) -> StatusRead {
        let (state, video_urls, error) = match g.state {
            State::Pending { .. } => ("pending", Vec::new(), None),
            State::Completed { video_urls } => ("completed", video_urls, None),
            State::Failed { message } => ("failed", Vec::new(), Some(self.secret.text(&message))),
        };
        StatusRead {
            id: g.id.or_else(|| self.id.clone()).unwrap_or_default(),
            status: g.status,
            state,
            video_urls,
            error,
            cost: g.cost,
        }
    }

    /// What this finished job says of its model's time, when it is to be learned: when it was
    /// last seen not done and first seen done, after its generation began. `None` for a failed
    /// job, a job whose submit time is not known, or one whose start hid in a queue.
    pub fn seen(&self) -> Option<(Key, Seen)> {
        let key = self.cfg.learn?;
        let done = self.done_at?;
        let hidden = self.queued_at.is_some() && self.generating_since.is_none();
        if !self.timed || hidden {
            return None;
        }
        let base = self.generating_since.unwrap_or(self.origin);
        let pending = self.last_pending.map_or(0.0, |p| p.since(base).max(0.0));
        Some((
            key,
            Seen {
                pending,
                done: done.since(base),
            },
        ))
    }

    /// Where an answer's state takes the job; a pending one waits as the schedule says, or as
    /// the answer's `Retry-After` asks (`asked_ms`, [`crate::schedule::Schedule::paced`]).
    fn settle(&mut self, now: Instant, state: State, cost: Cost, asked_ms: Option<f64>) -> Step {
        if matches!(state, State::Pending { .. }) {
            self.last_pending = Some(now);
        }
        let paced = self.cfg.schedule.paced(asked_ms);
        match state {
            State::Pending { queued: true, .. } => {
                self.queued_at = Some(now);
                let r = self.rand();
                let wait = self.cfg.schedule.queue_delay(r);
                self.sleep(now, paced.unwrap_or(wait))
            }
            State::Pending { .. } => {
                if let (Some(q), None) = (self.queued_at, self.generating_since) {
                    self.generating_since = Some(q.midpoint(now));
                }
                let since = self.generating_since.unwrap_or(self.origin);
                let wait = self.cfg.schedule.next_delay(
                    now.since(self.origin),
                    now.since(since),
                    self.draw,
                );
                self.sleep(now, paced.unwrap_or(wait))
            }
            State::Completed { video_urls } => {
                self.phase = Phase::Over;
                self.done_at = Some(now);
                Step::Done(Outcome::Video(Finished {
                    id: self.id.clone().unwrap_or_default(),
                    video_urls,
                    cost,
                    client_request_id: self.client_request_id.clone(),
                    duplicates: self.lookup.duplicates.clone(),
                    elapsed_ms: now.since(self.began),
                    polls: self.polls,
                }))
            }
            State::Failed { message } => self.fail(Error::new(Code::GenerationFailed, message)),
        }
    }

    fn retry(&mut self, now: Instant, mut e: Error, retry_after_ms: Option<f64>) -> Step {
        self.failures += 1;
        if self.failures > self.cfg.max_retries {
            e.message.push_str(" Gave up after ");
            push_num(&mut e.message, self.cfg.max_retries.into());
            e.message.push_str(if self.cfg.max_retries == 1 {
                " retry."
            } else {
                " retries."
            });
            return self.fail(e);
        }
        let left = self.left(now);
        if let Some(asked) = retry_after_ms.filter(|ms| *ms > left) {
            // Sleeping into a timeout would hide the server's answer behind ours: give it now,
            // with how long the server asked to wait.
            e.message.push_str(" The server asked to wait ");
            // Rounded up to the tenth: never less than the server asked for.
            push_duration(&mut e.message, (asked / 100.0).ceil() * 100.0);
            e.message
                .push_str(", longer than the time left before the deadline (timeoutMs).");
            e.retry_after_ms = Some(asked);
            return self.fail(e);
        }
        self.last_failure = Some(e.message.clone());
        let r = self.rand();
        let wait = self
            .cfg
            .schedule
            .retry_delay(self.failures, retry_after_ms, r);
        let mut p = self.progress(now, "retry", Some(e.message.clone()));
        p.attempt = Some(self.failures);
        // The wait that will really happen: a backoff longer than the time left is cut at the
        // deadline (`sleep`).
        p.retry_in_ms = Some(wait.min(left.max(0.0)));
        p.error_code = Some(e.code.as_str());
        self.events.push(p);
        self.sleep(now, wait)
    }

    /// A wait, cut short at the deadline (the wake-up then times out).
    fn sleep(&mut self, now: Instant, ms: f64) -> Step {
        let left = self.left(now);
        if left <= 0.0 {
            return self.fail(self.timeout_error());
        }
        Step::Sleep(ms.max(0.0).min(left))
    }

    fn fail(&mut self, e: Error) -> Step {
        self.phase = Phase::Over;
        Step::Fail(self.stamp(e))
    }

    /// The submit went out and its answer does not say whether it created the job: `e` says so,
    /// and from now on no error of the call is `retryable` (`may_have_paid`).
    fn doubt(&mut self, mut e: Error) -> Error {
        self.doubtful = true;
        e.message.push_str(DOUBTFUL_SUBMIT);
        e
    }

    /// Whether this call's submit may have created a job, which it would pay for again if called
    /// again: it did (the id is known), or it may have (`doubt`). What the job knows for
    /// [`Error::judge`]; a call that submits nothing (`waitForVideo`, `getGeneration`) never has.
    fn may_have_paid(&self) -> bool {
        self.doubtful || (self.submits && self.id.is_some())
    }

    /// Adds what the job knows to an error: the generation id, when it was submitted, and whether
    /// the caller may call again (`Error::judge`, from `may_have_paid`: once a call that submits
    /// has created its job, the same call again would pay for a second one; it is resumed with
    /// `waitForVideo`). Every error the job ends a call with passes here.
    /// The message is scrubbed once more as it leaves: the words this library puts around a
    /// server's text, already scrubbed, could complete a piece of the key (a key ending in `.`,
    /// a text ending in the rest of it), as the fuzz found.
    fn stamp(&self, e: Error) -> Error {
        let mut e = e.with_id(self.id.as_deref());
        if self.tried && e.client_request_id.is_none() {
            e.client_request_id = self.client_request_id.clone();
        }
        e.judge(self.may_have_paid());
        e.message = self.secret.text(&e.message);
        if e.generation_id.is_some() && e.submitted_at.is_none() {
            e.submitted_at = self.submitted_at.map(|t| self.clock.date(t));
        }
        e
    }

    fn progress(&self, now: Instant, kind: &'static str, message: Option<String>) -> Progress {
        Progress {
            kind,
            id: self.id.clone(),
            client_request_id: self.client_request_id.clone(),
            status: self.last_status.clone(),
            elapsed_ms: now.since(self.began),
            expected_ms: self.expected_ms(),
            polls: self.polls,
            attempt: None,
            retry_in_ms: None,
            error_code: None,
            // Scrubbed again as it leaves, as an error's message is (`stamp`).
            message: message.map(|m| self.secret.text(&m)),
        }
    }

    /// When the job should be done, in ms after the call began: the middle of its window, counted
    /// from when its generation began (or, until a queue is seen to end, from its submit, or the
    /// call's start before that). An estimate, and said to be one: the API reports no progress.
    fn expected_ms(&self) -> Option<f64> {
        if self.goal == Goal::Status {
            return None;
        }
        let w = self.cfg.window;
        let from = self.generating_since.unwrap_or(self.origin);
        Some((from.since(self.began) + (w.lo + w.hi) / 2.0).max(0.0))
    }

    fn event(&mut self, now: Instant, kind: &'static str, message: Option<String>) {
        let p = self.progress(now, kind, message);
        self.events.push(p);
    }

    /// xorshift64*: jitter only needs to differ between tabs, not to be unpredictable.
    fn rand(&mut self) -> f64 {
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        let x = self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}
