//! Behaviours of the exported functions that a C program cannot reach on
//! demand yet: an instance caught in the middle of JetTerm or of a restore, a
//! session busy on another thread inside a call, tables (the table work does
//! not exist yet, so a cursor is registered directly), callbacks re-entering,
//! and a panic inside a call. The exports are called as Rust functions, so
//! the code under test is the same as for C.

use std::ffi::c_char;
use std::sync::{Arc, Mutex, MutexGuard};

use esent::abi::*;
use esent::api::backup::*;
use esent::api::ddl::JetCloseTable;
use esent::api::guard::{self, CallbackScope, Ses};
use esent::api::handles::{SESSIONS, TABLES};
use esent::api::instance::*;
use esent::api::session::*;
use esent::api::transaction::JetRollback;
use esent::error::JetResult;
use esent::isam::{Cursor, SessionEnter};

/// The engine is process-wide: the tests of this file run one at a time.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn cstr(s: &str) -> Vec<u8> {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    v
}

/// A scratch folder for an instance's checkpoint, logs and temporary database.
fn scratch(name: &str) -> Vec<u8> {
    let d = std::env::temp_dir().join(format!("esent-api-states-{}-{}", std::process::id(), name));
    std::fs::create_dir_all(&d).unwrap();
    cstr(&format!("{}/", d.display()))
}

fn running(name: &str) -> JET_INSTANCE {
    let mut i: JET_INSTANCE = 0;
    let n = cstr(name);
    assert_eq!(JetCreateInstanceA(&mut i, n.as_ptr() as *const c_char), JET_errSuccess);
    let dir = scratch(name);
    for p in [JET_paramSystemPath, JET_paramLogFilePath] {
        assert_eq!(JetSetSystemParameterA(&mut i, 0, p, 0, dir.as_ptr() as *const c_char), JET_errSuccess);
    }
    let mut tmp = dir.clone();
    tmp.pop();
    tmp.extend_from_slice(b"tmp.edb\0");
    assert_eq!(JetSetSystemParameterA(&mut i, 0, JET_paramTempPath, 0, tmp.as_ptr() as *const c_char), JET_errSuccess);
    assert_eq!(JetInit(&mut i), JET_errSuccess);
    i
}

fn session(i: JET_INSTANCE) -> JET_SESID {
    let mut s: JET_SESID = 0;
    assert_eq!(JetBeginSessionA(i, &mut s, std::ptr::null(), std::ptr::null()), JET_errSuccess);
    s
}

fn instance_of(h: JET_INSTANCE) -> Arc<esent::isam::Instance> {
    esent::api::handles::INSTANCES.get(h).expect("live instance")
}

#[test]
fn term_in_progress_is_reported() {
    let _g = serial();
    let i = running("terminating");
    let s = session(i);
    let mut v = 0u32;
    instance_of(i).set_terminating_for_test(true);
    assert_eq!(JetEndExternalBackupInstance(i), JET_errTermInProgress);
    assert_eq!(JetEndExternalBackupInstance2(i, JET_bitBackupEndAbort), JET_errTermInProgress);
    assert_eq!(JetBeginExternalBackupInstance(i, 0), JET_errTermInProgress);
    assert_eq!(JetGetVersion(s, &mut v), JET_errTermInProgress);
    assert_eq!(JetEndSession(s, 0), JET_errTermInProgress);
    assert_eq!(JetTerm(i), JET_errTermInProgress);
    let mut p: JET_API_PTR = 0;
    assert_eq!(JetGetSystemParameterA(i, 0, JET_paramLogFileSize, &mut p, std::ptr::null_mut(), 0), JET_errTermInProgress);
    instance_of(i).set_terminating_for_test(false);
    assert_eq!(JetEndSession(s, 0), JET_errSuccess);
    assert_eq!(JetTerm(i), JET_errSuccess);
}

#[test]
fn restore_in_progress_is_reported() {
    let _g = serial();
    let mut i: JET_INSTANCE = 0;
    let n = cstr("restoring");
    assert_eq!(JetCreateInstanceA(&mut i, n.as_ptr() as *const c_char), JET_errSuccess);
    instance_of(i).set_restoring_for_test(true);
    assert_eq!(JetEndExternalBackupInstance(i), JET_errRestoreInProgress);
    assert_eq!(JetEndExternalBackupInstance2(i, JET_bitBackupEndNormal), JET_errRestoreInProgress);
    assert_eq!(JetBeginExternalBackupInstance(i, 0), JET_errRestoreInProgress);
    assert_eq!(JetSetSystemParameterA(&mut i, 0, JET_paramLogFileSize, 1024, std::ptr::null()), JET_errRestoreInProgress);
    assert_eq!(JetInit(&mut i), JET_errRestoreInProgress);
    assert_eq!(JetTerm(i), JET_errRestoreInProgress);
    instance_of(i).set_restoring_for_test(false);
    assert_eq!(JetTerm(i), JET_errSuccess);
}

