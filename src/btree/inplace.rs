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
            if has_key(&n, key) && (tree.unique || n.data == data) {
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

/// Whether node `n`'s key (prefix and suffix) is `key`.
fn has_key(n: &page::NodeRef<'_>, key: &[u8]) -> bool {
    n.prefix.len() + n.suffix.len() == key.len() && key.starts_with(n.prefix) && key[n.prefix.len()..] == *n.suffix
}

/// Where an entry sits in a leaf image (`find_exact`).
struct Found {
    /// Its tag, and the page's tag and line counts.
    itag: usize,
    ntags: usize,
    lines: usize,
    /// Its line's offset in the image and length, and its data's length.
    at: usize,
    len: usize,
    data_len: usize,
}

/// Where the entry `t` names exactly sits in a non-root leaf image. None
/// when it is not there or a flag-deleted leftover is (the decoding path
/// decides those).
fn find_exact(img: &[u8], tree: &Tree, t: &Target<'_>, key: &[u8], data: Option<&[u8]>) -> JetResult<Option<Found>> {
    let v = PageView::new(img)?;
    check_page(&v, tree, Some(true))?;
    if v.is_root() || v.header().cb_uncommitted_free != 0 {
        return Ok(None);
    }
    let idx = leaf_index(&v, tree.unique, t)?;
    if idx >= v.line_count() {
        return Ok(None);
    }
    let n = v.node(idx)?;
    if n.flags & node_flags::DELETED != 0 || !has_key(&n, key) || data.is_some_and(|d| n.data != d) {
        return Ok(None);
    }
    let (_, line) = v.line(idx)?;
    let at = line.as_ptr() as usize - img.as_ptr() as usize;
    Ok(Some(Found {
        itag: v.reserved_tag_count() + idx,
        ntags: v.tag_count(),
        lines: v.line_count(),
        at,
        len: line.len(),
        data_len: n.data.len(),
    }))
}

/// Give the entry `key` of a unique tree new data of the same size, in
/// place. `Ok(false)`: not here (the caller decodes the page).
pub(crate) fn replace(img: &mut [u8], tree: &Tree, t: &Target<'_>, key: &[u8], data: &[u8]) -> JetResult<bool> {
    let Some(f) = find_exact(img, tree, t, key, None)? else { return Ok(false) };
    if f.data_len != data.len() {
        return Ok(false);
    }
    img[f.at + f.len - f.data_len..f.at + f.len].copy_from_slice(data);
    Ok(true)
}

/// Remove an entry in place when the page keeps at least half its bytes in
/// use and another entry (no merge or page removal can follow). `Ok(false)`:
/// not here (the caller decodes the page). The line's bytes become free
/// space (a hole when other lines follow it, as on ESE's pages).
pub(crate) fn delete(img: &mut [u8], tree: &Tree, t: &Target<'_>, key: &[u8], data: Option<&[u8]>) -> JetResult<bool> {
    let Some(Found { itag, ntags, lines, at, len, .. }) = find_exact(img, tree, t, key, data)? else { return Ok(false) };
    let ps = img.len();
    let hs = header_size(ps);
    let mut header = PageHeader::decode(img, ps);
    let used_after = ps - (header.cb_free as usize + len + TAG_SIZE);
    if lines < 2 || used_after < ps / 2 {
        return Ok(false);
    }
    // drop tag `itag`: the tags after it move up one slot
    let lo = ps - TAG_SIZE * ntags;
    let hi = ps - TAG_SIZE * (itag + 1);
    img.copy_within(lo..hi, lo + TAG_SIZE);
    img[lo..lo + TAG_SIZE].fill(0);
    img[at..at + len].fill(0);
    if at + len == hs + header.ib_mic_free as usize {
        header.ib_mic_free -= len as u16;
    }
    header.cb_free += (len + TAG_SIZE) as u16;
    header.itag_state = (header.itag_state & 0xF000) | (ntags as u16 - 1);
    header.encode(img);
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::btree::TreeKind;
    use crate::format::page::{NodeOut, PageData, flags};

    fn tree(unique: bool) -> Tree {
        Tree { root: 1, objid: 7, unique, kind: TreeKind::Primary, fdp: 1, page_flags: 0 }
    }

    fn leaf(ps: usize, keys: &[u32]) -> Vec<u8> {
        let mut pd = PageData::new(ps, 7, flags::LEAF, 5);
        pd.nodes = keys.iter().map(|k| NodeOut { flags: 0, key: format!("key-{k:06}").into_bytes(), data: vec![*k as u8; 20] }).collect();
        pd.encode().unwrap()
    }

    fn nodes(img: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
        PageData::decode(&PageView::new(img).unwrap()).unwrap().nodes.into_iter().map(|n| (n.key, n.data)).collect()
    }

    fn k(n: u32) -> Vec<u8> {
        format!("key-{n:06}").into_bytes()
    }

    /// Inserts, same-size replaces and deletes in place read back as the
    /// same changes made to the decoded page, on both page layouts.
    #[test]
    fn in_place_changes_match_the_model() {
        for ps in [4096, 8192, 32768] {
            let t = tree(true);
            let mut img = leaf(ps, &(0..40).map(|i| i * 10).collect::<Vec<_>>());
            let mut model: std::collections::BTreeMap<Vec<u8>, Vec<u8>> = nodes(&img).into_iter().collect();
            let mut done = 0;
            for (step, n) in (0..400u32).map(|i| (i, (i * 7919) % 400)).collect::<Vec<_>>() {
                let key = k(n);
                let target = Target { key: &key, data: None, after: false };
                match step % 3 {
                    0 => {
                        let data = vec![(n % 251) as u8; 20];
                        match insert(&mut img, &t, &target, &key, &data) {
                            Ok(true) => {
                                assert!(model.insert(key.clone(), data).is_none(), "{ps} step {step}: inserted a duplicate");
                                done += 1;
                            }
                            Ok(false) => {}
                            Err(JetError::KeyDuplicate) => assert!(model.contains_key(&key)),
                            Err(e) => panic!("{e:?}"),
                        }
                    }
                    1 => {
                        let data = vec![(n % 13) as u8; 20];
                        if replace(&mut img, &t, &target, &key, &data).unwrap() {
                            assert!(model.insert(key.clone(), data).is_some());
                            done += 1;
                        }
                    }
                    _ => {
                        if delete(&mut img, &t, &target, &key, None).unwrap() {
                            assert!(model.remove(&key).is_some());
                            done += 1;
                        }
                    }
                }
                let got: Vec<_> = nodes(&img);
                let want: Vec<_> = model.iter().map(|(a, b)| (a.clone(), b.clone())).collect();
                assert_eq!(got, want, "{ps} step {step}");
                let h = PageView::new(&img).unwrap().header();
                assert!(h.ib_mic_free as usize + header_size(ps) + TAG_SIZE * PageView::new(&img).unwrap().tag_count() <= ps);
            }
            assert!(done > 50, "{ps}: only {done} changes went in place");
        }
    }

    #[test]
    fn roots_and_leftovers_take_the_decoding_path() {
        let t = tree(true);
        let mut pd = PageData::new(8192, 7, flags::LEAF | flags::ROOT, 5);
        pd.nodes = vec![NodeOut { flags: 0, key: k(1), data: vec![1] }];
        let mut img = pd.encode().unwrap();
        let key = k(2);
        let target = Target { key: &key, data: None, after: false };
        assert!(!insert(&mut img, &t, &target, &key, &[2]).unwrap());
        let mut pd = PageData::new(8192, 7, flags::LEAF, 5);
        pd.nodes = vec![NodeOut { flags: node_flags::DELETED, key: k(2), data: vec![1] }, NodeOut { flags: 0, key: k(3), data: vec![1] }];
        let mut img = pd.encode().unwrap();
        let before = img.clone();
        assert!(!insert(&mut img, &t, &target, &key, &[2]).unwrap());
        assert_eq!(img, before);
        // another tree's page is corruption, as on the decoding path
        assert_eq!(insert(&mut img, &Tree { objid: 8, ..t }, &target, &key, &[2]).err(), Some(JetError::DatabaseCorrupted));
    }
}
