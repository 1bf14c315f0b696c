"""Turns a fine-tuned encoder (bench/encoder-probe.py --save-model DIR) into the file whys reads.

The file is whys's own (src/wording/encoder/file.rs reads it): the magic bytes `WHYSENC1`, a
little-endian u32 length and a JSON header (shape, tensor list, provenance), the WordPiece
vocabulary as UTF-8 lines, then the tensors in the header's order. The matrices of the linear
layers and the word embeddings are stored as int8 with one float scale per row (symmetric,
the row's largest magnitude maps to 127); biases, layer norms and the position embeddings stay
32-bit floats. Only the first `max_positions` position embeddings are kept: whys reads at most
that many tokens, as the probe trained on.

    python bench/encoder-export.py DIR rules/blame-encoder.bin --trained-on "rounds 1-32 ..."
    python bench/encoder-export.py DIR OUT --fixture tests/data/encoder/parity.tsv --sentences FILE

The fixture holds, for each sentence, the token ids and the probability PyTorch computes with
the dequantised weights: what tests/encoder.rs holds whys's tokenizer and arithmetic to.
"""

import argparse
import json
import os
import struct
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from transformers import AutoModelForSequenceClassification, AutoTokenizer  # noqa: E402

MAX_POSITIONS = 128


def tensor_names(layers):
    names = ["bert.embeddings.word_embeddings.weight",
             "bert.embeddings.position_embeddings.weight",
             "bert.embeddings.token_type_embeddings.weight",
             "bert.embeddings.LayerNorm.weight", "bert.embeddings.LayerNorm.bias"]
    for i in range(layers):
        p = f"bert.encoder.layer.{i}."
        for part in ["attention.self.query", "attention.self.key", "attention.self.value",
                     "attention.output.dense"]:
            names += [p + part + ".weight", p + part + ".bias"]
        names += [p + "attention.output.LayerNorm.weight", p + "attention.output.LayerNorm.bias"]
        for part in ["intermediate.dense", "output.dense"]:
            names += [p + part + ".weight", p + part + ".bias"]
        names += [p + "output.LayerNorm.weight", p + "output.LayerNorm.bias"]
    names += ["bert.pooler.dense.weight", "bert.pooler.dense.bias",
              "classifier.weight", "classifier.bias"]
    return names


def quantised(matrix):
    scale = np.abs(matrix).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(matrix / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model_dir")
    ap.add_argument("out")
    ap.add_argument("--trained-on", default="",
                    help="what it was fine-tuned on, kept in the file's header; "
                         "tests/judgement_set.rs expects `tests/data/judgement rounds 1-N "
                         "(S sentences)` with N the last tune round and S the tune half's size, "
                         "then, when --written-parts trained on them, ` and tests/data/written "
                         "parts 1-K (W sentences)` with K below the newest part")
    ap.add_argument("--sentences", help="a file of `field<TAB>sentence` lines to score")
    ap.add_argument("--fixture", help="write token ids and probabilities of --sentences here")
    args = ap.parse_args()

    tokenizer = AutoTokenizer.from_pretrained(args.model_dir)
    model = AutoModelForSequenceClassification.from_pretrained(args.model_dir).eval()
    config = model.config
    state = {k: v.detach().float().numpy() for k, v in model.state_dict().items()}
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda kv: kv[1])
    if [i for _, i in vocab] != list(range(len(vocab))):
        sys.exit("encoder-export: the vocabulary's ids are not 0..n")
    vocab_bytes = "".join(token + "\n" for token, _ in vocab).encode("utf-8")

    tensors, blobs = [], []
    # What whys computes with: the int8 matrices as whys turns them back into floats. The
    # parity fixture is scored with these, so it tests whys's arithmetic, not the rounding.
    dequantised = {}
    for name in tensor_names(config.num_hidden_layers):
        value = state[name]
        if name.endswith("position_embeddings.weight"):
            value = value[:MAX_POSITIONS]
        if name.endswith("token_type_embeddings.weight"):
            value = value[:1]
        matrix = value if value.ndim == 2 else value[None, :]
        rows, cols = matrix.shape
        if value.ndim == 2 and rows > 2 and "position" not in name:
            q, scale = quantised(matrix)
            tensors.append({"name": name, "rows": rows, "cols": cols, "kind": "q8"})
            blobs += [q.tobytes(), scale.astype("<f4").tobytes()]
            dequantised[name] = torch.from_numpy(q.astype(np.float32) * scale[:, None])
        else:
            tensors.append({"name": name, "rows": rows, "cols": cols, "kind": "f32"})
            blobs.append(matrix.astype("<f4").tobytes())
    header = {
        "format": 1,
        "architecture": "bert, sequence classification (pooler and a two-class head)",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "trained_on": args.trained_on,
        "hidden": config.hidden_size,
        "layers": config.num_hidden_layers,
        "heads": config.num_attention_heads,
        "intermediate": config.intermediate_size,
        "max_positions": MAX_POSITIONS,
        "layer_norm_eps": config.layer_norm_eps,
        "lowercase": True,
        "vocab_size": len(vocab),
        "vocab_bytes": len(vocab_bytes),
        "tensors": tensors,
    }
    head = json.dumps(header, sort_keys=True).encode("utf-8")
    with open(args.out, "wb") as f:
        f.write(b"WHYSENC1")
        f.write(struct.pack("<I", len(head)))
        f.write(head)
        f.write(vocab_bytes)
        for blob in blobs:
            f.write(blob)
    print(f"{args.out}: {os.path.getsize(args.out)} bytes", file=sys.stderr)

    if args.sentences and args.fixture:
        model.load_state_dict(dequantised, strict=False)
        with open(args.sentences, encoding="utf-8") as f:
            lines = [line.rstrip("\n").split("\t", 1) for line in f if line.strip()]
        with open(args.fixture, "w", encoding="utf-8") as out, torch.no_grad():
            out.write("field\tprobability\ttoken_ids\tsentence\n")
            for field, sentence in lines:
                text = ("why: " if field == "why" else "") + sentence
                enc = tokenizer(text, truncation=True, max_length=96, return_tensors="pt")
                p = torch.softmax(model(**enc).logits, -1)[0, 1].item()
                ids = " ".join(str(i) for i in enc["input_ids"][0].tolist())
                out.write(f"{field}\t{p:.6f}\t{ids}\t{sentence}\n")


if __name__ == "__main__":
    main()
