//! Changing a tree: insert, replace, delete, with splits, merges and the
//! freeing of pages that empty. Runs inside an `Op` (the database's
//! exclusive lock is held by the caller).
//!
//! Shape rules kept here (ESE's):
//! - the root never moves: when it overflows, its nodes move to a new child
//!   (vertical split) which then splits like any page;
//! - a page that overflows splits into two pages (three when a large node
//!   leaves no two-way cut); inserting past the last entry of the rightmost
//!   page of a level moves only that entry to the new page (append split), so
//!   loads in key order fill pages;
//! - the parent gets one separator per new boundary: the shortest prefix of
//!   the right side's first entry (key, or key+data in a non-unique tree)
//!   above the left side's last; on an internal page the left part's last
//!   separator moves up and its node keeps an empty key (no upper bound);
//! - leaf pages are linked to their siblings both ways; internal pages have
//!   no sibling links (ESE leaves them 0, and libesedb refuses a tree whose
//!   internal pages have them);
//! - a page left empty is unlinked and freed, its parent entry removed (the
//!   new last entry of the parent loses its key); a page under a quarter
//!   full merges into a sibling under the same parent when both fit one page;
//!   a root with a single child takes the child's nodes back when they fit.

use super::cursor::{MAX_DEPTH, Target, cmp2};
use super::op::{Op, too_big};
use super::store::{Tree, TreeKind};
use crate::buffer::Pgno;
use crate::error::{JetError, JetResult};
use crate::format::page::{self, NodeOut, PageData, TAG_SIZE, flags, header_size, lcp};
use std::cmp::Ordering;

/// The longest key a tree of this page size accepts (ESE's JET_cbKeyMost for the page size).
pub fn max_key_size(page_size: usize) -> usize {
    if page_size <= 4096 { 1000 } else { 2000 }
}

/// The largest key+data a node may have: a leaf node alone on a page, with
/// room left for its separator to fit an internal page.
pub fn max_node_payload(page_size: usize) -> usize {
    page_size - header_size(page_size) - 2 * TAG_SIZE - page::KEY_COUNT_SIZE - 4
}

/// An error from the space trees while a data tree changes: what would mean
/// "bad request" at the API means a damaged space tree here (and must not
/// pass for an error that left the batch untouched).
pub(crate) fn space_error(e: JetError) -> JetError {
    match e {
        JetError::RecordNotFound | JetError::KeyDuplicate | JetError::KeyTooBig | JetError::RecordTooBig | JetError::InvalidParameter => {
            JetError::SPAvailExtCorrupted
        }
        e => e,
    }
}

fn child_of(n: &NodeOut) -> JetResult<Pgno> {
    if n.data.len() != 4 {
        return Err(JetError::DatabaseCorrupted);
    }
    Ok(u32::from_le_bytes([n.data[0], n.data[1], n.data[2], n.data[3]]))
}

fn child_data(pgno: Pgno) -> Vec<u8> {
    pgno.to_le_bytes().to_vec()
}

/// The separator between two adjacent entries (see the module comment).
fn separator(unique: bool, left: &NodeOut, right: &NodeOut) -> Vec<u8> {
    let (a, b) = if unique {
        (left.key.clone(), right.key.clone())
    } else {
        ([left.key.as_slice(), left.data.as_slice()].concat(), [right.key.as_slice(), right.data.as_slice()].concat())
    };
    let l = lcp(&a, &b);
    if l < b.len() && (l == a.len() || a[l] < b[l]) { b[..l + 1].to_vec() } else { b }
}

/// The child of internal page `pd` a descent takes (the last node has no bound).
fn child_index(pd: &PageData, bytes: &[u8], open_ended: bool) -> JetResult<usize> {
    let n = pd.nodes.len();
    if n == 0 {
        return Err(JetError::DatabaseCorrupted);
    }
    Ok(pd.nodes[..n - 1].partition_point(|sep| {
        let above = if open_ended && sep.key.starts_with(bytes) { false } else { cmp2(&sep.key, &[], bytes) == Ordering::Greater };
        !above
    }))
}

