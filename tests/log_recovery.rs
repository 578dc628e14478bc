//! The log and recovery features of the Jet API: circular logging, the log
//! file size, reserve logs, JetCommitTransaction2's grbits and commit ids,
//! the bound on lazy commits, JetInit3's status callback, damaged or
//! mismatched logs, JET_bitTermDirty, attaching a dirty database without its
//! logs, and the database header's state, positions and log signature.

mod durability_support;

use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex as StdMutex;
use std::time::{Duration, Instant};

use durability_support::*;
use esent::abi::*;
use esent::api::instance::{JetCreateInstanceA, JetInit3A, JetSetSystemParameterA, JetTerm2};
use esent::api::session::JetSetSessionParameter;
use esent::api::transaction::JetCommitTransaction2;
use esent::format::header::{dbstate, DbHeader};
use esent::isam::engine::Engine;
use esent::log::{Lgpos, Log, LogConfig};
use esent::os::LocalFs;

fn engine_of(inst: JET_INSTANCE) -> Arc<Engine> {
    esent::api::guard::instance_arg(inst).unwrap().unwrap().engine().unwrap()
}

/// A running instance with the test table in `dir/db.edb`.
struct Run {
    inst: JET_INSTANCE,
    s: Ses,
    t: JET_TABLEID,
    cols: Cols,
    db: PathBuf,
}

fn start(dir: &Path, name: &str, params: &Params) -> Run {
    let inst = init_instance(dir, name, params).expect("JetInit");
    let s = Ses::begin(inst);
    let db = dir.join("db.edb");
    let (dbid, cols) = if db.exists() {
        (s.attach_open(&db).expect("attach"), load_columns(&db))
    } else {
        let dbid = s.create_db(&db).expect("create");
        let cols = create_table(s, dbid);
        save_columns(&db, &cols);
        (dbid, cols)
    };
    let t = s.open_table(dbid, TABLE).unwrap();
    Run { inst, s, t, cols, db }
}

impl Run {
    /// Commit `n` transactions of a few rows each (payloads up to several pages).
    fn commit_many(&self, model: &mut Model, n: u64, from_ver: u64, grbit: JET_GRBIT) {
        let mut r = Rng(from_ver);
        for v in from_ver..from_ver + n {
            ok(self.s.begin_txn(), "begin");
            for op in random_ops(&mut r, model, 60, 3, v) {
                ok(perform(self.s, self.t, &self.cols, v, op), "op");
            }
            ok(self.s.commit(grbit), "commit");
        }
    }

    fn check(&self, want: &Model) {
        let dbid = self.s.open_db(&self.db).unwrap();
        assert_eq!(&read_and_check(self.s, dbid, &self.cols).unwrap(), want);
    }

    fn stop(self, grbit: JET_GRBIT) -> JET_ERR {
        let _ = esent::api::session::JetEndSession(self.s.0, 0);
        JetTerm2(self.inst, grbit)
    }
}

fn log_config(dir: &Path) -> LogConfig {
    LogConfig::new(dir, "edb")
}

/// The numbered generations present in `dir`.
fn generations(dir: &Path) -> Vec<u32> {
    let mut v: Vec<u32> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let n = e.ok()?.file_name().to_string_lossy().into_owned();
            let hex = n.strip_prefix("edb")?.strip_suffix(".log")?;
            if hex.len() == 5 || hex.len() == 8 { u32::from_str_radix(hex, 16).ok() } else { None }
        })
        .collect();
    v.sort();
    v
}

fn read_header(path: &Path) -> DbHeader {
    let bytes = std::fs::read(path).unwrap();
    esent::format::header::verify_header(&bytes[..4096], 4096).expect("a valid header")
}

fn header_lgpos(l: Lgpos) -> esent::format::header::Lgpos {
    esent::format::header::Lgpos::decode(&l.to_jet_bytes())
}

