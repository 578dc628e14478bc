#![allow(non_upper_case_globals)] // JET_* constants are matched by their C names
//! Updates: JetPrepareUpdate, JetSetColumn(s), JetUpdate, JetDelete,
//! JetEscrowUpdate, JetGetLock.
//!
//! Owns: the copy buffer (`Prepared`: a record builder plus the long values
//! it will store separately), ESE's long-value operations on it (append,
//! overwrite, resize, replace, on intrinsic and on already stored values),
//! turning an update into writes staged in the session's transaction (the
//! record, its index entries, its long values and their reference counts),
//! the version and autoincrement columns, the checks ESE makes at each step
//! (recupd.cxx / fldmod.cxx / lv.cxx), and the implicit transaction of an
//! update made outside one.
//! Must never: encode records or keys itself (record/ and key/ do), or call
//! application callbacks (the C layer does, between calls into here).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::abi::*;
use crate::catalog::TableRef;
use crate::catalog::defs::{ColumnClass, ColumnDef, ColumnFlags, Coltyp, TableDef};
use crate::error::{JetError, JetResult};
use crate::key::{IndexKeySpec, RecordValues};
use crate::record::{ColumnValue, LvId, LvRoot, RecordBuilder, RecordConfig, RecordView, SetOptions, SetValue};
use crate::version::view::{From, Source};
use crate::version::{EntryKey, WriteOp};

use super::database::TreeSource;
use super::engine::Engine;
use super::table::{OpenIndex, TableCursor};
use super::txn::{self, Txn};

mod keycheck;

/// What kind of update is prepared.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum UpdateKind {
    Insert,
    Replace,
    ReplaceNoLock,
    InsertCopy,
    InsertCopyDeleteOriginal,
    InsertCopyReplaceOriginal,
}

impl UpdateKind {
    pub fn is_insert(self) -> bool {
        !matches!(self, UpdateKind::Replace | UpdateKind::ReplaceNoLock)
    }
}

/// The copy buffer of a prepared update.
pub struct Prepared {
    pub kind: UpdateKind,
    pub builder: RecordBuilder,
    /// Replace and insert-copy: the record as it was (bookmark, bytes).
    pub original: Option<(Vec<u8>, Vec<u8>)>,
    /// Long values set during this update that will be stored separately,
    /// under placeholder LIDs until JetUpdate gives them real ones.
    pub pending_lvs: HashMap<u64, Vec<u8>>,
    /// Placeholders whose chunks are to be compressed.
    pub compress_lvs: HashSet<u64>,
    /// Whether JetSetColumn was called (an untouched replace is a no-op).
    pub dirty: bool,
    /// Whether the version column was set (inserts only).
    pub version_set: bool,
    /// Every column JetSetColumn was called on (or whose value was moved to
    /// the LV tree), each once: a replace leaves the keys of an index on
    /// none of them as they were.
    changed: Vec<u32>,
    next_placeholder: u64,
}

impl Prepared {
    fn note_changed(&mut self, columnid: u32) {
        if !self.changed.contains(&columnid) {
            self.changed.push(columnid);
        }
    }

    /// Whether a replace may have changed the keys `spec` makes: true when
    /// JetSetColumn touched one of its columns, or the table's version
    /// column (which JetUpdate bumps) is one of them.
    fn may_change_keys(&self, spec: &IndexKeySpec, def: &TableDef) -> bool {
        let touched = |c: u32| {
            self.changed.contains(&c) || def.column(c).is_some_and(|col| col.flags.contains(ColumnFlags::VERSION))
        };
        spec.segments.iter().any(|s| touched(s.columnid)) || spec.conditional.iter().any(|c| touched(c.columnid))
    }
}

/// The record values of one record, for key normalization.
pub struct Values<'a> {
    pub cursor: &'a TableCursor,
    pub engine: &'a Engine,
    pub txn: &'a Txn,
    pub view: RecordView<'a>,
    pub pending: Option<&'a HashMap<u64, Vec<u8>>>,
}

impl RecordValues for Values<'_> {
    fn value(&mut self, columnid: u32, itag_sequence: u32, ib_offset: usize, cb_max: usize) -> JetResult<Option<Cow<'_, [u8]>>> {
        let table = self.cursor.def();
        let col = table.column(columnid).ok_or(JetError::ColumnNotFound)?;
        let v = self.view.retrieve(table, col, itag_sequence.max(1), true)?;
        // values in the record (the usual case) are lent, not copied
        let bytes: Cow<'_, [u8]> = match v {
            ColumnValue::Null | ColumnValue::UserDefinedDefault => return Ok(None),
            ColumnValue::Data(d) => Cow::Borrowed(d.get(ib_offset..).unwrap_or(&[])),
            ColumnValue::Default(d) => Cow::Owned(d.get(ib_offset..).unwrap_or(&[]).to_vec()),
            ColumnValue::Decompressed(d) => Cow::Owned(d.get(ib_offset..).unwrap_or(&[]).to_vec()),
            ColumnValue::Separated(lid) => {
                if let Some(p) = self.pending.and_then(|p| p.get(&lid.0)) {
                    Cow::Borrowed(p.get(ib_offset..).unwrap_or(&[]))
                } else {
                    let want = if cb_max == 0 { 1 } else { cb_max };
                    Cow::Owned(self.cursor.read_long_value(self.engine, self.txn, lid, ib_offset as u32, want)?.0)
                }
            }
        };
        Ok(Some(bytes))
    }
}

/// The normalized keys an index holds for a record.
pub fn index_keys(cursor: &TableCursor, engine: &Engine, txn: &Txn, spec: &IndexKeySpec, record: &[u8]) -> JetResult<Vec<Vec<u8>>> {
    let view = cursor.parse(record)?;
    let mut vals = Values { cursor, engine, txn, view, pending: None };
    crate::key::index_entries(spec, &mut vals)
}

/// Placeholder LIDs for long values of a prepared update: high values that
/// JetUpdate replaces with real ones.
const PENDING_LID_BASE: u64 = 0x7F00_0000;

/// JetSetColumn grbits ESE reserves (grbitSetColumnInternalFlagsMask).
const SET_INTERNAL_MASK: u32 = 0xF000_0000;
/// JET_bitSetContiguousLV.
const SET_CONTIGUOUS_LV: u32 = 0x0004_0000;
/// JET_cbLVColumnMost.
const CB_LV_COLUMN_MOST: u32 = 0x7FFF_FFFF;

/// ESE's long-value operations (lv.cxx's LVOP).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum LvOp {
    Nothing,
    Null,
    ZeroLength,
    Insert,
    InsertZeroedOut,
    Replace,
    Append,
    Resize,
    OverwriteRange,
    OverwriteRangeAndResize,
}

/// ErrLVOpFromGrbit: what a set does to a long value, from its grbits (the
/// placement and uniqueness bits already removed).
fn lv_op(grbit: u32, cb: usize, new_instance: bool, ib: u32) -> JetResult<LvOp> {
    let none = cb == 0;
    Ok(match grbit {
        JET_bitSetAppendLV => match (none, new_instance) {
            (true, true) => LvOp::ZeroLength,
            (true, false) => LvOp::Nothing,
            (false, true) => LvOp::Insert,
            (false, false) => LvOp::Append,
        },
        JET_bitSetOverwriteLV => {
            if new_instance {
                if ib != 0 {
                    return Err(JetError::ColumnNoChunk);
                }
                if none { LvOp::ZeroLength } else { LvOp::Insert }
            } else if none {
                LvOp::Nothing
            } else {
                LvOp::OverwriteRange
            }
        }
        JET_bitSetSizeLV => match (none, new_instance) {
            (true, _) => LvOp::Null,
            (false, true) => LvOp::InsertZeroedOut,
            (false, false) => LvOp::Resize,
        },
        JET_bitSetZeroLength => match (none, new_instance) {
            (true, _) => LvOp::ZeroLength,
            (false, true) => LvOp::Insert,
            (false, false) => LvOp::Replace,
        },
        g if g == JET_bitSetSizeLV | JET_bitSetZeroLength => match (none, new_instance) {
            (true, _) => LvOp::ZeroLength,
            (false, true) => LvOp::InsertZeroedOut,
            (false, false) => LvOp::Resize,
        },
        g if g == JET_bitSetSizeLV | JET_bitSetOverwriteLV => {
            if none {
                LvOp::Null
            } else if new_instance {
                if ib != 0 {
                    return Err(JetError::ColumnNoChunk);
                }
                LvOp::Insert
            } else {
                LvOp::OverwriteRangeAndResize
            }
        }
        _ => match (none, new_instance) {
            (true, _) => LvOp::Null,
            (false, true) => LvOp::Insert,
            (false, false) => LvOp::Replace,
        },
    })
}

