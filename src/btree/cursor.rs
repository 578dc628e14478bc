//! Reading a tree: seek, first/last/next/prev over the leaf chain, and a
//! cursor that remembers where it stands between calls.
//!
//! Order (ESE's): keys compare bytewise, a shorter key first when it is a
//! prefix of the other. In a non-unique tree entries with equal keys are
//! ordered by data, compared the same way. Internal pages hold separators:
//! every entry of child i is below separator i, every entry of child i+1 at or
//! above it (the last node of an internal page has an empty key: no bound). In
//! a non-unique tree separators are compared with key and data concatenated,
//! as ESE does (CmpKeyWithKeyData).
//!
//! A cursor keeps the page, line, page dbtime, key and data of its entry. The
//! next call checks the page still carries that dbtime (every change stamps a
//! new one, and freed pages are stamped empty); if it does, the position
//! stands, otherwise the cursor seeks its key (and data) again. Nodes flagged
//! deleted (left by ESE for its version cleanup) are invisible.

use super::store::{Store, Tree, link_error};
use crate::buffer::{PageRead, Pgno};
use crate::error::{JetError, JetResult};
use crate::format::page::{NodeRef, PageView, flags};
use std::borrow::Cow;
use std::cmp::Ordering;

/// Deepest tree a walk will follow before calling the file corrupt.
pub(crate) const MAX_DEPTH: usize = 32;

/// Compare `a1 ++ a2` with `b`.
pub(crate) fn cmp2(a1: &[u8], a2: &[u8], b: &[u8]) -> Ordering {
    let n = a1.len().min(b.len());
    match a1[..n].cmp(&b[..n]) {
        Ordering::Equal => {}
        o => return o,
    }
    if a1.len() > b.len() {
        return Ordering::Greater;
    }
    a2.cmp(&b[a1.len()..])
}

/// Whether `a1 ++ a2` starts with `b`.
fn starts_with2(a1: &[u8], a2: &[u8], b: &[u8]) -> bool {
    if a1.len() + a2.len() < b.len() {
        return false;
    }
    let n = a1.len().min(b.len());
    a1[..n] == b[..n] && a2[..b.len() - n] == b[n..]
}

/// What a search looks for: the first entry at or after (`after`: strictly
/// after) `key` (and, in a non-unique tree, `data`).
#[derive(Copy, Clone, Debug)]
pub(crate) struct Target<'a> {
    pub key: &'a [u8],
    pub data: Option<&'a [u8]>,
    pub after: bool,
}

impl<'a> Target<'a> {
    /// The entry (`k1 ++ k2`, `d`) compared with the target.
    pub fn cmp_entry(&self, unique: bool, k1: &[u8], k2: &[u8], d: &[u8]) -> Ordering {
        let c = cmp2(k1, k2, self.key);
        match (c, unique, self.data) {
            (Ordering::Equal, false, Some(data)) => d.cmp(data),
            _ => c,
        }
    }

    pub fn qualifies(&self, unique: bool, n: &NodeRef<'_>) -> bool {
        let c = self.cmp_entry(unique, n.prefix, n.suffix, n.data);
        if self.after { c == Ordering::Greater } else { c != Ordering::Less }
    }

    /// The bytes internal pages compare against, and whether they stand for
    /// "these bytes followed by anything" (a key-only strict search in a
    /// non-unique tree must pass every duplicate of the key).
    pub fn descent(&self, unique: bool) -> (Cow<'a, [u8]>, bool) {
        if unique {
            return (Cow::Borrowed(self.key), false);
        }
        match self.data {
            Some(d) => {
                let mut b = Vec::with_capacity(self.key.len() + d.len());
                b.extend_from_slice(self.key);
                b.extend_from_slice(d);
                (Cow::Owned(b), false)
            }
            None => (Cow::Borrowed(self.key), self.after),
        }
    }
}

/// Whether separator `p ++ s` is above the descent target.
fn sep_above(p: &[u8], s: &[u8], bytes: &[u8], open_ended: bool) -> bool {
    if open_ended && starts_with2(p, s, bytes) {
        return false;
    }
    cmp2(p, s, bytes) == Ordering::Greater
}

