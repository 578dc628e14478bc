//! Space structures ESE persists: the space header in the external header of
//! a tree's root (FDP) page, the split buffer in the external header of a
//! space tree's root, and the nodes of the OwnExt/AvailExt trees.
//!
//! SPACE_HEADER (16 bytes): 0 cpgPrimary (or, with flag v2, the size of the
//! last extent allocated), 4 pgnoParent, 8 flags (0x1 multiple extent, 0x2
//! non-unique keys, 0x4 v2), 12 either the bitmap of available pages after
//! the FDP (single extent: bit i = page pgnoFDP+1+i) or pgnoOE (multiple
//! extent; AvailExt is always pgnoOE + 1).
//!
//! Newer formats may put a flag byte before it in the external header (bit 0:
//! a space header follows; bit 1: an autoincrement QWORD follows it).
//!
//! Extent nodes: key = last page of the extent, 4 bytes big-endian (AvailExt
//! nodes of a non-general pool have a 5-byte key: 0x80|pool, then the page);
//! data = page count, u32 little-endian.

use super::le::*;
use crate::error::{JetError, JetResult};

pub const SPACE_HEADER_SIZE: usize = 16;
pub const SPH_MULTIPLE_EXTENT: u32 = 0x1;
pub const SPH_NON_UNIQUE: u32 = 0x2;
pub const SPH_V2: u32 = 0x4;
/// Trees of at most this many pages may keep their space in the header's bitmap.
pub const SINGLE_EXTENT_MAX: u32 = 32;

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct SpaceHeader {
    /// cpgPrimary (v1) or the size of the last allocation (v2).
    pub cpg_primary: u32,
    pub pgno_parent: u32,
    pub flags: u32,
    /// Single extent: available-page bitmap. Multiple extent: pgnoOE.
    pub bits_or_pgno_oe: u32,
}

impl SpaceHeader {
    pub fn decode(b: &[u8]) -> JetResult<SpaceHeader> {
        if b.len() < SPACE_HEADER_SIZE {
            return Err(JetError::DatabaseCorrupted);
        }
        Ok(SpaceHeader { cpg_primary: u32_at(b, 0), pgno_parent: u32_at(b, 4), flags: u32_at(b, 8), bits_or_pgno_oe: u32_at(b, 12) })
    }
    pub fn encode(&self) -> [u8; SPACE_HEADER_SIZE] {
        let mut b = [0u8; SPACE_HEADER_SIZE];
        put_u32(&mut b, 0, self.cpg_primary);
        put_u32(&mut b, 4, self.pgno_parent);
        put_u32(&mut b, 8, self.flags);
        put_u32(&mut b, 12, self.bits_or_pgno_oe);
        b
    }
    pub fn is_multiple(&self) -> bool {
        self.flags & SPH_MULTIPLE_EXTENT != 0
    }
    pub fn is_unique(&self) -> bool {
        self.flags & SPH_NON_UNIQUE == 0
    }
    pub fn pgno_oe(&self) -> Option<u32> {
        if self.is_multiple() { Some(self.bits_or_pgno_oe) } else { None }
    }
    pub fn pgno_ae(&self) -> Option<u32> {
        self.pgno_oe().map(|p| p + 1)
    }
    /// A single-extent header for a tree of `cpg` pages whose pages after the
    /// root are all available (ESE's ErrSPICreateSingle).
    pub fn single(pgno_parent: u32, cpg: u32, unique: bool) -> SpaceHeader {
        let bits = if cpg > SINGLE_EXTENT_MAX {
            u32::MAX
        } else if cpg <= 1 {
            0
        } else {
            (1u32 << (cpg - 1)) - 1
        };
        SpaceHeader { cpg_primary: cpg, pgno_parent, flags: if unique { 0 } else { SPH_NON_UNIQUE }, bits_or_pgno_oe: bits }
    }
    pub fn multiple(pgno_parent: u32, cpg: u32, unique: bool, pgno_oe: u32) -> SpaceHeader {
        SpaceHeader {
            cpg_primary: cpg,
            pgno_parent,
            flags: SPH_MULTIPLE_EXTENT | if unique { 0 } else { SPH_NON_UNIQUE },
            bits_or_pgno_oe: pgno_oe,
        }
    }
}

/// The space header inside a root page's external header, in either layout.
pub fn space_header_in_ext(ext: &[u8]) -> JetResult<SpaceHeader> {
    match ext.len() {
        SPACE_HEADER_SIZE => SpaceHeader::decode(ext),
        n if n > SPACE_HEADER_SIZE && ext[0] & 1 != 0 => SpaceHeader::decode(&ext[1..]),
        _ => Err(JetError::DatabaseCorrupted),
    }
}

