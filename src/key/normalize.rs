//! Normalization of one key segment: a column value (or NULL) turned into
//! bytes whose memcmp order is the column type's order, with ESE's prefix
//! byte in front (ESE's fldnorm).

use crate::catalog::defs::Coltyp;
use crate::error::JetResult;

use super::sortkey;
use super::spec::{CB_KEY_MOST_OLD, IndexKeySpec, SegmentSpec};

/// Prefix of a NULL segment (index sorts NULLs first).
pub const PREFIX_NULL: u8 = 0x00;
/// Prefix of a zero-length (non-NULL) Text/Binary value.
pub const PREFIX_ZERO_LENGTH: u8 = 0x40;
/// Prefix of a NULL segment when the index sorts NULLs high.
pub const PREFIX_NULL_HIGH: u8 = 0xc0;
/// Prefix of a segment with data.
pub const PREFIX_DATA: u8 = 0x7f;
/// Fill byte of limit keys.
pub const SENTINEL: u8 = 0xff;

/// Variable-size binary is cut into chunks of this many bytes...
pub const BINARY_CHUNK: usize = 8;
/// ...each followed by a count byte (9 = more chunks follow).
pub const BINARY_CHUNK_NORMALIZED: usize = BINARY_CHUNK + 1;

/// Terminator of a single-byte text segment.
pub(crate) const ASCII_TERMINATOR: u8 = 0x00;
/// Separator after the primary weights of a Unicode sort key.
pub(crate) const UNICODE_SENTINEL: u8 = 0x01;

/// One normalized segment, ascending (not yet complemented), prefix included.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct NormSeg {
    pub bytes: Vec<u8>,
    /// The value was cut because key space ran out (not because of cb_var_seg_mac).
    pub column_truncated: bool,
    /// Variable binary: offset in `bytes` just past the value's last data byte
    /// (the start of its zero padding / count byte), when the whole value fit.
    pub binary_delimiter: Option<usize>,
}

/// The one-byte segment of a NULL (or zero-length Text/Binary) value.
pub(crate) fn null_segment(coltyp: Coltyp, zero_length: bool, sort_nulls_high: bool) -> u8 {
    let null = if sort_nulls_high {
        PREFIX_NULL_HIGH
    } else {
        PREFIX_NULL
    };
    if zero_length && (coltyp.is_text() || matches!(coltyp, Coltyp::Binary | Coltyp::LongBinary)) {
        PREFIX_ZERO_LENGTH
    } else {
        null
    }
}

/// Normalizes a non-empty value of a fixed-size type. `data` must have the
/// type's size (callers check). Integers become big-endian with the sign bit
/// flipped; IEEE floats flip the sign bit when positive and every bit when
/// negative; GUIDs are reordered so that memcmp follows the GUID's string form
/// (or .NET's field-wise comparison).
pub(crate) fn fixed_segment(coltyp: Coltyp, data: &[u8], dot_net_guid: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 1);
    fixed_segment_into(coltyp, data, dot_net_guid, &mut out);
    out
}

/// `fixed_segment`, appended to `out` (a key being built needs no segment buffer).
pub(crate) fn fixed_segment_into(coltyp: Coltyp, data: &[u8], dot_net_guid: bool, out: &mut Vec<u8>) {
    out.push(PREFIX_DATA);
    let le = |n: usize| -> u64 {
        let mut v = 0u64;
        for (i, b) in data.iter().take(n).enumerate() {
            v |= (*b as u64) << (8 * i);
        }
        v
    };
    match coltyp {
        Coltyp::Bit => out.push(if data[0] == 0 { 0x00 } else { 0xff }),
        Coltyp::UnsignedByte => out.push(data[0]),
        Coltyp::Short => out.extend_from_slice(&((le(2) as u16) ^ 0x8000).to_be_bytes()),
        Coltyp::UnsignedShort => out.extend_from_slice(&(le(2) as u16).to_be_bytes()),
        Coltyp::Long => out.extend_from_slice(&((le(4) as u32) ^ 0x8000_0000).to_be_bytes()),
        Coltyp::UnsignedLong => out.extend_from_slice(&(le(4) as u32).to_be_bytes()),
        Coltyp::LongLong | Coltyp::Currency => {
            out.extend_from_slice(&(le(8) ^ (1 << 63)).to_be_bytes())
        }
        Coltyp::IEEESingle => {
            let v = le(4) as u32;
            let n = if v & 0x8000_0000 != 0 {
                !v
            } else {
                v ^ 0x8000_0000
            };
            out.extend_from_slice(&n.to_be_bytes());
        }
        Coltyp::IEEEDouble | Coltyp::DateTime => {
            let v = le(8);
            let n = if v & (1 << 63) != 0 {
                !v
            } else {
                v ^ (1 << 63)
            };
            out.extend_from_slice(&n.to_be_bytes());
        }
        Coltyp::GUID => {
            const DOTNET: [usize; 16] = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
            const STRING: [usize; 16] = [10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3];
            let order = if dot_net_guid { &DOTNET } else { &STRING };
            out.extend(order.iter().map(|&i| data[i]));
        }
        // not fixed-size types: callers never get here
        _ => out.extend_from_slice(data),
    }
}

