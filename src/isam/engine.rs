//! The storage side of an initialized instance: its log, its version store,
//! its attached databases, recovery at JetInit and the checkpoint.
//!
//! Owns: the attach table (dbid -> `Database`), the `Log` (absent when
//! JET_paramRecovery is "Off"), the `VersionStore`, soft recovery, the
//! checkpoint, and the header states of attached databases (dirty while
//! attached for writing, clean after a detach or a clean JetTerm).
//! Must never: know about handles or C, or decide what a transaction writes
//! (txn.rs does).
//!
//! Lock order: the attach table, then databases by ascending dbid (their
//! `store` locks), then the log (inside `Log`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parking_lot::{Mutex, RwLock};

use crate::abi::*;
use crate::btree::{Store, StoreOptions};
use crate::error::{JetError, JetResult};
use crate::format::header::{self as dbheader, DbHeader, dbstate};
use crate::log::{DatabaseRef, Lgpos, Log, LogConfig, LogRecord};
use crate::os::{FileSystem, LocalFs, OpenMode};
use crate::version::VersionStore;

use super::database::Database;
use super::instance::{Instance, TermKind};

/// JetAttachDatabase2 / JetCreateDatabase2 grbits the engine keeps in the log.
pub const DB_READ_ONLY: u32 = JET_bitDbReadOnly;

/// What the engine reads from the instance's parameters at JetInit.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    pub page_size: usize,
    pub cache_pages: usize,
    pub extension_pages: u32,
    /// JET_paramRecovery: with a log (true) or without.
    pub logging: bool,
    pub log: LogConfig,
    /// Bytes of log after which a checkpoint is taken (JET_paramCheckpointDepthMax).
    pub checkpoint_depth: u64,
    /// The version-store budget in bytes (JET_paramMaxVerPages x JET_paramVerPageSize).
    pub version_budget: u64,
    /// The temporary database (JET_paramTempPath), if temporary tables are
    /// allowed (JET_paramMaxTemporaryTables > 0).
    pub temp_path: Option<PathBuf>,
}

impl EngineConfig {
    pub fn from_instance(inst: &Instance) -> JetResult<EngineConfig> {
        let page_size = super::system::global_param_int(JET_paramDatabasePageSize) as usize;
        let recovery = inst.param_text(JET_paramRecovery);
        let logging = !recovery.eq_ignore_ascii_case("off");
        let log_dir = PathBuf::from(inst.param_text(JET_paramLogFilePath));
        let system_dir = PathBuf::from(inst.param_text(JET_paramSystemPath));
        let base = inst.param_text(JET_paramBaseName);
        let mut log = LogConfig::new(log_dir, &base);
        log.checkpoint_dir = system_dir;
        log.file_size = inst.param_int(JET_paramLogFileSize).max(64) * 1024;
        log.buffer_size = (inst.param_int(JET_paramLogBuffers) as usize).saturating_mul(512);
        log.circular = inst.param_int(JET_paramCircularLog) != 0;
        let legacy = inst.param_int(JET_paramLegacyFileNames) as u32;
        log.ese98_file_names = legacy & JET_bitESE98FileNames != 0;
        log.eight_dot_three = legacy & JET_bitEightDotThreeSoftCompat != 0;
        let cache_max = super::system::global_param_int(JET_paramCacheSizeMax);
        // ESENT's default "max" is huge (it sizes the cache dynamically); keep a
        // sane bound on this machine: 256 MiB of frames unless asked for less
        let cache_pages = (cache_max as usize).clamp(64, (256 << 20) / page_size.max(4096));
        let ver_pages = inst.param_int(JET_paramMaxVerPages);
        let ver_page_size = super::system::global_param_int(JET_paramVerPageSize).max(1024);
        Ok(EngineConfig {
            page_size,
            cache_pages,
            extension_pages: inst.param_int(JET_paramDbExtensionSize).max(1) as u32,
            logging,
            log,
            // per instance (ESE's JET_paramCheckpointDepthMax is not global)
            checkpoint_depth: inst.param_int(JET_paramCheckpointDepthMax).max(64 * 1024),
            version_budget: ver_pages.saturating_mul(ver_page_size).max(1 << 20),
            temp_path: if inst.param_int(JET_paramMaxTemporaryTables) > 0 { Some(temp_file(&inst.param_text(JET_paramTempPath))) } else { None },
        })
    }
}

/// JET_paramTempPath names the temporary database's file, or (ending in a
/// separator) the folder it goes in as tmp.edb; relative names are relative to
/// the current directory.
fn temp_file(param: &str) -> PathBuf {
    let mut p = PathBuf::from(if param.is_empty() { "tmp.edb" } else { param });
    if param.ends_with('/') {
        p.push("tmp.edb");
    }
    if p.is_relative() {
        if let Ok(cwd) = std::env::current_dir() {
            p = cwd.join(p);
        }
    }
    p
}

/// The dbid of the temporary database (ESE's dbidTemp): never in the attach table.
pub const TEMP_DBID: u32 = 0;

/// Checkpoint bookkeeping.
pub(crate) struct CheckpointState {
    /// Log end at the last checkpoint.
    pub(crate) last: Lgpos,
    /// The error of the last checkpoint that failed (its pages stay dirty
    /// and the checkpoint does not advance; the next one retries).
    pub(crate) failed: Option<JetError>,
    /// Checkpoints taken (for tests).
    pub(crate) count: u64,
}

