//! `Lgpos`: a position in the log (generation, byte offset in that file).
//!
//! ESE's JET_LGPOS splits the offset into a 512-byte sector number and a byte
//! in that sector; we keep one byte offset and convert at the boundary.

use crate::abi::types::JET_LGPOS;

/// The sector unit of JET_LGPOS (`isec`), independent of our write block size.
pub const JET_SECTOR: u32 = 512;

/// A log position: the generation (file number, from 1) and a byte offset in
/// that file. Ordered by generation, then offset, which is log order.
/// A record's position is where its envelope starts.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lgpos {
    pub generation: u32,
    pub offset: u32,
}

impl Lgpos {
    /// Before every record.
    pub const MIN: Lgpos = Lgpos { generation: 0, offset: 0 };
    /// After every record.
    pub const MAX: Lgpos = Lgpos { generation: u32::MAX, offset: u32::MAX };

    pub const fn new(generation: u32, offset: u32) -> Lgpos {
        Lgpos { generation, offset }
    }

    /// As JET_LGPOS (`isec` = offset / 512, `ib` = offset % 512). `None` when the
    /// offset is beyond what a 16-bit sector number can say (32 MiB) or the
    /// generation beyond i32; record starts never are (log files are at most 32 MiB).
    pub fn to_jet(self) -> Option<JET_LGPOS> {
        let isec = self.offset / JET_SECTOR;
        if isec > u16::MAX as u32 || self.generation > i32::MAX as u32 {
            return None;
        }
        Some(JET_LGPOS { ib: (self.offset % JET_SECTOR) as u16, isec: isec as u16, lGeneration: self.generation as i32 })
    }

    /// From JET_LGPOS; a negative generation (ESE's "invalid" markers) clamps to 0.
    pub fn from_jet(p: JET_LGPOS) -> Lgpos {
        let (ib, isec, generation) = (p.ib, p.isec, p.lGeneration);
        Lgpos { generation: generation.max(0) as u32, offset: isec as u32 * JET_SECTOR + ib as u32 }
    }

    /// The 8 bytes of JET_LGPOS as ESE stores it on disk (ib u16, isec u16,
    /// lGeneration i32, little-endian). Positions that do not fit (see
    /// `to_jet`) saturate to isec 0xFFFF / ib 0xFFFF.
    pub fn to_jet_bytes(self) -> [u8; 8] {
        let (ib, isec, generation) = match self.to_jet() {
            Some(j) => (j.ib, j.isec, j.lGeneration),
            None => (0xFFFF, 0xFFFF, self.generation.min(i32::MAX as u32) as i32),
        };
        let mut b = [0u8; 8];
        b[0..2].copy_from_slice(&ib.to_le_bytes());
        b[2..4].copy_from_slice(&isec.to_le_bytes());
        b[4..8].copy_from_slice(&generation.to_le_bytes());
        b
    }

    /// Inverse of `to_jet_bytes`.
    pub fn from_jet_bytes(b: &[u8; 8]) -> Lgpos {
        Lgpos::from_jet(JET_LGPOS {
            ib: u16::from_le_bytes([b[0], b[1]]),
            isec: u16::from_le_bytes([b[2], b[3]]),
            lGeneration: i32::from_le_bytes([b[4], b[5], b[6], b[7]]),
        })
    }
}

impl std::fmt::Display for Lgpos {
    /// ESE's notation: generation:sector:byte in hex.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:08X}:{:04X}:{:04X}", self.generation, self.offset / JET_SECTOR, self.offset % JET_SECTOR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_generation_then_offset() {
        assert!(Lgpos::new(1, 900_000) < Lgpos::new(2, 0));
        assert!(Lgpos::new(2, 4096) < Lgpos::new(2, 4097));
        assert!(Lgpos::MIN < Lgpos::new(1, 0) && Lgpos::new(0x7FFF_FFFF, 1) < Lgpos::MAX);
    }

    #[test]
    fn jet_round_trip() {
        let p = Lgpos::new(0x1234, 5 * 512 + 17);
        let j = p.to_jet().unwrap();
        assert_eq!((j.ib, j.isec, { j.lGeneration }), (17, 5, 0x1234));
        assert_eq!(Lgpos::from_jet(j), p);
        let b = p.to_jet_bytes();
        assert_eq!(b, [17, 0, 5, 0, 0x34, 0x12, 0, 0]);
        assert_eq!(Lgpos::from_jet_bytes(&b), p);
        // the last byte of a 32 MiB file still fits, one past it does not
        assert!(Lgpos::new(1, 32 * 1024 * 1024 - 1).to_jet().is_some());
        assert!(Lgpos::new(1, 32 * 1024 * 1024).to_jet().is_none());
        assert_eq!(format!("{}", Lgpos::new(0x1A, 1024 + 3)), "0000001A:0002:0003");
    }
}
