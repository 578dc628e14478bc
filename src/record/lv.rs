//! Long values in a table's LV tree: their ids (LIDs), the tree's keys and
//! nodes, splitting a value into chunks and reading it back.
//!
//! The LV tree holds, per long value, a root node keyed by the LID alone
//! (big-endian) whose data is LVROOT (reference count u32, size u32, both
//! little-endian) or, when a flag is set (encrypted), LVROOT2 (the same plus
//! a flags byte); then the chunks, keyed by LID + offset (big-endian u32),
//! each holding `chunk_size` bytes except the last. A chunk is compressed
//! exactly when it is stored shorter than that (see `compress`). LIDs are
//! 32-bit (keys of 4 and 8 bytes) or, in the newer format, 64-bit with the
//! top bit set (keys of 8 and 12 bytes); an 8-byte key is a 64-bit root if
//! its top bit is set, else a 32-bit chunk. Records refer to a separated value
//! by its LID, little-endian, 4 or 8 bytes.
//!
//! Must never: touch the tree itself (callers walk it) or panic on corrupt nodes.

use std::borrow::Cow;

use crate::error::{JetError, JetResult};
use crate::record::compress;

/// A long value id.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LvId(pub u64);

impl LvId {
    /// Set in every 64-bit LID (and so in the first byte of its keys).
    pub const LID64_FLAG: u64 = 1 << 63;
    pub const LID32_MAX: u64 = 0x7FFF_FFFF;
    pub const LID64_MAX: u64 = Self::LID64_FLAG | !(Self::LID64_FLAG | (0xFF << 56));
    /// The first 64-bit LID a table hands out.
    pub const LID64_FIRST: u64 = Self::LID64_FLAG | (Self::LID32_MAX + 2);
    /// Past these, ESE fails with JET_errOutOfLongValueIDs.
    pub const LID32_MAX_ALLOWED: u64 = Self::LID32_MAX - 256;
    pub const LID64_MAX_ALLOWED: u64 = Self::LID64_MAX - u32::MAX as u64;

    pub fn is_lid64(self) -> bool {
        self.0 & Self::LID64_FLAG != 0
    }

    pub fn is_valid(self) -> bool {
        if self.is_lid64() { self.0 <= Self::LID64_MAX } else { self.0 > 0 && self.0 <= Self::LID32_MAX }
    }

    /// The first LID of a table in the given format.
    pub fn first(lid64: bool) -> LvId {
        LvId(if lid64 { Self::LID64_FIRST } else { 1 })
    }

    /// Bytes of the reference a record holds: 4 or 8.
    pub fn reference_len(self) -> usize {
        if self.is_lid64() { 8 } else { 4 }
    }

    /// The reference a record holds (little-endian).
    pub fn to_reference(self) -> Vec<u8> {
        if self.is_lid64() { self.0.to_le_bytes().to_vec() } else { (self.0 as u32).to_le_bytes().to_vec() }
    }

    /// Reads a record's reference: 4 bytes (a 32-bit LID, top bit clear) or
    /// 8 bytes (a 64-bit LID, top bit set).
    pub fn from_reference(b: &[u8]) -> JetResult<LvId> {
        let lid = match b.len() {
            4 => LvId(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64),
            8 => LvId(u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])),
            _ => return Err(JetError::DatabaseCorrupted),
        };
        if !lid.is_valid() || lid.is_lid64() != (b.len() == 8) {
            return Err(JetError::DatabaseCorrupted);
        }
        Ok(lid)
    }

    /// Key of the value's root node.
    pub fn root_key(self) -> Vec<u8> {
        if self.is_lid64() { self.0.to_be_bytes().to_vec() } else { (self.0 as u32).to_be_bytes().to_vec() }
    }

    /// Key of the chunk that starts at `offset` (a multiple of the chunk size).
    pub fn chunk_key(self, offset: u32) -> Vec<u8> {
        let mut k = self.root_key();
        k.extend_from_slice(&offset.to_be_bytes());
        k
    }
}

/// What an LV tree key names.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum LvKey {
    Root(LvId),
    Chunk(LvId, u32),
}

