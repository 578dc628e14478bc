//! B+trees on ESE pages: seek, insert, replace, delete, split, merge, movement.
//!
//! Owns: the shape of every tree (root, internal and leaf pages, sibling
//! links, separators, prefix compression through `format::page`), the
//! `Store` (one open database file) and write operations (`Batch`).
//! Must never: interpret the data stored in a node (records, index entries).
//!
//! Use:
//! - `Store::open` / `space::create_database` give a `Store`;
//! - `Store::open_tree(pgno_fdp)` gives a `Tree` handle;
//! - reads: `Cursor::new(tree)` then `first/last/next/prev/seek` with `&Store`;
//! - writes: `store.batch()?` then `insert/replace/delete/create_tree/...`,
//!   then `commit()`; or the one-shot `Store::insert` etc. Then
//!   `store.take_dirtied()` lists the pages whose images the log must get.

pub(crate) mod check;
pub(crate) mod cursor;
pub(crate) mod op;
mod inplace;
mod store;
mod write;

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod proptests;

pub use check::{TreeStats, check_tree, tree_pages};
pub use cursor::{Cursor, Entry, Position, SeekMode, SeekResult, scan};
pub use store::{Store, StoreOptions, Tree, TreeKind, page_verifier};
pub use write::{max_key_size, max_node_payload};

use crate::buffer::Pgno;
use crate::error::{JetError, JetResult};
use op::Op;

/// A group of changes applied together: nothing reaches the page cache
/// before `commit`, and dropping a batch discards it.
///
/// `KeyDuplicate`, `RecordNotFound`, `KeyTooBig`, `RecordTooBig` and
/// `InvalidParameter` leave the batch as it was; after any other error the
/// batch is spoilt and `commit` returns that error.
pub struct Batch<'s> {
    op: Op<'s>,
    spoilt: Option<JetError>,
}

impl<'s> Batch<'s> {
    fn run<T>(&mut self, f: impl FnOnce(&mut Op<'s>) -> JetResult<T>) -> JetResult<T> {
        if let Some(e) = self.spoilt {
            return Err(e);
        }
        let r = f(&mut self.op);
        if let Err(e) = r {
            match e {
                JetError::KeyDuplicate
                | JetError::RecordNotFound
                | JetError::KeyTooBig
                | JetError::RecordTooBig
                | JetError::InvalidParameter => {}
                e => self.spoilt = Some(e),
            }
        }
        r
    }

    /// Run crate-internal work inside the batch.
    pub(crate) fn with_op<T>(&mut self, f: impl FnOnce(&mut Op<'s>) -> JetResult<T>) -> JetResult<T> {
        self.run(f)
    }

    /// Insert an entry: `KeyDuplicate` if a unique tree has the key (a
    /// non-unique tree, the key and data).
    pub fn insert(&mut self, tree: &Tree, key: &[u8], data: &[u8]) -> JetResult<()> {
        self.run(|op| op.tree_insert(tree, key, data))
    }

    /// New data for the entry with `key` in a unique tree (`RecordNotFound` if none).
    pub fn replace(&mut self, tree: &Tree, key: &[u8], data: &[u8]) -> JetResult<()> {
        self.run(|op| op.tree_replace(tree, key, data))
    }

    /// Remove an entry (non-unique trees need its data): `RecordNotFound` if none.
    pub fn delete(&mut self, tree: &Tree, key: &[u8], data: Option<&[u8]>) -> JetResult<()> {
        self.run(|op| op.tree_delete(tree, key, data))
    }

    /// Create a tree of `cpg` pages under parent FDP `parent` (ESE's
    /// ErrSPCreate; `multiple`: with OwnExt/AvailExt trees, forced above 33
    /// pages). It gets the next object id.
    pub fn create_tree(&mut self, parent: Pgno, cpg: u32, kind: TreeKind, unique: bool, multiple: bool) -> JetResult<Tree> {
        if kind == TreeKind::Space {
            return Err(JetError::InvalidParameter);
        }
        self.run(|op| op.create_tree(parent, cpg, kind, unique, multiple).map_err(write::space_error))
    }

    /// Delete a data tree; all the pages it owns (those of trees created
    /// under it included) go back to its parent.
    pub fn delete_tree(&mut self, tree: &Tree) -> JetResult<()> {
        if tree.kind == TreeKind::Space || tree.root != tree.fdp {
            return Err(JetError::InvalidParameter);
        }
        self.run(|op| op.delete_tree(tree).map_err(write::space_error))
    }

    /// Apply the batch to the page cache (pages dirtied go to the store's dirtied set).
    pub fn commit(mut self) -> JetResult<()> {
        if let Some(e) = self.spoilt {
            return Err(e);
        }
        self.op.finish_space()?;
        self.op.commit()
    }
}

impl Store {
    /// Begin a batch of changes (the caller holds the database's exclusive lock).
    pub fn batch(&mut self) -> JetResult<Batch<'_>> {
        Ok(Batch { op: self.op()?, spoilt: None })
    }

    /// Insert one entry (a batch of one).
    pub fn insert(&mut self, tree: &Tree, key: &[u8], data: &[u8]) -> JetResult<()> {
        let mut b = self.batch()?;
        b.insert(tree, key, data)?;
        b.commit()
    }

    /// Replace one entry's data (a batch of one).
    pub fn replace(&mut self, tree: &Tree, key: &[u8], data: &[u8]) -> JetResult<()> {
        let mut b = self.batch()?;
        b.replace(tree, key, data)?;
        b.commit()
    }

    /// Delete one entry (a batch of one).
    pub fn delete(&mut self, tree: &Tree, key: &[u8], data: Option<&[u8]>) -> JetResult<()> {
        let mut b = self.batch()?;
        b.delete(tree, key, data)?;
        b.commit()
    }

    /// Create a tree (a batch of one).
    pub fn create_tree(&mut self, parent: Pgno, cpg: u32, kind: TreeKind, unique: bool, multiple: bool) -> JetResult<Tree> {
        let mut b = self.batch()?;
        let t = b.create_tree(parent, cpg, kind, unique, multiple)?;
        b.commit()?;
        Ok(t)
    }

    /// Delete a tree (a batch of one).
    pub fn delete_tree(&mut self, tree: &Tree) -> JetResult<()> {
        let mut b = self.batch()?;
        b.delete_tree(tree)?;
        b.commit()
    }
}
