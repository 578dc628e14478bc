//! The view a cursor sees of one tree: the B-tree as last committed, with
//! entries a later commit changed shown as they were at the cursor's snapshot,
//! and the transaction's own uncommitted writes on top.
//!
//! The B-tree is reached through the `Source` trait, so this merge is the same
//! for real trees and for the in-memory model the tests use.

use super::{EntryKey, Ts, TreeId, VersionStore, WriteOp, WriteSet};
use crate::error::JetResult;
use std::ops::Bound;

/// An ordered set of entries (the committed B-tree).
pub trait Source {
    /// The first entry at or after (`forward`) / at or before `from`, or
    /// strictly after/before it when `inclusive` is false.
    fn seek(&mut self, from: &EntryKey, forward: bool, inclusive: bool) -> JetResult<Option<(EntryKey, Vec<u8>)>>;
    /// The first (`first`) or last entry.
    fn edge(&mut self, first: bool) -> JetResult<Option<(EntryKey, Vec<u8>)>>;
    /// The entry with exactly this key.
    fn get(&mut self, key: &EntryKey) -> JetResult<Option<Vec<u8>>>;
}

/// Where a seek starts.
#[derive(Clone, Debug)]
pub enum From<'k> {
    Edge,
    Key { key: &'k EntryKey, inclusive: bool },
}

/// One tree seen by one transaction (or by a reader outside any transaction).
pub struct View<'a> {
    pub tree: TreeId,
    /// Snapshot timestamp; `None` sees the latest committed state.
    pub snap: Option<Ts>,
    pub store: &'a VersionStore,
    pub ws: Option<&'a WriteSet>,
}

impl View<'_> {
    /// Whether this view of the tree is the tree itself: nothing written by
    /// this transaction in it and no version an older snapshot needs (the
    /// caller holds the database lock, so no commit is half published).
    /// Readers may then take the tree's entries as they are.
    pub fn is_direct(&self) -> bool {
        let own_writes = self.ws.and_then(|ws| ws.tree(self.tree)).is_some();
        !own_writes && self.snap.is_none_or(|_| !self.store.has_versions(self.tree))
    }

    /// The entry's data in this view.
    pub fn get(&self, src: &mut dyn Source, key: &EntryKey) -> JetResult<Option<Vec<u8>>> {
        if let Some(ws) = self.ws {
            if let Some(op) = ws.get(self.tree, key) {
                if !op.is_delta() {
                    return Ok(op.data().map(|d| d.to_vec()));
                }
                // escrow deltas apply to what the entry holds underneath
                let base = self.committed(src, key)?;
                return Ok(op.apply(base));
            }
        }
        self.committed(src, key)
    }

    /// The entry as of the snapshot, without the transaction's own writes.
    fn committed(&self, src: &mut dyn Source, key: &EntryKey) -> JetResult<Option<Vec<u8>>> {
        if let Some(snap) = self.snap {
            if let Some(before) = self.store.as_of(self.tree, key, snap) {
                return Ok(before);
            }
        }
        src.get(key)
    }

    /// The first visible entry from `from` in the given direction.
    pub fn seek(&self, src: &mut dyn Source, from: From<'_>, forward: bool) -> JetResult<Option<(EntryKey, Vec<u8>)>> {
        if self.is_direct() {
            return match from {
                From::Edge => src.edge(forward),
                From::Key { key, inclusive } => src.seek(key, forward, inclusive),
            };
        }
        let mut cur: Option<(EntryKey, bool)> = match from {
            From::Edge => None,
            From::Key { key, inclusive } => Some((key.clone(), inclusive)),
        };
        loop {
            // candidate from each source
            let base = match &cur {
                None => src.edge(forward)?,
                Some((k, inc)) => src.seek(k, forward, *inc)?,
            };
            let mut best: Option<EntryKey> = base.as_ref().map(|(k, _)| k.clone());
            if let Some(ws) = self.ws {
                if let Some(t) = ws.tree(self.tree) {
                    let next = match &cur {
                        None if forward => t.keys().next(),
                        None => t.keys().next_back(),
                        Some((k, inc)) => {
                            let b = if *inc { Bound::Included(k.clone()) } else { Bound::Excluded(k.clone()) };
                            if forward {
                                t.range((b, Bound::Unbounded)).next().map(|(k, _)| k)
                            } else {
                                t.range((Bound::Unbounded, b)).next_back().map(|(k, _)| k)
                            }
                        }
                    };
                    best = pick(best, next.cloned(), forward);
                }
            }
            if let Some(snap) = self.snap {
                let v = match &cur {
                    None => self.store.edge_versioned(self.tree, forward, snap),
                    Some((k, inc)) => self.store.next_versioned(self.tree, k, forward, *inc, snap),
                };
                best = pick(best, v, forward);
            }
            let Some(cand) = best else { return Ok(None) };
            // resolve the candidate's data in this view
            let op = self.ws.and_then(|ws| ws.get(self.tree, &cand));
            let data = if let Some(op) = op.filter(|o| !o.is_delta()) {
                op.data().map(|d| d.to_vec())
            } else {
                let committed = if let Some(before) = self.snap.and_then(|s| self.store.as_of(self.tree, &cand, s)) {
                    before
                } else {
                    match &base {
                        Some((k, d)) if *k == cand => Some(d.clone()),
                        _ => src.get(&cand)?,
                    }
                };
                match op {
                    Some(deltas) => deltas.apply(committed),
                    None => committed,
                }
            };
            if let Some(d) = data {
                return Ok(Some((cand, d)));
            }
            cur = Some((cand, false));
        }
    }
}

