//! Drives a core [`Job`] with real I/O: sends what it asks for, sleeps as it says, reports its
//! events to `onProgress`, and turns an abort or the deadline into the right error.

use super::abort::Guard;
use super::fetch::send;
use crate::error::{Code, Error};
use crate::job::{Finished, Job, Step};
use crate::request::Conn;
use js_sys::Function;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// The caller's side of a run.
pub struct Ctx<'a> {
    pub conn: &'a Conn,
    pub guard: &'a Guard,
    pub on_progress: Option<&'a Function>,
}

/// How a run ended well.
pub enum Outcome {
    /// The video is ready.
    Done(Finished),
    /// Submit-only runs stop once the generation has an id: the id and status word.
    Submitted(String, String),
}

pub fn now() -> f64 {
    js_sys::Date::now()
}

pub fn seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
}

/// Plain JS object from a serializable value (`null` if that fails, which plain structs cannot).
pub fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// Why the guard stopped the call.
pub fn stop_error(guard: &Guard, job_id: Option<&str>, timeout: impl FnOnce() -> Error) -> Error {
    if guard.user_aborted() {
        Error::new(
            Code::Aborted,
            "The generation was aborted by its signal; nothing more was sent.",
        )
        .with_id(job_id)
    } else {
        timeout()
    }
}

/// The error for a call its guard stopped, with what the job knows.
fn halted(ctx: &Ctx, job: &Job) -> Error {
    job.stamp(stop_error(ctx.guard, job.id(), || job.timeout_error()))
}

/// Runs `job` to its end. `body` is the submit body's JSON text. With `submit_only`, returns as
/// soon as the generation has an id.
pub async fn run(
    ctx: &Ctx<'_>,
    mut job: Job,
    body: Option<&JsValue>,
    submit_only: bool,
) -> Result<(Outcome, JsValue), Error> {
    let mut raw = JsValue::NULL;
    let mut step = job.start(now());
    loop {
        report(ctx, &mut job);
        if ctx.guard.stopped() && !matches!(step, Step::Done(_) | Step::Fail(_)) {
            return Err(halted(ctx, &job));
        }
        step = match step {
            Step::Submit | Step::Poll(_) => {
                let url = match &step {
                    Step::Poll(id) => ctx.conn.poll_url(id),
                    _ => ctx.conn.submit_url(),
                };
                let body = if matches!(step, Step::Submit) {
                    body
                } else {
                    None
                };
                let sent = send(ctx.conn, &url, body, ctx.guard.signal().as_ref()).await;
                if ctx.guard.stopped() {
                    return Err(halted(ctx, &job));
                }
                raw = sent.raw;
                let next = job.on_reply(now(), sent.reply);
                if submit_only && job.id().is_some() {
                    report(ctx, &mut job);
                    return match next {
                        Step::Fail(e) => Err(e),
                        _ => Ok((
                            Outcome::Submitted(
                                job.id().unwrap_or_default().to_owned(),
                                job.status().unwrap_or_default().to_owned(),
                            ),
                            raw,
                        )),
                    };
                }
                next
            }
            Step::Sleep(ms) => {
                ctx.guard.sleep(ms).await;
                if ctx.guard.stopped() {
                    return Err(halted(ctx, &job));
                }
                job.on_wake(now())
            }
            Step::Done(f) => return Ok((Outcome::Done(f), raw)),
            Step::Fail(e) => return Err(e),
        };
    }
}

/// Hands the job's new events to `onProgress`. A callback that throws is ignored: a bug in the
/// caller's progress display must not cost them the video.
fn report(ctx: &Ctx, job: &mut Job) {
    let events = job.take_events();
    if let Some(f) = ctx.on_progress {
        for e in events {
            let _ = f.call1(&JsValue::UNDEFINED, &to_js(&e));
        }
    }
}
