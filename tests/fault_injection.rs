//! Fault injection through the os traits: an instance runs on a FaultFs (the
//! engine's test hook picks it by log folder); every write, every fsync and
//! every read of a workload fails in turn. Each failure must come back to the
//! caller as a JET_err (never a panic or a silent success), a failed log
//! write must make the instance unavailable, and after a restart on the real
//! file system recovery must hold every transaction reported committed and
//! none that failed before its pages changed. Torn writes of database pages
//! during a checkpoint, followed by a crash, must lose nothing either.

mod durability_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use durability_support::*;
use esent::abi::*;
use esent::api::instance::JetTerm2;
use esent::error::JetError;
use esent::isam::engine::set_test_file_system;
use esent::os::fault::{Fault, FaultFs, FaultOp, FaultPlan};
use esent::os::{FileSystem, LocalFs};

const KEYS: u32 = 40;
const TXNS: u64 = 14;

fn params() -> Params {
    // small log files and a shallow checkpoint: rolls and checkpoints happen inside the workload
    Params::default().int(JET_paramLogFileSize, 64).int(JET_paramCheckpointDepthMax, 64 * 1024)
}

fn db_path(dir: &Path) -> PathBuf {
    dir.join("f.edb")
}

/// A database with a few committed rows, cleanly shut down.
fn baseline(dir: &Path, name: &str) -> Model {
    let inst = init_instance(dir, name, &params()).expect("JetInit");
    let s = Ses::begin(inst);
    let dbid = s.create_db(&db_path(dir)).unwrap();
    let cols = create_table(s, dbid);
    save_columns(&db_path(dir), &cols);
    let t = s.open_table(dbid, TABLE).unwrap();
    let mut model = Model::new();
    ok(s.begin_txn(), "begin");
    for id in 0..KEYS / 2 {
        ok(insert_row(s, t, &cols, id, 1), "baseline insert");
        model.insert(id, 1);
    }
    ok(s.commit(0), "baseline commit");
    s.end();
    ok(JetTerm2(inst, 0), "baseline JetTerm");
    model
}

/// What one run of the workload reported.
#[derive(Default, Debug)]
struct Outcome {
    /// Transactions whose commit returned success, in order, and whether
    /// the commit was lazy (JET_bitCommitLazyFlush).
    committed: Vec<(u64, Vec<Op>, bool)>,
    /// A commit that failed once the instance had become unavailable: it
    /// may or may not be in the log.
    unknown: Option<(u64, Vec<Op>)>,
    /// Every error a call returned: (call, error).
    errors: Vec<(String, JET_ERR)>,
    unavailable: Option<JET_ERR>,
}

/// The errors a failed disk may give a caller.
const DISK_ERRORS: [JET_ERR; 8] = [
    JET_errDiskIO,
    JET_errDiskFull,
    JET_errLogWriteFail,
    JET_errLogDiskFull,
    JET_errOutOfDatabaseSpace,
    JET_errInstanceUnavailable,
    JET_errInstanceUnavailableDueToFatalLogDiskFull,
    JET_errReadVerifyFailure,
];

/// Whether the instance refuses work now (probing with a transaction).
fn probe_unavailable(s: Ses) -> Option<JET_ERR> {
    let e = s.begin_txn();
    if e >= 0 {
        ok(s.rollback(), "probe rollback");
        return None;
    }
    Some(e)
}

/// Run the workload on `fs`: JetInit (recovery), attach, TXNS transactions
/// of random changes (a few lazy, each followed later by a durable one),
/// then JetTerm. Errors are recorded, not fatal.
fn workload(dir: &Path, name: &str, fs: Arc<dyn FileSystem>, start: &Model, seed: u64) -> Outcome {
    let mut out = Outcome::default();
    set_test_file_system(dir, Some(fs));
    let inst = match init_instance(dir, name, &params()) {
        Ok(i) => i,
        Err(e) => {
            out.errors.push(("JetInit".into(), e));
            set_test_file_system(dir, None);
            return out;
        }
    };
    let s = Ses::begin(inst);
    let cols = load_columns(&db_path(dir));
    let opened = s.attach_open(&db_path(dir)).map_err(|e| ("attach", e)).and_then(|dbid| s.open_table(dbid, TABLE).map_err(|e| ("open table", e)));
    match opened {
        Err((what, e)) => out.errors.push((what.into(), e)),
        Ok(t) => {
            let mut model = start.clone();
            let mut r = Rng(seed);
            for n in 0..TXNS {
                let ver = 100 + n;
                let e = s.begin_txn();
                if e < 0 {
                    out.errors.push(("begin".into(), e));
                    out.unavailable = probe_unavailable(s);
                    if out.unavailable.is_some() {
                        break;
                    }
                    continue;
                }
                let mut next = model.clone();
                let count = 1 + r.below(4) as usize;
                let ops = random_ops(&mut r, &mut next, KEYS, count, ver);
                let mut failed = None;
                for op in &ops {
                    let e = perform(s, t, &cols, ver, *op);
                    if e < 0 {
                        failed = Some((format!("{op:?}"), e));
                        break;
                    }
                }
                if let Some((what, e)) = failed {
                    out.errors.push((what, e));
                    let _ = s.prepare(t, JET_prepCancel);
                    let rb = s.rollback();
                    if rb < 0 {
                        out.errors.push(("rollback".into(), rb));
                    }
                    out.unavailable = probe_unavailable(s);
                    if out.unavailable.is_some() {
                        break;
                    }
                    continue;
                }
                let lazy = n % 4 == 1;
                let e = s.commit(if lazy { JET_bitCommitLazyFlush } else { 0 });
                if e < 0 {
                    out.errors.push(("commit".into(), e));
                    out.unavailable = probe_unavailable(s);
                    if out.unavailable.is_some() {
                        out.unknown = Some((ver, ops));
                        break;
                    }
                    // the instance goes on: the failed commit changed nothing
                    continue;
                }
                out.committed.push((ver, ops, lazy));
                model = next;
            }
        }
    }
    let e = esent::api::session::JetEndSession(s.0, 0);
    if e < 0 {
        out.errors.push(("JetEndSession".into(), e));
    }
    let e = JetTerm2(inst, 0);
    if e < 0 {
        out.errors.push(("JetTerm".into(), e));
        // as an application would: give up on a clean shutdown
        let e2 = JetTerm2(inst, JET_bitTermDirty);
        assert!(e2 == JET_errSuccess || e2 == JET_errDirtyShutdown, "JetTerm dirty after a failed JetTerm: {e2}");
    }
    set_test_file_system(dir, None);
    out
}