/// The background checkpointer's mailbox.
#[derive(Default)]
struct Background {
    /// A checkpoint was asked for.
    wanted: bool,
    /// The engine is stopping: the thread exits.
    stop: bool,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// How long the background checkpointer sleeps when nobody wakes it: it
/// then checks whether a checkpoint is due anyway.
const CHECKPOINT_POLL: std::time::Duration = std::time::Duration::from_millis(500);

/// Test support: file systems instances run on instead of the local one,
/// chosen by the instance's log folder (JET_paramLogFilePath).
static TEST_FILE_SYSTEMS: Mutex<Vec<(PathBuf, Arc<dyn FileSystem>)>> = Mutex::new(Vec::new());

/// Test support: make every instance whose log folder is `log_dir` run on
/// `fs` (a fault-injecting file system), from its next JetInit on; `None`
/// goes back to the local file system.
#[doc(hidden)]
pub fn set_test_file_system(log_dir: &Path, fs: Option<Arc<dyn FileSystem>>) {
    let mut v = TEST_FILE_SYSTEMS.lock();
    v.retain(|(d, _)| d != log_dir);
    if let Some(fs) = fs {
        v.push((log_dir.to_path_buf(), fs));
    }
}

/// A recovery status callback: (JET_SNT, units done, units total).
pub type RecoveryStatus = Box<dyn FnMut(u32, u32, u32)>;

thread_local! {
    /// JetInit3's status callback, for the JetInit running on this thread.
    static RECOVERY_STATUS: std::cell::RefCell<Option<RecoveryStatus>> = const { std::cell::RefCell::new(None) };
}

/// Run `f` (a JetInit) with `status` told about the recovery it runs:
/// JET_sntBegin, JET_sntProgress (in percent of the log to replay), then
/// JET_sntComplete once the log is replayed.
pub fn with_recovery_status<T>(status: RecoveryStatus, f: impl FnOnce() -> T) -> T {
    RECOVERY_STATUS.with(|s| *s.borrow_mut() = Some(status));
    let r = f();
    RECOVERY_STATUS.with(|s| *s.borrow_mut() = None);
    r
}

fn test_file_system(log_dir: &Path) -> Option<Arc<dyn FileSystem>> {
    TEST_FILE_SYSTEMS.lock().iter().find(|(d, _)| d == log_dir).map(|(_, fs)| fs.clone())
}

/// The storage engine of one initialized instance.
pub struct Engine {
    pub fs: Arc<dyn FileSystem>,
    pub cfg: EngineConfig,
    pub log: Option<Log>,
    pub versions: VersionStore,
    pub(crate) dbs: RwLock<Vec<Option<Arc<Database>>>>,
    /// The temporary database: unlogged, recreated at every JetInit.
    pub(crate) temp: Option<Arc<Database>>,
    pub(crate) checkpoint: Mutex<CheckpointState>,
    /// Serializes structural changes (attach, detach, create) with each other.
    pub(crate) ddl: Mutex<()>,
    /// Held while the attach table and its log record change together, and
    /// while a checkpoint takes its list of databases and its log position:
    /// a checkpoint must never name a position after a database's attach
    /// record without naming the database.
    attach: Mutex<()>,
    background: Mutex<Background>,
    background_wake: parking_lot::Condvar,
    /// Serializes applies (and the snapshots transactions take) so commit
    /// timestamps follow apply order; never held while waiting for the disk.
    commit: Mutex<()>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("logging", &self.cfg.logging).finish()
    }
}

/// What a checkpoint records of each attached database: recovery needs the
/// files of dbids whose AttachDatabase record precedes the checkpoint, and
/// the database time and last object id as of the checkpoint (the header on
/// disk may be older: only attach and detach write it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CheckpointDb {
    pub dbid: u32,
    pub page_size: u32,
    pub path: PathBuf,
    /// (dbtime, objid_last) when the checkpoint was taken (None in a
    /// checkpoint written before they were recorded).
    pub counters: Option<(u64, u32)>,
}

/// `count u32`, then per database `dbid u32, page size u32, path length u32,
/// path`, then (a later addition, absent from older checkpoints) per
/// database `dbtime u64, objid_last u32`.
fn encode_attach_list(list: &[CheckpointDb]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(list.len() as u32).to_le_bytes());
    for d in list {
        let p = d.path.to_string_lossy();
        out.extend_from_slice(&d.dbid.to_le_bytes());
        out.extend_from_slice(&d.page_size.to_le_bytes());
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(p.as_bytes());
    }
    if list.iter().all(|d| d.counters.is_some()) {
        for d in list {
            let (dbtime, objid) = d.counters.unwrap_or_default();
            out.extend_from_slice(&dbtime.to_le_bytes());
            out.extend_from_slice(&objid.to_le_bytes());
        }
    }
    out
}