#[test]
fn circular_logging_deletes_generations_the_checkpoint_passed() {
    let dir = scratch("circular");
    let params = Params::default().int(JET_paramCircularLog, 1).int(JET_paramLogFileSize, 64).int(JET_paramCheckpointDepthMax, 128 * 1024);
    let run = start(&dir, "circular", &params);
    let mut model = Model::new();
    let engine = engine_of(run.inst);
    let log = engine.log.as_ref().unwrap();
    let mut most = 0;
    for round in 0..20 {
        run.commit_many(&mut model, 10, 100 + round * 10, 0);
        engine.checkpoint().unwrap();
        let cp = log.checkpoint().lgpos.generation;
        let gens = generations(&dir);
        assert!(gens.iter().all(|g| *g >= cp), "generation below the checkpoint's ({cp}) kept: {gens:?}");
        most = most.max(gens.len());
    }
    let end = log.end().generation;
    assert!(end > 20, "the workload wrote only {end} generations");
    assert!(most <= 4, "circular logging kept up to {most} generations");
    run.check(&model);
    ok(run.stop(0), "JetTerm");
    // and without it every generation stays
    let dir2 = scratch("not-circular");
    let params2 = Params::default().int(JET_paramLogFileSize, 64).int(JET_paramCheckpointDepthMax, 128 * 1024);
    let run = start(&dir2, "not-circular", &params2);
    let mut model2 = Model::new();
    run.commit_many(&mut model2, 100, 100, 0);
    let end = engine_of(run.inst).log.as_ref().unwrap().end().generation;
    let gens = generations(&dir2);
    assert_eq!(gens, (1..end).collect::<Vec<_>>());
    ok(run.stop(0), "JetTerm");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dir2);
}

