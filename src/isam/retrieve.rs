//! Retrieval: JetRetrieveColumn(s), JetEnumerateColumns, JetRetrieveKey.
//!
//! Owns: where a value comes from (fldext.cxx's rules: the copy buffer only
//! with JET_bitRetrieveCopy and an update prepared, the current index entry
//! or primary bookmark for JET_bitRetrieveFromIndex /
//! JET_bitRetrieveFromPrimaryBookmark with a fall-back to the record when the
//! key cannot give the value exactly), defaults (JET_bitRetrieveIgnoreDefault
//! for tagged columns), multi-values by itagSequence, the tagged-column scan
//! of column id 0, long values with their offset, and the sizes reported.
//! Must never: write the caller's buffer (the C layer copies what it gets).

use crate::abi::*;
use crate::catalog::defs::{ColumnClass, ColumnDef};
use crate::error::{JetError, JetResult};
use crate::key::{ColumnFromKey, RecordKey};
use crate::record::{ColumnValue, RecordView};

use super::engine::Engine;
use super::table::{Position, TableCursor};
use super::txn::Txn;

/// Whether a retrieval found a value.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ValueState {
    Value,
    /// NULL: JET_wrnColumnNull, cbActual 0.
    Null,
    /// An explicit NULL found by the column-0 scan with JET_bitRetrieveNull:
    /// JET_wrnColumnSetNull.
    SetNull,
    /// The column is absent and JET_bitColumnUserDefinedDefault: its
    /// JET_cbtypUserDefinedDefaultValue callback computes the value (reading
    /// the copy buffer when `from_copy`).
    UserDefinedDefault { from_copy: bool },
}

/// One retrieved value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRead {
    pub state: ValueState,
    /// Up to cbData bytes of the value (from ibLongValue on).
    pub data: Vec<u8>,
    /// cbActual: the size from ibLongValue on.
    pub actual: usize,
    /// columnidNextTagged: the column retrieved (the one found by a scan).
    pub columnid: u32,
    /// The itagSequence of the value (JET_bitRetrieveTag).
    pub itag: u32,
}

impl ColumnRead {
    fn null(columnid: u32, itag: u32) -> ColumnRead {
        ColumnRead { state: ValueState::Null, data: Vec::new(), actual: 0, columnid, itag }
    }

    /// The warning JetRetrieveColumn returns for this value and buffer.
    pub fn warning(&self, cb_max: usize) -> JET_ERR {
        match self.state {
            ValueState::Null => JET_wrnColumnNull,
            ValueState::SetNull => JET_wrnColumnSetNull,
            ValueState::Value | ValueState::UserDefinedDefault { .. } if self.actual > cb_max => JET_wrnBufferTruncated,
            ValueState::Value | ValueState::UserDefinedDefault { .. } => JET_errSuccess,
        }
    }
}

/// The grbits JetRetrieveColumn accepts.
const RETRIEVE_VALID: u32 = JET_bitRetrieveCopy
    | JET_bitRetrieveFromIndex
    | JET_bitRetrieveFromPrimaryBookmark
    | JET_bitRetrieveTag
    | JET_bitRetrieveNull
    | JET_bitRetrieveIgnoreDefault
    | JET_bitRetrieveTuple
    | JET_bitRetrieveHintReserve2
    | JET_bitRetrieveHintReserve3;

impl TableCursor {
    /// The bytes a retrieval reads: the copy buffer (JET_bitRetrieveCopy with
    /// an update prepared) or the current record. The flag says which.
    pub fn record_for_read(&mut self, engine: &Engine, txn: &Txn, copy: bool) -> JetResult<(Vec<u8>, bool)> {
        if copy {
            if let Some(u) = self.update.as_ref() {
                return Ok((u.builder.to_bytes(), true));
            }
        }
        self.ensure_current(engine, txn)?;
        Ok((self.current_record(engine, txn)?, false))
    }

