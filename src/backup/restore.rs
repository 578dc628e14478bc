//! Restore (ESE's hard recovery): bring backup copies of databases to a
//! consistent state by replaying the backup's logs into them.
//!
//! Owns: checking that a backup set fits together (the databases are backup
//! copies, the logs cover the range they need, the logs are one contiguous set
//! of one signature), the trailer of a streamed database, replaying page
//! images into the restored files and marking them consistent.
//! Must never: touch a running instance's log or databases, or know about C.
//!
//! The logs hold whole page images, so replaying them in order from any point
//! at or before what a copy needs leaves every page at its last image: pages
//! copied at different moments (streaming backup) or left behind the logs by
//! the page cache (snapshot backup) all end where the logs end.
//!
//! Which file a commit's pages go to: a record names a dbid; dbids come and go
//! with attach and detach records, and the backup mark every backup logs at
//! its start (`stream::MARK_TAG`) names the dbid of every database then. A
//! first pass over the logs finds, for each restored database (known by its
//! signature), the dbid it had when the replayed range starts; the replay
//! then follows the attach, detach and mark records.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{JetError, JetResult};
use crate::format::header::{self as dbheader, BkInfo, DbHeader, dbstate};
use crate::isam::backup::decode_marks;
use crate::isam::engine::to_header_lgpos;
use crate::log::{Lgpos, Log, LogConfig, LogRecord};
use crate::os::{File, FileSystem, LocalFs, OpenMode};

use super::stream::{MARK_TAG, parse_trailer};

/// How far a restore is (for JET_PFNSTATUS callbacks with JET_snpRestore).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Progress {
    Begin,
    /// Generations replayed so far, of how many.
    Step { done: u32, total: u32 },
    Complete,
}

/// What to restore.
pub struct Request<'a> {
    /// The folder holding the backup's log files.
    pub backup_logs: PathBuf,
    /// JET_paramBaseName of the log set.
    pub base_name: String,
    /// The generations to replay from `backup_logs` (None: all there are).
    pub range: Option<(u32, u32)>,
    /// A log folder whose logs continue the backup's (the instance's
    /// JET_paramLogFilePath): used when its next generations belong to the
    /// same log set.
    pub continue_from: Option<PathBuf>,
    /// The database files to recover in place (None: those the backup marks
    /// in the logs name, where they are backup copies).
    pub databases: Option<Vec<PathBuf>>,
    /// A folder for the restore's scratch files.
    pub scratch: PathBuf,
    pub status: Option<&'a mut dyn FnMut(Progress)>,
}

/// What a restore did.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub gen_low: u32,
    pub gen_high: u32,
    /// The end of the replayed log.
    pub end: Lgpos,
    pub databases: Vec<PathBuf>,
}

/// The log generation files of a folder for a base name: numbered ones and the current one.
#[derive(Debug, Default)]
pub struct LogFolder {
    pub numbered: BTreeMap<u32, PathBuf>,
    pub current: Option<PathBuf>,
}

/// Parse `<base><5 or 8 hex digits>.log|.jtx` (case-insensitive).
fn parse_generation(name: &str, base: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let stem = lower.strip_suffix(".log").or_else(|| lower.strip_suffix(".jtx"))?;
    let digits = stem.strip_prefix(&base.to_ascii_lowercase())?;
    if !(digits.len() == 5 || digits.len() == 8) || !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok().filter(|&g| g > 0)
}

/// The log files of a folder.
pub fn log_folder(fs: &dyn FileSystem, dir: &Path, base: &str) -> JetResult<LogFolder> {
    let mut out = LogFolder::default();
    let names = match fs.list(dir) {
        Ok(n) => n,
        Err(JetError::FileNotFound) | Err(JetError::InvalidPath) => return Ok(out),
        Err(e) => return Err(e),
    };
    for name in names {
        if let Some(g) = parse_generation(&name, base) {
            out.numbered.entry(g).or_insert_with(|| dir.join(&name));
        } else if [".log", ".jtx"].iter().any(|ext| name.eq_ignore_ascii_case(&format!("{base}{ext}"))) {
            out.current = Some(dir.join(&name));
        }
    }
    Ok(out)
}

