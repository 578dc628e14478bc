//! Building a record: the copy buffer behind JetPrepareUpdate, JetSetColumn
//! and JetUpdate.
//!
//! A builder starts from a new record (ESE copies the fixed and variable
//! defaults in; tagged defaults are never stored) or from an existing one,
//! takes column changes with JetSetColumn's semantics and ESE's checks, and
//! serializes in the layout ESE itself would produce by the same sequence of
//! changes: NULL fixed columns keep their space ('*' in space ESE adds), the
//! record never drops trailing fixed or variable columns, multi-values take
//! the "two values" layout when a second value joins a short non-long value
//! on a small page, and so on.
//!
//! Long values: the caller decides whether a value goes to the LV tree
//! (`limits::preferred_intrinsic_lv_max`, and separating when JetSetColumn
//! fails with RecordTooBig) and passes `SetValue::Separated(lid)`; values
//! kept in the record are compressed here the way ESE would.
//!
//! Must never: do I/O, produce a record over the configured size, or leave
//! the builder changed when a set fails (one exception, as in ESE: a fixed
//! column set with a bad size fails with InvalidBufferSize after the record
//! has grown to hold that column, which changes no column's value).

use crate::catalog::defs::{ColumnClass, ColumnDef, ColumnFlags, Coltyp, TableDef};
use crate::error::{JetError, JetResult};
use crate::record::compress;
use crate::record::limits;
use crate::record::lv::LvId;
use crate::record::schema;
use crate::record::tagged::{self, MvLayout, TagField};
use crate::record::view::{RECORD_HEADER_SIZE, RecordView};

/// '*': what ESE fills new record space with (chRECFill).
pub const FILL: u8 = b'*';

/// The table- and database-wide numbers a builder works with.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct RecordConfig {
    pub page_size: u32,
    /// REC::CbRecordMost for the table (`limits::cb_record_most`).
    pub record_most: usize,
    /// The table's LID size, 4 or 8: compressed intrinsic values shorter
    /// than a LID are stored uncompressed.
    pub lid_size: usize,
    /// JET_paramMinDataForXpress.
    pub min_data_for_xpress: usize,
}

impl RecordConfig {
    /// Defaults for a table whose primary index has keys of at most
    /// `cb_key_most` bytes (`limits::DBK_KEY_SIZE` without a primary index).
    pub fn new(page_size: u32, cb_key_most: u32) -> RecordConfig {
        RecordConfig {
            page_size,
            record_most: limits::cb_record_most(page_size, cb_key_most),
            lid_size: 4,
            min_data_for_xpress: compress::DEFAULT_MIN_DATA_FOR_XPRESS,
        }
    }

    /// For a table using 64-bit LIDs.
    pub fn with_lid64(mut self, lid64: bool) -> RecordConfig {
        self.lid_size = if lid64 { 8 } else { 4 };
        self
    }
}

/// What JetSetColumn sets.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SetValue<'v> {
    /// NULL: for a tagged column, deletes the itagSequence-th value.
    Null,
    /// Bytes stored in the record. For a fixed column, zero bytes mean NULL
    /// (as in ESE); elsewhere zero bytes are a zero-length value.
    Data(&'v [u8]),
    /// A reference to a long value in the LV tree (long-value columns only).
    Separated(LvId),
}

/// Whether a long value kept in the record is compressed.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Compression {
    /// As the column says (JET_bitColumnCompressed).
    #[default]
    Column,
    /// JET_bitSetCompressed.
    Force,
    /// JET_bitSetUncompressed.
    Never,
}

/// JetSetColumn grbits the record layer handles.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct SetOptions {
    /// JET_bitSetRevertToDefaultValue (tagged columns): setting NULL removes
    /// the column instead of storing an explicit NULL over its default.
    pub revert_to_default: bool,
    pub compression: Compression,
    /// JET_bitSetUniqueMultiValues for columns that are not long values
    /// (bytewise comparison). Long values and the normalized variant are
    /// the caller's (they need the LV tree and key normalization).
    pub unique_multi_values: bool,
}

