#![allow(non_upper_case_globals)] // JET_* constants are matched by their C names
//! Updates: JetPrepareUpdate, JetSetColumn, JetUpdate, JetDelete.
//!
//! Owns: the copy buffer (`Prepared`: a record builder plus the long values it
//! will separate), turning an update into writes staged in the session's
//! transaction (the record, its index entries, its long values), the checks
//! ESE makes at each step (JET_errUpdateNotPrepared, JET_errKeyDuplicate,
//! JET_errWriteConflict, JET_errRecordPrimaryChanged, NULL checks), and the
//! implicit transaction of an update made outside one.
//! Must never: encode records or keys itself (record/ and key/ do).

use std::collections::HashMap;
use std::sync::Arc;

use crate::abi::*;
use crate::catalog::defs::{ColumnClass, ColumnDef, ColumnFlags, Coltyp, IndexFlags};
use crate::error::{JetError, JetResult};
use crate::key::{IndexKeySpec, RecordValues};
use crate::record::{ColumnValue, LvId, RecordBuilder, RecordConfig, RecordView, SetOptions, SetValue};
use crate::version::view::{From, Source};
use crate::version::{EntryKey, WriteOp};

use super::database::TreeSource;
use super::engine::Engine;
use super::table::{OpenIndex, TableCursor};
use super::txn::{self, Txn};

/// What kind of update is prepared.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum UpdateKind {
    Insert,
    Replace,
    ReplaceNoLock,
    InsertCopy,
    InsertCopyDeleteOriginal,
}

