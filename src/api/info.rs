//! The info functions of the Jet API: JetGetObjectInfo, JetGetTableInfo,
//! JetGetTableColumnInfo / JetGetColumnInfo, JetGetTableIndexInfo /
//! JetGetIndexInfo, JetGetCursorInfo, JetGetCurrentIndex, JetGetRecordSize(2),
//! A and W.
//!
//! ESE's order of checks is kept (jetapi.cxx, then info.cxx): the handles,
//! the info level (JET_errInvalidParameter for an unknown one,
//! JET_errFeatureNotAvailable for the obsolete ones), the buffer size
//! (JET_errBufferTooSmall), then the object. List levels return a temporary
//! table (api/temp.rs registers it) the caller walks and closes.

use crate::abi::*;
use super::args;
use super::guard::{self, Ses, Warn};
use crate::catalog::read::CatalogTable;
use crate::error::{JetError, JetResult};
use crate::isam::engine::Engine;
use crate::isam::info::{self as inf, ColumnInfo, ColumnSel, ListTable};
use crate::isam::table::TableCursor;
use crate::isam::temp::TtOp;
use crate::isam::txn::Txn;
use crate::isam::Session;
use std::sync::Arc;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

/// Info levels the generated constants do not name.
const JET_IDX_INFO_SORT_VERSION: u32 = 15;
const JET_IDX_INFO_DEFINED_SORT_VERSION: u32 = 16;
const JET_IDX_INFO_SORT_ID: u32 = 17;
const JET_IDX_INFO_SPACE_OWNED: u32 = 18;
const JET_IDX_INFO_SPACE_AVAILABLE: u32 = 19;
const JET_TBL_INFO_LV_CHUNK_MAX: u32 = 13;
const JET_TBL_INFO_ENCRYPTION_KEY: u32 = 14;
const JET_TBL_INFO_SPACE_OWNED_LV: u32 = 17;
const JET_TBL_INFO_SPACE_AVAILABLE_LV: u32 = 18;
const JET_TBL_INFO_OBJECT_ID: u32 = 19;
const JET_TBL_INFO_RETRIEVE_AND_RESERVE_AUTO_INCREMENT: u32 = 16;
/// LOCALE_NAME_MAX_LENGTH (characters).
const LOCALE_NAME_MAX: u32 = 85;
/// sizeof(JET_INDEXLIST) before JET_INDEXLIST.columnidLCMapFlags was added.
const INDEXLIST_OLD_SIZE: u32 = std::mem::size_of::<JET_INDEXLIST>() as u32 - 4;

// ---------------------------------------------------------------------------
// small output helpers

fn need(cb: u32, min: usize) -> JetResult<()> {
    if (cb as usize) < min { Err(JetError::BufferTooSmall) } else { Ok(()) }
}

fn put<T>(pv: *mut c_void, cb: u32, v: T) -> JetResult<()> {
    need(cb, std::mem::size_of::<T>())?;
    args::write_struct(pv, cb, v)
}

fn put_bytes(pv: *mut c_void, cb: u32, b: &[u8]) -> JetResult<()> {
    need(cb, b.len())?;
    if pv.is_null() && !b.is_empty() {
        return Err(JetError::InvalidParameter);
    }
    args::write_bytes(pv, cb, b);
    Ok(())
}

/// A name into a fixed C array (NUL-terminated, cut to fit).
fn fill_a(dst: &mut [c_char], s: &str) {
    let b = inf::name_value(s, false);
    let n = b.len().min(dst.len().saturating_sub(1));
    for (d, s) in dst.iter_mut().zip(b[..n].iter()) {
        *d = *s as c_char;
    }
    if let Some(z) = dst.get_mut(n) {
        *z = 0;
    }
}

fn fill_w(dst: &mut [u16], s: &str) {
    let u: Vec<u16> = s.encode_utf16().collect();
    let n = u.len().min(dst.len().saturating_sub(1));
    dst[..n].copy_from_slice(&u[..n]);
    if let Some(z) = dst.get_mut(n) {
        *z = 0;
    }
}

fn updatable(t: &TableCursor) -> bool {
    !t.read_only && !t.db.read_only
}

/// An optional A/W name argument: NULL and "" are both "none".
fn opt_name(s: Option<String>) -> JetResult<Option<String>> {
    match s {
        None => Ok(None),
        Some(n) if n.is_empty() => Ok(None),
        Some(n) => crate::catalog::validate::check_name(&n).map(Some),
    }
}

/// Registers a list table and returns its handle.
fn register(s: &Arc<Session>, l: ListTable) -> JetResult<(JET_TABLEID, Vec<u32>, u32)> {
    let h = super::temp::register(s, l.cursor)?;
    Ok((h, l.columnids, l.rows))
}

/// The session's engine and the database `dbid` it has open.
fn open_db(s: &Session, dbid: JET_DBID) -> JetResult<(Arc<Engine>, Arc<crate::isam::database::Database>)> {
    let engine = s.instance().engine()?;
    let db = engine.database(dbid)?;
    if !db.is_open_by(s.serial()) {
        return Err(JetError::InvalidDatabaseId);
    }
    Ok((engine, db))
}

/// A table of a database by name, as the session's transaction sees it.
fn table_by_name(engine: &Engine, txn: &Txn, db: &crate::isam::database::Database, name: &str) -> JetResult<Arc<CatalogTable>> {
    let name = crate::catalog::validate::check_name(name)?;
    db.table_for(engine, txn, crate::catalog::TableRef::Name(&name)).map(|(t, _)| t).map_err(|e| match e {
        JetError::InvalidName => JetError::ObjectNotFound,
        e => e,
    })
}

// ---------------------------------------------------------------------------
// columns

/// Which name or id a column call was given.
enum ColArg {
    Name(Option<String>),
    Id(Option<u32>),
}

fn col_level_min(level: u32) -> JetResult<usize> {
    match level & inf::COL_INFO_LEVEL_MASK {
        JET_ColInfo | JET_ColInfoByColid => Ok(std::mem::size_of::<JET_COLUMNDEF>()),
        JET_ColInfoList | JET_ColInfoListCompact | JET_ColInfoListSortColumnid => Ok(std::mem::size_of::<JET_COLUMNLIST>()),
        JET_ColInfoBase | JET_ColInfoBaseByColid => Ok(std::mem::size_of::<JET_COLUMNBASE_A>()),
        JET_ColInfoSysTabCursor => Err(JetError::FeatureNotAvailable),
        _ => Err(JetError::InvalidParameter),
    }
}

fn by_colid(level: u32) -> bool {
    matches!(level & inf::COL_INFO_LEVEL_MASK, JET_ColInfoByColid | JET_ColInfoBaseByColid)
}

