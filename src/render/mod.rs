//! Records rendered through Tera templates: Markdown for the repository, HTML for people, and
//! the whole archive as a static site.
//!
//! # Templates and overrides
//!
//! The built-in templates live in the repository's `templates/` folder and are compiled into
//! the binary, so an installed `whys` renders anywhere. An archive can replace any of them by
//! putting a file with the same name in its own `templates/` folder (for example
//! `templates/record.md.tera` or `templates/site/index.html.tera`): a file there wins over the
//! built-in one of the same name. Other `*.tera` files in that folder are loaded too, so an
//! override can `{% include %}` or `{% extends %}` partials of its own. Files that are not
//! templates (`record.yaml`, `whys.yaml`) are left alone.
//!
//! Templates whose name ends in `.html.tera` or `.svg.tera` are HTML-escaped automatically;
//! values ending in `_html` in the context were made safe by [`cmark`] and are printed with
//! `| safe`.

pub mod cmark;
pub mod escape;
pub mod files;
pub mod links;
pub mod report;
pub mod search;
pub mod signal_chart;
pub mod site;
pub mod svg;
pub mod view;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Tera;

use crate::error::{Error, Result};
use crate::record::Record;
use crate::settings::Archive;
pub use view::RecordView;

/// The built-in templates, by the name an override must use.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    (
        "record.md.tera",
        include_str!("../../templates/record.md.tera"),
    ),
    (
        "record.html.tera",
        include_str!("../../templates/record.html.tera"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
    (
        "site/index.html.tera",
        include_str!("../../templates/site/index.html.tera"),
    ),
    (
        "site/actions.html.tera",
        include_str!("../../templates/site/actions.html.tera"),
    ),
    (
        "site/report.html.tera",
        include_str!("../../templates/site/report.html.tera"),
    ),
    (
        "site/nav.html.tera",
        include_str!("../../templates/site/nav.html.tera"),
    ),
    (
        "site/group.html.tera",
        include_str!("../../templates/site/group.html.tera"),
    ),
    (
        "site/search.html.tera",
        include_str!("../../templates/site/search.html.tera"),
    ),
    (
        "site/pager.html.tera",
        include_str!("../../templates/site/pager.html.tera"),
    ),
    ("site/site.js", include_str!("../../templates/site/site.js")),
    (
        "report/report.md.tera",
        include_str!("../../templates/report/report.md.tera"),
    ),
    (
        "report/report.html.tera",
        include_str!("../../templates/report/report.html.tera"),
    ),
    (
        "report/body.html.tera",
        include_str!("../../templates/report/body.html.tera"),
    ),
    (
        "report/chart.svg.tera",
        include_str!("../../templates/report/chart.svg.tera"),
    ),
    (
        "report/report.css",
        include_str!("../../templates/report/report.css"),
    ),
    (
        "report/actions.md.tera",
        include_str!("../../templates/report/actions.md.tera"),
    ),
];

/// Where an archive keeps its template overrides, relative to its root.
pub const OVERRIDES_DIR: &str = "templates";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }
}

/// Where a loaded template came from, so errors name the file a person can open.
#[derive(Debug, Clone)]
pub enum TemplateOrigin {
    BuiltIn,
    Archive(PathBuf),
}

/// The compiled templates: built-ins with an archive's overrides on top.
pub struct Renderer {
    tera: Tera,
    origins: BTreeMap<String, TemplateOrigin>,
    sources: HashMap<String, String>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("origins", &self.origins)
            .finish()
    }
}

impl Renderer {
    /// Only the templates compiled into `whys`.
    pub fn builtin() -> Result<Renderer> {
        Renderer::with_overrides(None)
    }

    /// The built-ins with the archive's `templates/` folder layered on top.
    pub fn for_archive(archive: &Archive) -> Result<Renderer> {
        Renderer::with_overrides(Some(&archive.root.join(OVERRIDES_DIR)))
    }