fn pick(a: Option<EntryKey>, b: Option<EntryKey>, forward: bool) -> Option<EntryKey> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(if (a <= b) == forward { a } else { b }),
    }
}

/// Apply helper: the write set's op for an entry, if any.
pub fn pending<'a>(ws: Option<&'a WriteSet>, tree: TreeId, key: &EntryKey) -> Option<&'a WriteOp> {
    ws.and_then(|w| w.get(tree, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::{WriteOp, WriteSet};
    use std::collections::BTreeMap;

    /// The committed tree, as a BTreeMap.
    struct MapSource<'m>(&'m BTreeMap<EntryKey, Vec<u8>>);

    impl Source for MapSource<'_> {
        fn seek(&mut self, from: &EntryKey, forward: bool, inclusive: bool) -> JetResult<Option<(EntryKey, Vec<u8>)>> {
            let b = if inclusive { Bound::Included(from.clone()) } else { Bound::Excluded(from.clone()) };
            let e = if forward { self.0.range((b, Bound::Unbounded)).next() } else { self.0.range((Bound::Unbounded, b)).next_back() };
            Ok(e.map(|(k, v)| (k.clone(), v.clone())))
        }
        fn edge(&mut self, first: bool) -> JetResult<Option<(EntryKey, Vec<u8>)>> {
            let e = if first { self.0.iter().next() } else { self.0.iter().next_back() };
            Ok(e.map(|(k, v)| (k.clone(), v.clone())))
        }
        fn get(&mut self, key: &EntryKey) -> JetResult<Option<Vec<u8>>> {
            Ok(self.0.get(key).cloned())
        }
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    const T: TreeId = (1, 5);

    /// Deltas in a write set apply to what the view would show without them:
    /// the snapshot's before-image, or the B-tree.
    #[test]
    fn deltas_apply_to_the_snapshot() {
        use crate::version::Delta;
        let store = VersionStore::default();
        let mut committed: BTreeMap<EntryKey, Vec<u8>> = BTreeMap::new();
        let k = |s: &str| EntryKey::unique(s.as_bytes());
        committed.insert(k("a"), 10i32.to_le_bytes().to_vec());
        committed.insert(k("b"), 20i32.to_le_bytes().to_vec());
        let (txn, snap) = store.begin();
        // a later commit changes b to 25: the snapshot still sees 20
        let ts = store.next_commit_ts();
        store.publish_commit(ts, vec![(T, k("b"), Some(20i32.to_le_bytes().to_vec()))]);
        committed.insert(k("b"), 25i32.to_le_bytes().to_vec());
        let mut ws = WriteSet::new();
        ws.put_delta(T, k("a"), vec![Delta { offset: 0, width: 4, delta: 3 }]);
        ws.put_delta(T, k("b"), vec![Delta { offset: 0, width: 4, delta: 1 }]);
        ws.put_delta(T, k("c"), vec![Delta { offset: 0, width: 4, delta: 1 }]);
        let view = View { tree: T, snap: Some(snap), store: &store, ws: Some(&ws) };
        let mut src = MapSource(&committed);
        assert_eq!(view.get(&mut src, &k("a")).unwrap(), Some(13i32.to_le_bytes().to_vec()));
        assert_eq!(view.get(&mut src, &k("b")).unwrap(), Some(21i32.to_le_bytes().to_vec()));
        // deltas never make an entry appear
        assert_eq!(view.get(&mut src, &k("c")).unwrap(), None);
        let mut seen = Vec::new();
        let mut pos = view.seek(&mut src, From::Edge, true).unwrap();
        while let Some((key, d)) = pos {
            seen.push((key.key.clone(), i32::from_le_bytes(d[..4].try_into().unwrap())));
            pos = view.seek(&mut src, From::Key { key: &key, inclusive: false }, true).unwrap();
        }
        assert_eq!(seen, vec![(b"a".to_vec(), 13), (b"b".to_vec(), 21)]);
        store.end(txn, &ws);
    }

    fn key(r: &mut Rng) -> EntryKey {
        let n = r.below(40) as u8;
        let mut k = EntryKey::unique(&[b'k', n / 10, n % 10]);
        if r.below(4) == 0 {
            k.dup = vec![r.below(3) as u8];
        }
        k
    }

    /// Random histories: a snapshot taken at some point, later commits (with
    /// versions), and a write set; the view must equal the model computed from
    /// the snapshot state plus the write set, forwards, backwards and by seeks.
    #[test]
    fn merged_view_matches_model() {
        let mut r = Rng(0x9E3779B97F4A7C15);
        for round in 0..300 {
            let store = VersionStore::default();
            let mut committed: BTreeMap<EntryKey, Vec<u8>> = BTreeMap::new();
            for _ in 0..r.below(30) {
                committed.insert(key(&mut r), vec![r.below(255) as u8]);
            }
            let (txn, snap) = store.begin();
            let at_snapshot = committed.clone();
            // later commits by others
            for _ in 0..r.below(4) {
                let ts = store.next_commit_ts();
                let mut befores = Vec::new();
                for _ in 0..r.below(8) {
                    let k = key(&mut r);
                    let before = committed.get(&k).cloned();
                    if r.below(3) == 0 {
                        committed.remove(&k);
                    } else {
                        committed.insert(k.clone(), vec![100 + r.below(100) as u8]);
                    }
                    if !befores.iter().any(|(_, bk, _): &(TreeId, EntryKey, Option<Vec<u8>>)| *bk == k) {
                        befores.push((T, k, before));
                    }
                }
                store.publish_commit(ts, befores);
            }
            let mut ws = WriteSet::new();
            let mut model = at_snapshot.clone();
            for _ in 0..r.below(10) {
                let k = key(&mut r);
                if r.below(3) == 0 {
                    ws.put(T, k.clone(), WriteOp::Delete);
                    model.remove(&k);
                } else {
                    let d = vec![200 + r.below(50) as u8];
                    ws.put(T, k.clone(), WriteOp::Put(d.clone()));
                    model.insert(k, d);
                }
            }
            let view = View { tree: T, snap: Some(snap), store: &store, ws: Some(&ws) };
            let mut src = MapSource(&committed);
            // forward scan
            let mut got = Vec::new();
            let mut pos = view.seek(&mut src, From::Edge, true).unwrap();
            while let Some((k, d)) = pos {
                got.push((k.clone(), d));
                pos = view.seek(&mut src, From::Key { key: &k, inclusive: false }, true).unwrap();
            }
            let want: Vec<_> = model.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            assert_eq!(got, want, "forward, round {round}");
            // backward scan
            let mut got = Vec::new();
            let mut pos = view.seek(&mut src, From::Edge, false).unwrap();
            while let Some((k, d)) = pos {
                got.push((k.clone(), d));
                pos = view.seek(&mut src, From::Key { key: &k, inclusive: false }, false).unwrap();
            }
            let want: Vec<_> = model.iter().rev().map(|(k, v)| (k.clone(), v.clone())).collect();
            assert_eq!(got, want, "backward, round {round}");
            // point reads and inclusive seeks
            for _ in 0..20 {
                let k = key(&mut r);
                assert_eq!(view.get(&mut src, &k).unwrap(), model.get(&k).cloned());
                let ge = view.seek(&mut src, From::Key { key: &k, inclusive: true }, true).unwrap();
                let want = model.range(k.clone()..).next().map(|(k, v)| (k.clone(), v.clone()));
                assert_eq!(ge, want, "seek ge, round {round}");
                let le = view.seek(&mut src, From::Key { key: &k, inclusive: true }, false).unwrap();
                let want = model.range(..=k.clone()).next_back().map(|(k, v)| (k.clone(), v.clone()));
                assert_eq!(le, want, "seek le, round {round}");
            }
            // a reader of the latest state without a transaction sees `committed`
            let latest = View { tree: T, snap: None, store: &store, ws: None };
            let mut got = Vec::new();
            let mut pos = latest.seek(&mut src, From::Edge, true).unwrap();
            while let Some((k, d)) = pos {
                got.push((k.clone(), d));
                pos = latest.seek(&mut src, From::Key { key: &k, inclusive: false }, true).unwrap();
            }
            let want: Vec<_> = committed.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            assert_eq!(got, want, "latest, round {round}");
            store.end(txn, &ws);
        }
    }
}