/// The name-or-id argument of a column call, read as the level says.
fn col_arg_a(p: JET_PCSTR, level: u32) -> JetResult<ColArg> {
    if by_colid(level) {
        Ok(ColArg::Id(args::opt_read(p as *const u32)))
    } else {
        Ok(ColArg::Name(args::str_a(p)?))
    }
}

fn col_arg_w(p: JET_PCWSTR, level: u32) -> JetResult<ColArg> {
    if by_colid(level) {
        Ok(ColArg::Id(args::opt_read(p as *const u32)))
    } else {
        Ok(ColArg::Name(args::str_w(p)?))
    }
}

fn one_column(t: &CatalogTable, arg: &ColArg, upd: bool) -> JetResult<ColumnInfo> {
    match arg {
        ColArg::Name(None) => Err(JetError::ColumnNotFound),
        ColArg::Name(Some(n)) => {
            let n = if n.is_empty() { String::new() } else { crate::catalog::validate::check_name(n)? };
            inf::column_info(t, ColumnSel::Name(&n), upd)
        }
        ColArg::Id(None) => Err(JetError::ColumnNotFound),
        ColArg::Id(Some(id)) => inf::column_info(t, ColumnSel::Id(*id), upd),
    }
}

/// The body of every column info call once the table is known.
#[allow(clippy::too_many_arguments)]
fn column_info_call(
    s: &Arc<Session>,
    engine: &Engine,
    txn: &mut Txn,
    t: &CatalogTable,
    upd: bool,
    arg: ColArg,
    pv: *mut c_void,
    cb: u32,
    level: u32,
    unicode: bool,
) -> JetResult<()> {
    let grbit = level & !inf::COL_INFO_LEVEL_MASK;
    match level & inf::COL_INFO_LEVEL_MASK {
        JET_ColInfo | JET_ColInfoByColid => {
            let c = one_column(t, &arg, upd)?;
            let def = JET_COLUMNDEF {
                cbStruct: std::mem::size_of::<JET_COLUMNDEF>() as u32,
                columnid: c.columnid,
                coltyp: c.coltyp,
                wCountry: c.country,
                langid: c.langid,
                cp: c.cp,
                wCollate: 0,
                cbMax: c.cb_max,
                grbit: c.grbit,
            };
            put(pv, cb, def)
        }
        JET_ColInfoBase | JET_ColInfoBaseByColid => {
            let c = one_column(t, &arg, upd)?;
            if unicode {
                need(cb, std::mem::size_of::<JET_COLUMNBASE_W>())?;
                let mut b = JET_COLUMNBASE_W {
                    cbStruct: std::mem::size_of::<JET_COLUMNBASE_W>() as u32,
                    columnid: c.columnid,
                    coltyp: c.coltyp,
                    wCountry: c.country,
                    langid: c.langid,
                    cp: c.cp,
                    wFiller: 0,
                    cbMax: c.cb_max,
                    grbit: c.grbit,
                    szBaseTableName: [0; 256],
                    szBaseColumnName: [0; 256],
                };
                fill_w(&mut b.szBaseTableName, &c.table_name);
                fill_w(&mut b.szBaseColumnName, &c.name);
                put(pv, cb, b)
            } else {
                let mut b = JET_COLUMNBASE_A {
                    cbStruct: std::mem::size_of::<JET_COLUMNBASE_A>() as u32,
                    columnid: c.columnid,
                    coltyp: c.coltyp,
                    wCountry: c.country,
                    langid: c.langid,
                    cp: c.cp,
                    wFiller: 0,
                    cbMax: c.cb_max,
                    grbit: c.grbit,
                    szBaseTableName: [0; 256],
                    szBaseColumnName: [0; 256],
                };
                fill_a(&mut b.szBaseTableName, &c.table_name);
                fill_a(&mut b.szBaseColumnName, &c.name);
                put(pv, cb, b)
            }
        }
        l => {
            let extra = match l {
                JET_ColInfoListSortColumnid => JET_ColInfoGrbitSortByColumnid,
                JET_ColInfoListCompact => inf::COL_INFO_GRBIT_COMPACTING,
                _ => 0,
            };
            need(cb, std::mem::size_of::<JET_COLUMNLIST>())?;
            if pv.is_null() {
                return Err(JetError::InvalidParameter);
            }
            let list = inf::column_list(s, engine, txn, t, grbit | extra, unicode, upd)?;
            let (h, ids, rows) = register(s, list)?;
            let cl = JET_COLUMNLIST {
                cbStruct: std::mem::size_of::<JET_COLUMNLIST>() as u32,
                tableid: h,
                cRecord: rows,
                columnidPresentationOrder: ids[0],
                columnidcolumnname: ids[1],
                columnidcolumnid: ids[2],
                columnidcoltyp: ids[3],
                columnidCountry: ids[4],
                columnidLangid: ids[5],
                columnidCp: ids[6],
                columnidCollate: ids[7],
                columnidcbMax: ids[8],
                columnidgrbit: ids[9],
                columnidDefault: ids[10],
                columnidBaseTableName: ids[11],
                columnidBaseColumnName: ids[12],
                columnidDefinitionName: ids[1],
            };
            put(pv, cb, cl)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn table_column_info(sesid: JET_SESID, tableid: JET_TABLEID, arg: impl FnOnce(u32) -> JetResult<ColArg>, pv: *mut c_void, cb: u32, level: u32, unicode: bool) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |s, c| {
        let min = col_level_min(level)?;
        if unicode && matches!(level & inf::COL_INFO_LEVEL_MASK, JET_ColInfoBase | JET_ColInfoBaseByColid) {
            if pv.is_null() {
                return Err(JetError::InvalidParameter);
            }
            need(cb, std::mem::size_of::<JET_COLUMNBASE_W>())?;
        }
        need(cb, min)?;
        let engine = s.instance().engine()?;
        let (t, upd) = {
            let t = c.table()?;
            t.tt_allow(TtOp::Schema)?;
            (t.table.clone(), updatable(&t))
        };
        let arg = arg(level)?;
        let mut txn = s.txn();
        column_info_call(s, &engine, &mut txn, &t, upd, arg, pv, cb, level, unicode)
    })
}

#[allow(clippy::too_many_arguments)]
fn column_info_by_name(sesid: JET_SESID, dbid: JET_DBID, table: impl FnOnce() -> JetResult<Option<String>>, arg: impl FnOnce(u32) -> JetResult<ColArg>, pv: *mut c_void, cb: u32, level: u32, unicode: bool) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let (engine, db) = open_db(s, dbid)?;
        let min = col_level_min(level)?;
        if unicode && matches!(level & inf::COL_INFO_LEVEL_MASK, JET_ColInfoBase | JET_ColInfoBaseByColid) {
            if pv.is_null() {
                return Err(JetError::InvalidParameter);
            }
            need(cb, std::mem::size_of::<JET_COLUMNBASE_W>())?;
        }
        need(cb, min)?;
        let name = table()?.ok_or(JetError::InvalidParameter)?;
        let arg = arg(level)?;
        let mut txn = s.txn();
        let t = table_by_name(&engine, &txn, &db, &name)?;
        // a table opened for the call only: never reported updatable
        column_info_call(s, &engine, &mut txn, &t, false, arg, pv, cb, level, unicode)
    })
}

