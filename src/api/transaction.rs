//! The transaction functions of the Jet API.

use crate::abi::*;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction(sesid: JET_SESID) -> JET_ERR {
    let _ = (sesid,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction2(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (sesid, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction3(sesid: JET_SESID, trxid: i64, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (sesid, trxid, grbit,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCommitTransaction(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (sesid, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCommitTransaction2(sesid: JET_SESID, grbit: JET_GRBIT, cmsecDurableCommit: u32, pCommitId: *mut JET_COMMIT_ID) -> JET_ERR {
    let _ = (sesid, grbit, cmsecDurableCommit, pCommitId,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRollback(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (sesid, grbit,);
    JET_errFeatureNotAvailable
}

