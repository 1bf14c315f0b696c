//! Labelled sentences of post-mortem prose: precision and recall of the
//! blameless-wording rules, and the reference record staying clean.

use whys::wording::{RuleSet, ScanContext};

const CORPUS: &str = include_str!("data/blameless-corpus.tsv");

#[test]
fn blame_rules_keep_precision_and_recall() {
    let rules = match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(e) => panic!("built-in rules do not compile: {e}"),
    };
    let ctx = ScanContext::default();
    let (mut tp, mut fp, mut fn_, mut tn) = (0u32, 0u32, 0u32, 0u32);
    let mut mistakes = Vec::new();
    for (number, line) in CORPUS.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((label, sentence)) = line.split_once('\t') else {
            panic!("line {}: expected label TAB sentence", number + 1);
        };
        let blameful = match label {
            "blameful" => true,
            "blameless" => false,
            other => panic!("line {}: unknown label {other:?}", number + 1),
        };
        let hits = rules.scan_narrative(sentence, &ctx);
        let flagged = hits.iter().any(|h| h.rule.starts_with("blame/"));
        match (blameful, flagged) {
            (true, true) => tp += 1,
            (false, true) => {
                fp += 1;
                mistakes.push(format!(
                    "false alarm: {sentence}  {:?}",
                    hits.iter()
                        .map(|h| (&h.rule, &sentence[h.start..h.end]))
                        .collect::<Vec<_>>()
                ));
            }
            (true, false) => {
                fn_ += 1;
                mistakes.push(format!("missed: {sentence}"));
            }
            (false, false) => tn += 1,
        }
    }
    let precision = f64::from(tp) / f64::from((tp + fp).max(1));
    let recall = f64::from(tp) / f64::from((tp + fn_).max(1));
    println!(
        "blameless corpus: {} sentences, precision {precision:.3}, recall {recall:.3} (tp {tp}, fp {fp}, fn {fn_}, tn {tn})",
        tp + fp + fn_ + tn
    );
    for mistake in &mistakes {
        println!("  {mistake}");
    }
    assert!(
        tp + fp + fn_ + tn >= 150,
        "the corpus needs at least 150 sentences"
    );
    assert!(precision >= 0.9, "precision {precision:.3} below 0.9");
    assert!(recall >= 0.85, "recall {recall:.3} below 0.85");
}
