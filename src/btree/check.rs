//! Structural checks of a tree (for tests and integrity checks): every rule
//! `write` keeps, verified from the pages.

use super::cursor::{MAX_DEPTH, cmp2};
use super::store::{Store, Tree};
use crate::buffer::Pgno;
use crate::error::JetResult;
use crate::format::page::{PageView, flags};
use std::cmp::Ordering;

/// What a check found.
#[derive(Clone, Debug, Default)]
pub struct TreeStats {
    /// Visible entries.
    pub entries: usize,
    /// Every page of the tree, level by level.
    pub pages: Vec<Pgno>,
    /// Levels (1: the root is a leaf).
    pub depth: usize,
}

/// Every page of a tree (root first, then level by level).
pub fn tree_pages(store: &Store, tree: &Tree) -> JetResult<Vec<Pgno>> {
    let mut out = vec![tree.root];
    let mut level = vec![tree.root];
    for _ in 0..MAX_DEPTH {
        let mut next = Vec::new();
        for &p in &level {
            let g = store.read_page(p)?;
            let v = PageView::new(&g)?;
            if v.is_leaf() {
                continue;
            }
            for i in 0..v.line_count() {
                next.push(v.node(i)?.child()?);
            }
        }
        if next.is_empty() {
            return Ok(out);
        }
        out.extend(&next);
        level = next;
    }
    Err(crate::error::JetError::DatabaseCorrupted)
}

/// The bytes a separator is compared with for an entry.
fn bound_bytes(unique: bool, key: &[u8], data: &[u8]) -> Vec<u8> {
    if unique { key.to_vec() } else { [key, data].concat() }
}

/// Check a tree: levels, flags, separators, order, sibling links both ways
/// on the leaf level and none above, no empty page but the root. Returns
/// statistics, or what is wrong.
pub fn check_tree(store: &Store, tree: &Tree) -> Result<TreeStats, String> {
    let err = |s: String| -> String { format!("tree {} (objid {}): {s}", tree.root, tree.objid) };
    // (page, lower bound, upper bound), one level at a time
    let mut level: Vec<(Pgno, Option<Vec<u8>>, Option<Vec<u8>>)> = vec![(tree.root, None, None)];
    let mut stats = TreeStats::default();
    let mut kind_flags = None;
    let mut last_entry: Option<(Vec<u8>, Vec<u8>)> = None;
    for depth in 0..MAX_DEPTH {
        stats.depth = depth + 1;
        let mut next = Vec::new();
        let mut leaf_level = None;
        for (i, (pgno, lo, hi)) in level.iter().enumerate() {
            stats.pages.push(*pgno);
            let g = store.read_page(*pgno).map_err(|e| err(format!("page {pgno}: {e}")))?;
            let v = PageView::new(&g).map_err(|e| err(format!("page {pgno}: {e}")))?;
            let f = v.flags();
            if v.objid() != tree.objid {
                return Err(err(format!("page {pgno} has objid {}", v.objid())));
            }
            if f & flags::EMPTY != 0 {
                return Err(err(format!("page {pgno} is marked empty")));
            }
            if (f & flags::ROOT != 0) != (depth == 0) {
                return Err(err(format!("page {pgno}: root flag at depth {depth}")));
            }
            let kf = f & flags::TREE_KIND;
            if *kind_flags.get_or_insert(kf) != kf {
                return Err(err(format!("page {pgno}: kind flags {kf:#x}")));
            }
            match leaf_level {
                None => leaf_level = Some(v.is_leaf()),
                Some(l) if l != v.is_leaf() => return Err(err(format!("page {pgno}: leaves at different depths"))),
                _ => {}
            }
            // sibling links along the leaf level; none on internal pages (as ESE)
            let leaf = v.is_leaf();
            let want_prev = if i == 0 || !leaf { 0 } else { level[i - 1].0 };
            let want_next = if leaf { level.get(i + 1).map_or(0, |x| x.0) } else { 0 };
            if depth > 0 && (v.prev() != want_prev || v.next() != want_next) {
                return Err(err(format!(
                    "page {pgno}: links {}<->{} but neighbours are {want_prev} and {want_next}",
                    v.prev(),
                    v.next()
                )));
            }
            let n = v.line_count();
            if n == 0 && depth > 0 {
                return Err(err(format!("page {pgno}: empty non-root page")));
            }
            let inside = |b: &[u8]| -> bool {
                lo.as_ref().is_none_or(|l| cmp2(b, &[], l) != Ordering::Less) && hi.as_ref().is_none_or(|h| cmp2(b, &[], h) == Ordering::Less)
            };
            if v.is_leaf() {
                if f & flags::PARENT_OF_LEAF != 0 {
                    return Err(err(format!("page {pgno}: leaf and parent of leaf")));
                }
                for j in 0..n {
                    let node = v.node(j).map_err(|e| err(format!("page {pgno} line {j}: {e}")))?;
                    let (k, d) = (node.key(), node.data.to_vec());
                    if !inside(&bound_bytes(tree.unique, &k, &d)) {
                        return Err(err(format!("page {pgno} line {j}: entry outside its parent's separators")));
                    }
                    if let Some((pk, pd)) = &last_entry {
                        let c = pk.as_slice().cmp(&k).then(if tree.unique { Ordering::Less } else { pd.as_slice().cmp(&d) });
                        if c != Ordering::Less {
                            return Err(err(format!("page {pgno} line {j}: entries out of order")));
                        }
                    }
                    if !node.is_deleted() {
                        stats.entries += 1;
                    }
                    last_entry = Some((k, d));
                }
            } else {
                let mut prev_sep = lo.clone();
                let mut children_leaf = None;
                for j in 0..n {
                    let node = v.node(j).map_err(|e| err(format!("page {pgno} line {j}: {e}")))?;
                    let child = node.child().map_err(|e| err(format!("page {pgno} line {j}: {e}")))?;
                    let sep = node.key();
                    let upper = if j == n - 1 {
                        if !sep.is_empty() {
                            return Err(err(format!("page {pgno}: last separator is not empty")));
                        }
                        hi.clone()
                    } else {
                        if let Some(p) = &prev_sep {
                            if cmp2(&sep, &[], p) != Ordering::Greater {
                                return Err(err(format!("page {pgno} line {j}: separators out of order")));
                            }
                        }
                        if hi.as_ref().is_some_and(|h| cmp2(&sep, &[], h) == Ordering::Greater) {
                            return Err(err(format!("page {pgno} line {j}: separator above the page's bound")));
                        }
                        Some(sep)
                    };
                    let cg = store.read_page(child).map_err(|e| err(format!("child {child}: {e}")))?;
                    let cv = PageView::new(&cg).map_err(|e| err(format!("child {child}: {e}")))?;
                    match children_leaf {
                        None => children_leaf = Some(cv.is_leaf()),
                        Some(l) if l != cv.is_leaf() => return Err(err(format!("page {pgno}: children at different levels"))),
                        _ => {}
                    }
                    next.push((child, prev_sep.clone(), upper.clone()));
                    prev_sep = upper;
                }
                let pol = f & flags::PARENT_OF_LEAF != 0;
                if children_leaf == Some(true) && !pol || children_leaf == Some(false) && pol {
                    return Err(err(format!("page {pgno}: parent-of-leaf flag wrong")));
                }
            }
        }
        if next.is_empty() {
            return Ok(stats);
        }
        level = next;
    }
    Err(err("too deep".into()))
}
