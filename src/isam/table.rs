//! An open table (ESE's FUCB on a table): which database and table, the
//! current index, the position, the search key being built, the index range,
//! and the update being prepared.
//!
//! Owns: `TableCursor` and what every call on it shares: opening and closing,
//! reading the current record and its long values through the session's view.
//! Must never: touch pages directly (views and the engine do), or know about C.

use std::cell::RefCell;
use std::sync::Arc;

use crate::abi::*;
use crate::btree::{Cursor as BtCursor, Tree};
use crate::catalog::defs::{IndexDef, IndexFlags, TableDef};
use crate::catalog::{CatalogTable, TableRef};
use crate::error::{JetError, JetResult};
use crate::key::{IndexKeySpec, KeyBuilder};
use crate::record::{LvId, LvRoot, RecordView};
use crate::version::view::{From, Source, View};
use crate::version::{EntryKey, TreeId};

use super::database::{Database, TreeSource};
use super::engine::Engine;
use super::session::Session;
use super::txn::Txn;
use super::update::Prepared;

/// One index as a cursor uses it.
#[derive(Clone, Debug)]
pub struct OpenIndex {
    /// None for a table without a primary index (its records in DBK order).
    pub def: Option<IndexDef>,
    pub tree: Tree,
    pub id: TreeId,
    /// None for the DBK order of a table without a primary index.
    pub spec: Option<Arc<IndexKeySpec>>,
    /// The table's clustered index (the records' own tree).
    pub clustered: bool,
}

impl OpenIndex {
    pub fn name(&self) -> Option<&str> {
        self.def.as_ref().map(|d| d.name.as_str())
    }
    /// Whether the tree holds one entry per key (entries are then named by key alone).
    pub fn unique_tree(&self) -> bool {
        self.tree.unique
    }
}

/// Where a cursor stands on its current index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    /// After JetOpenTable or JetSetCurrentIndex: on the first entry, found
    /// when first needed (ESE's deferred move-first).
    DeferFirst,
    BeforeFirst,
    AfterLast,
    /// On an index entry; `bookmark` is the record's primary key.
    On { entry: EntryKey, bookmark: Vec<u8> },
    /// On a record this cursor (or its transaction) deleted: moves continue
    /// from there, reads fail with JET_errRecordDeleted.
    Deleted { entry: EntryKey, bookmark: Vec<u8> },
    /// Between entries, at a key no entry has (ESE's locOnSeekBM: after a
    /// JetSeek(JET_bitSeekEQ) that found nothing, or a secondary-index
    /// bookmark with JET_bitBookmarkPermitVirtualCurrency): reads fail with
    /// JET_errNoCurrentRecord, moves go to the entries around the key.
    Virtual { entry: EntryKey },
}

/// An index range (JetSetIndexRange): the limit key and which side it bounds.
#[derive(Clone, Debug)]
pub struct Range {
    pub limit: Vec<u8>,
    pub upper: bool,
    pub inclusive: bool,
}

/// The state of an open table.
pub struct TableCursor {
    pub db: Arc<Database>,
    pub table: Arc<CatalogTable>,
    pub schema_version: u64,
    /// JET_bitTableReadOnly, or a database attached read-only.
    pub read_only: bool,
    pub primary: OpenIndex,
    pub current: OpenIndex,
    pub pos: Position,
    pub key: KeyBuilder,
    pub range: Option<Range>,
    pub update: Option<Prepared>,
    /// The table's long-value tree, once it has one.
    pub lv: Option<Tree>,
    pub grbit: JET_GRBIT,
    /// A temporary table's shared state (None for a table of an attached database).
    pub temp: Option<Arc<super::temp::TempTable>>,
    /// What the cursor keeps between calls to save work.
    pub cache: RefCell<CursorCache>,
}

/// What a table cursor keeps between calls: B-tree cursors on its current
/// index and on the primary index (when that is another tree), which are
/// only hints, re-checked against their page on use; and the table's
/// secondary indexes opened for updates, for the schema they were opened on;
/// and the last record read, with the state it was read in.
#[derive(Default)]
pub struct CursorCache {
    current: Option<BtCursor>,
    primary: Option<BtCursor>,
    secondary: Option<(Arc<CatalogTable>, Arc<[OpenIndex]>)>,
    record: Option<CachedRecord>,
}