fn decode_attach_list(b: &[u8]) -> JetResult<Vec<CheckpointDb>> {
    let rd = |o: usize| -> JetResult<u32> {
        b.get(o..o + 4).map(|s| u32::from_le_bytes(s.try_into().unwrap())).ok_or(JetError::CheckpointCorrupt)
    };
    if b.is_empty() {
        return Ok(Vec::new());
    }
    let n = rd(0)? as usize;
    let mut o = 4;
    let mut out = Vec::new();
    for _ in 0..n {
        let dbid = rd(o)?;
        let ps = rd(o + 4)?;
        let len = rd(o + 8)? as usize;
        let p = b.get(o + 12..o + 12 + len).ok_or(JetError::CheckpointCorrupt)?;
        out.push(CheckpointDb { dbid, page_size: ps, path: PathBuf::from(String::from_utf8_lossy(p).into_owned()), counters: None });
        o += 12 + len;
    }
    if b.len() >= o + 12 * n && n > 0 {
        for d in out.iter_mut() {
            let dbtime = u64::from_le_bytes(b[o..o + 8].try_into().unwrap());
            d.counters = Some((dbtime, rd(o + 8)?));
            o += 12;
        }
    }
    Ok(out)
}

/// A database file recovery writes page images into.
struct ReplayDb {
    file: Option<Arc<dyn crate::os::File>>,
    page_size: usize,
    path: PathBuf,
    attached: bool,
}

impl Engine {
    /// JetInit: open (or create) the log, replay it into the databases it names,
    /// leave those databases consistent and detached.
    pub fn start(inst: &Instance) -> JetResult<Arc<Engine>> {
        let cfg = EngineConfig::from_instance(inst)?;
        let fs: Arc<dyn FileSystem> = test_file_system(&cfg.log.log_dir).unwrap_or_else(|| Arc::new(LocalFs));
        Engine::start_with(fs, cfg)
    }

    /// Start on a given file system (tests use a fault-injecting one).
    pub fn start_with(fs: Arc<dyn FileSystem>, cfg: EngineConfig) -> JetResult<Arc<Engine>> {
        // JetInit3's restore map is checked even without a log (as ESE)
        super::rstinfo::current()?;
        let log = if cfg.logging { Some(Engine::recover(&fs, &cfg)?) } else { None };
        let versions = VersionStore::new(cfg.version_budget);
        let last = log.as_ref().map(|l| l.end()).unwrap_or(Lgpos::MIN);
        let temp = match &cfg.temp_path {
            Some(p) => Some(Engine::create_temp_database(&fs, &cfg, p)?),
            None => None,
        };
        let engine = Arc::new(Engine {
            fs,
            cfg,
            log,
            versions,
            dbs: RwLock::new(Vec::new()),
            temp,
            checkpoint: Mutex::new(CheckpointState { last, failed: None, count: 0 }),
            ddl: Mutex::new(()),
            attach: Mutex::new(()),
            background: Mutex::new(Background::default()),
            background_wake: parking_lot::Condvar::new(),
            commit: Mutex::new(()),
        });
        let weak = Arc::downgrade(&engine);
        let thread = std::thread::Builder::new()
            .name("esent-checkpoint".into())
            .spawn(move || checkpointer(weak))
            .map_err(|_| JetError::OutOfThreads)?;
        engine.background.lock().thread = Some(thread);
        Ok(engine)
    }

    /// Stop the background checkpointer and wait for it (JetTerm).
    fn stop_background(&self) {
        let thread = {
            let mut b = self.background.lock();
            b.stop = true;
            b.thread.take()
        };
        self.background_wake.notify_all();
        if let Some(t) = thread {
            if t.thread().id() != std::thread::current().id() {
                let _ = t.join();
            }
        }
    }

    /// Ask the background checkpointer for a checkpoint.
    pub fn request_checkpoint(&self) {
        self.background.lock().wanted = true;
        self.background_wake.notify_all();
    }

    /// After a commit: wake the checkpointer if a checkpoint is due. A cache
    /// far over its size (the checkpointer cannot keep up) makes the
    /// committer take the checkpoint itself; its failure is not the
    /// commit's (the commit is already durable): it is kept for the next try.
    pub fn after_commit(&self) {
        if !self.checkpoint_due() {
            return;
        }
        let far_over = self.databases().iter().chain(self.temp.iter()).any(|d| d.store.read().cache().far_over_capacity());
        if far_over {
            let _ = self.checkpoint();
        } else {
            self.request_checkpoint();
        }
    }

    /// The error of the last failed checkpoint, if the last one failed.
    pub fn checkpoint_failure(&self) -> Option<JetError> {
        self.checkpoint.lock().failed
    }

    /// How many checkpoints were taken (for tests).
    pub fn checkpoints_taken(&self) -> u64 {
        self.checkpoint.lock().count
    }

    /// A fresh temporary database (whatever a previous run left is deleted).
    fn create_temp_database(fs: &Arc<dyn FileSystem>, cfg: &EngineConfig, path: &Path) -> JetResult<Arc<Database>> {
        if fs.exists(path) {
            fs.remove(path).map_err(|_| JetError::TempPathInUse)?;
        }
        if let Some(dir) = path.parent() {
            if !fs.exists(dir) {
                fs.create_dir_all(dir)?;
            }
        }
        let opts = crate::space::CreateOptions {
            page_size: cfg.page_size,
            initial_pages: 254,
            store: StoreOptions { read_only: false, cache_pages: cfg.cache_pages, extension_pages: cfg.extension_pages },
        };
        let mut store = crate::space::create_database(fs.as_ref(), path, &opts)?;
        store.file().try_lock(crate::os::LockKind::Exclusive).map_err(|_| JetError::TempPathInUse)?;
        crate::catalog::create_system_tables(&mut store)?;
        store.flush()?;
        // unlogged: no deltas, so no before-images
        store.set_keep_before(false);
        let mut db = Database::new(TEMP_DBID, path.to_path_buf(), false, 0, store);
        db.logged = false;
        Ok(Arc::new(db))
    }

