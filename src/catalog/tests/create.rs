//! New databases: `create_system_tables` writes the catalog ESENT writes
//! (byte for byte against the samples' system rows), the trees check out,
//! and independent readers (dissect.esedb, libesedb's esedbinfo) read it.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use super::open_sample;
use crate::btree::{Store, StoreOptions, check_tree, scan};
use crate::catalog::mso::{self, CatalogRow};
use crate::catalog::system;
use crate::catalog::write::CatalogTrees;
use crate::catalog::{create_system_tables, read};
use crate::format::PAGE_SIZES;
use crate::format::fixed::*;
use crate::os::LocalFs;
use crate::space::{CreateOptions, create_database};

pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("esent-catalog-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A new database with its system tables, flushed.
pub(crate) fn new_database(dir: &std::path::Path, page_size: usize) -> (PathBuf, Store) {
    let p = dir.join(format!("new-{page_size}.edb"));
    let mut s = create_database(&LocalFs, &p, &CreateOptions { page_size, ..CreateOptions::default() }).unwrap();
    create_system_tables(&mut s).unwrap();
    s.flush().unwrap();
    (p, s)
}

pub(crate) fn reopen(p: &std::path::Path) -> Store {
    Store::open(&LocalFs, p, StoreOptions::default()).unwrap()
}

fn system_rows(store: &Store, pgno: u32) -> Vec<(Vec<u8>, Vec<u8>)> {
    let ps = store.page_size() as u32;
    scan(store, &store.open_tree(pgno).unwrap())
        .unwrap()
        .into_iter()
        .filter(|(_, d)| CatalogRow::parse(d, ps).unwrap().objid_table <= 7)
        .collect()
}

#[test]
fn new_catalog_is_esents_byte_for_byte() {
    let d = temp_dir("esent-rows");
    let (p, store) = new_database(&d, 4096);
    let sample = open_sample("basic");
    // MSysObjects and its shadow: the system tables' rows are the sample's
    for pgno in [PGNO_MSO, PGNO_MSO_SHADOW] {
        let ours = scan(&store, &store.open_tree(pgno).unwrap()).unwrap();
        let theirs = system_rows(&sample, pgno);
        assert_eq!(ours.len(), theirs.len(), "tree {pgno}");
        for (a, b) in ours.iter().zip(&theirs) {
            assert_eq!(a, b, "tree {pgno}: {:?}", CatalogRow::parse(&b.1, 4096).unwrap());
        }
    }
    // the Name and RootObjects indexes: the sample's less its user table
    let user = |k: &Vec<u8>| k.starts_with(&mso::table_prefix(8)) || k == &mso::id_key(8, 1, 8);
    for pgno in [PGNO_MSO_NAME_INDEX, PGNO_MSO_ROOT_OBJECT_INDEX] {
        let ours = scan(&store, &store.open_tree(pgno).unwrap()).unwrap();
        let theirs: Vec<_> = scan(&sample, &sample.open_tree(pgno).unwrap()).unwrap().into_iter().filter(|(_, d)| !user(d)).collect();
        assert_eq!(ours, theirs, "tree {pgno}");
    }
    // MSysObjids (page 29) and MSysLocales (page 30), at the sample's pages
    let tables = read::read_catalog_from_store(&store).unwrap();
    let trees = CatalogTrees::of(&tables);
    assert_eq!(trees, CatalogTrees { objids: Some(29), locales: Some(30) });
    let objids = scan(&store, &store.open_tree(29).unwrap()).unwrap();
    let theirs: Vec<_> =
        scan(&sample, &sample.open_tree(29).unwrap()).unwrap().into_iter().filter(|(k, _)| k != &system::objids_key(8)).collect();
    assert_eq!(objids, theirs);
    assert_eq!(scan(&store, &store.open_tree(30).unwrap()).unwrap(), scan(&sample, &sample.open_tree(30).unwrap()).unwrap());
    // the system tables read back as ESE describes them
    let names: Vec<&str> = tables.iter().map(|t| t.def.name.as_str()).collect();
    assert_eq!(names, ["MSysObjects", "MSysObjectsShadow", "MSysObjids", "MSysLocales"]);
    assert_eq!(tables[2].def, system::objids_table_def(6, 29));
    assert_eq!(tables[3].def, system::locales_table_def(7, 30));
    assert_eq!(store.objid_last(), 7);
    drop(store);
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn new_catalog_trees_check_out_on_every_page_size() {
    let d = temp_dir("esent-trees");
    for ps in PAGE_SIZES {
        let (p, store) = new_database(&d, ps);
        let store2 = reopen(&p);
        for store in [&store, &store2] {
            let tables = read::read_catalog_from_store(store).unwrap();
            assert_eq!(tables.len(), 4, "{ps}");
            let trees = CatalogTrees::of(&tables);
            let mut fdps = vec![PGNO_SYSTEM_ROOT, PGNO_MSO, PGNO_MSO_SHADOW, PGNO_MSO_NAME_INDEX, PGNO_MSO_ROOT_OBJECT_INDEX];
            fdps.push(trees.objids.unwrap());
            fdps.push(trees.locales.unwrap());
            let counts: Vec<usize> = fdps[1..].iter().map(|&p| check_tree(store, &store.open_tree(p).unwrap()).unwrap().entries).collect();
            // rows: MSysObjects 1+28+3, its shadow 1+28+1, MSysObjids 1+3+1, MSysLocales 1+3+1;
            // RootObjects: 4 tables; MSysObjids: objids 2..=7; MSysLocales: 7 entries
            assert_eq!(counts, vec![72, 72, 72, 4, 6, 7], "{ps}");
            crate::space::check_space(store, &fdps).unwrap();
            assert_eq!(tables[2].def, system::objids_table_def(6, trees.objids.unwrap()), "{ps}");
            assert_eq!(tables[3].def, system::locales_table_def(7, trees.locales.unwrap()), "{ps}");
        }
    }
    let _ = std::fs::remove_dir_all(&d);
}

fn dissect_script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/edb-samples/dissect_dump.py")
}

/// Runs dissect_dump.py (requires python3 with dissect.esedb installed).
pub(crate) fn dissect_dump(p: &std::path::Path) -> super::json::Json {
    let out = Command::new("python3").arg(dissect_script()).arg(p).arg("--compact").output().expect("python3");
    assert!(out.status.success(), "dissect_dump failed: {}", String::from_utf8_lossy(&out.stderr));
    super::json::parse(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn independent_readers_read_a_new_database() {
    let d = temp_dir("esent-readers");
    for ps in PAGE_SIZES {
        let (p, store) = new_database(&d, ps);
        drop(store);
        let j = dissect_dump(&p);
        assert_eq!(j.get("format").str(), "ese-canonical-1");
        assert!(j.get("tables").arr().is_empty(), "{ps}: user tables {:?}", j.get("tables"));
        // dissect.esedb sees our system tables and their columns
        let script = r#"
import sys
from dissect.esedb import EseDB
db = EseDB(open(sys.argv[1], "rb"))
for t in db.tables():
    print(t.name, ",".join(c.name for c in t.columns), ",".join(i.name for i in t.indexes))
"#;
        let out = Command::new("python3").arg("-c").arg(script).arg(&p).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        let lines: BTreeSet<&str> = text.lines().collect();
        assert!(lines.contains("MSysObjids objid,objidTable,type primary"), "{text}");
        assert!(lines.contains("MSysLocales Type,iValue,Key KeyPrimary"), "{text}");
        if Command::new("esedbinfo").arg("-V").output().is_ok() {
            let out = Command::new("esedbinfo").arg(&p).output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "esedbinfo: {text}{}", String::from_utf8_lossy(&out.stderr));
            assert!(text.contains("MSysObjids") && text.contains("MSysLocales"), "{text}");
        }
    }
    let _ = std::fs::remove_dir_all(&d);
}
