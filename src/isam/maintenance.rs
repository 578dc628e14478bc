//! Database maintenance (ESE's comp.cxx, old.cxx, stats.cxx and the resize
//! calls of db.cxx): offline compaction into a new file, online
//! defragmentation, growing, shrinking and pre-sizing the file, and the
//! statistics JetComputeStats keeps in the catalog.
//!
//! Owns: the compaction copy (every B-tree of the source rebuilt in key
//! order in a new file, the catalog's rows pointing at the new trees), the
//! per-database online-defragmentation task and its ESE state machine, the
//! trimming of free space at the end of a file.
//! Must never: change what a table holds (compaction and defragmentation
//! move entries between pages, never change them), or write a page of an
//! attached database outside `Engine::system_change`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

use crate::abi::*;
use crate::btree::{Cursor, Store, StoreOptions, Tree, TreeKind};
use crate::buffer::Pgno;
use crate::catalog::{CatalogRow, sysobj};
use crate::error::{JetError, JetResult};
use crate::format::fixed::*;
use crate::format::header::dbstate;
use crate::os::FileSystem;

use super::database::Database;
use super::engine::Engine;

// ---------------------------------------------------------------------------
// Compaction (JetCompact, esentutl /d)

/// What a compaction reports as it goes: (JET_snt, pages done, pages in
/// all). An error from it stops the compaction with that error (ESE's
/// status callback can abort JetCompact).
pub type CompactStatus<'a> = &'a mut dyn FnMut(u32, u32, u32) -> JetResult<()>;

/// Options of a compaction.
#[derive(Clone, Debug, Default)]
pub struct CompactOptions {
    /// Pages the new file grows by (JET_paramDbExtensionSize).
    pub extension_pages: u32,
    /// Frames of the new file's page cache.
    pub cache_pages: usize,
    /// JET_bitCompactStats: append per-table statistics to this file
    /// (ESE's DFRGINFO.TXT, in the temporary database's folder).
    pub stats_file: Option<PathBuf>,
}

/// What a compaction copied, per table (also what JET_bitCompactStats writes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompactTable {
    pub name: String,
    pub records: u64,
    /// Bytes of the records (the primary tree's entries).
    pub record_bytes: u64,
    /// Bytes of its long-value tree's entries.
    pub long_value_bytes: u64,
    /// Secondary indexes copied.
    pub indexes: u32,
}

/// The result of a compaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompactReport {
    pub tables: Vec<CompactTable>,
    /// Pages of the source file and of the new one (header pages included).
    pub source_pages: u64,
    pub dest_pages: u64,
}

/// One B-tree to rebuild: where it is in the source, what it is, and which
/// table's tree it lives under.
#[derive(Clone, Debug)]
struct TreePlan {
    objid: u32,
    src_pgno: Pgno,
    /// The objid of the tree whose FDP is its parent (None: the database root).
    parent: Option<u32>,
    /// Pages its first extent gets (a table's initial pages, kept as ESE's compaction keeps space hints).
    cpg: u32,
    /// The table it belongs to (for the report).
    table: u32,
}

/// Entries copied per batch: bounds what one batch holds in memory.
const COPY_BATCH: usize = 512;

/// The objids of the trees every database has at fixed pages (the catalog,
/// its shadow and the catalog's two indexes): `space::create_database` makes
/// them at the same pages in the new file.
const FIXED_TREES: [(u32, Pgno); 4] = [
    (OBJID_MSO, PGNO_MSO),
    (OBJID_MSO_SHADOW, PGNO_MSO_SHADOW),
    (OBJID_MSO_NAME_INDEX, PGNO_MSO_NAME_INDEX),
    (OBJID_MSO_ROOT_OBJECT_INDEX, PGNO_MSO_ROOT_OBJECT_INDEX),
];

fn fixed_pgno(objid: u32) -> Option<Pgno> {
    FIXED_TREES.iter().find(|(o, _)| *o == objid).map(|(_, p)| *p)
}

/// Every tree the catalog names, from its raw rows.
fn plan_trees(rows: &[CatalogRow]) -> JetResult<Vec<TreePlan>> {
    let mut tables: HashMap<u32, Pgno> = HashMap::new();
    let mut out: BTreeMap<u32, TreePlan> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.sysobj == sysobj::TABLE) {
        if r.id != r.objid_table {
            return Err(JetError::CatalogCorrupted);
        }
        tables.insert(r.objid_table, r.coltyp_or_pgno_fdp);
        out.insert(
            r.objid_table,
            TreePlan { objid: r.objid_table, src_pgno: r.coltyp_or_pgno_fdp, parent: None, cpg: r.pages_or_locale.clamp(1, 1024), table: r.objid_table },
        );
    }
    for r in rows.iter().filter(|r| r.sysobj == sysobj::INDEX || r.sysobj == sysobj::LONG_VALUE) {
        let table_pgno = *tables.get(&r.objid_table).ok_or(JetError::CatalogCorrupted)?;
        if r.coltyp_or_pgno_fdp == table_pgno {
            // the primary index: the table's own tree
            continue;
        }
        out.entry(r.id).or_insert(TreePlan {
            objid: r.id,
            src_pgno: r.coltyp_or_pgno_fdp,
            parent: Some(r.objid_table),
            cpg: 1,
            table: r.objid_table,
        });
    }
    Ok(out.into_values().collect())
}

/// A catalog row pointing at its tree's new first page.
fn moved_row(key: &[u8], data: &[u8], page_size: u32, new_pgno: &HashMap<u32, Pgno>) -> JetResult<Vec<u8>> {
    let _ = key;
    let row = CatalogRow::parse(data, page_size)?;
    let objid = match row.sysobj {
        sysobj::TABLE | sysobj::INDEX | sysobj::LONG_VALUE => row.id,
        _ => return Ok(data.to_vec()),
    };
    // a primary index row names its table's tree
    let objid = if row.sysobj == sysobj::INDEX && !new_pgno.contains_key(&objid) { row.objid_table } else { objid };
    let Some(&pgno) = new_pgno.get(&objid) else {
        return Err(JetError::CatalogCorrupted);
    };
    if pgno == row.coltyp_or_pgno_fdp {
        return Ok(data.to_vec());
    }
    let mut new = row.clone();
    new.coltyp_or_pgno_fdp = pgno;
    new.encode_from(data, &row, page_size)
}

