//! Damaged database files through the public API (issue 3): a page with one
//! flipped bit is JET_errReadVerifyFailure when it is read, never a crash or
//! wrong data; a truncated file is JET_errFileIOBeyondEOF when a missing page
//! is read (ESE's buffer manager refuses pages past the end of the file), or
//! JET_errDatabaseCorrupted when it ends inside its first header page; a
//! damaged header falls back on its shadow copy; random garbage pages, with
//! bad or with recomputed checksums, never crash or hang the engine: every
//! call returns a JET_err or the right data.
//!
//! Each check attaches a damaged copy read-only in a fresh instance
//! (JET_paramRecovery "Off", nothing else to replay) and walks a table
//! through JetMove and JetRetrieveColumn, every value of every record.

#![allow(non_upper_case_globals)]

mod common;

use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::*;
use esent::abi::*;
use esent::api::database::*;
use esent::api::ddl::*;
use esent::api::instance::*;
use esent::api::navigate::*;
use esent::api::retrieve::*;
use esent::api::session::*;
use esent::api::transaction::*;
use esent::api::update::*;

/// Every value of a record: per column, its values (itagSequence 1..), or None.
type Record = Vec<Option<Vec<Vec<u8>>>>;

/// A database to damage: its file, a table and the columns to read.
struct Fixture {
    db: PathBuf,
    page_size: u32,
    table: String,
    columns: Vec<u32>,
    /// What a scan of the intact file returns.
    records: Vec<Record>,
}

// ---------------------------------------------------------------------------
// Reading a file through the API

/// Where a walk stopped: the call and its error.
#[derive(Debug, Clone, PartialEq)]
struct Failure {
    call: &'static str,
    err: JET_ERR,
}

fn check(call: &'static str, err: JET_ERR) -> Result<(), Failure> {
    if err < 0 { Err(Failure { call, err }) } else { Ok(()) }
}

fn retrieve(s: JET_SESID, t: JET_TABLEID, col: u32, itag: u32) -> Result<Option<Vec<u8>>, Failure> {
    let mut buf = vec![0u8; 512];
    loop {
        let mut actual = 0u32;
        let mut info = JET_RETINFO { cbStruct: std::mem::size_of::<JET_RETINFO>() as u32, ibLongValue: 0, itagSequence: itag, columnidNextTagged: 0 };
        let e = JetRetrieveColumn(s, t, col, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut actual, 0, &mut info);
        match e {
            JET_wrnColumnNull => return Ok(None),
            JET_wrnBufferTruncated if actual as usize > buf.len() => buf.resize(actual as usize, 0),
            e if e >= 0 => {
                buf.truncate(actual as usize);
                return Ok(Some(buf));
            }
            e => return Err(Failure { call: "JetRetrieveColumn", err: e }),
        }
    }
}

/// Walk the table of an attached database.
fn walk(s: JET_SESID, dbid: JET_DBID, table: &str, columns: &[u32]) -> Result<Vec<Record>, Failure> {
    let name = cstr(table);
    let mut t: JET_TABLEID = 0;
    check("JetOpenTable", JetOpenTableA(s, dbid, ptr(&name), std::ptr::null(), 0, JET_bitTableReadOnly, &mut t))?;
    let mut out = Vec::new();
    let r = (|| {
        let mut e = JetMove(s, t, JET_MoveFirst as i32, 0);
        while e == JET_errSuccess {
            let mut rec = Vec::new();
            for &c in columns {
                let mut vals = Vec::new();
                while let Some(v) = retrieve(s, t, c, vals.len() as u32 + 1)? {
                    vals.push(v);
                    if c < 256 {
                        break;
                    }
                }
                rec.push((!vals.is_empty()).then_some(vals));
            }
            out.push(rec);
            e = JetMove(s, t, JET_MoveNext as i32, 0);
        }
        if e != JET_errNoCurrentRecord {
            return Err(Failure { call: "JetMove", err: e });
        }
        Ok(())
    })();
    let close = JetCloseTable(s, t);
    r?;
    check("JetCloseTable", close)?;
    Ok(out)
}

