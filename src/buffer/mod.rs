//! The page cache of one database file.
//!
//! Owns: frames holding page images, which of them are dirty, eviction of
//! clean frames, writing dirty frames back.
//! Must never: decide *when* dirty pages may be written (the log's checkpoint
//! does, after the log holds their images durably), or interpret page contents
//! beyond the verification callback it is given.
//!
//! Page `pgno` (ESE numbering: 1 is the first page after the two header pages)
//! lives at file offset `(pgno + 1) * page_size`. Dirty frames are never
//! evicted (no-steal): they stay until `flush_dirty` writes them, so the cache
//! may exceed its capacity when a checkpoint is overdue; `over_capacity` tells
//! the owner to take one.

use crate::error::{JetError, JetResult};
use crate::os::File;
use parking_lot::{RawRwLock, RwLock};
use crate::util::hash::FastMap;
use std::sync::Arc;
use crate::util::thread_stats;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

/// A database page number.
pub type Pgno = u32;

/// Read access to a cached page; the frame stays pinned while this lives.
pub type PageRead = parking_lot::ArcRwLockReadGuard<RawRwLock, Box<[u8]>>;
/// Write access to a cached page (already marked dirty).
pub type PageWrite = parking_lot::ArcRwLockWriteGuard<RawRwLock, Box<[u8]>>;

/// Checks a page image read from disk (checksum, page number); the error names the problem.
pub type Verifier = Box<dyn Fn(Pgno, &[u8]) -> JetResult<()> + Send + Sync>;

struct Frame {
    data: Arc<RwLock<Box<[u8]>>>,
    dirty: AtomicBool,
    /// Bumped on every write access, so a checkpoint can tell whether a frame
    /// changed after it copied it.
    version: AtomicU64,
    referenced: AtomicBool,
}

struct Inner {
    frames: FastMap<Pgno, Arc<Frame>>,
    /// Clock order for eviction.
    clock: Vec<Pgno>,
    hand: usize,
}

/// Counters for tests and statistics.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub reads: u64,
    pub writes: u64,
    pub evictions: u64,
}

pub struct PageCache {
    file: Arc<dyn File>,
    page_size: usize,
    capacity: usize,
    verify: Verifier,
    /// Read-locked by every page lookup, write-locked only to add or drop frames.
    inner: RwLock<Inner>,
    reads: AtomicU64,
    writes: AtomicU64,
    evictions: AtomicU64,
}

/// A copy of a dirty page taken for write-back.
pub struct DirtyPage {
    pub pgno: Pgno,
    pub version: u64,
    pub image: Box<[u8]>,
}

impl PageCache {
    pub fn new(file: Arc<dyn File>, page_size: usize, capacity: usize, verify: Verifier) -> PageCache {
        PageCache {
            file,
            page_size,
            capacity: capacity.max(16),
            verify,
            inner: RwLock::new(Inner { frames: FastMap::default(), clock: Vec::new(), hand: 0 }),
            reads: AtomicU64::new(0),
            writes: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
        }
    }

    pub fn page_size(&self) -> usize {
        self.page_size
    }

    pub fn file(&self) -> &Arc<dyn File> {
        &self.file
    }

    fn offset(&self, pgno: Pgno) -> u64 {
        (pgno as u64 + 1) * self.page_size as u64
    }

    /// The frame for `pgno`, reading it from disk if needed.
    fn frame(&self, pgno: Pgno) -> JetResult<Arc<Frame>> {
        if pgno == 0 {
            return Err(JetError::InvalidParameter);
        }
        thread_stats::note_page_referenced();
        if let Some(f) = self.inner.read().frames.get(&pgno) {
            f.referenced.store(true, Ordering::Relaxed);
            return Ok(f.clone());
        }
        // read outside the map lock; a racing reader may read the same page, the first insert wins
        let mut buf = vec![0u8; self.page_size].into_boxed_slice();
        let started = Instant::now();
        self.file.read_at(&mut buf, self.offset(pgno))?;
        thread_stats::note_page_read(started.elapsed().as_micros() as u64);
        self.reads.fetch_add(1, Ordering::Relaxed);
        (self.verify)(pgno, &buf)?;
        Ok(self.insert(pgno, buf))
    }