    /// The temporary database (JET_errTooManySorts when JET_paramMaxTemporaryTables
    /// is 0: the instance has none).
    pub fn temp_database(&self) -> JetResult<Arc<Database>> {
        self.temp.clone().ok_or(JetError::TooManySorts)
    }

    /// Soft recovery: replay every page image from the checkpoint on, then mark
    /// every database the log left attached as cleanly shut down.
    fn recover(fs: &Arc<dyn FileSystem>, cfg: &EngineConfig) -> JetResult<Log> {
        for d in [&cfg.log.log_dir, &cfg.log.checkpoint_dir] {
            if !fs.exists(d) {
                fs.create_dir_all(d)?;
            }
        }
        let mut dbs: HashMap<u32, ReplayDb> = HashMap::new();
        // what the log says of each file in the end: attached at its end
        // (None), or detached at a position (its pages are then complete up
        // to there even if the detach itself never finished)
        let mut last_state: HashMap<PathBuf, (usize, Option<Lgpos>)> = HashMap::new();
        // per file, the database time and last object id its header must
        // reach: those the checkpoint recorded, raised by every page image
        // replayed (None: unknown, the pages are read to find them)
        let mut floors: HashMap<PathBuf, Option<(u64, u32)>> = HashMap::new();
        // JetInit3's restore map and stop position (JET_RSTINFO)
        let rst = super::rstinfo::current()?;
        let map = rst.resolve(|p| file_signature(fs.as_ref(), p));
        let mut stopped = false;
        if let Some(cp) = Log::read_checkpoint(fs.as_ref(), &cfg.log)? {
            for mut d in decode_attach_list(&cp.data)? {
                d.path = map.target(&d.path, None);
                last_state.insert(d.path.clone(), (d.page_size as usize, None));
                floors.insert(d.path.clone(), d.counters);
                dbs.insert(d.dbid, ReplayDb { file: None, page_size: d.page_size as usize, path: d.path, attached: true });
            }
        }
        let fs2 = fs.clone();
        // pages being replayed, with a key per file (by path)
        let mut replay = super::replay::PageReplay::new();
        let mut file_keys: HashMap<PathBuf, u64> = HashMap::new();
        let mut status = RECOVERY_STATUS.with(|s| s.borrow_mut().take());
        let first = Log::read_checkpoint(fs.as_ref(), &cfg.log).ok().flatten().map_or(1, |c| c.lgpos.generation.max(1));
        let last = Log::last_generation(fs.as_ref(), &cfg.log).unwrap_or(first).max(first);
        let mut reported = 0u32;
        if let Some(cb) = status.as_mut() {
            cb(JET_sntBegin, 0, 100);
        }
        let file_size = cfg.log.file_size.max(1);
        let opened = Log::open(fs.clone(), cfg.log.clone(), |pos, r| {
            if rst.past_stop(pos) {
                // ends the scan before the log is reopened for appending
                stopped = true;
                return Err(JetError::RecoveredWithoutUndo);
            }
            if let Some(cb) = status.as_mut() {
                // percent of the generations to replay, by position
                let gens = (last - first + 1) as u64;
                let done = (pos.generation.saturating_sub(first) as u64 * 100 + (pos.offset as u64 * 100 / file_size).min(100)) / gens;
                let done = done.min(99) as u32;
                if done > reported {
                    reported = done;
                    cb(JET_sntProgress, done, 100);
                }
            }
            match r {
                LogRecord::AttachDatabase(d) | LogRecord::CreateDatabase(d) => {
                    if d.grbit & DB_READ_ONLY == 0 {
                        let path = map.target(d.path, Some(&d.signature.to_bytes()));
                        if let (LogRecord::CreateDatabase(_), Some(key)) = (r, file_keys.get(&path)) {
                            // a new file: what was replayed into the old one is gone
                            replay.forget(*key)?;
                        }
                        last_state.insert(path.clone(), (d.page_size as usize, None));
                        // the header was written at the attach: it is a floor
                        floors.entry(path.clone()).or_insert(Some((0, 0)));
                        dbs.insert(d.dbid, ReplayDb { file: None, page_size: d.page_size as usize, path, attached: true });
                    }
                }
                LogRecord::DetachDatabase { dbid } => {
                    if let Some(db) = dbs.get_mut(dbid) {
                        if let Some(key) = file_keys.get(&db.path) {
                            replay.close(*key)?;
                        }
                        if let Some(f) = db.file.take() {
                            f.sync()?;
                        }
                        db.attached = false;
                        last_state.insert(db.path.clone(), (db.page_size, Some(pos)));
                    }
                }
                LogRecord::Commit { pages, .. } => {
                    for p in pages {
                        let Some(db) = dbs.get_mut(&p.dbid) else { continue };
                        if db.file.is_none() {
                            match fs2.open(&db.path, OpenMode::ReadWrite) {
                                Ok(f) => db.file = Some(f),
                                Err(JetError::FileNotFound) if !db.attached => continue,
                                Err(e) => return Err(e),
                            }
                        }
                        let f = db.file.as_ref().unwrap();
                        let n = file_keys.len() as u64;
                        let key = *file_keys.entry(db.path.clone()).or_insert(n);
                        let page = replay.apply(key, f, db.page_size, p)?;
                        if let Some(Some(floor)) = floors.get_mut(&db.path) {
                            let counters = match page {
                                None => dbheader::DbHeader::decode(p.data).ok().map(|h| (h.dbtime, h.objid_last)),
                                Some(page) => crate::format::page::PageView::new(page).ok().map(|v| (v.dbtime(), v.objid())),
                            };
                            if let Some((t, o)) = counters {
                                floor.0 = floor.0.max(t);
                                floor.1 = floor.1.max(o);
                            }
                        }
                    }
                }
                _ => {}
            }
            Ok(())
        });
        let stopped = match &opened {
            Err(JetError::RecoveredWithoutUndo) => stopped,
            Ok((_, rec)) => rst.stop_reached_by(rec.end),
            Err(_) => false,
        };
        if stopped {
            // JET_RSTINFO's stop position: the databases stay as replayed
            // so far, still dirty (no undo, nothing marked consistent); a
            // later JetInit goes on from the checkpoint
            replay.write_all()?;
            for (_, db) in dbs.iter_mut() {
                if let Some(f) = db.file.take() {
                    f.sync()?;
                }
            }
            return Err(JetError::RecoveredWithoutUndo);
        }
        let (log, rec) = opened?;
        if let Some(cb) = status.as_mut() {
            cb(JET_sntComplete, 100, 100);
        }
        // the databases still attached at the end of the log are now
        // consistent as of its end; those detached, as of their detach
        let end = rec.end;
        replay.finish()?;
        for (_, db) in dbs.iter_mut() {
            if let Some(f) = db.file.take() {
                f.sync()?;
            }
        }
        for (path, (page_size, detached)) in last_state {
            let f = match fs.open(&path, OpenMode::ReadWrite) {
                Ok(f) => f,
                Err(JetError::FileNotFound) => continue,
                Err(e) => return Err(e),
            };
            let floor = floors.get(&path).copied().flatten();
            mark_consistent(&f, page_size, detached.unwrap_or(end), &log, floor)?;
        }
        Ok(log)
    }

