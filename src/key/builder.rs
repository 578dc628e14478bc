//! Search keys: the state JetMakeKey builds segment by segment, limit keys
//! for JetSeek / JetSetIndexRange, and the comparisons those calls make.

use std::cmp::Ordering;

use crate::abi::consts::{
    JET_bitFullColumnEndLimit, JET_bitFullColumnStartLimit, JET_bitKeyDataZeroLength,
    JET_bitNewKey, JET_bitNormalizedKey, JET_bitPartialColumnEndLimit,
    JET_bitPartialColumnStartLimit, JET_bitStrLimit, JET_bitSubStrLimit,
};
use crate::catalog::defs::Coltyp;
use crate::error::{JetError, JetResult};

use super::normalize::{
    ASCII_TERMINATOR, PREFIX_DATA, SENTINEL, UNICODE_SENTINEL, binary_segment, complement,
    fixed_segment, null_segment, text_segment,
};
use super::spec::{CB_KEY_MOST_OLD, IndexKeySpec, SegmentSpec};

// the column-limit options, named so they can be match patterns
const FULL_START: u32 = JET_bitFullColumnStartLimit;
const FULL_END: u32 = JET_bitFullColumnEndLimit;
const PARTIAL_START: u32 = JET_bitPartialColumnStartLimit;
const PARTIAL_END: u32 = JET_bitPartialColumnEndLimit;

/// JET_bitKeyOverridePrimaryIndexPlaceholder.
pub const JET_BIT_KEY_OVERRIDE_PRIMARY_INDEX_PLACEHOLDER: u32 = 0x0000_0020;
/// JET_maskLimitOptions: the four column-limit bits.
pub const JET_MASK_LIMIT_OPTIONS: u32 = 0x0000_0f00;

/// The search key of a cursor: what successive JetMakeKey calls build and
/// JetSeek / JetSetIndexRange / JetRetrieveKey(JET_bitRetrieveCopy) read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyBuilder {
    key: Vec<u8>,
    columns: usize,
    prepared: bool,
    too_big: bool,
    limit: bool,
}

impl KeyBuilder {
    pub fn new() -> KeyBuilder {
        KeyBuilder::default()
    }

    /// Forgets the key (what JetSetIndexRange and a cursor move do to it).
    pub fn reset(&mut self) {
        *self = KeyBuilder {
            key: std::mem::take(&mut self.key),
            ..KeyBuilder::default()
        };
        self.key.clear();
    }

    /// The key made so far, None when no key is made (JET_errKeyNotMade).
    pub fn key(&self) -> Option<&[u8]> {
        self.prepared.then_some(&self.key[..])
    }

    pub fn is_prepared(&self) -> bool {
        self.prepared
    }

    /// The key ends with a limit (StrLimit, SubStrLimit, a column limit, or a
    /// normalized key longer than cb_key_most): no segment can follow.
    pub fn is_limit(&self) -> bool {
        self.limit
    }

    /// Key columns given so far (a normalized key counts as one).
    pub fn columns(&self) -> usize {
        self.columns
    }

    /// Key space ran out: further segments add nothing.
    pub fn is_too_big(&self) -> bool {
        self.too_big
    }

