//! Database pages (ESE's CPAGE): the page header, the tag array, nodes.
//!
//! Layout of a page of `page_size` bytes:
//!
//! ```text
//! 0               header (40 bytes; 80 bytes for 16/32 KiB pages)
//! header_size     data: lines, in any order, possibly with gaps
//!   ...           free space
//! page_size-4*n   tag array, growing down: tag i at page_size - 4*(i+1)
//! ```
//!
//! Header (offsets): 0 checksum (u64), 8 dbtime (u64), 16 pgnoPrev, 20
//! pgnoNext, 24 objidFDP, 28 cbFree (u16), 30 cbUncommittedFree, 32
//! ibMicFree (end of the used data, relative to the end of the header), 34
//! itagState (itagMicFree in the low 12 bits, count of reserved tags in bits
//! 12-14; 0 there means the legacy single reserved tag), 36 flags (u32). The
//! 80-byte header adds 40 three block checksums, 64 pgno, 68 12 reserved bytes.
//!
//! Tag: u16 cb, u16 ib (offset relative to the end of the header). Small pages
//! keep the three node flags in the top bits of ib and 13-bit cb/ib; large
//! pages have 15-bit cb/ib and keep the node flags in the top three bits of
//! the node's first u16 (its key-size word).
//!
//! Tag 0 is the external header: the space header on root pages (after a
//! leading flag byte in newer formats), the split buffer (plus a prefix) on
//! space-tree roots, the common key prefix on other pages. Reserved tags
//! follow; then the lines (nodes), in key order.
//!
//! Node: [u16 prefix size, if flag compressed] u16 suffix size, suffix, data.
//! The key is the first `prefix size` bytes of the page's prefix, then the suffix.

use super::checksum;
use super::le::*;
use crate::error::{JetError, JetResult};

/// Page flags (the header's u32 at offset 36).
pub mod flags {
    pub const ROOT: u32 = 0x0001;
    pub const LEAF: u32 = 0x0002;
    pub const PARENT_OF_LEAF: u32 = 0x0004;
    pub const EMPTY: u32 = 0x0008;
    pub const REPAIR: u32 = 0x0010;
    pub const SPACE_TREE: u32 = 0x0020;
    pub const INDEX: u32 = 0x0040;
    pub const LONG_VALUE: u32 = 0x0080;
    pub const NON_UNIQUE_KEYS: u32 = 0x0400;
    pub const NEW_RECORD_FORMAT: u32 = 0x0800;
    pub const NEW_CHECKSUM: u32 = 0x2000;
    pub const SCRUBBED: u32 = 0x4000;
    /// Two bits of "flush type" (rock, paper, scissors) for lost-flush detection.
    pub const FLUSH_TYPE_MASK: u32 = 0x18000;
    pub const FLUSH_TYPE_SHIFT: u32 = 15;
    pub const PRE_INIT: u32 = 0x20000;
    pub const FDP_DELETE: u32 = 0x40000;
    /// The flags that say what kind of tree a page belongs to; every page of a
    /// tree carries the same ones.
    pub const TREE_KIND: u32 = SPACE_TREE | INDEX | LONG_VALUE | NON_UNIQUE_KEYS;
}

/// Node flags (3 bits).
pub mod node_flags {
    /// fNDVersion: the node has versions in the version store of the writer.
    pub const VERSIONED: u8 = 0x1;
    /// fNDDeleted: flag-deleted, waiting for cleanup; invisible.
    pub const DELETED: u8 = 0x2;
    /// fNDCompressed: the key starts with a prefix from the external header.
    pub const COMPRESSED: u8 = 0x4;
}

/// Flags of a space tree's root page when it is made (plus the owner's INDEX/LONG_VALUE).
pub const PAGE_FLAGS_SPACE_ROOT: u32 = flags::ROOT | flags::LEAF | flags::SPACE_TREE;

/// Size of a tag.
pub const TAG_SIZE: usize = 4;
/// Size of a node's key-count word.
pub const KEY_COUNT_SIZE: usize = 2;
/// Masks of the key counts (their top bits carry node flags on large pages).
pub const KEY_COUNT_MASK: u16 = 0x1fff;
/// The most tags a page can have (itagMicFree is 12 bits).
pub const MAX_TAGS: usize = 0x0fff;
/// Size of the split buffer in the external header of space-tree roots.
pub const SPLIT_BUFFER_SIZE: usize = 16;

/// Header size for a page size: 40 bytes, or 80 for 16/32 KiB pages.
#[inline]
pub fn header_size(page_size: usize) -> usize {
    if checksum::is_small_page(page_size) { 40 } else { 80 }
}

/// The page header, both layouts. `ext` holds the fields of the 80-byte header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageHeader {
    pub checksum: u64,
    pub dbtime: u64,
    pub pgno_prev: u32,
    pub pgno_next: u32,
    pub objid: u32,
    pub cb_free: u16,
    pub cb_uncommitted_free: u16,
    pub ib_mic_free: u16,
    pub itag_state: u16,
    pub flags: u32,
    pub ext: Option<LargeHeader>,
}

/// The fields the 80-byte header of 16/32 KiB pages adds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LargeHeader {
    pub block_checksums: [u64; 3],
    pub pgno: u32,
    pub reserved: [u8; 12],
}

