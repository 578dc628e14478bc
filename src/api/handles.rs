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

use std::any::Any;
use std::sync::Arc;

use parking_lot::RwLock;

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

struct Entry<T: ?Sized> {
    generation: u32,
    value: Option<Arc<T>>,
}

struct Slots<T: ?Sized> {
    entries: Vec<Entry<T>>,
    free: Vec<u32>,
}

/// A table of live objects of one kind.
pub struct HandleTable<T: ?Sized> {
    kind: u8,
    slots: RwLock<Slots<T>>,
}

impl<T: ?Sized> HandleTable<T> {
    const fn new(kind: u8) -> Self {
        HandleTable { kind, slots: RwLock::new(Slots { entries: Vec::new(), free: Vec::new() }) }
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

    /// Register an object; returns its handle (None when 2^24 objects are live).
    pub fn insert(&self, value: Arc<T>) -> Option<u64> {
        let mut s = self.slots.write();
        if let Some(slot) = s.free.pop() {
            let e = &mut s.entries[slot as usize];
            e.value = Some(value);
            let g = e.generation;
            return Some(self.pack(slot, g));
        }
        let slot = s.entries.len() as u64;
        if slot >= SLOT_MASK {
            return None;
        }
        s.entries.push(Entry { generation: 1, value: Some(value) });
        Some(self.pack(slot as u32, 1))
    }

    /// The live object a handle names.
    pub fn get(&self, handle: u64) -> Option<Arc<T>> {
        let (slot, generation) = self.unpack(handle)?;
        let s = self.slots.read();
        let e = s.entries.get(slot)?;
        if e.generation != generation {
            return None;
        }
        e.value.clone()
    }

    /// Unregister a handle; it (and every copy of it) is invalid from now on.
    pub fn remove(&self, handle: u64) -> Option<Arc<T>> {
        let (slot, generation) = self.unpack(handle)?;
        let mut s = self.slots.write();
        let e = s.entries.get_mut(slot)?;
        if e.generation != generation || e.value.is_none() {
            return None;
        }
        let v = e.value.take();
        e.generation = next_generation(e.generation);
        s.free.push(slot as u32);
        v
    }

    /// Unregister every object for which `keep` is false.
    pub fn retain(&self, keep: impl Fn(&T) -> bool) {
        let mut s = self.slots.write();
        let mut freed = Vec::new();
        for (i, e) in s.entries.iter_mut().enumerate() {
            if e.value.as_deref().is_some_and(|v| !keep(v)) {
                e.value = None;
                e.generation = next_generation(e.generation);
                freed.push(i as u32);
            }
        }
        s.free.extend(freed);
    }

    /// The handle of a registered object (by identity).
    pub fn handle_of(&self, value: &Arc<T>) -> Option<u64> {
        let s = self.slots.read();
        s.entries.iter().enumerate().find_map(|(i, e)| match &e.value {
            Some(v) if Arc::ptr_eq(v, value) => Some(self.pack(i as u32, e.generation)),
            _ => None,
        })
    }

    /// How many objects are registered.
    pub fn live(&self) -> usize {
        self.slots.read().entries.iter().filter(|e| e.value.is_some()).count()
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
    fn generation_never_makes_nil() {
        assert_eq!(next_generation(u32::MAX - 1), 1);
        assert_eq!(next_generation(u32::MAX), 1);
        assert_eq!(next_generation(5), 6);
    }
}
