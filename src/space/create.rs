//! Creating a database file the way ESE does (db.cxx ErrDBCreateDatabase,
//! cat.cxx ErrCATCreate): header and shadow; the database root at page 1
//! owning the whole file, with OwnExt at 2 and AvailExt at 3; MSysObjects
//! (objid 2) at page 4 with 20 pages and its own space trees at 5 and 6;
//! MSysObjectsShadow (objid 3) at page 24 with 5 pages; MSysObjects' Name and
//! RootObjects indexes (objids 4 and 5) at pages 7 and 10, three pages each,
//! carved from the catalog's space. The catalog's rows (and the tables
//! MSysObjids, MSysLocales) are the catalog module's to write.

use crate::btree::{Store, StoreOptions, Tree, TreeKind};
use crate::error::{JetError, JetResult};
use crate::format::fixed::*;
use crate::format::header::{DbHeader, Signature, dbstate};
use crate::format::PAGE_SIZES;
use crate::os::{FileSystem, OpenMode};
use std::path::Path;

/// How to create a database.
#[derive(Clone, Debug)]
pub struct CreateOptions {
    /// 4096, 8192, 16384 or 32768.
    pub page_size: usize,
    /// Pages of the first extent of the database root (the file is two pages
    /// longer). ESE's default makes a 256-page file: 254.
    pub initial_pages: u32,
    pub store: StoreOptions,
}

impl Default for CreateOptions {
    fn default() -> CreateOptions {
        CreateOptions { page_size: 4096, initial_pages: 254, store: StoreOptions::default() }
    }
}

/// The trees every new database has.
#[derive(Copy, Clone, Debug)]
pub struct SystemTrees {
    pub catalog: Tree,
    pub catalog_shadow: Tree,
    pub catalog_name_index: Tree,
    pub catalog_root_object_index: Tree,
}

/// Open the trees of the fixed system objects of a database.
pub fn system_trees(store: &Store) -> JetResult<SystemTrees> {
    Ok(SystemTrees {
        catalog: store.open_tree(PGNO_MSO)?,
        catalog_shadow: store.open_tree(PGNO_MSO_SHADOW)?,
        catalog_name_index: store.open_tree(PGNO_MSO_NAME_INDEX)?,
        catalog_root_object_index: store.open_tree(PGNO_MSO_ROOT_OBJECT_INDEX)?,
    })
}

/// Create a new database file (`FileAlreadyExists` if there is one) and
/// return it open, its pages and header written and synced. The header says
/// JustCreated; the caller moves it on (DirtyShutdown while attached with a
/// log, CleanShutdown when detached).
pub fn create_database(fs: &dyn FileSystem, path: &Path, opts: &CreateOptions) -> JetResult<Store> {
    let ps = opts.page_size;
    if !PAGE_SIZES.contains(&ps) {
        return Err(JetError::InvalidParameter);
    }
    let min = PGNO_MSO_SHADOW + CPG_MSO_SHADOW + 1;
    let cpg_root = opts.initial_pages.max(min);
    let file = fs.open(path, OpenMode::CreateNew)?;
    file.set_size((cpg_root as u64 + CPG_DB_RESERVED as u64) * ps as u64)?;
    let mut header = DbHeader::new(ps, Signature::generate());
    // the Windows version whose sort order our keys follow (as in the samples: 6.2.9200)
    header.os_major = 6;
    header.os_minor = 2;
    header.os_build = 9200;
    header.db_state = dbstate::JUST_CREATED;
    let mut store = Store::new_for_create(file, header, &opts.store);
    {
        let mut b = store.batch()?;
        b.run_create(cpg_root)?;
        b.commit()?;
    }
    store.flush()?;
    store.take_dirtied();
    let t = system_trees(&store)?;
    debug_assert_eq!(t.catalog.objid, OBJID_MSO);
    Ok(store)
}