/// A record as the cursor's view gave it. The view of a key is a function
/// of the committed state (outside a transaction) or the snapshot (inside
/// one), the transaction's own writes and the schema: while none of those
/// has moved, reading the key again gives the same bytes.
struct CachedRecord {
    stamp: RecordStamp,
    key: Vec<u8>,
    data: Vec<u8>,
}

#[derive(Copy, Clone, PartialEq, Eq)]
struct RecordStamp {
    latest: crate::version::Ts,
    txn: crate::version::TxnId,
    level: u32,
    writes: u64,
    ddl: u64,
}

impl CursorCache {
    /// Keep a record read at `stamp`, reusing the buffers of the last one.
    fn keep_record(&mut self, stamp: RecordStamp, key: &[u8], data: &[u8]) {
        keep(&mut self.record, stamp, key, data)
    }

    fn slot(slot: &mut Option<BtCursor>, tree: Tree) -> &mut BtCursor {
        if slot.as_ref().is_none_or(|c| *c.tree() != tree) {
            *slot = Some(BtCursor::new(tree));
        }
        slot.as_mut().unwrap()
    }

    /// The entry the current index's B-tree cursor stands on (after a direct walk).
    pub fn walked(&self) -> Option<&crate::btree::Entry> {
        self.current.as_ref()?.entry()
    }
}

/// Keep a record read at `stamp` in `record`, reusing its buffers.
fn keep(record: &mut Option<CachedRecord>, stamp: RecordStamp, key: &[u8], data: &[u8]) {
    match record {
        Some(r) => {
            r.stamp = stamp;
            r.key.clear();
            r.key.extend_from_slice(key);
            r.data.clear();
            r.data.extend_from_slice(data);
        }
        None => *record = Some(CachedRecord { stamp, key: key.to_vec(), data: data.to_vec() }),
    }
}

impl TableCursor {
    pub fn def(&self) -> &TableDef {
        &self.table.def
    }

    pub fn tree_id(&self, objid: u32) -> TreeId {
        (self.db.dbid, objid)
    }

    /// The current record's primary key, if the cursor is on one.
    pub fn bookmark(&self) -> JetResult<&[u8]> {
        match &self.pos {
            Position::On { bookmark, .. } => Ok(bookmark),
            Position::Deleted { .. } => Err(JetError::RecordDeleted),
            _ => Err(JetError::NoCurrentRecord),
        }
    }
}

/// Open an index of a table for a cursor.
pub fn open_index(db: &Database, table: &TableDef, index: Option<&IndexDef>) -> JetResult<OpenIndex> {
    let store = db.store.read();
    match index {
        Some(ix) => {
            let clustered = ix.flags.contains(IndexFlags::PRIMARY);
            let root = if clustered { table.pgno_fdp } else { ix.pgno_fdp };
            let tree = store.open_tree(root)?;
            let spec = Arc::new(IndexKeySpec::new(ix, &table.columns)?);
            let objid = if clustered { table.objid } else { ix.objid };
            Ok(OpenIndex { def: Some(ix.clone()), tree, id: (db.dbid, objid), spec: Some(spec), clustered })
        }
        None => {
            let tree = store.open_tree(table.pgno_fdp)?;
            Ok(OpenIndex { def: None, tree, id: (db.dbid, table.objid), spec: None, clustered: true })
        }
    }
}

impl Database {
    /// A table's catalog entry (committed state), cached.
    pub fn table(&self, which: TableRef<'_>) -> JetResult<(Arc<CatalogTable>, u64)> {
        {
            let s = self.schema.lock();
            let hit = match which {
                TableRef::Objid(o) => s.by_objid.get(&o).cloned(),
                TableRef::Name(n) => s.by_objid.values().find(|t| t.def.name.eq_ignore_ascii_case(n)).cloned(),
            };
            if let Some(t) = hit {
                return Ok((t, s.version));
            }
        }
        let t = {
            let store = self.store.read();
            Arc::new(crate::catalog::read_table_from_store(&store, which)?)
        };
        let mut s = self.schema.lock();
        s.by_objid.insert(t.def.objid, t.clone());
        Ok((t, s.version))
    }

    pub fn schema_version(&self) -> u64 {
        self.schema.version()
    }
}