/// Index of the child of internal page `v` to follow for the target.
pub(crate) fn child_index(v: &PageView<'_>, bytes: &[u8], open_ended: bool) -> JetResult<usize> {
    let n = v.line_count();
    if n == 0 {
        return Err(JetError::DatabaseCorrupted);
    }
    // first i < n-1 whose separator is above the target; the last node has no bound
    let (mut lo, mut hi) = (0usize, n - 1);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let node = v.node(mid)?;
        if sep_above(node.prefix, node.suffix, bytes, open_ended) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

/// Check that a page reached inside `tree` belongs to it.
pub(crate) fn check_page(v: &PageView<'_>, tree: &Tree, leaf_expected: Option<bool>) -> JetResult<()> {
    if v.objid() != tree.objid || v.flags() & (flags::EMPTY | flags::PRE_INIT) != 0 {
        return Err(JetError::DatabaseCorrupted);
    }
    if let Some(leaf) = leaf_expected {
        if v.is_leaf() != leaf {
            return Err(JetError::DatabaseCorrupted);
        }
    }
    Ok(())
}

/// A page of a tree walk (a page that should exist and does not is corruption).
fn page(store: &Store, pgno: Pgno) -> JetResult<PageRead> {
    store.read_page(pgno).map_err(link_error)
}

/// The leaf that holds (or would hold) the target, with the page still held
/// so that the caller searches it without reading it again.
fn descend_read(store: &Store, tree: &Tree, t: &Target<'_>) -> JetResult<(Pgno, PageRead)> {
    let (bytes, open_ended) = t.descent(tree.unique);
    let mut pgno = tree.root;
    for _ in 0..MAX_DEPTH {
        let g = page(store, pgno)?;
        let child = {
            let v = PageView::new(&g)?;
            check_page(&v, tree, None)?;
            if v.is_leaf() {
                None
            } else {
                let i = child_index(&v, &bytes, open_ended)?;
                Some(v.node(i)?.child()?)
            }
        };
        match child {
            None => return Ok((pgno, g)),
            Some(c) => pgno = c,
        }
    }
    Err(JetError::DatabaseCorrupted)
}

/// First line of leaf `v` that qualifies for the target (`line_count` if none).
pub(crate) fn leaf_index(v: &PageView<'_>, unique: bool, t: &Target<'_>) -> JetResult<usize> {
    let (mut lo, mut hi) = (0usize, v.line_count());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if t.qualifies(unique, &v.node(mid)?) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

/// A visible entry and where it was found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub pgno: Pgno,
    pub line: usize,
    /// The page's dbtime when the entry was read.
    pub dbtime: u64,
    pub key: Vec<u8>,
    pub data: Vec<u8>,
}

impl Entry {
    /// Become the entry at `line` of page `pgno`, reusing this entry's
    /// buffers (a cursor walking a tree allocates nothing per step). Left
    /// unchanged on error.
    fn set(&mut self, v: &PageView<'_>, pgno: Pgno, line: usize) -> JetResult<()> {
        let n = v.node(line)?;
        self.pgno = pgno;
        self.line = line;
        self.dbtime = v.dbtime();
        n.key_into(&mut self.key);
        self.data.clear();
        self.data.extend_from_slice(n.data);
        Ok(())
    }
}

/// The first visible entry at or after (`pgno`, `line`), following next
/// links, into `out` (`held`: page `pgno`, already read). False if none
/// (`out` is then unchanged).
fn settle_forward(store: &Store, tree: &Tree, mut pgno: Pgno, mut line: usize, held: Option<PageRead>, out: &mut Entry) -> JetResult<bool> {
    let mut hops = 0u64;
    let mut g = match held {
        Some(g) => g,
        None => page(store, pgno)?,
    };
    loop {
        let next = {
            let v = PageView::new(&g)?;
            check_page(&v, tree, Some(true))?;
            while line < v.line_count() {
                if !v.node(line)?.is_deleted() {
                    out.set(&v, pgno, line)?;
                    return Ok(true);
                }
                line += 1;
            }
            v.next()
        };
        if next == 0 {
            return Ok(false);
        }
        hops += 1;
        if next == pgno || hops > u32::MAX as u64 {
            return Err(JetError::DatabaseCorrupted);
        }
        pgno = next;
        line = 0;
        drop(g);
        g = page(store, pgno)?;
    }
}

/// The last visible entry before (`pgno`, `line`) (`line` excluded),
/// following prev links, into `out` (`held`: page `pgno`, already read).
/// False if none (`out` is then unchanged).
fn settle_backward(store: &Store, tree: &Tree, mut pgno: Pgno, line: usize, held: Option<PageRead>, out: &mut Entry) -> JetResult<bool> {
    let mut end = Some(line);
    let mut hops = 0u64;
    let mut g = match held {
        Some(g) => g,
        None => page(store, pgno)?,
    };
    loop {
        let prev = {
            let v = PageView::new(&g)?;
            check_page(&v, tree, Some(true))?;
            let mut i = end.unwrap_or(v.line_count()).min(v.line_count());
            while i > 0 {
                i -= 1;
                if !v.node(i)?.is_deleted() {
                    out.set(&v, pgno, i)?;
                    return Ok(true);
                }
            }
            v.prev()
        };
        if prev == 0 {
            return Ok(false);
        }
        hops += 1;
        if prev == pgno || hops > u32::MAX as u64 {
            return Err(JetError::DatabaseCorrupted);
        }
        pgno = prev;
        end = None;
        drop(g);
        g = page(store, pgno)?;
    }
}

/// The leftmost or rightmost leaf, held.
fn edge_leaf(store: &Store, tree: &Tree, rightmost: bool) -> JetResult<(Pgno, PageRead)> {
    let mut pgno = tree.root;
    for _ in 0..MAX_DEPTH {
        let g = page(store, pgno)?;
        let child = {
            let v = PageView::new(&g)?;
            check_page(&v, tree, None)?;
            if v.is_leaf() {
                None
            } else {
                let n = v.line_count();
                if n == 0 {
                    return Err(JetError::DatabaseCorrupted);
                }
                Some(v.node(if rightmost { n - 1 } else { 0 })?.child()?)
            }
        };
        match child {
            None => return Ok((pgno, g)),
            Some(c) => pgno = c,
        }
    }
    Err(JetError::DatabaseCorrupted)
}

/// First visible entry at or after the target, into `out`.
fn find_ge(store: &Store, tree: &Tree, t: &Target<'_>, out: &mut Entry) -> JetResult<bool> {
    let (leaf, g) = descend_read(store, tree, t)?;
    let line = leaf_index(&PageView::new(&g)?, tree.unique, t)?;
    settle_forward(store, tree, leaf, line, Some(g), out)
}

/// Last visible entry before the target, into `out`.
fn find_lt(store: &Store, tree: &Tree, t: &Target<'_>, out: &mut Entry) -> JetResult<bool> {
    let (leaf, g) = descend_read(store, tree, t)?;
    let line = leaf_index(&PageView::new(&g)?, tree.unique, t)?;
    settle_backward(store, tree, leaf, line, Some(g), out)
}

/// How `Cursor::seek` chooses among entries.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SeekMode {
    /// An entry equal to the target (in a non-unique tree searched by key
    /// alone: the first entry with that key).
    Eq,
    /// The first entry at or after the target.
    Ge,
    /// The first entry after the target.
    Gt,
    /// The last entry at or before the target.
    Le,
    /// The last entry before the target.
    Lt,
}

