//! Transactions: begin, commit, rollback, and the commit's apply.
//!
//! Owns: a session's transaction state (`Txn`: nesting level, snapshot, write
//! set, the tree handles its writes name, actions to run on rollback), staging
//! a write (with its write-conflict lock), and the level-0 commit: apply the
//! write set to the B-trees under the databases' exclusive locks, log the page
//! images, publish the before-images older snapshots need, then wait for the
//! log flush unless the commit is lazy.
//! Must never: encode records or keys (update.rs does), or hold the commit lock
//! while waiting for the disk.

use std::collections::BTreeMap;

use crate::util::hash::FastMap;
use std::sync::Arc;

use crate::abi::*;
use crate::btree::Tree;
use crate::error::{JetError, JetResult};
use crate::log::{LogRecord, PageImage};
use crate::version::view::{Source, View};
use crate::version::{EntryKey, TreeId, Ts, TxnId, WriteOp, WriteSet};

use super::database::{Database, TreeSource};
use super::engine::Engine;

/// ESE's deepest user transaction level.
pub const LEVEL_MAX: u32 = 7;

/// Something a rollback of the outermost level must undo outside the write
/// set (space a DDL call allocated at once).
#[derive(Clone, Debug)]
pub enum RollbackAction {
    /// Free a tree created in this transaction.
    DeleteTree { dbid: u32, tree: Tree },
    /// Let others open a table whose deletion rolled back (`ddl::release_pending_delete`).
    ReleaseTable { db: usize, objid: u32 },
}

/// Something to do once the transaction has committed.
#[derive(Clone, Debug)]
pub enum CommitAction {
    /// Free a tree whose table or index the transaction deleted.
    DeleteTree { dbid: u32, tree: Tree },
    /// The schema of a database changed: drop its cache.
    SchemaChanged { dbid: u32 },
    /// A table's deletion committed (`ddl::release_pending_delete`).
    ReleaseTable { db: usize, objid: u32 },
    /// An escrow column with JET_bitColumnDeleteOnZero may have reached
    /// zero: delete its record if it did (ESE's version cleanup does this
    /// once the delta is committed). Best effort.
    EscrowZero { dbid: u32, objid: u32, bookmark: Vec<u8>, columnid: u32 },
}

/// A session's transaction.
#[derive(Default)]
pub struct Txn {
    /// 0: no transaction; 1..=7: nesting level.
    pub level: u32,
    pub id: TxnId,
    pub snap: Ts,
    pub ws: WriteSet,
    /// Handles of the trees the write set names.
    pub trees: FastMap<TreeId, Tree>,
    pub on_rollback: Vec<RollbackAction>,
    pub on_commit: Vec<CommitAction>,
    /// `on_rollback` / `on_commit` lengths and the locks held at the start of
    /// each nested level.
    marks: Vec<(usize, usize, usize)>,
    /// JET_bitTransactionReadOnly.
    pub read_only: bool,
    /// The timestamp of this session's last level-0 commit that wrote something.
    pub last_commit: Ts,
    /// Bumped by each DDL call and each rollback: a cursor of this session
    /// re-reads its table's definition when it changed (`TableCursor::refresh_schema`).
    pub ddl_epoch: u64,
    /// Where that commit's record is in the log (JET_bitWaitLastLevel0Commit
    /// waits for it; its JET_LGPOS is the commit id).
    pub last_commit_lgpos: Option<crate::log::Lgpos>,
}

impl Txn {
    pub fn active(&self) -> bool {
        self.level > 0
    }

    /// The snapshot reads see: the transaction's, or the latest outside one.
    pub fn snapshot(&self) -> Option<Ts> {
        if self.level > 0 { Some(self.snap) } else { None }
    }

    /// JET_COMMIT_ID.commitId of the last level-0 commit: its record's
    /// position as ESE's 64-bit LGPOS (ib, isec, generation), so ids order
    /// as commits do.
    pub fn commit_id(&self) -> i64 {
        self.last_commit_lgpos.map_or(0, |p| i64::from_le_bytes(p.to_jet_bytes()))
    }

