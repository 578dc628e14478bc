//! The version store: write sets of open transactions, before-images for
//! snapshots, write-conflict detection, the version-store budget.
//!
//! Owns: which entries each open transaction has written (`WriteSet`, one per
//! session, with a savepoint per nesting level), the committed before-images
//! older snapshots still need (`VersionStore`), and who holds the write lock on
//! an entry (`VersionStore::lock`).
//! Must never: touch pages. The merged view a cursor sees (B-tree, then the
//! before-images of its snapshot, then its own write set) is built by `view`
//! over any ordered source, so it is tested here against a model.
//!
//! An entry of a tree is named by an `EntryKey`: the normalized key plus, for
//! trees that allow duplicate keys (non-unique secondary indexes), the data
//! (the primary bookmark), since ESE orders such entries by key, then data.

pub mod view;

use crate::error::{JetError, JetResult};
use parking_lot::{Mutex, RwLock};
use std::collections::BTreeMap;

use crate::util::hash::FastMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// A B-tree of the instance: (database id, object id of the tree).
pub type TreeId = (u32, u32);

/// A transaction's identity (never reused within an instance).
pub type TxnId = u64;

/// A commit timestamp. Snapshots are taken as "everything committed at or
/// before this timestamp".
pub type Ts = u64;

/// An entry of a tree: its key and, in a tree with duplicate keys, its data.
/// Ordered by key, then data, each bytewise (a prefix first).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct EntryKey {
    pub key: Vec<u8>,
    pub dup: Vec<u8>,
}

/// Bytewise order (a prefix first), as `[u8]::cmp`, with the first eight
/// bytes compared as one big-endian word: write sets and versions are ordered
/// maps searched with many comparisons of keys that mostly differ early.
#[inline]
pub fn cmp_bytes(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    if let (Some(x), Some(y)) = (a.first_chunk::<8>(), b.first_chunk::<8>()) {
        let (x, y) = (u64::from_be_bytes(*x), u64::from_be_bytes(*y));
        if x != y {
            return x.cmp(&y);
        }
        return a[8..].cmp(&b[8..]);
    }
    a.cmp(b)
}

impl Ord for EntryKey {
    #[inline]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match cmp_bytes(&self.key, &other.key) {
            std::cmp::Ordering::Equal => cmp_bytes(&self.dup, &other.dup),
            o => o,
        }
    }
}

impl PartialOrd for EntryKey {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl EntryKey {
    pub fn unique(key: &[u8]) -> EntryKey {
        EntryKey { key: key.to_vec(), dup: Vec::new() }
    }
    pub fn with_dup(key: &[u8], dup: &[u8]) -> EntryKey {
        EntryKey { key: key.to_vec(), dup: dup.to_vec() }
    }
    fn size(&self) -> usize {
        self.key.len() + self.dup.len() + 48
    }
}

/// One escrow change (JetEscrowUpdate): add `delta` to the little-endian
/// integer of `width` (4 or 8) bytes at `offset` of the entry's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delta {
    pub offset: u32,
    pub width: u8,
    pub delta: i64,
}

/// Add escrow deltas to an entry's bytes (wrapping, as ESE's integers do).
pub fn apply_deltas(data: &mut [u8], deltas: &[Delta]) {
    for d in deltas {
        let at = d.offset as usize;
        match d.width {
            4 if at + 4 <= data.len() => {
                let v = i32::from_le_bytes(data[at..at + 4].try_into().unwrap()).wrapping_add(d.delta as i32);
                data[at..at + 4].copy_from_slice(&v.to_le_bytes());
            }
            8 if at + 8 <= data.len() => {
                let v = i64::from_le_bytes(data[at..at + 8].try_into().unwrap()).wrapping_add(d.delta);
                data[at..at + 8].copy_from_slice(&v.to_le_bytes());
            }
            _ => {}
        }
    }
}

/// What a transaction did to an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteOp {
    /// The entry exists with this data (inserted or replaced).
    Put(Vec<u8>),
    /// The entry does not exist (deleted).
    Delete,
    /// Escrow deltas to the entry's data as it will be when the transaction
    /// commits (other transactions' deltas commute with them).
    Delta(Vec<Delta>),
}

impl WriteOp {
    /// The data a Put writes (None for a delete or deltas).
    pub fn data(&self) -> Option<&[u8]> {
        match self {
            WriteOp::Put(d) => Some(d),
            WriteOp::Delete | WriteOp::Delta(_) => None,
        }
    }
    /// What the entry holds after this write, given what it held before.
    pub fn apply(&self, base: Option<Vec<u8>>) -> Option<Vec<u8>> {
        match self {
            WriteOp::Put(d) => Some(d.clone()),
            WriteOp::Delete => None,
            WriteOp::Delta(ds) => base.map(|mut b| {
                apply_deltas(&mut b, ds);
                b
            }),
        }
    }
    pub fn is_delta(&self) -> bool {
        matches!(self, WriteOp::Delta(_))
    }
    fn size(&self) -> usize {
        match self {
            WriteOp::Put(d) => d.len() + 16,
            WriteOp::Delete => 16,
            WriteOp::Delta(ds) => 16 + 16 * ds.len(),
        }
    }
}