static INSTANCES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Attach `db` read-only in a fresh instance without recovery and walk the
/// table; the instance is always terminated. Panics if any call reports a
/// caught panic (JET_errInternalError) or if cleanup fails.
fn scan(db: &Path, page_size: u32, table: &str, columns: &[u32]) -> Result<Vec<Record>, Failure> {
    let n = INSTANCES.fetch_add(1, Ordering::Relaxed);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("corruption-inst-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    set_page_size(page_size);
    let mut inst: JET_INSTANCE = 0;
    let iname = cstr(&format!("corrupt{n}"));
    ok("JetCreateInstance", JetCreateInstanceA(&mut inst, ptr(&iname)));
    let off = cstr("Off");
    ok("JetSetSystemParameter(Recovery)", JetSetSystemParameterA(&mut inst, 0, JET_paramRecovery, 0, ptr(&off)));
    let d = cstr(&format!("{}/", dir.display()));
    for p in [JET_paramSystemPath, JET_paramLogFilePath] {
        ok("JetSetSystemParameter(path)", JetSetSystemParameterA(&mut inst, 0, p, 0, ptr(&d)));
    }
    let tmp = cpath(&dir.join("tmp.edb"));
    ok("JetSetSystemParameter(TempPath)", JetSetSystemParameterA(&mut inst, 0, JET_paramTempPath, 0, ptr(&tmp)));
    ok("JetInit", JetInit(&mut inst));
    let s = begin_session(inst);
    let p = cpath(db);
    let r = (|| {
        check("JetAttachDatabase", JetAttachDatabaseA(s, ptr(&p), JET_bitDbReadOnly))?;
        let mut dbid: JET_DBID = 0;
        let r = check("JetOpenDatabase", JetOpenDatabaseA(s, ptr(&p), std::ptr::null(), &mut dbid, JET_bitDbReadOnly))
            .and_then(|_| {
                let r = walk(s, dbid, table, columns);
                let c = JetCloseDatabase(s, dbid, 0);
                assert!(c >= 0, "JetCloseDatabase after a walk returned {c}");
                r
            });
        let d = JetDetachDatabaseA(s, ptr(&p));
        assert!(d >= 0, "JetDetachDatabase of {} returned {d}", db.display());
        r
    })();
    ok("JetEndSession", JetEndSession(s, 0));
    ok("JetTerm", JetTerm(inst));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(f) = &r {
        assert_ne!(f.err, JET_errInternalError, "{} caught a panic in the engine on {}", f.call, db.display());
    }
    r
}

/// Run `f` with a watchdog: a call that hangs ends the test process.
fn watched<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let what = what.to_string();
    std::thread::spawn(move || {
        let start = Instant::now();
        while !flag.load(Ordering::Relaxed) {
            if start.elapsed() > limit {
                eprintln!("HANG: {what} did not return within {limit:?}");
                std::process::abort();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let r = f();
    done.store(true, Ordering::Relaxed);
    r
}

// ---------------------------------------------------------------------------
// The fixtures: one database we write, and a Windows-made sample

fn set_col(s: JET_SESID, t: JET_TABLEID, col: u32, v: &[u8], append: bool) {
    let mut info = JET_SETINFO { cbStruct: std::mem::size_of::<JET_SETINFO>() as u32, ibLongValue: 0, itagSequence: 0 };
    let pinfo = if append { &mut info as *mut JET_SETINFO } else { std::ptr::null_mut() };
    ok("JetSetColumn", JetSetColumn(s, t, col, v.as_ptr() as *const c_void, v.len() as u32, 0, pinfo));
}

/// A database of ours: 300 records (fixed, text, multi-valued and long values,
/// some larger than a page), a primary and a secondary index; 4 KiB pages
/// (the small page layout) or 32 KiB (the large one, its checksums per block).
fn ours(page_size: u32) -> &'static Fixture {
    static F: [OnceLock<Fixture>; 2] = [OnceLock::new(), OnceLock::new()];
    F[(page_size == 32768) as usize].get_or_init(|| {
        let _g = serial();
        let dir = scratch(&format!("corruption-ours-{page_size}"));
        let db = dir.join("ours.edb");
        let inst = start_instance("corruption-make", &dir, page_size, &[(JET_paramMaxVerPages, 16384)]);
        let s = begin_session(inst.id);
        let p = cpath(&db);
        let mut dbid: JET_DBID = 0;
        ok("JetCreateDatabase", JetCreateDatabaseA(s, ptr(&p), std::ptr::null(), &mut dbid, 0));
        let name = cstr("t");
        let mut t: JET_TABLEID = 0;
        ok("JetCreateTable", JetCreateTableA(s, dbid, ptr(&name), 0, 0, &mut t));
        let mut ids = Vec::new();
        for (n, coltyp, cp, grbit) in [
            ("Id", JET_coltypLong, 0u16, JET_bitColumnFixed | JET_bitColumnNotNULL),
            ("Name", JET_coltypText, 1200, 0),
            ("Blob", JET_coltypLongBinary, 0, 0),
            ("Tags", JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnMultiValued),
        ] {
            let def = JET_COLUMNDEF {
                cbStruct: std::mem::size_of::<JET_COLUMNDEF>() as u32,
                columnid: 0,
                coltyp,
                wCountry: 0,
                langid: 0,
                cp,
                wCollate: 0,
                cbMax: 0,
                grbit,
            };
            let cn = cstr(n);
            let mut id = 0;
            ok("JetAddColumn", JetAddColumnA(s, t, ptr(&cn), &def, std::ptr::null(), 0, &mut id));
            ids.push(id);
        }
        for (ix, key, grbit) in [("IxId", "+Id\0\0", JET_bitIndexPrimary), ("IxName", "+Name\0\0", 0)] {
            let n = cstr(ix);
            ok("JetCreateIndex", JetCreateIndexA(s, t, ptr(&n), grbit, key.as_ptr() as *const _, key.len() as u32, 100));
        }
        let mut rng = Rng(42);
        ok("JetBeginTransaction", JetBeginTransaction(s));
        for i in 0..300i32 {
            ok("JetPrepareUpdate", JetPrepareUpdate(s, t, JET_prepInsert));
            set_col(s, t, ids[0], &(i * 17 % 301).to_le_bytes(), false);
            let text: Vec<u8> = format!("name {} {}", rng.below(1000), "x".repeat(rng.below(40) as usize))
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes())
                .collect();
            set_col(s, t, ids[1], &text, false);
            if rng.chance(70) {
                let n = if rng.chance(10) { page_size as usize + rng.below(2 * page_size as u64) as usize } else { 1 + rng.below(300) as usize };
                set_col(s, t, ids[2], &rng.bytes(n), false);
            }
            for k in 0..rng.below(4) as i32 {
                set_col(s, t, ids[3], &(i * 10 + k).to_le_bytes(), true);
            }
            ok("JetUpdate", JetUpdate(s, t, std::ptr::null_mut(), 0, std::ptr::null_mut()));
        }
        ok("JetCommitTransaction", JetCommitTransaction(s, 0));
        ok("JetCloseTable", JetCloseTable(s, t));
        ok("JetCloseDatabase", JetCloseDatabase(s, dbid, 0));
        ok("JetDetachDatabase", JetDetachDatabaseA(s, ptr(&p)));
        ok("JetEndSession", JetEndSession(s, 0));
        inst.term();
        let records = scan(&db, page_size, "t", &ids).expect("the intact database reads");
        assert_eq!(records.len(), 300);
        Fixture { db, page_size, table: "t".into(), columns: ids, records }
    })
}

/// The Windows-made sample "multi" (multi-valued columns of every type, long
/// and compressed values), its columns from the catalog.
fn sample() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let _g = serial();
        let dir = scratch("corruption-sample");
        let db = dir.join("multi.edb");
        sample_copy("multi", &db);
        let columns = {
            let store = open_store(&db);
            let tables = esent::catalog::read::read_catalog_from_store(&store).unwrap();
            let t = tables.iter().find(|t| t.def.name == "multi").expect("table multi");
            let mut c: Vec<u32> = t.def.columns.iter().map(|c| c.columnid).collect();
            c.sort();
            c
        };
        let records = scan(&db, 4096, "multi", &columns).expect("the intact sample reads");
        assert_eq!(records.len(), 2);
        Fixture { db, page_size: 4096, table: "multi".into(), columns, records }
    })
}

