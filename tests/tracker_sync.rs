//! `whys actions sync` through the real binary, against a local GitHub and Jira
//! (tests/support/fake_tracker.rs, which says which API descriptions it follows).

#[path = "support/fake_tracker.rs"]
mod fake_tracker;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use fake_tracker::{FakeTracker, Fault, GhIssue};
use serde_json::Value;

const GH_TOKEN: &str = "ghp_s3cr3tT0kenThatMustNeverLeak0000";
const JIRA_TOKEN: &str = "ATATT3xJiraTokenThatMustNeverLeak99";
const JIRA_EMAIL: &str = "sync-bot@example.com";
const RECORD: &str = "postmortems/2026/2026-01-02-payments-db.yaml";

/// A record with two open items (one with a comment of its own) and a done one, written the
/// way people write: comments, a blank line, a block scalar.
const RECORD_TEXT: &str = "\
# The payments outage of 2 January.
id: 2026-01-02-payments-db
title: Payments failed while the database failed over
status: review
severity: SEV2
impact_kind: outage
services: [payments]
summary: Card payments failed for 40 minutes.
times:
  started: 2026-01-02T10:00:00Z
  detected: 2026-01-02T10:05:00Z
  mitigated: 2026-01-02T10:40:00Z

action_items:
  # The fix first.
  - title: Retry payment writes across a failover
    horizon: short
    kind: fix
    owner: payments-team   # the team, not a person
    due: 2026-01-20
    done_when: |
      A failover drill loses no payment.
  - title: Alert on failed payment writes
    horizon: short
    kind: monitoring
    owner: sre-team
    due: 2026-01-25
  - title: Write the failover runbook
    horizon: immediate
    kind: runbook
    owner: sre-team
    due: 2026-01-03
    status: done
    done_on: 2026-01-03
";

struct Archive {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Archive {
    fn new(tracker_yaml: &str) -> Archive {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_owned();
        std::fs::write(root.join("whys.yaml"), tracker_yaml).unwrap();
        std::fs::create_dir_all(root.join("postmortems/2026")).unwrap();
        std::fs::write(root.join(RECORD), RECORD_TEXT).unwrap();
        Archive { _dir: dir, root }
    }

    fn github(server: &FakeTracker) -> Archive {
        Archive::new(&format!(
            "tracker:\n  kind: github\n  repo: acme/shop\n  api_url: {}\n  ticket_url: https://github.com/{{repo}}/issues/{{number}}\n  roles:\n    octo-ana: sre-team\n",
            server.url
        ))
    }

    fn record(&self) -> String {
        std::fs::read_to_string(self.root.join(RECORD)).unwrap()
    }

    fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_whys"));
        cmd.args(args).current_dir(&self.root);
        for name in [
            "GITHUB_TOKEN",
            "GH_TOKEN",
            "JIRA_EMAIL",
            "JIRA_API_TOKEN",
            "JIRA_PAT",
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            cmd.env_remove(name);
        }
        cmd.envs(env.iter().copied());
        cmd
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.command(args, env).output().unwrap()
    }

    /// `whys actions sync` with the GitHub token, as JSON: (exit success, plan, output).
    fn sync_github(&self, extra: &[&str]) -> (bool, Value, Output) {
        let mut args = vec!["actions", "sync", "--format", "json"];
        args.extend_from_slice(extra);
        let out = self.run(&args, &[("GITHUB_TOKEN", GH_TOKEN)]);
        let plan = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out.status.success(), plan, out)
    }

    /// `whys actions --format json --today DAY`.
    fn review(&self, today: &str) -> Value {
        let out = self.run(&["actions", "--format", "json", "--today", today], &[]);
        assert!(out.status.success(), "{}", text(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Every file under the archive, as text.
    fn all_files_text(&self) -> String {
        fn walk(dir: &Path, out: &mut String) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
                }
            }
        }
        let mut out = String::new();
        walk(&self.root, &mut out);
        out
    }
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn github_server() -> FakeTracker {
    let server = FakeTracker::start(&format!("Bearer {GH_TOKEN}"));
    // Tickets of other post-mortems, so that finding markers crosses pages (2 a page).
    let mut state = server.state.lock().unwrap();
    for n in 1..=3 {
        state.github.push(GhIssue {
            number: n,
            title: format!("Older follow-up {n}"),
            body: format!("<!-- whys-action: 2025-06-01-older/a{n} -->"),
            labels: vec!["postmortem".into()],
            state: "open".into(),
            state_reason: None,
            closed_at: None,
            assignees: Vec::new(),
            deleted: false,
        });
    }
    drop(state);
    server
}

