//! User-defined default values (JET_bitColumnUserDefinedDefault): calling a
//! column's persisted "library!function" with JET_cbtypUserDefinedDefaultValue
//! when a retrieval finds the column absent from the record.
//!
//! ESE's rules (fldext.cxx, recupd.cxx, cat.cxx, fcreate.cxx), kept here:
//! - the name is resolved (`os::dl::resolve`) only when
//!   JET_paramEnablePersistedCallbacks is set (ESENT's default is off): at
//!   JetAddColumn / JetCreateTableColumnIndex and when a table is opened, a
//!   name that does not resolve fails the call with JET_errCallbackNotResolved;
//! - with the parameter off, the callback is still there but calling it fails
//!   with JET_errCallbackFailed (ESE's fPermanent descriptor with no function);
//! - the call: (sesid, dbid, tableid, JET_cbtypUserDefinedDefaultValue,
//!   pvArg1 = the caller's buffer, pvArg2 = a ULONG* holding cbData on entry
//!   and the value's size on return, pvContext = the column's user data (NULL
//!   when it has none), ulUnused = the column id); a negative return fails the
//!   retrieval with that error, a warning (JET_wrnColumnNull ...) is returned
//!   as the retrieval's result, success with a size past cbData becomes
//!   JET_wrnBufferTruncated;
//! - while the callback runs, retrievals on the same cursor read what the
//!   outer retrieval read: the copy buffer when it used it (ESE's
//!   FUCBSetAlwaysRetrieveCopy), else the record even with
//!   JET_bitRetrieveCopy (FUCBSetNeverRetrieveCopy).
//!
//! Persisted table callbacks (JET_TABLECREATE.szCallback) follow the same
//! resolution rules (`check_table`); `api::callback::fire` calls them.
//!
//! Owns: that policy and the trampoline. Must never: hold a lock while the
//! callback runs (it re-enters the API with the same session and cursor).

use std::cell::RefCell;
use std::sync::Arc;

use crate::abi::*;
use crate::catalog::{CatalogTable, ColumnCallback};
use crate::error::{JetError, JetResult};
use crate::isam::{Cursor, Session};
#[allow(unused_imports)]
use core::ffi::c_void;

use super::guard::CallbackScope;

thread_local! {
    /// Cursors whose user-defined-default callback is running on this
    /// thread, innermost last: (tableid, read the copy buffer).
    static COPY_MODE: RefCell<Vec<(JET_TABLEID, bool)>> = const { RefCell::new(Vec::new()) };
}

/// Pops the copy mode pushed for a callback, also when it unwinds.
struct ModeScope;

impl ModeScope {
    fn push(tableid: JET_TABLEID, copy: bool) -> ModeScope {
        COPY_MODE.with(|m| m.borrow_mut().push((tableid, copy)));
        ModeScope
    }
}

impl Drop for ModeScope {
    fn drop(&mut self) {
        COPY_MODE.with(|m| {
            m.borrow_mut().pop();
        });
    }
}

/// The grbit a retrieval on `tableid` runs with: inside a user-defined
/// default's callback on that cursor, JET_bitRetrieveCopy is forced on or
/// off to match the retrieval that called it.
pub(crate) fn retrieve_grbit(tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_GRBIT {
    COPY_MODE.with(|m| match m.borrow().iter().rev().find(|(t, _)| *t == tableid) {
        Some((_, true)) => grbit | JET_bitRetrieveCopy,
        Some((_, false)) => grbit & !JET_bitRetrieveCopy,
        None => grbit,
    })
}

pub(crate) fn persisted_enabled(s: &Session) -> bool {
    s.instance().param_int(JET_paramEnablePersistedCallbacks) != 0
}

/// ESE's creation-time check: with JET_paramEnablePersistedCallbacks, every
/// callback name must resolve (JET_errCallbackNotResolved otherwise).
pub(crate) fn check_names<'a>(s: &Session, names: impl IntoIterator<Item = &'a str>) -> JetResult<()> {
    if !persisted_enabled(s) {
        return Ok(());
    }
    for n in names {
        crate::os::dl::resolve(n)?;
    }
    Ok(())
}

