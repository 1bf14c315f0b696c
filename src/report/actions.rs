//! `whys actions`: the action-item review across the archive.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::record::{ActionStatus, Horizon, Record};

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub record: String,
    pub index: usize,
    pub title: String,
    pub owner: Option<String>,
    pub horizon: Option<Horizon>,
    pub due: Option<String>,
    pub status: ActionStatus,
    pub done_on: Option<String>,
    pub ticket: Option<String>,
    /// Days past due for an open item (0 or absent when not overdue).
    pub days_overdue: Option<i64>,
}

#[derive(Debug, Default, Clone)]
pub struct ActionFilter {
    /// `open` (open or in progress), or one status name.
    pub status: Option<String>,
    pub overdue: bool,
    pub owner: Option<String>,
    pub horizon: Option<Horizon>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HorizonRate {
    pub horizon: String,
    pub items: usize,
    pub done: usize,
    pub completion: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowThrough {
    /// Quarter in which the incident started.
    pub quarter: String,
    /// Items whose due date has passed.
    pub due_items: usize,
    /// Of those, done on or before the due date.
    pub done_by_due: usize,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionReview {
    pub today: String,
    pub items: Vec<ActionRow>,
    pub by_horizon: Vec<HorizonRate>,
    pub follow_through: Vec<FollowThrough>,
    pub overdue: usize,
}

/// Reviews every action item of `records` as of `today`.
pub fn review(records: &[&Record], filter: &ActionFilter, today: NaiveDate) -> ActionReview {
    let mut all = Vec::new();
    for r in records {
        for (i, a) in r.action_items.iter().enumerate() {
            let overdue = a
                .due
                .filter(|_| a.status.is_open())
                .map(|d| (today - d.0).num_days())
                .filter(|d| *d > 0);
            all.push((
                r,
                a,
                ActionRow {
                    record: r.id.clone(),
                    index: i,
                    title: a.title.clone(),
                    owner: a.owner.clone(),
                    horizon: a.horizon,
                    due: a.due.map(|d| d.to_string()),
                    status: a.status,
                    done_on: a.done_on.map(|d| d.to_string()),
                    ticket: a.ticket.clone(),
                    days_overdue: overdue,
                },
            ));
        }
    }
    let mut by_horizon = Vec::new();
    for h in Horizon::ALL {
        let items: Vec<_> = all
            .iter()
            .filter(|(_, a, _)| a.horizon == Some(h))
            .collect();
        let done = items
            .iter()
            .filter(|(_, a, _)| a.status == ActionStatus::Done)
            .count();
        by_horizon.push(HorizonRate {
            horizon: h.as_str().to_owned(),
            items: items.len(),
            done,
            completion: (!items.is_empty()).then(|| done as f64 / items.len() as f64),
        });
    }
    let mut quarters: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (r, a, _) in &all {
        let Some(due) = a.due else { continue };
        if due.0 > today || a.status == ActionStatus::WontDo {
            continue;
        }
        let d = r.times.started.utc().date_naive();
        let q = format!("{}-Q{}", d.year(), d.month0() / 3 + 1);
        let entry = quarters.entry(q).or_default();
        entry.0 += 1;
        if a.status == ActionStatus::Done && a.done_on.is_some_and(|on| on <= due) {
            entry.1 += 1;
        }
    }
    let follow_through = quarters
        .into_iter()
        .map(|(quarter, (due_items, done_by_due))| FollowThrough {
            quarter,
            due_items,
            done_by_due,
            rate: (due_items > 0).then(|| done_by_due as f64 / due_items as f64),
        })
        .collect();
    let overdue = all
        .iter()
        .filter(|(_, _, row)| row.days_overdue.is_some())
        .count();
    let items = all
        .into_iter()
        .filter(|(_, a, row)| {
            filter.status.as_deref().is_none_or(|s| match s {
                "open" => a.status.is_open(),
                other => a.status.as_str() == other,
            }) && (!filter.overdue || row.days_overdue.is_some())
                && filter.owner.as_deref().is_none_or(|o| {
                    a.owner
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(o))
                })
                && filter.horizon.is_none_or(|h| a.horizon == Some(h))
        })
        .map(|(_, _, row)| row)
        .collect();
    ActionReview {
        today: today.to_string(),
        items,
        by_horizon,
        follow_through,
        overdue,
    }
}

pub fn to_csv(review: &ActionReview) -> String {
    use super::csv_field;
    let mut s =
        String::from("record,index,title,owner,horizon,due,status,done_on,ticket,days_overdue\n");
    for r in &review.items {
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            r.record,
            r.index,
            csv_field(&r.title),
            csv_field(r.owner.as_deref().unwrap_or("")),
            r.horizon.map(Horizon::as_str).unwrap_or(""),
            r.due.as_deref().unwrap_or(""),
            r.status.as_str(),
            r.done_on.as_deref().unwrap_or(""),
            csv_field(r.ticket.as_deref().unwrap_or("")),
            r.days_overdue.map(|d| d.to_string()).unwrap_or_default()
        ));
    }
    s
}