/// Compare two multi-values as JET_bitSetUniqueNormalizedMultiValues does:
/// text by its normalized (case-folded) form, everything else by its bytes.
fn normalized_equal(col: &ColumnDef, a: &[u8], b: &[u8]) -> bool {
    if !matches!(col.coltyp, Coltyp::Text | Coltyp::LongText) {
        return a == b;
    }
    if col.cp == 1200 {
        let decode = |d: &[u8]| -> String {
            let units: Vec<u16> = d.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units).to_lowercase()
        };
        decode(a) == decode(b)
    } else {
        a.eq_ignore_ascii_case(b)
    }
}

impl TableCursor {
    pub(crate) fn record_config(&self) -> RecordConfig {
        let cb_key_most = self.table.def.primary_index().map(|i| if i.cb_key_most == 0 { 255 } else { i.cb_key_most }).unwrap_or(4);
        RecordConfig::new(self.db.page_size as u32, cb_key_most)
    }

    pub(crate) fn check_writable(&self) -> JetResult<()> {
        if self.read_only || self.db.read_only {
            return Err(JetError::PermissionDenied);
        }
        Ok(())
    }

    /// Bring the cursor's view of the table's long-value tree up to date: it
    /// may have been created by another cursor, or by a transaction that
    /// rolled back since (then it no longer exists).
    pub(crate) fn refresh_lv(&mut self, engine: &Engine, txn: &Txn) -> JetResult<()> {
        let (fresh, _) = self.db.table_for(engine, txn, TableRef::Objid(self.table.def.objid))?;
        if fresh.def.lv_tree != self.table.def.lv_tree {
            self.lv = match fresh.def.lv_tree {
                Some((_, pgno)) => Some(self.db.store.read().open_tree(pgno)?),
                None => None,
            };
            self.table = fresh;
        }
        Ok(())
    }

    /// JetPrepareUpdate.
    pub fn prepare_update(&mut self, engine: &Engine, txn: &mut Txn, prep: u32) -> JetResult<()> {
        if prep == JET_prepCancel {
            if self.update.is_none() {
                return Err(JetError::UpdateNotPrepared);
            }
            self.update = None;
            return Ok(());
        }
        let kind = match prep {
            JET_prepInsert => UpdateKind::Insert,
            JET_prepReplace => UpdateKind::Replace,
            JET_prepReplaceNoLock => UpdateKind::ReplaceNoLock,
            JET_prepInsertCopy => UpdateKind::InsertCopy,
            JET_prepInsertCopyDeleteOriginal => UpdateKind::InsertCopyDeleteOriginal,
            JET_prepInsertCopyReplaceOriginal => UpdateKind::InsertCopyReplaceOriginal,
            _ => return Err(JetError::InvalidParameter),
        };
        self.tt_allow(if kind == UpdateKind::Insert { super::temp::TtOp::PrepareInsert } else { super::temp::TtOp::PrepareReplace })?;
        self.check_writable()?;
        if txn.read_only {
            return Err(JetError::TransReadOnly);
        }
        if self.update.is_some() {
            return Err(JetError::AlreadyPrepared);
        }
        // outside a transaction nothing can be held: ESE makes it a ReplaceNoLock
        let kind = if kind == UpdateKind::Replace && !txn.active() { UpdateKind::ReplaceNoLock } else { kind };
        let config = self.record_config();
        let mut prepared = Prepared {
            kind,
            builder: RecordBuilder::empty(config),
            original: None,
            pending_lvs: HashMap::new(),
            compress_lvs: HashSet::new(),
            dirty: kind.is_insert(),
            version_set: false,
            next_placeholder: PENDING_LID_BASE,
            changed: Vec::new(),
        };
        match kind {
            UpdateKind::Insert => {
                prepared.builder = RecordBuilder::new_record(&self.table.def, config)?;
                self.fill_autoincrement(engine, txn, &mut prepared.builder)?;
            }
            _ => {
                self.ensure_current(engine, txn)?;
                let bookmark = self.bookmark()?.to_vec();
                let record = self.record_by_bookmark(engine, txn, &bookmark)?.ok_or(JetError::RecordDeleted)?;
                // a replace (in a transaction) and the copies that remove the
                // original lock the record now: another writer fails here
                let locks = matches!(kind, UpdateKind::Replace | UpdateKind::InsertCopyDeleteOriginal | UpdateKind::InsertCopyReplaceOriginal);
                if locks && txn.active() && self.temp.is_none() {
                    engine.versions.lock(txn.id, txn.snap, self.primary.id, &EntryKey::unique(&bookmark))?;
                }
                prepared.builder = RecordBuilder::from_record(&record, config)?;
                if matches!(kind, UpdateKind::InsertCopy | UpdateKind::InsertCopyDeleteOriginal) {
                    self.fill_autoincrement(engine, txn, &mut prepared.builder)?;
                }
                prepared.original = Some((bookmark, record));
            }
        }
        self.update = Some(prepared);
        Ok(())
    }

    /// Put the next autoincrement value into a new record's copy buffer.
    fn fill_autoincrement(&self, engine: &Engine, txn: &Txn, builder: &mut RecordBuilder) -> JetResult<()> {
        let def = self.def();
        let Some(col) = def.columns.iter().find(|c| c.flags.contains(ColumnFlags::AUTOINCREMENT)) else {
            return Ok(());
        };
        let next = self.take_autoincrement(engine, txn, col)?;
        let bytes = match col.coltyp {
            Coltyp::Currency | Coltyp::LongLong => next.to_le_bytes().to_vec(),
            _ => (next as i32).to_le_bytes().to_vec(),
        };
        builder.set(def, col, 1, SetValue::Data(&bytes), &SetOptions::default())?;
        Ok(())
    }

    /// Take the table's next autoincrement value (of `col`, its
    /// autoincrement column): no later insert gets it. Not transactional, as
    /// in ESE; JET_TblInfoRetrieveAndReserveAutoIncrement calls it too.
    pub fn take_autoincrement(&self, engine: &Engine, txn: &Txn, col: &ColumnDef) -> JetResult<i64> {
        let def = self.def();
        let next = {
            let mut counters = self.db.counters.lock();
            let known = counters.get(&def.objid).and_then(|c| c.autoinc_next);
            let v = match known {
                Some(v) => v,
                None => {
                    drop(counters);
                    let max = self.max_autoincrement(engine, txn, col)?;
                    counters = self.db.counters.lock();
                    *counters.entry(def.objid).or_default().autoinc_next.get_or_insert(max + 1)
                }
            };
            counters.entry(def.objid).or_default().autoinc_next = Some(v + 1);
            v
        };
        Ok(next)
    }

    /// The highest autoincrement value in the table (0 if none), read through
    /// the committed state and this transaction: the next value after a
    /// restart is max + 1, as ESE computes it.
    fn max_autoincrement(&self, engine: &Engine, txn: &Txn, col: &ColumnDef) -> JetResult<i64> {
        let store = self.db.store.read();
        let mut src = TreeSource::new(&store, self.primary.tree);
        let view = txn.view(engine, self.primary.id);
        let mut max = 0i64;
        let mut pos = view.seek(&mut src as &mut dyn Source, From::Edge, true)?;
        while let Some((k, rec)) = pos {
            let rv = self.parse(&rec)?;
            if let ColumnValue::Data(d) = rv.retrieve(self.def(), col, 1, false)? {
                let v = match d.len() {
                    8 => i64::from_le_bytes(d.try_into().unwrap()),
                    4 => i32::from_le_bytes(d.try_into().unwrap()) as i64,
                    _ => 0,
                };
                max = max.max(v);
            }
            pos = view.seek(&mut src, From::Key { key: &k, inclusive: false }, true)?;
        }
        Ok(max)
    }