fn fixtures() -> [&'static Fixture; 3] {
    [ours(4096), ours(32768), sample()]
}

fn open_store(db: &Path) -> esent::btree::Store {
    esent::btree::Store::open(&esent::os::LocalFs, db, esent::btree::StoreOptions { read_only: true, ..Default::default() }).expect("open the file")
}

/// The pages a full walk of the fixture's table must read: its data tree
/// and its long-value tree.
fn walked_pages(f: &Fixture) -> Vec<u32> {
    let store = open_store(&f.db);
    let tables = esent::catalog::read::read_catalog_from_store(&store).unwrap();
    let t = tables.iter().find(|t| t.def.name == f.table).unwrap();
    let mut pages = Vec::new();
    let mut roots = vec![t.def.pgno_fdp];
    if let Some((_, lv_root)) = t.def.lv_tree {
        roots.push(lv_root);
    }
    for root in roots {
        let tree = store.open_tree(root).unwrap();
        pages.extend(esent::btree::tree_pages(&store, &tree).unwrap());
    }
    pages
}

/// Pages of the file that hold something (not all zero).
fn used_pages(db: &Path, page_size: u32) -> Vec<u32> {
    let bytes = std::fs::read(db).unwrap();
    let ps = page_size as usize;
    (1..(bytes.len() / ps - 1) as u32).filter(|&p| bytes[(p as usize + 1) * ps..(p as usize + 2) * ps].iter().any(|&b| b != 0)).collect()
}

