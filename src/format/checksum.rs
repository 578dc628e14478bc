//! Page checksums, computed exactly as ESE computes them.
//!
//! Three kinds exist:
//! - the "old format" XOR checksum: 0x89ABCDEF xor every 32-bit word of the
//!   page but the first. The database header (and its shadow) use it alone, in
//!   their first four bytes. Old-format database pages store it in the low half
//!   of their first eight bytes and the page number in the high half.
//! - the "new format" (ECC) checksum of a block: a Hamming-style code over the
//!   block seen as rows of 32-bit words (32 high bits), and the XOR of the
//!   words xor the page number (32 low bits). It can locate a single flipped
//!   bit; we only detect.
//! - pages of 2/4/8 KiB are one block whose ECC checksum sits in the first
//!   eight bytes. Pages of 16/32 KiB are split in four blocks (4 KiB blocks for
//!   16 KiB pages, 8 KiB blocks for 32 KiB pages); the checksums of blocks 1-3
//!   sit in the extended header (offsets 40, 48, 56) and are themselves
//!   covered by block 0's checksum in the first eight bytes.
//!
//! Which format a page uses is the page flag 0x2000 (fPageNewChecksumFormat).

use super::le::*;
use crate::error::{JetError, JetResult};

/// Seed of the old-format XOR checksum (ESE's ulDAEMagic).
const XOR_SEED: u32 = 0x89AB_CDEF;
/// Bit 13 of the page flags (offset 36): the page has ECC checksums.
pub const FLAG_NEW_CHECKSUM: u32 = 0x2000;
const FLAGS_OFFSET: usize = 36;
/// Offsets of the checksums of blocks 1..3 in the extended (large page) header.
const LARGE_EXTRA_CHECKSUMS: usize = 40;

/// Pages of this size or smaller have one checksum and the 40-byte header.
pub fn is_small_page(page_size: usize) -> bool {
    page_size <= 8192
}

/// Old-format checksum: the seed xor every 32-bit word after the first.
pub fn xor_checksum(b: &[u8]) -> u32 {
    let mut x = 0u32;
    for w in b.chunks_exact(4).skip(1) {
        x ^= u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
    }
    x ^ XOR_SEED
}

/// Bytes per chunk of the fast checksum: 32 rows of 32 bits.
const CHUNK: usize = 128;

fn odd(x: u32) -> bool {
    x.count_ones() & 1 == 1
}

/// The ECC ("new format") checksum of one block. `header_block`: the block
/// starts the page, so its first eight bytes (the checksum itself) count as zero.
///
/// The code is defined row by row: `p` is the xor of the indices of the rows
/// (32-bit words) with odd parity, `q` the xor of their complements, `r`/`s`
/// the same over the columns of the xor of all rows. Computed that way it costs
/// a parity per word. Since parity(a) ^ parity(b) = parity(a ^ b), bit `k` of
/// `p` is the parity of the xor of all rows whose index has bit `k` set; so the
/// block is read in 128-byte chunks, keeping the xor of each word position
/// (for the five low index bits) and one parity per chunk (for the others).
pub fn ecc_block_checksum(block: &[u8], pgno: u32, header_block: bool) -> u64 {
    let rows = block.len() / 4;
    if block.len() % CHUNK != 0 || !rows.is_power_of_two() {
        return ecc_block_checksum_rows(block, pgno, header_block);
    }
    // lanes[j]: xor of the 64-bit words at position j of every chunk
    let mut lanes = [0u64; CHUNK / 8];
    let mut p_high = 0u32;
    for (c, chunk) in block.chunks_exact(CHUNK).enumerate() {
        let mut h = 0u64;
        for (lane, w) in lanes.iter_mut().zip(chunk.chunks_exact(8)) {
            let w = u64::from_le_bytes(w.try_into().unwrap());
            *lane ^= w;
            h ^= w;
        }
        // chunk 0 contributes index 0 to p whatever its parity
        if odd(h as u32 ^ (h >> 32) as u32) {
            p_high ^= c as u32;
        }
    }
    if header_block {
        // rows 0 and 1 (the stored checksum) count as zero
        lanes[0] ^= u64::from_le_bytes(block[..8].try_into().unwrap());
    }
    let row = |w: usize| -> u32 { (lanes[w / 2] >> (32 * (w % 2))) as u32 };
    let mut column_parity = 0u32;
    let mut by_bit = [0u32; 5];
    for w in 0..CHUNK / 4 {
        let x = row(w);
        column_parity ^= x;
        for (b, acc) in by_bit.iter_mut().enumerate() {
            if w & (1 << b) != 0 {
                *acc ^= x;
            }
        }
    }
    let mut p = p_high << 5;
    for (b, acc) in by_bit.iter().enumerate() {
        if odd(*acc) {
            p |= 1 << b;
        }
    }
    // q xors the complements of the same indices: p, complemented when an odd number of rows is odd
    let q = if odd(column_parity) { !p } else { p };
    let mut r = 0u32;
    for col in 0..32u32 {
        if column_parity & (1 << col) != 0 {
            r ^= col;
        }
    }
    let s = if odd(column_parity) { !r } else { r };
    let row_mask = rows as u32 - 1;
    let ecc = ((q & row_mask) << 21) | ((s & 31) << 16) | ((p & row_mask) << 5) | (r & 31);
    ((ecc as u64) << 32) | (column_parity ^ pgno) as u64
}

