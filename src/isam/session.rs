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
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::thread::ThreadId;

use parking_lot::{MappedMutexGuard, Mutex, MutexGuard};

use crate::abi::*;
use crate::error::{JetError, JetResult};

use super::cursor::Cursor;
use super::engine::Engine;
use super::instance::Instance;
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
    /// JetSetSessionContext: the context and the thread that set it.
    context: Option<(JET_API_PTR, ThreadId)>,
    commit_default: JET_GRBIT,
    operation_context: [u8; 8],
    correlation_id: u32,
    /// Tables and temporary tables this session has open.
    cursors: Vec<Arc<Cursor>>,
}

/// A session of an instance.
///
/// The per-call path touches only this object: `busy` (how many calls are
/// inside the engine with the session: more than one only for callbacks
/// re-entering the API), `ended`, the instance's read-mostly `gate`, and the
/// session's `work` lock (its transaction and its own reference to the
/// engine, so that no call touches the engine's reference count). Aligned
/// to a cache line, so that two sessions used by two threads never share one.
#[repr(align(64))]
pub struct Session {
    serial: u64,
    instance: Arc<Instance>,
    busy: AtomicU32,
    ended: AtomicBool,
    state: Mutex<SessionState>,
    /// The open transaction and the engine. Only the thread using the session
    /// touches them, so the lock is never contended; it is taken before any
    /// database lock.
    work: Mutex<Work>,
}

/// What a call on the session works with.
struct Work {
    txn: Txn,
    /// The instance's engine (None once the session ended, so that JetTerm
    /// drops the last reference to it).
    engine: Option<Arc<Engine>>,
}

/// The session's transaction and engine, locked for one call's work.
pub struct CallWork<'a>(MutexGuard<'a, Work>);

impl CallWork<'_> {
    /// The engine and the transaction (JET_errNotInitialized once the
    /// session ended).
    pub fn split(&mut self) -> JetResult<(&Engine, &mut Txn)> {
        let w = &mut *self.0;
        match &w.engine {
            Some(e) => Ok((e, &mut w.txn)),
            None => Err(JetError::NotInitialized),
        }
    }

    pub fn txn(&mut self) -> &mut Txn {
        &mut self.0.txn
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("serial", &self.serial).finish()
    }
}

/// A call in progress with a session; dropping it releases the session (and
/// lets a waiting JetTerm proceed).
pub struct SessionCall<'a> {
    session: &'a Arc<Session>,
}

impl<'a> SessionCall<'a> {
    pub fn session(&self) -> &'a Arc<Session> {
        self.session
    }
}

