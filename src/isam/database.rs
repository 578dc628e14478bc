//! One attached database file (ESE's FMP): its `Store` behind the database
//! lock, the sessions that opened it, its cached schema and the counters of
//! its tables (autoincrement, long-value ids, DBKs).
//!
//! Owns: the database lock (`store`): cursor calls read under its shared side,
//! a commit's apply writes under its exclusive side. `TreeSource` adapts a
//! B-tree of the store to the version layer's merged view.
//! Must never: decide what a transaction sees (version/view.rs does) or write
//! pages outside an apply.

use std::borrow::BorrowMut;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

use parking_lot::{Mutex, MutexGuard, RwLock};

use crate::btree::{Cursor as BtCursor, SeekMode, Store, Tree};
use crate::error::{JetError, JetResult};
use crate::version::EntryKey;
use crate::version::view::Source;

/// Per-table counters that live as long as the database is attached. Each is
/// found the first time it is needed (by reading the highest value in use).
#[derive(Default, Debug, Clone)]
pub struct TableCounters {
    /// The next autoincrement value.
    pub autoinc_next: Option<i64>,
    /// The next long-value id.
    pub lid_next: Option<u64>,
    /// The next DBK (record key of a table without a primary index).
    pub dbk_next: Option<u32>,
}

/// The committed schema of the database, as far as it was read.
#[derive(Default)]
pub struct SchemaCache {
    /// Tables by object id.
    pub by_objid: HashMap<u32, Arc<crate::catalog::CatalogTable>>,
    /// Bumped by every committed DDL: cursors holding an older TableDef reload it.
    pub version: u64,
}

/// The schema cache behind its lock, with its version readable without the
/// lock (every cursor call compares it with the version its table is from).
pub struct SchemaLock {
    cache: Mutex<SchemaCache>,
    /// `SchemaCache::version` as of the last unlock.
    version: AtomicU64,
}

/// The locked schema cache; unlocking it publishes its version.
pub struct SchemaGuard<'a> {
    guard: MutexGuard<'a, SchemaCache>,
    version: &'a AtomicU64,
}

impl SchemaLock {
    fn new() -> Self {
        SchemaLock { cache: Mutex::new(SchemaCache::default()), version: AtomicU64::new(0) }
    }

    pub fn lock(&self) -> SchemaGuard<'_> {
        SchemaGuard { guard: self.cache.lock(), version: &self.version }
    }

    /// The committed schema version, without the lock. A DDL commit bumps it
    /// after it cleared the cache, under the lock, so a reader that sees the
    /// new version and then locks finds the cache without the old tables.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }
}

impl std::ops::Deref for SchemaGuard<'_> {
    type Target = SchemaCache;
    fn deref(&self) -> &SchemaCache {
        &self.guard
    }
}

impl std::ops::DerefMut for SchemaGuard<'_> {
    fn deref_mut(&mut self) -> &mut SchemaCache {
        &mut self.guard
    }
}

impl Drop for SchemaGuard<'_> {
    fn drop(&mut self) {
        self.version.store(self.guard.version, Ordering::Release);
    }
}

pub struct Database {
    pub dbid: u32,
    /// The path given to attach/create, made absolute.
    pub path: PathBuf,
    pub read_only: bool,
    /// Whether its changes are logged (false for the temporary database).
    pub logged: bool,
    /// The attach/create grbit.
    pub grbit: u32,
    pub page_size: usize,
    /// The database lock and everything under it.
    pub store: RwLock<Store>,
    pub schema: SchemaLock,
    pub counters: Mutex<HashMap<u32, TableCounters>>,
    /// Sessions (by serial) that have the database open, and how many times.
    opens: Mutex<HashMap<u64, u32>>,
    detached: AtomicBool,
    /// The highest object id a logged header image carries.
    logged_objid: AtomicU32,
    /// Where MSysObjids and MSysLocales live (found on first DDL).
    pub(crate) cat_trees: Mutex<Option<crate::catalog::CatalogTrees>>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").field("dbid", &self.dbid).field("path", &self.path).finish()
    }
}

impl Database {
    pub fn new(dbid: u32, path: PathBuf, read_only: bool, grbit: u32, store: Store) -> Database {
        let page_size = store.page_size();
        let objid = store.objid_last();
        Database {
            dbid,
            path,
            read_only,
            logged: true,
            grbit,
            page_size,
            store: RwLock::new(store),
            schema: SchemaLock::new(),
            counters: Mutex::new(HashMap::new()),
            opens: Mutex::new(HashMap::new()),
            detached: AtomicBool::new(false),
            logged_objid: AtomicU32::new(objid),
            cat_trees: Mutex::new(None),
        }
    }

    /// Whether the object id counter moved past what the log last recorded
    /// (then the header image goes into the commit record); records it.
    pub(crate) fn note_objid_logged(&self, objid_last: u32) -> bool {
        self.logged_objid.fetch_max(objid_last, Ordering::AcqRel) < objid_last
    }

    pub fn is_detached(&self) -> bool {
        self.detached.load(Ordering::Acquire)
    }

    pub(crate) fn mark_detached(&self) {
        self.detached.store(true, Ordering::Release);
    }

