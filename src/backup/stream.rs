//! Streaming (external) backup: the work behind JetBeginExternalBackup,
//! JetGetAttachInfo, JetOpenFile, JetReadFile, JetCloseFile, JetGetLogInfo,
//! JetGetTruncateLogInfo, JetTruncateLog and JetEndExternalBackup.
//!
//! Owns: the context of each instance's running backup (what it copies, which
//! files it has open and read, the log generations it covers) and the byte
//! stream a database file is read as.
//! Must never: know about C or handles (the api layer registers the
//! `BackupFile`s it returns), or change the state machine (`state`) except
//! through the instance.
//!
//! A database is streamed as ESE streams it: its two header pages (a copy of
//! the live header whose `bkinfoFullCur` names the backup: mark, time, first
//! log generation), every page of the file as it was when the file was opened
//! (read through the page cache under the database's shared lock and checksum
//! verified, see isam/backup.rs), then one trailer page: a header image whose
//! `bkinfoFullCur.genHigh` is the log generation that was current when the last
//! page was copied (the restore needs the logs at least that far), with the
//! original path of the database after the header structure. Pages may be of
//! different moments; the backup's logs, from the checkpoint's generation at
//! the start to the generation closed by JetGetLogInfo, repair that at restore.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Weak};

use parking_lot::Mutex;

use crate::abi::*;
use crate::error::{JetError, JetResult};
use crate::format::header::{BkInfo, DbHeader, LogTime};
use crate::isam::database::Database;
use crate::isam::engine::{Engine, to_header_lgpos};
use crate::isam::Instance;
use crate::log::Lgpos;
use crate::os::{File, OpenMode};

use super::state::{BackupKind, BackupState, EndOutcome};

/// The tag of the log record a backup appends when it starts: which file each
/// dbid means (see `isam::backup::encode_marks`).
pub const MARK_TAG: u32 = 0x4B52_4D42; // "BMRK"

/// ESE's DBFILEHDR::backupNormal and backupOSSnapshot (bkinfoType* fields).
pub const BACKUP_TYPE_NORMAL: u32 = 0;
pub const BACKUP_TYPE_OS_SNAPSHOT: u32 = 1;

/// Where the trailer's own data starts in the page (after the header structure).
const TRAILER_AT: usize = crate::format::header::DBFILEHDR_SIZE;
const TRAILER_MAGIC: &[u8; 8] = b"EsntBkTr";

/// The log generations a backup covers, fixed by the first JetGetLogInfo or
/// JetGetTruncateLogInfo (which closes the current generation).
#[derive(Copy, Clone, Debug)]
struct LogPlan {
    /// Generations to copy: copy_low..copy_mac (exclusive).
    copy_low: u32,
    copy_mac: u32,
    /// Generations JetTruncateLog deletes: delete_low..delete_mac (exclusive).
    delete_low: u32,
    delete_mac: u32,
}

/// A database the backup covers.
struct DbEntry {
    dbid: u32,
    db: Weak<Database>,
    /// Every byte of its stream was read before it was closed.
    done: bool,
}

/// The running backup of one instance.
struct Streaming {
    id: u64,
    kind: BackupKind,
    /// The log position and time the backup is known by (bkinfo lgposMark / logtimeMark).
    mark: Lgpos,
    mark_time: LogTime,
    /// A full backup's first log generation: the checkpoint's when it began.
    copy_low: u32,
    plan: Option<LogPlan>,
    dbs: Vec<DbEntry>,
    files: Vec<Arc<BackupFile>>,
    logs_copied: BTreeSet<u32>,
    truncated: bool,
}

impl Streaming {
    fn open_files(&self) -> bool {
        self.files.iter().any(|f| !f.is_closed())
    }

    /// Forget everything: close the files, stop holding the logs.
    fn finish(&mut self, engine: Option<&Engine>) {
        for f in self.files.drain(..) {
            f.closed.store(true, Ordering::Release);
        }
        if let Some(e) = engine {
            e.backup_hold_logs(None);
        }
    }
}