    /// JetTerm: detach every database (flushing it) and close the log.
    /// `Dirty` leaves everything as a crash would (recovery finishes it).
    pub fn stop(&self, kind: TermKind) -> JetResult<()> {
        self.stop_background();
        if kind == TermKind::Dirty {
            // nothing is flushed: the log already holds every commit made durable
            return Ok(());
        }
        let dbs: Vec<Arc<Database>> = self.dbs.read().iter().flatten().cloned().collect();
        for db in dbs {
            self.detach(&db)?;
        }
        if let Some(log) = &self.log {
            log.append(&LogRecord::Term)?;
            log.flush_all()?;
            let end = log.end();
            log.write_checkpoint(end, &encode_attach_list(&[]))?;
        }
        if let Some(t) = &self.temp {
            // best effort: the next JetInit recreates it anyway
            let _ = self.fs.remove(&t.path);
        }
        Ok(())
    }

    // ----- the attach table ------------------------------------------------

    /// The database attached as `dbid` (TEMP_DBID: the temporary database).
    pub fn database(&self, dbid: u32) -> JetResult<Arc<Database>> {
        if dbid == TEMP_DBID {
            return self.temp_database().map_err(|_| JetError::InvalidDatabaseId);
        }
        let dbs = self.dbs.read();
        dbid.checked_sub(1)
            .and_then(|i| dbs.get(i as usize))
            .and_then(|d| d.clone())
            .ok_or(JetError::InvalidDatabaseId)
    }

    /// The database attached from this path, if any.
    pub fn database_by_path(&self, path: &Path) -> Option<Arc<Database>> {
        self.dbs.read().iter().flatten().find(|d| d.path == path).cloned()
    }

    /// Every attached database.
    pub fn databases(&self) -> Vec<Arc<Database>> {
        self.dbs.read().iter().flatten().cloned().collect()
    }

    fn register(&self, make: impl FnOnce(u32) -> JetResult<Database>) -> JetResult<Arc<Database>> {
        let mut dbs = self.dbs.write();
        let slot = dbs.iter().position(|d| d.is_none()).unwrap_or(dbs.len());
        // ESE allows a few thousand; a bound keeps dbids small
        if slot >= 6 * 1024 {
            return Err(JetError::TooManyAttachedDatabases);
        }
        let db = Arc::new(make(slot as u32 + 1)?);
        if slot == dbs.len() {
            dbs.push(Some(db.clone()));
        } else {
            dbs[slot] = Some(db.clone());
        }
        Ok(db)
    }

    fn store_options(&self, read_only: bool) -> StoreOptions {
        StoreOptions { read_only, cache_pages: self.cfg.cache_pages, extension_pages: self.cfg.extension_pages }
    }