fn leaf_pos(pd: &PageData, unique: bool, t: &Target<'_>) -> usize {
    pd.nodes.partition_point(|n| !{
        let c = t.cmp_entry(unique, &n.key, &[], &n.data);
        if t.after { c == Ordering::Greater } else { c != Ordering::Less }
    })
}

fn is_exact(n: &NodeOut, unique: bool, key: &[u8], data: Option<&[u8]>) -> bool {
    n.key == key && (unique || data.is_none_or(|d| n.data == d))
}

/// Uncompressed bytes `nodes` take on a non-root page (an upper bound of what the encoder needs).
fn raw_size(page_size: usize, nodes: &[NodeOut]) -> usize {
    header_size(page_size)
        + TAG_SIZE
        + nodes.iter().map(|n| page::line_size(n.key.len(), n.data.len(), false) + TAG_SIZE).sum::<usize>()
}

impl<'s> Op<'s> {
    /// One step of a descent from internal or leaf page `pgno`: None at a
    /// leaf; else the index of the child taken, the child, and whether the
    /// page says its children are leaves.
    fn step_down(&mut self, tree: &Tree, pgno: Pgno, bytes: &[u8], open_ended: bool) -> JetResult<Option<(usize, Pgno, bool)>> {
        let pd = self.page(pgno)?;
        if pd.header.objid != tree.objid || pd.header.flags & flags::EMPTY != 0 {
            return Err(JetError::DatabaseCorrupted);
        }
        if pd.header.flags & flags::LEAF != 0 {
            return Ok(None);
        }
        let i = child_index(pd, bytes, open_ended)?;
        Ok(Some((i, child_of(&pd.nodes[i])?, pd.header.flags & flags::PARENT_OF_LEAF != 0)))
    }

    /// Root-to-leaf path for a target: (page, index of the child taken); the
    /// leaf's index is 0 (the caller finds its line).
    pub(crate) fn tree_path(&mut self, tree: &Tree, t: &Target<'_>) -> JetResult<Vec<(Pgno, usize)>> {
        let (bytes, open_ended) = t.descent(tree.unique);
        let mut path = Vec::new();
        let mut pgno = tree.root;
        for _ in 0..MAX_DEPTH {
            match self.step_down(tree, pgno, &bytes, open_ended)? {
                None => {
                    path.push((pgno, 0));
                    return Ok(path);
                }
                Some((i, child, _)) => {
                    path.push((pgno, i));
                    pgno = child;
                }
            }
        }
        Err(JetError::DatabaseCorrupted)
    }

    /// The leaf a target belongs in, found through the internal pages only
    /// (the leaf itself is not decoded); None when the root is the leaf.
    fn leaf_below(&mut self, tree: &Tree, t: &Target<'_>) -> JetResult<Option<Pgno>> {
        let (bytes, open_ended) = t.descent(tree.unique);
        let mut pgno = tree.root;
        for _ in 0..MAX_DEPTH {
            match self.step_down(tree, pgno, &bytes, open_ended)? {
                None => return Ok(None),
                Some((_, child, true)) => return Ok(Some(child)),
                Some((_, child, false)) => pgno = child,
            }
        }
        Err(JetError::DatabaseCorrupted)
    }

    fn check_node(&self, key: &[u8], data: &[u8]) -> JetResult<()> {
        let ps = self.page_size();
        if key.len() > max_key_size(ps) {
            return Err(JetError::KeyTooBig);
        }
        if data.is_empty() {
            // ESE refuses to read a leaf node without data
            return Err(JetError::InvalidParameter);
        }
        if key.len() + data.len() > max_node_payload(ps) {
            return Err(too_big(key.len(), max_key_size(ps)));
        }
        Ok(())
    }

