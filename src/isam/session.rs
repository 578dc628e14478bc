//! One session (ESE's PIB): who is using it, its context, its transaction
//! level and the tables it has open.
//!
//! Owns: `Session`, the session-level enter check (one thread at a time, the
//! instance's stop/unavailable/terminating state), the session context of
//! JetSetSessionContext, the public session parameters, and ending a session.
//! Must never: know about handles or C; keep transaction contents (the version
//! layer does; this only keeps the level the transaction work maintains).

#![allow(non_upper_case_globals)] // JET_* constants are matched by their C names
use std::sync::Arc;
use std::thread::ThreadId;

use parking_lot::Mutex;

use crate::abi::*;
use crate::error::{JetError, JetResult};

use super::cursor::Cursor;
use super::instance::{Instance, InstanceCall};
use super::txn::{self, Txn};

/// Options of a session-level enter.
#[derive(Copy, Clone, Debug)]
pub struct SessionEnter {
    /// A stop-service request does not refuse this call.
    pub ignore_stop: bool,
    /// The caller is inside an engine callback on this thread: the session may
    /// already be in use by the call that made the callback.
    pub reentrant: bool,
    /// What to return when another thread is using the session.
    pub busy_error: JetError,
}

impl SessionEnter {
    /// An ordinary call: refused after stop service, one thread at a time.
    pub fn normal(reentrant: bool) -> Self {
        SessionEnter { ignore_stop: false, reentrant, busy_error: JetError::SessionSharingViolation }
    }
    /// A call still allowed after stop service.
    pub fn ignoring_stop(reentrant: bool) -> Self {
        SessionEnter { ignore_stop: true, reentrant, busy_error: JetError::SessionSharingViolation }
    }
}

struct SessionState {
    ended: bool,
    /// The thread inside the engine with this session, and how deep (callbacks).
    busy: Option<(ThreadId, u32)>,
    /// JetSetSessionContext: the context and the thread that set it.
    context: Option<(JET_API_PTR, ThreadId)>,
    commit_default: JET_GRBIT,
    operation_context: [u8; 8],
    correlation_id: u32,
    /// Tables and temporary tables this session has open.
    cursors: Vec<Arc<Cursor>>,
}

/// A session of an instance.
pub struct Session {
    serial: u64,
    instance: Arc<Instance>,
    state: Mutex<SessionState>,
    /// The open transaction. Only the thread using the session touches it, so
    /// the lock is never contended; it is taken before any database lock.
    txn: Mutex<Txn>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("serial", &self.serial).finish()
    }
}

/// A call in progress with a session; dropping it releases the session.
pub struct SessionCall {
    session: Arc<Session>,
    /// Keeps the instance's calls-in-progress count (JetTerm waits on it).
    _instance: InstanceCall,
}

impl SessionCall {
    pub fn session(&self) -> &Arc<Session> {
        &self.session
    }
}

impl Drop for SessionCall {
    fn drop(&mut self) {
        let mut s = self.session.state.lock();
        if let Some((t, depth)) = s.busy {
            s.busy = if depth > 1 { Some((t, depth - 1)) } else { None };
        }
    }
}

