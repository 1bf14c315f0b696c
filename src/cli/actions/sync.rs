//! `whys actions sync [PATH...] --tracker github|jira ...`

use std::path::PathBuf;

use whys::record::load_record;
use whys::tracker::{self, SyncPlan, TrackerChoice, TrackerKind};

use super::super::out::{forms, Format, Out};
use super::super::{Context, Outcome};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum TrackerArg {
    Github,
    Jira,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Credentials come from the environment only: GITHUB_TOKEN (or GH_TOKEN) for GitHub; JIRA_EMAIL and JIRA_API_TOKEN for Jira Cloud, or JIRA_PAT for Jira Data Center. See docs/tracker-sync.md."
)]
pub struct Args {
    /// Record files or folders; default: the archive's postmortems/.
    pub paths: Vec<PathBuf>,
    /// The tracker; default: `tracker.kind` in whys.yaml.
    #[arg(long, value_enum)]
    pub tracker: Option<TrackerArg>,
    /// GitHub repository, OWNER/NAME; default: `tracker.repo`.
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: Option<String>,
    /// Jira project key; default: `tracker.project`.
    #[arg(long, value_name = "KEY")]
    pub project: Option<String>,
    /// GitHub Enterprise (https://HOST/api/v3) or the Jira site; default: `tracker.api_url`,
    /// else https://api.github.com for GitHub.
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Create a ticket for each open item without one, and write it back as `ticket:`.
    #[arg(long)]
    pub create: bool,
    /// Say what would be created and updated; change nothing anywhere.
    #[arg(long)]
    pub dry_run: bool,
    /// human (a line per change, then the summary) or json (the plan as data).
    #[arg(long, value_parser = forms(&[Format::Human, Format::Json]), default_value = "human")]
    pub format: Format,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let settings = &ctx.archive.settings;
    let tracker_settings = settings.tracker.clone().unwrap_or_default();
    let timezone = whys::report::parse_timezone(&settings.timezone)?;
    let choice = TrackerChoice {
        kind: args.tracker.map(|t| match t {
            TrackerArg::Github => TrackerKind::Github,
            TrackerArg::Jira => TrackerKind::Jira,
        }),
        repo: args.repo,
        project: args.project,
        api_url: args.api_url,
    };
    let env = |name: &str| std::env::var(name).ok();
    let mut client = tracker::connect(
        &choice,
        &tracker_settings,
        &env,
        tracker::http::HttpConfig::default(),
        timezone,
    )?;
    let files = ctx.archive.record_files(&args.paths)?;
    let mut records = Vec::new();
    let mut unread = 0;
    for file in &files {
        match load_record(file, &settings.limits) {
            Ok(loaded) => records.push(loaded),
            Err(failure) => {
                unread += 1;
                eprintln!("warning: not synced: {}", failure.summary());
            }
        }
    }
    let options = tracker::SyncOptions {
        create: args.create,
        dry_run: args.dry_run,
        record_link: tracker_settings.record_url.clone(),
        archive_root: ctx.archive.root.clone(),
        timezone,
    };
    let mut plan = tracker::new_plan(client.kind(), args.dry_run);
    let result = tracker::sync(
        client.as_mut(),
        &mut records,
        &tracker_settings,
        &options,
        &mut plan,
    );
    let mut out = Out::new();
    match args.format {
        Format::Json => out.json(&plan)?,
        _ => out.text(&to_text(&plan))?,
    }
    out.finish()?;
    result?;
    Ok(if plan.findings.is_empty() && unread == 0 {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

fn to_text(plan: &SyncPlan) -> String {
    let mut out = String::new();
    let name = |i: &tracker::ItemRef| {
        format!(
            "{}/{} \"{}\"",
            i.record,
            i.key.clone().unwrap_or_else(|| format!("#{}", i.index)),
            i.title
        )
    };
    let (create, adopt, update) = if plan.dry_run {
        ("would create", "would adopt", "would update")
    } else {
        ("created", "adopted", "updated")
    };
    for c in &plan.created {
        let ticket = c.item.ticket.as_deref().unwrap_or("a ticket");
        out.push_str(&format!("{create} {ticket} for {}\n", name(&c.item)));
    }
    for c in &plan.adopted {
        let ticket = c.item.ticket.as_deref().unwrap_or("?");
        out.push_str(&format!(
            "{adopt} {ticket} (found by its marker) for {}\n",
            name(&c.item)
        ));
    }
    for c in &plan.updated {
        let changes: Vec<String> = c
            .changes
            .iter()
            .map(|f| {
                format!(
                    "{} {} -> {}",
                    f.field,
                    f.from.as_deref().unwrap_or("(none)"),
                    f.to.as_deref().unwrap_or("(removed)")
                )
            })
            .collect();
        out.push_str(&format!(
            "{update} {} from {}: {}\n",
            name(&c.item),
            c.item.ticket.as_deref().unwrap_or("?"),
            changes.join(", ")
        ));
    }
    for f in &plan.findings {
        out.push_str(&format!("finding: {}: {}\n", name(&f.item), f.message));
    }
    out.push_str(&format!(
        "{}: {} created, {} adopted, {} updated, {} unchanged, {} finding(s){}\n",
        plan.tracker,
        plan.created.len(),
        plan.adopted.len(),
        plan.updated.len(),
        plan.unchanged.len(),
        plan.findings.len(),
        if plan.dry_run {
            " (dry run: nothing was changed)"
        } else {
            ""
        }
    ));
    out
}