static CONTEXTS: LazyLock<Mutex<HashMap<u64, Arc<Mutex<Streaming>>>>> = LazyLock::new(|| Mutex::new(HashMap::new()));
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// What a file handle of a backup reads.
enum Source {
    Database {
        db: Weak<Database>,
        dbid: u32,
        page_size: usize,
        /// The header image of the backup copy (both header pages).
        header: Vec<u8>,
        /// The header the trailer is made from.
        trailer: Box<DbHeader>,
        path: PathBuf,
        /// Pages (after the header pages) the file had when it was opened.
        pages: u32,
    },
    Log {
        file: Arc<dyn File>,
        generation: Option<u32>,
    },
}

/// A file opened with JetOpenFile.
pub struct BackupFile {
    instance: u64,
    backup: u64,
    closed: AtomicBool,
    size: u64,
    source: Source,
    /// Bytes handed out so far.
    offset: Mutex<u64>,
}

impl BackupFile {
    /// Closed by JetCloseFile, by the end of its backup, or after a failed read.
    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// The size JetOpenFile reports.
    pub fn size(&self) -> u64 {
        self.size
    }
}

/// The context of the instance's backup, if one is in progress. A context
/// left behind by a backup the instance no longer runs (JetTerm with
/// JET_bitTermStopBackup) is dropped here.
fn context(inst: &Arc<Instance>) -> Option<Arc<Mutex<Streaming>>> {
    let running = inst.backup_state().in_progress();
    let mut all = CONTEXTS.lock();
    match all.get(&inst.serial()) {
        Some(c) if running => Some(c.clone()),
        Some(_) => {
            let c = all.remove(&inst.serial()).unwrap();
            drop(all);
            c.lock().finish(inst.engine().ok().as_deref());
            None
        }
        None => None,
    }
}

/// Drop contexts of instances that are gone.
fn sweep_contexts() {
    let alive: Vec<u64> = crate::isam::system::instances().iter().map(|i| i.serial()).collect();
    let gone: Vec<Arc<Mutex<Streaming>>> = {
        let mut all = CONTEXTS.lock();
        let keys: Vec<u64> = all.keys().copied().filter(|k| !alive.contains(k)).collect();
        keys.iter().filter_map(|k| all.remove(k)).collect()
    };
    for c in gone {
        c.lock().finish(None);
    }
}

/// The check every streaming call makes: a backup in progress, not stopped.
fn running(inst: &Arc<Instance>) -> JetResult<Arc<Mutex<Streaming>>> {
    inst.with_backup(|b| b.check_streaming())?;
    context(inst).ok_or(JetError::NoBackup)
}

/// Whether the instance runs a streaming backup (a snapshot refuses then).
pub fn in_progress(inst: &Arc<Instance>) -> bool {
    inst.backup_state().in_progress()
}

/// JetBeginExternalBackupInstance.
pub fn begin(inst: &Arc<Instance>, grbit: JET_GRBIT) -> JetResult<BackupKind> {
    sweep_contexts();
    let _ = context(inst);
    let kind = inst.begin_external_backup(grbit)?;
    if super::snapshot::instance_in_snapshot(inst.serial()) {
        // a snapshot backup of the instance is under way
        inst.with_backup(|b| *b = BackupState::None);
        return Err(JetError::BackupInProgress);
    }
    match start(inst, kind) {
        Ok(c) => {
            CONTEXTS.lock().insert(inst.serial(), Arc::new(Mutex::new(c)));
            Ok(kind)
        }
        Err(e) => {
            inst.with_backup(|b| *b = BackupState::None);
            Err(e)
        }
    }
}

fn start(inst: &Arc<Instance>, kind: BackupKind) -> JetResult<Streaming> {
    let engine = inst.engine()?;
    engine.backup_log()?;
    if kind == BackupKind::Incremental {
        // every database needs a full backup of this kind to build on (ESE's ErrLGCheckIncrementalBackup)
        for db in engine.backup_databases() {
            let h = engine.backup_header(&db);
            if h.bkinfo_full_prev.gen_low == 0 || h.bkinfo_type_full_prev != BACKUP_TYPE_NORMAL {
                return Err(JetError::MissingFullBackup);
            }
        }
    }
    let copy_low = engine.backup_checkpoint_generation()?;
    let hold = match kind {
        BackupKind::Full => copy_low,
        BackupKind::Incremental => lowest_generation(&engine)?.min(copy_low),
    };
    engine.backup_hold_logs(Some(hold));
    let mark = engine.backup_append_mark(MARK_TAG).inspect_err(|_| engine.backup_hold_logs(None))?;
    Ok(Streaming {
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        kind,
        mark,
        mark_time: LogTime::now(),
        copy_low,
        plan: None,
        dbs: Vec::new(),
        files: Vec::new(),
        logs_copied: BTreeSet::new(),
        truncated: false,
    })
}

