//! Snapshot backup (ESE's OS snapshot, as VSS drives it): the JetOSSnapshot*
//! sessions.
//!
//! Owns: the sessions and their state machine (ESE's CESESnapshotSession:
//! prepare, freeze, thaw or time-out, truncate, end or abort), which
//! instances each freezes, and the freeze itself.
//! Must never: know about C or handles (api/backup.rs keeps the JET_OSSNAPID).
//!
//! While frozen, nothing an instance owns changes on disk: a thread of the
//! session holds, for every frozen instance, the engine's attach/detach lock
//! (no database comes or goes, no header is written), its commit lock (no
//! transaction applies, so nothing is logged and no page is dirtied; a level-0
//! JetBeginTransaction waits too, because it takes that lock for its
//! snapshot) and its checkpoint lock (no page and no checkpoint is written).
//! Reads go on. Before it signals "frozen", the thread logs the backup mark,
//! stamps each database header's `bkinfoSnapshotCur` (the log generations a
//! copy of the frozen files needs), and closes the current log generation, so
//! that the files copied while frozen restore with JetExternalRestore like a
//! streaming backup. The locks are released at JetOSSnapshotThaw, or after
//! JET_paramOSSnapshotTimeout milliseconds (then the thaw reports
//! JET_errOSSnapshotTimeOut and the snapshot does not count as a backup).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use crate::abi::*;
use crate::error::{JetError, JetResult};
use crate::format::header::{BkInfo, LogTime};
use crate::isam::engine::{Engine, to_header_lgpos};
use crate::isam::{Instance, Lifecycle};
use crate::log::Lgpos;

use super::stream::{self, BACKUP_TYPE_OS_SNAPSHOT, MARK_TAG, record_backup};

/// ESE's snapshot session states.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    Prepare,
    Freeze,
    TimeOut,
    /// Thawed normally: the logs may be truncated, the session ended.
    AllowLogTruncate,
    LogTruncated,
    /// Ended or aborted: the session is gone.
    Done,
}

/// What a frozen instance's snapshot covers.
struct Covered {
    instance: Arc<Instance>,
    mark: Lgpos,
    time: LogTime,
    /// The log generations the copy needs: copy_low..copy_mac (exclusive).
    copy_low: u32,
    copy_mac: u32,
    /// JetOSSnapshotTruncateLog deletes below this (the checkpoint's generation at the freeze).
    delete_mac: u32,
}

struct Inner {
    phase: Phase,
    incremental: bool,
    copy: bool,
    continue_after_thaw: bool,
    /// The instances JetOSSnapshotPrepareInstance added (none: every running instance).
    instances: Vec<Arc<Instance>>,
    covered: Vec<Covered>,
    thaw: bool,
    thread: Option<JoinHandle<()>>,
    /// Set by the freeze thread: Some(result) once frozen (or failed to).
    frozen: Option<JetResult<()>>,
}

/// One JetOSSnapshotPrepare session.
pub struct Session {
    id: u64,
    inner: Mutex<Inner>,
    cv: Condvar,
}

static NEXT: AtomicU64 = AtomicU64::new(1);
/// Instance serial -> the session that has it (from PrepareInstance or Freeze to the end).
static MEMBERS: LazyLock<Mutex<HashMap<u64, u64>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// Whether an instance takes part in a snapshot session: a streaming backup
/// must not start then (ESE: JET_errBackupInProgress).
pub fn instance_in_snapshot(serial: u64) -> bool {
    MEMBERS.lock().contains_key(&serial)
}

impl Session {
    /// The session's phase (Done once ended: its JET_OSSNAPID is then invalid).
    pub fn phase(&self) -> Phase {
        self.inner.lock().phase
    }

    fn release_members(&self) {
        MEMBERS.lock().retain(|_, s| *s != self.id);
    }
}

