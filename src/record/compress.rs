//! ESE's value compression, as stored in records (compressed intrinsic long
//! values) and in long-value chunks.
//!
//! Every compressed value starts with a header byte whose top 5 bits name the
//! scheme. 7-bit ASCII (1) and 7-bit Unicode (2) keep the number of bits used
//! in the last byte, minus one, in the low 3 bits and then pack 7 bits per
//! character least significant bit first. XPRESS (3) is followed by the
//! uncompressed size (u16 little-endian) and a plain LZ77 stream (`xpress`).
//! LZ4 (7) likewise carries the size, then an LZ4 block; we decode it but
//! never write it (ESENT writes XPRESS). Scrub (4), XPRESS9 (5) and XPRESS10
//! (6) cannot be decoded here.
//!
//! Also here: ESE's decisions of whether and how to compress a value
//! (`compress_intrinsic_lv`, `compress_lv_chunk`).
//!
//! Must never: panic or allocate without bound on corrupt input.

use crate::error::{JetError, JetResult};
use crate::record::xpress;

pub const SCHEME_7BIT_ASCII: u8 = 1;
pub const SCHEME_7BIT_UNICODE: u8 = 2;
pub const SCHEME_XPRESS: u8 = 3;
pub const SCHEME_SCRUB: u8 = 4;
pub const SCHEME_XPRESS9: u8 = 5;
pub const SCHEME_XPRESS10: u8 = 6;
pub const SCHEME_LZ4: u8 = 7;

/// JET_paramMinDataForXpress's default: values shorter than this are not
/// tried with XPRESS (7-bit compression has no minimum).
pub const DEFAULT_MIN_DATA_FOR_XPRESS: usize = 1024;

/// Values shorter than this skip the chi-squared entropy test.
const CHI_SQUARED_MIN: usize = 128;
/// The test looks at most at this many leading bytes.
const CHI_SQUARED_SAMPLE: usize = 1024;
/// Below this statistic the data looks random and compression is not tried.
const CHI_SQUARED_THRESHOLD: f64 = 500.0;

fn corrupt() -> JetError {
    JetError::DecompressionFailed
}

/// The scheme number of a compressed value (its header byte's top 5 bits).
pub fn scheme(data: &[u8]) -> Option<u8> {
    data.first().map(|b| b >> 3)
}

/// Number of characters a 7-bit stream holds, from its header and length.
fn seven_bit_count(data: &[u8]) -> JetResult<usize> {
    let header = *data.first().ok_or_else(corrupt)?;
    if data.len() < 2 {
        return Err(corrupt());
    }
    let bits_last = (header & 7) as usize + 1;
    let total_bits = (data.len() - 2) * 8 + bits_last;
    if !total_bits.is_multiple_of(7) {
        return Err(corrupt());
    }
    Ok(total_bits / 7)
}

/// The size `decompress` would return, without decompressing.
pub fn decompressed_len(data: &[u8]) -> JetResult<usize> {
    match scheme(data).ok_or_else(corrupt)? {
        SCHEME_7BIT_ASCII => seven_bit_count(data),
        SCHEME_7BIT_UNICODE => Ok(seven_bit_count(data)? * 2),
        SCHEME_XPRESS | SCHEME_LZ4 => {
            let h = data.get(1..3).ok_or_else(corrupt)?;
            Ok(u16::from_le_bytes([h[0], h[1]]) as usize)
        }
        _ => Err(corrupt()),
    }
}

/// Decompresses a value stored with any scheme ESENT writes (and LZ4).
pub fn decompress(data: &[u8]) -> JetResult<Vec<u8>> {
    match scheme(data).ok_or_else(corrupt)? {
        SCHEME_7BIT_ASCII => Ok(unpack_7bit(data, seven_bit_count(data)?)),
        SCHEME_7BIT_UNICODE => {
            let chars = unpack_7bit(data, seven_bit_count(data)?);
            Ok(chars.iter().flat_map(|&c| [c, 0]).collect())
        }
        SCHEME_XPRESS => {
            let size = decompressed_len(data)?;
            xpress::decode(&data[3..], size)
        }
        SCHEME_LZ4 => {
            let size = decompressed_len(data)?;
            lz4_block_decode(&data[3..], size)
        }
        _ => Err(corrupt()),
    }
}