fn item<'a>(review: &'a Value, title_start: &str) -> &'a Value {
    review["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"].as_str().unwrap().starts_with(title_start))
        .unwrap()
}

fn count(plan: &Value, what: &str) -> usize {
    plan[what].as_array().map_or(0, Vec::len)
}

#[test]
fn create_then_close_then_sync_shows_the_item_done_on_the_close_day_and_a_third_sync_changes_nothing(
) {
    let server = github_server();
    let archive = Archive::github(&server);

    let (ok, plan, out) = archive.sync_github(&["--create"]);
    assert!(ok, "{}", text(&out));
    assert_eq!(count(&plan, "created"), 2, "{plan}");
    let issues = server.github_issues();
    assert_eq!(issues.len(), 5);
    let fix = issues
        .iter()
        .find(|i| i.title.starts_with("Retry"))
        .unwrap();
    assert_eq!(fix.labels, vec!["postmortem", "short"]);
    assert!(fix.body.contains("Due: 2026-01-20"), "{}", fix.body);
    assert!(fix.body.contains("A failover drill loses no payment."));
    assert!(fix.body.contains("Kind: fix") && fix.body.contains("Horizon: short"));
    assert!(fix
        .body
        .contains("postmortems/2026/2026-01-02-payments-db.yaml"));
    assert!(fix
        .body
        .contains("<!-- whys-action: 2026-01-02-payments-db/a1 -->"));
    // The record kept its comments and layout; only key and ticket lines were added.
    let record = archive.record();
    let expected = RECORD_TEXT
        .replace(
            "    due: 2026-01-20\n",
            "    due: 2026-01-20\n    key: a1\n    ticket: \"acme/shop#4\"\n",
        )
        .replace(
            "    due: 2026-01-25\n",
            "    due: 2026-01-25\n    key: a2\n    ticket: \"acme/shop#5\"\n",
        );
    assert_eq!(record, expected);
    // The marker listing crossed pages by the Link header.
    assert!(server
        .requests()
        .iter()
        .any(|(m, p)| m == "GET" && p.starts_with("/repositories/42/issues")));

    server.close_github(4, "2026-01-07T09:00:00Z");
    let (ok, plan, out) = archive.sync_github(&[]);
    assert!(ok, "{}", text(&out));
    assert_eq!(count(&plan, "updated"), 1, "{plan}");
    let review = archive.review("2026-03-01");
    let fix = item(&review, "Retry");
    assert_eq!(fix["status"], "done");
    assert_eq!(fix["done_on"], "2026-01-07");
    assert_eq!(fix["ticket"], "acme/shop#4");
    assert_eq!(item(&review, "Alert")["status"], "open");
    // Follow-through: three items due by March, two done by their due date.
    let quarter = &review["follow_through"][0];
    assert_eq!(quarter["quarter"], "2026-Q1");
    assert_eq!(quarter["due_items"], 3);
    assert_eq!(quarter["done_by_due"], 2);
    let md = archive.run(&["actions", "--today", "2026-03-01"], &[]);
    assert!(
        String::from_utf8_lossy(&md.stdout).contains("| 2026-Q1 | 3 | 2 | 67% |"),
        "{}",
        text(&md)
    );
    // The report's summary (of 2026-Q1, once it has ended) counts the same follow-through
    // from the synced record.
    let report = archive.run(
        &["report", "--format", "json", "--today", "2026-04-02"],
        &[],
    );
    assert!(report.status.success(), "{}", text(&report));
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let shares = report["summary"]["follow_through"].as_array().unwrap();
    let total = |field: &str| -> u64 { shares.iter().filter_map(|h| h[field].as_u64()).sum() };
    assert_eq!(
        (total("due"), total("done_by_due")),
        (3, 2),
        "{}",
        report["summary"]
    );

    let before = archive.record();
    let requests_before = server.requests().len();
    let (ok, plan, out) = archive.sync_github(&["--create"]);
    assert!(ok, "{}", text(&out));
    assert_eq!(
        (
            count(&plan, "created"),
            count(&plan, "adopted"),
            count(&plan, "updated")
        ),
        (0, 0, 0),
        "{plan}"
    );
    assert_eq!(archive.record(), before);
    assert!(server
        .requests()
        .iter()
        .skip(requests_before)
        .all(|(m, _)| m == "GET"));
    assert_eq!(server.github_issues().len(), 5);
    // `whys check` accepts what sync wrote.
    let check = archive.run(&["check", RECORD], &[]);
    assert!(
        !String::from_utf8_lossy(&check.stdout).contains("actions/key"),
        "{}",
        text(&check)
    );
}

