//! Shared support of tests/readers.rs and tests/corruption.rs: calls into the
//! exported Jet functions (the same code a C program reaches), a scratch
//! folder per instance, a small PRNG, and where the shared test data lives.
#![allow(dead_code)]

use std::ffi::c_char;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use esent::abi::*;
use esent::api::instance::*;
use esent::api::session::*;

/// JET_paramDatabasePageSize is process-wide and fixed while an instance
/// exists: the engine part of these tests runs one at a time.
pub fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn cstr(s: &str) -> Vec<u8> {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    v
}

pub fn cpath(p: &Path) -> Vec<u8> {
    cstr(p.to_str().expect("utf-8 path"))
}

pub fn ptr(v: &[u8]) -> *const c_char {
    v.as_ptr() as *const c_char
}

/// Assert a Jet call's result, naming the call.
#[track_caller]
pub fn ok(what: &str, err: JET_ERR) {
    assert_eq!(err, JET_errSuccess, "{what} returned {err}");
}

/// A fresh, empty folder under the target's temporary directory.
pub fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Set the process-wide page size (before any instance exists).
pub fn set_page_size(page_size: u32) {
    let e = JetSetSystemParameterA(std::ptr::null_mut(), 0, JET_paramDatabasePageSize, page_size as JET_API_PTR, std::ptr::null());
    ok("JetSetSystemParameter(JET_paramDatabasePageSize)", e);
}

/// A running instance; dropped without `term` (a failed test), it is
/// terminated abruptly so that the next test can set the page size again.
pub struct Instance {
    pub id: JET_INSTANCE,
    live: bool,
}

impl Instance {
    /// JetTerm: a clean shutdown.
    pub fn term(mut self) {
        self.live = false;
        ok("JetTerm", JetTerm(self.id));
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        if self.live {
            JetTerm2(self.id, JET_bitTermAbrupt);
        }
    }
}

/// A running instance whose checkpoint, logs and temporary database live in
/// `dir`; `params` are instance parameters (id, integer value) set before JetInit.
pub fn start_instance(name: &str, dir: &Path, page_size: u32, params: &[(u32, u64)]) -> Instance {
    set_page_size(page_size);
    let mut inst: JET_INSTANCE = 0;
    let n = cstr(name);
    ok("JetCreateInstance", JetCreateInstanceA(&mut inst, ptr(&n)));
    for &(id, v) in params {
        ok("JetSetSystemParameter", JetSetSystemParameterA(&mut inst, 0, id, v as JET_API_PTR, std::ptr::null()));
    }
    let d = cstr(&format!("{}/", dir.display()));
    for p in [JET_paramSystemPath, JET_paramLogFilePath] {
        ok("JetSetSystemParameter(path)", JetSetSystemParameterA(&mut inst, 0, p, 0, ptr(&d)));
    }
    let tmp = cpath(&dir.join("tmp.edb"));
    ok("JetSetSystemParameter(TempPath)", JetSetSystemParameterA(&mut inst, 0, JET_paramTempPath, 0, ptr(&tmp)));
    let e = JetInit(&mut inst);
    let instance = Instance { id: inst, live: e >= 0 };
    ok("JetInit", e);
    instance
}

pub fn begin_session(inst: JET_INSTANCE) -> JET_SESID {
    let mut s: JET_SESID = 0;
    ok("JetBeginSession", JetBeginSessionA(inst, &mut s, std::ptr::null(), std::ptr::null()));
    s
}

/// splitmix64: small, deterministic, good enough for test data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// true with probability pct/100.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// The folder holding `edb-samples/` (the project's shared test data): the
/// ESENT_SHARED variable, else the first `shared/` beside the repository or
/// one of its parents (a worktree sits one level deeper than the main
/// checkout).
pub fn shared_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("ESENT_SHARED") {
        return PathBuf::from(d);
    }
    let mut d = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    while d.pop() {
        let c = d.join("shared");
        if c.join("edb-samples").is_dir() {
            return c;
        }
    }
    panic!("no shared/edb-samples found beside {} or its parents: set ESENT_SHARED", env!("CARGO_MANIFEST_DIR"));
}