/// The lowest log generation on disk.
fn lowest_generation(engine: &Engine) -> JetResult<u32> {
    engine.backup_log_files()?.first().map(|f| f.generation).ok_or(JetError::FileNotFound)
}

/// JetGetAttachInfoInstance: the file names of the databases attached for writing.
pub fn attach_info(inst: &Arc<Instance>) -> JetResult<Vec<String>> {
    let c = running(inst)?;
    if c.lock().kind != BackupKind::Full {
        return Err(JetError::InvalidBackupSequence);
    }
    let engine = inst.engine()?;
    // a database attached read-only is not written and not logged: it is no part of the backup
    Ok(engine.backup_databases().iter().map(|d| d.path.to_string_lossy().into_owned()).collect())
}

/// JetOpenFileInstance: a database (before the logs were asked for, in a full
/// backup) or a log file (after).
pub fn open_file(inst: &Arc<Instance>, name: &str) -> JetResult<Arc<BackupFile>> {
    let c = running(inst)?;
    if name.is_empty() {
        return Err(JetError::InvalidParameter);
    }
    let engine = inst.engine()?;
    let path = crate::isam::dbops::full_path(name)?;
    let mut s = c.lock();
    let file = match engine.database_by_path(&path).filter(|d| !d.read_only && d.logged) {
        Some(db) => {
            if s.kind != BackupKind::Full || s.plan.is_some() {
                return Err(JetError::InvalidBackupSequence);
            }
            open_database(&engine, &mut s, inst.serial(), &db)?
        }
        None => {
            if s.kind == BackupKind::Full && s.plan.is_none() {
                return Err(JetError::DatabaseNotFound);
            }
            let f = match engine.fs.open(&path, OpenMode::ReadOnly) {
                Ok(f) => f,
                Err(JetError::FileNotFound) => return Err(JetError::MissingFileToBackup),
                Err(e) => return Err(e),
            };
            let generation = log_generation(&engine, &path);
            BackupFile {
                instance: inst.serial(),
                backup: s.id,
                closed: AtomicBool::new(false),
                size: f.size()?,
                source: Source::Log { file: f, generation },
                offset: Mutex::new(0),
            }
        }
    };
    let file = Arc::new(file);
    s.files.push(file.clone());
    Ok(file)
}

fn open_database(engine: &Engine, s: &mut Streaming, instance: u64, db: &Arc<Database>) -> JetResult<BackupFile> {
    let ps = db.page_size;
    let pages = engine.backup_pages_in_file(db)?;
    let mut h = engine.backup_header(db);
    h.dbid = db.dbid;
    h.bkinfo_full_cur = BkInfo {
        lgpos_mark: to_header_lgpos(s.mark),
        logtime_mark: s.mark_time,
        gen_low: s.copy_low,
        gen_high: 0,
    };
    let header = h.encode(ps);
    if !s.dbs.iter().any(|d| d.dbid == db.dbid) {
        s.dbs.push(DbEntry { dbid: db.dbid, db: Arc::downgrade(db), done: false });
    }
    Ok(BackupFile {
        instance,
        backup: s.id,
        closed: AtomicBool::new(false),
        size: (pages as u64 + 3) * ps as u64,
        source: Source::Database { db: Arc::downgrade(db), dbid: db.dbid, page_size: ps, header, trailer: Box::new(h), path: db.path.clone(), pages },
        offset: Mutex::new(0),
    })
}

/// The generation a file of the instance's log directory holds, by its name.
fn log_generation(engine: &Engine, path: &Path) -> Option<u32> {
    let files = engine.backup_log_files().ok()?;
    files.iter().find(|f| !f.current && f.path == path).map(|f| f.generation)
}

/// Check that a file handle belongs to this instance's running backup.
fn owned(s: &Streaming, inst: &Arc<Instance>, f: &BackupFile) -> JetResult<()> {
    if f.instance != inst.serial() || f.backup != s.id || f.is_closed() {
        return Err(JetError::InvalidParameter);
    }
    Ok(())
}