/// The copy buffer of a prepared update.
pub struct Prepared {
    pub kind: UpdateKind,
    pub builder: RecordBuilder,
    /// Replace and insert-copy: the record as it was (bookmark, bytes).
    pub original: Option<(Vec<u8>, Vec<u8>)>,
    /// Long values set during this update that will be stored separately.
    pub pending_lvs: HashMap<u64, Vec<u8>>,
    /// Whether JetSetColumn changed anything (JetUpdate of an unchanged replace is a no-op).
    pub dirty: bool,
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
    fn value(&mut self, columnid: u32, itag_sequence: u32, ib_offset: usize, cb_max: usize) -> JetResult<Option<Vec<u8>>> {
        let table = self.cursor.def();
        let col = table.column(columnid).ok_or(JetError::ColumnNotFound)?;
        let v = self.view.retrieve(table, col, itag_sequence.max(1), true)?;
        let bytes: Vec<u8> = match v {
            ColumnValue::Null | ColumnValue::UserDefinedDefault => return Ok(None),
            ColumnValue::Data(d) => d.get(ib_offset..).unwrap_or(&[]).to_vec(),
            ColumnValue::Default(d) => d.get(ib_offset..).unwrap_or(&[]).to_vec(),
            ColumnValue::Decompressed(d) => d.get(ib_offset..).unwrap_or(&[]).to_vec(),
            ColumnValue::Separated(lid) => {
                if let Some(p) = self.pending.and_then(|p| p.get(&lid.0)) {
                    p.get(ib_offset..).unwrap_or(&[]).to_vec()
                } else {
                    let want = if cb_max == 0 { 1 } else { cb_max };
                    self.cursor.read_long_value(self.engine, self.txn, lid, ib_offset as u32, want)?.0
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

impl TableCursor {
    fn record_config(&self) -> RecordConfig {
        let cb_key_most = self.table.def.primary_index().map(|i| if i.cb_key_most == 0 { 255 } else { i.cb_key_most }).unwrap_or(4);
        RecordConfig::new(self.db.page_size as u32, cb_key_most)
    }

    fn check_writable(&self) -> JetResult<()> {
        if self.read_only || self.db.read_only {
            return Err(JetError::PermissionDenied);
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
            _ => return Err(JetError::InvalidParameter),
        };
        self.check_writable()?;
        if self.update.is_some() {
            return Err(JetError::AlreadyPrepared);
        }
        let config = self.record_config();
        let prepared = match kind {
            UpdateKind::Insert => {
                let mut builder = RecordBuilder::new_record(&self.table.def, config)?;
                self.fill_autoincrement(engine, txn, &mut builder)?;
                Prepared { kind, builder, original: None, pending_lvs: HashMap::new(), dirty: true }
            }
            _ => {
                self.ensure_current(engine, txn)?;
                let bookmark = self.bookmark()?.to_vec();
                let record = self.record_by_bookmark(engine, txn, &bookmark)?.ok_or(JetError::RecordDeleted)?;
                if kind == UpdateKind::Replace && txn.active() {
                    engine.versions.lock(txn.id, txn.snap, self.primary.id, &EntryKey::unique(&bookmark))?;
                }
                let mut builder = RecordBuilder::from_record(&record, config)?;
                if matches!(kind, UpdateKind::InsertCopy | UpdateKind::InsertCopyDeleteOriginal) {
                    self.fill_autoincrement(engine, txn, &mut builder)?;
                }
                let dirty = matches!(kind, UpdateKind::InsertCopy | UpdateKind::InsertCopyDeleteOriginal);
                Prepared { kind, builder, original: Some((bookmark, record)), pending_lvs: HashMap::new(), dirty }
            }
        };
        self.update = Some(prepared);
        Ok(())
    }

    /// Put the next autoincrement value into a new record's copy buffer.
    fn fill_autoincrement(&self, engine: &Engine, txn: &Txn, builder: &mut RecordBuilder) -> JetResult<()> {
        let def = self.def();
        let Some(col) = def.columns.iter().find(|c| c.flags.contains(ColumnFlags::AUTOINCREMENT)) else {
            return Ok(());
        };
        let next = {
            let mut counters = self.db.counters.lock();
            let c = counters.entry(def.objid).or_default();
            if c.autoinc_next.is_none() {
                drop(counters);
                let max = self.max_autoincrement(engine, txn, col)?;
                counters = self.db.counters.lock();
                let c = counters.entry(def.objid).or_default();
                c.autoinc_next.get_or_insert(max + 1);
            }
            let c = counters.get_mut(&def.objid).unwrap();
            let v = c.autoinc_next.unwrap();
            c.autoinc_next = Some(v + 1);
            v
        };
        let bytes = match col.coltyp {
            Coltyp::Currency | Coltyp::LongLong => next.to_le_bytes().to_vec(),
            _ => (next as i32).to_le_bytes().to_vec(),
        };
        builder.set(def, col, 1, SetValue::Data(&bytes), &SetOptions::default())?;
        Ok(())
    }

    /// The highest autoincrement value in the table (0 if none), read through
    /// the committed state and this transaction.
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

    /// JetSetColumn.
    pub fn set_column(&mut self, columnid: u32, data: Option<&[u8]>, grbit: JET_GRBIT, itag_sequence: u32, ib_long_value: u32) -> JetResult<bool> {
        let def = self.table.def.clone();
        let col = def.column(columnid).ok_or(JetError::ColumnNotFound)?.clone();
        let config = self.record_config();
        let update = self.update.as_mut().ok_or(JetError::UpdateNotPrepared)?;
        if col.flags.contains(ColumnFlags::AUTOINCREMENT) && update.kind != UpdateKind::Insert {
            return Err(JetError::InvalidColumnType);
        }
        if col.flags.contains(ColumnFlags::VERSION) {
            return Err(JetError::InvalidColumnType);
        }
        let mut value: Vec<u8>;
        let zero_length = grbit & JET_bitSetZeroLength != 0;
        let is_null = data.is_none() || (data.is_some_and(|d| d.is_empty()) && !zero_length);
        // long-value editing grbits work on the current value
        if col.coltyp.is_long() && grbit & (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV) != 0 {
            let current = current_long_value(&def, &col, update, itag_sequence.max(1))?;
            value = current.unwrap_or_default();
            let d = data.unwrap_or(&[]);
            if grbit & JET_bitSetSizeLV != 0 {
                let n = u32::from_le_bytes(d.get(..4).ok_or(JetError::InvalidBufferSize)?.try_into().unwrap()) as usize;
                value.resize(n, 0);
            } else if grbit & JET_bitSetAppendLV != 0 {
                value.extend_from_slice(d);
            } else {
                let at = ib_long_value as usize;
                if at > value.len() {
                    return Err(JetError::InvalidParameter);
                }
                let end = at + d.len();
                if end > value.len() {
                    value.resize(end, 0);
                }
                value[at..end].copy_from_slice(d);
            }
        } else {
            if ib_long_value != 0 {
                return Err(JetError::InvalidParameter);
            }
            value = data.unwrap_or(&[]).to_vec();
        }
        let opts = SetOptions {
            revert_to_default: grbit & JET_bitSetRevertToDefaultValue != 0,
            compression: if grbit & JET_bitSetCompressed != 0 {
                crate::record::Compression::Force
            } else if grbit & JET_bitSetUncompressed != 0 {
                crate::record::Compression::Never
            } else {
                crate::record::Compression::Column
            },
            unique_multi_values: grbit & JET_bitSetUniqueMultiValues != 0,
        };
        let itag = itag_sequence;
        let set_value = if is_null && !col.coltyp.is_long() || is_null && grbit & (JET_bitSetAppendLV | JET_bitSetSizeLV | JET_bitSetOverwriteLV) == 0 {
            SetValue::Null
        } else if col.coltyp.is_long() && (value.len() > long_value_inline_max(&config) || grbit & JET_bitSetSeparateLV != 0) && grbit & JET_bitSetIntrinsicLV == 0 {
            // stored in the LV tree: keep the bytes until JetUpdate
            let lid = LvId(next_pending_lid(update));
            update.pending_lvs.insert(lid.0, value.clone());
            SetValue::Separated(lid)
        } else {
            SetValue::Data(&value)
        };
        if col.class() != ColumnClass::Tagged && itag > 1 {
            return Err(JetError::BadItagSequence);
        }
        let outcome = update.builder.set(&def, &col, itag, set_value, &opts)?;
        update.dirty = true;
        Ok(outcome.truncated)
    }
}

/// ESE keeps long values of up to 1023 bytes (and some more when the record
/// has room) in the record; larger ones go to the LV tree.
fn long_value_inline_max(config: &RecordConfig) -> usize {
    crate::record::limits::preferred_intrinsic_lv_max(config.record_most, config.lid_size, crate::record::limits::LV_INTRINSIC_MOST)
}

/// Placeholder LIDs for long values of a prepared update: high values that
/// JetUpdate replaces with real ones.
const PENDING_LID_BASE: u64 = 0x7F00_0000;

fn next_pending_lid(update: &Prepared) -> u64 {
    PENDING_LID_BASE + update.pending_lvs.len() as u64 + 1
}

/// The current value of a long-value column in the copy buffer (for append/overwrite/size).
fn current_long_value(def: &crate::catalog::defs::TableDef, col: &ColumnDef, update: &Prepared, itag: u32) -> JetResult<Option<Vec<u8>>> {
    let bytes = update.builder.to_bytes();
    let view = RecordView::parse(&bytes, update.builder.config().page_size)?;
    Ok(match view.retrieve(def, col, itag, true)? {
        ColumnValue::Null | ColumnValue::UserDefinedDefault => None,
        ColumnValue::Data(d) => Some(d.to_vec()),
        ColumnValue::Default(d) => Some(d.to_vec()),
        ColumnValue::Decompressed(d) => Some(d),
        ColumnValue::Separated(lid) => match update.pending_lvs.get(&lid.0) {
            Some(v) => Some(v.clone()),
            // an already stored long value: editing it in place is not built yet
            None => return Err(JetError::FeatureNotAvailable),
        },
    })
}

/// Staging helpers: a savepoint around one update so a failure leaves the
/// transaction as it was.
fn stage(engine: &Engine, txn: &mut Txn, ix: &OpenIndex, key: EntryKey, op: WriteOp, lock: bool) -> JetResult<()> {
    txn::stage(engine, txn, ix.id, ix.tree, key, op, lock)
}

impl TableCursor {
    /// JetUpdate: returns the record's bookmark.
    pub fn update(&mut self, engine: &Engine, txn: &mut Txn) -> JetResult<Vec<u8>> {
        let prepared = self.update.take().ok_or(JetError::UpdateNotPrepared)?;
        let implicit = !txn.active();
        if implicit {
            txn::begin(engine, txn, 0)?;
        }
        txn.ws.savepoint();
        let r = self.apply_update(engine, txn, &prepared);
        match r {
            Ok(bm) => {
                txn.ws.release_savepoint();
                if implicit {
                    txn::commit(engine, txn, 0)?;
                }
                Ok(bm)
            }
            Err(e) => {
                txn.ws.rollback_to_savepoint();
                if implicit {
                    txn::rollback_all(engine, txn);
                }
                // a failed JetUpdate leaves the update prepared, as in ESE
                self.update = Some(prepared);
                Err(e)
            }
        }
    }

    fn apply_update(&mut self, engine: &Engine, txn: &mut Txn, prepared: &Prepared) -> JetResult<Vec<u8>> {
        let def = self.table.def.clone();
        prepared.builder.check_not_null(&def)?;
        // give pending long values real LIDs and stage their nodes
        let mut builder = prepared.builder.clone();
        if !prepared.pending_lvs.is_empty() {
            self.store_long_values(engine, txn, &def, &mut builder, &prepared.pending_lvs)?;
        }
        let record = builder.to_bytes();
        let view = self.parse(&record)?;
        let new_bookmark = match &self.primary.spec {
            Some(spec) => {
                let mut vals = Values { cursor: self, engine, txn, view, pending: None };
                crate::key::primary_key(spec, &mut vals)?
            }
            None => match (&prepared.kind, &prepared.original) {
                (UpdateKind::Replace | UpdateKind::ReplaceNoLock, Some((bm, _))) => bm.clone(),
                _ => self.next_dbk(engine, txn)?,
            },
        };
        let replacing = matches!(prepared.kind, UpdateKind::Replace | UpdateKind::ReplaceNoLock);
        if replacing {
            let (old_bm, old_rec) = prepared.original.as_ref().ok_or(JetError::InternalError)?;
            if *old_bm != new_bookmark {
                return Err(JetError::RecordPrimaryChanged);
            }
            if !prepared.dirty {
                return Ok(new_bookmark);
            }
            // the record must still be there (another cursor of this session may have deleted it)
            if self.record_by_bookmark(engine, txn, old_bm)?.is_none() {
                return Err(JetError::RecordDeleted);
            }
            stage(engine, txn, &self.primary.clone(), EntryKey::unique(&new_bookmark), WriteOp::Put(record.clone()), true)?;
            self.update_indexes(engine, txn, Some(old_rec), Some(&record), &new_bookmark)?;
        } else {
            self.check_insert_key(engine, txn, &self.primary.clone(), &new_bookmark)?;
            stage(engine, txn, &self.primary.clone(), EntryKey::unique(&new_bookmark), WriteOp::Put(record.clone()), true)?;
            self.update_indexes(engine, txn, None, Some(&record), &new_bookmark)?;
            if prepared.kind == UpdateKind::InsertCopyDeleteOriginal {
                let (old_bm, old_rec) = prepared.original.as_ref().ok_or(JetError::InternalError)?;
                stage(engine, txn, &self.primary.clone(), EntryKey::unique(old_bm), WriteOp::Delete, true)?;
                self.update_indexes(engine, txn, Some(old_rec), None, old_bm)?;
            }
        }
        Ok(new_bookmark)
    }

    /// ESE's insert never reports a write conflict: a key another transaction
    /// holds, or that a commit after this snapshot used, is a duplicate too.
    fn check_insert_key(&self, engine: &Engine, txn: &Txn, ix: &OpenIndex, key: &[u8]) -> JetResult<()> {
        let ek = EntryKey::unique(key);
        let store = self.db.store.read();
        let mut src = TreeSource::new(&store, ix.tree);
        if txn.view(engine, ix.id).get(&mut src as &mut dyn Source, &ek)?.is_some() {
            return Err(JetError::KeyDuplicate);
        }
        if engine.versions.locked_by_other(txn.id, ix.id, &ek) || engine.versions.changed_after(ix.id, &ek, txn.snap) {
            return Err(JetError::KeyDuplicate);
        }
        Ok(())
    }

    /// Stage the index entries that change between two versions of a record.
    fn update_indexes(&self, engine: &Engine, txn: &mut Txn, old: Option<&[u8]>, new: Option<&[u8]>, bookmark: &[u8]) -> JetResult<()> {
        let def = self.table.def.clone();
        for ixdef in def.indexes.iter().filter(|i| !i.flags.contains(IndexFlags::PRIMARY)) {
            let ix = super::table::open_index(&self.db, &def, Some(ixdef))?;
            let spec: Arc<IndexKeySpec> = ix.spec.clone().ok_or(JetError::InternalError)?;
            let old_keys = match old {
                Some(r) => index_keys(self, engine, txn, &spec, r)?,
                None => Vec::new(),
            };
            let new_keys = match new {
                Some(r) => index_keys(self, engine, txn, &spec, r)?,
                None => Vec::new(),
            };
            let (removed, added) = crate::key::entries_diff(&old_keys, &new_keys);
            for k in removed {
                let ek = if ix.unique_tree() { EntryKey::unique(&k) } else { EntryKey::with_dup(&k, bookmark) };
                stage(engine, txn, &ix, ek, WriteOp::Delete, ix.unique_tree())?;
            }
            for k in added {
                if ix.unique_tree() {
                    self.check_insert_key(engine, txn, &ix, &k)?;
                    stage(engine, txn, &ix, EntryKey::unique(&k), WriteOp::Put(bookmark.to_vec()), true)?;
                } else {
                    stage(engine, txn, &ix, EntryKey::with_dup(&k, bookmark), WriteOp::Put(bookmark.to_vec()), false)?;
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

    /// Store the long values of an update in the LV tree, with fresh LIDs.
    fn store_long_values(&mut self, engine: &Engine, txn: &mut Txn, def: &crate::catalog::defs::TableDef, builder: &mut RecordBuilder, pending: &HashMap<u64, Vec<u8>>) -> JetResult<()> {
        let lv_tree = self.ensure_lv_tree(engine, txn)?;
        let lv_objid = self.table.def.lv_tree.ok_or(JetError::InternalError)?.0;
        let chunk = self.lv_chunk_size();
        let bytes = builder.to_bytes();
        let view = RecordView::parse(&bytes, self.db.page_size as u32)?;
        let mut sets = Vec::new();
        for col in def.columns.iter().filter(|c| c.coltyp.is_long()) {
            let n = view.value_count(def, col)?;
            for itag in 1..=n {
                if let ColumnValue::Separated(lid) = view.retrieve(def, col, itag, false)? {
                    if let Some(data) = pending.get(&lid.0) {
                        sets.push((col.clone(), itag, data.clone()));
                    }
                }
            }
        }
        for (col, itag, data) in sets {
            let lid = self.next_lid(engine, txn)?;
            let nodes = crate::record::lv::build(lid, &data, chunk, None)?;
            let id = (self.db.dbid, lv_objid);
            txn::stage(engine, txn, id, lv_tree, EntryKey::unique(&nodes.root_key), WriteOp::Put(nodes.root.clone()), false)?;
            for (k, d) in nodes.chunks {
                txn::stage(engine, txn, id, lv_tree, EntryKey::unique(&k), WriteOp::Put(d), false)?;
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

    /// JetDelete.
    pub fn delete(&mut self, engine: &Engine, txn: &mut Txn) -> JetResult<()> {
        self.check_writable()?;
        self.ensure_current(engine, txn)?;
        self.update = None;
        let bookmark = self.bookmark()?.to_vec();
        let implicit = !txn.active();
        if implicit {
            txn::begin(engine, txn, 0)?;
        }
        txn.ws.savepoint();
        let r = (|| {
            let record = self.record_by_bookmark(engine, txn, &bookmark)?.ok_or(JetError::RecordDeleted)?;
            stage(engine, txn, &self.primary.clone(), EntryKey::unique(&bookmark), WriteOp::Delete, true)?;
            self.update_indexes(engine, txn, Some(&record), None, &bookmark)
        })();
        match r {
            Ok(()) => {
                txn.ws.release_savepoint();
                if implicit {
                    txn::commit(engine, txn, 0)?;
                }
                // the cursor stays where the record was: reads find it gone
                // (JET_errRecordDeleted), moves go on from its place
                Ok(())
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
}