/// Progress in pages: the source's used pages are the total; each tree
/// copied adds the pages it takes in the source (its entries' bytes over a
/// page), reported at every whole percent.
struct Progress<'a> {
    status: CompactStatus<'a>,
    total: u32,
    done: u32,
    bytes: u64,
    page_size: u64,
    reported: u32,
}

impl Progress<'_> {
    fn add_bytes(&mut self, n: u64) -> JetResult<()> {
        self.bytes += n;
        let done = ((self.bytes / self.page_size) as u32).min(self.total);
        if done > self.done {
            self.done = done;
            let pct = (done as u64 * 100 / self.total.max(1) as u64) as u32;
            if pct > self.reported {
                self.reported = pct;
                (self.status)(JET_sntProgress, self.done, self.total)?;
            }
        }
        Ok(())
    }
}

/// Compact `src` (a read-only view of a database file, its pages
/// consistent while this runs) into a new file `dest`: every tree rebuilt
/// in key order (full pages, no free space inside), every catalog row
/// pointing at its new tree. Object ids, column ids, records, index entries
/// and long values are kept byte for byte. The new file is left cleanly
/// shut down and detached. On failure the new file is removed.
pub fn compact_store(fs: &dyn FileSystem, src: &Store, dest: &Path, opts: &CompactOptions, status: CompactStatus<'_>) -> JetResult<CompactReport> {
    if fs.exists(dest) {
        return Err(JetError::DatabaseDuplicate);
    }
    let r = compact_into(fs, src, dest, opts, status);
    if r.is_err() {
        let _ = fs.remove(dest);
    }
    r
}

fn compact_into(fs: &dyn FileSystem, src: &Store, dest_path: &Path, opts: &CompactOptions, status: CompactStatus<'_>) -> JetResult<CompactReport> {
    let ps = src.page_size();
    let started = Instant::now();
    // what the source holds: its catalog's raw entries, parsed
    let mso = src.open_tree(PGNO_MSO)?;
    let mso_entries = crate::btree::scan(src, &mso)?;
    let rows: Vec<CatalogRow> = mso_entries.iter().map(|(_, d)| CatalogRow::parse(d, ps as u32)).collect::<JetResult<_>>()?;
    let names: HashMap<u32, String> = rows.iter().filter(|r| r.sysobj == sysobj::TABLE).map(|r| (r.objid_table, r.name_str())).collect();
    let plans = plan_trees(&rows)?;
    let root = crate::space::space_info(src, PGNO_SYSTEM_ROOT)?;
    let owned: u32 = root.owned.iter().map(|r| r.cpg).sum();
    let total = owned.saturating_sub(root.avail.len() as u32).max(1);
    let mut progress = Progress { status, total, done: 0, bytes: 0, page_size: ps as u64, reported: 0 };

    let create = crate::space::CreateOptions {
        page_size: ps,
        initial_pages: 0,
        store: StoreOptions { read_only: false, cache_pages: opts.cache_pages.max(256), extension_pages: opts.extension_pages.max(1) },
    };
    let mut dest = crate::space::create_database(fs, dest_path, &create)?;
    dest.file().try_lock(crate::os::LockKind::Exclusive).map_err(|_| JetError::DatabaseInUse)?;
    // new trees keep their object ids: the counter starts where the source's is
    let mut h = dest.header();
    h.objid_last = h.objid_last.max(src.objid_last());
    dest.write_header(&h)?;

    // the trees, tables first (their FDPs are the parents of the others)
    let mut new_pgno: HashMap<u32, Pgno> = FIXED_TREES.iter().copied().collect();
    let mut new_tree: HashMap<u32, Tree> = HashMap::new();
    for &(objid, pgno) in &FIXED_TREES {
        new_tree.insert(objid, dest.open_tree(pgno)?);
    }
    let mut ordered: Vec<&TreePlan> = plans.iter().filter(|p| p.parent.is_none()).collect();
    ordered.extend(plans.iter().filter(|p| p.parent.is_some()));
    for p in &ordered {
        if fixed_pgno(p.objid).is_some() {
            continue;
        }
        let src_tree = src.open_tree(p.src_pgno)?;
        if src_tree.objid != p.objid {
            return Err(JetError::CatalogCorrupted);
        }
        let parent = match p.parent {
            None => PGNO_SYSTEM_ROOT,
            Some(t) => *new_pgno.get(&t).ok_or(JetError::CatalogCorrupted)?,
        };
        let t = create_tree_as(&mut dest, parent, p.cpg, src_tree.kind, src_tree.unique, p.objid)?;
        new_pgno.insert(p.objid, t.root);
        new_tree.insert(p.objid, t);
    }

    // the entries of every tree, in key order
    let mut report: BTreeMap<u32, CompactTable> = BTreeMap::new();
    for p in &ordered {
        let src_tree = src.open_tree(p.src_pgno)?;
        let dst_tree = new_tree[&p.objid];
        let catalog = p.objid == OBJID_MSO || p.objid == OBJID_MSO_SHADOW;
        let (n, bytes) = copy_tree(src, &src_tree, &mut dest, &dst_tree, &mut progress, |k, d| {
            if catalog { moved_row(k, d, ps as u32, &new_pgno) } else { Ok(d.to_vec()) }
        })?;
        let t = report.entry(p.table).or_insert_with(|| CompactTable { name: names.get(&p.table).cloned().unwrap_or_default(), ..Default::default() });
        match (p.parent, src_tree.kind) {
            (None, _) => {
                t.records = n;
                t.record_bytes = bytes;
            }
            (Some(_), TreeKind::LongValue) => t.long_value_bytes += bytes,
            (Some(_), _) => t.indexes += 1,
        }
    }
    // the catalog's own trees when the plan did not list them (a catalog
    // without its shadow row, say) are still copied
    for &(objid, pgno) in &FIXED_TREES {
        if plans.iter().any(|p| p.objid == objid) {
            continue;
        }
        let Ok(src_tree) = src.open_tree(pgno) else { continue };
        let dst_tree = new_tree[&objid];
        let catalog = objid == OBJID_MSO || objid == OBJID_MSO_SHADOW;
        copy_tree(src, &src_tree, &mut dest, &dst_tree, &mut progress, |k, d| {
            if catalog { moved_row(k, d, ps as u32, &new_pgno) } else { Ok(d.to_vec()) }
        })?;
    }

    // a clean, detached file
    let mut h = dest.header();
    h.db_state = dbstate::CLEAN_SHUTDOWN;
    h.lgpos_consistent = Default::default();
    h.lgpos_attach = Default::default();
    h.lgpos_detach = Default::default();
    h.logtime_consistent = crate::format::header::LogTime::now();
    dest.flush()?;
    dest.write_header(&h)?;
    let dest_pages = dest.pages_in_file()? as u64 + CPG_DB_RESERVED as u64;
    drop(dest);
    let out = CompactReport {
        tables: report.into_values().collect(),
        source_pages: src.pages_in_file()? as u64 + CPG_DB_RESERVED as u64,
        dest_pages,
    };
    if let Some(path) = &opts.stats_file {
        write_stats(path, &out, started.elapsed(), ps)?;
    }
    Ok(out)
}

