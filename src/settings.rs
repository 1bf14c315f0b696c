//! Archive settings (`whys.yaml`) and finding the archive a command runs in.
//!
//! Like git, `whys` walks up from the current folder until it finds `whys.yaml`; without
//! one, the current folder is the archive and every setting has its default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub mod tracker;

use crate::error::{Error, Result};

pub use crate::common::SETTINGS_FILE;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Severity names, worst first. The first two count as "high" (SEV1/SEV2).
    pub severities: Vec<String>,
    /// Where records live, relative to the archive root.
    pub postmortems: PathBuf,
    /// `UTC` or a fixed offset like `+02:00`: which calendar a report's periods follow.
    pub timezone: String,
    /// The roster: names and handles of people, for the person-as-subject wording rule.
    pub people: Vec<String>,
    pub targets: Targets,
    pub lint: LintSettings,
    pub limits: Limits,
    /// Days from the resolution (else mitigation, else detection) within which an action
    /// item of each horizon is due. `long` is anything beyond `medium`.
    pub horizon_days: HorizonDays,
    /// A timeline entry further than this from the incident is probably a typo in its date.
    pub far_outside_days: i64,
    /// The issue tracker action items are synced with (`whys actions sync`), and how the site
    /// links tickets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracker: Option<tracker::TrackerSettings>,
    /// Who is who, without names in records: a person's name, handle, e-mail or chat user
    /// id -> the role importers write instead (see [`crate::import::people`]).
    pub roster: BTreeMap<String, String>,
    /// How other tools' terms map to the archive's (see [`ImportSettings`]).
    pub import: ImportSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            severities: ["SEV1", "SEV2", "SEV3", "SEV4"].map(String::from).to_vec(),
            postmortems: PathBuf::from("postmortems"),
            timezone: "UTC".into(),
            people: Vec::new(),
            targets: Targets::default(),
            lint: LintSettings::default(),
            limits: Limits::default(),
            horizon_days: HorizonDays::default(),
            far_outside_days: 90,
            tracker: None,
            roster: BTreeMap::new(),
            import: Default::default(),
        }
    }
}

/// Minutes within which an incident of each impact kind should reach each milestone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Targets {
    pub outage: MilestoneTargets,
    pub degraded: MilestoneTargets,
    pub feature: MilestoneTargets,
    /// DORA's elite band: service restored (mitigated) within this many minutes.
    pub dora_elite_restore: Option<f64>,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            outage: MilestoneTargets {
                ttm: Some(30.0),
                ttrc: Some(120.0),
                ..MilestoneTargets::default()
            },
            degraded: MilestoneTargets {
                ttm: Some(60.0),
                ..MilestoneTargets::default()
            },
            feature: MilestoneTargets::default(),
            dora_elite_restore: Some(60.0),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MilestoneTargets {
    pub ttd: Option<f64>,
    pub tta: Option<f64>,
    pub ttm: Option<f64>,
    pub ttr: Option<f64>,
    pub ttrc: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LintSettings {
    /// Rule id to `error`, `warning`, `note` or `off`.
    pub levels: BTreeMap<String, String>,
    /// Extra wording rules, in the form of the built-in rules file.
    pub rules: Vec<yaml_serde::Value>,
    /// Words added to the blame judgement's word lists (`rules/lexicon.yaml`), by list id:
    /// a team's own words for people, for faults of its systems, for recovery.
    pub words: BTreeMap<String, Vec<String>>,
    /// Ask the learned second opinion about sentences whose blame cue the rules' reading
    /// cleared (`src/wording/second_opinion.rs`): more blame found, more false alarms, every
    /// such finding a warning. Off unless set.
    pub second_opinion: bool,
    /// Read the sentences the rules do not flag with the learned reader as well
    /// (`src/wording/learned.rs`): a fine-tuned sentence encoder that flags
    /// (`blame/learned`, a warning) blame no rule's cue found, and never clears a rules'
    /// finding. Slower (tens of milliseconds a sentence). Off unless set.
    pub encoder: bool,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// A record file larger than this is refused unread.
    pub max_file_bytes: u64,
    /// A text field longer than this many characters is an error and is not scanned by the
    /// wording rules: a pasted log or dump, not prose.
    pub max_field_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // The reference record is 8 KB; a thousand times that is no post-mortem. Its longest
        // field is 400 characters; a hundred thousand is a generous book chapter.
        Limits {
            max_file_bytes: 8 * 1024 * 1024,
            max_field_chars: 100_000,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HorizonDays {
    pub immediate: i64,
    pub short: i64,
    pub medium: i64,
}

impl Default for HorizonDays {
    fn default() -> Self {
        HorizonDays {
            immediate: 2,
            short: 30,
            medium: 90,
        }
    }
}

impl Settings {
    /// Severities that count as high: the first two names.
    pub fn is_high_severity(&self, severity: &str) -> bool {
        self.severities.iter().take(2).any(|s| s == severity)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Settings> {
        if text.trim().is_empty() {
            return Ok(Settings::default());
        }
        yaml_serde::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            Error::Settings {
                path: path.to_owned(),
                line,
                column,
                message: e.to_string(),
            }
        })
    }
}

/// The `import:` section of `whys.yaml`: how other tools' terms map to the archive's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportSettings {
    pub pagerduty: PagerDutySettings,
}

/// PagerDuty priority names and urgencies -> the archive's severities.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PagerDutySettings {
    /// A priority's name (`priority.summary` / `priority.name`, e.g. `P1`) -> severity.
    pub priority: BTreeMap<String, String>,
    /// `urgency` (`high` or `low`) -> severity, when the incident has no (mapped) priority.
    pub urgency: BTreeMap<String, String>,
}

