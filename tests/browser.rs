//! The real path: the built module's exports, the browser's fetch and timers, headless Chromium,
//! and the simulator on another origin (scripts/test.sh starts it and bakes its URL in SIM_URL).
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn happy_path_submits_polls_and_resolves_with_the_video() {
    let tag = unique_tag("happy");
    let progress = collector();
    let r = generate(opts(
        &base(&tag, "dur=150"),
        &[("onProgress", progress.clone().into())],
    ))
    .await
    .unwrap();
    assert_eq!(s(&r, "status"), "completed");
    assert!(s(&r, "videoUrl").starts_with(SIM), "{}", s(&r, "videoUrl"));
    assert!(s(&r, "id").ends_with(":google/veo-3.1-i2v"));
    // The simulator's charge, in the body's meta.usage: dollars and credits both.
    assert_eq!(n(&r, "usdSpent"), n(&r, "raw.meta.usage.usd_spent"));
    assert_eq!(n(&r, "creditsUsed"), n(&r, "raw.meta.usage.credits_used"));
    assert!(n(&r, "usdSpent") > 0.0);
    assert_eq!(s(&r, "raw.status"), "completed");
    assert!(n(&r, "polls") >= 1.0 && n(&r, "elapsedMs") >= 150.0);
    // Results and events are plain objects with exactly the documented keys.
    assert_eq!(
        plain_keys(&r).unwrap(),
        [
            "id",
            "status",
            "videoUrl",
            "videoUrls",
            "creditsUsed",
            "usdSpent",
            "clientRequestId",
            "duplicates",
            "elapsedMs",
            "polls",
            "raw"
        ]
    );
    // The submit carried the client request id that the result reports.
    let log = sim_log(&tag).await;
    assert_eq!(s(&log[0], "clientRequestId"), s(&r, "clientRequestId"));
    let post = &log[0];
    assert_eq!(s(post, "method"), "POST");
    assert_eq!(
        s(post, "path"),
        format!("/t/{tag}/f/dur=150/v2/video/generations")
    );
    assert_eq!(s(post, "authorization"), "Bearer test-key-123");
    assert_eq!(s(post, "contentType"), "application/json");
    // The page is on another origin than the simulator: CORS is exercised for real.
    let origin = s(post, "origin");
    assert!(
        !origin.is_empty() && !SIM.starts_with(&origin),
        "origin {origin} vs {SIM}"
    );
    // Unset options are not sent.
    let body = get(post, "body");
    let keys = js_sys::Object::keys(body.unchecked_ref::<js_sys::Object>());
    let keys: Vec<String> = keys.iter().filter_map(|k| k.as_string()).collect();
    assert_eq!(keys, ["model", "prompt", "image_url"]);
    // Every poll asks for the right id, URL-encoded, and never carries the key in the URL.
    let gets: Vec<_> = log.iter().filter(|e| s(e, "method") == "GET").collect();
    assert_eq!(gets.len() as f64, n(&r, "polls"));
    for g in &gets {
        assert_eq!(s(g, "generationId"), s(&r, "id"));
        assert!(
            s(g, "search").contains("%3Agoogle%2Fveo-3.1-i2v"),
            "{}",
            s(g, "search")
        );
        assert!(!s(g, "search").contains("test-key"));
        assert_eq!(s(g, "authorization"), "Bearer test-key-123");
    }
    // onProgress: submitting (the client request id, before the POST), submitted, then each new
    // status word.
    let ev = events(&progress);
    assert_eq!(s(&ev[0], "type"), "submitting");
    assert_eq!(s(&ev[0], "clientRequestId"), s(&r, "clientRequestId"));
    assert_eq!(s(&ev[1], "type"), "submitted");
    // Retry fields only on retries.
    assert_eq!(
        plain_keys(&ev[1]).unwrap(),
        [
            "type",
            "id",
            "clientRequestId",
            "status",
            "elapsedMs",
            "expectedMs",
            "polls"
        ]
    );
    assert_eq!(s(&ev[1], "status"), "queued");
    assert_eq!(s(&ev[1], "id"), s(&r, "id"));
    let statuses: Vec<String> = ev.iter().map(|e| s(e, "status")).collect();
    assert_eq!(statuses.last().unwrap(), "completed");
    assert!(ev.iter().all(|e| n(e, "elapsedMs") >= 0.0));
}

#[wasm_bindgen_test]
async fn every_option_reaches_the_wire_in_snake_case_with_extra_merged() {
    let tag = unique_tag("opts");
    let extra = obj(&[("fps", 24.into()), ("camera", "dolly".into())]);
    generate(opts(
        &base(&tag, "dur=50"),
        &[
            ("aspectRatio", "9:16".into()),
            ("duration", 6.into()),
            ("resolution", "720p".into()),
            ("generateAudio", false.into()),
            ("provider", "fal".into()),
            ("extra", extra),
        ],
    ))
    .await
    .unwrap();
    let body = get(&sim_log(&tag).await[0], "body");
    let json = js_sys::JSON::stringify(&body).unwrap().as_string().unwrap();
    assert_eq!(
        json,
        r#"{"model":"google/veo-3.1-i2v","prompt":"The woman puts on glasses","image_url":"https://example.com/mona.jpg","aspect_ratio":"9:16","duration":6,"resolution":"720p","generate_audio":false,"provider":"fal","fps":24,"camera":"dolly"}"#
    );
}

