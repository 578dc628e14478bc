//! A file system that fails on purpose, for tests.
//!
//! Wraps another `FileSystem`; a shared `FaultPlan` counts operations of each
//! kind and makes the n-th one (and, if `sticky`, every later one) fail with
//! the chosen error. A failed write can first write part of its buffer (a torn
//! write), as a crash in the middle of a write would leave it.

use super::{File, FileSystem, LockKind, OpenMode};
use crate::error::{JetError, JetResult};
use parking_lot::Mutex;
use std::path::Path;
use std::sync::Arc;

/// Which operations a plan counts.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FaultOp {
    Read,
    Write,
    Sync,
    SetSize,
    Open,
}

/// When and how to fail.
#[derive(Clone, Debug)]
pub struct Fault {
    pub op: FaultOp,
    /// Fail the operation after `countdown` successful ones of this kind (0: the next one).
    pub countdown: u64,
    pub error: JetError,
    /// Keep failing every later operation of any kind (the disk is gone).
    pub sticky: bool,
    /// For writes: bytes of the buffer written before failing (a torn write).
    pub torn_bytes: Option<usize>,
    /// Only files whose path contains this string count.
    pub path_filter: Option<String>,
}

impl Fault {
    pub fn new(op: FaultOp, countdown: u64, error: JetError) -> Fault {
        Fault { op, countdown, error, sticky: false, torn_bytes: None, path_filter: None }
    }
}

#[derive(Default)]
struct PlanState {
    fault: Option<Fault>,
    tripped: bool,
    /// Operations seen per kind (for tests that first count, then fail each in turn).
    counts: [u64; 5],
}

/// Shared by the file system and every file it opened.
#[derive(Default, Clone)]
pub struct FaultPlan {
    state: Arc<Mutex<PlanState>>,
}

impl FaultPlan {
    pub fn new() -> FaultPlan {
        FaultPlan::default()
    }
    /// Arm a fault (replacing any earlier one) and reset the counters.
    pub fn arm(&self, fault: Fault) {
        let mut s = self.state.lock();
        s.fault = Some(fault);
        s.tripped = false;
        s.counts = [0; 5];
    }
    pub fn disarm(&self) {
        let mut s = self.state.lock();
        s.fault = None;
        s.tripped = false;
    }
    /// Whether the armed fault has fired.
    pub fn tripped(&self) -> bool {
        self.state.lock().tripped
    }
    /// How many operations of this kind were seen since the last `arm`.
    pub fn count(&self, op: FaultOp) -> u64 {
        self.state.lock().counts[op as usize]
    }

    /// Decide the fate of one operation: Ok(None) go ahead, Ok(Some(n)) tear after n bytes then fail.
    fn check(&self, op: FaultOp, path: &str) -> Result<Option<(usize, JetError)>, JetError> {
        let mut s = self.state.lock();
        s.counts[op as usize] += 1;
        let Some(f) = s.fault.clone() else { return Ok(None) };
        if s.tripped && f.sticky {
            return Err(f.error);
        }
        if s.tripped || f.op != op {
            return Ok(None);
        }
        if let Some(filter) = &f.path_filter {
            if !path.contains(filter.as_str()) {
                return Ok(None);
            }
        }
        if let Some(fault) = s.fault.as_mut() {
            if fault.countdown > 0 {
                fault.countdown -= 1;
                return Ok(None);
            }
        }
        s.tripped = true;
        match f.torn_bytes {
            Some(n) if op == FaultOp::Write => Ok(Some((n, f.error))),
            _ => Err(f.error),
        }
    }
}

/// A `FileSystem` that consults a `FaultPlan` before every operation.
pub struct FaultFs {
    inner: Arc<dyn FileSystem>,
    plan: FaultPlan,
}

impl FaultFs {
    pub fn new(inner: Arc<dyn FileSystem>, plan: FaultPlan) -> FaultFs {
        FaultFs { inner, plan }
    }
}

struct FaultFile {
    inner: Arc<dyn File>,
    plan: FaultPlan,
    path: String,
}