    /// JetCreateDatabase2: a new file with the system tables, attached for
    /// writing. `FileAlreadyExists` is the caller's to translate.
    pub fn create_database(&self, path: &Path, grbit: JET_GRBIT) -> JetResult<Arc<Database>> {
        let _g = self.ddl.lock();
        if self.database_by_path(path).is_some() {
            return Err(JetError::DatabaseInUse);
        }
        let opts = crate::space::CreateOptions {
            page_size: self.cfg.page_size,
            initial_pages: 254,
            store: self.store_options(false),
        };
        let mut store = crate::space::create_database(self.fs.as_ref(), path, &opts)?;
        let r = (|| {
            store.file().try_lock(crate::os::LockKind::Exclusive).map_err(|_| JetError::DatabaseInUse)?;
            crate::catalog::create_system_tables(&mut store)?;
            store.flush()?;
            Ok(())
        })();
        if let Err(e) = r {
            drop(store);
            let _ = self.fs.remove(path);
            return Err(e);
        }
        let _a = self.attach.lock();
        let db = self.register(|dbid| Ok(Database::new(dbid, path.to_path_buf(), false, grbit, store)))?;
        if let Err(e) = self.begin_writing(&db, true) {
            self.unregister(&db);
            return Err(e);
        }
        Ok(db)
    }

    /// JetAttachDatabase2.
    pub fn attach_database(&self, path: &Path, grbit: JET_GRBIT) -> JetResult<Arc<Database>> {
        let _g = self.ddl.lock();
        if self.database_by_path(path).is_some() {
            return Err(JetError::DatabaseInUse);
        }
        let read_only = grbit & JET_bitDbReadOnly != 0;
        let store = Store::open(self.fs.as_ref(), path, self.store_options(read_only))?;
        let lock = if read_only { crate::os::LockKind::Shared } else { crate::os::LockKind::Exclusive };
        store.file().try_lock(lock).map_err(|_| JetError::DatabaseInUse)?;
        let h = store.header();
        if h.version != dbheader::FORMAT_VERSION {
            return Err(JetError::InvalidDatabaseVersion);
        }
        if h.page_size() != self.cfg.page_size {
            return Err(JetError::PageSizeMismatch);
        }
        match h.db_state {
            dbstate::CLEAN_SHUTDOWN => {}
            dbstate::DIRTY_SHUTDOWN | dbstate::JUST_CREATED | dbstate::DIRTY_AND_PATCHED_SHUTDOWN => {
                return Err(JetError::DatabaseDirtyShutdown);
            }
            _ => return Err(JetError::DatabaseCorrupted),
        }
        let _a = self.attach.lock();
        let db = self.register(|dbid| Ok(Database::new(dbid, path.to_path_buf(), read_only, grbit, store)))?;
        if !read_only {
            if let Err(e) = self.begin_writing(&db, false) {
                self.unregister(&db);
                return Err(e);
            }
        }
        Ok(db)
    }

    /// Log the attach and mark the header dirty (ESE's attach of a database for writing).
    fn begin_writing(&self, db: &Arc<Database>, created: bool) -> JetResult<()> {
        let mut store = db.store.write();
        let original = store.header();
        let r = self.begin_writing_locked(db, &mut store, created);
        if r.is_err() {
            // the attach fails: put the header back as it was (best effort),
            // or the file would stay marked dirty with nothing to recover it
            let _ = store.write_header(&original);
        }
        r
    }

    fn begin_writing_locked(&self, db: &Arc<Database>, store: &mut Store, created: bool) -> JetResult<()> {
        let mut h = store.header();
        let mut lgpos = Lgpos::MIN;
        if let Some(log) = &self.log {
            let sig = crate::log::Signature::from_bytes(&signature_bytes(&h.sign_db));
            let r = DatabaseRef { dbid: db.dbid, page_size: store.page_size() as u32, grbit: db.grbit, signature: sig, path: &db.path };
            let rec = if created { LogRecord::CreateDatabase(r) } else { LogRecord::AttachDatabase(r) };
            lgpos = log.append(&rec)?;
            log.flush(lgpos)?;
            let ours = dbheader::Signature::decode(&log.signature().to_bytes());
            if h.sign_log != ours {
                // as ESE: a consistent position of another log set means
                // nothing in this one
                h.lgpos_consistent = dbheader::Lgpos::default();
                h.sign_log = ours;
            }
        }
        // deltas need the pages' bytes from before each apply; without a log nothing uses them
        store.set_keep_before(self.log.is_some());
        h.db_state = dbstate::DIRTY_SHUTDOWN;
        h.lgpos_attach = to_header_lgpos(lgpos);
        h.logtime_attach = dbheader::LogTime::now();
        // as ESE: the last detach no longer describes the file
        h.lgpos_detach = dbheader::Lgpos::default();
        h.logtime_detach = dbheader::LogTime::default();
        store.write_header(&h)
    }

    fn unregister(&self, db: &Arc<Database>) {
        let mut dbs = self.dbs.write();
        if let Some(slot) = dbs.get_mut(db.dbid as usize - 1) {
            *slot = None;
        }
    }