struct Undo {
    tree: TreeId,
    key: EntryKey,
    /// What the write set held for the entry before this write.
    previous: Option<WriteOp>,
}

/// The uncommitted writes of one transaction, with savepoints for nesting.
#[derive(Default)]
pub struct WriteSet {
    trees: BTreeMap<TreeId, BTreeMap<EntryKey, WriteOp>>,
    undo: Vec<Undo>,
    /// Undo-log length at the start of each nested level above level 1.
    savepoints: Vec<usize>,
    bytes: usize,
    /// Bumped by every change, never reset: a reader that saw the same
    /// generation knows the set did not change in between.
    generation: u64,
}

impl WriteSet {
    pub fn new() -> WriteSet {
        WriteSet::default()
    }

    pub fn is_empty(&self) -> bool {
        self.trees.values().all(|t| t.is_empty())
    }

    /// Approximate memory held, for the version-store budget.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Record a write; `None` from `get` before it is what a rollback restores.
    pub fn put(&mut self, tree: TreeId, key: EntryKey, op: WriteOp) {
        self.generation += 1;
        self.bytes += key.size() + op.size();
        let t = self.trees.entry(tree).or_default();
        // the outermost level is undone by dropping the whole set; only nested levels need undo
        if self.savepoints.is_empty() {
            t.insert(key, op);
        } else {
            let previous = t.insert(key.clone(), op);
            self.undo.push(Undo { tree, key, previous });
        }
    }

    /// Record escrow deltas: folded into a Put or deltas the transaction
    /// already has for the entry.
    pub fn put_delta(&mut self, tree: TreeId, key: EntryKey, deltas: Vec<Delta>) {
        let op = match self.get(tree, &key) {
            Some(WriteOp::Put(d)) => {
                let mut d = d.clone();
                apply_deltas(&mut d, &deltas);
                WriteOp::Put(d)
            }
            Some(WriteOp::Delta(prev)) => {
                let mut all = prev.clone();
                all.extend(deltas);
                WriteOp::Delta(all)
            }
            _ => WriteOp::Delta(deltas),
        };
        self.put(tree, key, op);
    }

    pub fn get(&self, tree: TreeId, key: &EntryKey) -> Option<&WriteOp> {
        self.trees.get(&tree)?.get(key)
    }

    /// The entries written in one tree, in key order.
    pub fn tree(&self, tree: TreeId) -> Option<&BTreeMap<EntryKey, WriteOp>> {
        self.trees.get(&tree).filter(|t| !t.is_empty())
    }

    /// Every tree with writes, in (dbid, objid) order.
    pub fn trees(&self) -> impl Iterator<Item = (&TreeId, &BTreeMap<EntryKey, WriteOp>)> {
        self.trees.iter().filter(|(_, t)| !t.is_empty())
    }

    /// Begin a nested level (JetBeginTransaction at level >= 1).
    pub fn savepoint(&mut self) {
        self.savepoints.push(self.undo.len());
    }

    /// Undo the writes of the innermost nested level.
    pub fn rollback_to_savepoint(&mut self) {
        self.generation += 1;
        let mark = self.savepoints.pop().unwrap_or(0);
        while self.undo.len() > mark {
            let u = self.undo.pop().expect("undo entry");
            let t = self.trees.entry(u.tree).or_default();
            match u.previous {
                Some(op) => {
                    t.insert(u.key, op);
                }
                None => {
                    t.remove(&u.key);
                }
            }
        }
    }

    /// Fold the innermost level into its parent (commit of a nested level).
    pub fn release_savepoint(&mut self) {
        self.savepoints.pop();
        if self.savepoints.is_empty() {
            // back at the outermost level, which never needs undo
            self.undo.clear();
        }
    }

    /// Number of open nested levels above the outermost.
    pub fn depth(&self) -> usize {
        self.savepoints.len()
    }

    /// Entry keys written in a tree, for releasing locks.
    pub fn keys(&self) -> impl Iterator<Item = (TreeId, &EntryKey)> {
        self.trees.iter().flat_map(|(t, m)| m.keys().map(move |k| (*t, k)))
    }

    pub fn clear(&mut self) {
        let generation = self.generation + 1;
        *self = WriteSet::default();
        self.generation = generation;
    }

    /// Changes so far (see the field).
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

/// A committed before-image: the entry's data before the commit at `ts`
/// (`None`: the entry did not exist).
#[derive(Clone, Debug)]
pub struct Version {
    pub ts: Ts,
    pub before: Option<Vec<u8>>,
    /// The commit only added escrow deltas to the entry (those commute
    /// with other deltas: no write conflict for a delta).
    pub delta: bool,
}

/// A lock several transactions may hold on an entry at once (ESE's
/// operReadLock and operDelta versions commute with themselves only).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SharedLock {
    /// JetGetLock(JET_bitReadLock).
    Read,
    /// JetEscrowUpdate.
    Delta,
}

#[derive(Default)]
struct Versions {
    trees: FastMap<TreeId, BTreeMap<EntryKey, Vec<Version>>>,
    bytes: usize,
    /// The oldest snapshot the last cleanup kept versions for: a cleanup
    /// with the same oldest snapshot would find nothing to drop.
    cleaned_for: Option<Ts>,
    /// The newest version kept (a cleanup for a snapshot at or after it drops everything).
    newest: Ts,
    /// Every version kept, in commit order: a cleanup drops from the front
    /// what no snapshot needs, without walking the versions still needed.
    by_ts: std::collections::VecDeque<(Ts, TreeId, EntryKey)>,
}

