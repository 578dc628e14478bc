//! ESE's checks on DDL requests, as pure functions on Rust types (the api
//! and isam layers convert the C structures): names (ErrUTILCheckName),
//! column definitions (ErrFILEIValidateAddColumn), index definitions and key
//! strings (ErrFILEIValidateCreateIndex and the per-column checks of index
//! creation), with ESE's error codes in ESE's order.

use crate::abi::consts::*;
use crate::catalog::defs::{Coltyp, ColumnClass, ColumnDef, ColumnFlags, ColumnId, IndexFlags};
use crate::catalog::jet;
use crate::catalog::locale;
use crate::error::{JetError, JetResult};
use crate::key::{CB_KEY_MOST_MOST, CB_KEY_MOST_OLD, CCOL_KEY_MOST, LCMAP_FLAGS_DEFAULT};

/// JET_cbNameMost.
pub const NAME_MOST: usize = 64;
/// Largest fid of each class (JET_ccolMost for tagged columns).
pub const FID_FIXED_MOST: u32 = 127;
pub const FID_VAR_MOST: u32 = 255;
pub const FID_TAGGED_MOST: u32 = 0xFEE0;
/// Page densities ESE accepts (ulFILEDensityLeast / Most) and its default.
pub const DENSITY_LEAST: u32 = 20;
pub const DENSITY_MOST: u32 = 100;
pub const DENSITY_DEFAULT: u32 = 80;

/// ESE's name check: not empty, no leading space, at most 64 bytes, no
/// control characters, '!', '.', '[' or ']' (bytes 0x80 and up are
/// allowed). Returns the name without trailing spaces. Every error is
/// InvalidName. Names are single-byte strings: a character above U+00FF
/// is InvalidName too.
pub fn check_name(name: &str) -> JetResult<String> {
    let bytes = crate::catalog::mso::name_bytes(name)?;
    if bytes.first().is_none_or(|&b| b == b' ') {
        return Err(JetError::InvalidName);
    }
    if bytes.len() > NAME_MOST {
        return Err(JetError::InvalidName);
    }
    for &b in &bytes {
        if b < 0x20 || matches!(b, b'!' | b'.' | b'[' | b']') {
            return Err(JetError::InvalidName);
        }
    }
    let trimmed = name.trim_end_matches(' ');
    if trimmed.is_empty() {
        return Err(JetError::InvalidName);
    }
    Ok(trimmed.to_string())
}

/// Whether two ESE names are the same (ESE compares them case-insensitively).
pub fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// JET_USERDEFINEDDEFAULT: what a column with a user-defined default calls.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserDefinedDefault {
    pub callback: String,
    pub user_data: Vec<u8>,
    /// szDependantColumns: NUL-separated column names, double NUL at the end (may be empty).
    pub dependencies: Vec<u8>,
}

/// A column to add (JET_COLUMNCREATE / JET_COLUMNDEF with its default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnCreate {
    pub name: String,
    /// JET_coltyp as given (checked here).
    pub coltyp: u32,
    pub cb_max: u32,
    /// JET_bitColumn* grbit.
    pub grbit: u32,
    /// Code page (text columns; 0 = 1252).
    pub cp: u16,
    /// The default value (None or empty: no default).
    pub default: Option<Vec<u8>>,
    /// With JET_bitColumnUserDefinedDefault: the callback (ESE receives it
    /// as pvDefault pointing to a JET_USERDEFINEDDEFAULT).
    pub user_defined_default: Option<UserDefinedDefault>,
}

/// A column definition that passed ESE's checks: what the catalog stores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidColumn {
    pub name: String,
    pub coltyp: Coltyp,
    /// cbMax as ESE stores it (type size for fixed-size types, 255 for Text/Binary given 0).
    pub cb_max: u32,
    pub cp: u16,
    pub flags: ColumnFlags,
    pub default: Option<Vec<u8>>,
    pub user_defined_default: Option<UserDefinedDefault>,
    /// Where its id comes from: tagged (JET_bitColumnTagged or a long
    /// value), fixed (JET_bitColumnFixed or a fixed-size type), or variable.
    pub class: ColumnClass,
    /// JET_wrnColumnMaxTruncated: a Text/Binary cbMax over 255 was cut to 255.
    pub max_truncated: bool,
}

fn is_fixed_size(c: Coltyp) -> bool {
    c.fixed_size().is_some()
}

/// ESE's UlCATColumnSize: (cbMax stored, truncated?).
pub fn column_size(coltyp: Coltyp, cb_max: u32) -> (u32, bool) {
    match coltyp.fixed_size() {
        Some(n) => (n, false),
        None if coltyp.is_long() => (cb_max, false),
        None if cb_max == 0 => (JET_cbColumnMost, false),
        None if cb_max > JET_cbColumnMost => (JET_cbColumnMost, true),
        None => (cb_max, false),
    }
}

