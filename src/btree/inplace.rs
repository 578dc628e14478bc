//! Inserting a node into a leaf page's bytes without decoding the page.
//!
//! The usual write path decodes a page into `PageData` (a vector per node),
//! changes it and encodes it whole. For the common insert into a leaf that
//! has room, that costs a pass over every node of the page; here the new
//! line goes into the free space after the data area, its tag is slotted into
//! the tag array and the header's counts move, as ESE itself inserts. The
//! page keeps its key prefix (the new key is compressed against it when that
//! saves bytes, by the encoder's rule).
//!
//! Owns: the in-place insert and its conditions.
//! Must never: change a page that does not have the room in one contiguous
//! stretch, a root page, or a page whose node at the insert position is a
//! flag-deleted leftover (those take the decoding path, which cleans them).

use super::cursor::{Target, check_page, leaf_index};
use super::store::Tree;
use crate::error::{JetError, JetResult};
use crate::format::page::{self, MAX_TAGS, PageHeader, PageView, TAG_SIZE, Tag, header_size, lcp, node_flags};

/// Put `key`/`data` into the leaf image `img` of `tree`. `Ok(true)`: done;
/// `Ok(false)`: not possible here, `img` is untouched (the caller decodes
/// the page); `Err(KeyDuplicate)`: the entry exists (as the decoding path
/// says it).
pub(crate) fn insert(img: &mut [u8], tree: &Tree, t: &Target<'_>, key: &[u8], data: &[u8]) -> JetResult<bool> {
    let ps = img.len();
    let hs = header_size(ps);
    let (line, line_flags, itag, ntags, small, mut header) = {
        let v = PageView::new(img)?;
        check_page(&v, tree, Some(true))?;
        if v.is_root() {
            return Ok(false);
        }
        let header = v.header();
        if header.cb_uncommitted_free != 0 {
            return Ok(false);
        }
        let idx = leaf_index(&v, tree.unique, t)?;
        if idx < v.line_count() {
            let n = v.node(idx)?;
            if n.flags & node_flags::DELETED != 0 {
                return Ok(false);
            }
            let same_key = n.prefix.len() + n.suffix.len() == key.len() && key.starts_with(n.prefix) && key[n.prefix.len()..] == *n.suffix;
            if same_key && (tree.unique || n.data == data) {
                return Err(JetError::KeyDuplicate);
            }
        }
        // the line as the encoder would write it against this page's prefix
        let prefix = v.prefix();
        let cp = lcp(key, prefix);
        let compressed = cp > 2;
        let suffix = if compressed { &key[cp..] } else { key };
        let mut line = Vec::with_capacity(4 + suffix.len() + data.len());
        let f = if compressed { node_flags::COMPRESSED } else { 0 };
        if compressed {
            line.extend_from_slice(&(cp as u16).to_le_bytes());
        }
        line.extend_from_slice(&(suffix.len() as u16).to_le_bytes());
        line.extend_from_slice(suffix);
        line.extend_from_slice(data);
        if !v.is_small() {
            // large pages: the flags ride in the first key-count word
            let w = u16::from_le_bytes([line[0], line[1]]) | ((f as u16) << 13);
            line[..2].copy_from_slice(&w.to_le_bytes());
        }
        (line, f, v.reserved_tag_count() + idx, v.tag_count(), v.is_small(), header)
    };
    // room: one contiguous stretch between the data area and the tag array
    let tag_area = TAG_SIZE * ntags;
    let data_end = header.ib_mic_free as usize;
    let room = (ps - hs - tag_area).saturating_sub(data_end);
    if ntags + 1 > MAX_TAGS || line.len() + TAG_SIZE > room || (header.cb_free as usize) < line.len() + TAG_SIZE {
        return Ok(false);
    }
    // the line after the data area
    img[hs + data_end..hs + data_end + line.len()].copy_from_slice(&line);
    // tags run backwards from the page's end: make room for tag `itag`
    let lo = ps - TAG_SIZE * ntags;
    let hi = ps - TAG_SIZE * itag;
    img.copy_within(lo..hi, lo - TAG_SIZE);
    let tag = Tag { ib: data_end as u16, cb: line.len() as u16, flags: if small { line_flags } else { 0 } };
    tag.encode(&mut img[hi - TAG_SIZE..hi], small);
    header.cb_free -= (line.len() + TAG_SIZE) as u16;
    header.ib_mic_free = (data_end + line.len()) as u16;
    header.itag_state = (header.itag_state & 0xF000) | (ntags as u16 + 1);
    header.encode(img);
    Ok(true)
}

/// Give a page changed in place what `Op::commit` gives every changed page:
/// the operation's dbtime, a cleared flush type, its number in the
/// large-page header.
pub(crate) fn stamp(img: &mut [u8], pgno: u32, dbtime: u64) {
    let mut h = PageHeader::decode(img, img.len());
    h.dbtime = dbtime;
    h.flags &= !page::flags::FLUSH_TYPE_MASK;
    if let Some(x) = h.ext.as_mut() {
        x.pgno = pgno;
    }
    h.encode(img);
}
