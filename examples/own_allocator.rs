//! Built by `npm test` for wasm32 with `--no-default-features`: a program with a global allocator
//! of its own that uses this crate as a library. It fails to build ("conflicts with global
//! allocator") if the crate imposes its own allocator on the crates that depend on it.

#[global_allocator]
static OWN: std::alloc::System = std::alloc::System;

fn main() {
    // Uses the crate, so that it is linked in.
    let w = aimlapi_video::schedule::Window::for_model("google/veo-3.1-i2v");
    assert!(w.lo > 0.0);
}