#[test]
fn log_files_have_the_configured_size_and_reserve_logs_exist() {
    let dir = scratch("logsize");
    let run = start(&dir, "logsize", &Params::default().int(JET_paramLogFileSize, 256));
    let mut model = Model::new();
    run.commit_many(&mut model, 60, 1, 0);
    let size = |p: PathBuf| std::fs::metadata(p).unwrap().len();
    assert_eq!(size(dir.join("edb.log")), 256 * 1024);
    let gens = generations(&dir);
    assert!(!gens.is_empty(), "no generation was finished");
    for g in gens {
        assert_eq!(size(dir.join(format!("edb{g:05X}.log"))), 256 * 1024);
    }
    for n in 1..=2 {
        assert_eq!(size(dir.join(format!("edbres{n:05}.jrs"))), 256 * 1024);
    }
    assert!(dir.join("edb.chk").exists());
    ok(run.stop(0), "JetTerm");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn commit_transaction2_grbits_and_commit_ids() {
    let dir = scratch("commit2");
    let run = start(&dir, "commit2", &Params::default());
    let engine = engine_of(run.inst);
    let log = engine.log.as_ref().unwrap();
    let s = run.s;
    let commit2 = |grbit: JET_GRBIT, cmsec: u32| -> (JET_ERR, JET_COMMIT_ID) {
        let mut id: JET_COMMIT_ID = unsafe { std::mem::zeroed() };
        let e = JetCommitTransaction2(s.0, grbit, cmsec, &mut id);
        (e, id)
    };
    let to_lgpos = |id: i64| -> Lgpos { Lgpos::from_jet_bytes(&id.to_le_bytes()) };
    let mut ids = Vec::new();
    let mut model = Model::new();
    for v in 1..=5u64 {
        ok(s.begin_txn(), "begin");
        ok(insert_row(s, run.t, &run.cols, v as u32, v), "insert");
        model.insert(v as u32, v);
        let (e, id) = commit2(if v % 2 == 0 { JET_bitCommitLazyFlush } else { 0 }, 0);
        ok(e, "commit2");
        assert_eq!(id.signLog.ulRandom.to_le_bytes(), log.signature().to_bytes()[..4]);
        ids.push(id.commitId);
    }
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "commit ids do not follow commit order: {ids:?}");
    assert!(log.end() > to_lgpos(*ids.last().unwrap()));

    // the wait grbits stand alone, commit nothing, and need no transaction
    assert_eq!(commit2(JET_bitWaitLastLevel0Commit | JET_bitCommitLazyFlush, 0).0, JET_errInvalidGrbit);
    assert_eq!(commit2(JET_bitWaitAllLevel0Commit | JET_bitWaitLastLevel0Commit, 0).0, JET_errInvalidGrbit);
    assert_eq!(commit2(JET_bitForceNewLog | JET_bitCommitLazyFlush, 0).0, JET_errInvalidGrbit);
    assert_eq!(commit2(0, 0).0, JET_errNotInTransaction);
    ok(s.begin_txn(), "begin");
    ok(insert_row(s, run.t, &run.cols, 50, 50), "insert");
    ok(commit2(JET_bitWaitAllLevel0Commit, 0).0, "wait all inside a transaction");
    ok(commit2(JET_bitWaitLastLevel0Commit, 0).0, "wait last inside a transaction");
    // still in the transaction: it is rolled back, the row never existed
    ok(s.rollback(), "the transaction is still open");
    assert_eq!(seek_row(s, run.t, 50), JET_errRecordNotFound);

    // a lazy commit is durable once JET_bitWaitLastLevel0Commit returns
    ok(s.begin_txn(), "begin");
    ok(insert_row(s, run.t, &run.cols, 60, 60), "insert");
    model.insert(60, 60);
    let (e, id) = commit2(JET_bitCommitLazyFlush, 0);
    ok(e, "lazy commit");
    ok(commit2(JET_bitWaitLastLevel0Commit, 0).0, "wait last");
    assert!(log.durable() > to_lgpos(id.commitId));

    // a durable commit may not ask for a delay; a lazy one is durable within it
    ok(s.begin_txn(), "begin");
    ok(insert_row(s, run.t, &run.cols, 61, 61), "insert");
    assert_eq!(commit2(0, 20).0, JET_errInvalidParameter);
    model.insert(61, 61);
    let (e, id) = commit2(JET_bitCommitLazyFlush, 20);
    ok(e, "lazy commit with a bound");
    let t0 = Instant::now();
    while log.durable() <= to_lgpos(id.commitId) {
        assert!(t0.elapsed() < Duration::from_secs(10), "a lazy commit with a 20 ms bound was not durable after 10 s");
        std::thread::sleep(Duration::from_millis(1));
    }
    // and without a bound, within the log's lazy-flush delay
    ok(s.begin_txn(), "begin");
    ok(insert_row(s, run.t, &run.cols, 62, 62), "insert");
    model.insert(62, 62);
    let (e, id) = commit2(JET_bitCommitLazyFlush, 0);
    ok(e, "lazy commit");
    let t0 = Instant::now();
    while log.durable() <= to_lgpos(id.commitId) {
        assert!(t0.elapsed() < Duration::from_secs(10), "a lazy commit was not durable after 10 s");
        std::thread::sleep(Duration::from_millis(1));
    }

    // JET_bitForceNewLog: a new generation
    let g = log.end().generation;
    ok(commit2(JET_bitForceNewLog, 0).0, "force new log");
    assert_eq!(log.end().generation, g + 1);

    // the session's default commit grbit applies to its commits
    let lazy = JET_bitCommitLazyFlush.to_le_bytes();
    ok(JetSetSessionParameter(s.0, JET_sesparamCommitDefault, lazy.as_ptr() as *mut c_void, 4), "commit default");
    ok(s.begin_txn(), "begin");
    ok(insert_row(s, run.t, &run.cols, 63, 63), "insert");
    model.insert(63, 63);
    // a durable delay is refused only for a durable commit: the default makes this one lazy
    let (e, _) = commit2(0, 5);
    ok(e, "commit with the session's lazy default and a bound");
    run.check(&model);
    ok(run.stop(0), "JetTerm");
    let _ = std::fs::remove_dir_all(&dir);
}

type Events = Arc<StdMutex<Vec<(JET_SESID, u32, u32, u32, u32)>>>;

static STATUS_EVENTS: StdMutex<Option<Events>> = StdMutex::new(None);

unsafe extern "C" fn status(sesid: JET_SESID, snp: JET_SNP, snt: JET_SNT, pv: *mut c_void) -> JET_ERR {
    let prog = if pv.is_null() { JET_SNPROG { cbStruct: 0, cunitDone: 0, cunitTotal: 0 } } else { unsafe { *(pv as *const JET_SNPROG) } };
    if let Some(ev) = STATUS_EVENTS.lock().unwrap().as_ref() {
        ev.lock().unwrap().push((sesid, snp, snt, prog.cunitDone, prog.cunitTotal));
    }
    JET_errSuccess
}

