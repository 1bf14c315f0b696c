//! The JSON Schema of `whys/v1`, generated from the Rust types, and a structural walk of a
//! YAML tree against it.
//!
//! The typed parse stops at its first error. When it fails, the walk below reports every
//! unknown field (with a "did you mean"), every missing required field and every value of
//! the wrong shape, each at its own line, from the same schema that editors complete with.

use std::sync::OnceLock;

use serde_json::Value as Json;

use super::locate::{join_key, Node, NodeValue, ScalarKind};
use super::time::{Day, Timestamp, NO_OFFSET_MARK};
use super::Record;
use crate::diagnostic::{Finding, Severity};

/// The schema as a JSON value (draft 2020-12).
pub fn record_schema() -> &'static Json {
    static SCHEMA: OnceLock<Json> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let schema = schemars::schema_for!(Record);
        serde_json::to_value(schema).unwrap_or(Json::Null)
    })
}

/// Pretty JSON of the schema, for `whys schema` and editors.
pub fn record_schema_json() -> String {
    serde_json::to_string_pretty(record_schema()).unwrap_or_default()
}

/// Closest candidate to `word`, if it is close enough to be what was meant.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if word.chars().count() < 3 {
        return None;
    }
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Walks `root` against the record schema and returns every structural finding.
pub fn structural_findings(root: &Node) -> Vec<Finding> {
    let schema = record_schema();
    let mut out = Vec::new();
    Walker {
        root: schema,
        out: &mut out,
    }
    .walk(root, schema, "", 0);
    out
}

struct Walker<'s, 'o> {
    root: &'s Json,
    out: &'o mut Vec<Finding>,
}

