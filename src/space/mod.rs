//! Space management (ESE's SPACE): which pages each tree owns and which of
//! those are free, the OwnExt/AvailExt trees, page and extent allocation,
//! file growth, creating and deleting trees, creating a database.
//!
//! Every data tree's root (FDP) carries a space header. A small tree keeps its
//! space in the header: one extent starting at the FDP, with a bitmap of the
//! free pages after it ("single extent"). Larger trees have two space trees
//! of their own, OwnExt (all extents the FDP owns) and AvailExt (those of
//! them that are free), rooted at pgnoOE and pgnoOE + 1 ("multiple extent").
//! Extents come from the parent FDP; the database root (page 1) owns the whole
//! file and grows it, `extension_pages` at a time.
//!
//! The space trees are B-trees too; when they split, the new pages must come
//! from somewhere that does not change the tree being changed. Before a space
//! tree grows, the pages a split could need are set aside (`Op::reserve`,
//! ESE's split buffer); pages of space trees that empty go there too; what is
//! left goes back to AvailExt when the operation finishes.
//!
//! Must never: choose what a page holds.

mod create;

pub use create::{CreateOptions, SystemTrees, create_database, system_trees};

use crate::btree::op::Op;
use crate::btree::{Tree, TreeKind};
use crate::buffer::Pgno;
use crate::error::{JetError, JetResult};
use crate::format::fixed::PGNO_SYSTEM_ROOT;
use crate::format::page::{NodeOut, PAGE_FLAGS_SPACE_ROOT, SPLIT_BUFFER_SIZE, flags};
use crate::format::space::{
    self, Extent, POOL_GENERAL, SINGLE_EXTENT_MAX, SPH_V2, SpaceHeader, SplitBuffer, extent_data, extent_key,
    set_space_header_in_ext, space_header_in_ext,
};

/// The highest page number ESE allows (pgnoSysMax).
pub const PGNO_MAX: u32 = 0x7fef_ffff;
/// Trees created with more pages than this use space trees (the header bitmap covers 32 pages after the FDP).
pub const SINGLE_EXTENT_LIMIT: u32 = SINGLE_EXTENT_MAX + 1;

/// A run of pages.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub first: Pgno,
    pub cpg: u32,
}

impl Run {
    pub fn last(&self) -> Pgno {
        self.first + self.cpg - 1
    }
}

/// Sorted pages into maximal runs.
fn runs_of(mut pages: Vec<Pgno>) -> Vec<Run> {
    pages.sort_unstable();
    pages.dedup();
    let mut out: Vec<Run> = Vec::new();
    for p in pages {
        match out.last_mut() {
            Some(r) if r.last() + 1 == p => r.cpg += 1,
            _ => out.push(Run { first: p, cpg: 1 }),
        }
    }
    out
}

/// What the space of an FDP looks like.
pub(crate) enum Layout {
    Single { sph: SpaceHeader },
    Multiple { sph: SpaceHeader, oe: Tree, ae: Tree },
}

impl<'s> Op<'s> {
    /// The space layout of FDP `fdp`.
    pub(crate) fn layout(&mut self, fdp: Pgno) -> JetResult<Layout> {
        let root = self.page(fdp)?;
        if root.header.flags & flags::ROOT == 0 || root.header.flags & flags::SPACE_TREE != 0 {
            return Err(JetError::DatabaseCorrupted);
        }
        let sph = space_header_in_ext(&root.ext)?;
        let objid = root.header.objid;
        let kind_flags = root.header.flags & (flags::INDEX | flags::LONG_VALUE);
        match sph.pgno_oe() {
            None => Ok(Layout::Single { sph }),
            Some(oe) => {
                let t = |r: Pgno| Tree {
                    root: r,
                    objid,
                    unique: true,
                    kind: TreeKind::Space,
                    fdp,
                    page_flags: kind_flags | flags::SPACE_TREE | flags::NEW_RECORD_FORMAT,
                };
                Ok(Layout::Multiple { sph, oe: t(oe), ae: t(oe + 1) })
            }
        }
    }

    fn set_sph(&mut self, fdp: Pgno, sph: &SpaceHeader) -> JetResult<()> {
        set_space_header_in_ext(&mut self.page_mut(fdp)?.ext, sph);
        Ok(())
    }

