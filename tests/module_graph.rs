//! The library's top-level modules must form a graph without cycles: each stage of the
//! pipeline (see `src/lib.rs`) may use the stages before it, never one after it.
//!
//! The test reads `src/` (the library; `src/cli/` and `src/main.rs` are the binary) and finds
//! every `crate::<module>` path and `use crate::{a, b}` group (a `super::` path never leaves
//! a top-level module in `src/`). Comments are ignored: an intra-doc link is not a dependency.
//!
//! To see the graph: `cargo test --test module_graph -- --nocapture`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under `src/`: `src/check/mod.rs` is `["check"]`,
/// `src/check/time_rules.rs` is `["check", "time_rules"]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

/// The code of a file without its comments (line, doc and block comments); string contents
/// stay, which is harmless: no string in `src/` spells `crate::`.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    while i < bytes.len() {
        if depth > 0 {
            if bytes[i..].starts_with(b"*/") {
                depth -= 1;
                i += 2;
            } else if bytes[i..].starts_with(b"/*") {
                depth += 1;
                i += 2;
            } else {
                i += 1;
            }
        } else if bytes[i..].starts_with(b"//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if bytes[i..].starts_with(b"/*") {
            depth = 1;
            i += 2;
        } else {
            out.push(bytes[i] as char);
            i += 1;
        }
    }
    out
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn insert_first_segment(item: &str, found: &mut BTreeSet<String>) {
    let first = item.trim().split("::").next().unwrap_or("").trim();
    if !first.is_empty() && first.bytes().all(is_ident) && first != "self" {
        found.insert(first.to_owned());
    }
}

/// The top-level modules the code refers to.
fn references(code: &str) -> BTreeSet<String> {
    let bytes = code.as_bytes();
    let mut found = BTreeSet::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !is_ident(bytes[i - 1]);
        if starts_word && bytes[i..].starts_with(b"crate::") {
            i += "crate::".len();
            if bytes.get(i) == Some(&b'{') {
                // `crate::{a, b::{c, d}, e}`: the first segment of each top-level item.
                let mut nesting = 0usize;
                let mut item = String::new();
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'{' => nesting += 1,
                        b'}' if nesting == 0 => break,
                        b'}' => nesting -= 1,
                        b',' if nesting == 0 => {
                            insert_first_segment(&item, &mut found);
                            item.clear();
                        }
                        b => {
                            if nesting == 0 {
                                item.push(b as char);
                            }
                        }
                    }
                    i += 1;
                }
                insert_first_segment(&item, &mut found);
            } else {
                let start = i;
                while i < bytes.len() && is_ident(bytes[i]) {
                    i += 1;
                }
                found.insert(code[start..i].to_owned());
            }
        } else if starts_word && bytes[i..].starts_with(b"super::") {
            // Each `super::` climbs one module. From a nested file it stays inside the
            // top-level module; from a top-level file's own code it could reach a sibling,
            // but every such `super::` in `src/` is written inside an inline module
            // (`mod tests`), so it stays inside too: not an edge between modules.
            while bytes[i..].starts_with(b"super::") {
                i += "super::".len();
            }
        } else {
            i += 1;
        }
    }
    found
}

fn library_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src/");
        let here = module_path(rel);
        let Some(top) = here.first().cloned() else {
            continue; // lib.rs: the crate root declares the modules.
        };
        if top == "main" || top == "cli" {
            continue; // The binary, a crate of its own.
        }
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        let targets = graph.entry(top.clone()).or_default();
        for target in references(&strip_comments(&text)) {
            if target != top && !["Error", "Result"].contains(&target.as_str()) {
                targets.insert(target);
            }
        }
    }
    // `crate::Error` and `crate::Result` are re-exports of `error`.
    graph
}

/// A cycle of the graph, if it has one (depth-first search, three colours).
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), 1);
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                0 => {
                    if let Some(cycle) = visit(next, graph, state, stack) {
                        return Some(cycle);
                    }
                }
                1 => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(cycle) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}

fn render(graph: &Graph) -> String {
    graph
        .iter()
        .map(|(module, uses)| {
            let uses: Vec<&str> = uses.iter().map(String::as_str).collect();
            format!("{module:>12} -> {}\n", uses.join(", "))
        })
        .collect()
}

#[test]
fn top_level_modules_have_no_cycles() {
    let graph = library_graph();
    println!(
        "The library's modules and the modules each uses:\n{}",
        render(&graph)
    );
    assert!(graph.len() > 10, "found too few modules in src/: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "the module graph has a cycle: {}\n\n{}",
            cycle.join(" -> "),
            render(&graph)
        );
    }
}

/// The modules as `src/lib.rs` lists them in its documentation, in pipeline order.
fn documented_order() -> Vec<String> {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("reading src/lib.rs");
    lib.lines()
        .filter_map(|line| line.strip_prefix("//! - [`"))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn lib_rs_lists_every_module_in_pipeline_order() {
    let graph = library_graph();
    let order = documented_order();
    let place = |m: &str| order.iter().position(|o| o == m);
    for module in graph.keys() {
        assert!(
            place(module).is_some(),
            "src/lib.rs does not document `{module}` (it lists {order:?})"
        );
    }
    for (module, uses) in &graph {
        for used in uses {
            assert!(
                place(used) < place(module),
                "`{module}` uses `{used}`, which src/lib.rs lists after it: {order:?}\n\n{}",
                render(&graph)
            );
        }
    }
}

#[test]
fn check_does_not_reach_into_the_archive() {
    // Commit authors reach `check` as data (a roster) through a parameter.
    let graph = library_graph();
    let check = graph.get("check").expect("a `check` module");
    assert!(!check.contains("archive"), "check uses archive: {check:?}");
}

#[test]
fn the_reader_sees_groups_and_skips_comments() {
    let code = strip_comments(
        "use crate::{record::Record, settings};\n/// see [`crate::output`]\nuse super::super::stats::x; use crate::{report::{a, b}, self};\n/* crate::cli */ let _ = crate::fsutil::f();",
    );
    let found = references(&code);
    let expected: BTreeSet<String> = ["record", "settings", "fsutil", "report"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(found, expected);
    let cyclic: Graph = [
        ("a".to_owned(), ["b".to_owned()].into()),
        ("b".to_owned(), ["a".to_owned()].into()),
    ]
    .into();
    assert_eq!(
        find_cycle(&cyclic),
        Some(vec!["a".to_owned(), "b".to_owned(), "a".to_owned()])
    );
}
