//! The site's search index: a small inverted index of its own, written as many small `.js`
//! files under `search/` that the page loads with `<script>` tags.
//!
//! Why not a library: Chromium refuses `fetch()` and `XMLHttpRequest` of `file://` URLs, so
//! an index must arrive as script files. Pagefind's crate builds a fine sharded index, but
//! its browser side fetches its shards (and WebAssembly) and its Rust side pulls in a large
//! dependency tree (an async runtime, an HTML parser, compression) that a 2-core CI would
//! compile for minutes. The elasticlunr index mdBook ships (elasticlunr-rs) is one JSON file
//! holding every document's terms, which the page must load whole: at 10,000 records that is
//! tens of MB before the first result. What the site needs is small enough to write here:
//!
//! - `search/t-<prefix>.js`: the terms beginning with `<prefix>` (their first three
//!   characters; two for two-character terms) and, for each, the numbers of the documents
//!   holding it, as gaps from the previous number; and the same for titles alone, so that
//!   results with every word in the title come first. A query loads one such file a word.
//! - `search/d-<n>.js`: [`DOCS_PER_SHARD`] documents' title, date, severity, status, link and
//!   the start of their text, for the results shown and their snippets.
//! - `search/f-<n>.js`: [`FACETS_PER_SHARD`] documents' year, severity, impact kind, status,
//!   services, tags and whether an action item is open, as numbers into `search/meta.js`,
//!   loaded only when a filter is set.
//!
//! Documents are numbered in record-file order (newest last in an archive laid out by date),
//! and results are listed from the highest number down. Words are split as the page splits
//! them (runs of letters and digits, lower-cased), so the two agree.
//!
//! Every file's data is JSON inside a call to `whysSearch(...)`: record text only ever
//! reaches the page as JSON string values, which the page shows through `textContent`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Result;
use crate::fsutil::{write_if_changed, WriteOutcome};
use crate::record::Record;

/// Where the index files go inside the output folder.
pub const SEARCH_DIR: &str = "search";

/// Documents a `d-<n>.js` file holds: a page of results touches few of them, and each stays
/// tens of KB.
pub const DOCS_PER_SHARD: usize = 16;

/// Documents a `f-<n>.js` file holds (a few bytes each).
pub const FACETS_PER_SHARD: usize = 5000;

/// Characters of a record's text kept for snippets: enough for the summary, the root cause
/// and the whys of a usual record.
const SNIPPET_SOURCE_CHARS: usize = 3000;

/// Longer runs of letters are not words a person types (hashes, encoded blobs).
const MAX_TERM_CHARS: usize = 40;

/// The prefix length that names a term file.
const PREFIX_CHARS: usize = 3;

/// The words of `text` as the page finds them: runs of letters and digits, lower-cased, at
/// least two characters and at most [`MAX_TERM_CHARS`].
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            let n = w.chars().count();
            (2..=MAX_TERM_CHARS).contains(&n)
        })
        .map(str::to_lowercase)
}

/// The text search looks through: title, summary, root cause, whys, timeline, action items,
/// and the labels a person may type (id, services, tags).
pub fn searchable_text(r: &Record) -> String {
    let mut parts: Vec<&str> = vec![&r.title, &r.summary];
    if let Some(root) = &r.root_cause {
        parts.push(root);
    }
    for w in &r.whys {
        parts.push(&w.why);
        parts.push(&w.because);
    }
    parts.extend(r.contributing_factors.iter().map(String::as_str));
    for t in &r.timeline {
        parts.push(&t.event);
    }
    for a in &r.action_items {
        parts.push(&a.title);
        if let Some(ticket) = &a.ticket {
            parts.push(ticket);
        }
    }
    if let Some(l) = &r.lessons {
        parts.push(l);
    }
    parts.push(&r.id);
    parts.extend(r.services.iter().map(String::as_str));
    parts.extend(r.tags.iter().map(String::as_str));
    parts.join("\n")
}

/// What one record gives the index, made on any core.
pub struct SearchEntry {
    /// Sorted, without repeats.
    terms: Vec<Box<str>>,
    /// The title's words, sorted, without repeats: results whose title holds every word of
    /// the query come first.
    title_terms: Vec<Box<str>>,
    doc: SearchDoc,
    facets: FacetValues,
}

