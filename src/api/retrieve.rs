//! The retrieve functions of the Jet API.

use crate::abi::*;
use super::guard::{self, Ses, not_yet};
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetEnumerateColumns(sesid: JET_SESID, tableid: JET_TABLEID, cEnumColumnId: u32, rgEnumColumnId: *mut JET_ENUMCOLUMNID, pcEnumColumn: *mut u32, prgEnumColumn: *mut *mut JET_ENUMCOLUMN, pfnRealloc: JET_PFNREALLOC, pvReallocContext: *mut c_void, cbDataMost: u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (cEnumColumnId, rgEnumColumnId, pcEnumColumn, prgEnumColumn, pfnRealloc, pvReallocContext, cbDataMost, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRetrieveColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pvData: *mut c_void, cbData: u32, pcbActual: *mut u32, grbit: JET_GRBIT, pretinfo: *mut JET_RETINFO) -> JET_ERR {
    let _ = (columnid, pvData, cbData, pcbActual, grbit, pretinfo);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRetrieveColumns(sesid: JET_SESID, tableid: JET_TABLEID, pretrievecolumn: *mut JET_RETRIEVECOLUMN, cretrievecolumn: u32) -> JET_ERR {
    let _ = (pretrievecolumn, cretrievecolumn);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRetrieveKey(sesid: JET_SESID, tableid: JET_TABLEID, pvKey: *mut c_void, cbMax: u32, pcbActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pvKey, cbMax, pcbActual, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