#[test]
fn term_dirty_then_jetinit3_recovers_with_status_callbacks() {
    let dir = scratch("term-dirty");
    let params = Params::default().int(JET_paramLogFileSize, 64).int(JET_paramCheckpointDepthMax, 64 << 20);
    let run = start(&dir, "term-dirty", &params);
    let mut model = Model::new();
    run.commit_many(&mut model, 40, 1, 0);
    let db = run.db.clone();
    assert_eq!(run.stop(JET_bitTermDirty), JET_errDirtyShutdown);
    assert_eq!(read_header(&db).db_state, dbstate::DIRTY_SHUTDOWN);

    // without its logs the database cannot be attached
    let other = scratch("term-dirty-other");
    let inst = init_instance(&other, "term-dirty-other", &Params::default()).unwrap();
    let s = Ses::begin(inst);
    assert_eq!(s.attach_open(&db).err(), Some(JET_errDatabaseDirtyShutdown));
    s.end();
    ok(JetTerm2(inst, 0), "JetTerm");

    // JetInit3 with the status callback replays the log
    let events: Events = Arc::new(StdMutex::new(Vec::new()));
    *STATUS_EVENTS.lock().unwrap() = Some(events.clone());
    let mut inst: JET_INSTANCE = 0;
    let name = c("term-dirty-2");
    ok(JetCreateInstanceA(&mut inst, name.as_ptr()), "create");
    let d = c(&format!("{}/", dir.display()));
    let tmp = c(&format!("{}/tmp.edb", dir.display()));
    ok(JetSetSystemParameterA(&mut inst, 0, JET_paramSystemPath, 0, d.as_ptr()), "system path");
    ok(JetSetSystemParameterA(&mut inst, 0, JET_paramLogFilePath, 0, d.as_ptr()), "log path");
    ok(JetSetSystemParameterA(&mut inst, 0, JET_paramTempPath, 0, tmp.as_ptr()), "temp path");
    ok(JetSetSystemParameterA(&mut inst, 0, JET_paramLogFileSize, 64, std::ptr::null()), "log size");
    let mut rst: JET_RSTINFO_A = unsafe { std::mem::zeroed() };
    rst.cbStruct = std::mem::size_of::<JET_RSTINFO_A>() as u32;
    rst.pfnStatus = Some(status);
    ok(JetInit3A(&mut inst, &mut rst, 0), "JetInit3");
    *STATUS_EVENTS.lock().unwrap() = None;
    let ev = events.lock().unwrap().clone();
    assert!(ev.len() >= 3, "status events: {ev:?}");
    assert!(ev.iter().all(|e| e.0 == 0 && e.1 == JET_snpRestore), "{ev:?}");
    assert_eq!(ev.first().unwrap().2, JET_sntBegin);
    assert_eq!(ev.last().unwrap().2, JET_sntComplete);
    assert_eq!((ev.last().unwrap().3, ev.last().unwrap().4), (100, 100));
    let progress: Vec<u32> = ev.iter().filter(|e| e.2 == JET_sntProgress).map(|e| e.3).collect();
    assert!(!progress.is_empty() && progress.windows(2).all(|w| w[0] < w[1]) && progress.iter().all(|p| *p < 100), "{progress:?}");
    // recovered: clean, and every commit is there
    assert_eq!(read_header(&db).db_state, dbstate::CLEAN_SHUTDOWN);
    let s = Ses::begin(inst);
    let dbid = s.attach_open(&db).unwrap();
    assert_eq!(read_and_check(s, dbid, &load_columns(&db)).unwrap(), model);
    s.end();
    ok(JetTerm2(inst, 0), "JetTerm");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&other);
}

/// A log set with several finished generations and a checkpoint still in the
/// first one, left by a crash (JET_bitTermDirty).
fn crashed_set(name: &str) -> (PathBuf, Model) {
    let dir = scratch(name);
    let params = Params::default().int(JET_paramLogFileSize, 64).int(JET_paramCheckpointDepthMax, 64 << 20);
    let run = start(&dir, name, &params);
    let mut model = Model::new();
    run.commit_many(&mut model, 40, 1, 0);
    assert_eq!(run.stop(JET_bitTermDirty), JET_errDirtyShutdown);
    assert!(generations(&dir).len() >= 4, "too few generations: {:?}", generations(&dir));
    (dir, model)
}

