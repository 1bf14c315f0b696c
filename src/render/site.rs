//! The whole archive as a static site: an index, one page per incident, and the open action
//! items across the archive.
//!
//! The site is a pure function of the archive (and `today`, only when given): pages are
//! sorted, carry no build time, and a page whose bytes did not change is not rewritten.
//!
//! Incident pages are made a chunk of record files at a time, on every core, and written
//! while the next chunk is rendered. Of each record only what the index, the action list
//! and the report need is kept, so memory grows with those small rows, not with the pages
//! or the record files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Mutex, PoisonError};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::files::page_path;
use super::links::{group_file_name, group_links, referenced_by, SERVICES_DIR, TAGS_DIR};
use super::search::{SearchEntry, SearchIndexBuilder, SEARCH_DIR};
use super::view::{action_view, ActionView, RecordView};
use super::{html_page_of_view, NamedLink, Renderer, SiteLinks};
use crate::common::{is_slug, percent_encode_path};
use crate::error::{Error, Result};
use crate::fsutil::{write_if_changed, WriteOutcome};
use crate::record::{load_record, LoadFailure, LoadedRecord, Record};
use crate::report::ReportRecord;
use crate::settings::tracker::TrackerSettings;
use crate::settings::Archive;

/// Where incident pages go inside the output folder.
pub const INCIDENTS_DIR: &str = "incidents";

#[derive(Debug, Clone)]
pub struct SiteOptions {
    pub out: PathBuf,
    /// Marks overdue action items against this day in the pages themselves. Without it the
    /// pages stay independent of the build date and the viewer's browser marks them.
    pub today: Option<NaiveDate>,
}

/// A record file that is listed on the index but has no page, and why.
#[derive(Debug, Clone, Serialize)]
pub struct NotRendered {
    /// Relative to the archive root when inside it.
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct SiteReport {
    pub records: usize,
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    /// Incident pages of records that are no longer in the archive.
    pub removed: Vec<PathBuf>,
    pub not_rendered: Vec<NotRendered>,
    /// Files of the search index (under `search/`), written or unchanged: not pages, so not
    /// in `written` or `unchanged`.
    pub search_files: usize,
}

/// Told how far the build is: `(done, in all)`, counting each record file once (when its page
/// is rendered, or found not to be possible) and then the index and the action list.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

#[derive(Serialize)]
struct IndexRow {
    id: String,
    href: String,
    title: String,
    severity: String,
    /// Position in the archive's severity list: SEV1 sorts before SEV2.
    severity_rank: usize,
    impact_kind: String,
    services: Vec<String>,
    tags: Vec<String>,
    started_date: String,
    started_iso: String,
    ttm: Option<String>,
    ttm_minutes: Option<i64>,
    status: String,
    users_affected: Option<u64>,
    open_actions: usize,
    /// Lower-case text the filter box searches.
    search_text: String,
}

#[derive(Serialize)]
struct ActionRow {
    incident_id: String,
    incident_title: String,
    href: String,
    item: ActionView,
    /// The ticket's page in the tracker (`tracker.ticket_url`).
    ticket_href: Option<String>,
    /// Only with `today`: past due.
    overdue: bool,
}

/// What every list page (index, action list, tag and service pages) sees besides its rows.
#[derive(Serialize)]
struct SitePage<'a> {
    page: &'static str,
    root: &'static str,
    not_rendered: &'a [NotRendered],
    severities: Vec<String>,
    services: Vec<String>,
    tags: Vec<String>,
    /// Newest first.
    years: Vec<String>,
    impact_kinds: Vec<String>,
    statuses: Vec<String>,
    owners: Vec<String>,
    today: Option<String>,
    record_count: usize,
    /// Open action items across the archive (every page of the list).
    action_count: usize,
    script: &'a str,
}

