//! DDL inside transactions: create and delete tables, columns and indexes,
//! rename, defaults, and the long-value tree a table gets on first use.
//!
//! Owns: turning the catalog's plans into a transaction's work: new B-trees
//! are allocated at once (a logged system change, freed again if the
//! transaction rolls back), catalog rows go into the write set like any other
//! write, an index built on existing records gets its entries from the
//! transaction's view, and the schema cache is dropped when the DDL commits.
//! Must never: encode catalog rows (catalog/ does) or touch pages outside
//! `Engine::system_change`.

use std::sync::Arc;

use crate::abi::*;
use crate::btree::Tree;
use crate::catalog::ddl::{self, DdlAccess, DdlResult, TreeParent, TreeRequest};
use crate::catalog::validate;
use crate::catalog::{CatalogContext, CatalogOp, CatalogTable, CatalogTree, CatalogTrees, ColumnCreate, IndexCreate, TableCreate, TableRef};
use crate::error::{JetError, JetResult};
use crate::format::fixed::{OBJID_MSO, PGNO_MSO, PGNO_MSO_ROOT_OBJECT_INDEX};
use crate::version::view::{From, Source};
use crate::version::{EntryKey, WriteOp};

use super::database::{Database, TreeSource};
use super::engine::Engine;
use super::session::Session;
use super::table::{Position, TableCursor, open_index};
use super::txn::{self, CommitAction, RollbackAction, Txn};

impl Database {
    /// Where MSysObjids and MSysLocales live (if the database has them).
    pub fn catalog_trees(&self) -> JetResult<CatalogTrees> {
        if let Some(t) = *self.cat_trees.lock() {
            return Ok(t);
        }
        let store = self.store.read();
        let find = |name: &str| -> JetResult<Option<u32>> {
            match crate::catalog::read_table_from_store(&store, TableRef::Name(name)) {
                Ok(t) => Ok(Some(t.def.pgno_fdp)),
                Err(JetError::ObjectNotFound) => Ok(None),
                Err(e) => Err(e),
            }
        };
        let trees = CatalogTrees { objids: find(crate::catalog::system::MSYSOBJIDS)?, locales: find(crate::catalog::system::MSYSLOCALES)? };
        *self.cat_trees.lock() = Some(trees);
        Ok(trees)
    }

    /// A table as this transaction sees it: its own uncommitted DDL included.
    pub fn table_for(&self, engine: &Engine, txn: &Txn, which: TableRef<'_>) -> JetResult<(Arc<CatalogTable>, u64)> {
        let catalog_written = txn.active() && txn.ws.tree((self.dbid, OBJID_MSO)).is_some();
        if !catalog_written {
            return self.table(which);
        }
        let t = self.read_table_in_view(engine, txn, which)?;
        Ok((Arc::new(t), u64::MAX))
    }

    fn read_table_in_view(&self, engine: &Engine, txn: &Txn, which: TableRef<'_>) -> JetResult<CatalogTable> {
        let store = self.store.read();
        let objid = match which {
            TableRef::Objid(o) => o,
            TableRef::Name(name) => {
                let key = match crate::catalog::mso::root_objects_key_for(name) {
                    Ok(k) => k,
                    Err(JetError::InvalidName) => return Err(JetError::ObjectNotFound),
                    Err(e) => return Err(e),
                };
                let tree = store.open_tree(PGNO_MSO_ROOT_OBJECT_INDEX)?;
                let mut src = TreeSource::new(&store, tree);
                let view = txn.view(engine, (self.dbid, tree.objid));
                let d = view.get(&mut src as &mut dyn Source, &EntryKey::unique(&key))?.ok_or(JetError::ObjectNotFound)?;
                if d.len() < 5 || d[0] != 0x7f {
                    return Err(JetError::CatalogCorrupted);
                }
                u32::from_be_bytes(d[1..5].try_into().unwrap()) ^ 0x8000_0000
            }
        };
        let rows = rows_in_view(&store, engine, txn, self.dbid, objid)?;
        let rows = crate::catalog::read::parse_rows(rows, self.page_size as u32)?;
        if rows.first().is_none_or(|r| r.sysobj != crate::catalog::sysobj::TABLE) {
            return Err(JetError::ObjectNotFound);
        }
        let template = match rows[0].template_table_or_callback.as_ref().filter(|v| !v.is_empty()) {
            Some(name) => {
                let name = crate::catalog::mso::latin1(name);
                let name = name.trim_end_matches('\0').to_string();
                drop(store);
                Some(self.read_table_in_view(engine, txn, TableRef::Name(&name))?)
            }
            None => None,
        };
        crate::catalog::table_from_rows(rows, template.as_ref())
    }
}

/// The MSysObjects entries of one table, as the transaction sees them.
fn rows_in_view(store: &crate::btree::Store, engine: &Engine, txn: &Txn, dbid: u32, objid: u32) -> JetResult<Vec<(Vec<u8>, Vec<u8>)>> {
    let tree = store.open_tree(PGNO_MSO)?;
    let mut src = TreeSource::new(store, tree);
    let view = txn.view(engine, (dbid, OBJID_MSO));
    let prefix = crate::catalog::mso::table_prefix(objid);
    let start = EntryKey::unique(&prefix);
    let mut out = Vec::new();
    let mut pos = view.seek(&mut src as &mut dyn Source, From::Key { key: &start, inclusive: true }, true)?;
    while let Some((k, d)) = pos {
        if !k.key.starts_with(&prefix) {
            break;
        }
        out.push((k.key.clone(), d));
        pos = view.seek(&mut src, From::Key { key: &k, inclusive: false }, true)?;
    }
    Ok(out)
}

/// Run `f` inside the session's transaction, beginning and committing one
/// when the caller has none (ESE makes DDL outside a transaction its own).
pub fn in_transaction<T>(engine: &Engine, txn: &mut Txn, f: impl FnOnce(&mut Txn) -> JetResult<T>) -> JetResult<T> {
    // this session's cursors look at their table's definition again
    txn.ddl_epoch += 1;
    if txn.active() {
        txn.ws.savepoint();
        let marks = (txn.on_rollback.len(), txn.on_commit.len());
        match f(txn) {
            Ok(v) => {
                txn.ws.release_savepoint();
                Ok(v)
            }
            Err(e) => {
                txn.ws.rollback_to_savepoint();
                let undo: Vec<_> = txn.on_rollback.drain(marks.0..).collect();
                txn.on_commit.truncate(marks.1);
                txn::run_rollback_actions(engine, undo);
                Err(e)
            }
        }
    } else {
        txn::begin(engine, txn, 0)?;
        match f(txn) {
            Ok(v) => {
                txn::commit(engine, txn, 0)?;
                Ok(v)
            }
            Err(e) => {
                txn::rollback_all(engine, txn);
                Err(e)
            }
        }
    }
}

