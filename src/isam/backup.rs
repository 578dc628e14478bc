//! What backup needs from a running engine: pages copied consistently while
//! writers keep committing, the database headers' backup information, and the
//! log operations a backup drives (roll, hold, truncate, marks).
//!
//! Owns: nothing new; an `impl Engine` block over the engine's fields.
//! Must never: decide the backup sequence or its errors (backup/ does), or
//! write a database page outside the log's order.
//!
//! Consistency of copied pages: a page is copied through the page cache under
//! the database's shared lock. An apply changes pages and appends their images
//! to the log under the exclusive side of that lock, so every copied page is
//! exactly as some complete apply left it, and every apply it reflects has its
//! commit record in the log already. The copy may mix pages of different
//! moments; the logs of the backup (from before the copy started to after it
//! ended) bring every page to its last image at restore.

use std::path::PathBuf;
use std::sync::Arc;

use crate::buffer::Pgno;
use crate::error::{JetError, JetResult};
use crate::format::checksum;
use crate::format::header::DbHeader;
use crate::log::{LogFileInfo, LogRecord, Lgpos, PageImage};

use super::database::Database;
use super::engine::Engine;

/// One database a backup covers, as the log's backup mark records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkedDatabase {
    pub dbid: u32,
    /// The database signature (28 bytes, JET_SIGNATURE layout).
    pub signature: [u8; 28],
    pub path: PathBuf,
}

impl Engine {
    /// The log, or JET_errLoggingDisabled when the instance runs without one.
    pub(crate) fn backup_log(&self) -> JetResult<&crate::log::Log> {
        self.log.as_ref().ok_or(JetError::LoggingDisabled)
    }

    /// The databases a backup covers: attached for writing and logged.
    pub(crate) fn backup_databases(&self) -> Vec<Arc<Database>> {
        self.databases().into_iter().filter(|d| !d.read_only && d.logged).collect()
    }

    /// Pages of a database file after its two header pages.
    pub(crate) fn backup_pages_in_file(&self, db: &Database) -> JetResult<u32> {
        db.store.read().pages_in_file()
    }

    /// The live header of a database (with the current dbtime and object id).
    pub(crate) fn backup_header(&self, db: &Database) -> DbHeader {
        db.store.read().header()
    }