    /// JetSetColumn: returns JET_wrnColumnMaxTruncated or success.
    #[allow(clippy::too_many_arguments)]
    pub fn set_column(&mut self, engine: &Engine, txn: &Txn, columnid: u32, data: Option<&[u8]>, cb: u32, grbit: JET_GRBIT, itag: u32, ib: u32) -> JetResult<JET_ERR> {
        self.tt_allow(super::temp::TtOp::SetColumn)?;
        self.check_writable()?;
        if cb > CB_LV_COLUMN_MOST {
            return Err(JetError::InvalidParameter);
        }
        if self.update.is_none() {
            return Err(JetError::UpdateNotPrepared);
        }
        let unique = grbit & (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues) != 0;
        if unique && grbit & (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV) != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if grbit & SET_CONTIGUOUS_LV != 0 && grbit & JET_bitSetSeparateLV == 0 {
            return Err(JetError::InvalidGrbit);
        }
        if grbit & SET_INTERNAL_MASK != 0 {
            return Err(JetError::InvalidGrbit);
        }
        let table_arc = self.table.clone();
        let def = &table_arc.def;
        let col = def.column(columnid).ok_or(JetError::ColumnNotFound)?;
        // a NULL pointer is a NULL value, except for JET_bitSetSizeLV (its size is cbData)
        let cb = if data.is_none() && grbit & JET_bitSetSizeLV == 0 { 0 } else { cb };
        let bytes: &[u8] = match data {
            Some(d) => &d[..(cb as usize).min(d.len())],
            None => &[],
        };
        let kind = self.update.as_ref().map(|u| u.kind).unwrap();
        if col.flags.contains(ColumnFlags::VERSION) && !kind.is_insert() {
            return Err(JetError::InvalidColumnType);
        }
        if col.flags.contains(ColumnFlags::AUTOINCREMENT) {
            return Err(JetError::InvalidColumnType);
        }
        // noted before the set: a set that fails half-way counts as a change
        self.update.as_mut().unwrap().note_changed(columnid);
        let r = if col.coltyp.is_long() {
            self.set_long_value(engine, txn, &def, &col, bytes, cb as usize, grbit, itag, ib)
        } else {
            self.set_plain_value(&def, &col, bytes, grbit, itag)
        };
        let warning = r?;
        let u = self.update.as_mut().unwrap();
        u.dirty = true;
        if col.flags.contains(ColumnFlags::VERSION) {
            u.version_set = true;
        }
        Ok(warning)
    }

    fn set_options(grbit: u32, unique_bytes: bool) -> SetOptions {
        SetOptions {
            revert_to_default: grbit & JET_bitSetRevertToDefaultValue != 0,
            compression: if grbit & JET_bitSetCompressed != 0 {
                crate::record::Compression::Force
            } else if grbit & JET_bitSetUncompressed != 0 {
                crate::record::Compression::Never
            } else {
                crate::record::Compression::Column
            },
            unique_multi_values: unique_bytes,
        }
    }

    /// A column that is not a long value.
    fn set_plain_value(&mut self, def: &TableDef, col: &ColumnDef, bytes: &[u8], grbit: u32, itag: u32) -> JetResult<JET_ERR> {
        let value = if bytes.is_empty() && grbit & JET_bitSetZeroLength == 0 { SetValue::Null } else { SetValue::Data(bytes) };
        let enforce = grbit & (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues) != 0 && value != SetValue::Null;
        if enforce && grbit & JET_bitSetUniqueNormalizedMultiValues != 0 {
            self.check_unique_normalized(def, col, itag, bytes)?;
        }
        let opts = Self::set_options(grbit, enforce && grbit & JET_bitSetUniqueMultiValues != 0);
        let outcome = self.set_with_room(def, col, itag, value, &opts)?;
        Ok(if outcome.truncated { JET_wrnColumnMaxTruncated } else { JET_errSuccess })
    }

    /// Set a value; when the record is too big, move long values out of it
    /// (largest first, with ESE's halving thresholds) and try again.
    fn set_with_room(&mut self, def: &TableDef, col: &ColumnDef, itag: u32, value: SetValue<'_>, opts: &SetOptions) -> JetResult<crate::record::SetOutcome> {
        let mut threshold = self.db.page_size as usize;
        loop {
            let u = self.update.as_mut().unwrap();
            match u.builder.set(def, col, itag, value, opts) {
                Err(JetError::RecordTooBig) if threshold > 4 => {
                    threshold /= 2;
                    if threshold < self.db.page_size as usize / 64 {
                        threshold = 4;
                    }
                    self.separate_intrinsic(def, threshold)?;
                }
                r => return r,
            }
        }
    }

    /// Move every long value kept in the copy buffer whose size exceeds
    /// `threshold` to the LV tree (pending until JetUpdate).
    fn separate_intrinsic(&mut self, def: &TableDef, threshold: usize) -> JetResult<()> {
        let u = self.update.as_mut().unwrap();
        let list = u.builder.intrinsic_long_values(def);
        for (columnid, itag, size) in list {
            if size <= threshold {
                continue;
            }
            let col = def.column(columnid).ok_or(JetError::InternalError)?;
            let bytes = u.builder.to_bytes();
            let view = RecordView::parse(&bytes, u.builder.config().page_size)?;
            let data = match view.retrieve(def, &col, itag, false)? {
                ColumnValue::Data(d) => d.to_vec(),
                ColumnValue::Decompressed(d) => d,
                _ => continue,
            };
            u.next_placeholder += 1;
            let lid = u.next_placeholder;
            u.pending_lvs.insert(lid, data);
            u.note_changed(columnid);
            u.builder.set(def, &col, itag, SetValue::Separated(LvId(lid)), &SetOptions::default())?;
        }
        Ok(())
    }

    /// JET_bitSetUniqueNormalizedMultiValues for one column: another value
    /// that normalizes alike is JET_errMultiValuedDuplicate.
    fn check_unique_normalized(&self, def: &TableDef, col: &ColumnDef, itag: u32, bytes: &[u8]) -> JetResult<()> {
        let u = self.update.as_ref().unwrap();
        let rec = u.builder.to_bytes();
        let view = RecordView::parse(&rec, u.builder.config().page_size)?;
        let n = view.value_count(def, col)?;
        for i in 1..=n {
            if i == itag {
                continue;
            }
            let other = match view.retrieve(def, col, i, false)? {
                ColumnValue::Data(d) => d.to_vec(),
                ColumnValue::Decompressed(d) => d,
                ColumnValue::Separated(lid) => match u.pending_lvs.get(&lid.0) {
                    Some(p) => p.clone(),
                    None => continue,
                },
                _ => continue,
            };
            if normalized_equal(col, &other, bytes) {
                return Err(JetError::MultiValuedDuplicate);
            }
        }
        Ok(())
    }

    /// The current bytes of a long value in the copy buffer (None: NULL or
    /// no such value), reading a stored one from the LV tree.
    fn copy_buffer_lv(&self, engine: &Engine, txn: &Txn, def: &TableDef, col: &ColumnDef, itag: u32) -> JetResult<Option<Vec<u8>>> {
        let u = self.update.as_ref().unwrap();
        let rec = u.builder.to_bytes();
        let view = RecordView::parse(&rec, u.builder.config().page_size)?;
        Ok(match view.retrieve(def, col, itag, false)? {
            ColumnValue::Null | ColumnValue::UserDefinedDefault => None,
            ColumnValue::Data(d) => Some(d.to_vec()),
            ColumnValue::Default(d) => Some(d.to_vec()),
            ColumnValue::Decompressed(d) => Some(d),
            ColumnValue::Separated(lid) => match u.pending_lvs.get(&lid.0) {
                Some(v) => Some(v.clone()),
                None => {
                    let (_, size) = self.read_long_value(engine, txn, lid, 0, 0)?;
                    Some(self.read_long_value(engine, txn, lid, 0, size as usize)?.0)
                }
            },
        })
    }

