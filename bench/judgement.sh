#!/usr/bin/env bash
# Blame judgement on real post-mortem prose: the wording check beside a grep of its own
# phrases, on the evaluation set in tests/data/judgement (see its README and docs/blameless.md).
#
#   bench/judgement.sh               # both halves' figures, the tune half's confusion list
#   bench/judgement.sh > out.md      # the same, kept as Markdown
#   bench/judgement.sh --tune-folds 3 --show 0
#                                    # the tune half ONLY, in 3 folds by incident, with fold 0's
#                                    # confusion list: cross-validation while tuning, so the
#                                    # held-out half is measured only once at the end
#   bench/judgement.sh --by-round    # the figures of every collection round, both halves: how
#                                    # the rules in the working tree score each round
#   bench/judgement.sh --train-model # trains the opt-in learned second opinion on the tune half
#                                    # and writes rules/blame-model.tsv (after every merge)
#   bench/judgement.sh --model-by-round 10
#                                    # each tune round from 10 on, with a model trained only on
#                                    # the rounds before it, beside the rules alone
#   bench/judgement.sh --encoder     # the held-out half and each written part by the rules
#                                    # alone and with the opt-in learned reader (lint.encoder)
#                                    # beside them, with the time the reader took
#   bench/judgement.sh --written     # the written set (tests/data/written): sentences written
#                                    # blind in the voice of teams' own post-mortem drafts
#   bench/judgement.sh --verdicts    # every sentence of both halves with the rules' verdict, a
#                                    # table for bench/encoder-probe.sh and other outside models
#   bench/judgement.sh --merge DIR   # a new blind round (DIR/<letter>.tsv and
#                                    # DIR/<letter>-sources.tsv per labeller) merged in as the
#                                    # held-out half; the old held-out half joins tune
#
# Prints precision, recall and F1 of `blameful` overall, per field (prose, why), per blame
# family and per kind of source (postmortem, news, forum, ...) on the tune and held-out
# halves. Quality, not speed: a debug build is enough.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-0}"
cargo build --quiet --example judgement
exec "$root/target/debug/examples/judgement" "$@" "$root/tests/data/judgement"
