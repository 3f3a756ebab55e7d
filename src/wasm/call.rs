//! The driver: one call of the API as a synchronous pump over the JS promises it waits on (the
//! fetch, the body, the pause). It decides nothing: the core's [`Job`] says what to do next, and
//! this only moves promises, timers and bytes, as quinn's driver moves datagrams for quinn-proto's
//! `Connection`. The only `async` code of the module is [`go`]'s loop, which awaits whatever
//! promise the call asks for and hands back how it settled (why not more: see [`Wait`]).

use super::abort::{Guard, Pause};
use super::fetch::{self, Head};
use super::js_error;
use super::js_options::{read, JsOptions};
use super::object::{set, to_js};
use crate::error::Error;
use crate::job::{Begin, InFlight, Job, Outcome, Step};
use crate::options;
use crate::reply::Reply;
use crate::request::Conn;
use crate::secret::Secret;
use crate::time::{Clock, Date, Instant};
use js_sys::{Function, Object, Promise, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Which export is running: it picks the job's constructor, which says what the call is for.
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    /// `generateVideo`.
    Generate,
    /// `createGeneration`.
    Create,
    /// `waitForVideo`.
    Wait,
    /// `getGeneration`.
    Get,
}

/// What the call waits on, and so what to do when it settles. There is no "not started" phase:
/// [`Call::begin`] takes the first step, and each wait names the phase it comes back to, so a path
/// that forgot to say where it goes does not compile. (With a stored phase and a placeholder to
/// fall back on, it would compile, and start the job over: a second paid submit.) Why this and
/// not an `async fn` loop: docs/ARCHITECTURE.md, "The driver".
enum Wait {
    /// `fetch`'s promise.
    Fetch,
    /// The body text of this answer.
    Body(Head),
    /// A pause; dropping it clears its timer and listener.
    Pause(Option<Pause>),
}

/// What the loop does next.
enum Next {
    /// Await this promise, then call [`Call::advance`] with the wait and how it settled.
    Wait(Promise, Wait),
    /// The call is over.
    End(Result<JsValue, Error>),
}

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
}

#[wasm_bindgen]
extern "C" {
    // A monotonic clock, in every browser, worker and server runtime this targets: a date jumps
    // with the system clock, which would end a job early or stretch a wait.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

fn now() -> Instant {
    Instant(performance_now())
}

/// The submit body as JSON text: the typed fields, plus `extra`.
fn body_json(o: &JsOptions) -> Result<(Conn, JsValue), Error> {
    let (conn, body) = options::submit(&o.raw)?;
    let obj = to_js(&body);
    if let Some(extra) = &o.extra {
        Object::assign(&obj, extra);
    }
    let json = JSON::stringify(&obj).map_err(|_| Error::invalid("extra cannot be sent as JSON"))?;
    Ok((conn, json.into()))
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
    let raw = &o.raw;
    let (conn, body, job) = match mode {
        Mode::Generate | Mode::Create => {
            let (conn, body) = body_json(&o)?;
            let cfg = options::job(raw)?;
            let job = if mode == Mode::Generate {
                Job::generate(cfg, begin)
            } else {
                Job::create(cfg, begin)
            };
            (conn, Some(body), job)
        }
        Mode::Wait => {
            let submitted = options::submitted_at(raw, begin.clock.date(at))?;
            let job = Job::wait(options::job(raw)?, begin, options::id(raw)?, submitted);
            (options::conn(raw)?, None, job)
        }
        Mode::Get => (
            options::conn(raw)?,
            None,
            Job::get(begin, options::id(raw)?),
        ),
    };
    let deadline = job.deadline().map(|d| d.since(at));
    Ok(Call {
        job: job.keeping(Secret::new(conn.api_key.as_deref())),
        conn,
        body,
        // A single read reports nothing as it goes.
        on_progress: o.on_progress.filter(|_| mode != Mode::Get),
        raw: JsValue::NULL,
        guard: Guard::new(o.signal, deadline),
    })
}

impl Call {
    /// The first step.
    fn begin(&mut self) -> Next {
        let step = self.job.start(now());
        self.act(step)
    }

    /// The promise of `wait` settled: go on until the next wait.
    fn advance(&mut self, wait: Wait, settled: Result<JsValue, JsValue>) -> Next {
        if self.guard.stopped() {
            let in_flight = match wait {
                Wait::Pause(_) => InFlight::Nothing,
                Wait::Fetch => InFlight::Request,
                Wait::Body(head) => {
                    InFlight::Answer(fetch::finish(head, settled, self.job.secret()).0)
                }
            };
            return self.stop(in_flight);
        }
        match wait {
            Wait::Fetch => match fetch::head(settled, &self.conn.base_url) {
                Ok((head, text)) => Next::Wait(text, Wait::Body(head)),
                Err(reply) => self.on_reply(reply),
            },
            Wait::Body(head) => {
                let (reply, raw) = fetch::finish(head, settled, self.job.secret());
                self.raw = raw;
                self.on_reply(reply)
            }
            Wait::Pause(pause) => {
                drop(pause);
                let step = self.job.on_wake(now());
                self.act(step)
            }
        }
    }

    /// Does what the job asks for.
    fn act(&mut self, step: Step) -> Next {
        self.report();
        if !self.job.may_submit() {
            self.body = None;
        }
        let (url, body) = match step {
            Step::Done(outcome) => return Next::End(Ok(self.result(outcome))),
            Step::Fail(e) => return Next::End(Err(e)),
            // Stopped before this request went out (by `onProgress`, say): nothing in flight.
            _ if self.guard.stopped() => return self.stop(InFlight::Nothing),
            Step::Sleep(ms) => {
                let (promise, pause) = self.guard.sleep(ms);
                return Next::Wait(promise, Wait::Pause(pause));
            }
            Step::Submit => (self.conn.submit_url(), self.body.as_ref()),
            Step::Poll(id) => (self.conn.poll_url(&id), None),
        };
        match fetch::send(&self.conn, &url, body, self.guard.signal().as_ref()) {
            Ok(promise) => Next::Wait(promise, Wait::Fetch),
            Err(reply) => self.on_reply(reply),
        }
    }

    /// An answer (or its absence) came back.
    fn on_reply(&mut self, reply: Reply) -> Next {
        let step = self.job.on_reply(now(), reply);
        self.act(step)
    }

    /// The call's guard stopped it: the job says with what error.
    fn stop(&mut self, in_flight: InFlight) -> Next {
        let aborted = self.guard.user_aborted();
        Next::End(Err(self.job.on_stop(now(), aborted, in_flight)))
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
    let mut next = call.begin();
    loop {
        match next {
            Next::Wait(promise, wait) => {
                let settled = JsFuture::from(promise).await;
                next = call.advance(wait, settled);
            }
            Next::End(r) => return r.map_err(|e| js_error::to_js(&e)),
        }
    }
}
