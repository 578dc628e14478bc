//! A write operation: the pages it reads and changes, held decoded until it
//! commits. Nothing reaches the page cache before `commit`, so an operation
//! that fails leaves the database as it was (the file may have grown).
//!
//! At commit every changed page gets the operation's dbtime, a cleared flush
//! type (ESE's "unknown", which never reports a lost flush), its page number
//! in the large-page header, and fresh checksums; its image goes to the cache
//! and its number to the store's dirtied set.

use super::store::{Store, link_error};
use crate::buffer::Pgno;
use crate::error::{JetError, JetResult};
use crate::format::page::{PageData, PageView, flags, node_flags};
use crate::format::{DbTime, checksum};
use std::collections::{BTreeMap, BTreeSet};

use crate::util::hash::FastMap;

pub(crate) struct Op<'s> {
    pub(crate) store: &'s mut Store,
    pages: FastMap<Pgno, PageData>,
    /// Leaf pages changed in place (`inplace`), as bytes: a page is either
    /// here or in `pages`, never both (loading one decodes these bytes).
    raw: FastMap<Pgno, Box<[u8]>>,
    dirty: BTreeSet<Pgno>,
    created: BTreeSet<Pgno>,
    pub(crate) dbtime: DbTime,
    /// Per FDP: pages it owns that are in neither its AvailExt nor use,
    /// held for the splits of its space trees (ESE's split buffer, in memory).
    /// `space::finish` gives what is left back to AvailExt.
    pub(crate) reserve: BTreeMap<Pgno, Vec<Pgno>>,
}