    /// A long-value column (ErrRECSetLongField).
    #[allow(clippy::too_many_arguments)]
    fn set_long_value(&mut self, engine: &Engine, txn: &Txn, def: &TableDef, col: &ColumnDef, bytes: &[u8], cb: usize, grbit: u32, itag: u32, ib: u32) -> JetResult<JET_ERR> {
        if col.class() != ColumnClass::Tagged {
            return Err(JetError::InvalidColumnType);
        }
        self.refresh_lv(engine, txn)?;
        let placement = grbit & (JET_bitSetSeparateLV | JET_bitSetIntrinsicLV);
        let revert = grbit & JET_bitSetRevertToDefaultValue != 0;
        let unique = grbit & (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues);
        let compress = grbit & (JET_bitSetCompressed | JET_bitSetUncompressed);
        let op_bits = grbit
            & !(JET_bitSetSeparateLV
                | JET_bitSetUniqueMultiValues
                | JET_bitSetUniqueNormalizedMultiValues
                | JET_bitSetRevertToDefaultValue
                | JET_bitSetIntrinsicLV
                | JET_bitSetCompressed
                | JET_bitSetUncompressed
                | SET_CONTIGUOUS_LV);
        let existing = if itag == 0 { None } else { self.copy_buffer_lv(engine, txn, def, col, itag)? };
        let new_instance = existing.is_none();
        let op = lv_op(op_bits, cb, new_instance, ib)?;
        let old = existing.unwrap_or_default();
        let new_value: Option<Vec<u8>> = match op {
            LvOp::Nothing => return Ok(JET_errSuccess),
            LvOp::Null => None,
            LvOp::ZeroLength => Some(Vec::new()),
            LvOp::Insert | LvOp::Replace => Some(bytes.to_vec()),
            LvOp::InsertZeroedOut => Some(vec![0; cb]),
            LvOp::Append => {
                let mut v = old;
                v.extend_from_slice(bytes);
                Some(v)
            }
            LvOp::Resize => {
                let mut v = old;
                v.resize(cb, 0);
                Some(v)
            }
            LvOp::OverwriteRange | LvOp::OverwriteRangeAndResize => {
                let at = ib as usize;
                if at > old.len() {
                    return Err(JetError::ColumnNoChunk);
                }
                let mut v = old;
                if op == LvOp::OverwriteRangeAndResize {
                    v.truncate(at);
                }
                if at + bytes.len() > v.len() {
                    v.resize(at + bytes.len(), 0);
                }
                v[at..at + bytes.len()].copy_from_slice(bytes);
                Some(v)
            }
        };
        let Some(value) = new_value else {
            let opts = SetOptions { revert_to_default: revert, ..SetOptions::default() };
            self.set_with_room(def, col, itag, SetValue::Null, &opts)?;
            return Ok(JET_errSuccess);
        };
        if col.cb_max > 0 && value.len() > col.cb_max as usize {
            return Err(JetError::ColumnTooBig);
        }
        if unique != 0 && (!bytes.is_empty() || grbit & JET_bitSetZeroLength != 0) {
            self.check_unique_lv(engine, txn, def, col, itag, &value, unique & JET_bitSetUniqueNormalizedMultiValues != 0)?;
        }
        let config = self.record_config();
        let table_most = crate::record::limits::lv_intrinsic_table_most(config.record_most);
        let preferred = match placement {
            JET_bitSetSeparateLV => config.lid_size,
            JET_bitSetIntrinsicLV => table_most,
            _ => crate::record::limits::preferred_intrinsic_lv_max(config.record_most, config.lid_size, crate::record::limits::LV_INTRINSIC_MOST),
        };
        let opts = Self::set_options(compress | if revert { JET_bitSetRevertToDefaultValue } else { 0 }, false);
        let want_compress = match opts.compression {
            crate::record::Compression::Force => true,
            crate::record::Compression::Never => false,
            crate::record::Compression::Column => col.flags.contains(ColumnFlags::COMPRESSED),
        };
        if value.len() <= preferred {
            let r = {
                let u = self.update.as_mut().unwrap();
                u.builder.set(def, col, itag, SetValue::Data(&value), &opts)
            };
            match r {
                Ok(_) => return Ok(JET_errSuccess),
                // too big for the record as it is: this value goes to the LV tree
                Err(JetError::RecordTooBig | JetError::ColumnDoesNotFit) if value.len() > config.lid_size => {}
                Err(e) => return Err(e),
            }
        }
        let u = self.update.as_mut().unwrap();
        u.next_placeholder += 1;
        let lid = u.next_placeholder;
        u.pending_lvs.insert(lid, value);
        if want_compress {
            u.compress_lvs.insert(lid);
        }
        self.set_with_room(def, col, itag, SetValue::Separated(LvId(lid)), &SetOptions { revert_to_default: revert, ..SetOptions::default() })?;
        Ok(JET_errSuccess)
    }

    /// JET_bitSetUniqueMultiValues on a long-value column.
    #[allow(clippy::too_many_arguments)]
    fn check_unique_lv(&self, engine: &Engine, txn: &Txn, def: &TableDef, col: &ColumnDef, itag: u32, value: &[u8], normalized: bool) -> JetResult<()> {
        let n = {
            let u = self.update.as_ref().unwrap();
            let rec = u.builder.to_bytes();
            RecordView::parse(&rec, u.builder.config().page_size)?.value_count(def, col)?
        };
        for i in 1..=n {
            if i == itag {
                continue;
            }
            if let Some(other) = self.copy_buffer_lv(engine, txn, def, col, i)? {
                let same = if normalized { normalized_equal(col, &other, value) } else { other == value };
                if same {
                    return Err(JetError::MultiValuedDuplicate);
                }
            }
        }
        Ok(())
    }
}

/// Stage one write of an index or the table.
fn stage(engine: &Engine, txn: &mut Txn, ix: &OpenIndex, key: EntryKey, op: WriteOp, lock: bool) -> JetResult<()> {
    stage_tree(engine, txn, ix.id, ix.tree, key, op, lock)
}

/// Every write an update makes goes through here (one place to divert the
/// writes of tables that are not transactional).
fn stage_tree(engine: &Engine, txn: &mut Txn, id: crate::version::TreeId, tree: crate::btree::Tree, key: EntryKey, op: WriteOp, lock: bool) -> JetResult<()> {
    // a temporary table's writes apply at once, unlogged: a rollback does not undo them
    if super::temp::is_temp_tree(id) {
        return super::temp::apply_now(engine, id, tree, &key, &op);
    }
    txn::stage(engine, txn, id, tree, key, op, lock)
}

/// The LIDs a record refers to, with how many times.
fn lids_of(cursor: &TableCursor, record: &[u8]) -> JetResult<HashMap<u64, u32>> {
    // long-value references live in tagged columns only
    if cursor.parse(record)?.tag_fields().is_empty() {
        return Ok(HashMap::new());
    }
    let b = RecordBuilder::from_record(record, cursor.record_config())?;
    let mut out = HashMap::new();
    for l in b.separated_lids()? {
        *out.entry(l.0).or_insert(0) += 1;
    }
    Ok(out)
}

impl TableCursor {
    /// Run `f` as one atomic step of the session's transaction (an implicit
    /// transaction outside one): on failure nothing it staged remains.
    pub(crate) fn atomically<T>(&mut self, engine: &Engine, txn: &mut Txn, f: impl FnOnce(&mut TableCursor, &Engine, &mut Txn) -> JetResult<T>) -> JetResult<T> {
        let implicit = !txn.active();
        if implicit {
            txn::begin(engine, txn, 0)?;
        }
        txn.ws.savepoint();
        match f(self, engine, txn) {
            Ok(v) => {
                txn.ws.release_savepoint();
                if implicit {
                    txn::commit(engine, txn, 0)?;
                }
                Ok(v)
            }
            Err(e) => {
                txn.ws.rollback_to_savepoint();
                if implicit {
                    txn::rollback_all(engine, txn);
                }
                Err(e)
            }
        }
    }