/// ESE's checks of a new column (ErrFILEIValidateAddColumn), in ESE's
/// order. `exclusive`: the caller has the table exclusively (autoincrement
/// and escrow columns need it: ExclusiveTableLockRequired). `template_columns`:
/// the columns of the table's template (a name there is ColumnDuplicate).
pub fn validate_column(col: &ColumnCreate, exclusive: bool, template_columns: &[ColumnDef]) -> JetResult<ValidColumn> {
    let g = col.grbit;
    let has = |b: u32| g & b != 0;
    let has_default = col.default.as_ref().is_some_and(|d| !d.is_empty()) || col.user_defined_default.is_some();
    if col.cb_max > JET_cbLVColumnMost {
        return Err(JetError::InvalidParameter);
    }
    let name = check_name(&col.name)?;
    if template_columns.iter().any(|c| same_name(&c.name, &name)) {
        return Err(JetError::ColumnDuplicate);
    }
    let coltyp = match Coltyp::from_u32(col.coltyp) {
        Some(Coltyp::SLV) | None => return Err(JetError::InvalidColumnType),
        Some(c) => c,
    };
    let cp = if coltyp.is_text() {
        match col.cp {
            0 => 1252,
            1252 | 1200 => col.cp,
            _ => return Err(JetError::InvalidCodePage),
        }
    } else {
        0
    };
    let long = coltyp.is_long();
    if has(JET_bitColumnCompressed) && !long {
        return Err(JetError::ColumnCannotBeCompressed);
    }
    if has(jet::JET_BIT_COLUMN_ENCRYPTED) && (!long || has(JET_bitColumnMultiValued) || has_default) {
        return Err(JetError::ColumnCannotBeEncrypted);
    }
    if has(JET_bitColumnTagged) || long {
        if has(JET_bitColumnFixed) {
            return Err(JetError::InvalidGrbit);
        }
    } else if has(JET_bitColumnMultiValued) {
        return Err(JetError::MultiValuedColumnMustBeTagged);
    }
    let mut flags = ColumnFlags::empty();
    if has(JET_bitColumnEscrowUpdate) {
        if coltyp != Coltyp::Long && coltyp != Coltyp::LongLong {
            return Err(JetError::InvalidGrbit);
        }
        if has(JET_bitColumnTagged) {
            return Err(JetError::CannotBeTagged);
        }
        if has(JET_bitColumnVersion) || has(JET_bitColumnAutoincrement) || !has_default {
            return Err(JetError::InvalidGrbit);
        }
        if !exclusive {
            return Err(JetError::ExclusiveTableLockRequired);
        }
        if has(JET_bitColumnFinalize) && has(JET_bitColumnDeleteOnZero) {
            return Err(JetError::InvalidGrbit);
        }
        flags |= ColumnFlags::ESCROW_UPDATE;
        if has(JET_bitColumnFinalize) {
            flags |= ColumnFlags::FINALIZE;
        }
        if has(JET_bitColumnDeleteOnZero) {
            flags |= ColumnFlags::DELETE_ON_ZERO;
        }
    } else if has(JET_bitColumnFinalize) || has(JET_bitColumnDeleteOnZero) {
        return Err(JetError::InvalidGrbit);
    } else if has(JET_bitColumnVersion) || has(JET_bitColumnAutoincrement) {
        if has(JET_bitColumnAutoincrement) {
            if !matches!(coltyp, Coltyp::Long | Coltyp::LongLong | Coltyp::Currency) {
                return Err(JetError::InvalidGrbit);
            }
        } else if coltyp != Coltyp::Long {
            return Err(JetError::InvalidGrbit);
        }
        if has(JET_bitColumnTagged) {
            return Err(JetError::CannotBeTagged);
        }
        if has(JET_bitColumnVersion) {
            if has(JET_bitColumnAutoincrement) {
                return Err(JetError::InvalidGrbit);
            }
            flags |= ColumnFlags::VERSION;
        } else {
            if !exclusive {
                return Err(JetError::ExclusiveTableLockRequired);
            }
            flags |= ColumnFlags::AUTOINCREMENT;
        }
    }
    if has(JET_bitColumnUserDefinedDefault) {
        let bad = JET_bitColumnFixed
            | JET_bitColumnNotNULL
            | JET_bitColumnVersion
            | JET_bitColumnAutoincrement
            | JET_bitColumnUpdatable
            | JET_bitColumnEscrowUpdate
            | JET_bitColumnFinalize
            | JET_bitColumnDeleteOnZero
            | JET_bitColumnMaybeNull;
        if g & bad != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if !has(JET_bitColumnTagged) && !long {
            return Err(JetError::InvalidGrbit);
        }
        if col.user_defined_default.is_none() || col.default.as_ref().is_some_and(|d| !d.is_empty()) {
            return Err(JetError::InvalidParameter);
        }
        flags |= ColumnFlags::USER_DEFINED_DEFAULT;
    } else if col.user_defined_default.is_some() {
        return Err(JetError::InvalidParameter);
    }
    if has(JET_bitColumnNotNULL) {
        flags |= ColumnFlags::NOT_NULL;
    }
    if has(JET_bitColumnMultiValued) {
        flags |= ColumnFlags::MULTIVALUED;
    }
    if has(JET_bitColumnCompressed) {
        flags |= ColumnFlags::COMPRESSED;
    }
    if has(jet::JET_BIT_COLUMN_ENCRYPTED) {
        flags |= ColumnFlags::ENCRYPTED;
    }
    let (cb_max, max_truncated) = column_size(coltyp, col.cb_max);
    let default = col.default.clone().filter(|d| !d.is_empty());
    if has_default {
        flags |= ColumnFlags::DEFAULT;
    }
    if let Some(d) = &default {
        if cb_max != 0 && (cb_max as usize) < d.len() {
            return Err(JetError::DefaultValueTooBig);
        }
        // what ESE finds when it builds the default record
        if long && d.len() > JET_cbLVDefaultValueMost as usize {
            return Err(JetError::DefaultValueTooBig);
        }
        if let Some(n) = coltyp.fixed_size()
            && d.len() != n as usize
        {
            return Err(JetError::InvalidBufferSize);
        }
    }
    let class = if has(JET_bitColumnTagged) || long {
        ColumnClass::Tagged
    } else if has(JET_bitColumnFixed) || is_fixed_size(coltyp) {
        ColumnClass::Fixed
    } else {
        ColumnClass::Variable
    };
    Ok(ValidColumn {
        name,
        coltyp,
        cb_max,
        cp,
        flags,
        default,
        user_defined_default: col.user_defined_default.clone(),
        class,
        max_truncated,
    })
}