impl Session {
    /// JetOpenTable.
    pub fn open_table(&self, dbid: u32, name: &str, grbit: JET_GRBIT) -> JetResult<TableCursor> {
        let engine = self.instance().engine()?;
        let db = engine.database(dbid)?;
        if !db.is_open_by(self.serial()) {
            return Err(JetError::InvalidDatabaseId);
        }
        if name.is_empty() {
            return Err(JetError::InvalidName);
        }
        let (table, version) = db.table_for(&engine, &self.txn(), TableRef::Name(name)).map_err(|e| match e {
            JetError::InvalidName => JetError::ObjectNotFound,
            e => e,
        })?;
        let primary = open_index(&db, &table.def, table.def.primary_index())?;
        let lv = match table.def.lv_tree {
            Some((_, pgno)) => Some(db.store.read().open_tree(pgno)?),
            None => None,
        };
        Ok(TableCursor {
            // system tables are only ever read through the API
            read_only: grbit & JET_bitTableReadOnly != 0 || db.read_only || table.def.name.starts_with("MSys"),
            db,
            table,
            schema_version: version,
            current: primary.clone(),
            primary,
            pos: Position::DeferFirst,
            key: KeyBuilder::new(),
            range: None,
            update: None,
            lv,
            grbit,
            temp: None,
            cache: Default::default(),
        })
    }
}

/// Read-side helpers shared by retrieval, navigation and updates.
impl TableCursor {
    /// The view of one tree for this session's transaction.
    pub fn view<'a>(&self, engine: &'a Engine, txn: &'a Txn, tree: TreeId) -> View<'a> {
        txn.view(engine, tree)
    }

    /// The table's secondary indexes, opened once per schema the cursor sees.
    pub fn secondary_indexes(&self) -> JetResult<Arc<[OpenIndex]>> {
        let mut cache = self.cache.borrow_mut();
        if let Some((table, ixs)) = &cache.secondary {
            if Arc::ptr_eq(table, &self.table) {
                return Ok(ixs.clone());
            }
        }
        let def = &self.table.def;
        let ixs: Vec<OpenIndex> = def
            .indexes
            .iter()
            .filter(|i| !i.flags.contains(IndexFlags::PRIMARY))
            .map(|i| open_index(&self.db, def, Some(i)))
            .collect::<JetResult<_>>()?;
        let ixs: Arc<[OpenIndex]> = ixs.into();
        cache.secondary = Some((self.table.clone(), ixs.clone()));
        Ok(ixs)
    }

    /// A record by its primary key, as the transaction sees it.
    pub fn record_by_bookmark(&self, engine: &Engine, txn: &Txn, bookmark: &[u8]) -> JetResult<Option<Vec<u8>>> {
        // taken before the read, so that a commit racing with it moves the stamp
        let stamp = self.record_stamp(engine, txn);
        let mut cache = self.cache.borrow_mut();
        let cache = &mut *cache;
        if let (Some(s), Some(r)) = (stamp, &cache.record) {
            if r.stamp == s && r.key == bookmark {
                return Ok(Some(r.data.clone()));
            }
        }
        let store = self.db.store.read();
        // on the clustered index the current cursor already stands on the record
        let slot = if self.current.clustered { &mut cache.current } else { &mut cache.primary };
        let mut src = TreeSource::on(&store, CursorCache::slot(slot, self.primary.tree));
        let key = EntryKey::unique(bookmark);
        let found = txn.view(engine, self.primary.id).get(&mut src as &mut dyn Source, &key)?;
        match (stamp, &found) {
            (Some(stamp), Some(data)) => cache.keep_record(stamp, bookmark, data),
            _ => cache.record = None,
        }
        Ok(found)
    }

    /// What the view of a record depends on (None: not cached, for
    /// temporary tables, which are written in place without versions).
    fn record_stamp(&self, engine: &Engine, txn: &Txn) -> Option<RecordStamp> {
        if self.temp.is_some() {
            return None;
        }
        Some(RecordStamp { latest: engine.versions.latest(), txn: txn.id, level: txn.level, writes: txn.ws.generation(), ddl: txn.ddl_epoch })
    }

    /// The current record's bytes.
    pub fn current_record(&self, engine: &Engine, txn: &Txn) -> JetResult<Vec<u8>> {
        let bm = self.bookmark()?.to_vec();
        self.record_by_bookmark(engine, txn, &bm)?.ok_or(JetError::RecordDeleted)
    }