    /// The view of one tree this transaction has.
    pub fn view<'a>(&'a self, engine: &'a Engine, tree: TreeId) -> View<'a> {
        View { tree, snap: self.snapshot(), store: &engine.versions, ws: if self.level > 0 { Some(&self.ws) } else { None } }
    }
}

/// JetBeginTransaction(2, 3).
pub fn begin(engine: &Engine, txn: &mut Txn, grbit: JET_GRBIT) -> JetResult<()> {
    // 0x2 is ESE's distributed-commit bit, accepted as ESE accepts it
    if grbit & !(JET_bitTransactionReadOnly | 0x2) != 0 {
        return Err(JetError::InvalidGrbit);
    }
    if txn.level >= LEVEL_MAX {
        return Err(JetError::TransTooDeep);
    }
    if txn.level == 0 {
        // begins wait for an apply in progress, so no snapshot is taken between
        // an apply's decision to keep no versions and its publication
        let _c = engine.commit_lock();
        let (id, snap) = engine.versions.begin();
        txn.id = id;
        txn.snap = snap;
        txn.ws.clear();
        txn.trees.clear();
        txn.on_rollback.clear();
        txn.on_commit.clear();
        txn.marks.clear();
        txn.read_only = grbit & JET_bitTransactionReadOnly != 0;
    } else {
        txn.ws.savepoint();
        txn.marks.push((txn.on_rollback.len(), txn.on_commit.len(), engine.versions.locks_held(txn.id)));
    }
    txn.level += 1;
    Ok(())
}

/// JetCommitTransaction. A nested level folds into its parent; level 1 applies.
pub fn commit(engine: &Engine, txn: &mut Txn, grbit: JET_GRBIT) -> JetResult<()> {
    commit2(engine, txn, grbit, 0, 0)
}

/// JetCommitTransaction2, with ESE's rules: JET_bitForceNewLog,
/// JET_bitWaitAllLevel0Commit and JET_bitWaitLastLevel0Commit each stand
/// alone, commit nothing and are accepted at any level (they wait for the
/// log: a new generation, everything so far, this session's last level-0
/// commit); otherwise the innermost level commits. A lazy commit
/// (JET_bitCommitLazyFlush in `grbit` or in the session's default
/// `default_grbit`) is made durable within `cmsec_durable` milliseconds if
/// that is not 0 (else within the log's lazy-flush delay); a durable commit
/// with a delay is JET_errInvalidParameter.
#[allow(non_upper_case_globals)] // JET_* constants matched by their C names
pub fn commit2(engine: &Engine, txn: &mut Txn, grbit: JET_GRBIT, cmsec_durable: u32, default_grbit: JET_GRBIT) -> JetResult<()> {
    let valid = JET_bitCommitLazyFlush | JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit | JET_bitForceNewLog;
    if grbit & !valid != 0 {
        return Err(JetError::InvalidGrbit);
    }
    for alone in [JET_bitForceNewLog, JET_bitWaitAllLevel0Commit, JET_bitWaitLastLevel0Commit] {
        if grbit & alone != 0 && grbit != alone {
            return Err(JetError::InvalidGrbit);
        }
    }
    match grbit {
        JET_bitForceNewLog => {
            if let Some(log) = &engine.log {
                log.roll()?;
            }
            return Ok(());
        }
        JET_bitWaitAllLevel0Commit => {
            if let Some(log) = &engine.log {
                log.flush_all()?;
            }
            return Ok(());
        }
        JET_bitWaitLastLevel0Commit => {
            if let (Some(log), Some(pos)) = (&engine.log, txn.last_commit_lgpos) {
                log.flush(pos)?;
            }
            return Ok(());
        }
        _ => {}
    }
    if txn.level == 0 {
        return Err(JetError::NotInTransaction);
    }
    let lazy = (grbit | default_grbit) & JET_bitCommitLazyFlush != 0;
    if !lazy && cmsec_durable != 0 {
        return Err(JetError::InvalidParameter);
    }
    if txn.level > 1 {
        txn.ws.release_savepoint();
        txn.marks.pop();
        txn.level -= 1;
        return Ok(());
    }
    let result = apply(engine, txn);
    if let Ok(Some(_)) = result {
        txn.last_commit = engine.versions.latest();
    }
    engine.versions.end(txn.id, &txn.ws);
    let rollback_actions = std::mem::take(&mut txn.on_rollback);
    let commit_actions = std::mem::take(&mut txn.on_commit);
    txn.ws.clear();
    txn.trees.clear();
    txn.marks.clear();
    txn.level = 0;
    match result {
        Ok(lgpos) => {
            if lgpos.is_some() {
                txn.last_commit_lgpos = lgpos;
            }
            run_commit_actions(engine, commit_actions)?;
            if let (Some(log), Some(pos)) = (&engine.log, lgpos) {
                if !lazy {
                    log.flush(pos)?;
                } else if cmsec_durable > 0 {
                    log.flush_within(pos, std::time::Duration::from_millis(cmsec_durable as u64));
                }
            }
            engine.after_commit();
            Ok(())
        }
        Err(e) => {
            // nothing of the write set reached the pages: undo what DDL did at once
            run_rollback_actions(engine, rollback_actions);
            Err(e)
        }
    }
}