fn unpack_7bit(data: &[u8], count: usize) -> Vec<u8> {
    // seven_bit_count guarantees the payload holds exactly count * 7 bits
    let payload = &data[1..];
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let bit = i * 7;
        let byte = bit / 8;
        let shift = bit % 8;
        let lo = payload[byte] as u16;
        let hi = payload.get(byte + 1).copied().unwrap_or(0) as u16;
        out.push((((lo | (hi << 8)) >> shift) & 0x7F) as u8);
    }
    out
}

fn pack_7bit(scheme: u8, chars: impl Iterator<Item = u8>, count: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + (count * 7).div_ceil(8));
    out.push(0);
    let mut acc = 0u32;
    let mut nbits = 0u32;
    for c in chars {
        acc |= ((c & 0x7F) as u32) << nbits;
        nbits += 7;
        while nbits >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            nbits -= 8;
        }
    }
    if nbits > 0 {
        out.push(acc as u8);
    }
    let total = count * 7;
    out[0] = (scheme << 3) | (((total + 7) % 8) as u8);
    out
}

fn packed_7bit_len(count: usize) -> usize {
    (count * 7).div_ceil(8) + 1
}

/// 7-bit ASCII: every byte must be below 0x80. Returns None otherwise or for
/// an empty value (which has no representation).
pub fn compress_7bit_ascii(data: &[u8]) -> Option<Vec<u8>> {
    if data.is_empty() || data.iter().any(|&b| b > 0x7F) {
        return None;
    }
    Some(pack_7bit(SCHEME_7BIT_ASCII, data.iter().copied(), data.len()))
}

fn is_7bit_unicode(data: &[u8]) -> bool {
    data.len().is_multiple_of(2) && data.chunks_exact(2).all(|w| w[0] <= 0x7F && w[1] == 0)
}

/// 7-bit Unicode: UTF-16LE whose every code unit is below 0x80.
pub fn compress_7bit_unicode(data: &[u8]) -> Option<Vec<u8>> {
    if data.is_empty() || !is_7bit_unicode(data) {
        return None;
    }
    Some(pack_7bit(SCHEME_7BIT_UNICODE, data.iter().step_by(2).copied(), data.len() / 2))
}

/// XPRESS with ESE's header, or None when ESE would not keep it: the input
/// is longer than a u16 can say or too short for ESE's decoder (9 bytes at
/// least), or the result with its header is not smaller than the input.
pub fn compress_xpress(data: &[u8]) -> Option<Vec<u8>> {
    if data.len() <= 8 || data.len() > u16::MAX as usize {
        return None;
    }
    let body = xpress::encode(data);
    // ESE's decoder refuses streams shorter than 8 bytes
    if body.len() < 8 || body.len() + 3 >= data.len() {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() + 3);
    out.push(SCHEME_XPRESS << 3);
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(&body);
    Some(out)
}

/// ESE's choice among 7-bit Unicode, 7-bit ASCII or nothing, preferring
/// Unicode; `unicode_only` once XPRESS has already succeeded.
fn seven_bit_choice(data: &[u8], unicode_only: bool) -> Option<Vec<u8>> {
    let ascii = data.iter().all(|&b| b <= 0x7F);
    if !ascii {
        return None;
    }
    if is_7bit_unicode(data) {
        // when Unicode applies but does not shrink, ESE does not fall back to ASCII
        return if packed_7bit_len(data.len() / 2) < data.len() { compress_7bit_unicode(data) } else { None };
    }
    if unicode_only {
        return None;
    }
    if packed_7bit_len(data.len()) < data.len() { compress_7bit_ascii(data) } else { None }
}

/// ESE's general compressor with 7-bit and XPRESS enabled: XPRESS first for
/// values of at least `min_data_for_xpress` bytes, kept if 7-bit Unicode could
/// not beat it; else the 7-bit schemes. None if nothing shrinks the value.
pub fn compress(data: &[u8], min_data_for_xpress: usize) -> Option<Vec<u8>> {
    let mut xp = None;
    if data.len() >= min_data_for_xpress {
        xp = compress_xpress(data);
        if let Some(x) = &xp
            && x.len() <= packed_7bit_len(data.len() / 2)
        {
            return xp;
        }
    }
    seven_bit_choice(data, xp.is_some()).or(xp)
}

/// The chi-squared statistic of the byte frequencies (uniform expectation),
/// summed in ESE's order so that the threshold decision matches it.
pub fn chi_squared(sample: &[u8]) -> f64 {
    let mut freq = [0u32; 256];
    for &b in sample {
        freq[b as usize] += 1;
    }
    let expected = sample.len() as f64 / 256.0;
    freq.iter().map(|&f| (f as f64 - expected) * (f as f64 - expected) / expected).sum()
}