    /// JetMakeKey. `spec` is the current index, None for a table without a
    /// primary index (then only JET_bitNormalizedKey works). `data` empty
    /// means NULL unless JET_bitKeyDataZeroLength. Errors as ESE: KeyNotMade
    /// (no JET_bitNewKey on the first call), KeyIsMade (all columns given or
    /// a limit already set), InvalidBufferSize (wrong size for a fixed-size
    /// type, or zero-length for a type that can't be), InvalidGrbit (bad limit
    /// options), InvalidParameter (normalized key too long),
    /// IndexTuplesKeyTooSmall, NoCurrentIndex. On error the key made so far
    /// is kept (except what JET_bitNewKey already cleared).
    pub fn make_key(
        &mut self,
        spec: Option<&IndexKeySpec>,
        data: &[u8],
        grbit: u32,
    ) -> JetResult<()> {
        if grbit & JET_bitNormalizedKey != 0 {
            let cb_key_most = spec.map_or(CB_KEY_MOST_OLD, |s| s.cb_key_most);
            let cb_limit = cb_key_most + 1;
            if data.len() > cb_limit && data.len() > CB_KEY_MOST_OLD {
                return Err(JetError::InvalidParameter);
            }
            let cb = data.len().min(cb_limit);
            self.reset();
            self.key.extend_from_slice(&data[..cb]);
            self.columns = 1;
            self.prepared = true;
            self.limit = cb > cb_key_most;
            return Ok(());
        }
        let spec = spec.ok_or(JetError::NoCurrentIndex)?;
        if grbit & JET_bitNewKey != 0 {
            self.reset();
        } else if self.limit {
            return Err(JetError::KeyIsMade);
        } else if !self.prepared {
            return Err(JetError::KeyNotMade);
        }
        if !self.prepared
            && spec.has_placeholder()
            && grbit & JET_BIT_KEY_OVERRIDE_PRIMARY_INDEX_PLACEHOLDER == 0
        {
            // the placeholder column always holds 0
            let desc = spec.segments[0].descending;
            self.key.clear();
            self.key.push(if desc { !PREFIX_DATA } else { PREFIX_DATA });
            self.key.push(if desc { 0xff } else { 0x00 });
            self.columns = 1;
        }
        let iseg = self.columns;
        let seg = spec.segments.get(iseg).ok_or(JetError::KeyIsMade)?;

        // legacy indexes look at no more than 255 bytes of the value
        let data = if spec.cb_key_most == CB_KEY_MOST_OLD {
            &data[..data.len().min(CB_KEY_MOST_OLD)]
        } else {
            data
        };
        let padded;
        let mut data = data;
        if seg.is_fixed_column() && !data.is_empty() && data.len() != seg.cb_fixed {
            if seg.coltyp == Coltyp::Text && data.len() < seg.cb_fixed {
                padded = pad_fixed_text(data, seg.cb_fixed, seg.cp);
                data = &padded;
            } else {
                return Err(JetError::InvalidBufferSize);
            }
        }
        // ESE checks only fixed columns here; a tagged or variable column of a
        // fixed-size type is held to the same rule instead of reading garbage
        if !data.is_empty()
            && seg
                .coltyp
                .fixed_size()
                .is_some_and(|s| s as usize != data.len())
        {
            return Err(JetError::InvalidBufferSize);
        }
        match grbit & JET_MASK_LIMIT_OPTIONS {
            0 | FULL_START | FULL_END => {}
            PARTIAL_START | PARTIAL_END => {
                if !seg.is_text() && (seg.is_fixed_column() || !seg.is_binary()) {
                    return Err(JetError::InvalidGrbit);
                }
            }
            _ => return Err(JetError::InvalidGrbit),
        }

        let mut norm = Vec::new();
        if !self.too_big && self.key.len() < spec.cb_key_most {
            let value = if !data.is_empty() || grbit & JET_bitKeyDataZeroLength != 0 {
                Some(data)
            } else {
                None
            };
            let tuple_field = iseg == 0 && spec.tuples.is_some();
            let (bytes, too_big, limit) = search_segment(
                spec,
                seg,
                value,
                grbit,
                spec.cb_key_most - self.key.len(),
                tuple_field,
            )?;
            norm = bytes;
            self.too_big |= too_big;
            self.limit |= limit;
        }
        self.columns += 1;
        let room = spec.cb_limit_key_most().saturating_sub(self.key.len());
        norm.truncate(room);
        self.key.extend_from_slice(&norm);
        self.prepared = true;
        Ok(())
    }
}

/// Fills a short value of a fixed Text column up to the column size, as the
/// record stores it: spaces, or for code page 1200 the bytes of U+0020 by
/// byte position (so an odd-sized column ends in 0x20).
fn pad_fixed_text(data: &[u8], cb: usize, cp: u16) -> Vec<u8> {
    let mut v = data.to_vec();
    for i in data.len()..cb {
        v.push(if cp == 1200 {
            [0x20, 0x00][i % 2]
        } else {
            0x20
        });
    }
    v
}

