//! Retrieval: JetRetrieveColumn(s), JetRetrieveKey, JetGetRecordSize.
//!
//! Owns: where a value comes from (the record as the transaction sees it, the
//! copy buffer for JET_bitRetrieveCopy, the index key for
//! JET_bitRetrieveFromIndex), defaults, multi-values by itagSequence, long
//! values with their offset, and the sizes reported.
//! Must never: write the caller's buffer (the C layer copies what it gets).

use crate::abi::*;
use crate::catalog::defs::ColumnClass;
use crate::error::{JetError, JetResult};
use crate::record::{ColumnValue, RecordView};

use super::engine::Engine;
use super::table::TableCursor;
use super::txn::Txn;

/// A retrieved value: up to the bytes the caller asked for, and the full size.
#[derive(Debug, PartialEq, Eq)]
pub struct Retrieved {
    /// None: the column is NULL (JET_wrnColumnNull).
    pub data: Option<Vec<u8>>,
    /// The value's size from `ib_long_value` on (what JetRetrieveColumn reports).
    pub size: usize,
}

impl TableCursor {
    /// The record a retrieval reads: the copy buffer or the current record.
    fn source_record(&mut self, engine: &Engine, txn: &Txn, copy: bool) -> JetResult<Vec<u8>> {
        if copy {
            let u = self.update.as_ref().ok_or(JetError::UpdateNotPrepared)?;
            return Ok(u.builder.to_bytes());
        }
        self.ensure_current(engine, txn)?;
        self.current_record(engine, txn)
    }

    /// JetRetrieveColumn for one column value.
    pub fn retrieve_column(
        &mut self,
        engine: &Engine,
        txn: &Txn,
        columnid: u32,
        itag_sequence: u32,
        ib_long_value: u32,
        cb_max: usize,
        grbit: JET_GRBIT,
    ) -> JetResult<Retrieved> {
        let copy = grbit & JET_bitRetrieveCopy != 0;
        let def = self.table.def.clone();
        let col = def.column(columnid).ok_or(JetError::ColumnNotFound)?.clone();
        if grbit & JET_bitRetrieveFromIndex != 0 && !copy {
            if let Some(r) = self.retrieve_from_index(engine, txn, columnid)? {
                return Ok(r);
            }
        }
        let record = self.source_record(engine, txn, copy)?;
        let view = RecordView::parse(&record, self.db.page_size as u32)?;
        let itag = if col.class() == ColumnClass::Tagged { itag_sequence.max(1) } else { 1 };
        if col.class() != ColumnClass::Tagged && itag_sequence > 1 {
            return Ok(Retrieved { data: None, size: 0 });
        }
        let use_default = grbit & JET_bitRetrieveIgnoreDefault == 0;
        let v = view.retrieve(&def, &col, itag, use_default)?;
        let ib = ib_long_value as usize;
        let whole = |d: &[u8]| -> Retrieved {
            let rest = d.get(ib..).unwrap_or(&[]);
            Retrieved { data: Some(rest[..rest.len().min(cb_max)].to_vec()), size: rest.len() }
        };
        Ok(match v {
            ColumnValue::Null | ColumnValue::UserDefinedDefault => Retrieved { data: None, size: 0 },
            ColumnValue::Data(d) => whole(d),
            ColumnValue::Default(d) => whole(&d),
            ColumnValue::Decompressed(d) => whole(&d),
            ColumnValue::Separated(lid) => {
                if copy {
                    if let Some(p) = self.update.as_ref().and_then(|u| u.pending_lvs.get(&lid.0)) {
                        return Ok(whole(p));
                    }
                }
                let (data, total) = self.read_long_value(engine, txn, lid, ib_long_value, cb_max)?;
                Retrieved { data: Some(data), size: (total as usize).saturating_sub(ib) }
            }
        })
    }

    /// JET_bitRetrieveFromIndex: the value decoded from the current index key,
    /// when the key holds it whole (None: read the record instead).
    fn retrieve_from_index(&mut self, engine: &Engine, txn: &Txn, columnid: u32) -> JetResult<Option<Retrieved>> {
        self.ensure_current(engine, txn)?;
        let Some(spec) = self.current.spec.clone() else { return Ok(None) };
        let super::table::Position::On { entry, .. } = &self.pos else { return Ok(None) };
        match crate::key::column_from_key(&spec, &entry.key, columnid, false)? {
            crate::key::ColumnFromKey::Value(v) => {
                let size = v.as_ref().map_or(0, |d| d.len());
                Ok(Some(Retrieved { data: v, size }))
            }
            crate::key::ColumnFromKey::NeedRecord => Ok(None),
        }
    }

    /// The number of values of a column (JetRetrieveColumns with itagSequence 0).
    pub fn value_count(&mut self, engine: &Engine, txn: &Txn, columnid: u32, copy: bool) -> JetResult<u32> {
        let def = self.table.def.clone();
        let col = def.column(columnid).ok_or(JetError::ColumnNotFound)?.clone();
        let record = self.source_record(engine, txn, copy)?;
        let view = RecordView::parse(&record, self.db.page_size as u32)?;
        view.value_count(&def, &col)
    }

    /// JetRetrieveKey: the current entry's key, or the search key being built.
    pub fn retrieve_key(&mut self, engine: &Engine, txn: &Txn, grbit: JET_GRBIT) -> JetResult<Vec<u8>> {
        if grbit & JET_bitRetrieveCopy != 0 {
            return self.key.key().map(|k| k.to_vec()).ok_or(JetError::KeyNotMade);
        }
        self.ensure_current(engine, txn)?;
        match &self.pos {
            super::table::Position::On { entry, .. } => Ok(entry.key.clone()),
            _ => Err(JetError::NoCurrentRecord),
        }
    }
}
