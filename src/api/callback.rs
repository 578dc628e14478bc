//! The callback functions of the Jet API, and the trampoline through which
//! the engine's events call the application's JET_CALLBACKs.
//!
//! ESE calls a table's callbacks from inside JetUpdate, JetDelete and
//! JetRetrieveColumn; the callback may call the API again with the same
//! session and table (JetRetrieveColumn with JET_bitRetrieveCopy, JetSetColumn
//! in a before-insert callback, ...). So no lock is held while a callback
//! runs: the calls that raise events take their locks in steps (`locked`) and
//! call `fire` in between, inside a `guard::CallbackScope`.

use std::sync::Arc;

use crate::abi::*;
use super::guard::{self, CallbackScope, Ses};
use crate::error::{JetError, JetResult};
use crate::isam::{Cursor, Session};
use crate::isam::engine::Engine;
use crate::isam::table::TableCursor;
use crate::isam::txn::Txn;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

/// Run `f` on a table cursor with the engine and the session's transaction
/// (what `guard::cursor` does, for calls that lock and unlock several times).
pub(crate) fn locked<S>(s: &Arc<Session>, c: &Arc<Cursor>, f: impl FnOnce(&Engine, &mut Txn, &mut TableCursor) -> JetResult<S>) -> JetResult<S> {
    let engine = s.instance().engine()?;
    let r = {
        let mut txn = s.txn();
        let mut t = c.table()?;
        f(&engine, &mut txn, &mut t)
    };
    if let Err(e @ (JetError::LogWriteFail | JetError::LogDiskFull)) = r {
        s.instance().mark_unavailable(e);
    }
    r
}

/// The table a cursor is on: (database, table object id), for the registry.
fn table_of(c: &Arc<Cursor>) -> JetResult<(Arc<crate::isam::database::Database>, u32)> {
    let t = c.table()?;
    Ok((t.db.clone(), t.table.def.objid))
}

/// Call every callback of the cursor's table registered for `cbtyp`, with no
/// lock held. The first failure stops the chain and is returned.
pub(crate) fn fire(sesid: JET_SESID, tableid: JET_TABLEID, c: &Arc<Cursor>, cbtyp: JET_CBTYP, arg1: *mut c_void, arg2: *mut c_void) -> JetResult<JET_ERR> {
    let (db, objid) = table_of(c)?;
    let targets = crate::isam::callback::targets(&db, objid, cbtyp);
    let mut last = JET_errSuccess;
    for t in targets {
        // SAFETY: `func` is the non-NULL JET_CALLBACK the application registered for this table.
        let f: unsafe extern "C" fn(JET_SESID, JET_DBID, JET_TABLEID, JET_CBTYP, *mut c_void, *mut c_void, *mut c_void, JET_API_PTR) -> JET_ERR =
            unsafe { std::mem::transmute::<usize, _>(t.func) };
        let _scope = CallbackScope::enter();
        // SAFETY: calling the application's callback with the arguments ESE passes.
        let err = unsafe { f(sesid, db.dbid, tableid, t.cbtyp, arg1, arg2, t.context as *mut c_void, 0) };
        if err < 0 {
            return Err(JetError::from_code(err).unwrap_or(JetError::CallbackFailed));
        }
        last = err;
    }
    Ok(last)
}

/// Whether the cursor's table has callbacks of these types.
pub(crate) fn has(c: &Arc<Cursor>, cbtyp: JET_CBTYP) -> bool {
    match table_of(c) {
        Ok((db, objid)) => crate::isam::callback::any(&db, objid, cbtyp),
        Err(_) => false,
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRegisterCallback(sesid: JET_SESID, tableid: JET_TABLEID, cbtyp: JET_CBTYP, pCallback: JET_CALLBACK, pvContext: *mut c_void, phCallbackId: *mut JET_HANDLE) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |_s, c| {
        let (Some(f), false) = (pCallback, phCallbackId.is_null()) else { return Err(JetError::InvalidParameter) };
        if cbtyp == JET_cbtypNull {
            return Err(JetError::InvalidParameter);
        }
        let (db, objid) = table_of(c)?;
        let id = crate::isam::callback::register(&db, objid, cbtyp, f as usize, pvContext as usize)?;
        super::args::out(phCallbackId)?.write(id as JET_HANDLE);
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetUnregisterCallback(sesid: JET_SESID, tableid: JET_TABLEID, cbtyp: JET_CBTYP, hCallbackId: JET_HANDLE) -> JET_ERR {
    let _ = cbtyp;
    guard::table(sesid, tableid, Ses::Normal, |_s, c| {
        let (db, objid) = table_of(c)?;
        crate::isam::callback::unregister(&db, objid, hCallbackId as u64)
    })
}