/// JetReadFileInstance: the next bytes of the file into `buf`; 0 at its end.
/// `buf` must be page aligned and a whole number of pages.
pub fn read_file(inst: &Arc<Instance>, f: &Arc<BackupFile>, buf: &mut [u8]) -> JetResult<u32> {
    let c = running(inst)?;
    let engine = inst.engine()?;
    let ps = engine.cfg.page_size;
    let s = c.lock();
    owned(&s, inst, f)?;
    if !(buf.as_ptr() as usize).is_multiple_of(4096) || !buf.len().is_multiple_of(ps) {
        return Err(JetError::InvalidParameter);
    }
    let mut offset = f.offset.lock();
    match &f.source {
        Source::Database { db, page_size, header, trailer, path, pages, .. } => {
            // the header pages and at least one more come in the first read
            if *offset == 0 && buf.len() / ps <= 2 {
                return Err(JetError::InvalidParameter);
            }
            let r = (|| {
                let db = db.upgrade().filter(|d| !d.is_detached()).ok_or(JetError::DatabaseNotFound)?;
                read_database(&engine, &db, *page_size, header, trailer, path, *pages, *offset, buf)
            })();
            match r {
                Ok(n) => {
                    *offset += n as u64;
                    Ok(n)
                }
                Err(e) => {
                    // as ESE: the file is closed and the database left out; the backup goes on
                    f.closed.store(true, Ordering::Release);
                    Err(e)
                }
            }
        }
        Source::Log { file, .. } => {
            if *offset == 0 && buf.len() / ps < 2 {
                return Err(JetError::InvalidParameter);
            }
            let n = (f.size - *offset).min(buf.len() as u64) as usize;
            if n > 0
                && let Err(e) = file.read_at(&mut buf[..n], *offset)
            {
                drop(offset);
                drop(s);
                // as ESE: a log that cannot be read ends the backup
                abort(inst);
                return Err(e);
            }
            *offset += n as u64;
            Ok(n as u32)
        }
    }
}

/// The database stream from byte `offset` into `buf` (see the module comment).
#[allow(clippy::too_many_arguments)]
fn read_database(
    engine: &Engine,
    db: &Database,
    ps: usize,
    header: &[u8],
    trailer: &DbHeader,
    path: &Path,
    pages: u32,
    offset: u64,
    buf: &mut [u8],
) -> JetResult<u32> {
    let total_pages = pages as u64 + 3;
    let mut at = offset / ps as u64;
    let mut n = 0usize;
    let room = buf.len() / ps;
    while n < room && at < total_pages {
        let dst_start = n * ps;
        if at < 2 {
            buf[dst_start..dst_start + ps].copy_from_slice(header);
            n += 1;
            at += 1;
        } else if at < 2 + pages as u64 {
            let first = (at - 1) as u32;
            let count = (room - n).min((2 + pages as u64 - at) as usize).min(256);
            engine.backup_copy_pages(db, first, &mut buf[dst_start..dst_start + count * ps])?;
            n += count;
            at += count as u64;
        } else {
            // every page is copied: the logs up to the current generation cover them
            let gen_high = engine.backup_log_end()?.generation;
            buf[dst_start..dst_start + ps].copy_from_slice(&trailer_page(trailer, gen_high, path, ps));
            n += 1;
            at += 1;
        }
    }
    Ok((n * ps) as u32)
}

/// The last page of a streamed database.
fn trailer_page(h: &DbHeader, gen_high: u32, path: &Path, ps: usize) -> Vec<u8> {
    let mut t = h.clone();
    t.bkinfo_full_cur.gen_high = gen_high;
    let p = path.to_string_lossy();
    let mut tail = Vec::with_capacity(16 + p.len());
    tail.extend_from_slice(TRAILER_MAGIC);
    tail.extend_from_slice(&(p.len() as u32).to_le_bytes());
    tail.extend_from_slice(p.as_bytes());
    if TRAILER_AT + tail.len() > ps {
        // a path too long to keep: the trailer still carries the log range
        tail.truncate(TRAILER_MAGIC.len());
        tail.extend_from_slice(&0u32.to_le_bytes());
    }
    t.tail = tail;
    t.encode(ps)
}

/// What a backup copy's trailer page says: the last log generation it needs and
/// the path the database had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trailer {
    pub header: DbHeader,
    pub gen_high: u32,
    pub path: Option<PathBuf>,
}