impl crate::btree::Batch<'_> {
    fn run_create(&mut self, cpg_root: u32) -> JetResult<()> {
        self.with_op(|op| {
            // the database root: objid 1, owning pages 1..=cpg_root
            let objid = op.store.next_objid();
            debug_assert_eq!(objid, OBJID_SYSTEM_ROOT);
            op.init_fdp(PGNO_SYSTEM_ROOT, objid, 0, cpg_root, TreeKind::Primary, true, true)?;
            let mso = op.create_tree(PGNO_SYSTEM_ROOT, CPG_MSO, TreeKind::Primary, true, true)?;
            let shadow = op.create_tree(PGNO_SYSTEM_ROOT, CPG_MSO_SHADOW, TreeKind::Primary, true, true)?;
            let name = op.create_tree(PGNO_MSO, CPG_MULTIPLE_EXTENT_MIN, TreeKind::Index, true, true)?;
            let roots = op.create_tree(PGNO_MSO, CPG_MULTIPLE_EXTENT_MIN, TreeKind::Index, true, true)?;
            let got = [(mso.root, mso.objid), (shadow.root, shadow.objid), (name.root, name.objid), (roots.root, roots.objid)];
            let want = [
                (PGNO_MSO, OBJID_MSO),
                (PGNO_MSO_SHADOW, OBJID_MSO_SHADOW),
                (PGNO_MSO_NAME_INDEX, OBJID_MSO_NAME_INDEX),
                (PGNO_MSO_ROOT_OBJECT_INDEX, OBJID_MSO_ROOT_OBJECT_INDEX),
            ];
            if got != want {
                return Err(crate::format::internal_error(file!(), line!()));
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::btree::{check_tree, scan};
    use crate::os::LocalFs;

    fn fresh(ps: usize, name: &str) -> (std::path::PathBuf, Store) {
        let d = std::env::temp_dir().join(format!("esent-create-{name}-{ps}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join("new.edb");
        let s = create_database(&LocalFs, &p, &CreateOptions { page_size: ps, ..CreateOptions::default() }).unwrap();
        (p, s)
    }

    #[test]
    fn a_new_database_has_eses_layout() {
        for ps in PAGE_SIZES {
            let (p, store) = fresh(ps, "layout");
            assert_eq!(std::fs::metadata(&p).unwrap().len(), 256 * ps as u64);
            let h = store.header();
            assert_eq!((h.version, h.update_major, h.page_size(), h.objid_last), (0x620, 0x14, ps, 5));
            let t = system_trees(&store).unwrap();
            for (tree, pgno, objid, cpg, parent) in [
                (t.catalog, PGNO_MSO, OBJID_MSO, CPG_MSO, PGNO_SYSTEM_ROOT),
                (t.catalog_shadow, PGNO_MSO_SHADOW, OBJID_MSO_SHADOW, CPG_MSO_SHADOW, PGNO_SYSTEM_ROOT),
                (t.catalog_name_index, PGNO_MSO_NAME_INDEX, OBJID_MSO_NAME_INDEX, 3, PGNO_MSO),
                (t.catalog_root_object_index, PGNO_MSO_ROOT_OBJECT_INDEX, OBJID_MSO_ROOT_OBJECT_INDEX, 3, PGNO_MSO),
            ] {
                assert_eq!((tree.root, tree.objid, tree.unique), (pgno, objid, true));
                let sph = store.space_header(pgno).unwrap();
                assert_eq!((sph.cpg_primary, sph.pgno_parent, sph.pgno_oe()), (cpg, parent, Some(pgno + 1)));
                assert_eq!(check_tree(&store, &tree).unwrap().entries, 0);
            }
            let root = store.space_header(PGNO_SYSTEM_ROOT).unwrap();
            assert_eq!((root.cpg_primary, root.pgno_parent, root.flags, root.pgno_oe()), (254, 0, 1, Some(2)));
            // root AvailExt: pages 29..=254 (ESE's samples show the same, less the tables they hold)
            let ae = store.open_tree(3).unwrap();
            let ae_rows = scan(&store, &ae).unwrap();
            assert_eq!(ae_rows, vec![(254u32.to_be_bytes().to_vec(), 226u32.to_le_bytes().to_vec())]);
            crate::space::check_space(&store, &[1, 4, 7, 10, 24]).unwrap();
            // the same pages as ESE writes them: page 1's header bytes match the samples' page 1
            if ps == 4096 {
                let sample = crate::format::testdata::sample_bytes("basic");
                let ours = std::fs::read(&p).unwrap();
                let at = |f: &[u8], pg: usize| f[(pg + 1) * ps..(pg + 2) * ps].to_vec();
                for pg in [1usize, 2] {
                    let (a, b) = (at(&ours, pg), at(&sample, pg));
                    // flags (less the flush type), external header and nodes agree; dbtime and checksums differ
                    let fa = u32::from_le_bytes(a[36..40].try_into().unwrap()) & !0x18000;
                    let fb = u32::from_le_bytes(b[36..40].try_into().unwrap()) & !0x18000;
                    assert_eq!(fa, fb, "page {pg} flags");
                    assert_eq!(&a[16..36], &b[16..36], "page {pg} header fields");
                    assert_eq!(&a[40..80], &b[40..80], "page {pg} data");
                    assert_eq!(&a[ps - 8..], &b[ps - 8..], "page {pg} tags");
                }
            }
            let _ = std::fs::remove_dir_all(p.parent().unwrap());
        }
    }
}

#[cfg(test)]
mod reader_tests {
    //! Independent readers on databases we make: libesedb's esedbinfo and
    //! dissect.esedb walk our pages (skipped, with a note, where not installed).
    use super::*;
    use crate::btree::scan;
    use crate::os::LocalFs;
    use std::process::Command;

    fn have(cmd: &str, arg: &str) -> bool {
        Command::new(cmd).arg(arg).output().map(|o| o.status.success()).unwrap_or(false)
    }

    #[test]
    fn independent_readers_walk_our_trees() {
        let has_dissect = have("python3", "-c") && Command::new("python3").args(["-c", "import dissect.esedb"]).status().map(|s| s.success()).unwrap_or(false);
        let has_libesedb = Command::new("esedbinfo").arg("-V").output().is_ok();
        if !has_dissect && !has_libesedb {
            eprintln!("skipped: neither dissect.esedb nor esedbinfo is installed");
            return;
        }
        for ps in PAGE_SIZES {
            let d = std::env::temp_dir().join(format!("esent-readers-{ps}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&d);
            std::fs::create_dir_all(&d).unwrap();
            let p = d.join("ours.edb");
            let mut store = create_database(&LocalFs, &p, &CreateOptions { page_size: ps, ..CreateOptions::default() }).unwrap();
            let t = store.create_tree(PGNO_SYSTEM_ROOT, 2, TreeKind::Primary, true, false).unwrap();
            let idx = store.create_tree(t.root, 1, TreeKind::Index, false, false).unwrap();
            {
                let mut b = store.batch().unwrap();
                for i in 0..3000u32 {
                    let key = format!("key-with-a-long-common-prefix-{:06}", i * 7);
                    b.insert(&t, key.as_bytes(), &vec![(i % 251) as u8; 1 + (i as usize * 13) % 300]).unwrap();
                    b.insert(&idx, &[0x7f, (i % 10) as u8, 0], &i.to_be_bytes()).unwrap();
                }
                for i in (0..3000u32).step_by(3) {
                    let key = format!("key-with-a-long-common-prefix-{:06}", i * 7);
                    b.delete(&t, key.as_bytes(), None).unwrap();
                }
                b.commit().unwrap();
            }
            store.flush().unwrap();
            let ours_t = scan(&store, &t).unwrap();
            let ours_i = scan(&store, &idx).unwrap();
            if has_libesedb {
                let out = Command::new("esedbinfo").arg(&p).output().unwrap();
                let text = String::from_utf8_lossy(&out.stdout);
                assert!(out.status.success(), "esedbinfo failed on {ps}-byte pages: {text}{}", String::from_utf8_lossy(&out.stderr));
                assert!(text.contains(&format!("Page size:\t\t{ps} bytes")), "{text}");
            }
            if has_dissect {
                let script = r#"
import sys, hashlib
from dissect.esedb import EseDB
db = EseDB(open(sys.argv[1], "rb"))
for root in map(int, sys.argv[2:]):
    h = hashlib.sha256()
    n = 0
    for node in db.page(root).iter_leaf_nodes():
        if node.tag.flags & 2:
            continue
        h.update(len(node.key).to_bytes(4, "little") + node.key + len(node.data).to_bytes(4, "little") + node.data)
        n += 1
    print(n, h.hexdigest())
"#;
                let out = Command::new("python3")
                    .arg("-c")
                    .arg(script)
                    .arg(&p)
                    .arg(t.root.to_string())
                    .arg(idx.root.to_string())
                    .output()
                    .unwrap();
                assert!(out.status.success(), "dissect failed: {}", String::from_utf8_lossy(&out.stderr));
                let text = String::from_utf8_lossy(&out.stdout).to_string();
                let lines: Vec<&str> = text.lines().collect();
                for (line, rows) in lines.iter().zip([&ours_t, &ours_i]) {
                    let mut h = Vec::new();
                    for (k, v) in rows.iter() {
                        h.extend((k.len() as u32).to_le_bytes());
                        h.extend(k);
                        h.extend((v.len() as u32).to_le_bytes());
                        h.extend(v);
                    }
                    let digest = sha256_hex(&h);
                    assert_eq!(*line, format!("{} {}", rows.len(), digest), "page size {ps}");
                }
            }
            let _ = std::fs::remove_dir_all(&d);
        }
    }

    /// SHA-256 (FIPS 180-4), small and slow: enough to compare with Python's.
    fn sha256_hex(data: &[u8]) -> String {
        const K: [u32; 64] = [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
            0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
            0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
            0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
            0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
            0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        ];
        let mut h: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
        let mut msg = data.to_vec();
        let bits = (data.len() as u64) * 8;
        msg.push(0x80);
        while msg.len() % 64 != 56 {
            msg.push(0);
        }
        msg.extend(bits.to_be_bytes());
        for chunk in msg.chunks(64) {
            let mut w = [0u32; 64];
            for i in 0..16 {
                w[i] = u32::from_be_bytes(chunk[4 * i..4 * i + 4].try_into().unwrap());
            }
            for i in 16..64 {
                let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
                let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
                w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
            }
            let mut v = h;
            for i in 0..64 {
                let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
                let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
                let t1 = v[7].wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
                let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
                let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
                let t2 = s0.wrapping_add(maj);
                v = [t1.wrapping_add(t2), v[0], v[1], v[2], v[3].wrapping_add(t1), v[4], v[5], v[6]];
            }
            for i in 0..8 {
                h[i] = h[i].wrapping_add(v[i]);
            }
        }
        h.iter().map(|x| format!("{x:08x}")).collect()
    }

    #[test]
    fn sha256_matches_the_standard() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
