//! Per-thread work counters (ESE's TLS threadstats, JetGetThreadStats):
//! pages referenced, read, preread, dirtied and redirtied, log records and
//! their bytes, and cache misses with the time they cost.
//!
//! Owns: the counter block of the calling thread. The layers that do the
//! work count it here through the `note_*` functions (buffer/ for pages,
//! log/ for records); the counters only grow, as ESE's do. A leaf: each
//! note is one thread-local bump, cheap enough for the page cache's hot path.
//! Must never: count anything on behalf of another thread, or call any
//! other module.

use std::cell::Cell;

/// A snapshot of the calling thread's counters (JET_THREADSTATS2's fields).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct ThreadStats {
    pub pages_referenced: u32,
    pub pages_read: u32,
    pub pages_preread: u32,
    pub pages_dirtied: u32,
    pub pages_redirtied: u32,
    pub log_records: u32,
    pub log_bytes: u32,
    pub cache_miss_usec: u64,
    pub cache_misses: u32,
}

thread_local! {
    static STATS: Cell<ThreadStats> = const { Cell::new(ThreadStats {
        pages_referenced: 0,
        pages_read: 0,
        pages_preread: 0,
        pages_dirtied: 0,
        pages_redirtied: 0,
        log_records: 0,
        log_bytes: 0,
        cache_miss_usec: 0,
        cache_misses: 0,
    }) };
}

fn bump(f: impl FnOnce(&mut ThreadStats)) {
    STATS.with(|s| {
        let mut v = s.get();
        f(&mut v);
        s.set(v);
    });
}

/// The calling thread's counters.
pub fn current() -> ThreadStats {
    STATS.with(|s| s.get())
}

/// A page was looked up in the cache (found or not).
#[inline]
pub fn note_page_referenced() {
    bump(|s| s.pages_referenced = s.pages_referenced.wrapping_add(1));
}

/// A page the caller needed was read from the file (a cache miss), taking `usec`.
#[inline]
pub fn note_page_read(usec: u64) {
    bump(|s| {
        s.pages_read = s.pages_read.wrapping_add(1);
        s.cache_misses = s.cache_misses.wrapping_add(1);
        s.cache_miss_usec = s.cache_miss_usec.wrapping_add(usec);
    });
}

/// A page was read ahead of need. No caller yet: the cache has no
/// read-ahead (JetPrereadKeys reads synchronously, counted as reads).
#[inline]
pub fn note_page_preread() {
    bump(|s| s.pages_preread = s.pages_preread.wrapping_add(1));
}

/// A clean page was made dirty (`first`), or a dirty page changed again.
#[inline]
pub fn note_page_dirtied(first: bool) {
    bump(|s| {
        if first {
            s.pages_dirtied = s.pages_dirtied.wrapping_add(1);
        } else {
            s.pages_redirtied = s.pages_redirtied.wrapping_add(1);
        }
    });
}

/// A log record of `bytes` bytes was appended.
#[inline]
pub fn note_log_record(bytes: usize) {
    bump(|s| {
        s.log_records = s.log_records.wrapping_add(1);
        s.log_bytes = s.log_bytes.wrapping_add(bytes as u32);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_are_per_thread_and_only_grow() {
        let before = current();
        note_page_referenced();
        note_page_referenced();
        note_page_read(120);
        note_page_preread();
        note_page_dirtied(true);
        note_page_dirtied(false);
        note_log_record(300);
        let after = current();
        assert_eq!(after.pages_referenced - before.pages_referenced, 2);
        assert_eq!(after.pages_read - before.pages_read, 1);
        assert_eq!(after.cache_misses - before.cache_misses, 1);
        assert_eq!(after.cache_miss_usec - before.cache_miss_usec, 120);
        assert_eq!(after.pages_preread - before.pages_preread, 1);
        assert_eq!((after.pages_dirtied - before.pages_dirtied, after.pages_redirtied - before.pages_redirtied), (1, 1));
        assert_eq!((after.log_records - before.log_records, after.log_bytes - before.log_bytes), (1, 300));
        // another thread starts from zero and does not see these
        let other = std::thread::spawn(current).join().unwrap();
        assert_eq!(other, ThreadStats::default());
    }
}
