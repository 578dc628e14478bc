//! `IndexKeySpec`: what key normalization needs to know about one index,
//! resolved once from its `IndexDef` and the table's `ColumnDef`s (callers
//! cache it next to the index; building it on every call is also fine).

use crate::catalog::defs::{
    Coltyp, ColumnClass, ColumnDef, ColumnFlags, ColumnId, ConditionalColumn, IndexDef, IndexFlags,
};
use crate::error::{JetError, JetResult};

/// ESE's historical maximum key size (JET_cbKeyMost_OLD). Indexes with this
/// maximum truncate source data to 255 bytes before normalizing (kept for
/// compatibility with indexes built by old versions).
pub const CB_KEY_MOST_OLD: usize = 255;

/// The largest key any index can have (JET_cbKeyMostMost).
pub const CB_KEY_MOST_MOST: usize = 2000;

/// Most key columns per index (JET_ccolKeyMost).
pub const CCOL_KEY_MOST: usize = 16;

/// IDXFLAG fIDXDotNetGuid in the high half of the persisted index flags
/// (MSysObjects stores IDBFLAG in the low 16 bits and IDXFLAG in the high 16).
pub const IDXFLAG_DOTNET_GUID: u32 = 0x0002 << 16;

/// Windows' LCMapString flags ESE uses by default for new indexes:
/// LCMAP_SORTKEY | NORM_IGNORECASE | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH.
pub const LCMAP_FLAGS_DEFAULT: u32 = 0x0003_0401;

/// Default tuple-index limits (JET_TUPLELIMITS), used where a limit is 0.
pub const TUPLE_LENGTH_MIN_DEFAULT: u32 = 3;
pub const TUPLE_LENGTH_MAX_DEFAULT: u32 = 10;
pub const TUPLE_TO_INDEX_MAX_DEFAULT: u32 = 0x7fff;
pub const TUPLE_INCREMENT_DEFAULT: u32 = 1;

/// One key column, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentSpec {
    pub columnid: ColumnId,
    pub coltyp: Coltyp,
    /// Code page of text columns (1200 = UTF-16, anything else = single-byte).
    pub cp: u16,
    pub class: ColumnClass,
    pub descending: bool,
    /// A tagged column flagged multi-valued.
    pub multivalued: bool,
    /// Fixed columns: the bytes the column occupies (JET_COLUMNDEF.cbMax).
    pub cb_fixed: usize,
    /// The column is the primary index placeholder (a fixed Bit column).
    pub placeholder: bool,
}

impl SegmentSpec {
    pub fn is_fixed_column(&self) -> bool {
        self.class == ColumnClass::Fixed
    }
    pub fn is_text(&self) -> bool {
        self.coltyp.is_text()
    }
    pub fn is_binary(&self) -> bool {
        matches!(self.coltyp, Coltyp::Binary | Coltyp::LongBinary)
    }
    pub fn is_unicode(&self) -> bool {
        self.is_text() && self.cp == 1200
    }
}

/// Tuple-index limits, in characters.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct TupleLimits {
    pub length_min: u32,
    pub length_max: u32,
    pub to_index_max: u32,
    pub increment: u32,
    pub start: u32,
}

impl TupleLimits {
    /// From `IndexDef::tuple_limits` ([min, max, max-to-index, increment, start]);
    /// zero limits take ESE's defaults.
    pub fn from_array(a: [u32; 5]) -> TupleLimits {
        let or = |v: u32, d: u32| if v == 0 { d } else { v };
        TupleLimits {
            length_min: or(a[0], TUPLE_LENGTH_MIN_DEFAULT),
            length_max: or(a[1], TUPLE_LENGTH_MAX_DEFAULT),
            to_index_max: or(a[2], TUPLE_TO_INDEX_MAX_DEFAULT),
            increment: or(a[3], TUPLE_INCREMENT_DEFAULT),
            start: a[4],
        }
    }
}

