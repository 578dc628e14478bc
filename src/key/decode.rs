//! Reading a column value back out of a normalized key (JetRetrieveColumn
//! with JET_bitRetrieveFromIndex; ESE's RECIRetrieveColumnFromKey). Text
//! can't be restored (case is lost), and a key that may have been cut can't
//! be trusted: then the caller must read the record instead.

use crate::catalog::defs::{Coltyp, ColumnId};
use crate::error::{JetError, JetResult};

use super::normalize::{BINARY_CHUNK_NORMALIZED, PREFIX_DATA, PREFIX_NULL, PREFIX_NULL_HIGH};
use super::spec::{CB_KEY_MOST_OLD, IndexKeySpec, SegmentSpec};

/// The outcome of `column_from_key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnFromKey {
    /// The value (None: NULL).
    Value(Option<Vec<u8>>),
    /// The key can't give the value exactly: read it from the record.
    NeedRecord,
}

/// The value of `columnid` as stored in `key`, an entry of `spec`'s index.
/// Errors: ColumnNotFound (not a key column), IndexTuplesCannotRetrieveFromIndex
/// (the tuple column of a tuple index, unless `retrieve_tuple`).
pub fn column_from_key(
    spec: &IndexKeySpec,
    key: &[u8],
    columnid: ColumnId,
    retrieve_tuple: bool,
) -> JetResult<ColumnFromKey> {
    let target = spec
        .segments
        .iter()
        .position(|s| s.columnid == columnid)
        .ok_or(JetError::ColumnNotFound)?;
    if spec.tuples.is_some() && target == 0 && !retrieve_tuple {
        return Err(JetError::IndexTuplesCannotRetrieveFromIndex);
    }
    let seg = &spec.segments[target];
    let var_seg_mac = spec.cb_var_seg_mac < spec.cb_key_most;
    if spec.segments[..target].iter().any(|s| s.is_unicode())
        || seg.is_text()
        || (key.len() == spec.cb_key_most && spec.cb_key_most >= CB_KEY_MOST_OLD)
        || (seg.is_binary() && !seg.is_fixed_column() && var_seg_mac)
    {
        return Ok(ColumnFromKey::NeedRecord);
    }
    let mut pos = 0usize;
    for (i, s) in spec.segments.iter().enumerate() {
        if pos >= key.len() {
            break;
        }
        match decode_segment(spec, s, key, &mut pos) {
            Some(v) if i == target => return Ok(ColumnFromKey::Value(v)),
            Some(_) => {}
            None => break,
        }
    }
    Ok(ColumnFromKey::NeedRecord)
}

/// Decodes one segment at `*pos`, advancing it. None when the key is malformed or cut.
fn decode_segment(
    spec: &IndexKeySpec,
    seg: &SegmentSpec,
    key: &[u8],
    pos: &mut usize,
) -> Option<Option<Vec<u8>>> {
    let mask = if seg.descending { 0xff } else { 0x00 };
    let null = if spec.sort_nulls_high() {
        PREFIX_NULL_HIGH
    } else {
        PREFIX_NULL
    };
    let prefix = *key.get(*pos)? ^ mask;
    *pos += 1;
    if prefix == null {
        return Some(None);
    }
    let mut take = |n: usize| -> Option<Vec<u8>> {
        let b = key.get(*pos..*pos + n)?;
        *pos += n;
        Some(b.iter().map(|x| x ^ mask).collect())
    };
    if let Some(size) = seg.coltyp.fixed_size() {
        if prefix != PREFIX_DATA {
            return None;
        }
        let b = take(size as usize)?;
        return Some(Some(unnormalize_fixed(seg.coltyp, &b, spec.dot_net_guid)));
    }
    if prefix != PREFIX_DATA {
        // zero-length value
        return Some(Some(Vec::new()));
    }
    if seg.is_fixed_column() {
        return Some(Some(take(seg.cb_fixed)?));
    }
    if seg.is_binary() {
        let mut v = Vec::new();
        loop {
            let chunk = take(BINARY_CHUNK_NORMALIZED)?;
            let count = chunk[BINARY_CHUNK_NORMALIZED - 1] as usize;
            let n = if count == BINARY_CHUNK_NORMALIZED {
                BINARY_CHUNK_NORMALIZED - 1
            } else {
                count.min(8)
            };
            v.extend_from_slice(&chunk[..n]);
            if count != BINARY_CHUNK_NORMALIZED {
                return Some(Some(v));
            }
        }
    }
    // text: skip to its terminator (only used to step over it)
    let unicode = seg.is_unicode();
    let rest = &key[*pos..];
    let end = if unicode {
        let sep = rest.iter().position(|&b| b ^ mask == 0x01)?;
        sep + rest[sep..].iter().position(|&b| b ^ mask == 0x00)?
    } else {
        rest.iter().position(|&b| b ^ mask == 0x00)?
    };
    let v = rest[..end].iter().map(|x| x ^ mask).collect();
    *pos += end + 1;
    Some(Some(v))
}

/// The inverse of `normalize::fixed_segment` (without its prefix byte).
fn unnormalize_fixed(coltyp: Coltyp, b: &[u8], dot_net_guid: bool) -> Vec<u8> {
    let be = |n: usize| b[..n].iter().fold(0u64, |acc, &x| (acc << 8) | x as u64);
    match coltyp {
        Coltyp::Bit => vec![if b[0] == 0 { 0x00 } else { 0xff }],
        Coltyp::UnsignedByte => vec![b[0]],
        Coltyp::Short => ((be(2) as u16) ^ 0x8000).to_le_bytes().to_vec(),
        Coltyp::UnsignedShort => (be(2) as u16).to_le_bytes().to_vec(),
        Coltyp::Long => ((be(4) as u32) ^ 0x8000_0000).to_le_bytes().to_vec(),
        Coltyp::UnsignedLong => (be(4) as u32).to_le_bytes().to_vec(),
        Coltyp::LongLong | Coltyp::Currency => (be(8) ^ (1 << 63)).to_le_bytes().to_vec(),
        Coltyp::IEEESingle => {
            let v = be(4) as u32;
            let v = if v & 0x8000_0000 != 0 {
                v ^ 0x8000_0000
            } else {
                !v
            };
            v.to_le_bytes().to_vec()
        }
        Coltyp::IEEEDouble | Coltyp::DateTime => {
            let v = be(8);
            let v = if v & (1 << 63) != 0 {
                v ^ (1 << 63)
            } else {
                !v
            };
            v.to_le_bytes().to_vec()
        }
        Coltyp::GUID => {
            const DOTNET: [usize; 16] = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
            const STRING: [usize; 16] = [10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3];
            let order = if dot_net_guid { &DOTNET } else { &STRING };
            let mut g = vec![0u8; 16];
            for (k, &i) in order.iter().enumerate() {
                g[i] = b[k];
            }
            g
        }
        _ => b.to_vec(),
    }
}