/// Read a trailer page; None if the page is not one.
pub fn parse_trailer(page: &[u8]) -> Option<Trailer> {
    let h = crate::format::header::verify_header(page, page.len()).ok()?;
    let t = page.get(TRAILER_AT..)?;
    if t.get(..8)? != TRAILER_MAGIC {
        return None;
    }
    let len = u32::from_le_bytes(t.get(8..12)?.try_into().ok()?) as usize;
    let path = if len == 0 { None } else { Some(PathBuf::from(String::from_utf8_lossy(t.get(12..12 + len)?).into_owned())) };
    Some(Trailer { gen_high: h.bkinfo_full_cur.gen_high, header: h, path })
}

/// JetCloseFileInstance: allowed after JetStopBackup (closing is part of ending).
pub fn close_file(inst: &Arc<Instance>, f: &Arc<BackupFile>) -> JetResult<()> {
    if !inst.backup_state().in_progress() {
        return Err(JetError::NoBackup);
    }
    let c = context(inst).ok_or(JetError::NoBackup)?;
    let mut s = c.lock();
    owned(&s, inst, f)?;
    let read_all = *f.offset.lock() >= f.size;
    f.closed.store(true, Ordering::Release);
    if read_all {
        match &f.source {
            Source::Database { dbid, .. } => {
                if let Some(d) = s.dbs.iter_mut().find(|d| d.dbid == *dbid) {
                    d.done = true;
                }
            }
            Source::Log { generation: Some(g), .. } => {
                s.logs_copied.insert(*g);
            }
            Source::Log { .. } => {}
        }
    }
    s.files.retain(|x| !x.is_closed());
    Ok(())
}

/// What JetGetLogInfoInstance2 reports.
#[derive(Clone, Debug)]
pub struct LogInfo {
    pub files: Vec<String>,
    pub gen_low: u32,
    pub gen_high: u32,
    pub base_name: String,
}

/// Close the current generation and fix the generations to copy and to
/// delete (once per backup).
fn prepare_logs(engine: &Engine, s: &mut Streaming) -> JetResult<LogPlan> {
    if s.open_files() {
        return Err(JetError::InvalidBackupSequence);
    }
    if let Some(p) = s.plan {
        return Ok(p);
    }
    let inc_mark = engine.backup_log_end()?;
    let copy_mac = engine.backup_roll_log()?;
    let mut delete_low = lowest_generation(engine)?;
    let copy_low = match s.kind {
        BackupKind::Full => s.copy_low,
        BackupKind::Incremental => {
            // the logs since every database's last backup must still be there
            for db in engine.backup_databases() {
                let h = engine.backup_header(&db);
                let last = h.bkinfo_full_prev.gen_high.max(h.bkinfo_inc_prev.gen_high);
                if delete_low > last + 1 {
                    return Err(JetError::MissingFileToBackup);
                }
            }
            s.mark = inc_mark;
            s.mark_time = LogTime::now();
            delete_low
        }
    };
    let mut delete_mac = engine.backup_checkpoint_generation()?.min(copy_mac);
    if s.kind == BackupKind::Full {
        // a database left out of this backup keeps the logs its last full backup needs
        for db in engine.backup_databases() {
            if !s.dbs.iter().any(|d| d.dbid == db.dbid && d.done) {
                delete_mac = delete_mac.min(engine.backup_header(&db).bkinfo_full_prev.gen_high);
            }
        }
        delete_low = delete_low.min(delete_mac);
    }
    let files = engine.backup_log_files()?;
    for g in copy_low..copy_mac {
        if !files.iter().any(|f| f.generation == g && !f.current) {
            return Err(JetError::MissingFileToBackup);
        }
    }
    let plan = LogPlan { copy_low, copy_mac, delete_low, delete_mac };
    s.plan = Some(plan);
    Ok(plan)
}

/// The paths of the numbered log files low..mac.
fn log_paths(engine: &Engine, low: u32, mac: u32) -> JetResult<Vec<String>> {
    let files = engine.backup_log_files()?;
    Ok(files.iter().filter(|f| !f.current && f.generation >= low && f.generation < mac).map(|f| f.path.to_string_lossy().into_owned()).collect())
}

