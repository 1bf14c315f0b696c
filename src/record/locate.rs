//! Where a value stands in its YAML file.
//!
//! The fast parse (`yaml_serde`) keeps no positions on values. When a file has something to
//! report, it is read a second time with `saphyr-parser`, which gives every event its span,
//! into a small tree of nodes with positions. Findings name a field path such as
//! `whys[2].because`; this module turns that path into a line and column. The tree is also
//! what the structural checks walk when the typed parse fails, so they can report every
//! unknown or missing field at once.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

pub use crate::diagnostic::{Position, Span};

/// The span of a parser event, with 1-based columns.
fn span_of(span: &saphyr_parser::Span) -> Span {
    Span {
        start: Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        },
        end: Position {
            line: span.end.line(),
            column: span.end.col() + 1,
        },
    }
}

/// A YAML node with its place in the file. Aliases are kept as aliases, never expanded, so a
/// "billion laughs" file costs no more than its own size here.
#[derive(Debug, Clone)]
pub struct Node {
    pub span: Span,
    pub value: NodeValue,
}

#[derive(Debug, Clone)]
pub enum NodeValue {
    Scalar { text: String, plain: bool },
    Sequence(Vec<Node>),
    Mapping(Vec<MapEntry>),
    Alias,
}

#[derive(Debug, Clone)]
pub struct MapEntry {
    /// The key's text; a non-scalar key (rare, never valid in a record) is shown as `?`.
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// How a scalar would be read by a YAML 1.2 core-schema parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    Null,
    Bool,
    Integer,
    Float,
    String,
}

impl Node {
    pub fn scalar_kind(&self) -> Option<ScalarKind> {
        match &self.value {
            NodeValue::Scalar { text, plain: true } => Some(plain_scalar_kind(text)),
            NodeValue::Scalar { plain: false, .. } => Some(ScalarKind::String),
            _ => None,
        }
    }

    /// A short name of what this node is, for messages ("a list", "a number").
    pub fn describe(&self) -> &'static str {
        match &self.value {
            NodeValue::Sequence(_) => "a list",
            NodeValue::Mapping(_) => "a mapping",
            NodeValue::Alias => "an alias",
            NodeValue::Scalar { .. } => match self.scalar_kind() {
                Some(ScalarKind::Null) => "empty (null)",
                Some(ScalarKind::Bool) => "a boolean",
                Some(ScalarKind::Integer) => "a whole number",
                Some(ScalarKind::Float) => "a number",
                _ => "a text",
            },
        }
    }

    pub fn as_scalar(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
}

fn plain_scalar_kind(text: &str) -> ScalarKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => ScalarKind::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => ScalarKind::Bool,
        _ if text.parse::<i64>().is_ok() => ScalarKind::Integer,
        _ if text.parse::<f64>().is_ok() && text.chars().any(|c| c.is_ascii_digit()) => {
            ScalarKind::Float
        }
        _ => ScalarKind::String,
    }
}

/// A YAML syntax error, placed.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub position: Position,
    pub message: String,
}

/// Nesting deeper than this is refused: no record needs it, and a hostile file could use it
/// to exhaust the stack of whatever walks the tree.
pub const MAX_DEPTH: usize = 64;

enum Frame {
    Seq(Span, Vec<Node>),
    Map {
        span: Span,
        entries: Vec<MapEntry>,
        pending_key: Option<(String, Span)>,
    },
}