/// The ECC checksum computed row by row, as the code is defined (blocks the
/// chunked form does not handle, and the reference its tests compare against).
fn ecc_block_checksum_rows(block: &[u8], pgno: u32, header_block: bool) -> u64 {
    let rows = block.len() / 4;
    let mut column_parity = 0u32;
    let (mut p, mut q) = (0u32, 0u32);
    let first = if header_block { 2 } else { 0 };
    for (i, w) in block.chunks_exact(4).enumerate().skip(first) {
        let row = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
        column_parity ^= row;
        let m = if odd(row) { u32::MAX } else { 0 };
        p ^= m & i as u32;
        q ^= m & !(i as u32);
    }
    let (mut r, mut s) = (0u32, 0u32);
    for col in 0..32u32 {
        let m = if column_parity & (1 << col) != 0 { u32::MAX } else { 0 };
        r ^= m & col;
        s ^= m & !col;
    }
    let row_mask = (rows as u32).wrapping_sub(1);
    let ecc = ((q & row_mask) << 21) | ((s & 31) << 16) | ((p & row_mask) << 5) | (r & 31);
    ((ecc as u64) << 32) | (column_parity ^ pgno) as u64
}

/// Block size for the checksums of a page: the whole page for small pages;
/// 4 KiB up to 16 KiB pages, 8 KiB above (the last block may be 4 KiB).
fn block_size(page_size: usize) -> usize {
    if is_small_page(page_size) {
        page_size
    } else if page_size <= 16 * 1024 {
        4096
    } else {
        8192
    }
}

fn has_new_format(page: &[u8]) -> bool {
    u32_at(page, FLAGS_OFFSET) & FLAG_NEW_CHECKSUM != 0
}

/// The checksums a page should carry, computed from its contents (for a large
/// page, block 0's checksum covers the block checksums as they are stored).
/// Small and old-format pages fill only the first slot.
pub fn compute_page_checksums(page: &[u8], pgno: u32) -> [u64; 4] {
    let mut out = [0u64; 4];
    if !has_new_format(page) {
        out[0] = ((pgno as u64) << 32) | xor_checksum(page) as u64;
        return out;
    }
    later_block_checksums(page, pgno, &mut out);
    out[0] = ecc_block_checksum(&page[..block_size(page.len())], pgno, true);
    out
}

/// The ECC checksums of blocks 1-3 of a large page into `out[1..]`.
fn later_block_checksums(page: &[u8], pgno: u32, out: &mut [u64; 4]) {
    if is_small_page(page.len()) {
        return;
    }
    let bs = block_size(page.len());
    let mut off = bs;
    let mut i = 1;
    while off < page.len() && i < 4 {
        let end = (off + bs).min(page.len());
        out[i] = ecc_block_checksum(&page[off..end], pgno, false);
        off = end;
        i += 1;
    }
}

/// The checksums stored on a page.
pub fn stored_page_checksums(page: &[u8]) -> [u64; 4] {
    let mut out = [u64_at(page, 0), 0, 0, 0];
    if !is_small_page(page.len()) {
        for i in 0..3 {
            out[i + 1] = u64_at(page, LARGE_EXTRA_CHECKSUMS + 8 * i);
        }
    }
    out
}

/// Whether every byte of the page is zero (ESE: an uninitialized page).
pub fn page_is_zeroed(page: &[u8]) -> bool {
    page.iter().all(|&b| b == 0)
}

/// Check a database page read from disk (page number `pgno`).
/// `PageNotInitialized` for an all-zero page, `ReadVerifyFailure` for a
/// checksum mismatch (including a page read from the wrong place: the page
/// number is part of every checksum).
pub fn verify_page(pgno: u32, page: &[u8], page_size: usize) -> JetResult<()> {
    if page.len() != page_size || !super::PAGE_SIZES.contains(&page_size) {
        return Err(JetError::InvalidParameter);
    }
    if page_is_zeroed(page) {
        return Err(JetError::PageNotInitialized);
    }
    if !has_new_format(page) && !is_small_page(page_size) {
        // every writer of large pages uses ECC checksums; a cleared flag is a flipped bit
        return Err(JetError::ReadVerifyFailure);
    }
    if compute_page_checksums(page, pgno) != stored_page_checksums(page) {
        return Err(JetError::ReadVerifyFailure);
    }
    Ok(())
}

