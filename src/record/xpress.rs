//! The plain LZ77 ("LZXPRESS") codec that ESE's legacy XPRESS compression
//! uses inside its 3-byte header (see `compress`). Bare streams only: no header.
//!
//! Stream format: groups of up to 32 items, each group preceded by a
//! little-endian u32 of flags read from the most significant bit down
//! (0 = one literal byte, 1 = a match). A match is a little-endian u16:
//! bits 15..3 are offset-1 (offsets 1..=8192), bits 2..0 are length-3. Length
//! field 7 continues in a nibble (two long matches share one byte: low nibble
//! first, high nibble for the next one); nibble 15 continues in a byte; byte
//! 255 continues in a u16 holding length-3 (ESE requires it to be at least
//! 277, the smallest length that needs it).
//!
//! ESE's decoder reports success on a full decode only when the flag that
//! follows the last item is a 1, so the encoder pads the last flag word with
//! 1 bits and appends an all-ones flag word when the last word is full.
//!
//! Must never: panic on any input; decode more than the declared size.

use crate::error::{JetError, JetResult};

/// Largest offset a match can reach back.
const WINDOW: usize = 8192;
const MIN_MATCH: usize = 3;
/// A u16 length field holds length-3.
const MAX_MATCH: usize = 0xFFFF + MIN_MATCH;
/// ESE only accepts u16 lengths that could not have been written shorter.
const MIN_WORD_LENGTH: usize = 255 + 15 + 7;

fn corrupt() -> JetError {
    JetError::DecompressionFailed
}

/// Decodes `input` into exactly `out_len` bytes. Errors (never panics) on a
/// stream that ends early, reaches before the start of the output, or whose
/// last match runs past `out_len`.
pub fn decode(input: &[u8], out_len: usize) -> JetResult<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(out_len.min(1 << 20));
    let mut ip = 0usize;
    let mut flags = 0u32;
    let mut flags_left = 0u32;
    let mut shared_nibble: Option<usize> = None;

    let byte_at = |ip: usize| -> JetResult<u8> { input.get(ip).copied().ok_or_else(corrupt) };

    while out.len() < out_len {
        if flags_left == 0 {
            let w = input.get(ip..ip + 4).ok_or_else(corrupt)?;
            flags = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
            ip += 4;
            flags_left = 32;
        }
        flags_left -= 1;
        if (flags >> flags_left) & 1 == 0 {
            out.push(byte_at(ip)?);
            ip += 1;
            continue;
        }
        let t = input.get(ip..ip + 2).ok_or_else(corrupt)?;
        let token = u16::from_le_bytes([t[0], t[1]]) as usize;
        ip += 2;
        let offset = (token >> 3) + 1;
        let mut length = token & 7;
        if length == 7 {
            let nibble = match shared_nibble.take() {
                None => {
                    let b = byte_at(ip)?;
                    shared_nibble = Some(ip);
                    ip += 1;
                    (b & 0x0F) as usize
                }
                Some(at) => (byte_at(at)? >> 4) as usize,
            };
            length = if nibble == 15 {
                let b = byte_at(ip)? as usize;
                ip += 1;
                if b == 255 {
                    let w = input.get(ip..ip + 2).ok_or_else(corrupt)?;
                    ip += 2;
                    let word = u16::from_le_bytes([w[0], w[1]]) as usize;
                    if word < MIN_WORD_LENGTH {
                        return Err(corrupt());
                    }
                    word
                } else {
                    b + 15 + 7
                }
            } else {
                nibble + 7
            };
        }
        let length = length + MIN_MATCH;
        if offset > out.len() || out.len() + length > out_len {
            return Err(corrupt());
        }
        let start = out.len() - offset;
        for i in 0..length {
            // overlapping copies repeat the last `offset` bytes, so go byte by byte
            let b = out[start + i];
            out.push(b);
        }
    }
    Ok(out)
}

/// Writes items and their flag words in the order the decoder reads them.
struct Writer {
    out: Vec<u8>,
    flag_pos: usize,
    flags: u32,
    flag_count: u32,
    shared_nibble: Option<usize>,
}

