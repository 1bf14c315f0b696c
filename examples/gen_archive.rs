//! A synthetic archive of realistic `whys/v1` records, for benchmarks and load tests.
//!
//! ```sh
//! cargo run --release --example gen_archive -- --records 10000 --seed 1 --out bench/out/a10k
//! ```
//!
//! The same `--records` and `--seed` always give the same bytes. Records look like the
//! reference record (about 6-8 KB each): 5-30 timeline entries, 3-7 whys, 2-10 action items,
//! durations drawn from log-normal distributions (most incidents are short, a few are very
//! long), spread over several years under `postmortems/<year>/<id>.yaml`. A few records carry
//! a blameful sentence or a planted piece of personal data, so the wording and personal-data
//! rules have something to find, as in a real archive.
//!
//! Options: `--records N` (default 1000), `--seed S` (default 1), `--out DIR` (required; made
//! if missing; an existing `postmortems/` inside it is replaced), `--first-year Y` (default
//! 2019), `--years K` (default 7).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Utc};

/// SplitMix64: tiny, seedable, the same stream on every platform. Not cryptographic, and
/// it need not be.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.range(0, items.len() - 1)]
    }

    /// Standard normal, by Box-Muller.
    fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// Log-normal minutes with the given median and spread (sigma of the log).
    fn log_normal_minutes(&mut self, median: f64, sigma: f64) -> i64 {
        (median * (sigma * self.normal()).exp()).round().max(1.0) as i64
    }
}

const SERVICES: &[&str] = &[
    "payment-service",
    "payments-db",
    "checkout-api",
    "cart-service",
    "search-suggest",
    "catalogue-indexer",
    "auth-gateway",
    "session-store",
    "notification-worker",
    "email-sender",
    "billing-batch",
    "ledger",
    "inventory-service",
    "pricing-engine",
    "recommendation-api",
    "image-resizer",
    "cdn-edge",
    "dns-resolver",
    "kafka-cluster",
    "redis-cache",
    "postgres-primary",
    "object-storage",
    "api-gateway",
    "mobile-backend",
    "feature-flags",
    "ci-runner",
    "deploy-pipeline",
    "observability-stack",
    "shipping-quotes",
    "fraud-scoring",
];

const TAGS: &[&str] = &[
    "database",
    "connection-pool",
    "cron",
    "cache",
    "dns",
    "tls",
    "certificate",
    "deploy",
    "config",
    "capacity",
    "memory",
    "disk",
    "network",
    "queue",
    "retry-storm",
    "rate-limit",
    "dependency",
    "third-party",
    "migration",
    "feature-flag",
    "timeout",
    "load-balancer",
];

const TEAMS: &[&str] = &[
    "payments-team",
    "payments-oncall",
    "sre-team",
    "database-team",
    "search-team",
    "platform-team",
    "identity-team",
    "checkout-team",
    "infra-oncall",
    "data-team",
    "mobile-team",
    "edge-team",
];

/// The roster written to `whys.yaml`; some blameful sentences name these people.
const PEOPLE: &[&str] = &[
    "Priya Raman",
    "Tomasz Nowak",
    "Aiko Tanaka",
    "Lucas Moreau",
    "Fatima Haddad",
    "Jonas Berg",
];

/// (what went wrong, the mechanism, the system part it sits in)
const FAILURES: &[(&str, &str, &str)] = &[
    (
        "connection pool exhaustion",
        "the pool kept handing out connections that the database had already reset",
        "connection pool",
    ),
    (
        "certificate expiry",
        "the renewal job failed silently and no alert watched the expiry date",
        "certificate renewal job",
    ),
    (
        "cache stampede",
        "every replica recomputed the same expired keys at the same moment",
        "cache layer",
    ),
    (
        "retry storm",
        "clients retried without backoff and multiplied the load on a slow dependency",
        "client retry policy",
    ),
    (
        "disk full",
        "log rotation stopped after an agent upgrade and the volume filled up",
        "log rotation",
    ),
    (
        "memory leak",
        "a buffer was kept per request in a map that was never pruned",
        "request buffer",
    ),
    (
        "DNS misresolution",
        "a stale record pointed half of the traffic at a decommissioned load balancer",
        "DNS record",
    ),
    (
        "queue backlog",
        "consumers blocked on a lock held by a long batch job",
        "consumer lock",
    ),
    (
        "schema migration lock",
        "an index build took an exclusive lock on the busiest table",
        "schema migration",
    ),
    (
        "feature flag misfire",
        "a flag targeting rule matched every tenant instead of the pilot group",
        "flag targeting rule",
    ),
    (
        "rate limiter misconfiguration",
        "the new limit was read as requests per minute instead of per second",
        "rate limiter config",
    ),
    (
        "third-party outage",
        "the payment provider returned errors and the circuit breaker never opened",
        "circuit breaker",
    ),
];

