//! One call of the API as a synchronous state machine over the JS promises it waits on: the
//! fetch, the body, the pause. The only `async` code of the module is [`go`]'s loop, which awaits
//! whatever promise the call asks for and hands back how it settled; everything else is plain
//! functions (why: see [`Wait`]).

use super::abort::{Guard, Pause};
use super::fetch::{self, Head};
use super::js_error;
use super::js_options::{read, JsOptions};
use super::types::{GenerationStatus, Raw, Submitted, VideoResult};
use crate::error::Error;
use crate::fields::RawOptions;
use crate::job::{Job, Step};
use crate::options;
use crate::reply::Reply;
use crate::request::Conn;
use crate::response::State;
use crate::secret::Secret;
use js_sys::{Function, Object, Promise, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Which export is running.
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    /// `generateVideo`: submit, then wait for the video.
    Generate,
    /// `createGeneration`: submit, and stop once the generation has an id.
    Create,
    /// `waitForVideo`: wait for an existing generation.
    Wait,
    /// `getGeneration`: one status read, no retries; a failed generation is a result.
    Get,
}

/// What the call waits on, and so what to do when it settles. There is no "not started" phase:
/// [`Call::begin`] takes the first step, and each wait names the phase it comes back to, so a path
/// that forgot to say where it goes does not compile. (With a stored phase and a placeholder to
/// fall back on, it would compile, and start the job over: a second paid submit.) A plain `async
/// fn` loop would make the same mistake impossible, at 2.7 KB gzip more (each await point copies
/// the drop glue of everything alive across it).
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
    mode: Mode,
    conn: Conn,
    job: Job,
    /// The submit body's JSON text, until the job has an id: it may hold a data URL of megabytes,
    /// which need not live through the polling.
    body: Option<JsValue>,
    on_progress: Option<Function>,
    /// The last parsed JSON answer, for `result.raw`.
    raw: JsValue,
    /// `Date.now()` minus [`now`] when the call started: turns the job's times into dates.
    epoch: f64,
    /// The caller's signal and the deadline; dropping it aborts whatever is still in flight.
    guard: Guard,
}

#[wasm_bindgen]
extern "C" {
    // A monotonic clock, in every browser, worker and server runtime this targets: a date jumps
    // with the system clock, which would end a job early or stretch a wait.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn now() -> f64;
}

/// Plain JS object from a serializable value (`null` if that fails, which plain structs cannot).
pub fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// The submit body as JSON text: the typed fields, plus `extra`.
fn body_json(raw: &RawOptions, extra: Option<&Object>) -> Result<(Conn, JsValue), Error> {
    let (conn, body) = options::submit(raw)?;
    let obj = to_js(&body);
    if let Some(extra) = extra {
        Object::assign(obj.unchecked_ref(), extra);
    }
    let json = JSON::stringify(&obj).map_err(|_| Error::invalid("extra cannot be sent as JSON"))?;
    Ok((conn, json.into()))
}

