//! The transaction functions of the Jet API.

use crate::abi::*;
use super::args;
use super::guard::{self, Ses};
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction(sesid: JET_SESID) -> JET_ERR {
    JetBeginTransaction2(sesid, 0)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction2(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| s.begin_transaction(grbit))
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginTransaction3(sesid: JET_SESID, trxid: i64, grbit: JET_GRBIT) -> JET_ERR {
    // ESE only stacks the id per level for its own diagnostics (event-log
    // dumps of long transactions; JetBeginTransaction/2 pass fixed tags);
    // no API reads it back (JET_SESSIONINFO has no such field), so it is
    // accepted and not kept.
    let _ = trxid;
    JetBeginTransaction2(sesid, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCommitTransaction(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| s.commit_transaction(grbit))
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCommitTransaction2(sesid: JET_SESID, grbit: JET_GRBIT, cmsecDurableCommit: u32, pCommitId: *mut JET_COMMIT_ID) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        s.commit_transaction2(grbit, cmsecDurableCommit)?;
        if let Some(out) = args::opt_out(pCommitId) {
            let (sig, id) = s.last_commit_id();
            out.write(JET_COMMIT_ID { signLog: args::from_bytes(&sig)?, reserved: 0, commitId: id });
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRollback(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    // still allowed after JetStopService, so that open transactions can be undone
    guard::session(sesid, Ses::IgnoreStop, |s| s.rollback(grbit))
}