/// Stage catalog changes in the transaction.
fn stage_catalog(engine: &Engine, txn: &mut Txn, db: &Database, ops: &[CatalogOp]) -> JetResult<()> {
    let trees = db.catalog_trees()?;
    let handle = |t: CatalogTree| -> JetResult<Tree> {
        let pgno = trees.pgno(t).ok_or(JetError::CatalogCorrupted)?;
        db.store.read().open_tree(pgno)
    };
    for op in ops {
        match op {
            CatalogOp::Insert { tree, key, data, duplicate } => {
                let h = handle(*tree)?;
                let id = (db.dbid, h.objid);
                let ek = EntryKey::unique(key);
                let exists = {
                    let store = db.store.read();
                    let mut src = TreeSource::new(&store, h);
                    txn.view(engine, id).get(&mut src as &mut dyn Source, &ek)?.is_some()
                };
                if exists || engine.versions.locked_by_other(txn.id, id, &ek) {
                    return Err(*duplicate);
                }
                txn::stage(engine, txn, id, h, ek, WriteOp::Put(data.clone()), true)?;
            }
            CatalogOp::Replace { tree, key, data } => {
                let h = handle(*tree)?;
                txn::stage(engine, txn, (db.dbid, h.objid), h, EntryKey::unique(key), WriteOp::Put(data.clone()), true)?;
            }
            CatalogOp::Delete { tree, key } => {
                let h = handle(*tree)?;
                txn::stage(engine, txn, (db.dbid, h.objid), h, EntryKey::unique(key), WriteOp::Delete, true)?;
            }
            CatalogOp::LocaleAddRef { key, value_key } => {
                let h = handle(CatalogTree::Locales)?;
                let id = (db.dbid, h.objid);
                let ek = EntryKey::unique(key);
                let existing = {
                    let store = db.store.read();
                    let mut src = TreeSource::new(&store, h);
                    txn.view(engine, id).get(&mut src as &mut dyn Source, &ek)?
                };
                let rec = crate::catalog::system::locale_add_ref(existing.as_deref(), value_key, db.page_size as u32)?;
                txn::stage(engine, txn, id, h, ek, WriteOp::Put(rec), true)?;
            }
        }
    }
    txn.on_commit.push(CommitAction::SchemaChanged { dbid: db.dbid });
    Ok(())
}

/// Allocate the trees a plan asks for, at once; they are freed again if the
/// transaction rolls back. Returns (objid, first page) of each.
fn create_trees(engine: &Engine, txn: &mut Txn, db: &Database, reqs: &[TreeRequest]) -> JetResult<Vec<(u32, u32)>> {
    let created = engine.system_change(db, |b| {
        let mut out: Vec<Tree> = Vec::new();
        for r in reqs {
            let parent = match r.parent {
                TreeParent::SystemRoot => crate::format::fixed::PGNO_SYSTEM_ROOT,
                TreeParent::Table => out.first().map(|t| t.root).ok_or(JetError::InvalidParameter)?,
                TreeParent::Page(p) => p,
            };
            out.push(b.create_tree(parent, r.cpg, r.kind, r.unique, false)?);
        }
        Ok(out)
    })?;
    // freeing a table's tree frees the trees created under it
    for (i, t) in created.iter().enumerate() {
        let under_first = i > 0 && matches!(reqs[i].parent, TreeParent::Table);
        if !under_first {
            txn.on_rollback.push(RollbackAction::DeleteTree { dbid: db.dbid, tree: *t });
        }
    }
    Ok(created.iter().map(|t| (t.objid, t.root)).collect())
}

fn context(db: &Database) -> JetResult<CatalogContext> {
    Ok(CatalogContext::new(db.page_size as u32, &db.catalog_trees()?))
}

impl Session {
    fn writable_db(&self, dbid: u32) -> JetResult<(Arc<Engine>, Arc<Database>)> {
        let engine = self.instance().engine()?;
        let db = engine.database(dbid)?;
        if !db.is_open_by(self.serial()) {
            return Err(JetError::InvalidDatabaseId);
        }
        if db.read_only {
            return Err(JetError::PermissionDenied);
        }
        Ok((engine, db))
    }

    /// JetCreateTable / JetCreateTableColumnIndex(2..5): create the table and
    /// open it (exclusively, as ESE opens a table it creates). Without the
    /// per-object results (`create_table_reported` has them).
    pub fn create_table(&self, dbid: u32, tc: &TableCreate) -> JetResult<(TableCursor, DdlResult)> {
        self.create_table_reported(dbid, &CreateTableRequest { tc: tc.clone(), ..Default::default() }).0
    }
}

/// `TableCursor::schema_version` of a cursor current as of its own
/// transaction's DDL epoch (the epoch in the low bits).
const OWN_DDL: u64 = 1 << 63;

/// A cursor on a table just created or changed by this transaction.
pub fn cursor_on(db: &Arc<Database>, table: Arc<CatalogTable>, grbit: JET_GRBIT) -> JetResult<TableCursor> {
    let primary = open_index(db, &table.def, table.def.primary_index())?;
    let lv = match table.def.lv_tree {
        Some((_, pgno)) => Some(db.store.read().open_tree(pgno)?),
        None => None,
    };
    Ok(TableCursor {
        db: db.clone(),
        schema_version: u64::MAX,
        read_only: false,
        current: primary.clone(),
        primary,
        pos: Position::DeferFirst,
        key: crate::key::KeyBuilder::new(),
        range: None,
        update: None,
        lv,
        grbit,
        table,
        temp: None,
        cache: Default::default(),
    })
}

impl TableCursor {
    fn access(&self, engine: &Engine, txn: &Txn) -> JetResult<DdlAccess> {
        let store = self.db.store.read();
        let mut src = TreeSource::new(&store, self.primary.tree);
        let empty = txn.view(engine, self.primary.id).seek(&mut src as &mut dyn Source, From::Edge, true)?.is_none();
        Ok(DdlAccess {
            exclusive: self.grbit & JET_bitTableDenyRead != 0,
            permit_ddl: self.grbit & JET_bitTablePermitDDL != 0,
            empty,
        })
    }

