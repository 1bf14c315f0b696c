"""Chooses the learned reader's two thresholds on rounds the encoder was not trained on.

Reads the predictions bench/encoder-probe.py wrote (`--predictions`) and, on the rounds
given, scores every pair of thresholds the way whys combines the encoder with the rules
(src/wording/learned.rs): a sentence the rules flag stays flagged when the encoder's
probability is at least VETO; a sentence they do not flag is flagged when it is at least FLAG.
Prints the grid's best pairs by F1 and the pair chosen (the best F1; on a tie, the higher
precision). Standard library only.

    python3 bench/encoder-thresholds.py target/encoder-probe/predictions-31.tsv --rounds 31 32
"""

import argparse
import csv


def score(rows, veto, flag):
    tp = fp = fn = 0
    for r in rows:
        p = r["probability"]
        fires = p >= veto if r["fires"] else p >= flag
        if fires and r["blameful"]:
            tp += 1
        elif fires:
            fp += 1
        elif r["blameful"]:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("predictions")
    ap.add_argument("--rounds", type=int, nargs="+", required=True)
    args = ap.parse_args()
    with open(args.predictions, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
                if int(r["round"]) in args.rounds]
    for r in rows:
        r["probability"] = float(r["probability"])
        r["fires"] = r["fires"] == "1"
        r["blameful"] = r["label"] == "blameful"
    if not rows:
        raise SystemExit("encoder-thresholds: no sentence of those rounds")
    steps = [round(0.05 * k, 2) for k in range(0, 20)] + [0.97, 0.99]
    grid = []
    for veto in steps:
        for flag in steps:
            if flag < veto:
                continue
            grid.append((score(rows, veto, flag), veto, flag))
    grid.sort(key=lambda g: (-g[0][2], -g[0][0]))
    rules = score(rows, 0.0, 2.0)
    encoder = score([dict(r, fires=False) for r in rows], 2.0, 0.5)
    print(f"rounds {args.rounds}: {len(rows)} sentences, "
          f"{sum(r['blameful'] for r in rows)} blameful")
    print(f"rules alone: P {rules[0]:.2f} R {rules[1]:.2f} F1 {rules[2]:.2f}")
    print(f"encoder alone at 0.5: P {encoder[0]:.2f} R {encoder[1]:.2f} F1 {encoder[2]:.2f}")
    print("| veto | flag | P | R | F1 |")
    print("|---:|---:|---:|---:|---:|")
    for (p, r, f1), veto, flag in grid[:15]:
        print(f"| {veto:.2f} | {flag:.2f} | {p:.2f} | {r:.2f} | {f1:.2f} |")
    (p, r, f1), veto, flag = grid[0]
    print(f"chosen: veto {veto:.2f}, flag {flag:.2f} (P {p:.2f}, R {r:.2f}, F1 {f1:.2f})")


if __name__ == "__main__":
    main()
