//! Streaming backup against a model: inserts and deletes run between the
//! reads of a database file (chunk sizes and amounts from a seeded PRNG), a
//! full backup then an incremental one are restored with JetExternalRestore,
//! and the restored database must hold exactly the rows the model held when
//! JetGetLogInfo fixed each backup's end, with every B-tree and the space
//! accounting intact (`backup::check::check_database`) and every index
//! agreeing with its table. The exports are called as Rust functions, so the
//! code under test is the same as for C.

use std::collections::BTreeSet;
use std::ffi::{c_char, c_void};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use esent::abi::*;
use esent::api::backup::*;
use esent::api::database::*;
use esent::api::ddl::*;
use esent::api::instance::*;
use esent::api::navigate::*;
use esent::api::retrieve::JetRetrieveColumn;
use esent::api::session::*;
use esent::api::transaction::*;
use esent::api::update::*;

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

/// An index key string: segments, each NUL-terminated, then a final NUL.
fn key(segment: &str) -> Vec<u8> {
    let mut v = cstr(segment);
    v.push(0);
    v
}

fn p(v: &[u8]) -> *const c_char {
    v.as_ptr() as *const c_char
}

/// A fresh scratch folder.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("esent-backup-rs-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn ok(e: JET_ERR) {
    assert_eq!(e, JET_errSuccess);
}

fn instance(name: &str, dir: &Path) -> JET_INSTANCE {
    let mut i: JET_INSTANCE = 0;
    ok(JetCreateInstanceA(&mut i, p(&cstr(name))));
    let d = cstr(&format!("{}/", dir.display()));
    for id in [JET_paramSystemPath, JET_paramLogFilePath] {
        ok(JetSetSystemParameterA(&mut i, 0, id, 0, p(&d)));
    }
    ok(JetSetSystemParameterA(&mut i, 0, JET_paramTempPath, 0, p(&cstr(&format!("{}/tmp.edb", dir.display())))));
    ok(JetSetSystemParameterA(&mut i, 0, JET_paramLogFileSize, 128, std::ptr::null()));
    ok(JetInit(&mut i));
    i
}

/// splitmix64
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Table {
    s: JET_SESID,
    t: JET_TABLEID,
    id: JET_COLUMNID,
    num: JET_COLUMNID,
    text: JET_COLUMNID,
}

impl Table {
    fn create(s: JET_SESID, file: &Path) -> Table {
        let mut db: JET_DBID = 0;
        let f = cstr(&file.display().to_string());
        ok(JetCreateDatabaseA(s, p(&f), std::ptr::null(), &mut db, JET_bitDbOverwriteExisting));
        let mut t: JET_TABLEID = 0;
        ok(JetBeginTransaction(s));
        ok(JetCreateTableA(s, db, p(&cstr("t")), 0, 100, &mut t));
        let mut def: JET_COLUMNDEF = unsafe { std::mem::zeroed() };
        def.cbStruct = std::mem::size_of::<JET_COLUMNDEF>() as u32;
        def.coltyp = JET_coltypLong;
        let (mut id, mut num, mut text) = (0, 0, 0);
        ok(JetAddColumnA(s, t, p(&cstr("id")), &def, std::ptr::null(), 0, &mut id));
        ok(JetAddColumnA(s, t, p(&cstr("num")), &def, std::ptr::null(), 0, &mut num));
        def.coltyp = JET_coltypLongBinary;
        ok(JetAddColumnA(s, t, p(&cstr("text")), &def, std::ptr::null(), 0, &mut text));
        ok(JetCreateIndexA(s, t, p(&cstr("primary")), JET_bitIndexPrimary | JET_bitIndexUnique, p(&key("+id")), 5, 100));
        ok(JetCreateIndexA(s, t, p(&cstr("bynum")), 0, p(&key("+num")), 6, 100));
        ok(JetCommitTransaction(s, 0));
        Table { s, t, id, num, text }
    }

    fn insert(&self, id: i32) {
        let num = id % 101;
        // some values are long enough for the long-value tree
        let len = if id % 5 == 0 { 3000 } else { 16 + (id % 40) as usize };
        let text: Vec<u8> = (0..len).map(|k| (id as usize + k) as u8).collect();
        ok(JetPrepareUpdate(self.s, self.t, JET_prepInsert));
        ok(JetSetColumn(self.s, self.t, self.id, &id as *const i32 as *const c_void, 4, 0, std::ptr::null_mut()));
        ok(JetSetColumn(self.s, self.t, self.num, &num as *const i32 as *const c_void, 4, 0, std::ptr::null_mut()));
        ok(JetSetColumn(self.s, self.t, self.text, text.as_ptr() as *const c_void, len as u32, 0, std::ptr::null_mut()));
        ok(JetUpdate(self.s, self.t, std::ptr::null_mut(), 0, std::ptr::null_mut()));
    }