#[test]
fn a_reopened_ticket_makes_the_item_open_again() {
    let server = github_server();
    let archive = Archive::github(&server);
    assert!(archive.sync_github(&["--create"]).0);
    server.close_github(5, "2026-01-08T12:00:00Z");
    assert!(archive.sync_github(&[]).0);
    assert_eq!(
        item(&archive.review("2026-02-01"), "Alert")["status"],
        "done"
    );
    server.reopen_github(5);
    let (ok, plan, out) = archive.sync_github(&[]);
    assert!(ok, "{}", text(&out));
    let changes = &plan["updated"][0]["changes"];
    assert_eq!(changes[0]["field"], "status");
    assert_eq!(changes[0]["to"], "open");
    assert_eq!(changes[1]["field"], "done_on");
    assert!(changes[1].get("to").is_none());
    let review = archive.review("2026-02-01");
    let alert = item(&review, "Alert");
    assert_eq!(alert["status"], "open");
    assert!(alert["done_on"].is_null());
    assert!(!archive.record().contains("done_on: 2026-01-08"));
}

#[test]
fn a_deleted_ticket_is_a_finding_that_names_the_item() {
    let server = github_server();
    let archive = Archive::github(&server);
    assert!(archive.sync_github(&["--create"]).0);
    server.delete_github(4);
    let before = archive.record();
    let (ok, plan, out) = archive.sync_github(&[]);
    assert!(!ok, "findings fail the run: {}", text(&out));
    let finding = &plan["findings"][0];
    assert_eq!(
        finding["item"]["title"],
        "Retry payment writes across a failover"
    );
    assert_eq!(finding["item"]["ticket"], "acme/shop#4");
    assert!(finding["message"]
        .as_str()
        .unwrap()
        .contains("does not exist"));
    assert_eq!(archive.record(), before);
    // The text form names it too.
    let human = archive.run(&["actions", "sync"], &[("GITHUB_TOKEN", GH_TOKEN)]);
    assert!(
        String::from_utf8_lossy(&human.stdout)
            .contains("finding: 2026-01-02-payments-db/a1 \"Retry payment writes"),
        "{}",
        text(&human)
    );
}

#[test]
fn a_refused_token_is_explained_and_changes_nothing() {
    let server = github_server();
    let archive = Archive::github(&server);
    let out = archive.run(
        &["actions", "sync", "--create"],
        &[("GITHUB_TOKEN", "ghp_wrongTokenWrongTokenWrongToken00")],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("HTTP 401 (Bad credentials)"), "{stderr}");
    assert!(
        stderr.contains("check that GITHUB_TOKEN (or GH_TOKEN)"),
        "{stderr}"
    );
    assert!(!stderr.contains("ghp_wrongToken"), "{stderr}");
    assert_eq!(server.github_issues().len(), 3);
    // The key was written before the ticket was looked for; nothing else.
    assert!(!archive.record().contains("ticket:"));
}

#[test]
fn rate_limits_are_waited_out_then_the_sync_succeeds() {
    let server = github_server();
    let archive = Archive::github(&server);
    server.fault(
        "GET",
        "/repos/acme/shop/issues",
        Fault::TooManyRequests { retry_after: 1 },
    );
    server.fault(
        "POST",
        "/repos/acme/shop/issues",
        Fault::TooManyRequests { retry_after: 1 },
    );
    server.fault(
        "POST",
        "/repos/acme/shop/issues",
        Fault::RateLimitExhausted { reset_in: 1 },
    );
    let started = Instant::now();
    let (ok, plan, out) = archive.sync_github(&["--create"]);
    assert!(ok, "{}", text(&out));
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "waited as told"
    );
    assert_eq!(count(&plan, "created"), 2);
    assert_eq!(server.github_issues().len(), 5, "no duplicate from a retry");
    let posts = server
        .requests()
        .iter()
        .filter(|(m, _)| m == "POST")
        .count();
    assert_eq!(posts, 4, "two refused, two done");
}