    /// JetDetachDatabase: flush the database, mark it consistent, forget it.
    pub fn detach(&self, db: &Arc<Database>) -> JetResult<()> {
        // its online defragmentation ends first (it holds the database)
        super::maintenance::stop_defrag(db);
        let _g = self.ddl.lock();
        // a checkpoint under way writes copies of pages taken earlier: it
        // must not write them after the detach wrote newer ones
        let _c = self.checkpoint.lock();
        let _a = self.attach.lock();
        if !db.read_only {
            let mut store = db.store.write();
            let mut lgpos = Lgpos::MIN;
            if let Some(log) = &self.log {
                log.flush_all()?;
                lgpos = log.append(&LogRecord::DetachDatabase { dbid: db.dbid })?;
                log.flush(lgpos)?;
            }
            // pages after the log (write-ahead), then the clean header
            let dirty = store.cache().copy_dirty();
            store.cache().write_back(&dirty)?;
            let mut h = store.header();
            h.db_state = dbstate::CLEAN_SHUTDOWN;
            let now = dbheader::LogTime::now();
            h.lgpos_consistent = to_header_lgpos(lgpos);
            h.logtime_consistent = now;
            h.lgpos_detach = to_header_lgpos(lgpos);
            h.logtime_detach = now;
            store.write_header(&h)?;
        }
        self.unregister(db);
        db.mark_detached();
        Ok(())
    }

    /// The commit lock (see the field).
    pub fn commit_lock(&self) -> parking_lot::MutexGuard<'_, ()> {
        self.commit.lock()
    }

    /// A change outside any transaction, applied and logged at once: space a
    /// DDL call allocates (a new table's or index's tree) or frees. Lazy: it
    /// reaches the disk with the next durable commit, which logs after it.
    pub fn system_change<T>(&self, db: &Database, f: impl FnOnce(&mut crate::btree::Batch<'_>) -> JetResult<T>) -> JetResult<T> {
        if db.read_only {
            return Err(JetError::PermissionDenied);
        }
        let _c = self.commit_lock();
        let mut store = db.store.write();
        let out = {
            let mut batch = store.batch()?;
            let out = f(&mut batch)?;
            batch.commit()?;
            out
        };
        let pgnos = store.take_dirtied_with_before();
        if let (Some(log), true) = (&self.log, db.logged) {
            let mut logged = Vec::new();
            super::txn::logged_pages(db, &mut store, pgnos, &mut logged)?;
            let pages: Vec<crate::log::PageImage<'_>> = logged.iter().map(super::txn::LoggedPage::entry).collect();
            log.append(&LogRecord::Commit { commit_id: self.versions.latest(), pages })?;
        }
        Ok(out)
    }

    // ----- checkpoint ------------------------------------------------------

    /// Whether enough log has been written since the last checkpoint, or a
    /// cache holds too many dirty pages, that one should be taken now.
    pub fn checkpoint_due(&self) -> bool {
        let over = self.databases().iter().chain(self.temp.iter()).any(|d| d.store.read().cache().over_capacity());
        if over {
            return true;
        }
        match &self.log {
            Some(log) => {
                let last = self.checkpoint.lock().last;
                let end = log.end();
                let gens = end.generation.saturating_sub(last.generation) as u64;
                gens * self.cfg.log.file_size + end.offset as u64 >= last.offset as u64 + self.cfg.checkpoint_depth
            }
            None => false,
        }
    }

    /// Write every dirty page of every database (after the log holds their
    /// images durably) and advance the checkpoint.
    ///
    /// Safe from any thread: the copies are taken under every database's
    /// shared lock, so each copy holds only changes whose commit records lie
    /// before `end` (an apply appends its record before it releases its
    /// exclusive lock); the list of databases is taken under the attach lock,
    /// so every database whose attach record precedes `end` is in it.
    pub fn checkpoint(&self) -> JetResult<()> {
        let mut cp = self.checkpoint.lock();
        let r = self.checkpoint_locked();
        match r {
            Ok(end) => {
                cp.last = end;
                cp.failed = None;
                cp.count += 1;
                Ok(())
            }
            Err(e) => {
                cp.failed = Some(e);
                Err(e)
            }
        }
    }

    fn checkpoint_locked(&self) -> JetResult<Lgpos> {
        let (dbs, end, copies, list) = {
            let _a = self.attach.lock();
            let dbs: Vec<Arc<Database>> = self.databases().into_iter().filter(|d| !d.read_only).collect();
            // hold every database's shared lock so no apply is half done while we copy
            let guards: Vec<_> = dbs.iter().map(|d| d.store.read()).collect();
            let end = self.log.as_ref().map(|l| l.end()).unwrap_or(Lgpos::MIN);
            let copies: Vec<_> = guards.iter().map(|g| g.cache().copy_dirty()).collect();
            let list: Vec<CheckpointDb> = dbs
                .iter()
                .zip(&guards)
                .map(|(d, g)| CheckpointDb { dbid: d.dbid, page_size: d.page_size as u32, path: d.path.clone(), counters: Some((g.dbtime(), g.objid_last())) })
                .collect();
            drop(guards);
            (dbs, end, copies, list)
        };
        if let Some(log) = &self.log {
            // write-ahead: the images of every copied page are durable first
            log.flush(end)?;
        }
        for (db, pages) in dbs.iter().zip(copies) {
            if !pages.is_empty() {
                // not under the database lock: the writes and their fsync
                // would hold up the next apply, and every reader queued
                // behind it (the checkpoint lock keeps detach and trim out)
                let cache = db.store.read().cache().clone();
                cache.write_back(&pages)?;
            }
        }
        if let Some(log) = &self.log {
            log.write_checkpoint(end, &encode_attach_list(&list))?;
        }
        if let Some(t) = &self.temp {
            // unlogged: its pages may be written at any time
            let cache = t.store.read().cache().clone();
            let pages = cache.copy_dirty();
            cache.write_back(&pages)?;
        }
        Ok(end)
    }
}

