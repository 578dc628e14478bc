//! The C structures of the DDL calls read into the catalog's requests, and
//! what ESE writes back into them.
//!
//! Owns: JET_TABLECREATE, 2, 3, 4 (A and W), their JET_COLUMNCREATE arrays
//! (columnid and err written back per column) and index arrays of any
//! version (JET_INDEXCREATE and its older 72-byte form, JET_INDEXCREATE2,
//! JET_INDEXCREATE3; err written back per index), JET_CONDITIONALCOLUMN,
//! JET_UNICODEINDEX (an LCID, turned into a locale name as ESE does) and
//! JET_UNICODEINDEX2, JET_TUPLELIMITS, JET_SPACEHINTS and
//! JET_USERDEFINEDDEFAULT; tableid and cCreated.
//! Must never: call the engine, or use `unsafe` (pointer reads and writes go
//! through `args`; addresses are only computed here).
//!
//! ESE's conversions (jetapi.cxx) decide some results: arrays of index
//! structures are walked by each one's cbStruct, a JET_INDEXCREATE may be
//! the 72-byte form without cbKeyMost, an LCID given without
//! JET_bitIndexUnicode makes the index a Unicode one, a JET_INDEXCREATE's
//! ulDensity becomes its space hints, and nothing is written back to
//! structures flagged JET_bitTableCreateImmutableStructure or
//! JET_bitIndexImmutableStructure.

use core::ffi::{c_char, c_void};
use std::mem::{offset_of, size_of};

use super::args;
use crate::abi::*;
use crate::catalog::locale;
use crate::catalog::{ColumnCreate, ConditionalCreate, IndexCreate, TableCreate, UnicodeIndex, UserDefinedDefault};
use crate::error::{JetError, JetResult};
use crate::isam::ddl::{CreateReport, CreateTableRequest, SpaceHints};

/// The character type of an A or W structure.
pub trait Chars: Copy {
    /// A NUL-terminated name (None for NULL).
    fn string(p: *const Self) -> JetResult<Option<String>>;
    /// A key string of `cb` bytes, in the byte form the catalog parses.
    fn key(p: *const Self, cb: u32) -> JetResult<Vec<u8>>;
    /// A NUL-separated list ending in two NULs, as bytes (at most `max` characters).
    fn multi(p: *const Self, max: usize) -> JetResult<Vec<u8>>;
}

impl Chars for c_char {
    fn string(p: *const c_char) -> JetResult<Option<String>> {
        args::str_a(p)
    }
    fn key(p: *const c_char, cb: u32) -> JetResult<Vec<u8>> {
        Ok(args::bytes(p as *const c_void, cb)?.to_vec())
    }
    fn multi(p: *const c_char, max: usize) -> JetResult<Vec<u8>> {
        let mut out = Vec::new();
        if p.is_null() {
            return Ok(out);
        }
        for i in 0..max {
            let b = args::read(p.wrapping_add(i) as *const u8)?;
            out.push(b);
            if b == 0 && (i == 0 || out[i - 1] == 0) {
                return Ok(out);
            }
        }
        Err(JetError::InvalidParameter)
    }
}

impl Chars for WCHAR {
    fn string(p: *const WCHAR) -> JetResult<Option<String>> {
        args::str_w(p)
    }
    fn key(p: *const WCHAR, cb: u32) -> JetResult<Vec<u8>> {
        args::wide_key(p, cb)
    }
    fn multi(p: *const WCHAR, max: usize) -> JetResult<Vec<u8>> {
        let mut units = Vec::new();
        if p.is_null() {
            return Ok(Vec::new());
        }
        for i in 0..max {
            let u = args::read(p.wrapping_add(i))?;
            units.push(u);
            if u == 0 && (i == 0 || units[i - 1] == 0) {
                return args::wide_key(units.as_ptr(), (units.len() * 2) as u32);
            }
        }
        Err(JetError::InvalidParameter)
    }
}

/// A name that may be NULL: ESE's name check refuses NULL and "" alike.
fn name<C: Chars>(p: *const C) -> JetResult<String> {
    Ok(C::string(p)?.unwrap_or_default())
}

