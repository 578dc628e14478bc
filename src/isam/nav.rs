//! Navigation: JetMove, JetSeek, JetMakeKey, JetSetIndexRange, JetSetCurrentIndex.
//!
//! Owns: ESE's rules for where a cursor goes and what each move returns
//! (deferred move-first after JetOpenTable and JetSetCurrentIndex, ranges,
//! JET_wrnSeekNotEqual, JET_errRecordNotFound, JET_errNoCurrentRecord).
//! Must never: build keys itself (key::KeyBuilder does) or read pages directly.

use crate::abi::*;
use crate::catalog::defs::IndexFlags;
use crate::error::{JetError, JetResult};
use crate::version::EntryKey;
use crate::version::view::From;

use super::engine::Engine;
use super::table::{Position, Range, TableCursor, open_index};
use super::txn::Txn;

/// A dup larger than any bookmark: EntryKey{k, BIG} follows every entry with key k.
fn after_all_dups(key: &[u8]) -> EntryKey {
    EntryKey { key: key.to_vec(), dup: vec![0xFF; 4096] }
}

/// What a successful move or seek reports.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Exact,
    /// JET_wrnSeekNotEqual.
    NotEqual,
}

impl TableCursor {
    fn land(&mut self, e: Option<(EntryKey, Vec<u8>)>, empty_pos: Position) -> JetResult<()> {
        match e {
            Some((k, d)) => {
                let bookmark = self.bookmark_of(&k, &d);
                self.pos = Position::On { entry: k, bookmark };
                Ok(())
            }
            None => {
                self.pos = empty_pos;
                Err(JetError::NoCurrentRecord)
            }
        }
    }

    /// Resolve a deferred move-first (JetOpenTable / JetSetCurrentIndex leave
    /// the cursor "on the first record" without reading it).
    fn resolve_deferred(&mut self, engine: &Engine, txn: &Txn) -> JetResult<()> {
        if self.pos == Position::DeferFirst {
            let e = self.seek_entry(engine, txn, From::Edge, true, false)?;
            if e.is_none() {
                self.pos = Position::BeforeFirst;
                return Err(JetError::NoCurrentRecord);
            }
            self.land(e, Position::BeforeFirst)?;
        }
        Ok(())
    }

    /// Make sure the cursor is on a record (reads call this first).
    pub fn ensure_current(&mut self, engine: &Engine, txn: &Txn) -> JetResult<()> {
        self.resolve_deferred(engine, txn)?;
        match self.pos {
            Position::On { .. } => Ok(()),
            Position::Deleted { .. } => Err(JetError::RecordDeleted),
            _ => Err(JetError::NoCurrentRecord),
        }
    }

    fn step(&mut self, engine: &Engine, txn: &Txn, forward: bool, key_ne: bool) -> JetResult<()> {
        let (from_entry, inclusive) = match &self.pos {
            Position::On { entry, .. } | Position::Deleted { entry, .. } => {
                if key_ne {
                    // skip every entry with this key
                    let e = if forward { after_all_dups(&entry.key) } else { EntryKey { key: entry.key.clone(), dup: Vec::new() } };
                    (Some(e), false)
                } else {
                    (Some(entry.clone()), false)
                }
            }
            Position::BeforeFirst if forward => (None, true),
            Position::AfterLast if !forward => (None, true),
            Position::BeforeFirst | Position::AfterLast => return Err(JetError::NoCurrentRecord),
            Position::DeferFirst => unreachable!("resolved before stepping"),
        };
        let found = match &from_entry {
            Some(k) => self.seek_entry(engine, txn, From::Key { key: k, inclusive }, forward, true)?,
            None => {
                // entering from an edge: start at the range's far side if the range bounds it
                self.seek_entry(engine, txn, From::Edge, forward, true)?
            }
        };
        let empty = if forward { Position::AfterLast } else { Position::BeforeFirst };
        self.land(found, empty)
    }