/// ESE's entropy gate: values of 128 bytes or more whose first KiB looks
/// random are not worth compressing.
pub fn worth_compressing(data: &[u8]) -> bool {
    if data.len() < CHI_SQUARED_MIN {
        return true;
    }
    chi_squared(&data[..data.len().min(CHI_SQUARED_SAMPLE)]) >= CHI_SQUARED_THRESHOLD
}

/// How ESE stores a value of a compressed long-value column in the record
/// (the value's first or only instance; later multi-values are never
/// compressed): Some(compressed bytes) or None to store it as is. A result
/// smaller than a LID (`lid_size` 4 or 8) is refused so that compression
/// never lets more columns fit than before.
pub fn compress_intrinsic_lv(data: &[u8], lid_size: usize, min_data_for_xpress: usize) -> Option<Vec<u8>> {
    if !worth_compressing(data) {
        return None;
    }
    compress(data, min_data_for_xpress).filter(|c| c.len() >= lid_size)
}

/// How ESE stores one chunk of a separated long value of a compressed
/// column: Some(compressed bytes) when smaller, else None (store as is; a
/// chunk is known to be compressed only by being shorter than expected).
pub fn compress_lv_chunk(chunk: &[u8], min_data_for_xpress: usize) -> Option<Vec<u8>> {
    if !worth_compressing(chunk) {
        return None;
    }
    compress(chunk, min_data_for_xpress).filter(|c| c.len() < chunk.len())
}