    /// JetOpenDatabase by a session.
    pub fn open_by(&self, session: u64) {
        *self.opens.lock().entry(session).or_insert(0) += 1;
    }

    /// JetCloseDatabase by a session: false if it did not have it open.
    pub fn close_by(&self, session: u64) -> bool {
        let mut o = self.opens.lock();
        match o.get_mut(&session) {
            Some(n) if *n > 1 => {
                *n -= 1;
                true
            }
            Some(_) => {
                o.remove(&session);
                true
            }
            None => false,
        }
    }

    /// Whether a session has the database open.
    pub fn is_open_by(&self, session: u64) -> bool {
        self.opens.lock().contains_key(&session)
    }

    /// Whether any session has the database open.
    pub fn is_open(&self) -> bool {
        !self.opens.lock().is_empty()
    }

    /// Forget every open of a session (it ended).
    pub fn close_all_by(&self, session: u64) {
        self.opens.lock().remove(&session);
    }
}

/// A B-tree of a store, as an ordered `Source` for the version layer's view.
/// It walks with a B-tree cursor so that moving in order costs a step, not a
/// seek: its own (`new`) for one call, or one a table cursor keeps between
/// calls (`on`), which stays valid while its page is unchanged.
pub struct TreeSource<'s, C: BorrowMut<BtCursor> = BtCursor> {
    store: &'s Store,
    cursor: C,
}

impl<'s> TreeSource<'s> {
    pub fn new(store: &'s Store, tree: Tree) -> TreeSource<'s> {
        TreeSource { store, cursor: BtCursor::new(tree) }
    }
}

impl<'s, 'c> TreeSource<'s, &'c mut BtCursor> {
    /// Walk with a cursor kept by the caller.
    pub fn on(store: &'s Store, cursor: &'c mut BtCursor) -> TreeSource<'s, &'c mut BtCursor> {
        TreeSource { store, cursor }
    }
}

impl<C: BorrowMut<BtCursor>> TreeSource<'_, C> {
    fn cur(&self) -> &BtCursor {
        self.cursor.borrow()
    }

    fn unique(&self) -> bool {
        self.cur().tree().unique
    }

    fn current(&self) -> Option<(EntryKey, Vec<u8>)> {
        let e = self.cur().entry()?;
        let dup = if self.unique() { Vec::new() } else { e.data.clone() };
        Some((EntryKey { key: e.key.clone(), dup }, e.data.clone()))
    }

    /// Whether the cursor stands on `k` (as it was read; see `fresh_at`).
    fn at(&self, k: &EntryKey) -> bool {
        match self.cur().entry() {
            Some(e) => e.key == k.key && (self.unique() || e.data == k.dup),
            None => false,
        }
    }

    /// Whether the cursor stands on `k` and its page is unchanged since it
    /// read it (otherwise the entry's data may be out of date).
    fn fresh_at(&mut self, k: &EntryKey) -> JetResult<bool> {
        if !self.at(k) {
            return Ok(false);
        }
        let store = self.store;
        // a refreshed position whose entry is gone reads as not-at
        Ok(self.cursor.borrow_mut().refresh(store)? && self.at(k))
    }

    fn moved(&self, r: JetResult<()>) -> JetResult<Option<(EntryKey, Vec<u8>)>> {
        match r {
            Ok(()) => Ok(self.current()),
            Err(JetError::NoCurrentRecord) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl<C: BorrowMut<BtCursor>> Source for TreeSource<'_, C> {
    fn seek(&mut self, from: &EntryKey, forward: bool, inclusive: bool) -> JetResult<Option<(EntryKey, Vec<u8>)>> {
        let store = self.store;
        if !inclusive && self.at(from) {
            // next/prev re-seek by themselves when the page changed
            let c = self.cursor.borrow_mut();
            let r = if forward { c.next(store) } else { c.prev(store) };
            return self.moved(r);
        }
        let mode = match (forward, inclusive) {
            (true, true) => SeekMode::Ge,
            (true, false) => SeekMode::Gt,
            (false, true) => SeekMode::Le,
            (false, false) => SeekMode::Lt,
        };
        let data = if self.unique() { None } else { Some(from.dup.as_slice()) };
        match self.cursor.borrow_mut().seek(store, &from.key, data, mode) {
            Ok(_) => Ok(self.current()),
            Err(JetError::RecordNotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn edge(&mut self, first: bool) -> JetResult<Option<(EntryKey, Vec<u8>)>> {
        let store = self.store;
        let c = self.cursor.borrow_mut();
        let r = if first { c.first(store) } else { c.last(store) };
        self.moved(r)
    }

    fn get(&mut self, key: &EntryKey) -> JetResult<Option<Vec<u8>>> {
        if self.fresh_at(key)? {
            return Ok(self.cur().data().map(|d| d.to_vec()));
        }
        let store = self.store;
        let data = if self.unique() { None } else { Some(key.dup.as_slice()) };
        match self.cursor.borrow_mut().seek(store, &key.key, data, SeekMode::Eq) {
            Ok(_) => Ok(self.cur().data().map(|d| d.to_vec())),
            Err(JetError::RecordNotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
