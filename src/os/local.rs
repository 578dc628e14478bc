//! The real file system, through libc.

use super::{error_from_errno, File, FileSystem, LockKind, OpenMode};
use crate::error::{JetError, JetResult};
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::Arc;

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO)
}

fn cpath(path: &Path) -> JetResult<CString> {
    CString::new(path.as_os_str().as_bytes()).map_err(|_| JetError::InvalidPath)
}

/// A file descriptor, closed on drop.
pub struct LocalFile {
    fd: libc::c_int,
}

/// How long `try_lock` waits out a lock held by a forked child on its way to exec.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(250);

impl Drop for LocalFile {
    fn drop(&mut self) {
        unsafe { libc::close(self.fd) };
    }
}

impl File for LocalFile {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> JetResult<()> {
        let mut done = 0usize;
        while done < buf.len() {
            let n = unsafe {
                libc::pread(self.fd, buf[done..].as_mut_ptr().cast(), buf.len() - done, (offset + done as u64) as libc::off_t)
            };
            if n < 0 {
                let e = errno();
                if e == libc::EINTR {
                    continue;
                }
                return Err(error_from_errno(e));
            }
            if n == 0 {
                return Err(JetError::FileIOBeyondEOF);
            }
            done += n as usize;
        }
        Ok(())
    }

    fn write_at(&self, buf: &[u8], offset: u64) -> JetResult<()> {
        let mut done = 0usize;
        while done < buf.len() {
            let n = unsafe {
                libc::pwrite(self.fd, buf[done..].as_ptr().cast(), buf.len() - done, (offset + done as u64) as libc::off_t)
            };
            if n < 0 {
                let e = errno();
                if e == libc::EINTR {
                    continue;
                }
                return Err(error_from_errno(e));
            }
            if n == 0 {
                return Err(JetError::DiskFull);
            }
            done += n as usize;
        }
        Ok(())
    }

    fn sync(&self) -> JetResult<()> {
        if unsafe { libc::fdatasync(self.fd) } != 0 {
            // after a failed fsync the page cache state is unknown: report it as I/O failure
            return Err(match errno() {
                libc::ENOSPC | libc::EDQUOT => JetError::DiskFull,
                _ => JetError::DiskIO,
            });
        }
        Ok(())
    }

    fn size(&self) -> JetResult<u64> {
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        if unsafe { libc::fstat(self.fd, &mut st) } != 0 {
            return Err(error_from_errno(errno()));
        }
        Ok(st.st_size as u64)
    }

    fn set_size(&self, size: u64) -> JetResult<()> {
        let cur = self.size()?;
        if size > cur {
            // reserve the blocks now so that later page writes cannot fail for space
            let r = unsafe { libc::posix_fallocate(self.fd, cur as libc::off_t, (size - cur) as libc::off_t) };
            if r == 0 {
                return Ok(());
            }
            if r != libc::EOPNOTSUPP && r != libc::EINVAL {
                return Err(error_from_errno(r));
            }
        }
        if unsafe { libc::ftruncate(self.fd, size as libc::off_t) } != 0 {
            return Err(error_from_errno(errno()));
        }
        Ok(())
    }

    fn try_lock(&self, kind: LockKind) -> JetResult<()> {
        let op = match kind {
            LockKind::Shared => libc::LOCK_SH,
            LockKind::Exclusive => libc::LOCK_EX,
        } | libc::LOCK_NB;
        // A child this process forks holds our descriptors, and with them
        // our locks, until it execs: a lock we just released may still look
        // taken for a moment. Retry briefly before calling the file in use.
        let deadline = std::time::Instant::now() + LOCK_PATIENCE;
        loop {
            if unsafe { libc::flock(self.fd, op) } == 0 {
                return Ok(());
            }
            let e = errno();
            if e != libc::EWOULDBLOCK {
                return Err(error_from_errno(e));
            }
            if std::time::Instant::now() >= deadline {
                return Err(JetError::FileAccessDenied);
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

/// The machine's file system.
#[derive(Default, Clone, Copy)]
pub struct LocalFs;

impl FileSystem for LocalFs {
    fn open(&self, path: &Path, mode: OpenMode) -> JetResult<Arc<dyn File>> {
        let flags = match mode {
            OpenMode::ReadOnly => libc::O_RDONLY,
            OpenMode::ReadWrite => libc::O_RDWR,
            OpenMode::CreateNew => libc::O_RDWR | libc::O_CREAT | libc::O_EXCL,
            OpenMode::CreateOrTruncate => libc::O_RDWR | libc::O_CREAT | libc::O_TRUNC,
        } | libc::O_CLOEXEC;
        let c = cpath(path)?;
        loop {
            let fd = unsafe { libc::open(c.as_ptr(), flags, 0o644 as libc::c_uint) };
            if fd >= 0 {
                return Ok(Arc::new(LocalFile { fd }));
            }
            let e = errno();
            if e != libc::EINTR {
                return Err(error_from_errno(e));
            }
        }
    }

    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }

    fn remove(&self, path: &Path) -> JetResult<()> {
        let c = cpath(path)?;
        if unsafe { libc::unlink(c.as_ptr()) } != 0 {
            return Err(error_from_errno(errno()));
        }
        Ok(())
    }

    fn rename(&self, from: &Path, to: &Path) -> JetResult<()> {
        let (a, b) = (cpath(from)?, cpath(to)?);
        if unsafe { libc::rename(a.as_ptr(), b.as_ptr()) } != 0 {
            return Err(error_from_errno(errno()));
        }
        Ok(())
    }

    fn create_dir_all(&self, path: &Path) -> JetResult<()> {
        std::fs::create_dir_all(path).map_err(|e| error_from_errno(e.raw_os_error().unwrap_or(libc::EIO)))
    }

    fn list(&self, dir: &Path) -> JetResult<Vec<String>> {
        let rd = std::fs::read_dir(dir).map_err(|e| error_from_errno(e.raw_os_error().unwrap_or(libc::EIO)))?;
        let mut names = Vec::new();
        for e in rd.flatten() {
            if let Some(n) = e.file_name().to_str() {
                names.push(n.to_string());
            }
        }
        names.sort();
        Ok(names)
    }

    fn sync_dir(&self, dir: &Path) -> JetResult<()> {
        let f = self.open(dir, OpenMode::ReadOnly)?;
        f.sync()
    }
}
