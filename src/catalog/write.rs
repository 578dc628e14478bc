//! Catalog changes as tree operations: what a DDL operation does to
//! MSysObjects, its two secondary indexes, MSysObjectsShadow, MSysObjids
//! and MSysLocales, as a list the isam layer applies (into a transaction's
//! write set, or straight into a `Batch` with `apply_to_store`).
//!
//! Every MSysObjects row goes to the catalog (keyed by its Id-index key),
//! to the shadow (same key and record), to the Name index (key: ObjidTable,
//! Type, Name; data: the row's key) and, for tables, to the RootObjects
//! index (key: RootFlag, Name; data: the row's key). All catalog trees are
//! unique: an insert that meets an existing key fails with the op's
//! `duplicate` error (TableDuplicate, ColumnDuplicate, IndexDuplicate).

use crate::btree::{Cursor, SeekMode, Store, Tree};
use crate::catalog::mso::CatalogRow;
use crate::catalog::system;
use crate::error::{JetError, JetResult};
use crate::format::fixed::*;

/// Which catalog tree an operation is on.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CatalogTree {
    /// MSysObjects (page 4).
    Objects,
    /// MSysObjectsShadow (page 24).
    Shadow,
    /// MSysObjects' Name index (page 7).
    NameIndex,
    /// MSysObjects' RootObjects index (page 10).
    RootObjectsIndex,
    /// MSysObjids (a table of the database: its page from the catalog).
    Objids,
    /// MSysLocales (a table of the database: its page from the catalog).
    Locales,
}

/// Where the catalog trees are: the fixed ones, and the two system tables.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct CatalogTrees {
    /// MSysObjids' first page, if the database has it.
    pub objids: Option<u32>,
    /// MSysLocales' first page, if the database has it.
    pub locales: Option<u32>,
}

impl CatalogTrees {
    /// The trees of a catalog read with `read_catalog`.
    pub fn of(tables: &[crate::catalog::CatalogTable]) -> CatalogTrees {
        let find = |n: &str| tables.iter().find(|t| t.def.name == n).map(|t| t.def.pgno_fdp);
        CatalogTrees { objids: find(system::MSYSOBJIDS), locales: find(system::MSYSLOCALES) }
    }

    /// The first page of `tree` (None for a system table the database lacks).
    pub fn pgno(&self, tree: CatalogTree) -> Option<u32> {
        match tree {
            CatalogTree::Objects => Some(PGNO_MSO),
            CatalogTree::Shadow => Some(PGNO_MSO_SHADOW),
            CatalogTree::NameIndex => Some(PGNO_MSO_NAME_INDEX),
            CatalogTree::RootObjectsIndex => Some(PGNO_MSO_ROOT_OBJECT_INDEX),
            CatalogTree::Objids => self.objids,
            CatalogTree::Locales => self.locales,
        }
    }
}

/// One change to a catalog tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogOp {
    /// A new entry; if the key exists, the operation fails with `duplicate`.
    Insert {
        tree: CatalogTree,
        key: Vec<u8>,
        data: Vec<u8>,
        duplicate: JetError,
    },
    /// New data for an existing entry.
    Replace {
        tree: CatalogTree,
        key: Vec<u8>,
        data: Vec<u8>,
    },
    Delete {
        tree: CatalogTree,
        key: Vec<u8>,
    },
    /// MSysLocales: add one reference to the locale entry `value_key` (the
    /// Key column's bytes; `key` its normalized key): replace the record
    /// with `system::locale_add_ref(Some(old), ..)`, or insert
    /// `system::locale_add_ref(None, ..)` when there is none.
    LocaleAddRef {
        key: Vec<u8>,
        value_key: Vec<u8>,
    },
}

impl CatalogOp {
    pub fn tree(&self) -> CatalogTree {
        match self {
            CatalogOp::Insert { tree, .. } | CatalogOp::Replace { tree, .. } | CatalogOp::Delete { tree, .. } => *tree,
            CatalogOp::LocaleAddRef { .. } => CatalogTree::Locales,
        }
    }
}

/// The operations that insert a row (catalog, shadow, Name, RootObjects).
pub fn insert_row(row: &CatalogRow, page_size: u32, duplicate: JetError, ops: &mut Vec<CatalogOp>) -> JetResult<()> {
    let key = row.key();
    let data = row.encode(page_size)?;
    ops.push(CatalogOp::Insert { tree: CatalogTree::Objects, key: key.clone(), data: data.clone(), duplicate });
    ops.push(CatalogOp::Insert { tree: CatalogTree::Shadow, key: key.clone(), data, duplicate });
    ops.push(CatalogOp::Insert { tree: CatalogTree::NameIndex, key: row.name_index_key()?, data: key.clone(), duplicate });
    if let Some(r) = row.root_objects_key()? {
        ops.push(CatalogOp::Insert { tree: CatalogTree::RootObjectsIndex, key: r, data: key, duplicate });
    }
    Ok(())
}