/// Checks the options and sets the call up; nothing is sent yet.
fn start(mode: Mode, o: JsOptions) -> Result<Call, Error> {
    let raw = &o.raw;
    let at = now();
    let wall = js_sys::Date::now();
    let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    let (conn, body, job) = if matches!(mode, Mode::Generate | Mode::Create) {
        let (conn, body) = body_json(raw, o.extra.as_ref())?;
        (conn, Some(body), Job::submit(options::job(raw)?, at, seed))
    } else {
        let conn = options::conn(raw)?;
        let id = options::id(raw)?;
        // A single read takes none of the waiting options; the defaults keep its job valid.
        let job = if mode == Mode::Get {
            Job::resume(options::job(&RawOptions::default())?, at, seed, id)
        } else {
            Job::resume(options::job(raw)?, at, seed, id).aged(options::age(raw, wall)?)
        };
        (conn, None, job)
    };
    let deadline = (mode != Mode::Get).then(|| job.deadline_ms());
    let job = job.keeping(Secret::new(conn.api_key.as_deref()));
    Ok(Call {
        mode,
        conn,
        job,
        body,
        on_progress: o.on_progress.filter(|_| mode != Mode::Get),
        raw: JsValue::NULL,
        epoch: wall - at,
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
            // An answer read in full as the call stopped may hold the new job's id: the job takes
            // it in, so that the error names the job that exists (and is paid for), but nothing
            // more is done with it.
            let in_flight = !matches!(wait, Wait::Pause(_));
            if let Wait::Body(head) = wait {
                let _ = self
                    .job
                    .on_reply(now(), fetch::finish(head, settled, self.job.secret()).0);
                let _ = self.job.take_events();
            }
            return Next::End(Err(self.halted(in_flight)));
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
        let (url, body) = match step {
            Step::Done(f) => {
                return Next::End(Ok(to_js(&VideoResult {
                    id: &f.id,
                    status: "completed",
                    video_url: &f.video_url,
                    credits_used: f.credits_used,
                    elapsed_ms: f.elapsed_ms,
                    polls: f.polls,
                    raw: Raw(self.raw.clone()),
                })))
            }
            Step::Fail(e) => return Next::End(Err(e)),
            // Stopped before this request went out (by `onProgress`, say): nothing in flight.
            _ if self.guard.stopped() => return Next::End(Err(self.halted(false))),
            Step::Sleep(ms) => {
                let (promise, pause) = self.guard.sleep(ms);
                return Next::Wait(promise, Wait::Pause(pause));
            }
            Step::Submit => (self.conn.submit_url(), self.body.as_ref()),
            Step::Poll(id) => {
                // Submitted: the body is never sent again.
                self.body = None;
                (self.conn.poll_url(&id), None)
            }
        };
        match fetch::send(&self.conn, &url, body, self.guard.signal().as_ref()) {
            Ok(promise) => Next::Wait(promise, Wait::Fetch),
            Err(reply) => self.on_reply(reply),
        }
    }

    /// An answer (or its absence) came back.
    fn on_reply(&mut self, reply: Reply) -> Next {
        if self.mode == Mode::Get {
            return Next::End(self.status(reply));
        }
        let step = self.job.on_reply(now(), reply);
        if self.mode == Mode::Create && !matches!(step, Step::Fail(_)) {
            if let Some(id) = self.job.id() {
                let done = to_js(&Submitted {
                    id,
                    status: self.job.status().unwrap_or_default(),
                    submitted_at: self.job.submitted_at().unwrap_or_else(now) + self.epoch,
                    raw: Raw(self.raw.clone()),
                });
                self.report();
                return Next::End(Ok(done));
            }
        }
        self.act(step)
    }

    /// `getGeneration`'s result.
    fn status(&self, reply: Reply) -> Result<JsValue, Error> {
        let id = self.job.id().unwrap_or_default();
        let g = self.job.read(reply)?;
        let (state, video_url, error) = match &g.state {
            State::Pending { .. } => ("pending", None, None),
            State::Completed { video_url } => ("completed", Some(video_url.as_str()), None),
            State::Failed { message } => ("failed", None, Some(message.as_str())),
        };
        Ok(to_js(&GenerationStatus {
            id: g.id.as_deref().unwrap_or(id),
            status: &g.status,
            state,
            video_url,
            error,
            credits_used: g.credits_used,
            raw: Raw(self.raw.clone()),
        }))
    }

    /// The error for a call its guard stopped, with what the job knows.
    fn halted(&self, in_flight: bool) -> Error {
        self.job.stop_error(self.guard.user_aborted(), in_flight)
    }

    /// `e` with its `submittedAt` as a date, as the caller keeps it for `waitForVideo`.
    fn dated(&self, mut e: Error) -> Error {
        e.submitted_at = e.submitted_at.map(|t| t + self.epoch);
        e
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
pub async fn go(mode: Mode, options: JsValue) -> Result<JsValue, JsValue> {
    let o = read(&options).map_err(|e| js_error::to_js(&e))?;
    // Read: the caller's object need not live as long as the call.
    drop(options);
    let mut call = start(mode, o).map_err(|e| js_error::to_js(&e))?;
    let mut next = call.begin();
    loop {
        match next {
            Next::Wait(promise, wait) => {
                let settled = JsFuture::from(promise).await;
                next = call.advance(wait, settled);
            }
            Next::End(r) => return r.map_err(|e| js_error::to_js(&call.dated(e))),
        }
    }
}
