//! The ddl functions of the Jet API: tables, columns and indexes created,
//! deleted and renamed, column defaults, and JetOpenTable / JetCloseTable.
//!
//! Owns: argument conversion of these calls (the C structures in
//! `ddl_structs`) and the one engine call each makes. JetDeleteIndex hands
//! the engine its cursor unlocked: the engine looks at the instance's other
//! cursors first.
//! Must never: lock a cursor around an engine call that looks at other cursors.

use crate::abi::*;
use super::guard::{self, Ses};
use super::args;
use super::ddl_structs::{self, Chars, IndexVersion, TableCreateC};
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
    guard::table(sesid, tableid, Ses::Normal, |s, c| {
        let name = args::str_a(szColumnName)?.ok_or(JetError::InvalidParameter)?;
        add_column(s, c, name, pcolumndef, pvDefault, cbDefault, pcolumnid)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetAddColumnW(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCWSTR, pcolumndef: *const JET_COLUMNDEF, pvDefault: *const c_void, cbDefault: u32, pcolumnid: *mut JET_COLUMNID) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |s, c| {
        let name = args::str_w(szColumnName)?.ok_or(JetError::InvalidParameter)?;
        add_column(s, c, name, pcolumndef, pvDefault, cbDefault, pcolumnid)
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
    create_indexes::<c_char>(sesid, tableid, pindexcreate as *const c_void, cIndexCreate, IndexVersion::V1)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex2W(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE_W, cIndexCreate: u32) -> JET_ERR {
    create_indexes::<WCHAR>(sesid, tableid, pindexcreate as *const c_void, cIndexCreate, IndexVersion::V1)
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex3A(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE2_A, cIndexCreate: u32) -> JET_ERR {
    create_indexes::<c_char>(sesid, tableid, pindexcreate as *const c_void, cIndexCreate, IndexVersion::V2)
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex3W(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE2_W, cIndexCreate: u32) -> JET_ERR {
    create_indexes::<WCHAR>(sesid, tableid, pindexcreate as *const c_void, cIndexCreate, IndexVersion::V2)
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex4A(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE3_A, cIndexCreate: u32) -> JET_ERR {
    create_indexes::<c_char>(sesid, tableid, pindexcreate as *const c_void, cIndexCreate, IndexVersion::V3)
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndex4W(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut JET_INDEXCREATE3_W, cIndexCreate: u32) -> JET_ERR {
    create_indexes::<WCHAR>(sesid, tableid, pindexcreate as *const c_void, cIndexCreate, IndexVersion::V3)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndexA(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, grbit: JET_GRBIT, szKey: *const c_char, cbKey: u32, lDensity: u32) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let name = args::str_a(szIndexName)?.ok_or(JetError::InvalidParameter)?;
        let key = args::bytes(szKey as *const c_void, cbKey)?.to_vec();
        let ix = IndexCreate { name, key, grbit, density: lDensity, ..Default::default() };
        t.create_one_index(e, x, &ix)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateIndexW(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR, grbit: JET_GRBIT, szKey: *const WCHAR, cbKey: u32, lDensity: u32) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let name = args::str_w(szIndexName)?.ok_or(JetError::InvalidParameter)?;
        let key = args::wide_key(szKey, cbKey)?;
        let ix = IndexCreate { name, key, grbit, density: lDensity, ..Default::default() };
        t.create_one_index(e, x, &ix)
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
    create_table_column_index(sesid, dbid, ptablecreate)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex2W(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE2_W) -> JET_ERR {
    create_table_column_index(sesid, dbid, ptablecreate)
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex3A(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE3_A) -> JET_ERR {
    create_table_column_index(sesid, dbid, ptablecreate)
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex3W(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE3_W) -> JET_ERR {
    create_table_column_index(sesid, dbid, ptablecreate)
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex4A(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE4_A) -> JET_ERR {
    create_table_column_index(sesid, dbid, ptablecreate)
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndex4W(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE4_W) -> JET_ERR {
    create_table_column_index(sesid, dbid, ptablecreate)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndexA(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE_A) -> JET_ERR {
    create_table_column_index(sesid, dbid, ptablecreate)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateTableColumnIndexW(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut JET_TABLECREATE_W) -> JET_ERR {
    create_table_column_index(sesid, dbid, ptablecreate)
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
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let name = args::str_a(szColumnName)?.unwrap_or_default();
        t.delete_column(e, x, &name, grbit)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteColumn2W(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCWSTR, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let name = args::str_w(szColumnName)?.unwrap_or_default();
        t.delete_column(e, x, &name, grbit)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteColumnA(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCSTR) -> JET_ERR {
    JetDeleteColumn2A(sesid, tableid, szColumnName, 0)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteColumnW(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCWSTR) -> JET_ERR {
    JetDeleteColumn2W(sesid, tableid, szColumnName, 0)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR) -> JET_ERR {
    JetDeleteIndexA(sesid, tableid, szIndexName)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteIndexA(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR) -> JET_ERR {
    delete_index(sesid, tableid, || args::str_a(szIndexName))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteIndexW(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR) -> JET_ERR {
    delete_index(sesid, tableid, || args::str_w(szIndexName))
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR) -> JET_ERR {
    JetDeleteTableA(sesid, dbid, szTableName)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteTableA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let name = args::str_a(szTableName)?.ok_or(JetError::InvalidParameter)?;
        s.drop_table(dbid, &name)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDeleteTableW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let name = args::str_w(szTableName)?.ok_or(JetError::InvalidParameter)?;
        s.drop_table(dbid, &name)
    })
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
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let old = args::str_a(szName)?.ok_or(JetError::InvalidParameter)?;
        let new = args::str_a(szNameNew)?.ok_or(JetError::InvalidParameter)?;
        t.rename_column_checked(e, x, &old, &new, grbit)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRenameColumnW(sesid: JET_SESID, tableid: JET_TABLEID, szName: JET_PCWSTR, szNameNew: JET_PCWSTR, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let old = args::str_w(szName)?.ok_or(JetError::InvalidParameter)?;
        let new = args::str_w(szNameNew)?.ok_or(JetError::InvalidParameter)?;
        t.rename_column_checked(e, x, &old, &new, grbit)
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetRenameTable(sesid: JET_SESID, dbid: JET_DBID, szName: JET_PCSTR, szNameNew: JET_PCSTR) -> JET_ERR {
    JetRenameTableA(sesid, dbid, szName, szNameNew)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRenameTableA(sesid: JET_SESID, dbid: JET_DBID, szName: JET_PCSTR, szNameNew: JET_PCSTR) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let old = args::str_a(szName)?.ok_or(JetError::InvalidParameter)?;
        let new = args::str_a(szNameNew)?.ok_or(JetError::InvalidParameter)?;
        s.rename_table_checked(dbid, &old, &new)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRenameTableW(sesid: JET_SESID, dbid: JET_DBID, szName: JET_PCWSTR, szNameNew: JET_PCWSTR) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let old = args::str_w(szName)?.ok_or(JetError::InvalidParameter)?;
        let new = args::str_w(szNameNew)?.ok_or(JetError::InvalidParameter)?;
        s.rename_table_checked(dbid, &old, &new)
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumnDefaultValue(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, szColumnName: JET_PCSTR, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT) -> JET_ERR {
    JetSetColumnDefaultValueA(sesid, dbid, szTableName, szColumnName, pvData, cbData, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumnDefaultValueA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, szColumnName: JET_PCSTR, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::session(sesid, Ses::Normal, |s| {
        let table = args::str_a(szTableName)?.ok_or(JetError::InvalidParameter)?;
        let column = args::str_a(szColumnName)?.unwrap_or_default();
        let data = args::opt_bytes(pvData, cbData).unwrap_or_default();
        s.set_default_value(dbid, &table, &column, data)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumnDefaultValueW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, szColumnName: JET_PCWSTR, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::session(sesid, Ses::Normal, |s| {
        let table = args::str_w(szTableName)?.ok_or(JetError::InvalidParameter)?;
        let column = args::str_w(szColumnName)?.unwrap_or_default();
        let data = args::opt_bytes(pvData, cbData).unwrap_or_default();
        s.set_default_value(dbid, &table, &column, data)
    })
}


/// JetOpenTable: a cursor on the table, registered with the session. A
/// table another session deleted in a transaction still open is
/// JET_errTableLocked (ESE's DeletePending).
fn open_table(s: &Arc<Session>, dbid: JET_DBID, name: &str, grbit: JET_GRBIT, out: args::Out<JET_TABLEID>) -> JetResult<()> {
    let t = s.open_table(dbid, name, grbit)?;
    // with JET_paramEnablePersistedCallbacks, the user-defined defaults must resolve
    super::udd::check_table(s, &t.table)?;
    if crate::isam::ddl::delete_pending_by_other(&t.db, t.table.def.objid, s.serial()) {
        return Err(JetError::TableLocked);
    }
    out.write(register(s, t)?);
    Ok(())
}

/// JetCreateTableColumnIndex(2..4), A and W: create, write ESE's results
/// back (also after a failure), register the new table's cursor.
fn create_table_column_index<T: TableCreateC>(sesid: JET_SESID, dbid: JET_DBID, p: *mut T) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let tin = ddl_structs::read_table_create(p)?;
        check_create_callbacks(s, &tin.req.tc)?;
        let (r, report) = s.create_table_reported(dbid, &tin.req);
        tin.write_report(&report);
        match r {
            // an immutable structure gets no cursor back: ESE closes the table
            Ok(_) if tin.immutable => Ok(()),
            Ok((cursor, _)) => {
                let id = register(s, cursor)?;
                tin.write_tableid(Some(id));
                Ok(())
            }
            Err(e) => {
                tin.write_tableid(None);
                Err(e)
            }
        }
    })
}

/// ESE resolves the persisted callbacks of a new table as it creates it
/// (with JET_paramEnablePersistedCallbacks; the table's own callback only
/// without JET_paramDisableCallbacks): a name that does not resolve fails the
/// creation with JET_errCallbackNotResolved. Here they are resolved first,
/// for the columns the column checks accept (so that an invalid column still
/// fails with its own error), and the failure writes no per-column report.
fn check_create_callbacks(s: &Arc<Session>, tc: &TableCreate) -> JetResult<()> {
    let columns = tc
        .columns
        .iter()
        .filter(|c| crate::catalog::validate::validate_column(c, true, &[]).is_ok())
        .filter_map(|c| c.user_defined_default.as_ref().map(|u| u.callback.as_str()));
    let table = tc.callback.iter().filter(|_| s.instance().param_int(JET_paramDisableCallbacks) == 0).map(|(_, n)| n.as_str());
    super::udd::check_names(s, columns.chain(table))
}

/// JetCreateIndex2..4, A and W: one index, or several in ESE's batch mode.
fn create_indexes<C: Chars>(sesid: JET_SESID, tableid: JET_TABLEID, p: *const c_void, count: u32, version: IndexVersion) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let read = ddl_structs::read_indexes::<C>(p, count, version)?;
        let mut creates = Vec::with_capacity(read.len());
        for ix in &read {
            let mut c = ix.create.clone();
            // ESE's ErrIDXCheckUnicodeFlagAndDefn comes first
            if (c.grbit & JET_bitIndexUnicode != 0) != c.unicode.is_some() {
                return Err(JetError::InvalidParameter);
            }
            if let Some(h) = &ix.hints {
                let n = h.normalize(t.db.page_size as u32, true)?;
                c.density = n.initial_density;
                c.space_hints = Some(n);
            }
            creates.push(c);
        }
        match creates.as_slice() {
            [one] => t.create_one_index(e, x, one),
            many => t.create_indexes(e, x, many),
        }
    })
}

/// JetDeleteIndex, A and W (`Session::delete_index_of`: it looks at the
/// instance's other cursors before it locks this one).
fn delete_index(sesid: JET_SESID, tableid: JET_TABLEID, name: impl FnOnce() -> JetResult<Option<String>>) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |s, c| {
        let name = name()?.unwrap_or_default();
        let r = s.delete_index_of(c, &name);
        if let Err(e @ (JetError::LogWriteFail | JetError::LogDiskFull)) = r {
            s.instance().mark_unavailable(e);
        }
        r
    })
}

/// Register a cursor the engine opened for this session; its handle.
fn register(s: &Arc<Session>, t: crate::isam::table::TableCursor) -> JetResult<JET_TABLEID> {
    let c = Arc::new(Cursor::on_table(s.serial(), t));
    let h = handles::TABLES.insert(c.clone()).ok_or(JetError::OutOfCursors)?;
    s.add_cursor(c);
    Ok(h)
}

/// JetCreateTable: a table with no columns, opened (ESE makes it a
/// JetCreateTableColumnIndex without columns or indexes).
fn create_table(s: &Arc<Session>, dbid: JET_DBID, name: String, pages: u32, density: u32, out: args::Out<JET_TABLEID>) -> JetResult<()> {
    let req = crate::isam::ddl::CreateTableRequest { tc: TableCreate { name, pages, density, ..Default::default() }, ..Default::default() };
    let (t, _) = s.create_table_reported(dbid, &req).0?;
    out.write(register(s, t)?);
    Ok(())
}

/// JetAddColumn: JET_wrnColumnMaxTruncated when a Text/Binary maximum was cut to 255.
/// With JET_bitColumnUserDefinedDefault, pvDefault is a JET_USERDEFINEDDEFAULT_A
/// of exactly its size (ESE reads the A form for JetAddColumnW as well).
fn add_column(
    s: &Arc<Session>,
    c: &Arc<crate::isam::Cursor>,
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
    let udd = def.grbit & JET_bitColumnUserDefinedDefault != 0;
    let (default, user_defined_default) = if udd {
        ddl_structs::udd_default(pv_default, cb_default)?
    } else if cb_default > 0 {
        (Some(args::bytes(pv_default, cb_default)?.to_vec()), None)
    } else {
        (None, None)
    };
    let col = ColumnCreate { name, coltyp: def.coltyp, cb_max: def.cbMax, grbit: def.grbit, cp: def.cp, default, user_defined_default };
    // ESE resolves a persisted callback after the column checks
    if crate::catalog::validate::validate_column(&col, true, &[]).is_ok() {
        super::udd::check_names(s, col.user_defined_default.iter().map(|u| u.callback.as_str()))?;
    }
    let (id, truncated) = super::callback::locked(s, c, |e, x, t| {
        // another session's committed DDL may have changed the table (as guard::cursor does)
        t.refresh_schema(e, x)?;
        t.add_column(e, x, &col)
    })?;
    if let Some(out) = args::opt_out(pcolumnid) {
        out.write(id);
    }
    Ok(Warn(if truncated { JET_wrnColumnMaxTruncated } else { JET_errSuccess }))
}
