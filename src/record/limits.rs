//! Size limits of records and long values, as ESE derives them from the page
//! size (and, for records, the primary index's key size).

/// ESE's small-page format: 2, 4 and 8 KiB pages. 16 and 32 KiB pages use
/// the large format (80-byte page header, a flags byte on every tagged value).
pub fn is_small_page(page_size: u32) -> bool {
    page_size <= 8192
}

/// Page header size: PGHDR (40 bytes) or, on large pages, PGHDR2 (80).
pub fn page_header_size(page_size: u32) -> u32 {
    if is_small_page(page_size) { 40 } else { 80 }
}

/// Largest node a page can hold (CPAGE::CbPageDataMax): the page minus its
/// header, one reserved tag and the tag of the node itself (4 bytes each).
pub fn page_data_max(page_size: u32) -> u32 {
    page_size - page_header_size(page_size) - 4 - 4
}

/// JET_cbKeyMostMin: the smallest key limit an index may have.
pub const KEY_MOST_MIN: u32 = 255;
/// Key size of a table without a primary index (its DBK, a 4-byte counter).
pub const DBK_KEY_SIZE: u32 = 4;
/// Bytes of key-length prefix in a node.
const KEY_COUNT: u32 = 2;

/// REC::CbRecordMost: the largest record a table's primary B-tree accepts.
/// `cb_key_most` is the primary index's key limit (IndexDef::cb_key_most),
/// or DBK_KEY_SIZE for a table without a primary index. On small pages the
/// reserve is never less than 255 bytes, keeping the historical limit
/// (3789 bytes for 4 KiB pages and a 255-byte key).
pub fn cb_record_most(page_size: u32, cb_key_most: u32) -> usize {
    let data = page_data_max(page_size);
    let most = if is_small_page(page_size) {
        data - KEY_COUNT - KEY_MOST_MIN.max(KEY_COUNT + cb_key_most)
    } else {
        data - KEY_COUNT - KEY_COUNT - cb_key_most
    };
    most as usize
}

/// JET_paramLVChunkSizeMost: the data bytes of one long-value chunk.
/// 4014 for 4 KiB pages, 8110 for 8 KiB, 4050 for 16 KiB, 8150 for 32 KiB.
/// (A table may persist its own value in MSysObjects' LVChunkMax; callers
/// use that one when present.)
pub fn lv_chunk_size(page_size: u32) -> u32 {
    match page_size {
        32768 => 8150,
        16384 => 4050,
        _ => page_size - (42 + page_header_size(page_size)),
    }
}

/// cbLVIntrinsicMost: by default long values up to this size stay in the
/// record (larger ones are separated into the LV tree).
pub const LV_INTRINSIC_MOST: usize = 1023;

/// CbLVIntrinsicTableMost: the largest value a tagged column can hold in the
/// record (a record with only that column: header, one tag, one flags byte).
pub fn lv_intrinsic_table_most(cb_record_most: usize) -> usize {
    cb_record_most - 4 - 4 - 1
}

/// The size above which ESE separates a long value without trying to keep
/// it in the record: the table's preferred intrinsic size (JET_SPACEHINTS,
/// 0 for the default 1023) bounded by the LID size and
/// `lv_intrinsic_table_most`. (Values at or below it are tried in the
/// record first and separated only if the record does not fit.)
pub fn preferred_intrinsic_lv_max(cb_record_most: usize, lid_size: usize, preferred: usize) -> usize {
    let p = if preferred == 0 { LV_INTRINSIC_MOST } else { preferred };
    p.max(lid_size).min(lv_intrinsic_table_most(cb_record_most))
}

/// The thresholds of ESE's retry when a set fails with RecordTooBig
/// (ErrFLDSetOneColumn): the long value being set is first tried with
/// threshold `page_size / 2` (separated if larger than that); then, while
/// RecordTooBig persists, each next threshold applies: every long value
/// kept in the record whose stored size exceeds it is separated
/// (`RecordBuilder::intrinsic_long_values`) and the set is retried. The
/// thresholds halve from the page size, dropping to the LID size once
/// below 1/64 of a page; after the LID size the error stands.
pub fn separation_thresholds(page_size: u32, lid_size: usize) -> Vec<usize> {
    let page = page_size as usize;
    let mut out = vec![page / 2];
    let mut t = page;
    while t > lid_size {
        t /= 2;
        if t < page / 64 {
            t = lid_size;
        }
        out.push(t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_match_ese_constants() {
        assert_eq!(page_data_max(4096), 4048);
        assert_eq!(cb_record_most(4096, 255), 3789);
        assert_eq!(cb_record_most(4096, DBK_KEY_SIZE), 3791);
        assert_eq!(cb_record_most(8192, 255), 8192 - 40 - 8 - 2 - 257);
        assert_eq!(cb_record_most(32768, 255), 32768 - 80 - 8 - 2 - 2 - 255);
        assert_eq!(lv_chunk_size(4096), 4014);
        assert_eq!(lv_chunk_size(8192), 8110);
        assert_eq!(lv_chunk_size(16384), 4050);
        assert_eq!(lv_chunk_size(32768), 8150);
        assert!(is_small_page(8192) && !is_small_page(16384));
        assert_eq!(lv_intrinsic_table_most(3789), 3780);
        assert_eq!(preferred_intrinsic_lv_max(3789, 4, 0), 1023);
        assert_eq!(preferred_intrinsic_lv_max(3789, 8, 2), 8);
        assert_eq!(preferred_intrinsic_lv_max(3789, 4, 100_000), 3780);
        assert_eq!(separation_thresholds(4096, 4), vec![2048, 2048, 1024, 512, 256, 128, 64, 4]);
        assert_eq!(*separation_thresholds(32768, 8).last().unwrap(), 8);
    }
}