    /// The bytes of a value from `ib` on (long values only take an offset),
    /// at most `cb_max` of them, and the size from `ib` on.
    fn value_bytes(&self, engine: &Engine, txn: &Txn, col: Option<&ColumnDef>, v: ColumnValue<'_>, from_copy: bool, ib: u32, cb_max: usize) -> JetResult<Option<(Vec<u8>, usize)>> {
        let long = col.is_none_or(|c| c.coltyp.is_long());
        let cut = |d: &[u8], apply_ib: bool| -> (Vec<u8>, usize) {
            let rest = if apply_ib { d.get(ib as usize..).unwrap_or(&[]) } else { d };
            (rest[..rest.len().min(cb_max)].to_vec(), rest.len())
        };
        Ok(match v {
            ColumnValue::Null | ColumnValue::UserDefinedDefault => None,
            ColumnValue::Data(d) => Some(cut(d, long)),
            ColumnValue::Default(d) => Some(cut(&d, long)),
            ColumnValue::Decompressed(d) => Some(cut(&d, true)),
            ColumnValue::Separated(lid) => {
                if from_copy {
                    if let Some(p) = self.update.as_ref().and_then(|u| u.pending_lvs.get(&lid.0)) {
                        return Ok(Some(cut(p, true)));
                    }
                }
                let (data, total) = self.read_long_value(engine, txn, lid, ib, cb_max)?;
                Some((data, (total as usize).saturating_sub(ib as usize)))
            }
        })
    }

    /// JetRetrieveColumn (and one element of JetRetrieveColumns with an
    /// itagSequence other than 0).
    #[allow(clippy::too_many_arguments)]
    pub fn retrieve_column(&mut self, engine: &Engine, txn: &Txn, columnid: u32, itag_sequence: u32, ib: u32, cb_max: usize, grbit: JET_GRBIT) -> JetResult<ColumnRead> {
        if grbit & JET_bitRetrieveCopy == 0 {
            self.tt_allow(super::temp::TtOp::Retrieve)?;
        }
        if grbit & !RETRIEVE_VALID != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if grbit & JET_bitRetrieveTuple != 0 && grbit & JET_bitRetrieveFromIndex == 0 {
            return Err(JetError::InvalidGrbit);
        }
        let mut itag = itag_sequence;
        if grbit & (JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark) != 0 {
            match self.retrieve_from_index(engine, txn, columnid, ib, cb_max, grbit)? {
                FromIndex::Done(r) => return Ok(r),
                FromIndex::Record { itag: i } => itag = i,
            }
        }
        let copy = grbit & JET_bitRetrieveCopy != 0;
        let table_arc = self.table.clone();
        let def = &table_arc.def;
        if columnid == 0 {
            if itag == 0 {
                // counting needs JetRetrieveColumns
                return Err(JetError::BadItagSequence);
            }
            let (record, from_copy) = self.record_for_read(engine, txn, copy)?;
            let view = RecordView::parse(&record, self.db.page_size as u32)?;
            let use_defaults = grbit & JET_bitRetrieveIgnoreDefault == 0;
            let scan = view.scan_tagged(&def, use_defaults, grbit & JET_bitRetrieveNull != 0)?;
            let Some(found) = scan.into_iter().nth(itag as usize - 1) else {
                return Ok(ColumnRead::null(0, itag));
            };
            if matches!(found.value, ColumnValue::UserDefinedDefault) {
                return Ok(ColumnRead { state: ValueState::UserDefinedDefault { from_copy }, data: Vec::new(), actual: 0, columnid: found.columnid, itag: found.itag_sequence });
            }
            if found.value.is_null() {
                return Ok(ColumnRead { state: ValueState::SetNull, data: Vec::new(), actual: 0, columnid: found.columnid, itag: found.itag_sequence });
            }
            let col = def.column(found.columnid).cloned();
            return Ok(match self.value_bytes(engine, txn, col.as_ref(), found.value, from_copy, ib, cb_max)? {
                Some((data, actual)) => ColumnRead { state: ValueState::Value, data, actual, columnid: found.columnid, itag: found.itag_sequence },
                None => ColumnRead::null(found.columnid, found.itag_sequence),
            });
        }
        let col = def.column(columnid).ok_or(JetError::ColumnNotFound)?;
        let (record, from_copy) = self.record_for_read(engine, txn, copy)?;
        let view = RecordView::parse(&record, self.db.page_size as u32)?;
        let v = if col.class() == ColumnClass::Tagged {
            if itag == 0 {
                return Ok(ColumnRead::null(columnid, itag));
            }
            view.retrieve(&def, &col, itag, grbit & JET_bitRetrieveIgnoreDefault == 0)?
        } else {
            // fixed and variable columns have one value, defaults included
            view.retrieve(&def, &col, 1, true)?
        };
        if matches!(v, ColumnValue::UserDefinedDefault) {
            // the C layer calls the column's callback (with no lock held)
            return Ok(ColumnRead { state: ValueState::UserDefinedDefault { from_copy }, data: Vec::new(), actual: 0, columnid, itag });
        }
        Ok(match self.value_bytes(engine, txn, Some(&col), v, from_copy, ib, cb_max)? {
            Some((data, actual)) => ColumnRead { state: ValueState::Value, data, actual, columnid, itag },
            None => ColumnRead::null(columnid, itag),
        })
    }