fn relative(archive: &Archive, path: &Path) -> String {
    path.strip_prefix(&archive.root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Record files parsed and rendered together on every core before their results are taken in
/// file order (where ids are checked against the earlier ones): enough files to keep the cores
/// busy, few enough that a chunk's records and pages stay a few MB.
const CHUNK_FILES: usize = 256;

/// Threads writing pages. Every write ends in an fsync (see [`write_if_changed`]), which waits
/// on the disk (about 2 ms here) without using a core; with several writers those waits overlap
/// each other and the rendering of the next chunk.
const WRITERS: usize = 4;

/// Pages rendered but not yet written, at most: one chunk's worth, so a chunk's pages are
/// written while the next chunk is rendered, and memory stays bounded when the disk is slower.
const WRITE_QUEUE: usize = CHUNK_FILES;

/// What one record file gives, worked out on any core, before its id is compared with those
/// of the files before it.
enum FileOutcome {
    /// No record: the reason goes to `not_rendered`.
    Failed { path: String, reason: String },
    /// A record whose id cannot name a page.
    NotSlug { path: String, id: String },
    /// A record with a slug id, and its page (or why the page could not be made).
    Record {
        path: String,
        id: String,
        /// Boxed, so that the other outcomes do not each take the room of a page.
        page: Result<Box<RenderedRecord>>,
    },
}

/// A record's page, and what the site's other pages need of the record.
struct RenderedRecord {
    /// Relative to the output folder.
    page_path: PathBuf,
    html: String,
    kept: KeptRecord,
    search: SearchEntry,
}

/// What stays of a record once its page is made: small, so memory grows by little per record.
struct KeptRecord {
    row: IndexRow,
    /// Its open action items, in the record's order.
    actions: Vec<ActionRow>,
    /// Only what the report page reads of it.
    record: ReportRecord,
}

/// Why a file gave no record, in one line for the index.
fn load_failure_reason(failure: &LoadFailure) -> String {
    let first = failure.findings.first();
    let place = first
        .and_then(|f| f.span)
        .map(|s| format!("line {}, column {}: ", s.start.line, s.start.column))
        .unwrap_or_default();
    let message = first
        .map(|f| f.message.clone())
        .unwrap_or_else(|| "not a record".into());
    let more = match failure.findings.len() {
        0 | 1 => String::new(),
        n => format!(" (and {} more problems; run `whys check`)", n - 1),
    };
    format!("{place}{message}{more}")
}

/// Reads one record file and, when its id can name a page, renders the page. The file's text
/// is dropped as soon as it is parsed.
fn render_file(
    archive: &Archive,
    renderer: &Renderer,
    today: Option<NaiveDate>,
    backlinks: &HashMap<String, Vec<String>>,
    file: &Path,
) -> FileOutcome {
    let loaded = match load_record(file, &archive.settings.limits) {
        Ok(loaded) => loaded,
        Err(failure) => {
            return FileOutcome::Failed {
                path: relative(archive, &failure.path),
                reason: load_failure_reason(&failure),
            }
        }
    };
    let LoadedRecord {
        path,
        source,
        record,
    } = loaded;
    drop(source);
    let path = relative(archive, &path);
    let id = record.id.clone();
    if !is_slug(&id) {
        return FileOutcome::NotSlug { path, id };
    }
    let page = render_record(record, archive, renderer, today, backlinks).map(Box::new);
    FileOutcome::Record { path, id, page }
}

/// The record's page, its index row and its open action items, from one view of it.
fn render_record(
    record: Record,
    archive: &Archive,
    renderer: &Renderer,
    today: Option<NaiveDate>,
    backlinks: &HashMap<String, Vec<String>>,
) -> Result<RenderedRecord> {
    // The id was checked to be a slug; the page path checks again, so no record can ever
    // name a file outside the incidents folder.
    let page_path = page_path(Path::new(INCIDENTS_DIR), &record.id, "html")?;
    let tracker = archive.settings.tracker.as_ref();
    let links = SiteLinks {
        root: "../".into(),
        tickets: record
            .action_items
            .iter()
            .filter_map(|a| a.ticket.as_deref())
            .filter_map(|t| {
                Some(NamedLink {
                    name: t.to_string(),
                    href: tracker?.ticket_link(t)?,
                })
            })
            .collect(),
        services: group_links(SERVICES_DIR, &record.services),
        tags: group_links(TAGS_DIR, &record.tags),
        referenced_by: backlinks.get(&record.id).cloned().unwrap_or_default(),
    };
    let view = RecordView::new(&record);
    let html = html_page_of_view(&view, renderer, Some(&links))?;
    let row = index_row(&view, &archive.settings.severities);
    drop(view);
    let search = SearchEntry::new(
        &record,
        row.started_date.clone(),
        row.status.clone(),
        row.impact_kind.clone(),
        row.href.clone(),
        row.open_actions > 0,
    );
    let actions = open_action_rows(&record, today, tracker);
    Ok(RenderedRecord {
        page_path,
        html,
        kept: KeptRecord {
            row,
            actions,
            record: ReportRecord::of(&record),
        },
        search,
    })
}

fn index_row(view: &RecordView<'_>, severities: &[String]) -> IndexRow {
    let r = view.record;
    let mut search = vec![
        r.id.clone(),
        r.title.clone(),
        r.severity.clone(),
        view.status.clone(),
        view.impact_kind.clone(),
    ];
    search.extend(r.services.iter().cloned());
    search.extend(r.tags.iter().cloned());
    IndexRow {
        href: format!("{INCIDENTS_DIR}/{}.html", r.id),
        id: r.id.clone(),
        title: r.title.clone(),
        severity_rank: severities
            .iter()
            .position(|s| *s == r.severity)
            .unwrap_or(severities.len()),
        severity: r.severity.clone(),
        impact_kind: view.impact_kind.clone(),
        services: r.services.clone(),
        tags: r.tags.clone(),
        started_date: view.started_date.clone(),
        started_iso: r.times.started.to_string(),
        ttm: view.ttm.clone(),
        ttm_minutes: view.ttm_minutes,
        status: view.status.clone(),
        users_affected: r.impact.as_ref().and_then(|i| i.users_affected),
        open_actions: view.open_action_count,
        search_text: search.join(" ").to_lowercase(),
    }
}

fn open_action_rows(
    r: &Record,
    today: Option<NaiveDate>,
    tracker: Option<&TrackerSettings>,
) -> Vec<ActionRow> {
    r.action_items
        .iter()
        .filter(|a| a.status.is_open())
        .map(|a| ActionRow {
            incident_id: r.id.clone(),
            incident_title: r.title.clone(),
            href: format!("{INCIDENTS_DIR}/{}.html", r.id),
            overdue: match (today, a.due) {
                (Some(today), Some(due)) => due.0 < today,
                _ => false,
            },
            ticket_href: a.ticket.as_deref().and_then(|t| tracker?.ticket_link(t)),
            item: action_view(a),
        })
        .collect()
}

/// What the writer threads did.
#[derive(Default)]
struct Writes {
    written: Vec<PathBuf>,
    unchanged: usize,
    /// Search index files, written or not: counted apart from pages.
    search_files: usize,
}

/// Pages queued for the writer threads, and whether a write has failed.
struct WriteQueue {
    pages: Mutex<Receiver<(PathBuf, String)>>,
    failed: AtomicBool,
}

/// One writer thread: writes queued pages under `out` until the queue is closed. After a failed
/// write (its own or another writer's) it only empties the queue, so the producer never waits
/// on a queue nobody takes from; the producer sees `failed` and stops.
fn write_queued_pages(out: &Path, queue: &WriteQueue) -> Result<Writes> {
    let mut writes = Writes::default();
    let mut error = None;
    loop {
        // The lock is held while waiting for the next page, not while writing it.
        let next = queue
            .pages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        let Ok((relative_path, html)) = next else {
            break;
        };
        if queue.failed.load(Ordering::Relaxed) {
            continue;
        }
        let search_file = relative_path.starts_with(SEARCH_DIR);
        let path = out.join(relative_path);
        match write_if_changed(&path, html.as_bytes()) {
            Ok(_) if search_file => writes.search_files += 1,
            Ok(WriteOutcome::Written) => writes.written.push(path),
            Ok(WriteOutcome::Unchanged) => writes.unchanged += 1,
            Err(e) => {
                queue.failed.store(true, Ordering::Relaxed);
                error = Some(e);
            }
        }
    }
    match error {
        Some(e) => Err(e),
        None => Ok(writes),
    }
}

/// The incident pages, written as they are rendered, and what the other pages need.
struct IncidentPages {
    /// Newest first.
    kept: Vec<KeptRecord>,
    not_rendered: Vec<NotRendered>,
    /// Every id that has a page, with the file it came from.
    page_ids: BTreeMap<String, String>,
    writes: Writes,
}

/// Renders and writes every incident page, a chunk of record files at a time. A file whose id
/// is already taken by an earlier file (in path order) gets no page, as before streaming: the
/// files are taken in that order, so the first one has always been seen.
fn build_incident_pages(
    archive: &Archive,
    renderer: &Renderer,
    options: &SiteOptions,
    files: &[PathBuf],
    search: &mut SearchIndexBuilder,
    tick: &(dyn Fn() + Sync),
) -> Result<IncidentPages> {
    let backlinks = referenced_by(files, &archive.settings.limits);
    let (sender, receiver) = sync_channel::<(PathBuf, String)>(WRITE_QUEUE);
    let queue = WriteQueue {
        pages: Mutex::new(receiver),
        failed: AtomicBool::new(false),
    };
    let mut kept: Vec<KeptRecord> = Vec::new();
    let mut not_rendered = Vec::new();
    let mut page_ids: BTreeMap<String, String> = BTreeMap::new();
    let (rendered, writes) = std::thread::scope(|scope| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|_| scope.spawn(|| write_queued_pages(&options.out, &queue)))
            .collect();
        let rendered = (|| -> Result<()> {
            for chunk in files.chunks(CHUNK_FILES) {
                if queue.failed.load(Ordering::Relaxed) {
                    break;
                }
                let outcomes: Vec<FileOutcome> = chunk
                    .par_iter()
                    .map(|file| {
                        let outcome =
                            render_file(archive, renderer, options.today, &backlinks, file);
                        tick();
                        outcome
                    })
                    .collect();
                for outcome in outcomes {
                    match outcome {
                        FileOutcome::Failed { path, reason } => {
                            not_rendered.push(NotRendered { path, reason })
                        }
                        FileOutcome::NotSlug { path, id } => not_rendered.push(NotRendered {
                            path,
                            reason: format!(
                                "the id `{id}` is not a slug (lower-case letters, digits and \
                                 dashes), so it cannot name a page"
                            ),
                        }),
                        FileOutcome::Record { path, id, page } => {
                            if let Some(first) = page_ids.get(&id) {
                                // A page that failed to render does not matter here: the
                                // file gets none either way.
                                not_rendered.push(NotRendered {
                                    path,
                                    reason: format!("the id `{id}` is already the id of {first}"),
                                });
                                continue;
                            }
                            let RenderedRecord {
                                page_path,
                                html,
                                kept: record,
                                search: entry,
                            } = *page?;
                            page_ids.insert(id, path);
                            kept.push(record);
                            let docs_file = search.add(entry)?;
                            for file in std::iter::once((page_path, html)).chain(docs_file) {
                                if sender.send(file).is_err() {
                                    // The receiving end lives in `queue`, beyond this scope; a
                                    // closed queue would be a bug, never a page silently lost.
                                    return Err(Error::Output(std::io::Error::other(
                                        "the page writers stopped early",
                                    )));
                                }
                            }
                        }
                    }
                }
            }
            Ok(())
        })();
        // Closing the queue lets the writers finish what is queued and stop.
        drop(sender);
        let mut writes = Writes::default();
        let mut write_error = None;
        for writer in writers {
            match writer.join() {
                Ok(Ok(w)) => {
                    writes.written.extend(w.written);
                    writes.unchanged += w.unchanged;
                    writes.search_files += w.search_files;
                }
                Ok(Err(e)) => {
                    write_error.get_or_insert(e);
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        let writes = match write_error {
            Some(e) => Err(e),
            None => Ok(writes),
        };
        (rendered, writes)
    });
    rendered?;
    let writes = writes?;
    // Newest first, as people look for the latest incident; the id breaks ties.
    kept.sort_by(|a, b| {
        b.record
            .times
            .started
            .utc()
            .cmp(&a.record.times.started.utc())
            .then_with(|| a.record.id.cmp(&b.record.id))
    });
    not_rendered.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(IncidentPages {
        kept,
        not_rendered,
        page_ids,
        writes,
    })
}

/// Builds the site into `options.out`.
pub fn build_site(
    archive: &Archive,
    renderer: &Renderer,
    options: &SiteOptions,
    progress: Progress<'_>,
) -> Result<SiteReport> {
    let files = archive.record_files(&[])?;
    let severities = &archive.settings.severities;

    // Every record file counts once, page or not, so the count ends at the total.
    let total = files.len() + 2;
    let done = AtomicUsize::new(0);
    let tick = || {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress(n, total);
    };

    let incidents_dir = options.out.join(INCIDENTS_DIR);
    std::fs::create_dir_all(&incidents_dir).map_err(|e| Error::io(&incidents_dir, e))?;
    let mut search = SearchIndexBuilder::new(&options.out)?;
    let IncidentPages {
        kept,
        not_rendered,
        page_ids,
        writes,
    } = build_incident_pages(archive, renderer, options, &files, &mut search, &tick)?;
    let (search_written, search_unchanged) = search.finish()?;
    let report_search_files = writes.search_files + search_written.len() + search_unchanged;
    let mut report = SiteReport {
        records: kept.len(),
        written: writes.written,
        unchanged: writes.unchanged,
        search_files: report_search_files,
        ..SiteReport::default()
    };
    let mut write_page = |name: &str, html: &str| -> Result<()> {
        let path = options.out.join(name);
        match write_if_changed(&path, html.as_bytes())? {
            WriteOutcome::Written => report.written.push(path),
            WriteOutcome::Unchanged => report.unchanged += 1,
        }
        Ok(())
    };

    let mut rows: Vec<IndexRow> = Vec::with_capacity(kept.len());
    let mut actions: Vec<ActionRow> = Vec::new();
    let mut records: Vec<ReportRecord> = Vec::with_capacity(kept.len());
    for k in kept {
        rows.push(k.row);
        actions.extend(k.actions);
        records.push(k.record);
    }
    // Soonest due first; items without a due date last; then by incident and title.
    actions.sort_by(|a, b| {
        (
            a.item.due.is_none(),
            &a.item.due,
            &a.incident_id,
            &a.item.title,
        )
            .cmp(&(
                b.item.due.is_none(),
                &b.item.due,
                &b.incident_id,
                &b.item.title,
            ))
    });

    let present_severities: BTreeSet<&str> = rows.iter().map(|r| r.severity.as_str()).collect();
    let mut severity_options: Vec<String> = severities
        .iter()
        .filter(|s| present_severities.contains(s.as_str()))
        .cloned()
        .collect();
    for s in &present_severities {
        if !severities.iter().any(|k| k == s) {
            severity_options.push(s.to_string());
        }
    }
    let services: BTreeSet<String> = rows.iter().flat_map(|r| r.services.clone()).collect();
    let tags: BTreeSet<String> = rows.iter().flat_map(|r| r.tags.clone()).collect();
    let years: BTreeSet<String> = rows
        .iter()
        .filter_map(|r| r.started_date.get(..4).map(String::from))
        .collect();
    let impact_kinds: BTreeSet<String> = rows.iter().map(|r| r.impact_kind.clone()).collect();
    let statuses: Vec<String> = ["draft", "review", "published"]
        .into_iter()
        .filter(|s| rows.iter().any(|r| r.status == *s))
        .map(String::from)
        .collect();
    let owners: BTreeSet<String> = actions
        .iter()
        .filter_map(|a| a.item.owner.clone())
        .collect();
    let script = renderer.render("site/site.js", &serde_json::Map::new())?;
    let record_count = rows.len();
    let site = SitePage {
        page: "index",
        root: "",
        not_rendered: &not_rendered,
        severities: severity_options,
        services: services.iter().cloned().collect(),
        tags: tags.iter().cloned().collect(),
        years: years.into_iter().rev().collect(),
        impact_kinds: impact_kinds.into_iter().collect(),
        statuses,
        owners: owners.into_iter().collect(),
        today: options.today.map(|d| d.format("%Y-%m-%d").to_string()),
        record_count,
        action_count: actions.len(),
        script: &script,
    };

    // The index and the action list, a page of rows at a time: each page's context holds
    // only its own rows, so memory and page size stay bounded at any archive size.
    let index_pages = page_names("index", rows.len(), ROWS_PER_PAGE);
    for (number, chunk) in chunks_or_one(&rows, ROWS_PER_PAGE).enumerate() {
        let html = renderer.render(
            "site/index.html.tera",
            &ListPage {
                site: &site,
                rows: chunk,
                actions: &[],
                pager: Pager::new(&index_pages, number),
            },
        )?;
        write_page(&index_pages[number], &html)?;
    }
    tick();
    let action_pages = page_names("actions", actions.len(), ROWS_PER_PAGE);
    let actions_site = SitePage {
        page: "actions",
        ..site
    };
    for (number, chunk) in chunks_or_one(&actions, ROWS_PER_PAGE).enumerate() {
        let html = renderer.render(
            "site/actions.html.tera",
            &ListPage {
                site: &actions_site,
                rows: &[],
                actions: chunk,
                pager: Pager::new(&action_pages, number),
            },
        )?;
        write_page(&action_pages[number], &html)?;
    }
    drop(actions);
    tick();
    let mut stale = remove_extra_list_pages(&options.out, "index", index_pages.len())?;
    stale.extend(remove_extra_list_pages(
        &options.out,
        "actions",
        action_pages.len(),
    )?);

    // A page per service and per tag: its newest incidents, and a link to all of them in the
    // index's filtered view.
    let site = SitePage {
        page: "group",
        root: "../",
        ..actions_site
    };
    for (kind, dir, names) in [
        ("service", SERVICES_DIR, &services),
        ("tag", TAGS_DIR, &tags),
    ] {
        let folder = options.out.join(dir);
        std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        let mut pages: BTreeSet<String> = BTreeSet::new();
        for name in names.iter() {
            let matching = rows.iter().filter(|r| {
                let list = if kind == "service" {
                    &r.services
                } else {
                    &r.tags
                };
                list.contains(name)
            });
            let total = matching.clone().count();
            let shown: Vec<&IndexRow> = matching.take(GROUP_ROWS).collect();
            let file = group_file_name(name);
            let html = renderer.render(
                "site/group.html.tera",
                &GroupPage {
                    site: &site,
                    kind,
                    name,
                    rows: &shown,
                    total,
                    filter: format!("{kind}={}", percent_encode_path(name)),
                },
            )?;
            write_page(&format!("{dir}/{file}"), &html)?;
            pages.insert(file);
        }
        stale.extend(remove_stale_group_pages(&folder, &pages)?);
    }
    drop(rows);
    // The report last, once the rows and action items are freed: its statistics are the
    // largest thing the build makes after the pages.
    write_page(
        "report.html",
        &report_page(archive, renderer, &records, options.today)?,
    )?;
    drop(records);

    report.written.sort();
    report.not_rendered = not_rendered;
    report.removed = remove_stale_pages(&incidents_dir, &page_ids)?;
    report.removed.extend(stale);
    report.removed.sort();
    Ok(report)
}

/// Rows on one page of the index or the action list: about 1 MB of HTML.
pub const ROWS_PER_PAGE: usize = 1000;

/// Incidents a tag's or service's page lists before it links to the filtered index.
pub const GROUP_ROWS: usize = 200;

/// `items` in pages of `size`; an empty list is one empty page, so the page still exists.
fn chunks_or_one<T>(items: &[T], size: usize) -> impl Iterator<Item = &[T]> {
    let empty: Option<&[T]> = items.is_empty().then_some(&[]);
    items.chunks(size).chain(empty)
}

/// `index.html`, `index-2.html`, ...: the first page keeps the name links and bookmarks use.
fn page_names(stem: &str, items: usize, size: usize) -> Vec<String> {
    let count = items.div_ceil(size).max(1);
    (1..=count)
        .map(|n| {
            if n == 1 {
                format!("{stem}.html")
            } else {
                format!("{stem}-{n}.html")
            }
        })
        .collect()
}

#[derive(Serialize)]
struct PageLink<'a> {
    number: usize,
    href: &'a str,
    current: bool,
}

/// Where a list page is among its siblings.
#[derive(Serialize)]
struct Pager<'a> {
    number: usize,
    count: usize,
    previous: Option<&'a str>,
    next: Option<&'a str>,
    pages: Vec<PageLink<'a>>,
}

impl<'a> Pager<'a> {
    fn new(names: &'a [String], index: usize) -> Pager<'a> {
        Pager {
            number: index + 1,
            count: names.len(),
            previous: index.checked_sub(1).map(|i| names[i].as_str()),
            next: names.get(index + 1).map(String::as_str),
            pages: names
                .iter()
                .enumerate()
                .map(|(i, href)| PageLink {
                    number: i + 1,
                    href,
                    current: i == index,
                })
                .collect(),
        }
    }
}

/// One page of the index or the action list: the site's shared values, this page's rows.
#[derive(Serialize)]
struct ListPage<'a> {
    #[serde(flatten)]
    site: &'a SitePage<'a>,
    rows: &'a [IndexRow],
    actions: &'a [ActionRow],
    pager: Pager<'a>,
}

#[derive(Serialize)]
struct GroupPage<'a> {
    #[serde(flatten)]
    site: &'a SitePage<'a>,
    /// `service` or `tag`.
    kind: &'static str,
    name: &'a str,
    rows: &'a [&'a IndexRow],
    total: usize,
    /// The index's search state that shows all of them: `service=<name>`, encoded.
    filter: String,
}