#[wasm_bindgen_test]
async fn bad_inputs_are_rejected_before_any_request() {
    let tag = unique_tag("bad");
    let b = base(&tag, "");
    let cases: Vec<(&str, JsValue)> = vec![
        ("prompt", "   ".into()),
        ("prompt", JsValue::from(5)),
        ("imageUrl", "file:///etc/passwd".into()),
        ("duration", 5.into()),
        ("duration", "8".into()),
        ("aspectRatio", "1:1".into()),
        ("resolution", "4k".into()),
        ("generateAudio", "yes".into()),
        ("pollIntervalMs", (-1).into()),
        ("timeoutMs", JsValue::from(f64::INFINITY)),
        ("maxRetries", 2.5.into()),
        ("signal", "not a signal".into()),
        ("onProgress", "not a function".into()),
        ("extra", obj(&[("prompt", "sneaky".into())])),
        ("apiKey", "has a space".into()),
    ];
    for (field, value) in cases {
        let e = expect_err(
            generate(opts(&b, &[(field, value)])).await,
            "invalid_request",
        );
        assert!(
            s(&e, "message").contains(field),
            "{field}: {}",
            s(&e, "message")
        );
        assert_eq!(s(&e, "name"), "AimlApiError");
    }
    let cyclic = obj(&[("seed", 1.into())]);
    js_sys::Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let e = expect_err(
        generate(opts(&b, &[("extra", cyclic)])).await,
        "invalid_request",
    );
    assert!(s(&e, "message").contains("extra"));
    let throwing =
        js_sys::Function::new_no_args("return { get seed() { throw new Error('boom') } }")
            .call0(&JsValue::NULL)
            .unwrap();
    expect_err(
        generate(opts(&b, &[("extra", throwing)])).await,
        "invalid_request",
    );
    expect_err(generate(JsValue::from_str("oops")).await, "invalid_request");
    expect_err(generate(JsValue::UNDEFINED).await, "invalid_request");
    let no_key = opts(&b, &[]);
    js_sys::Reflect::set(&no_key, &"baseUrl".into(), &JsValue::UNDEFINED).unwrap();
    js_sys::Reflect::set(&no_key, &"apiKey".into(), &JsValue::UNDEFINED).unwrap();
    let e = expect_err(generate(no_key).await, "invalid_request");
    assert!(s(&e, "message").contains("apiKey is required"));
    expect_err(wait(opts(&b, &[])).await, "invalid_request"); // no id
    assert!(sim_log(&tag).await.is_empty(), "a request was sent");
}

#[wasm_bindgen_test]
async fn http_errors_map_to_codes_with_the_server_message() {
    let tag = unique_tag("401");
    let e = expect_err(
        generate(opts(&base(&tag, ""), &[("apiKey", "wrong-key".into())])).await,
        "unauthorized",
    );
    assert_eq!(n(&e, "status"), 401.0);
    assert!(s(&e, "message").contains("This request requires a valid API key."));
    assert!(!s(&e, "message").contains("wrong-key"));
    assert!(!s(&e, "requestId").is_empty());
    assert_eq!(get(&e, "retryable"), JsValue::FALSE);

    let tag = unique_tag("403");
    let f = "status=403,msg=You%27ve%20run%20out%20of%20credits";
    let e = expect_err(generate(opts(&base(&tag, f), &[])).await, "forbidden");
    assert!(
        s(&e, "message").contains("You've run out of credits"),
        "{}",
        s(&e, "message")
    );

    for (status, code) in [
        ("400", "invalid_request"),
        ("422", "invalid_request"),
        ("418", "http_error"),
    ] {
        let tag = unique_tag(status);
        let e = expect_err(
            generate(opts(&base(&tag, &format!("status={status}")), &[])).await,
            code,
        );
        assert_eq!(n(&e, "status").to_string(), status);
    }

    let tag = unique_tag("404");
    let e = expect_err(
        wait(opts(
            &base(&tag, ""),
            &[("id", "no-such-id:google/veo-3.1-i2v".into())],
        ))
        .await,
        "not_found",
    );
    assert_eq!(s(&e, "generationId"), "no-such-id:google/veo-3.1-i2v");
}

