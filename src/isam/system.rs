//! The process-wide part of the engine: the registry of instances, the
//! single- versus multi-instance mode, and the process-wide parameters.
//!
//! Owns: `RunMode` (ESE's runInstMode), the list of live instances and their
//! limit (JET_paramMaxInstances), the global `ParamSet`, and the rules that
//! decide which scope a JetSetSystemParameter/JetGetSystemParameter call means.
//! Must never: know about handles or C.
//!
//! The mode starts unset. JetInit without an instance makes it "legacy" (one
//! implicit instance, Windows 2000 style); JetCreateInstance or
//! JetEnableMultiInstance makes it "multi". It returns to unset when the last
//! instance goes away.

#![allow(non_upper_case_globals)] // JET_* constants are matched by their C names

use std::sync::{Arc, LazyLock};

use parking_lot::{Mutex, MutexGuard};

use crate::abi::*;
use crate::error::{JetError, JetResult};

use super::instance::{Enter, Instance, Lifecycle};
use super::params::{self, ParamDef, ParamKind, ParamOut, ParamSet, ParamValue, SetScope};
use super::session::Session;

/// ESE's run-instance mode.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum RunMode {
    /// No instance yet (or all gone): global parameters may still change.
    NotSet,
    /// Legacy single-instance mode: JetInit created the one implicit instance.
    Legacy,
    /// Multi-instance mode: instances are created and named explicitly.
    Multi,
}

struct System {
    mode: RunMode,
    max_instances: usize,
    instances: Vec<Arc<Instance>>,
    globals: ParamSet,
    next_serial: u64,
}

static SYSTEM: LazyLock<Mutex<System>> = LazyLock::new(|| {
    Mutex::new(System { mode: RunMode::NotSet, max_instances: 0, instances: Vec::new(), globals: ParamSet::new(), next_serial: 1 })
});

fn sys() -> MutexGuard<'static, System> {
    SYSTEM.lock()
}

impl System {
    fn set_mode(&mut self, mode: RunMode) {
        self.mode = mode;
        self.max_instances = match mode {
            RunMode::NotSet => 0,
            RunMode::Legacy => 1,
            RunMode::Multi => self.globals.int(JET_paramMaxInstances) as usize,
        };
    }

    fn new_instance(&mut self, name: Option<String>, display: Option<String>) -> JetResult<Arc<Instance>> {
        if self.instances.len() >= self.max_instances {
            return Err(JetError::TooManyInstances);
        }
        if self.instances.iter().any(|i| i.name() == name.as_deref()) {
            return Err(JetError::InstanceNameInUse);
        }
        let serial = self.next_serial;
        self.next_serial += 1;
        let inst = Instance::new(serial, name, display, self.globals.clone());
        {
            let mut st = inst.lock();
            st.unicode_index_default = GLOBAL_UNICODE_INDEX.lock().unwrap_or(super::instance::DEFAULT_UNICODE_INDEX);
        }
        self.instances.push(inst.clone());
        Ok(inst)
    }

    fn remove(&mut self, inst: &Arc<Instance>) {
        self.instances.retain(|i| !Arc::ptr_eq(i, inst));
        if self.instances.is_empty() {
            self.set_mode(RunMode::NotSet);
        }
    }

    fn registered(&self, inst: &Arc<Instance>) -> bool {
        self.instances.iter().any(|i| Arc::ptr_eq(i, inst))
    }
}

/// The process-wide JET_paramUnicodeIndexDefault, when set explicitly.
static GLOBAL_UNICODE_INDEX: Mutex<Option<(u32, u32)>> = Mutex::new(None);

/// The current mode.
pub fn run_mode() -> RunMode {
    sys().mode
}

/// Every live instance, in creation order.
pub fn instances() -> Vec<Arc<Instance>> {
    sys().instances.clone()
}

/// A process-wide parameter value (for engine code).
pub fn global_param_int(id: u32) -> u64 {
    sys().globals.int(id)
}

/// JetCreateInstance(2).
pub fn create_instance(name: Option<String>, display_name: Option<String>) -> JetResult<Arc<Instance>> {
    let mut s = sys();
    let was = s.mode;
    match s.mode {
        RunMode::Legacy => return Err(JetError::RunningInOneInstanceMode),
        RunMode::NotSet => s.set_mode(RunMode::Multi),
        RunMode::Multi => {}
    }
    let r = s.new_instance(name, display_name);
    if r.is_err() && s.instances.is_empty() {
        s.set_mode(was);
    }
    r
}

