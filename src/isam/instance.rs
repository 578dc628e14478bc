//! One engine instance (ESE's INST): its lifecycle, its parameters, its
//! sessions, its stop-service and streaming-backup state, and the per-call
//! enter check every API call makes against it.
//!
//! Owns: `Instance` and the calls-in-progress count that JetTerm waits on.
//! Must never: know about handles or C; choose which instance an instance-less
//! call means (`system` does); do storage work itself (the log and database
//! layers plug into `start_storage` / `stop_storage`).
//!
//! Lock order: the system registry, then an instance's state, then a session's state.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use parking_lot::{Condvar, Mutex, MutexGuard};

use crate::abi::*;
use crate::backup::state::{BackupKind, BackupState, EndOutcome};
use crate::error::{JetError, JetResult};

use super::params::ParamSet;
use super::session::Session;

/// Where an instance is in its life.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    /// JetCreateInstance: parameters may be set; no sessions.
    Created,
    /// JetInit is running.
    Initializing,
    /// Initialized: sessions may be begun (whether or not service was stopped).
    Running,
    /// JetTerm is running (or waiting for calls in progress to return).
    Terminating,
    /// A restore is running on the instance.
    Restoring,
    /// Gone: terminated, or freed after a failed init.
    Terminated,
}

/// How an API call enters an instance (ESE's APICALL variants).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Enter {
    /// The instance must be running and not stopped.
    Running,
    /// The instance must be running; a stop-service request does not refuse the
    /// call (JetRollback, JetCloseTable, JetEndSession, JetCloseDatabase,
    /// JetDetachDatabase, JetResetSessionContext).
    IgnoreStop,
    /// The instance may also be created but not initialized (Jet[Get|Set]SystemParameter).
    WithoutInit,
}

/// How JetTerm shuts the instance down.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TermKind {
    /// JET_bitTermComplete (or no grbit): flush everything, refuse if work is pending.
    Clean,
    /// JET_bitTermAbrupt (JetTerm): do not wait for background work.
    Abrupt,
    /// JET_bitTermDirty, or the instance is unavailable: leave recovery to do the rest.
    Dirty,
}

/// The internal "everything" bit of a stop-service request (JET_bitStopServiceAll is 0).
const STOPPED_ALL: u32 = 0x1;
/// ESE's JET_bitStopServiceStopAndEmitLog (not in the public header).
pub const STOP_SERVICE_STOP_AND_EMIT_LOG: u32 = 0x8;

pub(crate) struct InstanceState {
    pub(crate) lifecycle: Lifecycle,
    pub(crate) params: ParamSet,
    /// Set by a successful stop of all services; refuses most calls.
    stop_service: bool,
    /// Which stop-service bits are in effect (STOPPED_ALL, background tasks, quiesce).
    stopped: u32,
    checkpoint_quiesce: bool,
    logging_stopped: bool,
    unavailable: Option<JetError>,
    backup_allowed: bool,
    pub(crate) backup: BackupState,
    /// API calls (instance or session) currently inside the engine.
    active_calls: usize,
    pub(crate) sessions: Vec<Arc<Session>>,
    /// JET_paramUnicodeIndexDefault of this instance: (lcid, LCMapString flags).
    pub(crate) unicode_index_default: (u32, u32),
}

/// `Instance::gate` bits: what makes a session call take the slow enter path.
const GATE_STOPPED: u32 = 1;
const GATE_UNAVAILABLE: u32 = 2;
/// The lifecycle is not Running.
const GATE_NOT_RUNNING: u32 = 4;
/// JetTerm is running: a session call that ends must wake it.
const GATE_TERMINATING: u32 = 8;

fn gate_of(s: &InstanceState) -> u32 {
    let mut g = 0;
    if s.stop_service {
        g |= GATE_STOPPED;
    }
    if s.unavailable.is_some() {
        g |= GATE_UNAVAILABLE;
    }
    match s.lifecycle {
        Lifecycle::Running => {}
        Lifecycle::Terminating => g |= GATE_NOT_RUNNING | GATE_TERMINATING,
        _ => g |= GATE_NOT_RUNNING,
    }
    g
}

