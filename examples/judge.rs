//! Prints the blame findings of each line of standard input (or of the arguments): a
//! quick look at how the wording rules read a sentence.
//!
//!     cargo run --example judge -- "Bob's change took down checkout."

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
    if lines.is_empty() {
        lines = std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .collect();
    }
    for line in lines {
        let hits = rules.scan_narrative(&line, &ctx);
        println!("{line}");
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
