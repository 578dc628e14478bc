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
use crate::format::page::{KEY_COUNT_MASK, PageView, TAG_SIZE, flags, header_size, node_flags};
use std::borrow::Cow;
use std::cmp::Ordering;

/// Deepest tree a walk will follow before calling the file corrupt.
pub(crate) const MAX_DEPTH: usize = 32;

/// Compare byte strings as slices compare (bytewise, a prefix first), eight
/// bytes at a time: keys are short, and a call to memcmp costs more than
/// comparing them here.
#[inline]
fn cmp_bytes(a: &[u8], b: &[u8]) -> Ordering {
    let n = a.len().min(b.len());
    let (a8, b8) = (a[..n].chunks_exact(8), b[..n].chunks_exact(8));
    let tail = n - a8.remainder().len();
    for (x, y) in a8.zip(b8) {
        let (x, y) = (u64::from_be_bytes(x.try_into().unwrap()), u64::from_be_bytes(y.try_into().unwrap()));
        if x != y {
            return x.cmp(&y);
        }
    }
    for i in tail..n {
        if a[i] != b[i] {
            return a[i].cmp(&b[i]);
        }
    }
    a.len().cmp(&b.len())
}

/// Compare `a1 ++ a2` with `b`.
pub(crate) fn cmp2(a1: &[u8], a2: &[u8], b: &[u8]) -> Ordering {
    let n = a1.len().min(b.len());
    match cmp_bytes(&a1[..n], &b[..n]) {
        Ordering::Equal => {}
        o => return o,
    }
    if a1.len() > b.len() {
        return Ordering::Greater;
    }
    cmp_bytes(a2, &b[a1.len()..])
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
    #[inline]
    pub fn cmp_entry(&self, unique: bool, k1: &[u8], k2: &[u8], d: &[u8]) -> Ordering {
        let c = cmp2(k1, k2, self.key);
        match (c, unique, self.data) {
            (Ordering::Equal, false, Some(data)) => cmp_bytes(d, data),
            _ => c,
        }
    }

    #[inline]
    fn qualifies(&self, unique: bool, k1: &[u8], k2: &[u8], d: &[u8]) -> bool {
        let c = self.cmp_entry(unique, k1, k2, d);
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
            // key ++ nothing: the key itself
            Some([]) => (Cow::Borrowed(self.key), false),
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
    let lines = Lines::of(v);
    if lines.n == 0 {
        return Err(JetError::DatabaseCorrupted);
    }
    // first i < n-1 whose separator is above the target; the last node has no bound
    let (mut lo, mut hi) = (0usize, lines.n - 1);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let (p, s, _) = lines.split(mid)?;
        if sep_above(p, s, bytes, open_ended) {
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

/// A page's lines as a search reads them: where the tags, the data area and
/// the key prefix are is found once, and each probe reads one tag and splits
/// its line into key prefix, key suffix and data with the checks
/// `PageView::node` makes (a tag or key count outside the page is
/// corruption), without building a node.
struct Lines<'a> {
    b: &'a [u8],
    small: bool,
    hdr: usize,
    data_end: usize,
    first_tag: usize,
    n: usize,
    prefix: &'a [u8],
    /// FDP roots: a compressed node's prefix counts as empty (`PageView`).
    ignore_prefix: bool,
}

impl<'a> Lines<'a> {
    fn of(v: &PageView<'a>) -> Lines<'a> {
        let b = v.bytes();
        let hdr = header_size(b.len());
        // PageView::new checked that the tag array fits after the header
        let data_end = b.len() - TAG_SIZE * v.tag_count() - hdr;
        Lines {
            b,
            small: v.is_small(),
            hdr,
            data_end,
            first_tag: v.reserved_tag_count(),
            n: v.line_count(),
            prefix: v.prefix(),
            ignore_prefix: v.is_root() && !v.is_space_tree(),
        }
    }

    #[inline]
    fn u16_at(b: &[u8], o: usize) -> JetResult<u16> {
        match b.get(o..o + 2) {
            Some(x) => Ok(u16::from_le_bytes([x[0], x[1]])),
            None => Err(JetError::DatabaseCorrupted),
        }
    }

    /// Line `i`'s key prefix, key suffix and data.
    #[inline]
    fn split(&self, i: usize) -> JetResult<(&'a [u8], &'a [u8], &'a [u8])> {
        if i >= self.n {
            return Err(JetError::InvalidParameter);
        }
        let at = self.b.len() - TAG_SIZE * (self.first_tag + i + 1);
        let (cb, ib) = (Self::u16_at(self.b, at)?, Self::u16_at(self.b, at + 2)?);
        let (cb, ib, flags) = if self.small { (cb & 0x1fff, ib & 0x1fff, (ib >> 13) as u8) } else { (cb & 0x7fff, ib & 0x7fff, 0) };
        let (cb, ib) = (cb as usize, ib as usize);
        if ib + cb > self.data_end {
            return Err(JetError::DatabaseCorrupted);
        }
        let line = &self.b[self.hdr + ib..self.hdr + ib + cb];
        let flags = if self.small || line.len() < 2 { flags } else { (u16::from_le_bytes([line[0], line[1]]) >> 13) as u8 };
        let mut o = 0;
        let mut cb_prefix = 0;
        if flags & node_flags::COMPRESSED != 0 {
            cb_prefix = (Self::u16_at(line, 0)? & KEY_COUNT_MASK) as usize;
            o = 2;
        }
        let cb_suffix = (Self::u16_at(line, o)? & KEY_COUNT_MASK) as usize;
        o += 2;
        let Some(suffix) = line.get(o..o + cb_suffix) else { return Err(JetError::DatabaseCorrupted) };
        let prefix = if self.ignore_prefix {
            &self.prefix[..0]
        } else {
            self.prefix.get(..cb_prefix).ok_or(JetError::DatabaseCorrupted)?
        };
        Ok((prefix, suffix, &line[o + cb_suffix..]))
    }
}

/// A page of a tree walk (a page that should exist and does not is corruption).
fn page(store: &Store, pgno: Pgno) -> JetResult<PageRead> {
    store.read_page(pgno).map_err(link_error)
}

/// Descend to the leaf that holds (or would hold) the target and run `at_leaf`
/// on it (its page number and view); each page is read once, and released
/// before the next one is read.
fn descend<R>(store: &Store, tree: &Tree, t: &Target<'_>, at_leaf: impl FnOnce(Pgno, &PageView<'_>) -> JetResult<R>) -> JetResult<(Pgno, R)> {
    let (bytes, open_ended) = t.descent(tree.unique);
    let mut pgno = tree.root;
    for _ in 0..MAX_DEPTH {
        let g = page(store, pgno)?;
        let v = PageView::new(&g)?;
        check_page(&v, tree, None)?;
        if v.is_leaf() {
            return Ok((pgno, at_leaf(pgno, &v)?));
        }
        let i = child_index(&v, &bytes, open_ended)?;
        pgno = v.node(i)?.child()?;
    }
    Err(JetError::DatabaseCorrupted)
}

/// First line of leaf `v` that qualifies for the target (`line_count` if none).
pub(crate) fn leaf_index(v: &PageView<'_>, unique: bool, t: &Target<'_>) -> JetResult<usize> {
    let lines = Lines::of(v);
    let (mut lo, mut hi) = (0usize, lines.n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let (p, s, d) = lines.split(mid)?;
        if t.qualifies(unique, p, s, d) {
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
    /// Become node `n`, line `line` of page `pgno` (view `v`), reusing this
    /// entry's buffers (a cursor walking a tree allocates nothing per step).
    fn set_node(&mut self, v: &PageView<'_>, n: &crate::format::page::NodeRef<'_>, pgno: Pgno, line: usize) {
        self.pgno = pgno;
        self.line = line;
        self.dbtime = v.dbtime();
        n.key_into(&mut self.key);
        self.data.clear();
        self.data.extend_from_slice(n.data);
    }
}

/// Where a walk along the leaf chain stands after one leaf.
enum Leaf {
    /// The entry was found (it is in `out`).
    Found,
    /// Not on this leaf: go on with this neighbour (0: none).
    Go(Pgno),
}

/// The first visible entry at or after `line` of leaf `v` (page `pgno`).
fn leaf_forward(v: &PageView<'_>, pgno: Pgno, mut line: usize, out: &mut Entry) -> JetResult<Leaf> {
    while line < v.line_count() {
        let n = v.node(line)?;
        if !n.is_deleted() {
            out.set_node(v, &n, pgno, line);
            return Ok(Leaf::Found);
        }
        line += 1;
    }
    Ok(Leaf::Go(v.next()))
}

/// The last visible entry before `end` (None: the end of the page) of leaf `v`.
fn leaf_backward(v: &PageView<'_>, pgno: Pgno, end: Option<usize>, out: &mut Entry) -> JetResult<Leaf> {
    let mut i = end.unwrap_or(v.line_count()).min(v.line_count());
    while i > 0 {
        i -= 1;
        let n = v.node(i)?;
        if !n.is_deleted() {
            out.set_node(v, &n, pgno, i);
            return Ok(Leaf::Found);
        }
    }
    Ok(Leaf::Go(v.prev()))
}

/// Follow the leaf chain from the leaf `from` (already searched) to `to`,
/// its neighbour, for the first visible entry in the direction, into `out`.
/// False if none (`out` is then unchanged).
fn chain(store: &Store, tree: &Tree, mut from: Pgno, mut to: Pgno, forward: bool, out: &mut Entry) -> JetResult<bool> {
    let mut hops = 0u64;
    loop {
        if to == 0 {
            return Ok(false);
        }
        hops += 1;
        if to == from || hops > u32::MAX as u64 {
            return Err(JetError::DatabaseCorrupted);
        }
        let g = page(store, to)?;
        let v = PageView::new(&g)?;
        check_page(&v, tree, Some(true))?;
        let r = if forward { leaf_forward(&v, to, 0, out)? } else { leaf_backward(&v, to, None, out)? };
        match r {
            Leaf::Found => return Ok(true),
            Leaf::Go(next) => (from, to) = (to, next),
        }
    }
}

/// Finish a walk that searched leaf `pgno` first.
fn settled(store: &Store, tree: &Tree, pgno: Pgno, r: Leaf, forward: bool, out: &mut Entry) -> JetResult<bool> {
    match r {
        Leaf::Found => Ok(true),
        Leaf::Go(next) => chain(store, tree, pgno, next, forward, out),
    }
}

/// The leftmost or rightmost leaf, and `at_leaf` run on it.
fn edge_leaf<R>(store: &Store, tree: &Tree, rightmost: bool, at_leaf: impl FnOnce(Pgno, &PageView<'_>) -> JetResult<R>) -> JetResult<(Pgno, R)> {
    let mut pgno = tree.root;
    for _ in 0..MAX_DEPTH {
        let g = page(store, pgno)?;
        let v = PageView::new(&g)?;
        check_page(&v, tree, None)?;
        if v.is_leaf() {
            return Ok((pgno, at_leaf(pgno, &v)?));
        }
        let n = v.line_count();
        if n == 0 {
            return Err(JetError::DatabaseCorrupted);
        }
        pgno = v.node(if rightmost { n - 1 } else { 0 })?.child()?;
    }
    Err(JetError::DatabaseCorrupted)
}

/// The leaf that holds (or would hold) the target, for a caller that
/// searches it itself (the insert path's duplicate-key check).
pub(crate) fn leaf_for(store: &Store, tree: &Tree, t: &Target<'_>) -> JetResult<Pgno> {
    descend(store, tree, t, |_, _| Ok(())).map(|(pgno, ())| pgno)
}

/// The first visible entry at or after the target (a fresh `Entry`).
pub(crate) fn first_at_or_after(store: &Store, tree: &Tree, t: &Target<'_>) -> JetResult<Option<Entry>> {
    let mut e = Entry::default();
    Ok(find_ge(store, tree, t, &mut e)?.then_some(e))
}

/// First visible entry at or after the target, into `out`.
fn find_ge(store: &Store, tree: &Tree, t: &Target<'_>, out: &mut Entry) -> JetResult<bool> {
    let (leaf, r) = descend(store, tree, t, |pgno, v| leaf_forward(v, pgno, leaf_index(v, tree.unique, t)?, out))?;
    settled(store, tree, leaf, r, true, out)
}

/// Last visible entry before the target, into `out`.
fn find_lt(store: &Store, tree: &Tree, t: &Target<'_>, out: &mut Entry) -> JetResult<bool> {
    let (leaf, r) = descend(store, tree, t, |pgno, v| leaf_backward(v, pgno, Some(leaf_index(v, tree.unique, t)?), out))?;
    settled(store, tree, leaf, r, false, out)
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

/// Run `f` on the view of page `e.pgno` if it still carries the image `e`
/// was read from (same dbtime, still a leaf of the tree, the line still
/// there); `Ok(None)` if it does not.
fn on_unchanged<R>(store: &Store, tree: &Tree, e: &Entry, f: impl FnOnce(&PageView<'_>) -> JetResult<R>) -> JetResult<Option<R>> {
    let g = match store.read_page(e.pgno) {
        Ok(g) => g,
        Err(JetError::FileIOBeyondEOF) | Err(JetError::PageNotInitialized) => return Ok(None),
        Err(err) => return Err(err),
    };
    let v = PageView::new(&g)?;
    if v.dbtime() == e.dbtime && check_page(&v, tree, Some(true)).is_ok() && e.line < v.line_count() {
        f(&v).map(Some)
    } else {
        Ok(None)
    }
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
        let tree = self.tree;
        let out = &mut self.spare;
        let (leaf, r) = edge_leaf(store, &tree, false, |pgno, v| leaf_forward(v, pgno, 0, out))?;
        if settled(store, &tree, leaf, r, true, out)? {
            self.take_spare();
            Ok(())
        } else {
            self.pos = Position::AfterLast;
            Err(JetError::NoCurrentRecord)
        }
    }

    /// Move to the last entry. `NoCurrentRecord` on an empty tree (the cursor is then before first).
    pub fn last(&mut self, store: &Store) -> JetResult<()> {
        let tree = self.tree;
        let out = &mut self.spare;
        let (leaf, r) = edge_leaf(store, &tree, true, |pgno, v| leaf_backward(v, pgno, None, out))?;
        if settled(store, &tree, leaf, r, false, out)? {
            self.take_spare();
            Ok(())
        } else {
            self.pos = Position::BeforeFirst;
            Err(JetError::NoCurrentRecord)
        }
    }

    /// Move to the next entry. `NoCurrentRecord` past the last (the cursor is then after last).
    pub fn next(&mut self, store: &Store) -> JetResult<()> {
        self.step(store, true)
    }

    /// Move to the previous entry. `NoCurrentRecord` before the first (the cursor is then before first).
    pub fn prev(&mut self, store: &Store) -> JetResult<()> {
        self.step(store, false)
    }

    fn step(&mut self, store: &Store, forward: bool) -> JetResult<()> {
        let tree = self.tree;
        let found = match &mut self.pos {
            Position::BeforeFirst if forward => return self.first(store),
            Position::AfterLast if !forward => return self.last(store),
            Position::BeforeFirst | Position::AfterLast => return Err(JetError::NoCurrentRecord),
            Position::On(e) => {
                let (pgno, line) = (e.pgno, e.line);
                // the page is as it was: step on from the entry's line on it
                let spare = &mut self.spare;
                let near = on_unchanged(store, &tree, e, |v| {
                    if forward { leaf_forward(v, pgno, line + 1, spare) } else { leaf_backward(v, pgno, Some(line), spare) }
                })?;
                match near {
                    Some(r) => {
                        let found = settled(store, &tree, pgno, r, forward, &mut self.spare)?;
                        if found {
                            std::mem::swap(e, &mut self.spare);
                        }
                        found
                    }
                    None => {
                        let found = if forward {
                            find_ge(store, &tree, &target_of(tree.unique, e, true), &mut self.spare)?
                        } else {
                            find_lt(store, &tree, &target_of(tree.unique, e, false), &mut self.spare)?
                        };
                        if found {
                            std::mem::swap(e, &mut self.spare);
                        }
                        found
                    }
                }
            }
        };
        if found {
            Ok(())
        } else {
            self.pos = if forward { Position::AfterLast } else { Position::BeforeFirst };
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
        if on_unchanged(store, &self.tree, e, |_| Ok(()))?.is_some() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::btree::TreeKind;
    use crate::btree::proptests::{Rng, temp_db};
    use crate::btree::tests::open_sample;
    use crate::format::fixed::PGNO_SYSTEM_ROOT;
    use crate::format::testdata::SAMPLES;
    use crate::os::LocalFs;
    use crate::space::{CreateOptions, create_database};

    /// `Lines::split` gives what `PageView::node` gives for every line of a
    /// page (and one past the last), or the same error. The lines it read.
    fn same_lines(b: &[u8]) -> usize {
        let Ok(v) = PageView::new(b) else { return 0 };
        let lines = Lines::of(&v);
        for i in 0..=v.line_count() {
            let want = v.node(i).map(|n| (n.prefix, n.suffix, n.data));
            assert_eq!(lines.split(i), want, "line {i} of page {}", u32::from_le_bytes(b[64..68].try_into().unwrap_or([0; 4])));
        }
        v.line_count()
    }

    /// The same with random bytes of the page's tags and lines changed.
    fn same_lines_damaged(b: &[u8], rng: &mut Rng) {
        let mut page = b.to_vec();
        for _ in 0..64 {
            let at = if rng.below(2) == 0 { page.len() - 1 - rng.below(256.min(page.len() as u64)) as usize } else { rng.below(page.len() as u64) as usize };
            page[at] = rng.next() as u8;
            same_lines(&page);
        }
    }

    fn every_page(store: &Store, rng: &mut Rng) -> usize {
        let mut seen = 0;
        for pgno in 1..store.pages_in_file().unwrap() {
            let Ok(g) = store.read_page(pgno) else { continue };
            seen += same_lines(&g);
            if pgno % 3 == 0 {
                same_lines_damaged(&g, rng);
            }
        }
        seen
    }

    #[test]
    fn search_lines_read_what_nodes_read_on_windows_made_pages() {
        let mut rng = Rng::new(7);
        for name in SAMPLES {
            let store = open_sample(name, "lines", true);
            assert!(every_page(&store, &mut rng) > 100, "{name}: too few lines seen");
        }
    }

    #[test]
    fn search_lines_read_what_nodes_read_at_every_page_size() {
        let mut rng = Rng::new(11);
        for ps in [4096, 8192, 16384, 32768] {
            let path = temp_db(&format!("lines-{ps}"));
            let opts = CreateOptions { page_size: ps, ..CreateOptions::default() };
            let mut store = create_database(&LocalFs, &path, &opts).unwrap();
            let unique = store.create_tree(PGNO_SYSTEM_ROOT, 8, TreeKind::Primary, true, true).unwrap();
            let index = store.create_tree(unique.root, 9, TreeKind::Index, false, false).unwrap();
            for i in 0..3000u64 {
                // shared prefixes (compressed keys) and keys of every length
                let k: Vec<u8> = (0..1 + rng.below(40)).map(|j| if j < 6 { 0x41 } else { rng.next() as u8 }).collect();
                let d: Vec<u8> = (0..rng.below(200)).map(|_| rng.next() as u8).collect();
                let _ = store.insert(&unique, &k, &d);
                let _ = store.insert(&index, &k, &i.to_be_bytes());
            }
            store.take_dirtied();
            assert!(every_page(&store, &mut rng) > 3000, "{ps}: too few lines seen");
            // seeks of every key land where a scan says
            let all = scan(&store, &unique).unwrap();
            let mut c = Cursor::new(unique);
            for (k, d) in all.iter().step_by(7) {
                assert_eq!(c.seek(&store, k, None, SeekMode::Eq).unwrap(), SeekResult::Equal);
                assert_eq!(c.data(), Some(d.as_slice()));
            }
            drop(store);
            let _ = std::fs::remove_dir_all(path.parent().unwrap());
        }
    }

    /// Comparing eight bytes at a time orders as slices order.
    #[test]
    fn byte_comparison_matches_slice_order() {
        let mut rng = Rng::new(3);
        for _ in 0..20000 {
            let n = rng.below(24) as usize;
            let a: Vec<u8> = (0..n).map(|_| rng.below(3) as u8).collect();
            let mut b = a.clone();
            match rng.below(4) {
                0 => b.truncate(rng.below(n as u64 + 1) as usize),
                1 => b.push(rng.below(3) as u8),
                _ if n > 0 => b[rng.below(n as u64) as usize] = rng.below(3) as u8,
                _ => {}
            }
            assert_eq!(cmp_bytes(&a, &b), a.cmp(&b), "{a:?} {b:?}");
            let cut = rng.below(a.len() as u64 + 1) as usize;
            assert_eq!(cmp2(&a[..cut], &a[cut..], &b), a.cmp(&b));
        }
    }
}