/// The JET_SPACEHINTS behind a pointer (None for NULL).
fn space_hints(p: *const JET_SPACEHINTS) -> JetResult<Option<SpaceHints>> {
    let Some(h) = args::opt_read(p) else { return Ok(None) };
    Ok(Some(SpaceHints {
        cb_struct_ok: h.cbStruct as usize == size_of::<JET_SPACEHINTS>(),
        initial_density: h.ulInitialDensity,
        cb_initial: h.cbInitial,
        grbit: h.grbit,
        maint_density: h.ulMaintDensity,
        growth: h.ulGrowth,
        cb_min_extent: h.cbMinExtent,
        cb_max_extent: h.cbMaxExtent,
    }))
}

/// An LCID as ESE turns it into a locale name (LCIDToLocaleName);
/// JET_errInvalidLanguageId for one we do not know.
fn locale_of_lcid(lcid: u32) -> JetResult<String> {
    const LOCALE_USER_DEFAULT: u32 = 0x0400;
    const LOCALE_SYSTEM_DEFAULT: u32 = 0x0800;
    if lcid == 0 || lcid == LOCALE_USER_DEFAULT || lcid == LOCALE_SYSTEM_DEFAULT {
        return Ok(locale::DEFAULT_LOCALE_NAME.to_string());
    }
    locale::name_from_lcid(lcid).map(str::to_string).ok_or(JetError::InvalidLanguageId)
}

// ---- columns ----

/// JET_USERDEFINEDDEFAULT.pbUserData (ESE sets no limit on its size).
fn udd_user_data(pb: *mut u8, cb: u32) -> JetResult<Vec<u8>> {
    Ok(args::bytes(pb as *const c_void, cb)?.to_vec())
}

/// A JET_USERDEFINEDDEFAULT_A (what JetAddColumn, A and W, reads behind
/// pvDefault with JET_bitColumnUserDefinedDefault).
pub fn read_udd_a(u: JET_USERDEFINEDDEFAULT_A) -> JetResult<UserDefinedDefault> {
    Ok(UserDefinedDefault {
        callback: name(u.szCallback as *const c_char)?,
        user_data: udd_user_data(u.pbUserData, u.cbUserData)?,
        dependencies: c_char::multi(u.szDependantColumns as *const c_char, 64 * 1024)?,
    })
}

/// What a column definition with JET_bitColumnUserDefinedDefault gives as
/// its default: (default, user-defined default). ESE always reads a
/// JET_USERDEFINEDDEFAULT_A behind pvDefault (JetAddColumnW and
/// JET_COLUMNCREATE_W included) and requires cbDefault to be its size
/// (ErrFILEIValidateAddColumn, after the grbit checks; a NULL pvDefault
/// counts as cbDefault 0). A wrong size is passed on as a plain default
/// (its bytes unread): the column checks then fail it with
/// JET_errInvalidParameter at ESE's point, having seen a default as ESE does.
pub fn udd_default(pv_default: *const c_void, cb_default: u32) -> JetResult<(Option<Vec<u8>>, Option<UserDefinedDefault>)> {
    let cb = if pv_default.is_null() { 0 } else { cb_default };
    if cb as usize == size_of::<JET_USERDEFINEDDEFAULT_A>() {
        let u = args::read(pv_default as *const JET_USERDEFINEDDEFAULT_A)?;
        return Ok((None, Some(read_udd_a(u)?)));
    }
    Ok(((cb > 0).then(|| vec![0]), None))
}

/// A JET_COLUMNCREATE_A or _W.
pub trait ColumnCreateC: Copy {
    type Ch: Chars;
    const COLUMNID_OFFSET: usize;
    const ERR_OFFSET: usize;
    fn cb_struct(&self) -> u32;
    fn read(&self) -> JetResult<ColumnCreate>;
}

macro_rules! column_create {
    ($t:ty, $ch:ty) => {
        impl ColumnCreateC for $t {
            type Ch = $ch;
            const COLUMNID_OFFSET: usize = offset_of!($t, columnid);
            const ERR_OFFSET: usize = offset_of!($t, err);
            fn cb_struct(&self) -> u32 {
                self.cbStruct
            }
            fn read(&self) -> JetResult<ColumnCreate> {
                let mut col = ColumnCreate {
                    name: name(self.szColumnName as *const $ch)?,
                    coltyp: self.coltyp,
                    cb_max: self.cbMax,
                    grbit: self.grbit,
                    // ESE keeps the low 16 bits
                    cp: self.cp as u16,
                    default: None,
                    user_defined_default: None,
                };
                if self.grbit & JET_bitColumnUserDefinedDefault != 0 {
                    // a JET_USERDEFINEDDEFAULT_A in both forms
                    (col.default, col.user_defined_default) = udd_default(self.pvDefault, self.cbDefault)?;
                } else if !self.pvDefault.is_null() && self.cbDefault > 0 {
                    col.default = Some(args::bytes(self.pvDefault, self.cbDefault)?.to_vec());
                }
                Ok(col)
            }
        }
    };
}