    /// JetUpdate: returns the record's bookmark (None: a replace that changed
    /// nothing, which ESE treats as done without writing).
    pub fn update(&mut self, engine: &Engine, txn: &mut Txn, bookmark_room: Option<usize>) -> JetResult<Vec<u8>> {
        let prepared = self.update.take().ok_or(JetError::UpdateNotPrepared)?;
        if let Err(e) = self.refresh_lv(engine, txn) {
            self.update = Some(prepared);
            return Err(e);
        }
        let r = self.atomically(engine, txn, |c, e, x| c.apply_update(e, x, &prepared, bookmark_room));
        if r.is_err() {
            // a failed JetUpdate leaves the update prepared, as in ESE
            self.update = Some(prepared);
        }
        r
    }

    fn apply_update(&mut self, engine: &Engine, txn: &mut Txn, prepared: &Prepared, bookmark_room: Option<usize>) -> JetResult<Vec<u8>> {
        let table_arc = self.table.clone();
        let def = &table_arc.def;
        let replacing = !prepared.kind.is_insert();
        if replacing {
            let (bm, old) = prepared.original.as_ref().ok_or(JetError::InternalError)?;
            if prepared.kind == UpdateKind::ReplaceNoLock {
                // optimistic locking: the record must be as it was when prepared
                match self.record_by_bookmark(engine, txn, bm)? {
                    Some(now) if now == *old => {}
                    Some(_) => return Err(JetError::WriteConflict),
                    None => return Err(JetError::RecordDeleted),
                }
            }
            if !prepared.dirty {
                return Ok(bm.clone());
            }
        }
        // the copy buffer stays as prepared (a failed JetUpdate leaves it so):
        // it is copied only when the update itself changes columns in it
        let mut copy: Option<RecordBuilder> = None;
        if prepared.kind == UpdateKind::Insert
            && let Some((col, seq)) = self.tt_sequence()
        {
            // a forward-only sort keeps duplicate keys apart by insertion order
            let c = def.column(col).ok_or(JetError::InternalError)?;
            let b = copy.get_or_insert_with(|| prepared.builder.clone());
            b.set(&def, &c, 1, SetValue::Data(&(seq as i32).to_le_bytes()), &SetOptions::default())?;
        }
        if def.columns.iter().any(|c| c.flags.contains(ColumnFlags::VERSION)) {
            let b = copy.get_or_insert_with(|| prepared.builder.clone());
            self.bump_version(&def, b, prepared)?;
        }
        let probe = copy.as_ref().unwrap_or(&prepared.builder).to_bytes();
        let view = self.parse(&probe)?;
        RecordBuilder::check_not_null_of(&def, &view)?;
        // the primary key: from the new record, or a new DBK
        let new_bookmark = match &self.primary.spec {
            // a replace that set none of the primary key's columns keeps its key
            Some(spec) if replacing && !prepared.may_change_keys(spec, &def) => {
                prepared.original.as_ref().ok_or(JetError::InternalError)?.0.clone()
            }
            Some(spec) => {
                let mut vals = Values { cursor: self, engine, txn, view, pending: Some(&prepared.pending_lvs) };
                crate::key::primary_key(spec, &mut vals)?
            }
            None => match (&prepared.kind, &prepared.original) {
                (UpdateKind::Replace | UpdateKind::ReplaceNoLock | UpdateKind::InsertCopyReplaceOriginal, Some((bm, _))) => bm.clone(),
                _ => self.next_dbk(engine, txn)?,
            },
        };
        if !replacing {
            if let Some(room) = bookmark_room {
                if new_bookmark.len() > room {
                    return Err(JetError::BufferTooSmall);
                }
            }
        }
        // give pending long values real LIDs and stage their nodes
        let record = if prepared.pending_lvs.is_empty() {
            probe
        } else {
            let b = copy.get_or_insert_with(|| prepared.builder.clone());
            self.store_long_values(engine, txn, &def, b, prepared)?;
            b.to_bytes()
        };
        let new_lids = lids_of(self, &record)?;
        match prepared.kind {
            UpdateKind::Replace | UpdateKind::ReplaceNoLock => {
                let (old_bm, old_rec) = prepared.original.as_ref().ok_or(JetError::InternalError)?;
                if *old_bm != new_bookmark {
                    return Err(JetError::RecordPrimaryChanged);
                }
                // the record must still be there (another cursor of this session may have deleted it)
                let current = self.record_by_bookmark(engine, txn, old_bm)?.ok_or(JetError::RecordDeleted)?;
                stage(engine, txn, &self.primary, EntryKey::unique(&new_bookmark), WriteOp::Put(record.clone()), true)?;
                self.update_indexes(engine, txn, Some(old_rec), Some(&record), &new_bookmark, Some(prepared))?;
                let old_lids = lids_of(self, &current)?;
                self.adjust_lv_refs(engine, txn, &old_lids, &new_lids)?;
            }
            UpdateKind::InsertCopyReplaceOriginal => {
                // the original goes and the copy takes its place (same autoincrement)
                let (old_bm, old_rec) = prepared.original.as_ref().ok_or(JetError::InternalError)?;
                let current = self.record_by_bookmark(engine, txn, old_bm)?.ok_or(JetError::RecordDeleted)?;
                stage(engine, txn, &self.primary, EntryKey::unique(old_bm), WriteOp::Delete, true)?;
                self.update_indexes(engine, txn, Some(old_rec), None, old_bm, None)?;
                self.insert_record(engine, txn, &new_bookmark, &record)?;
                let old_lids = lids_of(self, &current)?;
                self.adjust_lv_refs(engine, txn, &old_lids, &new_lids)?;
            }
            UpdateKind::InsertCopyDeleteOriginal => {
                // ESE deletes the original first: the copy may keep its key
                let (old_bm, old_rec) = prepared.original.as_ref().ok_or(JetError::InternalError)?;
                let current = self.record_by_bookmark(engine, txn, old_bm)?.ok_or(JetError::RecordDeleted)?;
                stage(engine, txn, &self.primary, EntryKey::unique(old_bm), WriteOp::Delete, true)?;
                self.update_indexes(engine, txn, Some(old_rec), None, old_bm, None)?;
                self.insert_record(engine, txn, &new_bookmark, &record)?;
                let old_lids = lids_of(self, &current)?;
                self.adjust_lv_refs(engine, txn, &old_lids, &new_lids)?;
            }
            UpdateKind::Insert | UpdateKind::InsertCopy => {
                self.insert_record(engine, txn, &new_bookmark, &record)?;
                // a copy shares the original's stored long values
                self.adjust_lv_refs(engine, txn, &HashMap::new(), &new_lids)?;
            }
        }
        Ok(new_bookmark)
    }

    /// An insert: the key must be new, then the record and its index entries.
    fn insert_record(&mut self, engine: &Engine, txn: &mut Txn, bookmark: &[u8], record: &[u8]) -> JetResult<()> {
        match self.check_insert_key(engine, txn, &self.primary, bookmark) {
            // a sort being filled drops a duplicate key silently
            Err(JetError::KeyDuplicate) if self.tt_drops_duplicates() => {
                self.tt_count_insert();
                return Ok(());
            }
            r => r?,
        }
        self.tt_count_insert();
        stage(engine, txn, &self.primary, EntryKey::unique(bookmark), WriteOp::Put(record.to_vec()), true)?;
        self.update_indexes(engine, txn, None, Some(record), bookmark, None)
    }