/// Give a page about to be written (or logged) its ECC checksums: sets the
/// new-checksum flag, then the block checksums, then block 0's.
pub fn update_checksum(page: &mut [u8], pgno: u32) {
    let flags = u32_at(page, FLAGS_OFFSET) | FLAG_NEW_CHECKSUM;
    put_u32(page, FLAGS_OFFSET, flags);
    let mut sums = [0u64; 4];
    later_block_checksums(page, pgno, &mut sums);
    if !is_small_page(page.len()) {
        for i in 0..3 {
            put_u64(page, LARGE_EXTRA_CHECKSUMS + 8 * i, sums[i + 1]);
        }
    }
    // block 0's checksum depends on the block checksums just stored
    let bs = block_size(page.len());
    let first = ecc_block_checksum(&page[..bs], pgno, true);
    put_u64(page, 0, first);
}

#[cfg(test)]
mod tests {
    use super::*;

    // The known-answer vectors of ESE's checksum unit test (checksum_test.cxx,
    // KnownPageUnitTest), rebuilt from the same page contents.

    #[test]
    fn ese_known_8k_page_and_header() {
        let mut pb = vec![0u8; 8192];
        for (i, b) in pb.iter_mut().enumerate().take(4096) {
            *b = i as u8;
        }
        // databasePage, pgno 9876
        let mut page = pb.clone();
        update_checksum(&mut page, 9876);
        assert_eq!(u64_at(&page, 0), 0x0000_0000_0404_2290);
        assert_eq!(compute_page_checksums(&page, 9876)[0], 0x0000_0000_0404_2290);
        // databaseHeader over the same 8 KiB after pdw[0], pdw[1] = 0x89123456, 0x12345678
        put_u32(&mut page, 0, 0x8912_3456);
        put_u32(&mut page, 4, 0x1234_5678);
        assert_eq!(xor_checksum(&page), 0x9f9b_9f93);
    }

    fn pattern(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i + i / 13) as u8).collect()
    }

    #[test]
    fn ese_known_large_pages() {
        let pgno = 0x9876_5431;
        let cases: [(usize, [u64; 4]); 3] = [
            (32 * 1024, [0xf9ce063147b6b865, 0x69af69afcdd590e4, 0x770988f62ea1a9e2, 0x7cb77cb77b839a0e]),
            (16 * 1024, [0x7b807b80651e03fc, 0x7c347c34bc66a14b, 0x6c7e6c7ecb3a6c94, 0x05d105d19e99a841]),
            (28 * 1024, [0xf9d80627e9c2387e, 0x69af69afcdd590e4, 0x770988f62ea1a9e2, 0x1f311f31b6717993]),
        ];
        for (size, want) in cases {
            let mut page = pattern(size);
            update_checksum(&mut page, pgno);
            assert_eq!(stored_page_checksums(&page), want, "page size {size}");
            assert_eq!(compute_page_checksums(&page, pgno), want, "page size {size}");
        }
    }

    #[test]
    fn flipped_bits_and_wrong_pgno_fail() {
        for size in super::super::PAGE_SIZES {
            let mut page = pattern(size);
            update_checksum(&mut page, 77);
            assert_eq!(verify_page(77, &page, size), Ok(()));
            assert_eq!(verify_page(78, &page, size), Err(JetError::ReadVerifyFailure));
            for bit in [0usize, 63, 64, 300, 8 * 40 + 1, size * 8 / 2 + 5, size * 8 - 1] {
                let mut p = page.clone();
                p[bit / 8] ^= 1 << (bit % 8);
                assert_eq!(verify_page(77, &p, size), Err(JetError::ReadVerifyFailure), "size {size} bit {bit}");
            }
        }
        assert_eq!(verify_page(3, &vec![0u8; 4096], 4096), Err(JetError::PageNotInitialized));
    }

    #[test]
    fn chunked_checksum_equals_the_row_by_row_definition() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for len in [128usize, 256, 2048, 4096, 8192] {
            for round in 0..200 {
                let mut b: Vec<u8> = (0..len).map(|_| next() as u8).collect();
                if round % 4 == 1 {
                    // sparse blocks: few set bits, so parities vary by chunk
                    b.iter_mut().for_each(|v| *v &= (next() & next() & next()) as u8);
                }
                if round % 4 == 2 {
                    b.fill(0);
                }
                let pgno = next() as u32;
                for header in [false, true] {
                    assert_eq!(ecc_block_checksum(&b, pgno, header), ecc_block_checksum_rows(&b, pgno, header), "len {len} round {round} header {header}");
                }
            }
        }
    }

    #[test]
    fn old_format_pages_verify() {
        let mut page = pattern(4096);
        put_u32(&mut page, FLAGS_OFFSET, 0x0803);
        put_u32(&mut page, 4, 12);
        let x = xor_checksum(&page);
        put_u32(&mut page, 0, x);
        assert_eq!(verify_page(12, &page, 4096), Ok(()));
        assert_eq!(verify_page(13, &page, 4096), Err(JetError::ReadVerifyFailure));
    }
}