    /// Copy pages `first..first + out.len() / page_size` of `db` into `out`,
    /// verifying each one's checksum: JET_errReadVerifyFailure for a damaged
    /// page. A page never written (all zero on disk) is copied as zeros. Runs
    /// under the database's shared lock (see the module comment).
    pub(crate) fn backup_copy_pages(&self, db: &Database, first: Pgno, out: &mut [u8]) -> JetResult<()> {
        let ps = db.page_size;
        let store = db.store.read();
        for (i, dst) in out.chunks_exact_mut(ps).enumerate() {
            let pgno = first + i as u32;
            match store.read_page(pgno) {
                Ok(g) => {
                    if !checksum::page_is_zeroed(&g) {
                        checksum::verify_page(pgno, &g, ps).inspect_err(|_| crate::event::page_failed_verification(Some(&db.path), pgno, ps))?;
                    }
                    dst.copy_from_slice(&g);
                }
                Err(JetError::PageNotInitialized) => dst.fill(0),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Change the live header of a database (its backup information): the
    /// new image is logged and flushed first, so that recovery replaying older
    /// header images ends on this one, then written to both header copies.
    pub(crate) fn backup_update_header(&self, db: &Database, f: impl FnOnce(&mut DbHeader)) -> JetResult<()> {
        let _c = self.commit_lock();
        self.backup_update_header_locked(db, f)
    }

    /// `backup_update_header` for a caller that already holds the commit lock
    /// (a snapshot freeze).
    pub(crate) fn backup_update_header_locked(&self, db: &Database, f: impl FnOnce(&mut DbHeader)) -> JetResult<()> {
        if db.read_only {
            return Err(JetError::PermissionDenied);
        }
        let mut store = db.store.write();
        let mut h = store.header();
        f(&mut h);
        if let (Some(log), true) = (&self.log, db.logged) {
            let img = h.encode(store.page_size());
            let pos = log.append(&LogRecord::Commit {
                commit_id: self.versions.latest(),
                pages: vec![PageImage::full(db.dbid, 0, &img)],
            })?;
            log.flush(pos)?;
        }
        store.write_header(&h)
    }

    /// Append the backup mark: which database file each dbid means right now,
    /// so that a restore can follow commits to the right file. Returns its position.
    pub(crate) fn backup_append_mark(&self, tag: u32) -> JetResult<Lgpos> {
        let log = self.backup_log()?;
        let list: Vec<MarkedDatabase> = self
            .backup_databases()
            .iter()
            .map(|d| {
                let h = d.store.read().header();
                let mut signature = [0u8; 28];
                h.sign_db.encode(&mut signature);
                MarkedDatabase { dbid: d.dbid, signature, path: d.path.clone() }
            })
            .collect();
        let data = encode_marks(&list);
        log.append(&LogRecord::Opaque { tag, data: &data })
    }

    /// The generation the checkpoint is in (recovery starts there).
    pub(crate) fn backup_checkpoint_generation(&self) -> JetResult<u32> {
        Ok(self.backup_log()?.checkpoint().lgpos.generation)
    }

    /// Where the next log record goes.
    pub(crate) fn backup_log_end(&self) -> JetResult<Lgpos> {
        Ok(self.backup_log()?.end())
    }

    /// Close the current generation (it becomes a numbered file on disk);
    /// returns the new current generation.
    pub(crate) fn backup_roll_log(&self) -> JetResult<u32> {
        self.backup_log()?.roll()
    }

    /// The log files on disk, oldest first, `<base>.log` last.
    pub(crate) fn backup_log_files(&self) -> JetResult<Vec<LogFileInfo>> {
        self.backup_log()?.log_files()
    }

    /// Keep generations from `generation` on (None: release) while a backup copies them.
    pub(crate) fn backup_hold_logs(&self, generation: Option<u32>) {
        if let Some(log) = &self.log {
            log.hold_from(generation);
        }
    }

    /// Delete the generations below `below` (never the checkpoint's or later).
    pub(crate) fn backup_truncate_logs(&self, below: u32) -> JetResult<u32> {
        self.backup_log()?.truncate(below)
    }
}

/// The payload of a backup mark record.
///
/// ```text
/// u32 count, then per database: u32 dbid, [28] signature, u32 path length, path bytes
/// ```
pub fn encode_marks(list: &[MarkedDatabase]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(list.len() as u32).to_le_bytes());
    for m in list {
        let p = m.path.to_string_lossy();
        out.extend_from_slice(&m.dbid.to_le_bytes());
        out.extend_from_slice(&m.signature);
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(p.as_bytes());
    }
    out
}

/// Inverse of `encode_marks`; None for bytes that are not a mark payload.
pub fn decode_marks(b: &[u8]) -> Option<Vec<MarkedDatabase>> {
    let rd = |o: usize| -> Option<u32> { b.get(o..o + 4).map(|s| u32::from_le_bytes(s.try_into().unwrap())) };
    let n = rd(0)? as usize;
    let mut o = 4;
    let mut out = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        let dbid = rd(o)?;
        let signature: [u8; 28] = b.get(o + 4..o + 32)?.try_into().ok()?;
        let len = rd(o + 32)? as usize;
        let p = b.get(o + 36..o + 36 + len)?;
        out.push(MarkedDatabase { dbid, signature, path: PathBuf::from(String::from_utf8_lossy(p).into_owned()) });
        o += 36 + len;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::{Log, LogConfig};
    use crate::os::{FileSystem, LocalFs};

    #[test]
    fn held_generations_survive_circular_logging_and_truncation() {
        let dir = std::env::temp_dir().join(format!("esent-backup-hold-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut cfg = LogConfig::new(&dir, "edb");
        cfg.file_size = 64 * 1024;
        cfg.circular = true;
        let fs: Arc<dyn FileSystem> = Arc::new(LocalFs);
        let log = Log::create(fs, cfg).unwrap();
        let page = vec![7u8; 8192];
        let write = |n: u32| {
            for i in 0..n {
                log.append(&LogRecord::Commit { commit_id: i as u64, pages: vec![PageImage::full(1, i + 1, &page)] }).unwrap();
            }
            log.flush_all().unwrap();
        };
        write(20);
        let first = log.log_files().unwrap()[0].generation;
        log.hold_from(Some(first));
        write(40);
        let end = log.end();
        log.write_checkpoint(end, &[]).unwrap();
        // held: nothing below the checkpoint was deleted
        let files = log.log_files().unwrap();
        assert_eq!(files[0].generation, first);
        assert!(files.len() > 3, "{files:?}");
        assert_eq!(log.truncate(end.generation), Ok(0));
        // released: the next checkpoint deletes them
        log.hold_from(None);
        log.write_checkpoint(end, &[]).unwrap();
        assert_eq!(log.log_files().unwrap()[0].generation, end.generation);
        drop(log);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn marks_round_trip_and_reject_short_bytes() {
        let l = vec![
            MarkedDatabase { dbid: 1, signature: [7; 28], path: PathBuf::from("/a/b.edb") },
            MarkedDatabase { dbid: 9, signature: [1; 28], path: PathBuf::from("/c d/é.edb") },
        ];
        let b = encode_marks(&l);
        assert_eq!(decode_marks(&b).unwrap(), l);
        assert_eq!(decode_marks(&encode_marks(&[])).unwrap(), vec![]);
        for cut in 1..b.len() {
            assert!(decode_marks(&b[..cut]).is_none(), "cut at {cut}");
        }
    }
}