#[test]
fn a_session_busy_on_another_thread() {
    let _g = serial();
    let i = running("busy");
    let s = session(i);
    let ses = SESSIONS.get(s).unwrap();
    // this thread is inside a call with the session
    let call = ses.enter(SessionEnter::normal(false)).unwrap();
    let other = std::thread::spawn(move || {
        let mut v = 0u32;
        (JetGetVersion(s, &mut v), JetEndSession(s, 0), JetRollback(s, 0), JetResetSessionContext(s))
    })
    .join()
    .unwrap();
    assert_eq!(other.0, JET_errSessionSharingViolation);
    assert_eq!(other.1, JET_errSessionInUse);
    assert_eq!(other.2, JET_errSessionSharingViolation);
    assert_eq!(other.3, JET_errSessionSharingViolation);
    // the same thread, outside a callback: also a sharing violation
    let mut v = 0u32;
    assert_eq!(JetGetVersion(s, &mut v), JET_errSessionSharingViolation);
    // inside a callback the session may be used again
    {
        let _cb = CallbackScope::enter();
        assert!(guard::in_callback());
        assert_eq!(JetGetVersion(s, &mut v), JET_errSuccess);
    }
    assert!(!guard::in_callback());
    drop(call);
    assert_eq!(JetGetVersion(s, &mut v), JET_errSuccess);
    // JetTerm waits for calls in progress; with none it proceeds
    assert_eq!(JetTerm(i), JET_errSuccess);
}

#[test]
fn term_waits_for_a_call_in_progress() {
    let _g = serial();
    let i = running("waits");
    let s = session(i);
    let ses = SESSIONS.get(s).unwrap();
    let call = ses.enter(SessionEnter::normal(false)).unwrap();
    let t = std::thread::spawn(move || JetTerm(i));
    // the terminating thread is waiting; new calls see JET_errTermInProgress
    let inst = ses.instance().clone();
    while inst.lifecycle() != esent::isam::Lifecycle::Terminating {
        std::thread::yield_now();
    }
    let mut s2: JET_SESID = 0;
    assert_eq!(JetBeginSessionA(i, &mut s2, std::ptr::null(), std::ptr::null()), JET_errTermInProgress);
    assert_eq!(JetEndExternalBackupInstance(i), JET_errTermInProgress);
    drop(call);
    assert_eq!(t.join().unwrap(), JET_errSuccess);
    let mut v = 0u32;
    assert_eq!(JetGetVersion(s, &mut v), JET_errInvalidSesid);
}

#[test]
fn tables_session_then_table_then_mismatch() {
    let _g = serial();
    let i = running("tables");
    let s1 = session(i);
    let s2 = session(i);
    let ses1 = SESSIONS.get(s1).unwrap();
    let cursor = Arc::new(Cursor::new(ses1.serial()));
    ses1.add_cursor(cursor.clone());
    let t = TABLES.insert(cursor).unwrap();

    let mut ls: JET_LS = 0;
    assert_eq!(JetSetLS(s1, t, 42, 0), JET_errSuccess);
    assert_eq!(JetSetLS(s1, t, 43, 0), JET_errLSAlreadySet);
    assert_eq!(JetGetLS(s1, t, &mut ls, 0), JET_errSuccess);
    assert_eq!(ls, 42);
    assert_eq!(JetGetLS(s1, t, &mut ls, JET_bitLSReset), JET_errSuccess);
    assert_eq!(JetGetLS(s1, t, &mut ls, 0), JET_errLSNotSet);

    // the session is checked first, then the table, then that they belong together
    assert_eq!(JetCloseTable(0x1234, t), JET_errInvalidSesid);
    assert_eq!(JetCloseTable(s1, 0x1234), JET_errInvalidTableId);
    assert_eq!(JetCloseTable(s2, t), JET_errSesidTableIdMismatch);
    assert_eq!(JetSetLS(s2, t, 1, 0), JET_errSesidTableIdMismatch);

    // JetCloseTable is still allowed after stop service
    assert_eq!(JetStopServiceInstance(i), JET_errSuccess);
    assert_eq!(JetGetLS(s1, t, &mut ls, 0), JET_errClientRequestToStopJetService);
    assert_eq!(JetCloseTable(s1, t), JET_errSuccess);
    assert_eq!(JetCloseTable(s1, t), JET_errInvalidTableId);
    assert_eq!(JetTerm(i), JET_errSuccess);
}

#[test]
fn ending_a_session_closes_its_tables() {
    let _g = serial();
    let i = running("closes");
    let s = session(i);
    let ses = SESSIONS.get(s).unwrap();
    let cursor = Arc::new(Cursor::new(ses.serial()));
    ses.add_cursor(cursor.clone());
    let t = TABLES.insert(cursor.clone()).unwrap();
    drop(ses);
    assert_eq!(JetEndSession(s, 0), JET_errSuccess);
    assert!(cursor.is_closed());
    assert!(TABLES.get(t).is_none());
    assert_eq!(JetTerm(i), JET_errSuccess);
}

#[test]
fn a_panic_is_an_internal_error_and_the_instance_becomes_unavailable() {
    let _g = serial();
    let i = running("panics");
    let s = session(i);
    let r = guard::session(s, Ses::Normal, |_| -> JetResult<()> { panic!("engine bug") });
    assert_eq!(r, JET_errInternalError);
    let mut v = 0u32;
    assert_eq!(JetGetVersion(s, &mut v), JET_errInstanceUnavailable);
    let mut s2: JET_SESID = 0;
    assert_eq!(JetBeginSessionA(i, &mut s2, std::ptr::null(), std::ptr::null()), JET_errInstanceUnavailable);
    assert_eq!(JetEndSession(s, 0), JET_errInstanceUnavailable);
    // the session was released even though its call panicked; the instance
    // can still be terminated (dirty, as in ESE)
    assert_eq!(JetTerm(i), JET_errSuccess);
    assert_eq!(guard::call(|| -> JetResult<()> { panic!("no instance") }), JET_errInternalError);
}
