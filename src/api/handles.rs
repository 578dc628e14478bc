//! Generational handle tables: the only way a JET_INSTANCE, JET_SESID,
//! JET_TABLEID, JET_OSSNAPID or JET_HANDLE becomes an engine object.
//!
//! Owns: the mapping from handle values to `Arc`s of engine objects.
//! Must never: dereference a value the caller passed; a handle is only ever a
//! key into a table, so a forged, stale or ended handle is simply not found.
//!
//! A handle packs (generation << 32) | (kind << 24) | (slot + 1). The slot part
//! is never 0 and the kind byte is never 0xFF, so 0 and !0 (JET_*Nil) are never
//! valid; the kind byte makes a session handle useless as a table handle; the
//! generation changes every time a slot is freed, so an ended handle stays
//! invalid when its slot is reused.
//!
//! Every API call looks its handles up, so a lookup (`pin`) takes no lock and
//! writes only the handle's own slot (one cache line per slot): it pins the
//! slot for the length of the call instead of cloning the `Arc`. Registering
//! and unregistering take the table's lock. The `unsafe` here is limited to
//! the slots' storage and the pin protocol described at `Slot`.

use std::any::Any;
use std::cell::UnsafeCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicPtr, AtomicU64, AtomicUsize, Ordering};

use parking_lot::Mutex;

use crate::isam::{Cursor, Instance, Session};

const SLOT_MASK: u64 = 0x00FF_FFFF;
const KIND_SHIFT: u32 = 24;
const GEN_SHIFT: u32 = 32;

/// Kind tags (never 0xFF).
const KIND_INSTANCE: u8 = 0x1A;
const KIND_SESSION: u8 = 0x2B;
const KIND_TABLE: u8 = 0x3C;
const KIND_SNAPSHOT: u8 = 0x4D;
const KIND_FILE: u8 = 0x5E;

/// Chunk `i` holds `1 << (FIRST_CHUNK_BITS + i)` slots, so 20 chunks cover
/// the 2^24 slots a handle can name; a chunk, once allocated, never moves
/// and is never freed (the tables are statics).
const FIRST_CHUNK_BITS: u32 = 5;
const CHUNKS: usize = 20;

/// One handle slot, on its own cache line: a call on one session or table
/// touches only the slot of its handle, never a line other threads write.
///
/// The protocol (all under `HandleTable::meta` except `pin`/unpin):
/// - `tag` is (generation << 1) | live. A handle is valid while the tag of
///   its slot is its generation with the live bit.
/// - `pin` increments `pins`, then checks the tag; only then does it read
///   `value`. Unpinning decrements `pins`.
/// - Unregistering stores a dead tag first, then looks at `pins`: at 0 the
///   value is taken at once, otherwise later (`Meta::deferred`), when `pins`
///   is seen at 0. Both sides use SeqCst, so either the pinner sees the dead
///   tag or the unregistering side sees its pin: a value is never dropped
///   while a pin that saw it live is held.
/// - `value` is written only while the tag is dead and with no pin that saw
///   it live, and a new value is published by the tag's Release store.
#[repr(align(64))]
struct Slot<T: ?Sized> {
    tag: AtomicU64,
    pins: AtomicUsize,
    value: UnsafeCell<Option<Arc<T>>>,
}

// SAFETY: `value` is an `Arc<T>` shared between threads under the protocol
// above (written only by the `meta` holder while no pin can read it).
unsafe impl<T: ?Sized + Send + Sync> Sync for Slot<T> {}
unsafe impl<T: ?Sized + Send + Sync> Send for Slot<T> {}

impl<T: ?Sized> Slot<T> {
    fn new() -> Self {
        Slot { tag: AtomicU64::new(1 << 1), pins: AtomicUsize::new(0), value: UnsafeCell::new(None) }
    }

