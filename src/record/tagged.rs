//! The tagged area of a record: parsing it into columns and their values.
//!
//! Layout: an array of TAGFLDs (column id u16, offset u16, both
//! little-endian) sorted with template ("derived") columns first, each by
//! column id; then the data of each column, which runs to the next column's
//! offset (the last one to the end of the record). Offsets count from the
//! start of the array, so the first offset is also 4 x the number of columns.
//!
//! Offset bits: 0x8000 derived. Small pages: 0x4000 the data starts with a
//! flags byte, 0x2000 explicit NULL (a column set to NULL over its default),
//! 0x1fff the offset. Large pages: 0x7fff the offset, and every column's data
//! starts with a flags byte (NULL is its 0x20 bit).
//!
//! Flags byte: 0x01 long value (LongText/LongBinary column), 0x02 compressed,
//! 0x04 separated (the data is a LID), 0x08 multi-valued, 0x10 the "two
//! values" layout, 0x20 NULL (large pages), 0x40 encrypted.
//!
//! Multi-values: "two values" (small pages, columns that are not long values,
//! at most 255-byte first value): the length of the first value (one byte),
//! then both values. Otherwise an array of u16 offsets (relative to the array,
//! 0x8000 = that value is separated, so a LID) and then the values; the first
//! offset is 2 x the number of values. Only the first value can be
//! compressed (the flags byte's 0x02 then applies to it).
//!
//! Must never: panic on a corrupt record (every offset is checked here).

use crate::error::{JetError, JetResult};

pub const TAG_DERIVED: u16 = 0x8000;
pub const TAG_EXTENDED_SMALL: u16 = 0x4000;
pub const TAG_NULL_SMALL: u16 = 0x2000;
pub const TAG_IB_MASK_SMALL: u16 = 0x1FFF;
pub const TAG_IB_MASK_LARGE: u16 = 0x7FFF;

pub const HDR_LONG_VALUE: u8 = 0x01;
pub const HDR_COMPRESSED: u8 = 0x02;
pub const HDR_SEPARATED: u8 = 0x04;
pub const HDR_MULTI_VALUES: u8 = 0x08;
pub const HDR_TWO_VALUES: u8 = 0x10;
pub const HDR_NULL: u8 = 0x20;
pub const HDR_ENCRYPTED: u8 = 0x40;

pub const MV_SEPARATED: u16 = 0x8000;
pub const MV_IB_MASK: u16 = 0x7FFF;

fn corrupt() -> JetError {
    JetError::DatabaseCorrupted
}

/// One column of the tagged area, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagField<'a> {
    /// The column id's low 16 bits.
    pub fid: u16,
    /// The column comes from the table's template (derived tables only).
    pub derived: bool,
    /// The flags byte, when the column has one.
    pub header: Option<u8>,
    /// Explicitly NULL (overriding a default).
    pub null: bool,
    /// The column's data after the flags byte.
    pub data: &'a [u8],
}

/// How a column's values are laid out.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum MvLayout {
    Single,
    TwoValues,
    MultiValues,
}

/// One value of a tagged column, as stored.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct StoredValue<'a> {
    pub data: &'a [u8],
    /// The data is the LID of a value in the LV tree.
    pub separated: bool,
    /// The data is compressed (`compress::decompress`).
    pub compressed: bool,
    pub encrypted: bool,
}

/// Sort order of the tag array: derived columns first, then by column id.
pub fn tag_order(derived: bool, fid: u16) -> (u8, u16) {
    (if derived { 0 } else { 1 }, fid)
}

impl<'a> TagField<'a> {
    pub fn flags(&self) -> u8 {
        self.header.unwrap_or(0)
    }

    pub fn is_long_value(&self) -> bool {
        self.flags() & HDR_LONG_VALUE != 0
    }

    pub fn layout(&self) -> MvLayout {
        let h = self.flags();
        if h & HDR_MULTI_VALUES == 0 {
            MvLayout::Single
        } else if h & HDR_TWO_VALUES != 0 {
            MvLayout::TwoValues
        } else {
            MvLayout::MultiValues
        }
    }