    /// The built-ins, with the templates in `dir` (when it exists) winning by name.
    pub fn with_overrides(dir: Option<&Path>) -> Result<Renderer> {
        let mut sources: HashMap<String, String> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let mut origins: BTreeMap<String, TemplateOrigin> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, _)| (name.to_string(), TemplateOrigin::BuiltIn))
            .collect();
        if let Some(dir) = dir.filter(|d| d.is_dir()) {
            for (name, path) in override_files(dir)? {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                sources.insert(name.clone(), text);
                origins.insert(name, TemplateOrigin::Archive(path));
            }
        }
        let mut tera = Tera::default();
        // Tera escapes only `.html`, `.htm` and `.xml` by default; our names end in `.tera`.
        tera.autoescape_on(vec![".html.tera", ".svg.tera"]);
        tera.set_escape_fn(escape::html::text);
        tera.register_filter("md_text", filters::md_text);
        tera.register_filter("mermaid", filters::mermaid);
        tera.register_filter("md_field", filters::md_field);
        tera.register_filter("md_code", filters::md_code);
        tera.register_filter("percent", filters::percent);
        let mut ordered: Vec<(&String, &String)> = sources.iter().collect();
        ordered.sort();
        let renderer_for_errors = Renderer {
            tera: Tera::default(),
            origins: origins.clone(),
            sources: sources.clone(),
        };
        tera.add_raw_templates(ordered.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| renderer_for_errors.template_error(&e))?;
        Ok(Renderer {
            tera,
            origins,
            sources,
        })
    }

    /// Templates the archive replaced or added, with their files.
    pub fn overrides(&self) -> Vec<(&str, &Path)> {
        self.origins
            .iter()
            .filter_map(|(name, origin)| match origin {
                TemplateOrigin::Archive(path) => Some((name.as_str(), path.as_path())),
                TemplateOrigin::BuiltIn => None,
            })
            .collect()
    }

    /// Renders template `name` with `context`.
    pub fn render<T: Serialize>(&self, name: &str, context: &T) -> Result<String> {
        let context =
            tera::Context::from_serialize(context).map_err(|e| self.context_error(name, &e))?;
        self.render_context(name, &context)
    }

    fn context_error(&self, name: &str, e: &tera::Error) -> Error {
        Error::Template {
            file: self.describe(name),
            line: None,
            message: format!("building the template context: {}", error_chain(e)),
        }
    }

    /// Renders template `name` with a context already built.
    pub(crate) fn render_context(&self, name: &str, context: &tera::Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| self.template_error(&e))
    }

    fn describe(&self, name: &str) -> String {
        match self.origins.get(name) {
            Some(TemplateOrigin::Archive(path)) => path.display().to_string(),
            _ => format!("{OVERRIDES_DIR}/{name} (built in)"),
        }
    }

    /// Turns Tera's nested error into one that names the template file and, where it can be
    /// found, the line. Tera puts the useful part ("Variable `x` not found") in the source
    /// chain, under a generic "Failed to render" wrapper; the whole chain is kept.
    fn template_error(&self, err: &tera::Error) -> Error {
        let messages = error_messages(err);
        // The innermost template named wins: "error happened in 'x'" beats "Failed to render 'y'".
        let name = messages
            .iter()
            .flat_map(|m| quoted_names(m))
            .rfind(|n| self.sources.contains_key(n));
        let line = name
            .as_ref()
            .and_then(|n| find_line(&messages, self.sources.get(n)?));
        let message = messages
            .iter()
            .filter(|m| !m.starts_with("Failed to render") && !m.starts_with("Failed to parse"))
            .cloned()
            .collect::<Vec<_>>()
            .join(": ");
        let message = if message.is_empty() {
            messages.join(": ")
        } else {
            message
        };
        Error::Template {
            file: name
                .map(|n| self.describe(&n))
                .unwrap_or_else(|| "templates".into()),
            line,
            message,
        }
    }
}