    /// The value, for the `meta` holder (no other thread writes it then).
    fn value(&self) -> Option<&Arc<T>> {
        // SAFETY: only the `meta` holder writes `value`, and it is the caller.
        unsafe { (*self.value.get()).as_ref() }
    }

    /// Take the value out if no pin can be reading it: for the `meta` holder,
    /// on a slot whose tag is dead.
    fn try_take(&self) -> Option<Option<Arc<T>>> {
        if self.pins.load(Ordering::SeqCst) != 0 {
            return None;
        }
        // SAFETY: the tag is dead and no pin that saw it live remains (see
        // the protocol); only the `meta` holder (the caller) writes `value`.
        Some(unsafe { (*self.value.get()).take() })
    }
}

/// The bookkeeping of inserts and removals (rare: one lock per table).
struct Meta {
    /// Slots handed out so far (all of them below this index exist).
    len: usize,
    /// Dead slots whose value is gone: ready for reuse.
    free: Vec<u32>,
    /// Dead slots whose value was still pinned when it was unregistered.
    deferred: Vec<u32>,
}

/// A registered object pinned for the length of a call: derefs to its `Arc`.
/// While it lives the object stays in its slot (it is not dropped under the
/// caller), though its handle may become invalid meanwhile.
pub struct Pinned<'a, T: ?Sized> {
    slot: &'a Slot<T>,
    value: &'a Arc<T>,
}

impl<T: ?Sized> std::ops::Deref for Pinned<'_, T> {
    type Target = Arc<T>;
    fn deref(&self) -> &Arc<T> {
        self.value
    }
}

impl<T: ?Sized> Drop for Pinned<'_, T> {
    #[inline]
    fn drop(&mut self) {
        self.slot.pins.fetch_sub(1, Ordering::Release);
    }
}

/// A table of live objects of one kind.
pub struct HandleTable<T: ?Sized> {
    kind: u8,
    /// Leaked `Box<[Slot<T>]>`s of `chunk_len(i)` slots, published once.
    chunks: [AtomicPtr<Slot<T>>; CHUNKS],
    meta: Mutex<Meta>,
}

// SAFETY: the chunks hold `Slot<T>`s, which are Send + Sync for such T.
unsafe impl<T: ?Sized + Send + Sync> Sync for HandleTable<T> {}
unsafe impl<T: ?Sized + Send + Sync> Send for HandleTable<T> {}

fn chunk_len(chunk: usize) -> usize {
    1 << (FIRST_CHUNK_BITS as usize + chunk)
}

/// The chunk and the index inside it of a slot number.
fn locate(slot: usize) -> (usize, usize) {
    let n = slot + (1 << FIRST_CHUNK_BITS);
    let top = usize::BITS - 1 - n.leading_zeros();
    ((top - FIRST_CHUNK_BITS) as usize, n - (1 << top))
}

impl<T: ?Sized> HandleTable<T> {
    const fn new(kind: u8) -> Self {
        HandleTable {
            kind,
            chunks: [const { AtomicPtr::new(std::ptr::null_mut()) }; CHUNKS],
            meta: Mutex::new(Meta { len: 0, free: Vec::new(), deferred: Vec::new() }),
        }
    }

    fn pack(&self, slot: u32, generation: u32) -> u64 {
        ((generation as u64) << GEN_SHIFT) | ((self.kind as u64) << KIND_SHIFT) | (slot as u64 + 1)
    }

    /// The slot and generation a value names, if it is shaped like a handle of this kind.
    fn unpack(&self, handle: u64) -> Option<(usize, u32)> {
        let slot = handle & SLOT_MASK;
        if slot == 0 || (handle >> KIND_SHIFT) as u8 != self.kind {
            return None;
        }
        Some((slot as usize - 1, (handle >> GEN_SHIFT) as u32))
    }