// ---------------------------------------------------------------------------
// indexes

fn idx_level_min(level: u32, unicode: bool) -> JetResult<usize> {
    use std::mem::size_of;
    Ok(match level {
        JET_IdxInfo | JET_IdxInfoList => INDEXLIST_OLD_SIZE as usize,
        JET_IdxInfoSpaceAlloc | JET_IdxInfoCount | JET_IDX_INFO_SPACE_OWNED | JET_IDX_INFO_SPACE_AVAILABLE => 4,
        JET_IdxInfoLangid => 2,
        JET_IdxInfoVarSegMac | JET_IdxInfoKeyMost => 2,
        JET_IdxInfoIndexId => size_of::<JET_INDEXID>(),
        JET_IdxInfoCreateIndex => if unicode { size_of::<JET_INDEXCREATE_W>() } else { size_of::<JET_INDEXCREATE_A>() },
        JET_IdxInfoCreateIndex2 => if unicode { size_of::<JET_INDEXCREATE2_W>() } else { size_of::<JET_INDEXCREATE2_A>() },
        JET_IdxInfoCreateIndex3 => if unicode { size_of::<JET_INDEXCREATE3_W>() } else { size_of::<JET_INDEXCREATE3_A>() },
        JET_IDX_INFO_SORT_VERSION | JET_IDX_INFO_DEFINED_SORT_VERSION => 4,
        JET_IDX_INFO_SORT_ID => 16,
        JET_IdxInfoLocaleName => (LOCALE_NAME_MAX * 2) as usize,
        JET_IdxInfoSysTabCursor | JET_IdxInfoOLC | JET_IdxInfoResetOLC => return Err(JetError::FeatureNotAvailable),
        _ => return Err(JetError::InvalidParameter),
    })
}

#[allow(clippy::too_many_arguments)]
fn index_info_call(
    s: &Arc<Session>,
    engine: &Engine,
    txn: &mut Txn,
    db: &crate::isam::database::Database,
    t: &CatalogTable,
    name: Option<String>,
    pv: *mut c_void,
    cb: u32,
    level: u32,
    unicode: bool,
) -> JetResult<Warn> {
    let ix = |n: &Option<String>| -> JetResult<crate::catalog::defs::IndexDef> {
        inf::find_index(&t.def, n.as_deref().unwrap_or("")).cloned()
    };
    match level {
        JET_IdxInfo | JET_IdxInfoList => {
            if pv.is_null() {
                return Err(JetError::InvalidParameter);
            }
            let list = inf::index_list(s, engine, txn, t, name.as_deref(), unicode)?;
            let (h, ids, rows) = register(s, list)?;
            let full = cb as usize >= std::mem::size_of::<JET_INDEXLIST>();
            let il = JET_INDEXLIST {
                cbStruct: if full { std::mem::size_of::<JET_INDEXLIST>() as u32 } else { INDEXLIST_OLD_SIZE },
                tableid: h,
                cRecord: rows,
                columnidindexname: ids[0],
                columnidgrbitIndex: ids[1],
                columnidcKey: ids[2],
                columnidcEntry: ids[3],
                columnidcPage: ids[4],
                columnidcColumn: ids[5],
                columnidiColumn: ids[6],
                columnidcolumnid: ids[7],
                columnidcoltyp: ids[8],
                columnidCountry: ids[9],
                columnidLangid: ids[10],
                columnidCp: ids[11],
                columnidCollate: ids[12],
                columnidgrbitColumn: ids[13],
                columnidcolumnname: ids[14],
                columnidLCMapFlags: ids[15],
            };
            // the old-size struct leaves the last member unwritten
            let bytes = args::as_bytes(&il).to_vec();
            put_bytes(pv, cb, &bytes[..il.cbStruct as usize])?;
            Ok(Warn(JET_errSuccess))
        }
        JET_IdxInfoSpaceAlloc => {
            let i = ix(&name)?;
            let row = t.index_row(&i.name).ok_or(JetError::IndexNotFound)?;
            put_bytes(pv, cb, &row.space_usage.to_le_bytes())?;
            Ok(Warn(JET_errSuccess))
        }
        JET_IdxInfoLangid => {
            let i = ix(&name)?;
            if cb < 4 {
                put_bytes(pv, cb, &inf::langid(i.lcid).to_le_bytes())?;
            } else {
                put_bytes(pv, cb, &i.lcid.to_le_bytes())?;
            }
            Ok(Warn(JET_errSuccess))
        }
        JET_IdxInfoCount => {
            let n = 1 + t.def.indexes.iter().filter(|i| !i.flags.contains(crate::catalog::defs::IndexFlags::PRIMARY)).count() as u32;
            put_bytes(pv, cb, &n.to_le_bytes())?;
            Ok(Warn(JET_errSuccess))
        }
        JET_IdxInfoVarSegMac | JET_IdxInfoKeyMost => {
            let i = ix(&name)?;
            let row = t.index_row(&i.name);
            let key_most = row.and_then(|r| r.key_most).unwrap_or(crate::key::CB_KEY_MOST_OLD as u16);
            let v = if level == JET_IdxInfoKeyMost {
                key_most
            } else {
                row.and_then(|r| r.var_seg_mac.as_ref()).filter(|v| v.len() == 2).map_or(key_most, |v| u16::from_le_bytes([v[0], v[1]]))
            };
            put_bytes(pv, cb, &v.to_le_bytes())?;
            Ok(Warn(JET_errSuccess))
        }
        JET_IdxInfoIndexId => {
            let i = ix(&name)?;
            let mut id = JET_INDEXID { cbStruct: std::mem::size_of::<JET_INDEXID>() as u32, rgbIndexId: [0; 16] };
            // ESE's INDEXID: the index's FCB (here: the table's object id), objidFDP, pgnoFDP
            id.rgbIndexId[0..8].copy_from_slice(&(t.def.objid as u64).to_le_bytes());
            id.rgbIndexId[8..12].copy_from_slice(&i.objid.to_le_bytes());
            id.rgbIndexId[12..16].copy_from_slice(&i.pgno_fdp.to_le_bytes());
            put(pv, cb, id)?;
            Ok(Warn(JET_errSuccess))
        }
        JET_IdxInfoLocaleName => {
            let i = ix(&name)?;
            let n = locale_name_of(t, &i);
            let mut w: Vec<u8> = n.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            w.extend_from_slice(&[0, 0]);
            put_bytes(pv, cb, &w)?;
            Ok(Warn(JET_errSuccess))
        }
        JET_IDX_INFO_SORT_VERSION | JET_IDX_INFO_DEFINED_SORT_VERSION | JET_IDX_INFO_SORT_ID => {
            let i = ix(&name)?;
            let loc = t.index_locales.iter().find(|l| l.index.eq_ignore_ascii_case(&i.name));
            let qw = loc.and_then(|l| l.sort_version).unwrap_or(0);
            match level {
                JET_IDX_INFO_SORT_VERSION => put_bytes(pv, cb, &((qw >> 32) as u32).to_le_bytes())?,
                JET_IDX_INFO_DEFINED_SORT_VERSION => put_bytes(pv, cb, &(qw as u32).to_le_bytes())?,
                _ => {
                    let mut g = [0u8; 16];
                    if let Some(id) = loc.and_then(|l| l.sort_id.as_ref()) {
                        let n = id.len().min(16);
                        g[..n].copy_from_slice(&id[..n]);
                    }
                    put_bytes(pv, cb, &g)?
                }
            }
            Ok(Warn(JET_errSuccess))
        }
        JET_IDX_INFO_SPACE_OWNED | JET_IDX_INFO_SPACE_AVAILABLE => {
            let i = ix(&name)?;
            let primary = i.flags.contains(crate::catalog::defs::IndexFlags::PRIMARY);
            let (owned, avail) = if primary {
                // exclusive of the secondary indexes and the LV tree (ErrINFOIGetCalculatedSpace)
                let (mut o, a) = inf::space_of(db, t.def.pgno_fdp)?;
                for s2 in t.def.indexes.iter().filter(|x| !x.flags.contains(crate::catalog::defs::IndexFlags::PRIMARY)) {
                    o = o.saturating_sub(inf::space_of(db, s2.pgno_fdp)?.0);
                }
                if let Some((_, lv)) = t.def.lv_tree {
                    o = o.saturating_sub(inf::space_of(db, lv)?.0);
                }
                (o, a)
            } else {
                inf::space_of(db, i.pgno_fdp)?
            };
            let v = if level == JET_IDX_INFO_SPACE_OWNED { owned } else { avail };
            put_bytes(pv, cb, &v.to_le_bytes())?;
            Ok(Warn(JET_errSuccess))
        }
        JET_IdxInfoCreateIndex | JET_IdxInfoCreateIndex2 | JET_IdxInfoCreateIndex3 => {
            let i = match name.as_deref() {
                None | Some("") => t.def.primary_index().cloned().ok_or(JetError::IndexNotFound)?,
                Some(n) => inf::find_index(&t.def, n)?.clone(),
            };
            let image = create_index_struct(t, &i, pv as usize, cb as usize, db.page_size as u32, level, unicode)?;
            put_bytes(pv, cb, &image)?;
            Ok(Warn(JET_errSuccess))
        }
        _ => Err(JetError::InvalidParameter),
    }
}