/// JetGetLogInfoInstance(2): the log files to copy; the database phase is over.
pub fn log_info(inst: &Arc<Instance>) -> JetResult<LogInfo> {
    let c = running(inst)?;
    let engine = inst.engine()?;
    let mut s = c.lock();
    let plan = prepare_logs(&engine, &mut s)?;
    drop(s);
    inst.with_backup(|b| b.enter_log_phase())?;
    Ok(LogInfo {
        files: log_paths(&engine, plan.copy_low, plan.copy_mac)?,
        gen_low: plan.copy_low,
        gen_high: plan.copy_mac - 1,
        base_name: engine.cfg.log.base_name.clone(),
    })
}

/// JetGetTruncateLogInfoInstance: the log files JetTruncateLog would delete.
pub fn truncate_log_info(inst: &Arc<Instance>) -> JetResult<Vec<String>> {
    let c = running(inst)?;
    let engine = inst.engine()?;
    let mut s = c.lock();
    let plan = prepare_logs(&engine, &mut s)?;
    drop(s);
    inst.with_backup(|b| b.enter_log_phase())?;
    log_paths(&engine, plan.delete_low, plan.delete_mac)
}

/// JetTruncateLogInstance: delete the logs the backup made unnecessary. Every
/// log file of the backup must have been read to its end first.
pub fn truncate_log(inst: &Arc<Instance>) -> JetResult<()> {
    let c = running(inst)?;
    let engine = inst.engine()?;
    let mut s = c.lock();
    if s.open_files() {
        return Err(JetError::InvalidBackupSequence);
    }
    let plan = s.plan.ok_or(JetError::InvalidBackupSequence)?;
    if (plan.copy_low..plan.copy_mac).any(|g| !s.logs_copied.contains(&g)) {
        return Err(JetError::LogFileNotCopied);
    }
    engine.backup_hold_logs(None);
    s.truncated = true;
    if plan.delete_low < plan.delete_mac {
        engine.backup_truncate_logs(plan.delete_mac)?;
    }
    Ok(())
}

/// A backup that cannot go on (a log file could not be read): end it.
fn abort(inst: &Arc<Instance>) {
    inst.with_backup(|b| *b = BackupState::None);
    if let Some(c) = CONTEXTS.lock().remove(&inst.serial()) {
        c.lock().finish(inst.engine().ok().as_deref());
    }
}

/// JetEndExternalBackupInstance2: end the backup; a completed one records
/// itself in the headers of the databases it covers.
pub fn end(inst: &Arc<Instance>, grbit: JET_GRBIT) -> JetResult<EndOutcome> {
    let c = context(inst);
    let outcome = inst.end_external_backup(grbit);
    if matches!(outcome, Err(JetError::InvalidParameter)) {
        // a bad grbit ends nothing
        return outcome;
    }
    let Some(c) = c else { return outcome };
    CONTEXTS.lock().remove(&inst.serial());
    let engine = inst.engine().ok();
    let mut s = c.lock();
    s.finish(engine.as_deref());
    if let (Ok(EndOutcome::Completed { truncate_done }), Some(engine)) = (&outcome, &engine) {
        // as ESE, a failure to record the backup in a header does not fail the backup
        let _ = record_in_headers(engine, &s, *truncate_done);
    }
    outcome
}

/// Update `bkinfo*Prev` of the databases a completed backup covers, as ESE's
/// ErrBKUpdateHdrBackupInfo: a full backup whose logs were truncated is the
/// new full backup (and voids the incremental and differential ones), one
/// without truncation is a copy; an incremental one is incremental or
/// differential the same way.
fn record_in_headers(engine: &Engine, s: &Streaming, truncate_done: bool) -> JetResult<()> {
    let Some(plan) = s.plan else { return Ok(()) };
    let truncated = s.truncated || truncate_done;
    let info = BkInfo {
        lgpos_mark: to_header_lgpos(s.mark),
        logtime_mark: s.mark_time,
        gen_low: plan.copy_low,
        gen_high: plan.copy_mac - 1,
    };
    let dbs: Vec<Arc<Database>> = match s.kind {
        BackupKind::Full => s.dbs.iter().filter(|d| d.done).filter_map(|d| d.db.upgrade()).collect(),
        BackupKind::Incremental => engine.backup_databases(),
    };
    let mut first_err = Ok(());
    for db in dbs {
        if db.is_detached() || db.read_only {
            continue;
        }
        let r = engine.backup_update_header(&db, |h| record_backup(h, info, BACKUP_TYPE_NORMAL, s.kind == BackupKind::Incremental, truncated));
        if first_err.is_ok() {
            first_err = r;
        }
    }
    first_err
}