fn init_error(dir: &Path, name: &str) -> JET_ERR {
    let params = Params::default().int(JET_paramLogFileSize, 64);
    match init_instance(dir, name, &params) {
        Ok(inst) => {
            JetTerm2(inst, 0);
            JET_errSuccess
        }
        Err(e) => e,
    }
}

#[test]
fn damaged_or_mismatched_logs_are_refused() {
    // a generation between the checkpoint and the end is missing
    let (dir, _) = crashed_set("missing-log");
    let cp = Log::read_checkpoint(&LocalFs, &log_config(&dir)).unwrap().unwrap().lgpos.generation;
    let gens = generations(&dir);
    let victim = gens.iter().copied().find(|g| *g > cp).expect("a generation after the checkpoint's");
    std::fs::remove_file(dir.join(format!("edb{victim:05X}.log"))).unwrap();
    assert_eq!(init_error(&dir, "missing-log-init"), JET_errMissingLogFile);

    // a damaged record in a finished generation
    let (dir, _) = crashed_set("corrupt-log");
    let gens = generations(&dir);
    let path = dir.join(format!("edb{:05X}.log", gens[1]));
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[4096 + 100] ^= 0xFF;
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(init_error(&dir, "corrupt-log-init"), JET_errLogFileCorrupt);

    // a generation of another log set in its place
    let (dir, _) = crashed_set("signature-a");
    let (other, _) = crashed_set("signature-b");
    let g = generations(&dir)[1];
    std::fs::copy(other.join(format!("edb{g:05X}.log")), dir.join(format!("edb{g:05X}.log"))).unwrap();
    assert_eq!(init_error(&dir, "signature-init"), JET_errBadLogSignature);

    // the current generation gone, with a checkpoint that needs the log
    let (dir, _) = crashed_set("no-logs");
    for g in generations(&dir) {
        std::fs::remove_file(dir.join(format!("edb{g:05X}.log"))).unwrap();
    }
    std::fs::remove_file(dir.join("edb.log")).unwrap();
    assert_eq!(init_error(&dir, "no-logs-init"), JET_errMissingLogFile);

    // an intact crashed set recovers
    let (dir, model) = crashed_set("intact");
    let run = start(&dir, "intact-init", &Params::default().int(JET_paramLogFileSize, 64));
    run.check(&model);
    ok(run.stop(0), "JetTerm");
}

