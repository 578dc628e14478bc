//! A file system that loses power: writes stay in memory (as in the kernel's
//! page cache) until the file is synced; at the crash, the writes not yet
//! synced are dropped, or some of them land, in any order, some torn at a
//! sector boundary. From the crash on, every operation fails (the machine is
//! off). File creation, renames, removals and size changes take effect at
//! once (as a journaling file system makes them durable), so the model
//! checks data ordering and fsync barriers, not directory syncs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use parking_lot::Mutex;

use esent::error::{JetError, JetResult};
use esent::os::{File, FileSystem, LockKind, OpenMode};

use super::Rng;

#[derive(Default)]
struct State {
    crashed: bool,
    /// Files (inodes) by path; renames move them.
    ids: HashMap<PathBuf, u64>,
    next_id: u64,
    /// Unsynced writes per file, in order.
    pending: HashMap<u64, Vec<(u64, Vec<u8>)>>,
    /// Writes seen; the crash happens at write number `crash_at`.
    writes: u64,
    crash_at: Option<u64>,
    rng: Option<Rng>,
    /// Pending writes dropped / landed / torn at the crash.
    pub dropped: usize,
    pub landed: usize,
    pub torn: usize,
}

/// Shared by the file system and its files.
#[derive(Clone)]
pub struct LossyFs {
    inner: Arc<dyn FileSystem>,
    st: Arc<Mutex<State>>,
    /// Real handles by file, for applying writes at the crash.
    handles: Arc<Mutex<HashMap<u64, Arc<dyn File>>>>,
}

impl LossyFs {
    pub fn new(inner: Arc<dyn FileSystem>) -> LossyFs {
        LossyFs { inner, st: Arc::new(Mutex::new(State::default())), handles: Arc::new(Mutex::new(HashMap::new())) }
    }

    /// Lose power just before write number `n` (from 0); with `rng`, the
    /// unsynced writes partly land, else they are all lost.
    pub fn crash_at_write(&self, n: u64, rng: Option<Rng>) {
        let mut s = self.st.lock();
        s.crash_at = Some(n);
        s.rng = rng;
    }

    pub fn writes(&self) -> u64 {
        self.st.lock().writes
    }

    pub fn crashed(&self) -> bool {
        self.st.lock().crashed
    }

    /// (dropped, landed whole, torn) pending writes at the crash.
    pub fn crash_stats(&self) -> (usize, usize, usize) {
        let s = self.st.lock();
        (s.dropped, s.landed, s.torn)
    }

    fn crash(&self, s: &mut State) {
        s.crashed = true;
        let pending = std::mem::take(&mut s.pending);
        let handles = self.handles.lock();
        for (id, writes) in pending {
            let Some(f) = handles.get(&id) else { continue };
            for (off, data) in writes {
                let Some(r) = s.rng.as_mut() else {
                    s.dropped += 1;
                    continue;
                };
                match r.below(4) {
                    0 | 1 => {
                        let _ = f.write_at(&data, off);
                        s.landed += 1;
                    }
                    2 if data.len() > 512 => {
                        let sectors = data.len() / 512;
                        let keep = 512 * (1 + r.below(sectors as u64 - 1) as usize);
                        let _ = f.write_at(&data[..keep.min(data.len())], off);
                        s.torn += 1;
                    }
                    _ => s.dropped += 1,
                }
            }
            let _ = f.sync();
        }
    }

    fn check(&self) -> JetResult<()> {
        if self.st.lock().crashed { Err(JetError::DiskIO) } else { Ok(()) }
    }
}

struct LossyFile {
    fs: LossyFs,
    id: u64,
    inner: Arc<dyn File>,
}

impl LossyFile {
    fn apply_pending(&self, s: &mut State) -> JetResult<()> {
        if let Some(writes) = s.pending.remove(&self.id) {
            for (off, data) in writes {
                self.inner.write_at(&data, off)?;
            }
        }
        Ok(())
    }
}

impl File for LossyFile {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> JetResult<()> {
        let s = self.fs.st.lock();
        if s.crashed {
            return Err(JetError::DiskIO);
        }
        let pending = s.pending.get(&self.id);
        let real = self.inner.size()?;
        let size = pending.into_iter().flatten().map(|(o, d)| o + d.len() as u64).fold(real, u64::max);
        if offset + buf.len() as u64 > size {
            return Err(JetError::FileIOBeyondEOF);
        }
        buf.fill(0);
        if offset < real {
            let n = (real - offset).min(buf.len() as u64) as usize;
            self.inner.read_at(&mut buf[..n], offset)?;
        }
        for (o, d) in pending.into_iter().flatten() {
            let (start, end) = (*o, o + d.len() as u64);
            let (from, to) = (start.max(offset), end.min(offset + buf.len() as u64));
            if from < to {
                buf[(from - offset) as usize..(to - offset) as usize].copy_from_slice(&d[(from - start) as usize..(to - start) as usize]);
            }
        }
        Ok(())
    }