fn locale_name_of(t: &CatalogTable, i: &crate::catalog::defs::IndexDef) -> String {
    let stored = t.index_locales.iter().find(|l| l.index.eq_ignore_ascii_case(&i.name)).map(|l| l.locale_name.clone()).unwrap_or_default();
    if !stored.is_empty() {
        return stored;
    }
    crate::catalog::locale::name_from_lcid(i.lcid).unwrap_or("").to_string()
}

/// A buffer image being laid out the way ESE fills a JET_INDEXCREATE* buffer:
/// the structure, then what its pointers point to, packed one after the other.
struct Image {
    base: usize,
    cap: usize,
    bytes: Vec<u8>,
}

impl Image {
    /// Reserves `n` bytes; their offset (BufferTooSmall past the caller's buffer).
    fn take(&mut self, n: usize) -> JetResult<usize> {
        let at = self.bytes.len();
        if at + n > self.cap {
            return Err(JetError::BufferTooSmall);
        }
        self.bytes.resize(at + n, 0);
        Ok(at)
    }
    fn push(&mut self, b: &[u8]) -> JetResult<usize> {
        let at = self.take(b.len())?;
        self.bytes[at..at + b.len()].copy_from_slice(b);
        Ok(at)
    }
    fn addr(&self, off: usize) -> u64 {
        (self.base + off) as u64
    }
    fn put32(&mut self, off: usize, v: u32) {
        self.bytes[off..off + 4].copy_from_slice(&v.to_le_bytes());
    }
    fn put64(&mut self, off: usize, v: u64) {
        self.bytes[off..off + 8].copy_from_slice(&v.to_le_bytes());
    }
}

/// A name as a NUL-terminated A or W string.
fn cstr(s: &str, unicode: bool) -> Vec<u8> {
    let mut v = inf::name_value(s, unicode);
    v.extend_from_slice(if unicode { &[0, 0] } else { &[0] });
    v
}

