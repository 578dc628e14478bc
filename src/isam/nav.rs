#![allow(non_upper_case_globals)] // JET_* constants are matched by their C names
//! Navigation: JetMove, JetSeek, JetMakeKey, JetSetIndexRange,
//! JetSetCurrentIndex, bookmarks, positions, JetIndexRecordCount.
//!
//! Owns: ESE's rules for where a cursor goes and what each call returns
//! (rec.cxx's ErrIsamMove / ErrIsamSeek / ErrIsamSetIndexRange /
//! ErrIsamSetCurrentIndex / ErrRECIGotoBookmark and dir.cxx's range checks):
//! the deferred move-first after JetOpenTable and JetSetCurrentIndex, a
//! failed move leaving the cursor after the last (forward) or before the first
//! (backward) entry, the virtual position a failed JetSeek(EQ) leaves, index
//! ranges checked only in the direction of their limit and removed once a
//! move leaves them, the search key consumed by JetSeek and JetSetIndexRange.
//! Must never: build keys itself (key::KeyBuilder does) or read pages directly
//! (the transaction's view does).

use crate::abi::*;
use crate::catalog::defs::IndexFlags;
use crate::error::{JetError, JetResult};
use crate::version::EntryKey;
use crate::version::view::From;

use super::engine::Engine;
use super::table::{OpenIndex, Position, Range, TableCursor, Walk, open_index};
use super::txn::Txn;

/// A dup larger than any bookmark: EntryKey{k, BIG} follows every entry with key k.
fn after_all_dups(key: &[u8]) -> EntryKey {
    EntryKey { key: key.to_vec(), dup: vec![0xFF; 4096] }
}

/// What a successful seek reports.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Exact,
    /// JET_wrnSeekNotEqual.
    NotEqual,
}

/// JET_bitBookmarkPermitVirtualCurrency.
pub const BOOKMARK_PERMIT_VIRTUAL_CURRENCY: u32 = 0x0000_0001;

/// JET_INDEXID as this engine fills it: rgbIndexId holds the database id and
/// table objid (where ESE keeps its FCB pointer), then the index's objid and
/// root page, so a stale or foreign id is recognised.
pub fn index_id(dbid: u32, table_objid: u32, index_objid: u32, pgno_fdp: u32) -> JET_INDEXID {
    let mut rgb = [0u8; 16];
    rgb[0..4].copy_from_slice(&dbid.to_le_bytes());
    rgb[4..8].copy_from_slice(&table_objid.to_le_bytes());
    rgb[8..12].copy_from_slice(&index_objid.to_le_bytes());
    rgb[12..16].copy_from_slice(&pgno_fdp.to_le_bytes());
    JET_INDEXID { cbStruct: std::mem::size_of::<JET_INDEXID>() as u32, rgbIndexId: rgb }
}

/// Which index a JetSetCurrentIndex call names.
pub enum IndexChoice<'a> {
    /// NULL or "": the clustered index.
    Primary,
    Name(&'a str),
    Id(JET_INDEXID),
}

impl TableCursor {
    /// The first entry of the current index from `from` in a direction, as
    /// the transaction sees it (no range applied).
    fn entry_from(&self, engine: &Engine, txn: &Txn, from: From<'_>, forward: bool) -> JetResult<Option<(EntryKey, Vec<u8>)>> {
        let mut found = self.seek_entry(engine, txn, from, forward, false)?;
        // a cursor filter hides the clustered index's records it rejects
        if let Some(filters) = active_filter().filter(|_| self.current.clustered) {
            while let Some((k, d)) = &found {
                if self.filter_accepts(&filters, d)? {
                    break;
                }
                let k = k.clone();
                found = self.seek_entry(engine, txn, From::Key { key: &k, inclusive: false }, forward, false)?;
            }
        }
        Ok(found)
    }

    /// FilteredMoveNotSupported for calls ESE does not filter, when a filter is set.
    fn no_filter(&self) -> JetResult<()> {
        if active_filter().is_some() {
            return Err(JetError::FilteredMoveNotSupported);
        }
        Ok(())
    }

    fn on(&mut self, entry: EntryKey, data: &[u8]) {
        let bookmark = self.bookmark_of(&entry, data);
        self.pos = Position::On { entry, bookmark };
    }

    /// Resolve a deferred move-first (JetOpenTable / JetSetCurrentIndex leave
    /// the cursor "on the first record" without reading it). On an empty
    /// index the cursor stays deferred (a later insert becomes its record).
    pub fn resolve_deferred(&mut self, engine: &Engine, txn: &Txn) -> JetResult<()> {
        if self.pos == Position::DeferFirst {
            match self.entry_from(engine, txn, From::Edge, true)? {
                Some((k, d)) => self.on(k, &d),
                None => return Err(JetError::NoCurrentRecord),
            }
        }
        Ok(())
    }

    /// Make sure the cursor is on a record (reads call this first). A record
    /// deleted under the cursor is JET_errRecordDeleted (found out when its
    /// bytes are read); a virtual position or none is JET_errNoCurrentRecord.
    pub fn ensure_current(&mut self, engine: &Engine, txn: &Txn) -> JetResult<()> {
        self.resolve_deferred(engine, txn)?;
        match self.pos {
            Position::On { .. } | Position::Deleted { .. } => Ok(()),
            _ => Err(JetError::NoCurrentRecord),
        }
    }

    /// The current index entry, if the cursor stands on one (deleted or not).
    pub fn current_entry(&self) -> Option<&EntryKey> {
        match &self.pos {
            Position::On { entry, .. } | Position::Deleted { entry, .. } => Some(entry),
            _ => None,
        }
    }

    /// Whether an entry is still in the current index for this transaction.
    fn entry_exists(&self, engine: &Engine, txn: &Txn, entry: &EntryKey) -> JetResult<bool> {
        let found = self.entry_from(engine, txn, From::Key { key: entry, inclusive: true }, true)?;
        Ok(matches!(found, Some((k, _)) if k == *entry))
    }

