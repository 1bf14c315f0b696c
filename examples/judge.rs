//! Prints the blame findings of each line of standard input (or of the arguments): a
//! quick look at how the wording rules read a sentence.
//!
//!     cargo run --example judge -- "Bob's change took down checkout."
//!     cargo run --example judge -- --encoder "Bob's change took down checkout."
//!
//! With `--encoder` the learned reader (`lint.encoder`) reads beside the rules.

use std::io::BufRead;

use whys::wording::{RuleSet, ScanContext};

fn main() {
    let rules = match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(e) => {
            eprintln!("the built-in rules do not compile: {e}");
            std::process::exit(2);
        }
    };
    let ctx = ScanContext::default();
    let mut lines: Vec<String> = std::env::args().skip(1).collect();
    let rules = if lines.first().is_some_and(|a| a == "--encoder") {
        lines.remove(0);
        match rules.with_encoder(true) {
            Ok(rules) => rules,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        }
    } else {
        rules
    };
    if lines.is_empty() {
        lines = std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .collect();
    }
    let encoder = rules
        .has_encoder()
        .then(whys::wording::builtin_encoder)
        .and_then(Result::ok);
    for line in lines {
        let hits = rules.scan_narrative(&line, &ctx);
        println!("{line}");
        if let Some(encoder) = encoder {
            println!(
                "  learned reader: {:.3} as prose, {:.3} as a 5-Whys answer",
                whys::wording::learned_probability(encoder, &line, false),
                whys::wording::learned_probability(encoder, &line, true)
            );
        }
        for hit in hits {
            println!("  {} {}", hit.rule, hit.message);
            if let Some(rewrite) = hit.rewrite {
                println!("    -> {rewrite}");
            }
        }
        if let Some(hit) = rules.ends_at_person(&line, &ctx) {
            println!("  [as last because] {} {}", hit.rule, hit.message);
        }
    }
}