static NEXT_SESSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Session {
    /// JetBeginSession / JetDupSession on an instance the caller has entered.
    /// Fails with JET_errOutOfSessions at JET_paramMaxSessions sessions.
    pub fn begin(instance: &Arc<Instance>) -> JetResult<Arc<Session>> {
        let mut st = instance.lock();
        let max = st.params.int(JET_paramMaxSessions) as usize;
        if st.sessions.len() >= max {
            return Err(JetError::OutOfSessions);
        }
        let commit_default = st.params.int(JET_paramCommitDefault) as JET_GRBIT;
        let ses = Arc::new(Session {
            serial: NEXT_SESSION.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            instance: instance.clone(),
            state: Mutex::new(SessionState {
                ended: false,
                busy: None,
                context: None,
                commit_default,
                operation_context: [0; 8],
                correlation_id: 0,
                cursors: Vec::new(),
            }),
            txn: Mutex::new(Txn::default()),
        });
        st.sessions.push(ses.clone());
        Ok(ses)
    }

    pub fn serial(&self) -> u64 {
        self.serial
    }

    pub fn instance(&self) -> &Arc<Instance> {
        &self.instance
    }

    /// True once ended (by JetEndSession or JetTerm): its handle must go.
    pub fn is_ended(&self) -> bool {
        self.state.lock().ended
    }

    /// The per-call enter check of a session-level call (ESE's APICALL_SESID).
    pub fn enter(self: &Arc<Self>, how: SessionEnter) -> JetResult<SessionCall> {
        let me = std::thread::current().id();
        let mut ist = self.instance.lock();
        match ist.lifecycle {
            super::Lifecycle::Terminating => return Err(JetError::TermInProgress),
            super::Lifecycle::Terminated => return Err(JetError::InvalidSesid),
            _ => {}
        }
        super::instance::check_enter(
            &ist,
            if how.ignore_stop { super::Enter::IgnoreStop } else { super::Enter::Running },
        )?;
        let mut s = self.state.lock();
        if s.ended {
            return Err(JetError::InvalidSesid);
        }
        match s.busy {
            None => s.busy = Some((me, 1)),
            Some((t, depth)) if how.reentrant => s.busy = Some((t, depth + 1)),
            Some(_) => return Err(how.busy_error),
        }
        drop(s);
        Instance::enter_counted(&mut ist);
        drop(ist);
        Ok(SessionCall { session: self.clone(), _instance: InstanceCall::adopt(self.instance.clone()) })
    }

    /// The current transaction nesting level (0: no transaction).
    pub fn transaction_level(&self) -> u32 {
        self.txn.lock().level
    }

    /// The session's transaction (lock it for the duration of one call's work).
    pub fn txn(&self) -> parking_lot::MutexGuard<'_, Txn> {
        self.txn.lock()
    }

    /// JetBeginTransaction(2, 3).
    pub fn begin_transaction(&self, grbit: JET_GRBIT) -> JetResult<()> {
        let engine = self.instance.engine()?;
        txn::begin(&engine, &mut self.txn.lock(), grbit)
    }

    /// JetCommitTransaction(2). A failure that leaves pages the log does not
    /// describe makes the instance unavailable.
    pub fn commit_transaction(&self, grbit: JET_GRBIT) -> JetResult<()> {
        self.commit_transaction2(grbit, 0)
    }

    /// JetCommitTransaction2: `cmsec_durable` bounds how long a lazy commit
    /// stays only in memory; the session's JET_sesparamCommitDefault applies.
    pub fn commit_transaction2(&self, grbit: JET_GRBIT, cmsec_durable: u32) -> JetResult<()> {
        let engine = self.instance.engine()?;
        let default = self.commit_default();
        let r = txn::commit2(&engine, &mut self.txn.lock(), grbit, cmsec_durable, default);
        if let Err(e @ (JetError::LogWriteFail | JetError::LogDiskFull)) = r {
            self.instance.mark_unavailable(e);
        }
        r
    }

    /// JetCommitTransaction2's commit id: the log signature (JET_SIGNATURE's
    /// 28 bytes) and the position of this session's last commit record that
    /// logged something (as ESE's 64-bit LGPOS, which orders commits; 0 if
    /// none). ESE leaves the caller's id untouched after a commit that logged
    /// nothing; we give the last one instead.
    pub fn last_commit_id(&self) -> ([u8; 28], i64) {
        let mut sig = [0u8; 28];
        if let Ok(engine) = self.instance.engine() {
            if let Some(log) = &engine.log {
                sig = log.signature().to_bytes();
            }
        }
        (sig, self.txn.lock().commit_id())
    }

    /// JetRollback.
    pub fn rollback(&self, grbit: JET_GRBIT) -> JetResult<()> {
        let mut t = self.txn.lock();
        if t.level == 0 {
            return Err(JetError::NotInTransaction);
        }
        let engine = self.instance.engine()?;
        txn::rollback(&engine, &mut t, grbit)
    }

    /// JetSetSessionContext.
    pub fn set_context(&self, context: JET_API_PTR) -> JetResult<()> {
        if context == 0 || context == JET_API_PTR::MAX {
            return Err(JetError::InvalidParameter);
        }
        let mut s = self.state.lock();
        if s.context.is_some() {
            return Err(JetError::SessionContextAlreadySet);
        }
        s.context = Some((context, std::thread::current().id()));
        Ok(())
    }

    /// JetResetSessionContext: only the thread that set the context may reset it.
    pub fn reset_context(&self) -> JetResult<()> {
        let mut s = self.state.lock();
        match s.context {
            Some((_, t)) if t == std::thread::current().id() => {
                s.context = None;
                Ok(())
            }
            _ => Err(JetError::SessionContextNotSetByThisThread),
        }
    }

    /// The context set by JetSetSessionContext, if any.
    pub fn context(&self) -> Option<JET_API_PTR> {
        self.state.lock().context.map(|c| c.0)
    }

    /// JetEndSession (inside the call that entered the session): roll back,
    /// close the session's tables and end it. A session whose context is set
    /// is in use (JET_errSessionInUse).
    pub fn end(self: &Arc<Self>, grbit: JET_GRBIT) -> JetResult<()> {
        let _ = grbit; // JET_bitForceSessionClosed is reserved and has no effect
        {
            let s = self.state.lock();
            if s.context.is_some() {
                return Err(JetError::SessionInUse);
            }
        }
        let mut ist = self.instance.lock();
        ist.sessions.retain(|x| !Arc::ptr_eq(x, self));
        drop(ist);
        self.force_end();
        Ok(())
    }

    /// End without checks (JetTerm ends every session of its instance).
    pub(crate) fn force_end(&self) {
        if let Ok(engine) = self.instance.engine() {
            txn::rollback_all(&engine, &mut self.txn.lock());
            for db in engine.databases() {
                db.close_all_by(self.serial);
            }
        } else {
            *self.txn.lock() = Txn::default();
        }
        let cursors = {
            let mut s = self.state.lock();
            s.ended = true;
            std::mem::take(&mut s.cursors)
        };
        for c in cursors {
            // Hook: the cursor work releases its pages and temporary tables here.
            c.close();
        }
    }

    /// Register a table or temporary table opened by this session.
    pub fn add_cursor(&self, cursor: Arc<Cursor>) {
        self.state.lock().cursors.push(cursor);
    }

    /// Forget a cursor closed by JetCloseTable.
    pub fn remove_cursor(&self, cursor: &Arc<Cursor>) {
        self.state.lock().cursors.retain(|c| !Arc::ptr_eq(c, cursor));
    }

    /// The tables this session has open.
    pub fn cursors(&self) -> Vec<Arc<Cursor>> {
        self.state.lock().cursors.clone()
    }

    // ----- session parameters ------------------------------------------------

    /// JetSetSessionParameter. `value` is the caller's buffer (None for NULL).
    pub fn set_parameter(&self, id: u32, value: Option<&[u8]>, cb: u32) -> JetResult<()> {
        if value.is_none() && cb != 0 {
            return Err(JetError::InvalidParameter);
        }
        let bytes = value.unwrap_or(&[]);
        let mut s = self.state.lock();
        match id {
            JET_sesparamCommitDefault => {
                let v: [u8; 4] = bytes.try_into().map_err(|_| JetError::InvalidBufferSize)?;
                s.commit_default = u32::from_le_bytes(v);
            }
            JET_sesparamTransactionLevel => return Err(JetError::FeatureNotAvailable),
            JET_sesparamOperationContext => {
                s.operation_context = bytes.try_into().map_err(|_| JetError::InvalidBufferSize)?;
            }
            JET_sesparamCorrelationID => {
                let v: [u8; 4] = bytes.try_into().map_err(|_| JetError::InvalidBufferSize)?;
                s.correlation_id = u32::from_le_bytes(v);
            }
            // ESE's other session parameters are not public and not built yet
            4098 | 4102..=4110 => return Err(JetError::FeatureNotAvailable),
            _ => return Err(JetError::InvalidSesparamId),
        }
        Ok(())
    }

    /// JetGetSessionParameter: the bytes of the value and whether `cb_max` must
    /// equal the size exactly (ESE is strict for the integer parameters and
    /// only asks "big enough" for the others).
    pub fn get_parameter(&self, id: u32) -> JetResult<(Vec<u8>, bool)> {
        let s = self.state.lock();
        Ok(match id {
            JET_sesparamCommitDefault => (s.commit_default.to_le_bytes().to_vec(), true),
            JET_sesparamTransactionLevel => (self.txn.lock().level.to_le_bytes().to_vec(), true),
            JET_sesparamOperationContext => (s.operation_context.to_vec(), false),
            JET_sesparamCorrelationID => (s.correlation_id.to_le_bytes().to_vec(), false),
            4098 | 4102..=4110 => return Err(JetError::FeatureNotAvailable),
            _ => return Err(JetError::InvalidSesparamId),
        })
    }

    /// The default commit grbits of this session (JET_sesparamCommitDefault).
    pub fn commit_default(&self) -> JET_GRBIT {
        self.state.lock().commit_default
    }

    pub fn set_commit_default(&self, grbit: JET_GRBIT) {
        self.state.lock().commit_default = grbit;
    }
}
