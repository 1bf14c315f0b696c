"""Chooses the learned reader's threshold on prose the shipped choice is not measured on.

Scores every pair of thresholds on each set given, the way whys could combine the encoder
with the rules: a sentence the rules flag stays flagged when the encoder's probability is at
least VETO; a sentence they do not flag is flagged when it is at least FLAG. VETO 0 is the
reader as shipped (src/wording/learned.rs): it only adds. The choice is the best mean F1 over
the sets (on a tie, the higher mean precision). Standard library only.

The sets:
- the predictions bench/encoder-probe.py wrote (`--predictions`, columns `round label fires
  probability`), restricted to `--rounds`: rounds the model that wrote them was not trained on;
- `--written FILE`: what `judgement --encoder-written` prints (`blameful fires probability`)
  for the written set's parts but the newest, which must come from an encoder that never saw
  them: the shipped one was trained on parts 1 to 5 (rules/blame-encoder.md), so a new
  choice needs a model trained without `--written-parts`.

    python3 bench/encoder-thresholds.py target/encoder-probe/predictions-31.tsv --rounds 31 32 \
        --written target/encoder-probe/written-tuned.tsv
"""

import argparse
import csv


def score(rows, veto, flag):
    tp = fp = fn = 0
    for blameful, fires, p in rows:
        flagged = p >= veto if fires else p >= flag
        if flagged and blameful:
            tp += 1
        elif flagged:
            fp += 1
        elif blameful:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def read(path, keep=lambda r: True):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if keep(r)]
    out = []
    for r in rows:
        blameful = r["label"] == "blameful" if "label" in r else r["blameful"] == "1"
        out.append((blameful, r["fires"] == "1", float(r["probability"])))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("predictions")
    ap.add_argument("--rounds", type=int, nargs="+", required=True)
    ap.add_argument("--written", help="the written set's tuned parts, from judgement --encoder-written")
    args = ap.parse_args()
    sets = [(f"rounds {' '.join(map(str, args.rounds))}",
             read(args.predictions, lambda r: int(r["round"]) in args.rounds))]
    if args.written:
        sets.append(("written (tuned parts)", read(args.written)))
    for name, rows in sets:
        if not rows:
            raise SystemExit(f"encoder-thresholds: {name} holds no sentence")
        p, r, f1 = score(rows, 0.0, 2.0)
        print(f"{name}: {len(rows)} sentences, {sum(b for b, _, _ in rows)} blameful; "
              f"rules alone P {p:.2f} R {r:.2f} F1 {f1:.3f}")
    steps = [round(0.05 * k, 2) for k in range(0, 20)] + [0.97, 0.99]
    grid = []
    for veto in steps:
        for flag in steps:
            if flag < veto:
                continue
            cells = [score(rows, veto, flag) for _, rows in sets]
            mean_f1 = sum(c[2] for c in cells) / len(cells)
            mean_p = sum(c[0] for c in cells) / len(cells)
            grid.append((mean_f1, mean_p, veto, flag, cells))
    grid.sort(key=lambda g: (-g[0], -g[1]))
    print("| veto | flag | mean F1 | " + " | ".join(f"{name} P / R / F1" for name, _ in sets) + " |")
    print("|---:|---:|---:|" + "---|" * len(sets))
    for mean_f1, _, veto, flag, cells in grid[:12]:
        print(f"| {veto:.2f} | {flag:.2f} | {mean_f1:.3f} | "
              + " | ".join(f"{p:.2f} / {r:.2f} / {f1:.3f}" for p, r, f1 in cells) + " |")
    mean_f1, _, veto, flag, cells = grid[0]
    print(f"chosen: veto {veto:.2f}, flag {flag:.2f} (mean F1 {mean_f1:.3f})")


if __name__ == "__main__":
    main()