/// Replace the space header in a root page's external header, keeping the
/// layout (and any other field) it has.
pub fn set_space_header_in_ext(ext: &mut Vec<u8>, sph: &SpaceHeader) {
    if ext.len() > SPACE_HEADER_SIZE && ext[0] & 1 != 0 {
        ext[1..1 + SPACE_HEADER_SIZE].copy_from_slice(&sph.encode());
    } else {
        *ext = sph.encode().to_vec();
    }
}

/// Split buffer: up to two extents of pages a space tree keeps for its own
/// splits (owned, but not in AvailExt). 16 bytes: (pgnoLast, cpg) twice.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct SplitBuffer {
    pub extents: [(u32, u32); 2],
}

impl SplitBuffer {
    pub fn decode(b: &[u8]) -> SplitBuffer {
        if b.len() < 16 {
            return SplitBuffer::default();
        }
        SplitBuffer { extents: [(u32_at(b, 0), u32_at(b, 4)), (u32_at(b, 8), u32_at(b, 12))] }
    }
    pub fn encode(&self) -> [u8; 16] {
        let mut b = [0u8; 16];
        put_u32(&mut b, 0, self.extents[0].0);
        put_u32(&mut b, 4, self.extents[0].1);
        put_u32(&mut b, 8, self.extents[1].0);
        put_u32(&mut b, 12, self.extents[1].1);
        b
    }
    /// Every page the buffer holds.
    pub fn pages(&self) -> Vec<u32> {
        let mut v = Vec::new();
        for &(last, cpg) in &self.extents {
            if cpg > 0 && last >= cpg {
                v.extend(last + 1 - cpg..=last);
            }
        }
        v
    }
}

/// Space pools of AvailExt keys (ESE's SpacePool; 0 is the general pool,
/// stored with the legacy 4-byte key).
pub const POOL_GENERAL: u8 = 0;
pub const POOL_CONTINUOUS: u8 = 1;
pub const POOL_SHELVED: u8 = 2;

/// An extent from a space tree node.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Extent {
    pub pgno_last: u32,
    pub cpg: u32,
    pub pool: u8,
}

impl Extent {
    pub fn first(&self) -> u32 {
        self.pgno_last + 1 - self.cpg
    }
}

/// The key of an extent node (general pool: 4 bytes big-endian).
pub fn extent_key(pgno_last: u32) -> [u8; 4] {
    pgno_last.to_be_bytes()
}

/// The data of an extent node.
pub fn extent_data(cpg: u32) -> [u8; 4] {
    cpg.to_le_bytes()
}

/// Decode an extent node.
pub fn decode_extent(key: &[u8], data: &[u8]) -> JetResult<Extent> {
    if data.len() < 4 {
        return Err(JetError::SPAvailExtCorrupted);
    }
    let cpg = u32_at(data, 0);
    let (pgno_last, pool) = match key.len() {
        4 if key[0] & 0x80 == 0 => (u32::from_be_bytes([key[0], key[1], key[2], key[3]]), POOL_GENERAL),
        5 if key[0] & 0x80 != 0 => (u32::from_be_bytes([key[1], key[2], key[3], key[4]]), key[0] & 0x7),
        _ => return Err(JetError::SPAvailExtCorrupted),
    };
    if cpg > pgno_last {
        return Err(JetError::SPAvailExtCorrupted);
    }
    Ok(Extent { pgno_last, cpg, pool })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_extent_bitmap_is_esents() {
        // a 4-page table: pages 2..4 after the root available
        assert_eq!(SpaceHeader::single(1, 4, true).bits_or_pgno_oe, 7);
        assert_eq!(SpaceHeader::single(1, 1, true).bits_or_pgno_oe, 0);
        assert_eq!(SpaceHeader::single(1, 40, true).bits_or_pgno_oe, u32::MAX);
        let h = SpaceHeader::multiple(1, 20, false, 5);
        assert_eq!(SpaceHeader::decode(&h.encode()).unwrap(), h);
        assert_eq!(h.pgno_ae(), Some(6));
        assert!(!h.is_unique());
    }

    #[test]
    fn extent_keys() {
        let e = decode_extent(&extent_key(254), &extent_data(220)).unwrap();
        assert_eq!(e, Extent { pgno_last: 254, cpg: 220, pool: 0 });
        assert_eq!(e.first(), 35);
        let e = decode_extent(&[0x82, 0, 0, 1, 0], &extent_data(3)).unwrap();
        assert_eq!((e.pgno_last, e.pool), (256, 2));
        assert!(decode_extent(&[1, 2], &extent_data(1)).is_err());
    }
}
