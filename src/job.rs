//! The job state machine, free of I/O: the driver tells it what came back and what time it is, and
//! it says what to do next (send, sleep, finish, fail) and what to report to `onProgress`.

use crate::error::{push_num, Code, Error};
use crate::options::JobConfig;
use crate::reply::{read_reply, Reply};
use crate::response::{Generation, State};
use crate::secret::Secret;

/// What the driver does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Send the submit request.
    Submit,
    /// Read the status of this generation.
    Poll(String),
    /// Wait this many milliseconds, then call [`Job::on_wake`].
    Sleep(f64),
    /// The video is ready.
    Done(Finished),
    /// The job failed; nothing more is sent.
    Fail(Error),
}

/// A finished job.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    /// Generation id.
    pub id: String,
    /// The video's `http(s)` URL.
    pub video_url: String,
    /// Credits charged, when reported.
    pub credits_used: Option<f64>,
    /// From the start of the call to the answer that said "completed".
    pub elapsed_ms: f64,
    /// Status requests sent.
    pub polls: u32,
}

/// One `onProgress` event.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// `"submitted"`, `"status"` (a new status word) or `"retry"`.
    pub kind: &'static str,
    /// Generation id, once known.
    pub id: Option<String>,
    /// The last status word seen, lower-cased.
    pub status: Option<String>,
    /// Since the start of the call.
    pub elapsed_ms: f64,
    /// Status requests sent so far.
    pub polls: u32,
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
    "status": status,
    "elapsedMs": elapsed_ms,
    "polls": polls,
} if_set {
    "attempt": attempt,
    "retryInMs": retry_in_ms,
    "errorCode": error_code,
    "message": message,
});

#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    Submit,
    Poll,
    Over,
}

/// Why an error after a submit that may have created the job is not `retryable`.
const DOUBTFUL_SUBMIT: &str = " The submit was not retried: it is a paid call and the job may have been created, so a new submit could be charged again.";

/// One generation being submitted and awaited.
#[derive(Debug)]
pub struct Job {
    cfg: JobConfig,
    started: f64,
    /// How old the job already was when this call started (a resumed job), for the schedule.
    age: f64,
    /// When the generation was submitted, once known.
    submitted_at: Option<f64>,
    phase: Phase,
    id: Option<String>,
    polls: u32,
    failures: u32,
    last_status: Option<String>,
    /// The failure being retried, if the last request failed: a timeout then says why.
    last_failure: Option<String>,
    /// When a read last said the job waits in a queue.
    queued_at: Option<f64>,
    /// When generation began, once a read after a queued one says it is generating: halfway
    /// between the two. The model's window counts from here; without a queue seen, from the submit.
    generating_since: Option<f64>,
    rng: u64,
    events: Vec<Progress>,
    /// Scrubbed out of every reply as it comes in.
    secret: Secret,
}

impl Job {
    /// A job that starts by submitting.
    pub fn submit(cfg: JobConfig, now: f64, seed: u64) -> Job {
        Job::new(cfg, now, seed, None)
    }

    /// A job that resumes polling an existing generation.
    pub fn resume(cfg: JobConfig, now: f64, seed: u64, id: String) -> Job {
        let mut job = Job::new(cfg, now, seed, Some(id));
        // Unknown unless `aged` says: taken as now, the same assumption the schedule makes.
        job.submitted_at = Some(now);
        job
    }

    fn new(cfg: JobConfig, now: f64, seed: u64, id: Option<String>) -> Job {
        Job {
            cfg,
            started: now,
            age: 0.0,
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
            queued_at: None,
            generating_since: None,
            // xorshift must not start at zero.
            rng: seed | 1,
            events: Vec::new(),
            secret: Secret::default(),
        }
    }