    /// One step of ErrDIRNext / ErrDIRPrev, without the range check.
    fn step_once(&mut self, engine: &Engine, txn: &Txn, forward: bool, key_ne: bool) -> JetResult<Option<(EntryKey, Vec<u8>)>> {
        if self.pos == Position::DeferFirst {
            self.resolve_deferred(engine, txn)?;
        }
        let unique = self.current.unique_tree();
        match self.pos.clone() {
            Position::On { entry, .. } | Position::Deleted { entry, .. } => {
                if key_ne && !unique {
                    if forward {
                        let after = after_all_dups(&entry.key);
                        self.entry_from(engine, txn, From::Key { key: &after, inclusive: false }, true)
                    } else {
                        let before = EntryKey::unique(&entry.key);
                        self.entry_from(engine, txn, From::Key { key: &before, inclusive: false }, false)
                    }
                } else {
                    self.entry_from(engine, txn, From::Key { key: &entry, inclusive: false }, forward)
                }
            }
            Position::Virtual { entry } => self.entry_from(engine, txn, From::Key { key: &entry, inclusive: true }, forward),
            Position::BeforeFirst if forward => self.entry_from(engine, txn, From::Edge, true),
            Position::AfterLast if !forward => self.entry_from(engine, txn, From::Edge, false),
            _ => Ok(None),
        }
    }

    /// An entry reached by a move, checked against the index range in the
    /// move's direction (ESE checks an upper limit moving forward, a lower
    /// one moving backward); leaving the range removes it.
    fn in_range_moving(&mut self, key: &[u8], forward: bool) -> bool {
        let Some(r) = &self.range else { return true };
        if r.upper != forward {
            return true;
        }
        if crate::key::key_in_range(key, &r.limit, r.upper, r.inclusive) {
            return true;
        }
        self.range = None;
        false
    }

    /// JetMove.
    pub fn move_by(&mut self, engine: &Engine, txn: &Txn, crow: i32, grbit: JET_GRBIT) -> JetResult<()> {
        let backward = crow < 0 && crow != JET_MoveFirst as i32;
        self.tt_allow(if backward { super::temp::TtOp::MoveBackward } else { super::temp::TtOp::MoveForward })?;
        if crow == 0 {
            self.no_filter()?;
        }
        // moving cancels a prepared update (ESE ignores unknown move bits)
        self.update = None;
        let key_ne = grbit & JET_bitMoveKeyNE != 0;
        let r = self.move_inner(engine, txn, crow, key_ne);
        if let Err(e) = r {
            match crow {
                0 => {}
                c if c > 0 => self.pos = Position::AfterLast,
                _ => self.pos = Position::BeforeFirst,
            }
            if !matches!(e, JetError::NoCurrentRecord | JetError::RecordDeleted) {
                self.pos = Position::BeforeFirst;
            }
        }
        r
    }

    /// One step of a move on the direct path (`TableCursor::walk_direct`),
    /// with the range check of `in_range_moving`. `Ok(None)`: it does not
    /// apply, take `step_once`.
    fn step_direct(&mut self, engine: &Engine, txn: &Txn, forward: bool, key_ne: bool) -> JetResult<Option<()>> {
        if (key_ne && !self.current.unique_tree()) || filter_active() {
            return Ok(None);
        }
        let Some(found) = self.walk_direct(engine, txn, Walk::Step { forward })? else { return Ok(None) };
        if !found {
            return Err(JetError::NoCurrentRecord);
        }
        let in_range = match (&self.range, self.cache.get_mut().walked()) {
            (Some(r), Some(e)) if r.upper == forward => crate::key::key_in_range(&e.key, &r.limit, r.upper, r.inclusive),
            _ => true,
        };
        if !in_range {
            self.range = None;
            return Err(JetError::NoCurrentRecord);
        }
        self.land_walked();
        Ok(Some(()))
    }