/// JetOSSnapshotPrepare.
pub fn prepare(grbit: JET_GRBIT) -> JetResult<Arc<Session>> {
    let valid = JET_bitIncrementalSnapshot | JET_bitCopySnapshot | JET_bitContinueAfterThaw | JET_bitExplicitPrepare;
    if grbit & !valid != 0 {
        return Err(JetError::InvalidGrbit);
    }
    if !crate::isam::system::instances().iter().any(|i| i.lifecycle() == Lifecycle::Running) {
        return Err(JetError::NotInitialized);
    }
    Ok(Arc::new(Session {
        id: NEXT.fetch_add(1, Ordering::Relaxed),
        inner: Mutex::new(Inner {
            phase: Phase::Prepare,
            incremental: grbit & JET_bitIncrementalSnapshot != 0,
            copy: grbit & JET_bitCopySnapshot != 0,
            continue_after_thaw: grbit & JET_bitContinueAfterThaw != 0,
            instances: Vec::new(),
            covered: Vec::new(),
            thaw: false,
            thread: None,
            frozen: None,
        }),
        cv: Condvar::new(),
    }))
}

/// An instance may join a snapshot: running, allowed to back up, in no other
/// backup (ESE: JET_errOSSnapshotNotAllowed).
fn check_member(s: &Session, inst: &Arc<Instance>) -> JetResult<()> {
    if inst.lifecycle() != Lifecycle::Running || stream::in_progress(inst) {
        return Err(JetError::OSSnapshotNotAllowed);
    }
    match MEMBERS.lock().get(&inst.serial()) {
        Some(&id) if id != s.id => Err(JetError::OSSnapshotNotAllowed),
        _ => Ok(()),
    }
}

/// JetOSSnapshotPrepareInstance.
pub fn prepare_instance(s: &Arc<Session>, inst: &Arc<Instance>, grbit: JET_GRBIT) -> JetResult<()> {
    if grbit != 0 {
        return Err(JetError::InvalidGrbit);
    }
    let mut g = s.inner.lock();
    if g.phase != Phase::Prepare {
        return Err(JetError::OSSnapshotInvalidSequence);
    }
    check_member(s, inst)?;
    if g.instances.iter().any(|i| Arc::ptr_eq(i, inst)) {
        return Err(JetError::OSSnapshotNotAllowed);
    }
    MEMBERS.lock().insert(inst.serial(), s.id);
    g.instances.push(inst.clone());
    Ok(())
}

/// The instances a session freezes (or would freeze).
fn members(g: &Inner) -> Vec<Arc<Instance>> {
    if !g.covered.is_empty() {
        return g.covered.iter().map(|c| c.instance.clone()).collect();
    }
    if !g.instances.is_empty() {
        return g.instances.clone();
    }
    crate::isam::system::instances().into_iter().filter(|i| i.lifecycle() == Lifecycle::Running).collect()
}

/// The instances of a session and their attached databases (JetOSSnapshotFreeze
/// and JetOSSnapshotGetFreezeInfo report them).
pub fn freeze_info(s: &Arc<Session>, grbit: JET_GRBIT) -> JetResult<Vec<Arc<Instance>>> {
    if grbit != 0 {
        return Err(JetError::InvalidGrbit);
    }
    let g = s.inner.lock();
    if g.phase == Phase::Done {
        return Err(JetError::OSSnapshotInvalidSequence);
    }
    Ok(members(&g))
}

/// JetOSSnapshotFreeze: freeze the session's instances and return them.
pub fn freeze(s: &Arc<Session>, grbit: JET_GRBIT) -> JetResult<Vec<Arc<Instance>>> {
    if grbit != 0 {
        return Err(JetError::InvalidGrbit);
    }
    let mut g = s.inner.lock();
    if g.phase != Phase::Prepare {
        return Err(JetError::OSSnapshotInvalidSequence);
    }
    let instances = members(&g);
    for i in &instances {
        check_member(s, i)?;
    }
    {
        let mut m = MEMBERS.lock();
        for i in &instances {
            m.insert(i.serial(), s.id);
        }
    }
    let engines: Vec<(Arc<Instance>, Arc<Engine>)> = instances.iter().filter_map(|i| Some((i.clone(), i.engine().ok()?))).collect();
    let incremental = g.incremental;
    let timeout = Duration::from_millis(crate::isam::system::global_param_int(JET_paramOSSnapshotTimeout));
    g.thaw = false;
    g.frozen = None;
    let session = s.clone();
    let thread = std::thread::Builder::new()
        .name("esent-snapshot".into())
        .spawn(move || freeze_thread(session, engines, incremental, timeout))
        .map_err(|_| JetError::OutOfThreads)?;
    g.thread = Some(thread);
    while g.frozen.is_none() {
        s.cv.wait(&mut g);
    }
    match g.frozen.take().unwrap() {
        Ok(()) => {
            g.phase = Phase::Freeze;
            Ok(instances)
        }
        Err(e) => {
            if let Some(t) = g.thread.take() {
                drop(g);
                let _ = t.join();
            }
            s.release_members();
            for i in &instances {
                if s.inner.lock().instances.iter().any(|x| Arc::ptr_eq(x, i)) {
                    MEMBERS.lock().insert(i.serial(), s.id);
                }
            }
            Err(e)
        }
    }
}

