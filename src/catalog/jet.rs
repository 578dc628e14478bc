//! Persisted flags and the API's JET_bit* grbits, both ways: what
//! JetGetColumnInfo / JetGetIndexInfo report (info.cxx, IDB::GrbitFromFlags)
//! and what JetAddColumn / JetCreateIndex persist (fcreate.cxx,
//! IDB::SetFlagsFromGrbit). Validation of the grbits is in `validate`.

use crate::abi::consts::*;
use crate::catalog::defs::{ColumnClass, ColumnDef, ColumnFlags, IndexDef, IndexFlags};
use crate::key::IDXFLAG_DOTNET_GUID;

/// IDXFLAG fIDXDeferredPopulate / fIDXOptionallyUnique (high half of the index flags).
pub const IDXFLAG_DEFERRED_POPULATE: u32 = 0x0004 << 16;
pub const IDXFLAG_OPTIONALLY_UNIQUE: u32 = 0x0008 << 16;

/// JET_bitIndexDeferredPopulateCreate / JET_bitIndexOptionallyUnique (not in every header).
pub const JET_BIT_INDEX_DEFERRED_POPULATE_CREATE: u32 = 0x0010_0000;
pub const JET_BIT_INDEX_OPTIONALLY_UNIQUE: u32 = 0x0040_0000;
/// JET_bitColumnEncrypted (not in the ABI manifest).
pub const JET_BIT_COLUMN_ENCRYPTED: u32 = 0x0010_0000;
/// JET_bitColumnRenameConvertToPrimaryIndexPlaceholder.
pub const JET_BIT_COLUMN_PRIMARY_INDEX_PLACEHOLDER: u32 = 0x0001_0000;

const FIELD_TO_JET: [(ColumnFlags, u32); 11] = [
    (ColumnFlags::NOT_NULL, JET_bitColumnNotNULL),
    (ColumnFlags::VERSION, JET_bitColumnVersion),
    (ColumnFlags::AUTOINCREMENT, JET_bitColumnAutoincrement),
    (ColumnFlags::MULTIVALUED, JET_bitColumnMultiValued),
    (ColumnFlags::ESCROW_UPDATE, JET_bitColumnEscrowUpdate),
    (ColumnFlags::FINALIZE, JET_bitColumnFinalize),
    (ColumnFlags::USER_DEFINED_DEFAULT, JET_bitColumnUserDefinedDefault),
    (ColumnFlags::DELETE_ON_ZERO, JET_bitColumnDeleteOnZero),
    (ColumnFlags::COMPRESSED, JET_bitColumnCompressed),
    (ColumnFlags::ENCRYPTED, JET_BIT_COLUMN_ENCRYPTED),
    (ColumnFlags::PRIMARY_INDEX_PLACEHOLDER, JET_BIT_COLUMN_PRIMARY_INDEX_PLACEHOLDER),
];

/// JET_COLUMNDEF.grbit of a column as JetGetColumnInfo reports it: Fixed or
/// Tagged from the column id, then one bit per persisted flag. (ESE adds
/// JET_bitColumnUpdatable when the cursor is updatable: the caller's part.)
pub fn column_grbit(col: &ColumnDef) -> u32 {
    let mut g = match col.class() {
        ColumnClass::Fixed => JET_bitColumnFixed,
        ColumnClass::Tagged => JET_bitColumnTagged,
        ColumnClass::Variable => 0,
    };
    for (f, bit) in FIELD_TO_JET {
        if col.flags.contains(f) {
            g |= bit;
        }
    }
    g
}

/// The persisted FIELDFLAGs of a JetAddColumn grbit (the layout bits Fixed
/// and Tagged and the API-only bits are not flags). DEFAULT is added by the
/// caller when a default value is given.
pub fn column_flags_from_grbit(grbit: u32) -> ColumnFlags {
    let mut f = ColumnFlags::empty();
    for (flag, bit) in FIELD_TO_JET {
        if grbit & bit != 0 {
            f |= flag;
        }
    }
    f
}