column_create!(JET_COLUMNCREATE_A, c_char);
column_create!(JET_COLUMNCREATE_W, WCHAR);

// ---- indexes ----

/// The 72-byte JET_INDEXCREATE of old headers (no cbKeyMost), which ESE
/// still accepts: the layout of the start of every index structure.
#[repr(C)]
#[derive(Copy, Clone)]
struct IndexCreateHead {
    cb_struct: u32,
    name: *const c_void,
    key: *const c_void,
    cb_key: u32,
    grbit: u32,
    density: u32,
    /// lcid or pidxunicode (JET_UNICODEINDEX, or JET_UNICODEINDEX2 in JET_INDEXCREATE3)
    unicode: u64,
    /// cbVarSegMac or ptuplelimits
    var_seg: u64,
    conditional: *const c_void,
    c_conditional: u32,
    err: i32,
}

const _: () = assert!(size_of::<IndexCreateHead>() == 72);
const _: () = assert!(offset_of!(IndexCreateHead, err) == offset_of!(JET_INDEXCREATE_A, err));
const _: () = assert!(offset_of!(IndexCreateHead, err) == offset_of!(JET_INDEXCREATE3_W, err));
const _: () = assert!(offset_of!(JET_INDEXCREATE_A, cbKeyMost) == 72);
const _: () = assert!(offset_of!(JET_INDEXCREATE2_A, pSpacehints) == 80);
const _: () = assert!(offset_of!(JET_INDEXCREATE3_A, pSpacehints) == 80);

/// Which index structure an array holds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum IndexVersion {
    /// JET_INDEXCREATE (80 bytes, or 72 without cbKeyMost).
    V1,
    /// JET_INDEXCREATE2 (space hints).
    V2,
    /// JET_INDEXCREATE3 (JET_UNICODEINDEX2 with a locale name).
    V3,
}

/// One index of a caller's array, read.
pub struct IndexIn {
    pub create: IndexCreate,
    /// JET_SPACEHINTS (a JET_INDEXCREATE's ulDensity becomes one, as in ESE).
    pub hints: Option<SpaceHints>,
    /// Where its err goes (None: JET_bitIndexImmutableStructure).
    err_at: Option<*mut i32>,
}

impl IndexIn {
    /// Write the index's result (ESE writes err into the caller's structure).
    pub fn write_err(&self, err: JET_ERR) {
        if let Some(out) = self.err_at.and_then(args::opt_out) {
            out.write(err);
        }
    }
}

/// Read `count` index structures of `version` (A or W by `C`) from `p`,
/// each found `cbStruct` bytes after the previous one. A wrong cbStruct is
/// JET_errInvalidParameter, as in ESE's conversions.
pub fn read_indexes<C: Chars>(p: *const c_void, count: u32, version: IndexVersion) -> JetResult<Vec<IndexIn>> {
    let mut out = Vec::new();
    if count == 0 {
        return Ok(out);
    }
    if p.is_null() {
        return Err(JetError::InvalidParameter);
    }
    let mut at = p as *const u8;
    for _ in 0..count {
        let cb = args::read(at as *const u32)? as usize;
        let full = match version {
            IndexVersion::V1 => size_of::<JET_INDEXCREATE_A>(),
            IndexVersion::V2 => size_of::<JET_INDEXCREATE2_A>(),
            IndexVersion::V3 => size_of::<JET_INDEXCREATE3_A>(),
        };
        if cb != full && !(version == IndexVersion::V1 && cb == size_of::<IndexCreateHead>()) {
            return Err(JetError::InvalidParameter);
        }
        let head: IndexCreateHead = args::read(at as *const IndexCreateHead)?;
        let cb_key_most = if cb >= 76 { args::read(at.wrapping_add(72) as *const u32)? } else { 0 };
        let hints_ptr = if cb >= 88 { args::read(at.wrapping_add(80) as *const usize)? as *const JET_SPACEHINTS } else { std::ptr::null() };
        out.push(read_index::<C>(&head, cb_key_most, hints_ptr, version, at as *mut u8)?);
        at = at.wrapping_add(cb);
    }
    Ok(out)
}