impl PageHeader {
    pub fn decode(b: &[u8], page_size: usize) -> PageHeader {
        let ext = if checksum::is_small_page(page_size) {
            None
        } else {
            let mut reserved = [0u8; 12];
            reserved.copy_from_slice(&b[68..80]);
            Some(LargeHeader {
                block_checksums: [u64_at(b, 40), u64_at(b, 48), u64_at(b, 56)],
                pgno: u32_at(b, 64),
                reserved,
            })
        };
        PageHeader {
            checksum: u64_at(b, 0),
            dbtime: u64_at(b, 8),
            pgno_prev: u32_at(b, 16),
            pgno_next: u32_at(b, 20),
            objid: u32_at(b, 24),
            cb_free: u16_at(b, 28),
            cb_uncommitted_free: u16_at(b, 30),
            ib_mic_free: u16_at(b, 32),
            itag_state: u16_at(b, 34),
            flags: u32_at(b, 36),
            ext,
        }
    }

    /// Write the header into the first 40 (or 80) bytes of `b`.
    pub fn encode(&self, b: &mut [u8]) {
        put_u64(b, 0, self.checksum);
        put_u64(b, 8, self.dbtime);
        put_u32(b, 16, self.pgno_prev);
        put_u32(b, 20, self.pgno_next);
        put_u32(b, 24, self.objid);
        put_u16(b, 28, self.cb_free);
        put_u16(b, 30, self.cb_uncommitted_free);
        put_u16(b, 32, self.ib_mic_free);
        put_u16(b, 34, self.itag_state);
        put_u32(b, 36, self.flags);
        if let Some(x) = &self.ext {
            put_u64(b, 40, x.block_checksums[0]);
            put_u64(b, 48, x.block_checksums[1]);
            put_u64(b, 56, x.block_checksums[2]);
            put_u32(b, 64, x.pgno);
            b[68..80].copy_from_slice(&x.reserved);
        }
    }

    /// Count of tags in use (itagMicFree).
    pub fn tag_count(&self) -> usize {
        (self.itag_state & 0x0fff) as usize
    }

    /// Count of reserved tags (the external header is always one of them).
    pub fn reserved_tag_count(&self) -> usize {
        ((self.itag_state >> 12) & 0x7).max(1) as usize
    }
}

/// A tag: where a line lives, and (small pages) its node flags.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub ib: u16,
    pub cb: u16,
    /// Node flags stored in the tag (small pages only; 0 on large pages).
    pub flags: u8,
}

impl Tag {
    /// The tag in the first four bytes of `b` (which must hold them).
    #[inline]
    pub fn decode(b: &[u8], small: bool) -> Tag {
        let w: [u8; 4] = b[..TAG_SIZE].try_into().unwrap_or([0; 4]);
        let (cb, ib) = (u16::from_le_bytes([w[0], w[1]]), u16::from_le_bytes([w[2], w[3]]));
        if small {
            Tag { ib: ib & 0x1fff, cb: cb & 0x1fff, flags: (ib >> 13) as u8 }
        } else {
            Tag { ib: ib & 0x7fff, cb: cb & 0x7fff, flags: 0 }
        }
    }
    pub fn encode(&self, b: &mut [u8], small: bool) {
        if small {
            put_u16(b, 0, self.cb & 0x1fff);
            put_u16(b, 2, (self.ib & 0x1fff) | ((self.flags as u16 & 7) << 13));
        } else {
            put_u16(b, 0, self.cb & 0x7fff);
            put_u16(b, 2, self.ib & 0x7fff);
        }
    }
}

/// A node read from a page: its flags, its key in two parts, its data.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct NodeRef<'a> {
    pub flags: u8,
    pub prefix: &'a [u8],
    pub suffix: &'a [u8],
    pub data: &'a [u8],
}

impl<'a> NodeRef<'a> {
    pub fn key_len(&self) -> usize {
        self.prefix.len() + self.suffix.len()
    }
    pub fn key(&self) -> Vec<u8> {
        let mut k = Vec::with_capacity(self.key_len());
        k.extend_from_slice(self.prefix);
        k.extend_from_slice(self.suffix);
        k
    }
    pub fn key_into(&self, out: &mut Vec<u8>) {
        out.clear();
        out.extend_from_slice(self.prefix);
        out.extend_from_slice(self.suffix);
    }
    pub fn is_deleted(&self) -> bool {
        self.flags & node_flags::DELETED != 0
    }
    /// The child page number of a node of an internal page.
    pub fn child(&self) -> JetResult<u32> {
        if self.data.len() != 4 {
            return Err(JetError::DatabaseCorrupted);
        }
        Ok(u32_at(self.data, 0))
    }
}

/// A read-only view of a page, checked for structural sanity when made
/// (tags inside the page, within the data area, itagMicFree plausible), so
/// that its accessors cannot run out of bounds.
///
/// Made on every page a search or a step touches, so what the checks find
/// (sizes, the data area's end, the key prefix) is kept, and a line costs one
/// tag read and one compare.
#[derive(Copy, Clone)]
pub struct PageView<'a> {
    b: &'a [u8],
    /// The key prefix nodes draw on (see `prefix`), found once per view.
    prefix: &'a [u8],
    /// The external header (tag 0), checked when the view was made.
    ext: &'a [u8],
    small: bool,
    /// An FDP root: a compressed node's prefix counts as empty.
    ignore_prefix: bool,
    hdr_size: usize,
    ntags: usize,
    nreserved: usize,
    /// End of the data area, relative to the end of the header: every tag
    /// must stay below it.
    data_end: usize,
}

fn corrupt() -> JetError {
    JetError::DatabaseCorrupted
}