/// What JetInit was given.
#[derive(Clone, Debug)]
pub enum InitTarget {
    /// JetInit(NULL): legacy mode only.
    NoPointer,
    /// JetInit(&inst) with inst 0 or JET_instanceNil: allocate an instance.
    Allocate,
    /// JetInit(&inst) with an instance from JetCreateInstance.
    Existing(Arc<Instance>),
}

/// JetInit, JetInit2, JetInit3. Returns the initialized instance and whether
/// it was allocated by this call (then its handle is returned to the caller).
pub fn init(target: InitTarget, grbit: JET_GRBIT) -> JetResult<(Arc<Instance>, bool)> {
    let (inst, allocated) = {
        let mut s = sys();
        if s.mode == RunMode::Multi && matches!(target, InitTarget::NoPointer) {
            return Err(JetError::RunningInMultiInstanceMode);
        }
        if s.mode == RunMode::Legacy && !s.instances.is_empty() {
            return Err(JetError::AlreadyInitialized);
        }
        if s.mode == RunMode::NotSet {
            s.set_mode(RunMode::Legacy);
        }
        // in legacy mode the caller's handle is ignored (it may be bogus)
        let allocate = !matches!(target, InitTarget::Existing(_)) || s.mode == RunMode::Legacy;
        if allocate {
            match s.new_instance(None, None) {
                Ok(i) => (i, true),
                Err(e) => {
                    if s.instances.is_empty() {
                        s.set_mode(RunMode::NotSet);
                    }
                    return Err(e);
                }
            }
        } else {
            let InitTarget::Existing(i) = target else { unreachable!() };
            if !s.registered(&i) {
                return Err(JetError::InvalidParameter);
            }
            (i, false)
        }
    };
    {
        let s = sys();
        if let Err(e) = check_path_collisions(&s.instances, &inst) {
            if allocated {
                drop(s);
                sys().remove(&inst);
            }
            return Err(e);
        }
    }
    match inst.initialize(grbit) {
        Ok(()) => Ok((inst, allocated)),
        Err(e) => {
            if inst.is_gone() {
                sys().remove(&inst);
            }
            Err(e)
        }
    }
}

/// ESE refuses to initialize an instance whose temporary database, checkpoint
/// (system path) or log files would be those of another initialized instance:
/// JET_errTempPathInUse, JET_errSystemPathInUse, JET_errLogFilePathInUse.
fn check_path_collisions(instances: &[Arc<Instance>], inst: &Arc<Instance>) -> JetResult<()> {
    fn full(p: &str) -> std::path::PathBuf {
        let p = std::path::Path::new(p);
        let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
        // compare without a trailing separator
        std::path::PathBuf::from(abs.to_string_lossy().trim_end_matches('/'))
    }
    let logging = |i: &Instance| !i.param_text(JET_paramRecovery).eq_ignore_ascii_case("off");
    let temp_db = |i: &Instance| i.param_int(JET_paramMaxTemporaryTables) > 0;
    for other in instances {
        if Arc::ptr_eq(other, inst) || !matches!(other.lifecycle(), Lifecycle::Running | Lifecycle::Initializing | Lifecycle::Terminating) {
            continue;
        }
        if temp_db(other) && temp_db(inst) && full(&other.param_text(JET_paramTempPath)) == full(&inst.param_text(JET_paramTempPath)) {
            return Err(JetError::TempPathInUse);
        }
        if logging(other) && logging(inst) {
            if full(&other.param_text(JET_paramSystemPath)) == full(&inst.param_text(JET_paramSystemPath)) {
                return Err(JetError::SystemPathInUse);
            }
            if full(&other.param_text(JET_paramLogFilePath)) == full(&inst.param_text(JET_paramLogFilePath)) {
                return Err(JetError::LogFilePathInUse);
            }
        }
    }
    Ok(())
}

