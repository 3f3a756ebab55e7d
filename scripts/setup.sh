#!/usr/bin/env bash
# Installs whatever this project needs and the machine lacks, so that `npm start`, `npm test`,
# `npm run bench` and `npm pack` work on a fresh machine. Idempotent.
#   scripts/setup.sh build   what building the package takes: the wasm32 target, wasm-pack, the
#                            wasm-bindgen-cli that matches Cargo.lock, the root npm packages (all
#                            that `npm start`, the demo, needs)
#   scripts/setup.sh         that, and what the tests take: Debian's chromium, chromium-driver,
#                            firefox-esr, webkit2gtk-driver and xvfb, geckodriver, and the tools of
#                            the consumer matrix and the proxy tests (tests/consumers: bundlers,
#                            TypeScript, Bun, Deno, workerd, Express)
# The downloads (Debian's packages, the consumer matrix's npm packages) run in the background while
# cargo builds the tools, which takes the CPU: on a fresh 2-core machine that saves about two
# minutes of the fifteen `npm test` may take.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:$PATH"
# `npm pack --dry-run` runs prepack with npm_config_dry_run=true, which a nested `npm ci` would
# inherit and then install nothing: the dry run of a pack must still build.
unset npm_config_dry_run
all=true; [ "${1:-}" = build ] && all=false

npm_ci() { # $1: the folder whose package-lock.json to install, when node_modules is older
  if [ ! -f "$1/node_modules/.package-lock.json" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    say "installing the npm packages of $1"
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

background=()
if $all; then
  # The three browser engines of the wasm-bindgen-test runs: Chromium, Firefox, and WebKit (Safari's
  # engine) through WebKitGTK's WebDriver, which needs a display (xvfb).
  missing=()
  for pair in chromium:chromium chromedriver:chromium-driver firefox-esr:firefox-esr \
    WebKitWebDriver:webkit2gtk-driver xvfb-run:xvfb xauth:xauth; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian's ${missing[*]} (in the background)"
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    ( $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ) &
    background+=($!)
  fi
  npm_ci tests/consumers &
  background+=($!)
fi

# npm test runs cargo fmt --check and cargo clippy.
for component in clippy rustfmt; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack (from source: a few minutes, once)"
  cargo install wasm-pack --version 0.15.1
fi

# wasm-bindgen-cli must be exactly the version in Cargo.lock. Its prebuilt download is not reachable
# here, so it is built with cargo (a few minutes, once).
[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (have: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

npm_ci .

if $all && ! command -v geckodriver >/dev/null; then
  # A test tool: its speed does not matter, so an unoptimized build, which compiles in less time.
  say "installing geckodriver (from source: a few minutes, once)"
  cargo install geckodriver --version 0.37.1 --locked --debug
fi

for pid in "${background[@]}"; do
  wait "$pid" || { say "an installation in the background failed (see above)"; exit 1; }
done