/// A decompressed copy of sample `name` at `to`.
pub fn sample_copy(name: &str, to: &Path) {
    let src = shared_dir().join("edb-samples").join(format!("{name}.edb.gz"));
    let st = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("gzip -dc '{}' > '{}'", src.display(), to.display()))
        .status()
        .expect("gzip");
    assert!(st.success(), "cannot decompress {}", src.display());
}

/// Build libesent.so (`cargo build --lib`, same profile and target directory
/// as this test: `cargo test` does not build the cdylib for integration
/// tests); returns the folder that holds it (target/<profile>).
pub fn build_library() -> PathBuf {
    use std::process::Command;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let exe = std::env::current_exe().expect("current_exe");
    let lib = exe.parent().and_then(Path::parent).expect("target/<profile>").to_path_buf();
    let target_dir = lib.parent().expect("target dir").to_path_buf();
    let profile = lib.file_name().and_then(|n| n.to_str()).unwrap_or("debug").to_string();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&root).arg("build").arg("--lib").arg("--target-dir").arg(&target_dir);
    if profile == "release" {
        cmd.arg("--release");
    } else if profile != "debug" {
        cmd.arg("--profile").arg(&profile);
    }
    let out = cmd.output().expect("run cargo build --lib");
    assert!(out.status.success(), "cargo build --lib failed:\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(lib.join("libesent.so").exists(), "no libesent.so in {}", lib.display());
    lib
}

/// The library built (`build_library`) and tools/dump/esedump.c compiled
/// against it; returns esedump's path.
pub fn build_esedump() -> PathBuf {
    use std::process::Command;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let lib = build_library();
    let out_dir = lib.join("esedump-test");
    std::fs::create_dir_all(&out_dir).expect("output dir");
    let dump = out_dir.join(format!("esedump-{}", std::process::id()));
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let out = Command::new(&cc)
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-I"])
        .arg(root.join("include"))
        .arg(root.join("tools/dump/esedump.c"))
        .arg("-o")
        .arg(&dump)
        .arg("-L")
        .arg(&lib)
        .arg("-lesent")
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .output()
        .unwrap_or_else(|e| panic!("cannot run the C compiler {cc}: {e}"));
    assert!(out.status.success(), "compiling esedump failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    dump
}

/// Dump `db` with esedump (through the C API) and have both independent
/// readers (tools/dump/readers.py: dissect.esedb and libesedb's
/// esedbexport) read the file and agree with that dump. Panics, with the
/// report, on any difference or when a reader is missing.
pub fn independent_readers_agree(db: &Path) -> String {
    use std::process::Command;
    let esedump = build_esedump();
    let json = db.with_extension("dump.json");
    let out = Command::new(&esedump).arg(db).arg("-o").arg(&json).output().expect("run esedump");
    assert!(out.status.success(), "esedump {} failed:\n{}", db.display(), String::from_utf8_lossy(&out.stderr));
    run_readers(db, &json)
}

/// Run tools/dump/readers.py on a database and a canonical dump of it: both
/// independent readers must agree with the dump. Returns the report; panics
/// on a difference or when a reader is missing (run the installer).
pub fn run_readers(db: &Path, dump: &Path) -> String {
    use std::process::Command;
    let readers = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tools/dump/readers.py");
    let out = Command::new("python3")
        .arg(readers)
        .arg(db)
        .arg(dump)
        .env("ESENT_SHARED", shared_dir())
        .output()
        .expect("python3 must be installed to run tools/dump/readers.py");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    match out.status.code() {
        Some(0) => text,
        Some(2) => panic!(
            "an independent reader is missing or cannot run: run tools/dump/install-readers.sh \
             (.ci/run does it before cargo test)\n{text}"
        ),
        _ => panic!("the independent readers disagree with the dump of {}:\n{text}", db.display()),
    }
}