const LATENCY: &[&str] = &[
    "p99 of the main endpoint rose from 180 ms to 12 s while p50 stayed near normal, the mark of one slow dependency.",
    "Latency stayed flat at the edge; the backend queue wait time grew by two orders of magnitude.",
    "Median latency doubled within five minutes of the change and stayed there until the rollback.",
];
const TRAFFIC: &[&str] = &[
    "Normal for the hour; no spike.",
    "Traffic fell by a third as clients gave up and did not retry.",
    "Retries tripled the request rate against the dependency at the height of the incident.",
];
const ERRORS: &[&str] = &[
    "5xx rose to 14% of requests at the gateway; most were upstream timeouts.",
    "No errors at the API: failures were swallowed inside a retry loop without a log line.",
    "Error rate climbed steadily with the backlog and fell at once after mitigation.",
];
const SATURATION: &[&str] = &[
    "The pool sat at 100 of 100 connections for the whole window.",
    "CPU on the primary stayed at 95% while the batch job ran.",
    "The volume reached 100% and writes were rejected.",
];

const EVENTS: &[&str] = &[
    "Alert fires for elevated error rate on {svc}; the on-call rotation is paged.",
    "Incident channel opened and an incident commander takes over coordination.",
    "Dashboards show {what} building up on {svc} since the change.",
    "Rollback of the last release of {svc} started through the deploy pipeline.",
    "Traffic shifted away from the affected zone while the investigation continues.",
    "Status page updated: customers see degraded performance on {svc}.",
    "Hypothesis ruled out: the upstream provider reports no problems on its side.",
    "Capacity of {svc} doubled as a stopgap; error rate falls but does not recover fully.",
    "The {part} is identified as the likely cause after comparing traces of good and failing requests.",
    "Configuration of {svc} reverted to the previous version; requests succeed again.",
    "Backlog drained; queue depth back under the alerting threshold.",
    "Monitoring confirms recovery: latency and errors back to their weekly baseline.",
    "Customer support informed with a summary and a link to the status page.",
    "Follow-up review scheduled with the owning teams.",
];

const CONTRIBUTING: &[&str] = &[
    "The alert on this signal had been tuned so loosely that it fired only after customers noticed.",
    "The runbook described the previous architecture and pointed at a dashboard that no longer exists.",
    "Staging does not carry production-like load, so the regression could not show there.",
    "Two teams owned parts of the path and neither had the whole picture during the incident.",
    "The change was rolled out to every region at once instead of through a canary.",
    "Retries without jitter turned a short blip into a sustained overload.",
];

/// A blameful sentence now and then, as real drafts have before review.
const BLAME: &[&str] = &[
    "{person} deployed broken code to production without a canary.",
    "This was human error during a routine change.",
    "The on-call engineer should have noticed the alert earlier.",
    "Obviously the configuration was wrong from the start.",
    "{person} forgot to renew the certificate before the weekend.",
    "The operator ran the wrong migration against the primary.",
];

