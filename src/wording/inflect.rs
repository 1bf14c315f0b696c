//! The harm verbs of `blame/person` are written in the past ("deleted", "took down"), the way
//! a narrative tells an act. After a verb of achieving or ending ("I managed to drop the
//! database", "went on to delete artefacts", "ended up deleting the account") the same act
//! comes as a bare infinitive or an -ing form. This derives those forms from the past one,
//! so the rules file keeps one entry per act.

/// Openers followed by the bare infinitive: the act was done, told as an achievement.
const BEFORE_INFINITIVE: &[&str] = &["managed to", "went on to", "proceeded to"];
/// Openers followed by the -ing form: the act was where it ended.
const BEFORE_GERUND: &[&str] = &["ended up", "wound up"];

/// Irregular pasts of the harm verbs: (past, infinitive, -ing).
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("broke", "break", "breaking"),
    ("took", "take", "taking"),
    ("brought", "bring", "bringing"),
    ("wrote", "write", "writing"),
    ("overwrote", "overwrite", "overwriting"),
    ("ran", "run", "running"),
    ("sank", "sink", "sinking"),
    ("sunk", "sink", "sinking"),
    ("cut", "cut", "cutting"),
    ("shut", "shut", "shutting"),
    ("set", "set", "setting"),
    ("dug", "dig", "digging"),
    ("blew", "blow", "blowing"),
    ("fried", "fry", "frying"),
];

/// The infinitives and -ing forms a past verb can take: `deleted` gives `delete` (and the
/// harmless non-word `delet`) and `deleting`; `dropped` gives `drop` and `dropping`. None
/// for a word that is not a past form.
fn forms(past: &str) -> Option<(Vec<String>, String)> {
    if let Some((_, infinitive, gerund)) = IRREGULAR.iter().find(|(p, _, _)| *p == past) {
        return Some((vec![(*infinitive).to_string()], (*gerund).to_string()));
    }
    let stem = past.strip_suffix("ed")?;
    if stem.chars().count() < 2 {
        return None;
    }
    let gerund = format!("{stem}ing");
    if let Some(root) = stem.strip_suffix('i') {
        return Some((vec![format!("{root}y")], format!("{root}ying")));
    }
    let chars: Vec<char> = stem.chars().collect();
    let doubled = chars.len() >= 3
        && chars[chars.len() - 1] == chars[chars.len() - 2]
        && !matches!(chars[chars.len() - 1], 's' | 'l' | 'z' | 'f');
    if doubled {
        let root: String = chars[..chars.len() - 1].iter().collect();
        return Some((vec![root], gerund));
    }
    // Without a dictionary, "caused" could be "caus" or "cause": both are matched, and the
    // one that is not a word never occurs in text.
    Some((vec![stem.to_string(), format!("{stem}e")], gerund))
}

/// Every catenative form of a past verb phrase ("took down" gives "managed to take down",
/// "ended up taking down", ...). Empty when its first word is not a past form.
pub(crate) fn catenative_forms(phrase: &str) -> Vec<String> {
    let mut words = phrase.split_whitespace();
    let Some(first) = words.next() else {
        return Vec::new();
    };
    let rest: Vec<&str> = words.collect();
    let Some((infinitives, gerund)) = forms(&first.to_lowercase()) else {
        return Vec::new();
    };
    let tail = |head: &str| {
        std::iter::once(head)
            .chain(rest.iter().copied())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = Vec::new();
    for opener in BEFORE_INFINITIVE {
        for infinitive in &infinitives {
            out.push(format!("{opener} {}", tail(infinitive)));
        }
    }
    for opener in BEFORE_GERUND {
        out.push(format!("{opener} {}", tail(&gerund)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_irregular_and_doubled_pasts() {
        let forms = catenative_forms("deleted");
        assert!(forms.contains(&"managed to delete".to_string()));
        assert!(forms.contains(&"ended up deleting".to_string()));
        let forms = catenative_forms("dropped");
        assert!(forms.contains(&"managed to drop".to_string()));
        assert!(forms.contains(&"ended up dropping".to_string()));
        let forms = catenative_forms("took down");
        assert!(forms.contains(&"went on to take down".to_string()));
        assert!(forms.contains(&"ended up taking down".to_string()));
        assert!(catenative_forms("crashed").contains(&"managed to crash".to_string()));
        assert!(catenative_forms("fault").is_empty());
        assert!(catenative_forms("responsible for").is_empty());
    }
}