/// The background checkpointer: takes a checkpoint when asked, or when one
/// is due at its periodic look. It holds the engine only while working, so
/// dropping the engine ends it too.
fn checkpointer(engine: std::sync::Weak<Engine>) {
    loop {
        let Some(e) = engine.upgrade() else { return };
        let run = {
            let mut b = e.background.lock();
            if b.stop {
                return;
            }
            if !b.wanted {
                let _ = e.background_wake.wait_for(&mut b, CHECKPOINT_POLL);
            }
            if b.stop {
                return;
            }
            std::mem::take(&mut b.wanted)
        };
        if run || e.checkpoint_due() {
            // a failure is kept in the checkpoint state; the next round retries
            let _ = e.checkpoint();
        }
    }
}

/// The database signature in a file's header (JET_RSTINFO's map matches
/// the log's databases by it); None for a missing or unreadable file.
fn file_signature(fs: &dyn FileSystem, path: &Path) -> Option<[u8; 28]> {
    let f = fs.open(path, OpenMode::ReadOnly).ok()?;
    let len = f.size().ok()?.min(2 * 32 * 1024) as usize;
    let mut buf = vec![0u8; len];
    f.read_at(&mut buf, 0).ok()?;
    let ps = crate::format::header::detect_page_size(&buf)?;
    let h = dbheader::verify_header(&buf[..ps], ps).ok()?;
    Some(signature_bytes(&h.sign_db))
}

/// The bytes of a header signature (the log and the header use the same 28-byte layout).
fn signature_bytes(s: &dbheader::Signature) -> [u8; 28] {
    let mut b = [0u8; 28];
    s.encode(&mut b);
    b
}

/// Our log position in the database header's JET_LGPOS layout.
pub(crate) fn to_header_lgpos(l: Lgpos) -> dbheader::Lgpos {
    dbheader::Lgpos::decode(&l.to_jet_bytes())
}

/// After recovery: the header of a database the log left attached says it is
/// consistent as of the end of the log.
fn mark_consistent(f: &Arc<dyn crate::os::File>, page_size: usize, end: Lgpos, log: &Log, floor: Option<(u64, u32)>) -> JetResult<()> {
    let mut buf = vec![0u8; page_size];
    f.read_at(&mut buf, 0)?;
    let mut h = match dbheader::verify_header(&buf, page_size) {
        Ok(h) => h,
        Err(_) => {
            f.read_at(&mut buf, page_size as u64)?;
            dbheader::verify_header(&buf, page_size)?
        }
    };
    let ours = dbheader::Signature::decode(&log.signature().to_bytes());
    if h.db_state == dbstate::CLEAN_SHUTDOWN || h.sign_log != ours {
        // already consistent, or last attached by another log set: not ours to change
        return Ok(());
    }
    // the database time and last object id must not go back: new pages and
    // trees would reuse them. Known from the checkpoint and the replayed
    // images, or else found by reading every page.
    match floor {
        Some((dbtime, objid)) => {
            h.dbtime = h.dbtime.max(dbtime);
            h.objid_last = h.objid_last.max(objid);
        }
        None => {
            let size = f.size()?;
            let pages = (size / page_size as u64).saturating_sub(2);
            let mut page = vec![0u8; page_size];
            for pgno in 1..=pages as u32 {
                if f.read_at(&mut page, (pgno as u64 + 1) * page_size as u64).is_ok() {
                    if crate::format::checksum::page_is_zeroed(&page) {
                        continue;
                    }
                    let Ok(v) = crate::format::page::PageView::new(&page) else { continue };
                    let t = v.dbtime();
                    if t > h.dbtime && t < u64::MAX / 2 {
                        h.dbtime = t;
                    }
                    h.objid_last = h.objid_last.max(v.objid());
                }
            }
        }
    }
    let now = dbheader::LogTime::now();
    h.db_state = dbstate::CLEAN_SHUTDOWN;
    h.lgpos_consistent = to_header_lgpos(end);
    h.logtime_consistent = now;
    h.lgpos_detach = to_header_lgpos(end);
    h.logtime_detach = now;
    h.sign_log = dbheader::Signature::decode(&log.signature().to_bytes());
    let img: DbHeader = h;
    let bytes = img.encode(page_size);
    f.write_at(&bytes, 0)?;
    f.write_at(&bytes, page_size as u64)?;
    f.sync()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attach_list_round_trips() {
        let db = |dbid, page_size, path: &str, counters| CheckpointDb { dbid, page_size, path: PathBuf::from(path), counters };
        let l = vec![db(1, 4096, "/a/b.edb", Some((77, 12))), db(7, 8192, "/c.edb", Some((1 << 40, 3)))];
        assert_eq!(decode_attach_list(&encode_attach_list(&l)).unwrap(), l);
        // a checkpoint written before the counters were recorded
        let old = vec![db(1, 4096, "/a/b.edb", None)];
        assert_eq!(decode_attach_list(&encode_attach_list(&old)).unwrap(), old);
        assert!(decode_attach_list(&[]).unwrap().is_empty());
        assert_eq!(decode_attach_list(&[5, 0, 0, 0, 1]), Err(JetError::CheckpointCorrupt));
    }
}