/// A tree with a given object id (compaction keeps them), as `Batch::create_tree` lays it out.
fn create_tree_as(store: &mut Store, parent: Pgno, cpg: u32, kind: TreeKind, unique: bool, objid: u32) -> JetResult<Tree> {
    let multiple = cpg > crate::space::SINGLE_EXTENT_LIMIT;
    let cpg = cpg.max(if multiple { CPG_MULTIPLE_EXTENT_MIN } else { 1 });
    let mut b = store.batch()?;
    let t = b.with_op(|op| {
        let run = op.alloc_extent(parent, cpg, cpg, true)?;
        op.init_fdp(run.first, objid, parent, cpg, kind, unique, multiple)
    })?;
    b.commit()?;
    Ok(t)
}

/// Copy every entry of `from` into the empty tree `to`, in key order, a
/// batch at a time; the cache is written out as it fills. Returns (entries, bytes).
fn copy_tree(
    src: &Store,
    from: &Tree,
    dest: &mut Store,
    to: &Tree,
    progress: &mut Progress<'_>,
    map: impl Fn(&[u8], &[u8]) -> JetResult<Vec<u8>>,
) -> JetResult<(u64, u64)> {
    let mut c = Cursor::new(*from);
    let mut r = c.first(src);
    let (mut n, mut bytes) = (0u64, 0u64);
    let mut pending: Vec<(Vec<u8>, Vec<u8>)> = Vec::with_capacity(COPY_BATCH);
    loop {
        match r {
            Ok(()) => {
                let e = c.entry().ok_or(JetError::NoCurrentRecord)?;
                let data = map(&e.key, &e.data)?;
                bytes += (e.key.len() + e.data.len()) as u64;
                pending.push((e.key.clone(), data));
                n += 1;
            }
            Err(JetError::NoCurrentRecord) => {}
            Err(e) => return Err(e),
        }
        let end = r.is_err();
        if pending.len() >= COPY_BATCH || (end && !pending.is_empty()) {
            let mut b = dest.batch()?;
            let mut chunk = 0u64;
            for (k, d) in pending.drain(..) {
                chunk += (k.len() + d.len()) as u64;
                b.insert(to, &k, &d)?;
            }
            b.commit()?;
            dest.take_dirtied();
            if dest.cache().over_capacity() {
                let dirty = dest.cache().copy_dirty();
                dest.cache().write_back(&dirty)?;
            }
            progress.add_bytes(chunk)?;
        }
        if end {
            return Ok((n, bytes));
        }
        r = c.next(src);
    }
}

/// JET_bitCompactStats: append what was copied to the statistics file.
fn write_stats(path: &Path, r: &CompactReport, took: Duration, page_size: usize) -> JetResult<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(|_| JetError::FileAccessDenied)?;
    let mut s = String::new();
    s.push_str(&format!(
        "\n***** Defragmentation: source {} bytes ({} pages), destination {} bytes ({} pages)\n\n",
        r.source_pages * page_size as u64,
        r.source_pages,
        r.dest_pages * page_size as u64,
        r.dest_pages
    ));
    s.push_str("Table Name\tRecords\tRecord Bytes\tLong Value Bytes\tSecondary Indexes\n");
    for t in &r.tables {
        s.push_str(&format!("{}\t{}\t{}\t{}\t{}\n", t.name, t.records, t.record_bytes, t.long_value_bytes, t.indexes));
    }
    s.push_str(&format!("\n***** Defragmentation completed in {}.{:03} seconds.\n", took.as_secs(), took.subsec_millis()));
    f.write_all(s.as_bytes()).map_err(|_| JetError::DiskIO)
}