/// One JetMakeKey segment: normalized, complemented if descending, and with
/// the limit the grbit asks for. Returns (bytes, key space ran out, is a limit).
fn search_segment(
    spec: &IndexKeySpec,
    seg: &SegmentSpec,
    value: Option<&[u8]>,
    grbit: u32,
    cb_avail: usize,
    tuple_field: bool,
) -> JetResult<(Vec<u8>, bool, bool)> {
    let mut too_big = false;
    let mut delimiter = None;
    let mut bytes = match value {
        None | Some([]) => {
            if tuple_field {
                return Err(JetError::IndexTuplesKeyTooSmall);
            }
            let zero_length = grbit & JET_bitKeyDataZeroLength != 0;
            if zero_length && (seg.is_fixed_column() || !(seg.is_text() || seg.is_binary())) {
                return Err(JetError::InvalidBufferSize);
            }
            vec![null_segment(
                seg.coltyp,
                zero_length,
                spec.sort_nulls_high(),
            )]
        }
        Some(data) => {
            if seg.is_text() {
                let mut data = data;
                if let (true, Some(tuples)) = (tuple_field, spec.tuples) {
                    let cb_char = if seg.is_unicode() { 2 } else { 1 };
                    if ((data.len() / cb_char) as u64) < tuples.length_min as u64 {
                        return Err(JetError::IndexTuplesKeyTooSmall);
                    }
                    data = &data[..data.len().min(tuples.length_max as usize * cb_char)];
                }
                let n = text_segment(spec, seg, data, cb_avail)?;
                too_big = n.column_truncated;
                n.bytes
            } else if seg.is_binary() {
                let n = binary_segment(
                    data,
                    cb_avail,
                    spec.cb_key_most,
                    spec.var_seg_mac_effective(),
                    seg.is_fixed_column(),
                );
                too_big = n.column_truncated;
                delimiter = n.binary_delimiter;
                n.bytes
            } else {
                if Some(data.len()) != seg.coltyp.fixed_size().map(|s| s as usize) {
                    return Err(JetError::InvalidBufferSize);
                }
                let mut b = fixed_segment(seg.coltyp, data, spec.dot_net_guid);
                if b.len() > cb_avail {
                    b.truncate(cb_avail);
                    too_big = true;
                }
                b
            }
        }
    };
    if seg.descending {
        complement(&mut bytes);
    }
    let avail_with_suffix = cb_avail + 1;
    let mut limit = true;
    match grbit & JET_MASK_LIMIT_OPTIONS {
        FULL_START => full_column_limit(&mut bytes, avail_with_suffix, false),
        FULL_END => full_column_limit(&mut bytes, avail_with_suffix, true),
        o @ (PARTIAL_START | PARTIAL_END) => {
            let end = o == PARTIAL_END;
            if seg.is_text() {
                partial_text_limit(
                    &mut bytes,
                    avail_with_suffix,
                    seg.descending,
                    end,
                    seg.is_unicode(),
                );
            } else {
                partial_binary_limit(&mut bytes, avail_with_suffix, delimiter, end);
            }
        }
        _ => {
            if grbit & JET_bitSubStrLimit != 0 && seg.is_text() {
                partial_text_limit(
                    &mut bytes,
                    avail_with_suffix,
                    seg.descending,
                    true,
                    seg.is_unicode(),
                );
            } else if grbit & JET_bitStrLimit != 0 {
                partial_binary_limit(&mut bytes, avail_with_suffix, delimiter, true);
            } else {
                limit = false;
            }
        }
    }
    Ok((bytes, too_big, limit))
}

/// An end limit fills the rest of the key space (and the suffix byte) with
/// 0xff, so it sorts after every key that starts with the segments so far; a
/// start limit is the key itself.
fn full_column_limit(bytes: &mut Vec<u8>, avail_with_suffix: usize, end: bool) {
    if end && bytes.len() < avail_with_suffix {
        bytes.resize(avail_with_suffix, SENTINEL);
    }
}

/// A partial limit drops the text's terminator (single-byte text) or
/// everything from the end of its primary weights (Unicode), so the key
/// matches every string starting with the given one; the end limit then
/// fills the rest of the key space with 0xff.
fn partial_text_limit(
    bytes: &mut Vec<u8>,
    avail_with_suffix: usize,
    descending: bool,
    end: bool,
    unicode: bool,
) {
    if bytes.len() < 2 {
        full_column_limit(bytes, avail_with_suffix, end);
        return;
    }
    let mask = if descending { 0xff } else { 0x00 };
    let ib_suffix = avail_with_suffix - 1;
    let mut ib = if unicode {
        let delim = UNICODE_SENTINEL ^ mask;
        bytes[1..]
            .iter()
            .position(|&b| b == delim)
            .map_or(bytes.len(), |p| p + 1)
    } else if bytes[bytes.len() - 1] == ASCII_TERMINATOR ^ mask {
        bytes.len() - 1
    } else {
        bytes.len()
    };
    ib = ib.min(ib_suffix);
    bytes.truncate(ib);
    if end {
        bytes.resize(avail_with_suffix, SENTINEL);
    }
}