impl<'s> Op<'s> {
    pub(crate) fn new(store: &'s mut Store) -> Op<'s> {
        let dbtime = store.dbtime + 1;
        Op { store, pages: FastMap::default(), raw: FastMap::default(), dirty: BTreeSet::new(), created: BTreeSet::new(), dbtime, reserve: BTreeMap::new() }
    }

    pub(crate) fn page_size(&self) -> usize {
        self.store.page_size
    }

    fn load(&mut self, pgno: Pgno) -> JetResult<()> {
        if self.pages.contains_key(&pgno) {
            return Ok(());
        }
        let mut pd = match self.raw.remove(&pgno) {
            Some(img) => {
                let pd = PageData::decode(&PageView::new(&img)?)?;
                self.store.recycle_page(img);
                pd
            }
            None => {
                let g = self.store.read_page(pgno).map_err(link_error)?;
                PageData::decode(&PageView::new(&g)?)?
            }
        };
        if pd.header.flags & flags::LEAF != 0 {
            // ESE's leftovers: flag-deleted nodes await a cleanup that, with
            // every transaction of the last run gone, may happen now; version
            // bits point at a version store that no longer exists.
            pd.nodes.retain(|n| n.flags & node_flags::DELETED == 0);
        }
        for n in &mut pd.nodes {
            n.flags &= !node_flags::VERSIONED;
        }
        self.pages.insert(pgno, pd);
        Ok(())
    }

    /// A page, decoded (changes made earlier in this operation included).
    pub(crate) fn page(&mut self, pgno: Pgno) -> JetResult<&PageData> {
        self.load(pgno)?;
        Ok(&self.pages[&pgno])
    }

    /// A page to change.
    pub(crate) fn page_mut(&mut self, pgno: Pgno) -> JetResult<&mut PageData> {
        self.load(pgno)?;
        self.dirty.insert(pgno);
        Ok(self.pages.get_mut(&pgno).unwrap())
    }

    /// Insert into leaf `pgno` in place when it has the room (see
    /// `inplace`): `Ok(false)` when the page must be decoded instead.
    pub(crate) fn insert_in_place(&mut self, pgno: Pgno, tree: &super::store::Tree, t: &super::cursor::Target<'_>, key: &[u8], data: &[u8]) -> JetResult<bool> {
        self.in_place(pgno, |img| super::inplace::insert(img, tree, t, key, data))
    }

    /// Replace an entry's data with data of the same size in place (see `inplace`).
    pub(crate) fn replace_in_place(&mut self, pgno: Pgno, tree: &super::store::Tree, t: &super::cursor::Target<'_>, key: &[u8], data: &[u8]) -> JetResult<bool> {
        self.in_place(pgno, |img| super::inplace::replace(img, tree, t, key, data))
    }

    /// Remove an entry in place when the page stays well filled (see `inplace`).
    pub(crate) fn delete_in_place(&mut self, pgno: Pgno, tree: &super::store::Tree, t: &super::cursor::Target<'_>, key: &[u8], data: Option<&[u8]>) -> JetResult<bool> {
        self.in_place(pgno, |img| super::inplace::delete(img, tree, t, key, data))
    }

    /// Run an in-place change on leaf `pgno`'s bytes; `Ok(false)` (page
    /// untouched) when it cannot be done there or the page is decoded already.
    fn in_place(&mut self, pgno: Pgno, change: impl FnOnce(&mut [u8]) -> JetResult<bool>) -> JetResult<bool> {
        if self.pages.contains_key(&pgno) {
            return Ok(false);
        }
        let mut img = match self.raw.remove(&pgno) {
            Some(img) => img,
            None => {
                let g = self.store.read_page(pgno).map_err(link_error)?;
                let mut b = self.store.spare_page();
                b.copy_from_slice(&g);
                b
            }
        };
        let r = change(&mut img);
        if matches!(r, Ok(true)) {
            self.dirty.insert(pgno);
        }
        if matches!(r, Ok(true)) || self.dirty.contains(&pgno) {
            // changed now or earlier in this operation: these bytes are the page
            self.raw.insert(pgno, img);
        } else {
            self.store.recycle_page(img);
        }
        r
    }

    /// A new page (never read from disk), empty, with the given header fields.
    pub(crate) fn create_page(&mut self, pgno: Pgno, objid: u32, page_flags: u32) -> &mut PageData {
        let pd = PageData::new(self.store.page_size, objid, page_flags | flags::NEW_RECORD_FORMAT, self.dbtime);
        self.pages.insert(pgno, pd);
        self.dirty.insert(pgno);
        self.created.insert(pgno);
        self.pages.get_mut(&pgno).unwrap()
    }

    /// A page leaves its tree: it is written back empty (flag EMPTY, no
    /// nodes, no links), so that a cursor remembering it sees it changed.
    pub(crate) fn release_page(&mut self, pgno: Pgno) -> JetResult<()> {
        let pd = self.page_mut(pgno)?;
        pd.nodes.clear();
        pd.ext.clear();
        pd.reserved.clear();
        pd.header.pgno_prev = 0;
        pd.header.pgno_next = 0;
        pd.header.flags = (pd.header.flags & !(flags::ROOT | flags::PARENT_OF_LEAF)) | flags::EMPTY;
        Ok(())
    }

    /// Apply every change to the cache.
    pub(crate) fn commit(self) -> JetResult<()> {
        let Op { store, mut pages, mut raw, dirty, created, dbtime, reserve } = self;
        debug_assert!(reserve.values().all(|r| r.is_empty()), "space reserve not drained");
        if dirty.is_empty() {
            return Ok(());
        }
        // encode everything first: nothing is applied if a page does not fit
        let mut images: Vec<(Pgno, Box<[u8]>)> = Vec::with_capacity(dirty.len());
        for &pgno in &dirty {
            if let Some(mut img) = raw.remove(&pgno) {
                super::inplace::stamp(&mut img, pgno, dbtime);
                checksum::update_checksum(&mut img, pgno);
                images.push((pgno, img));
                continue;
            }
            let pd = pages.get_mut(&pgno).unwrap();
            pd.header.dbtime = dbtime;
            pd.header.flags &= !flags::FLUSH_TYPE_MASK;
            if let Some(x) = pd.header.ext.as_mut() {
                x.pgno = pgno;
            }
            let mut img = pd.encode()?;
            checksum::update_checksum(&mut img, pgno);
            images.push((pgno, img.into_boxed_slice()));
        }
        // then latch every frame (reading what is not cached), then swap the
        // new bytes in
        let mut guards = Vec::with_capacity(images.len());
        for (pgno, _) in &images {
            let g = if created.contains(pgno) { store.cache.create(*pgno)? } else { store.cache.write(*pgno).map_err(link_error)? };
            guards.push(g);
        }
        for (g, (pgno, img)) in guards.iter_mut().zip(images) {
            let old = std::mem::replace(&mut **g, img);
            // the page as last logged, for the commit's delta (a created
            // page is logged whole)
            if store.keep_before && !created.contains(&pgno) && !store.dirtied.contains(&pgno) {
                store.before.insert(pgno, old);
            } else {
                store.recycle_page(old);
            }
            store.dirtied.insert(pgno);
        }
        store.dbtime = dbtime;
        Ok(())
    }
}

/// The error for a request a tree cannot hold.
pub(crate) fn too_big(key_len: usize, max_key: usize) -> JetError {
    if key_len > max_key { JetError::KeyTooBig } else { JetError::RecordTooBig }
}
