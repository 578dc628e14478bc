//! The README's API status table is generated from docs/api-status.tsv; it must
//! be current, and the list must name every export of ../shared/abi/exports.txt.

#[test]
fn api_status_table_is_current() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new("python3")
        .arg(format!("{root}/tools/api-status.py"))
        .arg("--check")
        .current_dir(root)
        .output()
        .expect("python3 runs tools/api-status.py");
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}