    /// Tells a resumed job how long ago it was submitted, so that its polls follow the model's
    /// schedule from where the job really is (the deadline still counts from this call).
    pub fn aged(mut self, age_ms: f64) -> Job {
        self.age = if age_ms.is_finite() {
            age_ms.max(0.0)
        } else {
            0.0
        };
        self.submitted_at = Some(self.started - self.age);
        self
    }

    /// Keeps `secret` (the API key) out of everything the job reports: errors, events, results.
    pub fn keeping(mut self, secret: Secret) -> Job {
        self.secret = secret;
        self
    }

    /// What the job keeps out of its outputs.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// One reply read as a generation, scrubbed, without moving the job on (`getGeneration`).
    pub fn read(&self, reply: Reply) -> Result<Generation, Error> {
        read_reply(&self.secret.reply(reply)).map_err(|e| e.with_id(self.id()))
    }

    /// The generation id, once known.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The last status word seen, lower-cased.
    pub fn status(&self) -> Option<&str> {
        self.last_status.as_deref()
    }

    /// Status requests sent so far.
    pub fn polls(&self) -> u32 {
        self.polls
    }

    /// When the generation was submitted, once known (for a resumed job: as `aged` says).
    pub fn submitted_at(&self) -> Option<f64> {
        self.submitted_at
    }

    /// The overall deadline, from the start of the call.
    pub fn deadline_ms(&self) -> f64 {
        self.cfg.timeout_ms
    }

    /// The events produced since the last call, oldest first.
    pub fn take_events(&mut self) -> Vec<Progress> {
        core::mem::take(&mut self.events)
    }

    /// The first step.
    pub fn start(&mut self, now: f64) -> Step {
        self.on_wake(now)
    }

    /// A wait ended: send the next request, or time out.
    pub fn on_wake(&mut self, now: f64) -> Step {
        if now - self.started >= self.cfg.timeout_ms {
            return self.fail(self.timeout_error());
        }
        match (self.phase, self.id.clone()) {
            (Phase::Submit, _) => Step::Submit,
            (Phase::Poll, Some(id)) => {
                self.polls += 1;
                Step::Poll(id)
            }
            _ => self.fail(Error::new(Code::BadResponse, "The job has already ended.")),
        }
    }

    /// The deadline passed while a request or wait was in flight.
    pub fn timeout_error(&self) -> Error {
        let mut m = String::from("No video after the ");
        push_num(&mut m, (self.cfg.timeout_ms / 1000.0).round() as u64);
        m.push_str(" s deadline (timeoutMs)");
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
        self.stamp(Error::new(Code::Timeout, m).retryable(true))
    }

    /// The error for a call stopped from outside, by the caller's signal (`aborted`) or by the
    /// deadline, with a request `in_flight` or not (a wait, or nothing sent yet). A submit in
    /// flight may have created the job, so that error says so and is not `retryable`.
    pub fn stop_error(&self, aborted: bool, in_flight: bool) -> Error {
        let mut e = if aborted {
            Error::new(
                Code::Aborted,
                "The generation was aborted by its signal; nothing more was sent.",
            )
        } else {
            self.timeout_error()
        };
        if in_flight && self.phase == Phase::Submit {
            e.retryable = false;
            e.message.push_str(DOUBTFUL_SUBMIT);
        }
        self.stamp(e)
    }

