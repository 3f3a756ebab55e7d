//! Helpers shared by the browser test binaries: the simulator's address, options objects, field
//! reads, and the JS support module.
#![allow(dead_code)]

use aimlapi_video::wasm::exports as api;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/tests/support/browser.js")]
extern "C" {
    #[wasm_bindgen(js_name = simLog)]
    fn sim_log_js(sim: &str, tag: &str) -> js_sys::Promise;
    fn delay(ms: u32) -> js_sys::Promise;
    #[wasm_bindgen(js_name = firstOf)]
    pub fn first_of(p: &js_sys::Promise, ms: u32) -> js_sys::Promise;
    pub fn collector() -> js_sys::Function;
    pub fn thrower() -> js_sys::Function;
    #[wasm_bindgen(js_name = abortAfter)]
    pub fn abort_after(ms: u32) -> web_sys::AbortSignal;
    #[wasm_bindgen(js_name = abortedSignal)]
    pub fn aborted_signal() -> web_sys::AbortSignal;
    #[wasm_bindgen(js_name = isError)]
    pub fn is_error(e: &JsValue) -> bool;
    #[wasm_bindgen(js_name = plainKeys)]
    fn plain_keys_js(v: &JsValue) -> Option<Vec<String>>;
    /// Starts counting "abort" listeners on AbortSignals; the function stops and returns
    /// `[added, removed]`.
    #[wasm_bindgen(js_name = countAbortListeners)]
    pub fn count_abort_listeners() -> js_sys::Function;
    #[wasm_bindgen(js_name = uniqueTag)]
    pub fn unique_tag(name: &str) -> String;
    #[wasm_bindgen(js_name = throwOnNextFetch)]
    pub fn throw_on_next_fetch();
    #[wasm_bindgen(js_name = fakeSignal)]
    pub fn fake_signal() -> JsValue;
    #[wasm_bindgen(js_name = signalThatThrowsLater)]
    pub fn signal_that_throws_later() -> JsValue;
    #[wasm_bindgen(js_name = revokedProxy)]
    pub fn revoked_proxy() -> JsValue;
    #[wasm_bindgen(js_name = throwingGetter)]
    pub fn throwing_getter() -> JsValue;
    #[wasm_bindgen(js_name = jumpClockOnSubmit)]
    pub fn jump_clock_on_submit() -> js_sys::Function;
    #[wasm_bindgen(js_name = restoreClock)]
    pub fn restore_clock();
    /// A signal that aborts while the submit's answer (with the id) is being read.
    #[wasm_bindgen(js_name = abortWhileTheSubmitAnswerIsRead)]
    pub fn abort_while_the_submit_answer_is_read() -> web_sys::AbortSignal;
}

/// The simulator, started by scripts/test.sh on another port than the test page (another origin).
pub const SIM: &str = match option_env!("SIM_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:9/SIM_URL-not-set-run-npm-test",
};

/// A baseUrl for one test: its own tag (so its requests can be read back) and faults.
pub fn base(tag: &str, faults: &str) -> String {
    if faults.is_empty() {
        format!("{SIM}/t/{tag}")
    } else {
        format!("{SIM}/t/{tag}/f/{faults}")
    }
}

/// The keys of `v` if it is a plain JS object (as JSON would make it), else `None`.
pub fn plain_keys(v: &JsValue) -> Option<Vec<String>> {
    plain_keys_js(v)
}

/// A plain object from pairs.
pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

/// Good options for `baseUrl`, fast polling, plus `more`.
pub fn opts(base_url: &str, more: &[(&str, JsValue)]) -> JsValue {
    let o = obj(&[
        ("apiKey", "test-key-123".into()),
        ("prompt", "The woman puts on glasses".into()),
        ("imageUrl", "https://example.com/mona.jpg".into()),
        ("baseUrl", base_url.into()),
        ("pollIntervalMs", 20.into()),
    ]);
    for (k, v) in more {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o
}

/// `v[a][b]...` for a dotted path.
pub fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |v, k| {
        Reflect::get(&v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    })
}

pub fn s(v: &JsValue, path: &str) -> String {
    get(v, path).as_string().unwrap_or_default()
}

pub fn n(v: &JsValue, path: &str) -> f64 {
    get(v, path).as_f64().unwrap_or(f64::NAN)
}

/// The requests the simulator saw for `tag` (preflights left out).
pub async fn sim_log(tag: &str) -> Vec<JsValue> {
    let v = JsFuture::from(sim_log_js(SIM, tag)).await.unwrap();
    v.unchecked_into::<js_sys::Array>().iter().collect()
}

/// The requests of `method` the simulator saw for `tag`, in order.
pub async fn requests(tag: &str, method: &str) -> Vec<JsValue> {
    sim_log(tag)
        .await
        .into_iter()
        .filter(|e| s(e, "method") == method)
        .collect()
}

pub async fn sleep(ms: u32) {
    JsFuture::from(delay(ms)).await.unwrap();
}

pub async fn generate(o: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(api::generate_video(o.unchecked_into(), None)).await
}

pub async fn create(o: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(api::create_generation(o.unchecked_into(), None)).await
}

pub async fn wait(o: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(api::wait_for_video(o.unchecked_into(), None)).await
}

pub async fn read_once(o: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(api::get_generation(o.unchecked_into(), None)).await
}

/// Asserts `r` is a real `Error` with this code, and returns it.
pub fn expect_err(r: Result<JsValue, JsValue>, code: &str) -> JsValue {
    let e = match r {
        Ok(v) => panic!(
            "expected {code}, got a result: {:?}",
            js_sys::JSON::stringify(&v)
        ),
        Err(e) => e,
    };
    assert!(is_error(&e), "not an Error instance: {e:?}");
    assert_eq!(s(&e, "code"), code, "message: {}", s(&e, "message"));
    assert!(
        !s(&e, "message").contains("test-key-123"),
        "key leaked: {}",
        s(&e, "message")
    );
    e
}

/// The events an onProgress collector saw.
pub fn events(f: &js_sys::Function) -> Vec<JsValue> {
    get(f, "events")
        .unchecked_into::<js_sys::Array>()
        .iter()
        .collect()
}