/// Decodes an LZ4 block into exactly `size` bytes.
fn lz4_block_decode(input: &[u8], size: usize) -> JetResult<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(size);
    let mut ip = 0usize;
    let byte = |ip: usize| input.get(ip).copied().ok_or_else(corrupt);
    let extend = |ip: &mut usize, mut len: usize| -> JetResult<usize> {
        loop {
            let b = byte(*ip)?;
            *ip += 1;
            len += b as usize;
            if b != 255 {
                return Ok(len);
            }
        }
    };
    loop {
        let token = byte(ip)?;
        ip += 1;
        let mut lit = (token >> 4) as usize;
        if lit == 15 {
            lit = extend(&mut ip, lit)?;
        }
        let lits = input.get(ip..ip + lit).ok_or_else(corrupt)?;
        if out.len() + lit > size {
            return Err(corrupt());
        }
        out.extend_from_slice(lits);
        ip += lit;
        if ip == input.len() {
            break;
        }
        let o = input.get(ip..ip + 2).ok_or_else(corrupt)?;
        ip += 2;
        let offset = u16::from_le_bytes([o[0], o[1]]) as usize;
        let mut mlen = (token & 15) as usize;
        if mlen == 15 {
            mlen = extend(&mut ip, mlen)?;
        }
        mlen += 4;
        if offset == 0 || offset > out.len() || out.len() + mlen > size {
            return Err(corrupt());
        }
        let start = out.len() - offset;
        for i in 0..mlen {
            let b = out[start + i];
            out.push(b);
        }
    }
    if out.len() != size {
        return Err(corrupt());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::testrng::Rng;

    #[test]
    fn seven_bit_ascii_matches_the_documented_layout() {
        // ESE's own worked example: "01234567" packs to b0 98 6c 46 ab d9 6e
        let c = compress_7bit_ascii(b"01234567").unwrap();
        assert_eq!(c, vec![(1 << 3) | 7, 0xb0, 0x98, 0x6c, 0x46, 0xab, 0xd9, 0x6e]);
        assert_eq!(decompress(&c).unwrap(), b"01234567");
        // 3 chars = 21 bits: the last byte holds 5 bits
        let c = compress_7bit_ascii(b"abc").unwrap();
        assert_eq!(c[0], (1 << 3) | 4);
        assert_eq!(c.len(), 4);
    }

    #[test]
    fn seven_bit_round_trips() {
        let mut rng = Rng::new(77);
        for len in 1..300 {
            let ascii: Vec<u8> = (0..len).map(|_| rng.below(128) as u8).collect();
            let c = compress_7bit_ascii(&ascii).unwrap();
            assert_eq!(c.len(), packed_7bit_len(len));
            assert_eq!(decompressed_len(&c).unwrap(), len);
            assert_eq!(decompress(&c).unwrap(), ascii);
            let uni: Vec<u8> = ascii.iter().flat_map(|&b| [b, 0]).collect();
            let c = compress_7bit_unicode(&uni).unwrap();
            assert_eq!(c[0] >> 3, SCHEME_7BIT_UNICODE);
            assert_eq!(decompress(&c).unwrap(), uni);
        }
        assert!(compress_7bit_ascii(&[0x80]).is_none());
        assert!(compress_7bit_unicode(&[0x41, 0x01]).is_none());
        assert!(compress_7bit_unicode(&[0x41]).is_none());
    }

    #[test]
    fn compress_prefers_schemes_like_ese() {
        // short ASCII text: 7-bit ASCII (too short for XPRESS)
        let t = b"Some plain ASCII text, long enough to shrink".to_vec();
        assert_eq!(scheme(&compress(&t, 1024).unwrap()), Some(SCHEME_7BIT_ASCII));
        // 7-bit Unicode text is preferred over ASCII
        let u: Vec<u8> = t.iter().flat_map(|&b| [b, 0]).collect();
        assert_eq!(scheme(&compress(&u, 1024).unwrap()), Some(SCHEME_7BIT_UNICODE));
        // long repetitive data: XPRESS
        let r = vec![b'a'; 2000];
        assert_eq!(scheme(&compress(&r, 1024).unwrap()), Some(SCHEME_XPRESS));
        // binary that XPRESS cannot shrink and 7-bit cannot represent
        let mut rng = Rng::new(3);
        let b = rng.bytes(2000);
        assert!(compress(&b, 1024).is_none());
        // too short to shrink at all
        assert!(compress(b"abcdefgh", 1024).is_none());
        assert!(compress(b"", 1024).is_none());
    }

    #[test]
    fn intrinsic_policy_refuses_results_smaller_than_a_lid() {
        // 8 ASCII chars cannot shrink; 16 'a's pack to 15 bytes: at least a LID
        assert!(compress_intrinsic_lv(b"aaaaaaaa", 4, 1024).is_none());
        let c = compress_intrinsic_lv(b"aaaaaaaaaaaaaaaa", 8, 1024).unwrap();
        assert_eq!(c.len(), 15);
        // random bytes fail the chi-squared gate
        let mut rng = Rng::new(11);
        let noise = rng.bytes(600);
        assert!(!worth_compressing(&noise));
        assert!(compress_intrinsic_lv(&noise, 4, 1024).is_none());
        assert!(worth_compressing(&[b'x'; 600]));
    }

    #[test]
    fn xpress_round_trips_with_header() {
        let mut rng = Rng::new(99);
        for _ in 0..50 {
            let len = 9 + rng.below(20000) as usize;
            let alpha = 1 + rng.below(8);
            let v: Vec<u8> = (0..len).map(|_| b'a' + rng.below(alpha) as u8).collect();
            if let Some(c) = compress_xpress(&v) {
                assert!(c.len() + 3 < v.len() + 3);
                assert_eq!(decompressed_len(&c).unwrap(), v.len());
                assert_eq!(decompress(&c).unwrap(), v);
            }
        }
    }

    #[test]
    fn lz4_blocks_decode() {
        // literal "abcd" then match offset 4 length 8, then final literals "xy"
        let mut s = vec![(4 << 4) | 4];
        s.extend_from_slice(b"abcd");
        s.extend_from_slice(&4u16.to_le_bytes());
        s.push(2 << 4);
        s.extend_from_slice(b"xy");
        let mut c = vec![SCHEME_LZ4 << 3];
        c.extend_from_slice(&14u16.to_le_bytes());
        c.extend_from_slice(&s);
        assert_eq!(decompress(&c).unwrap(), b"abcdabcdabcdxy");
        c[1] = 13;
        assert!(decompress(&c).is_err());
    }

    #[test]
    fn garbage_never_panics() {
        let mut rng = Rng::new(0xfeed);
        for i in 0..20000 {
            let len = rng.below(64) as usize;
            let mut g = rng.bytes(len);
            if let Some(b) = g.first_mut() {
                // steer most inputs to the real schemes
                *b = (*b & 7) | (((i % 8) as u8) << 3);
            }
            if let Ok(out) = decompress(&g) {
                assert_eq!(out.len(), decompressed_len(&g).unwrap());
            }
        }
        assert_eq!(decompress(&[]), Err(JetError::DecompressionFailed));
        assert_eq!(decompress(&[SCHEME_SCRUB << 3, 0, 0]), Err(JetError::DecompressionFailed));
    }
}
