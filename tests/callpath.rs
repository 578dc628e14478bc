//! The per-call path under races: handles closed, sessions ended and the
//! instance stopped or terminated on one thread while other threads call the
//! API with them. Every call must give one of the documented errors (never a
//! crash, a hang or a success on a dead handle), and once the closing call
//! returned, every later call must fail.

#![allow(non_upper_case_globals)] // JET_* constants are matched by their C names

mod durability_support;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use durability_support::*;
use esent::abi::*;
use esent::api::ddl::JetCloseTable;
use esent::api::instance::{JetStopServiceInstance, JetTerm};
use esent::api::navigate::JetMove;
use esent::api::retrieve::JetRetrieveColumn;
use esent::api::session::{JetEndSession, JetGetLS};

struct Setup {
    inst: JET_INSTANCE,
    dir: PathBuf,
    db: PathBuf,
    cols: Cols,
    termed: bool,
}

impl Setup {
    fn new(name: &str) -> Setup {
        let dir = scratch(name);
        let inst = init_instance(&dir, name, &Params::default()).expect("JetInit");
        let db = dir.join("test.edb");
        let s = Ses::begin(inst);
        let dbid = s.create_db(&db).expect("create");
        let cols = create_table(s, dbid);
        let t = s.open_table(dbid, TABLE).expect("open");
        ok(s.begin_txn(), "begin");
        for id in 0..20u32 {
            ok(s.prepare(t, JET_prepInsert), "prepare");
            ok(s.set(t, cols.id, &id.to_le_bytes()), "set");
            ok(s.set(t, cols.tag, &id.to_le_bytes()), "set");
            ok(s.update(t), "update");
        }
        ok(s.commit(0), "commit");
        s.close_table(t);
        s.end();
        Setup { inst, dir, db, cols, termed: false }
    }