/// Run a compaction between JET_sntBegin and JET_sntComplete (JET_sntFail
/// on error), as ESE's ErrCMPInitProgress / ErrCMPTermProgress do: the last
/// report repeats the last progress seen.
fn with_status<T>(status: CompactStatus<'_>, f: impl FnOnce(CompactStatus<'_>) -> JetResult<T>) -> JetResult<T> {
    status(JET_sntBegin, 0, 0)?;
    let mut last = (0u32, 0u32);
    let r = {
        let mut track = |snt: u32, done: u32, total: u32| {
            last = (done, total);
            status(snt, done, total)
        };
        f(&mut track)
    };
    let snt = if r.is_ok() { JET_sntComplete } else { JET_sntFail };
    let (done, total) = if r.is_ok() { (last.1, last.1) } else { last };
    let t = status(snt, done, total);
    let out = r?;
    t?;
    Ok(out)
}

/// Compact a database file no instance has attached (esentutl /d).
pub fn compact_file(src: &Path, dest: &Path, opts: &CompactOptions, status: CompactStatus<'_>) -> JetResult<CompactReport> {
    with_status(status, |status| {
        let fs = crate::os::LocalFs;
        let store = Store::open(&fs, src, StoreOptions { read_only: true, cache_pages: opts.cache_pages.max(256), extension_pages: 1 })?;
        store.file().try_lock(crate::os::LockKind::Shared).map_err(|_| JetError::DatabaseInUse)?;
        if store.header().db_state != dbstate::CLEAN_SHUTDOWN {
            return Err(JetError::DatabaseDirtyShutdown);
        }
        compact_store(&fs, &store, dest, opts, status)
    })
}

impl Engine {
    /// JetCompact: copy the attached database `src` into the new file
    /// `dest`. The source must be attached and opened by no session
    /// (ESE opens it exclusively); the destination must not exist. Status:
    /// JET_sntBegin, JET_sntProgress (pages), then JET_sntComplete or
    /// JET_sntFail.
    pub fn compact(&self, src: &Path, dest: &Path, opts: &CompactOptions, status: CompactStatus<'_>) -> JetResult<CompactReport> {
        with_status(status, |status| {
            let db = self.database_by_path(src).ok_or(JetError::DatabaseNotFound)?;
            if db.is_open() {
                return Err(JetError::DatabaseInUse);
            }
            if self.database_by_path(dest).is_some() || self.fs.exists(dest) {
                return Err(JetError::DatabaseDuplicate);
            }
            if let Some(dir) = dest.parent() {
                if !self.fs.exists(dir) {
                    return Err(JetError::InvalidPath);
                }
            }
            // the shared side of the database lock: commits wait, pages stay
            // as committed while the copy reads them
            let store = db.store.read();
            compact_store(self.fs.as_ref(), &store, dest, opts, status)
        })
    }
}

// ---------------------------------------------------------------------------
// Growing and shrinking the file (JetGrowDatabase, JetResizeDatabase,
// JetSetDatabaseSize)

/// ESE's cpgDatabaseApiMinReserved: JetSetDatabaseSize refuses less.
pub const CPG_DATABASE_API_MIN: u32 = 32;

/// The smallest root a trim leaves: the pages every database's catalog uses.
const TRIM_FLOOR: Pgno = PGNO_MSO_SHADOW + CPG_MSO_SHADOW;

impl Engine {
    /// The file's size in pages, header pages included (what
    /// JetResizeDatabase reports).
    fn file_pages(&self, db: &Database) -> JetResult<u32> {
        let store = db.store.read();
        Ok((store.file().size()? / db.page_size as u64) as u32)
    }

    /// JetResizeDatabase / JetGrowDatabase (ESE's ErrIsamResizeDatabase):
    /// make the database `cpg_target` pages long (header pages included).
    /// Growing adds extension-sized extents to the root; shrinking (only
    /// with JET_paramEnableShrinkDatabase's JET_bitShrinkDatabaseOn, else
    /// JET_errFeatureNotAvailable) gives back the free extent at the end of
    /// the file, whatever the target. Returns the file's size in pages.
    pub fn resize_database(&self, db: &Database, cpg_target: u32, grbit: JET_GRBIT, shrink_enabled: bool) -> JetResult<u32> {
        let valid = JET_bitResizeDatabaseOnlyGrow | JET_bitResizeDatabaseOnlyShrink;
        if grbit & !valid != 0 || grbit == valid {
            return Err(JetError::InvalidGrbit);
        }
        if db.read_only {
            return Err(JetError::DatabaseFileReadOnly);
        }
        let last = {
            let mut store = db.store.write();
            let mut b = store.batch()?;
            b.with_op(|op| op.root_last_pgno())?
        };
        let current = last + CPG_DB_RESERVED;
        if cpg_target < current {
            if grbit & JET_bitResizeDatabaseOnlyGrow != 0 {
                return self.file_pages(db);
            }
            if !shrink_enabled {
                return Err(JetError::FeatureNotAvailable);
            }
            self.trim_database(db)?;
        } else if cpg_target > current {
            if grbit & JET_bitResizeDatabaseOnlyShrink != 0 {
                return self.file_pages(db);
            }
            let ext = self.cfg.extension_pages.max(1);
            let want = (cpg_target - current).div_ceil(ext) * ext;
            // extent by extent, as ESE's ErrSPExtendDB loop (OwnExt stays in
            // extension-sized pieces, which a later shrink can give back)
            let mut grown = 0;
            while grown < want {
                self.system_change(db, |b| b.with_op(|op| op.grow_root(ext)))?;
                grown += ext;
            }
        }
        self.file_pages(db)
    }

    /// Give back the free pages at the end of the file: out of the root's
    /// space (a logged change), then the file is cut after a checkpoint
    /// wrote every dirty page (none may reach the file past the cut later).
    fn trim_database(&self, db: &Database) -> JetResult<()> {
        let last = self.system_change(db, |b| b.with_op(|op| op.trim_root_end(TRIM_FLOOR)))?;
        self.checkpoint()?;
        let _c = self.checkpoint.lock();
        let store = db.store.write();
        let size = (last as u64 + CPG_DB_RESERVED as u64) * db.page_size as u64;
        let dirty_past_end = store.cache().copy_dirty().iter().any(|p| p.pgno > last);
        if !dirty_past_end && store.file().size()? > size {
            store.file().set_size(size)?;
            store.file().sync()?;
        }
        Ok(())
    }
}