    /// Insert an entry. `KeyDuplicate` if a unique tree has the key, or a
    /// non-unique tree the same key and data.
    pub(crate) fn tree_insert(&mut self, tree: &Tree, key: &[u8], data: &[u8]) -> JetResult<()> {
        self.check_node(key, data)?;
        let t = Target { key, data: (!tree.unique).then_some(data), after: false };
        if tree.kind != TreeKind::Space {
            if let Some(leaf) = self.leaf_below(tree, &t)? {
                if self.insert_in_place(leaf, tree, &t, key, data)? {
                    return Ok(());
                }
            }
        }
        let mut path = self.tree_path(tree, &t)?;
        let leaf = path.last().unwrap().0;
        let pd = self.page(leaf)?;
        let idx = leaf_pos(pd, tree.unique, &t);
        if idx < pd.nodes.len() && is_exact(&pd.nodes[idx], tree.unique, key, Some(data)) {
            return Err(JetError::KeyDuplicate);
        }
        let node = NodeOut { flags: 0, key: key.to_vec(), data: data.to_vec() };
        self.page_mut(leaf)?.nodes.insert(idx, node);
        let level = path.len() - 1;
        if !self.page(leaf)?.fits() {
            self.split(tree, &mut path, level, idx)?;
        }
        Ok(())
    }

    /// Find an entry exactly: its path and line.
    fn find_exact(&mut self, tree: &Tree, key: &[u8], data: Option<&[u8]>) -> JetResult<(Vec<(Pgno, usize)>, usize)> {
        let t = Target { key, data, after: false };
        let path = self.tree_path(tree, &t)?;
        let leaf = path.last().unwrap().0;
        let pd = self.page(leaf)?;
        let idx = leaf_pos(pd, tree.unique, &t);
        if idx < pd.nodes.len() && is_exact(&pd.nodes[idx], tree.unique, key, data) {
            Ok((path, idx))
        } else {
            Err(JetError::RecordNotFound)
        }
    }

    /// Give the entry with `key` new data (unique trees; in a non-unique tree
    /// the data is part of the entry's identity: delete and insert instead).
    pub(crate) fn tree_replace(&mut self, tree: &Tree, key: &[u8], data: &[u8]) -> JetResult<()> {
        if !tree.unique {
            return Err(JetError::InvalidParameter);
        }
        self.check_node(key, data)?;
        let t = Target { key, data: None, after: false };
        if tree.kind != TreeKind::Space {
            if let Some(leaf) = self.leaf_below(tree, &t)? {
                if self.replace_in_place(leaf, tree, &t, key, data)? {
                    return Ok(());
                }
            }
        }
        let (mut path, idx) = self.find_exact(tree, key, None)?;
        let level = path.len() - 1;
        let leaf = path[level].0;
        self.page_mut(leaf)?.nodes[idx].data = data.to_vec();
        if !self.page(leaf)?.fits() {
            self.split(tree, &mut path, level, idx)
        } else {
            self.after_shrink(tree, &mut path, level)
        }
    }

    /// Remove an entry (`data` names it in a non-unique tree, and is ignored in a unique one).
    pub(crate) fn tree_delete(&mut self, tree: &Tree, key: &[u8], data: Option<&[u8]>) -> JetResult<()> {
        let data = if tree.unique { None } else { Some(data.ok_or(JetError::InvalidParameter)?) };
        let t = Target { key, data, after: false };
        if tree.kind != TreeKind::Space {
            if let Some(leaf) = self.leaf_below(tree, &t)? {
                if self.delete_in_place(leaf, tree, &t, key, data)? {
                    return Ok(());
                }
            }
        }
        let (mut path, idx) = self.find_exact(tree, key, data)?;
        let level = path.len() - 1;
        self.page_mut(path[level].0)?.nodes.remove(idx);
        self.after_shrink(tree, &mut path, level)
    }