/// A result as the page shows it.
#[derive(Serialize)]
struct SearchDoc {
    id: String,
    title: String,
    date: String,
    severity: String,
    status: String,
    href: String,
    /// The start of the searchable text, for snippets.
    text: String,
}

/// The filterable values of one record, before they are numbered.
pub struct FacetValues {
    pub year: String,
    pub severity: String,
    pub impact: String,
    pub status: String,
    pub services: Vec<String>,
    pub tags: Vec<String>,
    pub open: bool,
}

impl SearchEntry {
    pub fn new(
        record: &Record,
        date: String,
        status: String,
        impact: String,
        href: String,
        open: bool,
    ) -> SearchEntry {
        let text = searchable_text(record);
        let mut terms: Vec<Box<str>> = words(&text).map(String::into_boxed_str).collect();
        terms.sort_unstable();
        terms.dedup();
        let mut title_terms: Vec<Box<str>> =
            words(&record.title).map(String::into_boxed_str).collect();
        title_terms.sort_unstable();
        title_terms.dedup();
        let snippet: String = text.chars().take(SNIPPET_SOURCE_CHARS).collect();
        SearchEntry {
            terms,
            title_terms,
            facets: FacetValues {
                year: date.get(..4).unwrap_or("").to_string(),
                severity: record.severity.clone(),
                impact: impact.clone(),
                status: status.clone(),
                services: record.services.clone(),
                tags: record.tags.clone(),
                open,
            },
            doc: SearchDoc {
                id: record.id.clone(),
                title: record.title.clone(),
                date,
                severity: record.severity.clone(),
                status,
                href,
                text: snippet,
            },
        }
    }
}

/// The documents holding a term, in the order they were added, as the gaps between them in
/// LEB128 bytes: most gaps are small, so a posting takes about a byte instead of four (at
/// 100,000 records that is the difference between about 50 MB and 200 MB).
#[derive(Default)]
struct Postings {
    last: u32,
    bytes: Vec<u8>,
}

impl Postings {
    fn push(&mut self, doc: u32) {
        let mut gap = doc - self.last;
        self.last = doc;
        loop {
            let byte = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                self.bytes.push(byte);
                break;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    /// The gaps again, as the page reads them.
    fn gaps(&self) -> Vec<u32> {
        let mut gaps = Vec::new();
        let mut value = 0u32;
        let mut shift = 0;
        for &byte in &self.bytes {
            value |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                gaps.push(value);
                value = 0;
                shift = 0;
            } else {
                shift += 7;
            }
        }
        gaps
    }
}

/// One facet's values, numbered in order of first sight and listed sorted in `meta.js`.
#[derive(Default)]
struct Dictionary {
    numbers: HashMap<String, u32>,
    values: Vec<String>,
}

impl Dictionary {
    fn number(&mut self, value: &str) -> u32 {
        if let Some(n) = self.numbers.get(value) {
            return *n;
        }
        let n = self.values.len() as u32;
        self.values.push(value.to_string());
        self.numbers.insert(value.to_string(), n);
        n
    }
}

/// A document's facets as numbers: `[year, severity, impact, status, open, [services], [tags]]`.
type FacetRow = (u32, u32, u32, u32, u8, Vec<u32>, Vec<u32>);

/// The index as it grows, a record at a time in document order. Result files are written as
/// soon as [`DOCS_PER_SHARD`] documents are in; terms and facets (small numbers) are kept
/// to the end.
pub struct SearchIndexBuilder {
    dir: PathBuf,
    postings: HashMap<Box<str>, Postings>,
    title_postings: HashMap<Box<str>, Postings>,
    docs: Vec<SearchDoc>,
    doc_count: u32,
    years: Dictionary,
    severities: Dictionary,
    impacts: Dictionary,
    statuses: Dictionary,
    services: Dictionary,
    tags: Dictionary,
    facets: Vec<FacetRow>,
    /// Files this build wrote, and how many it left unchanged.
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
}

/// The script line every index file is: a call the page defines before it loads any.
fn script_of<T: Serialize>(name: &str, data: &T) -> Result<String> {
    Ok(format!(
        "whysSearch({},{});\n",
        serde_json::to_string(name)?,
        serde_json::to_string(data)?
    ))
}

/// A prefix as a file name: ASCII letters and digits stay, anything else becomes `_<hex>_`,
/// so every name is portable and the page computes the same one.
pub fn prefix_file_name(prefix: &str) -> String {
    let mut name = String::from("t-");
    for c in prefix.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            name.push(c);
        } else {
            name.push_str(&format!("_{:x}_", c as u32));
        }
    }
    name.push_str(".js");
    name
}

