//! The update functions of the Jet API.

use crate::abi::*;
use super::guard::{self, Ses, not_yet};
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetDelete(sesid: JET_SESID, tableid: JET_TABLEID) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetEscrowUpdate(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pv: *mut c_void, cbMax: u32, pvOld: *mut c_void, cbOldMax: u32, pcbOldActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (columnid, pv, cbMax, pvOld, cbOldMax, pcbOldActual, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetLock(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetPrepareUpdate(sesid: JET_SESID, tableid: JET_TABLEID, prep: u32) -> JET_ERR {
    let _ = prep;
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT, psetinfo: *mut JET_SETINFO) -> JET_ERR {
    let _ = (columnid, pvData, cbData, grbit, psetinfo);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumns(sesid: JET_SESID, tableid: JET_TABLEID, psetcolumn: *mut JET_SETCOLUMN, csetcolumn: u32) -> JET_ERR {
    let _ = (psetcolumn, csetcolumn);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetUpdate(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbBookmark: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (pvBookmark, cbBookmark, pcbActual);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0502))]
#[unsafe(no_mangle)]
pub extern "C" fn JetUpdate2(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbBookmark: u32, pcbActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pvBookmark, cbBookmark, pcbActual, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