/// What a successful set reports.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct SetOutcome {
    /// JET_wrnColumnMaxTruncated: a variable column's value was cut to its maximum.
    pub truncated: bool,
    /// The value is stored compressed.
    pub compressed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Val {
    data: Vec<u8>,
    separated: bool,
    compressed: bool,
    encrypted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum TagState {
    /// An explicit NULL overriding the column's default; on large pages the
    /// flags byte it is stored with.
    Null { large_header: u8 },
    Values { layout: MvLayout, vals: Vec<Val> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct TagEntry {
    fid: u16,
    derived: bool,
    long: bool,
    state: TagState,
}

/// A record being built. Clone is cheap enough to snapshot for a rollback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordBuilder {
    config: RecordConfig,
    small_page: bool,
    fixed_last: u32,
    /// Bytes from offset 4 to the end of the last fixed column in the record.
    fixed: Vec<u8>,
    bitmap: Vec<u8>,
    /// Variable columns 128.. up to the last one in the record; None = NULL.
    var: Vec<Option<Vec<u8>>>,
    tags: Vec<TagEntry>,
}

fn single_header(vals: &[Val], long: bool) -> u8 {
    let v = &vals[0];
    let mut h = if long { tagged::HDR_LONG_VALUE } else { 0 };
    if v.separated {
        h |= tagged::HDR_SEPARATED;
    }
    if v.compressed {
        h |= tagged::HDR_COMPRESSED;
    }
    if v.encrypted {
        h |= tagged::HDR_ENCRYPTED;
    }
    h
}

impl TagEntry {
    /// Two values whose first is over 255 bytes cannot use that layout
    /// (its length is one byte): they are written as multi-values.
    fn effective_layout(layout: MvLayout, vals: &[Val]) -> MvLayout {
        match layout {
            MvLayout::TwoValues if vals[0].data.len() > 255 => MvLayout::MultiValues,
            l => l,
        }
    }

    fn encoded_len(&self, small_page: bool) -> usize {
        match &self.state {
            TagState::Null { .. } => usize::from(!small_page),
            TagState::Values { layout, vals } => {
                let data: usize = vals.iter().map(|v| v.data.len()).sum();
                match Self::effective_layout(*layout, vals) {
                    MvLayout::Single => usize::from(!small_page || single_header(vals, self.long) != 0) + data,
                    MvLayout::TwoValues => 2 + data,
                    MvLayout::MultiValues => 1 + 2 * vals.len() + data,
                }
            }
        }
    }

    /// The entry's data, whether it starts with a flags byte, whether it is an explicit NULL.
    fn encode(&self, small_page: bool) -> (Vec<u8>, bool, bool) {
        let long_bit = if self.long { tagged::HDR_LONG_VALUE } else { 0 };
        match &self.state {
            TagState::Null { large_header } => {
                if small_page {
                    (Vec::new(), false, true)
                } else {
                    (vec![*large_header | tagged::HDR_NULL], true, true)
                }
            }
            TagState::Values { layout, vals } => {
                let mut out = Vec::new();
                match Self::effective_layout(*layout, vals) {
                    MvLayout::Single => {
                        let h = single_header(vals, self.long);
                        let has_header = !small_page || h != 0;
                        if has_header {
                            out.push(h);
                        }
                        out.extend_from_slice(&vals[0].data);
                        (out, has_header, false)
                    }
                    MvLayout::TwoValues => {
                        out.push(long_bit | tagged::HDR_MULTI_VALUES | tagged::HDR_TWO_VALUES);
                        out.push(vals[0].data.len() as u8);
                        out.extend_from_slice(&vals[0].data);
                        out.extend_from_slice(&vals[1].data);
                        (out, true, false)
                    }
                    MvLayout::MultiValues => {
                        let mut h = long_bit | tagged::HDR_MULTI_VALUES;
                        if vals[0].compressed {
                            h |= tagged::HDR_COMPRESSED;
                        }
                        if vals.iter().any(|v| v.encrypted) {
                            h |= tagged::HDR_ENCRYPTED;
                        }
                        out.push(h);
                        let mut ib = 2 * vals.len();
                        for v in vals {
                            let mut o = ib as u16;
                            if v.separated {
                                o |= tagged::MV_SEPARATED;
                            }
                            out.extend_from_slice(&o.to_le_bytes());
                            ib += v.data.len();
                        }
                        for v in vals {
                            out.extend_from_slice(&v.data);
                        }
                        (out, true, false)
                    }
                }
            }
        }
    }
}

fn check_fixed_size(col: &ColumnDef, data: &[u8]) -> JetResult<()> {
    if data.is_empty() {
        return Ok(());
    }
    match col.coltyp.fixed_size() {
        Some(n) if data.len() != n as usize => Err(JetError::InvalidBufferSize),
        _ => Ok(()),
    }
}

impl RecordBuilder {
    /// An empty record (REC::SetMinimumRecord): no columns at all.
    pub fn empty(config: RecordConfig) -> RecordBuilder {
        RecordBuilder {
            config,
            small_page: limits::is_small_page(config.page_size),
            fixed_last: 0,
            fixed: Vec::new(),
            bitmap: Vec::new(),
            var: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// A new record as JetPrepareUpdate(JET_prepInsert) starts it: the
    /// table's default record without its tagged part. Fixed columns up to
    /// the last one with a default are present ('*' and NULL where there is
    /// no default), likewise variable columns.
    pub fn new_record(table: &TableDef, config: RecordConfig) -> JetResult<RecordBuilder> {
        let mut b = RecordBuilder::empty(config);
        // room for every fixed and variable column, so that setting them
        // (JetSetColumn after JetPrepareUpdate) does not grow the buffers again
        let (mut fixed_end, mut fixed_last, mut var_count) = (0usize, 0usize, 0usize);
        for c in &table.columns {
            match c.class() {
                ColumnClass::Fixed => {
                    fixed_end = fixed_end.max(Self::fixed_end_of(c).unwrap_or(0));
                    fixed_last = fixed_last.max(schema::fid(c) as usize);
                }
                ColumnClass::Variable => var_count = var_count.max((schema::fid(c) as usize).saturating_sub(127)),
                ColumnClass::Tagged => {}
            }
        }
        b.fixed.reserve(fixed_end);
        b.bitmap.reserve(fixed_last.div_ceil(8));
        b.var.reserve(var_count);
        let mut cols: Vec<&ColumnDef> = table.columns.iter().filter(|c| schema::default_is_stored(c)).collect();
        cols.sort_by_key(|c| (c.class() == ColumnClass::Variable, schema::fid(c)));
        for col in cols {
            let d = col.default.as_deref().unwrap_or_default();
            match col.class() {
                ColumnClass::Fixed => {
                    b.extend_fixed(table, col)?;
                    if let Ok(slot) = schema::fixed_slot_bytes(col, d) {
                        b.write_fixed(col, Some(&slot))?;
                    }
                }
                ColumnClass::Variable => {
                    let mut var = b.extended_var(table, schema::fid(col) as u32);
                    var[(schema::fid(col) - 128) as usize] = Some(d[..d.len().min(var_max(col))].to_vec());
                    b.commit_var(var)?;
                }
                ColumnClass::Tagged => {}
            }
        }
        Ok(b)
    }

    /// A builder holding an existing record (JET_prepReplace).
    pub fn from_record(data: &[u8], config: RecordConfig) -> JetResult<RecordBuilder> {
        let view = RecordView::parse(data, config.page_size)?;
        Self::from_view(&view, config)
    }

    pub fn from_view(view: &RecordView<'_>, config: RecordConfig) -> JetResult<RecordBuilder> {
        let mut b = RecordBuilder::empty(config);
        b.small_page = view.small_page();
        b.fixed_last = view.fixed_last();
        b.fixed = view.fixed_area().to_vec();
        b.bitmap = view.null_bitmap().to_vec();
        for fid in 128..=view.var_last() {
            b.var.push(match view.variable_by_fid(fid) {
                crate::record::view::Presence::Value(v) => Some(v.to_vec()),
                _ => None,
            });
        }
        for t in view.tag_fields() {
            b.tags.push(Self::entry_from_field(t)?);
        }
        Ok(b)
    }

    fn entry_from_field(t: &TagField<'_>) -> JetResult<TagEntry> {
        let long = t.is_long_value();
        let state = if t.null {
            TagState::Null { large_header: t.flags() & !tagged::HDR_NULL }
        } else {
            let vals = t
                .values()?
                .iter()
                .map(|v| Val {
                    data: v.data.to_vec(),
                    separated: v.separated,
                    compressed: v.compressed,
                    encrypted: v.encrypted,
                })
                .collect();
            TagState::Values { layout: t.layout(), vals }
        };
        Ok(TagEntry { fid: t.fid, derived: t.derived, long, state })
    }

    pub fn config(&self) -> &RecordConfig {
        &self.config
    }

    /// The serialized size.
    pub fn len(&self) -> usize {
        let var_data: usize = self.var.iter().map(|v| v.as_ref().map_or(0, |d| d.len())).sum();
        let tags: usize = self.tags.iter().map(|t| 4 + t.encoded_len(self.small_page)).sum();
        RECORD_HEADER_SIZE + self.fixed.len() + self.bitmap.len() + 2 * self.var.len() + var_data + tags
    }

    pub fn is_empty(&self) -> bool {
        self.len() == RECORD_HEADER_SIZE
    }

    /// The record's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len());
        let ib_end_fixed = RECORD_HEADER_SIZE + self.fixed.len() + self.bitmap.len();
        out.push(self.fixed_last as u8);
        out.push((127 + self.var.len()) as u8);
        out.extend_from_slice(&(ib_end_fixed as u16).to_le_bytes());
        out.extend_from_slice(&self.fixed);
        out.extend_from_slice(&self.bitmap);
        let mut end = 0usize;
        for v in &self.var {
            let e = match v {
                Some(d) => {
                    end += d.len();
                    end as u16
                }
                None => end as u16 | 0x8000,
            };
            out.extend_from_slice(&e.to_le_bytes());
        }
        for d in self.var.iter().flatten() {
            out.extend_from_slice(d);
        }
        if !self.tags.is_empty() {
            let encoded: Vec<(Vec<u8>, bool, bool)> = self.tags.iter().map(|t| t.encode(self.small_page)).collect();
            let mut ib = 4 * self.tags.len();
            for (t, (data, has_header, null)) in self.tags.iter().zip(&encoded) {
                let mut v = ib as u16;
                if t.derived {
                    v |= tagged::TAG_DERIVED;
                }
                if self.small_page {
                    if *has_header {
                        v |= tagged::TAG_EXTENDED_SMALL;
                    }
                    if *null {
                        v |= tagged::TAG_NULL_SMALL;
                    }
                }
                out.extend_from_slice(&t.fid.to_le_bytes());
                out.extend_from_slice(&v.to_le_bytes());
                ib += data.len();
            }
            for (data, _, _) in &encoded {
                out.extend_from_slice(data);
            }
        }
        debug_assert_eq!(out.len(), self.len());
        out
    }

    /// JetSetColumn for any column: `itag_sequence` matters for tagged
    /// columns only (0 appends a value, n replaces the n-th or appends when
    /// there are fewer, NULL at n deletes it). ESE's errors: NULL in a NOT
    /// NULL column (ColumnIllegalNull), NULL in an autoincrement column
    /// without default (AutoIncrementNotSet), a fixed-size type of another
    /// size (InvalidBufferSize), a tagged or long value over the column's
    /// maximum (ColumnTooBig), a value larger than any record could hold
    /// (ColumnDoesNotFit), a record over its maximum (RecordTooBig, the
    /// builder unchanged). Variable columns over their maximum are cut, as
    /// ESE does, with `SetOutcome::truncated`.
    pub fn set(
        &mut self,
        table: &TableDef,
        col: &ColumnDef,
        itag_sequence: u32,
        value: SetValue<'_>,
        opts: &SetOptions,
    ) -> JetResult<SetOutcome> {
        if schema::fid(col) == 0 {
            return Err(JetError::BadColumnId);
        }
        match col.class() {
            ColumnClass::Fixed => self.set_fixed(table, col, value),
            ColumnClass::Variable => self.set_var(table, col, value),
            ColumnClass::Tagged => self.set_tagged(table, col, itag_sequence, value, opts),
        }
    }

    // ---- fixed columns ----

    fn fixed_end_of(col: &ColumnDef) -> JetResult<usize> {
        let off = col.record_offset as usize;
        if off < RECORD_HEADER_SIZE {
            return Err(JetError::DatabaseCorrupted);
        }
        Ok(off - RECORD_HEADER_SIZE + schema::fixed_width(col))
    }

    /// Makes the record hold fixed columns up to `col` (ESE: new space '*',
    /// new columns NULL, defaults of the new columns copied in).
    fn extend_fixed(&mut self, table: &TableDef, col: &ColumnDef) -> JetResult<()> {
        let f = schema::fid(col) as u32;
        if f <= self.fixed_last {
            return Ok(());
        }
        let new_end = Self::fixed_end_of(col)?.max(self.fixed.len());
        let new_bitmap_len = (f as usize).div_ceil(8);
        let grow = (new_end - self.fixed.len()) + (new_bitmap_len - self.bitmap.len());
        if self.len() + grow > self.config.record_most {
            return Err(JetError::RecordTooBig);
        }
        let old_last = self.fixed_last;
        self.fixed.resize(new_end, FILL);
        // bits of the new columns in the last partial byte are set; new bytes are all ones
        for fid in old_last + 1..=f {
            let bit = (fid - 1) as usize;
            if bit / 8 < self.bitmap.len() {
                self.bitmap[bit / 8] |= 1 << (bit % 8);
            }
        }
        self.bitmap.resize(new_bitmap_len, 0xFF);
        self.fixed_last = f;
        // burst the defaults of the columns the record now holds
        let mut defaults: Vec<&ColumnDef> = table
            .columns
            .iter()
            .filter(|c| c.class() == ColumnClass::Fixed && schema::default_is_stored(c))
            .filter(|c| (old_last + 1..=f).contains(&(schema::fid(c) as u32)))
            .collect();
        defaults.sort_by_key(|c| schema::fid(c));
        for d in defaults {
            if let Ok(slot) = schema::fixed_slot_bytes(d, d.default.as_deref().unwrap_or_default()) {
                self.write_fixed(d, Some(&slot))?;
            }
        }
        Ok(())
    }

    /// Writes a fixed column's slot (already normalized) or its NULL bit.
    fn write_fixed(&mut self, col: &ColumnDef, slot: Option<&[u8]>) -> JetResult<()> {
        let f = schema::fid(col) as usize;
        let bit = f - 1;
        match slot {
            None => self.bitmap[bit / 8] |= 1 << (bit % 8),
            Some(bytes) => {
                let start = (col.record_offset as usize).checked_sub(RECORD_HEADER_SIZE).ok_or(JetError::DatabaseCorrupted)?;
                let dst = self.fixed.get_mut(start..start + bytes.len()).ok_or(JetError::DatabaseCorrupted)?;
                dst.copy_from_slice(bytes);
                self.bitmap[bit / 8] &= !(1 << (bit % 8));
            }
        }
        Ok(())
    }

    fn set_fixed(&mut self, table: &TableDef, col: &ColumnDef, value: SetValue<'_>) -> JetResult<SetOutcome> {
        let data = match value {
            SetValue::Null => None,
            SetValue::Data([]) => None,
            SetValue::Data(d) => Some(d),
            SetValue::Separated(_) => return Err(JetError::InvalidColumnType),
        };
        if data.is_none() {
            if col.flags.contains(ColumnFlags::NOT_NULL) {
                return Err(JetError::ColumnIllegalNull);
            }
            if col.flags.contains(ColumnFlags::AUTOINCREMENT) && !schema::has_default(col) {
                return Err(JetError::AutoIncrementNotSet);
            }
        }
        Self::fixed_end_of(col)?;
        self.extend_fixed(table, col)?;
        // like ESE, a bad size is found once the record already holds the column
        match data {
            // a value of the slot's exact width is stored as it is (what
            // `fixed_slot_bytes` gives it), except a Bit, which is 0x00/0xFF
            Some(d) if d.len() == schema::fixed_width(col) && !matches!(col.coltyp, Coltyp::Bit) && !col.coltyp.is_long() => {
                self.write_fixed(col, Some(d))?
            }
            Some(d) => {
                let slot = schema::fixed_slot_bytes(col, d)?;
                self.write_fixed(col, Some(&slot))?
            }
            None => self.write_fixed(col, None)?,
        }
        Ok(SetOutcome::default())
    }

    // ---- variable columns ----

    /// The variable columns once the record holds them up to `fid` (new ones
    /// NULL, defaults of the new columns before `fid` copied in, as ESE bursts them).
    fn extended_var(&self, table: &TableDef, fid: u32) -> Vec<Option<Vec<u8>>> {
        let mut var = self.var.clone();
        let last = 127 + var.len() as u32;
        if fid <= last {
            return var;
        }
        var.resize((fid - 127) as usize, None);
        for c in table.columns.iter().filter(|c| c.class() == ColumnClass::Variable && schema::default_is_stored(c)) {
            let f = schema::fid(c) as u32;
            if f > last && f < fid {
                let d = c.default.as_deref().unwrap_or_default();
                var[(f - 128) as usize] = Some(d[..d.len().min(var_max(c))].to_vec());
            }
        }
        var
    }

    /// Variable columns with a stored default whose ids lie strictly between
    /// `last` and `fid` (those `extended_var` bursts in).
    fn var_defaults_between(table: &TableDef, last: u32, fid: u32) -> impl Iterator<Item = &ColumnDef> {
        table.columns.iter().filter(move |c| {
            let f = schema::fid(c) as u32;
            c.class() == ColumnClass::Variable && schema::default_is_stored(c) && f > last && f < fid
        })
    }

    fn var_len(var: &[Option<Vec<u8>>]) -> usize {
        2 * var.len() + var.iter().map(|v| v.as_ref().map_or(0, |d| d.len())).sum::<usize>()
    }

    /// Replaces the variable columns if the record still fits.
    fn commit_var(&mut self, var: Vec<Option<Vec<u8>>>) -> JetResult<()> {
        let len = self.len() - Self::var_len(&self.var) + Self::var_len(&var);
        if len > self.config.record_most {
            return Err(JetError::RecordTooBig);
        }
        self.var = var;
        Ok(())
    }

    fn set_var(&mut self, table: &TableDef, col: &ColumnDef, value: SetValue<'_>) -> JetResult<SetOutcome> {
        let f = schema::fid(col) as u32;
        let mut outcome = SetOutcome::default();
        let data = match value {
            SetValue::Null => None,
            SetValue::Data(d) => Some(d),
            SetValue::Separated(_) => return Err(JetError::InvalidColumnType),
        };
        if data.is_none() && col.flags.contains(ColumnFlags::NOT_NULL) {
            return Err(JetError::ColumnIllegalNull);
        }
        let data = data.map(|d| {
            if d.len() > var_max(col) {
                outcome.truncated = true;
                &d[..var_max(col)]
            } else {
                d
            }
        });
        // the record's size afterwards: new slots (with the defaults ESE
        // bursts into those before this one), this value instead of the old
        let last = 127 + self.var.len() as u32;
        let mut grow = 0usize;
        if f > last {
            grow += 2 * (f - last) as usize;
            for c in Self::var_defaults_between(table, last, f) {
                grow += c.default.as_deref().map_or(0, |d| d.len().min(var_max(c)));
            }
        }
        let old = self.var.get((f - 128) as usize).and_then(|v| v.as_ref()).map_or(0, |v| v.len());
        if self.len() + grow + data.map_or(0, |d| d.len()) - old > self.config.record_most {
            return Err(JetError::RecordTooBig);
        }
        if f > last {
            self.var.resize((f - 127) as usize, None);
            for c in Self::var_defaults_between(table, last, f) {
                let d = c.default.as_deref().unwrap_or_default();
                self.var[(schema::fid(c) - 128) as usize] = Some(d[..d.len().min(var_max(c))].to_vec());
            }
        }
        let slot = &mut self.var[(f - 128) as usize];
        match (slot.as_mut(), data) {
            // the old value's buffer takes the new one
            (Some(v), Some(d)) => {
                v.clear();
                v.extend_from_slice(d);
            }
            (_, d) => *slot = d.map(|d| d.to_vec()),
        }
        Ok(outcome)
    }

    // ---- tagged columns ----

    fn tag_index(&self, fid: u16, derived: bool) -> Result<usize, usize> {
        let key = tagged::tag_order(derived, fid);
        self.tags.binary_search_by(|t| tagged::tag_order(t.derived, t.fid).cmp(&key))
    }

    fn set_tagged(
        &mut self,
        table: &TableDef,
        col: &ColumnDef,
        itag: u32,
        value: SetValue<'_>,
        opts: &SetOptions,
    ) -> JetResult<SetOutcome> {
        let long = col.coltyp.is_long();
        let mut outcome = SetOutcome::default();
        if value == SetValue::Null && col.flags.contains(ColumnFlags::NOT_NULL) {
            return Err(JetError::ColumnIllegalNull);
        }
        let table_most = limits::lv_intrinsic_table_most(self.config.record_most);
        let fid = schema::fid(col);
        let derived = schema::uses_derived_bit(table, col);
        let pos = self.tag_index(fid, derived);
        let existing_count = match pos {
            Ok(i) => match &self.tags[i].state {
                TagState::Null { .. } => 0,
                TagState::Values { vals, .. } => vals.len(),
            },
            Err(_) => 0,
        };
        // the value's position once set: compression applies to the first value only
        let target = if itag == 0 || itag as usize > existing_count { existing_count } else { itag as usize - 1 };

        let new_val = match value {
            SetValue::Null => None,
            SetValue::Separated(lid) => {
                if !long {
                    return Err(JetError::InvalidColumnType);
                }
                Some(Val { data: lid.to_reference(), separated: true, compressed: false, encrypted: false })
            }
            SetValue::Data(d) => {
                if col.cb_max > 0 && d.len() > col.cb_max as usize {
                    return Err(JetError::ColumnTooBig);
                }
                check_fixed_size(col, d)?;
                let want = match opts.compression {
                    Compression::Force => true,
                    Compression::Never => false,
                    Compression::Column => col.flags.contains(ColumnFlags::COMPRESSED),
                };
                let packed = if long && want && target == 0 && !d.is_empty() {
                    compress::compress_intrinsic_lv(d, self.config.lid_size, self.config.min_data_for_xpress)
                } else {
                    None
                };
                let stored_len = packed.as_ref().map_or(d.len(), |p| p.len());
                if stored_len > table_most {
                    return Err(JetError::ColumnDoesNotFit);
                }
                if opts.unique_multi_values && !long {
                    self.check_unique(fid, derived, itag, d)?;
                }
                outcome.compressed = packed.is_some();
                Some(match packed {
                    Some(p) => Val { data: p, separated: false, compressed: true, encrypted: false },
                    None => Val { data: d.to_vec(), separated: false, compressed: false, encrypted: false },
                })
            }
        };

        let has_default = schema::has_default(col);
        let small = self.small_page;
        let mut next_entry: Option<TagEntry>; // None: remove the entry
        match pos {
            Err(_) => match new_val {
                Some(v) => {
                    next_entry = Some(TagEntry {
                        fid,
                        derived,
                        long,
                        state: TagState::Values { layout: MvLayout::Single, vals: vec![v] },
                    })
                }
                None => {
                    if has_default && itag == 1 && !opts.revert_to_default {
                        let large_header = if long { tagged::HDR_LONG_VALUE } else { 0 };
                        next_entry = Some(TagEntry { fid, derived, long, state: TagState::Null { large_header } });
                    } else {
                        return Ok(outcome);
                    }
                }
            },
            Ok(i) => {
                let mut e = self.tags[i].clone();
                e.long = long;
                next_entry = Some(e);
                let e = next_entry.as_mut().unwrap();
                match (&mut e.state, new_val) {
                    (TagState::Null { .. }, Some(v)) => {
                        e.state = TagState::Values { layout: MvLayout::Single, vals: vec![v] };
                    }
                    (TagState::Null { .. }, None) => {
                        if opts.revert_to_default {
                            next_entry = None;
                        } else {
                            return Ok(outcome);
                        }
                    }
                    (TagState::Values { layout, vals }, Some(v)) => {
                        if itag == 0 || itag as usize > vals.len() {
                            // a new value: ESE never compresses one that is not first
                            vals.push(v);
                            *layout = match layout {
                                MvLayout::Single if small && !long && vals[0].data.len() <= 255 => MvLayout::TwoValues,
                                _ => MvLayout::MultiValues,
                            };
                        } else {
                            vals[itag as usize - 1] = v;
                        }
                    }
                    (TagState::Values { layout, vals }, None) => {
                        if itag == 0 || itag as usize > vals.len() {
                            return Ok(outcome);
                        }
                        match layout {
                            MvLayout::Single => {
                                if has_default && !opts.revert_to_default {
                                    // leave an explicit NULL; on large pages the flags byte
                                    // keeps its bits but the separated one
                                    let h = single_header(vals, long) & !tagged::HDR_SEPARATED;
                                    e.state = TagState::Null { large_header: h };
                                } else {
                                    next_entry = None;
                                }
                            }
                            MvLayout::TwoValues => {
                                vals.remove(itag as usize - 1);
                                *layout = MvLayout::Single;
                            }
                            MvLayout::MultiValues => {
                                vals.remove(itag as usize - 1);
                                if itag == 1 {
                                    // the compressed flag belonged to the removed value
                                    if let Some(v) = vals.first_mut() {
                                        v.compressed = false;
                                    }
                                }
                                if vals.len() == 1 {
                                    *layout = MvLayout::Single;
                                }
                            }
                        }
                    }
                }
            }
        }

        if small
            && let Some(e) = next_entry.as_mut()
            && let TagState::Null { large_header } = &mut e.state
        {
            // small pages store an explicit NULL without flags: keep none in memory either
            *large_header = 0;
            e.long = false;
        }
        let old_len = pos.map_or(0, |i| 4 + self.tags[i].encoded_len(small));
        let new_len = next_entry.as_ref().map_or(0, |e| 4 + e.encoded_len(small));
        if self.len() - old_len + new_len > self.config.record_most {
            return Err(JetError::RecordTooBig);
        }
        match (pos, next_entry) {
            (Ok(i), Some(e)) => self.tags[i] = e,
            (Ok(i), None) => {
                self.tags.remove(i);
            }
            (Err(i), Some(e)) => self.tags.insert(i, e),
            (Err(_), None) => {}
        }
        Ok(outcome)
    }

    fn check_unique(&self, fid: u16, derived: bool, itag: u32, d: &[u8]) -> JetResult<()> {
        if let Ok(i) = self.tag_index(fid, derived)
            && let TagState::Values { vals, .. } = &self.tags[i].state
        {
            for (k, v) in vals.iter().enumerate() {
                if k + 1 != itag as usize && v.data == d {
                    return Err(JetError::MultiValuedDuplicate);
                }
            }
        }
        Ok(())
    }

    // ---- whole-record checks and long values ----

    /// ErrRECIIllegalNulls, run by JetUpdate: every NOT NULL column without a
    /// default must have a value (ColumnIllegalNull; AutoIncrementNotSet for
    /// an autoincrement column).
    pub fn check_not_null(&self, table: &TableDef) -> JetResult<()> {
        let bytes = self.to_bytes();
        Self::check_not_null_of(table, &RecordView::parse(&bytes, self.config.page_size)?)
    }

    /// `check_not_null` on a record already serialized (`to_bytes`) and parsed.
    pub fn check_not_null_of(table: &TableDef, view: &RecordView<'_>) -> JetResult<()> {
        for col in &table.columns {
            let has_default = schema::has_default(col);
            let autoinc = col.class() == ColumnClass::Fixed && col.flags.contains(ColumnFlags::AUTOINCREMENT);
            if has_default || !(col.flags.contains(ColumnFlags::NOT_NULL) || autoinc) {
                continue;
            }
            if view.retrieve(table, col, 1, false)?.is_null() {
                return Err(if autoinc { JetError::AutoIncrementNotSet } else { JetError::ColumnIllegalNull });
            }
        }
        Ok(())
    }

    /// Long values kept in the record, largest first: (column id, itagSequence,
    /// bytes stored). ESE separates those above a threshold when a set fails
    /// with RecordTooBig (threshold: half a page, halving down to the LID size).
    pub fn intrinsic_long_values(&self, table: &TableDef) -> Vec<(u32, u32, usize)> {
        let mut out = Vec::new();
        for t in &self.tags {
            let Some(col) = schema::column_for_tag(table, t.fid, t.derived) else { continue };
            if !col.coltyp.is_long() {
                continue;
            }
            if let TagState::Values { vals, .. } = &t.state {
                for (i, v) in vals.iter().enumerate() {
                    if !v.separated {
                        out.push((col.columnid, i as u32 + 1, v.data.len()));
                    }
                }
            }
        }
        out.sort_by_key(|v| std::cmp::Reverse(v.2));
        out
    }

    /// Every LID the record refers to (for reference counting on delete,
    /// replace and copy).
    pub fn separated_lids(&self) -> JetResult<Vec<LvId>> {
        let mut out = Vec::new();
        for t in &self.tags {
            if let TagState::Values { vals, .. } = &t.state {
                for v in vals.iter().filter(|v| v.separated) {
                    out.push(LvId::from_reference(&v.data)?);
                }
            }
        }
        Ok(out)
    }
}

/// A variable column's maximum size (255 when the catalog says 0).
fn var_max(col: &ColumnDef) -> usize {
    if col.cb_max == 0 { 255 } else { col.cb_max as usize }
}
