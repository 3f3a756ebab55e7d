//! The wasm-bindgen layer: JS values in, the core's job run over `fetch` and timers, errors out.

mod abort;
mod call;
pub mod exports;
mod fetch;
mod js_body;
mod js_error;
mod js_options;
mod types;

#[global_allocator]
static ALLOC: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
