//! The panic boundary and the per-call enter check of every export.
//!
//! Owns: turning a Rust panic into JET_errInternalError (and marking the
//! instance unavailable), resolving handles in ESE's order (session, then
//! table, then JET_errSesidTableIdMismatch), running the engine's enter check,
//! and the thread-local "inside a callback" flag that lets callbacks re-enter
//! the API with the session that called them.
//! Must never: hold engine state, or touch pointers (`args` does).
//!
//! Every export is `guard::<entry>(handles..., |objects| { ... })`: the closure
//! converts arguments with `args`, makes one engine call and returns
//! `JetResult<S>` where `S: Status` (`()` for JET_errSuccess, `Warn` for a
//! positive warning).

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use crate::abi::*;
use crate::error::{JetError, JetResult};
use crate::isam::{self, Cursor, Enter, Instance, NoLegacyInstance, Session, SessionEnter};

use super::handles;

/// What a successful call returns to C.
pub trait Status {
    fn code(self) -> JET_ERR;
}

impl Status for () {
    fn code(self) -> JET_ERR {
        JET_errSuccess
    }
}

/// A warning (positive JET_wrn value) or JET_errSuccess.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Warn(pub JET_ERR);

impl Status for Warn {
    fn code(self) -> JET_ERR {
        self.0
    }
}

/// A JET_ERR the engine reports that has no `JetError` variant (ESE's internal
/// errBackupAbortByCaller, which the documentation names).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Raw(pub JET_ERR);

impl Status for Raw {
    fn code(self) -> JET_ERR {
        self.0
    }
}

thread_local! {
    static CALLBACK_DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// True while this thread runs an application callback called by the engine.
pub fn in_callback() -> bool {
    CALLBACK_DEPTH.with(|d| d.get() > 0)
}

/// Marks the current thread as running an application callback until dropped.
pub struct CallbackScope(());

impl CallbackScope {
    pub fn enter() -> CallbackScope {
        CALLBACK_DEPTH.with(|d| d.set(d.get() + 1));
        CallbackScope(())
    }
}

impl Drop for CallbackScope {
    fn drop(&mut self) {
        CALLBACK_DEPTH.with(|d| d.set(d.get() - 1));
    }
}

/// Run `f`; a panic becomes JET_errInternalError and makes `instance`
/// unavailable (its data can no longer be trusted).
fn protected<S: Status>(instance: Option<&Arc<Instance>>, f: impl FnOnce() -> JetResult<S>) -> JET_ERR {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(s)) => s.code(),
        Ok(Err(e)) => e.code(),
        Err(_) => {
            if let Some(i) = instance {
                i.mark_unavailable(JetError::InternalError);
            }
            JetError::InternalError.code()
        }
    }
}

/// The panic boundary alone, for calls that name no instance or session.
pub fn call<S: Status>(f: impl FnOnce() -> JetResult<S>) -> JET_ERR {
    protected(None, f)
}

/// A JET_INSTANCE argument: 0 and JET_instanceNil mean "none" (legacy mode
/// and global scope); anything else must be a live instance handle.
pub fn instance_arg(h: JET_INSTANCE) -> JetResult<Option<Arc<Instance>>> {
    if h == 0 || h == JET_instanceNil {
        return Ok(None);
    }
    handles::INSTANCES.get(h).map(Some).ok_or(JetError::InvalidInstance)
}

/// A JET_SESID argument that must name a live session.
pub fn session_arg(h: JET_SESID) -> JetResult<Arc<Session>> {
    handles::SESSIONS.get(h).ok_or(JetError::InvalidSesid)
}

/// A JET_SESID argument that may be 0 or JET_sesidNil ("none").
pub fn opt_session_arg(h: JET_SESID) -> JetResult<Option<Arc<Session>>> {
    if h == 0 || h == JET_sesidNil {
        return Ok(None);
    }
    session_arg(h).map(Some)
}

/// An instance-level call (ESE's APICALL_INST): validate the handle, find the
/// instance it means (the implicit one in legacy mode), run the enter check.
pub fn instance<S: Status>(h: JET_INSTANCE, how: Enter, f: impl FnOnce(&Arc<Instance>) -> JetResult<S>) -> JET_ERR {
    let found = match instance_arg(h).and_then(|i| isam::system::find(i.as_ref())) {
        Ok(i) => i,
        Err(e) => return e.code(),
    };
    let call = match found.enter(how) {
        Ok(c) => c,
        Err(e) => return e.code(),
    };
    let r = protected(Some(&found), || f(call.instance()));
    drop(call);
    r
}

/// Enter an instance the caller already resolved (a session's, say) and run `f`.
pub fn entered<S: Status>(inst: &Arc<Instance>, how: Enter, f: impl FnOnce() -> JetResult<S>) -> JET_ERR {
    let call = match inst.enter(how) {
        Ok(c) => c,
        Err(e) => return e.code(),
    };
    let r = protected(Some(inst), f);
    drop(call);
    r
}