/// Whether a seek landed on an entry equal to its target.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SeekResult {
    Equal,
    NotEqual,
}

/// Where a cursor stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    BeforeFirst,
    AfterLast,
    On(Entry),
}

/// A position in one tree. Holds no latch between calls.
#[derive(Clone, Debug)]
pub struct Cursor {
    tree: Tree,
    pos: Position,
    /// Where a search writes the entry it finds before the cursor moves
    /// there (a failed search leaves the position as it was); swapped with
    /// the position's entry, so both keep their buffers.
    spare: Entry,
}

/// Page `e.pgno`, held, if it still carries the image `e` was read from
/// (same dbtime, still a leaf of the tree, the line still there).
fn unchanged_page(store: &Store, tree: &Tree, e: &Entry) -> JetResult<Option<PageRead>> {
    let g = match store.read_page(e.pgno) {
        Ok(g) => g,
        Err(JetError::FileIOBeyondEOF) | Err(JetError::PageNotInitialized) => return Ok(None),
        Err(err) => return Err(err),
    };
    let valid = {
        let v = PageView::new(&g)?;
        v.dbtime() == e.dbtime && check_page(&v, tree, Some(true)).is_ok() && e.line < v.line_count()
    };
    Ok(if valid { Some(g) } else { None })
}

fn target_of(unique: bool, e: &Entry, after: bool) -> Target<'_> {
    Target { key: &e.key, data: if unique { None } else { Some(&e.data) }, after }
}

