#!/usr/bin/env bash
# Diagnostics latency of `whys lsp` on the reference record: from a change sent to its
# diagnostics received, through the release binary over stdio (examples/lsp_latency.rs).
#
#   bench/lsp.sh            # 100 changes on the seed payments record
#   bench/lsp.sh 500        # more changes
#
# Each figure includes the server's debounce (30 ms). Target: within 100 ms.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
profile="${PROFILE:-release}"
if [ "$profile" = release ]; then
  cargo build --quiet --release --bin whys --example lsp_latency
else
  export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-0}"
  cargo build --quiet --bin whys --example lsp_latency
fi
dir="target/$([ "$profile" = release ] && echo release || echo debug)"
exec "$dir/examples/lsp_latency" "$dir/whys" \
  postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml "${1:-100}"