/// Normalizes a non-empty binary value. Fixed binary is copied; variable
/// binary is cut into 8-byte chunks, each followed by 9 when more follow, and
/// the last one zero-padded and followed by its length (8 when the value was
/// complete, 9 when it was cut exactly at a chunk end), so that a value sorts
/// before its extensions.
pub(crate) fn binary_segment(
    data: &[u8],
    cb_key_avail: usize,
    cb_key_most: usize,
    var_seg_mac: usize,
    fixed: bool,
) -> NormSeg {
    let mut bytes = Vec::new();
    let (column_truncated, binary_delimiter) =
        binary_segment_into(data, cb_key_avail, cb_key_most, var_seg_mac, fixed, &mut bytes);
    NormSeg { bytes, column_truncated, binary_delimiter }
}

/// `binary_segment`, appended to `out`: returns `column_truncated` and
/// `binary_delimiter` (relative to where the segment starts in `out`).
pub(crate) fn binary_segment_into(
    data: &[u8],
    cb_key_avail: usize,
    cb_key_most: usize,
    var_seg_mac: usize,
    fixed: bool,
    out: &mut Vec<u8>,
) -> (bool, Option<usize>) {
    let base = out.len();
    let mut column_truncated = false;
    let mut binary_delimiter = None;
    // at most the whole value in chunks and its prefix, at most the room left
    out.reserve((data.len().div_ceil(BINARY_CHUNK) * BINARY_CHUNK_NORMALIZED + 1).min(cb_key_avail.max(1)));
    out.push(PREFIX_DATA);
    let capped = var_seg_mac < cb_key_most;
    if fixed {
        let mut cb = data.len() + 1;
        if capped && cb > var_seg_mac {
            cb = var_seg_mac;
        }
        if cb > cb_key_avail {
            cb = cb_key_avail;
            column_truncated = true;
        }
        out.extend_from_slice(&data[..cb.saturating_sub(1)]);
        return (column_truncated, binary_delimiter);
    }
    let mut entire = true;
    let chunks = data.len().div_ceil(BINARY_CHUNK);
    let mut cb = chunks * BINARY_CHUNK_NORMALIZED + 1;
    if capped && cb > var_seg_mac {
        cb = var_seg_mac;
        entire = false;
    }
    if cb > cb_key_avail {
        cb = cb_key_avail;
        entire = false;
        column_truncated = true;
    }
    let mut seg_left = cb.saturating_sub(1);
    let mut pos = 0usize;
    while seg_left >= BINARY_CHUNK_NORMALIZED {
        let field_left = data.len() - pos;
        if field_left <= BINARY_CHUNK {
            out.extend_from_slice(&data[pos..]);
            binary_delimiter = Some(out.len() - base);
            if field_left == BINARY_CHUNK {
                out.push(if entire {
                    BINARY_CHUNK as u8
                } else {
                    BINARY_CHUNK_NORMALIZED as u8
                });
            } else {
                out.resize(out.len() + BINARY_CHUNK - field_left, 0);
                out.push(field_left as u8);
            }
            pos = data.len();
            seg_left -= BINARY_CHUNK_NORMALIZED;
            break;
        }
        out.extend_from_slice(&data[pos..pos + BINARY_CHUNK]);
        out.push(BINARY_CHUNK_NORMALIZED as u8);
        pos += BINARY_CHUNK;
        seg_left -= BINARY_CHUNK_NORMALIZED;
    }
    if seg_left > 0 {
        let field_left = data.len() - pos;
        if field_left >= seg_left {
            out.extend_from_slice(&data[pos..pos + seg_left]);
        } else {
            binary_delimiter = Some(out.len() - base + field_left);
            out.extend_from_slice(&data[pos..]);
            out.resize(out.len() + seg_left - field_left, 0);
        }
    }
    (column_truncated, binary_delimiter)
}