/// What a version counts against the version-store budget.
fn version_size(key: &EntryKey, before: &Option<Vec<u8>>) -> usize {
    key.size() + before.as_ref().map_or(0, |b| b.len()) + 24
}

/// A map from entries to `V`, by tree, so that a lookup borrows the key.
struct ByEntry<V>(FastMap<TreeId, FastMap<EntryKey, V>>);

impl<V> Default for ByEntry<V> {
    fn default() -> Self {
        ByEntry(FastMap::default())
    }
}

impl<V> ByEntry<V> {
    fn get(&self, tree: TreeId, key: &EntryKey) -> Option<&V> {
        self.0.get(&tree)?.get(key)
    }
    fn insert(&mut self, tree: TreeId, key: EntryKey, v: V) {
        self.0.entry(tree).or_default().insert(key, v);
    }
    fn entry(&mut self, tree: TreeId, key: EntryKey) -> std::collections::hash_map::Entry<'_, EntryKey, V> {
        self.0.entry(tree).or_default().entry(key)
    }
    fn remove(&mut self, tree: TreeId, key: &EntryKey) {
        if let Some(t) = self.0.get_mut(&tree) {
            t.remove(key);
            if t.is_empty() {
                self.0.remove(&tree);
            }
        }
    }
    fn retain(&mut self, mut f: impl FnMut(&mut V) -> bool) {
        self.0.retain(|_, t| {
            t.retain(|_, v| f(v));
            !t.is_empty()
        });
    }
}

#[derive(Default)]
struct Txns {
    /// Open transactions: id -> snapshot timestamp.
    active: BTreeMap<TxnId, Ts>,
    /// Uncommitted writers: entry -> owning transaction.
    locks: ByEntry<TxnId>,
    /// Read locks and escrow deltas of open transactions.
    shared: ByEntry<Vec<(TxnId, SharedLock)>>,
    /// The locks each open transaction took, in the order it took them (a
    /// lock lasts until the transaction ends, or until the nested level that
    /// took it rolls back, whether or not the write set still names the entry).
    owned: FastMap<TxnId, Vec<(TreeId, EntryKey)>>,
}

/// The per-instance shared part: timestamps, open transactions, locks and
/// committed before-images.
pub struct VersionStore {
    /// The timestamp of the last commit applied.
    last_commit: AtomicU64,
    next_txn: AtomicU64,
    txns: Mutex<Txns>,
    versions: RwLock<Versions>,
    /// The budget (JET_paramMaxVerPages * JET_paramVerPageSize) in bytes.
    budget: AtomicU64,
}

impl Default for VersionStore {
    fn default() -> Self {
        VersionStore::new(u64::MAX)
    }
}

impl VersionStore {
    pub fn new(budget_bytes: u64) -> VersionStore {
        VersionStore {
            last_commit: AtomicU64::new(0),
            next_txn: AtomicU64::new(1),
            txns: Mutex::new(Txns::default()),
            versions: RwLock::new(Versions::default()),
            budget: AtomicU64::new(budget_bytes),
        }
    }

    pub fn set_budget(&self, bytes: u64) {
        self.budget.store(bytes, Ordering::Relaxed);
    }

    /// Start a transaction: a new id and a snapshot of everything committed so far.
    pub fn begin(&self) -> (TxnId, Ts) {
        let mut t = self.txns.lock();
        let id = self.next_txn.fetch_add(1, Ordering::Relaxed);
        let ts = self.last_commit.load(Ordering::Acquire);
        t.active.insert(id, ts);
        (id, ts)
    }

    /// The snapshot of the latest committed state (reads outside a transaction).
    pub fn latest(&self) -> Ts {
        self.last_commit.load(Ordering::Acquire)
    }

    /// Whether any open transaction but `committer` (whose commit is at
    /// `ts`: it will not read again) has a snapshot older than `ts`.
    pub fn snapshot_older_than(&self, ts: Ts, committer: TxnId) -> bool {
        self.txns.lock().active.iter().any(|(id, s)| *id != committer && *s < ts)
    }

    /// Take the write lock on an entry for `txn` (snapshot `snap`), as a
    /// replace or delete does: JET_errWriteConflict if another open
    /// transaction holds it, or a commit after `snap` changed it.
    pub fn lock(&self, txn: TxnId, snap: Ts, tree: TreeId, key: &EntryKey) -> JetResult<()> {
        let mut t = self.txns.lock();
        if let Some(owner) = t.locks.get(tree, key) {
            if *owner != txn {
                return Err(JetError::WriteConflict);
            }
            return Ok(());
        }
        // read locks and escrow deltas of others do not commute with a write
        if t.shared.get(tree, key).is_some_and(|v| v.iter().any(|(o, _)| *o != txn)) {
            return Err(JetError::WriteConflict);
        }
        if self.changed_after(tree, key, snap) {
            return Err(JetError::WriteConflict);
        }
        t.locks.insert(tree, key.clone(), txn);
        t.owned.entry(txn).or_default().push((tree, key.clone()));
        Ok(())
    }