/// Reads the first YAML document of `src` into a tree with positions.
pub fn parse_tree(src: &str) -> Result<Option<Node>, SyntaxError> {
    let mut parser = Parser::new_from_str(src);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    // Inside a non-scalar mapping key we skip nodes until the key is closed.
    let mut skipping_key_depth = 0usize;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| SyntaxError {
            position: Position {
                line: e.marker().line(),
                column: e.marker().col() + 1,
            },
            message: e.info().to_owned(),
        })?;
        let span = span_of(&span);
        if skipping_key_depth > 0 {
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => skipping_key_depth += 1,
                Event::SequenceEnd | Event::MappingEnd => {
                    skipping_key_depth -= 1;
                }
                _ => {}
            }
            continue;
        }
        let completed = match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => continue,
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::Scalar(text, style, _, _) => Node {
                span,
                value: NodeValue::Scalar {
                    text: text.into_owned(),
                    plain: style == ScalarStyle::Plain,
                },
            },
            Event::Alias(_) => Node {
                span,
                value: NodeValue::Alias,
            },
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if let Some(Frame::Map {
                    pending_key: None, ..
                }) = stack.last()
                {
                    // A list or mapping used as a key: no record has one; skip it whole.
                    if let Some(Frame::Map { pending_key, .. }) = stack.last_mut() {
                        *pending_key = Some(("?".to_owned(), span));
                    }
                    skipping_key_depth = 1;
                    continue;
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        position: span.start,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq(span, Vec::new())
                } else {
                    Frame::Map {
                        span,
                        entries: Vec::new(),
                        pending_key: None,
                    }
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(start, items)) => Node {
                    span: Span {
                        start: start.start,
                        end: span.end,
                    },
                    value: NodeValue::Sequence(items),
                },
                _ => continue,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    span: start,
                    entries,
                    ..
                }) => Node {
                    span: Span {
                        start: start.start,
                        end: span.end,
                    },
                    value: NodeValue::Mapping(entries),
                },
                _ => continue,
            },
        };
        match stack.last_mut() {
            None => {
                root = Some(completed);
                // Only the first document is a record.
                break;
            }
            Some(Frame::Seq(_, items)) => items.push(completed),
            Some(Frame::Map {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => {
                    let key = completed.as_scalar().unwrap_or("?").to_owned();
                    *pending_key = Some((key, completed.span));
                }
                Some((key, key_span)) => entries.push(MapEntry {
                    key,
                    key_span,
                    value: completed,
                }),
            },
        }
    }
    Ok(root)
}

/// Where the second YAML document of `src` starts, if there is one.
pub fn second_document(src: &str) -> Option<Position> {
    let mut parser = Parser::new_from_str(src);
    let mut documents = 0;
    while let Some(Ok((event, span))) = parser.next_event() {
        if let Event::DocumentStart(_) = event {
            documents += 1;
            if documents == 2 {
                return Some(span_of(&span).start);
            }
        }
    }
    None
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits `whys[2].because` into `whys`, `2`, `because`.
pub fn split_path(path: &str) -> Vec<PathStep<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            steps.push(PathStep::Key(name));
        }
        // A key may itself hold brackets ("a]]b[["): only "[n]" is an index, and nothing
        // else may be sliced as if it were one.
        while let Some(close) = rest.find(']') {
            if let Some(Ok(i)) = rest[..close].strip_prefix('[').map(str::parse) {
                steps.push(PathStep::Index(i));
            }
            rest = &rest[close + 1..];
        }
    }
    steps
}

/// Appends a key to a field path.
pub fn join_key(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_owned()
    } else {
        format!("{base}.{key}")
    }
}

/// Where each field of a file stands.
#[derive(Debug, Default)]
pub struct SourceMap {
    root: Option<Node>,
}

/// A located field: the span of its value, and of its key where it has one.
#[derive(Debug, Clone, Copy)]
pub struct Located {
    pub value: Span,
    pub key: Option<Span>,
    /// False when the path was not found whole and this is its nearest ancestor.
    pub exact: bool,
}

impl SourceMap {
    pub fn new(src: &str) -> Result<SourceMap, SyntaxError> {
        Ok(SourceMap {
            root: parse_tree(src)?,
        })
    }

    pub fn from_tree(root: Option<Node>) -> SourceMap {
        SourceMap { root }
    }

    pub fn root(&self) -> Option<&Node> {
        self.root.as_ref()
    }