    /// Take a new definition of this cursor's table (after its own DDL).
    fn adopt(&mut self, table: CatalogTable) -> JetResult<()> {
        let current_name = self.current.def.as_ref().map(|d| d.name.clone());
        let table = Arc::new(table);
        self.primary = open_index(&self.db, &table.def, table.def.primary_index())?;
        self.lv = match table.def.lv_tree {
            Some((_, pgno)) => Some(self.db.store.read().open_tree(pgno)?),
            None => None,
        };
        self.current = match current_name.and_then(|n| table.def.indexes.iter().find(|i| i.name == n).cloned()) {
            Some(ix) if !ix.flags.contains(crate::catalog::defs::IndexFlags::PRIMARY) => open_index(&self.db, &table.def, Some(&ix))?,
            _ => self.primary.clone(),
        };
        self.table = table;
        self.schema_version = u64::MAX;
        Ok(())
    }

    fn ddl_writable(&self) -> JetResult<()> {
        if self.db.read_only || self.read_only {
            return Err(JetError::PermissionDenied);
        }
        Ok(())
    }

    /// JetAddColumn: the new column's id (and whether its maximum was cut).
    pub fn add_column(&mut self, engine: &Engine, txn: &mut Txn, col: &ColumnCreate) -> JetResult<(u32, bool)> {
        self.ddl_writable()?;
        in_transaction(engine, txn, |txn| {
            let access = self.access(engine, txn)?;
            let ctx = context(&self.db)?;
            let result = ddl::add_column(&ctx, &self.table, col, &access)?;
            stage_catalog(engine, txn, &self.db, &result.ops)?;
            let id = *result.columnids.first().ok_or(JetError::InternalError)?;
            let truncated = result.max_truncated;
            if let Some(t) = result.table {
                self.adopt(t)?;
            }
            Ok((id, truncated))
        })
    }

    /// JetDeleteColumn(2).
    pub fn delete_column(&mut self, engine: &Engine, txn: &mut Txn, name: &str, grbit: JET_GRBIT) -> JetResult<()> {
        self.ddl_writable()?;
        in_transaction(engine, txn, |txn| {
            let access = self.access(engine, txn)?;
            let ctx = context(&self.db)?;
            let result = ddl::delete_column(&ctx, &self.table, name, grbit, &access)?;
            stage_catalog(engine, txn, &self.db, &result.ops)?;
            if let Some(t) = result.table {
                self.adopt(t)?;
            }
            Ok(())
        })
    }

    /// JetRenameColumn.
    pub fn rename_column(&mut self, engine: &Engine, txn: &mut Txn, old: &str, new: &str, grbit: JET_GRBIT) -> JetResult<()> {
        self.ddl_writable()?;
        in_transaction(engine, txn, |txn| {
            let ctx = context(&self.db)?;
            let result = ddl::rename_column(&ctx, &self.table, old, new, grbit)?;
            stage_catalog(engine, txn, &self.db, &result.ops)?;
            if let Some(t) = result.table {
                self.adopt(t)?;
            }
            Ok(())
        })
    }

    /// JetSetColumnDefaultValue.
    pub fn set_column_default(&mut self, engine: &Engine, txn: &mut Txn, column: &str, default: &[u8]) -> JetResult<()> {
        self.ddl_writable()?;
        in_transaction(engine, txn, |txn| {
            let ctx = context(&self.db)?;
            let result = ddl::set_column_default(&ctx, &self.table, column, default)?;
            stage_catalog(engine, txn, &self.db, &result.ops)?;
            if let Some(t) = result.table {
                self.adopt(t)?;
            }
            Ok(())
        })
    }

    /// JetDeleteIndex.
    pub fn delete_index(&mut self, engine: &Engine, txn: &mut Txn, name: &str) -> JetResult<()> {
        self.ddl_writable()?;
        if self.current.def.as_ref().is_some_and(|d| d.name.eq_ignore_ascii_case(name)) {
            return Err(JetError::IndexInUse);
        }
        in_transaction(engine, txn, |txn| {
            let access = self.access(engine, txn)?;
            let ctx = context(&self.db)?;
            let ix = self.table.def.indexes.iter().find(|i| i.name.eq_ignore_ascii_case(name)).cloned();
            let result = ddl::delete_index(&ctx, &self.table, name, &access)?;
            stage_catalog(engine, txn, &self.db, &result.ops)?;
            if let Some(ix) = ix.filter(|i| !i.flags.contains(crate::catalog::defs::IndexFlags::PRIMARY)) {
                let tree = self.db.store.read().open_tree(ix.pgno_fdp)?;
                txn.on_commit.push(CommitAction::DeleteTree { dbid: self.db.dbid, tree });
            }
            if let Some(t) = result.table {
                self.adopt(t)?;
            }
            Ok(())
        })
    }

    /// JetCreateIndex(2..4) for one index: its tree, its catalog rows, and an
    /// entry for every record already in the table.
    pub fn create_index(&mut self, engine: &Engine, txn: &mut Txn, ix: &IndexCreate) -> JetResult<()> {
        self.ddl_writable()?;
        in_transaction(engine, txn, |txn| {
            let access = self.access(engine, txn)?;
            let ctx = context(&self.db)?;
            let plan = ddl::plan_create_index(&ctx, &self.table, ix, &access)?;
            let created = match plan.tree() {
                Some(req) => Some(create_trees(engine, txn, &self.db, &[req])?[0]),
                None => None,
            };
            let result = plan.finish(&ctx, created)?;
            stage_catalog(engine, txn, &self.db, &result.ops)?;
            let table = result.table.ok_or(JetError::InternalError)?;
            let name = &ix.name;
            let def = table.def.indexes.iter().find(|i| i.name.eq_ignore_ascii_case(name)).cloned().ok_or(JetError::InternalError)?;
            let is_primary = def.flags.contains(crate::catalog::defs::IndexFlags::PRIMARY);
            self.adopt(table)?;
            if !is_primary {
                self.populate_index(engine, txn, &def)?;
            }
            Ok(())
        })
    }