/// Removes `<stem>-<n>.html` pages past the last one this build wrote.
fn remove_extra_list_pages(out: &Path, stem: &str, count: usize) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let entries = std::fs::read_dir(out).map_err(|e| Error::io(out, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(out, e))?;
        let path = entry.path();
        let number = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(stem))
            .and_then(|n| n.strip_prefix('-'))
            .and_then(|n| n.strip_suffix(".html"))
            .and_then(|n| n.parse::<usize>().ok());
        if matches!(number, Some(n) if n > count) && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// Removes pages of tags or services no record has any more (only `.html` files).
fn remove_stale_group_pages(folder: &Path, current: &BTreeSet<String>) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(folder, e))?;
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.ends_with(".html") && !current.contains(name) && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// The MTTR report page: `whys report`'s default (time to mitigate by quarter), read on the
/// site's `today` when it has one.
fn report_page(
    archive: &Archive,
    renderer: &Renderer,
    records: &[ReportRecord],
    today: Option<NaiveDate>,
) -> Result<String> {
    use crate::report::{build_from, ReportOptions};
    let options = ReportOptions {
        today,
        ..ReportOptions::default()
    };
    let report = build_from(records, &options, &archive.settings)?;
    super::report::to_site_page(&report, renderer, "")
}

/// Removes incident pages whose record left the archive. Only files named like a page this
/// command writes (`<slug>.html`) are touched; anything else in the folder is someone else's.
fn remove_stale_pages(
    incidents_dir: &Path,
    current: &BTreeMap<String, String>,
) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let entries = std::fs::read_dir(incidents_dir).map_err(|e| Error::io(incidents_dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(incidents_dir, e))?;
        let path = entry.path();
        let Some(stem) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".html"))
        else {
            continue;
        };
        if is_slug(stem) && !current.contains_key(stem) && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            removed.push(path);
        }
    }
    removed.sort();
    Ok(removed)
}
