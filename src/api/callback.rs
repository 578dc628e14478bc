//! The callback functions of the Jet API, and the trampoline through which
//! the engine's events call the application's JET_CALLBACKs.
//!
//! ESE calls a table's callbacks from inside JetUpdate, JetDelete and
//! JetRetrieveColumn; the callback may call the API again with the same
//! session and table (JetRetrieveColumn with JET_bitRetrieveCopy, JetSetColumn
//! in a before-insert callback, ...). So no lock is held while a callback
//! runs: the calls that raise events take their locks in steps (`locked`) and
//! call `fire` in between, inside a `guard::CallbackScope`.
//!
//! `fire` calls both kinds of table callbacks ESE keeps in a table's list:
//! the ones JetRegisterCallback registered (`isam::callback`) and the
//! persisted one of JET_TABLECREATE2+.szCallback (in the catalog, resolved
//! with `os::dl` under `udd`'s rules), for the table and for its template.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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
    let r = {
        let mut work = s.work();
        let (engine, txn) = work.split()?;
        let mut t = c.table()?;
        f(engine, txn, &mut t)
    };
    if let Err(e @ (JetError::LogWriteFail | JetError::LogDiskFull)) = r {
        s.instance().mark_unavailable(e);
    }
    r
}

/// Set (for good) by the first JetRegisterCallback of the process: until
/// then no event has a registered callback, and `has` answers from the
/// cursor's table definition alone, without the registry's global lock.
static ANY_REGISTERED: AtomicBool = AtomicBool::new(false);

/// The table a cursor is on: (database, table object id), for the registry.
fn table_of(c: &Arc<Cursor>) -> JetResult<(Arc<crate::isam::database::Database>, u32)> {
    let t = c.table()?;
    Ok((t.db.clone(), t.table.def.objid))
}

/// One callback an event calls.
enum Call {
    /// Registered with JetRegisterCallback.
    Runtime(crate::isam::callback::Target),
    /// The table's persisted "library!function" (JET_TABLECREATE.szCallback),
    /// with the event's type bits it is called with.
    Persisted { name: String, cbtyp: u32 },
}

/// The callbacks an event of type `cbtyp` on the cursor's table calls, in
/// ESE's order (ErrRECCallback): the table's own list, then its template's.
/// Each list holds the JetRegisterCallback registrations newest first (ESE
/// puts a new CBDESC at the head), then the persisted callback, which ESE
/// registered when it loaded the table. Persisted callbacks are not loaded
/// at all with JET_paramDisableCallbacks.
fn calls(s: &Session, c: &Arc<Cursor>, cbtyp: JET_CBTYP) -> JetResult<(Arc<crate::isam::database::Database>, Vec<Call>)> {
    // (object id, the persisted callback if the event is in its mask) per level
    let (db, levels) = {
        let t = c.table()?;
        let level = |x: &crate::catalog::CatalogTable| (x.def.objid, x.callback.as_ref().filter(|d| d.cbtyp & cbtyp != 0).cloned());
        let own = level(&t.table);
        let template = t.table.template.as_deref().map(level);
        (t.db.clone(), [Some(own), template])
    };
    let mut loaded = None;
    let mut out = Vec::new();
    for (objid, def) in levels.into_iter().flatten() {
        out.extend(crate::isam::callback::targets(&db, objid, cbtyp).into_iter().map(Call::Runtime));
        if let Some(d) = def
            && *loaded.get_or_insert_with(|| s.instance().param_int(JET_paramDisableCallbacks) == 0)
        {
            out.push(Call::Persisted { cbtyp: d.cbtyp & cbtyp, name: d.name });
        }
    }
    Ok((db, out))
}

type JetCallback = unsafe extern "C" fn(JET_SESID, JET_DBID, JET_TABLEID, JET_CBTYP, *mut c_void, *mut c_void, *mut c_void, JET_API_PTR) -> JET_ERR;

/// Call every callback of the cursor's table (and of its template) for
/// `cbtyp`, with no lock held. The first failure stops the chain and is
/// returned; otherwise the last callback's result.
///
/// A persisted callback is called as ESE calls it: the event's type bits,
/// pvArg1/pvArg2 of the event, no context, ulUnused 0. Without
/// JET_paramEnablePersistedCallbacks ESE keeps it unresolved and the event
/// fails with JET_errCallbackFailed instead of calling it.
pub(crate) fn fire(s: &Session, sesid: JET_SESID, tableid: JET_TABLEID, c: &Arc<Cursor>, cbtyp: JET_CBTYP, arg1: *mut c_void, arg2: *mut c_void) -> JetResult<JET_ERR> {
    let (db, calls) = calls(s, c, cbtyp)?;
    let mut last = JET_errSuccess;
    for call in calls {
        let (func, bits, context) = match call {
            Call::Runtime(t) => (t.func, t.cbtyp, t.context),
            Call::Persisted { name, cbtyp } => {
                if !super::udd::persisted_enabled(s) {
                    return Err(JetError::CallbackFailed);
                }
                (crate::os::dl::resolve(&name)?, cbtyp, 0)
            }
        };
        // SAFETY: `func` is a non-NULL JET_CALLBACK: one the application
        // registered, or the address dlsym gave for the persisted name.
        let f: JetCallback = unsafe { std::mem::transmute::<usize, JetCallback>(func) };
        let _scope = CallbackScope::enter();
        // SAFETY: calling the application's callback with the arguments ESE passes.
        let err = unsafe { f(sesid, db.dbid, tableid, bits, arg1, arg2, context as *mut c_void, 0) };
        if err < 0 {
            return Err(JetError::from_code(err).unwrap_or(JetError::CallbackFailed));
        }
        last = err;
    }
    Ok(last)
}

/// Whether the cursor's table (or its template) has callbacks of these
/// types, registered or persisted.
pub(crate) fn has(s: &Session, c: &Arc<Cursor>, cbtyp: JET_CBTYP) -> bool {
    if !ANY_REGISTERED.load(Ordering::Acquire) {
        // only a persisted callback can answer: is there one for the event?
        let persisted = c.table().is_ok_and(|t| {
            let wants = |x: &crate::catalog::CatalogTable| x.callback.as_ref().is_some_and(|d| d.cbtyp & cbtyp != 0);
            wants(&t.table) || t.table.template.as_deref().is_some_and(wants)
        });
        if !persisted {
            return false;
        }
    }
    calls(s, c, cbtyp).is_ok_and(|(_, v)| !v.is_empty())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRegisterCallback(sesid: JET_SESID, tableid: JET_TABLEID, cbtyp: JET_CBTYP, pCallback: JET_CALLBACK, pvContext: *mut c_void, phCallbackId: *mut JET_HANDLE) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |_s, c| {
        let (Some(f), false) = (pCallback, phCallbackId.is_null()) else { return Err(JetError::InvalidParameter) };
        if cbtyp == JET_cbtypNull {
            return Err(JetError::InvalidParameter);
        }
        let (db, objid) = table_of(c)?;
        ANY_REGISTERED.store(true, Ordering::Release);
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
