//! The driver: one call of the API as one `async fn` that pumps the JS promises it waits on (the
//! fetch, the body, the pause). It decides nothing: the core's [`Job`] says what to do next and is
//! told what happened, and this only moves promises, timers and bytes, as quinn's driver moves
//! datagrams for quinn-proto's `Connection`. (Measured against a hand-written state machine over
//! the same core: docs/ARCHITECTURE.md, "The driver".)

use super::abort::Guard;
use super::fetch;
use super::js_error;
use super::js_options::{read, JsOptions};
use super::learned;
use super::object::{set, to_js};
use crate::error::Error;
use crate::job::{Begin, InFlight, Job, Outcome, Step};
use crate::options::{check, Checked, Mode, What};
use crate::request::Conn;
use crate::secret::Secret;
use crate::table::SubmitBody;
use crate::time::{Clock, Date, Instant};
use js_sys::{Function, Object, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

struct Call {
    conn: Conn,
    job: Job,
    /// The submit body's JSON text, while the job may still send it: it may hold a data URL of
    /// megabytes, which need not live through the polling.
    body: Option<JsValue>,
    on_progress: Option<Function>,
    /// The last parsed JSON answer, for `result.raw`.
    raw: JsValue,
    /// The caller's signal and the deadline; dropping it aborts whatever is still in flight.
    guard: Guard,
    /// The caller's `fetch`, if it gave one.
    fetch: Option<Function>,
}

#[wasm_bindgen]
extern "C" {
    // A monotonic clock, in every browser, worker and server runtime this targets: a date jumps
    // with the system clock, which would end a job early or stretch a wait.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;

    // The platform's secure random source, in every runtime this targets: the client request id
    // must be unguessable (a proxy's users find their own jobs by it, and no one else's).
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(bytes: &mut [u8]) -> Result<JsValue, JsValue>;
}

/// 16 random bytes from `crypto.getRandomValues`.
fn random() -> Result<[u8; 16], Error> {
    let mut b = [0u8; 16];
    get_random_values(&mut b).map_err(|_| {
        Error::invalid("this runtime has no crypto.getRandomValues: pass clientRequestId")
    })?;
    Ok(b)
}

fn now() -> Instant {
    Instant(performance_now())
}

/// The submit body as JSON text: the checked fields, plus `extra`.
fn body_json(body: &SubmitBody, extra: Option<&Object>) -> Result<JsValue, Error> {
    let obj = to_js(body);
    if let Some(extra) = extra {
        Object::assign(&obj, extra);
    }
    let json = JSON::stringify(&obj).map_err(|_| Error::invalid("extra cannot be sent as JSON"))?;
    Ok(json.into())
}

/// Checks the options and sets the call up; nothing is sent yet. `began` is when the caller
/// called (the entry reads it before the module loads and images are read); the deadline counts
/// from it.
fn start(mode: Mode, o: JsOptions, began: Option<f64>) -> Result<Call, Error> {
    let at = now();
    let begin = Begin {
        // A moment after `at` cannot be the beginning (a caller that passes nonsense).
        at: began.map(Instant).filter(|b| *b <= at).unwrap_or(at),
        clock: Clock::new(at, Date(js_sys::Date::now())),
        seed: (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64,
    };
    let today = begin.clock.date(at);
    // Drawn only for a submit with no id of the caller's.
    let draw = match (mode, &o.raw.client_request_id) {
        (Mode::Generate | Mode::Create, None) => random()?,
        _ => [0; 16],
    };
    let Checked { conn, what } = learned::with(|l| check(mode, &o.raw, l, today, draw))?;
    let (job, body) = match what {
        What::Submit {
            body,
            config,
            wait,
            client_request_id,
            ..
        } => {
            // generateVideo looks for a job whose submit's answer was lost; createGeneration
            // reports it, with the client request id for recoverGeneration.
            let model = body.model.as_deref().unwrap_or_default();
            let job = if wait {
                Job::generate(config, begin).recovering(model)
            } else {
                Job::create(config, begin)
            };
            let json = body_json(&body, o.extra.as_ref())?;
            (job.sending(client_request_id), Some(json))
        }
        What::Wait {
            id,
            config,
            submitted,
        } => (Job::wait(config, begin, id, submitted), None),
        What::Get { id, timeout_ms } => (Job::get(begin, id, timeout_ms), None),
        What::Recover {
            client_request_id,
            model,
            config,
            submitted,
        } => (
            Job::recover(config, begin, client_request_id, model, submitted),
            None,
        ),
    };
    // Armed for what is left now, after the body was made (it may hold megabytes of images).
    let deadline = job.deadline().since(now());
    Ok(Call {
        job: job.keeping(Secret::new(conn.api_key.as_deref())),
        conn,
        body,
        // A single read reports nothing as it goes.
        on_progress: o.on_progress.filter(|_| mode != Mode::Get),
        raw: JsValue::NULL,
        guard: Guard::new(o.signal, deadline),
        fetch: o.fetch,
    })
}

impl Call {
    /// Runs the job to its end: does what it asks, and tells it what happened. Each step is
    /// matched by value, so a path that forgot to say what comes next would not compile.
    async fn run(&mut self) -> Result<JsValue, Error> {
        let mut step = self.job.start(now());
        loop {
            self.report();
            if !self.job.may_submit() {
                self.body = None;
            }
            let (url, body, lookup) = match step {
                Step::Done(outcome) => {
                    learned::keep(&self.job);
                    return Ok(self.result(outcome));
                }
                Step::Fail(e) => return Err(e),
                // Stopped before this request went out (by `onProgress`, say): nothing in flight.
                _ if self.guard.stopped() => return Err(self.stop(InFlight::Nothing)),
                Step::Sleep(ms) => {
                    let (promise, _pause) = self.guard.sleep(ms);
                    let _ = JsFuture::from(promise).await;
                    if self.guard.stopped() {
                        return Err(self.stop(InFlight::Nothing));
                    }
                    step = self.job.on_wake(now());
                    continue;
                }
                Step::Submit => (self.conn.submit_url(), self.body.clone(), false),
                Step::Poll(id) => (self.conn.poll_url(&id), None, false),
                // Within the page's share of the route's rate: else wait, and ask again.
                Step::Lookup(q) => match learned::admit(performance_now()) {
                    None => (self.conn.base_url.clone() + &q.path(), None, true),
                    // Not past the deadline: the job says what a search that ran out means.
                    Some(ms) => {
                        step = Step::Sleep(ms.min(self.job.deadline().since(now()).max(0.0)));
                        continue;
                    }
                },
            };
            // One request and its answer. (In a function of its own, this loop read better, and
            // cost 0.2 KB gzip more: each async fn is a state machine of its own.)
            let signal = self.guard.signal();
            let own = self.fetch.as_ref();
            // On the submit; and on a lookup, for a proxy that shows a page only its own job.
            let id = self
                .job
                .client_request_id()
                .filter(|_| body.is_some() || lookup);
            let extra = id.map(|id| ("X-Client-Request-Id", id));
            let reply =
                match fetch::send(&self.conn, &url, body.as_ref(), extra, signal.as_ref(), own) {
                    Err(reply) => reply,
                    Ok(promise) => {
                        let (promise, _pause) = self.guard.or_stopped(promise, own.is_some());
                        let settled = JsFuture::from(promise).await;
                        if self.guard.stopped() {
                            return Err(self.stop(InFlight::Request));
                        }
                        match fetch::head(settled, &self.conn.base_url, own.is_some()) {
                            Err(reply) => reply,
                            Ok((head, text)) => {
                                let (text, _pause) = self.guard.or_stopped(text, own.is_some());
                                let settled = JsFuture::from(text).await;
                                let logs = self.job.client_request_id().filter(|_| lookup);
                                let (reply, raw) =
                                    fetch::finish(head, settled, self.job.secret(), logs);
                                if self.guard.stopped() {
                                    return Err(self.stop(InFlight::Answer(reply)));
                                }
                                self.raw = raw;
                                reply
                            }
                        }
                    }
                };
            step = self.job.on_reply(now(), reply);
        }
    }

    /// The call's guard stopped it: the job says with what error.
    fn stop(&mut self, in_flight: InFlight) -> Error {
        // Without a reason to tell them apart, the clock does: before the deadline, the signal.
        let aborted = self
            .guard
            .by_signal()
            .unwrap_or_else(|| self.job.deadline().since(now()) > 0.0);
        self.job.on_stop(now(), aborted, in_flight)
    }

    /// The outcome as the JS object the export resolves with, with the server's last answer as
    /// `raw`.
    fn result(&self, outcome: Outcome) -> JsValue {
        let o = match &outcome {
            Outcome::Video(f) => to_js(f),
            Outcome::Created(c) => to_js(c),
            Outcome::Status(s) => to_js(s),
        };
        set(&o, "raw", &self.raw);
        o.into()
    }

    /// Hands the job's new events to `onProgress`. A callback that throws is ignored: a bug in the
    /// caller's progress display must not cost them the video.
    fn report(&mut self) {
        let events = self.job.take_events();
        if let Some(f) = &self.on_progress {
            for e in events {
                let _ = f.call1(&JsValue::UNDEFINED, &to_js(&e));
            }
        }
    }
}

/// Runs one call of `mode` with the caller's `options`, to a result or a JS `Error`.
pub async fn go(mode: Mode, options: JsValue, began: Option<f64>) -> Result<JsValue, JsValue> {
    let o = read(&options).map_err(|e| js_error::to_js(&e))?;
    // Read: the caller's object need not live as long as the call.
    drop(options);
    let mut call = start(mode, o, began).map_err(|e| js_error::to_js(&e))?;
    call.run().await.map_err(|e| js_error::to_js(&e))
}