    /// Take a shared lock (a read lock, or the right to add escrow deltas)
    /// on an entry: JET_errWriteConflict if another open transaction writes
    /// it or holds the other kind of shared lock, or if a commit after
    /// `snap` changed it (for deltas: other than by deltas).
    pub fn lock_shared(&self, txn: TxnId, snap: Ts, tree: TreeId, key: &EntryKey, kind: SharedLock) -> JetResult<()> {
        let mut t = self.txns.lock();
        if t.locks.get(tree, key).is_some_and(|o| *o != txn) {
            return Err(JetError::WriteConflict);
        }
        if t.shared.get(tree, key).is_some_and(|v| v.iter().any(|(o, m)| *o != txn && *m != kind)) {
            return Err(JetError::WriteConflict);
        }
        let owns_write = t.locks.get(tree, key) == Some(&txn);
        if !owns_write {
            let conflict = match kind {
                SharedLock::Delta => self.changed_after_non_delta(tree, key, snap),
                SharedLock::Read => self.changed_after(tree, key, snap),
            };
            if conflict {
                return Err(JetError::WriteConflict);
            }
        }
        let v = t.shared.entry(tree, key.clone()).or_default();
        if !v.contains(&(txn, kind)) {
            v.push((txn, kind));
        }
        Ok(())
    }

    /// Whether another open transaction has escrow deltas on an entry.
    pub fn deltas_by_other(&self, txn: TxnId, tree: TreeId, key: &EntryKey) -> bool {
        self.txns.lock().shared.get(tree, key).is_some_and(|v| v.iter().any(|(o, m)| *o != txn && *m == SharedLock::Delta))
    }

    /// Whether a commit after `snap` changed the entry other than by escrow deltas.
    pub fn changed_after_non_delta(&self, tree: TreeId, key: &EntryKey, snap: Ts) -> bool {
        let v = self.versions.read();
        v.trees.get(&tree).and_then(|t| t.get(key)).is_some_and(|vs| vs.iter().any(|v| v.ts > snap && !v.delta))
    }

    /// How many locks `txn` holds (a nested level remembers this at its begin).
    pub fn locks_held(&self, txn: TxnId) -> usize {
        self.txns.lock().owned.get(&txn).map_or(0, |v| v.len())
    }

    /// Release the locks `txn` took after it held `mark` of them (the rollback
    /// of a nested level).
    pub fn release_locks_from(&self, txn: TxnId, mark: usize) {
        let mut t = self.txns.lock();
        let Txns { locks, owned, .. } = &mut *t;
        if let Some(v) = owned.get_mut(&txn) {
            while v.len() > mark {
                let (tree, key) = v.pop().expect("lock entry");
                if locks.get(tree, &key) == Some(&txn) {
                    locks.remove(tree, &key);
                }
            }
        }
    }

    /// Whether another open transaction holds the lock on an entry.
    pub fn locked_by_other(&self, txn: TxnId, tree: TreeId, key: &EntryKey) -> bool {
        matches!(self.txns.lock().locks.get(tree, key), Some(o) if *o != txn)
    }

    /// Whether a commit after `snap` changed the entry.
    pub fn changed_after(&self, tree: TreeId, key: &EntryKey, snap: Ts) -> bool {
        let v = self.versions.read();
        v.trees.get(&tree).and_then(|t| t.get(key)).is_some_and(|vs| vs.iter().any(|v| v.ts > snap))
    }

    /// What the entry held as of snapshot `snap`, if a later commit changed it:
    /// `Some(before)` overrides the B-tree, `None` means the B-tree is current for `snap`.
    pub fn as_of(&self, tree: TreeId, key: &EntryKey, snap: Ts) -> Option<Option<Vec<u8>>> {
        let v = self.versions.read();
        let vs = v.trees.get(&tree)?.get(key)?;
        // versions are in commit order; the first one after the snapshot holds the state at it
        vs.iter().find(|v| v.ts > snap).map(|v| v.before.clone())
    }

    /// The next entry key of a tree that has a version newer than `snap`, from
    /// `from` in the given direction (`inclusive`: `from` itself may qualify);
    /// used to merge versions into a cursor's view.
    pub fn next_versioned(&self, tree: TreeId, from: &EntryKey, forward: bool, inclusive: bool, snap: Ts) -> Option<EntryKey> {
        use std::ops::Bound;
        let v = self.versions.read();
        let t = v.trees.get(&tree)?;
        let relevant = |vs: &Vec<Version>| vs.iter().any(|v| v.ts > snap);
        let b = if inclusive { Bound::Included(from.clone()) } else { Bound::Excluded(from.clone()) };
        if forward {
            t.range((b, Bound::Unbounded)).find(|(_, vs)| relevant(vs)).map(|(k, _)| k.clone())
        } else {
            t.range((Bound::Unbounded, b)).rev().find(|(_, vs)| relevant(vs)).map(|(k, _)| k.clone())
        }
    }

    /// The first/last versioned entry of a tree.
    pub fn edge_versioned(&self, tree: TreeId, first: bool, snap: Ts) -> Option<EntryKey> {
        let v = self.versions.read();
        let t = v.trees.get(&tree)?;
        let relevant = |vs: &Vec<Version>| vs.iter().any(|v| v.ts > snap);
        if first {
            t.iter().find(|(_, vs)| relevant(vs)).map(|(k, _)| k.clone())
        } else {
            t.iter().rev().find(|(_, vs)| relevant(vs)).map(|(k, _)| k.clone())
        }
    }

