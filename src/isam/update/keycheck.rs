//! Whether a unique B-tree holds a key: the B-tree half of an insert's
//! duplicate-key check, with a per-thread hint of the leaf the last check of
//! a tree ended on.
//!
//! Owns: `tree_has_key`. Its answer is exactly what a seek for the key
//! (`Cursor::seek(Eq)`: the first visible entry at or after it, compared
//! with it) would say; it only avoids the descent when it can.
//!
//! Why the hint is sound: while nothing was applied to the database (the
//! store's dbtime, which every page change advances, is unchanged) the tree's
//! pages are exactly as when the hint was taken. A leaf of the tree then
//! still decides every key between its first and last nodes and, when it has
//! no next page, every key after it (no entry of the tree is larger). The
//! writes of an open transaction are only staged, so a batch of inserts in one
//! transaction checks each key against one leaf; sequential keys always fall
//! after the rightmost leaf and need no page search at all.
//! Must never: trust a hint across an apply (dbtime moved), or for another
//! database or tree; decide when the leaf's nodes leave any doubt (a run of
//! flag-deleted nodes to its end, a key equal to its first node): those take
//! the full seek.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::sync::{Arc, Weak};

use crate::btree::cursor::{Target, check_page, cmp2, first_at_or_after, leaf_for, leaf_index};
use crate::btree::{Store, Tree};
use crate::buffer::Pgno;
use crate::error::JetResult;
use crate::format::page::PageView;
use crate::isam::database::Database;

/// The leaf the last check of one tree ended on.
struct Hint {
    /// Held weakly: the allocation cannot be reused while the hint exists,
    /// so a pointer match names the same database object.
    db: Weak<Database>,
    tree: Tree,
    /// The store's dbtime when the hint was taken.
    dbtime: u64,
    leaf: Pgno,
}

/// Trees a thread keeps hints for (a table's primary index and a few
/// unique secondary indexes).
const HINTS_MAX: usize = 8;

thread_local! {
    static HINTS: RefCell<Vec<Hint>> = const { RefCell::new(Vec::new()) };
}

/// What one leaf says about a key.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Verdict {
    Present,
    Absent,
    /// The leaf alone does not decide: seek.
    Unknown,
}

fn hinted_leaf(db: &Arc<Database>, tree: &Tree, dbtime: u64) -> Option<Pgno> {
    HINTS.with(|h| {
        h.borrow().iter().find(|x| x.tree == *tree && x.dbtime == dbtime && std::ptr::eq(x.db.as_ptr(), Arc::as_ptr(db))).map(|x| x.leaf)
    })
}

fn remember(db: &Arc<Database>, tree: &Tree, dbtime: u64, leaf: Pgno) {
    HINTS.with(|h| {
        let mut h = h.borrow_mut();
        if let Some(x) = h.iter_mut().find(|x| x.tree == *tree && std::ptr::eq(x.db.as_ptr(), Arc::as_ptr(db))) {
            x.dbtime = dbtime;
            x.leaf = leaf;
            return;
        }
        // hints of databases that are gone go first, then the oldest
        h.retain(|x| x.db.strong_count() > 0);
        if h.len() >= HINTS_MAX {
            h.remove(0);
        }
        h.push(Hint { db: Arc::downgrade(db), tree: *tree, dbtime, leaf });
    })
}

/// What leaf `pgno` of `tree` (valid in the store as it is) says about `key`.
fn on_leaf(store: &Store, tree: &Tree, pgno: Pgno, key: &[u8]) -> JetResult<Verdict> {
    let g = store.read_page(pgno)?;
    let v = PageView::new(&g)?;
    check_page(&v, tree, Some(true))?;
    let n = v.line_count();
    let (first_leaf, last_leaf) = (v.prev() == 0, v.next() == 0);
    if n == 0 {
        // the tree's only leaf, empty: the tree is empty
        return Ok(if first_leaf && last_leaf { Verdict::Absent } else { Verdict::Unknown });
    }
    let last = v.node(n - 1)?;
    let last_cmp = cmp2(last.prefix, last.suffix, key);
    if last_cmp == Ordering::Less {
        // every entry of the tree is before the key, or a later leaf decides
        return Ok(if last_leaf { Verdict::Absent } else { Verdict::Unknown });
    }
    if !first_leaf {
        let first = v.node(0)?;
        if cmp2(first.prefix, first.suffix, key) != Ordering::Less {
            // an earlier leaf may end at the key
            return Ok(Verdict::Unknown);
        }
    }
    // the first visible entry at or after the key is on this leaf, if any is
    let t = Target { key, data: None, after: false };
    for i in leaf_index(&v, true, &t)?..n {
        let node = v.node(i)?;
        if !node.is_deleted() {
            return Ok(if cmp2(node.prefix, node.suffix, key) == Ordering::Equal { Verdict::Present } else { Verdict::Absent });
        }
    }
    Ok(if last_leaf { Verdict::Absent } else { Verdict::Unknown })
}

/// Whether unique tree `tree` of database `db` (whose store the caller has
/// locked, `store`) holds a visible entry with exactly `key`.
pub(crate) fn tree_has_key(db: &Arc<Database>, store: &Store, tree: &Tree, key: &[u8]) -> JetResult<bool> {
    if !tree.unique {
        return probe(store, tree, key, None).map(|(found, _)| found);
    }
    let dbtime = store.dbtime();
    let (found, descended) = probe(store, tree, key, hinted_leaf(db, tree, dbtime))?;
    if let Some(leaf) = descended {
        remember(db, tree, dbtime, leaf);
    }
    Ok(found)
}

