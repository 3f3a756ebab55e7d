//! Reading the server's answers: the wire shapes (lenient: unknown fields ignored, `null` allowed
//! wherever the OpenAPI says nullable), their one reader over any [`Json`] value, and what a body
//! means for the job.

use crate::error::{clip, Error};
use crate::json::Json;
use crate::text::{is_http_url, join};

/// A generation as the API sends it (submit and status calls alike), plus the fields of the API's
/// error body (`message`, `requestId`), so one parse serves every answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WireBody {
    /// Generation id.
    pub id: Option<String>,
    /// Status word.
    pub status: Option<String>,
    /// The finished video.
    pub video: Option<WireVideo>,
    /// Why the generation failed.
    pub error: Option<WireGenError>,
    /// `meta.usage.credits_used`: the credits charged.
    pub credits_used: Option<f64>,
    /// `meta.usage.usd_spent`: the same charge, in US dollars.
    pub usd_spent: Option<f64>,
    /// The error body's message.
    pub message: Option<Message>,
    /// The error body's request id.
    pub request_id: Option<String>,
}

/// `video` of a generation: an object `{ url }` or, for newer models of the endpoint, a list of
/// them; each `url` as sent (`None` when missing).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WireVideo {
    /// Where the files are, in order.
    pub urls: Vec<Option<String>>,
}

/// `error` of a generation: `{ name, message }` per the OpenAPI file; a bare string is accepted too.
#[derive(Clone, Debug, PartialEq)]
pub enum WireGenError {
    /// The documented shape.
    Object {
        /// Error class.
        name: Option<String>,
        /// What went wrong.
        message: Option<String>,
    },
    /// A plain string.
    Text(String),
}

/// An error body's `message`: a string, or a list of them (validation errors).
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// One message.
    One(String),
    /// Several.
    Many(Vec<String>),
}

impl Message {
    /// One line of text.
    pub fn text(&self) -> String {
        match self {
            Message::One(s) => s.clone(),
            Message::Many(v) => join(v.iter().map(String::as_str), "; "),
        }
    }
}

/// Not the documented shape (a wrong type where the API promises another).
struct Shape;

impl From<crate::json::Threw> for Shape {
    fn from(_: crate::json::Threw) -> Shape {
        Shape
    }
}

type Read<T> = Result<Option<T>, Shape>;

fn string<J: Json>(v: &J, name: &str) -> Read<String> {
    v.field(name)?.map(|x| x.string().ok_or(Shape)).transpose()
}

/// An object field.
fn record<J: Json>(v: &J, name: &str) -> Read<J> {
    match v.field(name)? {
        Some(x) if !x.is_record() => Err(Shape),
        x => Ok(x),
    }
}

impl WireBody {
    /// Reads a parsed answer, or `None` when it is not of the documented shape: missing and `null`
    /// mean "not set", a wrong type is a shape error, unknown fields are ignored.
    pub fn read<J: Json>(v: J) -> Option<WireBody> {
        Self::read_record(&v).ok()
    }

    fn read_record<J: Json>(v: &J) -> Result<WireBody, Shape> {
        if !v.is_record() {
            return Err(Shape);
        }
        let error = match v.field("error")? {
            None => None,
            Some(e) if e.is_record() => Some(WireGenError::Object {
                name: string(&e, "name")?,
                message: string(&e, "message")?,
            }),
            Some(e) => Some(WireGenError::Text(e.string().ok_or(Shape)?)),
        };
        let message = match v.field("message")? {
            None => None,
            Some(m) => match m.items() {
                Some(items) => Some(Message::Many(
                    items
                        .iter()
                        .map(Json::string)
                        .collect::<Option<_>>()
                        .ok_or(Shape)?,
                )),
                None => Some(Message::One(m.string().ok_or(Shape)?)),
            },
        };
        let video = match v.field("video")? {
            None => None,
            Some(x) => {
                let one = |x: &J| match x.is_record() {
                    true => string(x, "url"),
                    false => Err(Shape),
                };
                let urls = match x.items() {
                    Some(items) => items.iter().map(one).collect::<Result<_, _>>()?,
                    None => vec![one(&x)?],
                };
                Some(WireVideo { urls })
            }
        };
        let usage = match record(v, "meta")? {
            Some(m) => record(&m, "usage")?,
            None => None,
        };
        let number = |name: &str| -> Read<f64> {
            match &usage {
                Some(u) => u.field(name)?.map(|c| c.number().ok_or(Shape)).transpose(),
                None => Ok(None),
            }
        };
        let credits_used = number("credits_used")?;
        let usd_spent = number("usd_spent")?;
        Ok(WireBody {
            id: string(v, "id")?,
            status: string(v, "status")?,
            video,
            error,
            credits_used,
            usd_spent,
            message,
            request_id: string(v, "requestId")?,
        })
    }
}