/// JET_IdxInfoCreateIndex(2,3): a JET_INDEXCREATE(2,3)_A/W that re-creates
/// the index, with everything it points to after it in the caller's buffer
/// (ErrINFOIBuildIndexCreateVX). Returns the buffer's bytes.
fn create_index_struct(t: &CatalogTable, ix: &crate::catalog::defs::IndexDef, base: usize, cap: usize, page_size: u32, level: u32, unicode: bool) -> JetResult<Vec<u8>> {
    use std::mem::{offset_of, size_of};
    type Ic = JET_INDEXCREATE2_A; // the offsets of every version and width are the same
    let size = match level {
        JET_IdxInfoCreateIndex => size_of::<JET_INDEXCREATE_A>(),
        _ => size_of::<JET_INDEXCREATE2_A>(),
    };
    let ch = if unicode { 2 } else { 1 };
    let mut img = Image { base, cap, bytes: Vec::new() };
    img.take(size)?;
    img.put32(offset_of!(Ic, cbStruct), size as u32);
    let hints = if level != JET_IdxInfoCreateIndex { Some(img.take(size_of::<JET_SPACEHINTS>())?) } else { None };
    let name_at = img.push(&cstr(&ix.name, unicode))?;
    img.put64(offset_of!(Ic, szIndexName), img.addr(name_at));
    let key_at = img.bytes.len();
    let mut cb_key = 0usize;
    for seg in &ix.segments {
        let Some(col) = t.def.column(seg.columnid) else { continue };
        if col.flags.contains(crate::catalog::defs::ColumnFlags::PRIMARY_INDEX_PLACEHOLDER) {
            continue;
        }
        let sign = if seg.descending { b'-' } else { b'+' };
        let mut v = if unicode { vec![sign, 0] } else { vec![sign] };
        v.extend_from_slice(&cstr(&col.name, unicode));
        cb_key += v.len();
        img.push(&v)?;
    }
    img.push(&vec![0u8; ch])?;
    cb_key += ch;
    img.put64(offset_of!(Ic, szKey), img.addr(key_at));
    img.put32(offset_of!(Ic, cbKey), cb_key as u32);
    let mut grbit = crate::catalog::jet::index_grbit(ix) | JET_bitIndexUnicode;
    img.put32(offset_of!(Ic, ulDensity), ix.density);
    let unicode_at = if level != JET_IdxInfoCreateIndex3 {
        let at = img.take(size_of::<JET_UNICODEINDEX>())?;
        img.put32(at, ix.lcid);
        img.put32(at + 4, ix.lcmap_flags);
        at
    } else {
        // JET_UNICODEINDEX2: the locale name pointer and the flags, then the name
        let at = img.take(12)?;
        img.put32(at + 8, ix.lcmap_flags);
        let mut w: Vec<u8> = locale_name_of(t, ix).encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        w.extend_from_slice(&[0, 0]);
        let name_at = img.push(&w)?;
        img.put64(at, img.addr(name_at));
        at
    };
    img.put64(offset_of!(Ic, __anon_40), img.addr(unicode_at));
    match ix.tuple_limits {
        Some(l) => {
            let at = img.take(size_of::<JET_TUPLELIMITS>())?;
            for (i, v) in l.iter().enumerate() {
                img.put32(at + 4 * i, *v);
            }
            grbit |= JET_bitIndexTupleLimits;
            img.put64(offset_of!(Ic, __anon_48), img.addr(at));
        }
        None => {
            let row = t.index_row(&ix.name);
            let key_most = row.and_then(|r| r.key_most).unwrap_or(crate::key::CB_KEY_MOST_OLD as u16);
            let vsm = row.and_then(|r| r.var_seg_mac.as_ref()).filter(|v| v.len() == 2).map_or(key_most, |v| u16::from_le_bytes([v[0], v[1]]));
            img.put64(offset_of!(Ic, __anon_48), vsm as u64);
        }
    }
    img.put32(offset_of!(Ic, grbit), grbit);
    if !ix.conditional.is_empty() {
        let each = size_of::<JET_CONDITIONALCOLUMN_A>();
        let arr = img.take(each * ix.conditional.len())?;
        for (i, c) in ix.conditional.iter().enumerate() {
            let name = t.def.column(c.columnid).map(|c| c.name.clone()).unwrap_or_default();
            let at = img.push(&cstr(&name, unicode))?;
            let e = arr + i * each;
            img.put32(e + offset_of!(JET_CONDITIONALCOLUMN_A, cbStruct), each as u32);
            img.put64(e + offset_of!(JET_CONDITIONALCOLUMN_A, szColumnName), img.addr(at));
            let g = if c.must_be_null { JET_bitIndexColumnMustBeNull } else { JET_bitIndexColumnMustBeNonNull };
            img.put32(e + offset_of!(JET_CONDITIONALCOLUMN_A, grbit), g);
        }
        img.put64(offset_of!(Ic, rgconditionalcolumn), img.addr(arr));
        img.put32(offset_of!(Ic, cConditionalColumn), ix.conditional.len() as u32);
    }
    img.put32(offset_of!(Ic, cbKeyMost), ix.cb_key_most.max(crate::key::CB_KEY_MOST_OLD as u32));
    if let Some(h) = hints {
        let sh = stored_space_hints(t, ix, page_size)?;
        img.put32(h + offset_of!(JET_SPACEHINTS, cbStruct), size_of::<JET_SPACEHINTS>() as u32);
        img.put32(h + offset_of!(JET_SPACEHINTS, ulInitialDensity), ix.density);
        img.put32(h + offset_of!(JET_SPACEHINTS, cbInitial), sh.cb_initial);
        img.put32(h + offset_of!(JET_SPACEHINTS, grbit), sh.grbit);
        img.put32(h + offset_of!(JET_SPACEHINTS, ulMaintDensity), sh.maint_density);
        img.put32(h + offset_of!(JET_SPACEHINTS, ulGrowth), sh.growth);
        img.put32(h + offset_of!(JET_SPACEHINTS, cbMinExtent), sh.cb_min_extent);
        img.put32(h + offset_of!(JET_SPACEHINTS, cbMaxExtent), sh.cb_max_extent);
        img.put64(offset_of!(Ic, pSpacehints), img.addr(h));
    }
    Ok(img.bytes)
}

/// An index's space hints as ESE hands them back (FCB::GetAPISpaceHints):
/// a secondary index's from its catalog row, the primary index's from the
/// table's (its initial size being the table's pages); cbInitial is at
/// least one page.
fn stored_space_hints(t: &crate::catalog::CatalogTable, ix: &crate::catalog::defs::IndexDef, page_size: u32) -> JetResult<crate::catalog::space_hints::SpaceHints> {
    use crate::catalog::space_hints::{HintsRow, SpaceHints};
    let mut h = SpaceHints { cb_struct_ok: true, initial_density: ix.density, ..SpaceHints::default() };
    if ix.flags.contains(crate::catalog::defs::IndexFlags::PRIMARY) {
        let row = t.table_row();
        h.cb_initial = row.pages_or_locale.saturating_mul(page_size);
        if let Some(b) = &row.space_hints {
            h.unmarshal(HintsRow::Table, b)?;
        }
    } else if let Some(b) = t.index_row(&ix.name).and_then(|r| r.space_hints.as_ref()) {
        h.unmarshal(HintsRow::IndexOrLv, b)?;
    }
    h.cb_initial = h.cb_initial.max(page_size);
    Ok(h)
}

#[allow(clippy::too_many_arguments)]
fn table_index_info(sesid: JET_SESID, tableid: JET_TABLEID, name: impl FnOnce() -> JetResult<Option<String>>, pv: *mut c_void, cb: u32, level: u32, unicode: bool) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |s, c| {
        let min = idx_level_min(level, unicode)?;
        need(cb, min)?;
        let engine = s.instance().engine()?;
        let (t, db) = {
            let t = c.table()?;
            t.tt_allow(TtOp::Schema)?;
            (t.table.clone(), t.db.clone())
        };
        let name = opt_name(name()?)?;
        let mut txn = s.txn();
        index_info_call(s, &engine, &mut txn, &db, &t, name, pv, cb, level, unicode)
    })
}

#[allow(clippy::too_many_arguments)]
fn index_info_by_name(sesid: JET_SESID, dbid: JET_DBID, table: impl FnOnce() -> JetResult<Option<String>>, name: impl FnOnce() -> JetResult<Option<String>>, pv: *mut c_void, cb: u32, level: u32, unicode: bool) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let (engine, db) = open_db(s, dbid)?;
        let min = idx_level_min(level, unicode)?;
        need(cb, min)?;
        let tname = table()?.ok_or(JetError::InvalidParameter)?;
        let name = opt_name(name()?)?;
        let mut txn = s.txn();
        let t = table_by_name(&engine, &txn, &db, &tname)?;
        index_info_call(s, &engine, &mut txn, &db, &t, name, pv, cb, level, unicode)
    })
}

