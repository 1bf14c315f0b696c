#!/usr/bin/env bash
# Search latency of the site at 10,000 records, from file:// in headless Chromium.
#
#   bench/search.sh              # 10,000 records, 5 runs a query
#   RECORDS=100000 bench/search.sh
#
# Builds whys and gen_archive (release) unless WHYS_BIN and GEN_BIN name them, generates the
# archive into bench/out/archive-<N> (seeded; reused when present), builds its site into
# bench/out/site-<N>, and runs bench/search.mjs on it: for each query, the time from the last
# keystroke to the results on the page, cold (a fresh page) and warm. Needs node, the
# tests/browser packages (scripts/test-deps.sh) and Chromium. Nothing here is a test.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
records="${RECORDS:-10000}"
runs="${RUNS:-5}"
out="${BENCH_OUT:-$here/out}"
mkdir -p "$out"
if [ -n "${WHYS_BIN:-}" ] && [ -n "${GEN_BIN:-}" ]; then
    whys="$WHYS_BIN" gen="$GEN_BIN"
else
    (cd "$root" && cargo build --quiet --release --bin whys --example gen_archive)
    target="${CARGO_TARGET_DIR:-$root/target}"
    case "$target" in /*) ;; *) target="$root/$target" ;; esac
    whys="$target/release/whys" gen="$target/release/examples/gen_archive"
fi
archive="$out/archive-$records"
if [ ! -d "$archive/postmortems" ]; then
    "$gen" --records "$records" --seed 1 --out "$archive" >&2
fi
site="$out/site-$records"
"$whys" -C "$archive" site --out "$site" >&2
if [ ! -d "$root/tests/browser/node_modules/playwright-core" ]; then
    (cd "$root/tests/browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
node "$here/search.mjs" "$site" "$runs"