/// ESE's ErrFindPinst: the instance an instance argument means. In legacy mode
/// that is always the implicit instance; otherwise the caller's must be given.
pub fn find(instance: Option<&Arc<Instance>>) -> JetResult<Arc<Instance>> {
    let s = sys();
    match s.mode {
        RunMode::Legacy => s.instances.first().cloned().ok_or(JetError::InvalidParameter),
        RunMode::Multi => match instance {
            Some(i) if s.registered(i) => Ok(i.clone()),
            _ => Err(JetError::InvalidParameter),
        },
        RunMode::NotSet => Err(JetError::InvalidParameter),
    }
}

/// Why an instance-less legacy call has no instance.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum NoLegacyInstance {
    /// No instance exists at all.
    NoInstance,
    /// The process is in multi-instance mode (JET_errRunningInMultiInstanceMode).
    MultiInstance,
}

/// The implicit instance of legacy mode, for the instance-less calls
/// (JetStopService, JetStopBackup, JetEndExternalBackup, ...).
pub fn legacy_instance() -> Result<Arc<Instance>, NoLegacyInstance> {
    let s = sys();
    match s.mode {
        RunMode::Multi => Err(NoLegacyInstance::MultiInstance),
        RunMode::Legacy => s.instances.first().cloned().ok_or(NoLegacyInstance::NoInstance),
        RunMode::NotSet => Err(NoLegacyInstance::NoInstance),
    }
}

/// JetTerm / JetTerm2 on an instance found with `find`. The instance leaves
/// the registry when it is gone, whatever the result.
pub fn terminate(instance: &Arc<Instance>, grbit: JET_GRBIT) -> JetResult<()> {
    let r = instance.terminate(grbit);
    if instance.is_gone() {
        sys().remove(instance);
    }
    r.map(|_| ())
}

/// One parameter of JetEnableMultiInstance.
#[derive(Clone, Debug)]
pub struct MultiParam {
    pub id: u32,
    pub lparam: u64,
    pub text: Option<String>,
}

/// JetEnableMultiInstance. Returns the per-parameter results (in order, as
/// far as they were processed) and the overall result.
pub fn enable_multi_instance(list: &[MultiParam]) -> (Vec<JetResult<()>>, JetResult<()>) {
    let mut s = sys();
    let mut results = Vec::new();
    match s.mode {
        RunMode::Legacy => return (results, Err(JetError::RunningInOneInstanceMode)),
        RunMode::Multi => {
            // already on: succeed only if the caller asks for what is in effect
            let mut named = vec![false; params::PARAM_ID_LIMIT as usize];
            for p in list {
                let Some(d) = params::def(p.id) else {
                    return (results, Err(JetError::InvalidParameter));
                };
                if d.global() && d.fixed_after_global_init() && !s.globals.written(d.id) {
                    results.push(Err(JetError::SystemParameterConflict));
                    return (results, Err(JetError::SystemParameterConflict));
                }
                named[d.id as usize] = true;
                let same = match s.globals.value(d.id) {
                    Some(ParamValue::Str(v)) => p.text.as_deref().unwrap_or("") == v,
                    Some(ParamValue::Int(v)) => {
                        let v = if d.id == JET_paramConfiguration { *v & !(JET_configDefault as u64) } else { *v };
                        v == p.lparam
                    }
                    None => false,
                };
                if !same {
                    results.push(Err(JetError::SystemParameterConflict));
                    return (results, Err(JetError::SystemParameterConflict));
                }
                results.push(Ok(()));
            }
            for d in params::all() {
                if d.global() && d.fixed_after_global_init() && s.globals.written(d.id) && !named[d.id as usize] {
                    return (results, Err(JetError::SystemParameterConflict));
                }
            }
            return (results, Err(JetError::SystemParamsAlreadySet));
        }
        RunMode::NotSet => {}
    }
    for p in list {
        let r = set_in(&mut s, None, None, p.id, p.lparam, p.text.as_deref());
        let failed = r.is_err();
        results.push(r);
        if failed {
            let e = results.last().cloned().unwrap();
            return (results, e);
        }
    }
    s.set_mode(RunMode::Multi);
    (results, Ok(()))
}

/// The scope a system-parameter call addresses (after ESE's rules).
fn param_instance(
    s: &System,
    id: u32,
    instance: Option<&Arc<Instance>>,
    session: Option<&Arc<Session>>,
) -> Option<Arc<Instance>> {
    match s.mode {
        RunMode::Legacy => match params::def(id) {
            Some(d) if !d.global() => s.instances.first().cloned(),
            _ => None,
        },
        RunMode::Multi => {
            if let Some(ses) = session {
                Some(ses.instance().clone())
            } else {
                instance.cloned()
            }
        }
        RunMode::NotSet => None,
    }
}