/// Whether a page size is one ESE uses (and then whether its pages are small).
#[inline]
fn small_page_size(page_size: usize) -> Option<bool> {
    match page_size {
        4096 | 8192 => Some(true),
        16384 | 32768 => Some(false),
        _ => None,
    }
}

impl<'a> PageView<'a> {
    #[inline]
    pub fn new(b: &'a [u8]) -> JetResult<PageView<'a>> {
        let page_size = b.len();
        let Some(small) = small_page_size(page_size) else {
            return Err(JetError::InvalidParameter);
        };
        let hdr_size = if small { 40 } else { 80 };
        let itag_state = u16_at(b, 34);
        let ntags = (itag_state & 0x0fff) as usize;
        let nreserved = (((itag_state >> 12) & 0x7) as usize).max(1);
        let tag_area = ntags * TAG_SIZE;
        if hdr_size + tag_area > page_size || (ntags > 0 && ntags < nreserved) {
            return Err(corrupt());
        }
        let data_end = page_size - tag_area - hdr_size;
        // the external header and reserved tags are checked now; a line's tag
        // when it is read (`line`), so that viewing a page costs O(1)
        let mut ext: &'a [u8] = &[];
        if ntags > 0 {
            ext = checked_line(b, 0, small, hdr_size, data_end)?;
            for i in 1..nreserved {
                checked_line(b, i, small, hdr_size, data_end)?;
            }
        }
        let page_flags = u32_at(b, 36);
        let (root, space) = (page_flags & flags::ROOT != 0, page_flags & flags::SPACE_TREE != 0);
        let prefix = if !root {
            ext
        } else if space {
            ext.get(SPLIT_BUFFER_SIZE..).unwrap_or(&[])
        } else {
            // FDP roots hold the space header there, never a prefix
            &[]
        };
        Ok(PageView { b, prefix, ext, small, ignore_prefix: root && !space, hdr_size, ntags, nreserved, data_end })
    }

    #[inline]
    pub fn bytes(&self) -> &'a [u8] {
        self.b
    }
    #[inline]
    pub fn page_size(&self) -> usize {
        self.b.len()
    }
    #[inline]
    pub fn is_small(&self) -> bool {
        self.small
    }
    pub fn header(&self) -> PageHeader {
        PageHeader::decode(self.b, self.b.len())
    }
    #[inline]
    pub fn flags(&self) -> u32 {
        u32_at(self.b, 36)
    }
    #[inline]
    pub fn dbtime(&self) -> u64 {
        u64_at(self.b, 8)
    }
    #[inline]
    pub fn prev(&self) -> u32 {
        u32_at(self.b, 16)
    }
    #[inline]
    pub fn next(&self) -> u32 {
        u32_at(self.b, 20)
    }
    #[inline]
    pub fn objid(&self) -> u32 {
        u32_at(self.b, 24)
    }
    #[inline]
    pub fn cb_free(&self) -> u16 {
        u16_at(self.b, 28)
    }
    #[inline]
    pub fn is_leaf(&self) -> bool {
        self.flags() & flags::LEAF != 0
    }
    #[inline]
    pub fn is_root(&self) -> bool {
        self.flags() & flags::ROOT != 0
    }
    #[inline]
    pub fn is_space_tree(&self) -> bool {
        self.flags() & flags::SPACE_TREE != 0
    }
    #[inline]
    pub fn tag_count(&self) -> usize {
        self.ntags
    }
    #[inline]
    pub fn reserved_tag_count(&self) -> usize {
        self.nreserved
    }

    /// Size of the page header (40 or 80 bytes).
    #[inline]
    pub fn header_size(&self) -> usize {
        self.hdr_size
    }

    /// End of the data area relative to the end of the header (where the tag
    /// array starts): a line's `ib + cb` must not pass it.
    #[inline]
    pub fn data_end(&self) -> usize {
        self.data_end
    }

    /// Whether a compressed node's prefix counts as empty (FDP roots).
    #[inline]
    pub fn ignores_prefix(&self) -> bool {
        self.ignore_prefix
    }

    /// The external header (tag 0); empty on a page without tags.
    #[inline]
    pub fn external_header(&self) -> &'a [u8] {
        self.ext
    }

    /// Reserved tag `i` (0 is the external header; the others exist in newer
    /// formats only). `i` must be below `reserved_tag_count` and `tag_count`.
    pub fn reserved_line(&self, i: usize) -> &'a [u8] {
        // checked when the view was made
        checked_line(self.b, i, self.small, self.hdr_size, self.data_end).unwrap_or(&[])
    }

    /// Count of lines (nodes).
    #[inline]
    pub fn line_count(&self) -> usize {
        self.ntags.saturating_sub(self.nreserved)
    }

    /// The raw bytes and node flags of line `i`.
    #[inline]
    pub fn line(&self, i: usize) -> JetResult<(u8, &'a [u8])> {
        if i >= self.line_count() {
            return Err(JetError::InvalidParameter);
        }
        // below ntags, whose tags `new` found inside the page
        let t = Tag::decode(&self.b[self.b.len() - TAG_SIZE * (self.nreserved + i + 1)..], self.small);
        let (ib, cb) = (t.ib as usize, t.cb as usize);
        if ib + cb > self.data_end {
            return Err(corrupt());
        }
        let start = self.hdr_size + ib;
        let bytes = &self.b[start..start + cb];
        let f = if self.small {
            t.flags
        } else if let [lo, hi, ..] = *bytes {
            (u16::from_le_bytes([lo, hi]) >> 13) as u8
        } else {
            0
        };
        Ok((f, bytes))
    }

    /// The key prefix nodes of this page may draw on.
    #[inline]
    pub fn prefix(&self) -> &'a [u8] {
        self.prefix
    }

    /// Node `i`, with its key split into prefix and suffix.
    #[inline]
    pub fn node(&self, i: usize) -> JetResult<NodeRef<'a>> {
        let (f, line) = self.line(i)?;
        parse_node(f, line, self.prefix, self.ignore_prefix)
    }
}