/// Personal data that slipped into a record, planted so the rules have something to find.
const PII: &[&str] = &[
    "Customer reported it from jane.doe@example.com with a screenshot.",
    "The caller left a callback number, +1 415 555 0134, in the ticket.",
    "Requests from 203.0.113.77 kept failing during the window.",
    "The affected card ending was logged in full as 4111 1111 1111 1111.",
];

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_archive: {message}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    records: usize,
    seed: u64,
    out: PathBuf,
    first_year: i32,
    years: i32,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        records: 1000,
        seed: 1,
        out: PathBuf::new(),
        first_year: 2019,
        years: 7,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--records" => options.records = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => options.seed = value()?.parse().map_err(|e| format!("{e}"))?,
            "--out" => options.out = PathBuf::from(value()?),
            "--first-year" => options.first_year = value()?.parse().map_err(|e| format!("{e}"))?,
            "--years" => options.years = value()?.parse().map_err(|e| format!("{e}"))?,
            other => {
                return Err(format!(
                "unknown option {other}; usage: gen_archive --records N --seed S --out DIR [--first-year Y] [--years K]"
            ))
            }
        }
    }
    if options.out.as_os_str().is_empty() {
        return Err("--out DIR is required".into());
    }
    if options.years < 1 {
        return Err("--years must be at least 1".into());
    }
    Ok(options)
}

