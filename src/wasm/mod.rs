//! The wasm-bindgen layer: JS values in, the core's job run over `fetch` and timers, errors out.

mod abort;
mod call;
pub mod exports;
mod fetch;
mod js_error;
mod js_options;
mod json;
mod learned;
mod object;
pub mod price;
mod types;

// The shipped module's allocator: small, and sound only because the module is single-threaded
// (`AssumeSingleThreaded`). Behind a default feature so that a crate depending on this one keeps
// its own allocator (`default-features = false`).
#[cfg(feature = "small-alloc")]
#[global_allocator]
static ALLOC: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

// With wasm threads (shared memory, atomics), two threads could allocate at once: unsound here.
#[cfg(all(feature = "small-alloc", target_feature = "atomics"))]
compile_error!(
    "the `small-alloc` feature is single-threaded: build without it (default-features = false) \
     when targeting wasm threads (atomics)"
);