/// ESE's ErrFILEGetNextColumnid: the next id of `class` after `last`
/// (0 / 127 / 255 when the class has none); TooManyColumns past the class's range.
pub fn next_columnid(class: ColumnClass, last: u32) -> JetResult<ColumnId> {
    let (next, most) = match class {
        ColumnClass::Fixed => (last + 1, FID_FIXED_MOST),
        ColumnClass::Variable => (last.max(127) + 1, FID_VAR_MOST),
        ColumnClass::Tagged => (last.max(255) + 1, FID_TAGGED_MOST),
    };
    if next > most {
        return Err(JetError::TooManyColumns);
    }
    Ok(next)
}

/// A density as ESE checks it (0: the default).
pub fn check_density(density: u32, default: u32) -> JetResult<u32> {
    match density {
        0 => Ok(default),
        d if (DENSITY_LEAST..=DENSITY_MOST).contains(&d) => Ok(d),
        _ => Err(JetError::DensityInvalid),
    }
}

// ---- indexes ----

/// JET_UNICODEINDEX: the locale and LCMapString flags of an index's Unicode
/// text (JET_bitIndexUnicode). An LCID is converted by the caller
/// (`locale::name_from_lcid`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnicodeIndex {
    pub locale_name: String,
    /// 0: the instance's default.
    pub lcmap_flags: u32,
}

/// JET_CONDITIONALCOLUMN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionalCreate {
    pub column: String,
    /// JET_bitIndexColumnMustBeNull or JET_bitIndexColumnMustBeNonNull.
    pub grbit: u32,
}

/// An index to create (JET_INDEXCREATE3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexCreate {
    pub name: String,
    /// szKey as given, cbKey bytes: "+col\0-col\0\0".
    pub key: Vec<u8>,
    pub grbit: u32,
    /// ulDensity (0: the table's).
    pub density: u32,
    /// With JET_bitIndexUnicode.
    pub unicode: Option<UnicodeIndex>,
    /// cbVarSegMac (0: cbKeyMost).
    pub cb_var_seg_mac: u32,
    pub conditional: Vec<ConditionalCreate>,
    /// cbKeyMost (with JET_bitIndexKeyMost).
    pub cb_key_most: u32,
    /// With JET_bitIndexTupleLimits: chLengthMin, chLengthMax, chToIndexMax, cchIncrement, ichStart.
    pub tuple_limits: Option<[u32; 5]>,
    /// pSpacehints, normalized (`SpaceHints::normalize`); its density is `density`.
    pub space_hints: Option<super::space_hints::SpaceHints>,
}

/// The instance settings index creation falls back on (JET_paramUnicodeIndexDefault,
/// JET_paramIndexTuples*).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexDefaults {
    pub locale_name: String,
    pub lcmap_flags: u32,
    /// [min, max, to-index max, increment, start] for JET_bitIndexTuples without limits.
    pub tuple_limits: [u32; 5],
}

impl Default for IndexDefaults {
    fn default() -> IndexDefaults {
        IndexDefaults {
            locale_name: locale::DEFAULT_LOCALE_NAME.to_string(),
            lcmap_flags: LCMAP_FLAGS_DEFAULT,
            tuple_limits: [3, 10, 0x7fff, 1, 0],
        }
    }
}

/// An index definition that passed the checks that do not need the
/// table's columns (ErrFILEIValidateCreateIndex).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidIndex {
    pub name: String,
    /// Key columns by name, with descending.
    pub columns: Vec<(String, bool)>,
    /// IDBFLAG | IDXFLAG << 16 from the grbit and locale (MULTIVALUED and
    /// LOCALIZED_TEXT are added once the columns are known).
    pub flags: IndexFlags,
    pub cb_key_most: u32,
    pub cb_var_seg_mac: u32,
    pub locale_name: String,
    pub lcmap_flags: u32,
    pub tuple_limits: Option<[u32; 5]>,
    pub conditional: Vec<(String, bool)>,
    /// 0: the table's density.
    pub density: u32,
    pub grbit: u32,
}

/// The largest cbKeyMost of an index on `page_size` pages (CbKeyMostForPage).
pub fn key_most_for_page(page_size: u32) -> u32 {
    match page_size {
        2048 => JET_cbKeyMost2KBytePage,
        4096 => JET_cbKeyMost4KBytePage,
        _ => JET_cbKeyMostMost,
    }
}