/// A database file being restored.
struct Target {
    file: Arc<dyn File>,
    page_size: usize,
    signature: dbheader::Signature,
    header: DbHeader,
    /// The log range the copy needs.
    gen_low: u32,
    gen_high: u32,
    /// The trailer page is still at the end of the file (a streamed copy).
    trailer_at: Option<u64>,
}

/// Read a database file's header (falling back on the shadow copy).
fn read_header(f: &dyn File) -> JetResult<(DbHeader, usize)> {
    let size = f.size()?;
    let n = size.min(2 * 32768) as usize;
    let mut buf = vec![0u8; n];
    f.read_at(&mut buf, 0)?;
    for ps in crate::format::PAGE_SIZES {
        for copy in 0..2 {
            if let Some(page) = buf.get(copy * ps..(copy + 1) * ps)
                && let Ok(h) = dbheader::verify_header(page, ps)
            {
                return Ok((h, ps));
            }
        }
    }
    Err(JetError::DatabaseCorrupted)
}

/// Open a backup copy and find the log range it needs.
fn open_target(fs: &dyn FileSystem, path: &Path) -> JetResult<Target> {
    let file = fs.open(path, OpenMode::ReadWrite)?;
    // a database attached by a running instance is not a restore target
    file.try_lock(crate::os::LockKind::Exclusive).map_err(|_| JetError::DatabaseInUse)?;
    let (header, ps) = read_header(&*file)?;
    let size = file.size()?;
    if size % ps as u64 != 0 || size < 3 * ps as u64 {
        return Err(JetError::BadBackupDatabaseSize);
    }
    let (gen_low, gen_high, trailer_at) = if header.bkinfo_full_cur.gen_low != 0 {
        if header.bkinfo_full_cur.gen_high != 0 {
            (header.bkinfo_full_cur.gen_low, header.bkinfo_full_cur.gen_high, None)
        } else {
            // a streamed copy: the last page says how far the logs must go
            let at = size - ps as u64;
            let mut page = vec![0u8; ps];
            file.read_at(&mut page, at)?;
            let t = parse_trailer(&page).ok_or(JetError::BadBackupDatabaseSize)?;
            if t.header.sign_db != header.sign_db
                || t.header.bkinfo_full_cur.gen_low != header.bkinfo_full_cur.gen_low
                || t.header.bkinfo_full_cur.lgpos_mark != header.bkinfo_full_cur.lgpos_mark
                || t.gen_high < header.bkinfo_full_cur.gen_low
            {
                return Err(JetError::DatabasePatchFileMismatch);
            }
            (header.bkinfo_full_cur.gen_low, t.gen_high, Some(at))
        }
    } else if header.bkinfo_snapshot_cur.gen_low != 0 {
        (header.bkinfo_snapshot_cur.gen_low, header.bkinfo_snapshot_cur.gen_high, None)
    } else {
        return Err(JetError::RestoreOfNonBackupDatabase);
    };
    Ok(Target { file, page_size: ps, signature: header.sign_db, header, gen_low, gen_high, trailer_at })
}

/// Whether a file is a database backup copy (for JetRestore's folder scan).
pub fn is_backup_copy(fs: &dyn FileSystem, path: &Path) -> bool {
    let Ok(f) = fs.open(path, OpenMode::ReadOnly) else { return false };
    matches!(read_header(&*f), Ok((h, _)) if h.bkinfo_full_cur.gen_low != 0 || h.bkinfo_snapshot_cur.gen_low != 0)
}

/// The original path a streamed copy's trailer records.
pub fn original_path(fs: &dyn FileSystem, path: &Path) -> Option<PathBuf> {
    let f = fs.open(path, OpenMode::ReadOnly).ok()?;
    let (_, ps) = read_header(&*f).ok()?;
    let size = f.size().ok()?;
    let mut page = vec![0u8; ps];
    f.read_at(&mut page, size.checked_sub(ps as u64)?).ok()?;
    parse_trailer(&page)?.path
}

static STAGING: AtomicU64 = AtomicU64::new(0);

