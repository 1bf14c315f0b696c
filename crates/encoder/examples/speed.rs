//! Times the forward pass: `cargo run --release -p whys-encoder --example speed -- FILE [LINES]`
//! with FILE an encoder file and LINES a file of sentences (stdin when absent).
use std::io::Read;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: speed ENCODER_FILE [SENTENCES]");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    let encoder = match whys_encoder::Encoder::from_bytes(&bytes) {
        Ok(encoder) => encoder,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let loaded = started.elapsed();
    let mut text = String::new();
    let read = match args.next() {
        Some(file) => std::fs::read_to_string(file).map(|t| text = t),
        None => std::io::stdin().read_to_string(&mut text).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!("{e}");
        std::process::exit(2);
    }
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let started = Instant::now();
    let tokens: usize = lines.iter().map(|l| encoder.tokens(l).len()).sum();
    let sum: f32 = lines.iter().map(|l| encoder.probability(l)).sum();
    let took = started.elapsed();
    println!(
        "loaded in {:.0} ms; {} sentences ({:.1} tokens each) in {:.0} ms: {:.1} ms a sentence (mean probability {:.3})",
        loaded.as_secs_f64() * 1e3,
        lines.len(),
        tokens as f64 / lines.len().max(1) as f64,
        took.as_secs_f64() * 1e3,
        took.as_secs_f64() * 1e3 / lines.len().max(1) as f64,
        sum / lines.len().max(1) as f32
    );
}