/// An engine instance.
pub struct Instance {
    /// The storage engine while initialized (log, version store, databases).
    engine: parking_lot::RwLock<Option<Arc<super::engine::Engine>>>,
    serial: u64,
    name: Option<String>,
    display_name: Option<String>,
    state: Mutex<InstanceState>,
    /// A summary of `state` for the per-call check of session calls (which
    /// take no lock): `GATE_*` bits, 0 when a call may simply go in. Every
    /// unlock of `state` (`StateGuard`) brings it up to date.
    gate: Gate,
    /// Signalled when `active_calls` drops to zero, or a busy session goes
    /// idle while JetTerm waits.
    idle: Condvar,
}

/// `Instance::gate`, alone on its cache line: every session call of every
/// thread reads it, and nothing else near it may be written often.
#[repr(align(64))]
struct Gate(AtomicU32);

/// The instance state, locked; unlocking it publishes the state's `gate`.
pub(crate) struct StateGuard<'a> {
    guard: MutexGuard<'a, InstanceState>,
    gate: &'a AtomicU32,
}

impl std::ops::Deref for StateGuard<'_> {
    type Target = InstanceState;
    fn deref(&self) -> &InstanceState {
        &self.guard
    }
}

impl std::ops::DerefMut for StateGuard<'_> {
    fn deref_mut(&mut self) -> &mut InstanceState {
        &mut self.guard
    }
}

impl StateGuard<'_> {
    /// Publish the gate now (before the unlock).
    fn publish(&self) {
        // stored only when it changes: the line stays shared by every core
        let g = gate_of(&self.guard);
        if self.gate.load(Ordering::Relaxed) != g {
            self.gate.store(g, Ordering::SeqCst);
        }
    }
}

impl Drop for StateGuard<'_> {
    fn drop(&mut self) {
        self.publish();
    }
}

/// A call in progress on an instance; dropping it leaves the instance.
pub struct InstanceCall {
    instance: Arc<Instance>,
}

impl InstanceCall {
    pub fn instance(&self) -> &Arc<Instance> {
        &self.instance
    }
}

impl Drop for InstanceCall {
    fn drop(&mut self) {
        self.instance.leave();
    }
}

impl std::fmt::Debug for Instance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Instance").field("serial", &self.serial).field("name", &self.name).finish()
    }
}

impl Instance {
    pub(crate) fn new(serial: u64, name: Option<String>, display_name: Option<String>, params: ParamSet) -> Arc<Self> {
        Arc::new(Instance {
            engine: parking_lot::RwLock::new(None),
            serial,
            name,
            display_name,
            state: Mutex::new(InstanceState {
                lifecycle: Lifecycle::Created,
                params,
                stop_service: false,
                stopped: 0,
                checkpoint_quiesce: false,
                logging_stopped: false,
                unavailable: None,
                backup_allowed: false,
                backup: BackupState::None,
                active_calls: 0,
                sessions: Vec::new(),
                unicode_index_default: DEFAULT_UNICODE_INDEX,
            }),
            gate: Gate(AtomicU32::new(GATE_NOT_RUNNING)),
            idle: Condvar::new(),
        })
    }

    /// A number unique to this instance for the life of the process.
    pub fn serial(&self) -> u64 {
        self.serial
    }

    /// The name given to JetCreateInstance (None for the implicit instance).
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The display name given to JetCreateInstance2.
    pub fn display_name(&self) -> Option<&str> {
        self.display_name.as_deref()
    }