impl File for FaultFile {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> JetResult<()> {
        self.plan.check(FaultOp::Read, &self.path)?;
        self.inner.read_at(buf, offset)
    }
    fn write_at(&self, buf: &[u8], offset: u64) -> JetResult<()> {
        if let Some((n, err)) = self.plan.check(FaultOp::Write, &self.path)? {
            let n = n.min(buf.len());
            self.inner.write_at(&buf[..n], offset)?;
            return Err(err);
        }
        self.inner.write_at(buf, offset)
    }
    fn sync(&self) -> JetResult<()> {
        self.plan.check(FaultOp::Sync, &self.path)?;
        self.inner.sync()
    }
    fn size(&self) -> JetResult<u64> {
        self.inner.size()
    }
    fn set_size(&self, size: u64) -> JetResult<()> {
        self.plan.check(FaultOp::SetSize, &self.path)?;
        self.inner.set_size(size)
    }
    fn try_lock(&self, kind: LockKind) -> JetResult<()> {
        self.inner.try_lock(kind)
    }
}

impl FileSystem for FaultFs {
    fn open(&self, path: &Path, mode: OpenMode) -> JetResult<Arc<dyn File>> {
        let p = path.to_string_lossy().into_owned();
        self.plan.check(FaultOp::Open, &p)?;
        let inner = self.inner.open(path, mode)?;
        Ok(Arc::new(FaultFile { inner, plan: self.plan.clone(), path: p }))
    }
    fn exists(&self, path: &Path) -> bool {
        self.inner.exists(path)
    }
    fn remove(&self, path: &Path) -> JetResult<()> {
        self.inner.remove(path)
    }
    fn rename(&self, from: &Path, to: &Path) -> JetResult<()> {
        self.inner.rename(from, to)
    }
    fn create_dir_all(&self, path: &Path) -> JetResult<()> {
        self.inner.create_dir_all(path)
    }
    fn list(&self, dir: &Path) -> JetResult<Vec<String>> {
        self.inner.list(dir)
    }
    fn sync_dir(&self, dir: &Path) -> JetResult<()> {
        self.plan.check(FaultOp::Sync, &dir.to_string_lossy())?;
        self.inner.sync_dir(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::LocalFs;

    fn tmpdir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("esent-fault-{}-{}", name, std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn nth_write_fails_and_tears() {
        let dir = tmpdir("tear");
        let plan = FaultPlan::new();
        let fs = FaultFs::new(Arc::new(LocalFs), plan.clone());
        let f = fs.open(&dir.join("a"), OpenMode::CreateNew).unwrap();
        let mut fault = Fault::new(FaultOp::Write, 1, JetError::DiskIO);
        fault.torn_bytes = Some(3);
        plan.arm(fault);
        f.write_at(b"first", 0).unwrap();
        assert_eq!(f.write_at(b"second", 5), Err(JetError::DiskIO));
        assert!(plan.tripped());
        let mut buf = [0u8; 8];
        f.read_at(&mut buf, 0).unwrap();
        assert_eq!(&buf, b"firstsec");
        // not sticky: later writes work
        f.write_at(b"x", 0).unwrap();
    }

    #[test]
    fn sticky_fault_fails_everything_after() {
        let dir = tmpdir("sticky");
        let plan = FaultPlan::new();
        let fs = FaultFs::new(Arc::new(LocalFs), plan.clone());
        let f = fs.open(&dir.join("a"), OpenMode::CreateNew).unwrap();
        let mut fault = Fault::new(FaultOp::Sync, 0, JetError::DiskFull);
        fault.sticky = true;
        plan.arm(fault);
        f.write_at(b"abc", 0).unwrap();
        assert_eq!(f.sync(), Err(JetError::DiskFull));
        let mut buf = [0u8; 3];
        assert_eq!(f.read_at(&mut buf, 0), Err(JetError::DiskFull));
    }

    #[test]
    fn read_past_end_is_beyond_eof() {
        let dir = tmpdir("eof");
        let f = LocalFs.open(&dir.join("a"), OpenMode::CreateNew).unwrap();
        f.write_at(b"abc", 0).unwrap();
        let mut buf = [0u8; 4];
        assert_eq!(f.read_at(&mut buf, 0), Err(JetError::FileIOBeyondEOF));
        f.set_size(8192).unwrap();
        assert_eq!(f.size().unwrap(), 8192);
    }

    #[test]
    fn second_exclusive_lock_is_refused() {
        let dir = tmpdir("lock");
        let a = LocalFs.open(&dir.join("db"), OpenMode::CreateNew).unwrap();
        let b = LocalFs.open(&dir.join("db"), OpenMode::ReadWrite).unwrap();
        a.try_lock(LockKind::Exclusive).unwrap();
        assert_eq!(b.try_lock(LockKind::Exclusive), Err(JetError::FileAccessDenied));
    }
}