    /// Give a new secondary index an entry for every record the transaction sees.
    fn populate_index(&self, engine: &Engine, txn: &mut Txn, def: &crate::catalog::defs::IndexDef) -> JetResult<()> {
        let ix = open_index(&self.db, &self.table.def, Some(def))?;
        let spec = ix.spec.clone().ok_or(JetError::InternalError)?;
        let records: Vec<(Vec<u8>, Vec<u8>)> = {
            let store = self.db.store.read();
            let mut src = TreeSource::new(&store, self.primary.tree);
            let view = txn.view(engine, self.primary.id);
            let mut out = Vec::new();
            let mut pos = view.seek(&mut src as &mut dyn Source, From::Edge, true)?;
            while let Some((k, d)) = pos {
                out.push((k.key.clone(), d));
                pos = view.seek(&mut src, From::Key { key: &k, inclusive: false }, true)?;
            }
            out
        };
        for (bookmark, record) in records {
            for key in super::update::index_keys(self, engine, txn, &spec, &record)? {
                if ix.unique_tree() {
                    let ek = EntryKey::unique(&key);
                    if txn.ws.get(ix.id, &ek).is_some() {
                        return Err(JetError::KeyDuplicate);
                    }
                    txn::stage(engine, txn, ix.id, ix.tree, ek, WriteOp::Put(bookmark.clone()), true)?;
                } else {
                    txn::stage(engine, txn, ix.id, ix.tree, EntryKey::with_dup(&key, &bookmark), WriteOp::Put(bookmark.clone()), false)?;
                }
            }
        }
        Ok(())
    }

    /// The table's long-value tree, created (and recorded in the catalog) on first use.
    pub fn ensure_lv_tree(&mut self, engine: &Engine, txn: &mut Txn) -> JetResult<Tree> {
        if let Some(t) = self.lv {
            return Ok(t);
        }
        // ESE creates a committed table's LV tree in a transaction of its own,
        // which a rollback of the caller's does not undo (else the cursor
        // would keep a tree that was freed); a table this transaction created
        // gets it inside the transaction.
        if self.db.table(TableRef::Objid(self.table.def.objid)).is_ok() {
            return self.ensure_lv_tree_committed(engine);
        }
        let req = ddl::lv_tree_request(&self.table);
        // the table's other cursors of this session must see the new tree
        txn.ddl_epoch += 1;
        let created = create_trees(engine, txn, &self.db, &[req])?[0];
        let ctx = context(&self.db)?;
        let result = ddl::add_lv_tree(&ctx, &self.table, created.0, created.1)?;
        stage_catalog(engine, txn, &self.db, &result.ops)?;
        if let Some(t) = result.table {
            self.adopt(t)?;
        }
        self.lv.ok_or(JetError::InternalError)
    }

    /// The LV tree of a committed table, created and committed at once by a
    /// system transaction if no session did so yet.
    fn ensure_lv_tree_committed(&mut self, engine: &Engine) -> JetResult<Tree> {
        let _g = engine.ddl.lock();
        let (committed, _) = self.db.table(TableRef::Objid(self.table.def.objid))?;
        if let Some((objid, pgno)) = committed.def.lv_tree {
            // another session made it meanwhile: take its catalog row
            let mut t = (*self.table).clone();
            t.def.lv_tree = Some((objid, pgno));
            if let Some(row) = committed.rows.iter().find(|r| r.sysobj == crate::catalog::sysobj::LONG_VALUE) {
                t.rows.push(row.clone());
            }
            let version = self.schema_version;
            self.adopt(t)?;
            self.schema_version = version;
            return self.lv.ok_or(JetError::InternalError);
        }
        let mut sys = Txn::default();
        txn::begin(engine, &mut sys, 0)?;
        let r = (|| {
            let req = ddl::lv_tree_request(&committed);
            let created = create_trees(engine, &mut sys, &self.db, &[req])?[0];
            let ctx = context(&self.db)?;
            let result = ddl::add_lv_tree(&ctx, &committed, created.0, created.1)?;
            stage_catalog(engine, &mut sys, &self.db, &result.ops)?;
            sys.on_commit.push(CommitAction::SchemaChanged { dbid: self.db.dbid });
            Ok(created)
        })();
        let (objid, pgno) = match r {
            Ok(c) => c,
            Err(e) => {
                txn::rollback_all(engine, &mut sys);
                return Err(e);
            }
        };
        txn::commit(engine, &mut sys, 0)?;
        let mut t = (*self.table).clone();
        let ctx = context(&self.db)?;
        if let Some(with_lv) = ddl::add_lv_tree(&ctx, &t, objid, pgno)?.table {
            t = with_lv;
        }
        let version = self.schema_version;
        self.adopt(t)?;
        self.schema_version = version;
        self.lv.ok_or(JetError::InternalError)
    }
}

// ---- JetCreateTableColumnIndex: ESE's per-object results ----

/// A JET_SPACEHINTS as given (`SpaceHints::normalize` applies ESE's checks).
pub use crate::catalog::space_hints::SpaceHints;

/// JetCreateTableColumnIndex(2..4)'s request: the table, and the space
/// hints of its indexes (None: the index gave none), sequential index and
/// long values.
#[derive(Clone, Debug, Default)]
pub struct CreateTableRequest {
    pub tc: TableCreate,
    pub index_hints: Vec<Option<SpaceHints>>,
    pub seq_hints: Option<SpaceHints>,
    pub lv_hints: Option<SpaceHints>,
}

/// What JetCreateTableColumnIndex reports back (ESE writes these also when it fails).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateReport {
    /// JET_TABLECREATE.cCreated: the table, then each column and index
    /// processed, then the callback. None: ESE failed before it started
    /// counting (the caller's value stays).
    pub created: Option<u32>,
    /// The columns processed, in order: the column id of each one created,
    /// or the error of the one that failed (always the last).
    pub columns: Vec<Result<u32, JetError>>,
    /// The indexes processed, in order: created, or the error of the one that failed.
    pub indexes: Vec<Result<(), JetError>>,
}

/// A table request with only some of its columns and indexes and no callback.
fn partial(tc: &TableCreate, columns: usize, indexes: usize) -> TableCreate {
    TableCreate { columns: tc.columns[..columns].to_vec(), indexes: tc.indexes[..indexes].to_vec(), callback: None, ..tc.clone() }
}

/// The smallest n in (ok, bad] for which `fails(n)`, knowing `fails(bad)` and not `fails(ok)`.
fn first_failing(mut ok: usize, mut bad: usize, fails: impl Fn(usize) -> bool) -> usize {
    while bad - ok > 1 {
        let mid = ok + (bad - ok) / 2;
        if fails(mid) {
            bad = mid;
        } else {
            ok = mid;
        }
    }
    bad
}

