//! The learned reader's encoder (crates/encoder) against PyTorch: the same token ids and, to
//! within rounding, the same probability for every sentence of `tests/data/encoder/parity.tsv`,
//! which `bench/encoder-export.py` wrote from the model `rules/blame-encoder.bin` was exported
//! from (scored with the int8 weights turned back into floats, as whys reads them).

use std::path::Path;

use whys_encoder::Encoder;

/// The encoder compiled into whys, as `lint.encoder` uses it.
fn encoder() -> &'static Encoder {
    whys::wording::builtin_encoder().unwrap_or_else(|e| panic!("{e}"))
}

struct Case {
    line: usize,
    field: String,
    probability: f32,
    ids: Vec<u32>,
    sentence: String,
}

fn cases() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/encoder/parity.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .skip(1)
        .map(|(i, line)| {
            let cells: Vec<&str> = line.splitn(4, '\t').collect();
            assert_eq!(cells.len(), 4, "parity.tsv line {}", i + 1);
            Case {
                line: i + 1,
                field: cells[0].to_string(),
                probability: cells[1].parse().unwrap(),
                ids: cells[2].split(' ').map(|id| id.parse().unwrap()).collect(),
                sentence: cells[3].to_string(),
            }
        })
        .collect()
}

fn input(case: &Case) -> String {
    if case.field == "why" {
        format!("why: {}", case.sentence)
    } else {
        case.sentence.clone()
    }
}

#[test]
fn the_tokenizer_gives_the_ids_the_model_was_trained_with() {
    let encoder = encoder();
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let wrong: Vec<String> = cases
        .iter()
        .filter(|c| encoder.tokens(&input(c)) != c.ids)
        .map(|c| {
            format!(
                "line {}: {:?}\n  want {:?}\n  got  {:?}",
                c.line,
                c.sentence,
                c.ids,
                encoder.tokens(&input(c))
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_forward_pass_gives_the_probability_pytorch_gives() {
    let encoder = encoder();
    let mut worst = (0f32, 0);
    for case in cases() {
        let got = encoder.probability(&input(&case));
        let gap = (got - case.probability).abs();
        if gap > worst.0 {
            worst = (gap, case.line);
        }
    }
    assert!(
        worst.0 < 1e-3,
        "the widest gap is {} on line {}",
        worst.0,
        worst.1
    );
}