    /// JetRetrieveColumn's common case, written straight into the caller's
    /// buffer `out` (cbData bytes): a column of the current record (no copy
    /// buffer, index entry or bookmark as the source) whose value is in the
    /// record, NULL or its default. The returned `ColumnRead` carries no
    /// data (it is in `out`). `Ok(None)`: the case is not this one (or is an
    /// error): `retrieve_column` answers it.
    #[allow(clippy::too_many_arguments)]
    pub fn retrieve_column_into(&mut self, engine: &Engine, txn: &Txn, columnid: u32, itag: u32, ib: u32, grbit: JET_GRBIT, out: &mut [u8]) -> JetResult<Option<ColumnRead>> {
        const OTHER_SOURCE: u32 = JET_bitRetrieveCopy | JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark | JET_bitRetrieveTuple;
        if grbit & (OTHER_SOURCE | !RETRIEVE_VALID) != 0 || columnid == 0 || self.temp.is_some() {
            return Ok(None);
        }
        let tagged = match self.table.def.column(columnid) {
            Some(c) => c.class() == ColumnClass::Tagged,
            None => return Ok(None),
        };
        self.ensure_current(engine, txn)?;
        if tagged && itag == 0 {
            // read first: a deleted record is JET_errRecordDeleted
            return Ok(self.with_record(engine, txn, |_| Ok(()))?.map(|_| ColumnRead::null(columnid, itag)));
        }
        let page_size = self.db.page_size as u32;
        let def = &self.table.def;
        let Some(col) = def.column(columnid) else { return Ok(None) };
        let r = self.with_record(engine, txn, |record| {
            let view = RecordView::parse(record, page_size)?;
            let v = if tagged {
                view.retrieve(def, col, itag, grbit & JET_bitRetrieveIgnoreDefault == 0)?
            } else {
                // fixed and variable columns have one value, defaults included
                view.retrieve(def, col, 1, true)?
            };
            let bytes: &[u8] = match &v {
                ColumnValue::Null => return Ok(Some(ColumnRead::null(columnid, itag))),
                ColumnValue::Data(d) => d,
                ColumnValue::Default(d) => d,
                // compressed, separated and user-defined values: the general path
                _ => return Ok(None),
            };
            // as value_bytes cuts them: long values from ib on
            let rest = if col.coltyp.is_long() { bytes.get(ib as usize..).unwrap_or(&[]) } else { bytes };
            let n = rest.len().min(out.len());
            out[..n].copy_from_slice(&rest[..n]);
            Ok(Some(ColumnRead { state: ValueState::Value, data: Vec::new(), actual: rest.len(), columnid, itag }))
        })?;
        Ok(r.flatten())
    }

    /// JetRetrieveColumns with itagSequence 0: how many values a column has
    /// (column id 0: how many tagged values the record has).
    pub fn count_values(&mut self, engine: &Engine, txn: &Txn, columnid: u32, grbit: JET_GRBIT) -> JetResult<u32> {
        let table_arc = self.table.clone();
        let def = &table_arc.def;
        let col = if columnid == 0 { None } else { Some(def.column(columnid).ok_or(JetError::ColumnNotFound)?.clone()) };
        let (record, _) = self.record_for_read(engine, txn, grbit & JET_bitRetrieveCopy != 0)?;
        let view = RecordView::parse(&record, self.db.page_size as u32)?;
        match col {
            None => Ok(view.scan_tagged(&def, grbit & JET_bitRetrieveIgnoreDefault == 0, grbit & JET_bitRetrieveNull != 0)?.len() as u32),
            Some(c) => view.value_count(&def, &c),
        }
    }