fn error_messages(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = vec![err.to_string()];
    let mut source = err.source();
    while let Some(cause) = source {
        out.push(cause.to_string());
        source = cause.source();
    }
    out
}

fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    error_messages(err).join(": ")
}

/// Names in single quotes, as Tera writes template names in its messages.
fn quoted_names(message: &str) -> Vec<String> {
    message
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The line an error is on: a parse error says it (` --> 12:5`); a render error names the
/// variable, filter or function in backticks, which is then looked up in the template.
fn find_line(messages: &[String], source: &str) -> Option<usize> {
    for m in messages {
        if let Some(pos) = m.find("--> ") {
            let digits: String = m[pos + 4..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(line) = digits.parse() {
                return Some(line);
            }
        }
    }
    for m in messages {
        for token in m.split('`').skip(1).step_by(2) {
            if token.is_empty() {
                continue;
            }
            if let Some(i) = source.lines().position(|l| l.contains(token)) {
                return Some(i + 1);
            }
        }
    }
    None
}

/// Template files in an archive's override folder: every `*.tera` file, and files named like a
/// built-in (`style.css`, `site/site.js`). Names use `/` whatever the platform.
fn override_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    fn walk(
        dir: &Path,
        prefix: &str,
        depth: usize,
        out: &mut Vec<(String, PathBuf)>,
    ) -> Result<()> {
        if depth > 4 {
            return Ok(());
        }
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            let Some(file_name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            if file_name.starts_with('.') {
                continue;
            }
            let name = format!("{prefix}{file_name}");
            let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if kind.is_dir() {
                walk(&path, &format!("{name}/"), depth + 1, out)?;
            } else if name.ends_with(".tera") || BUILTIN_TEMPLATES.iter().any(|(n, _)| *n == name) {
                out.push((name, path));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, "", 0, &mut out)?;
    out.sort();
    Ok(out)
}

/// Links a record page needs when it is part of the site; absent for `whys render`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SiteLinks {
    /// From the page to the site's root, e.g. `../`.
    pub root: String,
    /// The record's tickets that the tracker pattern (`tracker.ticket_url`) makes links of.
    /// Lists, not maps: Tera cannot look up a key holding a `.` or a quote.
    pub tickets: Vec<NamedLink>,
    /// The page of each of the record's services and tags, from the site's root, in the
    /// record's order.
    pub services: Vec<NamedLink>,
    pub tags: Vec<NamedLink>,
    /// Records that name this one in their `related:`.
    pub referenced_by: Vec<String>,
}

/// A name and where it links to.
#[derive(Debug, Clone, Serialize)]
pub struct NamedLink {
    pub name: String,
    pub href: String,
}

#[derive(Serialize)]
struct RecordPage<'a> {
    #[serde(flatten)]
    view: &'a RecordView<'a>,
    site: Option<&'a SiteLinks>,
}

/// The record as Markdown (what `whys commit` writes beside the YAML).
pub fn markdown(record: &Record, renderer: &Renderer) -> Result<String> {
    let view = RecordView::new(record);
    let text = renderer.render(
        "record.md.tera",
        &RecordPage {
            view: &view,
            site: None,
        },
    )?;
    Ok(tidy_markdown(&text))
}

/// Template whitespace is hard to get exactly right across `if`s, and a committed file should
/// not churn over it: no leading blank lines, at most one blank line in a row outside code
/// fences, and exactly one newline at the end. Trailing spaces stay: in Markdown two of them
/// are a line break the author may have meant.
pub(crate) fn tidy_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    let mut in_fence = false;
    for line in text.trim().lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if line.trim().is_empty() && !in_fence {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(if line.trim().is_empty() { "" } else { line });
        out.push('\n');
    }
    out
}

/// The record as one self-contained HTML page.
pub fn html(record: &Record, renderer: &Renderer) -> Result<String> {
    html_page(record, renderer, None)
}

