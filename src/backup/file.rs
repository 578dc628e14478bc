//! File backup and restore: JetBackup(Instance) copies a streaming backup into
//! a folder; JetRestore(2, Instance) restores such a folder.
//!
//! Owns: the backup folder's layout (ESE's: the database and log files by
//! name; with JET_bitBackupAtomic a full backup is made in `temp`, promoted to
//! `new` when complete, and the previous one kept in `old` until then) and
//! finding what a folder holds at restore.
//! Must never: copy a file other than through the streaming backup calls (so
//! pages are verified and consistent), or know about C.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::abi::*;
use crate::error::{JetError, JetResult};
use crate::isam::Instance;
use crate::os::{FileSystem, LocalFs};

use super::restore::{self, Progress};
use super::stream;

/// How far a file backup is (for JET_PFNSTATUS callbacks with JET_snpBackup).
pub type Status<'a> = Option<&'a mut dyn FnMut(Progress)>;

const TEMP_DIR: &str = "temp";
const ATOMIC_NEW: &str = "new";
const ATOMIC_OLD: &str = "old";

/// Pages per read: ESE's cpageBackupBufferMost.
const CHUNK_PAGES: usize = 256;

fn dir_entries(dir: &Path) -> JetResult<Vec<String>> {
    LocalFs.list(dir)
}

fn remove_tree(dir: &Path) -> JetResult<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) => Err(JetError::DeleteBackupFileFail),
    }
}

/// Make the backup folder ready and return where this backup's files go.
fn prepare_folder(inst: &Instance, root: &Path, incremental: bool, atomic: bool) -> JetResult<PathBuf> {
    if !root.is_dir() {
        if inst.param_int(JET_paramCreatePathIfNotExist) == 0 {
            return Err(JetError::InvalidPath);
        }
        std::fs::create_dir_all(root).map_err(|_| JetError::MakeBackupDirectoryFail)?;
    }
    remove_tree(&root.join(TEMP_DIR))?;
    let has = |name: &str| -> JetResult<bool> { Ok(dir_entries(root)?.iter().any(|n| n.eq_ignore_ascii_case(name))) };
    if atomic {
        if has(ATOMIC_NEW)? {
            // the last complete backup becomes the old one
            remove_tree(&root.join(ATOMIC_OLD))?;
            std::fs::rename(root.join(ATOMIC_NEW), root.join(ATOMIC_OLD)).map_err(|_| JetError::InvalidPath)?;
        }
        if incremental {
            // the logs go with the full backup they continue
            return Ok(root.join(ATOMIC_OLD));
        }
        let temp = root.join(TEMP_DIR);
        std::fs::create_dir(&temp).map_err(|_| JetError::MakeBackupDirectoryFail)?;
        return Ok(temp);
    }
    if incremental {
        if has(ATOMIC_NEW)? || has(ATOMIC_OLD)? {
            return Err(JetError::BackupDirectoryNotEmpty);
        }
    } else if !dir_entries(root)?.is_empty() {
        return Err(JetError::BackupDirectoryNotEmpty);
    }
    Ok(root.to_path_buf())
}

/// Copy one file of the running backup into `dir` (same name).
fn copy_file(inst: &Arc<Instance>, name: &str, dir: &Path, page_size: usize) -> JetResult<u64> {
    let f = stream::open_file(inst, name)?;
    let r = (|| {
        let dest = dir.join(Path::new(name).file_name().ok_or(JetError::InvalidPath)?);
        let out = LocalFs.open(&dest, crate::os::OpenMode::CreateOrTruncate)?;
        let mut buf = AlignedBuf::new(CHUNK_PAGES * page_size);
        let mut at = 0u64;
        loop {
            let n = stream::read_file(inst, &f, buf.as_mut())? as usize;
            if n == 0 {
                break;
            }
            out.write_at(&buf.as_mut()[..n], at)?;
            at += n as u64;
        }
        out.sync()?;
        Ok(at)
    })();
    let closed = stream::close_file(inst, &f);
    let n = r?;
    closed?;
    Ok(n)
}

/// A page-aligned buffer (JetReadFile's contract).
struct AlignedBuf {
    raw: Vec<u8>,
    start: usize,
    len: usize,
}

impl AlignedBuf {
    fn new(len: usize) -> AlignedBuf {
        let raw = vec![0u8; len + 4096];
        let start = (4096 - raw.as_ptr() as usize % 4096) % 4096;
        AlignedBuf { raw, start, len }
    }

    fn as_mut(&mut self) -> &mut [u8] {
        &mut self.raw[self.start..self.start + self.len]
    }
}