    /// The version column: 0 on an insert that did not set it, the old value
    /// plus one on a replace.
    fn bump_version(&self, def: &TableDef, builder: &mut RecordBuilder, prepared: &Prepared) -> JetResult<()> {
        let Some(col) = def.columns.iter().find(|c| c.flags.contains(ColumnFlags::VERSION)) else { return Ok(()) };
        let next = if prepared.kind.is_insert() && prepared.kind != UpdateKind::InsertCopyReplaceOriginal {
            if prepared.version_set {
                return Ok(());
            }
            0u32
        } else {
            let bytes = builder.to_bytes();
            let view = RecordView::parse(&bytes, builder.config().page_size)?;
            let old = match view.retrieve(def, col, 1, false)? {
                ColumnValue::Data(d) if d.len() == 4 => u32::from_le_bytes(d.try_into().unwrap()),
                _ => 0,
            };
            old.wrapping_add(1)
        };
        builder.set(def, col, 1, SetValue::Data(&next.to_le_bytes()), &SetOptions::default())?;
        Ok(())
    }

    /// ESE's insert never reports a write conflict: a key another transaction
    /// holds, or that a commit after this snapshot used, is a duplicate too.
    ///
    /// The key is taken when the transaction's view holds it (its own write
    /// set, else the B-tree as of its snapshot), when another transaction
    /// holds its lock, or when a commit after the snapshot changed it. The
    /// cheap tests go first; the B-tree is read only when they leave it open
    /// (a commit after the snapshot is the only case where the view would
    /// show a before-image instead of the B-tree, and it is a duplicate anyway).
    fn check_insert_key(&self, engine: &Engine, txn: &Txn, ix: &OpenIndex, key: &[u8]) -> JetResult<()> {
        let ek = EntryKey::unique(key);
        let own = if txn.level > 0 { txn.ws.get(ix.id, &ek) } else { None };
        if matches!(own, Some(WriteOp::Put(_))) {
            return Err(JetError::KeyDuplicate);
        }
        if engine.versions.locked_by_other(txn.id, ix.id, &ek) || engine.versions.changed_after(ix.id, &ek, txn.snap) {
            return Err(JetError::KeyDuplicate);
        }
        if matches!(own, Some(WriteOp::Delete)) {
            return Ok(());
        }
        // no write of its own, or escrow deltas (which leave the entry there
        // if it is there): the committed entry decides, which is the
        // B-tree's (outside a transaction the view is the latest state)
        let store = self.db.store.read();
        if keycheck::tree_has_key(&self.db, &store, &ix.tree, key)? {
            return Err(JetError::KeyDuplicate);
        }
        Ok(())
    }

    /// Stage the index entries that change between two versions of a record.
    /// `replace`: the prepared replace that made `new` from `old`; indexes on
    /// none of the columns it set keep their entries and are not recomputed.
    fn update_indexes(&self, engine: &Engine, txn: &mut Txn, old: Option<&[u8]>, new: Option<&[u8]>, bookmark: &[u8], replace: Option<&Prepared>) -> JetResult<()> {
        for ix in self.secondary_indexes()?.iter() {
            let spec: Arc<IndexKeySpec> = ix.spec.clone().ok_or(JetError::InternalError)?;
            if replace.is_some_and(|p| !p.may_change_keys(&spec, self.def())) {
                continue;
            }
            let old_keys = match old {
                Some(r) => index_keys(self, engine, txn, &spec, r)?,
                None => Vec::new(),
            };
            let new_keys = match new {
                Some(r) => index_keys(self, engine, txn, &spec, r)?,
                None => Vec::new(),
            };
            // an insert or a delete changes every entry: no difference to take
            let (removed, added) = if old_keys.is_empty() || new_keys.is_empty() {
                (old_keys, new_keys)
            } else {
                crate::key::entries_diff(&old_keys, &new_keys)
            };
            // the keys are owned here: they become the entries' keys as they are
            for k in removed {
                let ek = if ix.unique_tree() { EntryKey { key: k, dup: Vec::new() } } else { EntryKey { key: k, dup: bookmark.to_vec() } };
                stage(engine, txn, ix, ek, WriteOp::Delete, ix.unique_tree())?;
            }
            for k in added {
                if ix.unique_tree() {
                    self.check_insert_key(engine, txn, ix, &k)?;
                    stage(engine, txn, ix, EntryKey { key: k, dup: Vec::new() }, WriteOp::Put(bookmark.to_vec()), true)?;
                } else {
                    stage(engine, txn, ix, EntryKey { key: k, dup: bookmark.to_vec() }, WriteOp::Put(bookmark.to_vec()), false)?;
                }
            }
        }
        Ok(())
    }

    /// The next DBK (record key of a table without a primary index).
    fn next_dbk(&self, engine: &Engine, txn: &Txn) -> JetResult<Vec<u8>> {
        let mut counters = self.db.counters.lock();
        let c = counters.entry(self.table.def.objid).or_default();
        if c.dbk_next.is_none() {
            let store = self.db.store.read();
            let mut src = TreeSource::new(&store, self.primary.tree);
            let last = txn.view(engine, self.primary.id).seek(&mut src as &mut dyn Source, From::Edge, false)?;
            let last = last.map(|(k, _)| k.key).filter(|k| k.len() == 4).map(|k| u32::from_be_bytes(k.try_into().unwrap())).unwrap_or(0);
            c.dbk_next = Some(last + 1);
        }
        let v = c.dbk_next.unwrap();
        c.dbk_next = Some(v + 1);
        Ok(v.to_be_bytes().to_vec())
    }

    /// The LV tree's identity for staging: (tree id, handle).
    fn lv_target(&self) -> JetResult<(crate::version::TreeId, crate::btree::Tree)> {
        let lv = self.lv.ok_or(JetError::LVCorrupted)?;
        let objid = self.table.def.lv_tree.ok_or(JetError::LVCorrupted)?.0;
        Ok(((self.db.dbid, objid), lv))
    }

    /// Store the long values of an update in the LV tree, with fresh LIDs.
    fn store_long_values(&mut self, engine: &Engine, txn: &mut Txn, def: &TableDef, builder: &mut RecordBuilder, prepared: &Prepared) -> JetResult<()> {
        self.ensure_lv_tree(engine, txn)?;
        let (id, lv_tree) = self.lv_target()?;
        let chunk = self.lv_chunk_size();
        let bytes = builder.to_bytes();
        let view = RecordView::parse(&bytes, self.db.page_size as u32)?;
        let mut sets = Vec::new();
        for col in def.columns.iter().filter(|c| c.coltyp.is_long()) {
            let n = view.value_count(def, col)?;
            for itag in 1..=n {
                if let ColumnValue::Separated(lid) = view.retrieve(def, col, itag, false)? {
                    if let Some(data) = prepared.pending_lvs.get(&lid.0) {
                        sets.push((col.clone(), itag, lid.0, data.clone()));
                    }
                }
            }
        }
        for (col, itag, placeholder, data) in sets {
            let lid = self.next_lid(engine, txn)?;
            let compress = prepared.compress_lvs.contains(&placeholder).then_some(crate::record::compress::DEFAULT_MIN_DATA_FOR_XPRESS);
            let nodes = crate::record::lv::build(lid, &data, chunk, compress)?;
            stage_tree(engine, txn, id, lv_tree, EntryKey::unique(&nodes.root_key), WriteOp::Put(nodes.root.clone()), false)?;
            for (k, d) in nodes.chunks {
                stage_tree(engine, txn, id, lv_tree, EntryKey::unique(&k), WriteOp::Put(d), false)?;
            }
            builder.set(def, &col, itag, SetValue::Separated(lid), &SetOptions::default())?;
        }
        Ok(())
    }

    fn next_lid(&self, engine: &Engine, txn: &Txn) -> JetResult<LvId> {
        let mut counters = self.db.counters.lock();
        let c = counters.entry(self.table.def.objid).or_default();
        if c.lid_next.is_none() {
            let mut last = 0u64;
            if let (Some(tree), Some((objid, _))) = (self.lv, self.table.def.lv_tree) {
                let store = self.db.store.read();
                let mut src = TreeSource::new(&store, tree);
                if let Some((k, _)) = txn.view(engine, (self.db.dbid, objid)).seek(&mut src as &mut dyn Source, From::Edge, false)? {
                    if let Ok(crate::record::LvKey::Root(l) | crate::record::LvKey::Chunk(l, _)) = crate::record::lv::parse_key(&k.key) {
                        last = l.0;
                    }
                }
            }
            c.lid_next = Some(last + 1);
        }
        let v = c.lid_next.unwrap();
        c.lid_next = Some(v + 1);
        Ok(LvId(v))
    }