    /// Allocate the next commit timestamp. Called with the databases' exclusive
    /// locks held, so timestamps follow apply order.
    pub fn next_commit_ts(&self) -> Ts {
        self.last_commit.load(Ordering::Acquire) + 1
    }

    /// Record the before-images of a commit at `ts` (only needed while an older
    /// snapshot is open: call `snapshot_older_than` first), then publish `ts`.
    pub fn publish_commit(&self, ts: Ts, befores: Vec<(TreeId, EntryKey, Option<Vec<u8>>)>) {
        self.publish_commit_marked(ts, befores.into_iter().map(|(t, k, b)| (t, k, b, false)).collect());
    }

    /// `publish_commit`, each before-image saying whether the commit changed
    /// its entry by escrow deltas only.
    pub fn publish_commit_marked(&self, ts: Ts, befores: Vec<(TreeId, EntryKey, Option<Vec<u8>>, bool)>) {
        if !befores.is_empty() {
            let mut v = self.versions.write();
            for (tree, key, before, delta) in befores {
                v.bytes += version_size(&key, &before);
                v.by_ts.push_back((ts, tree, key.clone()));
                v.trees.entry(tree).or_default().entry(key).or_default().push(Version { ts, before, delta });
            }
            v.newest = v.newest.max(ts);
        }
        self.last_commit.store(ts, Ordering::Release);
    }

    /// End a transaction (commit or rollback): release its locks and forget its snapshot.
    pub fn end(&self, txn: TxnId, ws: &WriteSet) {
        let mut t = self.txns.lock();
        let _ = ws;
        let Txns { locks, owned, .. } = &mut *t;
        for (tree, key) in owned.remove(&txn).unwrap_or_default() {
            if locks.get(tree, &key) == Some(&txn) {
                locks.remove(tree, &key);
            }
        }
        // shared locks (read locks, escrow deltas)
        t.shared.retain(|v| {
            v.retain(|(o, _)| *o != txn);
            !v.is_empty()
        });
        t.active.remove(&txn);
        let oldest = t.active.values().copied().min();
        // still under the transactions' lock: a transaction beginning now
        // must not find the versions of a commit it needs already dropped
        self.cleanup(oldest);
        drop(t);
    }

    /// Drop versions no open snapshot can see.
    fn cleanup(&self, oldest: Option<Ts>) {
        {
            // most ends change nothing: the oldest snapshot is still the one
            // the last cleanup kept versions for
            let v = self.versions.read();
            if v.trees.is_empty() || (oldest.is_some() && oldest == v.cleaned_for) {
                return;
            }
        }
        let mut v = self.versions.write();
        let oldest = match oldest {
            Some(o) if o < v.newest => o,
            _ => {
                v.trees.clear();
                v.by_ts.clear();
                v.bytes = 0;
                v.cleaned_for = None;
                return;
            }
        };
        v.cleaned_for = Some(oldest);
        // a version at ts is needed only by snapshots older than ts; versions
        // are kept in commit order, so those no snapshot needs are in front
        let Versions { trees, by_ts, bytes, .. } = &mut *v;
        while by_ts.front().is_some_and(|(ts, _, _)| *ts <= oldest) {
            let Some((ts, tree, key)) = by_ts.pop_front() else { break };
            let Some(t) = trees.get_mut(&tree) else { continue };
            let Some(vs) = t.get_mut(&key) else { continue };
            // an entry's versions are in commit order too
            if let Some(i) = vs.iter().position(|x| x.ts == ts) {
                let gone = vs.remove(i);
                *bytes = bytes.saturating_sub(version_size(&key, &gone.before));
            }
            if vs.is_empty() {
                t.remove(&key);
                if t.is_empty() {
                    trees.remove(&tree);
                }
            }
        }
    }

    /// JET_errVersionStoreOutOfMemory if a write set of this size would exceed the budget.
    pub fn check_budget(&self, ws_bytes: usize) -> JetResult<()> {
        let used = self.versions.read().bytes as u64 + ws_bytes as u64;
        if used > self.budget.load(Ordering::Relaxed) {
            return Err(JetError::VersionStoreOutOfMemory);
        }
        Ok(())
    }

    /// Number of open transactions (for tests and JetTerm).
    pub fn active_count(&self) -> usize {
        self.txns.lock().active.len()
    }

    /// Number of entries holding versions (for tests).
    /// Whether any committed version of `tree` is kept.
    pub fn has_versions(&self, tree: TreeId) -> bool {
        self.versions.read().trees.contains_key(&tree)
    }