/// For variable binary the partial limit cuts at the end of the value's
/// data (dropping its padding and count byte); without that position (fixed
/// binary, other types, a cut value) it falls back to a full column limit.
fn partial_binary_limit(
    bytes: &mut Vec<u8>,
    avail_with_suffix: usize,
    delimiter: Option<usize>,
    end: bool,
) {
    match delimiter {
        None => full_column_limit(bytes, avail_with_suffix, end),
        Some(d) if end => {
            let len = bytes.len() + 1;
            bytes.resize(len, SENTINEL);
            for b in &mut bytes[d..] {
                *b = SENTINEL;
            }
        }
        Some(d) => bytes.truncate(d),
    }
}

/// ESE's key comparison: memcmp over the common length, then shorter first.
pub fn compare_keys(a: &[u8], b: &[u8]) -> Ordering {
    a.cmp(b)
}

/// Whether an index entry's key is inside the range JetSetIndexRange set
/// with `limit` (the search key at the time): an upper limit keeps keys below
/// it, a lower limit keys above it; equal keys stay when inclusive.
pub fn key_in_range(key: &[u8], limit: &[u8], upper: bool, inclusive: bool) -> bool {
    match compare_keys(key, limit) {
        Ordering::Greater => !upper,
        Ordering::Less => upper,
        Ordering::Equal => inclusive,
    }
}