/// Which object of a table request ESE would have failed on, the way
/// ErrFILECreateTable goes (columns in order, then indexes in order, then
/// the callback): fills the report and returns that object's error. An
/// error ESE only meets when it inserts the catalog row (a duplicate name)
/// is counted in cCreated but not written to the object.
fn attribute_failure(ctx: &CatalogContext, tc: &TableCreate, template: Option<&CatalogTable>, report: &mut CreateReport) -> Option<JetError> {
    let (n, m) = (tc.columns.len(), tc.indexes.len());
    let plan = |c: usize, i: usize| ddl::plan_create_table(ctx, &partial(tc, c, i), template);
    if plan(n, 0).is_err() {
        let k = first_failing(0, n, |c| plan(c, 0).is_err());
        let err = plan(k, 0).err()?;
        let ids = plan(k - 1, 0).ok()?.columnids();
        report.columns = ids.into_iter().map(Ok).collect();
        // a template column's name is refused by the column's checks, a
        // repeated name of the request only by the catalog insert
        let of_template = template.is_some_and(|t| t.def.columns.iter().any(|c| validate::same_name(&c.name, tc.columns[k - 1].name.trim_end_matches(' '))));
        if err == JetError::ColumnDuplicate && !of_template {
            report.created = Some(1 + k as u32);
        } else {
            report.columns.push(Err(err));
            report.created = Some(k as u32);
        }
        return Some(err);
    }
    let ids = plan(n, 0).ok()?.columnids();
    report.columns = ids.into_iter().map(Ok).collect();
    if plan(n, m).is_err() {
        let j = first_failing(0, m, |i| plan(n, i).is_err());
        let err = plan(n, j).err()?;
        report.indexes = vec![Ok(()); j - 1];
        if err == JetError::IndexDuplicate {
            report.created = Some(1 + (n + j) as u32);
        } else {
            report.indexes.push(Err(err));
            report.created = Some((n + j) as u32);
        }
        return Some(err);
    }
    report.indexes = vec![Ok(()); m];
    report.created = Some(1 + (n + m) as u32);
    None
}

impl Session {
    /// JetCreateTableColumnIndex(2..4): `create_table` with ESE's order of
    /// checks and the per-object results ESE writes back into the caller's
    /// structures, also when it fails.
    pub fn create_table_reported(&self, dbid: u32, req: &CreateTableRequest) -> (JetResult<(TableCursor, DdlResult)>, CreateReport) {
        let mut report = CreateReport::default();
        let r = self.create_table_checked(dbid, req, &mut report);
        (r, report)
    }

    fn create_table_checked(&self, dbid: u32, req: &CreateTableRequest, report: &mut CreateReport) -> JetResult<(TableCursor, DdlResult)> {
        let (engine, db) = self.writable_db(dbid)?;
        // ErrIsamCreateTable
        let g = req.tc.grbit;
        if g & JET_bitTableCreateTemplateTable != 0 {
            if req.tc.template.is_some() {
                return Err(JetError::CannotNestDDL);
            }
            if g & JET_bitTableCreateNoFixedVarColumnsInDerivedTables != 0 {
                return Err(JetError::InvalidGrbit);
            }
        } else if g & JET_bitTableCreateNoFixedVarColumnsInDerivedTables != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if g & ddl::JET_BIT_TABLE_CREATE_SYSTEM_TABLE != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if req.tc.indexes.iter().any(|ix| (ix.grbit & JET_bitIndexUnicode != 0) != ix.unicode.is_some()) {
            return Err(JetError::InvalidParameter);
        }
        // ErrFILECreateTable
        report.created = Some(0);
        let mut tc = req.tc.clone();
        let primary = tc.indexes.iter().position(|i| i.grbit & JET_bitIndexPrimary != 0);
        // the primary index's density falls back on the table's
        if let Some(p) = primary
            && tc.indexes[p].density == 0
            && req.index_hints.get(p).is_none_or(|h| h.is_none())
        {
            tc.indexes[p].density = tc.density;
        }
        let mut txn = self.txn();
        in_transaction(&engine, &mut txn, |txn| {
            let ctx = context(&db)?;
            let name = validate::check_name(&tc.name)?;
            let template = match &tc.template {
                Some(t) => {
                    let (t, _) = db.table_for(&engine, txn, TableRef::Name(&validate::check_name(t)?))?;
                    if !t.is_template() {
                        return Err(JetError::DDLNotInheritable);
                    }
                    Some(t)
                }
                None => None,
            };
            // ErrFILECreateTableProcessSpaceHints
            let ps = db.page_size as u32;
            for (ix, h) in tc.indexes.iter_mut().zip(&req.index_hints) {
                if let Some(h) = h {
                    let n = h.normalize(ps, true)?;
                    ix.density = n.initial_density;
                    ix.space_hints = Some(n);
                }
            }
            if primary.is_some() && req.seq_hints.is_some() {
                return Err(JetError::SpaceHintsInvalid);
            }
            if let Some(h) = &req.seq_hints {
                let n = h.normalize(ps, true)?;
                tc.density = n.initial_density;
                tc.seq_hints = Some(n);
            }
            if let Some(h) = &req.lv_hints {
                tc.lv_hints = Some(h.normalize(ps, true)?);
            }
            let effective_density = primary.map_or(tc.density, |p| tc.indexes[p].density);
            ddl::plan_create_table(&ctx, &TableCreate { density: effective_density, ..partial(&tc, 0, 0) }, template.as_deref())?;
            for ix in &tc.indexes {
                validate::check_density(ix.density, validate::DENSITY_DEFAULT)?;
            }
            // the table's tree exists from here on in ESE
            report.created = Some(1);
            match db.table_for(&engine, txn, TableRef::Name(&name)) {
                Ok(_) => return Err(JetError::TableDuplicate),
                Err(JetError::ObjectNotFound) => {}
                Err(e) => return Err(e),
            }
            let plan = match ddl::plan_create_table(&ctx, &tc, template.as_deref()) {
                Ok(p) => p,
                Err(e) => return Err(attribute_failure(&ctx, &tc, template.as_deref(), report).unwrap_or(e)),
            };
            report.columns = plan.columnids().into_iter().map(Ok).collect();
            report.indexes = vec![Ok(()); tc.indexes.len()];
            report.created = Some(1 + (tc.columns.len() + tc.indexes.len()) as u32 + u32::from(tc.callback.is_some()));
            let created = create_trees(&engine, txn, &db, plan.trees())?;
            let result = plan.finish(&ctx, &created)?;
            stage_catalog(&engine, txn, &db, &result.ops)?;
            let table = Arc::new(result.table.clone().ok_or(JetError::InternalError)?);
            // ESE lets the creating cursor change a FixedDDL table until it is closed
            let fixed = table.def.flags & JET_bitObjectTableFixedDDL != 0 && !table.is_template();
            let grbit = JET_bitTableDenyRead | if fixed { JET_bitTablePermitDDL } else { 0 };
            let cursor = cursor_on(&db, table, grbit)?;
            Ok((cursor, result))
        })
    }
}

