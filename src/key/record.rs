//! The keys an index holds for one record (ESE's ErrRECIRetrieveKey and
//! ErrRECIEnumerateKeys): one entry per value of the first multi-valued key
//! column (every combination with JET_bitIndexCrossProduct, values of equal
//! itagSequence together with JET_bitIndexNestedTable), per tuple of a tuple
//! index, filtered by conditional columns and the index's NULL rules.

use std::borrow::Cow;

use crate::catalog::defs::{ColumnClass, ColumnId, IndexFlags};
use crate::error::{JetError, JetResult};

use super::normalize::{binary_segment_into, complement, fixed_segment_into, null_segment, text_segment};
use super::spec::{CB_KEY_MOST_OLD, IndexKeySpec};

/// Where index maintenance gets a record's column values (the record module
/// implements it over a record or the copy buffer).
pub trait RecordValues {
    /// The value of `columnid` at `itag_sequence` (1-based; non-tagged columns
    /// are only asked for 1), `None` when it is NULL or has no such value.
    /// Defaults must already be applied (a column absent from the record but
    /// with a default value is that value). Only bytes
    /// `[ib_offset, ib_offset + cb_max)` are needed: a source may return the
    /// value from `ib_offset` on in full (what lies past `cb_max` is
    /// ignored), and must return `Some(empty)` when the value is not NULL but
    /// `ib_offset` is at or past its end. `cb_max == 0` asks only whether the
    /// column is NULL.
    /// The bytes may be borrowed from the source (a record being read).
    fn value(
        &mut self,
        columnid: ColumnId,
        itag_sequence: u32,
        ib_offset: usize,
        cb_max: usize,
    ) -> JetResult<Option<Cow<'_, [u8]>>>;
}

impl<F> RecordValues for F
where
    F: FnMut(ColumnId, u32, usize, usize) -> JetResult<Option<Vec<u8>>>,
{
    fn value(
        &mut self,
        columnid: ColumnId,
        itag: u32,
        ib_offset: usize,
        cb_max: usize,
    ) -> JetResult<Option<Cow<'_, [u8]>>> {
        Ok(self(columnid, itag, ib_offset, cb_max)?.map(Cow::Owned))
    }
}

/// A simple `RecordValues`: every column's values in itagSequence order
/// (missing columns and empty lists are NULL). Handy for tests and for
/// callers that already hold the values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueList(pub Vec<(ColumnId, Vec<Vec<u8>>)>);

impl RecordValues for ValueList {
    fn value(
        &mut self,
        columnid: ColumnId,
        itag: u32,
        ib_offset: usize,
        cb_max: usize,
    ) -> JetResult<Option<Cow<'_, [u8]>>> {
        let Some((_, values)) = self.0.iter().find(|(id, _)| *id == columnid) else {
            return Ok(None);
        };
        let Some(v) = values.get((itag as usize).wrapping_sub(1)) else {
            return Ok(None);
        };
        let start = ib_offset.min(v.len());
        let end = start.saturating_add(cb_max).min(v.len());
        Ok(Some(Cow::Borrowed(&v[start..end])))
    }
}

/// NULL segments in a key (ESE's wrnFLDNullKey / NullFirstSeg / NullSeg).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum NullSegments {
    None,
    /// Some segment other than the first is NULL.
    Some,
    /// The first segment is NULL (others may be too).
    First,
    /// Every segment is NULL.
    All,
}

/// What retrieving one key of a record gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordKey {
    Key {
        key: Vec<u8>,
        nulls: NullSegments,
    },
    /// A multi-valued column has no value at the asked itagSequence (at key segment `iseg`).
    OutOfKeys {
        iseg: usize,
    },
    /// The tuple at the asked offset is shorter than the index's minimum.
    OutOfTuples,
    /// A conditional column excludes the record from the index.
    NotPresentInIndex,
}

const NO_ROLLOVER: usize = super::spec::CCOL_KEY_MOST + 1;
const COMPLETE: usize = 0;

