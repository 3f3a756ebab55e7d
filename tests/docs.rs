//! The defaults and limits that the docs, the types and the package's other JavaScript state are
//! the core's: each is written where a reader looks for it, and this test fails when one of those
//! places drifts from the constant it repeats.
#![cfg(not(target_arch = "wasm32"))]

use aimlapi_video::models::DEFAULT_MODEL;
use aimlapi_video::options::{
    DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_TIMER_MS,
};
use aimlapi_video::schedule::MIN_POLL_MS;
use aimlapi_video::secret;
use std::path::Path;

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_stated_default_is_the_cores() {
    let timeout = DEFAULT_TIMEOUT_MS as u64;
    let (base, retries, poll) = (DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, MIN_POLL_MS as u64);
    // (file, what it must say, how many times at least)
    let stated: Vec<(&str, String, usize)> = vec![
        ("README.md", format!("| `model` | `{DEFAULT_MODEL}` |"), 1),
        ("README.md", format!("| `baseUrl` | `{base}` |"), 1),
        ("README.md", format!("| `timeoutMs` | `{timeout}` |"), 1),
        ("README.md", format!("| `maxRetries` | `{retries}` |"), 1),
        ("README.md", format!("(at least {poll} ms)"), 1),
        ("js/types/options.d.ts", format!("default `{base}`"), 1),
        ("js/types/options.d.ts", format!("(default {timeout})"), 2),
        ("js/types/options.d.ts", format!("(default {retries})"), 1),
        ("js/ai-sdk/index.d.ts", format!("(default `{base}`)"), 1),
        ("spec/family.mjs", format!("(default {timeout})"), 1),
        ("spec/family.mjs", format!("(default {retries})"), 1),
        // Generated from it, for the AI SDK adapter and the command line.
        ("js/family.js", format!("DEFAULT_BASE_URL = \"{base}\""), 1),
        ("js/proxy/options.js", format!("upstream = \"{base}\""), 1),
        ("js/proxy/index.d.ts", format!("default `{base}`"), 1),
        ("docs/PROXY.md", format!("| `upstream` | `{base}` |"), 1),
        ("cli/args.js", format!("(default {})", timeout / 1000), 1),
        ("cli/args.js", format!("(default {retries})"), 1),
        ("cli/args.js", format!("default {base}"), 1),
        (
            "cli/args.js",
            format!("at most {} seconds", MAX_TIMER_MS as u64 / 1000),
            1,
        ),
        ("www/backend.js", format!("const AIMLAPI = \"{base}\""), 1),
        // The key's pieces: the AI SDK adapter's headers are text for people, as the core's
        // messages are; the proxy scrubs the values it passes on as the core scrubs values.
        (
            "js/ai-sdk/transport.js",
            format!("TEXT_PIECE = {};", secret::TEXT),
            1,
        ),
        (
            "js/proxy/scrub.js",
            format!("PIECE = {};", secret::VALUE),
            1,
        ),
    ];
    let mut wrong = Vec::new();
    for (file, said, times) in &stated {
        let found = repo_file(file).matches(said.as_str()).count();
        if found < *times {
            wrong.push(format!(
                "{file}: {said:?} {found} times, not at least {times}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "stated defaults that are not the core's:\n{}",
        wrong.join("\n")
    );
}
