//! Key normalization: turning column values into byte strings whose memcmp
//! order is the index order, per column type and index flags (ESE's fldnorm).
//!
//! Owns: the normalized form of every column type (`normalize`), Unicode
//! sort keys (`sortkey`, an approximation of Windows' LCMapStringEx: see
//! its module comment), search keys and limits built by JetMakeKey
//! (`builder::KeyBuilder`), the keys an index holds for a record
//! (`record::index_entries`), and reading fixed-size values back from a key
//! (`decode::column_from_key`).
//!
//! A key is the concatenation of its segments. Each segment starts with a
//! prefix byte: 0x7f data, 0x40 zero-length Text/Binary, 0x00 NULL (0xc0 with
//! JET_bitIndexSortNullsHigh); descending segments are complemented
//! (prefix included). Keys are cut at the index's cb_key_most; variable-size
//! segments also at cb_var_seg_mac.
//!
//! Conventions and deliberate differences from ESE:
//! * JET_bitIndexDotNetGuid is read from `IndexDef::flags` bit 0x0002_0000
//!   (IDXFLAG fIDXDotNetGuid in the high half of MSysObjects' index Flags).
//! * JetMakeKey rejects a wrong-size value for every fixed-size type with
//!   InvalidBufferSize (ESE checks fixed columns only and reads past the
//!   buffer of a tagged one).
//! * A nested-table index stops when all its multi-valued columns are out of
//!   values (ESE looks at all tagged key columns, which never ends when one
//!   of them is single-valued).
//!
//! Must never: do I/O or know about pages; panic on any input value.

mod builder;
mod decode;
mod normalize;
mod record;
pub mod sortkey;
#[rustfmt::skip]
mod sortkey_table;
mod spec;

#[cfg(test)]
mod tests;

pub use builder::{
    JET_BIT_KEY_OVERRIDE_PRIMARY_INDEX_PLACEHOLDER, JET_MASK_LIMIT_OPTIONS, KeyBuilder,
    compare_keys, key_in_range, seek_gt_key,
};
pub use decode::{ColumnFromKey, column_from_key};
pub use normalize::{
    BINARY_CHUNK, BINARY_CHUNK_NORMALIZED, PREFIX_DATA, PREFIX_NULL, PREFIX_NULL_HIGH,
    PREFIX_ZERO_LENGTH, SENTINEL,
};
pub use record::{
    NullSegments, RecordKey, RecordValues, ValueList, entries_diff, index_entries, primary_key,
    record_key,
};
pub use spec::{
    CB_KEY_MOST_MOST, CB_KEY_MOST_OLD, CCOL_KEY_MOST, IDXFLAG_DOTNET_GUID, IndexKeySpec,
    LCMAP_FLAGS_DEFAULT, SegmentSpec, TupleLimits,
};