/// The header change of a completed backup (`log_only`: incremental;
/// `truncated`: the logs were truncated, else a copy or differential backup).
pub fn record_backup(h: &mut DbHeader, info: BkInfo, kind: u32, log_only: bool, truncated: bool) {
    let (slot, ty) = match (log_only, truncated) {
        (false, true) => (&mut h.bkinfo_full_prev, &mut h.bkinfo_type_full_prev),
        (false, false) => (&mut h.bkinfo_copy_prev, &mut h.bkinfo_type_copy_prev),
        (true, true) => (&mut h.bkinfo_inc_prev, &mut h.bkinfo_type_inc_prev),
        (true, false) => (&mut h.bkinfo_diff_prev, &mut h.bkinfo_type_diff_prev),
    };
    if slot.lgpos_mark > info.lgpos_mark {
        // a newer backup is already recorded
        return;
    }
    *slot = info;
    *ty = kind;
    if truncated && !log_only {
        // a new full backup voids the incremental and differential ones
        h.bkinfo_inc_prev = BkInfo::default();
        h.bkinfo_type_inc_prev = BACKUP_TYPE_NORMAL;
        h.bkinfo_diff_prev = BkInfo::default();
        h.bkinfo_type_diff_prev = BACKUP_TYPE_NORMAL;
        if kind == BACKUP_TYPE_NORMAL {
            h.bkinfo_snapshot_cur = BkInfo::default();
        }
    }
}

/// The file a handle names is one of this module's (for the api layer's downcast).
pub fn as_backup_file(any: Arc<dyn std::any::Any + Send + Sync>) -> Option<Arc<BackupFile>> {
    any.downcast::<BackupFile>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::header::Lgpos as HLgpos;

    fn info(generation: i32, low: u32, high: u32) -> BkInfo {
        BkInfo { lgpos_mark: HLgpos { ib: 0, isec: 8, generation }, logtime_mark: LogTime::now(), gen_low: low, gen_high: high }
    }

    #[test]
    fn full_truncated_voids_incremental_and_copy_goes_aside() {
        let mut h = DbHeader::default();
        record_backup(&mut h, info(3, 2, 4), BACKUP_TYPE_NORMAL, true, true);
        assert_eq!(h.bkinfo_inc_prev.gen_high, 4);
        record_backup(&mut h, info(5, 5, 6), BACKUP_TYPE_NORMAL, false, false);
        assert_eq!(h.bkinfo_copy_prev.gen_low, 5);
        assert_eq!(h.bkinfo_inc_prev.gen_high, 4, "a copy leaves the incremental chain alone");
        record_backup(&mut h, info(7, 7, 9), BACKUP_TYPE_NORMAL, false, true);
        assert_eq!((h.bkinfo_full_prev.gen_low, h.bkinfo_full_prev.gen_high), (7, 9));
        assert_eq!(h.bkinfo_inc_prev, BkInfo::default());
        record_backup(&mut h, info(8, 10, 11), BACKUP_TYPE_NORMAL, true, false);
        assert_eq!(h.bkinfo_diff_prev.gen_high, 11);
        // an older backup does not overwrite a newer one
        record_backup(&mut h, info(1, 1, 1), BACKUP_TYPE_NORMAL, false, true);
        assert_eq!(h.bkinfo_full_prev.gen_low, 7);
    }

    #[test]
    fn trailer_round_trips_and_other_pages_are_not_trailers() {
        let mut h = DbHeader::new(8192, crate::format::header::Signature::generate());
        h.bkinfo_full_cur.gen_low = 3;
        let p = trailer_page(&h, 9, Path::new("/x/y.edb"), 8192);
        let t = parse_trailer(&p).unwrap();
        assert_eq!(t.gen_high, 9);
        assert_eq!(t.header.bkinfo_full_cur.gen_low, 3);
        assert_eq!(t.path.as_deref(), Some(Path::new("/x/y.edb")));
        assert!(parse_trailer(&h.encode(8192)).is_none());
        let mut bad = p.clone();
        bad[300] ^= 1;
        assert!(parse_trailer(&bad).is_none());
        let long = "a".repeat(9000);
        let t = parse_trailer(&trailer_page(&h, 9, Path::new(&long), 8192)).unwrap();
        assert_eq!((t.gen_high, t.path), (9, None));
    }
}
