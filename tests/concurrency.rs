//! Isolation and concurrency through the API: write conflicts (immediate, no
//! waiting), repeatable reads through the primary and secondary indexes,
//! transfers between rows on several threads with readers checking the total
//! in their snapshots, the version-store budget and version cleanup.

mod durability_support;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use durability_support::*;
use esent::abi::*;
use esent::api::ddl::*;
use esent::api::instance::JetTerm2;
use esent::api::transaction::JetBeginTransaction2;

struct Setup {
    inst: JET_INSTANCE,
    dir: PathBuf,
    db: PathBuf,
    cols: Cols,
}

impl Setup {
    fn new(name: &str, params: Params) -> Setup {
        let dir = scratch(name);
        let inst = init_instance(&dir, name, &params).expect("JetInit");
        let db = dir.join("test.edb");
        let s = Ses::begin(inst);
        let dbid = s.create_db(&db).expect("create");
        let cols = create_table(s, dbid);
        s.end();
        Setup { inst, dir, db, cols }
    }

    /// A session with the database open and a cursor on the test table.
    fn session(&self) -> (Ses, JET_TABLEID) {
        let s = Ses::begin(self.inst);
        let dbid = s.open_db(&self.db).expect("open db");
        let t = s.open_table(dbid, TABLE).expect("open table");
        (s, t)
    }

    fn dbid(&self, s: Ses) -> JET_DBID {
        s.open_db(&self.db).expect("open db")
    }