/// Hold every frozen engine's locks until thawed or timed out.
fn freeze_thread(s: Arc<Session>, engines: Vec<(Arc<Instance>, Arc<Engine>)>, incremental: bool, timeout: Duration) {
    let mut guards = Vec::with_capacity(engines.len());
    for (_, e) in &engines {
        guards.push((e.ddl.lock(), e.commit_lock(), e.checkpoint.lock()));
    }
    let mut covered = Vec::new();
    let mut result = Ok(());
    for (inst, e) in &engines {
        // a panic here must still answer the caller waiting for the freeze
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cover(inst, e, incremental))).unwrap_or(Err(JetError::InternalError));
        match r {
            Ok(Some(c)) => covered.push(c),
            Ok(None) => {}
            Err(err) => {
                result = Err(err);
                break;
            }
        }
    }
    let ok = result.is_ok();
    {
        let mut g = s.inner.lock();
        if ok {
            g.covered = covered;
        }
        g.frozen = Some(result);
        s.cv.notify_all();
    }
    if !ok {
        return;
    }
    let deadline = Instant::now() + timeout;
    let mut g = s.inner.lock();
    while !g.thaw {
        if s.cv.wait_until(&mut g, deadline).timed_out() && !g.thaw {
            // held too long: the writers go on, and this snapshot is no backup
            g.phase = Phase::TimeOut;
            s.release_members();
            break;
        }
    }
    drop(guards);
}

/// The work of a freeze on one engine (its locks held): the backup mark, the
/// headers' snapshot information, a new log generation. None without a log.
fn cover(inst: &Arc<Instance>, e: &Engine, incremental: bool) -> JetResult<Option<Covered>> {
    let Some(_) = e.log.as_ref() else { return Ok(None) };
    let circular = inst.param_int(JET_paramCircularLog) != 0;
    let dbs = e.backup_databases();
    let checkpoint = e.backup_checkpoint_generation()?;
    let copy_low = if incremental {
        if circular {
            return Err(JetError::InvalidBackup);
        }
        let lowest = e.backup_log_files()?.first().map(|f| f.generation).unwrap_or(checkpoint);
        for db in &dbs {
            let h = e.backup_header(db);
            if h.bkinfo_full_prev.gen_low == 0 || h.bkinfo_type_full_prev != BACKUP_TYPE_OS_SNAPSHOT {
                return Err(JetError::MissingFullBackup);
            }
            if lowest > h.bkinfo_full_prev.gen_high.max(h.bkinfo_inc_prev.gen_high) + 1 {
                return Err(JetError::MissingFileToBackup);
            }
        }
        lowest
    } else {
        checkpoint
    };
    let mark = e.backup_append_mark(MARK_TAG)?;
    let time = LogTime::now();
    // the copy needs the logs up to the generation closed here; the header
    // stamp itself goes to the next one (the copy's header has it on disk)
    let copy_mac = e.backup_roll_log()?;
    let info = BkInfo { lgpos_mark: to_header_lgpos(mark), logtime_mark: time, gen_low: copy_low, gen_high: copy_mac - 1 };
    for db in &dbs {
        e.backup_update_header_locked(db, |h| h.bkinfo_snapshot_cur = info)?;
    }
    Ok(Some(Covered { instance: inst.clone(), mark, time, copy_low, copy_mac, delete_mac: checkpoint.min(copy_mac) }))
}

/// Let the freeze thread go and wait for it; true if it had timed out.
fn stop_thread(s: &Arc<Session>) -> bool {
    let t = {
        let mut g = s.inner.lock();
        g.thaw = true;
        s.cv.notify_all();
        g.thread.take()
    };
    if let Some(t) = t {
        let _ = t.join();
    }
    s.inner.lock().phase == Phase::TimeOut
}