/// ESE's open-time check: with JET_paramEnablePersistedCallbacks, the
/// user-defined defaults of the table (and of its template) must resolve,
/// and so must the table callbacks (JET_TABLECREATE.szCallback, the
/// template's too: ESE loads the template's schema with the derived
/// table's), which ESE loads only without JET_paramDisableCallbacks.
pub(crate) fn check_table(s: &Session, t: &CatalogTable) -> JetResult<()> {
    let own = t.column_callbacks.iter();
    let inherited = t.template.iter().flat_map(|tt| tt.column_callbacks.iter());
    let columns = own.chain(inherited).map(|cc| cc.callback.as_str());
    let load_table_callbacks = s.instance().param_int(JET_paramDisableCallbacks) == 0;
    let tables = std::iter::once(t)
        .chain(t.template.as_deref())
        .filter_map(|x| x.callback.as_ref())
        .filter(|_| load_table_callbacks)
        .map(|d| d.name.as_str());
    check_names(s, columns.chain(tables))
}

/// The persisted callback of a column (own columns first, then the template's).
fn column_callback(t: &CatalogTable, columnid: u32) -> Option<ColumnCallback> {
    let all = || t.column_callbacks.iter().chain(t.template.iter().flat_map(|tt| tt.column_callbacks.iter()));
    all()
        .find(|cc| cc.columnid == columnid)
        .or_else(|| all().find(|cc| cc.columnid & !crate::record::schema::TEMPLATE_COLUMN == columnid & !crate::record::schema::TEMPLATE_COLUMN))
        .cloned()
}

/// Compute a user-defined default into the caller's buffer (`pv`, `cb`):
/// the retrieval's result code and the value's size (cbActual). No lock is
/// held: the callback may call JetRetrieveColumn on the same cursor.
#[allow(clippy::too_many_arguments)]
pub(crate) fn compute(s: &Arc<Session>, c: &Arc<Cursor>, sesid: JET_SESID, tableid: JET_TABLEID, columnid: u32, from_copy: bool, pv: *mut c_void, cb: u32) -> JetResult<(JET_ERR, u32)> {
    let (table, dbid) = {
        let t = c.table()?;
        (t.table.clone(), t.db.dbid)
    };
    let cc = column_callback(&table, columnid).ok_or(JetError::CallbackNotResolved)?;
    if !persisted_enabled(s) {
        return Err(JetError::CallbackFailed);
    }
    let func = crate::os::dl::resolve(&cc.callback)?;
    // SAFETY: `func` is the address dlsym gave for the name the column's
    // creator persisted as a JET_CALLBACK.
    let f: unsafe extern "C" fn(JET_SESID, JET_DBID, JET_TABLEID, JET_CBTYP, *mut c_void, *mut c_void, *mut c_void, JET_API_PTR) -> JET_ERR =
        unsafe { std::mem::transmute::<usize, _>(func) };
    // a copy: the callback may write to its context, the schema stays as read
    let mut context = cc.user_data.clone();
    let pv_context = if context.is_empty() { std::ptr::null_mut() } else { context.as_mut_ptr() as *mut c_void };
    let mut actual: u32 = cb;
    let err = {
        let _mode = ModeScope::push(tableid, from_copy);
        let _scope = CallbackScope::enter();
        // SAFETY: the application's callback, called with the arguments ESE passes;
        // `pv` is the caller's buffer of `cb` bytes (or NULL), `actual` outlives the call.
        unsafe {
            f(
                sesid,
                dbid,
                tableid,
                JET_cbtypUserDefinedDefaultValue,
                pv,
                &mut actual as *mut u32 as *mut c_void,
                pv_context,
                columnid as JET_API_PTR,
            )
        }
    };
    if err < 0 {
        return Err(JetError::from_code(err).unwrap_or(JetError::CallbackFailed));
    }
    if err == JET_errSuccess && actual > cb {
        // the callback may not say so itself
        return Ok((JET_wrnBufferTruncated, actual));
    }
    Ok((err, actual))
}