/// Everything key normalization needs about one index.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexKeySpec {
    pub segments: Vec<SegmentSpec>,
    pub conditional: Vec<ConditionalColumn>,
    pub flags: IndexFlags,
    /// Maximum key size (255 when the definition says 0).
    pub cb_key_most: usize,
    /// Maximum normalized size of one variable-size segment, header byte
    /// included; equal to `cb_key_most` when the index sets no such limit.
    pub cb_var_seg_mac: usize,
    pub dot_net_guid: bool,
    /// LCMapString flags of Unicode text segments.
    pub lcmap_flags: u32,
    pub lcid: u32,
    pub tuples: Option<TupleLimits>,
}

impl IndexKeySpec {
    /// Resolves an index's segments against the table's columns.
    /// A segment or conditional column missing from `columns` is a schema
    /// inconsistency: JetError::ColumnNotFound. No segments: IndexInvalidDef.
    pub fn new(index: &IndexDef, columns: &[ColumnDef]) -> JetResult<IndexKeySpec> {
        if index.segments.is_empty() || index.segments.len() > CCOL_KEY_MOST {
            return Err(JetError::IndexInvalidDef);
        }
        let find = |id: ColumnId| {
            columns
                .iter()
                .find(|c| c.columnid == id)
                .ok_or(JetError::ColumnNotFound)
        };
        let primary = index.flags.contains(IndexFlags::PRIMARY);
        let mut segments = Vec::with_capacity(index.segments.len());
        for (i, seg) in index.segments.iter().enumerate() {
            let col = find(seg.columnid)?;
            if col.coltyp == Coltyp::SLV {
                return Err(JetError::IndexInvalidDef);
            }
            let class = col.class();
            segments.push(SegmentSpec {
                columnid: col.columnid,
                coltyp: col.coltyp,
                cp: col.cp,
                class,
                descending: seg.descending,
                multivalued: class == ColumnClass::Tagged
                    && col.flags.contains(ColumnFlags::MULTIVALUED),
                cb_fixed: col.fixed_len() as usize,
                placeholder: primary
                    && i == 0
                    && index.segments.len() > 1
                    && col.flags.contains(ColumnFlags::PRIMARY_INDEX_PLACEHOLDER),
            });
        }
        for c in &index.conditional {
            find(c.columnid)?;
        }
        let cb_key_most = match index.cb_key_most as usize {
            0 => CB_KEY_MOST_OLD,
            n => n.min(CB_KEY_MOST_MOST),
        };
        let cb_var_seg_mac = match index.cb_var_seg_mac as usize {
            0 => cb_key_most,
            n => n.min(cb_key_most),
        };
        Ok(IndexKeySpec {
            segments,
            conditional: index.conditional.clone(),
            flags: index.flags,
            cb_key_most,
            cb_var_seg_mac,
            dot_net_guid: index.flags.bits() & IDXFLAG_DOTNET_GUID != 0,
            lcmap_flags: if index.lcmap_flags == 0 {
                LCMAP_FLAGS_DEFAULT
            } else {
                index.lcmap_flags
            },
            lcid: index.lcid,
            tuples: index.tuple_limits.map(TupleLimits::from_array),
        })
    }

    /// The first key column is a primary-index placeholder (JetMakeKey fills it in).
    pub fn has_placeholder(&self) -> bool {
        self.segments.first().is_some_and(|s| s.placeholder)
    }

    /// Some key column is multi-valued (ESE's fidbMultivalued, recomputed).
    pub fn is_multivalued(&self) -> bool {
        self.flags.contains(IndexFlags::MULTIVALUED) || self.segments.iter().any(|s| s.multivalued)
    }

    pub fn sort_nulls_high(&self) -> bool {
        self.flags.contains(IndexFlags::SORT_NULLS_HIGH)
    }

    /// The segment-size cap as ESE's normalizers take it: one past
    /// `cb_key_most` when the index sets no cap, so "unset" never truncates.
    pub(crate) fn var_seg_mac_effective(&self) -> usize {
        if self.cb_var_seg_mac == 0 || self.cb_var_seg_mac >= self.cb_key_most {
            self.cb_key_most + 1
        } else {
            self.cb_var_seg_mac
        }
    }

    /// The longest key JetMakeKey can build for this index: one byte past
    /// `cb_key_most`, for the limit suffix.
    pub fn cb_limit_key_most(&self) -> usize {
        self.cb_key_most + 1
    }
}