    /// JetMove.
    pub fn move_by(&mut self, engine: &Engine, txn: &Txn, crow: i32, grbit: JET_GRBIT) -> JetResult<()> {
        if grbit & !JET_bitMoveKeyNE != 0 {
            return Err(JetError::InvalidGrbit);
        }
        self.update = None;
        let key_ne = grbit & JET_bitMoveKeyNE != 0;
        if crow == JET_MoveFirst as i32 {
            self.range = None;
            let e = self.seek_entry(engine, txn, From::Edge, true, false)?;
            return self.land(e, Position::AfterLast);
        }
        if crow == JET_MoveLast as i32 {
            self.range = None;
            let e = self.seek_entry(engine, txn, From::Edge, false, false)?;
            return self.land(e, Position::BeforeFirst);
        }
        if self.pos == Position::DeferFirst {
            match self.resolve_deferred(engine, txn) {
                Ok(()) => {}
                // an empty table: a move from a deferred move-first finds nothing
                Err(JetError::NoCurrentRecord) => return Err(JetError::NoCurrentRecord),
                Err(e) => return Err(e),
            }
        }
        if crow == 0 {
            // is the current entry still there?
            let (entry, _) = match &self.pos {
                Position::On { entry, bookmark } => (entry.clone(), bookmark.clone()),
                Position::Deleted { .. } => return Err(JetError::RecordDeleted),
                _ => return Err(JetError::NoCurrentRecord),
            };
            let still = self.seek_entry(engine, txn, From::Key { key: &entry, inclusive: true }, true, false)?;
            return match still {
                Some((k, _)) if k == entry => Ok(()),
                _ => Err(JetError::RecordDeleted),
            };
        }
        let forward = crow > 0;
        for _ in 0..crow.unsigned_abs() {
            self.step(engine, txn, forward, key_ne)?;
        }
        Ok(())
    }

    /// JetMakeKey.
    pub fn make_key(&mut self, data: &[u8], grbit: JET_GRBIT) -> JetResult<()> {
        let spec = self.current.spec.clone();
        self.key.make_key(spec.as_deref(), data, grbit)
    }

    /// JetSeek.
    pub fn seek(&mut self, engine: &Engine, txn: &Txn, grbit: JET_GRBIT) -> JetResult<Found> {
        const ALL: u32 = JET_bitSeekEQ | JET_bitSeekLT | JET_bitSeekLE | JET_bitSeekGE | JET_bitSeekGT;
        if grbit & ALL == 0 {
            return Err(JetError::InvalidParameter);
        }
        let key = self.key.key().ok_or(JetError::KeyNotMade)?.to_vec();
        self.update = None;
        self.range = None;
        let unique = self.current.unique_tree();
        let target = EntryKey { key: key.clone(), dup: Vec::new() };
        let mode = grbit & ALL;
        let found = if mode & JET_bitSeekEQ != 0 {
            let e = self.seek_entry(engine, txn, From::Key { key: &target, inclusive: true }, true, false)?;
            match e {
                Some((k, d)) if k.key == key => Some((k, d)),
                _ => None,
            }
        } else if mode & JET_bitSeekGE != 0 {
            self.seek_entry(engine, txn, From::Key { key: &target, inclusive: true }, true, false)?
        } else if mode & JET_bitSeekGT != 0 {
            let after = if unique { target.clone() } else { after_all_dups(&key) };
            self.seek_entry(engine, txn, From::Key { key: &after, inclusive: false }, true, false)?
        } else if mode & JET_bitSeekLE != 0 {
            let after = if unique { target.clone() } else { after_all_dups(&key) };
            self.seek_entry(engine, txn, From::Key { key: &after, inclusive: true }, false, false)?
        } else {
            self.seek_entry(engine, txn, From::Key { key: &target, inclusive: false }, false, false)?
        };
        let Some((k, d)) = found else {
            self.key.reset();
            return Err(JetError::RecordNotFound);
        };
        let equal = k.key == key;
        let bookmark = self.bookmark_of(&k, &d);
        self.pos = Position::On { entry: k, bookmark };
        if mode & JET_bitSeekEQ != 0 && grbit & JET_bitSetIndexRange != 0 {
            self.range = Some(Range { limit: key, upper: true, inclusive: true });
        }
        Ok(if (mode & (JET_bitSeekGE | JET_bitSeekLE)) != 0 && !equal { Found::NotEqual } else { Found::Exact })
    }

