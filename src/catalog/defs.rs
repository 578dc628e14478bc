//! The engine's description of a schema, as the catalog persists it.
//!
//! These are plain data: record/ and key/ take them as input, catalog/ builds
//! them from MSysObjects rows, isam/ hands them to callers. Flag values are the
//! ones ESE persists in MSysObjects (FIELDFLAG, IDBFLAG), not the JET_bit
//! values of the API; `ColumnFlags::to_jet_grbit` and friends convert.

use bitflags::bitflags;

/// A JET_COLUMNID: 1-127 fixed, 128-255 variable, 256 and up tagged.
pub type ColumnId = u32;

/// Where a column's value lives in a record, decided by its id.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ColumnClass {
    Fixed,
    Variable,
    Tagged,
}

pub const FIXED_FIRST: ColumnId = 1;
pub const FIXED_LAST: ColumnId = 127;
pub const VAR_FIRST: ColumnId = 128;
pub const VAR_LAST: ColumnId = 255;
pub const TAGGED_FIRST: ColumnId = 256;
pub const TAGGED_LAST: ColumnId = 0xFFFF;

impl ColumnClass {
    pub fn of(columnid: ColumnId) -> ColumnClass {
        // template-table column ids carry 0x8000_0000; the low 16 bits decide the class
        let id = columnid & 0xFFFF;
        if id <= FIXED_LAST {
            ColumnClass::Fixed
        } else if id <= VAR_LAST {
            ColumnClass::Variable
        } else {
            ColumnClass::Tagged
        }
    }
}

/// JET_coltyp values.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Coltyp {
    Bit = 1,
    UnsignedByte = 2,
    Short = 3,
    Long = 4,
    Currency = 5,
    IEEESingle = 6,
    IEEEDouble = 7,
    DateTime = 8,
    Binary = 9,
    Text = 10,
    LongBinary = 11,
    LongText = 12,
    SLV = 13,
    UnsignedLong = 14,
    LongLong = 15,
    GUID = 16,
    UnsignedShort = 17,
}

impl Coltyp {
    pub fn from_u32(v: u32) -> Option<Coltyp> {
        use Coltyp::*;
        Some(match v {
            1 => Bit,
            2 => UnsignedByte,
            3 => Short,
            4 => Long,
            5 => Currency,
            6 => IEEESingle,
            7 => IEEEDouble,
            8 => DateTime,
            9 => Binary,
            10 => Text,
            11 => LongBinary,
            12 => LongText,
            13 => SLV,
            14 => UnsignedLong,
            15 => LongLong,
            16 => GUID,
            17 => UnsignedShort,
            _ => return None,
        })
    }

    /// The size of a fixed-size type, None for Binary/Text/LongBinary/LongText.
    pub fn fixed_size(self) -> Option<u32> {
        use Coltyp::*;
        Some(match self {
            Bit | UnsignedByte => 1,
            Short | UnsignedShort => 2,
            Long | UnsignedLong | IEEESingle => 4,
            Currency | IEEEDouble | DateTime | LongLong => 8,
            GUID => 16,
            Binary | Text | LongBinary | LongText | SLV => return None,
        })
    }

    pub fn is_text(self) -> bool {
        matches!(self, Coltyp::Text | Coltyp::LongText)
    }

    pub fn is_long(self) -> bool {
        matches!(self, Coltyp::LongBinary | Coltyp::LongText)
    }
}

bitflags! {
    /// FIELDFLAG: column flags as MSysObjects persists them.
    #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
    pub struct ColumnFlags: u32 {
        const NOT_NULL = 0x0001;
        const VERSION = 0x0002;
        const AUTOINCREMENT = 0x0004;
        const MULTIVALUED = 0x0008;
        const DEFAULT = 0x0010;
        const ESCROW_UPDATE = 0x0020;
        const FINALIZE = 0x0040;
        const USER_DEFINED_DEFAULT = 0x0080;
        const TEMPLATE_COLUMN_ESE98 = 0x0100;
        const DELETE_ON_ZERO = 0x0200;
        const PRIMARY_INDEX_PLACEHOLDER = 0x0800;
        const COMPRESSED = 0x1000;
        const ENCRYPTED = 0x2000;
    }
}