    /// A slot, if its chunk exists.
    fn slot(&self, slot: usize) -> Option<&Slot<T>> {
        let (chunk, i) = locate(slot);
        let base = self.chunks.get(chunk)?.load(Ordering::Acquire);
        if base.is_null() {
            return None;
        }
        // SAFETY: a non-null chunk pointer is a leaked, fully initialized
        // allocation of chunk_len(chunk) slots (published with Release), and
        // i < chunk_len(chunk) by construction of `locate`.
        Some(unsafe { &*base.add(i) })
    }

    /// A slot for the next new index (allocating its chunk): under `meta`.
    fn grow(&self, m: &mut Meta) -> Option<u32> {
        let slot = m.len;
        if slot as u64 >= SLOT_MASK {
            return None;
        }
        let (chunk, _) = locate(slot);
        if self.chunks[chunk].load(Ordering::Acquire).is_null() {
            let slots: Box<[Slot<T>]> = (0..chunk_len(chunk)).map(|_| Slot::new()).collect();
            self.chunks[chunk].store(Box::leak(slots).as_mut_ptr(), Ordering::Release);
        }
        m.len += 1;
        Some(slot as u32)
    }

    /// Take the values of deferred slots nobody pins any more: under `meta`.
    /// They are returned, to be dropped after `meta` is released.
    fn reap(&self, m: &mut Meta) -> Vec<Arc<T>> {
        let mut gone = Vec::new();
        let mut i = 0;
        while i < m.deferred.len() {
            let slot = m.deferred[i];
            match self.slot(slot as usize).and_then(|s| s.try_take()) {
                Some(v) => {
                    gone.extend(v);
                    m.deferred.swap_remove(i);
                    m.free.push(slot);
                }
                None => i += 1,
            }
        }
        gone
    }

    /// Make a live slot dead (its handle and every copy invalid) and take or
    /// defer its value: under `meta`.
    fn kill(&self, m: &mut Meta, slot: u32, s: &Slot<T>, gone: &mut Vec<Arc<T>>) {
        let tag = s.tag.load(Ordering::Relaxed);
        let generation = next_generation((tag >> 1) as u32);
        s.tag.store((generation as u64) << 1, Ordering::SeqCst);
        match s.try_take() {
            Some(v) => {
                gone.extend(v);
                m.free.push(slot);
            }
            None => m.deferred.push(slot),
        }
    }

    /// Register an object; returns its handle (None when 2^24 objects are live).
    pub fn insert(&self, value: Arc<T>) -> Option<u64> {
        let mut m = self.meta.lock();
        let gone = self.reap(&mut m);
        let found = match m.free.pop().or_else(|| self.grow(&mut m)) {
            Some(slot) => self.slot(slot as usize).map(|s| {
                // SAFETY: a free slot is dead and its value was taken with no
                // pin reading it; pins taken from now on read `value` only
                // after the tag's Release store below shows it live.
                unsafe { *s.value.get() = Some(value) };
                let generation = (s.tag.load(Ordering::Relaxed) >> 1) as u32;
                s.tag.store(((generation as u64) << 1) | 1, Ordering::SeqCst);
                self.pack(slot, generation)
            }),
            None => None,
        };
        drop(m);
        drop(gone);
        found
    }