    fn move_inner(&mut self, engine: &Engine, txn: &Txn, crow: i32, key_ne: bool) -> JetResult<()> {
        if crow == JET_MoveFirst as i32 || crow == JET_MoveLast as i32 {
            let forward = crow == JET_MoveFirst as i32;
            self.range = None;
            if !filter_active() {
                if let Some(found) = self.walk_direct(engine, txn, Walk::Edge { forward })? {
                    if !found {
                        return Err(JetError::NoCurrentRecord);
                    }
                    self.land_walked();
                    return Ok(());
                }
            }
            return match self.entry_from(engine, txn, From::Edge, forward)? {
                Some((k, d)) => {
                    self.on(k, &d);
                    Ok(())
                }
                None => Err(JetError::NoCurrentRecord),
            };
        }
        if crow == 0 {
            // is the current entry still there?
            self.resolve_deferred(engine, txn)?;
            let Some(entry) = self.current_entry().cloned() else { return Err(JetError::NoCurrentRecord) };
            return if self.entry_exists(engine, txn, &entry)? { Ok(()) } else { Err(JetError::RecordDeleted) };
        }
        let forward = crow > 0;
        for _ in 0..crow.unsigned_abs() {
            if self.step_direct(engine, txn, forward, key_ne)?.is_some() {
                continue;
            }
            let Some((k, d)) = self.step_once(engine, txn, forward, key_ne)? else {
                return Err(JetError::NoCurrentRecord);
            };
            if !self.in_range_moving(&k.key, forward) {
                return Err(JetError::NoCurrentRecord);
            }
            self.on(k, &d);
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
        self.tt_allow(super::temp::TtOp::Seek)?;
        const ALL: u32 = JET_bitSeekEQ | JET_bitSeekLT | JET_bitSeekLE | JET_bitSeekGE | JET_bitSeekGT;
        if grbit & ALL == 0 {
            return Err(JetError::InvalidParameter);
        }
        let key = self.key.key().ok_or(JetError::KeyNotMade)?.to_vec();
        self.update = None;
        self.range = None;
        // a seek consumes the search key, found or not
        self.key.reset();
        let eq_or_ge = grbit & (JET_bitSeekLT | JET_bitSeekLE) == 0 && (grbit & JET_bitSeekGE != 0 || grbit & JET_bitSeekGT == 0);
        if eq_or_ge && !filter_active() {
            if let Some(found) = self.walk_direct(engine, txn, Walk::Ge { key: &key })? {
                return self.seek_landed(key, found, grbit);
            }
        }
        let unique = self.current.unique_tree();
        let target = EntryKey::unique(&key);
        let after = if unique { target.clone() } else { after_all_dups(&key) };
        // (mode, lands forward on failure)
        let (found, forward_mode) = if grbit & (JET_bitSeekLT | JET_bitSeekLE) != 0 {
            if grbit & JET_bitSeekLE != 0 {
                // an equal key wins, and then ESE lands on the first of its entries
                let eq = self.entry_from(engine, txn, From::Key { key: &target, inclusive: true }, true)?;
                match eq.filter(|(k, _)| k.key == key) {
                    Some(e) => (Some(e), false),
                    None => (self.entry_from(engine, txn, From::Key { key: &target, inclusive: false }, false)?, false),
                }
            } else {
                (self.entry_from(engine, txn, From::Key { key: &target, inclusive: false }, false)?, false)
            }
        } else if grbit & JET_bitSeekGE != 0 {
            (self.entry_from(engine, txn, From::Key { key: &target, inclusive: true }, true)?, true)
        } else if grbit & JET_bitSeekGT != 0 {
            (self.entry_from(engine, txn, From::Key { key: &after, inclusive: false }, true)?, true)
        } else {
            let e = self.entry_from(engine, txn, From::Key { key: &target, inclusive: true }, true)?;
            let e = e.filter(|(k, _)| k.key == key);
            if e.is_none() {
                // ESE leaves the cursor on the key it looked for: moves go on from there
                self.pos = Position::Virtual { entry: target };
                return Err(JetError::RecordNotFound);
            }
            (e, true)
        };
        let Some((k, d)) = found else {
            self.pos = if forward_mode { Position::AfterLast } else { Position::BeforeFirst };
            return Err(JetError::RecordNotFound);
        };
        let equal = k.key == key;
        self.on(k, &d);
        if grbit & (JET_bitSeekLT | JET_bitSeekLE | JET_bitSeekGE | JET_bitSeekGT) == 0 && grbit & JET_bitSetIndexRange != 0 {
            self.range = Some(Range { limit: key, upper: true, inclusive: true });
        }
        Ok(if grbit & (JET_bitSeekGE | JET_bitSeekLE) != 0 && !equal { Found::NotEqual } else { Found::Exact })
    }

    /// The end of a JetSeek(JET_bitSeekEQ or JET_bitSeekGE) whose search
    /// took the direct path (`found`: an entry at or after `key`), as `seek`
    /// ends the general one.
    fn seek_landed(&mut self, key: Vec<u8>, found: bool, grbit: JET_GRBIT) -> JetResult<Found> {
        let ge = grbit & JET_bitSeekGE != 0;
        let equal = found && self.cache.get_mut().walked().is_some_and(|e| e.key == key);
        if !ge && !equal {
            // ESE leaves the cursor on the key it looked for: moves go on from there
            self.pos = Position::Virtual { entry: EntryKey { key, dup: Vec::new() } };
            return Err(JetError::RecordNotFound);
        }
        if !found {
            self.pos = Position::AfterLast;
            return Err(JetError::RecordNotFound);
        }
        self.land_walked();
        if !ge && grbit & JET_bitSetIndexRange != 0 {
            self.range = Some(Range { limit: key, upper: true, inclusive: true });
        }
        Ok(if ge && !equal { Found::NotEqual } else { Found::Exact })
    }

    /// JetSetIndexRange.
    pub fn set_index_range(&mut self, engine: &Engine, txn: &Txn, grbit: JET_GRBIT) -> JetResult<()> {
        self.tt_allow(super::temp::TtOp::SetIndexRange)?;
        if grbit & JET_bitRangeRemove != 0 {
            if self.range.is_none() {
                return Err(JetError::InvalidOperation);
            }
            self.range = None;
            return Ok(());
        }
        if self.current.def.is_none() {
            return Err(JetError::NoCurrentIndex);
        }
        let limit = self.key.key().ok_or(JetError::KeyNotMade)?.to_vec();
        let range = Range { limit, upper: grbit & JET_bitRangeUpperLimit != 0, inclusive: grbit & JET_bitRangeInclusive != 0 };
        self.range = Some(range.clone());
        let r = self.check_current_in_range(engine, txn, &range);
        self.key.reset();
        if grbit & JET_bitRangeInstantDuration != 0 {
            self.range = None;
        }
        r
    }

    /// ErrDIRCheckIndexRange: the current entry must lie in the range; if it
    /// does not, the range goes and the cursor moves past its limit.
    fn check_current_in_range(&mut self, engine: &Engine, txn: &Txn, range: &Range) -> JetResult<()> {
        self.resolve_deferred(engine, txn)?;
        let key = match &self.pos {
            Position::On { entry, .. } | Position::Deleted { entry, .. } | Position::Virtual { entry } => entry.key.clone(),
            _ => return Err(JetError::NoCurrentRecord),
        };
        if crate::key::key_in_range(&key, &range.limit, range.upper, range.inclusive) {
            return Ok(());
        }
        self.range = None;
        self.pos = if range.upper { Position::AfterLast } else { Position::BeforeFirst };
        Err(JetError::NoCurrentRecord)
    }

    /// JetIndexRecordCount: the entries from the current one to the end of
    /// the index or its range, at most `max` (0: no limit). The range is
    /// removed afterwards, the position kept.
    pub fn index_record_count(&mut self, engine: &Engine, txn: &Txn, max: u64) -> JetResult<u64> {
        self.no_filter()?;
        match self.resolve_deferred(engine, txn) {
            Ok(()) => {}
            // an empty index counts nothing
            Err(JetError::NoCurrentRecord) if self.pos == Position::DeferFirst => return Ok(0),
            Err(e) => return Err(e),
        }
        let Position::On { entry, .. } = &self.pos else { return Err(JetError::NoCurrentRecord) };
        let max = if max == 0 { u64::MAX } else { max };
        let mut count = 0u64;
        let mut cur = entry.clone();
        loop {
            count += 1;
            if count == max {
                break;
            }
            let Some((k, _)) = self.entry_from(engine, txn, From::Key { key: &cur, inclusive: false }, true)? else { break };
            if let Some(r) = &self.range {
                if !crate::key::key_in_range(&k.key, &r.limit, r.upper, r.inclusive) {
                    break;
                }
            }
            cur = k;
        }
        self.range = None;
        Ok(count)
    }

    /// Entries of the current index before `entry`, and in all.
    fn position_of(&self, engine: &Engine, txn: &Txn, entry: &EntryKey) -> JetResult<(u64, u64)> {
        let mut lt = 0u64;
        let mut total = 0u64;
        let mut cur = self.entry_from(engine, txn, From::Edge, true)?;
        while let Some((k, _)) = cur {
            if k < *entry {
                lt += 1;
            }
            total += 1;
            cur = self.entry_from(engine, txn, From::Key { key: &k, inclusive: false }, true)?;
        }
        Ok((lt, total))
    }

    /// JetGetRecordPosition: (entries before the current one, entries in all).
    pub fn record_position(&mut self, engine: &Engine, txn: &Txn) -> JetResult<(u64, u64)> {
        self.no_filter()?;
        self.resolve_deferred(engine, txn)?;
        let entry = match &self.pos {
            Position::On { entry, .. } | Position::Deleted { entry, .. } | Position::Virtual { entry } => entry.clone(),
            _ => return Err(JetError::NoCurrentRecord),
        };
        self.position_of(engine, txn, &entry)
    }

    /// JetGotoPosition: the entry at the fraction lt/total of the index.
    pub fn goto_position(&mut self, engine: &Engine, txn: &Txn, lt: u64, total: u64) -> JetResult<()> {
        self.no_filter()?;
        if lt > total {
            return Err(JetError::InvalidParameter);
        }
        self.update = None;
        self.range = None;
        self.key.reset();
        let mut entries = Vec::new();
        let mut cur = self.entry_from(engine, txn, From::Edge, true)?;
        while let Some((k, d)) = cur {
            cur = self.entry_from(engine, txn, From::Key { key: &k, inclusive: false }, true)?;
            entries.push((k, d));
        }
        if entries.is_empty() {
            self.pos = Position::BeforeFirst;
            return Err(JetError::RecordNotFound);
        }
        let n = entries.len() as u128;
        let i = if total == 0 { 0 } else { ((lt as u128 * n) / total as u128).min(n - 1) as usize };
        let (k, d) = entries.swap_remove(i);
        self.on(k, &d);
        Ok(())
    }

    /// JetGetBookmark: the current record's primary key. A deferred
    /// move-first is not resolved (ESE answers JET_errNoCurrentRecord).
    pub fn get_bookmark(&self) -> JetResult<Vec<u8>> {
        self.tt_allow(super::temp::TtOp::Bookmark)?;
        match &self.pos {
            Position::On { bookmark, .. } | Position::Deleted { bookmark, .. } => Ok(bookmark.clone()),
            _ => Err(JetError::NoCurrentRecord),
        }
    }

    /// JetGotoBookmark.
    pub fn goto_bookmark(&mut self, engine: &Engine, txn: &Txn, bookmark: &[u8], itag: u32) -> JetResult<()> {
        self.tt_allow(super::temp::TtOp::Bookmark)?;
        if bookmark.is_empty() {
            return Err(JetError::InvalidBookmark);
        }
        self.update = None;
        self.range = None;
        self.key.reset();
        self.goto_bookmark_on_current_itag(engine, txn, bookmark, itag.max(1))
    }

    /// Position on the record with this primary key, in the current index (the
    /// first of its entries when a multi-valued index holds several).
    pub fn goto_bookmark_on_current(&mut self, engine: &Engine, txn: &Txn, bookmark: &[u8]) -> JetResult<()> {
        self.goto_bookmark_on_current_itag(engine, txn, bookmark, 1)
    }

    fn goto_bookmark_on_current_itag(&mut self, engine: &Engine, txn: &Txn, bookmark: &[u8], itag: u32) -> JetResult<()> {
        let record = self.record_by_bookmark(engine, txn, bookmark)?.ok_or(JetError::RecordDeleted)?;
        if self.current.clustered {
            self.pos = Position::On { entry: EntryKey::unique(bookmark), bookmark: bookmark.to_vec() };
            return Ok(());
        }
        let spec = self.current.spec.clone().ok_or(JetError::InternalError)?;
        // the key of the record's itag-th value of the first multi-valued key column
        let mut itags = vec![1u32; spec.segments.len()];
        if let Some(i) = spec.segments.iter().position(|s| s.multivalued) {
            itags[i] = itag;
        } else if itag > 1 {
            return Err(JetError::BadItagSequence);
        }
        let view = self.parse(&record)?;
        let mut vals = super::update::Values { cursor: self, engine, txn, view, pending: None };
        let key = match crate::key::record_key(&spec, &mut vals, &itags, 0)? {
            crate::key::RecordKey::Key { key, nulls } => {
                let keep = match nulls {
                    crate::key::NullSegments::None => true,
                    crate::key::NullSegments::All => spec.flags.contains(IndexFlags::ALLOW_ALL_NULLS),
                    crate::key::NullSegments::First => spec.flags.contains(IndexFlags::ALLOW_FIRST_NULL),
                    crate::key::NullSegments::Some => spec.flags.contains(IndexFlags::ALLOW_SOME_NULLS),
                };
                keep.then_some(key)
            }
            crate::key::RecordKey::OutOfKeys { .. } => return Err(JetError::BadItagSequence),
            _ => None,
        };
        let Some(k) = key else {
            // the record is not in this index (ignored NULLs, conditional columns)
            self.pos = Position::BeforeFirst;
            return Err(JetError::NoCurrentRecord);
        };
        let entry = if self.current.unique_tree() { EntryKey::unique(&k) } else { EntryKey::with_dup(&k, bookmark) };
        self.pos = Position::On { entry, bookmark: bookmark.to_vec() };
        Ok(())
    }

    /// JetGetSecondaryIndexBookmark: (secondary key, primary bookmark) of the
    /// current entry.
    pub fn secondary_index_bookmark(&mut self, engine: &Engine, txn: &Txn) -> JetResult<(Vec<u8>, Vec<u8>)> {
        if self.current.clustered {
            return Err(JetError::NoCurrentIndex);
        }
        self.resolve_deferred(engine, txn)?;
        let (entry, bookmark) = match &self.pos {
            Position::On { entry, bookmark } | Position::Deleted { entry, bookmark } => (entry.clone(), bookmark.clone()),
            _ => return Err(JetError::NoCurrentRecord),
        };
        if !self.entry_exists(engine, txn, &entry)? {
            return Err(JetError::RecordDeleted);
        }
        Ok((entry.key, bookmark))
    }

    /// JetGotoSecondaryIndexBookmark.
    pub fn goto_secondary_index_bookmark(&mut self, engine: &Engine, txn: &Txn, key: &[u8], primary: &[u8], grbit: JET_GRBIT) -> JetResult<()> {
        if self.current.clustered {
            return Err(JetError::NoCurrentIndex);
        }
        if key.is_empty() {
            return Err(JetError::InvalidBookmark);
        }
        let unique = self.current.unique_tree();
        if !unique && primary.is_empty() {
            return Err(JetError::InvalidBookmark);
        }
        self.update = None;
        self.range = None;
        self.key.reset();
        let entry = if unique { EntryKey::unique(key) } else { EntryKey::with_dup(key, primary) };
        let found = self.entry_from(engine, txn, From::Key { key: &entry, inclusive: true }, true)?;
        match found {
            Some((k, d)) if k == entry => {
                self.on(k, &d);
                let bm = self.get_bookmark()?;
                if unique && !primary.is_empty() && bm != primary {
                    // another record now holds the key: the one asked for is gone
                    return Err(JetError::RecordDeleted);
                }
                Ok(())
            }
            _ => {
                if grbit & BOOKMARK_PERMIT_VIRTUAL_CURRENCY != 0 {
                    self.pos = Position::Virtual { entry };
                }
                Err(JetError::RecordDeleted)
            }
        }
    }

    /// JetSetCurrentIndex(2,3,4).
    pub fn set_current_index(&mut self, engine: &Engine, txn: &Txn, which: IndexChoice<'_>, grbit: JET_GRBIT, itag: u32) -> JetResult<()> {
        self.tt_allow(super::temp::TtOp::Schema)?;
        // filters do not move to another index
        self.no_filter()?;
        if grbit & !(JET_bitMoveFirst | JET_bitNoMove) != 0 {
            return Err(JetError::InvalidGrbit);
        }
        let table_arc = self.table.clone();
        let def = &table_arc.def;
        let index = match which {
            IndexChoice::Primary => None,
            IndexChoice::Name(n) => {
                if n.len() > JET_cbNameMost as usize {
                    return Err(JetError::InvalidName);
                }
                match def.indexes.iter().find(|i| i.name.eq_ignore_ascii_case(n)) {
                    Some(ix) if ix.flags.contains(IndexFlags::PRIMARY) => None,
                    Some(ix) => Some(ix.clone()),
                    None => return Err(JetError::IndexNotFound),
                }
            }
            IndexChoice::Id(id) => {
                if id.cbStruct as usize != std::mem::size_of::<JET_INDEXID>() {
                    return Err(JetError::InvalidIndexId);
                }
                let word = |i: usize| u32::from_le_bytes(id.rgbIndexId[i..i + 4].try_into().unwrap());
                if word(0) != self.db.dbid || word(4) != def.objid {
                    return Err(JetError::InvalidIndexId);
                }
                let (objid, pgno) = (word(8), word(12));
                if objid == def.objid {
                    if pgno != def.pgno_fdp {
                        return Err(JetError::InvalidIndexId);
                    }
                    None
                } else {
                    match def.indexes.iter().find(|i| i.objid == objid && i.pgno_fdp == pgno && !i.flags.contains(IndexFlags::PRIMARY)) {
                        Some(ix) => Some(ix.clone()),
                        None => return Err(JetError::InvalidIndexId),
                    }
                }
            }
        };
        let same = match (&index, self.current.clustered) {
            (None, true) => true,
            (Some(a), false) => self.current.def.as_ref().is_some_and(|b| b.name == a.name),
            _ => false,
        };
        if same {
            // selecting the current index again changes nothing (ESE's own behaviour)
            return Ok(());
        }
        let keep = if grbit == JET_bitMoveFirst {
            None
        } else {
            // the current record's bookmark (a deferred move-first is not a record yet)
            Some(self.get_bookmark()?)
        };
        let new: OpenIndex = match &index {
            None => self.primary.clone(),
            Some(ix) => open_index(&self.db, &def, Some(ix))?,
        };
        self.current = new;
        self.update = None;
        self.range = None;
        self.key.reset();
        match keep {
            None => {
                self.pos = Position::DeferFirst;
                Ok(())
            }
            Some(bm) => {
                self.pos = Position::BeforeFirst;
                self.goto_bookmark_on_current_itag(engine, txn, &bm, itag.max(1))
            }
        }
    }

    /// JET_INDEXID of the current index.
    pub fn current_index_id(&self) -> JET_INDEXID {
        let (objid, pgno) = match (&self.current.def, self.current.clustered) {
            (Some(ix), false) => (ix.objid, ix.pgno_fdp),
            _ => (self.table.def.objid, self.table.def.pgno_fdp),
        };
        index_id(self.db.dbid, self.table.def.objid, objid, pgno)
    }

    /// A new cursor on the same table (JetDupCursor): primary index,
    /// deferred move-first, no key, range or update.
    pub fn duplicate(&self) -> TableCursor {
        TableCursor {
            db: self.db.clone(),
            table: self.table.clone(),
            schema_version: self.schema_version,
            read_only: self.read_only,
            primary: self.primary.clone(),
            current: self.primary.clone(),
            pos: Position::DeferFirst,
            key: crate::key::KeyBuilder::new(),
            range: None,
            update: None,
            lv: self.lv,
            grbit: self.grbit,
            // a duplicate keeps a temporary table alive until the last cursor closes
            temp: self.temp.clone(),
            cache: Default::default(),
        }
    }
}

/// One JET_INDEX_COLUMN of a JetPrereadIndexRanges range.
pub struct RangeColumn<'a> {
    pub relop: u32,
    pub data: &'a [u8],
    pub grbit: JET_GRBIT,
}

