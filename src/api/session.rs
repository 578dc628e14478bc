//! The session functions of the Jet API.

use crate::abi::*;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginSession(instance: JET_INSTANCE, psesid: *mut JET_SESID, szUserName: JET_PCSTR, szPassword: JET_PCSTR) -> JET_ERR {
    JetBeginSessionA(instance, psesid, szUserName, szPassword)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetBeginSessionA(instance: JET_INSTANCE, psesid: *mut JET_SESID, szUserName: JET_PCSTR, szPassword: JET_PCSTR) -> JET_ERR {
    let _ = (instance, psesid, szUserName, szPassword,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginSessionW(instance: JET_INSTANCE, psesid: *mut JET_SESID, szUserName: JET_PCWSTR, szPassword: JET_PCWSTR) -> JET_ERR {
    let _ = (instance, psesid, szUserName, szPassword,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetDupSession(sesid: JET_SESID, psesid: *mut JET_SESID) -> JET_ERR {
    let _ = (sesid, psesid,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetEndSession(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (sesid, grbit,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetLS(sesid: JET_SESID, tableid: JET_TABLEID, pls: *mut JET_LS, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (sesid, tableid, pls, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetSessionParameter(sesid: JET_SESID, sesparamid: u32, pvParam: *mut c_void, cbParamMax: u32, pcbParamActual: *mut u32) -> JET_ERR {
    let _ = (sesid, sesparamid, pvParam, cbParamMax, pcbParamActual,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetResetSessionContext(sesid: JET_SESID) -> JET_ERR {
    let _ = (sesid,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetLS(sesid: JET_SESID, tableid: JET_TABLEID, ls: JET_LS, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (sesid, tableid, ls, grbit,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetSessionContext(sesid: JET_SESID, ulContext: JET_API_PTR) -> JET_ERR {
    let _ = (sesid, ulContext,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetSessionParameter(sesid: JET_SESID, sesparamid: u32, pvParam: *mut c_void, cbParam: u32) -> JET_ERR {
    let _ = (sesid, sesparamid, pvParam, cbParam,);
    JET_errFeatureNotAvailable
}