// ---------------------------------------------------------------------------
// objects

#[allow(clippy::too_many_arguments)]
fn object_info(sesid: JET_SESID, dbid: JET_DBID, objtyp: JET_OBJTYP, container: impl FnOnce() -> JetResult<Option<String>>, object: impl FnOnce() -> JetResult<Option<String>>, pv: *mut c_void, cb: u32, level: u32, unicode: bool) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let (engine, db) = open_db(s, dbid)?;
        let min = match level {
            JET_ObjInfo | JET_ObjInfoNoStats => std::mem::size_of::<JET_OBJECTINFO>(),
            JET_ObjInfoList | JET_ObjInfoListNoStats => std::mem::size_of::<JET_OBJECTLIST>(),
            JET_ObjInfoSysTabCursor | JET_ObjInfoSysTabReadOnly | JET_ObjInfoListACM | JET_ObjInfoRulesLoaded => {
                return Err(JetError::FeatureNotAvailable);
            }
            _ => return Err(JetError::InvalidParameter),
        };
        need(cb, min)?;
        if let Some(c) = opt_name(container()?)?
            && !c.eq_ignore_ascii_case(inf::TABLES_CONTAINER)
        {
            return Err(JetError::ObjectNotFound);
        }
        let object = opt_name(object()?)?;
        let mut txn = s.txn();
        match level {
            JET_ObjInfo | JET_ObjInfoNoStats => {
                let o = inf::object_info(&engine, &txn, &db, object.as_deref().unwrap_or(""), level == JET_ObjInfo)?;
                let oi = JET_OBJECTINFO {
                    cbStruct: std::mem::size_of::<JET_OBJECTINFO>() as u32,
                    objtyp: JET_objtypTable,
                    dtCreate: 0.0,
                    dtUpdate: 0.0,
                    grbit: o.grbit,
                    flags: o.flags,
                    cRecord: o.records,
                    cPage: o.pages,
                };
                put(pv, cb, oi)
            }
            _ => {
                if pv.is_null() {
                    return Err(JetError::InvalidParameter);
                }
                let list = inf::object_list(s, &engine, &mut txn, &db, objtyp, level == JET_ObjInfoList, unicode)?;
                let (h, ids, rows) = register(s, list)?;
                let ol = JET_OBJECTLIST {
                    cbStruct: std::mem::size_of::<JET_OBJECTLIST>() as u32,
                    tableid: h,
                    cRecord: rows,
                    columnidcontainername: ids[0],
                    columnidobjectname: ids[1],
                    columnidobjtyp: ids[2],
                    columniddtCreate: ids[3],
                    columniddtUpdate: ids[4],
                    columnidgrbit: ids[7],
                    columnidflags: ids[8],
                    columnidcRecord: ids[5],
                    columnidcPage: ids[6],
                };
                put(pv, cb, ol)
            }
        }
    })
}

// ---------------------------------------------------------------------------
// tables and cursors

/// A name output of JetGetTableInfo: A as ESE copies it, W converted after
/// (BufferTooSmall when the wide string does not fit).
fn put_name(pv: *mut c_void, cb: u32, name: &str, unicode: bool) -> JetResult<()> {
    let a = inf::name_value(name, false);
    if a.len() >= cb as usize {
        return Err(JetError::BufferTooSmall);
    }
    if unicode {
        let w = cstr(name, true);
        if w.len() > cb as usize {
            return Err(JetError::BufferTooSmall);
        }
        put_bytes(pv, cb, &w)
    } else {
        let mut v = a;
        v.push(0);
        put_bytes(pv, cb, &v)
    }
}