    fn engine(&self) -> Arc<esent::isam::engine::Engine> {
        esent::api::guard::instance_arg(self.inst).unwrap().unwrap().engine().unwrap()
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        JetTerm2(self.inst, 0);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn seed(s: Ses, t: JET_TABLEID, cols: &Cols, ids: impl Iterator<Item = u32>, ver: u64) -> Model {
    let mut m = Model::new();
    ok(s.begin_txn(), "begin");
    for id in ids {
        ok(insert_row(s, t, cols, id, ver), "seed insert");
        m.insert(id, ver);
    }
    ok(s.commit(0), "seed commit");
    m
}

#[test]
fn a_second_writer_gets_write_conflict_at_once() {
    let st = Setup::new("conflict", Params::default());
    let cols = st.cols;
    let (s1, t1) = st.session();
    let (s2, t2) = st.session();
    seed(s1, t1, &cols, 1..=6, 1);

    // both sessions run on this one thread: a call that waited for the other
    // session would never return
    ok(s1.begin_txn(), "s1 begin");
    ok(replace_row(s1, t1, &cols, 1, 10), "s1 replaces row 1");
    ok(s2.begin_txn(), "s2 begin");
    ok(seek_row(s2, t2, 1), "s2 seeks row 1");
    assert_eq!(s2.prepare(t2, JET_prepReplace), JET_errWriteConflict);
    assert_eq!(s2.delete(t2), JET_errWriteConflict);
    // another row is free, and then s1 conflicts on it
    ok(replace_row(s2, t2, &cols, 2, 20), "s2 replaces row 2");
    assert_eq!(replace_row(s1, t1, &cols, 2, 11), JET_errWriteConflict);
    assert_eq!(delete_row(s1, t1, 2), JET_errWriteConflict);
    // s2 still sees row 1 as it was at its begin, and may not write it even
    // after s1 commits: the commit came after s2's snapshot
    ok(s1.commit(0), "s1 commit");
    ok(seek_row(s2, t2, 1), "s2 seeks row 1 again");
    assert_eq!(s2.get(t2, cols.ver, 0).unwrap(), Some(1u64.to_le_bytes().to_vec()));
    assert_eq!(s2.prepare(t2, JET_prepReplace), JET_errWriteConflict);
    ok(s2.rollback(), "s2 rollback");
    ok(s2.begin_txn(), "s2 begin again");
    ok(replace_row(s2, t2, &cols, 1, 21), "a new transaction may write row 1");
    ok(s2.commit(0), "s2 commit");

    // a prepared replace locks the record until the transaction ends, even if cancelled
    ok(s1.begin_txn(), "s1 begin");
    ok(seek_row(s1, t1, 3), "seek 3");
    ok(s1.prepare(t1, JET_prepReplace), "prepare replace 3");
    ok(s1.prepare(t1, JET_prepCancel), "cancel");
    ok(s2.begin_txn(), "s2 begin");
    assert_eq!(replace_row(s2, t2, &cols, 3, 30), JET_errWriteConflict);
    ok(s1.rollback(), "s1 rollback");
    ok(s2.rollback(), "s2 rollback");
    ok(s2.begin_txn(), "s2 begin");
    ok(replace_row(s2, t2, &cols, 3, 31), "row 3 is free once s1 ended");
    ok(s2.commit(0), "s2 commit");

    // a nested level that rolls back releases the locks it took
    ok(s1.begin_txn(), "s1 begin");
    ok(replace_row(s1, t1, &cols, 5, 50), "s1 replaces 5 at level 1");
    ok(s1.begin_txn(), "s1 level 2");
    ok(replace_row(s1, t1, &cols, 4, 40), "s1 replaces 4 at level 2");
    ok(s1.rollback(), "s1 rolls back level 2");
    ok(s2.begin_txn(), "s2 begin");
    ok(replace_row(s2, t2, &cols, 4, 41), "row 4 is free again");
    assert_eq!(replace_row(s2, t2, &cols, 5, 51), JET_errWriteConflict, "row 5 is still s1's");
    ok(s2.commit(0), "s2 commit");
    ok(s1.commit(0), "s1 commit");

    // two inserts of one key: the second is a duplicate (ESE never reports a conflict on insert)
    ok(s1.begin_txn(), "s1 begin");
    ok(s2.begin_txn(), "s2 begin");
    ok(insert_row(s1, t1, &cols, 100, 60), "s1 inserts 100");
    assert_eq!(insert_row(s2, t2, &cols, 100, 61), JET_errKeyDuplicate);
    ok(s1.commit(0), "s1 commit");
    ok(s2.rollback(), "s2 rollback");

    let dbid = st.dbid(s1);
    let rows = read_and_check(s1, dbid, &cols).unwrap();
    let want: Model = [(1, 21), (2, 1), (3, 31), (4, 41), (5, 50), (6, 1), (100, 60)].into_iter().collect();
    assert_eq!(rows, want);
    s1.end();
    s2.end();
    assert_eq!(st.engine().versions.active_count(), 0);
}

#[test]
fn a_snapshot_does_not_change_while_others_commit() {
    let st = Setup::new("snapshot", Params::default());
    let cols = st.cols;
    let (reader, rt) = st.session();
    let (writer, wt) = st.session();
    let mut model = seed(writer, wt, &cols, 1..=30, 1);
    let rdb = st.dbid(reader);

    ok(reader.begin_txn(), "reader begin");
    let before = read_and_check(reader, rdb, &cols).unwrap();
    assert_eq!(before, model);
    let group = |s: Ses, t: JET_TABLEID, g: i32| -> Vec<u32> {
        ok(s.set_index(t, Some("grp")), "grp index");
        let mut out = Vec::new();
        if s.seek_eq(t, &g.to_le_bytes()) >= 0 {
            loop {
                let b = s.get(t, cols.grp, 0).unwrap().unwrap();
                if i32::from_le_bytes(b[..4].try_into().unwrap()) != g {
                    break;
                }
                let id = s.get(t, cols.id, 0).unwrap().unwrap();
                out.push(i32::from_le_bytes(id[..4].try_into().unwrap()) as u32);
                if s.move_to(t, JET_MoveNext) < 0 {
                    break;
                }
            }
        }
        ok(s.set_index(t, None), "primary index");
        out
    };
    let groups_before: Vec<Vec<u32>> = (0..13).map(|g| group(reader, rt, g)).collect();
    assert!(groups_before.iter().map(|g| g.len()).sum::<usize>() == 30);

    // the writer changes the index keys of some rows, deletes, inserts, in
    // transactions and one implicit update
    let mut r = Rng(7);
    for round in 0..5u64 {
        ok(writer.begin_txn(), "writer begin");
        let ops = random_ops(&mut r, &mut model, 40, 6, 100 + round);
        for op in &ops {
            ok(perform(writer, wt, &cols, 100 + round, *op), "writer op");
        }
        ok(writer.commit(if round % 2 == 0 { JET_bitCommitLazyFlush } else { 0 }), "writer commit");
        // the reader sees its snapshot after every commit
        assert_eq!(read_and_check(reader, rdb, &cols).unwrap(), before, "after writer round {round}");
    }
    if !model.contains_key(&39) {
        ok(insert_row(writer, wt, &cols, 39, 200), "implicit insert");
        model.insert(39, 200);
    } else {
        ok(replace_row(writer, wt, &cols, 39, 200), "implicit replace");
        model.insert(39, 200);
    }
    assert_ne!(model, before);
    assert!(st.engine().versions.versioned_entries() > 0, "the reader's snapshot needs versions");
    assert_eq!(read_and_check(reader, rdb, &cols).unwrap(), before);
    let groups_during: Vec<Vec<u32>> = (0..13).map(|g| group(reader, rt, g)).collect();
    assert_eq!(groups_during, groups_before);
    // a session outside any transaction sees the latest state
    let (other, _) = st.session();
    let odb = st.dbid(other);
    assert_eq!(read_and_check(other, odb, &cols).unwrap(), model);
    ok(reader.commit(0), "reader commit");
    // the snapshot is gone: its versions too
    assert_eq!(st.engine().versions.versioned_entries(), 0);
    assert_eq!(read_and_check(reader, rdb, &cols).unwrap(), model);
    reader.end();
    writer.end();
    other.end();
}

/// Accounts: id (primary), balance (with a non-unique index on it).
fn create_accounts(s: Ses, dbid: JET_DBID, n: u32, each: i64) -> (JET_COLUMNID, JET_COLUMNID) {
    ok(s.begin_txn(), "begin");
    let name = c("acct");
    let mut t: JET_TABLEID = 0;
    ok(JetCreateTableA(s.0, dbid, name.as_ptr(), 4, 80, &mut t), "create acct");
    let mut ids = [0; 2];
    for (i, (n, typ)) in [("id", JET_coltypLong), ("bal", JET_coltypLongLong)].into_iter().enumerate() {
        let def = JET_COLUMNDEF { cbStruct: std::mem::size_of::<JET_COLUMNDEF>() as u32, columnid: 0, coltyp: typ, wCountry: 0, langid: 0, cp: 0, wCollate: 0, cbMax: 0, grbit: 0 };
        let n = c(n);
        ok(JetAddColumnA(s.0, t, n.as_ptr(), &def, std::ptr::null(), 0, &mut ids[i]), "add column");
    }
    for (n, grbit, key) in [("pk", JET_bitIndexPrimary, "+id\0\0"), ("bal", 0, "+bal\0\0")] {
        let n = c(n);
        ok(JetCreateIndexA(s.0, t, n.as_ptr(), grbit, key.as_ptr() as *const std::ffi::c_char, key.len() as u32, 90), "create index");
    }
    for id in 0..n {
        ok(s.prepare(t, JET_prepInsert), "prepare");
        ok(s.set(t, ids[0], &(id as i32).to_le_bytes()), "set id");
        ok(s.set(t, ids[1], &each.to_le_bytes()), "set bal");
        ok(s.update(t), "insert account");
    }
    s.close_table(t);
    ok(s.commit(0), "commit accounts");
    (ids[0], ids[1])
}

fn balance(s: Ses, t: JET_TABLEID, bal: JET_COLUMNID) -> Result<i64, JET_ERR> {
    let b = s.get(t, bal, 0)?.ok_or(JET_errInternalError)?;
    Ok(i64::from_le_bytes(b[..8].try_into().unwrap()))
}

/// Sum of all balances in the session's view, and a check that the balance
/// index holds exactly one entry per account with the account's balance.
fn total(s: Ses, t: JET_TABLEID, id: JET_COLUMNID, bal: JET_COLUMNID) -> Result<(i64, usize), String> {
    let mut sum = 0;
    let mut rows = std::collections::BTreeMap::new();
    ok(s.set_index(t, None), "primary");
    let mut e = s.move_to(t, JET_MoveFirst);
    while e >= 0 {
        let b = balance(s, t, bal).map_err(|e| format!("balance: {e}"))?;
        let i = s.get(t, id, 0).map_err(|e| format!("id: {e}"))?.unwrap();
        rows.insert(i, b);
        sum += b;
        e = s.move_to(t, JET_MoveNext);
    }
    if e != JET_errNoCurrentRecord {
        return Err(format!("scan: {e}"));
    }
    ok(s.set_index(t, Some("bal")), "bal index");
    let mut n = 0;
    let mut e = s.move_to(t, JET_MoveFirst);
    while e >= 0 {
        let from_index = s.get(t, bal, JET_bitRetrieveFromIndex).map_err(|e| format!("from index: {e}"))?.unwrap();
        let i = s.get(t, id, 0).map_err(|e| format!("id: {e}"))?.unwrap();
        let want = rows.get(&i).ok_or("index entry without a record")?;
        if i64::from_le_bytes(from_index[..8].try_into().unwrap()) != *want {
            return Err(format!("index says {from_index:?}, record {want}"));
        }
        n += 1;
        e = s.move_to(t, JET_MoveNext);
    }
    if e != JET_errNoCurrentRecord {
        return Err(format!("index scan: {e}"));
    }
    ok(s.set_index(t, None), "primary");
    if n != rows.len() {
        return Err(format!("{n} index entries for {} accounts", rows.len()));
    }
    Ok((sum, rows.len()))
}

#[test]
fn transfers_on_many_threads_keep_the_total() {
    const ACCOUNTS: u32 = 10;
    const EACH: i64 = 1000;
    const THREADS: u64 = 4;
    const TXNS: u64 = 300;
    let st = Arc::new(Setup::new("transfers", Params::default()));
    let s = Ses::begin(st.inst);
    let dbid = st.dbid(s);
    let (idc, balc) = create_accounts(s, dbid, ACCOUNTS, EACH);
    s.end();
    let conflicts = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let snapshots = Arc::new(AtomicU64::new(0));
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Result<(), String>>();
    let mut handles = Vec::new();
    for th in 0..THREADS {
        let st = st.clone();
        let conflicts = conflicts.clone();
        let done = done_tx.clone();
        handles.push(std::thread::spawn(move || {
            let s = Ses::begin(st.inst);
            let dbid = st.dbid(s);
            let t = s.open_table(dbid, "acct").unwrap();
            let mut r = Rng(th + 1);
            let result = (|| -> Result<(), String> {
                for n in 0..TXNS {
                    let a = r.below(ACCOUNTS as u64) as i32;
                    let mut b = r.below(ACCOUNTS as u64 - 1) as i32;
                    if b >= a {
                        b += 1;
                    }
                    let amount = 1 + r.below(50) as i64;
                    let lazy = n % 3 == 0;
                    let mut tries = 0;
                    loop {
                        tries += 1;
                        if tries > 10_000 {
                            return Err("a transfer never got through".into());
                        }
                        ok(s.begin_txn(), "begin");
                        let step = |id: i32, delta: i64| -> JET_ERR {
                            let e = s.seek_eq(t, &id.to_le_bytes());
                            if e < 0 {
                                return e;
                            }
                            let e = s.prepare(t, JET_prepReplace);
                            if e < 0 {
                                return e;
                            }
                            let v = match balance(s, t, balc) {
                                Ok(v) => v,
                                Err(e) => return e,
                            };
                            let e = s.set(t, balc, &(v + delta).to_le_bytes());
                            if e < 0 {
                                return e;
                            }
                            s.update(t)
                        };
                        let mut e = step(a, -amount);
                        if e >= 0 {
                            e = step(b, amount);
                        }
                        if e == JET_errWriteConflict {
                            let _ = s.prepare(t, JET_prepCancel);
                            ok(s.rollback(), "rollback after a conflict");
                            conflicts.fetch_add(1, Ordering::Relaxed);
                            std::thread::yield_now();
                            continue;
                        }
                        if e < 0 {
                            return Err(format!("transfer: {e}"));
                        }
                        let e = s.commit(if lazy { JET_bitCommitLazyFlush } else { 0 });
                        if e < 0 {
                            return Err(format!("commit: {e}"));
                        }
                        break;
                    }
                }
                Ok(())
            })();
            s.end();
            let _ = done.send(result);
        }));
    }
    // readers: every snapshot sums to the same total, with the index in agreement
    for rd in 0..2 {
        let st = st.clone();
        let stop = stop.clone();
        let snapshots = snapshots.clone();
        let done = done_tx.clone();
        handles.push(std::thread::spawn(move || {
            let s = Ses::begin(st.inst);
            let dbid = st.dbid(s);
            let t = s.open_table(dbid, "acct").unwrap();
            let result = (|| -> Result<(), String> {
                while !stop.load(Ordering::Relaxed) {
                    let e = if rd == 0 { s.begin_txn() } else { JetBeginTransaction2(s.0, JET_bitTransactionReadOnly) };
                    ok(e, "reader begin");
                    let (sum, n) = total(s, t, idc, balc)?;
                    if sum != ACCOUNTS as i64 * EACH || n != ACCOUNTS as usize {
                        return Err(format!("a snapshot saw {n} accounts summing to {sum}"));
                    }
                    ok(s.commit(0), "reader commit");
                    snapshots.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })();
            s.end();
            let _ = done.send(result);
        }));
    }
    drop(done_tx);
    // the writers first; then stop the readers. A hang (deadlock) fails here.
    for i in 0..THREADS + 2 {
        if i == THREADS {
            stop.store(true, Ordering::Relaxed);
        }
        match done_rx.recv_timeout(Duration::from_secs(300)) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                stop.store(true, Ordering::Relaxed);
                panic!("{e}");
            }
            Err(_) => panic!("no progress for 300 s: deadlock?"),
        }
    }
    for h in handles {
        h.join().unwrap();
    }
    let s = Ses::begin(st.inst);
    let dbid = st.dbid(s);
    let t = s.open_table(dbid, "acct").unwrap();
    let (sum, n) = total(s, t, idc, balc).unwrap();
    assert_eq!((sum, n), (ACCOUNTS as i64 * EACH, ACCOUNTS as usize));
    s.end();
    println!(
        "{} transfers on {THREADS} threads, {} write conflicts retried, {} reader snapshots checked",
        THREADS * TXNS,
        conflicts.load(Ordering::Relaxed),
        snapshots.load(Ordering::Relaxed)
    );
    assert_eq!(st.engine().versions.active_count(), 0);
    assert_eq!(st.engine().versions.versioned_entries(), 0);
}

#[test]
fn the_version_store_budget_is_enforced_and_versions_are_cleaned() {
    // 32 pages of 32 KiB (JET_paramVerPageSize's default): 1 MiB
    let st = Setup::new("budget", Params::default().int(JET_paramMaxVerPages, 32));
    let cols = st.cols;
    let (s, t) = st.session();
    // one transaction too large: about 4 MiB of long values
    ok(s.begin_txn(), "begin");
    let big = vec![7u8; 20_000];
    let mut err = JET_errSuccess;
    for id in 0..200u32 {
        ok(s.prepare(t, JET_prepInsert), "prepare");
        ok(s.set(t, cols.id, &(id as i32).to_le_bytes()), "set id");
        ok(s.set(t, cols.tag, &tag_of(id, 0)), "set tag");
        ok(s.set(t, cols.payload, &big), "set payload");
        let e = s.update(t);
        if e < 0 {
            err = e;
            let _ = s.prepare(t, JET_prepCancel);
            break;
        }
    }
    assert_eq!(err, JET_errVersionStoreOutOfMemory);
    ok(s.rollback(), "rollback");
    // smaller transactions go through
    let mut model = Model::new();
    for round in 0..10u64 {
        ok(s.begin_txn(), "begin");
        for id in round as u32 * 10..round as u32 * 10 + 10 {
            ok(insert_row(s, t, &cols, id, 1), "insert");
            model.insert(id, 1);
        }
        ok(s.commit(0), "commit");
    }
    // an open snapshot keeps before-images; they count against the budget,
    // so replacing rows under it runs out, and ending it frees them
    let (reader, _) = st.session();
    ok(reader.begin_txn(), "reader begin");
    let mut failed_at = None;
    for round in 0..200u64 {
        ok(s.begin_txn(), "begin");
        let mut e = JET_errSuccess;
        for id in 0..100u32 {
            e = replace_row(s, t, &cols, id, 10 + round);
            if e < 0 {
                break;
            }
        }
        if e < 0 {
            assert_eq!(e, JET_errVersionStoreOutOfMemory);
            let _ = s.prepare(t, JET_prepCancel);
            ok(s.rollback(), "rollback");
            failed_at = Some(round);
            break;
        }
        ok(s.commit(0), "commit");
        for id in 0..100u32 {
            model.insert(id, 10 + round);
        }
    }
    assert!(failed_at.is_some(), "an old snapshot never filled the version store");
    assert!(st.engine().versions.versioned_entries() > 0);
    ok(reader.commit(0), "reader ends");
    assert_eq!(st.engine().versions.versioned_entries(), 0);
    ok(s.begin_txn(), "begin");
    for id in 0..100u32 {
        ok(replace_row(s, t, &cols, id, 999), "replace after cleanup");
        model.insert(id, 999);
    }
    ok(s.commit(0), "commit after cleanup");
    let dbid = st.dbid(s);
    assert_eq!(read_and_check(s, dbid, &cols).unwrap(), model);
    reader.end();
    s.end();
}