#[wasm_bindgen_test]
async fn the_paid_submit_is_never_retried_on_5xx_or_network_errors() {
    // Nothing was created: the job is looked for in the usage logs until the deadline, and the
    // call ends with the submit's own error, which says it was not found, and never a second POST.
    let deadline = [("timeoutMs", 4_000.into())];
    let tag = unique_tag("submit500");
    let e = expect_err(
        generate(opts(&base(&tag, "status=500"), &deadline)).await,
        "server_error",
    );
    assert!(s(&e, "message").contains("not retried"));
    assert!(
        s(&e, "message").contains("not found"),
        "{}",
        s(&e, "message")
    );
    assert!(!s(&e, "clientRequestId").is_empty());
    assert_eq!(get(&e, "retryable"), JsValue::FALSE, "the job may exist");
    assert_eq!(requests(&tag, "POST").await.len(), 1);

    let tag = unique_tag("submitdrop");
    let e = expect_err(
        generate(opts(&base(&tag, "submitdrop"), &deadline)).await,
        "network_error",
    );
    assert_eq!(requests(&tag, "POST").await.len(), 1);
    assert!(s(&e, "message").contains("CORS") && s(&e, "message").contains("baseUrl"));
    assert_eq!(get(&e, "retryable"), JsValue::FALSE, "the job may exist");
}

#[wasm_bindgen_test]
async fn a_call_stopped_while_its_submit_is_in_flight_is_not_retryable() {
    // The deadline, then the caller's signal, cut a submit that the server has received.
    let tag = unique_tag("submitcut");
    for code in ["timeout", "aborted"] {
        // Made here, not before the loop: the signal's timer must start with its own call.
        let (option, value): (&str, JsValue) = if code == "timeout" {
            ("timeoutMs", 150.into())
        } else {
            ("signal", abort_after(150).into())
        };
        let e = expect_err(
            generate(opts(&base(&tag, "slow=2000"), &[(option, value)])).await,
            code,
        );
        assert_eq!(get(&e, "retryable"), JsValue::FALSE);
        assert!(
            s(&e, "message").contains("may have been created"),
            "{}",
            s(&e, "message")
        );
    }
    // Both submits reached the server, once each.
    let posts = requests(&tag, "POST").await.len();
    assert_eq!(posts, 2);
}

#[wasm_bindgen_test]
async fn the_submit_is_retried_on_429_after_retry_after() {
    let tag = unique_tag("s429");
    let progress = collector();
    let r = generate(opts(
        &base(&tag, "submit429=2,ram=300,dur=30"),
        &[("onProgress", progress.clone().into())],
    ))
    .await
    .unwrap();
    assert_eq!(s(&r, "status"), "completed");
    let posts = requests(&tag, "POST").await.len();
    assert_eq!(posts, 3);
    let retries: Vec<_> = events(&progress)
        .into_iter()
        .filter(|e| s(e, "type") == "retry")
        .collect();
    assert_eq!(retries.len(), 2);
    assert_eq!(n(&retries[0], "retryInMs"), 300.0);
    assert_eq!(s(&retries[0], "errorCode"), "rate_limited");

    let tag = unique_tag("s429x");
    let e = expect_err(
        generate(opts(
            &base(&tag, "submit429=9,ram=5"),
            &[("maxRetries", 2.into())],
        ))
        .await,
        "rate_limited",
    );
    assert_eq!(n(&e, "status"), 429.0);
    assert_eq!(sim_log(&tag).await.len(), 3);
}

#[wasm_bindgen_test]
async fn status_reads_are_retried_through_every_transient_fault() {
    // 408 is left to the native tests: Chromium itself re-sends a request that got 408 on a reused
    // connection, so the client rarely sees one.
    for fault in [
        "html=2",
        "drop=2",
        "trunc=2",
        "pollerr=503x2",
        "pollerr=500x1",
        "pollerr=502x1",
        "pollerr=504x1",
        "pollerr=429x2",
    ] {
        let tag = unique_tag("retry");
        let progress = collector();
        let r = generate(opts(
            &base(&tag, &format!("{fault},ra=0,dur=10")),
            &[
                ("onProgress", progress.clone().into()),
                ("maxRetries", 2.into()),
            ],
        ))
        .await;
        let r = r.unwrap_or_else(|e| panic!("{fault}: {}", s(&e, "message")));
        assert_eq!(s(&r, "status"), "completed", "{fault}");
        let retries = events(&progress)
            .into_iter()
            .filter(|e| s(e, "type") == "retry")
            .count();
        let want = fault
            .rsplit(['=', 'x'])
            .next()
            .unwrap()
            .parse::<usize>()
            .unwrap();
        assert_eq!(retries, want, "{fault}");
    }
}