    /// Bytes `[ib, ib + max)` of a separated long value.
    pub fn read_long_value(&self, engine: &Engine, txn: &Txn, lid: LvId, ib: u32, max: usize) -> JetResult<(Vec<u8>, u32)> {
        let lv = self.lv.ok_or(JetError::LVCorrupted)?;
        let objid = self.table.def.lv_tree.ok_or(JetError::LVCorrupted)?.0;
        let tree = self.tree_id(objid);
        let store = self.db.store.read();
        let mut src = TreeSource::new(&store, lv);
        let view = txn.view(engine, tree);
        let root = view.get(&mut src, &EntryKey::unique(&lid.root_key()))?.ok_or(JetError::LVCorrupted)?;
        let root = LvRoot::parse(&root)?;
        let chunk = self.lv_chunk_size();
        let data = crate::record::lv::read(&root, chunk, ib, max, |off| view.get(&mut src, &EntryKey::unique(&lid.chunk_key(off))))?;
        Ok((data, root.size))
    }

    /// The LV chunk size of this table.
    pub fn lv_chunk_size(&self) -> usize {
        self.table.lv_chunk_max.unwrap_or_else(|| crate::record::limits::lv_chunk_size(self.db.page_size as u32)) as usize
    }

    /// Parse a record of this table.
    pub fn parse<'r>(&self, record: &'r [u8]) -> JetResult<RecordView<'r>> {
        RecordView::parse(record, self.db.page_size as u32)
    }

    /// The first visible entry of the current index from `from`, in a direction,
    /// honouring the index range when `ranged`.
    pub fn seek_entry(&self, engine: &Engine, txn: &Txn, from: From<'_>, forward: bool, ranged: bool) -> JetResult<Option<(EntryKey, Vec<u8>)>> {
        let stamp = if self.current.clustered { self.record_stamp(engine, txn) } else { None };
        let store = self.db.store.read();
        let mut cache = self.cache.borrow_mut();
        let cache = &mut *cache;
        let mut src = TreeSource::on(&store, CursorCache::slot(&mut cache.current, self.current.tree));
        let view = txn.view(engine, self.current.id);
        let found = view.seek(&mut src, from, forward)?;
        // an entry of the clustered index is the record: keep it for the
        // retrievals that usually follow a move
        if let (Some(stamp), Some((k, d))) = (stamp, &found) {
            cache.keep_record(stamp, &k.key, d);
        }
        if ranged {
            if let (Some((k, _)), Some(r)) = (&found, &self.range) {
                if !crate::key::key_in_range(&k.key, &r.limit, r.upper, r.inclusive) {
                    return Ok(None);
                }
            }
        }
        Ok(found)
    }

    /// The bookmark (primary key) an entry of the current index points to.
    pub fn bookmark_of(&self, entry: &EntryKey, data: &[u8]) -> Vec<u8> {
        if self.current.clustered { entry.key.clone() } else { data.to_vec() }
    }
}

/// How a direct walk moves the current index's B-tree cursor.
#[derive(Copy, Clone, Debug)]
pub enum Walk<'k> {
    /// To the next or previous entry from the position's entry (the B-tree
    /// cursor must stand on it, or the walk does not apply).
    Step { forward: bool },
    /// To the first or last entry.
    Edge { forward: bool },
    /// To the first entry at or after a key (in a non-unique index the
    /// first of the key's duplicates).
    Ge { key: &'k [u8] },
}

/// The direct path of reads (ESE reads its pages the same way): when this
/// transaction's view of a tree is the tree itself (no writes of its own in
/// it, no version an older snapshot needs), moves, seeks and record reads
/// work on the cached B-tree cursors and the kept record in place, with no
/// copies into fresh buffers. Each is exactly what the merged view gives in
/// that case (`View::seek`'s own shortcut and `TreeSource`), and says when it
/// does not apply, so that the caller takes the general path.
impl TableCursor {
    /// Walk the current index's cached B-tree cursor. `Ok(None)`: the direct
    /// path does not apply; `Ok(Some(found))` otherwise (the position is not
    /// changed: `land_walked` puts it on what was found). An entry found on
    /// the clustered index is kept as the cursor's record.
    pub fn walk_direct(&mut self, engine: &Engine, txn: &Txn, walk: Walk<'_>) -> JetResult<Option<bool>> {
        if self.temp.is_some() {
            return Ok(None);
        }
        // taken before the read, so that a commit racing with it moves the stamp
        let stamp = if self.current.clustered { self.record_stamp(engine, txn) } else { None };
        let store = self.db.store.read();
        if !txn.view(engine, self.current.id).is_direct() {
            return Ok(None);
        }
        let unique = self.current.tree.unique;
        let cache = self.cache.get_mut();
        let bt = CursorCache::slot(&mut cache.current, self.current.tree);
        let r = match walk {
            Walk::Step { forward } => {
                let (Position::On { entry, .. } | Position::Deleted { entry, .. }) = &self.pos else { return Ok(None) };
                // what TreeSource::seek checks before stepping (`at`)
                let at = bt.entry().is_some_and(|e| e.key == entry.key && (unique || e.data == entry.dup));
                if !at {
                    return Ok(None);
                }
                if forward { bt.next(&store) } else { bt.prev(&store) }
            }
            Walk::Edge { forward } => {
                if forward {
                    bt.first(&store)
                } else {
                    bt.last(&store)
                }
            }
            Walk::Ge { key } => bt.seek(&store, key, if unique { None } else { Some(&[]) }, crate::btree::SeekMode::Ge).map(|_| ()),
        };
        match r {
            Ok(()) => {}
            Err(JetError::NoCurrentRecord | JetError::RecordNotFound) => return Ok(Some(false)),
            Err(e) => return Err(e),
        }
        if let (Some(stamp), Some(e)) = (stamp, cache.current.as_ref().and_then(|c| c.entry())) {
            keep(&mut cache.record, stamp, &e.key, &e.data);
        }
        Ok(Some(true))
    }