pub fn parse_key(key: &[u8]) -> JetResult<LvKey> {
    let be32 = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let be64 = |b: &[u8]| u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    let parsed = match key.len() {
        4 => LvKey::Root(LvId(be32(key) as u64)),
        8 if key[0] & 0x80 != 0 => LvKey::Root(LvId(be64(key))),
        8 => LvKey::Chunk(LvId(be32(key) as u64), be32(&key[4..])),
        12 => LvKey::Chunk(LvId(be64(key)), be32(&key[8..])),
        _ => return Err(JetError::LVCorrupted),
    };
    let lid = match parsed {
        LvKey::Root(l) | LvKey::Chunk(l, _) => l,
    };
    // the key's size must agree with the LID's format (4/8: 32-bit; 8/12: 64-bit)
    let lid64_key = key.len() == 12 || (key.len() == 8 && key[0] & 0x80 != 0);
    if !lid.is_valid() || lid.is_lid64() != lid64_key {
        return Err(JetError::LVCorrupted);
    }
    Ok(parsed)
}

/// LVROOT / LVROOT2.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct LvRoot {
    pub ref_count: u32,
    /// The value's logical (uncompressed) size.
    pub size: u32,
    /// LVROOT2's flags (0x01 encrypted); 0 is written as the 8-byte LVROOT.
    pub flags: u8,
}

impl LvRoot {
    pub const FLAG_ENCRYPTED: u8 = 0x01;

    pub fn parse(data: &[u8]) -> JetResult<LvRoot> {
        if data.len() != 8 && data.len() != 9 {
            return Err(JetError::LVCorrupted);
        }
        Ok(LvRoot {
            ref_count: u32::from_le_bytes([data[0], data[1], data[2], data[3]]),
            size: u32::from_le_bytes([data[4], data[5], data[6], data[7]]),
            flags: data.get(8).copied().unwrap_or(0),
        })
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(9);
        v.extend_from_slice(&self.ref_count.to_le_bytes());
        v.extend_from_slice(&self.size.to_le_bytes());
        if self.flags != 0 {
            v.push(self.flags);
        }
        v
    }

    pub fn encrypted(&self) -> bool {
        self.flags & Self::FLAG_ENCRYPTED != 0
    }
}

/// The nodes of one long value, as ESE inserts them (reference count 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LongValueNodes {
    pub root_key: Vec<u8>,
    pub root: Vec<u8>,
    /// (key, data) per chunk, in key order.
    pub chunks: Vec<(Vec<u8>, Vec<u8>)>,
}

/// Splits `value` into chunks of `chunk_size` bytes. With
/// `compress_min_xpress` (a compressed column: JET_paramMinDataForXpress)
/// each chunk is compressed when ESE would (`compress::compress_lv_chunk`).
/// Fails with ColumnTooBig beyond u32 sizes.
pub fn build(lid: LvId, value: &[u8], chunk_size: usize, compress_min_xpress: Option<usize>) -> JetResult<LongValueNodes> {
    if chunk_size == 0 {
        return Err(JetError::InvalidLVChunkSize);
    }
    if value.len() > u32::MAX as usize {
        return Err(JetError::ColumnTooBig);
    }
    let root = LvRoot { ref_count: 1, size: value.len() as u32, flags: 0 };
    let mut chunks = Vec::with_capacity(value.len().div_ceil(chunk_size));
    for (i, piece) in value.chunks(chunk_size).enumerate() {
        let data = compress_min_xpress
            .and_then(|min| compress::compress_lv_chunk(piece, min))
            .unwrap_or_else(|| piece.to_vec());
        chunks.push((lid.chunk_key((i * chunk_size) as u32), data));
    }
    Ok(LongValueNodes { root_key: lid.root_key(), root: root.encode(), chunks })
}

/// The logical length of the chunk at `offset` of a value of `size` bytes.
pub fn chunk_len(offset: u32, size: u32, chunk_size: usize) -> usize {
    (size.saturating_sub(offset) as usize).min(chunk_size)
}

/// A chunk's bytes as stored -> its logical bytes (decompressed when stored
/// shorter than its logical length). LVCorrupted when the sizes disagree.
pub fn decode_chunk(offset: u32, stored: &[u8], size: u32, chunk_size: usize) -> JetResult<Cow<'_, [u8]>> {
    let expected = chunk_len(offset, size, chunk_size);
    if !offset.is_multiple_of(chunk_size as u32) || offset >= size || stored.len() > expected {
        return Err(JetError::LVCorrupted);
    }
    if stored.len() == expected {
        return Ok(Cow::Borrowed(stored));
    }
    if stored.is_empty() {
        return Err(JetError::LVCorrupted);
    }
    if compress::decompressed_len(stored)? != expected {
        return Err(JetError::LVCorrupted);
    }
    Ok(Cow::Owned(compress::decompress(stored)?))
}