#[wasm_bindgen_test]
async fn max_retries_counts_failures_in_a_row_then_rejects_with_the_last_error() {
    // maxRetries: 2 allows three failed reads in a row, not four.
    let tag = unique_tag("max");
    let e = expect_err(
        generate(opts(
            &base(&tag, "pollerr=503x3,ra=0,dur=10"),
            &[("maxRetries", 2.into())],
        ))
        .await,
        "server_error",
    );
    assert_eq!(n(&e, "status"), 503.0);
    assert!(!s(&e, "generationId").is_empty());
    // The job exists: generateVideo again would pay for a second one (waitForVideo resumes it).
    assert_eq!(get(&e, "retryable"), JsValue::FALSE);
    let gets = requests(&tag, "GET").await.len();
    assert_eq!(gets, 3);

    let tag = unique_tag("html");
    let e = expect_err(
        generate(opts(
            &base(&tag, "html=9,ra=0"),
            &[("maxRetries", 1.into())],
        ))
        .await,
        "server_error",
    );
    assert_eq!(n(&e, "status"), 502.0);

    let tag = unique_tag("trunc");
    expect_err(
        generate(opts(
            &base(&tag, "trunc=9,dur=0"),
            &[("maxRetries", 0.into())],
        ))
        .await,
        "bad_response",
    );

    let tag = unique_tag("drop");
    expect_err(
        generate(opts(&base(&tag, "drop=9"), &[("maxRetries", 1.into())])).await,
        "network_error",
    );
}

#[wasm_bindgen_test]
async fn retry_after_in_seconds_milliseconds_and_dates_is_honoured() {
    for (fault, lo, hi) in [
        ("ra=1", 1000.0, 1000.0),
        ("ram=400", 400.0, 400.0),
        ("radate=2", 250.0, 2000.0),
        // Never a retry sooner than 250 ms, whatever the server says.
        ("ram=0", 250.0, 250.0),
    ] {
        let tag = unique_tag("ra");
        let progress = collector();
        generate(opts(
            &base(&tag, &format!("pollerr=503x1,{fault},dur=10")),
            &[("onProgress", progress.clone().into())],
        ))
        .await
        .unwrap();
        let retry = events(&progress)
            .into_iter()
            .find(|e| s(e, "type") == "retry")
            .unwrap();
        let wait = n(&retry, "retryInMs");
        assert!((lo..=hi).contains(&wait), "{fault}: waited {wait}");
        // The retry really waited that long before asking again.
        let gets: Vec<f64> = requests(&tag, "GET")
            .await
            .iter()
            .map(|e| n(e, "at"))
            .collect();
        assert!(gets[1] - gets[0] >= wait - 5.0, "{fault}: {gets:?}");
    }
}

#[wasm_bindgen_test]
async fn an_id_that_arrives_as_the_call_stops_is_in_the_error() {
    // The job exists and is paid for: the error must say which one, to resume it.
    let tag = unique_tag("idabort");
    let signal = abort_while_the_submit_answer_is_read();
    let e = expect_err(
        generate(opts(&base(&tag, "dur=5000"), &[("signal", signal.into())])).await,
        "aborted",
    );
    assert!(
        s(&e, "generationId").ends_with(":google/veo-3.1-i2v"),
        "{:?}",
        get(&e, "generationId")
    );
    assert!(n(&e, "submittedAt") > 0.0);
    assert_eq!(
        sim_log(&tag).await.len(),
        1,
        "nothing is sent after the abort"
    );
}

#[wasm_bindgen_test]
async fn a_retry_after_longer_than_the_time_left_rejects_at_once_with_the_servers_code() {
    let tag = unique_tag("ralong");
    let p = future_to_promise(generate(opts(
        &base(&tag, "pollerr=429x1,ra=60,dur=10"),
        &[("timeoutMs", 5_000.into())],
    )));
    // Settled long before the 5 s deadline: it did not sleep toward it.
    assert_eq!(JsFuture::from(first_of(&p, 4000)).await.unwrap(), "call");
    let e = expect_err(JsFuture::from(p).await, "rate_limited");
    assert_eq!(n(&e, "status"), 429.0);
    assert_eq!(n(&e, "retryAfterMs"), 60_000.0);
    assert!(!s(&e, "generationId").is_empty());
    assert!(
        s(&e, "message").contains("asked to wait 60 s"),
        "{}",
        s(&e, "message")
    );
    assert_eq!(sim_log(&tag).await.len(), 2, "one submit, one status read");
}

#[wasm_bindgen_test]
async fn no_options_or_answers_make_a_tight_loop() {
    // pollIntervalMs: 0 on a 1 s job, then five 503s that ask for no wait at all.
    let tag = unique_tag("tight");
    let r = generate(opts(
        &base(&tag, "dur=1000,pollerr=503x5,ra=0"),
        &[("pollIntervalMs", 0.into())],
    ))
    .await
    .unwrap();
    assert_eq!(s(&r, "status"), "completed");
    let gets: Vec<f64> = requests(&tag, "GET")
        .await
        .iter()
        .map(|e| n(e, "at"))
        .collect();
    let gaps: Vec<f64> = gets.windows(2).map(|w| w[1] - w[0]).collect();
    // The first five reads fail: 250 ms at least after each; 100 ms at least between any two.
    assert!(gaps[..5].iter().all(|g| *g >= 245.0), "{gaps:?}");
    assert!(gaps.iter().all(|g| *g >= 95.0), "{gaps:?}");
}