    fn session(&self) -> (Ses, JET_TABLEID) {
        let s = Ses::begin(self.inst);
        let dbid = s.open_db(&self.db).expect("open db");
        let t = s.open_table(dbid, TABLE).expect("open table");
        (s, t)
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        if !self.termed {
            JetTerm(self.inst);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Wait (a bounded time) until another thread raised `flag`.
fn wait_for(flag: &AtomicBool) {
    let t0 = std::time::Instant::now();
    while !flag.load(Ordering::Acquire) {
        assert!(t0.elapsed().as_secs() < 60, "the other thread never started");
        std::thread::yield_now();
    }
}

/// One cheap table call and one that reads a record.
fn calls(s: Ses, t: JET_TABLEID, col: JET_COLUMNID) -> [JET_ERR; 2] {
    let mut v = [0u8; 4];
    let mut actual = 0u32;
    let m = JetMove(s.0, t, JET_MoveFirst as i32, 0);
    let r = JetRetrieveColumn(s.0, t, col, v.as_mut_ptr().cast(), 4, &mut actual, 0, std::ptr::null_mut());
    [m, r]
}

#[test]
fn a_table_closed_by_another_thread_is_invalid_from_then_on() {
    let st = Setup::new("cp_close");
    let col = st.cols.id;
    for round in 0..30 {
        let (s, t) = st.session();
        let closed = Arc::new(AtomicBool::new(false));
        let started = Arc::new(AtomicBool::new(false));
        let user = {
            let (closed, started) = (closed.clone(), started.clone());
            std::thread::spawn(move || {
                let mut n = 0u64;
                loop {
                    if n == 100 {
                        started.store(true, Ordering::Release);
                    }
                    let after = closed.load(Ordering::Acquire);
                    for e in calls(s, t, col) {
                        match e {
                            JET_errSuccess | JET_errSessionSharingViolation if !after => {}
                            JET_errInvalidTableId => return n,
                            e => panic!("round {round}: call on a table being closed gave {e}"),
                        }
                    }
                    n += 1;
                    if after && n > 1_000_000 {
                        panic!("the closed table still works");
                    }
                }
            })
        };
        wait_for(&started);
        // the closing thread races the user's calls: busy means try again
        loop {
            match JetCloseTable(s.0, t) {
                JET_errSuccess => break,
                JET_errSessionSharingViolation => std::thread::yield_now(),
                e => panic!("JetCloseTable gave {e}"),
            }
        }
        closed.store(true, Ordering::Release);
        user.join().unwrap();
        assert_eq!(calls(s, t, col), [JET_errInvalidTableId; 2]);
        // a new cursor may reuse the slot: the old handle stays invalid
        let dbid = s.open_db(&st.db).unwrap();
        let t2 = s.open_table(dbid, TABLE).unwrap();
        assert_eq!(calls(s, t, col), [JET_errInvalidTableId; 2]);
        assert_eq!(calls(s, t2, col)[0], JET_errSuccess);
        s.end();
    }
}

#[test]
fn a_session_ended_by_another_thread_is_invalid_from_then_on() {
    let st = Setup::new("cp_end");
    let col = st.cols.id;
    for round in 0..30 {
        let (s, t) = st.session();
        let ended = Arc::new(AtomicBool::new(false));
        let started = Arc::new(AtomicBool::new(false));
        let user = {
            let (ended, started) = (ended.clone(), started.clone());
            std::thread::spawn(move || {
                for n in 0u64.. {
                    if n == 100 {
                        started.store(true, Ordering::Release);
                    }
                    let after = ended.load(Ordering::Acquire);
                    for e in calls(s, t, col) {
                        match e {
                            JET_errSuccess | JET_errSessionSharingViolation if !after => {}
                            // the end closes the session's tables first, and
                            // another thread's sweep may drop their handles
                            // before the session's handle goes
                            JET_errInvalidTableId if !after => {}
                            JET_errInvalidSesid => return,
                            e => panic!("round {round}: call on a session being ended gave {e}"),
                        }
                    }
                }
            })
        };
        wait_for(&started);
        loop {
            match JetEndSession(s.0, 0) {
                JET_errSuccess => break,
                JET_errSessionInUse => std::thread::yield_now(),
                e => panic!("JetEndSession gave {e}"),
            }
        }
        ended.store(true, Ordering::Release);
        user.join().unwrap();
        let mut ls: JET_LS = 0;
        assert_eq!(JetGetLS(s.0, t, &mut ls, 0), JET_errInvalidSesid);
    }
}

#[test]
fn forged_and_crossed_handles_fail_cleanly() {
    let st = Setup::new("cp_forged");
    let col = st.cols.id;
    let (s, t) = st.session();
    let (s2, t2) = st.session();
    let mut rng = Rng(0x5eed_cafe);
    for _ in 0..20_000 {
        let forged = match rng.below(4) {
            0 => rng.next(),
            1 => t ^ (1 << (32 + rng.below(32))),
            2 => (t & !0xFF_FFFF) | (rng.below(1 << 24)),
            _ => t + 1 + rng.below(64),
        };
        if forged == t || forged == t2 || forged == s.0 || forged == s2.0 {
            continue;
        }
        assert_eq!(calls(s, forged, col), [JET_errInvalidTableId; 2], "{forged:#x}");
        assert_eq!(calls(Ses(forged), t, col), [JET_errInvalidSesid; 2], "{forged:#x}");
    }
    // a session's handle is not a table's, and tables do not cross sessions
    assert_eq!(calls(s, s.0, col), [JET_errInvalidTableId; 2]);
    assert_eq!(calls(Ses(t), t, col)[0], JET_errInvalidSesid);
    assert_eq!(calls(s, t2, col), [JET_errSesidTableIdMismatch; 2]);
    assert_eq!(calls(s2, t, col), [JET_errSesidTableIdMismatch; 2]);
    assert_eq!(calls(s, t, col), [JET_errSuccess; 2]);
}

#[test]
fn stop_service_and_term_race_calls_on_other_threads() {
    let mut st = Setup::new("cp_term");
    let col = st.cols.id;
    let stopped_seen = Arc::new(AtomicUsize::new(0));
    let users: Vec<_> = (0..3)
        .map(|_| {
            let (s, t) = st.session();
            let stopped_seen = stopped_seen.clone();
            std::thread::spawn(move || {
                let mut saw_stop = false;
                loop {
                    for e in calls(s, t, col) {
                        match e {
                            // a stop cannot be undone: no success after one was seen
                            JET_errSuccess if !saw_stop => {}
                            JET_errClientRequestToStopJetService => {
                                if !saw_stop {
                                    saw_stop = true;
                                    stopped_seen.fetch_add(1, Ordering::AcqRel);
                                }
                            }
                            JET_errTermInProgress | JET_errInvalidSesid if saw_stop => return,
                            e => panic!("call during stop/term gave {e} (stop seen: {saw_stop})"),
                        }
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(JetStopServiceInstance(st.inst), JET_errSuccess);
    // every thread is refused at least once before JetTerm
    let t0 = std::time::Instant::now();
    while stopped_seen.load(Ordering::Acquire) < 3 {
        assert!(t0.elapsed().as_secs() < 60, "a thread never saw the stop");
        std::thread::yield_now();
    }
    assert_eq!(JetTerm(st.inst), JET_errSuccess);
    st.termed = true;
    for u in users {
        u.join().unwrap();
    }
}
