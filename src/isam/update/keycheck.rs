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

use crate::btree::cursor::{Target, check_page, cmp2, descend, find_ge, leaf_index};
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
    let t = Target { key, data: None, after: false };
    if !tree.unique {
        return Ok(find_ge(store, tree, &t)?.is_some_and(|e| e.key == key));
    }
    let dbtime = store.dbtime();
    if let Some(leaf) = hinted_leaf(db, tree, dbtime) {
        // any failure here is found again, and reported, by the full seek
        match on_leaf(store, tree, leaf, key) {
            Ok(Verdict::Present) => return Ok(true),
            Ok(Verdict::Absent) => return Ok(false),
            Ok(Verdict::Unknown) | Err(_) => {}
        }
    }
    let leaf = descend(store, tree, &t)?;
    remember(db, tree, dbtime, leaf);
    match on_leaf(store, tree, leaf, key)? {
        Verdict::Present => Ok(true),
        Verdict::Absent => Ok(false),
        Verdict::Unknown => Ok(find_ge(store, tree, &t)?.is_some_and(|e| e.key == key)),
    }
}