impl Writer {
    fn new(capacity: usize) -> Writer {
        let mut out = Vec::with_capacity(capacity);
        out.extend_from_slice(&[0; 4]);
        Writer { out, flag_pos: 0, flags: 0, flag_count: 0, shared_nibble: None }
    }

    fn flag(&mut self, bit: u32) {
        self.flags = (self.flags << 1) | bit;
        self.flag_count += 1;
        if self.flag_count == 32 {
            self.out[self.flag_pos..self.flag_pos + 4].copy_from_slice(&self.flags.to_le_bytes());
            self.flag_pos = self.out.len();
            self.out.extend_from_slice(&[0; 4]);
            self.flags = 0;
            self.flag_count = 0;
        }
    }

    fn literal(&mut self, b: u8) {
        self.out.push(b);
        self.flag(0);
    }

    fn matched(&mut self, offset: usize, length: usize) {
        debug_assert!((1..=WINDOW).contains(&offset) && (MIN_MATCH..=MAX_MATCH).contains(&length));
        let l = length - MIN_MATCH;
        let base = (offset - 1) << 3;
        if l < 7 {
            self.out.extend_from_slice(&((base | l) as u16).to_le_bytes());
        } else {
            self.out.extend_from_slice(&((base | 7) as u16).to_le_bytes());
            let rest = l - 7;
            let nibble = rest.min(15) as u8;
            match self.shared_nibble.take() {
                None => {
                    self.shared_nibble = Some(self.out.len());
                    self.out.push(nibble);
                }
                Some(at) => self.out[at] |= nibble << 4,
            }
            if rest >= 15 {
                let rest = rest - 15;
                if rest < 255 {
                    self.out.push(rest as u8);
                } else {
                    self.out.push(255);
                    self.out.extend_from_slice(&(l as u16).to_le_bytes());
                }
            }
        }
        self.flag(1);
    }

    fn finish(mut self) -> Vec<u8> {
        // pad with 1s: the decoder stops at a match flag once the output is full
        let free = 32 - self.flag_count;
        let word = if free == 32 { u32::MAX } else { (self.flags << free) | ((1u32 << free) - 1) };
        self.out[self.flag_pos..self.flag_pos + 4].copy_from_slice(&word.to_le_bytes());
        self.out
    }
}

const HASH_BITS: u32 = 13;
/// How many earlier positions with the same hash a match search visits.
const CHAIN_LIMIT: usize = 48;