    /// JET_bitRetrieveFromIndex / JET_bitRetrieveFromPrimaryBookmark: the
    /// value decoded from the current index entry (or primary bookmark) when
    /// the key holds it exactly, else the itagSequence to read the record at.
    fn retrieve_from_index(&mut self, engine: &Engine, txn: &Txn, columnid: u32, ib: u32, cb_max: usize, grbit: JET_GRBIT) -> JetResult<FromIndex> {
        if grbit & JET_bitRetrieveFromIndex != 0 && grbit & JET_bitRetrieveFromPrimaryBookmark != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if columnid == 0 {
            return Err(JetError::BadColumnId);
        }
        let from_primary = !self.current.clustered && grbit & JET_bitRetrieveFromPrimaryBookmark != 0;
        if self.current.clustered {
            // the clustered index's key, when the cursor stands on an entry of it
            if !matches!(self.pos, Position::On { .. }) || self.current.spec.is_none() {
                return Ok(FromIndex::Record { itag: 1 });
            }
        }
        let spec = if from_primary {
            self.primary.spec.clone().ok_or(JetError::ColumnNotFound)?
        } else {
            self.current.spec.clone().ok_or(JetError::ColumnNotFound)?
        };
        self.resolve_deferred(engine, txn)?;
        let (entry, bookmark) = match &self.pos {
            Position::On { entry, bookmark } | Position::Deleted { entry, bookmark } => (entry.clone(), bookmark.clone()),
            _ => return Err(JetError::NoCurrentRecord),
        };
        let key = if from_primary || self.current.clustered { bookmark } else { entry.key.clone() };
        let col = self.table.def.column(columnid).ok_or(JetError::ColumnNotFound)?.clone();
        let decoded = crate::key::column_from_key(&spec, &key, columnid, grbit & JET_bitRetrieveTuple != 0)?;
        let need_itag = grbit & JET_bitRetrieveTag != 0 || matches!(decoded, ColumnFromKey::NeedRecord);
        let itag = if need_itag && !from_primary && col.flags.contains(crate::catalog::defs::ColumnFlags::MULTIVALUED) && spec.is_multivalued() {
            self.itag_of_entry(engine, txn, &spec, &key, columnid)?
        } else {
            1
        };
        match decoded {
            ColumnFromKey::NeedRecord => Ok(FromIndex::Record { itag }),
            ColumnFromKey::Value(v) => {
                let v = v.unwrap_or_default();
                let rest: &[u8] = if col.coltyp.is_long() { v.get(ib as usize..).unwrap_or(&[]) } else { &v };
                if rest.is_empty() {
                    // NULL, zero-length, or an offset past the end
                    return Ok(FromIndex::Done(ColumnRead::null(columnid, itag)));
                }
                Ok(FromIndex::Done(ColumnRead { state: ValueState::Value, data: rest[..rest.len().min(cb_max)].to_vec(), actual: rest.len(), columnid, itag }))
            }
        }
    }

    /// Which value of a multi-valued key column made the current index entry.
    fn itag_of_entry(&mut self, engine: &Engine, txn: &Txn, spec: &crate::key::IndexKeySpec, key: &[u8], columnid: u32) -> JetResult<u32> {
        let record = self.current_record(engine, txn)?;
        let table_arc = self.table.clone();
        let def = &table_arc.def;
        let col = def.column(columnid).ok_or(JetError::ColumnNotFound)?;
        let view = self.parse(&record)?;
        let n = view.value_count(&def, &col)?.max(1);
        let seg = spec.segments.iter().position(|s| s.columnid == columnid).ok_or(JetError::ColumnNotFound)?;
        for i in 1..=n {
            let mut itags = vec![1u32; spec.segments.len()];
            itags[seg] = i;
            let view = self.parse(&record)?;
            let mut vals = super::update::Values { cursor: self, engine, txn, view, pending: None };
            if let RecordKey::Key { key: k, .. } = crate::key::record_key(spec, &mut vals, &itags, 0)? {
                if k == key {
                    return Ok(i);
                }
            }
        }
        // the entry does not come from this record
        Err(JetError::SecondaryIndexCorrupted)
    }