/// The key of a record for given itagSequences (one per key segment; 1 for
/// non-multi-valued columns) and tuple offset (characters, tuple indexes
/// only). Errors: JetError::KeyTruncated for a DisallowTruncation index whose
/// key does not fit, and whatever `values` returns.
pub fn record_key(
    spec: &IndexKeySpec,
    values: &mut dyn RecordValues,
    itags: &[u32],
    ich_offset: u32,
) -> JetResult<RecordKey> {
    let mut cb_data_most = spec.cb_key_most;
    loop {
        let (r, need_more) = record_key_once(spec, values, itags, ich_offset, cb_data_most)?;
        if !need_more || cb_data_most >= (1 << 31) {
            return Ok(r);
        }
        // the source data ran out before the key was full: ask for more
        cb_data_most *= 2;
    }
}

fn record_key_once(
    spec: &IndexKeySpec,
    values: &mut dyn RecordValues,
    itags: &[u32],
    ich_offset: u32,
    cb_data_most: usize,
) -> JetResult<(RecordKey, bool)> {
    for c in &spec.conditional {
        let null = values.value(c.columnid, 1, 0, 0)?.is_none();
        if c.must_be_null != null {
            return Ok((RecordKey::NotPresentInIndex, false));
        }
    }
    let nested = spec.flags.contains(IndexFlags::NESTED_TABLE);
    let disallow_truncation = spec.flags.contains(IndexFlags::DISALLOW_TRUNCATION);
    let cb_key_most = spec.cb_key_most;
    // most keys are short: a key-sized buffer per call costs more than growing one
    let mut key = Vec::with_capacity(cb_key_most.min(64));
    let mut cb_avail = cb_key_most;
    let (mut all_nulls, mut null_first, mut null_seg) = (true, false, false);
    let mut key_truncated = false;
    let mut all_mv_out = true;
    let mut need_more = false;
    for (i, seg) in spec.segments.iter().enumerate() {
        let itag = itags.get(i).copied().unwrap_or(1).max(1);
        let tuple = if i == 0 { spec.tuples } else { None };
        let cb_char = if seg.is_unicode() { 2 } else { 1 };
        let ib_offset = if tuple.is_some() {
            ich_offset as usize * cb_char
        } else {
            0
        };
        let tagged = seg.class == ColumnClass::Tagged;
        let value = values.value(
            seg.columnid,
            if tagged { itag } else { 1 },
            ib_offset,
            cb_data_most,
        )?;
        let is_null = value.is_none();
        if seg.multivalued {
            all_mv_out = all_mv_out && itag > 1 && is_null;
        }
        if cb_avail == 0 {
            key_truncated = true;
            if disallow_truncation {
                return Err(JetError::KeyTruncated);
            }
            if is_null {
                if itag > 1 && !nested {
                    return Ok((RecordKey::OutOfKeys { iseg: i }, false));
                }
                null_first |= i == 0;
                null_seg = true;
            }
            continue;
        }
        if itag > 1 && is_null && !nested {
            return Ok((RecordKey::OutOfKeys { iseg: i }, false));
        }
        let value = value.unwrap_or_default();
        let mut data: &[u8] = &value[..value.len().min(cb_data_most)];
        if let Some(t) = tuple {
            data = &data[..data.len().min(t.length_max as usize * cb_char)];
            if data.len() < t.length_min as usize * cb_char {
                return Ok((RecordKey::OutOfTuples, false));
            }
        }
        // the segment is normalized straight onto the key, then cut to the
        // room left (or taken off again once the key is already cut)
        let start = key.len();
        let mut column_truncated = false;
        if is_null || data.is_empty() {
            if is_null {
                null_first |= i == 0;
                null_seg = true;
            } else {
                all_nulls = false;
            }
            key.push(null_segment(seg.coltyp, !is_null, spec.sort_nulls_high()));
        } else {
            all_nulls = false;
            if seg.is_text() {
                let n = text_segment(spec, seg, data, cb_avail)?;
                column_truncated = n.column_truncated;
                key.extend_from_slice(&n.bytes);
            } else if seg.is_binary() {
                column_truncated = binary_segment_into(
                    data,
                    cb_avail,
                    cb_key_most,
                    spec.var_seg_mac_effective(),
                    seg.is_fixed_column(),
                    &mut key,
                )
                .0;
            } else {
                if Some(data.len()) != seg.coltyp.fixed_size().map(|s| s as usize) {
                    // JetSetColumn refuses other sizes: the record is damaged
                    return Err(JetError::DatabaseCorrupted);
                }
                fixed_segment_into(seg.coltyp, data, spec.dot_net_guid, &mut key);
            }
        }
        let seg_len = key.len() - start;
        if data.len() == cb_data_most
            && seg_len < cb_key_most
            && seg_len < cb_avail
            && seg_len < spec.cb_var_seg_mac
            && cb_key_most != CB_KEY_MOST_OLD
        {
            need_more = true;
        }
        if key_truncated {
            key.truncate(start);
            continue;
        }
        if column_truncated {
            key_truncated = true;
            if disallow_truncation {
                return Err(JetError::KeyTruncated);
            }
        } else if seg_len > cb_avail {
            key_truncated = true;
            if disallow_truncation {
                return Err(JetError::KeyTruncated);
            }
        }
        let n = seg_len.min(cb_avail);
        key.truncate(start + n);
        if seg.descending {
            complement(&mut key[start..]);
        }
        cb_avail -= n;
    }
    if nested && all_mv_out {
        return Ok((RecordKey::OutOfKeys { iseg: 0 }, false));
    }
    let nulls = if all_nulls {
        NullSegments::All
    } else if null_first {
        NullSegments::First
    } else if null_seg {
        NullSegments::Some
    } else {
        NullSegments::None
    };
    Ok((RecordKey::Key { key, nulls }, need_more))
}