/// What JetGetIndexInfo reports in columnidgrbitIndex / JET_INDEXCREATE.grbit
/// (ESE's IDB::GrbitFromFlags): a primary index is also unique; the null
/// bits are the complement of the persisted "allow" bits (an index created
/// with IgnoreAnyNull reports IgnoreNull | IgnoreFirstNull | IgnoreAnyNull).
pub fn index_grbit(index: &IndexDef) -> u32 {
    let f = index.flags;
    let x = f.bits();
    let mut g = 0;
    if f.contains(IndexFlags::PRIMARY) {
        g |= JET_bitIndexPrimary;
    }
    if f.contains(IndexFlags::UNIQUE) {
        g |= JET_bitIndexUnique;
    }
    if index.tuple_limits.is_some() {
        g |= JET_bitIndexTuples;
    }
    if f.contains(IndexFlags::CROSS_PRODUCT) {
        g |= JET_bitIndexCrossProduct;
    }
    if f.contains(IndexFlags::NESTED_TABLE) {
        g |= JET_bitIndexNestedTable;
    }
    if x & IDXFLAG_DOTNET_GUID != 0 {
        g |= JET_bitIndexDotNetGuid;
    }
    if x & IDXFLAG_DEFERRED_POPULATE != 0 {
        g |= JET_BIT_INDEX_DEFERRED_POPULATE_CREATE;
    }
    if f.contains(IndexFlags::DISALLOW_TRUNCATION) {
        g |= JET_bitIndexDisallowTruncation;
    }
    if f.contains(IndexFlags::NO_NULL_SEG) {
        g |= JET_bitIndexDisallowNull;
    } else {
        if !f.contains(IndexFlags::ALLOW_ALL_NULLS) {
            g |= JET_bitIndexIgnoreNull;
        }
        if !f.contains(IndexFlags::ALLOW_FIRST_NULL) {
            g |= JET_bitIndexIgnoreFirstNull;
        }
        if !f.contains(IndexFlags::ALLOW_SOME_NULLS) {
            g |= JET_bitIndexIgnoreAnyNull;
        }
        if f.contains(IndexFlags::SORT_NULLS_HIGH) {
            g |= JET_bitIndexSortNullsHigh;
        }
    }
    if index.cb_key_most > crate::key::CB_KEY_MOST_OLD as u32 {
        g |= JET_bitIndexKeyMost;
    }
    g
}

/// The persisted index flags of a JetCreateIndex grbit (ESE's
/// IDB::SetFlagsFromGrbit): the "allow nulls" cascade, Unique for a primary
/// index, and DotNetGuid / DeferredPopulate / OptionallyUnique in the high
/// half. Flags that depend on the key columns (MULTIVALUED,
/// LOCALIZED_TEXT, LOCALE_SET, TEMPLATE_INDEX, DERIVED_INDEX) are set by
/// the index's creation, not here.
pub fn index_flags_from_grbit(grbit: u32) -> IndexFlags {
    let has = |b: u32| grbit & b != 0;
    let mut f = IndexFlags::empty();
    if !has(JET_bitIndexDisallowNull) && !has(JET_bitIndexIgnoreAnyNull) {
        f |= IndexFlags::ALLOW_SOME_NULLS;
        if !has(JET_bitIndexIgnoreFirstNull) {
            f |= IndexFlags::ALLOW_FIRST_NULL;
            if !has(JET_bitIndexIgnoreNull) {
                f |= IndexFlags::ALLOW_ALL_NULLS;
            }
        }
    }
    if has(JET_bitIndexPrimary) {
        f |= IndexFlags::UNIQUE | IndexFlags::PRIMARY;
    } else if has(JET_bitIndexUnique) {
        f |= IndexFlags::UNIQUE;
    }
    if has(JET_bitIndexDisallowNull) {
        f |= IndexFlags::NO_NULL_SEG;
    } else if has(JET_bitIndexSortNullsHigh) {
        f |= IndexFlags::SORT_NULLS_HIGH;
    }
    if has(JET_bitIndexCrossProduct) {
        f |= IndexFlags::CROSS_PRODUCT;
    } else if has(JET_bitIndexNestedTable) {
        f |= IndexFlags::NESTED_TABLE;
    }
    if has(JET_bitIndexDisallowTruncation) {
        f |= IndexFlags::DISALLOW_TRUNCATION;
    }
    let mut high = 0;
    if has(JET_bitIndexDotNetGuid) {
        high |= IDXFLAG_DOTNET_GUID;
    }
    if has(JET_BIT_INDEX_DEFERRED_POPULATE_CREATE) {
        high |= IDXFLAG_DEFERRED_POPULATE;
    }
    if has(JET_BIT_INDEX_OPTIONALLY_UNIQUE) {
        high |= IDXFLAG_OPTIONALLY_UNIQUE;
    }
    f | IndexFlags::from_bits_retain(high)
}

/// JET_COLUMNDEF.grbit names, in the canonical dump's order (tests, tools).
pub fn column_grbit_names(grbit: u32) -> Vec<&'static str> {
    [
        (JET_bitColumnFixed, "Fixed"),
        (JET_bitColumnTagged, "Tagged"),
        (JET_bitColumnNotNULL, "NotNULL"),
        (JET_bitColumnVersion, "Version"),
        (JET_bitColumnAutoincrement, "Autoincrement"),
        (JET_bitColumnMultiValued, "MultiValued"),
        (JET_bitColumnEscrowUpdate, "EscrowUpdate"),
        (JET_bitColumnFinalize, "Finalize"),
        (JET_bitColumnUserDefinedDefault, "UserDefinedDefault"),
        (JET_bitColumnDeleteOnZero, "DeleteOnZero"),
        (JET_bitColumnCompressed, "Compressed"),
        (JET_BIT_COLUMN_ENCRYPTED, "Encrypted"),
    ]
    .iter()
    .filter(|(b, _)| grbit & b != 0)
    .map(|(_, n)| *n)
    .collect()
}

