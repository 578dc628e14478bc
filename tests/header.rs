//! include/esent.h is written by build.rs on every build; it must be the one
//! committed, so that programs built from a checkout see the exported API.

use std::process::Command;

#[test]
fn header_is_current() {
    let root = env!("CARGO_MANIFEST_DIR");
    // the build that compiled this test has just rewritten the header if it was stale
    let out = Command::new("git")
        .args(["diff", "--quiet", "HEAD", "--", "include/esent.h"])
        .current_dir(root)
        .output()
        .expect("git must be installed to check that include/esent.h is committed");
    match out.status.code() {
        Some(0) => {}
        Some(1) => panic!(
            "include/esent.h differs from the committed one: the build regenerated it from src/abi and src/api; \
             review and commit it (git diff include/esent.h)"
        ),
        _ => panic!("git diff failed: {}", String::from_utf8_lossy(&out.stderr)),
    }
}
