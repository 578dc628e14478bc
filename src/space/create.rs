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