/// The itagSequence combinations of a record (ESE's KeySequence).
struct KeySequence {
    itags: Vec<u32>,
    multivalued: Vec<bool>,
    mv_most: Option<usize>,
    nested: bool,
    complete: bool,
}

impl KeySequence {
    fn new(spec: &IndexKeySpec) -> KeySequence {
        let n = spec.segments.len();
        let mut multivalued = vec![false; n];
        let mut mv_most = None;
        let all = spec
            .flags
            .intersects(IndexFlags::CROSS_PRODUCT | IndexFlags::NESTED_TABLE);
        for (i, seg) in spec.segments.iter().enumerate() {
            if seg.multivalued {
                multivalued[i] = true;
                mv_most = Some(i);
                if !all {
                    break;
                }
            }
        }
        KeySequence {
            itags: vec![1; n],
            multivalued,
            mv_most,
            nested: spec.flags.contains(IndexFlags::NESTED_TABLE),
            complete: false,
        }
    }

    /// Next combination: after a key, the least significant multi-valued
    /// column moves on (all of them together for nested tables); after
    /// `iseg` ran out of values, the next more significant one moves on and
    /// the rest start over.
    fn increment(&mut self, rollover: usize) {
        if rollover == NO_ROLLOVER {
            if self.nested {
                for (i, mv) in self.multivalued.iter().enumerate() {
                    if *mv {
                        self.itags[i] += 1;
                    }
                }
            } else if let Some(m) = self.mv_most {
                self.itags[m] += 1;
            }
            return;
        }
        if rollover == COMPLETE {
            self.complete = true;
            return;
        }
        match (0..rollover).rev().find(|&i| self.multivalued[i]) {
            Some(i) => self.itags[i] += 1,
            None => {
                self.complete = true;
                return;
            }
        }
        if let Some(m) = self.mv_most {
            for i in rollover..=m.min(self.itags.len() - 1) {
                self.itags[i] = 1;
            }
        }
    }
}

