#!/usr/bin/env bash
# `npm test`: everything, in order of cost. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh

echo "== core: native unit, state-machine and property tests"
cargo test --quiet

echo "== build: pkg/ (wasm-pack, wasm-opt)"
bash scripts/build.sh

echo "== browser: wasm-bindgen-test in headless Chromium against the simulator (another origin)"
tmp=$(mktemp -d)
node sim/server.mjs --port 0 >"$tmp/sim.out" 2>&1 &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q '^SIM_URL=' "$tmp/sim.out" && break; sleep 0.1; done
SIM_URL=$(sed -n 's/^SIM_URL=//p' "$tmp/sim.out")
[ -n "$SIM_URL" ] || { cat "$tmp/sim.out"; echo "simulator did not start"; exit 1; }
SIM_URL="$SIM_URL" CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
  wasm-pack test --headless --chrome -- --lib --test job --test browser --test worker

echo "== package and page: node:test with playwright-core driving /usr/bin/chromium"
node --test --test-concurrency=1 tests/e2e/
