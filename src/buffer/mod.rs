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
//! evicted (no-steal): they stay until `write_back` writes them, so the cache
//! may exceed its capacity when a checkpoint is overdue; `over_capacity` tells
//! the owner to take one. Clean, unpinned frames are evicted in clock order
//! (second chance), each shard keeping its own clock.
//!
//! Every page lookup goes through here, from several threads at once, so a
//! hit touches as little shared state as it can: the frame map is split in
//! shards with their own locks, a hit latches the frame's bytes while its
//! shard is read-locked (no other Arc is cloned), and the clock's reference
//! bit is stored only when it is not already set.

use crate::error::{JetError, JetResult};
use crate::os::File;
use crate::util::hash::FastMap;
use crate::util::thread_stats;
use parking_lot::{RawRwLock, RwLock};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

/// A database page number.
pub type Pgno = u32;

/// Read access to a cached page; the frame stays pinned while this lives.
pub type PageRead = parking_lot::ArcRwLockReadGuard<RawRwLock, Box<[u8]>>;
/// Write access to a cached page (already marked dirty).
pub type PageWrite = parking_lot::ArcRwLockWriteGuard<RawRwLock, Box<[u8]>>;

/// Checks a page image read from disk (checksum, page number); the error names the problem.
pub type Verifier = Box<dyn Fn(Pgno, &[u8]) -> JetResult<()> + Send + Sync>;

/// A page's bytes behind the frame's latch; a guard holds a clone of the
/// Arc, which is what pins the frame.
type Latch = Arc<RwLock<Box<[u8]>>>;

/// A cached page, held in its shard's map (a lookup reads it in place).
struct Frame {
    data: Latch,
    dirty: AtomicBool,
    /// Bumped on every write access, so a checkpoint can tell whether a frame
    /// changed after it copied it.
    version: AtomicU64,
    referenced: AtomicBool,
}

impl Frame {
    /// Mark the frame used for the clock; stored only when not yet set, so
    /// that readers of a hot page do not keep taking its cache line from each other.
    #[inline]
    fn touch(&self) {
        if !self.referenced.load(Ordering::Relaxed) {
            self.referenced.store(true, Ordering::Relaxed);
        }
    }

    /// Write access was granted: the frame is dirty and has a new version.
    /// True when it was clean.
    fn dirtied(&self) -> bool {
        let was_dirty = self.dirty.swap(true, Ordering::AcqRel);
        thread_stats::note_page_dirtied(!was_dirty);
        self.version.fetch_add(1, Ordering::AcqRel);
        !was_dirty
    }
}

/// Shards of the frame map: page lookups of different pages take different
/// locks (and cache lines).
const SHARDS: usize = 16;

#[derive(Default)]
struct Shard {
    frames: FastMap<Pgno, Frame>,
    /// Clock order of this shard's frames, for eviction.
    clock: Vec<Pgno>,
    hand: usize,
}

/// A shard's lock on a cache line of its own.
#[repr(align(128))]
#[derive(Default)]
struct PaddedShard(RwLock<Shard>);

/// Counters for tests and statistics.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub reads: u64,
    pub writes: u64,
    pub evictions: u64,
}

/// What a lookup got: the frame's latch, or (another thread holds it) the
/// latch's Arc to wait on without holding a shard lock.
enum Got<G> {
    Latched(G),
    Wait(Latch),
}

pub struct PageCache {
    file: Arc<dyn File>,
    page_size: usize,
    capacity: usize,
    verify: Verifier,
    /// Frames by page number modulo SHARDS. A shard is read-locked by every
    /// lookup of its pages and write-locked only to add or drop frames; no
    /// thread waits for a frame's latch while it holds a shard lock.
    shards: [PaddedShard; SHARDS],
    /// Frames in all shards.
    len: AtomicUsize,
    /// Dirty frames in all shards.
    dirty: AtomicUsize,
    /// The shard eviction starts from next.
    evict_from: AtomicUsize,
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
            shards: std::array::from_fn(|_| PaddedShard::default()),
            len: AtomicUsize::new(0),
            dirty: AtomicUsize::new(0),
            evict_from: AtomicUsize::new(0),
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

    #[inline]
    fn shard(&self, pgno: Pgno) -> &RwLock<Shard> {
        &self.shards[pgno as usize % SHARDS].0
    }