/// The operations that delete a row everywhere.
pub fn delete_row(row: &CatalogRow, ops: &mut Vec<CatalogOp>) -> JetResult<()> {
    let key = row.key();
    ops.push(CatalogOp::Delete { tree: CatalogTree::Objects, key: key.clone() });
    ops.push(CatalogOp::Delete { tree: CatalogTree::Shadow, key: key.clone() });
    ops.push(CatalogOp::Delete { tree: CatalogTree::NameIndex, key: row.name_index_key()? });
    if let Some(r) = row.root_objects_key()? {
        ops.push(CatalogOp::Delete { tree: CatalogTree::RootObjectsIndex, key: r });
    }
    Ok(())
}

/// The operations that change row `old` into `new` (same key): its record
/// rebuilt from the old one as ESE's replace does (only changed columns
/// are set), and new index entries if the name changed.
pub fn replace_row(old: &CatalogRow, new: &CatalogRow, page_size: u32, duplicate: JetError, ops: &mut Vec<CatalogOp>) -> JetResult<()> {
    let key = old.key();
    if new.key() != key {
        return Err(JetError::InvalidParameter);
    }
    let data = new.encode_from(&old.encode(page_size)?, old, page_size)?;
    ops.push(CatalogOp::Replace { tree: CatalogTree::Objects, key: key.clone(), data: data.clone() });
    ops.push(CatalogOp::Replace { tree: CatalogTree::Shadow, key: key.clone(), data });
    let (on, nn) = (old.name_index_key()?, new.name_index_key()?);
    if on != nn {
        ops.push(CatalogOp::Delete { tree: CatalogTree::NameIndex, key: on });
        ops.push(CatalogOp::Insert { tree: CatalogTree::NameIndex, key: nn, data: key.clone(), duplicate });
    }
    let (or, nr) = (old.root_objects_key()?, new.root_objects_key()?);
    if or != nr {
        if let Some(k) = or {
            ops.push(CatalogOp::Delete { tree: CatalogTree::RootObjectsIndex, key: k });
        }
        if let Some(k) = nr {
            ops.push(CatalogOp::Insert { tree: CatalogTree::RootObjectsIndex, key: k, data: key, duplicate });
        }
    }
    Ok(())
}

/// Applies operations straight to a database's trees in one batch, with no
/// transaction: database creation, tools, tests. An insert over an existing
/// key fails with its `duplicate` error (the batch is then dropped: nothing
/// changes). Operations on a system table the database lacks are skipped.
pub fn apply_to_store(store: &mut Store, trees: &CatalogTrees, ops: &[CatalogOp]) -> JetResult<()> {
    let ps = store.page_size() as u32;
    let mut open: Vec<(CatalogTree, Tree)> = Vec::new();
    for op in ops {
        let t = op.tree();
        if open.iter().any(|(x, _)| *x == t) {
            continue;
        }
        if let Some(p) = trees.pgno(t) {
            open.push((t, store.open_tree(p)?));
        }
    }
    let tree_of = |t: CatalogTree| open.iter().find(|(x, _)| *x == t).map(|(_, tr)| *tr);
    // locale references read the committed entry first (a batch cannot
    // read); later references to the same entry update the pending op
    let mut resolved: Vec<CatalogOp> = Vec::with_capacity(ops.len());
    let mut pending: Vec<(Vec<u8>, usize)> = Vec::new();
    for op in ops {
        let CatalogOp::LocaleAddRef { key, value_key } = op else {
            resolved.push(op.clone());
            continue;
        };
        let Some(tree) = tree_of(CatalogTree::Locales) else { continue };
        if let Some(&(_, i)) = pending.iter().find(|(k, _)| k == key) {
            if let CatalogOp::Insert { data, .. } | CatalogOp::Replace { data, .. } = &mut resolved[i] {
                *data = system::locale_add_ref(Some(data), value_key, ps)?;
            }
            continue;
        }
        let mut c = Cursor::new(tree);
        let old = match c.seek(store, key, None, SeekMode::Eq) {
            Ok(_) => Some(c.data().ok_or(JetError::CatalogCorrupted)?.to_vec()),
            Err(JetError::RecordNotFound) => None,
            Err(e) => return Err(e),
        };
        let data = system::locale_add_ref(old.as_deref(), value_key, ps)?;
        pending.push((key.clone(), resolved.len()));
        resolved.push(match old {
            Some(_) => CatalogOp::Replace { tree: CatalogTree::Locales, key: key.clone(), data },
            None => CatalogOp::Insert { tree: CatalogTree::Locales, key: key.clone(), data, duplicate: JetError::KeyDuplicate },
        });
    }
    let mut b = store.batch()?;
    for op in &resolved {
        let Some(tree) = tree_of(op.tree()) else { continue };
        match op {
            CatalogOp::Insert { key, data, duplicate, .. } => match b.insert(&tree, key, data) {
                Err(JetError::KeyDuplicate) => return Err(*duplicate),
                r => r?,
            },
            CatalogOp::Replace { key, data, .. } => b.replace(&tree, key, data)?,
            CatalogOp::Delete { key, .. } => b.delete(&tree, key, None)?,
            CatalogOp::LocaleAddRef { .. } => {}
        }
    }
    b.commit()
}
