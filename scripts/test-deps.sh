#!/usr/bin/env bash
# Installs what the test suite needs beyond Rust, on a bare Debian machine; does nothing
# for what is already there. Idempotent, so `cargo test` can follow it every time.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v git >/dev/null 2>&1 || need_apt+=(git)
# The language server is tested in a real editor: Neovim, headless.
command -v nvim >/dev/null 2>&1 || need_apt+=(neovim)
# The benchmark's smoke test measures peak memory with GNU time.
type -P time >/dev/null || need_apt+=(time)
# `whys new --interactive` is driven through a pseudo-terminal with util-linux's `script`.
command -v script >/dev/null 2>&1 || need_apt+=(bsdutils)
if [ -d tests/browser ] || [ -d tests/sarif ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test-deps: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
for node_tests in tests/browser tests/sarif; do
  if [ -f "$node_tests/package.json" ]; then
    (cd "$node_tests" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