#[test]
fn the_database_header_keeps_state_positions_and_log_signature() {
    let dir = scratch("header");
    let run = start(&dir, "header", &Params::default());
    let engine = engine_of(run.inst);
    let sig = engine.log.as_ref().unwrap().signature().to_bytes();
    let ours = esent::format::header::Signature::decode(&sig);
    let h = read_header(&run.db);
    assert_eq!(h.db_state, dbstate::DIRTY_SHUTDOWN, "attached for writing");
    assert_eq!(h.sign_log, ours);
    assert!(h.lgpos_attach.generation >= 1);
    assert_eq!(h.lgpos_detach, Default::default());
    let mut model = Model::new();
    run.commit_many(&mut model, 5, 1, 0);
    let attach = h.lgpos_attach;
    let end_before_term = engine.log.as_ref().unwrap().end();
    drop(engine);
    ok(run.stop(0), "JetTerm");
    let h = read_header(&dir.join("db.edb"));
    assert_eq!(h.db_state, dbstate::CLEAN_SHUTDOWN);
    assert_eq!(h.sign_log, ours);
    assert_eq!(h.lgpos_consistent, h.lgpos_detach);
    assert!(h.lgpos_consistent >= header_lgpos(end_before_term), "consistent at {:?}, log was at {end_before_term:?}", h.lgpos_consistent);
    assert!(h.lgpos_consistent > attach);
    assert_ne!(h.logtime_consistent, Default::default());
    let consistent = h.lgpos_consistent;

    // attached again by the same log set: the consistent position stays, the detach is cleared
    let run = start(&dir, "header-2", &Params::default());
    let h = read_header(&run.db);
    assert_eq!(h.db_state, dbstate::DIRTY_SHUTDOWN);
    assert_eq!(h.lgpos_consistent, consistent);
    assert_eq!(h.lgpos_detach, Default::default());
    assert!(h.lgpos_attach > consistent);
    run.commit_many(&mut model, 5, 100, 0);
    let engine = engine_of(run.inst);
    let end = engine.log.as_ref().unwrap().end();
    drop(engine);
    // a crash: recovery makes it consistent as of the end of the log it replayed
    assert_eq!(run.stop(JET_bitTermDirty), JET_errDirtyShutdown);
    let run = start(&dir, "header-3", &Params::default());
    let h = read_header(&run.db);
    assert_eq!(h.db_state, dbstate::DIRTY_SHUTDOWN, "attached again after recovery");
    assert!(h.lgpos_consistent >= header_lgpos(end), "recovery's consistent point {:?} is before the log end {end:?}", h.lgpos_consistent);
    run.check(&model);
    ok(run.stop(0), "JetTerm");

    // another log set: the header takes its signature and forgets the old consistent point
    let dir2 = scratch("header-other");
    std::fs::copy(dir.join("db.edb"), dir2.join("db.edb")).unwrap();
    std::fs::copy(dir.join("db.cols"), dir2.join("db.cols")).unwrap();
    let run = start(&dir2, "header-other", &Params::default());
    let theirs = esent::format::header::Signature::decode(&engine_of(run.inst).log.as_ref().unwrap().signature().to_bytes());
    assert_ne!(theirs, ours);
    let h = read_header(&run.db);
    assert_eq!(h.sign_log, theirs);
    assert_eq!(h.lgpos_consistent, Default::default());
    run.check(&model);
    ok(run.stop(0), "JetTerm");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dir2);
}