// ---- who else uses a table ----

/// Another cursor on a table (`Session::table_users`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableUser {
    /// The serial of the session owning the cursor.
    pub session: u64,
    /// The cursor's current index (None: the primary index or the sequential order).
    pub current_index: Option<String>,
    /// Opened with JET_bitTableDenyRead.
    pub deny_read: bool,
}

/// Table deletions waiting for their transaction to end: (database, table
/// objid, session serial). Others cannot open the table meanwhile
/// (JET_errTableLocked, as ESE's FCB is flagged DeletePending).
static PENDING_DELETES: parking_lot::Mutex<Vec<(usize, u32, u64)>> = parking_lot::Mutex::new(Vec::new());

fn db_key(db: &Arc<Database>) -> usize {
    Arc::as_ptr(db) as usize
}

/// Whether a session other than `serial` has deleted the table in a transaction still open.
pub fn delete_pending_by_other(db: &Arc<Database>, objid: u32, serial: u64) -> bool {
    let k = db_key(db);
    PENDING_DELETES.lock().iter().any(|&(d, o, s)| d == k && o == objid && s != serial)
}

/// The end of the transaction that deleted a table (`RollbackAction` / `CommitAction::ReleaseTable`).
pub fn release_pending_delete(db: usize, objid: u32) {
    PENDING_DELETES.lock().retain(|&(d, o, _)| !(d == db && o == objid));
}

/// The object ids of a table's B-trees (the table, its secondary indexes, its long values).
fn table_objids(t: &CatalogTable) -> Vec<u32> {
    let mut v = vec![t.def.objid];
    v.extend(t.def.indexes.iter().map(|i| i.objid).filter(|&o| o != t.def.objid));
    v.extend(t.def.lv_tree.map(|(o, _)| o));
    v
}

impl Session {
    /// The instance's open cursors on a table (all sessions, this one
    /// included, except `skip`), and whether another session's open
    /// transaction has written to the table's trees. The caller must hold
    /// no cursor lock: each cursor is locked in turn.
    pub fn table_users(&self, db: &Arc<Database>, t: &CatalogTable, skip: Option<&Arc<super::Cursor>>) -> (Vec<TableUser>, bool) {
        let objids = table_objids(t);
        let mut users = Vec::new();
        let mut written = false;
        for s in self.instance().sessions() {
            for c in s.cursors() {
                if c.is_closed() || skip.is_some_and(|k| Arc::ptr_eq(k, &c)) {
                    continue;
                }
                let Ok(tc) = c.table() else { continue };
                if Arc::ptr_eq(&tc.db, db) && tc.table.def.objid == t.def.objid {
                    users.push(TableUser {
                        session: s.serial(),
                        current_index: tc.current.def.as_ref().filter(|_| !tc.current.clustered).map(|d| d.name.clone()),
                        deny_read: tc.grbit & JET_bitTableDenyRead != 0,
                    });
                }
            }
        }
        written |= self.written_by_others(db, &objids);
        (users, written)
    }

    /// Whether another session's open transaction has written to any of
    /// these trees (its writes reach them when it commits).
    pub fn written_by_others(&self, db: &Database, objids: &[u32]) -> bool {
        self.instance().sessions().iter().filter(|s| s.serial() != self.serial()).any(|s| {
            let other = s.txn();
            other.active() && objids.iter().any(|&o| other.ws.tree((db.dbid, o)).is_some())
        })
    }

    /// JetDeleteIndex on the table of cursor `c` (which must not be
    /// locked): JET_errIndexInUse when any cursor (this session's included)
    /// has the index as its current index, or (beyond ESE, whose versioned
    /// index deletion absorbs them) another session's open transaction has
    /// entries for it, which its commit would write into the freed tree.
    pub fn delete_index_of(&self, c: &Arc<super::Cursor>, name: &str) -> JetResult<()> {
        let (db, table) = {
            let t = c.table()?;
            (t.db.clone(), t.table.clone())
        };
        let (users, _) = self.table_users(&db, &table, Some(c));
        let wanted = name.trim_end_matches(' ');
        let mut elsewhere = users.iter().any(|u| u.current_index.as_deref().is_some_and(|n| validate::same_name(n, wanted)));
        if let Some(ix) = table.def.indexes.iter().find(|i| validate::same_name(&i.name, wanted) && i.objid != table.def.objid) {
            elsewhere |= self.written_by_others(&db, &[ix.objid]);
        }
        let engine = self.instance().engine()?;
        let mut txn = self.txn();
        let mut t = c.table()?;
        t.refresh_schema(&engine, &txn)?;
        t.delete_index_checked(&engine, &mut txn, name, elsewhere)
    }

    /// The attached, open database `dbid` and a table of it, as this session sees it.
    fn db_table(&self, dbid: u32, name: &str) -> JetResult<(Arc<Engine>, Arc<Database>, Arc<CatalogTable>)> {
        let (engine, db) = self.writable_db(dbid)?;
        let (t, _) = db.table_for(&engine, &self.txn(), TableRef::Name(name)).map_err(|e| match e {
            JetError::InvalidName => JetError::ObjectNotFound,
            e => e,
        })?;
        Ok((engine, db, t))
    }