    /// A page for `tree` to grow into.
    fn alloc_page_for(&mut self, tree: &Tree) -> JetResult<Pgno> {
        if tree.kind == TreeKind::Space {
            // space trees split into pages reserved before the change began
            self.reserve.get_mut(&tree.fdp).and_then(|r| r.pop()).ok_or_else(|| crate::format::internal_error(file!(), line!()))
        } else {
            self.alloc_page(tree.fdp).map_err(space_error)
        }
    }

    /// A page `tree` no longer uses.
    fn free_page_of(&mut self, tree: &Tree, pgno: Pgno) -> JetResult<()> {
        self.release_page(pgno)?;
        if tree.kind == TreeKind::Space {
            self.reserve.entry(tree.fdp).or_default().push(pgno);
            Ok(())
        } else {
            self.free_page(tree.fdp, pgno).map_err(space_error)
        }
    }

    /// Split the page at `path[level]`, which no longer fits. `hint`: the line that grew.
    fn split(&mut self, tree: &Tree, path: &mut Vec<(Pgno, usize)>, level: usize, hint: usize) -> JetResult<()> {
        let pgno = path[level].0;
        if level == 0 {
            // vertical split: the root's nodes move to a new child
            let child = self.alloc_page_for(tree)?;
            let (nodes, root_flags) = {
                let r = self.page_mut(pgno)?;
                (std::mem::take(&mut r.nodes), r.header.flags)
            };
            let child_flags = root_flags & !flags::ROOT;
            let child_is_leaf = child_flags & flags::LEAF != 0;
            self.create_page(child, tree.objid, child_flags).nodes = nodes;
            let r = self.page_mut(pgno)?;
            r.nodes = vec![NodeOut { flags: 0, key: Vec::new(), data: child_data(child) }];
            r.header.flags = (root_flags & !(flags::LEAF | flags::PARENT_OF_LEAF))
                | if child_is_leaf { flags::PARENT_OF_LEAF } else { 0 };
            path[0].1 = 0;
            path.insert(1, (child, 0));
            if !self.page(child)?.fits() {
                return self.split(tree, path, 1, hint);
            }
            return Ok(());
        }
        // the rightmost page of its level: every ancestor follows its last entry
        let mut rightmost = true;
        for &(p, i) in &path[..level] {
            rightmost &= i + 1 == self.page(p)?.nodes.len();
        }
        let cuts = self.partition(pgno, hint, rightmost)?;
        let k = cuts.len() + 1;
        let mut ids = vec![pgno];
        for _ in 1..k {
            ids.push(self.alloc_page_for(tree)?);
        }
        let (nodes, hdr) = {
            let p = self.page_mut(pgno)?;
            (std::mem::take(&mut p.nodes), p.header.clone())
        };
        let is_leaf = hdr.flags & flags::LEAF != 0;
        let mut parts: Vec<Vec<NodeOut>> = Vec::with_capacity(k);
        let mut rest = nodes;
        for &c in cuts.iter().rev() {
            parts.push(rest.split_off(c));
        }
        parts.push(rest);
        parts.reverse();
        let mut seps = Vec::with_capacity(k - 1);
        for j in 0..k - 1 {
            if is_leaf {
                seps.push(separator(tree.unique, parts[j].last().unwrap(), &parts[j + 1][0]));
            } else {
                seps.push(std::mem::take(&mut parts[j].last_mut().unwrap().key));
            }
        }
        let old_next = hdr.pgno_next;
        for (j, part) in parts.into_iter().enumerate() {
            let prev = if j == 0 { hdr.pgno_prev } else { ids[j - 1] };
            let next = if j == k - 1 { old_next } else { ids[j + 1] };
            let p = if j == 0 { self.page_mut(pgno)? } else { self.create_page(ids[j], tree.objid, hdr.flags) };
            p.nodes = part;
            (p.header.pgno_prev, p.header.pgno_next) = if is_leaf { (prev, next) } else { (0, 0) };
        }
        if is_leaf && old_next != 0 {
            self.page_mut(old_next)?.header.pgno_prev = ids[k - 1];
        }
        let (q, qi) = path[level - 1];
        let qp = self.page_mut(q)?;
        qp.nodes[qi].data = child_data(ids[k - 1]);
        for (j, sep) in seps.into_iter().enumerate() {
            qp.nodes.insert(qi + j, NodeOut { flags: 0, key: sep, data: child_data(ids[j]) });
        }
        path.truncate(level);
        if !self.page(q)?.fits() {
            self.split(tree, path, level - 1, qi + k - 1)?;
        }
        Ok(())
    }