    /// The live object a handle names, pinned (see `Pinned`): the lookup of
    /// every call; it writes only the handle's own slot, and takes no lock.
    #[inline]
    pub fn pin(&self, handle: u64) -> Option<Pinned<'_, T>> {
        let (slot, generation) = self.unpack(handle)?;
        let s = self.slot(slot)?;
        s.pins.fetch_add(1, Ordering::SeqCst);
        if s.tag.load(Ordering::SeqCst) == ((generation as u64) << 1) | 1 {
            // SAFETY: the tag was live with this pin held, so `value` holds
            // the object and stays untouched until the pin goes (see the
            // protocol at `Slot`).
            if let Some(value) = unsafe { (*s.value.get()).as_ref() } {
                return Some(Pinned { slot: s, value });
            }
        }
        s.pins.fetch_sub(1, Ordering::Release);
        None
    }

    /// The live object a handle names.
    pub fn get(&self, handle: u64) -> Option<Arc<T>> {
        self.pin(handle).map(|p| Arc::clone(&p))
    }

    /// Unregister a handle; it (and every copy of it) is invalid from now on.
    pub fn remove(&self, handle: u64) -> Option<Arc<T>> {
        let (slot, generation) = self.unpack(handle)?;
        let mut m = self.meta.lock();
        let mut gone = self.reap(&mut m);
        let s = if slot < m.len { self.slot(slot)? } else { return None };
        if s.tag.load(Ordering::Relaxed) != ((generation as u64) << 1) | 1 {
            return None;
        }
        let v = s.value().cloned();
        self.kill(&mut m, slot as u32, s, &mut gone);
        drop(m);
        drop(gone);
        v
    }

    /// Unregister every object for which `keep` is false.
    pub fn retain(&self, keep: impl Fn(&T) -> bool) {
        let mut m = self.meta.lock();
        let mut gone = self.reap(&mut m);
        for slot in 0..m.len {
            let Some(s) = self.slot(slot) else { continue };
            if s.tag.load(Ordering::Relaxed) & 1 == 1 && s.value().is_some_and(|v| !keep(v)) {
                self.kill(&mut m, slot as u32, s, &mut gone);
            }
        }
        drop(m);
        drop(gone);
    }

    /// The handle of a registered object (by identity).
    pub fn handle_of(&self, value: &Arc<T>) -> Option<u64> {
        let m = self.meta.lock();
        (0..m.len).find_map(|slot| {
            let s = self.slot(slot)?;
            let tag = s.tag.load(Ordering::Relaxed);
            match s.value() {
                Some(v) if tag & 1 == 1 && Arc::ptr_eq(v, value) => Some(self.pack(slot as u32, (tag >> 1) as u32)),
                _ => None,
            }
        })
    }

    /// How many objects are registered.
    pub fn live(&self) -> usize {
        let m = self.meta.lock();
        (0..m.len).filter(|&slot| self.slot(slot).is_some_and(|s| s.tag.load(Ordering::Relaxed) & 1 == 1)).count()
    }
}

impl<T: ?Sized> Drop for HandleTable<T> {
    fn drop(&mut self) {
        // (only tables of tests end: the handle tables are statics)
        for (chunk, p) in self.chunks.iter_mut().enumerate() {
            let base = *p.get_mut();
            if !base.is_null() {
                // SAFETY: `base` came from leaking a Box<[Slot<T>]> of
                // chunk_len(chunk) slots, and `&mut self` means no pin is held.
                drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(base, chunk_len(chunk))) });
            }
        }
    }
}

fn next_generation(g: u32) -> u32 {
    // skip 0 and u32::MAX so that no handle is ever 0 or !0
    match g.wrapping_add(1) {
        0 | u32::MAX => 1,
        n => n,
    }
}

/// JET_INSTANCE values.
pub static INSTANCES: HandleTable<Instance> = HandleTable::new(KIND_INSTANCE);
/// JET_SESID values.
pub static SESSIONS: HandleTable<Session> = HandleTable::new(KIND_SESSION);
/// JET_TABLEID values (tables and temporary tables).
pub static TABLES: HandleTable<Cursor> = HandleTable::new(KIND_TABLE);
/// JET_OSSNAPID values (the snapshot work stores its session object here).
pub static SNAPSHOTS: HandleTable<dyn Any + Send + Sync> = HandleTable::new(KIND_SNAPSHOT);
/// JET_HANDLE values of backup files (the backup work stores its open file here).
pub static FILES: HandleTable<dyn Any + Send + Sync> = HandleTable::new(KIND_FILE);