#[test]
fn a_5xx_on_a_create_is_not_retried_blindly_and_the_rerun_finishes() {
    let server = github_server();
    let archive = Archive::github(&server);
    server.fault("POST", "/repos/acme/shop/issues", Fault::BadGateway);
    let (ok, _, out) = archive.sync_github(&["--create"]);
    assert!(!ok);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("HTTP 502"),
        "{}",
        text(&out)
    );
    let (ok, plan, out) = archive.sync_github(&["--create"]);
    assert!(ok, "{}", text(&out));
    assert_eq!(count(&plan, "created"), 2);
    assert_eq!(server.github_issues().len(), 5);
}

#[test]
fn a_connection_dropped_after_a_create_leaves_no_duplicate_on_rerun() {
    let server = github_server();
    let archive = Archive::github(&server);
    // The first create is done, but its answer never arrives: the connection drops.
    server.fault("POST", "/repos/acme/shop/issues", Fault::DropAfterCreate);
    let (ok, _, out) = archive.sync_github(&["--create"]);
    assert!(!ok, "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("run the sync again"),
        "{}",
        text(&out)
    );
    assert_eq!(server.github_issues().len(), 4, "the create happened");
    let record = archive.record();
    assert!(record.contains("key: a1"), "{record}");
    assert!(!record.contains("ticket:"), "{record}");
    let (ok, plan, out) = archive.sync_github(&["--create"]);
    assert!(ok, "{}", text(&out));
    assert_eq!(count(&plan, "adopted"), 1, "{plan}");
    assert_eq!(count(&plan, "created"), 1, "{plan}");
    assert_eq!(server.github_issues().len(), 5, "no duplicate");
    assert!(archive.record().contains("ticket: \"acme/shop#4\""));
}

#[test]
fn a_run_killed_between_creating_a_ticket_and_writing_the_record_leaves_no_duplicate() {
    let server = github_server();
    let archive = Archive::github(&server);
    server.fault("POST", "/repos/acme/shop/issues", Fault::HoldAfterCreate);
    let mut child = archive
        .command(
            &["actions", "sync", "--create"],
            &[("GITHUB_TOKEN", GH_TOKEN)],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !server.state.lock().unwrap().holding {
        assert!(Instant::now() < deadline, "the create never came");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(server.github_issues().len(), 4, "the ticket exists");
    let record = archive.record();
    assert!(!record.contains("ticket:"), "{record}");
    // The record is whole: it loads and says what it said, plus the key.
    let review = archive.review("2026-01-05");
    assert_eq!(review["items"].as_array().unwrap().len(), 3);

    let (ok, plan, out) = archive.sync_github(&["--create"]);
    assert!(ok, "{}", text(&out));
    assert_eq!(
        plan["adopted"][0]["item"]["ticket"], "acme/shop#4",
        "{plan}"
    );
    assert_eq!(count(&plan, "created"), 1);
    assert_eq!(server.github_issues().len(), 5, "no duplicate");
}

#[test]
fn dry_run_says_what_it_would_do_and_changes_nothing() {
    let server = github_server();
    let archive = Archive::github(&server);
    let out = archive.run(
        &["actions", "sync", "--create", "--dry-run"],
        &[("GITHUB_TOKEN", GH_TOKEN)],
    );
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("would create a ticket for 2026-01-02-payments-db/a1 \"Retry payment")
            && stdout.contains("would create a ticket for 2026-01-02-payments-db/a2 \"Alert on"),
        "{stdout}"
    );
    assert!(
        stdout.contains("github: 2 created, 0 adopted, 0 updated, 1 unchanged, 0 finding(s) (dry run: nothing was changed)"),
        "{stdout}"
    );
    assert_eq!(archive.record(), RECORD_TEXT);
    assert!(server.requests().iter().all(|(m, _)| m == "GET"));
    assert_eq!(server.github_issues().len(), 3);
}

#[test]
fn an_assignee_other_than_the_owner_is_reported_by_role_never_by_name() {
    let server = github_server();
    let archive = Archive::github(&server);
    assert!(archive.sync_github(&["--create"]).0);
    server.assign_github(4, "octo-ana");
    server.assign_github(5, "someone-unlisted");
    let (ok, plan, out) = archive.sync_github(&[]);
    assert!(!ok);
    let findings = plan["findings"].to_string();
    assert!(
        findings.contains("`sre-team` but the owner is `payments-team`"),
        "{findings}"
    );
    assert!(findings.contains("1 account(s) with no role"), "{findings}");
    for name in ["octo-ana", "someone-unlisted"] {
        assert!(!text(&out).contains(name), "{}", text(&out));
        assert!(!archive.record().contains(name));
    }
}

/// Three tickets of another post-mortem, so that every marker search crosses pages.
fn seed_jira(server: &FakeTracker, cloud: bool) {
    let mut state = server.state.lock().unwrap();
    for n in 1..=3u64 {
        let marker = format!("whys-action: 2025-06-01-older/a{n}");
        let description = if cloud {
            serde_json::json!({"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": marker}]}]})
        } else {
            Value::String(marker)
        };
        state.jira.push(fake_tracker::JiraIssue {
            id: 10000 + n,
            key: format!("PAY-{n}"),
            fields: serde_json::json!({
                "project": {"key": "PAY"},
                "summary": format!("Older follow-up {n}"),
                "labels": ["postmortem"],
                "description": description,
                "status": {"name": "To Do", "statusCategory": {"id": 2, "key": "new", "name": "To Do"}},
                "resolutiondate": null,
                "assignee": null,
            }),
            deleted: false,
        });
    }
}