/// The record's HTML page; inside the site it links back to the index.
pub fn html_page(record: &Record, renderer: &Renderer, site: Option<&SiteLinks>) -> Result<String> {
    html_page_of_view(&RecordView::new(record), renderer, site)
}

/// The HTML page of a view already worked out, for callers that need the view for more
/// than the page (the site's index row).
pub(crate) fn html_page_of_view(
    view: &RecordView<'_>,
    renderer: &Renderer,
    site: Option<&SiteLinks>,
) -> Result<String> {
    renderer.render("record.html.tera", &RecordPage { view, site })
}

/// The record in `format`.
pub fn render(record: &Record, renderer: &Renderer, format: Format) -> Result<String> {
    match format {
        Format::Markdown => markdown(record, renderer),
        Format::Html => html(record, renderer),
    }
}

/// Filters the templates use to write record text safely into Markdown and Mermaid.
mod filters {
    use std::collections::HashMap;

    use tera::{Result, Value};

    use super::escape::markdown;

    fn text_of(value: &Value) -> String {
        match value {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    /// Plain text for a Markdown line or table cell (see [`escape::markdown::text`]).
    pub fn md_text(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
        Ok(Value::String(markdown::text(&text_of(value))))
    }

    /// A text as a Markdown code span (see [`escape::markdown::code`]).
    pub fn md_code(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
        Ok(Value::String(markdown::code(&text_of(value))))
    }

    /// A Markdown field of the record for a `.md` file (see [`escape::markdown::field`]).
    pub fn md_field(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
        Ok(Value::String(markdown::field(&text_of(value))))
    }

    /// A share (0 to 1) as a whole percentage, `42%`; no value is `–`.
    pub fn percent(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
        Ok(Value::String(match value.as_f64() {
            Some(share) => format!("{:.0}%", share * 100.0),
            None => "–".to_owned(),
        }))
    }

    /// A node label inside `["..."]` of a Mermaid flowchart (see
    /// [`escape::markdown::mermaid_label`]).
    pub fn mermaid(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
        Ok(Value::String(markdown::mermaid_label(&text_of(value))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_templates_compile() {
        let r = Renderer::builtin().unwrap();
        assert!(r.overrides().is_empty());
    }

    #[test]
    fn an_override_wins_and_its_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("record.md.tera");
        std::fs::write(&file, "# {{ title }}\n\n{{ no_such_thing }}\n").unwrap();
        let r = Renderer::with_overrides(Some(dir.path())).unwrap();
        assert_eq!(r.overrides().len(), 1);
        let text = include_str!("../../postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml");
        let record: Record = yaml_serde::from_str(text).unwrap();
        let err = markdown(&record, &r).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:3:", file.display())), "{err}");
        assert!(err.contains("no_such_thing"), "{err}");

        std::fs::write(&file, "line one\n{% if %}\n").unwrap();
        let err = Renderer::with_overrides(Some(dir.path()))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(&format!("{}:2:", file.display())), "{err}");
    }

    #[test]
    fn markdown_is_tidied() {
        assert_eq!(
            tidy_markdown("\n\n# A\n\n\n\nb  \n```\n\n\n```\n\n"),
            "# A\n\nb  \n```\n\n\n```\n"
        );
    }

    #[test]
    fn filters_keep_text_out_of_markup() {
        let v = filters::md_text(&Value::from("a | <b> [x](y)\nz"), &HashMap::new()).unwrap();
        assert_eq!(v, Value::from("a \\| &lt;b&gt; \\[x\\](y) z"));
        let v = filters::mermaid(&Value::from("say \"hi\" #1 <b>"), &HashMap::new()).unwrap();
        assert_eq!(v, Value::from("say #quot;hi#quot; #35;1 #lt;b#gt;"));
    }

    use std::collections::HashMap;
    use tera::Value;
}
