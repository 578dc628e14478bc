//! A fast hasher for the engine's in-memory maps (page numbers, tree ids,
//! entry keys). The standard SipHash resists collision attacks at several
//! times the cost; these maps sit on every page read and every write, and
//! their keys are page numbers and index keys, so a multiply-rotate mix is
//! used instead (the scheme rustc itself uses for its tables).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// A word-at-a-time multiply-rotate hasher.
#[derive(Default, Clone, Copy)]
pub struct FastHasher {
    h: u64,
}

impl FastHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.h = (self.h.rotate_left(5) ^ w).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            // the length keeps "ab" and "ab\0" apart
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    /// A final avalanche (MurmurHash3's), so that bits varying only at one
    /// end of the input (the last byte of a big-endian key) reach the low
    /// bits hash tables index with.
    #[inline]
    fn finish(&self) -> u64 {
        let mut x = self.h;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
}

pub type FastBuild = BuildHasherDefault<FastHasher>;
pub type FastMap<K, V> = HashMap<K, V, FastBuild>;
pub type FastSet<K> = HashSet<K, FastBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn h<T: Hash>(t: &T) -> u64 {
        FastBuild::default().hash_one(t)
    }

    #[test]
    fn equal_values_hash_equal_and_near_values_apart() {
        assert_eq!(h(&(1u32, 2u32)), h(&(1u32, 2u32)));
        assert_ne!(h(&1u32), h(&2u32));
        assert_ne!(h(&b"ab".to_vec()), h(&b"ab\0".to_vec()));
        assert_ne!(h(&b"abcdefgh1".to_vec()), h(&b"abcdefgh2".to_vec()));
        // consecutive page numbers, and big-endian keys differing in their
        // last byte, spread over the low bits a small table indexes with
        let low: std::collections::HashSet<u64> = (0u32..64).map(|p| h(&p) & 63).collect();
        assert!(low.len() > 32, "{} of 64 buckets used", low.len());
        let low: std::collections::HashSet<u64> = (0u64..64).map(|k| h(&(k << 8).to_be_bytes().to_vec()) & 63).collect();
        assert!(low.len() > 32, "{} of 64 buckets used", low.len());
    }

    #[test]
    fn a_map_with_the_fast_hasher_behaves_as_a_map() {
        let mut m: FastMap<Vec<u8>, u32> = FastMap::default();
        for i in 0..1000u32 {
            m.insert(i.to_be_bytes().to_vec(), i);
        }
        assert_eq!(m.len(), 1000);
        assert!((0..1000u32).all(|i| m[&i.to_be_bytes().to_vec()] == i));
    }
}
