//! `Store`: one open database file: its page cache, header, page size, the
//! database time counter, the object id counter, and the pages the last write
//! operations dirtied.
//!
//! Locking: the owner (isam's Database) keeps the Store in an `RwLock`.
//! Reads (`&self`: cursors, tree walks) run under the shared side; writes
//! (`&mut self`: insert, replace, delete, space, header) under the exclusive
//! side. Inside, frames of the page cache have their own short latches.

use crate::btree::op::Op;
use crate::buffer::{PageCache, PageRead, Pgno};
use crate::error::{JetError, JetResult};
use crate::format::header::{self, DbHeader};
use crate::format::page::{PageView, flags};
use crate::format::space::{SpaceHeader, space_header_in_ext};
use crate::format::{DbTime, checksum, fixed};
use crate::os::{File, FileSystem, OpenMode};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How to open a database file.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    pub read_only: bool,
    /// Frames in the page cache.
    pub cache_pages: usize,
    /// Pages the file grows by when the database root runs out of space
    /// (JET_paramDbExtensionSize; ESE's default 256).
    pub extension_pages: u32,
}

impl Default for StoreOptions {
    fn default() -> StoreOptions {
        StoreOptions { read_only: false, cache_pages: 4096, extension_pages: 256 }
    }
}

/// What a tree is, as its pages say (page flags shared by all its pages).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum TreeKind {
    /// A table's records (primary index or insertion-order DBK).
    Primary,
    /// A secondary index.
    Index,
    /// A table's long values.
    LongValue,
    /// An OwnExt or AvailExt tree.
    Space,
}

impl TreeKind {
    pub fn page_flags(self) -> u32 {
        match self {
            TreeKind::Primary => 0,
            TreeKind::Index => flags::INDEX,
            TreeKind::LongValue => flags::LONG_VALUE,
            TreeKind::Space => flags::SPACE_TREE,
        }
    }
    pub fn from_page_flags(f: u32) -> TreeKind {
        if f & flags::SPACE_TREE != 0 {
            TreeKind::Space
        } else if f & flags::LONG_VALUE != 0 {
            TreeKind::LongValue
        } else if f & flags::INDEX != 0 {
            TreeKind::Index
        } else {
            TreeKind::Primary
        }
    }
}

/// A handle on one B-tree, named by its root page. Cheap to copy; holds no
/// latch. Unique trees identify an entry by its key; non-unique trees
/// (secondary indexes) by key and data, ordered by key then data.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tree {
    /// The root page (for a data tree, its FDP).
    pub root: Pgno,
    pub objid: u32,
    pub unique: bool,
    pub kind: TreeKind,
    /// The FDP that owns this tree's space: the root itself for a data tree,
    /// the owning FDP for an OwnExt/AvailExt tree.
    pub fdp: Pgno,
    /// Flags every page of the tree carries (kind, non-unique, and any flag
    /// the root was created with such as INDEX on a space tree of an index).
    pub page_flags: u32,
}

/// One open database file.
pub struct Store {
    pub(crate) file: Arc<dyn File>,
    pub(crate) cache: Arc<PageCache>,
    pub(crate) page_size: usize,
    pub(crate) header: DbHeader,
    pub(crate) dbtime: DbTime,
    pub(crate) objid_last: u32,
    pub(crate) extension_pages: u32,
    pub(crate) read_only: bool,
    pub(crate) dirtied: BTreeSet<Pgno>,
    /// Whether to keep `before` (a logged database: its commits log deltas).
    pub(crate) keep_before: bool,
    /// Pages in `dirtied` that existed before: their bytes as they were when
    /// first dirtied since the last `take_dirtied`, i.e. as last logged.
    pub(crate) before: crate::util::hash::FastMap<Pgno, Box<[u8]>>,
    /// Page-sized buffers to reuse (old frame contents, logged before-images):
    /// a commit that touches a thousand pages would otherwise allocate and
    /// fault in a thousand fresh buffers.
    spare: Vec<Box<[u8]>>,
}

/// Buffers `spare` keeps at most.
const SPARE_PAGES: usize = 1024;

/// The page verifier the cache runs on every page read from disk.
/// A failure is also reported to the event log with the file and page number.
pub fn page_verifier(page_size: usize, path: Option<PathBuf>) -> crate::buffer::Verifier {
    Box::new(move |pgno, bytes| {
        let r = checksum::verify_page(pgno, bytes, page_size);
        if r == Err(JetError::ReadVerifyFailure) {
            crate::event::page_failed_verification(path.as_deref(), pgno, page_size);
        }
        r
    })
}

impl Store {
    /// Open an existing database file: read and check the header (falling
    /// back on the shadow copy when the first is damaged), detect the page size.
    pub fn open(fs: &dyn FileSystem, path: &Path, opts: StoreOptions) -> JetResult<Store> {
        let mode = if opts.read_only { OpenMode::ReadOnly } else { OpenMode::ReadWrite };
        let file = fs.open(path, mode)?;
        Store::open_named(file, opts, Some(path.to_path_buf()))
    }