/// Restart on the local file system and check the table against the
/// outcome: every reported commit, nothing else (but the one whose fate the
/// crash decided). Returns the rows.
fn verify(dir: &Path, name: &str, start: &Model, out: &Outcome, what: &str) -> Model {
    let inst = init_instance(dir, name, &params()).unwrap_or_else(|e| panic!("{what}: recovery on the real disk failed: {e} (outcome {out:?})"));
    let s = Ses::begin(inst);
    let dbid = s.attach_open(&db_path(dir)).unwrap_or_else(|e| panic!("{what}: attach after recovery: {e} (outcome {out:?})"));
    let cols = load_columns(&db_path(dir));
    let found = read_and_check(s, dbid, &cols).unwrap_or_else(|e| panic!("{what}: {e}"));
    s.end();
    ok(JetTerm2(inst, 0), "JetTerm after the check");
    // every commit up to the last durable one is there; the lazy ones after
    // it form a prefix, and the commit whose fate the failure decided may follow
    let must = out.committed.iter().rposition(|c| !c.2).map_or(0, |i| i + 1);
    let mut want = start.clone();
    let mut matched = false;
    for k in 0..=out.committed.len() {
        if k > 0 {
            let (ver, ops, _) = &out.committed[k - 1];
            apply(&mut want, *ver, ops);
        }
        if k < must {
            continue;
        }
        let mut with_unknown = want.clone();
        if let Some((ver, ops)) = &out.unknown {
            apply(&mut with_unknown, *ver, ops);
        }
        // the unknown commit comes after every reported one
        if found == want || (k == out.committed.len() && found == with_unknown) {
            matched = true;
            break;
        }
    }
    assert!(matched, "{what}: the recovered table {found:?} is not the committed one {want:?} (outcome {out:?})");
    found
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Count the operations of one kind the workload makes, then fail each in turn.
fn fail_each(kind: FaultOp, error: JetError, torn: Option<usize>, label: &str) -> BTreeMap<String, usize> {
    let root = scratch(&format!("fault-{label}"));
    let base = root.join("base");
    std::fs::create_dir_all(&base).unwrap();
    let start = baseline(&base, &format!("{label}-base"));
    // a dry run counts the operations
    let dry = root.join("dry");
    copy_dir(&base, &dry);
    let plan = FaultPlan::new();
    plan.arm(Fault::new(kind, u64::MAX, error));
    let fs: Arc<dyn FileSystem> = Arc::new(FaultFs::new(Arc::new(LocalFs), plan.clone()));
    let out = workload(&dry, &format!("{label}-dry"), fs, &start, 42);
    assert!(out.errors.is_empty(), "the dry run failed: {out:?}");
    let total = plan.count(kind);
    verify(&dry, &format!("{label}-dry-check"), &start, &out, "dry run");
    assert!(total > 10, "{label}: only {total} operations counted");
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let run = root.join("run");
    for i in 0..total {
        copy_dir(&base, &run);
        let plan = FaultPlan::new();
        let mut f = Fault::new(kind, i, error);
        f.torn_bytes = torn;
        plan.arm(f);
        let fs: Arc<dyn FileSystem> = Arc::new(FaultFs::new(Arc::new(LocalFs), plan.clone()));
        let out = workload(&run, &format!("{label}-{i}"), fs, &start, 42);
        let what = format!("{label}: failing operation {i} of {total}");
        if plan.tripped() {
            // a fault in a background thread (lazy log flush, checkpoint) reaches no caller directly
            for (call, e) in &out.errors {
                assert!(DISK_ERRORS.contains(e), "{what}: {call} returned {e}, not a disk error");
            }
            if out.errors.iter().any(|(_, e)| *e == JET_errLogWriteFail || *e == JET_errLogDiskFull) && out.errors.iter().all(|(c, _)| c != "JetInit" && c != "JetTerm") {
                assert!(out.unavailable.is_some(), "{what}: a failed log write left the instance available: {out:?}");
            }
        } else {
            assert!(out.errors.is_empty(), "{what}: errors without a fault: {out:?}");
        }
        for (call, e) in &out.errors {
            *seen.entry(format!("{call}: {e}")).or_default() += 1;
        }
        verify(&run, &format!("{label}-{i}-check"), &start, &out, &what);
    }
    println!("{label}: {total} operations failed in turn; errors seen: {seen:?}");
    let _ = std::fs::remove_dir_all(&root);
    seen
}

#[test]
fn every_write_fails_in_turn() {
    fail_each(FaultOp::Write, JetError::DiskIO, None, "write");
}

#[test]
fn every_write_fails_in_turn_with_a_full_disk() {
    fail_each(FaultOp::Write, JetError::DiskFull, None, "write-full");
}

#[test]
fn every_torn_write_fails_in_turn() {
    fail_each(FaultOp::Write, JetError::DiskIO, Some(1000), "write-torn");
}

#[test]
fn every_fsync_fails_in_turn() {
    fail_each(FaultOp::Sync, JetError::DiskIO, None, "sync");
}

#[test]
fn every_read_fails_in_turn() {
    fail_each(FaultOp::Read, JetError::DiskIO, None, "read");
}

/// A torn write of a database page (only part of it reaches the disk), and
/// then the machine is gone: every later operation fails. Whichever page
/// write it hits (attach header, background checkpoint, detach at JetTerm),
/// recovery must rewrite the page from the log and lose nothing committed.
#[test]
fn a_torn_database_write_then_a_crash_loses_nothing() {
    let root = scratch("fault-torn-edb");
    let base = root.join("base");
    std::fs::create_dir_all(&base).unwrap();
    let start = baseline(&base, "torn-edb-base");
    let run = root.join("run");
    let mut n = 0;
    for i in 0..10_000u64 {
        copy_dir(&base, &run);
        let plan = FaultPlan::new();
        let mut f = Fault::new(FaultOp::Write, i, JetError::DiskIO);
        f.sticky = true;
        f.torn_bytes = Some(512 * (1 + (i as usize * 3) % 7));
        f.path_filter = Some("f.edb".into());
        plan.arm(f);
        let fs: Arc<dyn FileSystem> = Arc::new(FaultFs::new(Arc::new(LocalFs), plan.clone()));
        let out = workload(&run, &format!("torn-edb-{i}"), fs, &start, 42);
        if !plan.tripped() {
            break;
        }
        n += 1;
        verify(&run, &format!("torn-edb-{i}-check"), &start, &out, &format!("torn database write {i}"));
    }
    assert!(n > 5, "only {n} database writes in the workload");
    println!("torn database writes: {n} crash points checked");
    let _ = std::fs::remove_dir_all(&root);
}

/// Power loss at every write of the workload: what was not synced is lost,
/// or lands partly, in any order, torn at sector boundaries. Durable commits
/// must survive; the rest may go, lazy ones only as a suffix.
#[test]
fn power_loss_at_every_write() {
    use durability_support::lossy::LossyFs;
    let root = scratch("fault-power");
    let base = root.join("base");
    std::fs::create_dir_all(&base).unwrap();
    let start = baseline(&base, "power-base");
    let dry = root.join("dry");
    copy_dir(&base, &dry);
    let fs = LossyFs::new(Arc::new(LocalFs));
    let out = workload(&dry, "power-dry", Arc::new(fs.clone()), &start, 42);
    assert!(out.errors.is_empty(), "the dry run failed: {out:?}");
    verify(&dry, "power-dry-check", &start, &out, "power dry run");
    let total = fs.writes();
    assert!(total > 20, "only {total} writes");
    let run = root.join("run");
    let (mut crashes, mut dropped, mut landed, mut torn) = (0, 0, 0, 0);
    for i in 0..total {
        for random in [false, true] {
            if !random && i % 3 != 0 {
                continue;
            }
            copy_dir(&base, &run);
            let fs = LossyFs::new(Arc::new(LocalFs));
            fs.crash_at_write(i, random.then(|| Rng(i * 7 + 1)));
            let out = workload(&run, &format!("power-{i}-{random}"), Arc::new(fs.clone()), &start, 42);
            if fs.crashed() {
                crashes += 1;
                let (d, l, t) = fs.crash_stats();
                dropped += d;
                landed += l;
                torn += t;
            }
            verify(&run, &format!("power-{i}-{random}-check"), &start, &out, &format!("power loss at write {i} (random landing: {random})"));
        }
    }
    println!("power loss: {crashes} crashes over {total} write points; unsynced writes dropped {dropped}, landed {landed}, torn {torn}");
    let _ = std::fs::remove_dir_all(&root);
}
