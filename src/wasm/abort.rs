//! One `AbortController` per call, aborted by the caller's signal, by the deadline, or when the
//! call ends (RAII), so that a fetch or a wait in flight stops at once rather than at the next poll.

use gloo_timers::callback::Timeout;
use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, AddEventListenerOptions};

/// Owns the call's controller and everything wired to it; dropping it unwires and aborts.
pub struct Guard {
    ctl: Option<AbortController>,
    user: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    _deadline: Option<Timeout>,
}

/// Longest wait a browser timer takes.
fn timer_ms(ms: f64) -> u32 {
    ms.clamp(0.0, 2_147_483_647.0) as u32
}

impl Guard {
    /// Links `user` (the caller's signal) and an optional deadline to a fresh controller.
    pub fn new(user: Option<AbortSignal>, deadline_ms: Option<f64>) -> Guard {
        // `AbortController` exists in every browser and worker this targets; without it we still
        // run, just without cancellation.
        let ctl = AbortController::new().ok();
        let user = user.map(|signal| {
            let c = ctl.clone();
            let on_abort = Closure::<dyn FnMut()>::new(move || {
                if let Some(c) = &c {
                    c.abort();
                }
            });
            let opts = AddEventListenerOptions::new();
            opts.set_once(true);
            let _ = signal.add_event_listener_with_callback_and_add_event_listener_options(
                "abort",
                on_abort.as_ref().unchecked_ref(),
                &opts,
            );
            (signal, on_abort)
        });
        let deadline = deadline_ms.map(|ms| {
            let c = ctl.clone();
            Timeout::new(timer_ms(ms), move || {
                if let Some(c) = &c {
                    c.abort();
                }
            })
        });
        Guard {
            ctl,
            user,
            _deadline: deadline,
        }
    }

    /// The signal that every fetch of the call carries.
    pub fn signal(&self) -> Option<AbortSignal> {
        self.ctl.as_ref().map(AbortController::signal)
    }

    /// Whether the caller aborted.
    pub fn user_aborted(&self) -> bool {
        self.user.as_ref().is_some_and(|(s, _)| s.aborted())
    }

    /// Whether the call must stop: the caller aborted or the deadline passed.
    pub fn stopped(&self) -> bool {
        self.user_aborted() || self.signal().is_some_and(|s| s.aborted())
    }

    /// Waits `ms`, or less if the call is stopped meanwhile.
    pub async fn sleep(&self, ms: f64) {
        let signal = self.signal();
        if signal.as_ref().is_some_and(AbortSignal::aborted) {
            return;
        }
        let mut timer = None;
        let mut wake: Option<Function> = None;
        let promise = Promise::new(&mut |resolve: Function, _reject| {
            let r = resolve.clone();
            timer = Some(Timeout::new(timer_ms(ms), move || {
                let _ = r.call0(&JsValue::UNDEFINED);
            }));
            if let Some(signal) = &signal {
                let opts = AddEventListenerOptions::new();
                opts.set_once(true);
                let _ = signal.add_event_listener_with_callback_and_add_event_listener_options(
                    "abort", &resolve, &opts,
                );
            }
            wake = Some(resolve);
        });
        let _ = JsFuture::from(promise).await;
        if let (Some(signal), Some(f)) = (&signal, &wake) {
            let _ = signal.remove_event_listener_with_callback("abort", f);
        }
        // Dropping the timer clears it, in case the abort woke us first.
        drop(timer);
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some((signal, on_abort)) = &self.user {
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
        // Nothing of this call may outlive it: abort whatever is still in flight.
        if let Some(c) = &self.ctl {
            c.abort();
        }
    }
}