/// Every key `spec`'s index holds for the record behind `values`, sorted and
/// without duplicates (two values normalizing alike make one entry). Empty
/// when the record is not in the index (NULL rules, conditional columns,
/// no tuple long enough). Errors: JetError::NullKeyDisallowed
/// (JET_bitIndexDisallowNull and a NULL key column), JetError::KeyTruncated
/// (JET_bitIndexDisallowTruncation and a key that does not fit).
pub fn index_entries(
    spec: &IndexKeySpec,
    values: &mut dyn RecordValues,
) -> JetResult<Vec<Vec<u8>>> {
    let flags = spec.flags;
    let allow_all_nulls = flags.contains(IndexFlags::ALLOW_ALL_NULLS);
    let allow_first_null = flags.contains(IndexFlags::ALLOW_FIRST_NULL);
    let allow_some_nulls = flags.contains(IndexFlags::ALLOW_SOME_NULLS);
    let no_null_seg = flags.contains(IndexFlags::NO_NULL_SEG);
    let has_multivalue = spec.is_multivalued();
    let first_mv = spec.segments.first().is_some_and(|s| s.multivalued);
    let (ich_start, ich_increment, tuple_max) = match spec.tuples {
        Some(t) => (t.start, t.increment.max(1), t.to_index_max),
        None => (0, 1, 1),
    };
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut seq = KeySequence::new(spec);
    while !seq.complete {
        let mut rollover = NO_ROLLOVER;
        let mut ich = ich_start;
        for tuple in 0..tuple_max {
            let r = record_key(spec, values, &seq.itags, ich)?;
            rollover = match r {
                RecordKey::OutOfKeys { iseg } => iseg,
                _ => NO_ROLLOVER,
            };
            let key = match r {
                RecordKey::Key { key, nulls } => {
                    if no_null_seg && nulls != NullSegments::None {
                        return Err(JetError::NullKeyDisallowed);
                    }
                    let keep = match nulls {
                        NullSegments::None => true,
                        NullSegments::All => {
                            rollover = COMPLETE;
                            allow_all_nulls && tuple == 0
                        }
                        NullSegments::First => allow_first_null,
                        NullSegments::Some => allow_some_nulls,
                    };
                    if !keep {
                        rollover = COMPLETE;
                        break;
                    }
                    key
                }
                RecordKey::OutOfKeys { .. } => break,
                RecordKey::OutOfTuples => {
                    if !first_mv {
                        rollover = COMPLETE;
                    }
                    break;
                }
                RecordKey::NotPresentInIndex => {
                    rollover = COMPLETE;
                    break;
                }
            };
            out.push(key);
            ich = ich.saturating_add(ich_increment);
        }
        if rollover == COMPLETE || !has_multivalue {
            seq.increment(COMPLETE);
        } else {
            seq.increment(rollover);
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The primary key of a record (the primary index's only entry): the key at
/// itagSequence 1. Errors: NullKeyDisallowed (DisallowNull index with a NULL
/// column), KeyTruncated (DisallowTruncation and too long); a conditional
/// primary index that excludes the record is reported as IndexInvalidDef.
pub fn primary_key(spec: &IndexKeySpec, values: &mut dyn RecordValues) -> JetResult<Vec<u8>> {
    // every itagSequence is 1 (missing entries read as 1)
    match record_key(spec, values, &[], 0)? {
        RecordKey::Key { key, nulls } => {
            if spec.flags.contains(IndexFlags::NO_NULL_SEG) && nulls != NullSegments::None {
                return Err(JetError::NullKeyDisallowed);
            }
            Ok(key)
        }
        _ => Err(JetError::IndexInvalidDef),
    }
}

/// What a replace changes in one index: the entries to delete (in `old`
/// only) and to insert (in `new` only). Both inputs sorted (as
/// `index_entries` returns them).
pub fn entries_diff(old: &[Vec<u8>], new: &[Vec<u8>]) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let deleted = old
        .iter()
        .filter(|k| new.binary_search(k).is_err())
        .cloned()
        .collect();
    let inserted = new
        .iter()
        .filter(|k| old.binary_search(k).is_err())
        .cloned()
        .collect();
    (deleted, inserted)
}
