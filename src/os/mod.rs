//! Files, through libc, behind two traits so that tests can swap in faults.
//!
//! Owns: opening, reading, writing, syncing, sizing, locking and deleting files.
//! Must never: know what a page or a log record is.
//!
//! `LocalFs` is the real implementation; `fault::FaultFs` wraps any
//! `FileSystem` and fails chosen operations (EIO, ENOSPC, short/torn writes)
//! after a countdown.

pub mod dl;
pub mod fault;
mod local;

use crate::error::{JetError, JetResult};
use std::path::Path;
use std::sync::Arc;

pub use local::LocalFs;

/// How to open a file.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// Existing file, read only.
    ReadOnly,
    /// Existing file, read and write.
    ReadWrite,
    /// New file (fails with JET_errFileAlreadyExists / the caller's error if it exists).
    CreateNew,
    /// Create or truncate.
    CreateOrTruncate,
}

/// An advisory lock on a whole file, held until the file is closed.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum LockKind {
    Shared,
    Exclusive,
}

/// One open file. Offsets are absolute; every call is positional (no cursor),
/// so one `File` can be used from several threads at once.
pub trait File: Send + Sync {
    /// Fill `buf` from `offset`; reading past the end is JET_errFileIOBeyondEOF.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> JetResult<()>;
    /// Write all of `buf` at `offset`, growing the file if needed.
    fn write_at(&self, buf: &[u8], offset: u64) -> JetResult<()>;
    /// Make everything written so far durable (fdatasync).
    fn sync(&self) -> JetResult<()>;
    /// Current size in bytes.
    fn size(&self) -> JetResult<u64>;
    /// Grow (allocating the space, so that a later write cannot hit a full disk) or shrink.
    fn set_size(&self, size: u64) -> JetResult<()>;
    /// Take an advisory lock without waiting; JET_errFileAccessDenied if another holds it.
    fn try_lock(&self, kind: LockKind) -> JetResult<()>;
}

/// The directory tree the engine works in.
pub trait FileSystem: Send + Sync {
    fn open(&self, path: &Path, mode: OpenMode) -> JetResult<Arc<dyn File>>;
    fn exists(&self, path: &Path) -> bool;
    fn remove(&self, path: &Path) -> JetResult<()>;
    fn rename(&self, from: &Path, to: &Path) -> JetResult<()>;
    fn create_dir_all(&self, path: &Path) -> JetResult<()>;
    /// Names (not paths) of the entries of a directory.
    fn list(&self, dir: &Path) -> JetResult<Vec<String>>;
    /// Make a directory's entries (new, renamed, removed files) durable.
    fn sync_dir(&self, dir: &Path) -> JetResult<()>;
}

/// The JET_err for an errno from a file operation.
pub fn error_from_errno(errno: i32) -> JetError {
    match errno {
        libc::ENOENT => JetError::FileNotFound,
        libc::ENOTDIR => JetError::InvalidPath,
        libc::EACCES | libc::EPERM | libc::EROFS => JetError::FileAccessDenied,
        libc::EEXIST => JetError::FileAlreadyExists,
        libc::ENOSPC | libc::EDQUOT => JetError::DiskFull,
        libc::ENAMETOOLONG => JetError::InvalidPath,
        libc::EMFILE | libc::ENFILE => JetError::OutOfFileHandles,
        libc::ENOMEM => JetError::OutOfMemory,
        libc::EFBIG => JetError::DiskFull,
        _ => JetError::DiskIO,
    }
}