    /// Open on an already opened file.
    pub fn open_file(file: Arc<dyn File>, opts: StoreOptions) -> JetResult<Store> {
        Store::open_named(file, opts, None)
    }

    /// Open on an already opened file whose path (when known) events name.
    fn open_named(file: Arc<dyn File>, opts: StoreOptions, path: Option<PathBuf>) -> JetResult<Store> {
        let size = file.size()?;
        let n = size.min(2 * 32768) as usize;
        let mut buf = vec![0u8; n];
        file.read_at(&mut buf, 0)?;
        let header = read_header(&buf)?;
        let page_size = header.page_size();
        let cache = Arc::new(PageCache::new(file.clone(), page_size, opts.cache_pages, page_verifier(page_size, path)));
        Ok(Store {
            file,
            cache,
            page_size,
            dbtime: header.dbtime,
            objid_last: header.objid_last,
            header,
            extension_pages: opts.extension_pages.max(1),
            read_only: opts.read_only,
            dirtied: BTreeSet::new(),
            keep_before: !opts.read_only,
            before: Default::default(),
            spare: Vec::new(),
        })
    }

    /// A store on a file being created (header not yet written); used by `space::create_database`.
    pub(crate) fn new_for_create(file: Arc<dyn File>, header: DbHeader, opts: &StoreOptions) -> Store {
        let page_size = header.page_size();
        let cache = Arc::new(PageCache::new(file.clone(), page_size, opts.cache_pages, page_verifier(page_size, None)));
        Store {
            file,
            cache,
            page_size,
            dbtime: header.dbtime,
            objid_last: header.objid_last,
            header,
            extension_pages: opts.extension_pages.max(1),
            read_only: false,
            dirtied: BTreeSet::new(),
            keep_before: true,
            before: Default::default(),
            spare: Vec::new(),
        }
    }