    fn delete(&self, id: i32) {
        ok(JetMakeKey(self.s, self.t, &id as *const i32 as *const c_void, 4, JET_bitNewKey));
        ok(JetSeek(self.s, self.t, JET_bitSeekEQ));
        ok(JetDelete(self.s, self.t));
    }

    /// Every id, in primary-index order.
    fn ids(&self) -> Vec<i32> {
        let mut out = Vec::new();
        let mut e = JetMove(self.s, self.t, JET_MoveFirst as i32, 0);
        while e == JET_errSuccess {
            let mut v: i32 = 0;
            let mut cb: u32 = 0;
            ok(JetRetrieveColumn(self.s, self.t, self.id, &mut v as *mut i32 as *mut c_void, 4, &mut cb, 0, std::ptr::null_mut()));
            out.push(v);
            e = JetMove(self.s, self.t, JET_MoveNext as i32, 0);
        }
        assert_eq!(e, JET_errNoCurrentRecord);
        out
    }
}

/// Some transactions of inserts and deletes, mirrored in the model.
fn work(tab: &Table, model: &mut BTreeSet<i32>, next: &mut i32, rng: &mut Rng, n: u64) {
    for _ in 0..n {
        ok(JetBeginTransaction(tab.s));
        for _ in 0..1 + rng.below(4) {
            if !model.is_empty() && rng.below(4) == 0 {
                let k = rng.below(model.len() as u64) as usize;
                let id = *model.iter().nth(k).unwrap();
                tab.delete(id);
                model.remove(&id);
            } else {
                tab.insert(*next);
                model.insert(*next);
                *next += 1;
            }
        }
        ok(JetCommitTransaction(tab.s, if rng.below(2) == 0 { JET_bitCommitLazyFlush } else { 0 }));
    }
}

/// A page-aligned buffer.
struct Aligned(Vec<u8>, usize);

impl Aligned {
    fn new(len: usize) -> Aligned {
        let v = vec![0u8; len + 4096];
        let off = (4096 - v.as_ptr() as usize % 4096) % 4096;
        Aligned(v, off)
    }
    fn ptr(&mut self) -> *mut c_void {
        unsafe { self.0.as_mut_ptr().add(self.1) as *mut c_void }
    }
    fn bytes(&self, n: usize) -> &[u8] {
        &self.0[self.1..self.1 + n]
    }
}

/// Read one backup file into `dir`, doing work between the reads.
fn copy(i: JET_INSTANCE, name: &str, dir: &Path, ps: usize, mut between: impl FnMut()) {
    let mut h: JET_HANDLE = 0;
    let (mut lo, mut hi) = (0u32, 0u32);
    ok(JetOpenFileInstanceA(i, p(&cstr(name)), &mut h, &mut lo, &mut hi));
    let mut buf = Aligned::new(64 * ps);
    let mut out = Vec::new();
    let mut first = true;
    let mut rng = Rng(lo as u64);
    loop {
        let pages = if first { 3 + rng.below(20) } else { 1 + rng.below(64) } as usize;
        first = false;
        let mut cb = 0u32;
        ok(JetReadFileInstance(i, h, buf.ptr(), (pages * ps) as u32, &mut cb));
        if cb == 0 {
            break;
        }
        out.extend_from_slice(buf.bytes(cb as usize));
        between();
    }
    assert_eq!(out.len() as u64, ((hi as u64) << 32) | lo as u64);
    ok(JetCloseFileInstance(i, h));
    std::fs::write(dir.join(Path::new(name).file_name().unwrap()), out).unwrap();
}

fn names(buf: &[u8]) -> Vec<String> {
    buf.split(|b| *b == 0).take_while(|s| !s.is_empty()).map(|s| String::from_utf8(s.to_vec()).unwrap()).collect()
}

/// Logs of the running backup into `dir`; returns (genLow, genHigh).
fn copy_logs(i: JET_INSTANCE, dir: &Path, ps: usize) -> (u32, u32) {
    let mut info: JET_LOGINFO_A = unsafe { std::mem::zeroed() };
    info.cbSize = std::mem::size_of::<JET_LOGINFO_A>() as u32;
    let mut cb = 0u32;
    ok(JetGetLogInfoInstance2A(i, std::ptr::null_mut(), 0, &mut cb, &mut info));
    let mut list = vec![0u8; cb as usize];
    ok(JetGetLogInfoInstance2A(i, list.as_mut_ptr() as *mut c_char, cb, &mut cb, std::ptr::null_mut()));
    for n in names(&list) {
        copy(i, &n, dir, ps, || {});
    }
    ok(JetTruncateLogInstance(i));
    ok(JetEndExternalBackupInstance(i));
    (info.ulGenLow, info.ulGenHigh)
}