fn read_index<C: Chars>(h: &IndexCreateHead, cb_key_most: u32, hints: *const JET_SPACEHINTS, version: IndexVersion, at: *mut u8) -> JetResult<IndexIn> {
    let mut grbit = h.grbit;
    let unicode = match version {
        IndexVersion::V1 | IndexVersion::V2 => {
            if grbit & JET_bitIndexUnicode != 0 {
                let u: JET_UNICODEINDEX = args::read(h.unicode as usize as *const JET_UNICODEINDEX)?;
                Some(UnicodeIndex { locale_name: locale_of_lcid(u.lcid)?, lcmap_flags: u.dwMapFlags })
            } else {
                // only the low 32 bits: the union's lcid member
                match h.unicode as u32 {
                    0 => None,
                    lcid => {
                        grbit |= JET_bitIndexUnicode;
                        Some(UnicodeIndex { locale_name: locale_of_lcid(lcid)?, lcmap_flags: 0 })
                    }
                }
            }
        }
        IndexVersion::V3 => match args::opt_read(h.unicode as usize as *const JET_UNICODEINDEX2) {
            // a JET_UNICODEINDEX2 without the grbit (or the reverse) is refused by the engine
            Some(u) => Some(UnicodeIndex { locale_name: WCHAR::string(u.szLocaleName)?.unwrap_or_default(), lcmap_flags: u.dwMapFlags }),
            None => None,
        },
    };
    let (cb_var_seg_mac, tuple_limits) = if grbit & JET_bitIndexTupleLimits != 0 {
        let t = args::opt_read(h.var_seg as usize as *const JET_TUPLELIMITS);
        (0, t.map(|t| [t.chLengthMin, t.chLengthMax, t.chToIndexMax, t.cchIncrement, t.ichStart]))
    } else {
        (h.var_seg as u32, None)
    };
    if h.c_conditional as usize > crate::key::CCOL_KEY_MOST {
        return Err(JetError::IndexInvalidDef);
    }
    let mut conditional = Vec::new();
    let cond_size = size_of::<JET_CONDITIONALCOLUMN_A>();
    const _: () = assert!(size_of::<JET_CONDITIONALCOLUMN_A>() == size_of::<JET_CONDITIONALCOLUMN_W>());
    for i in 0..h.c_conditional as usize {
        if h.conditional.is_null() {
            return Err(JetError::InvalidParameter);
        }
        let c: JET_CONDITIONALCOLUMN_A = args::read((h.conditional as *const u8).wrapping_add(i * cond_size) as *const JET_CONDITIONALCOLUMN_A)?;
        if c.cbStruct as usize != cond_size {
            return Err(JetError::IndexInvalidDef);
        }
        conditional.push(ConditionalCreate { column: name(c.szColumnName as *const C)?, grbit: c.grbit });
    }
    let hints = match version {
        // ESE moves a JET_INDEXCREATE's density into space hints
        IndexVersion::V1 => Some(SpaceHints { cb_struct_ok: true, initial_density: h.density, ..SpaceHints::default() }),
        _ => space_hints(hints)?,
    };
    let create = IndexCreate {
        name: name(h.name as *const C)?,
        key: C::key(h.key as *const C, h.cb_key)?,
        grbit,
        density: h.density,
        unicode,
        cb_var_seg_mac,
        conditional,
        cb_key_most,
        tuple_limits,
        // normalized by the engine, which knows the page size
        space_hints: None,
    };
    let immutable = version == IndexVersion::V3 && h.grbit & JET_bitIndexImmutableStructure != 0;
    let err_at = (!immutable).then(|| at.wrapping_add(offset_of!(IndexCreateHead, err)) as *mut i32);
    Ok(IndexIn { create, hints, err_at })
}

// ---- tables ----