/// Drop the handles of objects that are gone: terminated instances, ended
/// sessions, closed cursors. Called after every call that can end them.
pub fn sweep() {
    INSTANCES.retain(|i| !i.is_gone());
    SESSIONS.retain(|s| !s.is_ended());
    TABLES.retain(|c| !c.is_closed());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nil_values_are_never_handles() {
        let t: HandleTable<u32> = HandleTable::new(KIND_TABLE);
        let h = t.insert(Arc::new(7)).unwrap();
        assert_ne!(h, 0);
        assert_ne!(h, u64::MAX);
        assert!(t.get(0).is_none());
        assert!(t.get(u64::MAX).is_none());
        assert_eq!(*t.get(h).unwrap(), 7);
    }

    #[test]
    fn stale_handles_fail_after_reuse() {
        let t: HandleTable<u32> = HandleTable::new(KIND_SESSION);
        let h1 = t.insert(Arc::new(1)).unwrap();
        assert_eq!(*t.remove(h1).unwrap(), 1);
        assert!(t.get(h1).is_none());
        assert!(t.remove(h1).is_none());
        let h2 = t.insert(Arc::new(2)).unwrap();
        // same slot, new generation
        assert_eq!(h1 & SLOT_MASK, h2 & SLOT_MASK);
        assert_ne!(h1, h2);
        assert!(t.get(h1).is_none());
        assert_eq!(*t.get(h2).unwrap(), 2);
    }

    #[test]
    fn kinds_do_not_mix_and_forgeries_fail() {
        let a: HandleTable<u32> = HandleTable::new(KIND_SESSION);
        let b: HandleTable<u32> = HandleTable::new(KIND_TABLE);
        let ha = a.insert(Arc::new(1)).unwrap();
        let hb = b.insert(Arc::new(2)).unwrap();
        assert!(b.get(ha).is_none());
        assert!(a.get(hb).is_none());
        // neighbouring values, other generations, other slots
        for forged in [ha + 1, ha - 1, ha ^ (1 << 40), ha | 0xFFFF, 0x1234_5678, ha & 0xFFFF_FFFF] {
            assert!(a.get(forged).is_none(), "{forged:#x}");
        }
    }

    #[test]
    fn retain_and_reverse_lookup() {
        let t: HandleTable<u32> = HandleTable::new(KIND_FILE);
        let hs: Vec<u64> = (0..10).map(|i| t.insert(Arc::new(i)).unwrap()).collect();
        t.retain(|v| v % 2 == 0);
        assert_eq!(t.live(), 5);
        for (i, h) in hs.iter().enumerate() {
            assert_eq!(t.get(*h).is_some(), i % 2 == 0);
        }
        let v = t.get(hs[4]).unwrap();
        assert_eq!(t.handle_of(&v), Some(hs[4]));
    }

    #[test]
    fn a_pinned_value_outlives_its_removal() {
        let t: HandleTable<String> = HandleTable::new(KIND_TABLE);
        let v = Arc::new("seven".to_string());
        let weak = Arc::downgrade(&v);
        let h = t.insert(v).unwrap();
        let p = t.pin(h).unwrap();
        // a second pin of the same handle (a callback re-entering) works too
        assert_eq!(t.pin(h).unwrap().as_str(), "seven");
        assert_eq!(t.remove(h).unwrap().as_str(), "seven");
        // invalid at once for everyone, but the pinned object is still there
        assert!(t.pin(h).is_none());
        assert!(t.get(h).is_none());
        assert!(t.remove(h).is_none());
        assert_eq!(t.live(), 0);
        assert_eq!(p.as_str(), "seven");
        assert!(weak.upgrade().is_some());
        // the slot is not reused while pinned
        let h2 = t.insert(Arc::new("eight".to_string())).unwrap();
        assert_ne!(h2 & SLOT_MASK, h & SLOT_MASK);
        drop(p);
        // the next change reaps it; then its slot comes back with a new generation
        let h3 = t.insert(Arc::new("nine".to_string())).unwrap();
        assert!(weak.upgrade().is_none());
        assert_eq!(h3 & SLOT_MASK, h & SLOT_MASK);
        assert_ne!(h3, h);
        assert!(t.pin(h).is_none());
        assert_eq!(t.pin(h3).unwrap().as_str(), "nine");
        assert_eq!(t.pin(h2).unwrap().as_str(), "eight");
    }

    #[test]
    fn handles_across_many_chunks() {
        let t: HandleTable<usize> = HandleTable::new(KIND_SESSION);
        let hs: Vec<u64> = (0..5000).map(|i| t.insert(Arc::new(i)).unwrap()).collect();
        for (i, h) in hs.iter().enumerate() {
            assert_eq!(**t.pin(*h).unwrap(), i);
        }
        assert_eq!(locate(0), (0, 0));
        assert_eq!(locate(31), (0, 31));
        assert_eq!(locate(32), (1, 0));
        assert_eq!(locate(95), (1, 63));
        assert_eq!(locate(96), (2, 0));
        // beyond every chunk allocated so far
        assert!(t.pin(t.pack(1 << 23, 1)).is_none());
        assert!(t.pin(t.pack((SLOT_MASK - 1) as u32, 1)).is_none());
    }

    /// Lookups on several threads while another inserts and removes: a
    /// lookup finds the value registered under exactly that handle, or nothing.
    #[test]
    fn concurrent_pins_and_removals() {
        use std::sync::atomic::AtomicBool;
        // the value records its own handle once it is known (0 before)
        let t: Arc<HandleTable<AtomicU64>> = Arc::new(HandleTable::new(KIND_TABLE));
        let issued: Arc<Mutex<Vec<u64>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let readers: Vec<_> = (0..3u64)
            .map(|r| {
                let (t, issued, stop) = (t.clone(), issued.clone(), stop.clone());
                std::thread::spawn(move || {
                    let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ r;
                    let (mut found, mut missed) = (0u64, 0u64);
                    while !stop.load(Ordering::Relaxed) {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        let h = {
                            let v = issued.lock();
                            if v.is_empty() {
                                continue;
                            }
                            v[(x % v.len() as u64) as usize]
                        };
                        match t.pin(h) {
                            Some(p) => {
                                let named = p.load(Ordering::Acquire);
                                assert!(named == 0 || named == h, "{h:#x} found the value of {named:#x}");
                                found += 1;
                            }
                            None => missed += 1,
                        }
                    }
                    (found, missed)
                })
            })
            .collect();
        let mut live: Vec<u64> = Vec::new();
        let mut x = 12345u64;
        for i in 0..30_000u64 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            if live.len() < 16 || x >> 62 != 0 {
                let v = Arc::new(AtomicU64::new(0));
                let h = t.insert(v.clone()).unwrap();
                v.store(h, Ordering::Release);
                live.push(h);
                issued.lock().push(h);
            } else {
                let k = (x as usize >> 8) % live.len();
                let h = live.swap_remove(k);
                assert_eq!(t.remove(h).unwrap().load(Ordering::Relaxed), h);
            }
            if i % 2000 == 1999 {
                // keep some dead handles around for the readers, not all
                issued.lock().retain(|h| live.contains(h) || h & 3 == 0);
            }
        }
        stop.store(true, Ordering::Relaxed);
        let (found, missed) = readers.into_iter().map(|r| r.join().unwrap()).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        assert!(found > 0 && missed > 0, "{found} {missed}");
        assert_eq!(t.live(), live.len());
        for h in &live {
            assert_eq!(t.get(*h).unwrap().load(Ordering::Relaxed), *h);
        }
    }

    #[test]
    fn generation_never_makes_nil() {
        assert_eq!(next_generation(u32::MAX - 1), 1);
        assert_eq!(next_generation(u32::MAX), 1);
        assert_eq!(next_generation(5), 6);
    }
}