/// Restore `copy` (a streamed database) with the logs in `logs`, attach it in
/// an instance of its own and return its ids; check its structure first.
fn restore(copy: &Path, logs: &Path, low: u32, high: u32, at: &Path, original: &Path, cols: (u32, u32, u32)) -> Vec<i32> {
    std::fs::create_dir_all(at).unwrap();
    let target = at.join("db.edb");
    std::fs::copy(copy, &target).unwrap();
    let old = cstr(&original.display().to_string());
    let new = cstr(&target.display().to_string());
    let mut map = JET_RSTMAP_A { szDatabaseName: old.as_ptr() as *mut c_char, szNewDatabaseName: new.as_ptr() as *mut c_char };
    let here = cstr(&at.display().to_string());
    let bl = cstr(&logs.display().to_string());
    ok(JetExternalRestoreA(
        here.as_ptr() as *mut c_char,
        here.as_ptr() as *mut c_char,
        &mut map,
        1,
        bl.as_ptr() as *mut c_char,
        low as i32,
        high as i32,
        None,
    ));
    let tables = esent::backup::check::check_database(&target).unwrap();
    let t = tables.iter().find(|t| t.name == "t").unwrap();
    // every index agrees with its table
    assert_eq!(t.indexes, vec![("bynum".to_string(), t.records)]);
    assert!(t.long_values.unwrap_or(0) > 0);
    let name = at.file_name().unwrap().to_string_lossy().into_owned();
    let v = instance(&name, &at.join("inst"));
    let mut s: JET_SESID = 0;
    ok(JetBeginSessionA(v, &mut s, std::ptr::null(), std::ptr::null()));
    ok(JetAttachDatabaseA(s, p(&new), 0));
    let mut db: JET_DBID = 0;
    ok(JetOpenDatabaseA(s, p(&new), std::ptr::null(), &mut db, 0));
    let mut tid: JET_TABLEID = 0;
    ok(JetOpenTableA(s, db, p(&cstr("t")), std::ptr::null(), 0, 0, &mut tid));
    let tab = Table { s, t: tid, id: cols.0, num: cols.1, text: cols.2 };
    let ids = tab.ids();
    assert_eq!(ids.len(), t.records);
    // the secondary index reaches the same rows
    ok(JetSetCurrentIndexA(s, tid, p(&cstr("bynum"))));
    let mut by_num = tab.ids();
    by_num.sort_unstable();
    assert_eq!(by_num, ids);
    ok(JetCloseTable(s, tid));
    ok(JetCloseDatabase(s, db, 0));
    ok(JetDetachDatabaseA(s, p(&new)));
    ok(JetEndSession(s, 0));
    ok(JetTerm(v));
    ids
}

#[test]
fn streamed_backups_restore_to_the_model_at_their_end() {
    let _g = serial();
    for seed in 1..=3u64 {
        let dir = scratch(&format!("model{seed}"));
        let live = dir.join("live");
        let bk = dir.join("bk");
        std::fs::create_dir_all(&bk).unwrap();
        let i = instance(&format!("model{seed}"), &live);
        let mut s: JET_SESID = 0;
        ok(JetBeginSessionA(i, &mut s, std::ptr::null(), std::ptr::null()));
        let file = live.join("db.edb");
        let tab = Table::create(s, &file);
        let mut rng = Rng(seed);
        let mut model = BTreeSet::new();
        let mut next = 0;
        work(&tab, &mut model, &mut next, &mut rng, 300);
        let ps = {
            let mut v: JET_API_PTR = 0;
            ok(JetGetSystemParameterA(0, 0, JET_paramDatabasePageSize, &mut v, std::ptr::null_mut(), 0));
            v as usize
        };

        // full: inserts and deletes between the reads of the database file
        ok(JetBeginExternalBackupInstance(i, 0));
        let mut cb = 0u32;
        let mut list = vec![0u8; 4096];
        ok(JetGetAttachInfoInstanceA(i, list.as_mut_ptr() as *mut c_char, 4096, &mut cb));
        let db_name = names(&list).remove(0);
        {
            let mut r2 = Rng(seed * 77);
            copy(i, &db_name, &bk, ps, || {
                let n = 1 + r2.below(6);
                work(&tab, &mut model, &mut next, &mut r2, n)
            });
        }
        let at_full = model.clone();
        let (low, high) = copy_logs(i, &bk, ps);
        work(&tab, &mut model, &mut next, &mut rng, 200);

        // incremental
        ok(JetBeginExternalBackupInstance(i, JET_bitBackupIncremental));
        let at_inc = model.clone();
        let (_, high2) = copy_logs(i, &bk, ps);
        work(&tab, &mut model, &mut next, &mut rng, 20);
        ok(JetCloseTable(s, tab.t));
        ok(JetEndSession(s, 0));
        ok(JetTerm(i));

        let copy_file = bk.join("db.edb");
        let cols = (tab.id, tab.num, tab.text);
        let got = restore(&copy_file, &bk, low, high, &dir.join("r_full"), &file, cols);
        assert_eq!(got, at_full.iter().copied().collect::<Vec<_>>(), "seed {seed}: full");
        let got = restore(&copy_file, &bk, low, high2, &dir.join("r_inc"), &file, cols);
        assert_eq!(got, at_inc.iter().copied().collect::<Vec<_>>(), "seed {seed}: incremental");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