fn table_info(sesid: JET_SESID, tableid: JET_TABLEID, pv: *mut c_void, cb: u32, level: u32, unicode: bool) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |engine, txn, t| {
        if let Some(tt) = t.temp.clone() {
            // ESE's sorts and temp tables know JET_TblInfo only
            t.tt_allow(TtOp::TableInfo)?;
            if level != JET_TblInfo {
                return Err(JetError::InvalidOperation);
            }
            if (cb as usize) < std::mem::size_of::<JET_OBJECTINFO>() {
                return Err(JetError::InvalidParameter);
            }
            let oi = JET_OBJECTINFO {
                cbStruct: std::mem::size_of::<JET_OBJECTINFO>() as u32,
                objtyp: JET_objtypTable,
                dtCreate: 0.0,
                dtUpdate: 0.0,
                grbit: 0,
                flags: 0,
                cRecord: tt.inserted.load(std::sync::atomic::Ordering::Relaxed).min(u32::MAX as u64) as u32,
                cPage: 0,
            };
            return put(pv, cb, oi);
        }
        let cat = t.table.clone();
        let db = t.db.clone();
        match level {
            JET_TblInfo => {
                need(cb, std::mem::size_of::<JET_OBJECTINFO>())?;
                let (records, _, pages) = inf::row_stats(Some(cat.table_row()));
                let oi = JET_OBJECTINFO {
                    cbStruct: std::mem::size_of::<JET_OBJECTINFO>() as u32,
                    objtyp: JET_objtypTable,
                    dtCreate: 0.0,
                    dtUpdate: 0.0,
                    grbit: inf::table_grbit(updatable(t)),
                    flags: inf::table_info_flags(&cat),
                    cRecord: records,
                    cPage: pages,
                };
                put(pv, cb, oi)
            }
            JET_TblInfoName => put_name(pv, cb, &cat.def.name, unicode),
            JET_TblInfoTemplateTableName => {
                if cb <= JET_cbNameMost {
                    return Err(JetError::BufferTooSmall);
                }
                put_name(pv, cb, cat.def.template_table.as_deref().unwrap_or(""), unicode)
            }
            JET_TblInfoDbid => {
                need(cb, 4)?;
                put_bytes(pv, cb, &db.dbid.to_le_bytes())
            }
            JET_TblInfoSpaceAlloc => {
                need(cb, 8)?;
                let row = cat.table_row();
                let mut v = row.pages_or_locale.to_le_bytes().to_vec();
                v.extend_from_slice(&row.space_usage.to_le_bytes());
                put_bytes(pv, cb, &v)
            }
            JET_TblInfoSpaceUsage => {
                if cb < 8 {
                    return Err(JetError::InvalidParameter);
                }
                let (owned, avail) = inf::space_of(&db, cat.def.pgno_fdp)?;
                let mut v = vec![0u8; cb as usize];
                v[0..4].copy_from_slice(&owned.to_le_bytes());
                v[4..8].copy_from_slice(&avail.to_le_bytes());
                // with room for it, the owned extents as (last page, pages) pairs
                let mut at = 8;
                for (last, cpg) in inf::owned_extents(&db, cat.def.pgno_fdp)? {
                    if at + 8 > v.len() {
                        break;
                    }
                    v[at..at + 4].copy_from_slice(&last.to_le_bytes());
                    v[at + 4..at + 8].copy_from_slice(&cpg.to_le_bytes());
                    at += 8;
                }
                put_bytes(pv, cb, &v)
            }
            JET_TblInfoSpaceOwned => {
                if cb < 4 {
                    return Err(JetError::InvalidParameter);
                }
                put_bytes(pv, cb, &inf::space_of(&db, cat.def.pgno_fdp)?.0.to_le_bytes())
            }
            JET_TblInfoSpaceAvailable => {
                if cb != 4 {
                    return Err(JetError::InvalidBufferSize);
                }
                let mut avail = inf::space_of(&db, cat.def.pgno_fdp)?.1;
                for ix in cat.def.indexes.iter().filter(|i| !i.flags.contains(crate::catalog::defs::IndexFlags::PRIMARY)) {
                    avail += inf::space_of(&db, ix.pgno_fdp)?.1;
                }
                if let Some((_, lv)) = cat.def.lv_tree {
                    avail += inf::space_of(&db, lv)?.1;
                }
                put_bytes(pv, cb, &avail.to_le_bytes())
            }
            JET_TBL_INFO_SPACE_OWNED_LV | JET_TBL_INFO_SPACE_AVAILABLE_LV => {
                need(cb, 4)?;
                let v = match cat.def.lv_tree {
                    Some((_, lv)) => {
                        let (o, a) = inf::space_of(&db, lv)?;
                        if level == JET_TBL_INFO_SPACE_OWNED_LV { o } else { a }
                    }
                    None => 0,
                };
                put_bytes(pv, cb, &v.to_le_bytes())
            }
            JET_TBL_INFO_LV_CHUNK_MAX => {
                need(cb, 4)?;
                put_bytes(pv, cb, &(t.lv_chunk_size() as u32).to_le_bytes())
            }
            JET_TBL_INFO_ENCRYPTION_KEY => Ok(()),
            JET_TBL_INFO_OBJECT_ID => {
                need(cb, 4)?;
                put_bytes(pv, cb, &cat.def.objid.to_le_bytes())
            }
            JET_TBL_INFO_RETRIEVE_AND_RESERVE_AUTO_INCREMENT => {
                // ESE's ErrRECRetrieveAndReserveAutoInc: the value the next
                // insert would get, which no insert gets any more
                if pv.is_null() {
                    return Err(JetError::InvalidParameter);
                }
                use crate::catalog::defs::ColumnFlags;
                let col = cat.def.columns.iter().find(|c| c.flags.contains(ColumnFlags::AUTOINCREMENT)).ok_or(JetError::InvalidOperation)?;
                if col.default.is_some() || col.flags.intersects(ColumnFlags::DEFAULT | ColumnFlags::USER_DEFINED_DEFAULT) {
                    return Err(JetError::InvalidOperation);
                }
                let wide = matches!(col.coltyp, crate::catalog::defs::Coltyp::Currency | crate::catalog::defs::Coltyp::LongLong);
                if cb != if wide { 8 } else { 4 } {
                    return Err(JetError::InvalidBufferSize);
                }
                let v = t.take_autoincrement(engine, txn, col)?;
                if wide { put_bytes(pv, cb, &v.to_le_bytes()) } else { put_bytes(pv, cb, &(v as i32).to_le_bytes()) }
            }
            _ => Err(JetError::FeatureNotAvailable),
        }
    })
}

fn current_index(sesid: JET_SESID, tableid: JET_TABLEID, pv: *mut c_void, cb: u32, unicode: bool) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |_e, _x, t| {
        t.tt_allow(TtOp::Schema)?;
        if cb < 1 {
            return Ok(Warn(JET_wrnBufferTruncated));
        }
        let name = t.current.name().unwrap_or("").to_string();
        // ESE copies at most JET_cbNameMost + 1 bytes, cut to the buffer
        let a = inf::name_value(&name, false);
        let n = a.len().min(cb as usize - 1).min(JET_cbNameMost as usize);
        let cut = crate::catalog::mso::latin1(&a[..n]);
        if unicode {
            let w = cstr(&cut, true);
            if w.len() > cb as usize {
                return Err(JetError::BufferTooSmall);
            }
            put_bytes(pv, cb, &w)?;
        } else {
            let mut v = a[..n].to_vec();
            v.push(0);
            put_bytes(pv, cb, &v)?;
        }
        Ok(Warn(JET_errSuccess))
    })
}

const RECORD_SIZE_GRBITS: u32 = JET_bitRecordSizeInCopyBuffer | JET_bitRecordSizeRunningTotal | JET_bitRecordSizeLocal
    | 0x8 /* JET_bitRecordSizeIntrinsicPhysicalOnly */
    | 0x10 /* JET_bitRecordSizeExtrinsicLogicalOnly */;

