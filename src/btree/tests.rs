//! Tests of the tree layer on the Windows-made samples: every tree walks in
//! order, agrees with dissect.esedb's counts, and every entry can be sought.

use super::*;
use crate::format::testdata::{SAMPLES, sample_copy};
use crate::os::LocalFs;

/// Leaf entries per FDP, as dissect.esedb 3.18 counts them (catalog rows of
/// type table, index, long value; MSysObjectsShadow at 24).
const EXPECTED: &[(&str, &[(u32, usize)])] = &[
    ("basic", &[(4, 87), (7, 87), (10, 5), (24, 87), (29, 7), (30, 7), (31, 2)]),
    ("binary", &[(4, 87), (7, 87), (10, 5), (24, 87), (29, 8), (30, 7), (31, 1), (32, 2)]),
    ("default", &[(4, 93), (7, 93), (10, 5), (24, 93), (29, 7), (30, 7), (31, 1)]),
    (
        "index",
        &[
            (4, 112), (7, 112), (10, 5), (24, 112), (29, 26), (30, 8), (31, 1), (32, 1), (33, 1), (34, 1), (39, 1),
            (40, 1), (41, 1), (42, 1), (43, 1), (44, 1), (45, 1), (46, 1), (47, 1), (53, 1), (54, 1), (55, 1),
            (56, 1), (57, 1), (58, 1), (59, 4),
        ],
    ),
    ("multi", &[(4, 97), (7, 97), (10, 5), (24, 97), (29, 8), (30, 7), (31, 2), (32, 36)]),
    ("text", &[(4, 102), (7, 102), (10, 5), (24, 102), (29, 8), (30, 7), (31, 1), (32, 12)]),
];

pub(crate) fn open_sample(name: &str, tag: &str, read_only: bool) -> Store {
    let p = sample_copy(name, tag);
    Store::open(&LocalFs, &p, StoreOptions { read_only, ..StoreOptions::default() }).unwrap()
}

/// FDPs the catalog lists (tables, indexes, long-value trees), decoding just
/// enough of a catalog record: fixed columns ObjidTable (offset 4), Type (8),
/// Id (10), ColtypOrPgnoFDP (14).
pub(crate) fn catalog_fdps(store: &Store) -> Vec<u32> {
    let cat = store.open_tree(4).unwrap();
    let mut v: Vec<u32> = scan(store, &cat)
        .unwrap()
        .into_iter()
        .filter(|(_, d)| d[0] >= 4)
        .filter(|(_, d)| matches!(u16::from_le_bytes([d[8], d[9]]), 1 | 3 | 4))
        .map(|(_, d)| u32::from_le_bytes([d[14], d[15], d[16], d[17]]))
        .collect();
    v.push(24);
    v.sort_unstable();
    v.dedup();
    v
}