fn prefix_of(term: &str) -> &str {
    match term.char_indices().nth(PREFIX_CHARS) {
        Some((i, _)) => &term[..i],
        None => term,
    }
}

impl SearchIndexBuilder {
    /// An index to be written under `out/search`.
    pub fn new(out: &Path) -> Result<SearchIndexBuilder> {
        let dir = out.join(SEARCH_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| crate::error::Error::io(&dir, e))?;
        Ok(SearchIndexBuilder {
            dir,
            postings: HashMap::new(),
            title_postings: HashMap::new(),
            docs: Vec::new(),
            doc_count: 0,
            years: Dictionary::default(),
            severities: Dictionary::default(),
            impacts: Dictionary::default(),
            statuses: Dictionary::default(),
            services: Dictionary::default(),
            tags: Dictionary::default(),
            facets: Vec::new(),
            written: Vec::new(),
            unchanged: 0,
        })
    }

    /// Writes a file of the index directly (the last ones, after the page writers stopped).
    fn write(&mut self, name: &str, text: &str) -> Result<()> {
        let path = self.dir.join(name);
        match write_if_changed(&path, text.as_bytes())? {
            WriteOutcome::Written => self.written.push(path),
            WriteOutcome::Unchanged => self.unchanged += 1,
        }
        Ok(())
    }

    /// Adds the next document; every [`DOCS_PER_SHARD`] documents, gives back their file.
    pub fn add(&mut self, entry: SearchEntry) -> Result<Option<(PathBuf, String)>> {
        let number = self.doc_count;
        self.doc_count += 1;
        for term in entry.terms {
            self.postings.entry(term).or_default().push(number);
        }
        for term in entry.title_terms {
            self.title_postings.entry(term).or_default().push(number);
        }
        let f = entry.facets;
        let row: FacetRow = (
            self.years.number(&f.year),
            self.severities.number(&f.severity),
            self.impacts.number(&f.impact),
            self.statuses.number(&f.status),
            u8::from(f.open),
            f.services.iter().map(|s| self.services.number(s)).collect(),
            f.tags.iter().map(|t| self.tags.number(t)).collect(),
        );
        self.facets.push(row);
        self.docs.push(entry.doc);
        if self.docs.len() == DOCS_PER_SHARD {
            return self.docs_file();
        }
        Ok(None)
    }

    /// The file of the documents added since the last one, to be written by the caller (the
    /// site's page writers), with its path relative to the output folder.
    fn docs_file(&mut self) -> Result<Option<(PathBuf, String)>> {
        if self.docs.is_empty() {
            return Ok(None);
        }
        let shard = (self.doc_count as usize - 1) / DOCS_PER_SHARD;
        let docs = std::mem::take(&mut self.docs);
        let rows: Vec<[&str; 7]> = docs
            .iter()
            .map(|d| {
                [
                    &d.id,
                    &d.title,
                    &d.date,
                    &d.severity,
                    &d.status,
                    &d.href,
                    &d.text,
                ]
                .map(String::as_str)
            })
            .collect();
        let text = script_of(&format!("d-{shard}"), &rows)?;
        Ok(Some((
            Path::new(SEARCH_DIR).join(format!("d-{shard}.js")),
            text,
        )))
    }

