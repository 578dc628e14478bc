//! The transaction functions of the Jet API.

use crate::abi::*;
use super::guard::{self, Ses, not_yet};
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction(sesid: JET_SESID) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction2(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction3(sesid: JET_SESID, trxid: i64, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (trxid, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCommitTransaction(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCommitTransaction2(sesid: JET_SESID, grbit: JET_GRBIT, cmsecDurableCommit: u32, pCommitId: *mut JET_COMMIT_ID) -> JET_ERR {
    let _ = (grbit, cmsecDurableCommit, pCommitId);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRollback(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    // still allowed after JetStopService, so that open transactions can be undone
    guard::session(sesid, Ses::IgnoreStop, |s| s.rollback(grbit))
}