/// A JET_TABLECREATE of some version, read, with where its results go.
pub struct TableCreateIn {
    pub req: CreateTableRequest,
    columns: Vec<(*mut u8, usize, usize)>,
    indexes: Vec<IndexIn>,
    tableid_at: *mut JET_TABLEID,
    created_at: *mut u32,
    /// JET_bitTableCreateImmutableStructure: nothing is written back, and the table is closed.
    pub immutable: bool,
    /// JetCreateTableColumnIndex (the first structure): a failure writes JET_tableidNil.
    pub nil_on_failure: bool,
}

impl TableCreateIn {
    /// Write ESE's per-object results and cCreated.
    pub fn write_report(&self, r: &CreateReport) {
        if self.immutable {
            return;
        }
        for ((at, id_off, err_off), res) in self.columns.iter().zip(&r.columns) {
            match res {
                Ok(id) => {
                    if let Some(o) = args::opt_out(at.wrapping_add(*id_off) as *mut u32) {
                        o.write(*id);
                    }
                    if let Some(o) = args::opt_out(at.wrapping_add(*err_off) as *mut i32) {
                        o.write(JET_errSuccess);
                    }
                }
                Err(e) => {
                    if let Some(o) = args::opt_out(at.wrapping_add(*err_off) as *mut i32) {
                        o.write(e.code());
                    }
                }
            }
        }
        for (ix, res) in self.indexes.iter().zip(&r.indexes) {
            ix.write_err(match res {
                Ok(()) => JET_errSuccess,
                Err(e) => e.code(),
            });
        }
        if let (Some(c), Some(o)) = (r.created, args::opt_out(self.created_at)) {
            o.write(c);
        }
    }

    /// Write the new table's cursor (or JET_tableidNil after a failure, where ESE does).
    pub fn write_tableid(&self, id: Option<JET_TABLEID>) {
        if self.immutable {
            return;
        }
        match id {
            Some(id) => args::opt_out(self.tableid_at).map_or((), |o| o.write(id)),
            None if self.nil_on_failure => args::opt_out(self.tableid_at).map_or((), |o| o.write(JET_tableidNil)),
            None => {}
        }
    }
}

/// The fields every JET_TABLECREATE version shares, and where the optional ones are.
pub struct TableFields<C> {
    name: *const C,
    template: *const C,
    pages: u32,
    density: u32,
    columns: *const c_void,
    c_columns: u32,
    indexes: *const c_void,
    c_indexes: u32,
    callback: *const C,
    cbtyp: u32,
    grbit: u32,
    seq_hints: *const JET_SPACEHINTS,
    lv_hints: *const JET_SPACEHINTS,
    separate_lv: u32,
}

/// A JET_TABLECREATE_A/W, 2, 3 or 4 structure.
pub trait TableCreateC: Copy {
    type Ch: Chars;
    type Column: ColumnCreateC;
    /// The index structure its rgindexcreate holds.
    const INDEX: IndexVersion;
    /// The first version (JET_TABLECREATE): its cbStruct is not checked, no callback.
    const FIRST: bool;
    const TABLEID_OFFSET: usize;
    const CREATED_OFFSET: usize;
    fn cb_struct(&self) -> u32;
    fn fields(&self) -> TableFields<Self::Ch>;
}

