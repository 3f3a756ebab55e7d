//! aimlapi-video: turn an image or a prompt into a video with AI/ML API's Veo 3.1 models, from any
//! web page. A pure-Rust core (this crate's modules) behind a thin wasm-bindgen
//! layer (`wasm`, built only for `wasm32`).
#![deny(missing_docs)]
// One error, and one answer's body, is made per request at most: boxing them would cost the module
// bytes and save nothing that is measured. (The lints count them since the error learned the
// client request id.)
#![allow(clippy::result_large_err, clippy::large_enum_variant)]

mod body;
#[rustfmt::skip]
pub mod table;
mod check;
pub mod error;
pub mod fields;
pub mod inline;
pub mod job;
pub mod json;
pub mod learn;
#[rustfmt::skip]
pub mod limits;
pub mod logs;
pub mod models;
pub mod object;
pub mod options;
pub mod price;
pub mod reply;
pub mod request;
pub mod response;
pub mod schedule;
pub mod secret;
mod text;
pub mod time;
pub mod trace;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

pub use error::{Code, Error};
pub use job::{Begin, Created, Finished, InFlight, Job, Outcome, Progress, StatusRead, Step};
pub use json::Json;
pub use options::JobConfig;
pub use reply::{Body, Reply};
pub use table::{RawOptions, SubmitBody};
pub use time::{Clock, Date, Instant};
