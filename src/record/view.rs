//! Reading a record: what JetRetrieveColumn, JetRetrieveColumns(count) and
//! JetEnumerateColumns need from the stored bytes.
//!
//! Record layout: a 4-byte header (last fixed column id u8, last variable
//! column id u8 (127 = none), offset of the end of the fixed data u16); the
//! fixed columns at their catalog offsets (`ColumnDef::record_offset`) up
//! to the last one the record holds; a bitmap with one bit per fixed column
//! in the record, set = NULL (a NULL column keeps its space); a u16 per
//! variable column in the record holding where its data ends (relative to
//! the start of the variable data), 0x8000 = NULL; the variable data; the
//! tagged area (`tagged`). Columns past the last fixed / variable one the
//! record holds are not in it: they read as their default or NULL.

use std::borrow::Cow;

use crate::catalog::defs::{ColumnClass, ColumnDef, TableDef};
use crate::error::{JetError, JetResult};
use crate::record::compress;
use crate::record::limits::is_small_page;
use crate::record::lv::LvId;
use crate::record::schema::{self, DefaultValue};
use crate::record::tagged::{self, StoredValue, TagField};

/// Smallest record: the header alone.
pub const RECORD_HEADER_SIZE: usize = 4;

fn corrupt() -> JetError {
    JetError::DatabaseCorrupted
}

/// A column value as JetRetrieveColumn finds it.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnValue<'a> {
    /// NULL (JET_wrnColumnNull).
    Null,
    /// Bytes stored in the record (including intrinsic long values).
    Data(&'a [u8]),
    /// The column is absent from the record: its default value.
    Default(Cow<'a, [u8]>),
    /// The column is absent and has a user-defined default: the caller runs
    /// the column's callback.
    UserDefinedDefault,
    /// A compressed intrinsic long value, decompressed.
    Decompressed(Vec<u8>),
    /// A long value stored in the LV tree: fetch it by its LID.
    Separated(LvId),
}

impl ColumnValue<'_> {
    pub fn is_null(&self) -> bool {
        matches!(self, ColumnValue::Null)
    }

    /// The value's bytes, if they are at hand (not NULL, separated or user-defined).
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            ColumnValue::Data(d) => Some(d),
            ColumnValue::Default(d) => Some(d),
            ColumnValue::Decompressed(d) => Some(d),
            _ => None,
        }
    }
}

/// Where a fixed or variable column stands in a record.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Presence<'a> {
    /// Past the last column of its kind the record holds.
    Absent,
    Null,
    Value(&'a [u8]),
}

/// One column of an enumeration, with its values in itagSequence order.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumeratedColumn<'a> {
    pub columnid: u32,
    pub values: Vec<ColumnValue<'a>>,
}

/// A parsed, validated record. Accessors never read out of bounds.
#[derive(Clone, Debug)]
pub struct RecordView<'a> {
    data: &'a [u8],
    small_page: bool,
    fixed_last: u32,
    var_last: u32,
    fixed_end: usize,
    bitmap: &'a [u8],
    /// The variable columns' end offsets (2 bytes each, high bit: null).
    var_ends: &'a [u8],
    var_data_start: usize,
    tags: Vec<TagField<'a>>,
}

impl<'a> RecordView<'a> {
    /// Parses a record of a database with `page_size` pages (which decides
    /// the tagged layout). DatabaseCorrupted if its offsets do not hold.
    pub fn parse(data: &'a [u8], page_size: u32) -> JetResult<RecordView<'a>> {
        if data.len() < RECORD_HEADER_SIZE {
            return Err(corrupt());
        }
        let fixed_last = data[0] as u32;
        let var_last = data[1] as u32;
        let ib_end_fixed = u16::from_le_bytes([data[2], data[3]]) as usize;
        if fixed_last > 127 || var_last < 127 {
            return Err(corrupt());
        }
        let bitmap_len = (fixed_last as usize).div_ceil(8);
        if ib_end_fixed < RECORD_HEADER_SIZE + bitmap_len || ib_end_fixed > data.len() {
            return Err(corrupt());
        }
        let fixed_end = ib_end_fixed - bitmap_len;
        let nvar = (var_last - 127) as usize;
        let var_data_start = ib_end_fixed + 2 * nvar;
        if var_data_start > data.len() {
            return Err(corrupt());
        }
        let var_ends = &data[ib_end_fixed..var_data_start];
        let mut prev = 0usize;
        for b in var_ends.chunks_exact(2) {
            let e = (u16::from_le_bytes([b[0], b[1]]) & 0x7FFF) as usize;
            if e < prev {
                return Err(corrupt());
            }
            prev = e;
        }
        let tagged_start = var_data_start + prev;
        if tagged_start > data.len() {
            return Err(corrupt());
        }
        let small_page = is_small_page(page_size);
        let tags = tagged::parse(&data[tagged_start..], small_page)?;
        Ok(RecordView {
            data,
            small_page,
            fixed_last,
            var_last,
            fixed_end,
            bitmap: &data[fixed_end..ib_end_fixed],
            var_ends,
            var_data_start,
            tags,
        })
    }

    pub fn bytes(&self) -> &'a [u8] {
        self.data
    }

