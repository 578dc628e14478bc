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
        if let Some(t) = self.cat_trees.lock().clone() {
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
        *self.cat_trees.lock() = Some(trees.clone());
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
    /// open it (exclusively, as ESE opens a table it creates).
    pub fn create_table(&self, dbid: u32, tc: &TableCreate) -> JetResult<(TableCursor, DdlResult)> {
        let (engine, db) = self.writable_db(dbid)?;
        let mut txn = self.txn();
        in_transaction(&engine, &mut txn, |txn| {
            let ctx = context(&db)?;
            let template = match &tc.template {
                Some(name) => {
                    let (t, _) = db.table_for(&engine, txn, TableRef::Name(name)).map_err(|e| match e {
                        JetError::ObjectNotFound => JetError::ObjectNotFound,
                        e => e,
                    })?;
                    if !t.is_template() {
                        return Err(JetError::DDLNotInheritable);
                    }
                    Some(t)
                }
                None => None,
            };
            let plan = ddl::plan_create_table(&ctx, tc, template.as_deref())?;
            let created = create_trees(&engine, txn, &db, plan.trees())?;
            let result = plan.finish(&ctx, &created)?;
            stage_catalog(&engine, txn, &db, &result.ops)?;
            let table = Arc::new(result.table.clone().ok_or(JetError::InternalError)?);
            let cursor = cursor_on(&db, table, JET_bitTableDenyRead)?;
            Ok((cursor, result))
        })
    }

    /// JetDeleteTable.
    pub fn delete_table(&self, dbid: u32, name: &str) -> JetResult<()> {
        let (engine, db) = self.writable_db(dbid)?;
        let mut txn = self.txn();
        in_transaction(&engine, &mut txn, |txn| {
            let (t, _) = db.table_for(&engine, txn, TableRef::Name(name))?;
            if t.def.name.starts_with("MSys") {
                return Err(JetError::CannotDeleteSystemTable);
            }
            let ctx = context(&db)?;
            let result = ddl::delete_table(&ctx, &t)?;
            stage_catalog(&engine, txn, &db, &result.ops)?;
            let root = db.store.read().open_tree(t.def.pgno_fdp)?;
            txn.on_commit.push(CommitAction::DeleteTree { dbid: db.dbid, tree: root });
            Ok(())
        })
    }

    /// JetRenameTable.
    pub fn rename_table(&self, dbid: u32, name: &str, new_name: &str) -> JetResult<()> {
        let (engine, db) = self.writable_db(dbid)?;
        let mut txn = self.txn();
        in_transaction(&engine, &mut txn, |txn| {
            let (t, _) = db.table_for(&engine, txn, TableRef::Name(name))?;
            let ctx = context(&db)?;
            let result = ddl::rename_table(&ctx, &t, new_name)?;
            stage_catalog(&engine, txn, &db, &result.ops)
        })
    }
}

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