/// The key JetSeek(JET_bitSeekGT) descends with on a non-unique index: when
/// every key column was given and the key is not already a limit, a 0xff is
/// appended so the seek lands after all entries with that key (their
/// primary bookmarks follow the key).
pub fn seek_gt_key(spec: &IndexKeySpec, builder: &KeyBuilder) -> Option<Vec<u8>> {
    let key = builder.key()?;
    let mut k = key.to_vec();
    if !spec
        .flags
        .contains(crate::catalog::defs::IndexFlags::UNIQUE)
        && k.len() < spec.cb_limit_key_most()
        && builder.columns() == spec.segments.len()
    {
        k.push(SENTINEL);
    }
    Some(k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::defs::{ColumnDef, ColumnFlags, IndexDef, IndexFlags, IndexSegment};

    pub(crate) fn col(id: u32, coltyp: Coltyp, cp: u16) -> ColumnDef {
        ColumnDef {
            columnid: id,
            name: format!("c{id}"),
            coltyp,
            cb_max: coltyp.fixed_size().unwrap_or(255),
            cp,
            flags: ColumnFlags::empty(),
            default: None,
            record_offset: 0,
        }
    }

    pub(crate) fn index(segs: &[(u32, bool)], flags: IndexFlags) -> IndexDef {
        IndexDef {
            name: "ix".into(),
            objid: 10,
            pgno_fdp: 10,
            flags,
            segments: segs
                .iter()
                .map(|&(columnid, descending)| IndexSegment {
                    columnid,
                    descending,
                })
                .collect(),
            conditional: vec![],
            lcid: 1033,
            lcmap_flags: 0x30401,
            cb_key_most: 255,
            cb_var_seg_mac: 0,
            tuple_limits: None,
            density: 80,
        }
    }

    fn spec_of(cols: &[ColumnDef], segs: &[(u32, bool)]) -> IndexKeySpec {
        IndexKeySpec::new(&index(segs, IndexFlags::from_bits_retain(0x0e)), cols).unwrap()
    }

    #[test]
    fn first_call_needs_new_key() {
        let cols = [col(1, Coltyp::Long, 0)];
        let spec = spec_of(&cols, &[(1, false)]);
        let mut kb = KeyBuilder::new();
        assert_eq!(
            kb.make_key(Some(&spec), &5i32.to_le_bytes(), 0),
            Err(JetError::KeyNotMade)
        );
        assert_eq!(kb.key(), None);
        kb.make_key(Some(&spec), &5i32.to_le_bytes(), JET_bitNewKey)
            .unwrap();
        assert_eq!(kb.key(), Some(&[0x7f, 0x80, 0, 0, 5][..]));
        // every column given: another segment is refused
        assert_eq!(
            kb.make_key(Some(&spec), &5i32.to_le_bytes(), 0),
            Err(JetError::KeyIsMade)
        );
        // a wrong size for a fixed type
        assert_eq!(
            kb.make_key(Some(&spec), &[1, 2], JET_bitNewKey),
            Err(JetError::InvalidBufferSize)
        );
        // no index: only normalized keys
        assert_eq!(
            kb.make_key(None, &[1], JET_bitNewKey),
            Err(JetError::NoCurrentIndex)
        );
        kb.make_key(None, &[1, 2, 3], JET_bitNormalizedKey).unwrap();
        assert_eq!(kb.key(), Some(&[1, 2, 3][..]));
    }

    #[test]
    fn segments_append_and_null_and_zero_length() {
        let cols = [
            col(1, Coltyp::Long, 0),
            col(128, Coltyp::Text, 1252),
            col(129, Coltyp::Binary, 0),
        ];
        let spec = spec_of(&cols, &[(1, false), (128, true), (129, false)]);
        let mut kb = KeyBuilder::new();
        kb.make_key(Some(&spec), &[], JET_bitNewKey).unwrap();
        kb.make_key(Some(&spec), b"ab", 0).unwrap();
        kb.make_key(Some(&spec), &[], JET_bitKeyDataZeroLength)
            .unwrap();
        // NULL Long, descending "AB\0", zero-length binary
        assert_eq!(kb.key(), Some(&[0x00, 0x80, !b'A', !b'B', 0xff, 0x40][..]));
        assert_eq!(kb.columns(), 3);
        // zero length is not a value of a fixed-size type
        assert_eq!(
            kb.make_key(Some(&spec), &[], JET_bitNewKey | JET_bitKeyDataZeroLength),
            Err(JetError::InvalidBufferSize)
        );
    }

    #[test]
    fn limits() {
        let cols = [
            col(128, Coltyp::Text, 1252),
            col(1, Coltyp::Long, 0),
            col(129, Coltyp::Binary, 0),
        ];
        let spec = spec_of(&cols, &[(128, false), (1, false)]);
        let mut kb = KeyBuilder::new();
        kb.make_key(Some(&spec), b"ab", JET_bitNewKey | JET_bitSubStrLimit)
            .unwrap();
        let k = kb.key().unwrap();
        assert_eq!(&k[..3], &[0x7f, b'A', b'B']);
        assert_eq!(k.len(), 256);
        assert!(k[3..].iter().all(|&b| b == 0xff));
        assert!(kb.is_limit());
        assert_eq!(
            kb.make_key(Some(&spec), &1i32.to_le_bytes(), 0),
            Err(JetError::KeyIsMade)
        );
        // a partial start limit is the prefix without terminator
        kb.make_key(
            Some(&spec),
            b"ab",
            JET_bitNewKey | JET_bitPartialColumnStartLimit,
        )
        .unwrap();
        assert_eq!(kb.key(), Some(&[0x7f, b'A', b'B'][..]));
        // StrLimit keeps the terminator and fills with 0xff
        kb.make_key(Some(&spec), b"ab", JET_bitNewKey | JET_bitStrLimit)
            .unwrap();
        assert_eq!(&kb.key().unwrap()[..4], &[0x7f, b'A', b'B', 0]);
        assert_eq!(kb.key().unwrap().len(), 256);
        // partial limits only on text and variable binary
        kb.make_key(Some(&spec), b"ab", JET_bitNewKey).unwrap();
        assert_eq!(
            kb.make_key(
                Some(&spec),
                &1i32.to_le_bytes(),
                JET_bitPartialColumnEndLimit
            ),
            Err(JetError::InvalidGrbit)
        );
        assert_eq!(
            kb.make_key(
                Some(&spec),
                &1i32.to_le_bytes(),
                JET_bitFullColumnEndLimit | JET_bitFullColumnStartLimit
            ),
            Err(JetError::InvalidGrbit)
        );
        // full column end limit on the second column
        kb.make_key(Some(&spec), &1i32.to_le_bytes(), JET_bitFullColumnEndLimit)
            .unwrap();
        let k = kb.key().unwrap();
        assert_eq!(&k[..9], &[0x7f, b'A', b'B', 0, 0x7f, 0x80, 0, 0, 1]);
        assert_eq!(k.len(), 256);
    }

    #[test]
    fn binary_partial_limit() {
        let cols = [col(129, Coltyp::Binary, 0)];
        let spec = spec_of(&cols, &[(129, false)]);
        let mut kb = KeyBuilder::new();
        kb.make_key(
            Some(&spec),
            b"abc",
            JET_bitNewKey | JET_bitPartialColumnStartLimit,
        )
        .unwrap();
        assert_eq!(kb.key(), Some(&[0x7f, b'a', b'b', b'c'][..]));
        kb.make_key(
            Some(&spec),
            b"abc",
            JET_bitNewKey | JET_bitPartialColumnEndLimit,
        )
        .unwrap();
        assert_eq!(
            kb.key(),
            Some(
                &[
                    0x7f, b'a', b'b', b'c', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
                ][..]
            )
        );
    }

    #[test]
    fn normalized_key_limits() {
        let cols = [col(1, Coltyp::Long, 0)];
        let spec = spec_of(&cols, &[(1, false)]);
        let mut kb = KeyBuilder::new();
        kb.make_key(Some(&spec), &[7u8; 256], JET_bitNormalizedKey)
            .unwrap();
        assert!(kb.is_limit());
        assert_eq!(kb.key().unwrap().len(), 256);
        assert_eq!(
            kb.make_key(Some(&spec), &[7u8; 257], JET_bitNormalizedKey),
            Err(JetError::InvalidParameter)
        );
    }

    #[test]
    fn key_truncation_at_cb_key_most() {
        let cols = [col(128, Coltyp::Binary, 0), col(1, Coltyp::Long, 0)];
        let mut ix = index(
            &[(128, false), (1, false)],
            IndexFlags::from_bits_retain(0x0e),
        );
        ix.cb_key_most = 20;
        let spec = IndexKeySpec::new(&ix, &cols).unwrap();
        let mut kb = KeyBuilder::new();
        kb.make_key(Some(&spec), &[1u8; 40], JET_bitNewKey).unwrap();
        assert_eq!(kb.key().unwrap().len(), 20);
        assert!(kb.is_too_big());
        // the next column adds nothing but counts
        kb.make_key(Some(&spec), &3i32.to_le_bytes(), 0).unwrap();
        assert_eq!(kb.key().unwrap().len(), 20);
        assert_eq!(kb.columns(), 2);
    }

    #[test]
    fn fixed_text_is_padded() {
        let mut c = col(2, Coltyp::Text, 1252);
        c.cb_max = 5;
        let spec = spec_of(&[c], &[(2, false)]);
        let mut kb = KeyBuilder::new();
        kb.make_key(Some(&spec), b"ab", JET_bitNewKey).unwrap();
        assert_eq!(kb.key(), Some(&b"\x7fAB   \0"[..]));
        assert_eq!(
            kb.make_key(Some(&spec), b"abcdef", JET_bitNewKey),
            Err(JetError::InvalidBufferSize)
        );
    }

    #[test]
    fn ranges_and_seek_gt() {
        assert!(key_in_range(&[1, 2], &[1, 3], true, false));
        assert!(!key_in_range(&[1, 3], &[1, 3], true, false));
        assert!(key_in_range(&[1, 3], &[1, 3], true, true));
        assert!(!key_in_range(&[1, 3, 0], &[1, 3], true, true));
        assert!(key_in_range(&[1, 3, 0], &[1, 3], false, false));
        let cols = [col(1, Coltyp::Long, 0)];
        let spec = spec_of(&cols, &[(1, false)]);
        let mut kb = KeyBuilder::new();
        kb.make_key(Some(&spec), &5i32.to_le_bytes(), JET_bitNewKey)
            .unwrap();
        assert_eq!(
            seek_gt_key(&spec, &kb).unwrap(),
            [0x7f, 0x80, 0, 0, 5, 0xff]
        );
    }
}