fn hash3(d: &[u8], i: usize) -> usize {
    let v = (d[i] as u32) | ((d[i + 1] as u32) << 8) | ((d[i + 2] as u32) << 16);
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

/// Encodes `input` (at most 65535 bytes, the most ESE's header can describe;
/// longer input is encoded as well but callers must not store it).
/// Greedy LZ77 with hash chains: a valid stream for any decoder, not
/// byte-identical to ESE's own encoder.
pub fn encode(input: &[u8]) -> Vec<u8> {
    let n = input.len();
    let mut w = Writer::new(n / 2 + 16);
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut prev = vec![usize::MAX; n];
    let mut i = 0usize;

    let insert = |head: &mut Vec<usize>, prev: &mut Vec<usize>, pos: usize| {
        if pos + MIN_MATCH <= n {
            let h = hash3(input, pos);
            prev[pos] = head[h];
            head[h] = pos;
        }
    };

    while i < n {
        let mut best_len = 0usize;
        let mut best_off = 0usize;
        if i + MIN_MATCH <= n {
            let h = hash3(input, i);
            let mut cand = head[h];
            let mut steps = 0;
            let max_len = (n - i).min(MAX_MATCH);
            while cand != usize::MAX && steps < CHAIN_LIMIT && i - cand <= WINDOW {
                let mut l = 0;
                while l < max_len && input[cand + l] == input[i + l] {
                    l += 1;
                }
                if l > best_len {
                    best_len = l;
                    best_off = i - cand;
                    if l == max_len {
                        break;
                    }
                }
                cand = prev[cand];
                steps += 1;
            }
        }
        if best_len >= MIN_MATCH {
            w.matched(best_off, best_len);
            for p in i..i + best_len {
                insert(&mut head, &mut prev, p);
            }
            i += best_len;
        } else {
            w.literal(input[i]);
            insert(&mut head, &mut prev, i);
            i += 1;
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::testrng::Rng;

    #[test]
    fn round_trips_assorted_inputs() {
        let mut rng = Rng::new(0x5eed_0001);
        let mut inputs: Vec<Vec<u8>> = vec![
            vec![],
            b"a".to_vec(),
            b"abcabcabcabcabcabcabcabcabcabcabcabc".to_vec(),
            vec![0u8; 70_000],
            (0..5000u32).map(|i| (i % 251) as u8).collect(),
        ];
        for _ in 0..200 {
            let len = rng.below(3000) as usize;
            let alphabet = 1 + rng.below(255) as u8;
            let mut v = Vec::with_capacity(len);
            while v.len() < len {
                if !v.is_empty() && rng.below(3) == 0 {
                    // copy a run from earlier to create long and overlapping matches
                    let back = 1 + rng.below(v.len().min(9000) as u32) as usize;
                    let run = rng.below(600) as usize;
                    let start = v.len() - back;
                    for k in 0..run {
                        let b = v[start + k];
                        v.push(b);
                    }
                } else {
                    v.push(rng.below(alphabet as u32) as u8);
                }
            }
            v.truncate(len);
            inputs.push(v);
        }
        for v in inputs {
            let enc = encode(&v);
            let dec = decode(&enc, v.len()).expect("decodes");
            assert_eq!(dec, v);
        }
    }

    #[test]
    fn compresses_repetitive_data() {
        let v = vec![b'a'; 4000];
        let enc = encode(&v);
        assert!(enc.len() < 40, "{} bytes", enc.len());
    }

    #[test]
    fn final_flag_word_is_padded_with_ones() {
        // 32 literals fill the first flag word exactly: an all-ones word must follow
        let v: Vec<u8> = (0..32u8).collect();
        let enc = encode(&v);
        assert_eq!(&enc[0..4], &[0, 0, 0, 0]);
        assert_eq!(&enc[36..40], &[0xFF; 4]);
        assert_eq!(enc.len(), 40);
        // 3 literals: the first word holds 000 then 29 ones
        let enc = encode(b"xyz");
        assert_eq!(u32::from_le_bytes([enc[0], enc[1], enc[2], enc[3]]), 0x1FFF_FFFF);
    }

    #[test]
    fn long_lengths_use_shared_nibbles_and_words() {
        // lengths 10 (nibble), 30 (nibble + byte) and 400 (nibble + byte + word)
        for &len in &[10usize, 25, 40, 300, 400, 5000] {
            let mut v = b"0123456789".to_vec();
            for k in 0..len {
                v.push(v[k % 10]);
            }
            let enc = encode(&v);
            assert_eq!(decode(&enc, v.len()).unwrap(), v);
        }
    }

    #[test]
    fn decodes_a_hand_made_stream() {
        // "abc" then match offset 3 length 6 => "abcabcabc"
        let flags: u32 = 0b0001 << 28 | ((1 << 28) - 1);
        let mut s = flags.to_le_bytes().to_vec();
        s.extend_from_slice(b"abc");
        s.extend_from_slice(&((2u16 << 3) | 3).to_le_bytes());
        assert_eq!(decode(&s, 9).unwrap(), b"abcabcabc");
    }

    #[test]
    fn rejects_corrupt_streams_without_panicking() {
        let mut rng = Rng::new(0xbad5eed);
        // truncated and garbage streams
        let good = encode(&vec![7u8; 3000]);
        for cut in 0..good.len() {
            assert!(decode(&good[..cut], 3000).is_err());
        }
        for _ in 0..3000 {
            let len = rng.below(200) as usize;
            let g: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            let want = rng.below(5000) as usize;
            if let Ok(out) = decode(&g, want) {
                assert_eq!(out.len(), want);
            }
        }
        // a match reaching before the start
        let mut s = (1u32 << 31).to_le_bytes().to_vec();
        s.extend_from_slice(&(5u16 << 3).to_le_bytes());
        assert_eq!(decode(&s, 3), Err(JetError::DecompressionFailed));
    }
}