    /// The column's values in itagSequence order (empty when NULL).
    pub fn values(&self) -> JetResult<Vec<StoredValue<'a>>> {
        if self.null {
            return Ok(Vec::new());
        }
        let h = self.flags();
        let encrypted = h & HDR_ENCRYPTED != 0;
        let d = self.data;
        match self.layout() {
            MvLayout::Single => Ok(vec![StoredValue {
                data: d,
                separated: h & HDR_SEPARATED != 0,
                compressed: h & HDR_COMPRESSED != 0,
                encrypted,
            }]),
            MvLayout::TwoValues => {
                let first = *d.first().ok_or_else(corrupt)? as usize;
                if d.len() < 1 + first {
                    return Err(corrupt());
                }
                let plain = |data| StoredValue { data, separated: false, compressed: false, encrypted: false };
                Ok(vec![plain(&d[1..1 + first]), plain(&d[1 + first..])])
            }
            MvLayout::MultiValues => {
                let off = |i: usize| -> JetResult<u16> {
                    let b = d.get(2 * i..2 * i + 2).ok_or_else(corrupt)?;
                    Ok(u16::from_le_bytes([b[0], b[1]]))
                };
                let start = (off(0)? & MV_IB_MASK) as usize;
                if start < 4 || !start.is_multiple_of(2) || start > d.len() {
                    return Err(corrupt());
                }
                let count = start / 2;
                let mut out = Vec::with_capacity(count);
                for i in 0..count {
                    let o = off(i)?;
                    let b = (o & MV_IB_MASK) as usize;
                    let e = if i + 1 < count { (off(i + 1)? & MV_IB_MASK) as usize } else { d.len() };
                    if b < start || b > e || e > d.len() {
                        return Err(corrupt());
                    }
                    out.push(StoredValue {
                        data: &d[b..e],
                        separated: o & MV_SEPARATED != 0,
                        compressed: i == 0 && h & HDR_COMPRESSED != 0,
                        encrypted,
                    });
                }
                Ok(out)
            }
        }
    }
}

/// Parses a tagged area (the bytes from its start to the end of the record).
pub fn parse(area: &[u8], small_page: bool) -> JetResult<Vec<TagField<'_>>> {
    if area.is_empty() {
        return Ok(Vec::new());
    }
    let mask = if small_page { TAG_IB_MASK_SMALL } else { TAG_IB_MASK_LARGE };
    let entry = |i: usize| -> JetResult<(u16, u16)> {
        let b = area.get(4 * i..4 * i + 4).ok_or_else(corrupt)?;
        Ok((u16::from_le_bytes([b[0], b[1]]), u16::from_le_bytes([b[2], b[3]])))
    };
    let first_ib = (entry(0)?.1 & mask) as usize;
    if first_ib < 4 || !first_ib.is_multiple_of(4) || first_ib > area.len() {
        return Err(corrupt());
    }
    let count = first_ib / 4;
    let mut out: Vec<TagField<'_>> = Vec::with_capacity(count);
    for i in 0..count {
        let (fid, ib) = entry(i)?;
        let start = (ib & mask) as usize;
        let end = if i + 1 < count { (entry(i + 1)?.1 & mask) as usize } else { area.len() };
        if fid < 256 || start < first_ib || start > end || end > area.len() {
            return Err(corrupt());
        }
        let derived = ib & TAG_DERIVED != 0;
        if let Some(prev) = out.last()
            && tag_order(prev.derived, prev.fid) >= tag_order(derived, fid)
        {
            return Err(corrupt());
        }
        let raw = &area[start..end];
        let has_header = !small_page || ib & TAG_EXTENDED_SMALL != 0;
        let (header, data) = if has_header {
            let (h, rest) = raw.split_first().ok_or_else(corrupt)?;
            (Some(*h), rest)
        } else {
            (None, raw)
        };
        let null = if small_page { ib & TAG_NULL_SMALL != 0 } else { header.unwrap_or(0) & HDR_NULL != 0 };
        out.push(TagField { fid, derived, header, null, data });
    }
    Ok(out)
}

/// Finds a column in a parsed tag array.
pub fn find<'t, 'a>(tags: &'t [TagField<'a>], fid: u16, derived: bool) -> Option<&'t TagField<'a>> {
    let key = tag_order(derived, fid);
    tags.binary_search_by(|t| tag_order(t.derived, t.fid).cmp(&key)).ok().map(|i| &tags[i])
}