    pub(crate) fn lock(&self) -> StateGuard<'_> {
        StateGuard { guard: self.state.lock(), gate: &self.gate.0 }
    }

    /// The lock-free check of a session call: running, available and (unless
    /// `ignore_stop`) not stopped. False sends the call to the exact checks.
    #[inline]
    pub(crate) fn gate_allows(&self, ignore_stop: bool) -> bool {
        let g = self.gate.0.load(Ordering::SeqCst);
        let g = if ignore_stop { g & !GATE_STOPPED } else { g };
        g == 0
    }

    /// A session went idle: wake JetTerm if it waits for that.
    #[inline]
    pub(crate) fn left_session_call(&self) {
        if self.gate.0.load(Ordering::SeqCst) & GATE_TERMINATING != 0 {
            self.wake_term();
        }
    }

    #[cold]
    fn wake_term(&self) {
        let _s = self.state.lock();
        self.idle.notify_all();
    }

    pub fn lifecycle(&self) -> Lifecycle {
        self.lock().lifecycle
    }

    /// True once the instance is terminated or freed: its handle must go.
    pub fn is_gone(&self) -> bool {
        self.lifecycle() == Lifecycle::Terminated
    }

    /// Initialized (running, possibly stopped or terminating): the state in
    /// which parameters fixed after instance init may no longer change.
    pub fn is_initialized(&self) -> bool {
        matches!(self.lifecycle(), Lifecycle::Running | Lifecycle::Terminating)
    }

    /// A copy of one parameter value of this instance (for engine code).
    pub fn param_int(&self, id: u32) -> u64 {
        self.lock().params.int(id)
    }

    pub fn param_text(&self, id: u32) -> String {
        self.lock().params.text(id).to_string()
    }

    /// The error calls get once the instance is unavailable, if it is.
    pub fn unavailable(&self) -> Option<JetError> {
        self.lock().unavailable
    }

    /// A fatal error (a panic inside a call, a failed log write): revoke access.
    /// Only the first reason is kept.
    pub fn mark_unavailable(&self, err: JetError) {
        let mut s = self.lock();
        if s.unavailable.is_none() {
            s.unavailable = Some(match err {
                JetError::LogDiskFull => JetError::InstanceUnavailableDueToFatalLogDiskFull,
                _ => JetError::InstanceUnavailable,
            });
        }
    }

    /// Whether JetStopServiceInstance(2) with "all" has succeeded.
    pub fn service_stopped(&self) -> bool {
        self.lock().stop_service
    }

    /// The stop-service bits in effect.
    pub fn stopped_grbits(&self) -> u32 {
        self.lock().stopped
    }

    /// Whether JET_bitStopServiceQuiesceCaches is in effect (the checkpoint
    /// should be driven to empty).
    pub fn checkpoint_quiesce(&self) -> bool {
        self.lock().checkpoint_quiesce
    }

    /// The sessions currently begun on this instance.
    pub fn sessions(&self) -> Vec<Arc<Session>> {
        self.lock().sessions.clone()
    }

    /// The per-call enter check of an instance-level call (ESE's ErrAPIEnter and
    /// ErrAPIEnterWithoutInit). On success the call counts as in progress until
    /// the returned token is dropped.
    pub fn enter(self: &Arc<Self>, how: Enter) -> JetResult<InstanceCall> {
        let mut s = self.lock();
        check_enter(&s, how)?;
        s.active_calls += 1;
        Ok(InstanceCall { instance: self.clone() })
    }

    pub(crate) fn leave(&self) {
        let mut s = self.lock();
        s.active_calls -= 1;
        if s.active_calls == 0 {
            self.idle.notify_all();
        }
    }

    // ----- lifecycle -------------------------------------------------------

    /// JetInit on this instance. `system` has already found or created it.
    pub(crate) fn initialize(self: &Arc<Self>, grbit: JET_GRBIT) -> JetResult<()> {
        {
            let mut s = self.lock();
            match s.lifecycle {
                Lifecycle::Created => {}
                Lifecycle::Running | Lifecycle::Terminating => return Err(JetError::AlreadyInitialized),
                Lifecycle::Initializing => return Err(JetError::InitInProgress),
                Lifecycle::Restoring => return Err(JetError::RestoreInProgress),
                Lifecycle::Terminated => return Err(JetError::NotInitialized),
            }
            s.lifecycle = Lifecycle::Initializing;
        }
        let r = self.start_storage(grbit);
        let mut s = self.lock();
        match r {
            Ok(()) => {
                s.lifecycle = Lifecycle::Running;
                s.backup_allowed = true;
                Ok(())
            }
            Err(e) => {
                // as in ESE, an instance whose init failed is freed
                s.lifecycle = Lifecycle::Terminated;
                Err(e)
            }
        }
    }

    /// The storage engine (JET_errNotInitialized before JetInit and after JetTerm).
    pub fn engine(&self) -> JetResult<Arc<super::engine::Engine>> {
        self.engine.read().clone().ok_or(JetError::NotInitialized)
    }

    /// JetInit's storage work: open the log and recover (see `Engine::start`).
    fn start_storage(&self, grbit: JET_GRBIT) -> JetResult<()> {
        let _ = grbit;
        let engine = super::engine::Engine::start(self)?;
        *self.engine.write() = Some(engine);
        Ok(())
    }

    /// JetTerm's storage work: roll back what sessions left open, detach and
    /// flush every database, close the log (`kind` says how much).
    fn stop_storage(&self, kind: TermKind) -> JetResult<()> {
        let Some(engine) = self.engine.read().clone() else { return Ok(()) };
        for ses in self.sessions() {
            super::txn::rollback_all(&engine, &mut ses.txn());
        }
        let r = engine.stop(kind);
        if r.is_ok() || kind == TermKind::Dirty {
            *self.engine.write() = None;
        }
        r
    }

    /// Hook: stop writing the log and emit its last part (JET_bitStopServiceStopAndEmitLog).
    fn stop_and_emit_log(&self) -> JetResult<()> {
        Ok(())
    }

    /// JetTerm / JetTerm2 on an instance `system` found. On success (and on
    /// JET_errDirtyShutdown, which still terminates) the instance is gone and
    /// its sessions are ended; on any other error nothing changed.
    /// Returns whether the instance was actually running (false: it was only
    /// created, and has simply been freed).
    pub(crate) fn terminate(self: &Arc<Self>, grbit: JET_GRBIT) -> JetResult<bool> {
        let mut s = self.lock();
        match s.lifecycle {
            Lifecycle::Created => {
                s.lifecycle = Lifecycle::Terminated;
                return Ok(false);
            }
            Lifecycle::Running => {}
            Lifecycle::Terminating => return Err(JetError::TermInProgress),
            Lifecycle::Restoring => return Err(JetError::RestoreInProgress),
            Lifecycle::Initializing | Lifecycle::Terminated => return Err(JetError::NotInitialized),
        }
        s.lifecycle = Lifecycle::Terminating;
        // calls already inside the engine finish first; new ones see
        // TermInProgress. A session call is in progress while its session is
        // busy: the gate goes out before `busy` is looked at (see
        // `Session::try_enter`); the timeout only guards against a missed wake.
        s.publish();
        while s.active_calls > 0 || s.sessions.iter().any(|x| x.is_busy()) {
            self.idle.wait_for(&mut s.guard, Duration::from_millis(20));
        }
        if grbit & (JET_bitTermStopBackup | JET_bitTermAbrupt) != 0 {
            // as JetStopBackup: if the termination fails below, the backup
            // stays stopped (its calls see JET_errBackupAbortByServer)
            s.backup.stop();
        }
        let kind = if s.unavailable.is_some() || grbit & JET_bitTermDirty != 0 {
            TermKind::Dirty
        } else if grbit & JET_bitTermAbrupt != 0 {
            TermKind::Abrupt
        } else {
            TermKind::Clean
        };
        if kind != TermKind::Dirty {
            if matches!(s.backup, BackupState::InProgress { .. }) {
                s.lifecycle = Lifecycle::Running;
                return Err(JetError::BackupInProgress);
            }
            if s.sessions.iter().any(|ses| ses.transaction_level() > 0) {
                s.lifecycle = Lifecycle::Running;
                return Err(JetError::TooManyActiveUsers);
            }
        }
        drop(s);
        let storage = self.stop_storage(kind);
        let mut s = self.lock();
        if let Err(e) = storage
            && kind != TermKind::Dirty
        {
            s.lifecycle = Lifecycle::Running;
            return Err(e);
        }
        // past the point of no return
        s.backup.abort_for_term();
        s.backup_allowed = false;
        let sessions = std::mem::take(&mut s.sessions);
        s.lifecycle = Lifecycle::Terminated;
        drop(s);
        for ses in sessions {
            ses.force_end();
        }
        if kind == TermKind::Dirty && grbit & JET_bitTermDirty != 0 {
            return Err(JetError::DirtyShutdown);
        }
        Ok(true)
    }

    /// JetStopServiceInstance(2). Nothing changes on failure.
    pub fn stop_service(&self, grbit: JET_GRBIT) -> JetResult<()> {
        let mut s = self.lock();
        if s.lifecycle != Lifecycle::Running {
            return Err(JetError::InvalidParameter);
        }
        let resumable = JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches;
        let valid = resumable | STOP_SERVICE_STOP_AND_EMIT_LOG | JET_bitStopServiceResume;
        if grbit & !valid != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if grbit & JET_bitStopServiceResume != 0 {
            let bits = if grbit & !JET_bitStopServiceResume != 0 { grbit & !JET_bitStopServiceResume } else { s.stopped };
            if bits & !resumable & valid != 0 {
                return Err(JetError::InvalidGrbit);
            }
            if bits & !resumable != 0 {
                // a stop of all services cannot be undone
                return Err(JetError::ClientRequestToStopJetService);
            }
            if bits & JET_bitStopServiceQuiesceCaches != 0 {
                s.checkpoint_quiesce = false;
                s.stopped &= !JET_bitStopServiceQuiesceCaches;
            }
            if bits & JET_bitStopServiceBackgroundUserTasks != 0 {
                s.stopped &= !JET_bitStopServiceBackgroundUserTasks;
            }
            return Ok(());
        }
        if grbit & STOP_SERVICE_STOP_AND_EMIT_LOG != 0 {
            if grbit != STOP_SERVICE_STOP_AND_EMIT_LOG {
                return Err(JetError::InvalidGrbit);
            }
            drop(s);
            self.stop_and_emit_log()?;
            self.lock().logging_stopped = true;
            return Ok(());
        }
        let bits = if grbit == JET_bitStopServiceAll { STOPPED_ALL | resumable } else { grbit };
        if bits & JET_bitStopServiceBackgroundUserTasks != 0 {
            s.stopped |= JET_bitStopServiceBackgroundUserTasks;
        }
        if bits & JET_bitStopServiceQuiesceCaches != 0 {
            s.checkpoint_quiesce = true;
            s.stopped |= JET_bitStopServiceQuiesceCaches;
        }
        if bits & STOPPED_ALL != 0 {
            s.stop_service = true;
            s.stopped |= STOPPED_ALL;
        }
        Ok(())
    }

    /// Whether JET_bitStopServiceStopAndEmitLog has stopped the log.
    pub fn logging_stopped(&self) -> bool {
        self.lock().logging_stopped
    }

    // ----- streaming backup ------------------------------------------------

    /// JetStopBackupInstance: from now on a running streaming backup can only
    /// be ended. The instance must be running.
    pub fn stop_backup(&self) -> JetResult<()> {
        let mut s = self.lock();
        if s.lifecycle != Lifecycle::Running {
            return Err(JetError::InvalidParameter);
        }
        s.backup.stop();
        Ok(())
    }

    /// JetBeginExternalBackupInstance (inside an entered call).
    pub fn begin_external_backup(&self, grbit: JET_GRBIT) -> JetResult<BackupKind> {
        let mut s = self.lock();
        if !s.backup_allowed {
            return Err(JetError::BackupNotAllowedYet);
        }
        if s.params.text(JET_paramRecovery).eq_ignore_ascii_case("off") {
            return Err(JetError::LoggingDisabled);
        }
        if grbit & !JET_bitBackupIncremental != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if grbit & JET_bitBackupIncremental != 0 && s.params.int(JET_paramCircularLog) != 0 {
            return Err(JetError::InvalidBackup);
        }
        s.backup.begin(grbit)
    }

    /// JetEndExternalBackupInstance2 (inside an entered call).
    pub fn end_external_backup(&self, grbit: JET_GRBIT) -> JetResult<EndOutcome> {
        self.lock().backup.end(grbit)
    }

    /// The streaming backup state (for the backup layer and tests).
    pub fn backup_state(&self) -> BackupState {
        self.lock().backup
    }

    /// Run `f` on the backup state under the instance lock (for the backup layer).
    pub fn with_backup<R>(&self, f: impl FnOnce(&mut BackupState) -> R) -> R {
        f(&mut self.lock().backup)
    }

    /// The databases attached to this instance, by file name (JetGetInstanceInfo).
    pub fn attached_databases(&self) -> Vec<String> {
        match self.engine.read().as_ref() {
            Some(e) => e.databases().iter().map(|d| d.path.to_string_lossy().into_owned()).collect(),
            None => Vec::new(),
        }
    }

    /// JetRestoreInstance on this instance: it must be created and not
    /// initialized; until `end_restore` every call on it sees
    /// JET_errRestoreInProgress.
    pub(crate) fn begin_restore(&self) -> JetResult<()> {
        let mut s = self.lock();
        match s.lifecycle {
            Lifecycle::Created => {
                s.lifecycle = Lifecycle::Restoring;
                Ok(())
            }
            Lifecycle::Running | Lifecycle::Terminating => Err(JetError::AfterInitialization),
            Lifecycle::Restoring => Err(JetError::RestoreInProgress),
            Lifecycle::Initializing => Err(JetError::InitInProgress),
            Lifecycle::Terminated => Err(JetError::InvalidInstance),
        }
    }

    /// The restore begun with `begin_restore` is over: the instance may be initialized.
    pub(crate) fn end_restore(&self) {
        let mut s = self.lock();
        if s.lifecycle == Lifecycle::Restoring {
            s.lifecycle = Lifecycle::Created;
        }
    }

    /// Test support: put a created instance in the restoring state (until the
    /// restore work exists) or take it out again.
    #[doc(hidden)]
    pub fn set_restoring_for_test(&self, on: bool) {
        let mut s = self.lock();
        s.lifecycle = if on { Lifecycle::Restoring } else { Lifecycle::Created };
    }

    /// Test support: put a running instance in (or out of) the terminating state.
    #[doc(hidden)]
    pub fn set_terminating_for_test(&self, on: bool) {
        let mut s = self.lock();
        s.lifecycle = if on { Lifecycle::Terminating } else { Lifecycle::Running };
    }
}

