#!/usr/bin/env bash
# Builds the package into pkg/: wasm-pack (release, --target web), then wasm-opt -Oz from the npm
# `binaryen` package (newer than Debian's), which wasm-pack cannot download here.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Shorter panic-location paths for dependencies: they are kept in the binary as strings.
export RUSTFLAGS="--remap-path-prefix=$HOME/.cargo/registry/src=crates ${RUSTFLAGS:-}"
wasm-pack build --release --target web --out-dir pkg --no-pack --quiet
wasm=pkg/aimlapi_video_bg.wasm
# The features Rust's wasm32-unknown-unknown target emits by default; all are in every browser
# that has WebAssembly.reference-types (Chrome 96, Firefox 79, Safari 15).
node_modules/.bin/wasm-opt "$wasm" -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
printf '[build] %s: %s bytes, %s gzipped\n' "$wasm" "$(wc -c <"$wasm")" "$(gzip -9c "$wasm" | wc -c)" >&2