/// Offsets of the chunks holding bytes `ib .. ib + cb` of a value of `size` bytes.
pub fn chunk_offsets(size: u32, chunk_size: usize, ib: u32, cb: usize) -> impl Iterator<Item = u32> {
    let cs = chunk_size.max(1) as u64;
    let end = (ib as u64 + cb as u64).min(size as u64);
    let first = (ib as u64 / cs) * cs;
    let mut off = first;
    std::iter::from_fn(move || {
        if off >= end {
            return None;
        }
        let o = off;
        off += cs;
        Some(o as u32)
    })
}

/// Reads at most `max` bytes from offset `ib` of the value whose root is
/// `root`, fetching chunks by offset through `fetch` (None: chunk missing,
/// which is corruption). Returns the bytes read; the value's remaining size
/// from `ib` is `root.size - ib` (0 when `ib` is past the end).
pub fn read(
    root: &LvRoot,
    chunk_size: usize,
    ib: u32,
    max: usize,
    mut fetch: impl FnMut(u32) -> JetResult<Option<Vec<u8>>>,
) -> JetResult<Vec<u8>> {
    if chunk_size == 0 {
        return Err(JetError::InvalidLVChunkSize);
    }
    if root.encrypted() {
        return Err(JetError::ColumnNoEncryptionKey);
    }
    let want = (root.size.saturating_sub(ib) as usize).min(max);
    if want == 0 {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(want.min(1 << 24));
    for off in chunk_offsets(root.size, chunk_size, ib, want) {
        let stored = fetch(off)?.ok_or(JetError::LVCorrupted)?;
        let chunk = decode_chunk(off, &stored, root.size, chunk_size)?;
        let from = ib.saturating_sub(off) as usize;
        let take = (want - out.len()).min(chunk.len() - from);
        out.extend_from_slice(&chunk[from..from + take]);
    }
    if out.len() != want {
        return Err(JetError::LVCorrupted);
    }
    Ok(out)
}

/// Reassembles a whole value from its root and chunk nodes (data as stored).
pub fn assemble(root_data: &[u8], chunks: &[(Vec<u8>, Vec<u8>)], chunk_size: usize) -> JetResult<Vec<u8>> {
    let root = LvRoot::parse(root_data)?;
    let mut by_offset = std::collections::BTreeMap::new();
    for (k, d) in chunks {
        if let LvKey::Chunk(_, off) = parse_key(k)? {
            by_offset.insert(off, d.clone());
        }
    }
    read(&root, chunk_size, 0, root.size as usize, |off| Ok(by_offset.get(&off).cloned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::testrng::Rng;

    #[test]
    fn lid_formats() {
        let l = LvId(5);
        assert_eq!(l.root_key(), vec![0, 0, 0, 5]);
        assert_eq!(l.chunk_key(4014), vec![0, 0, 0, 5, 0, 0, 0x0f, 0xae]);
        assert_eq!(l.to_reference(), vec![5, 0, 0, 0]);
        assert_eq!(LvId::from_reference(&[5, 0, 0, 0]).unwrap(), l);
        let l64 = LvId::first(true);
        assert_eq!(l64.0, 0x8000_0000_8000_0001);
        assert_eq!(l64.reference_len(), 8);
        assert_eq!(LvId::from_reference(&l64.to_reference()).unwrap(), l64);
        assert_eq!(parse_key(&l64.root_key()).unwrap(), LvKey::Root(l64));
        assert_eq!(parse_key(&l64.chunk_key(8150)).unwrap(), LvKey::Chunk(l64, 8150));
        assert_eq!(parse_key(&l.chunk_key(0)).unwrap(), LvKey::Chunk(l, 0));
        assert_eq!(parse_key(&l.root_key()).unwrap(), LvKey::Root(l));
        // a 4-byte reference cannot carry the 64-bit flag, nor an 8-byte one lack it
        assert!(LvId::from_reference(&[0, 0, 0, 0x80]).is_err());
        assert!(LvId::from_reference(&[1, 0, 0, 0, 0, 0, 0, 0]).is_err());
        assert!(LvId::from_reference(&[0, 0, 0, 0]).is_err());
        assert!(parse_key(&[1, 2, 3]).is_err());
        assert!(parse_key(&[0x80, 0, 0, 1]).is_err());
        assert!(parse_key(&[0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0]).is_err());
    }

    #[test]
    fn root_layouts() {
        let r = LvRoot { ref_count: 1, size: 0x409, flags: 0 };
        assert_eq!(r.encode(), vec![1, 0, 0, 0, 9, 4, 0, 0]);
        assert_eq!(LvRoot::parse(&r.encode()).unwrap(), r);
        let r2 = LvRoot { flags: 1, ..r };
        assert_eq!(r2.encode().len(), 9);
        assert!(LvRoot::parse(&r2.encode()).unwrap().encrypted());
        assert!(LvRoot::parse(&[0; 7]).is_err());
    }

    #[test]
    fn build_and_read_round_trip() {
        let mut rng = Rng::new(42);
        for &compress in &[None, Some(1024usize)] {
            for _ in 0..40 {
                let len = rng.below(30000) as usize;
                let v: Vec<u8> = if rng.chance(2) {
                    (0..len).map(|i| b"abcdefgh"[(i / 7) % 8]).collect()
                } else {
                    rng.bytes(len)
                };
                let lid = LvId(1 + rng.below(1000) as u64);
                let nodes = build(lid, &v, 4014, compress).unwrap();
                assert_eq!(nodes.chunks.len(), v.len().div_ceil(4014));
                for (i, (k, d)) in nodes.chunks.iter().enumerate() {
                    assert_eq!(parse_key(k).unwrap(), LvKey::Chunk(lid, (i * 4014) as u32));
                    assert!(d.len() <= 4014);
                }
                assert_eq!(assemble(&nodes.root, &nodes.chunks, 4014).unwrap(), v);
                // partial reads
                let root = LvRoot::parse(&nodes.root).unwrap();
                let map: std::collections::HashMap<u32, Vec<u8>> = nodes
                    .chunks
                    .iter()
                    .map(|(k, d)| match parse_key(k).unwrap() {
                        LvKey::Chunk(_, o) => (o, d.clone()),
                        _ => unreachable!(),
                    })
                    .collect();
                for _ in 0..5 {
                    let ib = rng.below(len as u32 + 10);
                    let max = rng.below(9000) as usize;
                    let got = read(&root, 4014, ib, max, |o| Ok(map.get(&o).cloned())).unwrap();
                    let s = (ib as usize).min(len);
                    let e = (s + max).min(len);
                    assert_eq!(got, v[s..e]);
                }
            }
        }
    }

    #[test]
    fn compressed_chunks_are_shorter() {
        let v = vec![b'z'; 10000];
        let nodes = build(LvId(1), &v, 4014, Some(1024)).unwrap();
        assert!(nodes.chunks.iter().all(|(_, d)| d.len() < 100));
        assert_eq!(nodes.chunks[0].1[0] >> 3, compress::SCHEME_XPRESS);
        // a short tail is 7-bit compressed
        let v = vec![b'z'; 4014 + 100];
        let nodes = build(LvId(1), &v, 4014, Some(1024)).unwrap();
        assert_eq!(nodes.chunks[1].1[0] >> 3, compress::SCHEME_7BIT_ASCII);
    }

    #[test]
    fn corrupt_chunks_are_reported() {
        let root = LvRoot { ref_count: 1, size: 5000, flags: 0 };
        // missing chunk
        assert_eq!(read(&root, 4014, 0, 5000, |_| Ok(None)), Err(JetError::LVCorrupted));
        // chunk too long
        assert_eq!(read(&root, 4014, 0, 10, |_| Ok(Some(vec![0; 4015]))), Err(JetError::LVCorrupted));
        // short chunk that is not compressed data
        assert!(read(&root, 4014, 0, 10, |_| Ok(Some(vec![0xff; 10]))).is_err());
        // compressed chunk of the wrong logical size
        let c = compress::compress_7bit_ascii(&[b'a'; 900]).unwrap();
        assert_eq!(read(&root, 4014, 4014, 10, |_| Ok(Some(c.clone()))), Err(JetError::LVCorrupted));
        // past the end: nothing to read
        assert_eq!(read(&root, 4014, 6000, 10, |_| Ok(None)), Ok(vec![]));
    }
}
