//! The callback functions of the Jet API.

use crate::abi::*;
use super::guard::{self, Ses, not_yet};
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetRegisterCallback(sesid: JET_SESID, tableid: JET_TABLEID, cbtyp: JET_CBTYP, pCallback: JET_CALLBACK, pvContext: *mut c_void, phCallbackId: *mut JET_HANDLE) -> JET_ERR {
    let _ = (cbtyp, pCallback, pvContext, phCallbackId);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetUnregisterCallback(sesid: JET_SESID, tableid: JET_TABLEID, cbtyp: JET_CBTYP, hCallbackId: JET_HANDLE) -> JET_ERR {
    let _ = (cbtyp, hCallbackId);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