    /// Reference counts of stored long values: every LID `before` holds and
    /// `after` does not loses a reference (the value goes when none is left),
    /// every one `after` adds gains one. LIDs just stored (refcount 1) are in
    /// neither side's difference.
    fn adjust_lv_refs(&mut self, engine: &Engine, txn: &mut Txn, before: &HashMap<u64, u32>, after: &HashMap<u64, u32>) -> JetResult<()> {
        let mut deltas: Vec<(u64, i64)> = Vec::new();
        for (lid, n) in before {
            let m = after.get(lid).copied().unwrap_or(0);
            if *n != m {
                deltas.push((*lid, m as i64 - *n as i64));
            }
        }
        for (lid, m) in after {
            if !before.contains_key(lid) {
                deltas.push((*lid, *m as i64));
            }
        }
        if deltas.is_empty() {
            return Ok(());
        }
        deltas.sort();
        let (id, lv_tree) = self.lv_target()?;
        for (lid, delta) in deltas {
            let lid = LvId(lid);
            let root_key = EntryKey::unique(&lid.root_key());
            let root = super::txn::read_entry(engine, txn, &self.db, id, lv_tree, &root_key)?;
            let Some(root) = root else {
                // a value stored in this very update already counts its reference
                continue;
            };
            let mut r = LvRoot::parse(&root)?;
            let count = r.ref_count as i64 + delta;
            if count > 0 {
                r.ref_count = count as u32;
                stage_tree(engine, txn, id, lv_tree, root_key, WriteOp::Put(r.encode()), true)?;
            } else {
                // the last reference went: the value and its chunks go
                stage_tree(engine, txn, id, lv_tree, root_key, WriteOp::Delete, true)?;
                let chunk = self.lv_chunk_size() as u32;
                let mut off = 0u32;
                while off < r.size {
                    stage_tree(engine, txn, id, lv_tree, EntryKey::unique(&lid.chunk_key(off)), WriteOp::Delete, false)?;
                    off = off.saturating_add(chunk);
                }
            }
        }
        Ok(())
    }

    /// JetDelete.
    pub fn delete(&mut self, engine: &Engine, txn: &mut Txn) -> JetResult<()> {
        self.tt_allow(super::temp::TtOp::Delete)?;
        self.check_writable()?;
        if txn.read_only {
            return Err(JetError::TransReadOnly);
        }
        match self.update.as_ref().map(|u| u.kind) {
            Some(UpdateKind::InsertCopyDeleteOriginal) => return Err(JetError::AlreadyPrepared),
            Some(_) => self.update = None,
            None => {}
        }
        self.ensure_current(engine, txn)?;
        self.refresh_lv(engine, txn)?;
        let bookmark = self.bookmark()?.to_vec();
        // the cursor stays where the record was: reads find it gone
        // (JET_errRecordDeleted), moves go on from its place
        self.atomically(engine, txn, |c, e, x| {
            let record = c.record_by_bookmark(e, x, &bookmark)?.ok_or(JetError::RecordDeleted)?;
            stage(e, x, &c.primary, EntryKey::unique(&bookmark), WriteOp::Delete, true)?;
            c.update_indexes(e, x, Some(&record), None, &bookmark, None)?;
            let lids = lids_of(c, &record)?;
            c.adjust_lv_refs(e, x, &lids, &HashMap::new())
        })
    }
}

impl TableCursor {
    /// A cursor the engine opens for its own work on a table (the record
    /// deletions of escrow columns that reach zero).
    fn internal(engine: &Engine, dbid: u32, objid: u32) -> JetResult<TableCursor> {
        let db = engine.database(dbid)?;
        let (table, version) = db.table(TableRef::Objid(objid))?;
        let primary = super::table::open_index(&db, &table.def, table.def.primary_index())?;
        let lv = match table.def.lv_tree {
            Some((_, pgno)) => Some(db.store.read().open_tree(pgno)?),
            None => None,
        };
        Ok(TableCursor {
            read_only: db.read_only,
            db,
            table,
            schema_version: version,
            current: primary.clone(),
            primary,
            pos: super::table::Position::DeferFirst,
            key: crate::key::KeyBuilder::new(),
            range: None,
            update: None,
            lv,
            grbit: 0,
            temp: None,
            cache: Default::default(),
        })
    }

    /// The value of a fixed integer column in the current record as this
    /// transaction sees it, and whether the record holds it.
    fn fixed_integer(&self, engine: &Engine, txn: &Txn, col: &ColumnDef) -> JetResult<(i64, bool)> {
        let record = self.current_record(engine, txn)?;
        let view = self.parse(&record)?;
        let present = crate::record::schema::fid(col) as u32 <= view.fixed_last();
        let v = match view.retrieve(self.def(), col, 1, true)? {
            ColumnValue::Data(d) => decode_int(d),
            ColumnValue::Default(d) => decode_int(&d),
            _ => 0,
        };
        Ok((v, present))
    }

    /// JetEscrowUpdate: adds `delta` (4 or 8 bytes) to an escrow column of
    /// the current record; returns the value before (as this transaction
    /// sees it). Concurrent escrow updates of one record by several
    /// transactions do not conflict: each transaction's deltas apply to the
    /// record as committed when it commits.
    pub fn escrow_update(&mut self, engine: &Engine, txn: &mut Txn, columnid: u32, delta: &[u8], old_room: Option<usize>, grbit: JET_GRBIT) -> JetResult<Vec<u8>> {
        if !txn.active() {
            return Err(JetError::NotInTransaction);
        }
        self.check_writable()?;
        if txn.read_only {
            return Err(JetError::TransReadOnly);
        }
        let table_arc = self.table.clone();
        let def = &table_arc.def;
        let col = def.column(columnid).ok_or(JetError::ColumnNotFound)?;
        if self.update.is_some() {
            return Err(JetError::AlreadyPrepared);
        }
        let width = col.fixed_len() as usize;
        if delta.len() != width {
            return Err(JetError::InvalidBufferSize);
        }
        if old_room.is_some_and(|n| n != 0 && width > n) {
            return Err(JetError::InvalidBufferSize);
        }
        if col.class() != ColumnClass::Fixed || !col.flags.contains(ColumnFlags::ESCROW_UPDATE) || !(width == 4 || width == 8) {
            return Err(JetError::InvalidOperation);
        }
        self.ensure_current(engine, txn)?;
        let bookmark = self.bookmark()?.to_vec();
        let (old, present) = self.fixed_integer(engine, txn, &col)?;
        let d = decode_int(delta);
        let key = EntryKey::unique(&bookmark);
        if grbit & JET_bitEscrowNoRollback != 0 {
            // not undone by a rollback: applied in a transaction of its own
            let mut own = Txn::default();
            txn::begin(engine, &mut own, 0)?;
            let r = self.stage_delta(engine, &mut own, &col, &bookmark, d, width, present);
            match r {
                Ok(()) => txn::commit(engine, &mut own, 0)?,
                Err(e) => {
                    txn::rollback_all(engine, &mut own);
                    return Err(e);
                }
            }
        } else {
            self.stage_delta(engine, txn, &col, &bookmark, d, width, present)?;
        }
        let after = if width == 4 { (old as i32).wrapping_add(d as i32) as i64 } else { old.wrapping_add(d) };
        if after == 0 && col.flags.intersects(ColumnFlags::DELETE_ON_ZERO | ColumnFlags::FINALIZE) {
            txn.on_commit.push(super::txn::CommitAction::EscrowZero { dbid: self.db.dbid, objid: def.objid, bookmark: key.key.clone(), columnid });
        }
        Ok(if width == 4 { (old as i32).to_le_bytes().to_vec() } else { old.to_le_bytes().to_vec() })
    }

