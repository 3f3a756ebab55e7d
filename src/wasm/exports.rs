//! The four exported functions. Each reads its options, validates them in the core before any
//! request, runs, and converts any error to JS in one place.

use super::abort::Guard;
use super::fetch::send;
use super::js_error;
use super::js_options::{read, JsOptions};
use super::run::{now, run, seed, stop_error, to_js, Ctx, Outcome};
use super::types::*;
use crate::error::Error;
use crate::job::{Finished, Job};
use crate::options;
use crate::options::JobConfig;
use crate::reply::read_reply;
use crate::request::Conn;
use crate::request::SubmitBody;
use crate::response::State;
use js_sys::{Object, JSON};
use wasm_bindgen::prelude::*;

/// The submit body as JSON text: the typed fields, plus `extra`.
fn body_json(body: &SubmitBody, extra: Option<&Object>) -> Result<JsValue, Error> {
    let obj = to_js(body);
    if let Some(extra) = extra {
        Object::assign(obj.unchecked_ref(), extra);
    }
    JSON::stringify(&obj)
        .map(Into::into)
        .map_err(|_| Error::invalid("extra cannot be sent as JSON"))
}

/// Reads the options; the key (trimmed, as it is sent) comes back for scrubbing error messages.
fn read_options(options: &JsValue) -> Result<(JsOptions, Option<String>), JsValue> {
    let o = read(options).map_err(|e| js_error::to_js(&e, None))?;
    let key = o.raw.api_key.as_deref().map(|k| k.trim().to_owned());
    Ok((o, key))
}

/// Runs a job for the call's options: one guard (the caller's signal and the deadline), one
/// context. `resume` (an id and the job's age) picks up an existing generation; otherwise `body`
/// is submitted.
async fn drive(
    o: &JsOptions,
    conn: &Conn,
    cfg: JobConfig,
    resume: Option<(String, f64)>,
    body: Option<&JsValue>,
    submit_only: bool,
) -> Result<(Outcome, JsValue), Error> {
    let guard = Guard::new(o.signal.clone(), Some(cfg.timeout_ms));
    let ctx = Ctx {
        conn,
        guard: &guard,
        on_progress: o.on_progress.as_ref(),
    };
    let job = match resume {
        Some((id, age)) => Job::resume(cfg, now(), seed(), id).aged(age),
        None => Job::submit(cfg, now(), seed()),
    };
    run(&ctx, job, body, submit_only).await
}

fn video_result(f: &Finished, raw: JsValue) -> JsValue {
    to_js(&VideoResult {
        id: &f.id,
        status: "completed",
        video_url: &f.video_url,
        credits_used: f.credits_used,
        elapsed_ms: f.elapsed_ms,
        polls: f.polls,
        raw,
    })
}

async fn submit(options: JsValue, submit_only: bool) -> Result<JsValue, JsValue> {
    let (o, key) = read_options(&options)?;
    let fail = |e: Error| js_error::to_js(&e, key.as_deref());
    let (conn, body) = options::submit(&o.raw).map_err(fail)?;
    let cfg = options::job(&o.raw).map_err(fail)?;
    let json = body_json(&body, o.extra.as_ref()).map_err(fail)?;
    let (outcome, raw) = drive(&o, &conn, cfg, None, Some(&json), submit_only)
        .await
        .map_err(fail)?;
    let submitted_at = now();
    Ok(match outcome {
        Outcome::Done(f) if !submit_only => video_result(&f, raw),
        Outcome::Done(f) => to_js(&Submitted {
            id: &f.id,
            status: "completed",
            submitted_at,
            raw,
        }),
        Outcome::Submitted(id, status) => to_js(&Submitted {
            id: &id,
            status: &status,
            submitted_at,
            raw,
        }),
    })
}

/// Submits a job, waits for it and resolves with the video's URL.
///
/// Rejects with an `Error` whose `code` says what went wrong (see `AimlApiError`).
#[wasm_bindgen(js_name = generateVideo)]
pub async fn generate_video(options: GenerateVideoOptions) -> Result<VideoResultJs, JsValue> {
    submit(options.into(), false)
        .await
        .map(JsCast::unchecked_into)
}

/// Submits a job and resolves with its id, without waiting for the video. Retried only on HTTP
/// 429: the submit is a paid call.
#[wasm_bindgen(js_name = createGeneration)]
pub async fn create_generation(options: GenerateVideoOptions) -> Result<SubmittedJs, JsValue> {
    submit(options.into(), true)
        .await
        .map(JsCast::unchecked_into)
}

/// Waits for an existing generation (e.g. after a page reload) and resolves with the video's URL.
#[wasm_bindgen(js_name = waitForVideo)]
pub async fn wait_for_video(options: WaitForVideoOptions) -> Result<VideoResultJs, JsValue> {
    let (o, key) = read_options(&options)?;
    let fail = |e: Error| js_error::to_js(&e, key.as_deref());
    let conn = options::conn(&o.raw).map_err(fail)?;
    let id = options::id(&o.raw).map_err(fail)?;
    let cfg = options::job(&o.raw).map_err(fail)?;
    let age = options::age(&o.raw, now()).map_err(fail)?;
    match drive(&o, &conn, cfg, Some((id, age)), None, false)
        .await
        .map_err(fail)?
    {
        (Outcome::Done(f), raw) => Ok(video_result(&f, raw).unchecked_into()),
        // A resumed job never stops at submit.
        (Outcome::Submitted(..), _) => {
            Err(fail(Error::bad_response("The job ended without a video.")))
        }
    }
}

/// Reads a generation's status once, without retries. A failed generation is reported in
/// `state`, not thrown.
#[wasm_bindgen(js_name = getGeneration)]
pub async fn get_generation(options: GetGenerationOptions) -> Result<GenerationStatusJs, JsValue> {
    let (o, key) = read_options(&options)?;
    let fail = |e: Error| js_error::to_js(&e, key.as_deref());
    let conn = options::conn(&o.raw).map_err(fail)?;
    let id = options::id(&o.raw).map_err(fail)?;
    let guard = Guard::new(o.signal, None);
    if guard.stopped() {
        return Err(fail(stop_error(&guard, Some(&id), || {
            unreachable_timeout(&id)
        })));
    }
    let sent = send(&conn, &conn.poll_url(&id), None, guard.signal().as_ref()).await;
    if guard.stopped() {
        return Err(fail(stop_error(&guard, Some(&id), || {
            unreachable_timeout(&id)
        })));
    }
    let g = read_reply(&sent.reply).map_err(|e| fail(e.with_id(Some(&id))))?;
    let (state, video_url, error) = match &g.state {
        State::Pending { .. } => ("pending", None, None),
        State::Completed { video_url } => ("completed", Some(video_url.as_str()), None),
        State::Failed { message } => ("failed", None, Some(message.as_str())),
    };
    Ok(to_js(&GenerationStatus {
        id: g.id.as_deref().unwrap_or(&id),
        status: &g.status,
        state,
        video_url,
        error,
        credits_used: g.credits_used,
        raw: sent.raw,
    })
    .unchecked_into())
}

/// `getGeneration` has no deadline, so its guard only stops on the caller's abort.
fn unreachable_timeout(id: &str) -> Error {
    Error::new(crate::error::Code::Aborted, "The read was stopped.").with_id(Some(id))
}
