//! The info functions of the Jet API.

use crate::abi::*;
use super::guard::{self, Ses, not_yet};
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetColumnInfo(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, pColumnNameOrId: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    JetGetColumnInfoA(sesid, dbid, szTableName, pColumnNameOrId, pvResult, cbMax, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetColumnInfoA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, pColumnNameOrId: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (dbid, szTableName, pColumnNameOrId, pvResult, cbMax, InfoLevel);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetColumnInfoW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, pwColumnNameOrId: JET_PCWSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (dbid, szTableName, pwColumnNameOrId, pvResult, cbMax, InfoLevel);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetCurrentIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PSTR, cbIndexName: u32) -> JET_ERR {
    JetGetCurrentIndexA(sesid, tableid, szIndexName, cbIndexName)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetCurrentIndexA(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PSTR, cbIndexName: u32) -> JET_ERR {
    let _ = (szIndexName, cbIndexName);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetCurrentIndexW(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PWSTR, cbIndexName: u32) -> JET_ERR {
    let _ = (szIndexName, cbIndexName);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetCursorInfo(sesid: JET_SESID, tableid: JET_TABLEID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (pvResult, cbMax, InfoLevel);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetIndexInfo(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, szIndexName: JET_PCSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    JetGetIndexInfoA(sesid, dbid, szTableName, szIndexName, pvResult, cbResult, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetIndexInfoA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, szIndexName: JET_PCSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (dbid, szTableName, szIndexName, pvResult, cbResult, InfoLevel);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetIndexInfoW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, szIndexName: JET_PCWSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (dbid, szTableName, szIndexName, pvResult, cbResult, InfoLevel);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetObjectInfo(sesid: JET_SESID, dbid: JET_DBID, objtyp: JET_OBJTYP, szContainerName: JET_PCSTR, szObjectName: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    JetGetObjectInfoA(sesid, dbid, objtyp, szContainerName, szObjectName, pvResult, cbMax, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetObjectInfoA(sesid: JET_SESID, dbid: JET_DBID, objtyp: JET_OBJTYP, szContainerName: JET_PCSTR, szObjectName: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (dbid, objtyp, szContainerName, szObjectName, pvResult, cbMax, InfoLevel);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetObjectInfoW(sesid: JET_SESID, dbid: JET_DBID, objtyp: JET_OBJTYP, szContainerName: JET_PCWSTR, szObjectName: JET_PCWSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (dbid, objtyp, szContainerName, szObjectName, pvResult, cbMax, InfoLevel);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetRecordSize(sesid: JET_SESID, tableid: JET_TABLEID, precsize: *mut JET_RECSIZE, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (precsize, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetRecordSize2(sesid: JET_SESID, tableid: JET_TABLEID, precsize: *mut JET_RECSIZE2, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (precsize, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableColumnInfo(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    JetGetTableColumnInfoA(sesid, tableid, szColumnName, pvResult, cbMax, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableColumnInfoA(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (szColumnName, pvResult, cbMax, InfoLevel);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableColumnInfoW(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: JET_PCWSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (szColumnName, pvResult, cbMax, InfoLevel);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableIndexInfo(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    JetGetTableIndexInfoA(sesid, tableid, szIndexName, pvResult, cbResult, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableIndexInfoA(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (szIndexName, pvResult, cbResult, InfoLevel);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableIndexInfoW(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR, pvResult: *mut c_void, cbResult: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (szIndexName, pvResult, cbResult, InfoLevel);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableInfo(sesid: JET_SESID, tableid: JET_TABLEID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    JetGetTableInfoA(sesid, tableid, pvResult, cbMax, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableInfoA(sesid: JET_SESID, tableid: JET_TABLEID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (pvResult, cbMax, InfoLevel);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTableInfoW(sesid: JET_SESID, tableid: JET_TABLEID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (pvResult, cbMax, InfoLevel);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