/// A copy of the fixture's file, changed by `damage` (which gets the bytes).
fn damaged_copy(f: &Fixture, tag: &str, damage: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let mut bytes = std::fs::read(&f.db).unwrap();
    damage(&mut bytes);
    let p = f.db.with_file_name(format!("damaged-{tag}.edb"));
    std::fs::write(&p, &bytes).unwrap();
    p
}

fn page_range(page_size: u32, pgno: u32) -> std::ops::Range<usize> {
    let ps = page_size as usize;
    (pgno as usize + 1) * ps..(pgno as usize + 2) * ps
}

fn scan_fixture(f: &Fixture, db: &Path, what: &str) -> Result<Vec<Record>, Failure> {
    watched(what, Duration::from_secs(60), || {
        let _g = serial();
        scan(db, f.page_size, &f.table, &f.columns)
    })
}

// ---------------------------------------------------------------------------
// The tests

/// One flipped bit in any page a walk reads: JET_errReadVerifyFailure.
/// In any other page: the walk returns every record right, or the error.
#[test]
fn one_flipped_bit_is_a_read_verify_failure() {
    for f in fixtures() {
        let walked = walked_pages(f);
        let mut rng = Rng(7);
        let mut failures = 0;
        for pgno in used_pages(&f.db, f.page_size) {
            let bit = rng.below(f.page_size as u64 * 8) as usize;
            let range = page_range(f.page_size, pgno);
            let db = damaged_copy(f, "bit", |b| b[range.start + bit / 8] ^= 1 << (bit % 8));
            let what = format!("{}: bit {bit} of page {pgno} flipped", f.db.display());
            match scan_fixture(f, &db, &what) {
                Ok(records) => {
                    assert!(!walked.contains(&pgno), "{what}: page {pgno} is read by the walk, yet no error");
                    assert!(records == f.records, "{what}: wrong data and no error");
                }
                Err(e) => {
                    assert_eq!(e.err, JET_errReadVerifyFailure, "{what}: {} returned {}", e.call, e.err);
                    // the event log names the file and the page, as ESE's event 474 does
                    let named = format!("page {pgno} of {}", db.display());
                    assert!(esent::event::recent().iter().any(|m| m.contains(&named)), "{what}: no event naming {named}");
                    failures += 1;
                }
            }
        }
        assert!(failures >= walked.len(), "{}: {failures} failures, {} walked pages", f.db.display(), walked.len());
    }
}

/// The primary header damaged: the shadow copy is used; both damaged:
/// JET_errReadVerifyFailure (as ESE's shadowed-header read).
#[test]
fn damaged_header_falls_back_on_the_shadow() {
    for f in fixtures() {
        let ps = f.page_size as usize;
        for (tag, offset) in [("primary-bit", 100usize), ("primary-sig", 4), ("shadow", ps + 100)] {
            let db = damaged_copy(f, tag, |b| b[offset] ^= 0x10);
            let r = scan_fixture(f, &db, tag);
            assert!(r.as_ref().is_ok_and(|r| *r == f.records), "{}: header damaged ({tag}): {r:?}", f.db.display());
        }
        let db = damaged_copy(f, "primary-zero", |b| b[..ps].fill(0));
        let r = scan_fixture(f, &db, "primary zeroed");
        assert!(r.as_ref().is_ok_and(|r| *r == f.records), "primary header zeroed: {r:?}");
        let db = damaged_copy(f, "both", |b| {
            b[100] ^= 1;
            b[ps + 200] ^= 1;
        });
        let r = scan_fixture(f, &db, "both headers");
        assert_eq!(r.err().map(|e| (e.call, e.err)), Some(("JetAttachDatabase", JET_errReadVerifyFailure)), "both headers damaged");
    }
}