macro_rules! table_create {
    ($t:ty, $ch:ty, $col:ty, $ix:expr, first) => {
        impl TableCreateC for $t {
            type Ch = $ch;
            type Column = $col;
            const INDEX: IndexVersion = $ix;
            const FIRST: bool = true;
            const TABLEID_OFFSET: usize = offset_of!($t, tableid);
            const CREATED_OFFSET: usize = offset_of!($t, cCreated);
            fn cb_struct(&self) -> u32 {
                self.cbStruct
            }
            fn fields(&self) -> TableFields<$ch> {
                TableFields {
                    name: self.szTableName,
                    template: self.szTemplateTableName,
                    pages: self.ulPages,
                    density: self.ulDensity,
                    columns: self.rgcolumncreate as *const c_void,
                    c_columns: self.cColumns,
                    indexes: self.rgindexcreate as *const c_void,
                    c_indexes: self.cIndexes,
                    callback: std::ptr::null(),
                    cbtyp: 0,
                    grbit: self.grbit,
                    seq_hints: std::ptr::null(),
                    lv_hints: std::ptr::null(),
                    separate_lv: 0,
                }
            }
        }
    };
    ($t:ty, $ch:ty, $col:ty, $ix:expr, callback) => {
        impl TableCreateC for $t {
            type Ch = $ch;
            type Column = $col;
            const INDEX: IndexVersion = $ix;
            const FIRST: bool = false;
            const TABLEID_OFFSET: usize = offset_of!($t, tableid);
            const CREATED_OFFSET: usize = offset_of!($t, cCreated);
            fn cb_struct(&self) -> u32 {
                self.cbStruct
            }
            fn fields(&self) -> TableFields<$ch> {
                TableFields {
                    name: self.szTableName,
                    template: self.szTemplateTableName,
                    pages: self.ulPages,
                    density: self.ulDensity,
                    columns: self.rgcolumncreate as *const c_void,
                    c_columns: self.cColumns,
                    indexes: self.rgindexcreate as *const c_void,
                    c_indexes: self.cIndexes,
                    callback: self.szCallback,
                    cbtyp: self.cbtyp,
                    grbit: self.grbit,
                    seq_hints: std::ptr::null(),
                    lv_hints: std::ptr::null(),
                    separate_lv: 0,
                }
            }
        }
    };
    ($t:ty, $ch:ty, $col:ty, $ix:expr, hints) => {
        impl TableCreateC for $t {
            type Ch = $ch;
            type Column = $col;
            const INDEX: IndexVersion = $ix;
            const FIRST: bool = false;
            const TABLEID_OFFSET: usize = offset_of!($t, tableid);
            const CREATED_OFFSET: usize = offset_of!($t, cCreated);
            fn cb_struct(&self) -> u32 {
                self.cbStruct
            }
            fn fields(&self) -> TableFields<$ch> {
                TableFields {
                    name: self.szTableName,
                    template: self.szTemplateTableName,
                    pages: self.ulPages,
                    density: self.ulDensity,
                    columns: self.rgcolumncreate as *const c_void,
                    c_columns: self.cColumns,
                    indexes: self.rgindexcreate as *const c_void,
                    c_indexes: self.cIndexes,
                    callback: self.szCallback,
                    cbtyp: self.cbtyp,
                    grbit: self.grbit,
                    seq_hints: self.pSeqSpacehints,
                    lv_hints: self.pLVSpacehints,
                    separate_lv: self.cbSeparateLV,
                }
            }
        }
    };
}

table_create!(JET_TABLECREATE_A, c_char, JET_COLUMNCREATE_A, IndexVersion::V1, first);
table_create!(JET_TABLECREATE_W, WCHAR, JET_COLUMNCREATE_W, IndexVersion::V1, first);
table_create!(JET_TABLECREATE2_A, c_char, JET_COLUMNCREATE_A, IndexVersion::V1, callback);
table_create!(JET_TABLECREATE2_W, WCHAR, JET_COLUMNCREATE_W, IndexVersion::V1, callback);
table_create!(JET_TABLECREATE3_A, c_char, JET_COLUMNCREATE_A, IndexVersion::V2, hints);
table_create!(JET_TABLECREATE3_W, WCHAR, JET_COLUMNCREATE_W, IndexVersion::V2, hints);
table_create!(JET_TABLECREATE4_A, c_char, JET_COLUMNCREATE_A, IndexVersion::V3, hints);
table_create!(JET_TABLECREATE4_W, WCHAR, JET_COLUMNCREATE_W, IndexVersion::V3, hints);