impl<'s> Walker<'s, '_> {
    fn resolve(&self, mut schema: &'s Json) -> &'s Json {
        // `$ref: "#/$defs/Name"`; a few hops at most.
        for _ in 0..8 {
            match schema.get("$ref").and_then(Json::as_str) {
                Some(r) => match r.strip_prefix("#/").map(|p| p.split('/')) {
                    Some(parts) => {
                        let mut target = self.root;
                        for p in parts {
                            target = target.get(p).unwrap_or(&Json::Null);
                        }
                        schema = target;
                    }
                    None => return schema,
                },
                None => return schema,
            }
        }
        schema
    }

    fn walk(&mut self, node: &Node, schema: &'s Json, path: &str, depth: usize) {
        let schema = self.resolve(schema);
        if depth > super::locate::MAX_DEPTH || matches!(node.value, NodeValue::Alias) {
            // An alias stands for a node already checked where its anchor is.
            return;
        }
        let branches = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array);
        if let Some(branches) = branches {
            self.walk_alternatives(node, branches, path, depth);
            return;
        }
        if let Some(allowed) = schema.get("enum").and_then(Json::as_array) {
            let names: Vec<&str> = allowed.iter().filter_map(Json::as_str).collect();
            self.check_choice(node, &names, path);
            return;
        }
        let types: Vec<&str> = match schema.get("type") {
            Some(Json::String(t)) => vec![t.as_str()],
            Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
            _ => return,
        };
        if types.contains(&"null") && node.scalar_kind() == Some(ScalarKind::Null) {
            return;
        }
        if types.contains(&"object") {
            if let NodeValue::Mapping(entries) = &node.value {
                self.walk_object(node, entries, schema, path, depth);
                return;
            }
        } else if types.contains(&"array") {
            if let NodeValue::Sequence(items) = &node.value {
                let item_schema = schema.get("items").unwrap_or(&Json::Null);
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, item_schema, &format!("{path}[{i}]"), depth + 1);
                }
                return;
            }
        } else if types.contains(&"string") {
            if let NodeValue::Scalar { text, .. } = &node.value {
                if node.scalar_kind() != Some(ScalarKind::Null) {
                    self.check_format(node, text, schema, path);
                    return;
                }
            }
        } else if types.contains(&"integer") {
            if node.scalar_kind() == Some(ScalarKind::Integer) {
                let negative = node
                    .as_scalar()
                    .is_some_and(|t| t.trim_start().starts_with('-'));
                if negative && schema.get("minimum").is_some() {
                    self.push(
                        Finding::new(
                            "record/type",
                            Severity::Error,
                            Some(path),
                            format!("`{path}` cannot be negative"),
                        )
                        .at(node.span),
                    );
                }
                return;
            }
        } else if types.contains(&"boolean") && node.scalar_kind() == Some(ScalarKind::Bool) {
            return;
        }
        let expected = describe_types(&types);
        let mut finding = Finding::new(
            "record/type",
            Severity::Error,
            (!path.is_empty()).then_some(path),
            format!(
                "{} should be {expected}, found {}",
                path_or_record(path),
                node.describe()
            ),
        )
        .at(node.span);
        if types.contains(&"integer") {
            if let Some(digits) = node.as_scalar().and_then(without_separators) {
                finding = finding.suggest(format!(
                    "write the number without separators: `{digits}` (YAML reads `{}` as text)",
                    node.as_scalar().unwrap_or_default()
                ));
            }
        }
        self.push(finding);
    }

    fn walk_alternatives(&mut self, node: &Node, branches: &'s [Json], path: &str, depth: usize) {
        // Unit enums with docs come out as `oneOf` of `const`s.
        let consts: Vec<&str> = branches
            .iter()
            .filter_map(|b| self.resolve(b).get("const").and_then(Json::as_str))
            .collect();
        if !consts.is_empty() && consts.len() == branches.len() {
            self.check_choice(node, &consts, path);
            return;
        }
        let non_null: Vec<&Json> = branches
            .iter()
            .filter(|b| self.resolve(b).get("type").and_then(Json::as_str) != Some("null"))
            .collect();
        if node.scalar_kind() == Some(ScalarKind::Null) && non_null.len() < branches.len() {
            return;
        }
        // Keep the findings of the first branch that fits; if none fits, those of the first.
        let mut first: Option<Vec<Finding>> = None;
        for branch in &non_null {
            let mut trial = Vec::new();
            Walker {
                root: self.root,
                out: &mut trial,
            }
            .walk(node, branch, path, depth);
            if trial.is_empty() {
                return;
            }
            first.get_or_insert(trial);
        }
        if non_null.len() > 1 {
            self.push(
                Finding::new(
                    "record/type",
                    Severity::Error,
                    Some(path),
                    format!(
                        "`{path}` should be a text or a list of texts, found {}",
                        node.describe()
                    ),
                )
                .at(node.span),
            );
        } else if let Some(found) = first {
            self.out.extend(found);
        }
    }

    fn walk_object(
        &mut self,
        node: &Node,
        entries: &[super::locate::MapEntry],
        schema: &'s Json,
        path: &str,
        depth: usize,
    ) {
        static EMPTY: OnceLock<serde_json::Map<String, Json>> = OnceLock::new();
        let properties = schema
            .get("properties")
            .and_then(Json::as_object)
            .unwrap_or_else(|| EMPTY.get_or_init(serde_json::Map::new));
        let closed = schema.get("additionalProperties") == Some(&Json::Bool(false));
        for entry in entries {
            let child = join_key(path, &entry.key);
            match properties.get(&entry.key) {
                Some(prop) => self.walk(&entry.value, prop, &child, depth + 1),
                None if closed => {
                    let mut f = Finding::new(
                        "record/unknown-field",
                        Severity::Error,
                        Some(&child),
                        format!("unknown field `{}`{}", entry.key, in_where(path)),
                    )
                    .at(entry.key_span);
                    let dashed = entry
                        .key
                        .strip_prefix('-')
                        .filter(|k| properties.contains_key(*k));
                    f = match did_you_mean(&entry.key, properties.keys().map(String::as_str)) {
                        // `-title:` is a list item that lost the space after its dash.
                        Some(m) if dashed.is_some() => f.suggest(format!(
                            "a list item needs a space after `-`: write `- {m}:`; or, if this is not a list, `{m}:`"
                        )),
                        Some(m) => f.suggest(format!("did you mean `{m}`?")),
                        None => f.suggest(format!(
                            "the fields here are: {}",
                            properties
                                .keys()
                                .map(String::as_str)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    };
                    self.push(f);
                }
                None => {}
            }
        }
        if let Some(required) = schema.get("required").and_then(Json::as_array) {
            for name in required.iter().filter_map(Json::as_str) {
                if !entries.iter().any(|e| e.key == name) {
                    let child = join_key(path, name);
                    self.push(
                        Finding::new(
                            "record/missing-field",
                            Severity::Error,
                            Some(&child),
                            format!("missing required field `{name}`{}", in_where(path)),
                        )
                        .at(node.span),
                    );
                }
            }
        }
    }

    fn check_choice(&mut self, node: &Node, allowed: &[&str], path: &str) {
        let text = node.as_scalar().unwrap_or_default();
        if node.as_scalar().is_some() && allowed.contains(&text) {
            return;
        }
        let shown = if node.as_scalar().is_some() {
            format!("`{text}`")
        } else {
            node.describe().to_owned()
        };
        let mut f = Finding::new(
            "record/type",
            Severity::Error,
            Some(path),
            format!(
                "{shown} is not a valid `{}`; expected one of: {}",
                last_key(path),
                allowed.join(", ")
            ),
        )
        .at(node.span);
        if let Some(m) = did_you_mean(&text.to_lowercase(), allowed.iter().copied()) {
            f = f.suggest(format!("did you mean `{m}`?"));
        }
        self.push(f);
    }

    fn check_format(&mut self, node: &Node, text: &str, schema: &Json, path: &str) {
        let problem = match schema.get("format").and_then(Json::as_str) {
            Some("date-time") => Timestamp::parse(text).err(),
            Some("date") => Day::parse(text).err(),
            _ => None,
        };
        if let Some(message) = problem {
            let rule = if message.starts_with(NO_OFFSET_MARK) {
                "times/no-offset"
            } else {
                "times/format"
            };
            self.push(
                Finding::new(
                    rule,
                    Severity::Error,
                    Some(path),
                    format!("`{path}`: {message}"),
                )
                .at(node.span),
            );
        }
    }

    fn push(&mut self, f: Finding) {
        self.out.push(f);
    }
}

/// `18,400`, `18 400`, `18_400` or `18'400` as the digits a whole number needs, when the
/// text is a number written with thousands separators.
fn without_separators(text: &str) -> Option<String> {
    let text = text.trim();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let only_separators = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '_' | ' ' | '\'' | '.'));
    let groups: Vec<&str> = text.split([',', '_', ' ', '\'', '.']).collect();
    let grouped = groups.len() > 1
        && !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3);
    (only_separators && grouped && !digits.is_empty()).then_some(digits)
}