/// JetGetRecordSize(2): `load` reads the caller's running total, `store` writes the result.
fn record_size(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    grbit: JET_GRBIT,
    present: bool,
    load: impl FnOnce() -> inf::RecordSize,
    store: impl FnOnce(inf::RecordSize),
) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        if grbit & !RECORD_SIZE_GRBITS != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if !present {
            return Err(JetError::InvalidParameter);
        }
        t.tt_allow(TtOp::Retrieve)?;
        let mut r = if grbit & JET_bitRecordSizeRunningTotal != 0 { load() } else { inf::RecordSize::default() };
        t.record_size(e, x, grbit, &mut r)?;
        store(r);
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// the exports (in the order of the generated header)

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetColumnInfo(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, pColumnNameOrId: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    JetGetColumnInfoA(sesid, dbid, szTableName, pColumnNameOrId, pvResult, cbMax, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetColumnInfoA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, pColumnNameOrId: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    column_info_by_name(sesid, dbid, || args::str_a(szTableName), |l| col_arg_a(pColumnNameOrId, l), pvResult, cbMax, InfoLevel, false)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetColumnInfoW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, pwColumnNameOrId: JET_PCWSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    column_info_by_name(sesid, dbid, || args::str_w(szTableName), |l| col_arg_w(pwColumnNameOrId, l), pvResult, cbMax, InfoLevel, true)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetCurrentIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PSTR, cbIndexName: u32) -> JET_ERR {
    JetGetCurrentIndexA(sesid, tableid, szIndexName, cbIndexName)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetCurrentIndexA(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PSTR, cbIndexName: u32) -> JET_ERR {
    current_index(sesid, tableid, szIndexName as *mut c_void, cbIndexName, false)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetCurrentIndexW(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PWSTR, cbIndexName: u32) -> JET_ERR {
    current_index(sesid, tableid, szIndexName as *mut c_void, cbIndexName, true)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetCursorInfo(sesid: JET_SESID, tableid: JET_TABLEID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = pvResult;
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        t.tt_allow(TtOp::CursorInfo)?;
        if cbMax != 0 || InfoLevel != 0 {
            return Err(JetError::InvalidParameter);
        }
        let key = inf::current_entry(t)?;
        if t.temp.is_some() {
            // temporary tables are never visible to other sessions
            return Ok(());
        }
        // the record has changes another session has not committed yet
        if e.versions.locked_by_other(x.id, t.primary.id, &key) {
            return Err(JetError::WriteConflict);
        }
        Ok(())
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetIndexInfo(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, szIndexName: JET_PCSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    JetGetIndexInfoA(sesid, dbid, szTableName, szIndexName, pvResult, cbResult, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetIndexInfoA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, szIndexName: JET_PCSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    index_info_by_name(sesid, dbid, || args::str_a(szTableName), || args::str_a(szIndexName), pvResult, cbResult, InfoLevel, false)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetIndexInfoW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, szIndexName: JET_PCWSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    index_info_by_name(sesid, dbid, || args::str_w(szTableName), || args::str_w(szIndexName), pvResult, cbResult, InfoLevel, true)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetObjectInfo(sesid: JET_SESID, dbid: JET_DBID, objtyp: JET_OBJTYP, szContainerName: JET_PCSTR, szObjectName: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    JetGetObjectInfoA(sesid, dbid, objtyp, szContainerName, szObjectName, pvResult, cbMax, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetObjectInfoA(sesid: JET_SESID, dbid: JET_DBID, objtyp: JET_OBJTYP, szContainerName: JET_PCSTR, szObjectName: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    object_info(sesid, dbid, objtyp, || args::str_a(szContainerName), || args::str_a(szObjectName), pvResult, cbMax, InfoLevel, false)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetObjectInfoW(sesid: JET_SESID, dbid: JET_DBID, objtyp: JET_OBJTYP, szContainerName: JET_PCWSTR, szObjectName: JET_PCWSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    object_info(sesid, dbid, objtyp, || args::str_w(szContainerName), || args::str_w(szObjectName), pvResult, cbMax, InfoLevel, true)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetRecordSize(sesid: JET_SESID, tableid: JET_TABLEID, precsize: *mut JET_RECSIZE, grbit: JET_GRBIT) -> JET_ERR {
    record_size(
        sesid,
        tableid,
        grbit,
        !precsize.is_null(),
        || {
            let c = args::read(precsize as *const JET_RECSIZE).expect("checked non-NULL");
            inf::RecordSize {
                cb_data: c.cbData,
                cb_long_value_data: c.cbLongValueData,
                cb_overhead: c.cbOverhead,
                cb_long_value_overhead: c.cbLongValueOverhead,
                c_non_tagged_columns: c.cNonTaggedColumns,
                c_tagged_columns: c.cTaggedColumns,
                c_long_values: c.cLongValues,
                c_multi_values: c.cMultiValues,
                ..Default::default()
            }
        },
        |r| {
            if let Ok(out) = args::out(precsize) {
                out.write(JET_RECSIZE {
                    cbData: r.cb_data,
                    cbLongValueData: r.cb_long_value_data,
                    cbOverhead: r.cb_overhead,
                    cbLongValueOverhead: r.cb_long_value_overhead,
                    cNonTaggedColumns: r.c_non_tagged_columns,
                    cTaggedColumns: r.c_tagged_columns,
                    cLongValues: r.c_long_values,
                    cMultiValues: r.c_multi_values,
                });
            }
        },
    )
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetRecordSize2(sesid: JET_SESID, tableid: JET_TABLEID, precsize: *mut JET_RECSIZE2, grbit: JET_GRBIT) -> JET_ERR {
    record_size(
        sesid,
        tableid,
        grbit,
        !precsize.is_null(),
        || {
            let c = args::read(precsize as *const JET_RECSIZE2).expect("checked non-NULL");
            inf::RecordSize {
                cb_data: c.cbData,
                cb_long_value_data: c.cbLongValueData,
                cb_overhead: c.cbOverhead,
                cb_long_value_overhead: c.cbLongValueOverhead,
                c_non_tagged_columns: c.cNonTaggedColumns,
                c_tagged_columns: c.cTaggedColumns,
                c_long_values: c.cLongValues,
                c_multi_values: c.cMultiValues,
                c_compressed_columns: c.cCompressedColumns,
                cb_data_compressed: c.cbDataCompressed,
                cb_long_value_data_compressed: c.cbLongValueDataCompressed,
            }
        },
        |r| {
            if let Ok(out) = args::out(precsize) {
                out.write(JET_RECSIZE2 {
                    cbData: r.cb_data,
                    cbLongValueData: r.cb_long_value_data,
                    cbOverhead: r.cb_overhead,
                    cbLongValueOverhead: r.cb_long_value_overhead,
                    cNonTaggedColumns: r.c_non_tagged_columns,
                    cTaggedColumns: r.c_tagged_columns,
                    cLongValues: r.c_long_values,
                    cMultiValues: r.c_multi_values,
                    cCompressedColumns: r.c_compressed_columns,
                    cbDataCompressed: r.cb_data_compressed,
                    cbLongValueDataCompressed: r.cb_long_value_data_compressed,
                });
            }
        },
    )
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableColumnInfo(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    JetGetTableColumnInfoA(sesid, tableid, szColumnName, pvResult, cbMax, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableColumnInfoA(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    table_column_info(sesid, tableid, |l| col_arg_a(szColumnName, l), pvResult, cbMax, InfoLevel, false)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableColumnInfoW(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCWSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    table_column_info(sesid, tableid, |l| col_arg_w(szColumnName, l), pvResult, cbMax, InfoLevel, true)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableIndexInfo(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    JetGetTableIndexInfoA(sesid, tableid, szIndexName, pvResult, cbResult, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableIndexInfoA(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    table_index_info(sesid, tableid, || args::str_a(szIndexName), pvResult, cbResult, InfoLevel, false)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableIndexInfoW(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    table_index_info(sesid, tableid, || args::str_w(szIndexName), pvResult, cbResult, InfoLevel, true)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableInfo(sesid: JET_SESID, tableid: JET_TABLEID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    JetGetTableInfoA(sesid, tableid, pvResult, cbMax, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableInfoA(sesid: JET_SESID, tableid: JET_TABLEID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    table_info(sesid, tableid, pvResult, cbMax, InfoLevel, false)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableInfoW(sesid: JET_SESID, tableid: JET_TABLEID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    table_info(sesid, tableid, pvResult, cbMax, InfoLevel, true)
}
