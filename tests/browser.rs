//! The real-browser test of the static site: headless Chromium driven by playwright-core
//! (tests/browser/site.test.mjs). `scripts/test-deps.sh` installs Chromium and the Node
//! packages; without them this test fails rather than pretending to pass.

#[test]
fn the_site_works_in_a_real_browser_and_runs_no_injected_script() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("bash")
        .arg(root.join("tests/browser/run.sh"))
        .arg(env!("CARGO_BIN_EXE_whys"))
        .current_dir(root)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser test failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