fn describe_types(types: &[&str]) -> String {
    let names: Vec<&str> = types
        .iter()
        .filter(|t| **t != "null")
        .map(|t| match *t {
            "object" => "a mapping of fields",
            "array" => "a list",
            "string" => "a text",
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "true or false",
            other => other,
        })
        .collect();
    names.join(" or ")
}

fn path_or_record(path: &str) -> String {
    if path.is_empty() {
        "the record".to_owned()
    } else {
        format!("`{path}`")
    }
}

fn in_where(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" in `{path}`")
    }
}

fn last_key(path: &str) -> &str {
    let tail = path.rsplit('.').next().unwrap_or(path);
    tail.split('[').next().unwrap_or(tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled records point editors at `whys.schema.json`; it must be the schema the
    /// code generates. Regenerate with `cargo run -- schema > whys.schema.json`.
    #[test]
    fn the_committed_schema_file_is_current() {
        let committed = include_str!("../../whys.schema.json");
        assert_eq!(committed.trim_end(), record_schema_json());
    }

    #[test]
    fn numbers_with_thousands_separators_are_recognised() {
        assert_eq!(without_separators("18,400").as_deref(), Some("18400"));
        assert_eq!(without_separators("1 842 000").as_deref(), Some("1842000"));
        assert_eq!(without_separators("18_400").as_deref(), Some("18400"));
        assert_eq!(without_separators("about 18,400"), None);
        assert_eq!(without_separators("18,40"), None);
        assert_eq!(without_separators("1.5"), None);
    }

    #[test]
    fn did_you_mean_needs_a_close_and_long_enough_word() {
        assert_eq!(did_you_mean("titel", ["title", "times"]), Some("title"));
        assert_eq!(did_you_mean("i", ["id"]), None);
        assert_eq!(did_you_mean("zzzzz", ["title"]), None);
    }
}