/// A file cut short: a page past the end is JET_errFileIOBeyondEOF when it
/// is read (attach, opening the table, or the walk); a file that ends inside
/// its first header page is JET_errDatabaseCorrupted at attach. Never wrong
/// data. (A file whose primary header is whole uses it, as ESE does.)
#[test]
fn truncated_file_is_beyond_eof_or_corrupted() {
    for f in fixtures() {
        let ps = f.page_size as usize;
        let len = std::fs::metadata(&f.db).unwrap().len() as usize;
        let last_used = *used_pages(&f.db, f.page_size).last().unwrap() as usize;
        let mut cuts = vec![0, 100, ps - 1, ps, ps + 10, 2 * ps, 3 * ps, 3 * ps + 1, 5 * ps, (last_used + 2) * ps - 1];
        for k in 1..8 {
            cuts.push(2 * ps + k * (last_used * ps) / 8);
        }
        for cut in cuts {
            assert!(cut < len);
            let db = damaged_copy(f, "cut", |b| b.truncate(cut));
            let what = format!("{} cut to {cut} bytes", f.db.display());
            match scan_fixture(f, &db, &what) {
                Ok(records) => assert!(records == f.records, "{what}: wrong data and no error"),
                Err(e) if cut < ps => {
                    assert_eq!((e.call, e.err), ("JetAttachDatabase", JET_errDatabaseCorrupted), "{what}");
                }
                Err(e) => assert_eq!(e.err, JET_errFileIOBeyondEOF, "{what}: {} returned {}", e.call, e.err),
            }
        }
        // the pages a walk reads are all needed
        let db = damaged_copy(f, "cut", |b| b.truncate(2 * ps));
        assert_eq!(scan_fixture(f, &db, "cut after the headers").err().map(|e| e.err), Some(JET_errFileIOBeyondEOF));
        let walked = walked_pages(f);
        let db = damaged_copy(f, "cut", |b| b.truncate((*walked.iter().max().unwrap() as usize + 1) * ps));
        assert_eq!(scan_fixture(f, &db, "cut before a walked page").err().map(|e| e.err), Some(JET_errFileIOBeyondEOF));
    }
}

/// Random damage, many times: whole pages of garbage, garbage bytes in pages
/// with their checksum recomputed (so the engine has to survive what it
/// parses), several pages at once. Every call returns a JET_err or the right
/// data, within a time limit; a page with a bad checksum that the walk reads
/// is JET_errReadVerifyFailure.
#[test]
fn random_garbage_never_crashes_or_hangs() {
    let iterations: usize = std::env::var("ESENT_FUZZ_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    for (fi, f) in fixtures().into_iter().enumerate() {
        let pages = used_pages(&f.db, f.page_size);
        let walked = walked_pages(f);
        let mut rng = Rng(0xF022 + fi as u64);
        let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
        for it in 0..iterations {
            let mode = it % 4;
            let mut touched = Vec::new();
            let mut checksummed = false;
            let db = damaged_copy(f, "fuzz", |b| {
                let n = if mode == 3 { 2 + rng.below(3) as usize } else { 1 };
                for _ in 0..n {
                    let pgno = pages[rng.below(pages.len() as u64) as usize];
                    touched.push(pgno);
                    let range = page_range(f.page_size, pgno);
                    let ps = range.len();
                    let hdr = esent::format::page::header_size(ps);
                    if mode == 0 || mode == 3 && rng.chance(50) {
                        // a whole page of garbage (its checksum fails)
                        let g = rng.bytes(ps);
                        b[range].copy_from_slice(&g);
                        continue;
                    }
                    // garbage bytes with the checksum recomputed: mode 1
                    // anywhere after the checksum, mode 2 in the page header
                    // fields and the tag array, where the parser looks first
                    for _ in 0..1 + rng.below(12) {
                        let at = match mode {
                            2 if rng.chance(50) => 8 + rng.below(hdr as u64 - 8) as usize,
                            2 => ps - 1 - rng.below(64) as usize,
                            _ => 8 + rng.below(ps as u64 - 8) as usize,
                        };
                        let len = (1 + rng.below(6) as usize).min(ps - at);
                        let g = rng.bytes(len);
                        b[range.start + at..range.start + at + len].copy_from_slice(&g);
                    }
                    esent::format::checksum::update_checksum(&mut b[range], pgno);
                    checksummed = true;
                }
            });
            let what = format!("{} fuzz iteration {it} (mode {mode}, pages {touched:?})", f.db.display());
            let outcome = match scan_fixture(f, &db, &what) {
                Ok(records) => {
                    if !checksummed {
                        assert!(records == f.records, "{what}: wrong data and no error");
                        assert!(!touched.iter().any(|p| walked.contains(p)), "{what}: a garbage page was read without an error");
                    }
                    if records == f.records { "ok".to_string() } else { "ok, other data (valid checksum)".to_string() }
                }
                Err(e) => {
                    if !checksummed {
                        assert_eq!(e.err, JET_errReadVerifyFailure, "{what}: {} returned {}", e.call, e.err);
                    }
                    format!("{} {}", e.call, e.err)
                }
            };
            *outcomes.entry(outcome).or_default() += 1;
        }
        println!("{}: {iterations} iterations: {outcomes:?}", f.db.display());
    }
}