    fn write_at(&self, buf: &[u8], offset: u64) -> JetResult<()> {
        let mut s = self.fs.st.lock();
        if s.crashed {
            return Err(JetError::DiskIO);
        }
        if s.crash_at == Some(s.writes) {
            self.fs.crash(&mut s);
            return Err(JetError::DiskIO);
        }
        s.writes += 1;
        s.pending.entry(self.id).or_default().push((offset, buf.to_vec()));
        Ok(())
    }

    fn sync(&self) -> JetResult<()> {
        let mut s = self.fs.st.lock();
        if s.crashed {
            return Err(JetError::DiskIO);
        }
        self.apply_pending(&mut s)?;
        self.inner.sync()
    }

    fn size(&self) -> JetResult<u64> {
        let s = self.fs.st.lock();
        if s.crashed {
            return Err(JetError::DiskIO);
        }
        let real = self.inner.size()?;
        Ok(s.pending.get(&self.id).into_iter().flatten().map(|(o, d)| o + d.len() as u64).fold(real, u64::max))
    }

    fn set_size(&self, size: u64) -> JetResult<()> {
        let mut s = self.fs.st.lock();
        if s.crashed {
            return Err(JetError::DiskIO);
        }
        // a shrink drops what was written beyond it
        if let Some(w) = s.pending.get_mut(&self.id) {
            for (o, d) in w.iter_mut() {
                if *o >= size {
                    d.clear();
                } else if *o + d.len() as u64 > size {
                    d.truncate((size - *o) as usize);
                }
            }
        }
        self.inner.set_size(size)
    }

    fn try_lock(&self, kind: LockKind) -> JetResult<()> {
        self.inner.try_lock(kind)
    }
}

impl FileSystem for LossyFs {
    fn open(&self, path: &Path, mode: OpenMode) -> JetResult<Arc<dyn File>> {
        self.check()?;
        let inner = self.inner.open(path, mode)?;
        let mut s = self.st.lock();
        let id = match (s.ids.get(path).copied(), mode) {
            (Some(id), OpenMode::ReadOnly | OpenMode::ReadWrite) => id,
            (Some(id), _) => {
                s.pending.remove(&id);
                id
            }
            (None, _) => {
                s.next_id += 1;
                let id = s.next_id;
                s.ids.insert(path.to_path_buf(), id);
                id
            }
        };
        drop(s);
        // a handle of our own for applying writes at the crash (the caller's may be closed first)
        let keep = self.inner.open(path, OpenMode::ReadWrite).unwrap_or_else(|_| inner.clone());
        self.handles.lock().entry(id).or_insert(keep);
        Ok(Arc::new(LossyFile { fs: self.clone(), id, inner }))
    }
    fn exists(&self, path: &Path) -> bool {
        self.inner.exists(path)
    }
    fn remove(&self, path: &Path) -> JetResult<()> {
        self.check()?;
        let mut s = self.st.lock();
        if let Some(id) = s.ids.remove(path) {
            s.pending.remove(&id);
            self.handles.lock().remove(&id);
        }
        drop(s);
        self.inner.remove(path)
    }
    fn rename(&self, from: &Path, to: &Path) -> JetResult<()> {
        self.check()?;
        let mut s = self.st.lock();
        if let Some(old) = s.ids.remove(to) {
            s.pending.remove(&old);
            self.handles.lock().remove(&old);
        }
        if let Some(id) = s.ids.remove(from) {
            s.ids.insert(to.to_path_buf(), id);
        }
        drop(s);
        self.inner.rename(from, to)
    }
    fn create_dir_all(&self, path: &Path) -> JetResult<()> {
        self.check()?;
        self.inner.create_dir_all(path)
    }
    fn list(&self, dir: &Path) -> JetResult<Vec<String>> {
        self.check()?;
        self.inner.list(dir)
    }
    fn sync_dir(&self, dir: &Path) -> JetResult<()> {
        self.check()?;
        self.inner.sync_dir(dir)
    }
}