    /// JetRetrieveKey: the current entry's key, or with JET_bitRetrieveCopy
    /// the search key being built.
    pub fn retrieve_key(&mut self, engine: &Engine, txn: &Txn, grbit: JET_GRBIT) -> JetResult<Vec<u8>> {
        if grbit & JET_bitRetrieveCopy != 0 {
            return self.key.key().map(|k| k.to_vec()).ok_or(JetError::KeyNotMade);
        }
        self.resolve_deferred(engine, txn)?;
        let entry = match &self.pos {
            Position::On { entry, .. } | Position::Deleted { entry, .. } => entry.clone(),
            _ => return Err(JetError::NoCurrentRecord),
        };
        let found = self.seek_entry(engine, txn, crate::version::view::From::Key { key: &entry, inclusive: true }, true, false)?;
        match found {
            Some((k, _)) if k == entry => Ok(entry.key),
            _ => Err(JetError::RecordDeleted),
        }
    }
}

/// What JET_bitRetrieveFromIndex found.
enum FromIndex {
    Done(ColumnRead),
    /// Read the record instead, at this itagSequence.
    Record { itag: u32 },
}


/// JET_bitEnumerateLocal (not implemented by ESE either).
pub const ENUMERATE_LOCAL: u32 = 0x0001_0000;
/// JET_bitEnumerateAsRefIfNotInRecord.
pub const ENUMERATE_AS_REF: u32 = 0x0040_0000;

/// One JET_ENUMCOLUMNVALUE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    pub itag: u32,
    pub err: JET_ERR,
    pub data: Vec<u8>,
}

/// What one JET_ENUMCOLUMN holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnumBody {
    /// No values (err says why: NULL, present, skipped, default, not found).
    Nothing,
    /// JET_wrnColumnSingleValue: the value itself (cbData / pvData).
    Single(Vec<u8>),
    /// cEnumColumnValue / rgEnumColumnValue.
    Values(Vec<EnumValue>),
}

/// One JET_ENUMCOLUMN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumColumn {
    pub columnid: u32,
    pub err: JET_ERR,
    pub body: EnumBody,
}

/// A JET_ENUMCOLUMNID: a column and, optionally, the itagSequences wanted.
pub struct EnumRequest {
    pub columnid: u32,
    /// None: all values (ctagSequence 0).
    pub itags: Option<Vec<u32>>,
}

/// A column's values as the enumeration finds them (in the record or the default record).
struct Found<'a> {
    values: Vec<ColumnValue<'a>>,
}

