//! How the record format uses a table's schema (`catalog::defs`): column
//! classes and ids in the record, template columns, defaults, fixed slots.

use std::borrow::Cow;

use crate::catalog::defs::{ColumnClass, ColumnDef, ColumnFlags, Coltyp, TableDef};
use crate::error::{JetError, JetResult};

/// Template-table column ids carry this bit.
pub const TEMPLATE_COLUMN: u32 = 0x8000_0000;

/// The column's id inside a record (its low 16 bits).
pub fn fid(col: &ColumnDef) -> u16 {
    (col.columnid & 0xFFFF) as u16
}

pub fn is_template_column(col: &ColumnDef) -> bool {
    col.columnid & TEMPLATE_COLUMN != 0
}

/// Whether the column's TAGFLD carries the derived bit: a template column
/// seen from a derived table (`table.template_table` is set). A template
/// table's own records store its columns without the bit.
pub fn uses_derived_bit(table: &TableDef, col: &ColumnDef) -> bool {
    is_template_column(col) && table.template_table.is_some() && col.class() == ColumnClass::Tagged
}

/// The column a stored tagged column belongs to, if the table has it.
/// For a derived table, `table.columns` must include the template's columns
/// (ids with TEMPLATE_COLUMN).
pub fn column_for_tag(table: &TableDef, fid: u16, derived: bool) -> Option<&ColumnDef> {
    let cls = |c: &&ColumnDef| c.class() == ColumnClass::Tagged && (c.columnid & 0xFFFF) as u16 == fid;
    if derived {
        return table.columns.iter().filter(cls).find(|c| is_template_column(c));
    }
    let mut candidates = table.columns.iter().filter(cls);
    let first = candidates.next()?;
    if !is_template_column(first) {
        return Some(first);
    }
    // a template table's own columns carry the template bit but no derived bit
    match candidates.find(|c| !is_template_column(c)) {
        Some(c) => Some(c),
        None if table.template_table.is_none() => Some(first),
        None => None,
    }
}

/// The bytes a fixed column occupies in the record.
pub fn fixed_width(col: &ColumnDef) -> usize {
    match col.coltyp.fixed_size() {
        Some(n) => n as usize,
        None if col.cb_max == 0 => 255,
        None => col.cb_max as usize,
    }
}

/// What a fixed column's slot holds once `value` is set, as ESE stores it:
/// Bit as 0x00/0xFF, Binary padded with 0x00, Text with spaces (code page
/// 1200: 0x20 at even byte positions, 0x00 at odd ones). A size the type
/// cannot take fails with InvalidBufferSize, as ESE does.
pub fn fixed_slot_bytes(col: &ColumnDef, value: &[u8]) -> JetResult<Vec<u8>> {
    let width = fixed_width(col);
    match col.coltyp {
        Coltyp::Bit => {
            if value.len() != 1 {
                return Err(JetError::InvalidBufferSize);
            }
            Ok(vec![if value[0] == 0 { 0x00 } else { 0xFF }])
        }
        Coltyp::Binary | Coltyp::Text => {
            if value.len() > width {
                return Err(JetError::InvalidBufferSize);
            }
            let mut v = value.to_vec();
            for p in value.len()..width {
                v.push(if col.coltyp == Coltyp::Binary {
                    0
                } else if col.cp == 1200 {
                    if p % 2 == 0 { 0x20 } else { 0x00 }
                } else {
                    0x20
                });
            }
            Ok(v)
        }
        Coltyp::LongBinary | Coltyp::LongText | Coltyp::SLV => Err(JetError::InvalidColumnType),
        _ => {
            if value.len() != width {
                return Err(JetError::InvalidBufferSize);
            }
            Ok(value.to_vec())
        }
    }
}

/// A column's default as the record format sees it.
pub enum DefaultValue<'c> {
    None,
    /// JET_bitColumnUserDefinedDefault: the caller's callback computes it.
    UserDefined,
    Value(Cow<'c, [u8]>),
}

/// The value ESE retrieves for a column absent from a record: fixed
/// defaults as they sit in the default record (normalized like a set), the
/// others as given.
pub fn default_value(col: &ColumnDef) -> DefaultValue<'_> {
    if col.flags.contains(ColumnFlags::USER_DEFINED_DEFAULT) {
        return DefaultValue::UserDefined;
    }
    match &col.default {
        None => DefaultValue::None,
        Some(d) if col.class() == ColumnClass::Fixed => match fixed_slot_bytes(col, d) {
            Ok(v) => DefaultValue::Value(Cow::Owned(v)),
            // a default ESE could not have stored: give it back as is
            Err(_) => DefaultValue::Value(Cow::Borrowed(d)),
        },
        Some(d) => DefaultValue::Value(Cow::Borrowed(d)),
    }
}

/// ESE's FFIELDDefault: the column has a default (user-defined ones included).
pub fn has_default(col: &ColumnDef) -> bool {
    col.default.is_some() || col.flags.intersects(ColumnFlags::DEFAULT | ColumnFlags::USER_DEFINED_DEFAULT)
}

/// Whether new records get this column's default copied in (fixed and
/// variable columns with a default that is not user-defined).
pub fn default_is_stored(col: &ColumnDef) -> bool {
    col.class() != ColumnClass::Tagged && col.default.is_some() && !col.flags.contains(ColumnFlags::USER_DEFINED_DEFAULT)
}