    /// Where to cut the nodes of an overflowing non-root page: one cut (two
    /// pages) when possible, more otherwise.
    fn partition(&mut self, pgno: Pgno, hint: usize, rightmost: bool) -> JetResult<Vec<usize>> {
        let ps = self.page_size();
        let pd = self.page(pgno)?;
        let nodes = &pd.nodes;
        let n = nodes.len();
        if n < 2 {
            return Err(crate::format::internal_error(file!(), line!()));
        }
        let fits = |r: std::ops::Range<usize>| PageData::nodes_fit(ps, &nodes[r]);
        // append split at the right edge of a level
        if rightmost && hint + 1 >= n && fits(0..n - 1) && fits(n - 1..n) {
            return Ok(vec![n - 1]);
        }
        // the most even two-way cut by raw size that fits
        let sizes: Vec<usize> = nodes.iter().map(|x| page::line_size(x.key.len(), x.data.len(), false) + TAG_SIZE).collect();
        let total: usize = sizes.iter().sum();
        let mut left = 0usize;
        let mut cands: Vec<(usize, usize)> = Vec::with_capacity(n);
        for s in 1..n {
            left += sizes[s - 1];
            cands.push((left.abs_diff(total - left), s));
        }
        cands.sort_unstable();
        for &(_, s) in cands.iter().take(8) {
            if fits(0..s) && fits(s..n) {
                return Ok(vec![s]);
            }
        }
        // greedy: fill each page by raw size, which the encoder never exceeds
        let mut cuts = Vec::new();
        let mut start = 0;
        while start < n {
            let mut end = start + 1;
            while end < n && raw_size(ps, &nodes[start..end + 1]) <= ps && end + 1 - start < page::MAX_TAGS - 1 {
                end += 1;
            }
            if end < n {
                cuts.push(end);
            }
            start = end;
        }
        if cuts.is_empty() {
            return Err(crate::format::internal_error(file!(), line!()));
        }
        Ok(cuts)
    }

    /// After a page at `path[level]` lost bytes: free it if empty, merge it if
    /// nearly empty, collapse the root if it has a single child.
    fn after_shrink(&mut self, tree: &Tree, path: &mut Vec<(Pgno, usize)>, level: usize) -> JetResult<()> {
        if !self.page(path[level].0)?.fits() {
            // a change that shrank a node can still cost a page its prefix; never expected
            if cfg!(test) {
                eprintln!("after_shrink: page {} no longer fits", path[level].0);
            }
            return self.split(tree, path, level, 0);
        }
        if level == 0 {
            return self.collapse_root(tree);
        }
        let pgno = path[level].0;
        let ps = self.page_size();
        let pd = self.page(pgno)?;
        if pd.nodes.is_empty() {
            return self.remove_page(tree, path, level);
        }
        if pd.used_bytes() < ps / 4 {
            return self.try_merge(tree, path, level);
        }
        Ok(())
    }