    pub fn versioned_entries(&self) -> usize {
        self.versions.read().trees.values().map(|t| t.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: TreeId = (1, 10);

    fn k(s: &str) -> EntryKey {
        EntryKey::unique(s.as_bytes())
    }

    #[test]
    fn savepoints_undo_only_their_level() {
        let mut ws = WriteSet::new();
        ws.put(T, k("a"), WriteOp::Put(b"1".to_vec()));
        ws.savepoint();
        ws.put(T, k("a"), WriteOp::Put(b"2".to_vec()));
        ws.put(T, k("b"), WriteOp::Delete);
        ws.savepoint();
        ws.put(T, k("c"), WriteOp::Put(b"3".to_vec()));
        ws.rollback_to_savepoint();
        assert_eq!(ws.get(T, &k("c")), None);
        assert_eq!(ws.get(T, &k("a")), Some(&WriteOp::Put(b"2".to_vec())));
        ws.rollback_to_savepoint();
        assert_eq!(ws.get(T, &k("a")), Some(&WriteOp::Put(b"1".to_vec())));
        assert_eq!(ws.get(T, &k("b")), None);
        assert_eq!(ws.depth(), 0);
    }

    /// splitmix64, for the order tests.
    fn rng(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn random_bytes(state: &mut u64) -> Vec<u8> {
        let len = (rng(state) % 20) as usize;
        // a small alphabet, so that long common prefixes and equal keys are frequent
        (0..len).map(|_| [0u8, 1, 0x7F, 0x80, 0xFF][(rng(state) % 5) as usize]).collect()
    }

    #[test]
    fn entry_key_order_is_bytewise_key_then_dup() {
        let mut st = 7u64;
        for _ in 0..20_000 {
            let (a, b) = (random_bytes(&mut st), random_bytes(&mut st));
            assert_eq!(cmp_bytes(&a, &b), a.cmp(&b), "{a:?} {b:?}");
            let (da, db) = (random_bytes(&mut st), random_bytes(&mut st));
            let (x, y) = (EntryKey::with_dup(&a, &da), EntryKey::with_dup(&b, &db));
            assert_eq!(x.cmp(&y), (&a, &da).cmp(&(&b, &db)), "{x:?} {y:?}");
            assert_eq!(x.cmp(&x.clone()), std::cmp::Ordering::Equal);
            assert_eq!(x.partial_cmp(&y), Some(x.cmp(&y)));
        }
    }

    #[test]
    fn outermost_release_drops_the_undo_log_but_nested_levels_keep_theirs() {
        let mut ws = WriteSet::new();
        ws.savepoint();
        ws.put(T, k("a"), WriteOp::Put(b"1".to_vec()));
        ws.release_savepoint();
        assert!(ws.undo.is_empty());
        // a nested level opened afterwards still undoes exactly its own writes
        ws.savepoint();
        ws.put(T, k("a"), WriteOp::Put(b"2".to_vec()));
        ws.put(T, k("b"), WriteOp::Put(b"3".to_vec()));
        ws.rollback_to_savepoint();
        assert_eq!(ws.get(T, &k("a")), Some(&WriteOp::Put(b"1".to_vec())));
        assert_eq!(ws.get(T, &k("b")), None);
    }

    #[test]
    fn released_savepoint_is_undone_by_the_outer_rollback() {
        let mut ws = WriteSet::new();
        ws.savepoint();
        ws.put(T, k("a"), WriteOp::Put(b"1".to_vec()));
        ws.savepoint();
        ws.put(T, k("b"), WriteOp::Put(b"2".to_vec()));
        ws.release_savepoint();
        ws.rollback_to_savepoint();
        assert!(ws.is_empty());
    }

    #[test]
    fn second_writer_gets_write_conflict_until_the_first_ends() {
        let vs = VersionStore::default();
        let (t1, s1) = vs.begin();
        let (t2, s2) = vs.begin();
        vs.lock(t1, s1, T, &k("x")).unwrap();
        vs.lock(t1, s1, T, &k("x")).unwrap();
        assert_eq!(vs.lock(t2, s2, T, &k("x")), Err(JetError::WriteConflict));
        let mut ws1 = WriteSet::new();
        ws1.put(T, k("x"), WriteOp::Delete);
        vs.end(t1, &ws1);
        // t1 rolled back (nothing committed): t2 may now write
        vs.lock(t2, s2, T, &k("x")).unwrap();
    }

    #[test]
    fn a_commit_after_my_snapshot_is_a_conflict_and_readers_see_the_before_image() {
        let vs = VersionStore::default();
        let (reader, rsnap) = vs.begin();
        let (writer, wsnap) = vs.begin();
        vs.lock(writer, wsnap, T, &k("x")).unwrap();
        let ts = vs.next_commit_ts();
        assert!(vs.snapshot_older_than(ts, writer));
        vs.publish_commit(ts, vec![(T, k("x"), Some(b"old".to_vec()))]);
        let mut ws = WriteSet::new();
        ws.put(T, k("x"), WriteOp::Put(b"new".to_vec()));
        vs.end(writer, &ws);
        assert_eq!(vs.as_of(T, &k("x"), rsnap), Some(Some(b"old".to_vec())));
        assert_eq!(vs.as_of(T, &k("x"), vs.latest()), None);
        assert_eq!(vs.lock(reader, rsnap, T, &k("x")), Err(JetError::WriteConflict));
        let (late, lsnap) = vs.begin();
        vs.lock(late, lsnap, T, &k("x")).unwrap();
        // once the old reader ends, nothing needs the version
        vs.end(reader, &WriteSet::new());
        vs.end(late, &WriteSet::new());
        assert_eq!(vs.versioned_entries(), 0);
    }

    #[test]
    fn deltas_fold_into_puts_and_into_each_other() {
        let mut ws = WriteSet::new();
        let d = |v: i64| vec![Delta { offset: 0, width: 4, delta: v }];
        ws.put_delta(T, k("a"), d(5));
        ws.put_delta(T, k("a"), d(-2));
        assert_eq!(ws.get(T, &k("a")), Some(&WriteOp::Delta(vec![d(5)[0].clone(), d(-2)[0].clone()])));
        assert_eq!(ws.get(T, &k("a")).unwrap().apply(Some(10i32.to_le_bytes().to_vec())), Some(13i32.to_le_bytes().to_vec()));
        // over a Put the delta is applied at once
        ws.put(T, k("b"), WriteOp::Put(7i32.to_le_bytes().to_vec()));
        ws.put_delta(T, k("b"), d(1));
        assert_eq!(ws.get(T, &k("b")), Some(&WriteOp::Put(8i32.to_le_bytes().to_vec())));
        // deltas on a missing entry change nothing
        assert_eq!(WriteOp::Delta(d(1)).apply(None), None);
        // 8-byte deltas wrap like ESE's integers
        let mut v = i64::MAX.to_le_bytes().to_vec();
        apply_deltas(&mut v, &[Delta { offset: 0, width: 8, delta: 1 }]);
        assert_eq!(v, i64::MIN.to_le_bytes().to_vec());
        // a savepoint undoes a folded delta
        ws.savepoint();
        ws.put_delta(T, k("b"), d(100));
        ws.rollback_to_savepoint();
        assert_eq!(ws.get(T, &k("b")), Some(&WriteOp::Put(8i32.to_le_bytes().to_vec())));
    }

    #[test]
    fn shared_locks_commute_with_their_own_kind_only() {
        let vs = VersionStore::default();
        let (a, sa) = vs.begin();
        let (b, sb) = vs.begin();
        let (c, sc) = vs.begin();
        // two deltas commute; a read lock or a write does not
        vs.lock_shared(a, sa, T, &k("x"), SharedLock::Delta).unwrap();
        vs.lock_shared(b, sb, T, &k("x"), SharedLock::Delta).unwrap();
        assert_eq!(vs.lock_shared(c, sc, T, &k("x"), SharedLock::Read), Err(JetError::WriteConflict));
        assert_eq!(vs.lock(c, sc, T, &k("x")), Err(JetError::WriteConflict));
        assert!(vs.deltas_by_other(a, T, &k("x")));
        // read locks commute with read locks
        vs.lock_shared(a, sa, T, &k("y"), SharedLock::Read).unwrap();
        vs.lock_shared(c, sc, T, &k("y"), SharedLock::Read).unwrap();
        assert_eq!(vs.lock(b, sb, T, &k("y")), Err(JetError::WriteConflict));
        assert_eq!(vs.lock_shared(b, sb, T, &k("y"), SharedLock::Delta), Err(JetError::WriteConflict));
        // a writer holds off both kinds; its own transaction may add them
        vs.lock(a, sa, T, &k("z")).unwrap();
        assert_eq!(vs.lock_shared(b, sb, T, &k("z"), SharedLock::Delta), Err(JetError::WriteConflict));
        assert_eq!(vs.lock_shared(b, sb, T, &k("z"), SharedLock::Read), Err(JetError::WriteConflict));
        vs.lock_shared(a, sa, T, &k("z"), SharedLock::Delta).unwrap();
        // ending a transaction releases its locks of every kind, written or not
        vs.end(a, &WriteSet::new());
        vs.end(c, &WriteSet::new());
        vs.lock(b, sb, T, &k("y")).unwrap();
        vs.lock(b, sb, T, &k("z")).unwrap();
        assert!(!vs.deltas_by_other(b, T, &k("x")));
        vs.end(b, &WriteSet::new());
    }

    #[test]
    fn a_committed_delta_conflicts_with_a_later_write_but_not_a_later_delta() {
        let vs = VersionStore::default();
        let (old, osnap) = vs.begin();
        let (w, wsnap) = vs.begin();
        vs.lock_shared(w, wsnap, T, &k("x"), SharedLock::Delta).unwrap();
        let ts = vs.next_commit_ts();
        vs.publish_commit_marked(ts, vec![(T, k("x"), Some(b"old".to_vec()), true)]);
        vs.end(w, &WriteSet::new());
        // the older snapshot may still add a delta, but not write or read-lock
        vs.lock_shared(old, osnap, T, &k("x"), SharedLock::Delta).unwrap();
        assert_eq!(vs.lock(old, osnap, T, &k("x")), Err(JetError::WriteConflict));
        let (r, _) = vs.begin();
        assert_eq!(vs.lock_shared(r, osnap, T, &k("x"), SharedLock::Read), Err(JetError::WriteConflict));
        vs.end(r, &WriteSet::new());
        vs.end(old, &WriteSet::new());
    }

    #[test]
    fn locks_go_with_the_transaction_or_level_that_took_them() {
        let vs = VersionStore::default();
        let (t1, s1) = vs.begin();
        let (t2, s2) = vs.begin();
        // a lock whose entry never reaches the write set (a cancelled prepared replace)
        vs.lock(t1, s1, T, &k("a")).unwrap();
        let mark = vs.locks_held(t1);
        vs.lock(t1, s1, T, &k("b")).unwrap();
        vs.lock(t1, s1, T, &k("a")).unwrap();
        assert_eq!(vs.locks_held(t1), 2);
        // the nested level that took "b" rolls back: "b" is free, "a" is not
        vs.release_locks_from(t1, mark);
        vs.lock(t2, s2, T, &k("b")).unwrap();
        assert_eq!(vs.lock(t2, s2, T, &k("a")), Err(JetError::WriteConflict));
        // the end releases "a" although the write set is empty
        vs.end(t1, &WriteSet::new());
        vs.lock(t2, s2, T, &k("a")).unwrap();
        vs.end(t2, &WriteSet::new());
        let (t3, s3) = vs.begin();
        vs.lock(t3, s3, T, &k("a")).unwrap();
        vs.lock(t3, s3, T, &k("b")).unwrap();
        vs.end(t3, &WriteSet::new());
    }

    #[test]
    fn a_lone_committer_needs_no_before_images() {
        let vs = VersionStore::default();
        let (w, _) = vs.begin();
        let ts = vs.next_commit_ts();
        assert!(!vs.snapshot_older_than(ts, w));
        // another transaction's older snapshot does need them
        let (r, _) = vs.begin();
        assert!(vs.snapshot_older_than(ts, w));
        vs.end(r, &WriteSet::new());
        vs.end(w, &WriteSet::new());
    }

    #[test]
    fn versions_stay_while_an_older_snapshot_needs_them() {
        let vs = VersionStore::default();
        let (old, old_snap) = vs.begin();
        for i in 0..3u8 {
            let (w, _) = vs.begin();
            let ts = vs.next_commit_ts();
            assert!(vs.snapshot_older_than(ts, w));
            vs.publish_commit(ts, vec![(T, k("x"), Some(vec![i]))]);
            vs.end(w, &WriteSet::new());
        }
        // the first before-image is what the old snapshot sees
        assert_eq!(vs.as_of(T, &k("x"), old_snap), Some(Some(vec![0])));
        let (mid, mid_snap) = vs.begin();
        let ts = vs.next_commit_ts();
        vs.publish_commit(ts, vec![(T, k("x"), Some(vec![9]))]);
        vs.end(old, &WriteSet::new());
        // only the version the newer snapshot needs is left
        assert_eq!(vs.versioned_entries(), 1);
        assert_eq!(vs.as_of(T, &k("x"), mid_snap), Some(Some(vec![9])));
        vs.end(mid, &WriteSet::new());
        assert_eq!(vs.versioned_entries(), 0);
    }

    /// Readers come and go while a writer commits: each reader sees, for
    /// every entry, the value as of its snapshot; versions no open snapshot
    /// needs are dropped; the budget counts exactly the versions kept.
    #[test]
    fn rolling_readers_see_their_snapshot_and_the_budget_stays_exact() {
        let vs = VersionStore::default();
        let mut state = [0u8; 8];
        // (txn, snapshot, the state it saw)
        let mut readers: Vec<(TxnId, Ts, [u8; 8])> = Vec::new();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut rnd = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for step in 0..4000u32 {
            match rnd() % 4 {
                0 if readers.len() < 6 => {
                    let (id, snap) = vs.begin();
                    readers.push((id, snap, state));
                }
                1 if !readers.is_empty() => {
                    let (id, _, _) = readers.remove((rnd() % readers.len() as u64) as usize);
                    vs.end(id, &WriteSet::new());
                }
                _ => {
                    let (w, _) = vs.begin();
                    let ts = vs.next_commit_ts();
                    let slot = (rnd() % 8) as usize;
                    let key = k(&format!("k{slot}"));
                    if vs.snapshot_older_than(ts, w) {
                        vs.publish_commit(ts, vec![(T, key, Some(vec![state[slot]; 1 + slot]))]);
                    } else {
                        vs.publish_commit(ts, Vec::new());
                    }
                    state[slot] = state[slot].wrapping_add(1);
                    vs.end(w, &WriteSet::new());
                }
            }
            for (_, snap, seen) in &readers {
                for (slot, want) in seen.iter().enumerate() {
                    let got = vs.as_of(T, &k(&format!("k{slot}")), *snap).map(|b| b.unwrap()[0]);
                    // no version: the entry did not change since the snapshot
                    assert_eq!(got.unwrap_or(state[slot]), *want, "step {step} slot {slot}");
                }
            }
            let v = vs.versions.read();
            let kept: usize = v.trees.values().flat_map(|t| t.iter()).map(|(key, vs)| vs.iter().map(|x| version_size(key, &x.before)).sum::<usize>()).sum();
            assert_eq!(v.bytes, kept, "step {step}");
            assert_eq!(v.by_ts.len(), v.trees.values().flat_map(|t| t.values()).map(|vs| vs.len()).sum::<usize>());
        }
        for (id, _, _) in readers.drain(..) {
            vs.end(id, &WriteSet::new());
        }
        assert_eq!(vs.versioned_entries(), 0);
        assert_eq!(vs.versions.read().bytes, 0);
    }

    #[test]
    fn budget_is_enforced() {
        let vs = VersionStore::new(1000);
        assert!(vs.check_budget(500).is_ok());
        assert_eq!(vs.check_budget(5000), Err(JetError::VersionStoreOutOfMemory));
    }
}
