//! aimlapi-video: turn an image or a prompt into a video with AI/ML API's Veo 3.1 models, from any
//! web page. A pure-Rust core (this crate's modules) behind a thin wasm-bindgen
//! layer (`wasm`, built only for `wasm32`).
#![deny(missing_docs)]

pub mod body;
pub mod error;
pub mod job;
pub mod models;
pub mod object;
pub mod options;
pub mod reply;
pub mod request;
pub mod response;
pub mod schedule;
pub mod secret;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

pub use error::{Code, Error};
pub use job::{Finished, Job, Progress, Step};
pub use options::{JobConfig, RawOptions};
pub use reply::{Body, Reply};