    /// The stored end offset of variable column slot `i` (checked in range by the caller).
    fn var_end(&self, i: usize) -> u16 {
        u16::from_le_bytes([self.var_ends[2 * i], self.var_ends[2 * i + 1]])
    }

    pub fn small_page(&self) -> bool {
        self.small_page
    }

    /// Last fixed column id the record holds (0: none).
    pub fn fixed_last(&self) -> u32 {
        self.fixed_last
    }

    /// Last variable column id the record holds (127: none).
    pub fn var_last(&self) -> u32 {
        self.var_last
    }

    /// The fixed area (offsets 4 up to the null bitmap), as stored.
    pub fn fixed_area(&self) -> &'a [u8] {
        &self.data[RECORD_HEADER_SIZE..self.fixed_end]
    }

    /// The fixed columns' null bitmap, as stored.
    pub fn null_bitmap(&self) -> &'a [u8] {
        self.bitmap
    }

    /// The tagged columns as stored, in record order.
    pub fn tag_fields(&self) -> &[TagField<'a>] {
        &self.tags
    }

    /// A fixed column's slot. Checks the slot against the record's fixed area.
    pub fn fixed(&self, col: &ColumnDef) -> JetResult<Presence<'a>> {
        let f = schema::fid(col) as u32;
        if f == 0 || f > 127 {
            return Err(JetError::BadColumnId);
        }
        if f > self.fixed_last {
            return Ok(Presence::Absent);
        }
        let bit = (f - 1) as usize;
        if self.bitmap[bit / 8] & (1 << (bit % 8)) != 0 {
            return Ok(Presence::Null);
        }
        let start = col.record_offset as usize;
        let end = start + schema::fixed_width(col);
        if start < RECORD_HEADER_SIZE || end > self.fixed_end {
            return Err(corrupt());
        }
        Ok(Presence::Value(&self.data[start..end]))
    }

    /// A variable column's data (fid 128..=255).
    pub fn variable_by_fid(&self, fid: u32) -> Presence<'a> {
        if !(128..=255).contains(&fid) || fid > self.var_last {
            return Presence::Absent;
        }
        let i = (fid - 128) as usize;
        let end = self.var_end(i);
        if end & 0x8000 != 0 {
            return Presence::Null;
        }
        let start = if i == 0 { 0 } else { (self.var_end(i - 1) & 0x7FFF) as usize };
        let s = self.var_data_start + start;
        let e = self.var_data_start + (end & 0x7FFF) as usize;
        // parse() checked that the offsets increase and stay in the record
        Presence::Value(&self.data[s..e])
    }

    pub fn variable(&self, col: &ColumnDef) -> Presence<'a> {
        self.variable_by_fid(schema::fid(col) as u32)
    }

    /// The stored tagged column of `col`, if the record has one.
    pub fn tag_field(&self, table: &TableDef, col: &ColumnDef) -> Option<&TagField<'a>> {
        tagged::find(&self.tags, schema::fid(col), schema::uses_derived_bit(table, col))
    }

    /// What JetRetrieveColumn returns for `col` and `itag_sequence` (1-based;
    /// ignored for fixed and variable columns, 0 is BadItagSequence for
    /// tagged ones). With `use_default`, a column absent from the record
    /// yields its default (JET_bitRetrieveIgnoreDefault clears it).
    pub fn retrieve<'s>(
        &'s self,
        table: &TableDef,
        col: &'s ColumnDef,
        itag_sequence: u32,
        use_default: bool,
    ) -> JetResult<ColumnValue<'s>> {
        let absent = || -> ColumnValue<'s> {
            if !use_default {
                return ColumnValue::Null;
            }
            match schema::default_value(col) {
                DefaultValue::None => ColumnValue::Null,
                DefaultValue::UserDefined => ColumnValue::UserDefinedDefault,
                DefaultValue::Value(v) => ColumnValue::Default(v),
            }
        };
        match col.class() {
            ColumnClass::Fixed => Ok(match self.fixed(col)? {
                Presence::Absent => absent(),
                Presence::Null => ColumnValue::Null,
                Presence::Value(v) => ColumnValue::Data(v),
            }),
            ColumnClass::Variable => Ok(match self.variable(col) {
                Presence::Absent => absent(),
                Presence::Null => ColumnValue::Null,
                Presence::Value(v) => ColumnValue::Data(v),
            }),
            ColumnClass::Tagged => {
                if itag_sequence == 0 {
                    return Err(JetError::BadItagSequence);
                }
                match self.tag_field(table, col) {
                    None if itag_sequence == 1 => Ok(absent()),
                    None => Ok(ColumnValue::Null),
                    Some(t) => {
                        let values = t.values()?;
                        match values.get(itag_sequence as usize - 1) {
                            None => Ok(ColumnValue::Null),
                            Some(v) => stored_to_value(v),
                        }
                    }
                }
            }
        }
    }

    /// The stored form of a tagged column's n-th value (1-based), without
    /// decompressing or resolving anything.
    pub fn stored_value(&self, table: &TableDef, col: &ColumnDef, itag_sequence: u32) -> JetResult<Option<StoredValue<'a>>> {
        if itag_sequence == 0 {
            return Err(JetError::BadItagSequence);
        }
        match self.tag_field(table, col) {
            None => Ok(None),
            Some(t) => Ok(t.values()?.get(itag_sequence as usize - 1).copied()),
        }
    }

    /// How many values JetRetrieveColumns with itagSequence 0 reports: for
    /// a column absent from the record 1 if it has a default, else 0; an
    /// explicit NULL is 0. Fixed and variable columns: 1 unless NULL.
    pub fn value_count(&self, table: &TableDef, col: &ColumnDef) -> JetResult<u32> {
        let has_default = || u32::from(schema::has_default(col));
        match col.class() {
            ColumnClass::Fixed => Ok(match self.fixed(col)? {
                Presence::Absent => has_default(),
                Presence::Null => 0,
                Presence::Value(_) => 1,
            }),
            ColumnClass::Variable => Ok(match self.variable(col) {
                Presence::Absent => has_default(),
                Presence::Null => 0,
                Presence::Value(_) => 1,
            }),
            ColumnClass::Tagged => match self.tag_field(table, col) {
                None => Ok(has_default()),
                Some(t) => Ok(t.values()?.len() as u32),
            },
        }
    }

    /// Every column of `table` with a value, as JetEnumerateColumns walks
    /// them: fixed columns, variable columns, then tagged columns in record
    /// order (template columns first). With `use_defaults`, columns absent
    /// from the record but with a default are included (tagged ones at their
    /// place in that order). Explicit NULLs and stored columns the table
    /// does not know (deleted columns) are skipped.
    pub fn enumerate<'s>(&'s self, table: &'s TableDef, use_defaults: bool) -> JetResult<Vec<EnumeratedColumn<'s>>> {
        let mut out = Vec::new();
        let mut cols: Vec<&ColumnDef> = table.columns.iter().filter(|c| c.class() != ColumnClass::Tagged).collect();
        cols.sort_by_key(|c| (c.class() == ColumnClass::Variable, schema::fid(c)));
        for col in cols {
            let v = self.retrieve(table, col, 1, use_defaults)?;
            if !v.is_null() {
                out.push(EnumeratedColumn { columnid: col.columnid, values: vec![v] });
            }
        }
        for s in self.scan_tagged(table, use_defaults, false)? {
            match out.last_mut() {
                Some(last) if last.columnid == s.columnid => last.values.push(s.value),
                _ => out.push(EnumeratedColumn { columnid: s.columnid, values: vec![s.value] }),
            }
        }
        Ok(out)
    }

    /// The tagged-column scan behind JetRetrieveColumn(columnid 0,
    /// itagSequence n) and its count (itagSequence 0): every value of every
    /// tagged column of `table` in scan order (template columns first, then
    /// by column id), the n-th being element n-1. `use_defaults` lists
    /// absent columns with a default; `with_nulls` (JET_bitRetrieveNull)
    /// lists explicit NULLs.
    pub fn scan_tagged<'s>(&'s self, table: &'s TableDef, use_defaults: bool, with_nulls: bool) -> JetResult<Vec<ScannedValue<'s>>> {
        let mut cols: Vec<&ColumnDef> = table.columns.iter().filter(|c| c.class() == ColumnClass::Tagged).collect();
        cols.sort_by_key(|c| tagged::tag_order(schema::uses_derived_bit(table, c), schema::fid(c)));
        let mut out = Vec::new();
        for col in cols {
            match self.tag_field(table, col) {
                None => {
                    let v = self.retrieve(table, col, 1, use_defaults)?;
                    if !v.is_null() {
                        out.push(ScannedValue { columnid: col.columnid, itag_sequence: 1, value: v });
                    }
                }
                Some(t) if t.null => {
                    if with_nulls {
                        out.push(ScannedValue { columnid: col.columnid, itag_sequence: 1, value: ColumnValue::Null });
                    }
                }
                Some(t) => {
                    for (i, v) in t.values()?.iter().enumerate() {
                        out.push(ScannedValue { columnid: col.columnid, itag_sequence: i as u32 + 1, value: stored_to_value(v)? });
                    }
                }
            }
        }
        Ok(out)
    }
}

/// One value of the tagged-column scan (JetRetrieveColumn with column id 0).
#[derive(Clone, Debug, PartialEq)]
pub struct ScannedValue<'a> {
    pub columnid: u32,
    pub itag_sequence: u32,
    /// Null only for an explicit NULL (JET_wrnColumnSetNull), listed with
    /// JET_bitRetrieveNull.
    pub value: ColumnValue<'a>,
}

/// Turns a stored tagged value into what a caller sees.
pub fn stored_to_value<'a>(v: &StoredValue<'a>) -> JetResult<ColumnValue<'a>> {
    if v.encrypted {
        return Err(JetError::ColumnNoEncryptionKey);
    }
    if v.separated {
        return Ok(ColumnValue::Separated(LvId::from_reference(v.data)?));
    }
    if v.compressed {
        return Ok(ColumnValue::Decompressed(compress::decompress(v.data)?));
    }
    Ok(ColumnValue::Data(v.data))
}
