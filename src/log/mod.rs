//! The write-ahead log: log files (`<base>.log` and numbered generations),
//! reserve logs, the checkpoint file (`<base>.chk`), group commit, recovery
//! reading. The format is ours and is described in docs/log-format.md; the
//! file names and roles are ESE's.
//!
//! Owns: the bytes of every log and checkpoint file, the order and durability
//! of records, generation roll-over, reserve logs, log deletion.
//! Must never: interpret page images (it stores and returns them opaque;
//! `delta` only compares and patches bytes), touch database files or the
//! buffer cache, or call upward.
//!
//! Use: `Log::create` a fresh set or `Log::open` an existing one (replaying
//! every intact record from the checkpoint through a callback), then `append`
//! records (fast, into memory; serialized), `flush(lgpos)` to make a commit
//! durable (concurrent committers share one write + fdatasync), and
//! `write_checkpoint` once the pages up to a position are safely in the database.

mod checkpoint;
pub mod delta;
mod format;
mod lgpos;
mod names;
mod reader;
mod record;
mod writer;

#[cfg(test)]
mod tests;

pub use checkpoint::{Checkpoint, MAX_CHECKPOINT_DATA};
pub use format::{LogTime, Signature, BLOCK};
pub use lgpos::{Lgpos, JET_SECTOR};
pub use reader::Recovery;
pub use record::{DatabaseRef, LogRecord, PageImage, RecordKind, MAX_RECORD, PAGE_FORM_DELTA, PAGE_FORM_FULL};
pub use writer::{Log, LogFileInfo, LogStats};

use crate::error::{JetError, JetResult};
use std::path::PathBuf;
use std::time::Duration;

/// The smallest in-memory log buffer, whatever JET_paramLogBuffers says: one
/// commit carries whole page images, so ESE's default of 126 sectors would hold
/// only a few pages.
pub const MIN_BUFFER: usize = 1 << 20;
/// Log file size limits: JET_LGPOS addresses at most 65536 sectors of 512 bytes.
pub const MIN_FILE_SIZE: u64 = 4 * BLOCK as u64;
pub const MAX_FILE_SIZE: u64 = 32 << 20;
/// ESE's lGenerationMax: the log ends (JET_errLogSequenceEnd) past it.
pub const MAX_GENERATION: u32 = 0x7FFF_FA00 - 0x200;

/// Where and how a log set lives; the engine fills it from its JET_param values.
#[derive(Clone, Debug)]
pub struct LogConfig {
    /// JET_paramLogFilePath: the log files and reserve logs.
    pub log_dir: PathBuf,
    /// JET_paramSystemPath: the checkpoint file.
    pub checkpoint_dir: PathBuf,
    /// JET_paramBaseName: three characters, "edb" by default.
    pub base_name: String,
    /// JET_paramLogFileSize × 1024: bytes per generation file (a multiple of 4096).
    pub file_size: u64,
    /// JET_paramLogBuffers × 512: the in-memory buffer (at least MIN_BUFFER is used).
    pub buffer_size: usize,
    /// JET_paramCircularLog: delete generations older than the checkpoint's.
    pub circular: bool,
    /// JET_paramLegacyFileNames & JET_bitESE98FileNames: `.log`/`.chk`, else `.jtx`/`.jcp`.
    pub ese98_file_names: bool,
    /// JET_paramLegacyFileNames & JET_bitEightDotThreeSoftCompat: 5 hex digits while they suffice.
    pub eight_dot_three: bool,
    /// The longest a lazy commit (JET_bitCommitLazyFlush) stays only in memory.
    pub lazy_flush_delay: Duration,
    /// How many reserve logs to keep for a full disk (ESE keeps 2).
    pub reserve_logs: u32,
}

impl LogConfig {
    /// ESENT's defaults, with everything in `dir`.
    pub fn new(dir: impl Into<PathBuf>, base_name: &str) -> LogConfig {
        let dir = dir.into();
        LogConfig {
            checkpoint_dir: dir.clone(),
            log_dir: dir,
            base_name: base_name.to_string(),
            file_size: 5120 * 1024,
            buffer_size: 126 * 512,
            circular: false,
            ese98_file_names: true,
            eight_dot_three: true,
            lazy_flush_delay: Duration::from_millis(100),
            reserve_logs: 2,
        }
    }

    /// JET_errInvalidParameter for a base name that is not three ASCII
    /// alphanumerics or a file size out of range or not a multiple of 4096.
    pub fn validate(&self) -> JetResult<()> {
        let base_ok = self.base_name.len() == 3 && self.base_name.bytes().all(|c| c.is_ascii_alphanumeric());
        let size_ok = (MIN_FILE_SIZE..=MAX_FILE_SIZE).contains(&self.file_size) && self.file_size.is_multiple_of(BLOCK as u64);
        if base_ok && size_ok { Ok(()) } else { Err(JetError::InvalidParameter) }
    }

    pub(crate) fn buffer_capacity(&self) -> usize {
        self.buffer_size.max(MIN_BUFFER)
    }
}