impl TableCursor {
    /// Where a column stands in a record: its values, or None when neither
    /// the record nor (with `defaults`) the default record holds it.
    fn enum_lookup<'v>(&self, view: &'v RecordView<'v>, col: &'v ColumnDef, defaults: bool) -> JetResult<Option<Found<'v>>> {
        let def = &self.table.def;
        let fid = crate::record::schema::fid(col) as u32;
        let in_record = match col.class() {
            ColumnClass::Fixed => fid <= view.fixed_last(),
            ColumnClass::Variable => fid <= view.var_last(),
            ColumnClass::Tagged => view.tag_field(def, col).is_some(),
        };
        if in_record {
            let n = if col.class() == ColumnClass::Tagged {
                match view.tag_field(def, col) {
                    Some(t) if t.null => 0,
                    Some(t) => t.values()?.len() as u32,
                    None => 0,
                }
            } else {
                u32::from(!view.retrieve(def, col, 1, false)?.is_null())
            };
            let mut values = Vec::new();
            for i in 1..=n {
                values.push(view.retrieve(def, col, i, false)?);
            }
            return Ok(Some(Found { values }));
        }
        if !defaults || !self.in_default_record(col) {
            return Ok(None);
        }
        let v = view.retrieve(def, col, 1, true)?;
        let values = if v.is_null() { Vec::new() } else { vec![v] };
        Ok(Some(Found { values }))
    }

    /// Whether the table's default record holds a column: tagged and
    /// variable columns with a default; fixed columns up to the last one
    /// with a default (NULL where they have none).
    fn in_default_record(&self, col: &ColumnDef) -> bool {
        let def = &self.table.def;
        let has = crate::record::schema::has_default;
        match col.class() {
            // a user-defined default is computed, never part of ESE's default record
            ColumnClass::Tagged => has(col) && !col.flags.contains(crate::catalog::defs::ColumnFlags::USER_DEFINED_DEFAULT),
            ColumnClass::Variable => has(col),
            ColumnClass::Fixed => {
                let last = def.columns.iter().filter(|c| c.class() == ColumnClass::Fixed && has(c)).map(crate::record::schema::fid).max();
                last.is_some_and(|l| crate::record::schema::fid(col) <= l)
            }
        }
    }

    /// A value's bytes for the enumeration: separated long values up to
    /// `cb_data_most` (JET_wrnColumnTruncated past it).
    fn enum_value(&self, engine: &Engine, txn: &Txn, v: ColumnValue<'_>, from_copy: bool, cb_data_most: usize, in_record_only: bool) -> JetResult<(JET_ERR, Vec<u8>)> {
        Ok(match v {
            ColumnValue::Separated(lid) => {
                if in_record_only {
                    return Ok((JET_wrnColumnNotInRecord, Vec::new()));
                }
                let (data, actual) = if from_copy && self.update.as_ref().is_some_and(|u| u.pending_lvs.contains_key(&lid.0)) {
                    let p = &self.update.as_ref().unwrap().pending_lvs[&lid.0];
                    (p[..p.len().min(cb_data_most)].to_vec(), p.len())
                } else {
                    let (d, total) = self.read_long_value(engine, txn, lid, 0, cb_data_most)?;
                    (d, total as usize)
                };
                (if actual > cb_data_most { JET_wrnColumnTruncated } else { JET_errSuccess }, data)
            }
            ColumnValue::Data(d) => (JET_errSuccess, d.to_vec()),
            ColumnValue::Default(d) => (JET_errSuccess, d.into_owned()),
            ColumnValue::Decompressed(d) => (JET_errSuccess, d),
            ColumnValue::Null | ColumnValue::UserDefinedDefault => (JET_wrnColumnNull, Vec::new()),
        })
    }

    /// JetEnumerateColumns. `requests` empty: every column of the record
    /// (and of the default record unless JET_bitEnumerateIgnoreDefault).
    /// Returns the columns, and the first column-id error to report (the
    /// columns are still handed out with it, as ESE does).
    pub fn enumerate_columns(&mut self, engine: &Engine, txn: &Txn, requests: &[EnumRequest], cb_data_most: u32, grbit: JET_GRBIT) -> JetResult<(Vec<EnumColumn>, Option<JetError>)> {
        let valid = JET_bitEnumerateCopy
            | JET_bitEnumerateIgnoreDefault
            | ENUMERATE_LOCAL
            | JET_bitEnumeratePresenceOnly
            | JET_bitEnumerateTaggedOnly
            | JET_bitEnumerateCompressOutput
            | JET_bitEnumerateIgnoreUserDefinedDefault
            | JET_bitEnumerateInRecordOnly
            | ENUMERATE_AS_REF;
        if grbit & !valid != 0 || grbit & ENUMERATE_LOCAL != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if !requests.is_empty() && grbit & JET_bitEnumerateTaggedOnly != 0 {
            return Err(JetError::InvalidGrbit);
        }
        let table_arc = self.table.clone();
        let def = &table_arc.def;
        let has_udd = def.columns.iter().any(|c| c.flags.contains(crate::catalog::defs::ColumnFlags::USER_DEFINED_DEFAULT));
        if has_udd && grbit & (JET_bitEnumerateIgnoreDefault | JET_bitEnumerateIgnoreUserDefinedDefault) == 0 {
            return Err(JetError::CallbackFailed);
        }
        if grbit & JET_bitEnumerateInRecordOnly != 0 && grbit & ENUMERATE_AS_REF != 0 {
            return Err(JetError::InvalidGrbit);
        }
        let (record, from_copy) = self.record_for_read(engine, txn, grbit & JET_bitEnumerateCopy != 0)?;
        if grbit & ENUMERATE_AS_REF != 0 {
            // references need stable storage: not the copy buffer, not the temporary database
            return Err(JetError::InvalidGrbit);
        }
        let view = RecordView::parse(&record, self.db.page_size as u32)?;
        let defaults = grbit & JET_bitEnumerateIgnoreDefault == 0;
        let presence = grbit & JET_bitEnumeratePresenceOnly != 0;
        let compress = grbit & JET_bitEnumerateCompressOutput != 0;
        let in_record_only = grbit & JET_bitEnumerateInRecordOnly != 0;
        let cb_most = cb_data_most as usize;
        let mut out = Vec::new();
        let mut first_error = None;
        if requests.is_empty() {
            let mut cols: Vec<&ColumnDef> = def.columns.iter().filter(|c| grbit & JET_bitEnumerateTaggedOnly == 0 || c.class() == ColumnClass::Tagged).collect();
            cols.sort_by_key(|c| c.columnid);
            for col in cols {
                let Some(found) = self.enum_lookup(&view, col, defaults)? else { continue };
                let mut e = EnumColumn { columnid: col.columnid, err: JET_errSuccess, body: EnumBody::Nothing };
                if found.values.is_empty() {
                    e.err = JET_wrnColumnNull;
                } else if presence {
                    e.err = JET_wrnColumnPresent;
                } else if compress && found.values.len() == 1 && !matches!(found.values[0], ColumnValue::Separated(_)) {
                    let (_, d) = self.enum_value(engine, txn, found.values[0].clone(), from_copy, cb_most, in_record_only)?;
                    e.err = JET_wrnColumnSingleValue;
                    e.body = EnumBody::Single(d);
                } else {
                    let mut vals = Vec::new();
                    for (i, v) in found.values.into_iter().enumerate() {
                        let (err, data) = self.enum_value(engine, txn, v, from_copy, cb_most, in_record_only)?;
                        vals.push(EnumValue { itag: i as u32 + 1, err, data });
                    }
                    e.body = EnumBody::Values(vals);
                }
                out.push(e);
            }
            return Ok((out, None));
        }
        for req in requests {
            let mut e = EnumColumn { columnid: req.columnid, err: JET_errSuccess, body: EnumBody::Nothing };
            if req.columnid == 0 {
                e.err = JET_wrnColumnSkipped;
                out.push(e);
                continue;
            }
            let Some(col) = def.column(req.columnid) else {
                e.err = JetError::ColumnNotFound.code();
                first_error.get_or_insert(JetError::ColumnNotFound);
                out.push(e);
                continue;
            };
            let found = self.enum_lookup(&view, col, defaults)?;
            let column_found = found.is_some();
            let values = found.map(|f| f.values).unwrap_or_default();
            let all = req.itags.is_none();
            if !column_found && !defaults && all {
                e.err = JET_wrnColumnDefault;
            } else if values.is_empty() && all {
                e.err = JET_wrnColumnNull;
            } else if presence && all {
                e.err = JET_wrnColumnPresent;
            } else if compress && all && values.len() == 1 && !matches!(values[0], ColumnValue::Separated(_)) {
                let (_, d) = self.enum_value(engine, txn, values[0].clone(), from_copy, cb_most, in_record_only)?;
                e.err = JET_wrnColumnSingleValue;
                e.body = EnumBody::Single(d);
            } else {
                let itags: Vec<u32> = match &req.itags {
                    Some(t) => t.clone(),
                    None => (1..=values.len() as u32).collect(),
                };
                let mut vals = Vec::new();
                for itag in itags {
                    let mut v = EnumValue { itag, err: JET_errSuccess, data: Vec::new() };
                    if itag == 0 {
                        v.err = JET_wrnColumnSkipped;
                    } else if itag as usize > values.len() && !column_found && !defaults {
                        v.err = JET_wrnColumnDefault;
                    } else if itag as usize > values.len() {
                        v.err = JET_wrnColumnNull;
                    } else if presence {
                        v.err = JET_wrnColumnPresent;
                    } else {
                        let (err, data) = self.enum_value(engine, txn, values[itag as usize - 1].clone(), from_copy, cb_most, in_record_only)?;
                        v.err = err;
                        v.data = data;
                    }
                    vals.push(v);
                }
                e.body = EnumBody::Values(vals);
            }
            out.push(e);
        }
        Ok((out, first_error))
    }
}
