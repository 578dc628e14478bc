//! The update functions of the Jet API.

use crate::abi::*;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetDelete(sesid: JET_SESID, tableid: JET_TABLEID) -> JET_ERR {
    let _ = (sesid, tableid,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetEscrowUpdate(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pv: *mut c_void, cbMax: u32, pvOld: *mut c_void, cbOldMax: u32, pcbOldActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (sesid, tableid, columnid, pv, cbMax, pvOld, cbOldMax, pcbOldActual, grbit,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetLock(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (sesid, tableid, grbit,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetPrepareUpdate(sesid: JET_SESID, tableid: JET_TABLEID, prep: u32) -> JET_ERR {
    let _ = (sesid, tableid, prep,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT, psetinfo: *mut JET_SETINFO) -> JET_ERR {
    let _ = (sesid, tableid, columnid, pvData, cbData, grbit, psetinfo,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumns(sesid: JET_SESID, tableid: JET_TABLEID, psetcolumn: *mut JET_SETCOLUMN, csetcolumn: u32) -> JET_ERR {
    let _ = (sesid, tableid, psetcolumn, csetcolumn,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetUpdate(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbBookmark: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (sesid, tableid, pvBookmark, cbBookmark, pcbActual,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0502))]
#[unsafe(no_mangle)]
pub extern "C" fn JetUpdate2(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbBookmark: u32, pcbActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (sesid, tableid, pvBookmark, cbBookmark, pcbActual, grbit,);
    JET_errFeatureNotAvailable
}