    /// Finds a field path, or the nearest ancestor that exists (a missing field is reported
    /// at the mapping that should hold it).
    pub fn locate(&self, path: &str) -> Option<Located> {
        let mut node = self.root.as_ref()?;
        let mut key_span = None;
        for step in split_path(path) {
            let next = match (&node.value, step) {
                (NodeValue::Mapping(entries), PathStep::Key(k)) => entries
                    .iter()
                    .find(|e| e.key == k)
                    .map(|e| (&e.value, Some(e.key_span))),
                (NodeValue::Sequence(items), PathStep::Index(i)) => items.get(i).map(|n| (n, None)),
                _ => None,
            };
            match next {
                Some((n, k)) => {
                    node = n;
                    key_span = k;
                }
                None => {
                    return Some(Located {
                        value: node.span,
                        key: key_span,
                        exact: false,
                    })
                }
            }
        }
        Some(Located {
            value: node.span,
            key: key_span,
            exact: true,
        })
    }

    /// Every (path, key span) pair whose key occurs twice in the same mapping: the last one
    /// must not silently win.
    pub fn duplicate_keys(&self) -> Vec<(String, Span)> {
        fn walk(node: &Node, path: &str, out: &mut Vec<(String, Span)>) {
            match &node.value {
                NodeValue::Mapping(entries) => {
                    let mut seen: HashMap<&str, ()> = HashMap::new();
                    for e in entries {
                        let child = join_key(path, &e.key);
                        if seen.insert(&e.key, ()).is_some() {
                            out.push((child.clone(), e.key_span));
                        }
                        walk(&e.value, &child, out);
                    }
                }
                NodeValue::Sequence(items) => {
                    for (i, n) in items.iter().enumerate() {
                        walk(n, &format!("{path}[{i}]"), out);
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        if let Some(root) = &self.root {
            walk(root, "", &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "id: x\ntimes:\n  started: 2025-01-01T00:00:00Z\nwhys:\n  - why: a?\n    because: b\n  - why: c?\n    because: d\n";

    #[test]
    fn paths_resolve_to_value_positions() {
        let map = SourceMap::new(DOC).unwrap();
        let l = map.locate("times.started").unwrap();
        assert!(l.exact);
        assert_eq!(
            l.value.start,
            Position {
                line: 3,
                column: 12
            }
        );
        assert_eq!(l.key.unwrap().start, Position { line: 3, column: 3 });
        let l = map.locate("whys[1].because").unwrap();
        assert_eq!(
            l.value.start,
            Position {
                line: 8,
                column: 14
            }
        );
    }

    #[test]
    fn a_missing_field_points_at_its_parent() {
        let map = SourceMap::new(DOC).unwrap();
        let l = map.locate("times.resolved").unwrap();
        assert!(!l.exact);
        assert_eq!(l.value.start.line, 3);
    }

    #[test]
    fn duplicate_keys_are_found_where_the_second_stands() {
        let map = SourceMap::new("id: a\ntitle: t\nid: b\n").unwrap();
        let d = map.duplicate_keys();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, "id");
        assert_eq!(d[0].1.start, Position { line: 3, column: 1 });
    }

    #[test]
    fn path_splitting() {
        assert_eq!(
            split_path("whys[2].because"),
            vec![
                PathStep::Key("whys"),
                PathStep::Index(2),
                PathStep::Key("because")
            ]
        );
    }

    #[test]
    fn a_key_with_brackets_is_split_without_a_panic() {
        // Found by the record_check fuzz target: a key "[=0 ]][[?" made `rest` start
        // with "]", and the index was sliced from byte 1 to byte 0.
        assert_eq!(
            split_path("k[=0 ]][[?.x[1]"),
            vec![PathStep::Key("k"), PathStep::Key("x"), PathStep::Index(1)]
        );
        assert_eq!(split_path("]]"), vec![PathStep::Key("]]")]);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(10_000);
        let err = parse_tree(&deep).unwrap_err();
        assert!(
            err.message.contains("nesting") || err.message.contains("recursion"),
            "{}",
            err.message
        );
    }

    #[test]
    fn aliases_are_not_expanded() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
        let map = SourceMap::new(bomb).unwrap();
        assert!(map.locate("c[3]").unwrap().exact);
    }
}