impl Cursor {
    /// A cursor before the first entry.
    pub fn new(tree: Tree) -> Cursor {
        Cursor { tree, pos: Position::BeforeFirst, spare: Entry::default() }
    }
    pub fn tree(&self) -> &Tree {
        &self.tree
    }
    pub fn position(&self) -> &Position {
        &self.pos
    }
    /// The entry the cursor is on (as read when it got there or was last refreshed).
    pub fn entry(&self) -> Option<&Entry> {
        match &self.pos {
            Position::On(e) => Some(e),
            _ => None,
        }
    }
    pub fn key(&self) -> Option<&[u8]> {
        self.entry().map(|e| e.key.as_slice())
    }
    pub fn data(&self) -> Option<&[u8]> {
        self.entry().map(|e| e.data.as_slice())
    }
    pub fn set_before_first(&mut self) {
        self.pos = Position::BeforeFirst;
    }
    pub fn set_after_last(&mut self) {
        self.pos = Position::AfterLast;
    }

    /// Move onto the entry a search left in `spare`.
    fn take_spare(&mut self) {
        match &mut self.pos {
            Position::On(e) => std::mem::swap(e, &mut self.spare),
            _ => self.pos = Position::On(std::mem::take(&mut self.spare)),
        }
    }

    /// Move to the first entry. `NoCurrentRecord` on an empty tree (the cursor is then after last).
    pub fn first(&mut self, store: &Store) -> JetResult<()> {
        let (leaf, g) = edge_leaf(store, &self.tree, false)?;
        if settle_forward(store, &self.tree, leaf, 0, Some(g), &mut self.spare)? {
            self.take_spare();
            Ok(())
        } else {
            self.pos = Position::AfterLast;
            Err(JetError::NoCurrentRecord)
        }
    }

    /// Move to the last entry. `NoCurrentRecord` on an empty tree (the cursor is then before first).
    pub fn last(&mut self, store: &Store) -> JetResult<()> {
        let (leaf, g) = edge_leaf(store, &self.tree, true)?;
        if settle_backward(store, &self.tree, leaf, usize::MAX, Some(g), &mut self.spare)? {
            self.take_spare();
            Ok(())
        } else {
            self.pos = Position::BeforeFirst;
            Err(JetError::NoCurrentRecord)
        }
    }

    /// Move to the next entry. `NoCurrentRecord` past the last (the cursor is then after last).
    pub fn next(&mut self, store: &Store) -> JetResult<()> {
        let tree = self.tree;
        let found = match &mut self.pos {
            Position::BeforeFirst => return self.first(store),
            Position::AfterLast => return Err(JetError::NoCurrentRecord),
            Position::On(e) => match unchanged_page(store, &tree, e)? {
                // the page is as it was: step on from it, in place
                Some(g) => {
                    let (pgno, line) = (e.pgno, e.line + 1);
                    settle_forward(store, &tree, pgno, line, Some(g), e)?
                }
                None => {
                    let t = target_of(tree.unique, e, true);
                    let found = find_ge(store, &tree, &t, &mut self.spare)?;
                    if found {
                        self.take_spare();
                    }
                    found
                }
            },
        };
        if found {
            Ok(())
        } else {
            self.pos = Position::AfterLast;
            Err(JetError::NoCurrentRecord)
        }
    }