    /// Put the position on the entry the last successful `walk_direct`
    /// found, reusing the position's buffers.
    pub fn land_walked(&mut self) {
        let Some(e) = self.cache.get_mut().walked() else { return };
        let unique = self.current.tree.unique;
        let clustered = self.current.clustered;
        let set = |v: &mut Vec<u8>, b: &[u8]| {
            v.clear();
            v.extend_from_slice(b);
        };
        match &mut self.pos {
            Position::On { entry, bookmark } => {
                set(&mut entry.key, &e.key);
                set(&mut entry.dup, if unique { &[] } else { &e.data });
                set(bookmark, if clustered { &e.key } else { &e.data });
            }
            _ => {
                let dup = if unique { Vec::new() } else { e.data.clone() };
                let bookmark = if clustered { e.key.clone() } else { e.data.clone() };
                self.pos = Position::On { entry: EntryKey { key: e.key.clone(), dup }, bookmark };
            }
        }
    }

    /// Run `f` on the current record's bytes as the transaction sees them,
    /// without copying them out of the cursor's kept record. `Ok(None)`:
    /// not for this cursor (a temporary table): use `current_record`.
    pub fn with_record<R>(&self, engine: &Engine, txn: &Txn, f: impl FnOnce(&[u8]) -> JetResult<R>) -> JetResult<Option<R>> {
        let Some(stamp) = self.record_stamp(engine, txn) else { return Ok(None) };
        let bookmark = self.bookmark()?;
        let mut cache = self.cache.borrow_mut();
        let cache = &mut *cache;
        let hit = cache.record.as_ref().is_some_and(|r| r.stamp == stamp && r.key == bookmark);
        if !hit {
            let store = self.db.store.read();
            let view = txn.view(engine, self.primary.id);
            // on the clustered index the current cursor already stands on the record
            let slot = if self.current.clustered { &mut cache.current } else { &mut cache.primary };
            let bt = CursorCache::slot(slot, self.primary.tree);
            if view.is_direct() && self.primary.tree.unique {
                // TreeSource::get, reading the entry where the cursor finds it
                let fresh = bt.key() == Some(bookmark) && bt.refresh(&store)? && bt.key() == Some(bookmark);
                let found = fresh
                    || match bt.seek(&store, bookmark, None, crate::btree::SeekMode::Eq) {
                        Ok(_) => true,
                        Err(JetError::RecordNotFound) => false,
                        Err(e) => return Err(e),
                    };
                match bt.entry().filter(|_| found) {
                    Some(e) => keep(&mut cache.record, stamp, bookmark, &e.data),
                    None => {
                        cache.record = None;
                        return Err(JetError::RecordDeleted);
                    }
                }
            } else {
                let mut src = TreeSource::on(&store, bt);
                match view.get(&mut src as &mut dyn Source, &EntryKey::unique(bookmark))? {
                    Some(d) => keep(&mut cache.record, stamp, bookmark, &d),
                    None => {
                        cache.record = None;
                        return Err(JetError::RecordDeleted);
                    }
                }
            }
        }
        match &cache.record {
            Some(r) => f(&r.data).map(Some),
            None => Err(JetError::RecordDeleted),
        }
    }
}