/// Single-byte text: ESE uppercases ASCII a-z only (the C locale), stops at
/// an embedded NUL and appends a 0x00 terminator. When the text does not fit
/// in `cb_avail` bytes, the last byte that fits is "uppercased" by
/// subtracting 0x20 whatever it is (a quirk of the CRT's `_toupper` that ESE
/// keeps for compatibility) and there is no terminator. Returns the bytes and
/// whether they were cut.
pub(crate) fn ascii_text(data: &[u8], cb_avail: usize) -> (Vec<u8>, bool) {
    let upper = |b: u8| if b.is_ascii_lowercase() { b - 0x20 } else { b };
    if cb_avail > data.len() {
        let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
        let mut out: Vec<u8> = data[..end].iter().map(|&b| upper(b)).collect();
        out.push(ASCII_TERMINATOR);
        (out, false)
    } else if cb_avail > 0 {
        let n = cb_avail - 1;
        let end = data[..n].iter().position(|&b| b == 0).unwrap_or(n);
        let mut out: Vec<u8> = data[..end].iter().map(|&b| upper(b)).collect();
        if end == n && data[n] != 0 {
            out.push(data[n].wrapping_sub(0x20));
            (out, true)
        } else {
            out.push(ASCII_TERMINATOR);
            (out, false)
        }
    } else {
        (Vec::new(), false)
    }
}

/// Normalizes a non-empty Text/LongText value (ESE's text segment): the sort
/// key of Unicode text, or the uppercased single-byte text, cut to the space
/// left. `column_truncated` is set when it was cut for lack of key space (a
/// cut at exactly `cb_var_seg_mac` is deliberate and not reported).
pub(crate) fn text_segment(
    spec: &IndexKeySpec,
    seg: &SegmentSpec,
    data: &[u8],
    cb_key_avail: usize,
) -> JetResult<NormSeg> {
    let cb_key_most = spec.cb_key_most;
    let var_seg_mac = spec.var_seg_mac_effective();
    // room for the normalized text, the header byte excluded
    let cb_text = cb_key_avail.min(var_seg_mac).saturating_sub(1);
    let unicode = seg.cp == 1200;
    let cb_char = if unicode { 2 } else { 1 };
    let mut cb_field = data.len() / cb_char * cb_char;
    if cb_key_most == CB_KEY_MOST_OLD {
        // legacy indexes normalize at most 256 bytes of source
        cb_field = cb_field.min(cb_key_most.div_ceil(cb_char) * cb_char);
    }
    let data = &data[..cb_field];
    let (body, too_big) = if unicode {
        let units: Vec<u16> = data
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let key = sortkey::map_string(&units, spec.lcmap_flags, spec.lcid)?;
        if key.len() > cb_text {
            (key[..cb_text].to_vec(), true)
        } else {
            (key, false)
        }
    } else {
        ascii_text(data, cb_text)
    };
    // a cut exactly at the segment cap is what the index asked for
    let column_truncated = too_big && (var_seg_mac > cb_key_most || body.len() + 1 < var_seg_mac);
    let mut bytes = Vec::with_capacity(body.len() + 1);
    bytes.push(PREFIX_DATA);
    bytes.extend_from_slice(&body);
    Ok(NormSeg {
        bytes,
        column_truncated,
        binary_delimiter: None,
    })
}