    /// Move to the previous entry. `NoCurrentRecord` before the first (the cursor is then before first).
    pub fn prev(&mut self, store: &Store) -> JetResult<()> {
        let tree = self.tree;
        let found = match &mut self.pos {
            Position::AfterLast => return self.last(store),
            Position::BeforeFirst => return Err(JetError::NoCurrentRecord),
            Position::On(e) => match unchanged_page(store, &tree, e)? {
                Some(g) => {
                    let (pgno, line) = (e.pgno, e.line);
                    settle_backward(store, &tree, pgno, line, Some(g), e)?
                }
                None => {
                    let t = target_of(tree.unique, e, false);
                    let found = find_lt(store, &tree, &t, &mut self.spare)?;
                    if found {
                        self.take_spare();
                    }
                    found
                }
            },
        };
        if found {
            Ok(())
        } else {
            self.pos = Position::BeforeFirst;
            Err(JetError::NoCurrentRecord)
        }
    }

    /// Seek. In a unique tree `data` is ignored. In a non-unique tree, with
    /// `data` the target is the entry (key, data); without, the key alone
    /// (Eq/Ge: first entry with the key; Gt: first entry with a greater key;
    /// Le: last entry with the key or below; Lt: last entry below the key).
    /// `RecordNotFound` when no entry qualifies (the cursor does not move).
    pub fn seek(&mut self, store: &Store, key: &[u8], data: Option<&[u8]>, mode: SeekMode) -> JetResult<SeekResult> {
        let data = if self.tree.unique { None } else { data };
        let tree = self.tree;
        let out = &mut self.spare;
        let found = match mode {
            SeekMode::Eq | SeekMode::Ge => find_ge(store, &tree, &Target { key, data, after: false }, out)?,
            SeekMode::Gt => find_ge(store, &tree, &Target { key, data, after: true }, out)?,
            SeekMode::Le => find_lt(store, &tree, &Target { key, data, after: true }, out)?,
            SeekMode::Lt => find_lt(store, &tree, &Target { key, data, after: false }, out)?,
        };
        if !found {
            return Err(JetError::RecordNotFound);
        }
        let equal = self.spare.key == key && data.is_none_or(|d| self.spare.data == d);
        if mode == SeekMode::Eq && !equal {
            return Err(JetError::RecordNotFound);
        }
        self.take_spare();
        Ok(if equal { SeekResult::Equal } else { SeekResult::NotEqual })
    }

    /// Re-read the current entry: `Ok(true)` if it still exists (its data is
    /// updated), `Ok(false)` if it is gone (the cursor keeps its key, so
    /// next/prev continue from there).
    pub fn refresh(&mut self, store: &Store) -> JetResult<bool> {
        let Position::On(e) = &self.pos else {
            return Err(JetError::NoCurrentRecord);
        };
        if unchanged_page(store, &self.tree, e)?.is_some() {
            return Ok(true);
        }
        let unique = self.tree.unique;
        let t = target_of(unique, e, false);
        let found = find_ge(store, &self.tree, &t, &mut self.spare)?;
        if found && self.spare.key == e.key && (unique || self.spare.data == e.data) {
            self.take_spare();
            Ok(true)
        } else {
            Ok(false)
        }
    }
}

/// Every visible entry of a tree, in order (tests, checks, small trees).
pub fn scan(store: &Store, tree: &Tree) -> JetResult<Vec<(Vec<u8>, Vec<u8>)>> {
    let mut c = Cursor::new(*tree);
    let mut out = Vec::new();
    let mut r = c.first(store);
    while r.is_ok() {
        let e = c.entry().unwrap();
        out.push((e.key.clone(), e.data.clone()));
        r = c.next(store);
    }
    match r {
        Err(JetError::NoCurrentRecord) => Ok(out),
        Err(e) => Err(e),
        Ok(()) => unreachable!(),
    }
}
