//! SARIF 2.1.0: one run, the rules that fired, one result per finding.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::{display_path, unsupported, Output, Report};
use crate::check::{catalogue, CheckRun};
use crate::diagnostic::{FileReport, Severity};

#[derive(Default)]
pub struct Sarif {
    results: Vec<Value>,
    /// Rule id to its index in `tool.driver.rules`, in order of first use.
    rules: BTreeMap<String, usize>,
    rule_list: Vec<Value>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

impl Sarif {
    fn rule_index(&mut self, id: &str, severity: Severity) -> usize {
        if let Some(i) = self.rules.get(id) {
            return *i;
        }
        let info = catalogue::find(id);
        let mut rule = json!({
            "id": id,
            "shortDescription": { "text": info.map(|r| r.summary).unwrap_or(id) },
            "defaultConfiguration": { "level": level(info.map(|r| r.level).unwrap_or(severity)) },
        });
        if let Some(info) = info {
            rule["fullDescription"] = json!({ "text": info.rationale });
            rule["help"] = json!({ "text": info.rationale });
        }
        let index = self.rule_list.len();
        self.rule_list.push(rule);
        self.rules.insert(id.to_owned(), index);
        index
    }
}

/// The file as a URI reference, as SARIF requires (`artifactLocation.uri`): relative to the
/// current folder when inside it, else a `file://` URI; characters a URI cannot hold
/// (spaces, non-ASCII, `%`, `#`, `?`, `:`) percent-encoded, so code-scanning services accept it.
pub fn artifact_uri(path: &std::path::Path) -> String {
    let shown = display_path(path).to_string_lossy().replace('\\', "/");
    let absolute = shown.starts_with('/') || shown.as_bytes().get(1) == Some(&b':');
    let encoded: String = shown
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    match (absolute, encoded.starts_with('/')) {
        (false, _) => encoded,
        (true, true) => format!("file://{encoded}"),
        // A Windows drive path: `C%3A/x` becomes `file:///C:/x`.
        (true, false) => format!("file:///{}", encoded.replacen("%3A", ":", 1)),
    }
}

impl Report for Sarif {
    fn file(&mut self, _: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        let uri = artifact_uri(&file.path);
        for f in &file.findings {
            let index = self.rule_index(&f.rule, f.severity);
            let mut text = f.message.clone();
            if let Some(s) = &f.suggestion {
                text.push_str(" (help: ");
                text.push_str(s);
                text.push(')');
            }
            let mut location =
                json!({ "physicalLocation": { "artifactLocation": { "uri": uri } } });
            if let Some(span) = f.span {
                let mut region =
                    json!({ "startLine": span.start.line, "startColumn": span.start.column });
                if span.end > span.start {
                    region["endLine"] = json!(span.end.line);
                    region["endColumn"] = json!(span.end.column);
                }
                location["physicalLocation"]["region"] = region;
            }
            if let Some(field) = &f.field {
                location["logicalLocations"] =
                    json!([{ "fullyQualifiedName": field, "kind": "member" }]);
            }
            self.results.push(json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [location],
            }));
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _: &CheckRun) -> io::Result<()> {
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "whys",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://crates.io/crates/whys",
                    "rules": self.rule_list,
                }},
                "results": self.results,
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }

    fn value(&mut self, _: &mut dyn Write, _: &Output<'_>) -> io::Result<()> {
        Err(unsupported("SARIF"))
    }
}

#[cfg(test)]
mod tests {
    use super::artifact_uri;
    use std::path::Path;

    #[test]
    fn uris_are_encoded_references() {
        assert_eq!(
            artifact_uri(Path::new("postmortems/2025 q4/a#1.yaml")),
            "postmortems/2025%20q4/a%231.yaml"
        );
        assert_eq!(artifact_uri(Path::new("ü:x.yaml")), "%C3%BC%3Ax.yaml");
        assert_eq!(
            artifact_uri(Path::new("/nowhere/in particular.yaml")),
            "file:///nowhere/in%20particular.yaml"
        );
    }
}