/// Complements a segment in place (descending key columns).
pub(crate) fn complement(bytes: &mut [u8]) {
    for b in bytes {
        *b ^= 0xff;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_flip_sign_and_go_big_endian() {
        assert_eq!(
            fixed_segment(Coltyp::Short, &(-1337i16).to_le_bytes(), false),
            [0x7f, 0x7a, 0xc7]
        );
        assert_eq!(
            fixed_segment(Coltyp::Long, &0i32.to_le_bytes(), false),
            [0x7f, 0x80, 0, 0, 0]
        );
        assert_eq!(
            fixed_segment(Coltyp::UnsignedShort, &1337u16.to_le_bytes(), false),
            [0x7f, 0x05, 0x39]
        );
        assert_eq!(fixed_segment(Coltyp::Bit, &[0x01], false), [0x7f, 0xff]);
        assert_eq!(fixed_segment(Coltyp::Bit, &[0x00], false), [0x7f, 0x00]);
    }

    #[test]
    fn floats_order_negative_below_positive() {
        let k = |v: f64| fixed_segment(Coltyp::IEEEDouble, &v.to_le_bytes(), false);
        assert!(k(-2.0) < k(-1.0));
        assert!(k(-1.0) < k(-0.0));
        assert!(k(0.0) < k(1.0));
        assert_eq!(k(1.0), [0x7f, 0xbf, 0xf0, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn guid_orders() {
        let g: Vec<u8> = (0u8..16).collect();
        assert_eq!(
            fixed_segment(Coltyp::GUID, &g, false)[1..],
            [10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3]
        );
        assert_eq!(
            fixed_segment(Coltyp::GUID, &g, true)[1..],
            [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
        );
    }

    #[test]
    fn binary_chunks() {
        let s = binary_segment(b"abc", 255, 255, 256, false);
        assert_eq!(s.bytes, [0x7f, b'a', b'b', b'c', 0, 0, 0, 0, 0, 3]);
        assert_eq!(s.binary_delimiter, Some(4));
        let s = binary_segment(b"abcdefgh", 255, 255, 256, false);
        assert_eq!(
            s.bytes,
            [0x7f, b'a', b'b', b'c', b'd', b'e', b'f', b'g', b'h', 8]
        );
        // cut at a chunk end: the count byte says "more" (9)
        let s = binary_segment(b"abcdefghi", 10, 255, 256, false);
        assert_eq!(
            s.bytes,
            [0x7f, b'a', b'b', b'c', b'd', b'e', b'f', b'g', b'h', 9]
        );
        assert!(s.column_truncated);
        assert_eq!(s.binary_delimiter, None);
        // cut inside a chunk: raw bytes up to the end of key space
        let s = binary_segment(b"abcdefghijkl", 13, 255, 256, false);
        assert_eq!(
            s.bytes,
            [
                0x7f, b'a', b'b', b'c', b'd', b'e', b'f', b'g', b'h', 9, b'i', b'j', b'k'
            ]
        );
        // fixed binary is copied
        let s = binary_segment(b"xyz", 255, 255, 256, true);
        assert_eq!(s.bytes, [0x7f, b'x', b'y', b'z']);
        // cb_var_seg_mac caps without reporting truncation
        let s = binary_segment(b"abcdefghijkl", 255, 255, 12, false);
        assert_eq!(s.bytes.len(), 12);
        assert!(!s.column_truncated);
    }

    #[test]
    fn ascii_text_rules() {
        assert_eq!(
            ascii_text(b"Simple ascii", 255),
            (b"SIMPLE ASCII\0".to_vec(), false)
        );
        // embedded NUL ends the text
        assert_eq!(ascii_text(b"ab\0cd", 255), (b"AB\0".to_vec(), false));
        // cut: the last byte loses 0x20 whatever it is, no terminator
        assert_eq!(ascii_text(b"abcdef", 4), (b"ABC\x44".to_vec(), true));
        assert_eq!(ascii_text(b"ABCDEF", 4), (b"ABC\x24".to_vec(), true));
        // fits exactly with its terminator
        assert_eq!(ascii_text(b"abc", 4), (b"ABC\0".to_vec(), false));
        assert_eq!(ascii_text(b"abc", 0), (Vec::new(), false));
        // accented letters are not uppercased (C locale)
        assert_eq!(ascii_text(&[0xe9], 255), (vec![0xe9, 0], false));
    }
}