#[wasm_bindgen_test]
async fn broken_answers_are_bad_responses() {
    for (fault, want) in [
        ("noid", "no generation id"),
        ("novideo", "no video URL"),
        ("badurl", "not an http(s) URL"),
        ("shape", "not of the documented shape"),
    ] {
        let tag = unique_tag(fault);
        let e = expect_err(
            generate(opts(&base(&tag, &format!("{fault},dur=0")), &[])).await,
            "bad_response",
        );
        assert!(
            s(&e, "message").contains(want),
            "{fault}: {}",
            s(&e, "message")
        );
    }
}

#[wasm_bindgen_test]
async fn a_failed_generation_rejects_with_its_reason_and_id() {
    let tag = unique_tag("fail");
    let e = expect_err(
        generate(opts(&base(&tag, "fail,dur=30"), &[])).await,
        "generation_failed",
    );
    assert!(
        s(&e, "message").contains("could not animate"),
        "{}",
        s(&e, "message")
    );
    assert!(!s(&e, "generationId").is_empty());
}

#[wasm_bindgen_test]
async fn unknown_statuses_are_reported_and_waited_through() {
    let tag = unique_tag("unknown");
    let progress = collector();
    generate(opts(
        &base(&tag, "unknown,dur=1000"),
        &[("onProgress", progress.clone().into())],
    ))
    .await
    .unwrap();
    let ev = events(&progress);
    assert!(ev
        .iter()
        .any(|e| s(e, "status") == "mystery_state" && s(e, "message").contains("Unknown")));
}

#[wasm_bindgen_test]
async fn status_reads_bypass_the_http_cache() {
    // The simulator marks every status answer cacheable for 10 minutes; a cached "queued" would
    // never turn into "completed".
    let tag = unique_tag("cache");
    let r = generate(opts(
        &base(&tag, "cache,queue=50,dur=100"),
        &[("timeoutMs", 5000.into())],
    ))
    .await;
    assert_eq!(s(&r.unwrap(), "status"), "completed");
}

#[wasm_bindgen_test]
async fn a_throwing_on_progress_does_not_break_the_job() {
    let tag = unique_tag("thrower");
    let r = generate(opts(
        &base(&tag, "dur=30"),
        &[("onProgress", thrower().into())],
    ))
    .await;
    assert_eq!(s(&r.unwrap(), "status"), "completed");
}

#[wasm_bindgen_test]
async fn the_deadline_rejects_with_timeout_and_the_id_then_resume_works() {
    let tag = unique_tag("never");
    let e = expect_err(
        generate(opts(&base(&tag, "never"), &[("timeoutMs", 300.into())])).await,
        "timeout",
    );
    let id = s(&e, "generationId");
    assert!(!id.is_empty());
    assert!(s(&e, "message").contains("waitForVideo"));
    assert!((js_sys::Date::now() - n(&e, "submittedAt")).abs() < 60_000.0);

    // Resume a job by id, as after a page reload.
    let tag = unique_tag("resume");
    let created = create(opts(&base(&tag, "dur=100"), &[])).await.unwrap();
    assert_eq!(s(&created, "status"), "queued");
    assert!((js_sys::Date::now() - n(&created, "submittedAt")).abs() < 60_000.0);
    let id = s(&created, "id");
    assert_eq!(
        sim_log(&tag).await.len(),
        1,
        "createGeneration must not poll"
    );
    let r = wait(obj(&[
        ("apiKey", "test-key-123".into()),
        ("baseUrl", base(&tag, "").into()),
        ("id", id.clone().into()),
        ("submittedAt", get(&created, "submittedAt")),
        ("pollIntervalMs", 20.into()),
    ]))
    .await
    .unwrap();
    assert_eq!(s(&r, "id"), id);
    assert_eq!(s(&r, "status"), "completed");
}

#[wasm_bindgen_test]
async fn the_deadline_also_cuts_a_request_in_flight() {
    let tag = unique_tag("slowdeadline");
    let call = generate(opts(&base(&tag, "slow=8000"), &[("timeoutMs", 200.into())]));
    let p = future_to_promise(call);
    assert_eq!(JsFuture::from(first_of(&p, 4000)).await.unwrap(), "call");
    expect_err(JsFuture::from(p).await, "timeout");
}

#[wasm_bindgen_test]
async fn abort_stops_a_pending_wait_at_once_and_sends_nothing_after() {
    let tag = unique_tag("abortwait");
    let o = opts(
        &base(&tag, "never"),
        &[
            ("pollIntervalMs", 60_000.into()),
            ("signal", abort_after(150).into()),
        ],
    );
    let p = future_to_promise(generate(o));
    // Settles long before the next poll (60 s) would have been due.
    assert_eq!(JsFuture::from(first_of(&p, 5000)).await.unwrap(), "call");
    let e = expect_err(JsFuture::from(p).await, "aborted");
    assert_eq!(s(&e, "name"), "AbortError");
    assert!(!s(&e, "generationId").is_empty());
    let before = sim_log(&tag).await.len();
    sleep(200).await;
    assert_eq!(
        sim_log(&tag).await.len(),
        before,
        "a request was sent after abort"
    );
}