/// What a status word says about the job.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    /// Still running (also for a status word this library does not know).
    Pending {
        /// Whether the word is one of the documented pending words.
        known: bool,
        /// Whether it says the job waits in a queue (`queued`, `waiting`, `pending`): its
        /// generation, and so the model's window, has not begun.
        queued: bool,
    },
    /// Done, with the video's `http(s)` URLs: one, or more for a model that makes several.
    Completed {
        /// Where the videos are; never empty.
        video_urls: Vec<String>,
    },
    /// Ended without a video.
    Failed {
        /// The plain-words reason.
        message: String,
    },
}

/// A generation, understood.
#[derive(Clone, Debug, PartialEq)]
pub struct Generation {
    /// The id, as the server sent it.
    pub id: Option<String>,
    /// The status word, lower-cased.
    pub status: String,
    /// What it means.
    pub state: State,
    /// What it cost, when reported.
    pub cost: Cost,
}

/// What a generation cost, as far as an answer reports it: from the body's `meta.usage`, or else
/// from the answer's `x-aimlapi-credits-used` and `x-aimlapi-usd-spent` headers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cost {
    /// Credits charged.
    pub credits_used: Option<f64>,
    /// The same, in US dollars.
    pub usd_spent: Option<f64>,
}

impl Cost {
    /// This cost, with what it does not know taken from `other`.
    pub fn or(self, other: Cost) -> Cost {
        Cost {
            credits_used: self.credits_used.or(other.credits_used),
            usd_spent: self.usd_spent.or(other.usd_spent),
        }
    }
}

const PENDING: [&str; 7] = [
    "queued",
    "waiting",
    "active",
    "generating",
    "processing",
    "pending",
    "in_progress",
];
/// The pending words that say the job has not started generating.
const QUEUED: [&str; 3] = ["queued", "waiting", "pending"];
// "complete" is not in the OpenAPI enum, but the vendor's page says the status becomes `complete`;
// taking it costs nothing, while missing it would wait until the deadline.
const DONE: [&str; 3] = ["completed", "succeeded", "complete"];
const FAILED: [&str; 5] = ["error", "failed", "cancelled", "canceled", "expired"];

/// Reads a successful answer's body as a generation. `bad_response` when it breaks the API's
/// promise: no status, `completed` without an `http(s)` video URL.
pub fn interpret(body: &WireBody) -> Result<Generation, Error> {
    let status = match body.status.as_deref().map(str::trim_ascii) {
        Some(s) if !s.is_empty() => s.to_ascii_lowercase(),
        _ => return Err(Error::bad_response("The API's answer has no status.")),
    };
    let cost = Cost {
        credits_used: body.credits_used,
        usd_spent: body.usd_spent,
    };
    let state = if let Some(err) = &body.error {
        // A non-null error means failure, whatever the status says.
        let text = match err {
            WireGenError::Object { name, message } => join(
                [name.as_deref(), message.as_deref()].into_iter().flatten(),
                ": ",
            ),
            WireGenError::Text(s) => s.clone(),
        };
        failed(&status, Some(&text))
    } else if DONE.contains(&status.as_str()) {
        let urls = body.video.as_ref().map_or(&[][..], |v| &v.urls[..]);
        if urls.is_empty() || urls.iter().any(Option::is_none) {
            return Err(Error::bad_response(
                "The generation completed, but the API sent no video URL.",
            ));
        }
        let urls: Vec<String> = urls
            .iter()
            .flatten()
            .map(|u| u.trim_ascii().to_owned())
            .collect();
        if !urls.iter().all(|u| is_http_url(u)) {
            return Err(Error::bad_response(
                "The generation completed, but its video URL is not an http(s) URL.",
            ));
        }
        State::Completed { video_urls: urls }
    } else if FAILED.contains(&status.as_str()) {
        failed(&status, None)
    } else {
        State::Pending {
            known: PENDING.contains(&status.as_str()),
            queued: QUEUED.contains(&status.as_str()),
        }
    };
    Ok(Generation {
        id: body.id.clone(),
        status,
        state,
        cost,
    })
}