/// The object id counter lives in the header, which only attach and detach
/// write: after a checkpoint and a crash, recovery must not give the header
/// back an older counter (new trees would reuse a committed table's ids).
#[test]
fn object_ids_and_database_time_survive_a_checkpoint_and_a_crash() {
    let dir = scratch("objid");
    let run = start(&dir, "objid", &Params::default());
    let dbid = run.s.open_db(&run.db).unwrap();
    for n in 1..=3 {
        ok(run.s.begin_txn(), "begin");
        ok(create_aux(run.s, dbid, n), "create aux");
        ok(run.s.commit(0), "commit");
    }
    let engine = engine_of(run.inst);
    engine.checkpoint().unwrap();
    let objid = engine.database(dbid).unwrap().store.read().objid_last();
    let dbtime = engine.database(dbid).unwrap().store.read().dbtime();
    drop(engine);
    assert_eq!(run.stop(JET_bitTermDirty), JET_errDirtyShutdown);
    let h = read_header(&dir.join("db.edb"));
    assert!(h.objid_last < objid, "the test needs a header older than the counter");
    let run = start(&dir, "objid-2", &Params::default());
    let h = read_header(&run.db);
    assert!(h.objid_last >= objid && h.dbtime >= dbtime, "recovery left objid {} (was {objid}), dbtime {} (was {dbtime})", h.objid_last, h.dbtime);
    let dbid = run.s.open_db(&run.db).unwrap();
    for n in 4..=6 {
        ok(run.s.begin_txn(), "begin");
        ok(create_aux(run.s, dbid, n), "create aux after recovery");
        ok(run.s.commit(0), "commit");
    }
    for n in 1..=6 {
        assert!(aux_present(run.s, dbid, n).unwrap(), "aux{n}");
    }
    ok(run.stop(0), "JetTerm");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Commits that change part of a page log the bytes that changed (deltas),
/// not the page; after a checkpoint and a crash, recovery replays them over
/// the pages the checkpoint wrote and every commit is there.
#[test]
fn small_changes_are_logged_as_deltas_and_recovered() {
    let dir = scratch("deltas");
    let run = start(&dir, "deltas", &Params::default());
    let mut model = Model::new();
    run.commit_many(&mut model, 40, 1, 0);
    let engine = engine_of(run.inst);
    engine.checkpoint().unwrap();
    let from = engine.log.as_ref().unwrap().end();
    drop(engine);
    run.commit_many(&mut model, 60, 41, 0);
    run.check(&model);
    assert_eq!(run.stop(JET_bitTermDirty), JET_errDirtyShutdown);
    let (mut full, mut delta, mut delta_bytes) = (0usize, 0usize, 0usize);
    Log::scan(&LocalFs, &log_config(&dir), Some(from), |pos, r| {
        if let (true, esent::log::LogRecord::Commit { pages, .. }) = (pos >= from, r) {
            for p in pages.iter().filter(|p| p.pgno != 0) {
                if p.is_delta() {
                    delta += 1;
                    delta_bytes += p.data.len();
                } else {
                    full += 1;
                }
            }
        }
        Ok(())
    })
    .unwrap();
    assert!(delta > full, "{delta} deltas, {full} whole pages");
    assert!(delta_bytes / delta < 4096 / 2, "deltas of {} bytes on average", delta_bytes / delta);
    let run = start(&dir, "deltas-2", &Params::default());
    run.check(&model);
    ok(run.stop(0), "JetTerm");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Transactions across two databases, one of them detached before a crash:
/// recovery replays both, leaves the detached one as its detach left it and
/// the other consistent, and both hold every commit.
#[test]
fn two_databases_one_detached_then_a_crash() {
    let dir = scratch("two-dbs");
    let inst = init_instance(&dir, "two-dbs", &Params::default().int(JET_paramLogFileSize, 64)).unwrap();
    let s = Ses::begin(inst);
    let (a, b) = (dir.join("a.edb"), dir.join("b.edb"));
    let (da, db) = (s.create_db(&a).unwrap(), s.create_db(&b).unwrap());
    let (ca, cb) = (create_table(s, da), create_table(s, db));
    save_columns(&a, &ca);
    save_columns(&b, &cb);
    let (ta, tb) = (s.open_table(da, TABLE).unwrap(), s.open_table(db, TABLE).unwrap());
    let (mut ma, mut mb) = (Model::new(), Model::new());
    let mut r = Rng(5);
    for v in 1..=30u64 {
        ok(s.begin_txn(), "begin");
        for op in random_ops(&mut r, &mut ma, 50, 2, v) {
            ok(perform(s, ta, &ca, v, op), "op on a");
        }
        for op in random_ops(&mut r, &mut mb, 50, 2, v) {
            ok(perform(s, tb, &cb, v, op), "op on b");
        }
        ok(s.commit(if v % 3 == 0 { JET_bitCommitLazyFlush } else { 0 }), "commit across both");
        if v == 15 {
            engine_of(inst).checkpoint().unwrap();
        }
    }
    s.close_table(tb);
    ok(esent::api::database::JetCloseDatabase(s.0, db, 0), "close b");
    let bp = c(&b.display().to_string());
    ok(esent::api::database::JetDetachDatabaseA(s.0, bp.as_ptr()), "detach b");
    assert_eq!(read_header(&b).db_state, dbstate::CLEAN_SHUTDOWN);
    for v in 31..=40u64 {
        ok(s.begin_txn(), "begin");
        for op in random_ops(&mut r, &mut ma, 50, 2, v) {
            ok(perform(s, ta, &ca, v, op), "op on a");
        }
        ok(s.commit(0), "commit on a");
    }
    assert_eq!(JetTerm2(inst, JET_bitTermDirty), JET_errDirtyShutdown);
    assert_eq!(read_header(&a).db_state, dbstate::DIRTY_SHUTDOWN);
    let inst = init_instance(&dir, "two-dbs-2", &Params::default().int(JET_paramLogFileSize, 64)).unwrap();
    assert_eq!(read_header(&a).db_state, dbstate::CLEAN_SHUTDOWN);
    assert_eq!(read_header(&b).db_state, dbstate::CLEAN_SHUTDOWN);
    let s = Ses::begin(inst);
    let da = s.attach_open(&a).unwrap();
    let db = s.attach_open(&b).unwrap();
    assert_eq!(read_and_check(s, da, &ca).unwrap(), ma);
    assert_eq!(read_and_check(s, db, &cb).unwrap(), mb);
    s.end();
    ok(JetTerm2(inst, 0), "JetTerm");
    let _ = std::fs::remove_dir_all(&dir);
}