bitflags! {
    /// IDBFLAG: index flags as MSysObjects persists them.
    #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
    pub struct IndexFlags: u32 {
        const UNIQUE = 0x0001;
        const ALLOW_ALL_NULLS = 0x0002;
        const ALLOW_FIRST_NULL = 0x0004;
        const ALLOW_SOME_NULLS = 0x0008;
        const NO_NULL_SEG = 0x0010;
        const PRIMARY = 0x0020;
        const LOCALE_SET = 0x0040;
        const MULTIVALUED = 0x0080;
        const TEMPLATE_INDEX = 0x0100;
        const DERIVED_INDEX = 0x0200;
        const LOCALIZED_TEXT = 0x0400;
        const SORT_NULLS_HIGH = 0x0800;
        const UNICODE_FIXUP_ON = 0x1000;
        const CROSS_PRODUCT = 0x2000;
        const DISALLOW_TRUNCATION = 0x4000;
        const NESTED_TABLE = 0x8000;
    }
}

/// One column of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnDef {
    pub columnid: ColumnId,
    pub name: String,
    pub coltyp: Coltyp,
    /// JET_COLUMNDEF.cbMax: the size of fixed types, the maximum of the others (0: none).
    pub cb_max: u32,
    /// Code page of text columns (1252 or 1200), 0 for others.
    pub cp: u16,
    pub flags: ColumnFlags,
    /// The default value's bytes, if the column has one.
    pub default: Option<Vec<u8>>,
    /// Fixed columns: offset of the value from the start of the record (ESE's ibRecordOffset).
    pub record_offset: u16,
}

impl ColumnDef {
    pub fn class(&self) -> ColumnClass {
        ColumnClass::of(self.columnid)
    }
    /// Bytes the column occupies in the fixed area (fixed columns only).
    pub fn fixed_len(&self) -> u32 {
        self.coltyp.fixed_size().unwrap_or(self.cb_max)
    }
}

/// One key column of an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexSegment {
    pub columnid: ColumnId,
    pub descending: bool,
}

/// A conditional column: the index only holds records where the column is
/// (must_be_null) NULL or not NULL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionalColumn {
    pub columnid: ColumnId,
    pub must_be_null: bool,
}

/// One index of a table (the primary index included).
#[derive(Clone, Debug, PartialEq)]
pub struct IndexDef {
    pub name: String,
    /// The index's object id (its own B-tree unless it is the primary index).
    pub objid: u32,
    /// The first page of its B-tree (the table's for the primary index).
    pub pgno_fdp: u32,
    pub flags: IndexFlags,
    pub segments: Vec<IndexSegment>,
    pub conditional: Vec<ConditionalColumn>,
    /// Windows LCID of its Unicode text segments (1033 by default).
    pub lcid: u32,
    /// LCMapString flags of its Unicode text segments.
    pub lcmap_flags: u32,
    /// Maximum key size in bytes (JET_cbKeyMost by default: 255).
    pub cb_key_most: u32,
    /// Maximum bytes of a variable-size segment's normalized key (0: no limit beyond the key's).
    pub cb_var_seg_mac: u32,
    /// Tuple index limits (min, max, max-to-index, increment, start), if a tuple index.
    pub tuple_limits: Option<[u32; 5]>,
    /// Page density when the index was created (percent).
    pub density: u32,
}

/// A table.
#[derive(Clone, Debug, PartialEq)]
pub struct TableDef {
    pub name: String,
    pub objid: u32,
    pub pgno_fdp: u32,
    /// The table's object flags as MSysObjects persists them (JET_bitObject*:
    /// System, TableFixedDDL, TableTemplate, TableDerived, ...).
    pub flags: u32,
    pub initial_pages: u32,
    pub density: u32,
    pub template_table: Option<String>,
    /// Columns, sorted by column id.
    pub columns: Vec<ColumnDef>,
    /// Indexes, the primary one (if any) first.
    pub indexes: Vec<IndexDef>,
    /// The long-value tree: (objid, pgnoFDP), if the table has one.
    pub lv_tree: Option<(u32, u32)>,
}

impl TableDef {
    pub fn column(&self, columnid: ColumnId) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.columnid == columnid)
    }
    pub fn column_by_name(&self, name: &str) -> Option<&ColumnDef> {
        // ESE compares names case-insensitively
        self.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }
    pub fn primary_index(&self) -> Option<&IndexDef> {
        self.indexes.iter().find(|i| i.flags.contains(IndexFlags::PRIMARY))
    }
    /// Highest fixed column id in use (0 if none).
    pub fn last_fixed(&self) -> ColumnId {
        self.columns.iter().filter(|c| c.class() == ColumnClass::Fixed).map(|c| c.columnid & 0xFFFF).max().unwrap_or(0)
    }
    /// Highest variable column id in use (127 if none).
    pub fn last_variable(&self) -> ColumnId {
        self.columns.iter().filter(|c| c.class() == ColumnClass::Variable).map(|c| c.columnid & 0xFFFF).max().unwrap_or(VAR_FIRST - 1)
    }
}