/// An instance-level call that needs no enter check (JetStopServiceInstance,
/// JetStopBackupInstance, JetTerm): validate and find the instance only.
pub fn instance_unchecked<S: Status>(h: JET_INSTANCE, f: impl FnOnce(&Arc<Instance>) -> JetResult<S>) -> JET_ERR {
    let found = match instance_arg(h).and_then(|i| isam::system::find(i.as_ref())) {
        Ok(i) => i,
        Err(e) => return e.code(),
    };
    protected(Some(&found), || f(&found))
}

/// An instance-less legacy call (JetStopService, JetEndExternalBackup, ...):
/// the implicit instance of legacy mode, JET_errRunningInMultiInstanceMode in
/// multi-instance mode, `no_instance` when there is no instance at all.
/// `how` is the enter check to make (None: none).
pub fn legacy<S: Status>(
    how: Option<Enter>,
    no_instance: JetError,
    f: impl FnOnce(&Arc<Instance>) -> JetResult<S>,
) -> JET_ERR {
    let found = match isam::system::legacy_instance() {
        Ok(i) => i,
        Err(NoLegacyInstance::MultiInstance) => return JET_errRunningInMultiInstanceMode,
        Err(NoLegacyInstance::NoInstance) => return no_instance.code(),
    };
    let call = match how.map(|h| found.enter(h)).transpose() {
        Ok(c) => c,
        Err(e) => return e.code(),
    };
    let r = protected(Some(&found), || f(&found));
    drop(call);
    r
}

/// How a session-level call treats stop service and concurrent use.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Ses {
    /// Refused after stop service; another thread using the session is
    /// JET_errSessionSharingViolation.
    Normal,
    /// Still allowed after stop service (JetRollback, JetCloseTable,
    /// JetCloseDatabase, JetDetachDatabase, JetResetSessionContext).
    IgnoreStop,
    /// JetEndSession: allowed after stop service; another thread using the
    /// session is JET_errSessionInUse.
    End,
}

fn session_enter(s: &Arc<Session>, how: Ses) -> JetResult<isam::SessionCall<'_>> {
    // the common case: an idle session of a running instance (no lock, no
    // thread-local); anything else takes the exact path below
    if let Some(call) = s.try_enter(how != Ses::Normal) {
        return Ok(call);
    }
    let reentrant = in_callback();
    let opts = match how {
        Ses::Normal => SessionEnter::normal(reentrant),
        Ses::IgnoreStop => SessionEnter::ignoring_stop(reentrant),
        Ses::End => SessionEnter { busy_error: JetError::SessionInUse, ..SessionEnter::ignoring_stop(reentrant) },
    };
    s.enter(opts)
}

/// A session-level call (ESE's APICALL_SESID).
pub fn session<S: Status>(sesid: JET_SESID, how: Ses, f: impl FnOnce(&Arc<Session>) -> JetResult<S>) -> JET_ERR {
    // pinned, not cloned: the handle's slot keeps the session for the call
    let Some(s) = handles::SESSIONS.pin(sesid) else { return JET_errInvalidSesid };
    let call = match session_enter(&s, how) {
        Ok(c) => c,
        Err(e) => return e.code(),
    };
    let r = protected(Some(s.instance()), || f(call.session()));
    drop(call);
    r
}

/// A call on a session and one of its tables: the session handle is checked
/// first (JET_errInvalidSesid), then the table handle (JET_errInvalidTableId),
/// then that the table belongs to the session (JET_errSesidTableIdMismatch),
/// then the session's enter check.
pub fn table<S: Status>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    how: Ses,
    f: impl FnOnce(&Arc<Session>, &Arc<Cursor>) -> JetResult<S>,
) -> JET_ERR {
    let Some(s) = handles::SESSIONS.pin(sesid) else { return JET_errInvalidSesid };
    let Some(c) = handles::TABLES.pin(tableid) else { return JET_errInvalidTableId };
    if c.session_serial() != s.serial() {
        return JET_errSesidTableIdMismatch;
    }
    let call = match session_enter(&s, how) {
        Ok(c) => c,
        Err(e) => return e.code(),
    };
    let r = protected(Some(s.instance()), || f(call.session(), &c));
    drop(call);
    r
}

/// The body of an export whose behaviour is not built yet.
pub fn not_yet<T>() -> JetResult<T> {
    Err(JetError::FeatureNotAvailable)
}

/// A call on an open table: `f` gets the engine, the session's transaction
/// and the table cursor. A failure that leaves the log behind the pages makes
/// the instance unavailable (as a failed JetCommitTransaction does).
pub fn cursor<S: Status>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    how: Ses,
    f: impl FnOnce(&crate::isam::engine::Engine, &mut crate::isam::txn::Txn, &mut crate::isam::table::TableCursor) -> JetResult<S>,
) -> JET_ERR {
    table(sesid, tableid, how, |s, c| {
        let r = {
            let mut work = s.work();
            let (engine, txn) = work.split()?;
            let mut t = c.table()?;
            // another session's committed DDL may have changed the table
            t.refresh_schema(engine, txn)?;
            f(engine, txn, &mut t)
        };
        if let Err(e @ (JetError::LogWriteFail | JetError::LogDiskFull)) = r {
            s.instance().mark_unavailable(e);
        }
        r
    })
}