    /// JetDeleteTable (ErrIsamDeleteTable, ErrFILEDeleteTable): the table
    /// must not be open (JET_errTableInUse), not even by this session, nor
    /// written by another session's open transaction; another session's
    /// pending deletion is JET_errTableLocked. Others cannot open it until
    /// the deletion commits or rolls back.
    pub fn drop_table(&self, dbid: u32, name: &str) -> JetResult<()> {
        let name = validate::check_name(name)?;
        if validate::same_name(&name, crate::catalog::system::MSYSOBJIDS) {
            return Err(JetError::CannotDeleteSystemTable);
        }
        let (engine, db, t) = self.db_table(dbid, &name)?;
        if delete_pending_by_other(&db, t.def.objid, self.serial()) {
            return Err(JetError::TableLocked);
        }
        let (users, written) = self.table_users(&db, &t, None);
        if !users.is_empty() || written {
            return Err(JetError::TableInUse);
        }
        if t.def.flags & JET_bitObjectSystem != 0 || t.def.objid == OBJID_MSO {
            return Err(JetError::CannotDeleteSystemTable);
        }
        let mut txn = self.txn();
        in_transaction(&engine, &mut txn, |txn| {
            let ctx = context(&db)?;
            let result = ddl::delete_table(&ctx, &t)?;
            stage_catalog(&engine, txn, &db, &result.ops)?;
            let root = db.store.read().open_tree(t.def.pgno_fdp)?;
            txn.on_commit.push(CommitAction::DeleteTree { dbid: db.dbid, tree: root });
            let key = (db_key(&db), t.def.objid);
            PENDING_DELETES.lock().push((key.0, key.1, self.serial()));
            txn.on_commit.push(CommitAction::ReleaseTable { db: key.0, objid: key.1 });
            txn.on_rollback.push(RollbackAction::ReleaseTable { db: key.0, objid: key.1 });
            Ok(())
        })
    }

    /// JetRenameTable (ErrIsamRenameTable, ErrCATRenameTable).
    pub fn rename_table_checked(&self, dbid: u32, name: &str, new_name: &str) -> JetResult<()> {
        let name = validate::check_name(name)?;
        let new_name = validate::check_name(new_name)?;
        let (engine, db, t) = self.db_table(dbid, &name)?;
        if delete_pending_by_other(&db, t.def.objid, self.serial()) {
            return Err(JetError::TableLocked);
        }
        let mut txn = self.txn();
        in_transaction(&engine, &mut txn, |txn| {
            let ctx = context(&db)?;
            let result = ddl::rename_table(&ctx, &t, &new_name)?;
            stage_catalog(&engine, txn, &db, &result.ops)
        })
    }

    /// JetSetColumnDefaultValue (ErrIsamSetColumnDefaultValue): ESE opens
    /// the table exclusively, so another session's cursor on it is
    /// JET_errTableInUse (JET_errTableLocked if that cursor denies reads).
    pub fn set_default_value(&self, dbid: u32, table: &str, column: &str, data: &[u8]) -> JetResult<()> {
        let column = validate::check_name(column)?;
        if data.is_empty() {
            return Err(JetError::ColumnIllegalNull); // JET_errNullInvalid
        }
        let (engine, db) = self.writable_db(dbid)?;
        if data.len() > crate::record::limits::cb_record_most(db.page_size as u32, crate::record::limits::KEY_MOST_MIN) {
            return Err(JetError::DefaultValueTooBig);
        }
        let (_, _, t) = self.db_table(dbid, table)?;
        if delete_pending_by_other(&db, t.def.objid, self.serial()) {
            return Err(JetError::TableLocked);
        }
        let (users, written) = self.table_users(&db, &t, None);
        let others: Vec<&TableUser> = users.iter().filter(|u| u.session != self.serial()).collect();
        if others.iter().any(|u| u.deny_read) {
            return Err(JetError::TableLocked);
        }
        if !others.is_empty() || written {
            return Err(JetError::TableInUse);
        }
        let mut txn = self.txn();
        in_transaction(&engine, &mut txn, |txn| {
            let ctx = context(&db)?;
            let result = ddl::set_column_default(&ctx, &t, &column, data)?;
            stage_catalog(&engine, txn, &db, &result.ops)
        })
    }
}

impl TableCursor {
    /// JetCreateIndex2..4 with several indexes (ESE's batch mode,
    /// ErrFILEIBatchCreateIndex): outside a transaction, on a table this
    /// cursor has exclusively, secondary indexes only; all or none are created.
    pub fn create_indexes(&mut self, engine: &Engine, txn: &mut Txn, indexes: &[IndexCreate]) -> JetResult<()> {
        self.ddl_writable()?;
        if txn.active() {
            return Err(JetError::InTransaction);
        }
        if self.grbit & JET_bitTableDenyRead == 0 {
            return Err(JetError::ExclusiveTableLockRequired);
        }
        if self.table.def.flags & JET_bitObjectTableFixedDDL != 0 && (self.grbit & JET_bitTablePermitDDL == 0 || self.table.is_template()) {
            return Err(JetError::FixedDDL);
        }
        if indexes.is_empty() {
            return Ok(());
        }
        in_transaction(engine, txn, |txn| {
            for ix in indexes {
                if ix.grbit & (JET_bitIndexPrimary | JET_bitIndexUnversioned | JET_bitIndexEmpty) != 0 {
                    return Err(JetError::InvalidGrbit);
                }
                self.create_index(engine, txn, ix)?;
            }
            Ok(())
        })
    }

    /// One index (JetCreateIndex, and JetCreateIndex2..4 with one): an
    /// unversioned one on a table not held exclusively needs level 0.
    pub fn create_one_index(&mut self, engine: &Engine, txn: &mut Txn, ix: &IndexCreate) -> JetResult<()> {
        if ix.grbit & JET_bitIndexUnversioned != 0 && self.grbit & JET_bitTableDenyRead == 0 && txn.active() {
            return Err(JetError::InTransaction);
        }
        self.create_index(engine, txn, ix)
    }

    /// Take the table's definition anew when a DDL commit changed the
    /// database's schema since this cursor read it: ESE's cursors share
    /// one table definition, so another session's dropped index or column
    /// is gone for this cursor too (its trees are freed). A cursor holding
    /// its own transaction's uncommitted DDL keeps it until that ends. A
    /// current index that no longer exists falls back to the primary index,
    /// before the first record.
    pub fn refresh_schema(&mut self, engine: &Engine, txn: &Txn) -> JetResult<()> {
        // inside a transaction that changed the catalog, a cursor is current
        // as of a DDL epoch of its session; otherwise as of a committed version
        let own_ddl = txn.active() && txn.ws.tree((self.db.dbid, OBJID_MSO)).is_some();
        let wanted = if own_ddl { OWN_DDL | txn.ddl_epoch } else { self.db.schema_version() };
        if self.schema_version == wanted {
            return Ok(());
        }
        let (table, _) = self.db.table_for(engine, txn, TableRef::Objid(self.table.def.objid))?;
        if !Arc::ptr_eq(&table, &self.table) && *table != *self.table {
            let current = self.current.name().map(str::to_string);
            self.adopt((*table).clone())?;
            if self.current.name() != current.as_deref() {
                self.pos = Position::BeforeFirst;
                self.range = None;
            }
        }
        self.schema_version = wanted;
        Ok(())
    }