    /// JetSetIndexRange.
    pub fn set_index_range(&mut self, engine: &Engine, txn: &Txn, grbit: JET_GRBIT) -> JetResult<()> {
        let valid = JET_bitRangeUpperLimit | JET_bitRangeInclusive | JET_bitRangeRemove | JET_bitRangeInstantDuration;
        if grbit & !valid != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if grbit & JET_bitRangeRemove != 0 {
            if self.range.is_none() {
                return Err(JetError::InvalidOperation);
            }
            self.range = None;
            return Ok(());
        }
        let limit = self.key.key().ok_or(JetError::KeyNotMade)?.to_vec();
        self.ensure_current(engine, txn)?;
        let range = Range { limit, upper: grbit & JET_bitRangeUpperLimit != 0, inclusive: grbit & JET_bitRangeInclusive != 0 };
        let Position::On { entry, .. } = &self.pos else { return Err(JetError::NoCurrentRecord) };
        if !crate::key::key_in_range(&entry.key, &range.limit, range.upper, range.inclusive) {
            self.range = None;
            return Err(JetError::NoCurrentRecord);
        }
        self.key.reset();
        if grbit & JET_bitRangeInstantDuration == 0 {
            self.range = Some(range);
        }
        Ok(())
    }

    /// JetSetCurrentIndex(2,3,4): `name` None or "" selects the clustered index.
    pub fn set_current_index(&mut self, engine: &Engine, txn: &Txn, name: Option<&str>, grbit: JET_GRBIT) -> JetResult<()> {
        if grbit != JET_bitMoveFirst && grbit != JET_bitNoMove {
            return Err(JetError::InvalidGrbit);
        }
        let def = self.table.def.clone();
        let index = match name {
            None | Some("") => def.primary_index().cloned(),
            Some(n) => Some(def.indexes.iter().find(|i| i.name.eq_ignore_ascii_case(n)).cloned().ok_or(JetError::IndexNotFound)?),
        };
        let same = match (&index, &self.current.def) {
            (Some(a), Some(b)) => a.name == b.name,
            (None, None) => true,
            _ => false,
        };
        if same {
            // selecting the current index again changes nothing
            return Ok(());
        }
        let keep = if grbit == JET_bitNoMove {
            self.ensure_current(engine, txn)?;
            Some(self.bookmark()?.to_vec())
        } else {
            None
        };
        let is_primary = index.as_ref().is_some_and(|i| i.flags.contains(IndexFlags::PRIMARY));
        self.current = if is_primary || index.is_none() { self.primary.clone() } else { open_index(&self.db, &def, index.as_ref())? };
        self.update = None;
        self.range = None;
        self.key.reset();
        match keep {
            None => self.pos = Position::DeferFirst,
            Some(bm) => self.goto_bookmark_on_current(engine, txn, &bm)?,
        }
        Ok(())
    }

    /// Position on the record with this primary key, in the current index (the
    /// first of its entries when a multi-valued index holds several).
    pub fn goto_bookmark_on_current(&mut self, engine: &Engine, txn: &Txn, bookmark: &[u8]) -> JetResult<()> {
        let record = self.record_by_bookmark(engine, txn, bookmark)?.ok_or(JetError::RecordDeleted)?;
        if self.current.clustered {
            self.pos = Position::On { entry: EntryKey::unique(bookmark), bookmark: bookmark.to_vec() };
            return Ok(());
        }
        let spec = self.current.spec.clone().ok_or(JetError::InternalError)?;
        let keys = super::update::index_keys(self, engine, txn, &spec, &record)?;
        let Some(k) = keys.into_iter().next() else {
            // the record is not in this index (ignored NULLs, conditional columns)
            return Err(JetError::NoCurrentRecord);
        };
        let entry = if self.current.unique_tree() { EntryKey::unique(&k) } else { EntryKey::with_dup(&k, bookmark) };
        self.pos = Position::On { entry, bookmark: bookmark.to_vec() };
        Ok(())
    }
}