#[test]
fn sample_trees_walk_in_order_and_match_dissect() {
    assert_eq!(EXPECTED.iter().map(|e| e.0).collect::<Vec<_>>(), SAMPLES);
    for (name, expected) in EXPECTED {
        let store = open_sample(name, "walk", true);
        assert_eq!(store.page_size(), 4096);
        let fdps = catalog_fdps(&store);
        let want: Vec<u32> = expected.iter().map(|e| e.0).collect();
        assert_eq!(fdps, want, "{name}: FDPs in the catalog");
        for &(fdp, count) in *expected {
            let tree = store.open_tree(fdp).unwrap();
            let stats = check_tree(&store, &tree).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(stats.entries, count, "{name}: tree {fdp}");
            let fwd = scan(&store, &tree).unwrap();
            assert_eq!(fwd.len(), count, "{name}: tree {fdp}");
            // backwards
            let mut c = Cursor::new(tree);
            let mut back = Vec::new();
            let mut r = c.last(&store);
            while r.is_ok() {
                back.push((c.key().unwrap().to_vec(), c.data().unwrap().to_vec()));
                r = c.prev(&store);
            }
            assert_eq!(r, Err(crate::error::JetError::NoCurrentRecord));
            back.reverse();
            assert_eq!(back, fwd, "{name}: tree {fdp} backwards");
            // seek every entry
            for (i, (k, d)) in fwd.iter().enumerate() {
                let mut c = Cursor::new(tree);
                assert_eq!(c.seek(&store, k, Some(d), SeekMode::Eq).unwrap(), SeekResult::Equal);
                assert_eq!((c.key().unwrap(), c.data().unwrap()), (k.as_slice(), d.as_slice()));
                // neighbours by strict seeks
                match c.seek(&store, k, Some(d), SeekMode::Gt) {
                    Ok(_) => assert_eq!(c.key().unwrap(), fwd[i + 1].0.as_slice()),
                    Err(e) => assert!(i + 1 == fwd.len() || !tree.unique && fwd[i + 1].0 == *k, "{e}"),
                }
                match c.seek(&store, k, Some(d), SeekMode::Lt) {
                    Ok(_) => assert_eq!(c.key().unwrap(), fwd[i - 1].0.as_slice()),
                    Err(_) => assert_eq!(i, 0),
                }
                // key-only Ge lands on the first entry with this key
                c.seek(&store, k, None, SeekMode::Ge).unwrap();
                let first = fwd.iter().position(|(k2, _)| k2 == k).unwrap();
                assert_eq!(c.data().unwrap(), fwd[first].1.as_slice(), "{name}: tree {fdp} entry {i}");
            }
        }
        // every FDP's space adds up, with the samples' own space trees
        let mut all = fdps.clone();
        all.push(1);
        crate::space::check_space(&store, &all).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn cursor_follows_changes_between_calls() {
    let mut store = open_sample("basic", "cursor", false);
    let cat = store.open_tree(4).unwrap();
    let all = scan(&store, &cat).unwrap();
    let mut c = Cursor::new(cat);
    c.seek(&store, &all[10].0, None, SeekMode::Eq).unwrap();
    // another writer deletes the next entry and changes the current one
    store.delete(&cat, &all[11].0, None).unwrap();
    let mut newdata = all[10].1.clone();
    newdata.push(0xEE);
    store.replace(&cat, &all[10].0, &newdata).unwrap();
    assert!(c.refresh(&store).unwrap());
    assert_eq!(c.data().unwrap(), newdata.as_slice());
    c.next(&store).unwrap();
    assert_eq!(c.key().unwrap(), all[12].0.as_slice());
    // the current entry vanishes: next and prev still know where they were
    store.delete(&cat, &all[12].0, None).unwrap();
    assert!(!c.refresh(&store).unwrap());
    c.prev(&store).unwrap();
    assert_eq!(c.key().unwrap(), all[10].0.as_slice());
    check_tree(&store, &cat).unwrap();
}

#[test]
fn store_is_shareable_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Store>();
    assert_send_sync::<Tree>();
    assert_send_sync::<Cursor>();
}

fn new_db(name: &str, ps: usize) -> (std::path::PathBuf, Store, Tree) {
    let d = std::env::temp_dir().join(format!("esent-bt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join("t.edb");
    let mut s = crate::space::create_database(&LocalFs, &p, &crate::space::CreateOptions { page_size: ps, ..Default::default() }).unwrap();
    let t = s.create_tree(1, 4, TreeKind::Primary, true, true).unwrap();
    (p, s, t)
}

#[test]
fn bad_requests_are_refused_and_leave_the_batch_usable() {
    use crate::error::JetError::*;
    let (_p, mut s, t) = new_db("errors", 4096);
    let idx = s.create_tree(t.root, 1, TreeKind::Index, false, false).unwrap();
    let mut b = s.batch().unwrap();
    b.insert(&t, b"a", b"1").unwrap();
    assert_eq!(b.insert(&t, b"a", b"2"), Err(KeyDuplicate));
    assert_eq!(b.insert(&t, &[1u8; 1001], b"x"), Err(KeyTooBig));
    assert_eq!(b.insert(&t, b"big", &vec![0u8; 4042]), Err(RecordTooBig));
    b.insert(&t, b"big", &vec![0u8; 4039]).unwrap();
    assert_eq!(b.insert(&t, b"e", b""), Err(InvalidParameter));
    assert_eq!(b.replace(&t, b"zz", b"1"), Err(RecordNotFound));
    assert_eq!(b.delete(&t, b"zz", None), Err(RecordNotFound));
    b.insert(&idx, b"k", b"1").unwrap();
    b.insert(&idx, b"k", b"2").unwrap();
    assert_eq!(b.insert(&idx, b"k", b"2"), Err(KeyDuplicate));
    assert_eq!(b.replace(&idx, b"k", b"3"), Err(InvalidParameter));
    assert_eq!(b.delete(&idx, b"k", None), Err(InvalidParameter));
    assert_eq!(b.delete(&idx, b"k", Some(b"3")), Err(RecordNotFound));
    b.delete(&idx, b"k", Some(b"1")).unwrap();
    b.commit().unwrap();
    assert_eq!(scan(&s, &t).unwrap().len(), 2);
    assert_eq!(scan(&s, &idx).unwrap(), vec![(b"k".to_vec(), b"2".to_vec())]);
}

#[test]
fn dirtied_pages_are_listed_with_checksums_and_dbtime() {
    let (_p, mut s, t) = new_db("dirtied", 8192);
    s.take_dirtied();
    let before = s.dbtime();
    s.insert(&t, b"key", b"value").unwrap();
    let pages = s.take_dirtied();
    assert_eq!(pages, vec![t.root]);
    assert_eq!(s.dbtime(), before + 1);
    let g = s.read_page(t.root).unwrap();
    crate::format::verify_page(t.root, &g, 8192).unwrap();
    assert_eq!(crate::format::PageView::new(&g).unwrap().dbtime(), s.dbtime());
    drop(g);
    // a split dirties the new pages, the root, and the space trees that gave them
    let mut b = s.batch().unwrap();
    for i in 0..200u32 {
        b.insert(&t, &i.to_be_bytes(), &[1u8; 100]).unwrap();
    }
    b.commit().unwrap();
    let pages = s.take_dirtied();
    assert!(pages.len() >= 4 && pages.contains(&t.root) && pages.contains(&(t.root + 2)), "{pages:?}");
    for p in pages {
        let g = s.read_page(p).unwrap();
        crate::format::verify_page(p, &g, 8192).unwrap();
    }
    assert!(s.take_dirtied().is_empty());
}

#[test]
fn the_shadow_header_stands_in_for_a_damaged_one() {
    let (p, mut s, t) = new_db("shadow", 4096);
    s.insert(&t, b"k", b"v").unwrap();
    s.flush().unwrap();
    let dbtime = s.dbtime();
    drop(s);
    let mut f = std::fs::read(&p).unwrap();
    f[200] ^= 0xff;
    std::fs::write(&p, &f).unwrap();
    let s = Store::open(&LocalFs, &p, StoreOptions::default()).unwrap();
    assert_eq!(s.header().dbtime, dbtime);
    assert_eq!(scan(&s, &t).unwrap().len(), 1);
    // both copies damaged: the file is refused
    drop(s);
    f[4096 + 200] ^= 0xff;
    std::fs::write(&p, &f).unwrap();
    assert_eq!(Store::open(&LocalFs, &p, StoreOptions::default()).err(), Some(crate::error::JetError::ReadVerifyFailure));
}

#[test]
fn a_batch_that_fails_changes_nothing() {
    use crate::os::fault::{Fault, FaultFs, FaultOp, FaultPlan};
    let d = std::env::temp_dir().join(format!("esent-bt-fault-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let plan = FaultPlan::new();
    let fs = FaultFs::new(std::sync::Arc::new(LocalFs), plan.clone());
    let opts = crate::space::CreateOptions { initial_pages: 40, store: StoreOptions { extension_pages: 16, ..Default::default() }, ..Default::default() };
    let mut s = crate::space::create_database(&fs, &d.join("f.edb"), &opts).unwrap();
    let t = s.create_tree(1, 4, TreeKind::Primary, true, true).unwrap();
    s.insert(&t, b"first", b"1").unwrap();
    s.take_dirtied();
    let before = scan(&s, &t).unwrap();
    // the file cannot grow
    plan.arm(Fault::new(FaultOp::SetSize, 0, crate::error::JetError::DiskFull));
    let mut b = s.batch().unwrap();
    let mut err = None;
    for i in 0..2000u32 {
        if let Err(e) = b.insert(&t, &i.to_be_bytes(), &[9u8; 500]) {
            err = Some(e);
            break;
        }
    }
    assert_eq!(err, Some(crate::error::JetError::DiskFull));
    assert_eq!(b.insert(&t, b"later", b"x"), Err(crate::error::JetError::DiskFull));
    assert_eq!(b.commit(), Err(crate::error::JetError::DiskFull));
    assert!(s.take_dirtied().is_empty());
    assert_eq!(scan(&s, &t).unwrap(), before);
    check_tree(&s, &t).unwrap();
    crate::space::check_space(&s, &[1, 4, 7, 10, 24, t.root]).unwrap();
    // once the disk has room again, the same work succeeds
    plan.disarm();
    let mut b = s.batch().unwrap();
    for i in 0..2000u32 {
        b.insert(&t, &i.to_be_bytes(), &[9u8; 500]).unwrap();
    }
    b.commit().unwrap();
    assert_eq!(check_tree(&s, &t).unwrap().entries, 2001);
    crate::space::check_space(&s, &[1, 4, 7, 10, 24, t.root]).unwrap();
    let pages = s.pages_in_file().unwrap();
    assert_eq!((pages - 40) % 16, 0, "the file grows by the extension size");
}

/// Export every table of a database with libesedb's esedbexport (its "all"
/// mode fails on the samples themselves); None when the tool is missing.
fn esedbexport(path: &std::path::Path) -> Option<Vec<(String, Vec<u8>)>> {
    let target = path.with_extension("export");
    let _ = std::fs::remove_dir_all(target.with_extension("export.export"));
    let out = std::process::Command::new("esedbexport").arg("-m").arg("tables").arg("-t").arg(&target).arg(path).output().ok()?;
    assert!(out.status.success(), "esedbexport: {}", String::from_utf8_lossy(&out.stderr));
    let dir = target.with_extension("export.export");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    let _ = std::fs::remove_dir_all(&dir);
    Some(files)
}

#[test]
fn windows_made_trees_take_our_changes() {
    // grow a table of a Windows-made database until it splits many times,
    // shrink it back: the independent reader exports the same tables
    for name in ["multi", "index"] {
        let reference = sample_copy(name, "write-ref");
        let path = sample_copy(name, "write");
        let mut store = Store::open(&LocalFs, &path, StoreOptions::default()).unwrap();
        let table = store.open_tree(31).unwrap();
        let original = scan(&store, &table).unwrap();
        // keys above every record key (0x7f 0x80.. encodes the autoincrement id)
        let junk = |i: u32| [&[0x7fu8, 0xff][..], &i.to_be_bytes()].concat();
        let mut b = store.batch().unwrap();
        for i in 0..3000 {
            b.insert(&table, &junk(i), &[0x5a; 200]).unwrap();
        }
        b.commit().unwrap();
        assert!(check_tree(&store, &table).unwrap().depth >= 2);
        let mut fdps = catalog_fdps(&store);
        fdps.push(1);
        crate::space::check_space(&store, &fdps).unwrap();
        let mut b = store.batch().unwrap();
        for i in 0..3000 {
            b.delete(&table, &junk(i), None).unwrap();
        }
        b.commit().unwrap();
        assert_eq!(scan(&store, &table).unwrap(), original);
        assert_eq!(check_tree(&store, &table).unwrap().pages.len(), 1);
        crate::space::check_space(&store, &fdps).unwrap();
        store.flush().unwrap();
        drop(store);
        match (esedbexport(&reference), esedbexport(&path)) {
            (Some(a), Some(b)) => {
                assert!(!a.is_empty());
                assert_eq!(a, b, "{name}: esedbexport output changed");
            }
            _ => eprintln!("esedbexport not installed: export comparison skipped"),
        }
    }
}