    /// JetDeleteIndex (ErrIsamDeleteIndex): ESE's checks of the request,
    /// then JET_errIndexInUse when a cursor (this one, or another:
    /// `used_elsewhere`) has the index as its current index.
    pub fn delete_index_checked(&mut self, engine: &Engine, txn: &mut Txn, name: &str, used_elsewhere: bool) -> JetResult<()> {
        self.ddl_writable()?;
        in_transaction(engine, txn, |txn| {
            let access = self.access(engine, txn)?;
            let ctx = context(&self.db)?;
            let result = ddl::delete_index(&ctx, &self.table, name, &access)?;
            let name = validate::check_name(name)?;
            let mine = !self.current.clustered && self.current.name().is_some_and(|n| validate::same_name(n, &name));
            if mine || used_elsewhere {
                return Err(JetError::IndexInUse);
            }
            let ix = self.table.def.indexes.iter().find(|i| validate::same_name(&i.name, &name)).cloned().ok_or(JetError::IndexNotFound)?;
            stage_catalog(engine, txn, &self.db, &result.ops)?;
            let tree = self.db.store.read().open_tree(ix.pgno_fdp)?;
            txn.on_commit.push(CommitAction::DeleteTree { dbid: self.db.dbid, tree });
            if let Some(t) = result.table {
                self.adopt(t)?;
            }
            Ok(())
        })
    }

    /// JetRenameColumn (ErrIsamRenameColumn): only outside a transaction.
    pub fn rename_column_checked(&mut self, engine: &Engine, txn: &mut Txn, old: &str, new: &str, grbit: JET_GRBIT) -> JetResult<()> {
        if txn.active() {
            return Err(JetError::InTransaction);
        }
        self.rename_column(engine, txn, old, new, grbit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_failing_finds_the_boundary() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..1000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let n = (x >> 33) as usize % 70 + 1;
            let boundary = (x >> 13) as usize % n + 1;
            assert_eq!(first_failing(0, n, |k| k >= boundary), boundary, "n={n}");
        }
    }

    #[test]
    fn space_hints_are_checked_as_ese_does() {
        let ok = SpaceHints { cb_struct_ok: true, initial_density: 33, ..SpaceHints::default() };
        let density = |h: SpaceHints, fix: bool| h.normalize(8192, fix).map(|n| n.initial_density);
        assert_eq!(density(ok, true), Ok(33));
        assert_eq!(density(SpaceHints { initial_density: 0, ..ok }, true), Ok(80));
        assert_eq!(density(SpaceHints { initial_density: 0, ..ok }, false), Err(JetError::SpaceHintsInvalid));
        assert_eq!(density(SpaceHints { cb_struct_ok: false, ..ok }, true), Err(JetError::InvalidParameter));
        assert_eq!(density(SpaceHints { initial_density: 19, ..ok }, true), Err(JetError::DensityInvalid));
        assert_eq!(density(SpaceHints { initial_density: 101, ..ok }, true), Err(JetError::DensityInvalid));
        assert_eq!(density(SpaceHints { maint_density: 10, ..ok }, true), Err(JetError::DensityInvalid));
        assert_eq!(density(SpaceHints { grbit: 0x4000_0000, ..ok }, true), Err(JetError::InvalidGrbit));
        let both = JET_bitRetrieveHintTableScanForward | JET_bitRetrieveHintTableScanBackward;
        assert_eq!(density(SpaceHints { grbit: both, ..ok }, true), Err(JetError::SpaceHintsInvalid));
    }

    fn column(name: &str, coltyp: u32, grbit: u32) -> ColumnCreate {
        ColumnCreate { name: name.into(), coltyp, grbit, ..ColumnCreate::default() }
    }

    fn index(name: &str, key: &[u8], grbit: u32) -> IndexCreate {
        IndexCreate { name: name.into(), key: key.to_vec(), grbit, ..IndexCreate::default() }
    }

    #[test]
    fn failures_are_attributed_to_the_object_ese_names() {
        let ctx = CatalogContext::new(8192, &CatalogTrees { objids: Some(4), locales: Some(5) });
        let base = TableCreate {
            name: "t".into(),
            columns: vec![column("a", 4, 0), column("b", 10, 0), column("c", 12, 0)],
            indexes: vec![index("pk", b"+a\0\0", JET_bitIndexPrimary), index("byb", b"+b\0\0", 0)],
            ..TableCreate::default()
        };
        let mut r = CreateReport::default();
        assert_eq!(attribute_failure(&ctx, &base, None, &mut r), None);
        assert_eq!(r.columns, vec![Ok(1), Ok(128), Ok(256)]);
        assert_eq!((r.indexes.len(), r.created), (2, Some(6)));

        // the second column's type
        let mut tc = base.clone();
        tc.columns[1].coltyp = 0;
        let mut r = CreateReport::default();
        assert_eq!(attribute_failure(&ctx, &tc, None, &mut r), Some(JetError::InvalidColumnType));
        assert_eq!(r.columns, vec![Ok(1), Err(JetError::InvalidColumnType)]);
        assert_eq!((r.indexes.len(), r.created), (0, Some(2)));

        // a repeated name: counted, not written
        let mut tc = base.clone();
        tc.columns[2].name = "A".into();
        let mut r = CreateReport::default();
        assert_eq!(attribute_failure(&ctx, &tc, None, &mut r), Some(JetError::ColumnDuplicate));
        assert_eq!(r.columns, vec![Ok(1), Ok(128)]);
        assert_eq!(r.created, Some(4));

        // the second index's column
        let mut tc = base.clone();
        tc.indexes[1].key = b"+zz\0\0".to_vec();
        let mut r = CreateReport::default();
        assert_eq!(attribute_failure(&ctx, &tc, None, &mut r), Some(JetError::ColumnNotFound));
        assert_eq!(r.columns.len(), 3);
        assert_eq!(r.indexes, vec![Ok(()), Err(JetError::ColumnNotFound)]);
        assert_eq!(r.created, Some(5));

        // a repeated index name
        let mut tc = base.clone();
        tc.indexes[1].name = "PK".into();
        let mut r = CreateReport::default();
        assert_eq!(attribute_failure(&ctx, &tc, None, &mut r), Some(JetError::IndexDuplicate));
        assert_eq!(r.indexes, vec![Ok(())]);
        assert_eq!(r.created, Some(6));
    }
}
