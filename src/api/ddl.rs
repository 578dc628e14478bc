//! The ddl functions of the Jet API.

use crate::abi::*;
use super::guard::{self, Ses, not_yet};
use super::args;
use super::handles;
use crate::error::{JetError, JetResult};
use crate::isam::{Cursor, Session};
use crate::catalog::{ColumnCreate, IndexCreate, TableCreate};
use super::guard::Warn;
use std::sync::Arc;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetAddColumn(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCSTR, pcolumndef: *const JET_COLUMNDEF, pvDefault: *const c_void, cbDefault: u32, pcolumnid: *mut JET_COLUMNID) -> JET_ERR {
    JetAddColumnA(sesid, tableid, szColumnName, pcolumndef, pvDefault, cbDefault, pcolumnid)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetAddColumnA(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCSTR, pcolumndef: *const JET_COLUMNDEF, pvDefault: *const c_void, cbDefault: u32, pcolumnid: *mut JET_COLUMNID) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let name = args::str_a(szColumnName)?.ok_or(JetError::InvalidParameter)?;
        add_column(e, x, t, name, pcolumndef, pvDefault, cbDefault, pcolumnid)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetAddColumnW(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCWSTR, pcolumndef: *const JET_COLUMNDEF, pvDefault: *const c_void, cbDefault: u32, pcolumnid: *mut JET_COLUMNID) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let name = args::str_w(szColumnName)?.ok_or(JetError::InvalidParameter)?;
        add_column(e, x, t, name, pcolumndef, pvDefault, cbDefault, pcolumnid)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCloseTable(sesid: JET_SESID, tableid: JET_TABLEID) -> JET_ERR {
    // still allowed after JetStopService
    guard::table(sesid, tableid, Ses::IgnoreStop, |s, t| {
        t.close();
        s.remove_cursor(t);
        handles::TABLES.remove(tableid);
        Ok(())
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, grbit: JET_GRBIT, szKey: *const c_char, cbKey: u32, lDensity: u32) -> JET_ERR {
    JetCreateIndexA(sesid, tableid, szIndexName, grbit, szKey, cbKey, lDensity)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex2(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE_A, cIndexCreate: u32) -> JET_ERR {
    JetCreateIndex2A(sesid, tableid, pindexcreate, cIndexCreate)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex2A(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE_A, cIndexCreate: u32) -> JET_ERR {
    let _ = (pindexcreate, cIndexCreate);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex2W(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE_W, cIndexCreate: u32) -> JET_ERR {
    let _ = (pindexcreate, cIndexCreate);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex3A(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE2_A, cIndexCreate: u32) -> JET_ERR {
    let _ = (pindexcreate, cIndexCreate);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex3W(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE2_W, cIndexCreate: u32) -> JET_ERR {
    let _ = (pindexcreate, cIndexCreate);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex4A(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE3_A, cIndexCreate: u32) -> JET_ERR {
    let _ = (pindexcreate, cIndexCreate);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex4W(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE3_W, cIndexCreate: u32) -> JET_ERR {
    let _ = (pindexcreate, cIndexCreate);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndexA(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, grbit: JET_GRBIT, szKey: *const c_char, cbKey: u32, lDensity: u32) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let name = args::str_a(szIndexName)?.ok_or(JetError::InvalidParameter)?;
        let key = args::bytes(szKey as *const c_void, cbKey)?.to_vec();
        let ix = IndexCreate { name, key, grbit, density: lDensity, ..Default::default() };
        t.create_index(e, x, &ix)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndexW(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR, grbit: JET_GRBIT, szKey: *const WCHAR, cbKey: u32, lDensity: u32) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let name = args::str_w(szIndexName)?.ok_or(JetError::InvalidParameter)?;
        let key = args::wide_key(szKey, cbKey)?;
        let ix = IndexCreate { name, key, grbit, density: lDensity, ..Default::default() };
        t.create_index(e, x, &ix)
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, lPages: u32, lDensity: u32, ptableid: *mut JET_TABLEID) -> JET_ERR {
    JetCreateTableA(sesid, dbid, szTableName, lPages, lDensity, ptableid)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, lPages: u32, lDensity: u32, ptableid: *mut JET_TABLEID) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let out = args::out(ptableid)?;
        let name = args::str_a(szTableName)?.ok_or(JetError::InvalidParameter)?;
        create_table(s, dbid, name, lPages, lDensity, out)
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE_A) -> JET_ERR {
    JetCreateTableColumnIndexA(sesid, dbid, ptablecreate)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex2(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE2_A) -> JET_ERR {
    JetCreateTableColumnIndex2A(sesid, dbid, ptablecreate)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex2A(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE2_A) -> JET_ERR {
    let _ = (dbid, ptablecreate);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex2W(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE2_W) -> JET_ERR {
    let _ = (dbid, ptablecreate);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex3A(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE3_A) -> JET_ERR {
    let _ = (dbid, ptablecreate);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex3W(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE3_W) -> JET_ERR {
    let _ = (dbid, ptablecreate);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex4A(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE4_A) -> JET_ERR {
    let _ = (dbid, ptablecreate);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex4W(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE4_W) -> JET_ERR {
    let _ = (dbid, ptablecreate);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndexA(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE_A) -> JET_ERR {
    let _ = (dbid, ptablecreate);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndexW(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE_W) -> JET_ERR {
    let _ = (dbid, ptablecreate);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, lPages: u32, lDensity: u32, ptableid: *mut JET_TABLEID) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let out = args::out(ptableid)?;
        let name = args::str_w(szTableName)?.ok_or(JetError::InvalidParameter)?;
        create_table(s, dbid, name, lPages, lDensity, out)
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteColumn(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCSTR) -> JET_ERR {
    JetDeleteColumnA(sesid, tableid, szColumnName)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteColumn2(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    JetDeleteColumn2A(sesid, tableid, szColumnName, grbit)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteColumn2A(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (szColumnName, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteColumn2W(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCWSTR, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (szColumnName, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteColumnA(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCSTR) -> JET_ERR {
    let _ = szColumnName;
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteColumnW(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCWSTR) -> JET_ERR {
    let _ = szColumnName;
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR) -> JET_ERR {
    JetDeleteIndexA(sesid, tableid, szIndexName)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteIndexA(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR) -> JET_ERR {
    let _ = szIndexName;
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteIndexW(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR) -> JET_ERR {
    let _ = szIndexName;
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR) -> JET_ERR {
    JetDeleteTableA(sesid, dbid, szTableName)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteTableA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR) -> JET_ERR {
    let _ = (dbid, szTableName);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteTableW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR) -> JET_ERR {
    let _ = (dbid, szTableName);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, pvParameters: *const c_void, cbParameters: u32, grbit: JET_GRBIT, ptableid: *mut JET_TABLEID) -> JET_ERR {
    JetOpenTableA(sesid, dbid, szTableName, pvParameters, cbParameters, grbit, ptableid)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTableA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, pvParameters: *const c_void, cbParameters: u32, grbit: JET_GRBIT, ptableid: *mut JET_TABLEID) -> JET_ERR {
    let _ = (pvParameters, cbParameters);
    guard::session(sesid, Ses::Normal, |s| {
        let out = args::out(ptableid)?;
        let name = args::str_a(szTableName)?.ok_or(JetError::InvalidParameter)?;
        open_table(s, dbid, &name, grbit, out)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTableW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, pvParameters: *const c_void, cbParameters: u32, grbit: JET_GRBIT, ptableid: *mut JET_TABLEID) -> JET_ERR {
    let _ = (pvParameters, cbParameters);
    guard::session(sesid, Ses::Normal, |s| {
        let out = args::out(ptableid)?;
        let name = args::str_w(szTableName)?.ok_or(JetError::InvalidParameter)?;
        open_table(s, dbid, &name, grbit, out)
    })
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRenameColumn(sesid: JET_SESID, tableid: JET_TABLEID, szName: JET_PCSTR, szNameNew: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    JetRenameColumnA(sesid, tableid, szName, szNameNew, grbit)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRenameColumnA(sesid: JET_SESID, tableid: JET_TABLEID, szName: JET_PCSTR, szNameNew: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (szName, szNameNew, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRenameColumnW(sesid: JET_SESID, tableid: JET_TABLEID, szName: JET_PCWSTR, szNameNew: JET_PCWSTR, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (szName, szNameNew, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetRenameTable(sesid: JET_SESID, dbid: JET_DBID, szName: JET_PCSTR, szNameNew: JET_PCSTR) -> JET_ERR {
    JetRenameTableA(sesid, dbid, szName, szNameNew)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRenameTableA(sesid: JET_SESID, dbid: JET_DBID, szName: JET_PCSTR, szNameNew: JET_PCSTR) -> JET_ERR {
    let _ = (dbid, szName, szNameNew);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRenameTableW(sesid: JET_SESID, dbid: JET_DBID, szName: JET_PCWSTR, szNameNew: JET_PCWSTR) -> JET_ERR {
    let _ = (dbid, szName, szNameNew);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumnDefaultValue(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, szColumnName: JET_PCSTR, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT) -> JET_ERR {
    JetSetColumnDefaultValueA(sesid, dbid, szTableName, szColumnName, pvData, cbData, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumnDefaultValueA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, szColumnName: JET_PCSTR, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (dbid, szTableName, szColumnName, pvData, cbData, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumnDefaultValueW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, szColumnName: JET_PCWSTR, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (dbid, szTableName, szColumnName, pvData, cbData, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}


/// JetOpenTable: a cursor on the table, registered with the session.
fn open_table(s: &Arc<Session>, dbid: JET_DBID, name: &str, grbit: JET_GRBIT, out: args::Out<JET_TABLEID>) -> JetResult<()> {
    let t = s.open_table(dbid, name, grbit)?;
    out.write(register(s, t)?);
    Ok(())
}


/// Register a cursor the engine opened for this session; its handle.
fn register(s: &Arc<Session>, t: crate::isam::table::TableCursor) -> JetResult<JET_TABLEID> {
    let c = Arc::new(Cursor::on_table(s.serial(), t));
    let h = handles::TABLES.insert(c.clone()).ok_or(JetError::OutOfCursors)?;
    s.add_cursor(c);
    Ok(h)
}

/// JetCreateTable: a table with no columns, opened.
fn create_table(s: &Arc<Session>, dbid: JET_DBID, name: String, pages: u32, density: u32, out: args::Out<JET_TABLEID>) -> JetResult<()> {
    let tc = TableCreate { name, pages, density, ..Default::default() };
    let (t, _) = s.create_table(dbid, &tc)?;
    out.write(register(s, t)?);
    Ok(())
}

/// JetAddColumn: JET_wrnColumnMaxTruncated when a Text/Binary maximum was cut to 255.
#[allow(clippy::too_many_arguments)]
fn add_column(
    e: &crate::isam::engine::Engine,
    x: &mut crate::isam::txn::Txn,
    t: &mut crate::isam::table::TableCursor,
    name: String,
    pcolumndef: *const JET_COLUMNDEF,
    pv_default: *const c_void,
    cb_default: u32,
    pcolumnid: *mut JET_COLUMNID,
) -> JetResult<Warn> {
    let def = args::read(pcolumndef)?;
    if (def.cbStruct as usize) < std::mem::size_of::<JET_COLUMNDEF>() {
        return Err(JetError::InvalidParameter);
    }
    let default = if cb_default > 0 { Some(args::bytes(pv_default, cb_default)?.to_vec()) } else { None };
    let col = ColumnCreate { name, coltyp: def.coltyp, cb_max: def.cbMax, grbit: def.grbit, cp: def.cp, default, user_defined_default: None };
    let (id, truncated) = t.add_column(e, x, &col)?;
    if let Some(out) = args::opt_out(pcolumnid) {
        out.write(id);
    }
    Ok(Warn(if truncated { JET_wrnColumnMaxTruncated } else { JET_errSuccess }))
}