/// A folder holding exactly the generations to replay (hard links, or copies
/// where links are impossible), named as one log set, so that the log reader
/// checks their order, chaining and signature.
struct Staging {
    dir: PathBuf,
    cfg: LogConfig,
}

impl Staging {
    fn new(scratch: &Path, base: &str) -> JetResult<Staging> {
        let dir = scratch.join(format!(".esent-restore-{}-{}", std::process::id(), STAGING.fetch_add(1, Ordering::Relaxed)));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|_| JetError::InvalidPath)?;
        let mut cfg = LogConfig::new(&dir, base);
        // no checkpoint: the reader starts where it is told
        cfg.checkpoint_dir = dir.join("no-checkpoint");
        Ok(Staging { dir, cfg })
    }

    fn link(&self, from: &Path, to: &Path) -> JetResult<()> {
        if std::fs::hard_link(from, to).is_err() {
            std::fs::copy(from, to).map_err(|_| JetError::FileNotFound)?;
        }
        Ok(())
    }

    fn add(&self, generation: u32, from: &Path) -> JetResult<()> {
        self.link(from, &self.dir.join(self.cfg.generation_name(generation)))
    }

    fn add_current(&self, from: &Path) -> JetResult<()> {
        self.link(from, &self.cfg.current_path())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Stage the backup's generations, and (if `more`) the continuing ones.
fn stage(req: &Request<'_>, low: u32, high: u32, backup: &LogFolder, more: Option<&LogFolder>) -> JetResult<Staging> {
    let st = Staging::new(&req.scratch, &req.base_name)?;
    for g in low..=high {
        let p = backup.numbered.get(&g).ok_or(JetError::MissingLogFile)?;
        st.add(g, p)?;
    }
    if let Some(more) = more {
        let mut g = high + 1;
        while let Some(p) = more.numbered.get(&g) {
            st.add(g, p)?;
            g += 1;
        }
        if let Some(c) = &more.current {
            st.add_current(c)?;
        }
    }
    Ok(st)
}

/// What the first pass learns from the log.
#[derive(Default)]
struct Survey {
    /// For each signature (by its bytes), the dbid it has when the range starts.
    initial: HashMap<[u8; 28], u32>,
    /// Signatures already settled (their first mention was seen).
    settled: HashMap<[u8; 28], ()>,
    /// The databases the first backup mark names (for a restore without a map).
    first_mark: Option<Vec<crate::isam::backup::MarkedDatabase>>,
}

fn sig_bytes(s: &dbheader::Signature) -> [u8; 28] {
    let mut b = [0u8; 28];
    s.encode(&mut b);
    b
}

fn log_sig_bytes(s: &crate::log::Signature) -> [u8; 28] {
    s.to_bytes()
}

impl Survey {
    fn record(&mut self, rec: &LogRecord<'_>) {
        match rec {
            LogRecord::AttachDatabase(d) | LogRecord::CreateDatabase(d) => {
                // attached inside the range: no dbid before it
                self.settled.entry(log_sig_bytes(&d.signature)).or_insert(());
            }
            LogRecord::Opaque { tag, data } if *tag == MARK_TAG => {
                if let Some(list) = decode_marks(data) {
                    for m in &list {
                        if let std::collections::hash_map::Entry::Vacant(v) = self.settled.entry(m.signature) {
                            v.insert(());
                            self.initial.insert(m.signature, m.dbid);
                        }
                    }
                    if self.first_mark.is_none() {
                        self.first_mark = Some(list);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Hard recovery of backup copies (JetExternalRestore, JetRestore).
pub fn hard_recover(mut req: Request<'_>) -> JetResult<Outcome> {
    let fs: Arc<dyn FileSystem> = Arc::new(LocalFs);
    let backup = log_folder(&*fs, &req.backup_logs, &req.base_name)?;
    let (low, high) = match req.range {
        Some((l, h)) if l == 0 || h < l => return Err(JetError::InvalidParameter),
        Some(r) => r,
        None => match (backup.numbered.keys().next(), backup.numbered.keys().next_back()) {
            (Some(&l), Some(&h)) => (l, h),
            _ => return Err(JetError::FileNotFound),
        },
    };
    if (low..=high).any(|g| !backup.numbered.contains_key(&g)) {
        return Err(JetError::MissingLogFile);
    }
    let more = match &req.continue_from {
        Some(d) if !same_dir(d, &req.backup_logs) => Some(log_folder(&*fs, d, &req.base_name)?),
        _ => None,
    };

    // first pass: the log set checks out, and which dbid each database starts with
    let mut survey = Survey::default();
    let (staging, recovery) = {
        let attempt = |more: Option<&LogFolder>, survey: &mut Survey| -> JetResult<(Staging, crate::log::Recovery)> {
            let st = stage(&req, low, high, &backup, more)?;
            let rec = Log::scan(&*fs, &st.cfg, Some(Lgpos::new(low, 0)), |_, r| {
                survey.record(r);
                Ok(())
            })?;
            Ok((st, rec))
        };
        match more.as_ref().filter(|m| m.numbered.contains_key(&(high + 1)) || m.current.is_some()) {
            Some(m) => match attempt(Some(m), &mut survey) {
                Ok(x) => x,
                Err(_) => {
                    // the log folder does not continue this backup: the backup's logs alone
                    survey = Survey::default();
                    attempt(None, &mut survey)?
                }
            },
            None => attempt(None, &mut survey)?,
        }
    };
    let log_signature = recovery.signature.map(|s| log_sig_bytes(&s)).ok_or(JetError::LogFileCorrupt)?;

    // the databases, and the log range each needs
    let paths: Vec<PathBuf> = match req.databases.take() {
        Some(p) => p,
        None => survey
            .first_mark
            .iter()
            .flatten()
            .map(|m| m.path.clone())
            .filter(|p| is_backup_copy(&*fs, p))
            .collect(),
    };
    let mut targets = Vec::with_capacity(paths.len());
    for p in &paths {
        let t = open_target(&*fs, p)?;
        if low > t.gen_low {
            return Err(JetError::StartingRestoreLogTooHigh);
        }
        if high < t.gen_high {
            return Err(JetError::EndingRestoreLogTooLow);
        }
        if sig_bytes(&t.header.sign_log) != log_signature {
            return Err(JetError::BadLogSignature);
        }
        if targets.iter().any(|o: &Target| o.signature == t.signature) {
            // two copies of one database
            return Err(JetError::DatabaseDuplicate);
        }
        targets.push(t);
    }

    // the copies become databases: drop the trailer, keep the range in the header
    for t in &mut targets {
        if let Some(at) = t.trailer_at.take() {
            t.header.bkinfo_full_cur.gen_high = t.gen_high;
            write_header(&*t.file, &t.header, t.page_size)?;
            t.file.set_size(at)?;
            t.file.sync()?;
        }
    }

    // second pass: replay
    let total = recovery.last_generation.saturating_sub(low) + 1;
    if let Some(s) = req.status.as_mut() {
        s(Progress::Begin);
    }
    let by_sig: HashMap<[u8; 28], usize> = targets.iter().enumerate().map(|(i, t)| (sig_bytes(&t.signature), i)).collect();
    let mut map: HashMap<u32, usize> = HashMap::new();
    for (sig, dbid) in &survey.initial {
        if let Some(&i) = by_sig.get(sig) {
            map.insert(*dbid, i);
        }
    }
    let mut reported = low;
    // each target's pages, keyed by its index
    let mut replay = crate::isam::replay::PageReplay::new();
    let recovery = Log::scan(&*fs, &staging.cfg, Some(Lgpos::new(low, 0)), |pos, r| {
        if pos.generation != reported {
            reported = pos.generation;
            if let Some(s) = req.status.as_mut() {
                s(Progress::Step { done: reported - low, total });
            }
        }
        match r {
            LogRecord::AttachDatabase(d) | LogRecord::CreateDatabase(d) => {
                map.remove(&d.dbid);
                if let Some(&i) = by_sig.get(&log_sig_bytes(&d.signature)) {
                    map.retain(|_, v| *v != i);
                    map.insert(d.dbid, i);
                }
            }
            LogRecord::DetachDatabase { dbid } => {
                map.remove(dbid);
            }
            LogRecord::Opaque { tag, data } if *tag == MARK_TAG => {
                for m in decode_marks(data).unwrap_or_default() {
                    if let Some(&i) = by_sig.get(&m.signature) {
                        map.retain(|_, v| *v != i);
                        map.insert(m.dbid, i);
                    }
                }
            }
            LogRecord::Commit { pages, .. } => {
                for p in pages {
                    let Some(&i) = map.get(&p.dbid) else { continue };
                    let t = &targets[i];
                    if !p.is_delta() && p.data.len() != t.page_size {
                        return Err(JetError::LogFileCorrupt);
                    }
                    replay.apply(i as u64, &t.file, t.page_size, p)?;
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    replay.finish()?;
    drop(staging);

    for t in &targets {
        finish(t, recovery.end, &log_signature)?;
    }
    if let Some(s) = req.status.as_mut() {
        s(Progress::Complete);
    }
    Ok(Outcome { gen_low: low, gen_high: recovery.last_generation.max(high), end: recovery.end, databases: paths })
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Write a header to both header pages.
fn write_header(f: &dyn File, h: &DbHeader, ps: usize) -> JetResult<()> {
    let img = h.encode(ps);
    f.write_at(&img, 0)?;
    f.write_at(&img, ps as u64)
}

/// A replayed database: the file covers what its root owns, the header says
/// it is consistent as of the end of the replayed log.
fn finish(t: &Target, end: Lgpos, log_signature: &[u8; 28]) -> JetResult<()> {
    t.file.sync()?;
    let (mut h, ps) = read_header(&*t.file)?;
    // pages of extents the root acquired whose pages were never written are
    // not in any log: grow the file as the live engine did
    {
        let store = crate::btree::Store::open_file(
            t.file.clone(),
            crate::btree::StoreOptions { read_only: true, cache_pages: 64, extension_pages: 1 },
        )?;
        let info = crate::space::space_info(&store, crate::format::fixed::PGNO_SYSTEM_ROOT)?;
        if let Some(last) = info.owned.iter().map(|r| r.last()).max() {
            let need = (last as u64 + 1 + crate::format::fixed::CPG_DB_RESERVED as u64) * ps as u64;
            if t.file.size()? < need {
                t.file.set_size(need)?;
            }
        }
    }
    let pages = (t.file.size()? / ps as u64).saturating_sub(2);
    let mut page = vec![0u8; ps];
    for pgno in 1..=pages as u32 {
        t.file.read_at(&mut page, (pgno as u64 + 1) * ps as u64)?;
        if crate::format::checksum::page_is_zeroed(&page) {
            continue;
        }
        if let Ok(v) = crate::format::page::PageView::new(&page) {
            let dt = v.dbtime();
            if dt > h.dbtime && dt < u64::MAX / 2 {
                h.dbtime = dt;
            }
        }
    }
    let now = dbheader::LogTime::now();
    h.db_state = dbstate::CLEAN_SHUTDOWN;
    h.lgpos_consistent = to_header_lgpos(end);
    h.logtime_consistent = now;
    h.lgpos_detach = to_header_lgpos(end);
    h.logtime_detach = now;
    h.sign_log = dbheader::Signature::decode(log_signature);
    // a restored database is a database again, not a backup copy
    h.bkinfo_full_cur = BkInfo::default();
    h.bkinfo_snapshot_cur = BkInfo::default();
    write_header(&*t.file, &h, ps)?;
    t.file.sync()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_names() {
        assert_eq!(parse_generation("edb0001A.log", "edb"), Some(0x1A));
        assert_eq!(parse_generation("EDB0001a.JTX", "edb"), Some(0x1A));
        assert_eq!(parse_generation("edb0000001A.log", "edb"), Some(0x1A));
        for bad in ["edb.log", "edb001A.log", "edb00000.log", "xyz0001A.log", "edb0001A.chk", "edbres00001.jrs", "edb0001G.log"] {
            assert_eq!(parse_generation(bad, "edb"), None, "{bad}");
        }
    }
}
