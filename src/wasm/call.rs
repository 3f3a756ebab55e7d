//! One call of the API as a synchronous state machine over the JS promises it waits on: the
//! fetch, the body, the pause. The only `async` code of the module is [`go`]'s loop, which awaits
//! whatever promise the call asks for and hands back how it settled. Everything else is plain
//! functions: the nested `async fn`s this replaced, one set per export, cost 2.7 KB gzip more (each
//! await point copies the drop glue of everything alive across it).

use super::abort::{Guard, Pause};
use super::fetch::{self, Head};
use super::js_error;
use super::js_options::{read, JsOptions};
use super::types::{GenerationStatus, Raw, Submitted, VideoResult};
use crate::error::Error;
use crate::job::{Job, Step};
use crate::options::{self, RawOptions};
use crate::reply::{read_reply, Reply};
use crate::request::Conn;
use crate::response::State;
use js_sys::{Function, Object, Promise, JSON};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
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

/// What the call waits on.
enum Phase {
    /// Nothing sent yet.
    Start,
    /// `fetch`'s promise.
    Fetching,
    /// The body text of this answer.
    Reading(Head),
    /// A pause (kept in `Call::pause`).
    Sleeping,
}

/// What the loop does next.
enum Next {
    /// Await this promise, then call [`Call::advance`] with how it settled.
    Wait(Promise),
    /// The call is over.
    End(Result<JsValue, Error>),
}

struct Call {
    mode: Mode,
    conn: Conn,
    job: Job,
    /// The submit body's JSON text.
    body: Option<JsValue>,
    on_progress: Option<Function>,
    phase: Phase,
    /// The last parsed JSON answer, for `result.raw`.
    raw: JsValue,
    /// The pending pause: dropping it clears its timer and listener.
    pause: Option<Pause>,
    /// The caller's signal and the deadline; dropping it aborts whatever is still in flight.
    guard: Guard,
}

fn now() -> f64 {
    js_sys::Date::now()
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
            Job::resume(options::job(raw)?, at, seed, id).aged(options::age(raw, at)?)
        };
        (conn, None, job)
    };
    let deadline = (mode != Mode::Get).then(|| job.deadline_ms());
    Ok(Call {
        mode,
        conn,
        job,
        body,
        on_progress: o.on_progress.filter(|_| mode != Mode::Get),
        phase: Phase::Start,
        raw: JsValue::NULL,
        pause: None,
        guard: Guard::new(o.signal, deadline),
    })
}

impl Call {
    /// The promise the call waited on settled (`Start` ignores it): go on until the next wait.
    fn advance(&mut self, settled: Result<JsValue, JsValue>) -> Next {
        let phase = core::mem::replace(&mut self.phase, Phase::Start);
        if !matches!(phase, Phase::Start) && self.guard.stopped() {
            // An answer read in full as the call stopped may hold the new job's id: the job takes
            // it in, so that the error names the job that exists (and is paid for), but nothing
            // more is done with it.
            if let Phase::Reading(head) = phase {
                let _ = self.job.on_reply(now(), fetch::finish(head, settled).0);
                let _ = self.job.take_events();
            }
            return Next::End(Err(self.halted()));
        }
        let step = match phase {
            Phase::Start => self.job.start(now()),
            Phase::Fetching => match fetch::head(settled, &self.conn.base_url) {
                Ok((head, text)) => {
                    self.phase = Phase::Reading(head);
                    return Next::Wait(text);
                }
                Err(reply) => return self.on_reply(reply),
            },
            Phase::Reading(head) => {
                let (reply, raw) = fetch::finish(head, settled);
                self.raw = raw;
                return self.on_reply(reply);
            }
            Phase::Sleeping => {
                self.pause = None;
                self.job.on_wake(now())
            }
        };
        self.act(step)
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
            _ if self.guard.stopped() => return Next::End(Err(self.halted())),
            Step::Sleep(ms) => {
                let (promise, pause) = self.guard.sleep(ms);
                self.pause = pause;
                self.phase = Phase::Sleeping;
                return Next::Wait(promise);
            }
            Step::Submit => (self.conn.submit_url(), self.body.as_ref()),
            Step::Poll(id) => (self.conn.poll_url(&id), None),
        };
        match fetch::send(&self.conn, &url, body, self.guard.signal().as_ref()) {
            Ok(promise) => {
                self.phase = Phase::Fetching;
                Next::Wait(promise)
            }
            Err(reply) => self.on_reply(reply),
        }
    }

    /// An answer (or its absence) came back.
    fn on_reply(&mut self, reply: Reply) -> Next {
        if self.mode == Mode::Get {
            return Next::End(self.status(&reply));
        }
        let step = self.job.on_reply(now(), reply);
        if self.mode == Mode::Create && !matches!(step, Step::Fail(_)) {
            if let Some(id) = self.job.id() {
                let done = to_js(&Submitted {
                    id,
                    status: self.job.status().unwrap_or_default(),
                    submitted_at: self.job.submitted_at().unwrap_or_else(now),
                    raw: Raw(self.raw.clone()),
                });
                self.report();
                return Next::End(Ok(done));
            }
        }
        self.act(step)
    }

    /// `getGeneration`'s result.
    fn status(&self, reply: &Reply) -> Result<JsValue, Error> {
        let id = self.job.id().unwrap_or_default();
        let g = read_reply(reply).map_err(|e| e.with_id(Some(id)))?;
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
    fn halted(&self) -> Error {
        self.job.stop_error(self.guard.user_aborted())
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
    let o = read(&options).map_err(|e| js_error::to_js(&e, None))?;
    // The key as it is sent (trimmed), to scrub from error messages.
    let key = o.raw.api_key.as_deref().map(|k| k.trim_ascii().to_owned());
    let fail = |e: Error| js_error::to_js(&e, key.as_deref());
    let mut call = start(mode, o).map_err(fail)?;
    let mut settled = Ok(JsValue::UNDEFINED);
    loop {
        match call.advance(settled) {
            Next::Wait(promise) => settled = JsFuture::from(promise).await,
            Next::End(r) => return r.map_err(fail),
        }
    }
}