impl TableCursor {
    /// JetPrereadKeys: a hint. The keys are checked as ESE checks them (in
    /// order for the direction, none empty or longer than the index's keys)
    /// and reported as all read; nothing else happens (pages are read on
    /// demand).
    pub fn preread_keys(&self, keys: &[&[u8]], grbit: JET_GRBIT) -> JetResult<i32> {
        if keys.is_empty() {
            return Err(JetError::InvalidParameter);
        }
        if grbit != JET_bitPrereadBackward && grbit != JET_bitPrereadForward {
            return Err(JetError::InvalidGrbit);
        }
        // the table's own keys: its primary index, or a DBK
        let cb_key_most = match self.table.def.primary_index() {
            Some(ix) => {
                if ix.cb_key_most == 0 {
                    255
                } else {
                    ix.cb_key_most as usize
                }
            }
            None => 4,
        };
        for (i, k) in keys.iter().enumerate() {
            if k.is_empty() || k.len() > cb_key_most {
                return Err(JetError::InvalidBufferSize);
            }
            if i > 0 {
                let cmp = crate::key::compare_keys(keys[i - 1], k);
                let bad = if grbit == JET_bitPrereadBackward { cmp.is_lt() } else { cmp.is_gt() };
                if bad {
                    return Err(JetError::InvalidParameter);
                }
            }
        }
        Ok(keys.len() as i32)
    }

