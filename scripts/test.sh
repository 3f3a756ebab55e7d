#!/usr/bin/env bash
# `npm test`: everything, in order of cost. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh

echo "== core: format, lints (native and wasm32), native unit, state-machine and property tests"
cargo fmt --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --tests -- -D warnings
cargo test --quiet
# A crate that depends on this one keeps its own allocator: this example has one, and does not build
# if the crate imposes lol_alloc beyond its default feature.
cargo build --quiet --target wasm32-unknown-unknown --no-default-features --example own_allocator

echo "== units: node:test of the JS sources, no build (tests/unit/)"
node --test tests/unit/

tmp=$(mktemp -d)
sim_pid=""
trap '[ -z "$sim_pid" ] || kill $sim_pid 2>/dev/null || true; rm -rf "$tmp"' EXIT

echo "== pack: npm pack builds the package (its prepack: cargo, wasm-bindgen, wasm-opt, bundle) into a tarball"
npm pack --pack-destination "$tmp" --silent >"$tmp/pack.out"
export PACKAGE_TGZ="$tmp/$(tail -n1 "$tmp/pack.out")"
[ -f "$PACKAGE_TGZ" ] || { cat "$tmp/pack.out"; echo "npm pack made no tarball"; exit 1; }

echo "== browser: wasm-bindgen-test in Chromium, Firefox and WebKit against the simulator (another origin)"
node sim/server.mjs --port 0 >"$tmp/sim.out" 2>&1 &
sim_pid=$!
for _ in $(seq 50); do grep -q '^SIM_URL=' "$tmp/sim.out" && break; sleep 0.1; done
SIM_URL=$(sed -n 's/^SIM_URL=//p' "$tmp/sim.out")
[ -n "$SIM_URL" ] || { cat "$tmp/sim.out"; echo "simulator did not start"; exit 1; }
export SIM_URL
# The runner's limit is for a whole test binary, 20 s by default; tests/browser.rs takes about 20 s
# of real waits (jobs, retries, deadlines) on its own.
export WASM_BINDGEN_TEST_TIMEOUT=120
tests=(-- --lib --test job --test browser --test worker)
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" wasm-pack test --headless --chrome "${tests[@]}"
wasm-pack test --headless --firefox "${tests[@]}"
# wasm-pack looks for WebKit's driver under Safari's name; WebKitGTK needs a display, even headless.
mkdir "$tmp/bin" && ln -s "$(command -v WebKitWebDriver)" "$tmp/bin/safaridriver"
PATH="$tmp/bin:$PATH" xvfb-run -a wasm-pack test --headless --safari "${tests[@]}"

echo "== package and page: node:test with playwright-core driving /usr/bin/chromium"
node --test --test-concurrency=1 tests/e2e/

echo "== consumers: the packed tarball in bundlers, a plain page, a Worker, Node 20/22/24, Bun and Deno; its types; the AI SDK adapter with ai 7 and 6"
node --test --test-concurrency=1 tests/consumers/

echo "== command line: npx aimlapi-video against the simulator (cli/), under Node 20, 22 and 24"
for node in node tests/consumers/node_modules/node22/bin/node tests/consumers/node_modules/node24/bin/node; do
  CLI_NODE="$(realpath "$(command -v "$node")")" node --test --test-concurrency=1 tests/cli/
done

echo "== proxy: aimlapi-video/proxy under Node (http, Express), Bun, Deno and workerd, between a page and the simulator"
node --test --test-concurrency=1 tests/proxy/