    /// Every node of a tree as read within this operation (for small trees: the space trees).
    pub(crate) fn tree_nodes(&mut self, tree: &Tree) -> JetResult<Vec<(Vec<u8>, Vec<u8>)>> {
        let mut pgno = tree.root;
        for _ in 0..crate::btree::cursor::MAX_DEPTH {
            let pd = self.page(pgno)?;
            if pd.header.flags & flags::LEAF != 0 {
                break;
            }
            let first = pd.nodes.first().ok_or(JetError::DatabaseCorrupted)?;
            pgno = u32::from_le_bytes(first.data.as_slice().try_into().map_err(|_| JetError::DatabaseCorrupted)?);
        }
        let mut out = Vec::new();
        let mut hops = 0u32;
        loop {
            let pd = self.page(pgno)?;
            if pd.header.flags & flags::LEAF == 0 || pd.header.objid != tree.objid {
                return Err(JetError::DatabaseCorrupted);
            }
            out.extend(pd.nodes.iter().map(|n| (n.key.clone(), n.data.clone())));
            let next = pd.header.pgno_next;
            if next == 0 {
                return Ok(out);
            }
            hops += 1;
            if hops > 1_000_000 {
                return Err(JetError::DatabaseCorrupted);
            }
            pgno = next;
        }
    }