/// JetSetDatabaseSize (ESE's ErrIsamSetDatabaseSize): make a detached,
/// consistent database file at least `cpg` pages long (header pages not
/// counted) without attaching it. Returns its size in pages.
pub fn set_database_size(fs: &dyn FileSystem, path: &Path, cpg: u32) -> JetResult<u32> {
    if cpg < CPG_DATABASE_API_MIN {
        return Err(JetError::InvalidParameter);
    }
    let store = Store::open(fs, path, StoreOptions { read_only: false, cache_pages: 16, extension_pages: 1 })?;
    // attached somewhere (this process included): its owner has it locked
    store.file().try_lock(crate::os::LockKind::Exclusive).map_err(|_| JetError::FileAccessDenied)?;
    if store.header().db_state != dbstate::CLEAN_SHUTDOWN {
        return Err(JetError::DatabaseDirtyShutdown);
    }
    let ps = store.page_size() as u64;
    let now = (store.file().size()? / ps).saturating_sub(CPG_DB_RESERVED as u64) as u32;
    if now >= cpg {
        return Ok(now);
    }
    store.file().set_size((cpg as u64 + CPG_DB_RESERVED as u64) * ps)?;
    store.file().sync()?;
    Ok(cpg)
}

// ---------------------------------------------------------------------------
// JetComputeStats (ESE's ErrIsamComputeStats)

/// The statistics of one index: entries, distinct keys, leaf pages.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub items: u32,
    pub keys: u32,
    pub pages: u32,
}

/// ESE's SR: cItems, cKeys, cPages, then when they were computed (a JET_DATESERIAL).
fn stats_bytes(s: IndexStats) -> Vec<u8> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64());
    // days since 30 December 1899 (the OLE date the catalog keeps)
    let dt = now / 86400.0 + 25569.0;
    let mut b = Vec::with_capacity(20);
    b.extend_from_slice(&s.items.to_le_bytes());
    b.extend_from_slice(&s.keys.to_le_bytes());
    b.extend_from_slice(&s.pages.to_le_bytes());
    b.extend_from_slice(&dt.to_le_bytes());
    b
}

/// Leaf pages of a committed tree.
fn leaf_pages(store: &Store, tree: &Tree) -> JetResult<u32> {
    let mut n = 0u32;
    for p in crate::btree::tree_pages(store, tree)? {
        let g = store.read_page(p)?;
        if crate::format::page::PageView::new(&g)?.is_leaf() {
            n += 1;
        }
    }
    Ok(n)
}

/// Entries and distinct keys of a tree as the transaction sees it.
fn count_entries(engine: &Engine, txn: &super::txn::Txn, db: &Database, tree: Tree) -> JetResult<(u32, u32)> {
    use crate::version::view::{From, Source};
    let store = db.store.read();
    let mut src = super::database::TreeSource::new(&store, tree);
    let view = txn.view(engine, (db.dbid, tree.objid));
    let (mut items, mut keys) = (0u32, 0u32);
    let mut last: Option<Vec<u8>> = None;
    let mut pos = view.seek(&mut src as &mut dyn Source, From::Edge, true)?;
    while let Some((k, _)) = pos {
        items = items.saturating_add(1);
        if last.as_deref() != Some(k.key.as_slice()) {
            keys = keys.saturating_add(1);
            last = Some(k.key.clone());
        }
        pos = view.seek(&mut src, From::Key { key: &k, inclusive: false }, true)?;
    }
    Ok((items, keys))
}