/// JetSetSystemParameter: `instance` and `session` are the caller's (already
/// validated) handles; `text` is the string argument.
pub fn set_system_parameter(
    instance: Option<&Arc<Instance>>,
    session: Option<&Arc<Session>>,
    id: u32,
    lparam: u64,
    text: Option<&str>,
) -> JetResult<()> {
    let mut s = sys();
    let target = param_instance(&s, id, instance, session);
    let session = if s.mode == RunMode::Legacy && target.is_none() { None } else { session };
    match target {
        None => set_in(&mut s, None, None, id, lparam, text),
        Some(inst) => {
            if s.mode == RunMode::Multi && !s.registered(&inst) {
                return Err(JetError::InvalidInstance);
            }
            let _call = inst.enter(Enter::WithoutInit)?;
            set_in(&mut s, Some(&inst), session, id, lparam, text)
        }
    }
}

/// JetGetSystemParameter.
pub fn get_system_parameter(
    instance: Option<&Arc<Instance>>,
    session: Option<&Arc<Session>>,
    id: u32,
) -> JetResult<ParamOut> {
    let s = sys();
    let target = param_instance(&s, id, instance, session);
    match target {
        None => get_in(&s, None, None, id),
        Some(inst) => {
            if s.mode == RunMode::Multi && !s.registered(&inst) {
                return Err(JetError::InvalidInstance);
            }
            let _call = inst.enter(Enter::WithoutInit)?;
            get_in(&s, Some(&inst), session, id)
        }
    }
}

/// The process-wide (or instance) JET_paramUnicodeIndexDefault: (lcid, map flags).
pub fn get_unicode_index_default(instance: Option<&Arc<Instance>>, session: Option<&Arc<Session>>) -> JetResult<(u32, u32)> {
    let s = sys();
    match param_instance(&s, JET_paramUnicodeIndexDefault, instance, session) {
        Some(inst) => {
            let _call = inst.enter(Enter::WithoutInit)?;
            Ok(inst.lock().unicode_index_default)
        }
        None => Ok(GLOBAL_UNICODE_INDEX.lock().unwrap_or(super::instance::DEFAULT_UNICODE_INDEX)),
    }
}

/// Set JET_paramUnicodeIndexDefault (None: back to the built-in default).
pub fn set_unicode_index_default(
    instance: Option<&Arc<Instance>>,
    session: Option<&Arc<Session>>,
    value: Option<(u32, u32)>,
) -> JetResult<()> {
    let s = sys();
    match param_instance(&s, JET_paramUnicodeIndexDefault, instance, session) {
        Some(inst) => {
            let _call = inst.enter(Enter::WithoutInit)?;
            let mut st = inst.lock();
            if st.lifecycle == Lifecycle::Running || st.lifecycle == Lifecycle::Terminating {
                return Err(JetError::AlreadyInitialized);
            }
            st.unicode_index_default = value.unwrap_or(super::instance::DEFAULT_UNICODE_INDEX);
            Ok(())
        }
        None => {
            *GLOBAL_UNICODE_INDEX.lock() = value;
            Ok(())
        }
    }
}

// Parameters ESE defines but the public header does not.
const PARAM_TRANSACTION_LEVEL: u32 = 38;
const PARAM_RECOVERY_CURRENT_LOGFILE: u32 = 79;
const PARAM_RECORD_SIZE_MOST: u32 = 213;

const COMMIT_FLAGS: u64 = (JET_bitCommitLazyFlush | JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit | 0x10 | 0x20) as u64;