    /// The extents of a space tree (general pool ones; others are left alone).
    fn extents(&mut self, tree: &Tree) -> JetResult<Vec<Extent>> {
        let mut out = Vec::new();
        for (k, d) in self.tree_nodes(tree)? {
            let e = space::decode_extent(&k, &d)?;
            if e.pool == POOL_GENERAL {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// The general-pool extents of a space tree next to `last` (the one
    /// ending before it and the one ending at or after it).
    fn neighbours(&mut self, tree: &Tree, last: Pgno) -> JetResult<(Option<Extent>, Option<Extent>)> {
        let key = extent_key(last);
        let t = crate::btree::cursor::Target { key: &key, data: None, after: false };
        let path = self.tree_path(tree, &t)?;
        let leaf = path.last().unwrap().0;
        let general = |k: &[u8], d: &[u8]| -> JetResult<Option<Extent>> {
            let e = space::decode_extent(k, d)?;
            Ok(if e.pool == POOL_GENERAL { Some(e) } else { None })
        };
        let pd = self.page(leaf)?;
        let i = pd.nodes.partition_point(|n| n.key.as_slice() < key.as_slice());
        let (prev_page, next_page) = (pd.header.pgno_prev, pd.header.pgno_next);
        let prev = match i.checked_sub(1) {
            Some(j) => general(&pd.nodes[j].key, &pd.nodes[j].data)?,
            None if prev_page != 0 => {
                let pp = self.page(prev_page)?;
                match pp.nodes.last() {
                    Some(n) => general(&n.key, &n.data)?,
                    None => None,
                }
            }
            None => None,
        };
        let pd = self.page(leaf)?;
        let next = match pd.nodes.get(i) {
            Some(n) => general(&n.key, &n.data)?,
            None if next_page != 0 => {
                let np = self.page(next_page)?;
                match np.nodes.first() {
                    Some(n) => general(&n.key, &n.data)?,
                    None => None,
                }
            }
            None => None,
        };
        Ok((prev, next))
    }

    /// Pages a split of `tree` could need if a node of this size went in.
    fn split_need(&mut self, tree: &Tree, key: &[u8], data: &[u8]) -> JetResult<usize> {
        let t = crate::btree::cursor::Target { key, data: None, after: false };
        let path = self.tree_path(tree, &t)?;
        let ps = self.page_size();
        let leaf = self.page(path.last().unwrap().0)?;
        let grow = crate::format::page::line_size(key.len(), data.len(), false) + crate::format::page::TAG_SIZE;
        if leaf.used_bytes() + grow <= ps && leaf.nodes.len() + 2 < crate::format::page::MAX_TAGS {
            Ok(0)
        } else {
            Ok(path.len() + 1)
        }
    }

    /// Insert into a space tree of `fdp`, with its split pages set aside first.
    fn space_insert(&mut self, fdp: Pgno, tree: &Tree, key: &[u8], data: &[u8]) -> JetResult<()> {
        let need = self.split_need(tree, key, data)?;
        self.ensure_reserve(fdp, need)?;
        self.tree_insert(tree, key, data)
    }

    fn reserve_len(&self, fdp: Pgno) -> usize {
        self.reserve.get(&fdp).map_or(0, |r| r.len())
    }

    fn push_reserve(&mut self, fdp: Pgno, run: Run) {
        let r = self.reserve.entry(fdp).or_default();
        // popped from the end: lowest page first
        r.extend((run.first..=run.last()).rev());
    }

    /// Make sure `fdp` holds at least `need` pages for space-tree splits.
    fn ensure_reserve(&mut self, fdp: Pgno, need: usize) -> JetResult<()> {
        while self.reserve_len(fdp) < need {
            if let Some(p) = self.take_avail_page(fdp)? {
                self.reserve.entry(fdp).or_default().push(p);
                continue;
            }
            let want = (need - self.reserve_len(fdp)) as u32;
            self.grow(fdp, want, want)?;
        }
        Ok(())
    }

    /// One page from the first AvailExt extent of a multiple-extent FDP.
    fn take_avail_page(&mut self, fdp: Pgno) -> JetResult<Option<Pgno>> {
        let Layout::Multiple { ae, .. } = self.layout(fdp)? else {
            return Err(crate::format::internal_error(file!(), line!()));
        };
        let Some(e) = self.first_fit(&ae, 1)? else {
            return Ok(None);
        };
        self.shrink_front(&ae, &e, 1)?;
        Ok(Some(e.first()))
    }

    /// The first general-pool extent of AvailExt with at least `cpg` pages.
    fn first_fit(&mut self, ae: &Tree, cpg: u32) -> JetResult<Option<Extent>> {
        Ok(self.extents(ae)?.into_iter().find(|e| e.cpg >= cpg))
    }

    /// Take `cpg` pages from the front of an AvailExt extent (the key, its last page, stays).
    fn shrink_front(&mut self, ae: &Tree, e: &Extent, cpg: u32) -> JetResult<()> {
        let key = extent_key(e.pgno_last);
        if e.cpg == cpg {
            self.tree_delete(ae, &key, None)
        } else {
            self.tree_replace(ae, &key, &extent_data(e.cpg - cpg))
        }
    }

    /// Size of the next extent `fdp` asks its parent for, and the header recording it.
    fn next_extent_size(&mut self, fdp: Pgno, at_least: u32) -> JetResult<u32> {
        if fdp == PGNO_SYSTEM_ROOT {
            return Ok(at_least.max(self.store.extension_pages));
        }
        let sph = match self.layout(fdp)? {
            Layout::Single { sph } | Layout::Multiple { sph, .. } => sph,
        };
        let base = if sph.flags & SPH_V2 != 0 { sph.cpg_primary } else { (sph.cpg_primary / 4).max(1) };
        Ok((base.saturating_mul(2)).clamp(4, 1024).max(at_least))
    }

    /// Add a new extent to a multiple-extent FDP's OwnExt; its pages go to the reserve.
    fn grow(&mut self, fdp: Pgno, cpg_min: u32, want: u32) -> JetResult<()> {
        let size = self.next_extent_size(fdp, want.max(cpg_min))?;
        let run = if fdp == PGNO_SYSTEM_ROOT {
            self.extend_database(size)?
        } else {
            let Layout::Multiple { sph, .. } = self.layout(fdp)? else {
                return Err(crate::format::internal_error(file!(), line!()));
            };
            let run = self.alloc_extent(sph.pgno_parent, cpg_min.max(1), size, false)?;
            let mut sph = sph;
            sph.flags |= SPH_V2;
            sph.cpg_primary = run.cpg;
            self.set_sph(fdp, &sph)?;
            run
        };
        self.push_reserve(fdp, run);
        let Layout::Multiple { oe, .. } = self.layout(fdp)? else {
            return Err(crate::format::internal_error(file!(), line!()));
        };
        self.space_insert(fdp, &oe, &extent_key(run.last()), &extent_data(run.cpg))
    }

    /// Grow the file: a new extent for the database root, at the end of what it owns.
    fn extend_database(&mut self, cpg: u32) -> JetResult<Run> {
        let Layout::Multiple { oe, .. } = self.layout(PGNO_SYSTEM_ROOT)? else {
            return Err(JetError::DatabaseCorrupted);
        };
        let last_owned = self.extents(&oe)?.iter().map(|e| e.pgno_last).max().unwrap_or(PGNO_SYSTEM_ROOT);
        let ext = self.store.extension_pages.max(1);
        let cpg = cpg.div_ceil(ext) * ext;
        let new_last = last_owned as u64 + cpg as u64;
        if new_last > PGNO_MAX as u64 {
            return Err(JetError::OutOfDatabaseSpace);
        }
        let size = (new_last + crate::format::fixed::CPG_DB_RESERVED as u64) * self.page_size() as u64;
        if self.store.file.size()? < size {
            self.store.file.set_size(size)?;
        }
        Ok(Run { first: last_owned + 1, cpg })
    }

    /// A page for a data tree of `fdp`.
    pub(crate) fn alloc_page(&mut self, fdp: Pgno) -> JetResult<Pgno> {
        match self.layout(fdp)? {
            Layout::Single { mut sph } => {
                if sph.bits_or_pgno_oe != 0 {
                    let i = sph.bits_or_pgno_oe.trailing_zeros();
                    sph.bits_or_pgno_oe &= !(1 << i);
                    self.set_sph(fdp, &sph)?;
                    return Ok(fdp + 1 + i);
                }
                self.convert_to_multiple(fdp, 1)?;
                self.alloc_page(fdp)
            }
            Layout::Multiple { .. } => {
                if let Some(p) = self.reserve.get_mut(&fdp).and_then(|r| r.pop()) {
                    return Ok(p);
                }
                if let Some(p) = self.take_avail_page(fdp)? {
                    return Ok(p);
                }
                self.grow(fdp, 1, 1)?;
                self.reserve.get_mut(&fdp).and_then(|r| r.pop()).ok_or_else(|| crate::format::internal_error(file!(), line!()))
            }
        }
    }

    /// `cpg` contiguous pages from `fdp` for a child (exactly `cpg` when
    /// `exact`, else up to `want` if a free extent has them).
    pub(crate) fn alloc_extent(&mut self, fdp: Pgno, cpg: u32, want: u32, exact: bool) -> JetResult<Run> {
        match self.layout(fdp)? {
            Layout::Single { mut sph } => {
                // a run of `cpg` free pages in the bitmap
                let bits = sph.bits_or_pgno_oe;
                if cpg <= 32 {
                    let mask = if cpg == 32 { u32::MAX } else { (1u32 << cpg) - 1 };
                    for i in 0..=(32 - cpg) {
                        if (bits >> i) & mask == mask {
                            sph.bits_or_pgno_oe &= !(mask << i);
                            self.set_sph(fdp, &sph)?;
                            return Ok(Run { first: fdp + 1 + i, cpg });
                        }
                    }
                }
                self.convert_to_multiple(fdp, cpg)?;
                self.alloc_extent(fdp, cpg, want, exact)
            }
            Layout::Multiple { ae, .. } => {
                for attempt in 0..2 {
                    if let Some(e) = self.first_fit(&ae, cpg)? {
                        let take = if exact { cpg } else { e.cpg.min(want.max(cpg)) };
                        self.shrink_front(&ae, &e, take)?;
                        return Ok(Run { first: e.first(), cpg: take });
                    }
                    if attempt == 1 {
                        break;
                    }
                    // nothing big enough: a new extent (with room for the space trees' own splits)
                    self.grow(fdp, cpg + 8, want.max(cpg) + 8)?;
                    self.drain_reserve(fdp)?;
                }
                Err(crate::format::internal_error(file!(), line!()))
            }
        }
    }

    /// Give a page of a data tree of `fdp` back.
    pub(crate) fn free_page(&mut self, fdp: Pgno, pgno: Pgno) -> JetResult<()> {
        self.free_extent(fdp, Run { first: pgno, cpg: 1 })
    }

    /// Give pages back to `fdp` (they must be pages it owns).
    pub(crate) fn free_extent(&mut self, fdp: Pgno, run: Run) -> JetResult<()> {
        match self.layout(fdp)? {
            Layout::Single { mut sph } => {
                for p in run.first..=run.last() {
                    let i = p.checked_sub(fdp + 1).filter(|&i| i < 32).ok_or(JetError::SPOwnExtCorrupted)?;
                    if sph.bits_or_pgno_oe & (1 << i) != 0 {
                        return Err(JetError::SPAvailExtCorrupted);
                    }
                    sph.bits_or_pgno_oe |= 1 << i;
                }
                self.set_sph(fdp, &sph)
            }
            Layout::Multiple { .. } => self.add_avail(fdp, run),
        }
    }

    /// Record a run as available in AvailExt, merging it with the extents it touches.
    fn add_avail(&mut self, fdp: Pgno, run: Run) -> JetResult<()> {
        let Layout::Multiple { ae, .. } = self.layout(fdp)? else {
            return Err(crate::format::internal_error(file!(), line!()));
        };
        let (prev, next) = self.neighbours(&ae, run.last())?;
        if let Some(n) = next {
            if n.first() <= run.last() {
                return Err(JetError::SPAvailExtCorrupted);
            }
        }
        if let Some(p) = prev {
            if p.pgno_last >= run.first {
                return Err(JetError::SPAvailExtCorrupted);
            }
        }
        let join_next = next.filter(|n| n.first() == run.last() + 1);
        let join_prev = prev.filter(|p| p.pgno_last + 1 == run.first);
        match (join_prev, join_next) {
            (None, Some(n)) => self.tree_replace(&ae, &extent_key(n.pgno_last), &extent_data(n.cpg + run.cpg)),
            (Some(p), Some(n)) => {
                self.tree_replace(&ae, &extent_key(n.pgno_last), &extent_data(n.cpg + run.cpg + p.cpg))?;
                self.tree_delete(&ae, &extent_key(p.pgno_last), None)
            }
            (Some(p), None) => {
                self.tree_delete(&ae, &extent_key(p.pgno_last), None)?;
                self.space_insert(fdp, &ae, &extent_key(run.last()), &extent_data(run.cpg + p.cpg))
            }
            (None, None) => self.space_insert(fdp, &ae, &extent_key(run.last()), &extent_data(run.cpg)),
        }
    }

    /// Hand the reserve of `fdp` back to its AvailExt.
    fn drain_reserve(&mut self, fdp: Pgno) -> JetResult<()> {
        for _ in 0..1000 {
            let pages = self.reserve.remove(&fdp).unwrap_or_default();
            if pages.is_empty() {
                return Ok(());
            }
            for run in runs_of(pages) {
                self.add_avail(fdp, run)?;
            }
        }
        Err(crate::format::internal_error(file!(), line!()))
    }

    /// Before commit: every reserve goes back to AvailExt.
    pub(crate) fn finish_space(&mut self) -> JetResult<()> {
        for _ in 0..1000 {
            let Some((&fdp, _)) = self.reserve.iter().find(|(_, r)| !r.is_empty()) else {
                self.reserve.clear();
                return Ok(());
            };
            self.drain_reserve(fdp)?;
        }
        Err(crate::format::internal_error(file!(), line!()))
    }

    /// A single-extent FDP out of free pages in its bitmap gets space trees
    /// (ESE's ErrSPIConvertToMultipleExtent): an extent from its parent holds
    /// their roots, OwnExt lists the primary extent and the new one, AvailExt
    /// the free pages of both.
    fn convert_to_multiple(&mut self, fdp: Pgno, cpg_needed: u32) -> JetResult<()> {
        let Layout::Single { sph } = self.layout(fdp)? else {
            return Ok(());
        };
        let want = self.next_extent_size(fdp, cpg_needed + 2)? + 2;
        let run = self.alloc_extent(sph.pgno_parent, cpg_needed + 2, want, false)?;
        let (oe, ae) = (run.first, run.first + 1);
        let (objid, kind_flags) = {
            let r = self.page(fdp)?;
            (r.header.objid, r.header.flags & (flags::INDEX | flags::LONG_VALUE))
        };
        let primary = Run { first: fdp, cpg: sph.cpg_primary.max(1) };
        let mut owned = vec![primary, run];
        owned.sort_by_key(|r| r.first);
        let mut free: Vec<Pgno> = (0..32).filter(|i| sph.bits_or_pgno_oe & (1 << i) != 0).map(|i| fdp + 1 + i).collect();
        if primary.cpg > SINGLE_EXTENT_LIMIT {
            free.extend(fdp + SINGLE_EXTENT_LIMIT..=primary.last());
        }
        free.extend(run.first + 2..=run.last());
        let space_flags = kind_flags | PAGE_FLAGS_SPACE_ROOT;
        let node = |r: &Run| NodeOut { flags: 0, key: extent_key(r.last()).to_vec(), data: extent_data(r.cpg).to_vec() };
        let oe_nodes: Vec<NodeOut> = owned.iter().map(node).collect();
        let ae_nodes: Vec<NodeOut> = runs_of(free).iter().map(node).collect();
        for (pgno, nodes) in [(oe, oe_nodes), (ae, ae_nodes)] {
            let p = self.create_page(pgno, objid, space_flags);
            p.ext = vec![0; SPLIT_BUFFER_SIZE];
            p.nodes = nodes;
            if !p.fits() {
                return Err(crate::format::internal_error(file!(), line!()));
            }
        }
        let sph2 = SpaceHeader { flags: sph.flags | space::SPH_MULTIPLE_EXTENT, bits_or_pgno_oe: oe, ..sph };
        self.set_sph(fdp, &sph2)
    }

    /// Create a tree of `cpg` pages under parent FDP `parent` (ESE's ErrSPCreate).
    /// With `multiple` (or more than 33 pages) it gets OwnExt and AvailExt at
    /// its second and third pages; otherwise its free pages are a bitmap in its header.
    pub(crate) fn create_tree(&mut self, parent: Pgno, cpg: u32, kind: TreeKind, unique: bool, multiple: bool) -> JetResult<Tree> {
        if kind == TreeKind::Space {
            return Err(JetError::InvalidParameter);
        }
        let multiple = multiple || cpg > SINGLE_EXTENT_LIMIT;
        let cpg = cpg.max(if multiple { crate::format::fixed::CPG_MULTIPLE_EXTENT_MIN } else { 1 });
        let run = self.alloc_extent(parent, cpg, cpg, true)?;
        let objid = self.store.next_objid();
        let fdp = run.first;
        self.init_fdp(fdp, objid, parent, cpg, kind, unique, multiple)
    }

    /// Lay out a new FDP on pages it already owns.
    pub(crate) fn init_fdp(&mut self, fdp: Pgno, objid: u32, parent: Pgno, cpg: u32, kind: TreeKind, unique: bool, multiple: bool) -> JetResult<Tree> {
        let kind_flags = kind.page_flags() | if unique { 0 } else { flags::NON_UNIQUE_KEYS };
        let sph = if multiple {
            SpaceHeader::multiple(parent, cpg, unique, fdp + 1)
        } else {
            SpaceHeader::single(parent, cpg, unique)
        };
        let root = self.create_page(fdp, objid, flags::ROOT | flags::LEAF | kind_flags);
        root.ext = sph.encode().to_vec();
        if multiple {
            let space_flags = (kind_flags & !flags::NON_UNIQUE_KEYS) | PAGE_FLAGS_SPACE_ROOT;
            let last = fdp + cpg - 1;
            let oe = self.create_page(fdp + 1, objid, space_flags);
            oe.ext = vec![0; SPLIT_BUFFER_SIZE];
            oe.nodes = vec![NodeOut { flags: 0, key: extent_key(last).to_vec(), data: extent_data(cpg).to_vec() }];
            let ae = self.create_page(fdp + 2, objid, space_flags);
            ae.ext = vec![0; SPLIT_BUFFER_SIZE];
            if cpg > 3 {
                ae.nodes = vec![NodeOut { flags: 0, key: extent_key(last).to_vec(), data: extent_data(cpg - 3).to_vec() }];
            }
        }
        Ok(Tree { root: fdp, objid, unique, kind, fdp, page_flags: kind_flags | flags::NEW_RECORD_FORMAT })
    }

    /// Delete a data tree: every page it owns (its child trees' included) goes back to its parent.
    pub(crate) fn delete_tree(&mut self, tree: &Tree) -> JetResult<()> {
        if tree.kind == TreeKind::Space || tree.root != tree.fdp {
            return Err(JetError::InvalidParameter);
        }
        let fdp = tree.fdp;
        let (parent, owned) = match self.layout(fdp)? {
            Layout::Single { sph } => (sph.pgno_parent, vec![Run { first: fdp, cpg: sph.cpg_primary.max(1) }]),
            Layout::Multiple { sph, oe, .. } => {
                let owned = self.extents(&oe)?.iter().map(|e| Run { first: e.first(), cpg: e.cpg }).collect();
                (sph.pgno_parent, owned)
            }
        };
        if parent == 0 {
            return Err(JetError::InvalidParameter);
        }
        self.reserve.remove(&fdp);
        self.release_page(fdp)?;
        for run in owned {
            self.free_extent(parent, run)?;
        }
        Ok(())
    }
}

/// Maintenance of the database root's space (JetResizeDatabase,
/// JetGrowDatabase): growing the file on request, and giving back the free
/// pages at its end.
impl<'s> Op<'s> {
    /// The last page the database root owns (ESE's ErrSPGetLastPgno).
    pub(crate) fn root_last_pgno(&mut self) -> JetResult<Pgno> {
        let Layout::Multiple { oe, .. } = self.layout(PGNO_SYSTEM_ROOT)? else {
            return Err(JetError::DatabaseCorrupted);
        };
        Ok(self.extents(&oe)?.iter().map(|e| e.pgno_last).max().unwrap_or(PGNO_SYSTEM_ROOT))
    }

    /// Grow the file by at least `cpg` pages (rounded up to the extension
    /// size, as every growth is): they become free pages of the root.
    pub(crate) fn grow_root(&mut self, cpg: u32) -> JetResult<()> {
        self.grow(PGNO_SYSTEM_ROOT, cpg.max(1), cpg.max(1))
    }

    /// Take the root's free extent that ends where its owned space ends out
    /// of AvailExt and OwnExt (the file can then be cut there). Never goes
    /// below `floor`. Returns the root's new last page.
    pub(crate) fn trim_root_end(&mut self, floor: Pgno) -> JetResult<Pgno> {
        let Layout::Multiple { oe, ae, .. } = self.layout(PGNO_SYSTEM_ROOT)? else {
            return Err(JetError::DatabaseCorrupted);
        };
        let owned = self.extents(&oe)?;
        let last = owned.iter().map(|e| e.pgno_last).max().unwrap_or(PGNO_SYSTEM_ROOT);
        let Some(free) = self.extents(&ae)?.into_iter().find(|e| e.pgno_last == last) else {
            return Ok(last);
        };
        let new_last = (free.first() - 1).max(floor);
        if new_last >= last {
            return Ok(last);
        }
        // AvailExt keeps what stays below the cut
        if free.first() <= new_last {
            // keyed by its last page: the shortened extent gets a new key
            self.tree_delete(&ae, &extent_key(free.pgno_last), None)?;
            self.space_insert(PGNO_SYSTEM_ROOT, &ae, &extent_key(new_last), &extent_data(new_last + 1 - free.first()))?;
        } else {
            self.tree_delete(&ae, &extent_key(free.pgno_last), None)?;
        }
        // OwnExt: every extent past the cut goes, one across it is shortened
        for e in owned.iter().filter(|e| e.pgno_last > new_last) {
            self.tree_delete(&oe, &extent_key(e.pgno_last), None)?;
            if e.first() <= new_last {
                self.space_insert(PGNO_SYSTEM_ROOT, &oe, &extent_key(new_last), &extent_data(new_last + 1 - e.first()))?;
            }
        }
        // (a split of OwnExt with no free page left could have grown the file again)
        self.root_last_pgno()
    }
}

/// What a space check finds out about one FDP.
#[derive(Clone, Debug, Default)]
pub struct SpaceInfo {
    /// Pages the FDP owns.
    pub owned: Vec<Run>,
    /// Owned pages that are free (AvailExt, bitmap, and split buffers).
    pub avail: Vec<Pgno>,
    /// Pages of its space trees.
    pub space_tree_pages: Vec<Pgno>,
}

/// Read the space of an FDP (read-only, for checks and statistics).
pub fn space_info(store: &crate::btree::Store, fdp: Pgno) -> JetResult<SpaceInfo> {
    let sph = store.space_header(fdp)?;
    let mut info = SpaceInfo::default();
    match sph.pgno_oe() {
        None => {
            info.owned.push(Run { first: fdp, cpg: sph.cpg_primary.max(1) });
            info.avail.extend((0..32).filter(|i| sph.bits_or_pgno_oe & (1 << i) != 0).map(|i| fdp + 1 + i));
            if sph.cpg_primary > SINGLE_EXTENT_LIMIT {
                // pages past the bitmap are never handed out by a single-extent FDP
                info.avail.extend(fdp + SINGLE_EXTENT_LIMIT..fdp + sph.cpg_primary);
            }
        }
        Some(oe) => {
            for (root, is_ae) in [(oe, false), (oe + 1, true)] {
                let t = store.open_tree(root)?;
                let t = Tree { fdp, ..t };
                for (k, d) in crate::btree::scan(store, &t)? {
                    let e = space::decode_extent(&k, &d)?;
                    if is_ae {
                        info.avail.extend(e.first()..=e.pgno_last);
                    } else {
                        info.owned.push(Run { first: e.first(), cpg: e.cpg });
                    }
                }
                let g = store.read_page(root)?;
                let v = crate::format::page::PageView::new(&g)?;
                info.avail.extend(SplitBuffer::decode(v.external_header()).pages());
                info.space_tree_pages.extend(crate::btree::check::tree_pages(store, &t)?);
            }
        }
    }
    Ok(info)
}

/// Check the space accounting of a set of FDPs (every data tree of the
/// database, the root included): each FDP's owned pages are exactly its free
/// pages, its tree's pages, its space trees' pages and what its child FDPs
/// own, with no page counted twice. Returns what is wrong.
pub fn check_space(store: &crate::btree::Store, fdps: &[Pgno]) -> Result<(), String> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut info = BTreeMap::new();
    let mut children: BTreeMap<Pgno, Vec<Pgno>> = BTreeMap::new();
    for &f in fdps {
        let sph = store.space_header(f).map_err(|e| format!("FDP {f}: {e}"))?;
        if f != PGNO_SYSTEM_ROOT {
            children.entry(sph.pgno_parent).or_default().push(f);
        }
        info.insert(f, space_info(store, f).map_err(|e| format!("FDP {f}: {e}"))?);
    }
    for &f in fdps {
        let i = &info[&f];
        let mut owned = BTreeSet::new();
        for r in &i.owned {
            for p in r.first..=r.last() {
                if !owned.insert(p) {
                    return Err(format!("FDP {f}: page {p} owned twice"));
                }
            }
        }
        let mut seen: BTreeMap<Pgno, String> = BTreeMap::new();
        let mut add = |p: Pgno, what: String| -> Result<(), String> {
            if let Some(w) = seen.insert(p, what.clone()) {
                return Err(format!("FDP {f}: page {p} is both {w} and {what}"));
            }
            Ok(())
        };
        for &p in &i.avail {
            add(p, "available".into())?;
        }
        for &p in &i.space_tree_pages {
            add(p, "a space tree page".into())?;
        }
        let t = store.open_tree(f).map_err(|e| format!("FDP {f}: {e}"))?;
        for p in crate::btree::tree_pages(store, &t).map_err(|e| format!("FDP {f}: {e}"))? {
            add(p, "a tree page".into())?;
        }
        for c in children.get(&f).map(|v| v.as_slice()).unwrap_or(&[]) {
            for r in &info[c].owned {
                for p in r.first..=r.last() {
                    add(p, format!("owned by child {c}"))?;
                }
            }
        }
        let accounted: BTreeSet<Pgno> = seen.keys().copied().collect();
        if accounted != owned {
            let missing: Vec<_> = owned.difference(&accounted).take(10).collect();
            let extra: Vec<_> = accounted.difference(&owned).take(10).collect();
            return Err(format!("FDP {f}: owned pages not accounted for {missing:?}; pages used but not owned {extra:?}"));
        }
    }
    Ok(())
}
