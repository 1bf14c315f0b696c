//! The incident's clock and the timeline's order.

use chrono::TimeDelta;

use super::Findings;
use crate::common::human_duration;
use crate::record::{Record, Times, Timestamp};
use crate::settings::Settings;

/// Each time that comes clearly before one it must follow, as (later name, later, earlier name,
/// earlier), each later time once. The rule `times/order` reports these, and the MTTR report
/// leaves such a record out of every metric as `inconsistent`: both read the clock the same way.
pub fn out_of_order(t: &Times) -> Vec<(&'static str, Timestamp, &'static str, Timestamp)> {
    let named = |name: &'static str, time: Option<Timestamp>| time.map(|t| (name, t));
    // Each chain must be non-decreasing; a missing time is skipped, not assumed.
    let chains: [&[Option<(&'static str, Timestamp)>]; 3] = [
        &[
            named("started", Some(t.started)),
            named("detected", Some(t.detected)),
            named("acknowledged", t.acknowledged),
        ],
        &[
            named("started", Some(t.started)),
            named("mitigated", t.mitigated),
            named("resolved", t.resolved),
        ],
        &[
            named("root_caused", t.root_caused),
            named("resolved", t.resolved),
        ],
    ];
    let mut found: Vec<(&'static str, Timestamp, &'static str, Timestamp)> = Vec::new();
    for chain in chains {
        let present: Vec<(&str, Timestamp)> = chain.iter().flatten().copied().collect();
        for pair in present.windows(2) {
            let ((earlier_name, earlier), (later_name, later)) = (pair[0], pair[1]);
            if later.clearly_before(&earlier) && !found.iter().any(|f| f.0 == later_name) {
                found.push((later_name, later, earlier_name, earlier));
            }
        }
    }
    found
}

pub fn check(record: &Record, settings: &Settings, out: &mut Findings) {
    let t = &record.times;
    for (later_name, later, earlier_name, earlier) in out_of_order(t) {
        out.add(
            "times/order",
            Some(&format!("times.{later_name}")),
            format!(
                "`{later_name}` ({later}) is before `{earlier_name}` ({earlier}) by {}",
                human_duration(later.0 - earlier.0)
            ),
        )
        .suggest(format!("check both times and their offsets; `{later_name}` cannot come before `{earlier_name}`"));
    }
    if let Some(resolved) = t.resolved {
        if resolved.same_instant(&t.started) {
            out.add(
                "times/zero-length",
                Some("times.resolved"),
                "`resolved` equals `started`: a zero-length incident is almost always back-filled data",
            )
            .suggest("record when the impact really started and ended; reports exclude zero-length incidents");
        }
    }

    for (i, pair) in record.timeline.windows(2).enumerate() {
        if pair[1].at.clearly_before(&pair[0].at) {
            out.add(
                "timeline/order",
                Some(&format!("timeline[{}].at", i + 1)),
                format!(
                    "the {} timeline entry ({}) is before the entry above it ({})",
                    crate::common::ordinal(i + 1),
                    pair[1].at,
                    pair[0].at
                ),
            )
            .suggest("keep the timeline in time order; equal times are fine");
        }
    }
    let far = TimeDelta::days(settings.far_outside_days);
    let end = t
        .resolved
        .or(t.mitigated)
        .unwrap_or(t.detected)
        .max(t.detected);
    for (i, entry) in record.timeline.iter().enumerate() {
        let before = t.started.0 - entry.at.0;
        let after = entry.at.0 - end.0;
        if before > far || after > far {
            let (amount, side) = if before > far {
                (before, "before the start")
            } else {
                (after, "after the end")
            };
            out.add(
                "timeline/far-outside",
                Some(&format!("timeline[{i}].at")),
                format!(
                    "this entry is {} {side} of the incident",
                    human_duration(amount)
                ),
            )
            .suggest("a wrong year or month? entries this far away are usually typos");
        }
    }
}