#[wasm_bindgen_test]
async fn abort_cancels_the_fetch_in_flight() {
    let tag = unique_tag("abortfetch");
    let o = opts(
        &base(&tag, "slow=8000"),
        &[("signal", abort_after(100).into())],
    );
    let p = future_to_promise(generate(o));
    assert_eq!(JsFuture::from(first_of(&p, 4000)).await.unwrap(), "call");
    let e = expect_err(JsFuture::from(p).await, "aborted");
    assert_eq!(s(&e, "name"), "AbortError");
}

#[wasm_bindgen_test]
async fn a_signal_aborted_before_the_call_sends_nothing() {
    let tag = unique_tag("preabort");
    let o = opts(&base(&tag, ""), &[("signal", aborted_signal().into())]);
    expect_err(generate(o).await, "aborted");
    let o = obj(&[
        ("baseUrl", base(&tag, "").into()),
        ("id", "x".into()),
        ("signal", aborted_signal().into()),
    ]);
    expect_err(read_once(o).await, "aborted");
    assert!(sim_log(&tag).await.is_empty());
}

#[wasm_bindgen_test]
async fn network_errors_name_cors_and_base_url() {
    // Port 9 (discard) is closed here: fetch fails as it would offline or on a CORS refusal.
    let e = expect_err(
        generate(opts("http://127.0.0.1:9", &[])).await,
        "network_error",
    );
    let m = s(&e, "message");
    assert!(
        m.contains("CORS") && m.contains("baseUrl") && m.contains("127.0.0.1:9"),
        "{m}"
    );
}

#[wasm_bindgen_test]
async fn get_generation_reads_once_and_reports_failure_as_state() {
    let tag = unique_tag("get");
    let created = create(opts(&base(&tag, "dur=100"), &[])).await.unwrap();
    assert_eq!(
        plain_keys(&created).unwrap(),
        [
            "id",
            "status",
            "submittedAt",
            "clientRequestId",
            "duplicates",
            "raw"
        ]
    );
    let read = |id: String| {
        read_once(obj(&[
            ("apiKey", "test-key-123".into()),
            ("baseUrl", base(&tag, "").into()),
            ("id", id.into()),
        ]))
    };
    let g = read(s(&created, "id")).await.unwrap();
    assert_eq!(
        plain_keys(&g).unwrap(),
        [
            "id",
            "status",
            "state",
            "videoUrl",
            "videoUrls",
            "error",
            "creditsUsed",
            "usdSpent",
            "raw"
        ]
    );
    assert_eq!(s(&g, "state"), "pending");
    assert_eq!(get(&g, "videoUrl"), JsValue::NULL);
    sleep(150).await;
    let g = read(s(&created, "id")).await.unwrap();
    assert_eq!(s(&g, "state"), "completed");
    assert!(s(&g, "videoUrl").starts_with("http://"));

    let tag2 = unique_tag("getfail");
    let created = create(opts(&base(&tag2, "fail,dur=0"), &[])).await.unwrap();
    let g = read_once(obj(&[
        ("baseUrl", base(&tag2, "").into()),
        ("id", s(&created, "id").into()),
    ]))
    .await
    .unwrap();
    assert_eq!(s(&g, "state"), "failed");
    assert!(s(&g, "error").contains("could not animate"));
}

#[wasm_bindgen_test]
async fn pauses_take_their_listeners_off_the_signal_as_they_end() {
    // Every pause listens for the call's abort; a long job must not pile those listeners up.
    let tag = unique_tag("listeners");
    let stop = count_abort_listeners();
    let r = generate(opts(
        &base(&tag, "dur=1000"),
        &[("signal", abort_after(60_000).into())],
    ))
    .await;
    let counts: Vec<f64> = stop
        .call0(&JsValue::UNDEFINED)
        .unwrap()
        .unchecked_into::<js_sys::Array>()
        .iter()
        .filter_map(|v| v.as_f64())
        .collect();
    let polls = n(&r.unwrap(), "polls");
    assert!(polls >= 5.0, "{polls} polls");
    // One listener per pause plus one on the caller's signal, each taken off again.
    assert!(counts[0] >= polls, "{counts:?}");
    assert_eq!(counts[0], counts[1], "added vs removed: {counts:?}");
}

#[wasm_bindgen_test]
async fn thirty_concurrent_generations_all_resolve() {
    let tag = unique_tag("many");
    let promises = js_sys::Array::new();
    for _ in 0..30 {
        promises.push(&future_to_promise(generate(opts(
            &base(&tag, "dur=100"),
            &[],
        ))));
    }
    let all = JsFuture::from(Promise::all(&promises)).await.unwrap();
    let all: Vec<JsValue> = all.unchecked_into::<js_sys::Array>().iter().collect();
    let mut ids: Vec<String> = all.iter().map(|r| s(r, "id")).collect();
    assert!(all.iter().all(|r| s(r, "status") == "completed"));
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30);
}