/// JetComputeStats: count the entries, distinct keys and leaf pages of the
/// table's clustered index and of each of its own secondary indexes, and
/// keep them in the catalog (the Stats column of the table's row and of
/// each index's row) in a transaction of their own (nested in the
/// caller's). JetGetTableInfo / JetGetIndexInfo report them.
pub fn compute_stats(engine: &Engine, txn: &mut super::txn::Txn, t: &super::table::TableCursor) -> JetResult<()> {
    use crate::catalog::{CatalogOp, CatalogTree};
    use crate::version::{EntryKey, WriteOp};
    if t.temp.is_some() {
        return Err(JetError::IllegalOperation);
    }
    let db = t.db.clone();
    if db.read_only {
        return Err(JetError::PermissionDenied);
    }
    let table = t.table.clone();
    let ps = db.page_size as u32;
    // (catalog row, tree) of the clustered index and the table's own secondary indexes
    let mut work: Vec<(CatalogRow, Tree)> = vec![(table.table_row().clone(), t.primary.tree)];
    {
        let store = db.store.read();
        for ix in table.def.indexes.iter().filter(|i| i.pgno_fdp != table.def.pgno_fdp) {
            if let Some(row) = table.index_row(&ix.name) {
                work.push((row.clone(), store.open_tree(ix.pgno_fdp)?));
            }
        }
    }
    super::ddl::in_transaction(engine, txn, |txn| {
        let trees = db.catalog_trees()?;
        for (row, tree) in &work {
            let (items, keys) = count_entries(engine, txn, &db, *tree)?;
            let pages = leaf_pages(&db.store.read(), tree)?;
            let mut new = row.clone();
            new.stats = Some(stats_bytes(IndexStats { items, keys, pages }));
            let mut ops = Vec::new();
            crate::catalog::write::replace_row(row, &new, ps, JetError::IndexDuplicate, &mut ops)?;
            for op in ops {
                let CatalogOp::Replace { tree: which, key, data } = op else { continue };
                if which != CatalogTree::Objects && which != CatalogTree::Shadow {
                    continue;
                }
                let pgno = trees.pgno(which).ok_or(JetError::CatalogCorrupted)?;
                let h = db.store.read().open_tree(pgno)?;
                super::txn::stage(engine, txn, (db.dbid, h.objid), h, EntryKey::unique(&key), WriteOp::Put(data), true)?;
            }
        }
        txn.on_commit.push(super::txn::CommitAction::SchemaChanged { dbid: db.dbid });
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// Online defragmentation (JetDefragment, JetDefragment2; ESE's old.cxx)
//
// A pass walks every tree of every table (records, secondary indexes, long
// values) and merges neighbouring leaf pages whose entries fit in one page:
// in one logged system change, the right page's entries are taken out of
// the tree (its own rebalancing then merges the page into a neighbour or
// frees it) and put back. Entries never change; pages do. The space trees
// are not defragmented (JET_bitDefragmentAvailSpaceTreesOnly runs passes
// that do nothing).

/// A callback run when a defragmentation task ends (JET_cbtypOnlineDefragCompleted).
pub type DefragCallback = Box<dyn Fn() + Send + Sync>;

/// What a JetDefragment call asks for.
pub struct DefragRequest {
    /// JET_bitDefragment* grbits.
    pub grbit: JET_GRBIT,
    /// The table (JET_bitDefragmentBTree; ignored otherwise, as ESE ignores it).
    pub table: Option<String>,
    /// *pcPasses on input: the most passes (0: until stopped).
    pub passes_max: u32,
    /// *pcSeconds on input: the longest run in seconds (0: no limit).
    pub seconds_max: u32,
    pub callback: Option<DefragCallback>,
}

/// What a JetDefragment call did.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum DefragOutcome {
    /// Started, or nothing to do (defragmentation disabled).
    Done,
    /// JET_wrnDefragAlreadyRunning.
    AlreadyRunning,
    /// JET_wrnDefragNotRunning.
    NotRunning,
    /// JET_bitDefragmentBatchStop stopped a running task: its passes and seconds.
    Stopped { passes: u32, seconds: u32 },
    /// JET_bitDefragmentBTree ran over one table (passes and seconds are 0).
    Tree,
}

#[derive(Default)]
struct DefragState {
    running: bool,
    stop: bool,
    passes: u32,
    pages_freed: u64,
    started: Option<Instant>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// One database's task (ESE's OLDDB_STATUS).
#[derive(Default)]
struct DefragTask {
    state: parking_lot::Mutex<DefragState>,
    wake: parking_lot::Condvar,
}

/// The tasks, by database (an attached database's address; dead entries go).
static DEFRAG_TASKS: parking_lot::Mutex<Vec<(std::sync::Weak<Database>, std::sync::Arc<DefragTask>)>> = parking_lot::Mutex::new(Vec::new());

fn defrag_task(db: &std::sync::Arc<Database>) -> std::sync::Arc<DefragTask> {
    let mut tasks = DEFRAG_TASKS.lock();
    tasks.retain(|(w, _)| w.strong_count() > 0);
    if let Some((_, t)) = tasks.iter().find(|(w, _)| std::ptr::eq(w.as_ptr(), std::sync::Arc::as_ptr(db))) {
        return t.clone();
    }
    let t = std::sync::Arc::new(DefragTask::default());
    tasks.push((std::sync::Arc::downgrade(db), t.clone()));
    t
}

/// The pause between passes (ESE waits for version cleanup, and pads
/// endless passes to an hour; here a pass is never less than this apart).
const DEFRAG_PAUSE: Duration = Duration::from_millis(200);
/// Candidate pages merged per system change.
const DEFRAG_STEP: usize = 16;

/// What a database's defragmentation task did so far: (passes done, pages freed).
pub fn defrag_progress(db: &std::sync::Arc<Database>) -> (u32, u64) {
    let t = defrag_task(db);
    let s = t.state.lock();
    (s.passes, s.pages_freed)
}

/// JetDefragment / JetDefragment2 (ESE's ErrIsamDefragment / ErrOLDDefragment).
/// `level` is JET_paramEnableOnlineDefrag.
pub fn defragment(engine: &std::sync::Arc<Engine>, db: &std::sync::Arc<Database>, level: u32, req: DefragRequest) -> JetResult<DefragOutcome> {
    if req.grbit & JET_bitDefragmentBTree != 0 {
        if req.grbit & !JET_bitDefragmentBTree != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if req.callback.is_some() {
            return Err(JetError::InvalidParameter);
        }
        let name = req.table.as_deref().ok_or(JetError::InvalidName)?;
        if db.read_only {
            return Err(JetError::DatabaseFileReadOnly);
        }
        let roots = {
            let store = db.store.read();
            let t = crate::catalog::read_table_from_store(&store, crate::catalog::TableRef::Name(name))?;
            table_trees(&t.def)
        };
        let never = || false;
        for root in roots {
            defrag_tree(engine, db, root, &never)?;
        }
        return Ok(DefragOutcome::Tree);
    }
    let level = if level & JET_OnlineDefragAllOBSOLETE != 0 { JET_OnlineDefragAll } else { level };
    let avail_only = if req.grbit & JET_bitDefragmentAvailSpaceTreesOnly != 0 {
        level & (JET_OnlineDefragDatabases | JET_OnlineDefragSpaceTrees) != 0
    } else {
        level & JET_OnlineDefragSpaceTrees != 0 && level & JET_OnlineDefragDatabases == 0
    };
    let grbit = req.grbit & !(JET_bitDefragmentAvailSpaceTreesOnly | JET_bitDefragmentNoPartialMerges);
    if level == 0 {
        return Ok(DefragOutcome::Done);
    }
    if db.dbid == super::engine::TEMP_DBID {
        return Err(JetError::InvalidDatabaseId);
    }
    if db.read_only {
        return Err(JetError::DatabaseFileReadOnly);
    }
    let task = defrag_task(db);
    match grbit {
        g if g == JET_bitDefragmentBatchStart => {
            let mut s = task.state.lock();
            if s.running {
                return Ok(DefragOutcome::AlreadyRunning);
            }
            if level & JET_OnlineDefragDatabases == 0 && !avail_only {
                return Ok(DefragOutcome::Done);
            }
            if let Some(t) = s.thread.take() {
                // a task that ended by itself: reap it
                drop(s);
                let _ = t.join();
                s = task.state.lock();
            }
            *s = DefragState { running: true, started: Some(Instant::now()), ..DefragState::default() };
            let deadline = (req.seconds_max > 0).then(|| Instant::now() + Duration::from_secs(req.seconds_max as u64));
            let (we, wd, wt) = (std::sync::Arc::downgrade(engine), std::sync::Arc::downgrade(db), task.clone());
            let passes_max = req.passes_max;
            let callback = req.callback;
            let h = std::thread::Builder::new()
                .name("esent-defrag".into())
                .spawn(move || defrag_thread(we, wd, wt, passes_max, deadline, avail_only, callback))
                .map_err(|_| JetError::OutOfThreads)?;
            s.thread = Some(h);
            Ok(DefragOutcome::Done)
        }
        g if g == JET_bitDefragmentBatchStop => {
            let (thread, started) = {
                let mut s = task.state.lock();
                if !s.running || s.stop {
                    if let Some(t) = s.thread.take() {
                        drop(s);
                        let _ = t.join();
                    }
                    return Ok(if level & (JET_OnlineDefragDatabases | JET_OnlineDefragSpaceTrees) != 0 {
                        DefragOutcome::NotRunning
                    } else {
                        DefragOutcome::Done
                    });
                }
                s.stop = true;
                (s.thread.take(), s.started)
            };
            task.wake.notify_all();
            if let Some(t) = thread {
                let _ = t.join();
            }
            let mut s = task.state.lock();
            let out = DefragOutcome::Stopped {
                passes: s.passes,
                seconds: started.map_or(0, |t| t.elapsed().as_secs() as u32),
            };
            *s = DefragState::default();
            Ok(out)
        }
        _ => Err(JetError::InvalidGrbit),
    }
}

/// Stop a database's defragmentation task, if it has one, and wait for it
/// (a detach, JetTerm): its thread must not hold the database any longer.
pub fn stop_defrag(db: &Database) {
    let task = {
        let tasks = DEFRAG_TASKS.lock();
        tasks.iter().find(|(w, _)| std::ptr::eq(w.as_ptr(), db as *const Database)).map(|(_, t)| t.clone())
    };
    let Some(task) = task else { return };
    let thread = {
        let mut s = task.state.lock();
        s.stop = true;
        s.thread.take()
    };
    task.wake.notify_all();
    if let Some(t) = thread {
        // (the task's own callback detaching the database cannot wait for itself)
        if t.thread().id() != std::thread::current().id() {
            let _ = t.join();
        }
    }
    *task.state.lock() = DefragState::default();
}

/// The data trees of a table: records, its own secondary indexes, long values.
fn table_trees(d: &crate::catalog::defs::TableDef) -> Vec<Pgno> {
    let mut v = vec![d.pgno_fdp];
    v.extend(d.indexes.iter().filter(|i| i.pgno_fdp != d.pgno_fdp && i.pgno_fdp != 0).map(|i| i.pgno_fdp));
    if let Some((_, p)) = d.lv_tree {
        v.push(p);
    }
    v.sort_unstable();
    v.dedup();
    v
}

fn defrag_thread(
    engine: std::sync::Weak<Engine>,
    db: std::sync::Weak<Database>,
    task: std::sync::Arc<DefragTask>,
    passes_max: u32,
    deadline: Option<Instant>,
    avail_only: bool,
    callback: Option<DefragCallback>,
) {
    let stopped = || task.state.lock().stop || deadline.is_some_and(|d| Instant::now() >= d);
    let mut ok = true;
    loop {
        if stopped() {
            break;
        }
        let (Some(e), Some(d)) = (engine.upgrade(), db.upgrade()) else {
            ok = false;
            break;
        };
        if d.is_detached() {
            ok = false;
            break;
        }
        match defrag_pass(&e, &d, avail_only, &stopped) {
            Ok(freed) => {
                let mut s = task.state.lock();
                s.pages_freed += freed as u64;
                if !s.stop {
                    s.passes += 1;
                }
                if passes_max != 0 && s.passes >= passes_max {
                    break;
                }
            }
            Err(_) => {
                ok = false;
                break;
            }
        }
        drop((e, d));
        let mut s = task.state.lock();
        if !s.stop {
            let _ = task.wake.wait_for(&mut s, DEFRAG_PAUSE);
        }
    }
    task.state.lock().running = false;
    // as ESE: the callback hears of the end (not once the engine is gone)
    if ok && engine.upgrade().is_some() {
        if let Some(cb) = &callback {
            cb();
        }
    }
}

/// One pass over every table. Returns the pages freed.
fn defrag_pass(engine: &Engine, db: &Database, avail_only: bool, stop: &dyn Fn() -> bool) -> JetResult<u32> {
    if avail_only {
        return Ok(0);
    }
    let tables = {
        let store = db.store.read();
        crate::catalog::read_catalog_from_store(&store)?
    };
    let mut freed = 0;
    for t in tables {
        for root in table_trees(&t.def) {
            if stop() {
                return Ok(freed);
            }
            freed += defrag_tree(engine, db, root, stop)?;
        }
    }
    Ok(freed)
}

/// The leaf pages of a committed tree in key order, with the bytes each uses.
fn leaves(store: &Store, tree: &Tree) -> JetResult<Vec<(Pgno, usize)>> {
    use crate::format::page::PageView;
    let ps = store.page_size();
    let mut pgno = tree.root;
    for _ in 0..16 {
        let g = store.read_page(pgno)?;
        let v = PageView::new(&g)?;
        if v.is_leaf() {
            break;
        }
        pgno = v.node(0)?.child()?;
    }
    let mut out = Vec::new();
    let mut hops = 0u64;
    while pgno != 0 {
        let g = store.read_page(pgno)?;
        let v = PageView::new(&g)?;
        if !v.is_leaf() || v.objid() != tree.objid {
            return Err(JetError::DatabaseCorrupted);
        }
        let used = ps.saturating_sub(crate::format::page::header_size(ps) + v.cb_free() as usize);
        out.push((pgno, used));
        pgno = v.next();
        hops += 1;
        if hops > u32::MAX as u64 {
            return Err(JetError::DatabaseCorrupted);
        }
    }
    Ok(out)
}

/// Merge the neighbouring leaf pages of one tree whose entries fit in one
/// page (with room to spare). Returns the pages freed.
fn defrag_tree(engine: &Engine, db: &Database, root: Pgno, stop: &dyn Fn() -> bool) -> JetResult<u32> {
    use crate::format::page::node_flags;
    let ps = db.page_size;
    let (tree, before, candidates) = {
        let store = db.store.read();
        let tree = store.open_tree(root)?;
        let leaves = leaves(&store, &tree)?;
        // both pages' entries in one page, with room for a different prefix
        let fit = (ps - crate::format::page::header_size(ps)) * 17 / 20;
        let mut c = Vec::new();
        let mut i = 1;
        while i < leaves.len() {
            if leaves[i - 1].1 + leaves[i].1 <= fit {
                c.push(leaves[i].0);
                // pairs do not overlap: the merged page is the next one's left
                i += 2;
            } else {
                i += 1;
            }
        }
        (tree, leaves.len(), c)
    };
    if candidates.is_empty() {
        return Ok(0);
    }
    for chunk in candidates.chunks(DEFRAG_STEP) {
        if stop() || db.is_detached() {
            break;
        }
        engine.system_change(db, |b| {
            b.with_op(|op| {
                for &pgno in chunk {
                    let pd = op.page(pgno)?;
                    // the tree changed since the walk: leave this page alone
                    if pd.header.objid != tree.objid || pd.header.flags & crate::format::page::flags::LEAF == 0 || pd.nodes.is_empty() {
                        continue;
                    }
                    if pd.header.flags & crate::format::page::flags::EMPTY != 0 {
                        continue;
                    }
                    let entries: Vec<(Vec<u8>, Vec<u8>)> =
                        pd.nodes.iter().filter(|n| n.flags & node_flags::DELETED == 0).map(|n| (n.key.clone(), n.data.clone())).collect();
                    for (k, d) in &entries {
                        op.tree_delete(&tree, k, if tree.unique { None } else { Some(d) })?;
                    }
                    for (k, d) in &entries {
                        op.tree_insert(&tree, k, d)?;
                    }
                }
                Ok(())
            })
        })?;
    }
    let after = leaves(&db.store.read(), &tree)?.len();
    Ok(before.saturating_sub(after) as u32)
}

// ---------------------------------------------------------------------------
// JetIdle (ESE's ErrIsamIdle)

/// ESE's JetIdle grbits that esent.h does not publish.
const IDLE_COMPACT_ASYNC: JET_GRBIT = 0x10;
const IDLE_AVAIL_BUFFERS_STATUS: JET_GRBIT = 0x20;
const IDLE_WAIT_FOR_ASYNC_ACTIVITY: JET_GRBIT = 0x40;

/// JetIdle, in ESE's order (ErrIsamIdle). The version-store part first:
/// JET_bitIdleStatus is JET_wrnIdleFull when committed before-images hold
/// more than 60% of the version-store budget or of `preferred` bytes
/// (JET_paramPreferredVerPages), whichever is smaller, else success; no
/// grbit or JET_bitIdleCompact is JET_wrnNoIdleActivity (versions are
/// dropped as transactions end, so there is never cleanup left to do);
/// JET_bitIdleCompactAsync without JET_bitIdleCompact is
/// JET_errInvalidGrbit; JET_bitIdleWaitForAsyncActivity is
/// JET_wrnRemainingVersions while before-images remain (no engine task
/// needs waiting for). Open transactions' write sets are not counted (ESE's
/// buckets hold them too). Then the cache part: JET_bitIdleFlushBuffers (documented
/// as reserved) is JET_errInvalidGrbit; JET_bitIdleAvailBuffersStatus is
/// JET_wrnIdleFull when a cache is full of dirty pages, reported only if
/// the first part gave no warning. Unknown bits are ignored, as in ESE.
pub fn idle(engine: &Engine, grbit: JET_GRBIT, preferred: u64) -> JetResult<JET_ERR> {
    let mut warning = JET_errSuccess;
    if grbit & JET_bitIdleStatus != 0 {
        let budget = engine.cfg.version_budget;
        let threshold = budget.min(preferred) / 5 * 3;
        // used > threshold  <=>  used + (budget - threshold) would not fit
        if engine.versions.check_budget(budget.saturating_sub(threshold).min(usize::MAX as u64) as usize).is_err() {
            warning = JET_wrnIdleFull;
        }
    } else if grbit == 0 || grbit & JET_bitIdleCompact != 0 {
        warning = JET_wrnNoIdleActivity;
    } else if grbit & IDLE_COMPACT_ASYNC != 0 {
        return Err(JetError::InvalidGrbit);
    } else if grbit & IDLE_WAIT_FOR_ASYNC_ACTIVITY != 0 && engine.versions.versioned_entries() != 0 {
        warning = JET_wrnRemainingVersions;
    }
    if grbit & JET_bitIdleFlushBuffers != 0 {
        return Err(JetError::InvalidGrbit);
    }
    if grbit & IDLE_AVAIL_BUFFERS_STATUS != 0 && warning == JET_errSuccess {
        let full = engine.databases().iter().any(|d| d.store.read().cache().over_capacity());
        if full {
            warning = JET_wrnIdleFull;
        }
    }
    Ok(warning)
}
