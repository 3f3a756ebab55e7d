#!/usr/bin/env bash
# Builds the package into dist/: cargo and wasm-bindgen (--target web) into pkg/, then wasm-opt -Oz
# from the npm `binaryen` package (newer than Debian's), then one
# ES module per environment, the .wasm and the types (scripts/bundle.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Shorter panic-location paths for dependencies: they are kept in the binary as strings.
export RUSTFLAGS="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src=crates ${RUSTFLAGS:-}"
# cargo and wasm-bindgen by hand rather than wasm-pack, which cannot pass wasm-bindgen the flag that
# exports __wbg_reset_state: js/index.js restarts the module with it after a trap.
cargo build --release --target wasm32-unknown-unknown --lib --quiet
wasm-bindgen --target web --out-dir pkg --experimental-reset-state-function \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/aimlapi_video.wasm"
wasm=pkg/aimlapi_video_bg.wasm
# The features Rust's wasm32-unknown-unknown target emits by default; all are in every browser
# that has WebAssembly.reference-types (Chrome 96, Firefox 79, Safari 15).
opt() {
  node_modules/.bin/wasm-opt "$@" --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue
}
# -ocimfs 30: inline a function that has only one caller only when it is small. Merging big ones
# (the default) made this module larger: 30 was the best of 10 to 200, 0.6 KB gzip below default.
opt "$wasm" -Oz --converge -ocimfs 30 --strip-debug --strip-producers --strip-target-features \
  -o "$wasm.opt"
# wasm-bindgen's import names carry 16-hex-digit hashes that do not compress: shorten every import
# and export name, then apply the mapping wasm-opt prints to the JS glue. (A pass of its own: under
# --converge it would run, and print, more than once.)
opt "$wasm.opt" --minify-imports-and-exports-and-modules -o "$wasm" >pkg/names.json
rm "$wasm.opt"
node scripts/shrink-glue.mjs pkg/aimlapi_video.js pkg/names.json "$(wasm-bindgen --version)"
rm pkg/names.json
node scripts/bundle.mjs
# Measured as tests/e2e/size.test.mjs measures it (Node's zlib, level 9), not with gzip(1): GNU
# gzip's own deflate and the file name it stores in the header make another number (+34 B here).
node -e 'const { readFileSync } = require("node:fs"), { gzipSync } = require("node:zlib");
  for (const f of process.argv.slice(1)) { const b = readFileSync(f);
    console.error(`[build] ${f}: ${b.length} bytes, ${gzipSync(b, { level: 9 }).length} gzipped`); }' dist/index.js
