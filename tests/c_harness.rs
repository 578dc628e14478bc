//! Runs the C test programs of c-tests/ against the built libesent.so.
//!
//! `cargo test` does not build the cdylib for integration tests, so this test
//! builds the library itself (`cargo build --lib`, same profile and target
//! directory), compiles every c-tests/*.c with the system C compiler against
//! include/esent.h, links it with -lesent and an rpath, runs it, and fails with
//! the program's output when a check failed. The valgrind test runs
//! c-tests/valgrind_lifecycle.c under valgrind as well.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

#[allow(dead_code)]
mod common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Build libesent.so once per test process; returns the directory holding it.
fn library() -> &'static Path {
    static LIB: OnceLock<PathBuf> = OnceLock::new();
    LIB.get_or_init(common::build_library)
}

fn compiler() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".to_string())
}

/// Compile one C program; returns the executable. `tag` keeps the builds of
/// tests running at the same time apart.
fn compile(source: &Path, tag: &str) -> PathBuf {
    let lib = library();
    let out_dir = lib.join("c-tests").join(tag);
    std::fs::create_dir_all(&out_dir).expect("create c-tests output dir");
    let exe = out_dir.join(source.file_stem().expect("file stem"));
    let out = Command::new(compiler())
        .arg("-std=c11")
        .arg("-D_DEFAULT_SOURCE")
        .arg("-Wall")
        .arg("-Wextra")
        .arg("-Werror")
        .arg("-g")
        .arg("-pthread")
        // the programs' own functions are visible to dlsym: persisted
        // callbacks ("!function") name them (test_udd.c)
        .arg("-rdynamic")
        .arg("-I")
        .arg(root().join("include"))
        .arg("-I")
        .arg(root().join("c-tests"))
        .arg(source)
        .arg("-o")
        .arg(&exe)
        .arg("-L")
        .arg(lib)
        .arg("-lesent")
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .output()
        .unwrap_or_else(|e| panic!("cannot run the C compiler {}: {e}", compiler()));
    assert!(
        out.status.success(),
        "compiling {} failed:\n{}{}",
        source.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    exe
}

/// Run a compiled program in a scratch directory (it may create files there).
fn run(exe: &Path, prefix: &[&str]) -> (bool, String) {
    let scratch = exe.with_extension("run");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    let mut cmd = if prefix.is_empty() {
        Command::new(exe)
    } else {
        let mut c = Command::new(prefix[0]);
        c.args(&prefix[1..]).arg(exe);
        c
    };
    let out = cmd.current_dir(&scratch).output().unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn c_sources() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("c-tests"))
        .expect("c-tests directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .collect();
    v.sort();
    v
}

#[test]
fn c_programs_pass() {
    let sources = c_sources();
    assert!(sources.len() >= 8, "expected the C test programs in c-tests/");
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    for src in &sources {
        let exe = compile(src, "plain");
        let (ok, text) = run(&exe, &[]);
        let last = text
            .lines()
            .rev()
            .find(|l| l.contains(" passed, "))
            .or_else(|| text.lines().rev().find(|l| !l.trim().is_empty()))
            .unwrap_or("(no output)")
            .to_string();
        summary.push(format!("{}: {}", src.file_name().unwrap().to_string_lossy(), last));
        if !ok {
            failures.push(format!("=== {} ===\n{}", src.display(), text));
        }
    }
    println!("{}", summary.join("\n"));
    assert!(failures.is_empty(), "C test programs failed:\n{}", failures.join("\n"));
}

#[test]
fn lifecycle_is_clean_under_valgrind() {
    if std::env::var_os("ESENT_SKIP_VALGRIND").is_some() {
        eprintln!("ESENT_SKIP_VALGRIND is set: valgrind test skipped");
        return;
    }
    let found = Command::new("valgrind").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(found, "valgrind is not installed: install it (apt-get install valgrind), or set ESENT_SKIP_VALGRIND=1");
    let exe = compile(&root().join("c-tests").join("valgrind_lifecycle.c"), "valgrind");
    let (ok, text) = run(
        &exe,
        &[
            "valgrind",
            "--error-exitcode=1",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect",
            "--show-leak-kinds=definite,indirect",
        ],
    );
    assert!(ok, "valgrind found errors or the program failed:\n{text}");
    assert!(text.contains("ERROR SUMMARY: 0 errors"), "unexpected valgrind output:\n{text}");
}