fn jira_archive(server: &FakeTracker) -> Archive {
    Archive::new(&format!(
        "tracker:\n  kind: jira\n  project: PAY\n  api_url: {}\n  ticket_url: https://acme.atlassian.net/browse/{{key}}\n",
        server.url
    ))
}

#[test]
fn jira_cloud_create_resolve_and_read_back() {
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{JIRA_EMAIL}:{JIRA_TOKEN}"));
    let server = FakeTracker::start(&format!("Basic {basic}"));
    seed_jira(&server, true);
    let archive = jira_archive(&server);
    let env = [("JIRA_EMAIL", JIRA_EMAIL), ("JIRA_API_TOKEN", JIRA_TOKEN)];
    for _ in 0..2 {
        let out = archive.run(&["actions", "sync", "--create", "--format", "json"], &env);
        assert!(out.status.success(), "{}", text(&out));
    }
    let issues = server.jira_issues();
    assert_eq!(issues.len(), 5, "the rerun creates nothing");
    let fix = &issues[3];
    assert_eq!(fix.key, "PAY-4");
    assert_eq!(fix.fields["duedate"], "2026-01-20");
    assert_eq!(
        fix.fields["labels"],
        serde_json::json!(["postmortem", "short"])
    );
    assert_eq!(fix.fields["issuetype"]["name"], "Task");
    assert_eq!(fix.fields["description"]["type"], "doc");
    assert!(fix.fields["description"]
        .to_string()
        .contains("whys-action: 2026-01-02-payments-db/a1"));
    assert!(archive.record().contains("ticket: PAY-4"));
    assert!(
        server
            .requests()
            .iter()
            .any(|(_, p)| p.starts_with("/rest/api/3/search/jql")
                && p.contains("nextPageToken=tok-2"))
    );

    server.resolve_jira("PAY-5", "2026-01-09T16:30:00.000+0000");
    let out = archive.run(&["actions", "sync", "--format", "json"], &env);
    assert!(out.status.success(), "{}", text(&out));
    let review = archive.review("2026-02-01");
    assert_eq!(item(&review, "Alert")["status"], "done");
    assert_eq!(item(&review, "Alert")["done_on"], "2026-01-09");
    let before = archive.record();
    let out = archive.run(&["actions", "sync", "--format", "json"], &env);
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(count(&plan, "updated"), 0, "{plan}");
    assert_eq!(archive.record(), before);
}