/// Parses a key string ("+a\0-b\0c\0\0", cbKey bytes): the columns and
/// whether each is descending. ESE's rules: cbKey 0 is InvalidParameter;
/// the string must start with '+' or '-' and end with two NULs, hold 1 to
/// 16 columns and nothing after its terminating NUL (IndexInvalidDef).
pub fn parse_key(key: &[u8]) -> JetResult<Vec<(String, bool)>> {
    let n = key.len();
    if n == 0 {
        return Err(JetError::InvalidParameter);
    }
    if (key[0] != b'+' && key[0] != b'-') || n < 2 || key[n - 1] != 0 || key[n - 2] != 0 {
        return Err(JetError::IndexInvalidDef);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while key[i] != 0 {
        if out.len() >= CCOL_KEY_MOST {
            return Err(JetError::IndexInvalidDef);
        }
        let mut desc = false;
        if key[i] == b'-' {
            desc = true;
            i += 1;
        } else if key[i] == b'+' {
            i += 1;
        }
        let end = i + key[i..].iter().position(|&b| b == 0).ok_or(JetError::IndexInvalidDef)?;
        out.push((crate::catalog::mso::latin1(&key[i..end]), desc));
        i = end + 1;
        if i >= n {
            return Err(JetError::IndexInvalidDef);
        }
    }
    if out.is_empty() || i + 1 < n {
        return Err(JetError::IndexInvalidDef);
    }
    Ok(out)
}

const LCMAP_SORTKEY: u32 = 0x0000_0400;
const LCMAP_UPPERCASE: u32 = 0x0000_0200;
const LCMAP_VALID_SORTKEY_FLAGS: u32 = 0x0000_0800 // LCMAP_BYTEREV
    | 0x0000_0001 // NORM_IGNORECASE
    | 0x0000_0002 // NORM_IGNORENONSPACE
    | 0x0000_0004 // NORM_IGNORESYMBOLS
    | 0x0000_0010 // LINGUISTIC_IGNORECASE
    | 0x0000_0020 // LINGUISTIC_IGNOREDIACRITIC
    | 0x0000_0008 // SORT_DIGITSASNUMBERS
    | 0x0001_0000 // NORM_IGNOREKANATYPE
    | 0x0002_0000 // NORM_IGNOREWIDTH
    | 0x0800_0000 // NORM_LINGUISTIC_CASING
    | 0x0000_1000; // SORT_STRINGSORT

/// ESE's ErrNORMCheckLCMapFlags: LCMAP_SORTKEY is added (unless the flags
/// are LCMAP_UPPERCASE alone); only sort-key modifiers may accompany it.
pub fn check_lcmap_flags(flags: u32) -> JetResult<u32> {
    let f = if flags == LCMAP_UPPERCASE { flags } else { flags | LCMAP_SORTKEY };
    if f & !LCMAP_VALID_SORTKEY_FLAGS == LCMAP_SORTKEY || f == LCMAP_UPPERCASE { Ok(f) } else { Err(JetError::InvalidLCMapStringFlags) }
}

/// A locale name we accept: "" (invariant), a known name, or one shaped
/// like "ll[-RR...]". Others are InvalidLanguageId (Windows would look
/// them up; we cannot).
pub fn check_locale_name(name: &str) -> JetResult<()> {
    if name.is_empty() || locale::lcid_from_name(name).is_some() {
        return Ok(());
    }
    let mut parts = name.split('-');
    let lang = parts.next().unwrap_or("");
    let ok = (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    if ok { Ok(()) } else { Err(JetError::InvalidLanguageId) }
}

/// ESE's checks of an index definition that do not depend on the table
/// (ErrFILEIValidateCreateIndex), in its order.
pub fn validate_index(ix: &IndexCreate, page_size: u32, defaults: &IndexDefaults) -> JetResult<ValidIndex> {
    let g = ix.grbit;
    let has = |b: u32| g & b != 0;
    let name = check_name(&ix.name)?;
    let primary = has(JET_bitIndexPrimary);
    let unique = has(JET_bitIndexUnique) || primary;
    let custom_tuples = has(JET_bitIndexTupleLimits);
    let tuples = has(JET_bitIndexTuples) || custom_tuples;
    let optionally_unique = has(jet::JET_BIT_INDEX_OPTIONALLY_UNIQUE);
    let cb_key_most = if has(JET_bitIndexKeyMost) {
        if ix.cb_key_most < JET_cbKeyMostMin || ix.cb_key_most > key_most_for_page(page_size) {
            return Err(JetError::IndexInvalidDef);
        }
        ix.cb_key_most
    } else {
        CB_KEY_MOST_OLD as u32
    };
    let mut cb_var_seg_mac = if custom_tuples || ix.cb_var_seg_mac == 0 { cb_key_most } else { ix.cb_var_seg_mac };
    if primary && (has(JET_bitIndexIgnoreNull) || has(JET_bitIndexIgnoreAnyNull) || has(JET_bitIndexIgnoreFirstNull)) {
        return Err(JetError::InvalidGrbit);
    }
    if optionally_unique && unique {
        return Err(JetError::InvalidGrbit);
    }
    if has(JET_bitIndexCrossProduct) && has(JET_bitIndexNestedTable) {
        return Err(JetError::InvalidGrbit);
    }
    if primary && !ix.conditional.is_empty() {
        return Err(JetError::IndexInvalidDef);
    }
    if has(JET_bitIndexEmpty) && !has(JET_bitIndexIgnoreAnyNull) {
        return Err(JetError::InvalidGrbit);
    }
    if custom_tuples && ix.tuple_limits.is_none() {
        return Err(JetError::IndexInvalidDef);
    }
    // JET_bitIndexUnicode and a JET_UNICODEINDEX go together (ErrIDXCheckUnicodeFlagAndDefn)
    if has(JET_bitIndexUnicode) != ix.unicode.is_some() {
        return Err(JetError::InvalidParameter);
    }
    let (locale_name, lcmap_flags) = match &ix.unicode {
        Some(u) => (u.locale_name.clone(), if u.lcmap_flags != 0 { u.lcmap_flags } else { defaults.lcmap_flags }),
        None => (defaults.locale_name.clone(), defaults.lcmap_flags),
    };
    let columns = parse_key(&ix.key)?;
    let density = check_density(ix.density, 0)?;
    if cb_var_seg_mac == 0 || cb_var_seg_mac > cb_key_most {
        return Err(JetError::IndexInvalidDef);
    }
    let mut flags = jet::index_flags_from_grbit(g);
    let lcmap_flags = if ix.unicode.is_some() {
        check_locale_name(&locale_name)?;
        let f = check_lcmap_flags(lcmap_flags)?;
        flags |= IndexFlags::LOCALE_SET;
        f
    } else {
        if !same_name(&locale_name, &defaults.locale_name) {
            flags |= IndexFlags::LOCALE_SET;
        }
        check_locale_name(&locale_name)?;
        lcmap_flags
    };
    let mut tuple_limits = None;
    if tuples {
        if primary {
            return Err(JetError::IndexTuplesSecondaryIndexOnly);
        }
        if unique {
            return Err(JetError::IndexTuplesNonUniqueOnly);
        }
        if cb_var_seg_mac < cb_key_most {
            return Err(JetError::IndexTuplesVarSegMacNotAllowed);
        }
        cb_var_seg_mac = cb_key_most;
        let given = if custom_tuples { ix.tuple_limits.unwrap() } else { defaults.tuple_limits };
        if given[..4].iter().any(|&v| v > 0xFFFF) || (given[4] > 0xFFFF && given[4] != u32::MAX) {
            return Err(JetError::IndexTuplesInvalidLimits);
        }
        let or = |v: u32, d: u32| if v != 0 { v } else { d };
        let l = [or(given[0], 3), or(given[1], 10), or(given[2], 0x7fff), or(given[3], 1), if given[4] == u32::MAX { 0 } else { given[4] }];
        if !(2..=255).contains(&l[0]) || !(2..=255).contains(&l[1]) || l[0] > l[1] || l[2] > 0x7fff {
            return Err(JetError::IndexTuplesInvalidLimits);
        }
        tuple_limits = Some(l);
    }
    let mut conditional = Vec::new();
    for c in &ix.conditional {
        conditional.push((c.column.clone(), c.grbit == JET_bitIndexColumnMustBeNull));
    }
    debug_assert!(cb_key_most as usize <= CB_KEY_MOST_MOST);
    Ok(ValidIndex {
        name,
        columns,
        flags,
        cb_key_most,
        cb_var_seg_mac,
        locale_name,
        lcmap_flags,
        tuple_limits,
        conditional,
        density,
        grbit: g,
    })
}

/// The checks of an index's columns (index creation, per key column then
/// per conditional column): ColumnNotFound, CannotIndexOnEncryptedColumn,
/// CannotIndex (escrow), IndexInvalidDef (multi-valued column in a primary
/// index; JET_bitIndexEmpty over a column with a default; more than 16
/// conditional columns), IndexTuplesTextBinaryColumnsOnly, InvalidGrbit (a
/// conditional column's grbit). Returns the key segments, the conditional
/// columns (id, must be NULL) and the flags with MULTIVALUED and
/// LOCALIZED_TEXT added.
#[allow(clippy::type_complexity)]
pub fn resolve_index_columns(
    ix: &ValidIndex,
    find: &dyn Fn(&str) -> Option<ColumnDef>,
) -> JetResult<(Vec<(ColumnId, bool)>, Vec<(ColumnId, bool)>, IndexFlags)> {
    let mut flags = ix.flags;
    let primary = flags.contains(IndexFlags::PRIMARY);
    let mut segs = Vec::new();
    for (i, (name, desc)) in ix.columns.iter().enumerate() {
        let c = find(name).ok_or(JetError::ColumnNotFound)?;
        let mv = c.flags.contains(ColumnFlags::MULTIVALUED);
        if c.flags.contains(ColumnFlags::ENCRYPTED) {
            return Err(JetError::CannotIndexOnEncryptedColumn);
        }
        if c.flags.contains(ColumnFlags::ESCROW_UPDATE) {
            return Err(JetError::CannotIndex);
        }
        if primary && mv {
            return Err(JetError::IndexInvalidDef);
        }
        if ix.grbit & JET_bitIndexEmpty != 0 && crate::record::schema::has_default(&c) {
            return Err(JetError::IndexInvalidDef);
        }
        if i == 0 && ix.tuple_limits.is_some() && !matches!(c.coltyp, Coltyp::Text | Coltyp::LongText | Coltyp::Binary | Coltyp::LongBinary)
        {
            return Err(JetError::IndexTuplesTextBinaryColumnsOnly);
        }
        if mv {
            flags |= IndexFlags::MULTIVALUED;
        }
        if c.coltyp.is_text() && c.cp == 1200 {
            flags |= IndexFlags::LOCALIZED_TEXT;
        }
        segs.push((c.columnid, *desc));
    }
    if ix.conditional.len() > CCOL_KEY_MOST {
        return Err(JetError::IndexInvalidDef);
    }
    let mut cond = Vec::new();
    for (c, must_be_null) in &ix.conditional {
        cond.push((find(c).ok_or(JetError::ColumnNotFound)?.columnid, *must_be_null));
    }
    Ok((segs, cond, flags))
}

/// Conditional-column grbits are checked against the raw request (ESE: InvalidGrbit).
pub fn check_conditional_grbits(ix: &IndexCreate) -> JetResult<()> {
    if ix.conditional.len() > CCOL_KEY_MOST {
        return Err(JetError::IndexInvalidDef);
    }
    for c in &ix.conditional {
        if c.grbit != JET_bitIndexColumnMustBeNull && c.grbit != JET_bitIndexColumnMustBeNonNull {
            return Err(JetError::InvalidGrbit);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colc(name: &str, coltyp: u32, grbit: u32) -> ColumnCreate {
        ColumnCreate { name: name.into(), coltyp, grbit, ..ColumnCreate::default() }
    }

    #[test]
    fn names() {
        assert_eq!(check_name("Abc  ").unwrap(), "Abc");
        assert_eq!(check_name("a b").unwrap(), "a b");
        assert_eq!(check_name(&"x".repeat(64)).unwrap().len(), 64);
        assert_eq!(check_name("é").unwrap(), "é");
        for bad in ["", " a", "a.b", "a!", "[a", "a]", "a\tb", &"x".repeat(65), "   ", "\u{263A}"] {
            assert_eq!(check_name(bad), Err(JetError::InvalidName), "{bad:?}");
        }
        // trailing spaces past 64 bytes are still too long (as in ESE)
        assert_eq!(check_name(&format!("{}  ", "x".repeat(63))), Err(JetError::InvalidName));
        assert!(same_name("TeSt", "test") && !same_name("test", "tests"));
    }

    #[test]
    fn column_rules() {
        let v = validate_column(&colc("a", 10, 0), true, &[]).unwrap();
        assert_eq!((v.cb_max, v.cp, v.class, v.max_truncated), (255, 1252, ColumnClass::Variable, false));
        let v = validate_column(&ColumnCreate { cb_max: 300, cp: 1200, ..colc("a", 10, 0) }, true, &[]).unwrap();
        assert_eq!((v.cb_max, v.cp, v.max_truncated), (255, 1200, true));
        let v = validate_column(&ColumnCreate { cb_max: 7, cp: 1200, ..colc("a", 4, JET_bitColumnTagged) }, true, &[]).unwrap();
        assert_eq!((v.cb_max, v.cp, v.class), (4, 0, ColumnClass::Tagged));
        assert_eq!(validate_column(&colc("a", 9, JET_bitColumnFixed), true, &[]).unwrap().class, ColumnClass::Fixed);
        assert_eq!(validate_column(&colc("a", 12, 0), true, &[]).unwrap().class, ColumnClass::Tagged);
        let e = |c: ColumnCreate, ex: bool| validate_column(&c, ex, &[]).unwrap_err();
        assert_eq!(e(colc("a", 0, 0), true), JetError::InvalidColumnType);
        assert_eq!(e(colc("a", 13, 0), true), JetError::InvalidColumnType);
        assert_eq!(e(colc("a", 18, 0), true), JetError::InvalidColumnType);
        assert_eq!(e(colc("a.", 4, 0), true), JetError::InvalidName);
        assert_eq!(e(ColumnCreate { cp: 437, ..colc("a", 10, 0) }, true), JetError::InvalidCodePage);
        assert_eq!(e(colc("a", 4, JET_bitColumnMultiValued), true), JetError::MultiValuedColumnMustBeTagged);
        assert_eq!(e(colc("a", 11, JET_bitColumnFixed), true), JetError::InvalidGrbit);
        assert_eq!(e(colc("a", 4, JET_bitColumnCompressed), true), JetError::ColumnCannotBeCompressed);
        assert_eq!(e(colc("a", 4, jet::JET_BIT_COLUMN_ENCRYPTED), true), JetError::ColumnCannotBeEncrypted);
        assert_eq!(e(colc("a", 7, JET_bitColumnAutoincrement), true), JetError::InvalidGrbit);
        assert_eq!(e(colc("a", 4, JET_bitColumnAutoincrement), false), JetError::ExclusiveTableLockRequired);
        assert_eq!(e(colc("a", 4, JET_bitColumnAutoincrement | JET_bitColumnTagged), true), JetError::CannotBeTagged);
        assert_eq!(e(colc("a", 15, JET_bitColumnVersion), true), JetError::InvalidGrbit);
        assert_eq!(e(colc("a", 4, JET_bitColumnVersion | JET_bitColumnAutoincrement), true), JetError::InvalidGrbit);
        assert_eq!(e(colc("a", 4, JET_bitColumnEscrowUpdate), true), JetError::InvalidGrbit); // no default
        let esc = ColumnCreate { default: Some(vec![0; 4]), ..colc("a", 4, JET_bitColumnEscrowUpdate) };
        assert!(validate_column(&esc, true, &[]).unwrap().flags.contains(ColumnFlags::ESCROW_UPDATE | ColumnFlags::DEFAULT));
        assert_eq!(e(esc.clone(), false), JetError::ExclusiveTableLockRequired);
        assert_eq!(e(ColumnCreate { coltyp: 3, default: Some(vec![0; 2]), ..esc.clone() }, true), JetError::InvalidGrbit);
        assert_eq!(e(colc("a", 4, JET_bitColumnDeleteOnZero), true), JetError::InvalidGrbit);
        assert_eq!(e(ColumnCreate { default: Some(vec![1; 11]), cb_max: 10, ..colc("a", 10, 0) }, true), JetError::DefaultValueTooBig);
        assert_eq!(e(ColumnCreate { default: Some(vec![1; 256]), ..colc("a", 11, 0) }, true), JetError::DefaultValueTooBig);
        assert_eq!(e(ColumnCreate { default: Some(vec![1; 3]), ..colc("a", 4, 0) }, true), JetError::InvalidBufferSize);
        assert_eq!(e(ColumnCreate { cb_max: 0x8000_0000, ..colc("a", 11, 0) }, true), JetError::InvalidParameter);
        // user-defined defaults: tagged, with a callback, no other default
        let udd = UserDefinedDefault { callback: "dll!fn".into(), ..Default::default() };
        let u =
            ColumnCreate { user_defined_default: Some(udd.clone()), ..colc("a", 4, JET_bitColumnUserDefinedDefault | JET_bitColumnTagged) };
        let v = validate_column(&u, true, &[]).unwrap();
        assert_eq!(v.flags, ColumnFlags::USER_DEFINED_DEFAULT | ColumnFlags::DEFAULT);
        assert_eq!(e(ColumnCreate { grbit: JET_bitColumnUserDefinedDefault, ..u.clone() }, true), JetError::InvalidGrbit);
        assert_eq!(e(ColumnCreate { grbit: u.grbit | JET_bitColumnNotNULL, ..u.clone() }, true), JetError::InvalidGrbit);
        assert_eq!(e(ColumnCreate { user_defined_default: None, ..u.clone() }, true), JetError::InvalidParameter);
        // a template's column name is taken
        let t = ColumnDef {
            columnid: 0x8000_0001,
            name: "TAKEN".into(),
            coltyp: Coltyp::Long,
            cb_max: 4,
            cp: 0,
            flags: ColumnFlags::empty(),
            default: None,
            record_offset: 4,
        };
        assert_eq!(validate_column(&colc("taken", 4, 0), true, &[t]).unwrap_err(), JetError::ColumnDuplicate);
    }

    #[test]
    fn column_ids() {
        assert_eq!(next_columnid(ColumnClass::Fixed, 0), Ok(1));
        assert_eq!(next_columnid(ColumnClass::Fixed, 127), Err(JetError::TooManyColumns));
        assert_eq!(next_columnid(ColumnClass::Variable, 127), Ok(128));
        assert_eq!(next_columnid(ColumnClass::Variable, 255), Err(JetError::TooManyColumns));
        assert_eq!(next_columnid(ColumnClass::Tagged, 255), Ok(256));
        assert_eq!(next_columnid(ColumnClass::Tagged, 0xFEDF), Ok(0xFEE0));
        assert_eq!(next_columnid(ColumnClass::Tagged, 0xFEE0), Err(JetError::TooManyColumns));
        // 127 fixed, 128 variable, 64993 tagged columns
        assert_eq!(FID_FIXED_MOST, JET_ccolFixedMost);
        assert_eq!(FID_VAR_MOST - 127, JET_ccolVarMost);
        assert_eq!(FID_TAGGED_MOST - 255, JET_ccolTaggedMost);
    }

    #[test]
    fn key_strings() {
        assert_eq!(parse_key(b"+a\0-b\0c\0\0").unwrap(), vec![("a".into(), false), ("b".into(), true), ("c".into(), false)]);
        assert_eq!(parse_key(b""), Err(JetError::InvalidParameter));
        for bad in [&b"a\0\0"[..], b"+a\0", b"+a", b"+\0\0\0", b"+a\0\0\0", b"+a\0\0x"] {
            assert_eq!(parse_key(bad), Err(JetError::IndexInvalidDef), "{bad:?}");
        }
        let mut k = Vec::new();
        for i in 0..17 {
            k.extend(format!("+c{i}\0").bytes());
        }
        k.push(0);
        assert_eq!(parse_key(&k), Err(JetError::IndexInvalidDef));
        let n = k.len();
        let sixteen: Vec<u8> = k[..n - 6].iter().copied().chain([0u8]).collect();
        assert_eq!(parse_key(&sixteen).unwrap().len(), 16);
        // an empty column name parses (the lookup then fails: ColumnNotFound)
        assert_eq!(parse_key(b"+\0\0").unwrap(), vec![(String::new(), false)]);
    }

    #[test]
    fn index_rules() {
        let d = IndexDefaults::default();
        let ix = |grbit: u32| IndexCreate { name: "i".into(), key: b"+a\0\0".to_vec(), grbit, ..IndexCreate::default() };
        let v = validate_index(&ix(JET_bitIndexPrimary), 4096, &d).unwrap();
        assert_eq!((v.flags.bits(), v.cb_key_most, v.cb_var_seg_mac, v.lcmap_flags), (0x2f, 255, 255, 0x30401));
        assert_eq!(v.locale_name, "en-US");
        let e = |i: IndexCreate| validate_index(&i, 4096, &d).unwrap_err();
        assert_eq!(e(ix(JET_bitIndexPrimary | JET_bitIndexIgnoreNull)), JetError::InvalidGrbit);
        assert_eq!(e(ix(JET_bitIndexCrossProduct | JET_bitIndexNestedTable)), JetError::InvalidGrbit);
        assert_eq!(e(ix(JET_bitIndexEmpty)), JetError::InvalidGrbit);
        assert_eq!(e(IndexCreate { cb_key_most: 254, ..ix(JET_bitIndexKeyMost) }), JetError::IndexInvalidDef);
        assert_eq!(e(IndexCreate { cb_key_most: 1001, ..ix(JET_bitIndexKeyMost) }), JetError::IndexInvalidDef);
        assert_eq!(validate_index(&IndexCreate { cb_key_most: 2000, ..ix(JET_bitIndexKeyMost) }, 8192, &d).unwrap().cb_key_most, 2000);
        assert_eq!(e(IndexCreate { cb_var_seg_mac: 256, ..ix(0) }), JetError::IndexInvalidDef);
        assert_eq!(e(IndexCreate { name: "".into(), ..ix(0) }), JetError::InvalidName);
        assert_eq!(e(IndexCreate { key: vec![], ..ix(0) }), JetError::InvalidParameter);
        assert_eq!(e(IndexCreate { density: 19, ..ix(0) }), JetError::DensityInvalid);
        assert_eq!(e(IndexCreate { density: 101, ..ix(0) }), JetError::DensityInvalid);
        assert_eq!(e(ix(JET_bitIndexUnicode)), JetError::InvalidParameter);
        let uni = UnicodeIndex { locale_name: "fr-FR".into(), lcmap_flags: 0 };
        let v = validate_index(&IndexCreate { unicode: Some(uni.clone()), ..ix(JET_bitIndexUnicode) }, 4096, &d).unwrap();
        assert!(v.flags.contains(IndexFlags::LOCALE_SET));
        assert_eq!((v.locale_name.as_str(), v.lcmap_flags), ("fr-FR", 0x30401));
        let bad_flags = UnicodeIndex { locale_name: "fr-FR".into(), lcmap_flags: 0x100 };
        assert_eq!(e(IndexCreate { unicode: Some(bad_flags), ..ix(JET_bitIndexUnicode) }), JetError::InvalidLCMapStringFlags);
        let bad_loc = UnicodeIndex { locale_name: "no such locale".into(), lcmap_flags: 0 };
        assert_eq!(e(IndexCreate { unicode: Some(bad_loc), ..ix(JET_bitIndexUnicode) }), JetError::InvalidLanguageId);
        // tuples
        assert_eq!(e(ix(JET_bitIndexTuples | JET_bitIndexPrimary)), JetError::IndexTuplesSecondaryIndexOnly);
        assert_eq!(e(ix(JET_bitIndexTuples | JET_bitIndexUnique)), JetError::IndexTuplesNonUniqueOnly);
        assert_eq!(e(IndexCreate { cb_var_seg_mac: 10, ..ix(JET_bitIndexTuples) }), JetError::IndexTuplesVarSegMacNotAllowed);
        assert_eq!(e(ix(JET_bitIndexTupleLimits)), JetError::IndexInvalidDef);
        assert_eq!(
            e(IndexCreate { tuple_limits: Some([1, 10, 0, 0, 0]), ..ix(JET_bitIndexTupleLimits) }),
            JetError::IndexTuplesInvalidLimits
        );
        assert_eq!(
            e(IndexCreate { tuple_limits: Some([5, 4, 0, 0, 0]), ..ix(JET_bitIndexTupleLimits) }),
            JetError::IndexTuplesInvalidLimits
        );
        let v = validate_index(&ix(JET_bitIndexTuples), 4096, &d).unwrap();
        assert_eq!(v.tuple_limits, Some([3, 10, 0x7fff, 1, 0]));
        assert_eq!(
            jet::index_grbit(&crate::catalog::defs::IndexDef {
                name: v.name.clone(),
                objid: 1,
                pgno_fdp: 1,
                flags: v.flags,
                segments: vec![],
                conditional: vec![],
                lcid: 1033,
                lcmap_flags: v.lcmap_flags,
                cb_key_most: v.cb_key_most,
                cb_var_seg_mac: v.cb_var_seg_mac,
                tuple_limits: v.tuple_limits,
                density: 80,
            }) & JET_bitIndexTuples,
            JET_bitIndexTuples
        );
        // conditional columns
        let cond = |grbit| IndexCreate { conditional: vec![ConditionalCreate { column: "b".into(), grbit }], ..ix(0) };
        assert_eq!(check_conditional_grbits(&cond(3)), Err(JetError::InvalidGrbit));
        assert_eq!(check_conditional_grbits(&cond(JET_bitIndexColumnMustBeNull)), Ok(()));
        assert_eq!(e(IndexCreate { conditional: cond(1).conditional, ..ix(JET_bitIndexPrimary) }), JetError::IndexInvalidDef);
    }

    #[test]
    fn lcmap_flags() {
        assert_eq!(check_lcmap_flags(0x0003_0001), Ok(0x0003_0401));
        assert_eq!(check_lcmap_flags(0x200), Ok(0x200));
        assert_eq!(check_lcmap_flags(0x0000_0100), Err(JetError::InvalidLCMapStringFlags));
    }
}