fn failed(status: &str, detail: Option<&str>) -> State {
    let mut message = String::from("The generation failed (status \"");
    message.push_str(&clip(status, 40));
    message.push('"');
    match detail.map(str::trim_ascii).filter(|d| !d.is_empty()) {
        Some(d) => {
            message.push_str("): ");
            message.push_str(&clip(d, 500));
        }
        None => message.push(')'),
    }
    // A server's reason often ends its own sentence: "image.." was what the user read.
    crate::error::end_sentence(&mut message);
    State::Failed { message }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, compiled to wasm, in the browser (`npm test` does both).
    use crate::error::Code;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn read(v: serde_json::Value) -> Result<Generation, Error> {
        interpret(&WireBody::read(&v).expect("the documented shape"))
    }

    #[test]
    fn vendor_sample_completes() {
        let g = read(json!({"id":"dfb91aa0-6c60-4078-b3b5-73142ba4d853:google/veo-3.1-i2v","status":"completed","video":{"url":"https://cdn.aimlapi.com/x.mp4"},"meta":{"usage":{"credits_used":120000}}})).unwrap();
        assert_eq!(
            g.state,
            State::Completed {
                video_urls: vec!["https://cdn.aimlapi.com/x.mp4".into()]
            }
        );
        assert_eq!(g.cost.credits_used, Some(120000.0));
        assert_eq!(g.cost.usd_spent, None);
    }

    #[test]
    fn the_newer_shapes_read_a_list_of_videos_and_the_dollars() {
        // gemini-omni-1.1-flash.openapi.json: `video` is an object, a list of them, or null;
        // `meta.usage` has `usd_spent` beside `credits_used`.
        let g = read(json!({"id":"g","status":"completed","video":[{"url":"https://a/1.mp4"},{"url":" https://a/2.mp4 "}],"meta":{"usage":{"credits_used":2,"usd_spent":1.25}}})).unwrap();
        assert_eq!(
            g.state,
            State::Completed {
                video_urls: vec!["https://a/1.mp4".into(), "https://a/2.mp4".into()]
            }
        );
        assert_eq!(
            g.cost,
            Cost {
                credits_used: Some(2.0),
                usd_spent: Some(1.25)
            }
        );
        for (video, why) in [
            (json!([]), "no video URL"),
            (json!(null), "no video URL"),
            (json!([{"url":"https://a/1.mp4"},{}]), "no video URL"),
            (
                json!([{"url":"https://a/1.mp4"},{"url":"javascript:x"}]),
                "not an http(s)",
            ),
        ] {
            let e = read(json!({"status":"completed","video":video})).unwrap_err();
            assert!(e.message.contains(why), "{video}: {}", e.message);
        }
        // A list of anything but objects, or a usd_spent that is not a number, breaks the shape.
        for body in [
            json!({"status":"completed","video":["https://a/1.mp4"]}),
            json!({"status":"completed","video":7}),
            json!({"status":"completed","meta":{"usage":{"usd_spent":"1.25"}}}),
        ] {
            assert_eq!(WireBody::read(&body), None, "{body}");
        }
    }

    #[test]
    fn status_words_are_case_insensitive() {
        for w in [
            "QUEUED",
            "waiting",
            "Active",
            "generating",
            "processing",
            "pending",
            "in_progress",
        ] {
            let queued = ["QUEUED", "waiting", "pending"].contains(&w);
            assert_eq!(
                read(json!({"status": w})).unwrap().state,
                State::Pending {
                    known: true,
                    queued
                },
                "{w}"
            );
        }
        for w in ["error", "FAILED", "cancelled", "canceled", "expired"] {
            assert!(
                matches!(
                    read(json!({"status": w})).unwrap().state,
                    State::Failed { .. }
                ),
                "{w}"
            );
        }
        assert!(matches!(
            read(json!({"status":"complete","video":{"url":"http://h/v.mp4"}}))
                .unwrap()
                .state,
            State::Completed { .. }
        ));
        assert_eq!(
            read(json!({"status":"Succeeded","video":{"url":"http://h/v.mp4"}}))
                .unwrap()
                .state,
            State::Completed {
                video_urls: vec!["http://h/v.mp4".into()]
            }
        );
        assert_eq!(
            read(json!({"status":"mystery"})).unwrap().state,
            State::Pending {
                known: false,
                queued: false
            }
        );
    }

    #[test]
    fn an_error_object_means_failure_whatever_the_status() {
        let g = read(json!({"status":"completed","video":{"url":"https://x/y"},"error":{"name":"SafetyError","message":"Blocked by policy"}})).unwrap();
        match g.state {
            State::Failed { message } => assert!(
                message.contains("SafetyError: Blocked by policy"),
                "{message}"
            ),
            s => panic!("{s:?}"),
        }
        assert!(matches!(
            read(json!({"status":"generating","error":"boom"}))
                .unwrap()
                .state,
            State::Failed { .. }
        ));
        assert!(matches!(
            read(json!({"status":"generating","error":null}))
                .unwrap()
                .state,
            State::Pending { .. }
        ));
    }

    #[test]
    fn broken_promises_are_bad_responses() {
        for v in [
            json!({}),
            json!({"status":""}),
            json!({"status":"completed"}),
            json!({"status":"completed","video":null}),
            json!({"status":"completed","video":{"url":"javascript:alert(1)"}}),
            json!({"status":"completed","video":{"url":"https://"}}),
            json!({"status":"completed","video":{"url":"https:///v.mp4"}}),
            json!({"status":"completed","video":{"url":"http://a b/v.mp4"}}),
            json!({"status":"completed","video":{"url":"https://cdn/\u{0}.mp4"}}),
        ] {
            assert_eq!(read(v.clone()).unwrap_err().code, Code::BadResponse, "{v}");
        }
    }

    #[test]
    fn error_bodies_parse() {
        let v = json!({"message":["a","b"],"path":"/v2","requestId":"r","statusCode":400,"timestamp":"t"});
        let b = WireBody::read(&v).unwrap();
        assert_eq!(b.message.unwrap().text(), "a; b");
        assert_eq!(b.request_id.as_deref(), Some("r"));
    }
}