/// Whether `text` holds a piece of `key` of `n` characters, in any ASCII case.
fn holds_piece(text: &str, key: &str, n: usize) -> bool {
    let (t, k) = (text.to_ascii_lowercase(), key.to_ascii_lowercase());
    k.as_bytes()
        .windows(n)
        .any(|p| t.as_bytes().windows(n).any(|w| w == p))
}

fn json(v: &JsValue) -> String {
    js_sys::JSON::stringify(v).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
async fn a_leaky_server_gets_no_piece_of_the_key_out() {
    // The simulator's `echo` puts the key in every message (past the 500-byte clip), request id,
    // status word, video URL and a `debug` field. Text for people must hold no piece of it of 5
    // characters; values (ids, the URL, `raw`), none of 8.
    const KEY: &str = "sk-live-Zq81nBv0Tk5Xw3Hs";
    let key = || ("apiKey", JsValue::from_str(KEY));
    let text_clean = |t: &str| assert!(!holds_piece(t, KEY, 5), "leaked into: {t}");
    let value_clean = |t: &str| assert!(!holds_piece(t, KEY, 8), "leaked into: {t}");

    // Success, through a retry (its event carries the server's message) and an echoed status word.
    let tag = unique_tag("leak");
    let progress = collector();
    let r = generate(opts(
        &base(&tag, "echo,pollerr=503x1,dur=1500"),
        &[key(), ("onProgress", progress.clone().into())],
    ))
    .await
    .unwrap();
    value_clean(&json(&r));
    assert!(
        s(&r, "videoUrl").ends_with("?k=[redacted]"),
        "{}",
        s(&r, "videoUrl")
    );
    assert_eq!(s(&r, "raw.debug.authorization"), "Bearer [redacted]");
    let ev = events(&progress);
    assert!(ev.iter().any(|e| s(e, "type") == "retry"), "no retry event");
    assert!(ev.iter().any(|e| s(e, "status") == "generating:[redacted]"));
    for e in &ev {
        text_clean(&json(e));
    }
    // The echo did reach the page: the simulator really sent the key back.
    assert_eq!(
        s(&sim_log(&tag).await[0], "authorization"),
        format!("Bearer {KEY}")
    );

    // Errors: a 401, and a status read that fails until the retries run out.
    for faults in ["echo,status=401", "echo,pollerr=503x9"] {
        let tag = unique_tag("leak");
        let e = generate(opts(
            &base(&tag, faults),
            &[key(), ("maxRetries", 1.into())],
        ))
        .await
        .unwrap_err();
        let msg = s(&e, "message");
        // The echo sits across the 500-byte clip: scrubbed first, so only "[red…" is left of it.
        assert!(msg.contains("key [red"), "{faults}: {msg}");
        text_clean(&msg);
        text_clean(&s(&e, "requestId"));
        value_clean(&s(&e, "generationId"));
    }

    // getGeneration's answer, status word and all.
    let tag = unique_tag("leak");
    let c = create(opts(&base(&tag, "echo,dur=600"), &[key()]))
        .await
        .unwrap();
    sleep(200).await;
    let g = read_once(opts(&base(&tag, "echo"), &[key(), ("id", get(&c, "id"))]))
        .await
        .unwrap();
    text_clean(&s(&g, "status"));
    value_clean(&json(&g));
}

#[wasm_bindgen_test]
async fn a_one_letter_key_is_not_scrubbed_out_of_every_word() {
    // Scrubbing matches pieces of five characters or more: a key too short to hold one cannot turn
    // "network" into "networ[redacted]".
    let e = generate(opts("http://127.0.0.1:9", &[("apiKey", "k".into())]))
        .await
        .unwrap_err();
    assert!(
        s(&e, "message").contains("network error"),
        "{}",
        s(&e, "message")
    );
}

#[wasm_bindgen_test]
async fn a_status_body_over_1_mib_is_refused_without_entering_the_module() {
    // Announced by Content-Length (not read at all), or chunked with no length (measured in JS).
    for fault in ["big=4000000", "bigchunk=4000000"] {
        let memory = || {
            wasm_bindgen::memory()
                .unchecked_into::<js_sys::WebAssembly::Memory>()
                .buffer()
                .unchecked_into::<js_sys::ArrayBuffer>()
                .byte_length()
        };
        let before = memory();
        let tag = unique_tag("big");
        let e = expect_err(
            generate(opts(&base(&tag, &format!("{fault},dur=50")), &[])).await,
            "bad_response",
        );
        assert!(
            s(&e, "message").contains("over 1 MiB"),
            "{}",
            s(&e, "message")
        );
        assert!(!s(&e, "generationId").is_empty());
        assert_eq!(get(&e, "retryable"), JsValue::FALSE);
        // Not copied in: the module's memory grew by far less than the 4 MB body.
        let grown = memory() - before;
        assert!(grown < 1_000_000, "{fault}: memory grew by {grown} bytes");
        // A body under the cap is read as usual.
        let tag = unique_tag("big");
        generate(opts(&base(&tag, "big=900000,dur=50"), &[]))
            .await
            .unwrap();
    }
}

/// Settles within 5 s (the simulator's jobs here take well under that), or fails the test rather
/// than hanging it: the bug these tests guard against is a promise that never settles.
async fn settles(p: Promise) -> Result<JsValue, JsValue> {
    let race = JsFuture::from(first_of(&p, 5_000)).await.unwrap();
    assert_eq!(
        race.as_string().as_deref(),
        Some("call"),
        "the call never settled"
    );
    JsFuture::from(p).await
}

fn start(o: JsValue) -> Promise {
    aimlapi_video::wasm::exports::generate_video(o.unchecked_into(), None)
}

#[wasm_bindgen_test]
async fn whatever_js_hands_in_every_call_settles_and_the_next_one_works() {
    // A fetch that throws synchronously: on the submit, a doubtful network error (the wrapper may
    // have sent it; createGeneration says so at once, where generateVideo would look for the job
    // in the usage logs: tests/e2e/recover.test.mjs); on a status read, a retry.
    throw_on_next_fetch();
    let tag = unique_tag("hostile");
    let e = expect_err(
        settles(aimlapi_video::wasm::exports::create_generation(
            opts(&base(&tag, ""), &[]).unchecked_into(),
            None,
        ))
        .await,
        "network_error",
    );
    assert_eq!(get(&e, "retryable"), JsValue::FALSE);
    let tag = unique_tag("hostile");
    let progress = collector();
    let c = create(opts(&base(&tag, "dur=200"), &[])).await.unwrap();
    throw_on_next_fetch();
    let p = aimlapi_video::wasm::exports::wait_for_video(
        opts(
            &base(&tag, ""),
            &[
                ("id", get(&c, "id")),
                ("onProgress", progress.clone().into()),
            ],
        )
        .unchecked_into(),
        None,
    );
    settles(p).await.unwrap();
    assert!(events(&progress)
        .iter()
        .any(|e| s(e, "errorCode") == "network_error"));

    // Options the module cannot trust: each is refused before anything is sent.
    let tag = unique_tag("hostile");
    for (name, value, says) in [
        ("signal", fake_signal(), "signal must be an AbortSignal"),
        ("extra", revoked_proxy(), "extra must be"),
        ("extra", throwing_getter(), "extra must be"),
        ("imageUrls", revoked_proxy(), "imageUrls must be a list"),
    ] {
        let e = expect_err(
            settles(start(opts(&base(&tag, ""), &[(name, value)]))).await,
            "invalid_request",
        );
        assert!(
            s(&e, "message").contains(says),
            "{name}: {}",
            s(&e, "message")
        );
    }
    let e = expect_err(settles(start(revoked_proxy())).await, "invalid_request");
    assert!(
        s(&e, "message").contains("reading it threw"),
        "{}",
        s(&e, "message")
    );
    assert!(sim_log(&tag).await.is_empty(), "a request was sent");

    // A signal whose getter starts throwing mid-call: the call stops as if it fired.
    let tag = unique_tag("hostile");
    let e = expect_err(
        settles(start(opts(
            &base(&tag, "dur=2000"),
            &[("signal", signal_that_throws_later())],
        )))
        .await,
        "aborted",
    );
    assert_eq!(s(&e, "name"), "AbortError");

    // An onProgress that starts another call from inside the first one's event.
    let tag = unique_tag("hostile");
    let nested: std::rc::Rc<std::cell::RefCell<Option<Promise>>> = Default::default();
    let slot = nested.clone();
    let inner_opts = opts(&base(&tag, "dur=100"), &[]);
    let on_progress = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        if slot.borrow().is_none() {
            *slot.borrow_mut() = Some(start(inner_opts.clone()));
        }
    });
    let outer = start(opts(
        &base(&tag, "dur=100"),
        &[("onProgress", on_progress.as_ref().clone())],
    ));
    settles(outer).await.unwrap();
    let inner = nested.borrow_mut().take().expect("onProgress ran");
    settles(inner).await.unwrap();
    let submits = requests(&tag, "POST").await.len();
    assert_eq!(submits, 2);

    // And the module still works.
    let tag = unique_tag("hostile");
    settles(start(opts(&base(&tag, "dur=50"), &[])))
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_jump_of_the_system_clock_neither_ends_the_job_nor_shows_in_its_times() {
    // Elapsed times come from performance.now(): the clock set an hour ahead mid-job (with dates,
    // the next wake-up saw an hour gone and timed out) changes nothing but the dates.
    let tag = unique_tag("clock");
    let r = generate(opts(
        &base(&tag, "dur=300"),
        &[
            ("timeoutMs", 60_000.into()),
            ("onProgress", jump_clock_on_submit().into()),
        ],
    ))
    .await;
    restore_clock();
    let r = r.unwrap();
    assert!(
        n(&r, "elapsedMs") < 10_000.0,
        "elapsedMs {}",
        n(&r, "elapsedMs")
    );
}