fn run() -> Result<(), String> {
    let options = parse_args()?;
    let postmortems = options.out.join("postmortems");
    if postmortems.exists() {
        std::fs::remove_dir_all(&postmortems)
            .map_err(|e| format!("{}: {e}", postmortems.display()))?;
    }
    std::fs::create_dir_all(&postmortems).map_err(|e| format!("{}: {e}", postmortems.display()))?;
    write_file(&options.out.join("whys.yaml"), &settings_text())?;

    // Start times first, sorted, so that ids carry a sequence number in time order and
    // `related:` can point back at earlier incidents.
    let mut rng = Rng::new(options.seed);
    let span_days = i64::from(options.years) * 365;
    let first = Utc
        .with_ymd_and_hms(options.first_year, 1, 1, 0, 0, 0)
        .single()
        .ok_or("bad --first-year")?;
    let mut starts: Vec<DateTime<Utc>> = (0..options.records)
        .map(|_| first + Duration::minutes((rng.unit() * (span_days * 1440) as f64) as i64))
        .collect();
    starts.sort();

    let mut ids: Vec<String> = Vec::with_capacity(options.records);
    let mut bytes = 0usize;
    let mut years = std::collections::BTreeSet::new();
    for (n, started) in starts.iter().enumerate() {
        // Each record gets its own stream, so one record's shape does not shift the others.
        let mut rng = Rng::new(options.seed.wrapping_mul(1_000_003) ^ (n as u64 + 1));
        let record = generate(&mut rng, n, *started, &ids);
        let year = started.format("%Y").to_string();
        let dir = postmortems.join(&year);
        if years.insert(year) {
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        write_file(&dir.join(format!("{}.yaml", record.id)), &record.text)?;
        bytes += record.text.len();
        ids.push(record.id);
    }
    eprintln!(
        "gen_archive: {} records, {} bytes ({} bytes a record on average) in {}",
        options.records,
        bytes,
        bytes.checked_div(options.records).unwrap_or(0),
        postmortems.display()
    );
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn settings_text() -> String {
    let mut s = String::from("# Generated by examples/gen_archive.rs for benchmarks.\npeople:\n");
    for p in PEOPLE {
        let _ = writeln!(s, "  - {p}");
    }
    s
}

struct Generated {
    id: String,
    text: String,
}

/// A YAML scalar on one line: plain when that reads back as the same string, else
/// double-quoted (JSON string syntax is valid YAML).
fn scalar(text: &str) -> String {
    let plain_safe = !text.is_empty()
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`\u{20}".contains(c))
        && !text.contains(['\n', '"', '\\'])
        && !matches!(text, "true" | "false" | "null" | "yes" | "no" | "~")
        && text.parse::<f64>().is_err();
    if plain_safe {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// A Markdown block scalar, indented.
fn block(out: &mut String, indent: usize, key: &str, text: &str) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}: |");
    for line in text.lines() {
        let _ = writeln!(out, "{pad}  {line}");
    }
}

/// Text wrapped at about 80 columns, as people write in editors.
fn wrap(text: &str) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        if line > 0 && line + word.len() > 78 {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

/// The offset a record writes its times with: mostly UTC, sometimes local.
fn offset(rng: &mut Rng) -> FixedOffset {
    let hours = match rng.range(0, 9) {
        0 => 2,
        1 => -5,
        2 => 1,
        3 => 9,
        _ => 0,
    };
    FixedOffset::east_opt(hours * 3600).unwrap_or(Utc.fix())
}

fn time(t: DateTime<Utc>, tz: FixedOffset) -> String {
    let local = t.with_timezone(&tz);
    if tz.local_minus_utc() == 0 {
        local.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        local.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

fn day(t: NaiveDate) -> String {
    t.format("%Y-%m-%d").to_string()
}

fn fill(template: &str, svc: &str, what: &str, part: &str, person: &str) -> String {
    template
        .replace("{svc}", &format!("`{svc}`"))
        .replace("{what}", what)
        .replace("{part}", part)
        .replace("{person}", person)
}

fn generate(rng: &mut Rng, n: usize, started: DateTime<Utc>, earlier: &[String]) -> Generated {
    let tz = offset(rng);
    let (what, mechanism, part) = FAILURES[rng.range(0, FAILURES.len() - 1)];
    let service_count = rng.range(1, 3);
    let mut services: Vec<&str> = Vec::new();
    while services.len() < service_count {
        let s = rng.pick(SERVICES);
        if !services.contains(&s) {
            services.push(s);
        }
    }
    let svc = services[0];
    let person = rng.pick(PEOPLE);
    let team = rng.pick(TEAMS);

    // Durations in minutes, log-normal: the median incident is short, the tail is long.
    let ttd = rng.log_normal_minutes(12.0, 1.3);
    let tta = rng.log_normal_minutes(6.0, 0.9);
    let ttm = ttd + tta + rng.log_normal_minutes(45.0, 1.2);
    let ttrc = ttm + rng.log_normal_minutes(180.0, 1.4);
    let ttr = ttrc.max(ttm) + rng.log_normal_minutes(600.0, 1.5);
    let at = |minutes: i64| started + Duration::minutes(minutes);
    let detected = at(ttd);
    let acknowledged = at(ttd + tta);
    let mitigated = at(ttm);
    let root_caused = at(ttrc);
    let resolved = at(ttr);

    let status = match rng.range(0, 19) {
        0 => "draft",
        1 | 2 => "review",
        _ => "published",
    };
    let severity = ["SEV1", "SEV2", "SEV2", "SEV3", "SEV3", "SEV3", "SEV4"][rng.range(0, 6)];
    let impact_kind = ["outage", "degraded", "degraded", "feature"][rng.range(0, 3)];
    let slug: String = what
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let id = format!("{}-{}-{}-{:05}", started.format("%Y-%m-%d"), svc, slug, n);

    // One narrative field in a dozen records gets a blameful sentence, one in twenty a piece
    // of personal data; where they go is decided here and spliced in below.
    let blame = rng
        .chance(0.08)
        .then(|| fill(rng.pick(BLAME), svc, what, part, person));
    let pii = rng.chance(0.05).then(|| rng.pick(PII).to_owned());

    let mut y = String::with_capacity(8192);
    let _ = writeln!(y, "schema: whys/v1");
    let _ = writeln!(y, "id: {id}");
    let title = format!(
        "{} on {svc} {}",
        capitalise(what),
        [
            "degraded requests",
            "dropped writes",
            "caused errors",
            "slowed checkout"
        ][rng.range(0, 3)]
    );
    let _ = writeln!(y, "title: {}", scalar(&title));
    let _ = writeln!(y, "status: {status}");
    let _ = writeln!(y, "severity: {severity}");
    let _ = writeln!(y, "impact_kind: {impact_kind}");
    let _ = writeln!(y, "services: [{}]", services.join(", "));
    let tag_count = rng.range(1, 4);
    let mut tags: Vec<&str> = Vec::new();
    while tags.len() < tag_count {
        let t = rng.pick(TAGS);
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let _ = writeln!(y, "tags: [{}]", tags.join(", "));
    let _ = writeln!(y, "authors: [{team}]");

    let mut summary = format!(
        "For {} minutes, requests to `{svc}` were affected by a {what}. {} The incident was \
         detected {} after it started and mitigated by rolling back the change that exposed \
         it. {}",
        ttm,
        capitalise(mechanism) + ".",
        minutes_text(ttd),
        [
            "Other services kept working normally throughout.",
            "Dependent services saw elevated latency but no errors.",
            "Clients retried, which hid part of the impact from the error dashboards.",
        ][rng.range(0, 2)]
    );
    if let Some(b) = &blame {
        if rng.chance(0.5) {
            summary.push(' ');
            summary.push_str(b);
        }
    }
    block(&mut y, 0, "summary", &wrap(&summary));
    let users = rng.log_normal_minutes(800.0, 1.8);
    let _ = writeln!(y, "impact:");
    let _ = writeln!(y, "  users_affected: {users}");
    let mut impact = format!(
        "About {users} users saw failed or slow requests on `{svc}` during the window. \
         No data was lost; affected operations were retried or replayed from the logs \
         once the service recovered."
    );
    if let Some(p) = &pii {
        impact.push(' ');
        impact.push_str(p);
    }
    block(&mut y, 2, "description", &wrap(&impact));
    let detection = [
        "monitoring",
        "alert",
        "alert",
        "customer-report",
        "internal-report",
    ][rng.range(0, 4)];
    let _ = writeln!(y, "detection: {detection}");
    let _ = writeln!(y, "times:");
    let _ = writeln!(y, "  started: {}", time(started, tz));
    let _ = writeln!(y, "  detected: {}", time(detected, tz));
    let _ = writeln!(y, "  acknowledged: {}", time(acknowledged, tz));
    if status != "draft" {
        let _ = writeln!(y, "  root_caused: {}", time(root_caused, tz));
        let _ = writeln!(y, "  mitigated: {}", time(mitigated, tz));
    }
    if status == "published" {
        let _ = writeln!(y, "  resolved: {}", time(resolved, tz));
    }
    let change_at = started - Duration::minutes(rng.log_normal_minutes(90.0, 1.5));
    let change_kind = [
        "deploy",
        "config",
        "cron",
        "migration",
        "dependency",
        "infrastructure",
    ][rng.range(0, 5)];
    let _ = writeln!(y, "changes:");
    let _ = writeln!(y, "  - at: {}", time(change_at, tz));
    let _ = writeln!(y, "    kind: {change_kind}");
    let _ = writeln!(
        y,
        "    description: {}",
        scalar(&format!(
            "Release {}.{} of `{svc}` rolled out to all regions, touching the {part}.",
            rng.range(1, 9),
            rng.range(0, 40)
        ))
    );
    let _ = writeln!(y, "    ref: {svc}#{}", rng.range(100, 9999));

    let _ = writeln!(y, "signals:");
    for (key, list) in [
        ("latency", LATENCY),
        ("traffic", TRAFFIC),
        ("errors", ERRORS),
        ("saturation", SATURATION),
    ] {
        let _ = writeln!(y, "  {key}: {}", scalar(rng.pick(list)));
    }

    // Timeline: a trigger before the start, events through the incident, follow-up after.
    let entries = rng.range(5, 30);
    let end = if status == "published" {
        ttr
    } else {
        ttm.max(ttd + tta + 1)
    };
    let mut offsets: Vec<i64> = vec![(change_at - started).num_minutes(), 0, ttd, ttd + tta];
    while offsets.len() < entries {
        offsets.push(rng.range(0, (end + end / 5 + 60) as usize) as i64);
    }
    offsets.sort();
    let _ = writeln!(y, "timeline:");
    let blame_in_timeline = blame.is_some() && rng.chance(0.5);
    let blame_at = rng.range(2, entries - 1);
    for (i, minutes) in offsets.iter().enumerate() {
        let (kind, event) = match i {
            0 => (
                "trigger",
                format!("Change to `{svc}` deployed; it touches the {part}."),
            ),
            1 => (
                "trigger",
                format!("First requests fail on `{svc}`: the {what} begins."),
            ),
            2 => ("detection", fill(EVENTS[0], svc, what, part, person)),
            3 => ("escalation", fill(EVENTS[1], svc, what, part, person)),
            _ => {
                let kinds = [
                    "observation",
                    "action",
                    "action",
                    "communication",
                    "observation",
                    "mitigation",
                ];
                (
                    kinds[rng.range(0, kinds.len() - 1)],
                    fill(rng.pick(&EVENTS[2..]), svc, what, part, person),
                )
            }
        };
        let mut event = event;
        if blame_in_timeline && i == blame_at {
            if let Some(b) = &blame {
                event = b.clone();
            }
        }
        let _ = writeln!(y, "  - at: {}", time(at(*minutes), tz));
        let _ = writeln!(y, "    kind: {kind}");
        let _ = writeln!(y, "    event: {}", scalar(&event));
        if rng.chance(0.2) {
            let _ = writeln!(y, "    service: {}", rng.pick(&services));
        }
        if rng.chance(0.15) {
            let _ = writeln!(
                y,
                "    evidence: {}",
                scalar(&format!(
                    "logs:service={} level=error \"{}\"",
                    rng.pick(&services),
                    part
                ))
            );
        }
    }

    // The 5 Whys: each question picks up a word of the previous answer, and the chain ends
    // at the system, not at a person.
    let depth = rng.range(3, 7);
    let _ = writeln!(y, "whys:");
    let chain = whys_chain(svc, what, mechanism, part, depth);
    for (i, (why, because)) in chain.iter().enumerate() {
        let _ = writeln!(y, "  - why: {}", scalar(why));
        let _ = writeln!(y, "    because: {}", scalar(because));
        if i == 0 || rng.chance(0.3) {
            let _ = writeln!(
                y,
                "    evidence: {}",
                scalar(&format!(
                    "https://grafana.example.com/d/{}/{svc}?from={}",
                    rng.range(1000, 9999),
                    started.timestamp() * 1000
                ))
            );
        }
    }
    let root_cause = format!(
        "The {part} of `{svc}` did not handle the condition that the change introduced: \
         {mechanism}. Nothing exercised or monitored that path, so the failure surfaced only \
         in production, under real traffic, and took {} to mitigate.",
        minutes_text(ttm)
    );
    block(&mut y, 0, "root_cause", &wrap(&root_cause));
    let _ = writeln!(y, "contributing_factors:");
    let factor_count = rng.range(1, 3);
    for i in 0..factor_count {
        let _ = writeln!(
            y,
            "  - {}",
            scalar(CONTRIBUTING[(n + i * 7) % CONTRIBUTING.len()])
        );
    }

    // Action items: due dates that fit their horizon, a test and a monitoring item in
    // nearly every published record.
    let anchor = if status == "published" {
        resolved
    } else {
        mitigated
    }
    .date_naive();
    let count = rng.range(2, 10);
    let kinds = [
        "test",
        "monitoring",
        "fix",
        "logging",
        "runbook",
        "process",
        "share",
    ];
    let _ = writeln!(y, "action_items:");
    for i in 0..count {
        let kind = if i < kinds.len() && rng.chance(0.95) {
            kinds[i]
        } else {
            kinds[rng.range(0, kinds.len() - 1)]
        };
        let (horizon, days) = match rng.range(0, 9) {
            0 | 1 => ("immediate", rng.range(0, 2)),
            2..=6 => ("short", rng.range(3, 30)),
            7 | 8 => ("medium", rng.range(31, 90)),
            _ => ("long", rng.range(91, 300)),
        };
        let due = anchor + Duration::days(days as i64);
        let title = match kind {
            "test" => format!("Integration test that exercises the {part} under a {what}"),
            "monitoring" => format!("Alert when `{svc}` shows the early signs of a {what}"),
            "fix" => format!("Make the {part} of `{svc}` recover on its own"),
            "logging" => format!("Log the state of the {part} every 30 seconds"),
            "runbook" => format!("Add the {what} checks to the `{svc}` runbook"),
            "process" => format!("Roll out changes to the {part} through a canary first"),
            _ => "Share this post-mortem at the engineering review".to_owned(),
        };
        let _ = writeln!(y, "  - title: {}", scalar(&title));
        let _ = writeln!(y, "    horizon: {horizon}");
        let _ = writeln!(y, "    kind: {kind}");
        let _ = writeln!(y, "    owner: {}", rng.pick(TEAMS));
        let _ = writeln!(y, "    due: {}", day(due));
        let done = status == "published" && rng.chance(0.6);
        if done {
            let late = rng.range(0, 9) == 0;
            let done_on = if late {
                due + Duration::days(rng.range(1, 20) as i64)
            } else {
                due - Duration::days(rng.range(0, days.min(5)) as i64)
            };
            let _ = writeln!(y, "    status: done");
            let _ = writeln!(y, "    done_on: {}", day(done_on.max(anchor)));
        } else {
            let s = ["open", "open", "in-progress", "wont-do"][rng.range(0, 3)];
            let _ = writeln!(y, "    status: {s}");
        }
        let _ = writeln!(
            y,
            "    ticket: {}-{}",
            team.split('-').next().unwrap_or("OPS").to_uppercase(),
            rng.range(100, 9999)
        );
        if rng.chance(0.3) {
            let _ = writeln!(
                y,
                "    done_when: {}",
                scalar(&format!(
                    "A simulated {what} in staging is detected within five minutes and the {part} recovers without a restart."
                ))
            );
        }
    }
    let lessons = format!(
        "- A {what} hides from the error-rate dashboards when retries absorb it; watch \
         saturation of the {part} too.\n- Changes to the {part} deserve a canary stage and a \
         rollback plan written before the rollout.\n- Detection took {}; the alert that \
         would have caught it earlier is now an action item.",
        minutes_text(ttd)
    );
    block(
        &mut y,
        0,
        "lessons",
        &lessons.lines().map(wrap).collect::<Vec<_>>().join("\n"),
    );
    // A repeat incident now and then: the same shape as an earlier one.
    if !earlier.is_empty() && rng.chance(0.05) {
        let _ = writeln!(y, "related: [{}]", earlier[rng.range(0, earlier.len() - 1)]);
    }
    Generated { id, text: y }
}

fn whys_chain(
    svc: &str,
    what: &str,
    mechanism: &str,
    part: &str,
    depth: usize,
) -> Vec<(String, String)> {
    let steps = [
        (
            format!("Why did requests to `{svc}` fail?"),
            format!("Requests to `{svc}` timed out while the {what} lasted."),
        ),
        (
            format!("Why did the requests time out during the {what}?"),
            format!("The {part} stopped serving requests: {mechanism}."),
        ),
        (
            format!("Why did the {part} stop serving?"),
            format!("The {part} had no way to detect the condition and recover on its own."),
        ),
        (
            format!("Why could the {part} not recover on its own?"),
            "Its recovery logic assumed the condition could not happen, and no test covered it."
                .to_owned(),
        ),
        (
            "Why did no test cover the recovery logic?".to_owned(),
            format!(
                "The test suite of `{svc}` runs against a healthy dependency only; failure injection was never set up."
            ),
        ),
        (
            "Why was failure injection never set up?".to_owned(),
            "No shared failure-injection tooling exists yet, and the test environment cannot simulate the condition."
                .to_owned(),
        ),
        (
            "Why was this not caught before it reached customers?".to_owned(),
            format!("Nothing monitored the saturation of the {part}, and the alert on errors fired late."),
        ),
    ];
    let mut chain: Vec<(String, String)> = steps.iter().take(depth.min(6)).cloned().collect();
    if depth >= 7 {
        chain.push(steps[6].clone());
    }
    chain
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

fn minutes_text(minutes: i64) -> String {
    match minutes {
        m if m < 90 => format!("{m} minutes"),
        m if m < 60 * 48 => format!("{} hours", m / 60),
        m => format!("{} days", m / 1440),
    }
}
