//! The headline check of the storage issue: every Windows-made sample
//! database in ../shared/edb-samples, attached read-only through the C API
//! and dumped with tools/dump/esedump.c, equals its NAME.expected.json by
//! tools/dump/compare.py.
//!
//! `cargo test` does not build the cdylib for integration tests, so this test
//! builds the library (`cargo build --lib`, same profile and target
//! directory), compiles esedump against include/esent.h and libesent.so, and
//! runs it on each sample. Nothing is skipped: a missing sample, compiler or
//! python3 is a failure.

use std::path::PathBuf;
use std::process::Command;

#[allow(dead_code)]
mod common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn samples_dir() -> PathBuf {
    // ../shared beside the project (the worktrees live under /work/wt, the main tree in /work/main)
    let candidates = [root().join("../shared/edb-samples"), root().join("../../shared/edb-samples"), PathBuf::from("/work/shared/edb-samples")];
    candidates.iter().find(|p| p.join("README.md").exists()).cloned().expect("the sample databases (../shared/edb-samples) are missing")
}

#[test]
fn every_sample_dumps_as_expected() {
    let samples = samples_dir();
    let mut names: Vec<String> = std::fs::read_dir(&samples)
        .expect("read samples")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".edb.gz")).map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "expected the six sample databases, found {names:?}");
    let exe = common::build_esedump();
    let scratch = exe.parent().expect("esedump's folder").join(format!("samples-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch");
    let mut failures = Vec::new();
    for name in &names {
        let db = samples.join(format!("{name}.edb.gz"));
        let expected = samples.join(format!("{name}.expected.json"));
        assert!(expected.exists(), "no {}", expected.display());
        let ours = scratch.join(format!("{name}.json"));
        let run = Command::new(&exe)
            .arg(&db)
            .arg("-o")
            .arg(&ours)
            .env("TMPDIR", &scratch)
            .current_dir(&scratch)
            .output()
            .expect("run esedump");
        let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
        if !run.status.success() {
            failures.push(format!("{name}: esedump failed:\n{stderr}"));
            continue;
        }
        // esedump's notes (a list's cRecord not matching its rows, a warning) are failures too
        if !stderr.trim().is_empty() {
            failures.push(format!("{name}: esedump reported:\n{stderr}"));
        }
        let cmp = Command::new("python3")
            .arg(root().join("tools/dump/compare.py"))
            .arg(&ours)
            .arg(&expected)
            .args(["--names", "ours,expected"])
            .output()
            .expect("run python3 tools/dump/compare.py");
        if !cmp.status.success() {
            failures.push(format!(
                "{name}: differs from {name}.expected.json:\n{}{}",
                String::from_utf8_lossy(&cmp.stdout),
                String::from_utf8_lossy(&cmp.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
