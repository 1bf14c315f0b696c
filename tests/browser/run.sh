#!/usr/bin/env bash
# The real-browser test of `whys site`: installs the pinned playwright-core (no browser
# download: it drives Debian's chromium) and runs tests/browser/site.test.mjs.
# Usage: tests/browser/run.sh [path/to/whys]   (default: $WHYS_BIN, else target/debug/whys)
# GEN_BIN names examples/gen_archive (default: beside whys); BROWSER_RECORDS the size of the
# generated archive (default 10000).
# Needs node, npm and /usr/bin/chromium (apt-get install -y chromium).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
whys="${1:-${WHYS_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/whys}}"
if [[ ! -x "$whys" ]]; then
  echo "whys binary not found at $whys; build it first (cargo build)" >&2
  exit 2
fi
# Absolute before the cd below.
whys="$(cd "$(dirname "$whys")" && pwd)/$(basename "$whys")"
# The archive generator: `cargo test` builds the examples beside the binaries it tests.
gen="${GEN_BIN:-$(dirname "$whys")/examples/gen_archive}"
if [[ ! -x "$gen" ]]; then
  echo "examples/gen_archive not found at $gen; build it (cargo build --examples)" >&2
  exit 2
fi
if [[ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]]; then
  echo "chromium not found; install it with: apt-get install -y chromium" >&2
  exit 2
fi
cd "$here"
# playwright-core never downloads a browser; this keeps npm from trying anything else either.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# scripts/test-deps.sh has normally installed the pinned packages already; install them here
# only when it has not, so a test run does not reach the registry every time.
if [[ ! -d node_modules/playwright-core ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
WHYS_BIN="$whys" GEN_BIN="$gen" node site.test.mjs
WHYS_BIN="$whys" node report.test.mjs