/// JetRollback: undo the innermost level (or all of them).
pub fn rollback(engine: &Engine, txn: &mut Txn, grbit: JET_GRBIT) -> JetResult<()> {
    if grbit & !JET_bitRollbackAll != 0 {
        return Err(JetError::InvalidGrbit);
    }
    if txn.level == 0 {
        return Err(JetError::NotInTransaction);
    }
    if grbit & JET_bitRollbackAll != 0 {
        rollback_all(engine, txn);
        return Ok(());
    }
    if txn.level > 1 {
        txn.ddl_epoch += 1;
        txn.ws.rollback_to_savepoint();
        if let Some((r, c, locks)) = txn.marks.pop() {
            // the level's write locks go with its writes
            engine.versions.release_locks_from(txn.id, locks);
            let undo: Vec<_> = txn.on_rollback.drain(r..).collect();
            txn.on_commit.truncate(c);
            run_rollback_actions(engine, undo);
        }
        txn.level -= 1;
        return Ok(());
    }
    rollback_all(engine, txn);
    Ok(())
}

/// Undo every level (JetRollback(JET_bitRollbackAll), JetEndSession, JetTerm).
pub fn rollback_all(engine: &Engine, txn: &mut Txn) {
    if txn.level == 0 {
        return;
    }
    txn.ddl_epoch += 1;
    engine.versions.end(txn.id, &txn.ws);
    let undo = std::mem::take(&mut txn.on_rollback);
    txn.ws.clear();
    txn.trees.clear();
    txn.on_commit.clear();
    txn.marks.clear();
    txn.level = 0;
    run_rollback_actions(engine, undo);
}

pub(crate) fn run_rollback_actions(engine: &Engine, actions: Vec<RollbackAction>) {
    for a in actions.into_iter().rev() {
        match a {
            RollbackAction::DeleteTree { dbid, tree } => {
                if let Ok(db) = engine.database(dbid) {
                    // best effort: a failure only leaks the space
                    let _ = engine.system_change(&db, |b| b.delete_tree(&tree));
                }
            }
            RollbackAction::ReleaseTable { db, objid } => super::ddl::release_pending_delete(db, objid),
        }
    }
}

fn run_commit_actions(engine: &Engine, actions: Vec<CommitAction>) -> JetResult<()> {
    for a in actions {
        match a {
            CommitAction::DeleteTree { dbid, tree } => {
                if let Ok(db) = engine.database(dbid) {
                    engine.system_change(&db, |b| b.delete_tree(&tree))?;
                }
            }
            CommitAction::EscrowZero { dbid, objid, bookmark, columnid } => {
                let _ = super::update::escrow_zero(engine, dbid, objid, &bookmark, columnid);
            }
            CommitAction::SchemaChanged { dbid } => {
                if let Ok(db) = engine.database(dbid) {
                    let mut s = db.schema.lock();
                    s.by_objid.clear();
                    s.version += 1;
                }
            }
            CommitAction::ReleaseTable { db, objid } => super::ddl::release_pending_delete(db, objid),
        }
    }
    Ok(())
}