/// JetOSSnapshotThaw. Without JET_bitContinueAfterThaw the session ends here.
pub fn thaw(s: &Arc<Session>, grbit: JET_GRBIT) -> JetResult<()> {
    if grbit != 0 {
        return Err(JetError::InvalidGrbit);
    }
    {
        let g = s.inner.lock();
        if g.phase != Phase::Freeze && g.phase != Phase::TimeOut {
            return Err(JetError::OSSnapshotInvalidSequence);
        }
    }
    let timed_out = stop_thread(s);
    let continue_after = s.inner.lock().continue_after_thaw;
    if timed_out {
        // not a backup: nothing is recorded, the instances are free again
        s.release_members();
        if !continue_after {
            finish(s, true);
        }
        return Err(JetError::OSSnapshotTimeOut);
    }
    s.inner.lock().phase = Phase::AllowLogTruncate;
    if !continue_after {
        end(s, 0)?;
    }
    Ok(())
}

/// JetOSSnapshotTruncateLog(Instance): delete the logs the snapshot made
/// unnecessary (only with JET_bitAllDatabasesSnapshot, as ESE).
pub fn truncate_log(s: &Arc<Session>, only: Option<&Arc<Instance>>, grbit: JET_GRBIT) -> JetResult<()> {
    if grbit & !JET_bitAllDatabasesSnapshot != 0 {
        return Err(JetError::InvalidGrbit);
    }
    let mut g = s.inner.lock();
    if !matches!(g.phase, Phase::AllowLogTruncate | Phase::LogTruncated) || g.copy {
        return Err(JetError::OSSnapshotInvalidSequence);
    }
    let mut found = false;
    for c in &g.covered {
        if only.is_some_and(|i| !Arc::ptr_eq(i, &c.instance)) {
            continue;
        }
        found = true;
        if grbit == JET_bitAllDatabasesSnapshot
            && c.instance.param_int(JET_paramCircularLog) == 0
            && let Ok(e) = c.instance.engine()
        {
            e.backup_truncate_logs(c.delete_mac)?;
        }
    }
    if only.is_some() && !found {
        return Err(JetError::InvalidParameter);
    }
    g.phase = Phase::LogTruncated;
    Ok(())
}

/// JetOSSnapshotEnd (JET_bitAbortSnapshot: abort) and JetOSSnapshotAbort.
pub fn end(s: &Arc<Session>, grbit: JET_GRBIT) -> JetResult<()> {
    if grbit & !JET_bitAbortSnapshot != 0 {
        return Err(JetError::InvalidGrbit);
    }
    let abort = grbit & JET_bitAbortSnapshot != 0;
    let phase = s.phase();
    match (phase, abort) {
        (Phase::Done, _) => Err(JetError::OSSnapshotInvalidSequence),
        (Phase::Prepare | Phase::AllowLogTruncate | Phase::LogTruncated, _) => {
            if !abort && phase != Phase::Prepare {
                record(s);
            }
            finish(s, abort);
            Ok(())
        }
        (Phase::Freeze | Phase::TimeOut, true) => {
            stop_thread(s);
            finish(s, true);
            Ok(())
        }
        (Phase::Freeze | Phase::TimeOut, false) => Err(JetError::OSSnapshotInvalidSequence),
    }
}

/// A snapshot that completed: each covered database records it, as ESE's
/// BKOSSnapshotSaveInfo (a copy snapshot leaves the full and incremental
/// chain alone).
fn record(s: &Arc<Session>) {
    let g = s.inner.lock();
    for c in &g.covered {
        let Ok(e) = c.instance.engine() else { continue };
        let info = BkInfo { lgpos_mark: to_header_lgpos(c.mark), logtime_mark: c.time, gen_low: c.copy_low, gen_high: c.copy_mac - 1 };
        for db in e.backup_databases() {
            // as ESE, a header that cannot be updated does not fail the snapshot
            let _ = e.backup_update_header(&db, |h| record_backup(h, info, BACKUP_TYPE_OS_SNAPSHOT, g.incremental, !g.copy));
        }
    }
}

fn finish(s: &Arc<Session>, _abort: bool) {
    s.release_members();
    let mut g = s.inner.lock();
    g.phase = Phase::Done;
    g.covered.clear();
    g.instances.clear();
}