    /// The key of one side of a JetPrereadIndexRanges range (ESE's
    /// ErrRECIMakeKey: equality on every column, prefix allowed on the last).
    fn range_key(&self, cols: &[RangeColumn<'_>], start: bool) -> JetResult<Vec<u8>> {
        let spec = self.current.spec.clone();
        let mut kb = crate::key::KeyBuilder::new();
        for (i, c) in cols.iter().enumerate() {
            let last = i + 1 == cols.len();
            if c.relop != JET_relopEquals && !(last && c.relop == JET_relopPrefixEquals) {
                return Err(JetError::InvalidParameter);
            }
            if c.grbit & !JET_bitZeroLength != 0 || (c.grbit == JET_bitZeroLength && !c.data.is_empty()) {
                return Err(JetError::InvalidParameter);
            }
            let mut g = 0;
            if i == 0 {
                g |= JET_bitNewKey;
            }
            if c.grbit & JET_bitZeroLength != 0 {
                g |= JET_bitKeyDataZeroLength;
            }
            if last {
                g |= match (c.relop == JET_relopPrefixEquals, start) {
                    (true, true) => JET_bitPartialColumnStartLimit,
                    (true, false) => JET_bitPartialColumnEndLimit,
                    (false, true) => JET_bitFullColumnStartLimit,
                    (false, false) => JET_bitFullColumnEndLimit,
                };
            }
            kb.make_key(spec.as_deref(), c.data, g)?;
        }
        Ok(kb.key().map(|k| k.to_vec()).unwrap_or_default())
    }

    /// JetPrereadIndexRanges: a hint, validated as ESE validates it, every
    /// range reported as read.
    pub fn preread_index_ranges(
        &self,
        ranges: &[(Vec<RangeColumn<'_>>, Vec<RangeColumn<'_>>)],
        columns: &[u32],
        grbit: JET_GRBIT,
        want_count: bool,
    ) -> JetResult<u32> {
        let forward = grbit & JET_bitPrereadForward != 0;
        let normalized = grbit & JET_bitPrereadNormalizedKey != 0;
        let mut keys = Vec::new();
        for (s, e) in ranges {
            if normalized {
                if s.len() != 1 && e.len() > 1 {
                    return Err(JetError::InvalidParameter);
                }
                let start = s.first().map(|c| c.data.to_vec()).unwrap_or_default();
                let end = if e.len() == 1 { e[0].data.to_vec() } else { start.clone() };
                keys.push((start, end));
            } else {
                let start = self.range_key(s, forward)?;
                let end = if e.is_empty() { start.clone() } else { self.range_key(e, !forward)? };
                keys.push((start, end));
            }
        }
        let valid = JET_bitPrereadBackward | JET_bitPrereadForward | JET_bitPrereadFirstPage | JET_bitPrereadNormalizedKey;
        if grbit & (JET_bitPrereadBackward | JET_bitPrereadForward) == 0 || grbit & !valid != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if !columns.is_empty() && !self.current.clustered {
            return Err(JetError::InvalidPreread);
        }
        for c in columns {
            let col = self.table.def.column(*c).ok_or(JetError::MustBeSeparateLongValue)?;
            if col.class() != crate::catalog::defs::ColumnClass::Tagged || !col.coltyp.is_long() {
                return Err(JetError::MustBeSeparateLongValue);
            }
        }
        for (i, (s, e)) in keys.iter().enumerate() {
            let cmp = crate::key::compare_keys(s, e);
            if (forward && cmp.is_gt()) || (!forward && cmp.is_lt()) {
                return Err(JetError::InvalidParameter);
            }
            if want_count && i > 0 {
                let cmp = crate::key::compare_keys(&keys[i - 1].1, s);
                if (forward && cmp.is_gt()) || (!forward && cmp.is_lt()) {
                    return Err(JetError::InvalidParameter);
                }
            }
        }
        Ok(ranges.len() as u32)
    }
}

/// JET_bitRecordInIndex / JET_bitRecordNotInIndex of a JET_INDEXRANGE.
pub const RECORD_IN_INDEX: u32 = 0x0000_0001;

impl TableCursor {
    /// The primary bookmarks from the current entry to the end of the index
    /// range (JetIntersectIndexes' scan of one cursor), sorted.
    pub fn bookmarks_in_range(&mut self, engine: &Engine, txn: &Txn) -> JetResult<Vec<Vec<u8>>> {
        self.resolve_deferred(engine, txn)?;
        let Position::On { entry, bookmark } = self.pos.clone() else { return Err(JetError::NoCurrentRecord) };
        let mut out = vec![bookmark];
        let mut cur = entry;
        while let Some((k, d)) = self.entry_from(engine, txn, From::Key { key: &cur, inclusive: false }, true)? {
            if let Some(r) = &self.range {
                if r.upper && !crate::key::key_in_range(&k.key, &r.limit, r.upper, r.inclusive) {
                    break;
                }
            }
            out.push(self.bookmark_of(&k, &d));
            cur = k;
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// JetIntersectIndexes without its temporary table: the primary bookmarks
/// every range holds, in bookmark order. Each cursor must be on a secondary
/// index of the same table (a different one each) and on a record; the
/// grbit of every range must be JET_bitRecordInIndex.
pub fn intersect_bookmarks(engine: &Engine, txn: &Txn, cursors: &mut [&mut TableCursor], grbits: &[u32]) -> JetResult<Vec<Vec<u8>>> {
    if cursors.is_empty() || cursors.len() > 64 {
        return Err(JetError::InvalidParameter);
    }
    for (i, c) in cursors.iter().enumerate() {
        if c.current.clustered {
            return Err(JetError::InvalidParameter);
        }
        if grbits[i] != RECORD_IN_INDEX {
            return Err(JetError::InvalidGrbit);
        }
        for (j, o) in cursors.iter().enumerate() {
            if i == j {
                continue;
            }
            if o.current.clustered || o.db.dbid != c.db.dbid || o.table.def.objid != c.table.def.objid {
                return Err(JetError::InvalidParameter);
            }
            if o.current.id == c.current.id {
                return Err(JetError::InvalidParameter);
            }
        }
    }
    let mut lists = Vec::with_capacity(cursors.len());
    for c in cursors.iter_mut() {
        lists.push(c.bookmarks_in_range(engine, txn)?);
    }
    let mut result = lists.remove(0);
    for l in &lists {
        result.retain(|b| l.binary_search(b).is_ok());
    }
    Ok(result)
}

/// One JET_INDEX_COLUMN of JetSetCursorFilter, checked and, where ESE
/// normalizes it (Bit columns, relative comparisons), normalized.
#[derive(Clone, Debug)]
pub struct MoveFilter {
    pub columnid: u32,
    pub relop: u32,
    pub null_pv: bool,
    pub data: Vec<u8>,
    pub grbit: JET_GRBIT,
    coltyp: Option<crate::catalog::defs::Coltyp>,
    normalized: bool,
}

impl MoveFilter {
    pub fn new(columnid: u32, relop: u32, null_pv: bool, data: &[u8], grbit: JET_GRBIT) -> MoveFilter {
        MoveFilter { columnid, relop, null_pv, data: data.to_vec(), grbit, coltyp: None, normalized: false }
    }
}

thread_local! {
    static FILTER: std::cell::RefCell<Option<std::sync::Arc<Vec<MoveFilter>>>> = const { std::cell::RefCell::new(None) };
}

fn active_filter() -> Option<std::sync::Arc<Vec<MoveFilter>>> {
    FILTER.with(|f| f.borrow().clone())
}

/// Whether a cursor filter is in force (without taking it).
fn filter_active() -> bool {
    FILTER.with(|f| f.borrow().is_some())
}

/// Run `body` with a cursor's filter in force (the C layer keeps the filters
/// of its cursors and wraps the calls that move them).
pub fn with_filter<R>(filter: Option<std::sync::Arc<Vec<MoveFilter>>>, body: impl FnOnce() -> R) -> R {
    let saved = FILTER.with(|f| f.replace(filter));
    let r = body();
    FILTER.with(|f| *f.borrow_mut() = saved);
    r
}

/// A fixed-size value in ESE's normalized (memcmp-ordered) form, without
/// the key's prefix byte (FLDNormalizeFixedSegment).
fn normalize_fixed(coltyp: crate::catalog::defs::Coltyp, v: &[u8]) -> Vec<u8> {
    use crate::catalog::defs::Coltyp::*;
    let flip = |mut b: Vec<u8>| {
        b[0] ^= 0x80;
        b
    };
    match coltyp {
        Bit => vec![if v.first().copied().unwrap_or(0) != 0 { 0xFF } else { 0x00 }],
        UnsignedByte => v.to_vec(),
        Short | Long | LongLong | Currency => flip(v.iter().rev().copied().collect()),
        UnsignedShort | UnsignedLong => v.iter().rev().copied().collect(),
        IEEESingle | IEEEDouble | DateTime => {
            let be: Vec<u8> = v.iter().rev().copied().collect();
            if be.first().is_some_and(|b| b & 0x80 != 0) { be.iter().map(|b| !b).collect() } else { flip(be) }
        }
        GUID if v.len() == 16 => [10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3].iter().map(|&i| v[i]).collect(),
        _ => v.to_vec(),
    }
}

/// memcmp then length, as ESE's CmpData.
fn cmp_data(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    crate::key::compare_keys(a, b)
}

impl TableCursor {
    /// ESE's ErrRECIValidateOneMoveFilter, and the normalization of the value.
    pub fn check_filter(&self, f: &mut MoveFilter) -> JetResult<()> {
        use crate::catalog::defs::Coltyp;
        let cb = f.data.len();
        if f.grbit & !JET_bitZeroLength != 0 || (cb == 0 && !f.null_pv) || (cb != 0 && (f.null_pv || f.grbit == JET_bitZeroLength)) {
            return Err(JetError::InvalidParameter);
        }
        let col = self.table.def.column(f.columnid).ok_or(JetError::ColumnNotFound)?;
        let t = col.coltyp;
        let text = matches!(t, Coltyp::Text | Coltyp::LongText);
        if t.is_long() || text || col.flags.contains(crate::catalog::defs::ColumnFlags::USER_DEFINED_DEFAULT) {
            return Err(JetError::FilteredMoveNotSupported);
        }
        let bitmask = matches!(f.relop, JET_relopBitmaskEqualsZero | JET_relopBitmaskNotEqualsZero);
        if (f.relop == JET_relopPrefixEquals || f.grbit & JET_bitZeroLength != 0) && t != Coltyp::Binary {
            return Err(JetError::InvalidParameter);
        }
        if cb == 0 {
            if bitmask || f.relop == JET_relopPrefixEquals {
                return Err(JetError::InvalidParameter);
            }
        } else if t != Coltyp::Binary && Some(cb) != t.fixed_size().map(|n| n as usize) {
            return Err(JetError::InvalidParameter);
        } else if matches!(t, Coltyp::Bit | Coltyp::GUID | Coltyp::Binary) && bitmask {
            return Err(JetError::InvalidParameter);
        }
        f.coltyp = Some(t);
        let relative = matches!(f.relop, JET_relopLessThanOrEqual | JET_relopLessThan | JET_relopGreaterThanOrEqual | JET_relopGreaterThan);
        if t != Coltyp::Binary && cb != 0 && (t == Coltyp::Bit || relative) {
            f.data = normalize_fixed(t, &f.data);
            f.normalized = true;
        }
        Ok(())
    }

    /// JetSetCursorFilter: the checked filters (an empty list removes the filter).
    pub fn set_cursor_filter(&mut self, mut filters: Vec<MoveFilter>) -> JetResult<Vec<MoveFilter>> {
        for f in filters.iter_mut() {
            self.check_filter(f)?;
        }
        Ok(filters)
    }

    /// Whether a record passes every filter (ErrRECICheckCursorFilter).
    fn filter_accepts(&self, filters: &[MoveFilter], record: &[u8]) -> JetResult<bool> {
        let view = self.parse(record)?;
        let def = self.def();
        for f in filters {
            let Some(col) = def.column(f.columnid) else { continue };
            let filter_null = f.data.is_empty() && f.grbit & JET_bitZeroLength == 0;
            let value = match view.retrieve(def, col, 1, true)? {
                crate::record::ColumnValue::Null | crate::record::ColumnValue::UserDefinedDefault => None,
                v => v.bytes().map(|b| b.to_vec()),
            };
            let ok = match value {
                Some(v) => {
                    let v = if f.normalized { normalize_fixed(f.coltyp.unwrap_or(col.coltyp), &v) } else { v };
                    let bits = |eq_zero: bool| -> bool {
                        let n = v.len().min(f.data.len()).min(8);
                        let mut a = [0u8; 8];
                        let mut m = [0u8; 8];
                        a[..n].copy_from_slice(&v[..n]);
                        m[..n].copy_from_slice(&f.data[..n]);
                        (u64::from_le_bytes(a) & u64::from_le_bytes(m) == 0) == eq_zero
                    };
                    match f.relop {
                        JET_relopEquals => !filter_null && v == f.data,
                        JET_relopPrefixEquals => v.len() >= f.data.len() && v[..f.data.len()] == f.data[..],
                        JET_relopNotEquals => filter_null || v != f.data,
                        JET_relopLessThanOrEqual => !filter_null && cmp_data(&v, &f.data).is_le(),
                        JET_relopLessThan => cmp_data(&v, &f.data).is_lt(),
                        JET_relopGreaterThanOrEqual => cmp_data(&v, &f.data).is_ge(),
                        JET_relopGreaterThan => filter_null || cmp_data(&v, &f.data).is_gt(),
                        JET_relopBitmaskEqualsZero => bits(true),
                        JET_relopBitmaskNotEqualsZero => bits(false),
                        _ => true,
                    }
                }
                // NULL sorts below everything
                None => match f.relop {
                    JET_relopEquals => filter_null,
                    JET_relopPrefixEquals => false,
                    JET_relopNotEquals => !filter_null,
                    JET_relopLessThanOrEqual => true,
                    JET_relopLessThan => !filter_null,
                    JET_relopGreaterThanOrEqual => filter_null,
                    JET_relopGreaterThan => false,
                    JET_relopBitmaskEqualsZero => true,
                    JET_relopBitmaskNotEqualsZero => false,
                    _ => true,
                },
            };
            if !ok {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::defs::Coltyp;

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    /// Filters compare normalized values bytewise: that must be the numbers' order.
    #[test]
    fn normalized_fixed_values_sort_as_numbers() {
        let mut r = Rng(0x2545F4914F6CDD1D);
        for _ in 0..2000 {
            let (a, b) = (r.next() as i32, r.next() as i32);
            let (na, nb) = (normalize_fixed(Coltyp::Long, &a.to_le_bytes()), normalize_fixed(Coltyp::Long, &b.to_le_bytes()));
            assert_eq!(na.cmp(&nb), a.cmp(&b), "{a} {b}");
            let (a, b) = (r.next() as i64, r.next() as i64);
            assert_eq!(normalize_fixed(Coltyp::Currency, &a.to_le_bytes()).cmp(&normalize_fixed(Coltyp::Currency, &b.to_le_bytes())), a.cmp(&b));
            let (a, b) = (r.next() as u32, r.next() as u32);
            assert_eq!(normalize_fixed(Coltyp::UnsignedLong, &a.to_le_bytes()).cmp(&normalize_fixed(Coltyp::UnsignedLong, &b.to_le_bytes())), a.cmp(&b));
            let (a, b) = ((r.next() as i64 as f64) / 7.0, -(r.next() as i64 as f64) / 3.0);
            let (na, nb) = (normalize_fixed(Coltyp::IEEEDouble, &a.to_le_bytes()), normalize_fixed(Coltyp::IEEEDouble, &b.to_le_bytes()));
            assert_eq!(na.cmp(&nb), a.partial_cmp(&b).unwrap(), "{a} {b}");
        }
        assert_eq!(normalize_fixed(Coltyp::Bit, &[7]), vec![0xFF]);
        assert_eq!(normalize_fixed(Coltyp::Bit, &[0]), vec![0x00]);
    }

    #[test]
    fn index_ids_round_trip_their_parts() {
        let id = index_id(3, 100, 120, 77);
        assert_eq!(id.cbStruct as usize, std::mem::size_of::<JET_INDEXID>());
        assert_eq!(&id.rgbIndexId[0..4], &3u32.to_le_bytes());
        assert_eq!(&id.rgbIndexId[12..16], &77u32.to_le_bytes());
    }
}