/// Stage a write in the transaction (which must be open). `lock` takes the
/// entry's write lock first (replace and delete of a record; an insert relies
/// on the key-duplicate check instead).
pub fn stage(engine: &Engine, txn: &mut Txn, tree: TreeId, handle: Tree, key: EntryKey, op: WriteOp, lock: bool) -> JetResult<()> {
    debug_assert!(txn.level > 0);
    if txn.read_only {
        return Err(JetError::TransReadOnly);
    }
    if lock {
        engine.versions.lock(txn.id, txn.snap, tree, &key)?;
    }
    engine.versions.check_budget(txn.ws.bytes())?;
    txn.trees.insert(tree, handle);
    txn.ws.put(tree, key, op);
    Ok(())
}

/// Apply a committing transaction's write set. Returns the commit record's
/// log position (None without a log or without writes).
fn apply(engine: &Engine, txn: &mut Txn) -> JetResult<Option<crate::log::Lgpos>> {
    if txn.ws.is_empty() {
        return Ok(None);
    }
    // the write set's trees, by database
    let mut by_db: BTreeMap<u32, Vec<(TreeId, Tree, &BTreeMap<EntryKey, WriteOp>)>> = BTreeMap::new();
    for (id, entries) in txn.ws.trees() {
        let handle = *txn.trees.get(id).ok_or(JetError::InternalError)?;
        by_db.entry(id.0).or_default().push((*id, handle, entries));
    }
    let dbs: Vec<Arc<Database>> = by_db.keys().map(|d| engine.database(*d)).collect::<JetResult<_>>()?;
    if dbs.iter().any(|d| d.read_only) {
        return Err(JetError::PermissionDenied);
    }
    let _commit = engine.commit_lock();
    let ts = engine.versions.next_commit_ts();
    let keep_versions = engine.versions.snapshot_older_than(ts, txn.id);
    let mut stores: Vec<_> = dbs.iter().map(|d| d.store.write()).collect();
    let mut befores = Vec::new();
    let mut applied_any = false;
    for ((dbid, trees), store) in by_db.iter().zip(stores.iter_mut()) {
        // escrow deltas apply to the entry as last committed (under the exclusive lock)
        let mut resolved: FastMap<(TreeId, EntryKey), Option<Vec<u8>>> = FastMap::default();
        for (id, tree, entries) in trees {
            let mut src = TreeSource::new(store, *tree);
            for (k, op) in entries.iter().filter(|(_, op)| op.is_delta()) {
                resolved.insert((*id, k.clone()), op.apply(src.get(k)?));
            }
        }
        if keep_versions {
            for (id, tree, entries) in trees {
                let mut src = TreeSource::new(store, *tree);
                for (k, op) in entries.iter() {
                    befores.push((*id, k.clone(), src.get(k)?, op.is_delta()));
                }
            }
        }
        let objid_before = store.objid_last();
        let r = (|| {
            let mut batch = store.batch()?;
            for (id, tree, entries) in trees {
                for (k, op) in entries.iter() {
                    let r = if op.is_delta() { resolved.get(&(*id, k.clone())) } else { None };
                    match r {
                        Some(Some(data)) => apply_one(&mut batch, tree, k, &WriteOp::Put(data.clone()))?,
                        // deltas on an entry that is gone: nothing to change
                        Some(None) => {}
                        None => apply_one(&mut batch, tree, k, op)?,
                    }
                }
            }
            batch.commit()
        })();
        if let Err(e) = r {
            if applied_any {
                // an earlier database's pages changed without a log record
                return Err(fatal(e));
            }
            return Err(e);
        }
        applied_any = true;
        let _ = (dbid, objid_before);
    }
    // log every page the apply dirtied: its delta, or its image
    let mut lgpos = None;
    let mut logged = Vec::new();
    for (db, store) in dbs.iter().zip(stores.iter_mut()) {
        let pgnos = store.take_dirtied_with_before();
        if !db.logged || engine.log.is_none() {
            continue;
        }
        logged_pages(db, store, pgnos, &mut logged).map_err(fatal)?;
    }
    if let Some(log) = &engine.log {
        let pages: Vec<PageImage<'_>> = logged.iter().map(LoggedPage::entry).collect();
        lgpos = Some(log.append(&LogRecord::Commit { commit_id: ts, pages }).map_err(fatal)?);
    }
    drop(logged);
    engine.versions.publish_commit_marked(ts, if keep_versions { befores } else { Vec::new() });
    drop(stores);
    Ok(lgpos)
}