fn set_in(
    s: &mut System,
    inst: Option<&Arc<Instance>>,
    session: Option<&Arc<Session>>,
    id: u32,
    lparam: u64,
    text: Option<&str>,
) -> JetResult<()> {
    let d: &ParamDef = params::def(id).ok_or(JetError::InvalidParameter)?;
    let scope = SetScope {
        global_init_done: s.mode != RunMode::NotSet,
        instance_initialized: inst.is_some_and(|i| i.is_initialized()),
    };
    let use_global = inst.is_none() || d.global();
    let mut inst_state = if use_global { None } else { inst.map(|i| i.lock()) };
    let store: &mut ParamSet = match inst_state.as_mut() {
        Some(st) => &mut st.params,
        None => &mut s.globals,
    };
    if d.advanced() && store.int(JET_paramEnableAdvanced) == 0 {
        // as ESE: advanced parameters are silently ignored unless enabled
        return Ok(());
    }
    if d.kind != ParamKind::Custom {
        return store.set(d, scope, lparam, text);
    }
    match id {
        JET_paramCommitDefault => {
            if lparam & !COMMIT_FLAGS != 0 {
                return Err(JetError::InvalidParameter);
            }
            match (inst, session) {
                (Some(_), Some(ses)) => ses.set_commit_default(lparam as u32),
                _ => store.store(id, ParamValue::Int(lparam)),
            }
            Ok(())
        }
        JET_paramCacheSize => {
            // Hook: the buffer manager resizes its cache here.
            store.store(id, ParamValue::Int(lparam));
            Ok(())
        }
        JET_paramCachedClosedTables => {
            // ESE only applies this to an instance; a process-wide set is a no-op
            if inst.is_some() { store.set(d, scope, lparam, text) } else { Ok(()) }
        }
        JET_paramConfiguration => store.set_configuration(lparam, scope, inst.is_none()),
        JET_paramEnableShrinkDatabase => {
            let valid = JET_bitShrinkDatabaseOn | JET_bitShrinkDatabaseRealtime | 0x8000;
            let g = lparam as u32;
            if lparam > u32::MAX as u64 || g & !valid != 0 || (g & JET_bitShrinkDatabaseOn == 0 && g != 0) {
                return Err(JetError::InvalidGrbit);
            }
            store.set(d, scope, lparam, text)
        }
        // computed or read-only values
        PARAM_TRANSACTION_LEVEL | JET_paramErrorToString | JET_paramKeyMost | PARAM_RECOVERY_CURRENT_LOGFILE | PARAM_RECORD_SIZE_MOST => {
            Err(JetError::InvalidParameter)
        }
        // ESE accepts and ignores these
        121..=123 => Ok(()),
        JET_paramUnicodeIndexDefault => Err(JetError::InvalidParameter), // set through set_unicode_index_default
        _ => store.set(d, scope, lparam, text),
    }
}

fn get_in(s: &System, inst: Option<&Arc<Instance>>, session: Option<&Arc<Session>>, id: u32) -> JetResult<ParamOut> {
    let d: &ParamDef = params::def(id).ok_or(JetError::InvalidParameter)?;
    let use_global = inst.is_none() || d.global();
    let inst_state = if use_global { None } else { inst.map(|i| i.lock()) };
    let store: &ParamSet = match inst_state.as_ref() {
        Some(st) => &st.params,
        None => &s.globals,
    };
    let page = s.globals.int(JET_paramDatabasePageSize);
    match id {
        JET_paramCommitDefault => Ok(ParamOut::Int(match (inst, session) {
            (Some(_), Some(ses)) => ses.commit_default() as u64,
            _ => store.int(id),
        })),
        PARAM_TRANSACTION_LEVEL => match session {
            Some(ses) => Ok(ParamOut::Int(ses.transaction_level() as u64)),
            None => Err(JetError::InvalidParameter),
        },
        JET_paramKeyMost => Ok(ParamOut::Int(params::key_most(page))),
        JET_paramLVChunkSizeMost => Ok(ParamOut::Int(params::lv_chunk_size_most(page))),
        PARAM_RECORD_SIZE_MOST => Ok(ParamOut::Int(params::record_size_most(page))),
        // JET_paramRecoveryCurrentLogfile: Hook: the log reports its generation here.
        PARAM_RECOVERY_CURRENT_LOGFILE => Err(JetError::InvalidParameter),
        121..=123 => Ok(ParamOut::Nothing),
        JET_paramErrorToString | JET_paramUnicodeIndexDefault => Err(JetError::InvalidParameter),
        _ => Ok(store.get(d)),
    }
}

/// Test support: forget every instance and reset the process-wide state, so
/// that unit tests in one process start from scratch.
#[doc(hidden)]
pub fn reset_for_test() {
    let mut s = sys();
    s.instances.clear();
    s.set_mode(RunMode::NotSet);
    s.globals = ParamSet::new();
    *GLOBAL_UNICODE_INDEX.lock() = None;
}