    /// Latch frame `f` (found under its shard's lock) if that needs no wait.
    #[inline]
    fn try_latch<G>(f: &Frame, try_latch: impl FnOnce(&Latch) -> Option<G>, on_latched: impl FnOnce(&Frame)) -> Got<G> {
        f.touch();
        match try_latch(&f.data) {
            Some(g) => {
                on_latched(f);
                Got::Latched(g)
            }
            None => Got::Wait(f.data.clone()),
        }
    }

    /// Finish a lookup: wait for the latch (no shard lock held), then find
    /// the frame again for `on_latched` (the wait pinned it; it is gone only
    /// if `discard_all` dropped it meanwhile).
    fn finish<G>(&self, pgno: Pgno, got: Got<G>, latch: impl FnOnce(&Latch) -> G, on_latched: impl FnOnce(&Frame)) -> G {
        match got {
            Got::Latched(g) => g,
            Got::Wait(data) => {
                let g = latch(&data);
                if let Some(f) = self.shard(pgno).read().frames.get(&pgno) {
                    if Arc::ptr_eq(&f.data, &data) {
                        on_latched(f);
                    }
                }
                g
            }
        }
    }

    /// Latch page `pgno`, reading it from disk if it is not cached (`fresh`:
    /// a new page, zeroed instead of read).
    fn access<G>(
        &self,
        pgno: Pgno,
        fresh: bool,
        try_latch: impl Fn(&Latch) -> Option<G>,
        latch: impl FnOnce(&Latch) -> G,
        on_latched: impl Fn(&Frame),
    ) -> JetResult<G> {
        if pgno == 0 {
            return Err(JetError::InvalidParameter);
        }
        let hit = self.shard(pgno).read().frames.get(&pgno).map(|f| Self::try_latch(f, &try_latch, &on_latched));
        if let Some(got) = hit {
            return Ok(self.finish(pgno, got, latch, &on_latched));
        }
        // read outside the shard lock; a racing reader may read the same page, the first insert wins
        let buf = if fresh { vec![0u8; self.page_size].into_boxed_slice() } else { self.load(pgno)? };
        // make room first; evict again after the insert in case racing
        // inserts took the room (the new frame is latched, so it stays)
        self.evict(self.capacity - 1);
        let got = {
            let mut shard = self.shard(pgno).write();
            let shard = &mut *shard;
            let f = match shard.frames.entry(pgno) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    shard.clock.push(pgno);
                    self.len.fetch_add(1, Ordering::Relaxed);
                    e.insert(Frame {
                        data: Arc::new(RwLock::new(buf)),
                        dirty: AtomicBool::new(false),
                        version: AtomicU64::new(0),
                        referenced: AtomicBool::new(true),
                    })
                }
            };
            Self::try_latch(f, &try_latch, &on_latched)
        };
        self.evict(self.capacity);
        Ok(self.finish(pgno, got, latch, &on_latched))
    }

    /// Read page `pgno` from the file and verify it.
    fn load(&self, pgno: Pgno) -> JetResult<Box<[u8]>> {
        let mut buf = vec![0u8; self.page_size].into_boxed_slice();
        let started = Instant::now();
        self.file.read_at(&mut buf, self.offset(pgno))?;
        thread_stats::note_page_read(started.elapsed().as_micros() as u64);
        self.reads.fetch_add(1, Ordering::Relaxed);
        (self.verify)(pgno, &buf)?;
        Ok(buf)
    }

    /// Drop clean, unpinned frames in clock order until at most `limit` are
    /// left (or a full sweep found none), shard by shard from a rotating start.
    fn evict(&self, limit: usize) {
        if self.len.load(Ordering::Relaxed) <= limit {
            return;
        }
        let start = self.evict_from.fetch_add(1, Ordering::Relaxed);
        for k in 0..SHARDS {
            let mut shard = self.shards[(start + k) % SHARDS].0.write();
            self.evict_shard(&mut shard, limit);
            if self.len.load(Ordering::Relaxed) <= limit {
                return;
            }
        }
    }

    fn evict_shard(&self, shard: &mut Shard, limit: usize) {
        let mut budget = shard.clock.len() * 2;
        while self.len.load(Ordering::Relaxed) > limit && budget > 0 && !shard.clock.is_empty() {
            budget -= 1;
            if shard.hand >= shard.clock.len() {
                shard.hand = 0;
            }
            let pgno = shard.clock[shard.hand];
            let Some(f) = shard.frames.get(&pgno) else {
                shard.clock.swap_remove(shard.hand);
                continue;
            };
            let pinned = Arc::strong_count(&f.data) > 1;
            if pinned || f.dirty.load(Ordering::Acquire) {
                shard.hand += 1;
                continue;
            }
            if f.referenced.swap(false, Ordering::Relaxed) {
                shard.hand += 1;
                continue;
            }
            shard.frames.remove(&pgno);
            shard.clock.swap_remove(shard.hand);
            self.len.fetch_sub(1, Ordering::Relaxed);
            self.evictions.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Shared access to a page.
    #[inline]
    pub fn read(&self, pgno: Pgno) -> JetResult<PageRead> {
        if pgno == 0 {
            return Err(JetError::InvalidParameter);
        }
        thread_stats::note_page_referenced();
        // the hit, inline; a miss or a latched frame takes the long way
        if let Some(f) = self.shard(pgno).read().frames.get(&pgno) {
            f.touch();
            if let Some(g) = f.data.try_read_arc() {
                return Ok(g);
            }
        }
        self.read_slow(pgno)
    }

    #[inline(never)]
    fn read_slow(&self, pgno: Pgno) -> JetResult<PageRead> {
        self.access(pgno, false, |d| d.try_read_arc(), |d| d.read_arc(), |_| ())
    }

    /// Exclusive access to a page, which becomes dirty.
    pub fn write(&self, pgno: Pgno) -> JetResult<PageWrite> {
        if pgno == 0 {
            return Err(JetError::InvalidParameter);
        }
        thread_stats::note_page_referenced();
        self.access(pgno, false, |d| d.try_write_arc(), |d| d.write_arc(), |f| self.note_dirtied(f))
    }

    fn note_dirtied(&self, f: &Frame) {
        if f.dirtied() {
            self.dirty.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A page that is not read from disk (newly allocated): a zeroed, dirty frame.
    pub fn create(&self, pgno: Pgno) -> JetResult<PageWrite> {
        let mut g = self.access(pgno, true, |d| d.try_write_arc(), |d| d.write_arc(), |f| self.note_dirtied(f))?;
        g.fill(0);
        Ok(g)
    }

    /// Frames cached (dirty frames can take it over the capacity).
    fn len(&self) -> usize {
        self.len.load(Ordering::Relaxed)
    }

    /// Whether dirty pages hold more frames than the cache should (a checkpoint is due).
    pub fn over_capacity(&self) -> bool {
        self.len() > self.capacity
    }

    /// Whether dirty pages hold more than twice the frames the cache should
    /// have: the background checkpoint is not keeping up.
    pub fn far_over_capacity(&self) -> bool {
        self.len() > 2 * self.capacity
    }

    pub fn dirty_count(&self) -> usize {
        self.dirty.load(Ordering::Relaxed)
    }

    /// Copies of every dirty page, in page order.
    pub fn copy_dirty(&self) -> Vec<DirtyPage> {
        let mut frames: Vec<(Pgno, Latch)> = Vec::new();
        for s in self.shards.iter() {
            let shard = s.0.read();
            frames.extend(shard.frames.iter().filter(|(_, f)| f.dirty.load(Ordering::Acquire)).map(|(p, f)| (*p, f.data.clone())));
        }
        let mut out: Vec<DirtyPage> = frames
            .into_iter()
            .filter_map(|(pgno, data)| {
                let g = data.read();
                // the version read under the latch matches the bytes copied
                let version = {
                    let shard = self.shard(pgno).read();
                    let f = shard.frames.get(&pgno).filter(|f| Arc::ptr_eq(&f.data, &data))?;
                    f.version.load(Ordering::Acquire)
                };
                Some(DirtyPage { pgno, version, image: g.clone() })
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
        for p in pages {
            let latch = match self.shard(p.pgno).read().frames.get(&p.pgno) {
                Some(f) if f.version.load(Ordering::Acquire) == p.version => f.data.clone(),
                _ => continue,
            };
            // under the frame's latch: a writer is granted (dirtied, new
            // version) only while it holds the latch exclusively, so it
            // cannot slip between the version check and the clearing
            let _held = latch.read();
            if let Some(f) = self.shard(p.pgno).read().frames.get(&p.pgno) {
                if f.version.load(Ordering::Acquire) == p.version && f.dirty.swap(false, Ordering::AcqRel) {
                    self.dirty.fetch_sub(1, Ordering::Relaxed);
                }
            }
        }
        Ok(())
    }

    /// Forget every frame, dirty or not (after a failed write-back the cache is
    /// not trusted; recovery rebuilds from the log).
    pub fn discard_all(&self) {
        for s in self.shards.iter() {
            let mut shard = s.0.write();
            self.len.fetch_sub(shard.frames.len(), Ordering::Relaxed);
            let dirty = shard.frames.values().filter(|f| f.dirty.load(Ordering::Acquire)).count();
            self.dirty.fetch_sub(dirty, Ordering::Relaxed);
            shard.frames.clear();
            shard.clock.clear();
            shard.hand = 0;
        }
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

    #[test]
    fn pinned_and_dirty_frames_stay_while_clean_ones_go() {
        let c = cache("pin", 16);
        let pinned = c.read(1).unwrap();
        c.write(2).unwrap()[0] = 42;
        for p in 3..=38u32 {
            drop(c.read(p).unwrap());
            assert!(!c.over_capacity(), "clean frames are evicted to stay within capacity");
        }
        assert!(c.stats().evictions >= 20);
        let reads = c.stats().reads;
        // the pinned and the dirty frame were never dropped: no disk read
        drop(pinned);
        drop(c.read(1).unwrap());
        assert_eq!(c.read(2).unwrap()[0], 42);
        assert_eq!(c.stats().reads, reads);
        assert_eq!(c.dirty_count(), 1);
    }

    #[test]
    fn a_latched_page_makes_others_wait_and_then_see_the_change() {
        let c = Arc::new(cache("wait", 16));
        let mut g = c.write(3).unwrap();
        let (started, reader) = {
            let c = c.clone();
            let started = Arc::new(AtomicBool::new(false));
            let s2 = started.clone();
            (started, std::thread::spawn(move || {
                s2.store(true, Ordering::SeqCst);
                c.read(3).unwrap()[0]
            }))
        };
        while !started.load(Ordering::SeqCst) {
            std::thread::yield_now();
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        g[0] = 7;
        // the checkpoint's copy waits too, and sees the version it copies
        let copier = {
            let c = c.clone();
            std::thread::spawn(move || c.copy_dirty())
        };
        std::thread::sleep(std::time::Duration::from_millis(20));
        drop(g);
        assert_eq!(reader.join().unwrap(), 7);
        let copies = copier.join().unwrap();
        assert_eq!((copies.len(), copies[0].image[0]), (1, 7));
        c.write_back(&copies).unwrap();
        assert_eq!(c.dirty_count(), 0);
    }

    #[test]
    fn threads_reading_and_writing_see_whole_pages() {
        // each write stamps a page's first and last byte alike; a reader
        // must never see them differ, and the cache must end within bounds
        let c = Arc::new(cache("threads", 16));
        let threads: Vec<_> = (0..4u64)
            .map(|t| {
                let c = c.clone();
                std::thread::spawn(move || {
                    let mut x = t + 1;
                    for i in 0..4000u32 {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        let p = 1 + (x % 38) as u32;
                        if t == 0 && i % 4 == 0 {
                            let mut g = c.write(p).unwrap();
                            let v = (i % 251) as u8;
                            g[0] = v;
                            g[4095] = v;
                        } else {
                            let g = c.read(p).unwrap();
                            assert_eq!(g[0], g[4095]);
                        }
                        if t == 1 && i % 500 == 0 {
                            c.write_back(&c.copy_dirty()).unwrap();
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        c.write_back(&c.copy_dirty()).unwrap();
        assert_eq!(c.dirty_count(), 0);
        // dirty frames may have held the cache over capacity; the next new
        // frame evicts the now clean ones
        drop(c.create(39).unwrap());
        assert!(!c.over_capacity());
    }

    /// Not part of the normal run: `cargo test --release --lib cache_hit_speed -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn cache_hit_speed() {
        let c = Arc::new(cache("speed", 64));
        for p in 1..=32u32 {
            drop(c.read(p).unwrap());
        }
        for threads in [1u32, 2] {
            let rounds = 3_000_000u32;
            let t = std::time::Instant::now();
            let hs: Vec<_> = (0..threads)
                .map(|k| {
                    let c = c.clone();
                    std::thread::spawn(move || {
                        let mut sum = 0u64;
                        for i in 0..rounds {
                            // a root every third read, as a descent does
                            let p = if i % 3 == 0 { 1 } else { 1 + (i.wrapping_mul(2654435761).wrapping_add(k) % 32) };
                            sum += c.read(p).unwrap()[0] as u64;
                        }
                        sum
                    })
                })
                .collect();
            for h in hs {
                h.join().unwrap();
            }
            let e = t.elapsed();
            println!("{threads} thread(s): {:.1} ns per hit (wall, per thread)", e.as_nanos() as f64 / rounds as f64);
        }
    }
}