/// A dirtied page as a commit logs it: the bytes that changed since it was
/// last logged, or (created, or changed too much) its whole image; or the
/// database header (page 0), when its last object id moved.
pub(crate) enum LoggedPage {
    Full(u32, crate::buffer::Pgno, crate::buffer::PageRead),
    Delta(u32, crate::buffer::Pgno, Vec<u8>),
    Header(u32, Vec<u8>),
}

impl LoggedPage {
    pub(crate) fn entry(&self) -> PageImage<'_> {
        match self {
            LoggedPage::Full(dbid, pgno, g) => PageImage::full(*dbid, *pgno, &g[..]),
            LoggedPage::Delta(dbid, pgno, d) => PageImage::delta(*dbid, *pgno, d),
            LoggedPage::Header(dbid, h) => PageImage::full(*dbid, 0, h),
        }
    }
}

/// The log entries of pages taken with `take_dirtied_with_before`, read from
/// the cache, then the header's image if the database's last object id moved.
pub(crate) fn logged_pages(
    db: &Database,
    store: &mut crate::btree::Store,
    pages: Vec<(crate::buffer::Pgno, Option<Box<[u8]>>)>,
    out: &mut Vec<LoggedPage>,
) -> JetResult<()> {
    let dbid = db.dbid;
    for (pgno, before) in pages {
        let g = store.read_page(pgno)?;
        if let Some(b) = before {
            let mut d = Vec::new();
            let small = crate::log::delta::encode(&b, &g, &mut d);
            store.recycle_page(b);
            if small {
                out.push(LoggedPage::Delta(dbid, pgno, d));
                continue;
            }
        }
        out.push(LoggedPage::Full(dbid, pgno, g));
    }
    if db.note_objid_logged(store.objid_last()) {
        out.push(LoggedPage::Header(dbid, store.header().encode(store.page_size())));
    }
    Ok(())
}

/// An error after pages changed that the log does not describe: the instance
/// must stop (the caller marks it unavailable on seeing this).
fn fatal(e: JetError) -> JetError {
    match e {
        JetError::DiskFull | JetError::LogDiskFull => JetError::LogDiskFull,
        _ => JetError::LogWriteFail,
    }
}

fn apply_one(batch: &mut crate::btree::Batch<'_>, tree: &Tree, k: &EntryKey, op: &WriteOp) -> JetResult<()> {
    match op {
        WriteOp::Put(data) => {
            if tree.unique {
                match batch.insert(tree, &k.key, data) {
                    Err(JetError::KeyDuplicate) => batch.replace(tree, &k.key, data),
                    r => r,
                }
            } else {
                match batch.insert(tree, &k.key, &k.dup) {
                    Err(JetError::KeyDuplicate) => Ok(()),
                    r => r,
                }
            }
        }
        WriteOp::Delete => {
            let data = if tree.unique { None } else { Some(k.dup.as_slice()) };
            match batch.delete(tree, &k.key, data) {
                Err(JetError::RecordNotFound) => Ok(()),
                r => r,
            }
        }
        // resolved against the committed entry by `apply` before the batch
        WriteOp::Delta(_) => Err(JetError::InternalError),
    }
}

/// Read one entry as the transaction (or a reader outside one) sees it.
pub fn read_entry(engine: &Engine, txn: &Txn, db: &Database, tree: TreeId, handle: Tree, key: &EntryKey) -> JetResult<Option<Vec<u8>>> {
    let store = db.store.read();
    let mut src = TreeSource::new(&store, handle);
    let view = txn.view(engine, tree);
    view.get(&mut src as &mut dyn Source, key)
}