    /// Writes the term files, the facet files and `meta.js`; removes index files an earlier
    /// build left that this one did not write.
    pub fn finish(mut self) -> Result<(Vec<PathBuf>, usize)> {
        if let Some((path, text)) = self.docs_file()? {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            self.write(&name, &text)?;
        }
        let mut keep: Vec<String> = Vec::new();
        for shard in 0..(self.doc_count as usize).div_ceil(DOCS_PER_SHARD) {
            keep.push(format!("d-{shard}.js"));
        }
        // Terms by prefix, in a stable order so unchanged archives write identical files.
        // Each file holds `t` (every term) and `h` (the terms of titles); the gaps are decoded
        // a file at a time, so only one file's numbers are ever held as `u32`s.
        type ByPrefix = BTreeMap<String, BTreeMap<Box<str>, Postings>>;
        fn group(postings: HashMap<Box<str>, Postings>) -> ByPrefix {
            let mut by_prefix: ByPrefix = BTreeMap::new();
            for (term, docs) in postings {
                by_prefix
                    .entry(prefix_of(&term).to_string())
                    .or_default()
                    .insert(term, docs);
            }
            by_prefix
        }
        let all = group(std::mem::take(&mut self.postings));
        let mut titles = group(std::mem::take(&mut self.title_postings));
        #[derive(Serialize)]
        struct TermFile<'a> {
            t: &'a BTreeMap<String, Vec<u32>>,
            h: &'a BTreeMap<String, Vec<u32>>,
        }
        let decode = |terms: &'_ BTreeMap<Box<str>, Postings>| -> BTreeMap<String, Vec<u32>> {
            terms
                .iter()
                .map(|(term, docs)| (term.to_string(), docs.gaps()))
                .collect()
        };
        let prefixes: Vec<String> = all.keys().cloned().collect();
        for (prefix, terms) in all {
            let name = prefix_file_name(&prefix);
            let t = decode(&terms);
            drop(terms);
            let h = titles
                .remove(&prefix)
                .map(|h| decode(&h))
                .unwrap_or_default();
            let file = TermFile { t: &t, h: &h };
            let text = script_of(&format!("t-{prefix}"), &file)?;
            self.write(&name, &text)?;
            keep.push(name);
        }
        let facets = std::mem::take(&mut self.facets);
        for (shard, rows) in facets.chunks(FACETS_PER_SHARD).enumerate() {
            let name = format!("f-{shard}.js");
            let text = script_of(&format!("f-{shard}"), &rows)?;
            self.write(&name, &text)?;
            keep.push(name);
        }
        #[derive(Serialize)]
        struct Meta<'a> {
            docs: u32,
            docs_per_shard: usize,
            facets_per_shard: usize,
            prefix_chars: usize,
            /// Every prefix that has a term file: the page loads no file that is not there.
            prefixes: &'a [String],
            years: &'a [String],
            severities: &'a [String],
            impacts: &'a [String],
            statuses: &'a [String],
            services: &'a [String],
            tags: &'a [String],
        }
        let meta = Meta {
            docs: self.doc_count,
            docs_per_shard: DOCS_PER_SHARD,
            facets_per_shard: FACETS_PER_SHARD,
            prefix_chars: PREFIX_CHARS,
            prefixes: &prefixes,
            years: &self.years.values,
            severities: &self.severities.values,
            impacts: &self.impacts.values,
            statuses: &self.statuses.values,
            services: &self.services.values,
            tags: &self.tags.values,
        };
        let text = script_of("meta", &meta)?;
        self.write("meta.js", &text)?;
        keep.push("meta.js".into());
        remove_stale(&self.dir, &keep)?;
        Ok((self.written, self.unchanged))
    }
}

/// Removes `.js` files in the index folder that this build did not write: the folder is the
/// site's own, and a term file left from an older archive would find records that are gone.
fn remove_stale(dir: &Path, keep: &[String]) -> Result<()> {
    let keep: std::collections::HashSet<&str> = keep.iter().map(String::as_str).collect();
    let entries = std::fs::read_dir(dir).map_err(|e| crate::error::Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| crate::error::Error::io(dir, e))?;
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.ends_with(".js") && !keep.contains(name) && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| crate::error::Error::io(&path, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits_lower_cased() {
        let w: Vec<String> = words("Connection-pool <script>x</script> a Überlauf 2025").collect();
        assert_eq!(
            w,
            ["connection", "pool", "script", "script", "überlauf", "2025"]
        );
    }

    #[test]
    fn postings_keep_their_gaps() {
        let mut p = Postings::default();
        for doc in [0, 1, 5, 200, 70_000, 70_001, u32::MAX] {
            p.push(doc);
        }
        assert_eq!(p.gaps(), [0, 1, 4, 195, 69_800, 1, u32::MAX - 70_001]);
    }

    #[test]
    fn prefix_file_names_are_portable() {
        assert_eq!(prefix_file_name("con"), "t-con.js");
        assert_eq!(prefix_file_name("üb"), "t-_fc_b.js");
        assert_eq!(prefix_of("connection"), "con");
        assert_eq!(prefix_of("üb"), "üb");
    }
}