    /// What came back from the request of the last step.
    pub fn on_reply(&mut self, now: f64, reply: Reply) -> Step {
        let reply = self.secret.reply(reply);
        let read = read_reply(&reply);
        match self.phase {
            Phase::Over => Step::Fail(Error::new(Code::BadResponse, "The job has already ended.")),
            Phase::Submit => match read {
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
                    self.settle(now, state, g.credits_used)
                }
                Err(e) if e.status == Some(429) => self.retry(now, e, reply.retry_after_ms()),
                Err(mut e) => {
                    if e.retryable {
                        // Network errors, 5xx, unreadable bodies: the job may exist already, so
                        // neither this library nor a generic retry wrapper may send it again.
                        e.retryable = false;
                        e.message.push_str(DOUBTFUL_SUBMIT);
                    }
                    self.fail(e)
                }
            },
            Phase::Poll => match read {
                Ok(g) => {
                    self.failures = 0;
                    self.last_failure = None;
                    if self.last_status.as_deref() != Some(g.status.as_str()) {
                        self.last_status = Some(g.status.clone());
                        let note = matches!(g.state, State::Pending { known: false, .. })
                            .then(|| String::from("Unknown status word; still waiting."));
                        self.event(now, "status", note);
                    }
                    self.settle(now, g.state, g.credits_used)
                }
                Err(e) if e.retryable => self.retry(now, e, reply.retry_after_ms()),
                Err(e) => self.fail(e),
            },
        }
    }

    fn settle(&mut self, now: f64, state: State, credits_used: Option<f64>) -> Step {
        match state {
            State::Pending { queued: true, .. } => {
                self.queued_at = Some(now);
                let r = self.rand();
                let wait = self.cfg.schedule.queue_delay(r);
                self.sleep(now, wait)
            }
            State::Pending { .. } => {
                if let (Some(q), None) = (self.queued_at, self.generating_since) {
                    self.generating_since = Some((q + now) / 2.0);
                }
                let since = self.generating_since.unwrap_or(self.started - self.age);
                let r = self.rand();
                let wait = self.cfg.schedule.next_delay(now - since, r);
                self.sleep(now, wait)
            }
            State::Completed { video_url } => {
                self.phase = Phase::Over;
                Step::Done(Finished {
                    id: self.id.clone().unwrap_or_default(),
                    video_url,
                    credits_used,
                    elapsed_ms: now - self.started,
                    polls: self.polls,
                })
            }
            State::Failed { message } => self.fail(Error::new(Code::GenerationFailed, message)),
        }
    }

    fn retry(&mut self, now: f64, mut e: Error, retry_after_ms: Option<f64>) -> Step {
        self.failures += 1;
        if self.failures > self.cfg.max_retries {
            e.message.push_str(" Gave up after ");
            push_num(&mut e.message, self.cfg.max_retries.into());
            e.message.push_str(" retries.");
            return self.fail(e);
        }
        let left = self.cfg.timeout_ms - (now - self.started);
        if let Some(asked) = retry_after_ms.filter(|ms| *ms > left) {
            // Sleeping into a timeout would hide the server's answer behind ours: give it now,
            // with how long the server asked to wait.
            e.message.push_str(" The server asked to wait ");
            push_num(&mut e.message, (asked / 1000.0).ceil() as u64);
            e.message
                .push_str(" s, longer than the time left before the deadline (timeoutMs).");
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
    fn sleep(&mut self, now: f64, ms: f64) -> Step {
        let left = self.cfg.timeout_ms - (now - self.started);
        if left <= 0.0 {
            return self.fail(self.timeout_error());
        }
        Step::Sleep(ms.max(0.0).min(left))
    }

    fn fail(&mut self, e: Error) -> Step {
        self.phase = Phase::Over;
        Step::Fail(self.stamp(e))
    }

    /// Adds what the job knows to an error: the generation id, and when it was submitted.
    pub fn stamp(&self, e: Error) -> Error {
        let mut e = e.with_id(self.id.as_deref());
        if e.generation_id.is_some() && e.submitted_at.is_none() {
            e.submitted_at = self.submitted_at;
        }
        e
    }

    fn progress(&self, now: f64, kind: &'static str, message: Option<String>) -> Progress {
        Progress {
            kind,
            id: self.id.clone(),
            status: self.last_status.clone(),
            elapsed_ms: now - self.started,
            polls: self.polls,
            attempt: None,
            retry_in_ms: None,
            error_code: None,
            message,
        }
    }

    fn event(&mut self, now: f64, kind: &'static str, message: Option<String>) {
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