/// Index grbit names, in the canonical dump's order (tests, tools).
pub fn index_grbit_names(grbit: u32) -> Vec<&'static str> {
    [
        (JET_bitIndexPrimary, "Primary"),
        (JET_bitIndexUnique, "Unique"),
        (JET_bitIndexDisallowNull, "DisallowNull"),
        (JET_bitIndexIgnoreNull, "IgnoreNull"),
        (JET_bitIndexIgnoreAnyNull, "IgnoreAnyNull"),
        (JET_bitIndexIgnoreFirstNull, "IgnoreFirstNull"),
        (JET_bitIndexSortNullsHigh, "SortNullsHigh"),
        (JET_bitIndexCrossProduct, "CrossProduct"),
        (JET_bitIndexNestedTable, "NestedTable"),
        (JET_bitIndexDisallowTruncation, "DisallowTruncation"),
        (JET_bitIndexDotNetGuid, "DotNetGuid"),
    ]
    .iter()
    .filter(|(b, _)| grbit & b != 0)
    .map(|(_, n)| *n)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx(flags: IndexFlags) -> IndexDef {
        IndexDef {
            name: "i".into(),
            objid: 9,
            pgno_fdp: 9,
            flags,
            segments: vec![],
            conditional: vec![],
            lcid: 1033,
            lcmap_flags: 0,
            cb_key_most: 255,
            cb_var_seg_mac: 255,
            tuple_limits: None,
            density: 80,
        }
    }

    #[test]
    fn index_flags_round_trip_as_ese_reports_them() {
        // primary: unique too
        let f = index_flags_from_grbit(JET_bitIndexPrimary);
        assert_eq!(f.bits(), 0x2f);
        assert_eq!(index_grbit(&idx(f)), JET_bitIndexPrimary | JET_bitIndexUnique);
        // IgnoreAnyNull reads back as all three ignore bits
        let f = index_flags_from_grbit(JET_bitIndexIgnoreAnyNull);
        assert_eq!(f.bits(), 0);
        assert_eq!(index_grbit(&idx(f)), JET_bitIndexIgnoreNull | JET_bitIndexIgnoreFirstNull | JET_bitIndexIgnoreAnyNull);
        // IgnoreFirstNull implies IgnoreNull
        let f = index_flags_from_grbit(JET_bitIndexUnique | JET_bitIndexIgnoreFirstNull);
        assert_eq!(f.bits(), 0x9);
        assert_eq!(index_grbit(&idx(f)), JET_bitIndexUnique | JET_bitIndexIgnoreNull | JET_bitIndexIgnoreFirstNull);
        let f = index_flags_from_grbit(JET_bitIndexDisallowNull | JET_bitIndexSortNullsHigh);
        assert_eq!(f, IndexFlags::NO_NULL_SEG);
        assert_eq!(index_grbit(&idx(f)), JET_bitIndexDisallowNull);
        let f = index_flags_from_grbit(JET_bitIndexDotNetGuid | JET_bitIndexNestedTable);
        assert_eq!(f.bits(), 0x2_800e);
        assert_eq!(index_grbit(&idx(f)), JET_bitIndexDotNetGuid | JET_bitIndexNestedTable);
    }

    #[test]
    fn column_grbits() {
        let mut c = ColumnDef {
            columnid: 1,
            name: "c".into(),
            coltyp: crate::catalog::defs::Coltyp::Long,
            cb_max: 4,
            cp: 0,
            flags: ColumnFlags::NOT_NULL | ColumnFlags::AUTOINCREMENT,
            default: None,
            record_offset: 4,
        };
        assert_eq!(column_grbit(&c), JET_bitColumnFixed | JET_bitColumnNotNULL | JET_bitColumnAutoincrement);
        c.columnid = 0x8000_0100;
        c.flags = ColumnFlags::MULTIVALUED | ColumnFlags::COMPRESSED;
        assert_eq!(column_grbit(&c), JET_bitColumnTagged | JET_bitColumnMultiValued | JET_bitColumnCompressed);
        assert_eq!(column_flags_from_grbit(column_grbit(&c)), c.flags);
        c.columnid = 130;
        assert_eq!(column_grbit_names(column_grbit(&c)), vec!["MultiValued", "Compressed"]);
    }
}
