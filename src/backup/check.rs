//! An integrity check of a database file, for a database a restore (or a
//! recovery) produced: every B-tree checks out (order, links, levels), the
//! space accounting is exact (each page owned once and accounted for), and
//! each table's records and index entries are counted, so that a caller can
//! see that every index agrees with its table.
//!
//! Owns: nothing but the walk. Must never: write to the file (it is opened
//! read-only).

use std::path::Path;

use crate::btree::{Store, StoreOptions, check_tree};
use crate::catalog::read::read_catalog_from_store;
use crate::format::fixed::PGNO_SYSTEM_ROOT;
use crate::os::LocalFs;

/// What the check counted in one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSummary {
    pub name: String,
    /// Entries of the primary tree (the records).
    pub records: usize,
    /// Entries of each secondary index, by name.
    pub indexes: Vec<(String, usize)>,
    /// Entries of its long-value tree, if it has one.
    pub long_values: Option<usize>,
}

/// Check a database file that no instance has attached; Err says what is wrong.
pub fn check_database(path: &Path) -> Result<Vec<TableSummary>, String> {
    let store = Store::open(&LocalFs, path, StoreOptions { read_only: true, cache_pages: 4096, extension_pages: 1 })
        .map_err(|e| format!("open: {e:?}"))?;
    let tables = read_catalog_from_store(&store).map_err(|e| format!("catalog: {e:?}"))?;
    let mut fdps = vec![PGNO_SYSTEM_ROOT];
    let mut out = Vec::new();
    let count = |pgno: u32, what: &str| -> Result<usize, String> {
        let tree = store.open_tree(pgno).map_err(|e| format!("{what} (page {pgno}): {e:?}"))?;
        check_tree(&store, &tree).map(|s| s.entries).map_err(|e| format!("{what} (page {pgno}): {e}"))
    };
    for t in &tables {
        let d = &t.def;
        fdps.push(d.pgno_fdp);
        let records = count(d.pgno_fdp, &d.name)?;
        let mut indexes = Vec::new();
        for i in d.indexes.iter().filter(|i| i.pgno_fdp != d.pgno_fdp) {
            fdps.push(i.pgno_fdp);
            indexes.push((i.name.clone(), count(i.pgno_fdp, &format!("{}.{}", d.name, i.name))?));
        }
        let long_values = match d.lv_tree {
            Some((_, pgno)) => {
                fdps.push(pgno);
                Some(count(pgno, &format!("{} long values", d.name))?)
            }
            None => None,
        };
        out.push(TableSummary { name: d.name.clone(), records, indexes, long_values });
    }
    fdps.sort_unstable();
    fdps.dedup();
    crate::space::check_space(&store, &fdps)?;
    Ok(out)
}