impl Default for PagerDutySettings {
    fn default() -> Self {
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        PagerDutySettings {
            priority: map(&[
                ("P1", "SEV1"),
                ("P2", "SEV2"),
                ("P3", "SEV3"),
                ("P4", "SEV4"),
                ("P5", "SEV4"),
            ]),
            urgency: map(&[("high", "SEV2"), ("low", "SEV3")]),
        }
    }
}

/// An archive: its root folder and settings.
#[derive(Debug, Clone)]
pub struct Archive {
    pub root: PathBuf,
    /// `None` when no `whys.yaml` was found and defaults apply.
    pub settings_file: Option<PathBuf>,
    pub settings: Settings,
}

impl Archive {
    /// Walks up from `start` to the nearest folder with a `whys.yaml`.
    pub fn discover(start: &Path) -> Result<Archive> {
        let start = if start.is_absolute() {
            start.to_owned()
        } else {
            std::env::current_dir()
                .map_err(|e| Error::io(start, e))?
                .join(start)
        };
        let mut dir = Some(start.as_path());
        while let Some(d) = dir {
            let candidate = d.join(SETTINGS_FILE);
            if candidate.is_file() {
                return Archive::open_with(d, &candidate);
            }
            dir = d.parent();
        }
        Ok(Archive {
            root: start.clone(),
            settings_file: None,
            settings: Settings::default(),
        })
    }

    fn open_with(root: &Path, settings_file: &Path) -> Result<Archive> {
        let text =
            std::fs::read_to_string(settings_file).map_err(|e| Error::io(settings_file, e))?;
        Ok(Archive {
            root: root.to_owned(),
            settings_file: Some(settings_file.to_owned()),
            settings: Settings::parse(settings_file, &text)?,
        })
    }

    pub fn postmortems_dir(&self) -> PathBuf {
        self.root.join(&self.settings.postmortems)
    }

    /// Where the caches of parsed records and check results live (see
    /// [`crate::record::cache`]): the archive's root, when the archive has a `whys.yaml`.
    /// Without one, the "archive" is only the folder `whys` was started in, which is no
    /// place to leave files behind, so nothing is cached.
    pub fn cache_root(&self) -> Option<&Path> {
        self.settings_file.as_ref().map(|_| self.root.as_path())
    }

    /// Record files under `paths`, or under the archive's `postmortems/` when none are given:
    /// what every command that reads records starts from.
    /// None found is [`Error::NoRecords`]: every such command says so and exits 2 rather
    /// than give a quiet empty result.
    pub fn record_files(&self, paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
        let searched = if paths.is_empty() {
            vec![self.postmortems_dir()]
        } else {
            paths.to_vec()
        };
        if paths.is_empty() && !self.postmortems_dir().exists() {
            return Err(Error::NoRecords(searched));
        }
        let files = crate::common::collect_files(&searched)?;
        if files.is_empty() {
            return Err(Error::NoRecords(searched));
        }
        Ok(files)
    }
}

/// The settings file `whys init` writes: every default, commented.
pub const SETTINGS_TEMPLATE: &str = include_str!("../templates/whys.yaml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commented_template_parses_to_the_defaults() {
        let s = Settings::parse(Path::new("whys.yaml"), SETTINGS_TEMPLATE).unwrap();
        let d = Settings::default();
        assert_eq!(s.severities, d.severities);
        assert_eq!(s.targets.outage.ttm, Some(30.0));
        assert_eq!(s.horizon_days.short, 30);
    }

    #[test]
    fn a_typo_in_settings_is_an_error_with_its_line() {
        let err = Settings::parse(
            Path::new("whys.yaml"),
            "severities: [P1, P2]\npeeple: [ana]\n",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("whys.yaml:2:"), "{text}");
        assert!(text.contains("peeple"), "{text}");
    }
}
