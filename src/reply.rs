//! One HTTP exchange as the transport saw it, and what it means: a generation, or an error that
//! says whether the failure may pass (`transient`).

use crate::error::Error;
use crate::response::{interpret, Cost, Generation, WireBody};

/// How a body came back.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// JSON of the expected shape.
    Json(WireBody),
    /// JSON, but not of the shape the API promises (e.g. `status: 5`).
    Shape,
    /// Not JSON at all (an HTML error page, a truncated body).
    NotJson,
    /// The body could not be read (the connection dropped mid-body).
    Unreadable,
    /// Longer than [`MAX_BODY`]: not read at all.
    TooLarge,
    /// A page of the usage logs, read for the client request id sought.
    Logs(crate::logs::Page),
}

/// The longest body read, in bytes or UTF-16 units: a generation's answer is under 2 KB, so 1 MiB
/// is generous, and a hostile or broken server cannot fill the module's memory.
pub const MAX_BODY: f64 = 1_048_576.0;

/// What one request came back as.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// No HTTP answer (`fetch` rejected); the transport made the error.
    Failed(Error),
    /// An HTTP answer.
    Http {
        /// HTTP status.
        status: u16,
        /// The server's wish, from `retry-after-ms` or `Retry-After`.
        retry_after_ms: Option<f64>,
        /// From `x-request-id`.
        request_id: Option<String>,
        /// The API's tracing headers.
        trace: Trace,
        /// The body.
        body: Body,
    },
}

/// What an answer's headers say of the call (the vendor's "Request Tracing and Cost Headers"):
/// the body says the same where it says anything, and is read first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// `x-inference-id`: for a generation, its id.
    pub inference_id: Option<String>,
    /// `x-aimlapi-credits-used` and `x-aimlapi-usd-spent`.
    pub cost: Cost,
}

impl Reply {
    /// The `Retry-After` wish, if any.
    pub fn retry_after_ms(&self) -> Option<f64> {
        match self {
            Reply::Http { retry_after_ms, .. } => *retry_after_ms,
            Reply::Failed(_) => None,
        }
    }
}

/// Reads a reply as a generation. Errors say whether the failure may pass (`transient`): network
/// failures, unreadable or non-JSON bodies, and 408/429/500/502/503/504 do. Whether the caller may
/// call again is the job's to judge (`Job::stamp`), not the reply's.
pub fn read_reply(reply: &Reply) -> Result<Generation, Error> {
    match reply {
        Reply::Failed(e) => Err(e.clone()),
        Reply::Http {
            status,
            request_id,
            trace,
            body,
            ..
        } => {
            let status = *status;
            if (200..300).contains(&status) {
                let with_meta = |mut e: Error| {
                    e.status = Some(status);
                    e.request_id = request_id.clone();
                    e
                };
                return match body {
                    Body::Json(b) => match interpret(b) {
                        Ok(mut g) => {
                            g.cost = g.cost.or(trace.cost);
                            g.id = g.id.or_else(|| trace.inference_id.clone());
                            Ok(g)
                        }
                        Err(e) => Err(with_meta(e)),
                    },
                    Body::Shape | Body::Logs(_) => Err(with_meta(Error::bad_response(
                        "The API's answer is JSON but not of the documented shape.",
                    ))),
                    Body::NotJson => Err(with_meta(
                        Error::bad_response(
                            "The API's answer is not JSON (it may have been cut off).",
                        )
                        .transient(),
                    )),
                    Body::TooLarge => Err(with_meta(Error::bad_response(
                        "The API's answer is over 1 MiB, far more than a generation: it was not read.",
                    ))),
                    Body::Unreadable => Err(with_meta(
                        Error::bad_response(
                            "The API's answer could not be read (the connection dropped).",
                        )
                        .transient(),
                    )),
                };
            }
            let (message, body_request_id) = match body {
                Body::Json(b) => (b.message.as_ref().map(|m| m.text()), b.request_id.clone()),
                _ => (None, None),
            };
            Err(Error::http(
                status,
                message.as_deref(),
                request_id.clone().or(body_request_id),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, compiled to wasm, in the browser (`npm test` does both).
    use crate::error::Code;
    use crate::response::{Message, State};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn http(status: u16, body: Body) -> Reply {
        Reply::Http {
            status,
            retry_after_ms: None,
            request_id: None,
            trace: Trace::default(),
            body,
        }
    }

    #[test]
    fn transience_by_kind() {
        for (body, status, transient) in [
            (Body::NotJson, 200, true),
            (Body::Unreadable, 200, true),
            (Body::Shape, 200, false),
            (Body::TooLarge, 200, false),
            (Body::NotJson, 502, true),
            (Body::NotJson, 401, false),
        ] {
            let e = read_reply(&http(status, body.clone())).unwrap_err();
            assert_eq!(e.transient, transient, "{status} {body:?}");
            // A reply says nothing to the caller: only a job judges that.
            assert!(!e.retryable(), "{status} {body:?}");
        }
    }

    #[test]
    fn error_body_message_and_request_id_reach_the_error() {
        let b = WireBody {
            message: Some(Message::One("You've run out of credits".into())),
            request_id: Some("req-9".into()),
            ..Default::default()
        };
        let e = read_reply(&http(403, Body::Json(b))).unwrap_err();
        assert_eq!(e.code, Code::Forbidden);
        assert!(e.message.contains("run out of credits"));
        assert_eq!(e.request_id.as_deref(), Some("req-9"));
    }

    #[test]
    fn success_reads_the_generation() {
        let b = WireBody {
            id: Some("g".into()),
            status: Some("queued".into()),
            ..Default::default()
        };
        let g = read_reply(&http(201, Body::Json(b))).unwrap();
        assert_eq!(
            g.state,
            State::Pending {
                known: true,
                queued: true
            }
        );
    }
}
