//! What the page has learned of its jobs' times ([`Learned`]), held in the module's memory for the
//! page's lifetime, and its two exports: `exportTimings` and `importTimings`. Nothing is stored
//! anywhere else: a page that wants it after a reload saves the exported object itself. Beside
//! it, the page's count of usage-log lookups ([`Limiter`]), which every call shares.

use super::js_error;
use super::json::parse;
use crate::job::Job;
use crate::learn::Learned;
use crate::logs::Limiter;
use core::cell::UnsafeCell;
use js_sys::JsString;
use wasm_bindgen::prelude::*;

// One store for the module. The module runs on one thread (see `mod.rs`), so outside wasm
// threads a plain static serves: a `thread_local!` or a `RefCell` would link the formatting of
// their panic messages (1 KB gzip) for accesses that cannot fail.
#[cfg(not(target_feature = "atomics"))]
struct Store<T>(UnsafeCell<T>);
// SAFETY: without wasm threads, the module has one thread.
#[cfg(not(target_feature = "atomics"))]
unsafe impl<T> Sync for Store<T> {}
#[cfg(not(target_feature = "atomics"))]
static LEARNED: Store<Learned> = Store(UnsafeCell::new(Learned::new()));
#[cfg(not(target_feature = "atomics"))]
static LOOKUPS: Store<Limiter> = Store(UnsafeCell::new(Limiter::new()));

/// Runs `f` with what was learned. No `f` runs JS code (which could call back into the module
/// and reach here again): the exports copy in and out around it.
#[cfg(not(target_feature = "atomics"))]
pub(crate) fn with<T>(f: impl FnOnce(&mut Learned) -> T) -> T {
    // SAFETY: one thread, and no reentry (above): this is the only reference.
    f(unsafe { &mut *LEARNED.0.get() })
}

/// Whether a usage-log lookup may go out now (`Limiter::admit`), for every call of the page.
#[cfg(not(target_feature = "atomics"))]
pub(crate) fn admit(now: f64) -> Option<f64> {
    // SAFETY: as `with`'s.
    unsafe { &mut *LOOKUPS.0.get() }.admit(now)
}

#[cfg(target_feature = "atomics")]
thread_local! {
    static LEARNED: core::cell::RefCell<Learned> = const { core::cell::RefCell::new(Learned::new()) };
    static LOOKUPS: core::cell::RefCell<Limiter> = const { core::cell::RefCell::new(Limiter::new()) };
}

/// Runs `f` with what this thread has learned.
#[cfg(target_feature = "atomics")]
pub(crate) fn with<T>(f: impl FnOnce(&mut Learned) -> T) -> T {
    LEARNED.with(|l| f(&mut l.borrow_mut()))
}

/// Whether a usage-log lookup may go out now, for every call of this thread.
#[cfg(target_feature = "atomics")]
pub(crate) fn admit(now: f64) -> Option<f64> {
    LOOKUPS.with(|l| l.borrow_mut().admit(now))
}

/// Takes in the job's time, if it is to be learned.
pub(crate) fn keep(job: &Job) {
    if let Some((key, seen)) = job.seen() {
        with(|l| l.add(key, seen));
    }
}

/// What the module has learned of its models' times, as a plain object for `importTimings`.
#[wasm_bindgen(js_name = exportTimings, skip_typescript)]
pub fn export_timings() -> JsValue {
    // The core writes it; a text that JSON cannot read would be a bug here, not the caller's.
    parse(&JsString::from(with(|l| l.to_json()))).unwrap_or(JsValue::NULL)
}

/// Replaces what the module has learned with what `exportTimings` gave (after a reload, say).
#[wasm_bindgen(js_name = importTimings, skip_typescript)]
pub fn import_timings(timings: JsValue) -> Result<(), JsValue> {
    let learned = Learned::read(timings).map_err(|e| js_error::to_js(&e))?;
    with(|l| *l = learned);
    Ok(())
}
