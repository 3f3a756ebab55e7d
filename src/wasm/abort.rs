//! One `AbortController` per call, aborted by the caller's signal, by the deadline, or when the
//! call ends (RAII), so that a fetch or a pause in flight stops at once rather than at the next
//! poll.

use super::object::get;
use crate::options::MAX_TIMER_MS;
use gloo_timers::callback::Timeout;
use js_sys::{Array, Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal, AddEventListenerOptions};

/// Owns the call's controller and everything wired to it; dropping it unwires and aborts.
pub struct Guard {
    /// The controller, and its `abort` bound to it: handed to the caller's signal and the deadline
    /// as it is, which needs no Rust closure (each kind of closure adds its own shims).
    ctl: Option<(AbortController, Function)>,
    user: Option<AbortSignal>,
    _user_link: Option<OnAbort>,
    _deadline: Option<Timeout>,
}

/// The reason the deadline aborts the controller with: what tells it from the caller's signal,
/// whatever the clock says then (a busy event loop fires timers early against `performance.now()`).
const DEADLINE: &str = "deadline";

/// A listener for a signal's `abort` event, taken off the signal when dropped.
struct OnAbort {
    signal: AbortSignal,
    f: Function,
}

impl OnAbort {
    fn new(signal: AbortSignal, f: Function) -> OnAbort {
        let once = AddEventListenerOptions::new();
        // It removes itself when it fires; dropping it removes it otherwise.
        once.set_once(true);
        let _ = signal
            .add_event_listener_with_callback_and_add_event_listener_options("abort", &f, &once);
        OnAbort { signal, f }
    }
}

impl Drop for OnAbort {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", &self.f);
    }
}

/// Whether `signal` has fired. Read through `Reflect` (which catches): the caller's signal may be
/// a fake or a proxy whose getter throws, and an exception must not run through the module. One
/// that cannot say `false` counts as fired, so that the call stops rather than runs unstoppable.
pub fn is_aborted(signal: &AbortSignal) -> bool {
    aborted_flag(signal) != Some(false)
}

/// A signal's `aborted`, when reading it neither throws nor gives something else than a boolean.
pub fn aborted_flag(signal: &JsValue) -> Option<bool> {
    get(signal, "aborted")?.as_bool()
}

/// Calls `f` after `ms` (clamped to what a browser timer takes); dropping the result cancels it.
fn call_later(ms: f64, f: Function) -> Timeout {
    // Rounded up: a timer that fires a fraction of a millisecond early would find the deadline not
    // yet passed, and could send one more request just before it.
    Timeout::new(ms.clamp(0.0, MAX_TIMER_MS).ceil() as u32, move || {
        let _ = f.call0(&JsValue::UNDEFINED);
    })
}

impl Guard {
    /// Links `user` (the caller's signal) and the deadline, `deadline_ms` from now, to a fresh
    /// controller.
    pub fn new(user: Option<AbortSignal>, deadline_ms: f64) -> Guard {
        // `AbortController` exists in every browser and worker this targets; without it the call
        // still runs, just without cancellation.
        let ctl = AbortController::new().ok().and_then(|c| {
            let abort = get(&c, "abort")?;
            let bound = abort.dyn_into::<Function>().ok()?.bind0(&c);
            Some((c, bound))
        });
        let abort = ctl.as_ref().map(|(_, f)| f);
        let deadline = ctl
            .as_ref()
            .map(|(c, f)| call_later(deadline_ms, f.bind1(c, &DEADLINE.into()).unchecked_into()));
        Guard {
            _user_link: user
                .clone()
                .zip(abort.cloned())
                .map(|(s, f)| OnAbort::new(s, f)),
            _deadline: deadline,
            ctl,
            user,
        }
    }

    /// The signal that every fetch of the call carries.
    pub fn signal(&self) -> Option<AbortSignal> {
        self.ctl.as_ref().map(|(c, _)| c.signal())
    }

    /// Whether the caller aborted.
    pub fn user_aborted(&self) -> bool {
        self.user.as_ref().is_some_and(is_aborted)
    }

    /// What stopped a stopped call: the caller's signal (it says it aborted, or the controller
    /// was aborted for another reason than the deadline: an `abort` event on a signal that does
    /// not say so), or the deadline; `None` in an engine whose signals keep no reason.
    pub fn by_signal(&self) -> Option<bool> {
        let reason = self
            .signal()
            .and_then(|s| get(&s, "reason"))
            .filter(|r| !r.is_undefined())?;
        Some(self.user_aborted() || reason.as_string().as_deref() != Some(DEADLINE))
    }

    /// Whether the call must stop: the caller aborted or the deadline passed.
    pub fn stopped(&self) -> bool {
        self.user_aborted() || self.signal().is_some_and(|s| is_aborted(&s))
    }

    /// A promise that resolves after `ms`, or at once when the call is stopped meanwhile; and the
    /// pause behind it, which the caller keeps until then.
    pub fn sleep(&self, ms: f64) -> (Promise, Option<Pause>) {
        let signal = self.signal();
        let mut pause = None;
        let promise = Promise::new(&mut |resolve: Function, _reject| {
            pause = Some(Pause {
                _on_abort: signal.clone().map(|s| OnAbort::new(s, resolve.clone())),
                _timer: call_later(ms, resolve),
            });
        });
        (promise, pause)
    }
}

impl Guard {
    /// With `race`, `p` or `undefined` as soon as the call is stopped, whichever comes first: a
    /// `fetch` of the caller's may not heed the signal, and the call must settle all the same. And
    /// the pause behind it, which the caller keeps until then. Without, `p` itself: the platform's
    /// fetch heeds the signal, and an answer read whole as the call stops is still taken in (the
    /// id of a job that exists), which a race would lose.
    pub fn or_stopped(&self, p: Promise, race: bool) -> (Promise, Option<Pause>) {
        if !race {
            return (p, None);
        }
        let (stop, pause) = self.sleep(f64::MAX);
        (Promise::race(&Array::of2(&p, &stop)), pause)
    }
}

/// A pending pause: dropping it clears its timer and takes its listener off the call's signal, so
/// that a long job with many pauses does not pile listeners up until the call ends.
pub struct Pause {
    _timer: Timeout,
    _on_abort: Option<OnAbort>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        // Nothing of this call may outlive it: abort whatever is still in flight. (The link from
        // the caller's signal goes with the fields, after this.)
        if let Some((c, _)) = &self.ctl {
            c.abort();
        }
    }
}