#[test]
fn jira_data_center_pages_by_start_at_and_finds_markers() {
    let pat = "NjE2DataCenterPATThatMustNeverLeak";
    let server = FakeTracker::start(&format!("Bearer {pat}"));
    seed_jira(&server, false);
    let archive = jira_archive(&server);
    server.fault(
        "POST",
        "/rest/api/2/issue",
        Fault::TooManyRequests { retry_after: 1 },
    );
    let out = archive.run(&["actions", "sync", "--create"], &[("JIRA_PAT", pat)]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(server.jira_issues().len(), 5);
    assert!(server.jira_issues()[4].fields["description"].is_string());
    // Forget the tickets in the record (as if the writes were lost) but keep the keys.
    let forgotten: String = archive
        .record()
        .lines()
        .filter(|l| !l.trim_start().starts_with("ticket:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(archive.root.join(RECORD), forgotten).unwrap();
    let out = archive.run(
        &["actions", "sync", "--create", "--format", "json"],
        &[("JIRA_PAT", pat)],
    );
    assert!(out.status.success(), "{}", text(&out));
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(count(&plan, "adopted"), 2, "{plan}");
    assert_eq!(server.jira_issues().len(), 5);
    assert!(server
        .requests()
        .iter()
        .any(|(_, p)| p.starts_with("/rest/api/2/search") && p.contains("startAt=2")));
}

#[test]
fn jira_refused_credentials_are_explained() {
    let server = FakeTracker::start("Basic something-else");
    let archive = jira_archive(&server);
    let out = archive.run(
        &["actions", "sync"],
        &[("JIRA_EMAIL", JIRA_EMAIL), ("JIRA_API_TOKEN", JIRA_TOKEN)],
    );
    // No item has a ticket and --create is off: nothing to ask, so no error.
    assert!(out.status.success(), "{}", text(&out));
    let out = archive.run(
        &["actions", "sync", "--create"],
        &[("JIRA_EMAIL", JIRA_EMAIL), ("JIRA_API_TOKEN", JIRA_TOKEN)],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("HTTP 401"), "{stderr}");
    assert!(
        stderr.contains("check JIRA_EMAIL and JIRA_API_TOKEN"),
        "{stderr}"
    );
}

#[test]
fn no_token_appears_in_any_output_file_or_error() {
    let server = github_server();
    let archive = Archive::github(&server);
    let mut outputs = String::new();
    for (args, token) in [
        (vec!["actions", "sync", "--create"], GH_TOKEN),
        (vec!["actions", "sync", "--format", "json"], GH_TOKEN),
        (vec!["actions", "sync", "--create", "--dry-run"], GH_TOKEN),
        (
            vec!["actions", "sync"],
            "ghp_s3cr3tT0kenThatMustNeverLeak0001",
        ),
    ] {
        let out = archive.run(&args, &[("GITHUB_TOKEN", token)]);
        outputs.push_str(&text(&out));
    }
    server.delete_github(5);
    server.fault(
        "GET",
        "/repos/acme/shop/issues/4",
        Fault::RateLimitExhausted { reset_in: 3600 },
    );
    let out = archive.run(&["actions", "sync"], &[("GITHUB_TOKEN", GH_TOKEN)]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("rate limit asks to wait"),
        "{}",
        text(&out)
    );
    outputs.push_str(&text(&out));
    let unreachable = archive.run(
        &["actions", "sync", "--api-url", "http://127.0.0.1:9"],
        &[("GH_TOKEN", GH_TOKEN)],
    );
    outputs.push_str(&text(&unreachable));
    let files = archive.all_files_text();
    for secret in [GH_TOKEN, "s3cr3tT0ken"] {
        assert!(!outputs.contains(secret), "{outputs}");
        assert!(!files.contains(secret));
    }
    let bodies: String = server
        .github_issues()
        .iter()
        .map(|i| format!("{}{}", i.title, i.body))
        .collect();
    assert!(!bodies.contains("s3cr3t"));
}

#[test]
fn requests_go_through_the_proxy_in_https_proxy() {
    let server = github_server();
    // A tracker host that does not resolve: only the proxy can reach it.
    let archive = Archive::new(
        "tracker:\n  kind: github\n  repo: acme/shop\n  api_url: http://tracker.invalid\n",
    );
    let out = archive.run(
        &["actions", "sync", "--create"],
        &[
            ("GITHUB_TOKEN", GH_TOKEN),
            ("HTTPS_PROXY", server.url.as_str()),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(server.github_issues().len(), 5);
    let raw = server.state.lock().unwrap().raw_targets.clone();
    assert!(raw.iter().any(|t| t == "tracker.invalid:80"), "{raw:?}");
}