/// The bytes of tag `itag` of page `b`, if they lie inside its data area
/// (`itag` is below the page's tag count, so the tag itself is inside the page).
#[inline]
fn checked_line(b: &[u8], itag: usize, small: bool, hdr_size: usize, data_end: usize) -> JetResult<&[u8]> {
    let t = Tag::decode(&b[b.len() - TAG_SIZE * (itag + 1)..], small);
    let (ib, cb) = (t.ib as usize, t.cb as usize);
    if ib + cb > data_end {
        return Err(corrupt());
    }
    Ok(&b[hdr_size + ib..hdr_size + ib + cb])
}

/// Parse a line into a node. `ignore_prefix`: FDP root pages, where a
/// compressed node's prefix is taken as empty (as ESE does).
#[inline]
pub fn parse_node<'a>(f: u8, line: &'a [u8], page_prefix: &'a [u8], ignore_prefix: bool) -> JetResult<NodeRef<'a>> {
    let mut o = 0;
    let mut cb_prefix = 0usize;
    if f & node_flags::COMPRESSED != 0 {
        if line.len() < 2 {
            return Err(corrupt());
        }
        cb_prefix = (u16_at(line, 0) & KEY_COUNT_MASK) as usize;
        o = 2;
    }
    if line.len() < o + KEY_COUNT_SIZE {
        return Err(corrupt());
    }
    let cb_suffix = (u16_at(line, o) & KEY_COUNT_MASK) as usize;
    o += KEY_COUNT_SIZE;
    if o + cb_suffix > line.len() {
        return Err(corrupt());
    }
    let prefix = if ignore_prefix {
        &page_prefix[..0]
    } else {
        page_prefix.get(..cb_prefix).ok_or_else(corrupt)?
    };
    Ok(NodeRef { flags: f, prefix, suffix: &line[o..o + cb_suffix], data: &line[o + cb_suffix..] })
}

/// A node to be written: flags (versioned/deleted; compression is decided by
/// the encoder), full key, data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeOut {
    pub flags: u8,
    pub key: Vec<u8>,
    pub data: Vec<u8>,
}

/// Size of a line holding `key_suffix` + `data`, with or without a prefix count.
pub fn line_size(suffix_len: usize, data_len: usize, compressed: bool) -> usize {
    (if compressed { 2 } else { 0 }) + KEY_COUNT_SIZE + suffix_len + data_len
}

/// A whole page held as values, to be changed and encoded back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageData {
    pub page_size: usize,
    pub header: PageHeader,
    /// The external header. On non-root pages it is the key prefix, which the
    /// encoder keeps or replaces by a better one.
    pub ext: Vec<u8>,
    /// Reserved tags beyond the external header (kept as they are).
    pub reserved: Vec<Vec<u8>>,
    pub nodes: Vec<NodeOut>,
}

