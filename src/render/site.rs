//! The whole archive as a static site: an index, one page per incident, and the open action
//! items across the archive.
//!
//! The site is a pure function of the archive (and `today`, only when given): pages are
//! sorted, carry no build time, and a page whose bytes did not change is not rewritten.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::files::page_path;
use super::view::{action_view, ActionView, RecordView};
use super::{html_page, Renderer, SiteLinks};
use crate::check::{collect_files, is_slug};
use crate::error::{Error, Result};
use crate::fsutil::{write_if_changed, WriteOutcome};
use crate::record::{load_record, LoadedRecord};
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
}

/// Told how far the build is: `(pages done, pages in all)`.
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
    /// Only with `today`: past due.
    overdue: bool,
}

#[derive(Serialize)]
struct SitePage<'a> {
    page: &'static str,
    root: &'static str,
    rows: &'a [IndexRow],
    actions: &'a [ActionRow],
    not_rendered: &'a [NotRendered],
    severities: Vec<String>,
    services: Vec<String>,
    statuses: Vec<String>,
    owners: Vec<String>,
    today: Option<String>,
    record_count: usize,
    script: &'a str,
}

fn relative(archive: &Archive, path: &Path) -> String {
    path.strip_prefix(&archive.root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Loads every record of the archive; a file that does not give a usable record is reported,
/// never dropped silently.
fn load_archive(archive: &Archive) -> Result<(Vec<LoadedRecord>, Vec<NotRendered>)> {
    let dir = archive.postmortems_dir();
    let files = if dir.is_dir() {
        collect_files(&[dir])?
    } else {
        Vec::new()
    };
    let limits = archive.settings.limits;
    let results: Vec<_> = files.par_iter().map(|p| load_record(p, &limits)).collect();
    let mut records: Vec<LoadedRecord> = Vec::new();
    let mut not_rendered = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for result in results {
        match result {
            Ok(loaded) => {
                let path = relative(archive, &loaded.path);
                let id = loaded.record.id.clone();
                if !is_slug(&id) {
                    not_rendered.push(NotRendered {
                        path,
                        reason: format!(
                            "the id `{id}` is not a slug (lower-case letters, digits and dashes), \
                             so it cannot name a page"
                        ),
                    });
                } else if let Some(first) = seen.get(&id) {
                    not_rendered.push(NotRendered {
                        path,
                        reason: format!("the id `{id}` is already the id of {first}"),
                    });
                } else {
                    seen.insert(id, path);
                    records.push(loaded);
                }
            }
            Err(failure) => {
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
                not_rendered.push(NotRendered {
                    path: relative(archive, &failure.path),
                    reason: format!("{place}{message}{more}"),
                });
            }
        }
    }
    // Newest first, as people look for the latest incident; the id breaks ties.
    records.sort_by(|a, b| {
        b.record
            .times
            .started
            .utc()
            .cmp(&a.record.times.started.utc())
            .then_with(|| a.record.id.cmp(&b.record.id))
    });
    not_rendered.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((records, not_rendered))
}

/// Builds the site into `options.out`.
pub fn build_site(
    archive: &Archive,
    renderer: &Renderer,
    options: &SiteOptions,
    progress: Progress<'_>,
) -> Result<SiteReport> {
    let (records, not_rendered) = load_archive(archive)?;
    let severities = &archive.settings.severities;
    let incident_links = SiteLinks { root: "../".into() };

    let total = records.len() + 2;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = || {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(n, total);
    };

    // Incident pages, in parallel: each is independent of the others.
    let mut pages: Vec<(PathBuf, String)> = records
        .par_iter()
        .map(|loaded| {
            let html = html_page(&loaded.record, renderer, Some(&incident_links));
            tick();
            // Ids were checked to be slugs on loading; the page path checks again, so no
            // record can ever name a file outside the incidents folder.
            let path = page_path(Path::new(INCIDENTS_DIR), &loaded.record.id, "html")?;
            html.map(|h| (path, h))
        })
        .collect::<Result<_>>()?;

    let rows: Vec<IndexRow> = records
        .iter()
        .map(|loaded| {
            let r = &loaded.record;
            let view = RecordView::new(r);
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
                started_date: view.started_date.clone(),
                started_iso: r.times.started.to_string(),
                ttm: view.ttm.clone(),
                ttm_minutes: view.ttm_minutes,
                status: view.status.clone(),
                users_affected: r.impact.as_ref().and_then(|i| i.users_affected),
                open_actions: view.open_action_count,
                search_text: search.join(" ").to_lowercase(),
            }
        })
        .collect();

    let mut actions: Vec<ActionRow> = records
        .iter()
        .flat_map(|loaded| {
            let r = &loaded.record;
            r.action_items
                .iter()
                .filter(|a| a.status.is_open())
                .map(move |a| ActionRow {
                    incident_id: r.id.clone(),
                    incident_title: r.title.clone(),
                    href: format!("{INCIDENTS_DIR}/{}.html", r.id),
                    overdue: match (options.today, a.due) {
                        (Some(today), Some(due)) => due.0 < today,
                        _ => false,
                    },
                    item: action_view(a),
                })
        })
        .collect();
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
    let mut page = SitePage {
        page: "index",
        root: "",
        rows: &rows,
        actions: &actions,
        not_rendered: &not_rendered,
        severities: severity_options,
        services: services.into_iter().collect(),
        statuses,
        owners: owners.into_iter().collect(),
        today: options.today.map(|d| d.format("%Y-%m-%d").to_string()),
        record_count: records.len(),
        script: &script,
    };
    pages.push((
        PathBuf::from("index.html"),
        renderer.render("site/index.html.tera", &page)?,
    ));
    tick();
    page.page = "actions";
    pages.push((
        PathBuf::from("actions.html"),
        renderer.render("site/actions.html.tera", &page)?,
    ));
    tick();
    pages.push((
        PathBuf::from("report.html"),
        report_page(archive, renderer, &records)?,
    ));

    let mut report = SiteReport {
        records: records.len(),
        not_rendered,
        ..SiteReport::default()
    };
    let incidents_dir = options.out.join(INCIDENTS_DIR);
    std::fs::create_dir_all(&incidents_dir).map_err(|e| Error::io(&incidents_dir, e))?;
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    for (relative_path, html) in &pages {
        let path = options.out.join(relative_path);
        match write_if_changed(&path, html.as_bytes())? {
            WriteOutcome::Written => report.written.push(path),
            WriteOutcome::Unchanged => report.unchanged += 1,
        }
    }
    report.removed = remove_stale_pages(&incidents_dir, &records)?;
    Ok(report)
}

/// The MTTR report page: `whys report`'s default (time to mitigate by quarter).
fn report_page(archive: &Archive, renderer: &Renderer, records: &[LoadedRecord]) -> Result<String> {
    use crate::report::{build, to_html_body, ReportOptions};
    let options = ReportOptions::default();
    let list: Vec<&crate::record::Record> = records.iter().map(|l| &l.record).collect();
    let report = build(&list, &options, &archive.settings)?;
    let target = options
        .metric
        .target(crate::record::ImpactKind::Outage, &archive.settings);
    #[derive(serde::Serialize)]
    struct ReportPage<'a> {
        root: &'static str,
        metric_name: &'a str,
        report_body: String,
    }
    renderer.render(
        "site/report.html.tera",
        &ReportPage {
            root: "",
            metric_name: report.metric_name,
            report_body: to_html_body(&report, target),
        },
    )
}

/// Removes incident pages whose record left the archive. Only files named like a page this
/// command writes (`<slug>.html`) are touched; anything else in the folder is someone else's.
fn remove_stale_pages(incidents_dir: &Path, records: &[LoadedRecord]) -> Result<Vec<PathBuf>> {
    let current: BTreeSet<&str> = records.iter().map(|r| r.record.id.as_str()).collect();
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
        if is_slug(stem) && !current.contains(stem) && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            removed.push(path);
        }
    }
    removed.sort();
    Ok(removed)
}