impl Drop for SessionCall<'_> {
    #[inline]
    fn drop(&mut self) {
        self.session.leave();
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
            busy: AtomicU32::new(0),
            ended: AtomicBool::new(false),
            state: Mutex::new(SessionState {
                context: None,
                commit_default,
                operation_context: [0; 8],
                correlation_id: 0,
                cursors: Vec::new(),
            }),
            work: Mutex::new(Work { txn: Txn::default(), engine: instance.engine().ok() }),
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
        self.ended.load(Ordering::Acquire)
    }

    /// Whether a call is inside the engine with this session (JetTerm waits).
    pub(crate) fn is_busy(&self) -> bool {
        self.busy.load(Ordering::SeqCst) != 0
    }

    /// The enter check of the common call: the session idle, the instance
    /// running, not unavailable and (unless `ignore_stop`) not stopped. None
    /// when any of that does not hold: `enter` then finds the exact error
    /// (or, for a callback re-entering the API, lets the call in). Two
    /// atomic operations on the session and a load of the instance's gate;
    /// no lock.
    #[inline]
    pub fn try_enter(self: &Arc<Self>, ignore_stop: bool) -> Option<SessionCall<'_>> {
        if self.busy.compare_exchange(0, 1, Ordering::SeqCst, Ordering::Relaxed).is_err() {
            return None;
        }
        // SeqCst pairs with JetTerm, which publishes Terminating before it
        // looks at `busy`: either it sees this call or this call sees it
        let call = SessionCall { session: self };
        if self.instance.gate_allows(ignore_stop) && !self.is_ended() {
            return Some(call);
        }
        None
    }

    /// The per-call enter check of a session-level call (ESE's APICALL_SESID).
    pub fn enter(self: &Arc<Self>, how: SessionEnter) -> JetResult<SessionCall<'_>> {
        if let Some(call) = self.try_enter(how.ignore_stop) {
            return Ok(call);
        }
        // the exact checks, in ESE's order, under the instance lock (which
        // JetTerm holds while it looks at `busy`)
        let ist = self.instance.lock();
        match ist.lifecycle {
            super::Lifecycle::Terminating => return Err(JetError::TermInProgress),
            super::Lifecycle::Terminated => return Err(JetError::InvalidSesid),
            _ => {}
        }
        super::instance::check_enter(
            &ist,
            if how.ignore_stop { super::Enter::IgnoreStop } else { super::Enter::Running },
        )?;
        if self.is_ended() {
            return Err(JetError::InvalidSesid);
        }
        let mut depth = self.busy.load(Ordering::SeqCst);
        loop {
            if depth != 0 && !how.reentrant {
                return Err(how.busy_error);
            }
            match self.busy.compare_exchange_weak(depth, depth + 1, Ordering::SeqCst, Ordering::SeqCst) {
                Ok(_) => break,
                Err(now) => depth = now,
            }
        }
        drop(ist);
        Ok(SessionCall { session: self })
    }

    /// The end of a call (SessionCall's drop).
    #[inline]
    fn leave(&self) {
        if self.busy.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.instance.left_session_call();
        }
    }

    /// The transaction and the engine, locked for a call's work (a lock only
    /// this session's calls take).
    pub fn work(&self) -> CallWork<'_> {
        CallWork(self.work.lock())
    }

    /// The current transaction nesting level (0: no transaction).
    pub fn transaction_level(&self) -> u32 {
        self.work.lock().txn.level
    }

    /// The session's transaction (lock it for the duration of one call's work).
    pub fn txn(&self) -> MappedMutexGuard<'_, Txn> {
        MutexGuard::map(self.work.lock(), |w| &mut w.txn)
    }

    /// JetBeginTransaction(2, 3).
    pub fn begin_transaction(&self, grbit: JET_GRBIT) -> JetResult<()> {
        let mut w = self.work();
        let (engine, t) = w.split()?;
        txn::begin(engine, t, grbit)
    }

    /// JetCommitTransaction(2). A failure that leaves pages the log does not
    /// describe makes the instance unavailable.
    pub fn commit_transaction(&self, grbit: JET_GRBIT) -> JetResult<()> {
        self.commit_transaction2(grbit, 0)
    }

    /// JetCommitTransaction2: `cmsec_durable` bounds how long a lazy commit
    /// stays only in memory; the session's JET_sesparamCommitDefault applies.
    pub fn commit_transaction2(&self, grbit: JET_GRBIT, cmsec_durable: u32) -> JetResult<()> {
        let default = self.commit_default();
        let mut w = self.work();
        let (engine, t) = w.split()?;
        let r = txn::commit2(engine, t, grbit, cmsec_durable, default);
        drop(w);
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
        (sig, self.work.lock().txn.commit_id())
    }

    /// JetRollback.
    pub fn rollback(&self, grbit: JET_GRBIT) -> JetResult<()> {
        let mut w = self.work();
        if w.txn().level == 0 {
            return Err(JetError::NotInTransaction);
        }
        let (engine, t) = w.split()?;
        txn::rollback(engine, t, grbit)
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
        // ended before it leaves the instance's list: JetTerm, which waits for
        // the busy sessions of that list, cannot stop the engine under it
        self.force_end();
        let mut ist = self.instance.lock();
        ist.sessions.retain(|x| !Arc::ptr_eq(x, self));
        drop(ist);
        Ok(())
    }

    /// End without checks (JetTerm ends every session of its instance).
    pub(crate) fn force_end(&self) {
        if let Ok(engine) = self.instance.engine() {
            txn::rollback_all(&engine, &mut self.work.lock().txn);
            for db in engine.databases() {
                db.close_all_by(self.serial);
            }
        } else {
            self.work.lock().txn = Txn::default();
        }
        self.ended.store(true, Ordering::Release);
        self.work.lock().engine = None;
        let cursors = std::mem::take(&mut self.state.lock().cursors);
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
            JET_sesparamTransactionLevel => (self.work.lock().txn.level.to_le_bytes().to_vec(), true),
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