    fn insert(&self, pgno: Pgno, buf: Box<[u8]>) -> Arc<Frame> {
        let mut inner = self.inner.write();
        if let Some(f) = inner.frames.get(&pgno) {
            return f.clone();
        }
        if inner.frames.len() >= self.capacity {
            self.evict(&mut inner);
        }
        let f = Arc::new(Frame {
            data: Arc::new(RwLock::new(buf)),
            dirty: AtomicBool::new(false),
            version: AtomicU64::new(0),
            referenced: AtomicBool::new(true),
        });
        inner.frames.insert(pgno, f.clone());
        inner.clock.push(pgno);
        f
    }

    /// Drop clean, unpinned frames in clock order until under capacity (or a full sweep found none).
    fn evict(&self, inner: &mut Inner) {
        let mut budget = inner.clock.len() * 2;
        while inner.frames.len() >= self.capacity && budget > 0 && !inner.clock.is_empty() {
            budget -= 1;
            if inner.hand >= inner.clock.len() {
                inner.hand = 0;
            }
            let pgno = inner.clock[inner.hand];
            let Some(f) = inner.frames.get(&pgno) else {
                inner.clock.swap_remove(inner.hand);
                continue;
            };
            let pinned = Arc::strong_count(f) > 1 || Arc::strong_count(&f.data) > 1;
            if pinned || f.dirty.load(Ordering::Acquire) {
                inner.hand += 1;
                continue;
            }
            if f.referenced.swap(false, Ordering::Relaxed) {
                inner.hand += 1;
                continue;
            }
            inner.frames.remove(&pgno);
            inner.clock.swap_remove(inner.hand);
            self.evictions.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Shared access to a page.
    pub fn read(&self, pgno: Pgno) -> JetResult<PageRead> {
        let f = self.frame(pgno)?;
        Ok(f.data.read_arc())
    }

    /// Exclusive access to a page, which becomes dirty.
    pub fn write(&self, pgno: Pgno) -> JetResult<PageWrite> {
        let f = self.frame(pgno)?;
        let g = f.data.write_arc();
        let was_dirty = f.dirty.swap(true, Ordering::AcqRel);
        thread_stats::note_page_dirtied(!was_dirty);
        f.version.fetch_add(1, Ordering::AcqRel);
        Ok(g)
    }

    /// A page that is not read from disk (newly allocated): a zeroed, dirty frame.
    pub fn create(&self, pgno: Pgno) -> JetResult<PageWrite> {
        if pgno == 0 {
            return Err(JetError::InvalidParameter);
        }
        let f = {
            let inner = self.inner.read();
            if let Some(f) = inner.frames.get(&pgno) {
                f.clone()
            } else {
                drop(inner);
                self.insert(pgno, vec![0u8; self.page_size].into_boxed_slice())
            }
        };
        let mut g = f.data.write_arc();
        g.fill(0);
        let was_dirty = f.dirty.swap(true, Ordering::AcqRel);
        thread_stats::note_page_dirtied(!was_dirty);
        f.version.fetch_add(1, Ordering::AcqRel);
        Ok(g)
    }

    /// Whether dirty pages hold more frames than the cache should (a checkpoint is due).
    pub fn over_capacity(&self) -> bool {
        self.inner.read().frames.len() > self.capacity
    }

    /// Whether dirty pages hold more than twice the frames the cache should
    /// have: the background checkpoint is not keeping up.
    pub fn far_over_capacity(&self) -> bool {
        self.inner.read().frames.len() > 2 * self.capacity
    }

    pub fn dirty_count(&self) -> usize {
        self.inner.read().frames.values().filter(|f| f.dirty.load(Ordering::Acquire)).count()
    }

    /// Copies of every dirty page, in page order.
    pub fn copy_dirty(&self) -> Vec<DirtyPage> {
        let frames: Vec<(Pgno, Arc<Frame>)> = {
            let inner = self.inner.read();
            inner.frames.iter().filter(|(_, f)| f.dirty.load(Ordering::Acquire)).map(|(p, f)| (*p, f.clone())).collect()
        };
        let mut out: Vec<DirtyPage> = frames
            .into_iter()
            .map(|(pgno, f)| {
                let g = f.data.read();
                DirtyPage { pgno, version: f.version.load(Ordering::Acquire), image: g.clone() }
            })
            .collect();
        out.sort_by_key(|d| d.pgno);
        out
    }

    /// Write copies taken by `copy_dirty`, sync, and mark each frame clean if it
    /// has not changed since the copy.
    pub fn write_back(&self, pages: &[DirtyPage]) -> JetResult<()> {
        for p in pages {
            self.file.write_at(&p.image, self.offset(p.pgno))?;
            self.writes.fetch_add(1, Ordering::Relaxed);
        }
        self.file.sync()?;
        let inner = self.inner.read();
        for p in pages {
            if let Some(f) = inner.frames.get(&p.pgno) {
                if f.version.load(Ordering::Acquire) == p.version {
                    f.dirty.store(false, Ordering::Release);
                }
            }
        }
        Ok(())
    }

    /// Forget every frame, dirty or not (after a failed write-back the cache is
    /// not trusted; recovery rebuilds from the log).
    pub fn discard_all(&self) {
        let mut inner = self.inner.write();
        inner.frames.clear();
        inner.clock.clear();
        inner.hand = 0;
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            reads: self.reads.load(Ordering::Relaxed),
            writes: self.writes.load(Ordering::Relaxed),
            evictions: self.evictions.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::{FileSystem, LocalFs, OpenMode};

    fn cache(name: &str, capacity: usize) -> PageCache {
        let d = std::env::temp_dir().join(format!("esent-buf-{}-{}", name, std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        let f = LocalFs.open(&d.join("db"), OpenMode::CreateNew).unwrap();
        f.set_size(4096 * 40).unwrap();
        PageCache::new(f, 4096, capacity, Box::new(|_, _| Ok(())))
    }

    #[test]
    fn written_pages_survive_eviction_and_write_back() {
        let c = cache("wb", 16);
        for p in 1..=20u32 {
            let mut g = c.create(p).unwrap();
            g[0] = p as u8;
        }
        // all dirty: none evicted, cache over capacity
        assert!(c.over_capacity());
        let dirty = c.copy_dirty();
        assert_eq!(dirty.len(), 20);
        c.write_back(&dirty).unwrap();
        assert_eq!(c.dirty_count(), 0);
        for p in 21..=38u32 {
            drop(c.create(p).unwrap());
        }
        for p in 1..=20u32 {
            assert_eq!(c.read(p).unwrap()[0], p as u8);
        }
        assert!(c.stats().evictions > 0);
    }

    #[test]
    fn a_change_after_the_copy_keeps_the_page_dirty() {
        let c = cache("race", 16);
        c.create(3).unwrap()[0] = 1;
        let dirty = c.copy_dirty();
        c.write(3).unwrap()[0] = 2;
        c.write_back(&dirty).unwrap();
        assert_eq!(c.dirty_count(), 1);
    }

    #[test]
    fn this_threads_work_is_counted() {
        let c = cache("stats", 16);
        let t0 = thread_stats::current();
        drop(c.read(5).unwrap()); // a miss: read from the file
        drop(c.read(5).unwrap()); // a hit
        let t1 = thread_stats::current();
        assert_eq!(t1.pages_referenced - t0.pages_referenced, 2);
        assert_eq!((t1.pages_read - t0.pages_read, t1.cache_misses - t0.cache_misses), (1, 1));
        drop(c.write(5).unwrap()); // clean -> dirty
        drop(c.write(5).unwrap()); // dirty again
        drop(c.create(6).unwrap()); // new page: dirtied, not read
        let t2 = thread_stats::current();
        assert_eq!((t2.pages_dirtied - t1.pages_dirtied, t2.pages_redirtied - t1.pages_redirtied), (2, 1));
        assert_eq!(t2.pages_read, t1.pages_read);
        // written back, the page is clean: the next write dirties it anew
        c.write_back(&c.copy_dirty()).unwrap();
        drop(c.write(5).unwrap());
        assert_eq!(thread_stats::current().pages_dirtied - t2.pages_dirtied, 1);
    }

    #[test]
    fn verify_failure_is_reported() {
        let d = std::env::temp_dir().join(format!("esent-buf-verify-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        let f = LocalFs.open(&d.join("db"), OpenMode::CreateNew).unwrap();
        f.set_size(4096 * 4).unwrap();
        let c = PageCache::new(f, 4096, 16, Box::new(|p, _| if p == 2 { Err(JetError::ReadVerifyFailure) } else { Ok(()) }));
        assert!(c.read(1).is_ok());
        assert_eq!(c.read(2).err(), Some(JetError::ReadVerifyFailure));
        assert_eq!(c.read(9).err(), Some(JetError::FileIOBeyondEOF));
    }
}