/// ESE's default Unicode index: en-US, LCMAP_SORTKEY | NORM_IGNORECASE |
/// NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH.
pub const DEFAULT_UNICODE_INDEX: (u32, u32) = (1033, 0x0003_0401);

/// The checks of an instance-level enter, on a locked state.
pub(crate) fn check_enter(s: &InstanceState, how: Enter) -> JetResult<()> {
    if how == Enter::WithoutInit {
        return match s.lifecycle {
            Lifecycle::Terminating => Err(JetError::TermInProgress),
            Lifecycle::Restoring => Err(JetError::RestoreInProgress),
            Lifecycle::Initializing => Err(JetError::InitInProgress),
            Lifecycle::Terminated => Err(JetError::NotInitialized),
            Lifecycle::Created | Lifecycle::Running => Ok(()),
        };
    }
    if how == Enter::Running && s.stop_service {
        return Err(JetError::ClientRequestToStopJetService);
    }
    if let Some(e) = s.unavailable {
        return Err(e);
    }
    match s.lifecycle {
        Lifecycle::Running => Ok(()),
        Lifecycle::Terminating => Err(JetError::TermInProgress),
        Lifecycle::Restoring => Err(JetError::RestoreInProgress),
        Lifecycle::Created | Lifecycle::Initializing | Lifecycle::Terminated => Err(JetError::NotInitialized),
    }
}