    /// Stage an escrow delta (the record gets the column first if it does not hold it).
    #[allow(clippy::too_many_arguments)]
    fn stage_delta(&mut self, engine: &Engine, txn: &mut Txn, col: &ColumnDef, bookmark: &[u8], d: i64, width: usize, present: bool) -> JetResult<()> {
        let key = EntryKey::unique(bookmark);
        if !present {
            // a record older than the column: write the column in (a plain replace)
            let record = self.record_by_bookmark(engine, txn, bookmark)?.ok_or(JetError::RecordDeleted)?;
            let mut b = RecordBuilder::from_record(&record, self.record_config())?;
            let table_arc = self.table.clone();
            let def = &table_arc.def;
            let dflt = match crate::record::schema::default_value(col) {
                crate::record::schema::DefaultValue::Value(v) => v.into_owned(),
                _ => vec![0; width],
            };
            b.set(&def, col, 1, SetValue::Data(&dflt), &SetOptions::default())?;
            stage(engine, txn, &self.primary, key.clone(), WriteOp::Put(b.to_bytes()), true)?;
        }
        engine.versions.lock_shared(txn.id, txn.snap, self.primary.id, &key, crate::version::SharedLock::Delta)?;
        engine.versions.check_budget(txn.ws.bytes())?;
        txn.trees.insert(self.primary.id, self.primary.tree);
        let delta = crate::version::Delta { offset: col.record_offset as u32, width: width as u8, delta: d };
        txn.ws.put_delta(self.primary.id, key, vec![delta]);
        Ok(())
    }

    /// JetGetLock: a read lock (shared with other readers) or a write lock on
    /// the current record, held until the transaction ends.
    pub fn get_lock(&mut self, engine: &Engine, txn: &Txn, grbit: JET_GRBIT) -> JetResult<()> {
        if !txn.active() {
            return Err(JetError::NotInTransaction);
        }
        let write = match grbit & (JET_bitReadLock | JET_bitWriteLock) {
            JET_bitReadLock => false,
            JET_bitWriteLock => {
                self.check_writable()?;
                if txn.read_only {
                    return Err(JetError::TransReadOnly);
                }
                true
            }
            _ => return Err(JetError::InvalidGrbit),
        };
        self.ensure_current(engine, txn)?;
        let bookmark = self.bookmark()?.to_vec();
        self.record_by_bookmark(engine, txn, &bookmark)?.ok_or(JetError::RecordDeleted)?;
        let key = EntryKey::unique(&bookmark);
        if write {
            engine.versions.lock(txn.id, txn.snap, self.primary.id, &key)
        } else {
            engine.versions.lock_shared(txn.id, txn.snap, self.primary.id, &key, crate::version::SharedLock::Read)
        }
    }
}

/// A little-endian integer of 4 or 8 bytes.
fn decode_int(d: &[u8]) -> i64 {
    match d.len() {
        4 => i32::from_le_bytes(d.try_into().unwrap()) as i64,
        8 => i64::from_le_bytes(d.try_into().unwrap()),
        _ => 0,
    }
}

/// After a commit whose escrow delta brought a delete-on-zero column to
/// zero: delete the record if the column is still zero and no other
/// transaction has a version of it (ESE's FINALIZETASK). Today's ESE treats
/// JET_bitColumnFinalize the same way (dbtask.cxx's "Historical Notes"): the
/// record goes, and no JET_cbtypFinalize callback is made.
pub fn escrow_zero(engine: &Engine, dbid: u32, objid: u32, bookmark: &[u8], columnid: u32) -> JetResult<()> {
    let mut c = TableCursor::internal(engine, dbid, objid)?;
    let col = c.table.def.column(columnid).ok_or(JetError::ColumnNotFound)?.clone();
    if !col.flags.intersects(ColumnFlags::DELETE_ON_ZERO | ColumnFlags::FINALIZE) {
        return Ok(());
    }
    let mut txn = Txn::default();
    txn::begin(engine, &mut txn, 0)?;
    let r = (|| {
        let key = EntryKey::unique(bookmark);
        if engine.versions.deltas_by_other(txn.id, c.primary.id, &key) || engine.versions.locked_by_other(txn.id, c.primary.id, &key) {
            return Ok(false);
        }
        c.pos = super::table::Position::On { entry: EntryKey::unique(bookmark), bookmark: bookmark.to_vec() };
        if c.record_by_bookmark(engine, &txn, bookmark)?.is_none() {
            return Ok(false);
        }
        let (v, _) = c.fixed_integer(engine, &txn, &col)?;
        if v != 0 {
            return Ok(false);
        }
        c.delete(engine, &mut txn)?;
        Ok(true)
    })();
    match r {
        Ok(true) => txn::commit(engine, &mut txn, 0),
        Ok(false) => {
            txn::rollback_all(engine, &mut txn);
            Ok(())
        }
        Err(e) => {
            txn::rollback_all(engine, &mut txn);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lv_ops_follow_ese_grbit_table() {
        use LvOp::*;
        // (grbit, cb, new instance, ib) -> op
        let cases = [
            (JET_bitSetAppendLV, 0, true, 0, ZeroLength),
            (JET_bitSetAppendLV, 0, false, 0, Nothing),
            (JET_bitSetAppendLV, 3, true, 0, Insert),
            (JET_bitSetAppendLV, 3, false, 0, Append),
            (JET_bitSetOverwriteLV, 0, true, 0, ZeroLength),
            (JET_bitSetOverwriteLV, 0, false, 5, Nothing),
            (JET_bitSetOverwriteLV, 3, true, 0, Insert),
            (JET_bitSetOverwriteLV, 3, false, 7, OverwriteRange),
            (JET_bitSetSizeLV, 0, true, 0, Null),
            (JET_bitSetSizeLV, 0, false, 0, Null),
            (JET_bitSetSizeLV, 9, true, 0, InsertZeroedOut),
            (JET_bitSetSizeLV, 9, false, 0, Resize),
            (JET_bitSetZeroLength, 0, false, 0, ZeroLength),
            (JET_bitSetZeroLength, 2, false, 0, Replace),
            (JET_bitSetSizeLV | JET_bitSetZeroLength, 0, false, 0, ZeroLength),
            (JET_bitSetSizeLV | JET_bitSetZeroLength, 4, true, 0, InsertZeroedOut),
            (JET_bitSetSizeLV | JET_bitSetOverwriteLV, 0, false, 0, Null),
            (JET_bitSetSizeLV | JET_bitSetOverwriteLV, 2, false, 3, OverwriteRangeAndResize),
            (JET_bitSetSizeLV | JET_bitSetOverwriteLV, 2, true, 0, Insert),
            (0, 0, true, 0, Null),
            (0, 0, false, 0, Null),
            (0, 1, true, 0, Insert),
            (0, 1, false, 0, Replace),
        ];
        for (g, cb, new, ib, want) in cases {
            assert_eq!(lv_op(g, cb, new, ib), Ok(want), "grbit {g:#x} cb {cb} new {new} ib {ib}");
        }
        // writing into a value that does not exist yet, away from its start
        assert_eq!(lv_op(JET_bitSetOverwriteLV, 3, true, 1), Err(JetError::ColumnNoChunk));
        assert_eq!(lv_op(JET_bitSetOverwriteLV, 0, true, 1), Err(JetError::ColumnNoChunk));
        assert_eq!(lv_op(JET_bitSetSizeLV | JET_bitSetOverwriteLV, 3, true, 2), Err(JetError::ColumnNoChunk));
    }

    #[test]
    fn normalized_multi_values_compare_text_without_case() {
        let col = |coltyp, cp| ColumnDef { columnid: 256, name: "c".into(), coltyp, cb_max: 0, cp, flags: ColumnFlags::empty(), default: None, record_offset: 0 };
        assert!(normalized_equal(&col(Coltyp::Text, 1252), b"Red", b"rED"));
        assert!(!normalized_equal(&col(Coltyp::Text, 1252), b"Red", b"Reds"));
        let w = |s: &str| s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect::<Vec<u8>>();
        assert!(normalized_equal(&col(Coltyp::LongText, 1200), &w("Ärger"), &w("äRGER")));
        assert!(!normalized_equal(&col(Coltyp::Binary, 0), b"Red", b"red"));
    }
}
