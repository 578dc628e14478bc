//! Random operation sequences against a model (a BTreeMap), for every page
//! size: inserts, replaces and deletes of keys and data of random sizes (some
//! large enough to force splits into three pages), checking after every step
//! the shape of every tree (check_tree: order, separators, levels, flags,
//! sibling links on the leaf level and none above), the space accounting of
//! the whole database, full scans both ways and seeks in every mode against
//! the model.

use super::*;
use crate::error::JetError;
use crate::format::fixed::PGNO_SYSTEM_ROOT;
use crate::os::LocalFs;
use crate::space::{CreateOptions, check_space, create_database};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// splitmix64
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

pub(crate) fn temp_db(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("esent-storage-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d.join("test.edb")
}

/// A model tree: entries as (key, data) -> (), so non-unique duplicates work too.
struct Model {
    tree: Tree,
    entries: BTreeMap<(Vec<u8>, Vec<u8>), ()>,
}

impl Model {
    fn expected(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.entries.keys().cloned().collect()
    }
    fn key_exists(&self, k: &[u8]) -> Option<Vec<u8>> {
        self.entries.range((k.to_vec(), Vec::new())..).next().filter(|((k2, _), _)| k2 == k).map(|((_, d), _)| d.clone())
    }
}

/// Keys of a non-unique tree must be prefix-free (as ESE's normalized keys
/// are): no zero byte but a terminating one.
fn prefix_free(mut k: Vec<u8>) -> Vec<u8> {
    for b in k.iter_mut() {
        *b |= 1;
    }
    if let Some(last) = k.last_mut() {
        *last = 0;
    }
    k
}

fn random_key(rng: &mut Rng, ps: usize, alphabet: u64) -> Vec<u8> {
    let len = match rng.below(20) {
        0 => 1 + rng.below(max_key_size(ps) as u64) as usize,
        1..=3 => 20 + rng.below(200) as usize,
        _ => 1 + rng.below(12) as usize,
    };
    // a shared stem makes prefix compression matter
    let stem = rng.below(alphabet);
    let mut k = format!("k{:03}", stem).into_bytes();
    k.extend(rng.bytes(len.saturating_sub(k.len())));
    k.truncate(len.max(1));
    k
}

#[derive(Copy, Clone, PartialEq)]
enum Sizes {
    Mixed,
    Small,
    /// about two entries to a leaf: many leaves, deep trees
    Big,
}

fn random_data(rng: &mut Rng, ps: usize, key_len: usize, sizes: Sizes) -> Vec<u8> {
    let room = max_node_payload(ps) - key_len;
    if sizes == Sizes::Big {
        let len = ps / 4 + rng.below(ps as u64 / 5) as usize;
        return rng.bytes(len.min(room));
    }
    let small = sizes == Sizes::Small;
    if small {
        let max = if rng.below(50) == 0 { 600 } else { 24 };
        let len = 1 + rng.below(max) as usize;
        return rng.bytes(len.min(room));
    }
    let len = match rng.below(30) {
        0 => room,                                 // as big as a node can be
        1..=2 => room / 2 + rng.below(room as u64 / 2) as usize,
        3..=6 => 100 + rng.below(ps as u64 / 4) as usize,
        _ => 1 + rng.below(40) as usize,
    };
    rng.bytes(len.clamp(1, room))
}

/// Seeks in every mode at probe keys (present, near present ones, random)
/// land where the model says, or find nothing when it has nothing.
fn check_seeks(store: &Store, m: &Model, want: &[(Vec<u8>, Vec<u8>)], step: usize) {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let mut rng = Rng::new(step as u64 ^ 0x5EE4_0000 ^ m.tree.root as u64);
    for _ in 0..6 {
        let (mut k, mut d) = match want.len() {
            0 => (Vec::new(), Vec::new()),
            n => want[rng.below(n as u64) as usize].clone(),
        };
        match rng.below(10) {
            0..=4 => {}
            5 => k.push(rng.next() as u8),
            6 => {
                k.pop();
            }
            7 => {
                if let Some(b) = k.last_mut() {
                    *b = b.wrapping_add(1);
                }
            }
            _ => {
                let (kl, dl) = (1 + rng.below(6) as usize, rng.below(4) as usize);
                k = rng.bytes(kl);
                d = rng.bytes(dl);
            }
        }
        if !m.tree.unique {
            // the tree's keys are prefix-free and never empty (as ESE's
            // normalized keys); so must a probe be
            k = if k.is_empty() { vec![0] } else { prefix_free(k) };
        }
        let with_data = !m.tree.unique && rng.below(2) == 0;
        let cmp = |e: &(Vec<u8>, Vec<u8>)| {
            if with_data { (e.0.as_slice(), e.1.as_slice()).cmp(&(k.as_slice(), d.as_slice())) } else { e.0.as_slice().cmp(&k) }
        };
        let below = want.partition_point(|e| cmp(e) == Less);
        let at_or_below = want.partition_point(|e| cmp(e) != Greater);
        for mode in [SeekMode::Eq, SeekMode::Ge, SeekMode::Gt, SeekMode::Le, SeekMode::Lt] {
            let expect = match mode {
                SeekMode::Eq => want.get(below).filter(|e| cmp(e) == Equal),
                SeekMode::Ge => want.get(below),
                SeekMode::Gt => want.get(at_or_below),
                SeekMode::Le => at_or_below.checked_sub(1).map(|i| &want[i]),
                SeekMode::Lt => below.checked_sub(1).map(|i| &want[i]),
            };
            let mut c = Cursor::new(m.tree);
            let r = c.seek(store, &k, with_data.then_some(d.as_slice()), mode);
            let what = format!("step {step}: tree {} seek {mode:?} (with data: {with_data})", m.tree.root);
            match expect {
                None => assert_eq!(r, Err(JetError::RecordNotFound), "{what}"),
                Some(e) => {
                    let r = r.unwrap_or_else(|err| panic!("{what}: {err}"));
                    assert_eq!((c.key().unwrap(), c.data().unwrap()), (e.0.as_slice(), e.1.as_slice()), "{what}");
                    assert_eq!(r == SeekResult::Equal, cmp(e) == Equal, "{what}: equality");
                }
            }
        }
    }
}

fn check_all(store: &Store, models: &[Model], fdps: &[u32], step: usize) {
    for m in models {
        check_seeks(store, m, &m.expected(), step);
        let stats = check_tree(store, &m.tree).unwrap_or_else(|e| panic!("step {step}: {e}"));
        let want = m.expected();
        assert_eq!(stats.entries, want.len(), "step {step}: tree {}", m.tree.root);
        let got = scan(store, &m.tree).unwrap();
        assert!(got == want, "step {step}: tree {} scan differs from the model", m.tree.root);
        let mut c = Cursor::new(m.tree);
        let mut back = Vec::new();
        let mut r = c.last(store);
        while r.is_ok() {
            back.push((c.key().unwrap().to_vec(), c.data().unwrap().to_vec()));
            r = c.prev(store);
        }
        back.reverse();
        assert!(back == want, "step {step}: tree {} backward scan differs", m.tree.root);
    }
    let mut all = fdps.to_vec();
    all.push(PGNO_SYSTEM_ROOT);
    check_space(store, &all).unwrap_or_else(|e| panic!("step {step}: {e}"));
}

fn run(ps: usize, seed: u64, steps: usize, check_every: usize, small: Sizes) -> usize {
    let path = temp_db(&format!("prop-{ps}-{seed}"));
    let opts = CreateOptions { page_size: ps, initial_pages: 64, store: StoreOptions { extension_pages: 32, ..StoreOptions::default() } };
    let mut store = create_database(&LocalFs, &path, &opts).unwrap();
    let mut rng = Rng::new(seed);
    // a table (multiple extent), a secondary index and a long-value tree under it (single extent, 1 page)
    let table = store.create_tree(PGNO_SYSTEM_ROOT, 8, TreeKind::Primary, true, true).unwrap();
    let index = store.create_tree(table.root, 1, TreeKind::Index, false, false).unwrap();
    let lv = store.create_tree(table.root, 2, TreeKind::LongValue, true, false).unwrap();
    let mut fdps: Vec<u32> = vec![4, 7, 10, 24, table.root, index.root, lv.root];
    let mut models = vec![
        Model { tree: table, entries: BTreeMap::new() },
        Model { tree: index, entries: BTreeMap::new() },
        Model { tree: lv, entries: BTreeMap::new() },
    ];
    check_all(&store, &models, &fdps, 0);
    let mut scratch: Option<Model> = None;
    let mut max_depth = 0;
    for step in 1..=steps {
        let which = rng.below(models.len() as u64) as usize;
        let unique = models[which].tree.unique;
        let tree = models[which].tree;
        let alphabet = if unique { 400 } else { 40 };
        let roll = rng.below(100);
        let n = models[which].entries.len();
        // grow for most of the run, then shrink
        let delete_bias = if step < steps * 2 / 3 { 15 } else { 70 };
        if roll < delete_bias && n > 0 {
            let i = rng.below(n as u64) as usize;
            let (k, d) = models[which].entries.keys().nth(i).unwrap().clone();
            store.delete(&tree, &k, Some(&d)).unwrap_or_else(|e| panic!("step {step}: delete: {e}"));
            models[which].entries.remove(&(k, d));
        } else if roll < delete_bias + 10 && n > 0 && unique {
            let i = rng.below(n as u64) as usize;
            let (k, d) = models[which].entries.keys().nth(i).unwrap().clone();
            let nd = random_data(&mut rng, ps, k.len(), small);
            store.replace(&tree, &k, &nd).unwrap_or_else(|e| panic!("step {step}: replace: {e}"));
            models[which].entries.remove(&(k.clone(), d));
            models[which].entries.insert((k, nd), ());
        } else {
            let mut k = if small == Sizes::Big {
                // separators as long as the keys: neighbours share long prefixes, pages do not
                let v = rng.below(1 << 16) as u16;
                (0..16).rev().flat_map(|b| std::iter::repeat_n(if v >> b & 1 == 1 { 0xEE } else { 0x11 }, 48)).collect()
            } else {
                random_key(&mut rng, ps, alphabet)
            };
            if !unique {
                k = prefix_free(k);
            }
            let d = random_data(&mut rng, ps, k.len(), small);
            let r = store.insert(&tree, &k, &d);
            let dup = if unique { models[which].key_exists(&k).is_some() } else { models[which].entries.contains_key(&(k.clone(), d.clone())) };
            if dup {
                assert_eq!(r, Err(JetError::KeyDuplicate), "step {step}");
            } else {
                r.unwrap_or_else(|e| panic!("step {step}: insert ({} key, {} data): {e}", k.len(), d.len()));
                models[which].entries.insert((k, d), ());
            }
        }
        // now and then a tree is created and deleted whole
        if step % 97 == 0 {
            match scratch.take() {
                None => {
                    let t = store.create_tree(table.root, 3, TreeKind::Index, true, true).unwrap();
                    let mut m = Model { tree: t, entries: BTreeMap::new() };
                    for _ in 0..200 {
                        let kl = 1 + rng.below(30) as usize;
                        let k = rng.bytes(kl);
                        let dl = 1 + rng.below(60) as usize;
                        let d = rng.bytes(dl);
                        if store.insert(&t, &k, &d).is_ok() {
                            m.entries.retain(|(k2, _), _| *k2 != k);
                            m.entries.insert((k, d), ());
                        }
                    }
                    fdps.push(t.root);
                    models.push(m);
                    scratch = Some(Model { tree: t, entries: BTreeMap::new() });
                }
                Some(s) => {
                    store.delete_tree(&s.tree).unwrap();
                    fdps.retain(|&f| f != s.tree.root);
                    models.retain(|m| m.tree.root != s.tree.root);
                }
            }
        }
        if step % check_every == 0 || step == steps {
            check_all(&store, &models, &fdps, step);
            for m in &models {
                max_depth = max_depth.max(check_tree(&store, &m.tree).unwrap().depth);
            }
        }
        store.take_dirtied();
    }
    for m in &models {
        let st = check_tree(&store, &m.tree).unwrap();
        eprintln!("ps {ps} seed {seed}: tree {} unique {} entries {} pages {} depth {}", m.tree.root, m.tree.unique, st.entries, st.pages.len(), st.depth);
    }
    // everything reads back the same from a new cache on the same file
    store.flush().unwrap();
    drop(store);
    let store = Store::open(&LocalFs, &path, StoreOptions::default()).unwrap();
    for m in &mut models {
        m.tree = store.open_tree(m.tree.root).unwrap();
    }
    check_all(&store, &models, &fdps, steps + 1);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
    eprintln!("ps {ps} seed {seed}: deepest tree seen: {max_depth} levels");
    max_depth
}

#[test]
fn random_operations_4k() {
    run(4096, 1, 2000, 1, Sizes::Mixed);
}

#[test]
fn random_operations_8k() {
    run(8192, 2, 2000, 1, Sizes::Mixed);
}

#[test]
fn random_operations_16k() {
    run(16384, 3, 2000, 1, Sizes::Mixed);
}

#[test]
fn random_operations_32k() {
    run(32768, 4, 2000, 1, Sizes::Mixed);
}

#[test]
fn random_operations_more_seeds_4k() {
    for seed in 10..16 {
        run(4096, seed, 1500, 5, Sizes::Mixed);
    }
}

#[test]
fn random_operations_small_entries_deep_trees() {
    run(4096, 21, 40_000, 2000, Sizes::Small);
    run(8192, 22, 30_000, 3000, Sizes::Small);
}

#[test]
fn random_operations_big_entries_three_levels() {
    for (ps, seed) in [(4096, 31), (8192, 32), (16384, 33), (32768, 34)] {
        let depth = run(ps, seed, 4000, 25, Sizes::Big);
        assert!(depth >= 3, "page size {ps}: only {depth} levels");
    }
}

#[test]
fn ordered_bulk_load_fills_pages() {
    let path = temp_db("bulk");
    let mut store = create_database(&LocalFs, &path, &CreateOptions::default()).unwrap();
    let t = store.create_tree(PGNO_SYSTEM_ROOT, 4, TreeKind::Primary, true, true).unwrap();
    let n = 20_000u32;
    {
        let mut b = store.batch().unwrap();
        for i in 0..n {
            b.insert(&t, &i.to_be_bytes(), &[7u8; 100]).unwrap();
        }
        b.commit().unwrap();
    }
    let stats = check_tree(&store, &t).unwrap();
    assert_eq!(stats.entries, n as usize);
    // 20000 nodes of 2+4+100 bytes + a 4-byte tag: 110 bytes, 36 to a 4 KiB page:
    // 556 full leaves, a few internal pages
    assert!(stats.pages.len() <= 575, "{} pages", stats.pages.len());
    check_space(&store, &[PGNO_SYSTEM_ROOT, 4, 7, 10, 24, t.root]).unwrap();
    // delete them all: the tree shrinks back to its root
    {
        let mut b = store.batch().unwrap();
        for i in 0..n {
            b.delete(&t, &i.to_be_bytes(), None).unwrap();
        }
        b.commit().unwrap();
    }
    let stats = check_tree(&store, &t).unwrap();
    assert_eq!((stats.entries, stats.pages.len()), (0, 1));
    check_space(&store, &[PGNO_SYSTEM_ROOT, 4, 7, 10, 24, t.root]).unwrap();
}