    pub fn page_size(&self) -> usize {
        self.page_size
    }
    /// The page cache (the checkpoint and the log hold a clone of the Arc).
    pub fn cache(&self) -> &Arc<PageCache> {
        &self.cache
    }
    pub fn file(&self) -> &Arc<dyn File> {
        &self.file
    }
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }
    /// The current database time (the last one stamped on a page).
    pub fn dbtime(&self) -> DbTime {
        self.dbtime
    }
    /// Move the database time forward (recovery replaying page images).
    pub fn advance_dbtime(&mut self, at_least: DbTime) {
        self.dbtime = self.dbtime.max(at_least);
    }
    /// The last object id handed out.
    pub fn objid_last(&self) -> u32 {
        self.objid_last
    }
    /// A new object id (for trees the caller creates with `create_tree`, which allocates its own).
    pub fn next_objid(&mut self) -> u32 {
        self.objid_last += 1;
        self.objid_last
    }
    pub fn set_extension_pages(&mut self, pages: u32) {
        self.extension_pages = pages.max(1);
    }
    /// Format revision of the file.
    pub fn format_revision(&self) -> u32 {
        self.header.update_major
    }

    /// The header as last read or written, with the live dbtime and objid counters.
    pub fn header(&self) -> DbHeader {
        let mut h = self.header.clone();
        h.dbtime = self.dbtime;
        h.objid_last = self.objid_last;
        h
    }

    /// Write the header and its shadow (both copies, then sync). The live
    /// dbtime and objid counters are stamped into it.
    pub fn write_header(&mut self, h: &DbHeader) -> JetResult<()> {
        if self.read_only {
            return Err(JetError::DatabaseFileReadOnly);
        }
        let mut h = h.clone();
        h.dbtime = self.dbtime.max(h.dbtime);
        h.objid_last = self.objid_last.max(h.objid_last);
        self.dbtime = h.dbtime;
        self.objid_last = h.objid_last;
        let img = h.encode(self.page_size);
        self.file.write_at(&img, 0)?;
        self.file.write_at(&img, self.page_size as u64)?;
        self.file.sync()?;
        h.checksum = u32::from_le_bytes([img[0], img[1], img[2], img[3]]);
        self.header = h;
        Ok(())
    }

    /// Pages in the file after the two header pages.
    pub fn pages_in_file(&self) -> JetResult<u32> {
        Ok((self.file.size()? / self.page_size as u64).saturating_sub(fixed::CPG_DB_RESERVED as u64) as u32)
    }

    /// Shared access to a page (read from disk and verified if not cached).
    /// A page beyond the file is `FileIOBeyondEOF` (tree walks report it as
    /// such; a link to a page never written is `DatabaseCorrupted`).
    pub fn read_page(&self, pgno: Pgno) -> JetResult<PageRead> {
        self.cache.read(pgno)
    }

    /// The pages changed since the last call, in page order (the commit logs
    /// their images, read from the cache). Every image already carries its checksum.
    pub fn take_dirtied(&mut self) -> Vec<Pgno> {
        for (_, b) in std::mem::take(&mut self.before) {
            self.recycle_page(b);
        }
        std::mem::take(&mut self.dirtied).into_iter().collect()
    }

    /// `take_dirtied`, with each page's bytes as they were before the first
    /// change since the last call (None for a page created since, or when
    /// before-images are not kept): what a delta is computed from.
    pub fn take_dirtied_with_before(&mut self) -> Vec<(Pgno, Option<Box<[u8]>>)> {
        let mut before = std::mem::take(&mut self.before);
        std::mem::take(&mut self.dirtied).into_iter().map(|p| (p, before.remove(&p))).collect()
    }

    /// A page-sized buffer (contents unspecified).
    pub(crate) fn spare_page(&mut self) -> Box<[u8]> {
        self.spare.pop().unwrap_or_else(|| vec![0u8; self.page_size].into_boxed_slice())
    }

    /// Give back a page-sized buffer for `spare_page`.
    pub fn recycle_page(&mut self, b: Box<[u8]>) {
        if b.len() == self.page_size && self.spare.len() < SPARE_PAGES {
            self.spare.push(b);
        }
    }

    /// Keep before-images for deltas (on for every writable store; off for
    /// the unlogged temporary database).
    pub fn set_keep_before(&mut self, on: bool) {
        self.keep_before = on;
        self.before.clear();
    }

    /// Pages changed and not yet taken.
    pub fn dirtied(&self) -> &BTreeSet<Pgno> {
        &self.dirtied
    }

    /// Write every dirty page and the header, and sync: for database creation,
    /// tests, and a clean shutdown that runs without a log. (With a log, the
    /// checkpoint writes pages after the log holds their images.)
    pub fn flush(&mut self) -> JetResult<()> {
        let dirty = self.cache.copy_dirty();
        self.cache.write_back(&dirty)?;
        if !self.read_only {
            let h = self.header();
            self.write_header(&h)?;
        }
        Ok(())
    }

    /// Open the tree whose root is `pgno` (a data tree's FDP, or a space tree root).
    pub fn open_tree(&self, pgno: Pgno) -> JetResult<Tree> {
        let g = self.read_page(pgno).map_err(link_error)?;
        let v = PageView::new(&g)?;
        if !v.is_root() {
            return Err(JetError::DatabaseCorrupted);
        }
        let f = v.flags();
        let kind = TreeKind::from_page_flags(f);
        let kind_flags = f & (flags::TREE_KIND | flags::NEW_RECORD_FORMAT);
        if kind == TreeKind::Space {
            return Ok(Tree { root: pgno, objid: v.objid(), unique: true, kind, fdp: 0, page_flags: kind_flags });
        }
        let sph = space_header_in_ext(v.external_header())?;
        let unique = sph.is_unique() && f & flags::NON_UNIQUE_KEYS == 0;
        Ok(Tree { root: pgno, objid: v.objid(), unique, kind, fdp: pgno, page_flags: kind_flags })
    }

    /// The space header of a data tree's root.
    pub fn space_header(&self, fdp: Pgno) -> JetResult<SpaceHeader> {
        let g = self.read_page(fdp).map_err(link_error)?;
        let v = PageView::new(&g)?;
        space_header_in_ext(v.external_header())
    }

    /// Start a write operation (crate-internal: trees and space use it).
    pub(crate) fn op(&mut self) -> JetResult<Op<'_>> {
        if self.read_only {
            return Err(JetError::DatabaseFileReadOnly);
        }
        Ok(Op::new(self))
    }
}

/// Read both header copies and keep the first good one.
fn read_header(buf: &[u8]) -> JetResult<DbHeader> {
    if buf.len() < crate::format::PAGE_SIZES[0] {
        // a file cut short before the end of its first header page (ESE's
        // FMP: smaller than the header pages is corruption)
        return Err(JetError::DatabaseCorrupted);
    }
    let mut last_err = JetError::InvalidDatabase;
    for ps in crate::format::PAGE_SIZES {
        if buf.len() < ps {
            break;
        }
        for copy in 0..2 {
            let start = copy * ps;
            if buf.len() < start + ps {
                continue;
            }
            match header::verify_header(&buf[start..start + ps], ps) {
                Ok(h) => return Ok(h),
                Err(JetError::ReadVerifyFailure) => last_err = JetError::ReadVerifyFailure,
                Err(JetError::PageSizeMismatch) | Err(JetError::InvalidParameter) => {}
                Err(e) => last_err = e,
            }
        }
    }
    // no copy verifies: a file shorter than the page size its header names
    // was cut inside its first header page
    let claimed = buf.get(236..240).map_or(0, |b| u32::from_le_bytes(b.try_into().unwrap()) as usize);
    if crate::format::PAGE_SIZES.contains(&claimed) && buf.len() < claimed {
        return Err(JetError::DatabaseCorrupted);
    }
    Err(last_err)
}

/// A page reached through a link: one never written is corruption; one past
/// the end of the file stays JET_errFileIOBeyondEOF, as ESE's buffer manager
/// reports a page beyond the file's size (a truncated file).
pub(crate) fn link_error(e: JetError) -> JetError {
    match e {
        JetError::PageNotInitialized => JetError::DatabaseCorrupted,
        e => e,
    }
}