    /// Unlink and free the empty page at `path[level]`, and drop its parent entry.
    fn remove_page(&mut self, tree: &Tree, path: &mut Vec<(Pgno, usize)>, level: usize) -> JetResult<()> {
        let pgno = path[level].0;
        let (prev, next) = {
            let h = &self.page(pgno)?.header;
            (h.pgno_prev, h.pgno_next)
        };
        if prev != 0 {
            self.page_mut(prev)?.header.pgno_next = next;
        }
        if next != 0 {
            self.page_mut(next)?.header.pgno_prev = prev;
        }
        self.free_page_of(tree, pgno)?;
        let (q, qi) = path[level - 1];
        path.truncate(level);
        let qp = self.page_mut(q)?;
        qp.nodes.remove(qi);
        if qi == qp.nodes.len() {
            if let Some(last) = qp.nodes.last_mut() {
                last.key.clear();
            }
        }
        if qp.nodes.is_empty() {
            if level - 1 == 0 {
                // the tree is empty: the root is a leaf again
                qp.header.flags = (qp.header.flags & !flags::PARENT_OF_LEAF) | flags::LEAF;
                return Ok(());
            }
            return self.remove_page(tree, path, level - 1);
        }
        self.after_shrink(tree, path, level - 1)
    }

    /// Merge the nearly empty page at `path[level]` with a sibling under the
    /// same parent, when both fit in one page.
    fn try_merge(&mut self, tree: &Tree, path: &mut Vec<(Pgno, usize)>, level: usize) -> JetResult<()> {
        let ps = self.page_size();
        let pgno = path[level].0;
        let (q, qi) = path[level - 1];
        let qlen = self.page(q)?.nodes.len();
        // (left page, right page, index of the left page's entry in the parent)
        let pair = if qi > 0 {
            let l = child_of(&self.page(q)?.nodes[qi - 1])?;
            (l, pgno, qi - 1)
        } else if qi + 1 < qlen {
            let r = child_of(&self.page(q)?.nodes[qi + 1])?;
            (pgno, r, qi)
        } else {
            return Ok(());
        };
        let (left, right, li) = pair;
        let bound = self.page(q)?.nodes[li].key.clone();
        let mut combined = self.page(left)?.nodes.clone();
        let is_leaf = self.page(left)?.header.flags & flags::LEAF != 0;
        if (self.page(right)?.header.flags & flags::LEAF != 0) != is_leaf {
            return Err(JetError::DatabaseCorrupted);
        }
        if !is_leaf {
            // the left page's open-ended last node gets the bound between the two
            combined.last_mut().ok_or(JetError::DatabaseCorrupted)?.key = bound;
        }
        combined.extend(self.page(right)?.nodes.iter().cloned());
        if !PageData::nodes_fit(ps, &combined) || raw_size(ps, &combined) > ps {
            return Ok(());
        }
        let right_next = self.page(right)?.header.pgno_next;
        {
            let lp = self.page_mut(left)?;
            lp.nodes = combined;
            lp.header.pgno_next = right_next;
        }
        if right_next != 0 {
            self.page_mut(right_next)?.header.pgno_prev = left;
        }
        self.free_page_of(tree, right)?;
        let qp = self.page_mut(q)?;
        qp.nodes.remove(li);
        qp.nodes[li].data = child_data(left);
        path.truncate(level);
        path[level - 1].1 = li;
        self.after_shrink(tree, path, level - 1)
    }

    /// While the root has a single child whose nodes fit in the root, take them.
    fn collapse_root(&mut self, tree: &Tree) -> JetResult<()> {
        loop {
            let root = self.page(tree.root)?;
            if root.header.flags & flags::LEAF != 0 || root.nodes.len() != 1 {
                return Ok(());
            }
            let child = child_of(&root.nodes[0])?;
            let cp = self.page(child)?;
            let child_level_flags = cp.header.flags & (flags::LEAF | flags::PARENT_OF_LEAF);
            let mut trial = self.page(tree.root)?.clone();
            trial.nodes = self.page(child)?.nodes.clone();
            if !trial.fits() {
                return Ok(());
            }
            let nodes = std::mem::take(&mut self.page_mut(child)?.nodes);
            let r = self.page_mut(tree.root)?;
            r.nodes = nodes;
            r.header.flags = (r.header.flags & !(flags::LEAF | flags::PARENT_OF_LEAF)) | child_level_flags;
            self.free_page_of(tree, child)?;
        }
    }
}
