//! One `--format` type for every command: the same names everywhere, `text` still accepted
//! for `human`, and each command offering only the forms it has.

mod common;

#[test]
fn text_is_human_and_a_form_a_command_lacks_is_refused() {
    let repo = common::repo();
    let id = "2025-10-07-payments-pool-exhaustion";
    let human = common::whys(&repo, &["related", id, "--format", "human"]);
    let text = common::whys(&repo, &["related", id, "--format", "text"]);
    assert!(
        human.status.success(),
        "{}",
        String::from_utf8_lossy(&human.stderr)
    );
    assert!(String::from_utf8_lossy(&human.stdout).starts_with(id));
    assert_eq!(human.stdout, text.stdout);
    assert_eq!(human.status.code(), text.status.code());

    let json = common::whys(&repo, &["related", id, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["id"], id);

    let refused = common::whys(&repo, &["related", id, "--format", "md"]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("[possible values: human, json]"),
        "{stderr}"
    );
    // The hidden alias is accepted but not advertised.
    assert!(!stderr.contains("text"), "{stderr}");
}