/// The answer for `key`, trying leaf `hint` first (a leaf of the tree as the
/// store is now), and the leaf a descent found if one was needed.
fn probe(store: &Store, tree: &Tree, key: &[u8], hint: Option<Pgno>) -> JetResult<(bool, Option<Pgno>)> {
    let t = Target { key, data: None, after: false };
    if !tree.unique {
        return Ok((first_at_or_after(store, tree, &t)?.is_some_and(|e| e.key == key), None));
    }
    if let Some(leaf) = hint {
        // any failure here is found again, and reported, by the full seek
        match on_leaf(store, tree, leaf, key) {
            Ok(Verdict::Present) => return Ok((true, None)),
            Ok(Verdict::Absent) => return Ok((false, None)),
            Ok(Verdict::Unknown) | Err(_) => {}
        }
    }
    let leaf = leaf_for(store, tree, &t)?;
    let found = match on_leaf(store, tree, leaf, key)? {
        Verdict::Present => true,
        Verdict::Absent => false,
        Verdict::Unknown => first_at_or_after(store, tree, &t)?.is_some_and(|e| e.key == key),
    };
    Ok((found, Some(leaf)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::btree::{Cursor, SeekMode, TreeKind};
    use crate::format::fixed::PGNO_SYSTEM_ROOT;
    use crate::os::LocalFs;
    use crate::space::{CreateOptions, create_database};

    use crate::record::testrng::Rng;

    /// What a seek says (the answer `probe` must give).
    fn seek_says(store: &Store, tree: &Tree, key: &[u8]) -> bool {
        Cursor::new(*tree).seek(store, key, None, SeekMode::Eq).is_ok()
    }

    /// Every leaf of the tree, in order.
    fn leaves(store: &Store, tree: &Tree) -> Vec<Pgno> {
        let mut c = Cursor::new(*tree);
        let mut out: Vec<Pgno> = Vec::new();
        let mut r = c.first(store);
        while r.is_ok() {
            let p = c.entry().unwrap().pgno;
            if out.last() != Some(&p) {
                out.push(p);
            }
            r = c.next(store);
        }
        out
    }

    #[test]
    fn every_leaf_as_a_hint_gives_the_seeks_answer() {
        let dir = std::env::temp_dir().join(format!("esent-keycheck-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("test.edb");
        let mut store = create_database(&LocalFs, &path, &CreateOptions::default()).unwrap();
        let tree = store.create_tree(PGNO_SYSTEM_ROOT, 8, TreeKind::Primary, true, false).unwrap();
        let mut rng = Rng::new(42);
        // even keys present (some removed again), odd keys never: probes
        // land inside leaves, between them and past both ends
        let key = |n: u64| {
            let mut k = vec![0x7F];
            k.extend_from_slice(&(n * 2).to_be_bytes());
            k
        };
        let mut b = store.batch().unwrap();
        for n in 1..=3000u64 {
            b.insert(&tree, &key(n), &rng.bytes(40)).unwrap();
        }
        b.commit().unwrap();
        let mut b = store.batch().unwrap();
        for n in (1..=3000u64).filter(|n| n % 7 == 0 || (1200..1400).contains(n)) {
            b.delete(&tree, &key(n), None).unwrap();
        }
        b.commit().unwrap();
        let leaves = leaves(&store, &tree);
        assert!(leaves.len() > 10, "the tree spans many leaves ({})", leaves.len());
        let mut probes: Vec<Vec<u8>> = (0..=3001u64).map(key).collect();
        probes.extend((0..=3001u64).map(|n| {
            let mut k = key(n);
            *k.last_mut().unwrap() |= 1;
            k
        }));
        probes.extend([vec![], vec![0x00], vec![0x7F], vec![0xFF; 12], key(5)[..5].to_vec()]);
        for _ in 0..200 {
            let n = 1 + rng.below(10) as usize;
            probes.push(rng.bytes(n));
        }
        let mut decided_by_hint = 0;
        for k in &probes {
            let want = seek_says(&store, &tree, k);
            let (found, leaf) = probe(&store, &tree, k, None).unwrap();
            assert_eq!(found, want, "{k:02x?} without a hint");
            assert!(leaf.is_some_and(|l| leaves.contains(&l)));
            for &hint in leaves.iter().step_by(3).chain(leaves.last()) {
                let (found, descended) = probe(&store, &tree, k, Some(hint)).unwrap();
                assert_eq!(found, want, "{k:02x?} with leaf {hint}");
                decided_by_hint += usize::from(descended.is_none());
            }
        }
        // the hint does decide, often: keys inside a hinted leaf, keys past the last one
        assert!(decided_by_hint > probes.len() / 4, "{decided_by_hint} of {}", probes.len());
        let last = *leaves.last().unwrap();
        assert_eq!(probe(&store, &tree, &key(5000), Some(last)).unwrap(), (false, None));
        assert_eq!(probe(&store, &tree, &key(2996), Some(last)).unwrap(), (false, None));
        assert_eq!(probe(&store, &tree, &key(2998), Some(last)).unwrap(), (true, None));
        // an empty tree: its only leaf says no
        let empty = store.create_tree(PGNO_SYSTEM_ROOT, 1, TreeKind::Primary, true, false).unwrap();
        let (found, leaf) = probe(&store, &empty, &key(1), None).unwrap();
        assert!(!found);
        assert_eq!(probe(&store, &empty, &key(2), leaf).unwrap(), (false, None));
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