/// JetBackupInstance: a full or incremental backup into a folder (None or
/// empty: only delete the logs the checkpoint no longer needs, as ESE).
pub fn backup(inst: &Arc<Instance>, path: Option<&str>, grbit: JET_GRBIT, mut status: Status<'_>) -> JetResult<()> {
    let incremental = grbit & JET_bitBackupIncremental != 0;
    let atomic = grbit & JET_bitBackupAtomic != 0;
    let kind = if incremental { JET_bitBackupIncremental } else { 0 };
    let Some(path) = path.filter(|p| !p.is_empty()) else {
        return truncate_only(inst, kind);
    };
    let root = crate::isam::dbops::full_path(path)?;
    stream::begin(inst, kind)?;
    let dir = match prepare_folder(inst, &root, incremental, atomic) {
        Ok(d) => d,
        Err(e) => {
            let _ = stream::end(inst, JET_bitBackupEndAbort);
            return Err(e);
        }
    };
    if let Some(s) = status.as_mut() {
        s(Progress::Begin);
    }
    let r = copy_all(inst, &dir, incremental, &mut status);
    if let Err(e) = r {
        let _ = stream::end(inst, JET_bitBackupEndAbort);
        if atomic && !incremental {
            let _ = remove_tree(&dir);
        }
        return Err(e);
    }
    stream::end(inst, JET_bitBackupEndNormal)?;
    if atomic && !incremental {
        // promote the complete backup; the previous one is no longer needed
        std::fs::rename(&dir, root.join(ATOMIC_NEW)).map_err(|_| JetError::InvalidPath)?;
        remove_tree(&root.join(ATOMIC_OLD))?;
    }
    if let Some(s) = status.as_mut() {
        s(Progress::Complete);
    }
    Ok(())
}

fn copy_all(inst: &Arc<Instance>, dir: &Path, incremental: bool, status: &mut Status<'_>) -> JetResult<()> {
    let page_size = inst.engine()?.cfg.page_size;
    let dbs = if incremental { Vec::new() } else { stream::attach_info(inst)? };
    let total = dbs.len() as u32 + 1;
    for (k, name) in dbs.iter().enumerate() {
        copy_file(inst, name, dir, page_size)?;
        if let Some(s) = status.as_mut() {
            s(Progress::Step { done: k as u32 + 1, total });
        }
    }
    let logs = stream::log_info(inst)?;
    for name in &logs.files {
        copy_file(inst, name, dir, page_size)?;
    }
    stream::truncate_log(inst)
}

/// JetBackup with no folder: delete the generations below the checkpoint's.
fn truncate_only(inst: &Arc<Instance>, kind: JET_GRBIT) -> JetResult<()> {
    let engine = inst.engine()?;
    engine.backup_log()?;
    stream::begin(inst, kind)?;
    let r = (|| {
        if inst.param_int(JET_paramCircularLog) == 0 {
            engine.backup_hold_logs(None);
            let below = engine.backup_checkpoint_generation()?;
            engine.backup_truncate_logs(below)?;
        }
        Ok(())
    })();
    let _ = stream::end(inst, JET_bitBackupEndAbort);
    r
}

/// Where a restore's inputs are: the folder, or its `new` then `old` sub-folder
/// (an atomic backup), whichever holds log files.
fn backup_folder(source: &Path, base: &str) -> JetResult<PathBuf> {
    for dir in [source.to_path_buf(), source.join(ATOMIC_NEW), source.join(ATOMIC_OLD)] {
        if !restore::log_folder(&LocalFs, &dir, base)?.numbered.is_empty() {
            return Ok(dir);
        }
    }
    Err(JetError::FileNotFound)
}

/// What a file restore needs from its instance (or the defaults without one).
pub struct RestoreSettings {
    pub base_name: String,
    /// The instance's log folder: logs there continuing the backup are replayed too.
    pub log_path: Option<PathBuf>,
}

/// JetRestoreInstance / JetRestore2: restore the backup in folder `source`
/// into `dest` (a folder) or, without one, to where the databases were.
pub fn restore(source: &str, dest: Option<&str>, settings: &RestoreSettings, status: Status<'_>) -> JetResult<restore::Outcome> {
    let source = crate::isam::dbops::full_path(source)?;
    let folder = backup_folder(&source, &settings.base_name)?;
    let logs = restore::log_folder(&LocalFs, &folder, &settings.base_name)?;
    let mut copies = Vec::new();
    for name in dir_entries(&folder)? {
        let p = folder.join(&name);
        if p.is_file() && !logs.numbered.values().any(|l| *l == p) && restore::is_backup_copy(&LocalFs, &p) {
            copies.push(p);
        }
    }
    if copies.is_empty() {
        return Err(JetError::PatchFileMissing);
    }
    let dest = dest.filter(|d| !d.is_empty()).map(crate::isam::dbops::full_path).transpose()?;
    let mut targets = Vec::new();
    for c in &copies {
        let target = match &dest {
            Some(d) => d.join(c.file_name().ok_or(JetError::InvalidPath)?),
            None => restore::original_path(&LocalFs, c).ok_or(JetError::InvalidPath)?,
        };
        if targets.contains(&target) {
            return Err(JetError::DatabaseDuplicate);
        }
        targets.push(target);
    }
    for (c, t) in copies.iter().zip(&targets) {
        if c != t {
            if let Some(parent) = t.parent() {
                std::fs::create_dir_all(parent).map_err(|_| JetError::InvalidPath)?;
            }
            if t.exists() {
                // never over a database a running instance has attached
                let f = LocalFs.open(t, crate::os::OpenMode::ReadWrite)?;
                f.try_lock(crate::os::LockKind::Exclusive).map_err(|_| JetError::DatabaseInUse)?;
            }
            std::fs::copy(c, t).map_err(|_| JetError::DiskIO)?;
        }
    }
    let scratch = dest.clone().unwrap_or_else(|| folder.clone());
    restore::hard_recover(restore::Request {
        backup_logs: folder,
        base_name: settings.base_name.clone(),
        range: None,
        continue_from: settings.log_path.clone(),
        databases: Some(targets),
        scratch,
        status,
    })
}