/// Read a JET_TABLECREATE of any version: NULL or (after the first
/// version) a wrong cbStruct is JET_errInvalidParameter, as is a column
/// structure whose cbStruct is not sizeof(JET_COLUMNCREATE).
pub fn read_table_create<T: TableCreateC>(p: *mut T) -> JetResult<TableCreateIn> {
    let t: T = args::read(p as *const T)?;
    if !T::FIRST && t.cb_struct() as usize != size_of::<T>() {
        return Err(JetError::InvalidParameter);
    }
    let f = t.fields();
    let indexes = read_indexes::<T::Ch>(f.indexes, f.c_indexes, T::INDEX)?;
    let col_size = size_of::<T::Column>();
    let mut columns = Vec::new();
    let mut creates = Vec::new();
    let cols: &[T::Column] = args::slice(f.columns as *const T::Column, f.c_columns)?;
    for (i, c) in cols.iter().enumerate() {
        if c.cb_struct() as usize != col_size {
            return Err(JetError::InvalidParameter);
        }
        creates.push(c.read()?);
        let at = (f.columns as *mut u8).wrapping_add(i * col_size);
        columns.push((at, T::Column::COLUMNID_OFFSET, T::Column::ERR_OFFSET));
    }
    // ESE registers a callback only when szCallback is given (cbtyp alone is ignored)
    let callback = T::Ch::string(f.callback)?.map(|name| (f.cbtyp, name));
    let tc = TableCreate {
        name: name(f.name)?,
        template: T::Ch::string(f.template)?,
        pages: f.pages,
        density: f.density,
        grbit: f.grbit,
        columns: creates,
        indexes: indexes.iter().map(|i| i.create.clone()).collect(),
        callback,
        separate_lv: f.separate_lv,
        lv_chunk_max: 0,
        seq_hints: None,
        lv_hints: None,
    };
    let req = CreateTableRequest {
        tc,
        index_hints: indexes.iter().map(|i| i.hints).collect(),
        seq_hints: space_hints(f.seq_hints)?,
        lv_hints: space_hints(f.lv_hints)?,
    };
    Ok(TableCreateIn {
        req,
        columns,
        indexes,
        tableid_at: (p as *mut u8).wrapping_add(T::TABLEID_OFFSET) as *mut JET_TABLEID,
        created_at: (p as *mut u8).wrapping_add(T::CREATED_OFFSET) as *mut u32,
        immutable: f.grbit & JET_bitTableCreateImmutableStructure != 0,
        nil_on_failure: T::FIRST,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cstr(s: &str) -> Vec<u8> {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        v
    }

    #[test]
    fn a_wide_column_create_reads_the_a_form_of_a_user_defined_default() {
        let cb = cstr("!f");
        let data = [7u8, 8];
        let udd = JET_USERDEFINEDDEFAULT_A {
            szCallback: cb.as_ptr() as *mut c_char,
            pbUserData: data.as_ptr() as *mut u8,
            cbUserData: 2,
            szDependantColumns: std::ptr::null_mut(),
        };
        let wname: Vec<u16> = "c\0".encode_utf16().collect();
        // SAFETY: an all-zero C struct (NULL pointers, zero sizes) is valid
        let mut cc: JET_COLUMNCREATE_W = unsafe { std::mem::zeroed() };
        cc.cbStruct = size_of::<JET_COLUMNCREATE_W>() as u32;
        cc.szColumnName = wname.as_ptr() as *mut WCHAR;
        cc.coltyp = JET_coltypLong;
        cc.grbit = JET_bitColumnTagged | JET_bitColumnUserDefinedDefault;
        cc.pvDefault = &udd as *const _ as *mut c_void;
        cc.cbDefault = size_of::<JET_USERDEFINEDDEFAULT_A>() as u32;
        let col = cc.read().unwrap();
        let u = col.user_defined_default.expect("the A form was read");
        assert_eq!(u.callback, "!f");
        assert_eq!(u.user_data, vec![7, 8]);
        assert_eq!(col.default, None);
        // another size: no structure read, a default the column checks refuse
        cc.cbDefault -= 1;
        let col = cc.read().unwrap();
        assert!(col.user_defined_default.is_none());
        assert!(col.default.as_ref().is_some_and(|d| !d.is_empty()));
        assert_eq!(crate::catalog::validate::validate_column(&col, true, &[]).unwrap_err(), JetError::InvalidParameter);
        // a NULL pvDefault counts as no default at all
        cc.pvDefault = std::ptr::null_mut();
        let col = cc.read().unwrap();
        assert_eq!((col.default, col.user_defined_default), (None, None));
    }

    #[test]
    fn old_and_new_index_structures_are_walked_by_cb_struct() {
        let n1 = cstr("one");
        let k1 = b"+a\0\0".to_vec();
        let mut buf = [0u8; 72 + 80];
        let mut head = IndexCreateHead {
            cb_struct: 72,
            name: n1.as_ptr() as *const c_void,
            key: k1.as_ptr() as *const c_void,
            cb_key: 4,
            grbit: JET_bitIndexUnique,
            density: 90,
            unicode: 0x0409,
            var_seg: 8,
            conditional: std::ptr::null(),
            c_conditional: 0,
            err: 5,
        };
        let bytes = |h: &IndexCreateHead| -> Vec<u8> {
            let mut v = vec![0u8; 72];
            let hb = args::union_bits(h);
            // the first 8 bytes of the header as a check of union_bits, the rest by fields
            assert_eq!(hb as u32, h.cb_struct);
            v[0..4].copy_from_slice(&h.cb_struct.to_le_bytes());
            v[8..16].copy_from_slice(&(h.name as usize as u64).to_le_bytes());
            v[16..24].copy_from_slice(&(h.key as usize as u64).to_le_bytes());
            v[24..28].copy_from_slice(&h.cb_key.to_le_bytes());
            v[28..32].copy_from_slice(&h.grbit.to_le_bytes());
            v[32..36].copy_from_slice(&h.density.to_le_bytes());
            v[40..48].copy_from_slice(&h.unicode.to_le_bytes());
            v[48..56].copy_from_slice(&h.var_seg.to_le_bytes());
            v
        };
        buf[..72].copy_from_slice(&bytes(&head));
        head.cb_struct = 80;
        head.grbit = 0;
        head.unicode = 0;
        buf[72..144].copy_from_slice(&bytes(&head));
        buf[144..148].copy_from_slice(&300u32.to_le_bytes());
        let v = read_indexes::<c_char>(buf.as_ptr() as *const c_void, 2, IndexVersion::V1).unwrap();
        assert_eq!(v.len(), 2);
        let a = &v[0].create;
        assert_eq!((a.name.as_str(), a.key.as_slice(), a.cb_var_seg_mac, a.cb_key_most), ("one", &b"+a\0\0"[..], 8, 0));
        // an LCID without JET_bitIndexUnicode makes a Unicode index
        assert_eq!(a.grbit, JET_bitIndexUnique | JET_bitIndexUnicode);
        assert_eq!(a.unicode, Some(UnicodeIndex { locale_name: "en-US".into(), lcmap_flags: 0 }));
        assert_eq!(v[0].hints.unwrap().initial_density, 90);
        assert_eq!((v[1].create.grbit, v[1].create.unicode.clone(), v[1].create.cb_key_most), (0, None, 300));
        // results go to each structure's err
        v[1].write_err(-1404);
        assert_eq!(i32::from_le_bytes(buf[72 + 68..72 + 72].try_into().unwrap()), -1404);
        // any other size is refused
        buf[0..4].copy_from_slice(&76u32.to_le_bytes());
        assert_eq!(read_indexes::<c_char>(buf.as_ptr() as *const c_void, 1, IndexVersion::V1).err(), Some(JetError::InvalidParameter));
        assert_eq!(read_indexes::<c_char>(std::ptr::null(), 1, IndexVersion::V1).err(), Some(JetError::InvalidParameter));
        assert!(read_indexes::<c_char>(std::ptr::null(), 0, IndexVersion::V2).unwrap().is_empty());
    }

    #[test]
    fn unknown_lcids_are_invalid_language_ids() {
        assert_eq!(locale_of_lcid(0x0409).unwrap(), "en-US");
        assert_eq!(locale_of_lcid(0x0400).unwrap(), "en-US");
        assert_eq!(locale_of_lcid(0x7F).unwrap(), "");
        assert_eq!(locale_of_lcid(0x1234_5678), Err(JetError::InvalidLanguageId));
    }

    #[test]
    fn wide_keys_keep_their_nuls() {
        let w: Vec<u16> = "+a\0-b\0\0".encode_utf16().collect();
        assert_eq!(args::wide_key(w.as_ptr(), (w.len() * 2) as u32).unwrap(), b"+a\0-b\0\0");
        assert_eq!(args::wide_key(w.as_ptr(), 3), Err(JetError::InvalidParameter));
    }

    #[test]
    fn multi_strings_end_at_two_nuls() {
        let a = b"ab\0c\0\0junk";
        assert_eq!(c_char::multi(a.as_ptr() as *const c_char, 100).unwrap(), b"ab\0c\0\0");
        let w: Vec<u16> = "x\0\0".encode_utf16().collect();
        assert_eq!(WCHAR::multi(w.as_ptr(), 100).unwrap(), b"x\0\0");
        assert_eq!(c_char::multi(b"abc".as_ptr() as *const c_char, 3), Err(JetError::InvalidParameter));
    }
}