/// Longest common prefix length.
pub fn lcp(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The bytes a prefix saves over uncompressed nodes: each node sharing more
/// than two bytes with it (ESE's rule: a prefix must beat its count) saves
/// the shared bytes less the count; the prefix itself costs its length.
/// Also returns the prefix cut to what some key shares with it.
fn prefix_savings(keys: &[&[u8]], cand: &[u8]) -> (usize, isize) {
    let lens: Vec<usize> = keys.iter().map(|k| lcp(k, cand)).collect();
    let cut = lens.iter().copied().max().unwrap_or(0);
    if cut <= 2 {
        return (0, 0);
    }
    let save: isize = lens.iter().filter(|&&l| l > 2).map(|&l| l as isize - 2).sum();
    (cut, save - cut as isize)
}

/// The prefix an encoder uses for keys in order, and what it saves.
/// Candidates: the page's current prefix (so that removing nodes never makes
/// a page bigger) and a few keys spread over the page, each cut to the
/// longest prefix it shares with a neighbour.
fn choose_prefix(keys: &[&[u8]], current: &[u8]) -> (Vec<u8>, isize) {
    let n = keys.len();
    let mut best: (Vec<u8>, isize) = (Vec::new(), 0);
    if n == 0 {
        return best;
    }
    if !current.is_empty() {
        let (cut, save) = prefix_savings(keys, current);
        if save > 0 {
            best = (current[..cut].to_vec(), save);
        }
    }
    if n < 2 {
        return best;
    }
    // adjacent lcps; for keys in order, lcp(i, j) (i < j) is the min of adj[i..j]
    let adj: Vec<usize> = (0..n - 1).map(|i| lcp(keys[i], keys[i + 1])).collect();
    let cands = [0, n / 4, n / 2, (3 * n) / 4, n - 1];
    for (ci, &c) in cands.iter().enumerate() {
        if ci > 0 && cands[ci - 1] == c {
            continue;
        }
        let maxlen = adj.get(c).copied().unwrap_or(0).max(if c > 0 { adj[c - 1] } else { 0 });
        if maxlen <= 2 {
            continue;
        }
        let mut save: isize = maxlen as isize - 2 - maxlen as isize; // the key itself, less the prefix's cost
        let mut m = maxlen;
        for j in (0..c).rev() {
            m = m.min(adj[j]);
            if m <= 2 {
                break;
            }
            save += m as isize - 2;
        }
        m = maxlen;
        for a in adj.iter().skip(c) {
            m = m.min(*a);
            if m <= 2 {
                break;
            }
            save += m as isize - 2;
        }
        if save > best.1 {
            best = (keys[c][..maxlen].to_vec(), save);
        }
    }
    best
}

impl PageData {
    /// An empty page of a tree: header only, no external header yet.
    pub fn new(page_size: usize, objid: u32, page_flags: u32, dbtime: u64) -> PageData {
        let ext = if checksum::is_small_page(page_size) { None } else { Some(LargeHeader::default()) };
        PageData {
            page_size,
            header: PageHeader { objid, flags: page_flags, dbtime, ext, ..PageHeader::default() },
            ext: Vec::new(),
            reserved: Vec::new(),
            nodes: Vec::new(),
        }
    }

    /// Decode a page into values (keys decompressed).
    pub fn decode(view: &PageView<'_>) -> JetResult<PageData> {
        let mut nodes = Vec::with_capacity(view.line_count());
        for i in 0..view.line_count() {
            let n = view.node(i)?;
            nodes.push(NodeOut {
                flags: n.flags & !node_flags::COMPRESSED,
                key: n.key(),
                data: n.data.to_vec(),
            });
        }
        // a root's external header is kept as is; another page's (its prefix)
        // is only a candidate for the encoder's next choice
        let ext = view.external_header().to_vec();
        Ok(PageData {
            page_size: view.page_size(),
            header: view.header(),
            ext,
            reserved: (1..view.reserved_tag_count().min(view.tag_count())).map(|i| view.reserved_line(i).to_vec()).collect(),
            nodes,
        })
    }

    fn uses_prefix(&self) -> bool {
        self.header.flags & flags::ROOT == 0
    }

    /// Bytes the page needs for `nodes` (header, tags, lines, external header),
    /// with the prefix compression the encoder will use.
    pub fn used_bytes(&self) -> usize {
        Self::used_bytes_for(self.page_size, self.uses_prefix(), &self.ext, &self.reserved, &self.nodes)
    }

    fn used_bytes_for(page_size: usize, prefix: bool, ext: &[u8], reserved: &[Vec<u8>], nodes: &[NodeOut]) -> usize {
        let mut total = header_size(page_size) + TAG_SIZE * (1 + reserved.len() + nodes.len());
        total += reserved.iter().map(|r| r.len()).sum::<usize>();
        total += nodes.iter().map(|n| line_size(n.key.len(), n.data.len(), false)).sum::<usize>();
        if prefix {
            let keys: Vec<&[u8]> = nodes.iter().map(|n| n.key.as_slice()).collect();
            let (_, save) = choose_prefix(&keys, ext);
            if save > 0 {
                total -= save as usize;
            }
        } else {
            total += ext.len();
        }
        total
    }

    /// Whether `nodes` would fit a non-root page of `page_size` (prefix compression included).
    pub fn nodes_fit(page_size: usize, nodes: &[NodeOut]) -> bool {
        1 + nodes.len() <= MAX_TAGS && Self::used_bytes_for(page_size, true, &[], &[], nodes) <= page_size
    }

    /// Whether the page as it stands fits in its size.
    pub fn fits(&self) -> bool {
        if 1 + self.reserved.len() + self.nodes.len() > MAX_TAGS {
            return false;
        }
        // prefix compression only saves bytes: when the page fits without
        // it, choosing a prefix (a pass over every key) can wait for encoding
        if self.uses_prefix() && Self::used_bytes_for(self.page_size, false, &[], &self.reserved, &self.nodes) <= self.page_size {
            return true;
        }
        self.used_bytes() <= self.page_size
    }

    /// Free bytes left (0 when it does not fit).
    pub fn free_bytes(&self) -> usize {
        self.page_size.saturating_sub(self.used_bytes())
    }

    /// Encode into a full page image (checksum fields left as the header has them;
    /// `checksum::update_checksum` sets them). Data is written contiguously
    /// in line order; unused bytes are zero. Fails with `InternalError` if the
    /// page does not fit (the caller splits first).
    pub fn encode(&self) -> JetResult<Vec<u8>> {
        if !self.fits() {
            return Err(crate::format::internal_error(file!(), line!()));
        }
        let ps = self.page_size;
        let small = checksum::is_small_page(ps);
        let hs = header_size(ps);
        let mut b = vec![0u8; ps];
        let mut tags: Vec<Tag> = Vec::with_capacity(1 + self.reserved.len() + self.nodes.len());
        let mut ib = 0usize;
        let mut put_line = |b: &mut Vec<u8>, bytes: &[u8], f: u8, tags: &mut Vec<Tag>| {
            b[hs + ib..hs + ib + bytes.len()].copy_from_slice(bytes);
            tags.push(Tag { ib: ib as u16, cb: bytes.len() as u16, flags: f });
            ib += bytes.len();
        };
        // external header: the prefix on non-root pages
        let (prefix, use_prefix) = if self.uses_prefix() {
            let keys: Vec<&[u8]> = self.nodes.iter().map(|n| n.key.as_slice()).collect();
            let (prefix, save) = choose_prefix(&keys, &self.ext);
            if save > 0 { (prefix, true) } else { (Vec::new(), false) }
        } else {
            (self.ext.clone(), false)
        };
        put_line(&mut b, &prefix, 0, &mut tags);
        for r in &self.reserved {
            put_line(&mut b, r, 0, &mut tags);
        }
        let mut line = Vec::new();
        for n in &self.nodes {
            line.clear();
            let cp = if use_prefix { lcp(&n.key, &prefix) } else { 0 };
            let compressed = cp > 2;
            let mut f = n.flags & (node_flags::VERSIONED | node_flags::DELETED);
            if compressed {
                f |= node_flags::COMPRESSED;
                line.extend_from_slice(&(cp as u16).to_le_bytes());
            }
            let suffix = if compressed { &n.key[cp..] } else { &n.key[..] };
            line.extend_from_slice(&(suffix.len() as u16).to_le_bytes());
            line.extend_from_slice(suffix);
            line.extend_from_slice(&n.data);
            if !small {
                // large pages: the flags ride in the first key-count word
                let w = u16_at(&line, 0) | ((f as u16) << 13);
                put_u16(&mut line, 0, w);
            }
            put_line(&mut b, &line, if small { f } else { 0 }, &mut tags);
        }
        let tag_area = TAG_SIZE * tags.len();
        if hs + ib + tag_area > ps {
            return Err(crate::format::internal_error(file!(), line!()));
        }
        for (i, t) in tags.iter().enumerate() {
            t.encode(&mut b[ps - TAG_SIZE * (i + 1)..], small);
        }
        let mut h = self.header.clone();
        h.cb_free = (ps - hs - ib - tag_area) as u16;
        h.cb_uncommitted_free = 0;
        h.ib_mic_free = ib as u16;
        h.itag_state = if self.reserved.is_empty() {
            tags.len() as u16
        } else {
            ((1 + self.reserved.len() as u16) << 12) | tags.len() as u16
        };
        h.encode(&mut b);
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The view as it was before its checks were streamlined, kept as the
    /// oracle the fast one must agree with (results and errors).
    mod oracle {
        use super::super::*;

        pub fn tag(b: &[u8], small: bool) -> Tag {
            let (cb, ib) = (u16_at(b, 0), u16_at(b, 2));
            if small {
                Tag { ib: ib & 0x1fff, cb: cb & 0x1fff, flags: (ib >> 13) as u8 }
            } else {
                Tag { ib: ib & 0x7fff, cb: cb & 0x7fff, flags: 0 }
            }
        }

        pub struct View<'a> {
            pub b: &'a [u8],
            pub small: bool,
            pub hdr_size: usize,
            pub ntags: usize,
            pub nreserved: usize,
            pub prefix: &'a [u8],
            pub ignore_prefix: bool,
        }

        impl<'a> View<'a> {
            pub fn new(b: &'a [u8]) -> JetResult<View<'a>> {
                let page_size = b.len();
                if !crate::format::PAGE_SIZES.contains(&page_size) {
                    return Err(JetError::InvalidParameter);
                }
                let small = checksum::is_small_page(page_size);
                let hdr_size = header_size(page_size);
                let itag_state = u16_at(b, 34);
                let ntags = (itag_state & 0x0fff) as usize;
                let nreserved = ((itag_state >> 12) & 0x7).max(1) as usize;
                let tag_area = ntags * TAG_SIZE;
                if hdr_size + tag_area > page_size || (ntags > 0 && ntags < nreserved) {
                    return Err(JetError::DatabaseCorrupted);
                }
                let data_end = page_size - tag_area - hdr_size;
                for i in 0..nreserved.min(ntags) {
                    let t = tag(&b[page_size - TAG_SIZE * (i + 1)..], small);
                    if t.ib as usize + t.cb as usize > data_end {
                        return Err(JetError::DatabaseCorrupted);
                    }
                }
                let mut v = View { b, small, hdr_size, ntags, nreserved, prefix: &[], ignore_prefix: false };
                let f = u32_at(b, 36);
                let (root, space) = (f & flags::ROOT != 0, f & flags::SPACE_TREE != 0);
                v.ignore_prefix = root && !space;
                let ext = v.external_header();
                v.prefix = if !root {
                    ext
                } else if space {
                    ext.get(SPLIT_BUFFER_SIZE..).unwrap_or(&[])
                } else {
                    &[]
                };
                Ok(v)
            }
            pub fn raw_line(&self, itag: usize) -> &'a [u8] {
                let ps = self.b.len();
                let t = tag(&self.b[ps - TAG_SIZE * (itag + 1)..], self.small);
                let start = self.hdr_size + t.ib as usize;
                &self.b[start..start + t.cb as usize]
            }
            pub fn external_header(&self) -> &'a [u8] {
                if self.ntags == 0 { &[] } else { self.raw_line(0) }
            }
            pub fn line_count(&self) -> usize {
                self.ntags.saturating_sub(self.nreserved)
            }
            pub fn line(&self, i: usize) -> JetResult<(u8, &'a [u8])> {
                if i >= self.line_count() {
                    return Err(JetError::InvalidParameter);
                }
                let ps = self.b.len();
                let itag = self.nreserved + i;
                let t = tag(&self.b[ps - TAG_SIZE * (itag + 1)..], self.small);
                let data_end = ps - self.ntags * TAG_SIZE - self.hdr_size;
                if t.ib as usize + t.cb as usize > data_end {
                    return Err(JetError::DatabaseCorrupted);
                }
                let start = self.hdr_size + t.ib as usize;
                let bytes = &self.b[start..start + t.cb as usize];
                let f = if self.small {
                    t.flags
                } else if bytes.len() >= 2 {
                    (u16_at(bytes, 0) >> 13) as u8
                } else {
                    0
                };
                Ok((f, bytes))
            }
            pub fn node(&self, i: usize) -> JetResult<NodeRef<'a>> {
                let (f, line) = self.line(i)?;
                parse_node(f, line, self.prefix, self.ignore_prefix)
            }
        }
    }

    /// splitmix64: the test's source of random numbers.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// The fast view and the oracle agree on `img`: the same error, or the
    /// same sizes, external header, prefix and every line and node (with the
    /// same errors), probing past the end too. Returns whether the page was
    /// viewed, and how many of its nodes were refused as corrupt.
    fn agree(img: &[u8]) -> (bool, usize) {
        let (new, old) = (PageView::new(img), oracle::View::new(img));
        let (v, o) = match (new, old) {
            (Ok(v), Ok(o)) => (v, o),
            (Err(a), Err(b)) => {
                assert_eq!(a, b);
                return (false, 0);
            }
            (a, b) => panic!("view {:?} vs oracle {:?}", a.err(), b.err()),
        };
        assert_eq!((v.tag_count(), v.reserved_tag_count(), v.line_count()), (o.ntags, o.nreserved, o.line_count()));
        assert_eq!((v.is_small(), v.prefix(), v.external_header()), (o.small, o.prefix, o.external_header()));
        assert_eq!((v.header_size(), v.data_end(), v.ignores_prefix()), (o.hdr_size, img.len() - 4 * o.ntags - o.hdr_size, o.ignore_prefix));
        for i in 0..o.nreserved.min(o.ntags) {
            assert_eq!(v.reserved_line(i), o.raw_line(i));
        }
        let mut bad = 0;
        for i in 0..o.line_count() + 3 {
            assert_eq!(v.line(i), o.line(i), "line {i}");
            assert_eq!(v.node(i), o.node(i), "node {i}");
            bad += (v.node(i).err() == Some(JetError::DatabaseCorrupted)) as usize;
        }
        (true, bad)
    }

    fn random_page(r: &mut Rng) -> Vec<u8> {
        let ps = super::super::PAGE_SIZES[r.below(4)];
        let page_flags = [flags::LEAF, flags::LEAF | flags::ROOT, flags::ROOT, flags::ROOT | flags::SPACE_TREE | flags::LEAF, 0][r.below(5)];
        let mut pd = PageData::new(ps, 7, page_flags, 99);
        if page_flags & flags::ROOT != 0 {
            pd.ext = (0..r.below(40)).map(|_| r.next() as u8).collect();
        }
        if r.below(4) == 0 {
            pd.reserved = (0..1 + r.below(3)).map(|k| vec![k as u8; r.below(9)]).collect();
        }
        let n = r.below(60);
        let stem: Vec<u8> = (0..r.below(12)).map(|_| b'a' + r.below(3) as u8).collect();
        let mut keys: Vec<Vec<u8>> = (0..n)
            .map(|_| {
                let mut k = stem.clone();
                k.extend((0..r.below(10)).map(|_| b'a' + r.below(4) as u8));
                k
            })
            .collect();
        keys.sort();
        keys.dedup();
        pd.nodes = keys
            .into_iter()
            .map(|key| NodeOut { flags: (r.below(4) as u8) & 3, key, data: (0..r.below(30)).map(|_| r.next() as u8).collect() })
            .collect();
        let mut img = pd.encode().unwrap();
        // damage: bytes of the tag array, the header's tag counts and flags,
        // line bytes (key counts), or a page of noise
        let region_end = img.len();
        for _ in 0..r.below(4) {
            match r.below(7) {
                0 => {
                    let at = region_end - 1 - r.below(4 * 70);
                    img[at] = r.next() as u8;
                }
                1 => img[34 + r.below(2)] = r.next() as u8,
                2 => img[36] ^= 1 << r.below(8),
                3 => {
                    let at = header_size(ps) + r.below(200);
                    img[at] = r.next() as u8;
                }
                4 => {
                    // a tag's top bits (node flags on small pages, spare on large)
                    let at = region_end - 1 - 4 * r.below(60);
                    img[at] ^= 0xe0;
                }
                5 => {
                    // a line that ends just before, at or just past the data area's end
                    let ntags = (u16_at(&img, 34) & 0xfff) as usize;
                    if ntags > 0 && ntags * 4 + header_size(ps) < ps {
                        let data_end = ps - ntags * 4 - header_size(ps);
                        let itag = r.below(ntags);
                        let at = ps - 4 * (itag + 1);
                        let ib = (u16_at(&img, at + 2) & 0x1fff) as usize;
                        let cb = (data_end + r.below(3)).saturating_sub(1).saturating_sub(ib);
                        put_u16(&mut img, at, cb as u16);
                    }
                }
                _ => {
                    if r.below(10) == 0 {
                        img.iter_mut().for_each(|x| *x = r.next() as u8);
                    }
                }
            }
        }
        img
    }

    #[test]
    fn the_view_agrees_with_the_oracle_on_random_and_damaged_pages() {
        let mut r = Rng(0x5eed_0001);
        let (mut viewed, mut refused, mut bad_nodes) = (0, 0, 0);
        for _ in 0..6000 {
            let img = random_page(&mut r);
            match agree(&img) {
                (true, bad) => {
                    viewed += 1;
                    bad_nodes += bad;
                }
                _ => refused += 1,
            }
        }
        // every kind was exercised
        assert!(viewed > 1000 && refused > 300 && bad_nodes > 300, "viewed {viewed}, refused {refused}, corrupt nodes {bad_nodes}");
        // sizes that are no page size
        for len in [40usize, 100, 2048, 4095, 4097, 12288, 65536] {
            let b = vec![0u8; len];
            assert_eq!(PageView::new(&b).err(), Some(JetError::InvalidParameter));
            assert_eq!(oracle::View::new(&b).err(), Some(JetError::InvalidParameter));
        }
    }

    /// Not part of the normal run: `cargo test --release --lib view_speed -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn view_speed() {
        let mut pd = PageData::new(8192, 7, flags::LEAF, 1);
        pd.nodes = (0..120u32).map(|i| NodeOut { flags: 0, key: format!("key-{i:06}").into_bytes(), data: vec![1; 40] }).collect();
        let img = pd.encode().unwrap();
        let rounds = 2_000_000u64;
        let t = std::time::Instant::now();
        let mut sum = 0usize;
        for k in 0..rounds {
            let v = PageView::new(std::hint::black_box(&img)).unwrap();
            for probe in [60usize, 30, 45, 52, 56, 58, 59] {
                sum += v.node((probe + k as usize) % 120).unwrap().suffix.len();
            }
        }
        let fast = t.elapsed();
        let t = std::time::Instant::now();
        for k in 0..rounds {
            let v = oracle::View::new(std::hint::black_box(&img)).unwrap();
            for probe in [60usize, 30, 45, 52, 56, 58, 59] {
                sum += v.node((probe + k as usize) % 120).unwrap().suffix.len();
            }
        }
        let old = t.elapsed();
        println!("view + 7 nodes: {:.1} ns now, {:.1} ns before ({sum})", fast.as_nanos() as f64 / rounds as f64, old.as_nanos() as f64 / rounds as f64);
    }

    #[test]
    fn the_view_agrees_with_the_oracle_on_the_sample_databases() {
        use crate::format::testdata::{SAMPLES, sample_bytes};
        let mut r = Rng(77);
        for name in SAMPLES {
            let f = sample_bytes(name);
            for p in f.chunks_exact(4096).skip(2) {
                assert!(agree(p).0);
                // and with a few bytes of its tag array or header changed
                for _ in 0..8 {
                    let mut bad = p.to_vec();
                    let at = if r.below(3) == 0 { 34 + r.below(4) } else { 4096 - 1 - r.below(200) };
                    bad[at] = r.next() as u8;
                    agree(&bad);
                }
            }
        }
    }

    fn sample_nodes() -> Vec<NodeOut> {
        (0..50u32)
            .map(|i| NodeOut {
                flags: if i % 7 == 0 { node_flags::VERSIONED } else { 0 },
                key: format!("common-prefix-{:04}", i * 3).into_bytes(),
                data: vec![i as u8; (i % 13) as usize + 1],
            })
            .collect()
    }

    #[test]
    fn encode_decode_round_trip_all_page_sizes() {
        for ps in super::super::PAGE_SIZES {
            for root in [false, true] {
                let mut pd = PageData::new(ps, 9, flags::LEAF | if root { flags::ROOT } else { 0 }, 1234);
                pd.header.pgno_next = 5;
                if root {
                    pd.ext = vec![1; 16];
                }
                pd.nodes = sample_nodes();
                let img = pd.encode().unwrap();
                let v = PageView::new(&img).unwrap();
                assert_eq!(v.line_count(), 50);
                assert_eq!(v.next(), 5);
                assert_eq!(v.dbtime(), 1234);
                let back = PageData::decode(&v).unwrap();
                assert_eq!(back.nodes, pd.nodes);
                if root {
                    assert_eq!(v.external_header(), &[1u8; 16][..]);
                } else {
                    // prefix compression kicked in
                    assert!(v.external_header().len() > 2);
                    assert!(v.node(3).unwrap().flags & node_flags::COMPRESSED != 0);
                }
                let h = v.header();
                assert_eq!(h.cb_free as usize, ps - pd.used_bytes());
                assert_eq!(h.tag_count(), 51);
                // the header round-trips
                let mut hb = vec![0u8; ps];
                h.encode(&mut hb);
                assert_eq!(&hb[..header_size(ps)], &img[..header_size(ps)]);
            }
        }
    }

    #[test]
    fn tags_keep_flags_where_the_layout_puts_them() {
        let t = Tag { ib: 0x1234, cb: 0x0fff, flags: 5 };
        let mut b = [0u8; 4];
        t.encode(&mut b, true);
        assert_eq!(Tag::decode(&b, true), t);
        assert_eq!(u16_at(&b, 2) >> 13, 5);
        let t2 = Tag { ib: 0x7ff0, cb: 0x7001, flags: 0 };
        t2.encode(&mut b, false);
        assert_eq!(Tag::decode(&b, false), t2);
    }

    #[test]
    fn corrupt_tags_are_refused() {
        let mut pd = PageData::new(4096, 1, flags::LEAF, 1);
        pd.nodes = sample_nodes();
        let mut img = pd.encode().unwrap();
        // point a line's tag beyond the data area: reading that line fails
        put_u16(&mut img, 4096 - 8, 0x1ff0);
        let v = PageView::new(&img).unwrap();
        assert_eq!(v.line(0).err(), Some(JetError::DatabaseCorrupted));
        assert_eq!(v.node(0).err(), Some(JetError::DatabaseCorrupted));
        // the external header's tag is checked when the page is viewed
        put_u16(&mut img, 4096 - 2, 0x1ff0);
        assert_eq!(PageView::new(&img).err(), Some(JetError::DatabaseCorrupted));
    }
}
