//! Directed tests of the builder and the view: the byte layouts ESE writes
//! for each case, its errors, defaults, template columns and both page formats.

use crate::catalog::defs::{ColumnDef, ColumnFlags, Coltyp, TableDef};
use crate::error::JetError;
use crate::record::builder::{Compression, RecordBuilder, RecordConfig, SetOptions, SetValue};
use crate::record::compress;
use crate::record::lv::LvId;
use crate::record::schema::TEMPLATE_COLUMN;
use crate::record::tagged::{self, MvLayout};
use crate::record::view::{ColumnValue, RecordView};

fn col(columnid: u32, coltyp: Coltyp, cb_max: u32, flags: ColumnFlags, default: Option<&[u8]>, record_offset: u16) -> ColumnDef {
    ColumnDef {
        columnid,
        name: format!("c{columnid}"),
        coltyp,
        cb_max,
        cp: if coltyp.is_text() { 1252 } else { 0 },
        flags,
        default: default.map(|d| d.to_vec()),
        record_offset,
    }
}

fn table(columns: Vec<ColumnDef>) -> TableDef {
    TableDef {
        name: "t".into(),
        objid: 2,
        pgno_fdp: 3,
        flags: 0,
        initial_pages: 1,
        density: 80,
        template_table: None,
        columns,
        indexes: Vec::new(),
        lv_tree: None,
    }
}

fn opts() -> SetOptions {
    SetOptions::default()
}

fn data(v: &[u8]) -> SetValue<'_> {
    SetValue::Data(v)
}

/// A table with a bit of everything.
fn mixed() -> TableDef {
    table(vec![
        col(1, Coltyp::Long, 4, ColumnFlags::NOT_NULL | ColumnFlags::AUTOINCREMENT, None, 4),
        col(2, Coltyp::Bit, 1, ColumnFlags::empty(), None, 8),
        col(3, Coltyp::Text, 10, ColumnFlags::empty(), Some(b"dflt"), 9),
        col(128, Coltyp::Binary, 10, ColumnFlags::empty(), None, 0),
        col(129, Coltyp::Text, 255, ColumnFlags::DEFAULT, Some(b"var default"), 0),
        col(256, Coltyp::Long, 4, ColumnFlags::MULTIVALUED, None, 0),
        col(257, Coltyp::LongText, 0, ColumnFlags::MULTIVALUED | ColumnFlags::COMPRESSED, None, 0),
        col(258, Coltyp::Binary, 20, ColumnFlags::DEFAULT, Some(b"tagged default"), 0),
        col(259, Coltyp::LongBinary, 0, ColumnFlags::DEFAULT, Some(b"long default"), 0),
    ])
}

fn cfg(page: u32) -> RecordConfig {
    RecordConfig::new(page, 255)
}

#[test]
fn new_records_copy_fixed_and_variable_defaults_only() {
    let t = mixed();
    let b = RecordBuilder::new_record(&t, cfg(4096)).unwrap();
    let bytes = b.to_bytes();
    // fixed columns up to 3 (the last with a default), variable up to 129
    assert_eq!(&bytes[..4], &[3, 129, 20, 0]);
    // 1 and 2 have no default: '*' space, NULL bits; 3 holds its padded default
    assert_eq!(&bytes[4..9], b"*****");
    assert_eq!(&bytes[9..19], b"dflt      ");
    assert_eq!(bytes[19], 0b1111_1011);
    // 128 NULL (offset 0 | 0x8000), 129 ends at 11
    assert_eq!(&bytes[20..24], &[0x00, 0x80, 11, 0]);
    assert_eq!(&bytes[24..], b"var default");
    let v = RecordView::parse(&bytes, 4096).unwrap();
    assert!(v.tag_fields().is_empty(), "tagged defaults are never stored");
    assert_eq!(v.retrieve(&t, &t.columns[7], 1, true).unwrap(), ColumnValue::Default(b"tagged default"[..].into()));
    assert_eq!(v.retrieve(&t, &t.columns[0], 1, true).unwrap(), ColumnValue::Null);
    assert_eq!(v.value_count(&t, &t.columns[8]).unwrap(), 1);
    assert_eq!(v.value_count(&t, &t.columns[5]).unwrap(), 0);
}

#[test]
fn fixed_columns_extend_with_fill_and_normalize_values() {
    let t = mixed();
    let mut b = RecordBuilder::empty(cfg(4096));
    b.set(&t, &t.columns[1], 1, data(&[7]), &opts()).unwrap();
    let bytes = b.to_bytes();
    // column 1 '*' + NULL, column 2 stored as 0xFF; unused bitmap bits set
    assert_eq!(bytes, vec![2, 127, 10, 0, b'*', b'*', b'*', b'*', 0xFF, 0b1111_1101]);
    // extending bursts column 3's default; setting NULL keeps the space
    b.set(&t, &t.columns[2], 1, SetValue::Null, &opts()).unwrap();
    let bytes = b.to_bytes();
    assert_eq!(&bytes[9..19], b"dflt      ");
    assert_eq!(bytes[19], 0b1111_1101 | 0b100);
    let v = RecordView::parse(&bytes, 4096).unwrap();
    assert_eq!(v.retrieve(&t, &t.columns[2], 1, true).unwrap(), ColumnValue::Null);
    // fixed sizes: wrong size fails, zero bytes mean NULL
    assert_eq!(b.set(&t, &t.columns[0], 1, data(&[1, 2]), &opts()), Err(JetError::InvalidBufferSize));
    assert_eq!(b.set(&t, &t.columns[2], 1, data(&[b'x'; 11]), &opts()), Err(JetError::InvalidBufferSize));
    assert_eq!(b.set(&t, &t.columns[0], 1, data(&[]), &opts()), Err(JetError::ColumnIllegalNull));
    b.set(&t, &t.columns[1], 1, data(&[]), &opts()).unwrap();
    let v = b.to_bytes();
    assert_eq!(RecordView::parse(&v, 4096).unwrap().retrieve(&t, &t.columns[1], 1, true).unwrap(), ColumnValue::Null);
    // column 1 is autoincrement: ESE reports that first
    assert_eq!(b.check_not_null(&t), Err(JetError::AutoIncrementNotSet));
    b.set(&t, &t.columns[0], 1, data(&5i32.to_le_bytes()), &opts()).unwrap();
    assert_eq!(b.check_not_null(&t), Ok(()));
}

#[test]
fn update_checks_not_null_columns() {
    let t = table(vec![
        col(128, Coltyp::Binary, 10, ColumnFlags::NOT_NULL, None, 0),
        col(256, Coltyp::Binary, 10, ColumnFlags::NOT_NULL, None, 0),
        col(257, Coltyp::Binary, 10, ColumnFlags::NOT_NULL, Some(b"d"), 0),
    ]);
    let mut b = RecordBuilder::new_record(&t, cfg(4096)).unwrap();
    assert_eq!(b.check_not_null(&t), Err(JetError::ColumnIllegalNull));
    assert_eq!(b.set(&t, &t.columns[0], 1, SetValue::Null, &opts()), Err(JetError::ColumnIllegalNull));
    b.set(&t, &t.columns[0], 1, data(b"v"), &opts()).unwrap();
    assert_eq!(b.check_not_null(&t), Err(JetError::ColumnIllegalNull));
    b.set(&t, &t.columns[1], 1, data(b""), &opts()).unwrap();
    // zero-length is a value; the column with a default needs none
    assert_eq!(b.check_not_null(&t), Ok(()));
}

#[test]
fn autoincrement_columns_cannot_be_null() {
    let t = table(vec![col(1, Coltyp::Long, 4, ColumnFlags::AUTOINCREMENT, None, 4)]);
    let mut b = RecordBuilder::empty(cfg(4096));
    assert_eq!(b.set(&t, &t.columns[0], 1, SetValue::Null, &opts()), Err(JetError::AutoIncrementNotSet));
    assert_eq!(b.check_not_null(&t), Err(JetError::AutoIncrementNotSet));
}

#[test]
fn variable_columns_truncate_and_burst_defaults() {
    let t = mixed();
    let mut b = RecordBuilder::empty(cfg(4096));
    // 129 beyond the record: 128 becomes NULL, 129's default is not burst (it is being set)
    let out = b.set(&t, &t.columns[3], 1, data(&[1; 15]), &opts()).unwrap();
    assert!(out.truncated);
    let v = b.to_bytes();
    let view = RecordView::parse(&v, 4096).unwrap();
    assert_eq!(view.retrieve(&t, &t.columns[3], 1, true).unwrap(), ColumnValue::Data(&[1; 10]));
    assert_eq!(view.retrieve(&t, &t.columns[4], 1, true).unwrap(), ColumnValue::Default(b"var default"[..].into()));
    // a record lacking a column with a default gets it when a later column is set
    let t2 = table(vec![
        col(128, Coltyp::Binary, 10, ColumnFlags::empty(), Some(b"d128"), 0),
        col(129, Coltyp::Binary, 10, ColumnFlags::empty(), None, 0),
        col(130, Coltyp::Binary, 10, ColumnFlags::empty(), None, 0),
    ]);
    let mut b = RecordBuilder::empty(cfg(4096));
    b.set(&t2, &t2.columns[2], 1, SetValue::Null, &opts()).unwrap();
    assert_eq!(b.to_bytes(), vec![0, 130, 4, 0, 4, 0, 0x04, 0x80, 0x04, 0x80, b'd', b'1', b'2', b'8']);
    // zero-length is not NULL
    b.set(&t2, &t2.columns[1], 1, data(&[]), &opts()).unwrap();
    let v = b.to_bytes();
    assert_eq!(RecordView::parse(&v, 4096).unwrap().retrieve(&t2, &t2.columns[1], 1, true).unwrap(), ColumnValue::Data(&[]));
}

fn layout_of(b: &RecordBuilder, t: &TableDef, c: &ColumnDef, page: u32) -> (Option<MvLayout>, Vec<u8>) {
    let bytes = b.to_bytes();
    let v = RecordView::parse(&bytes, page).unwrap();
    let f = v.tag_field(t, c).map(|f| (f.layout(), f.header));
    (f.map(|x| x.0), f.and_then(|x| x.1).into_iter().collect())
}

#[test]
fn multi_values_follow_ese_transitions_on_small_pages() {
    let t = mixed();
    let c = &t.columns[5]; // tagged Long
    let mut b = RecordBuilder::empty(cfg(4096));
    b.set(&t, c, 0, data(&1i32.to_le_bytes()), &opts()).unwrap();
    // one short value: no flags byte
    assert_eq!(layout_of(&b, &t, c, 4096), (Some(MvLayout::Single), vec![]));
    b.set(&t, c, 0, data(&2i32.to_le_bytes()), &opts()).unwrap();
    assert_eq!(layout_of(&b, &t, c, 4096), (Some(MvLayout::TwoValues), vec![0x18]));
    let bytes = b.to_bytes();
    // TAGFLD 256 with the extended-info bit, then header, cbFirst, values
    assert_eq!(&bytes[4..8], &[0, 1, 4, 0x40]);
    assert_eq!(&bytes[8..], &[0x18, 4, 1, 0, 0, 0, 2, 0, 0, 0]);
    b.set(&t, c, 7, data(&3i32.to_le_bytes()), &opts()).unwrap();
    assert_eq!(layout_of(&b, &t, c, 4096), (Some(MvLayout::MultiValues), vec![0x08]));
    // replacing the second value
    b.set(&t, c, 2, data(&9i32.to_le_bytes()), &opts()).unwrap();
    // deleting one of three keeps the multi-values layout, as ESE does
    b.set(&t, c, 1, SetValue::Null, &opts()).unwrap();
    assert_eq!(layout_of(&b, &t, c, 4096), (Some(MvLayout::MultiValues), vec![0x08]));
    let bytes = b.to_bytes();
    let v = RecordView::parse(&bytes, 4096).unwrap();
    assert_eq!(v.value_count(&t, c).unwrap(), 2);
    assert_eq!(v.retrieve(&t, c, 1, true).unwrap(), ColumnValue::Data(&9i32.to_le_bytes()));
    assert_eq!(v.retrieve(&t, c, 2, true).unwrap(), ColumnValue::Data(&3i32.to_le_bytes()));
    assert_eq!(v.retrieve(&t, c, 3, true).unwrap(), ColumnValue::Null);
    assert_eq!(v.retrieve(&t, c, 0, true), Err(JetError::BadItagSequence));
    // deleting again leaves a single value without flags byte
    b.set(&t, c, 2, SetValue::Null, &opts()).unwrap();
    assert_eq!(layout_of(&b, &t, c, 4096), (Some(MvLayout::Single), vec![]));
    // NULL past the last value, or at itagSequence 0, does nothing
    let before = b.to_bytes();
    b.set(&t, c, 5, SetValue::Null, &opts()).unwrap();
    b.set(&t, c, 0, SetValue::Null, &opts()).unwrap();
    assert_eq!(b.to_bytes(), before);
    b.set(&t, c, 1, SetValue::Null, &opts()).unwrap();
    assert_eq!(layout_of(&b, &t, c, 4096), (None, vec![]));
    assert_eq!(b.to_bytes(), vec![0, 127, 4, 0]);
    // a two-values column loses a value: single, no flags byte
    b.set(&t, c, 0, data(&1i32.to_le_bytes()), &opts()).unwrap();
    b.set(&t, c, 0, data(&2i32.to_le_bytes()), &opts()).unwrap();
    b.set(&t, c, 1, SetValue::Null, &opts()).unwrap();
    assert_eq!(layout_of(&b, &t, c, 4096), (Some(MvLayout::Single), vec![]));
    // unique multi-values
    let u = SetOptions { unique_multi_values: true, ..opts() };
    assert_eq!(b.set(&t, c, 0, data(&2i32.to_le_bytes()), &u), Err(JetError::MultiValuedDuplicate));
    b.set(&t, c, 1, data(&2i32.to_le_bytes()), &u).unwrap();
}

#[test]
fn large_pages_flag_every_tagged_value() {
    let t = mixed();
    let c = &t.columns[5];
    let mut b = RecordBuilder::empty(cfg(32768));
    b.set(&t, c, 0, data(&1i32.to_le_bytes()), &opts()).unwrap();
    let bytes = b.to_bytes();
    // no extended-info bit in the offset on large pages; flags byte 0x00
    assert_eq!(&bytes[4..], &[0, 1, 4, 0, 0x00, 1, 0, 0, 0]);
    b.set(&t, c, 0, data(&2i32.to_le_bytes()), &opts()).unwrap();
    // a second value: multi-values (never the two-values layout)
    let bytes = b.to_bytes();
    assert_eq!(&bytes[8..], &[0x08, 4, 0, 8, 0, 1, 0, 0, 0, 2, 0, 0, 0]);
    // an explicit NULL over a default is a flags byte with 0x20
    let d = &t.columns[7];
    b.set(&t, d, 1, SetValue::Null, &opts()).unwrap();
    let lvd = &t.columns[8];
    b.set(&t, lvd, 1, SetValue::Null, &opts()).unwrap();
    let bytes = b.to_bytes();
    let v = RecordView::parse(&bytes, 32768).unwrap();
    let f = v.tag_field(&t, d).unwrap();
    assert!(f.null && f.header == Some(0x20) && f.data.is_empty());
    assert_eq!(v.tag_field(&t, lvd).unwrap().header, Some(0x21));
    assert_eq!(v.retrieve(&t, d, 1, true).unwrap(), ColumnValue::Null);
    assert_eq!(v.value_count(&t, d).unwrap(), 0);
    assert_eq!(RecordBuilder::from_record(&bytes, cfg(32768)).unwrap().to_bytes(), bytes);
}

#[test]
fn explicit_nulls_override_defaults_until_reverted() {
    let t = mixed();
    let d = &t.columns[7];
    for page in [4096u32, 16384] {
        let mut b = RecordBuilder::empty(cfg(page));
        b.set(&t, d, 1, SetValue::Null, &opts()).unwrap();
        let bytes = b.to_bytes();
        if page == 4096 {
            // small pages: the NULL bit in the offset, no data
            assert_eq!(bytes, vec![0, 127, 4, 0, 2, 1, 4, 0x20]);
        }
        let v = RecordView::parse(&bytes, page).unwrap();
        assert_eq!(v.retrieve(&t, d, 1, true).unwrap(), ColumnValue::Null);
        // setting NULL again changes nothing; with RevertToDefault the entry goes
        b.set(&t, d, 1, SetValue::Null, &opts()).unwrap();
        assert_eq!(b.to_bytes(), bytes);
        b.set(&t, d, 1, SetValue::Null, &SetOptions { revert_to_default: true, ..opts() }).unwrap();
        assert_eq!(b.to_bytes(), vec![0, 127, 4, 0]);
        // a value over the NULL, then NULL again: back to an explicit NULL
        b.set(&t, d, 1, SetValue::Null, &opts()).unwrap();
        b.set(&t, d, 3, data(b"x"), &opts()).unwrap();
        let v2 = b.to_bytes();
        assert_eq!(RecordView::parse(&v2, page).unwrap().retrieve(&t, d, 1, true).unwrap(), ColumnValue::Data(b"x"));
        b.set(&t, d, 1, SetValue::Null, &opts()).unwrap();
        assert_eq!(b.to_bytes(), bytes);
        // columns without default simply go away
        let c = &t.columns[5];
        b.set(&t, c, 1, data(&[1, 2, 3, 4]), &opts()).unwrap();
        b.set(&t, c, 1, SetValue::Null, &opts()).unwrap();
        assert_eq!(b.to_bytes(), bytes);
    }
}

#[test]
fn long_values_compress_only_their_first_value() {
    let t = mixed();
    let c = &t.columns[6]; // LongText, compressed
    let text = b"The quick brown fox jumps over the lazy dog, again and again.";
    let mut b = RecordBuilder::empty(cfg(4096));
    let out = b.set(&t, c, 0, data(text), &opts()).unwrap();
    assert!(out.compressed);
    let out = b.set(&t, c, 0, data(text), &opts()).unwrap();
    assert!(!out.compressed, "later values are never compressed");
    let bytes = b.to_bytes();
    let v = RecordView::parse(&bytes, 4096).unwrap();
    let f = v.tag_field(&t, c).unwrap();
    assert_eq!(f.header, Some(tagged::HDR_LONG_VALUE | tagged::HDR_MULTI_VALUES | tagged::HDR_COMPRESSED));
    let vals = f.values().unwrap();
    assert_eq!(vals[0].data, &compress::compress_7bit_ascii(text).unwrap()[..]);
    assert_eq!(vals[1].data, text);
    assert_eq!(v.retrieve(&t, c, 1, true).unwrap(), ColumnValue::Decompressed(text.to_vec()));
    // removing the first value removes the compressed flag with it
    b.set(&t, c, 1, SetValue::Null, &opts()).unwrap();
    let bytes = b.to_bytes();
    let v = RecordView::parse(&bytes, 4096).unwrap();
    assert_eq!(v.tag_field(&t, c).unwrap().header, Some(tagged::HDR_LONG_VALUE));
    assert_eq!(v.retrieve(&t, c, 1, true).unwrap(), ColumnValue::Data(text));
    // JET_bitSetUncompressed, and values too short to be worth it
    let mut b = RecordBuilder::empty(cfg(4096));
    assert!(!b.set(&t, c, 1, data(text), &SetOptions { compression: Compression::Never, ..opts() }).unwrap().compressed);
    assert!(!b.set(&t, c, 1, data(b"short"), &opts()).unwrap().compressed);
    // JET_bitSetCompressed on a column that is not compressed
    let lb = &t.columns[8];
    assert!(b.set(&t, lb, 1, data(text), &SetOptions { compression: Compression::Force, ..opts() }).unwrap().compressed);
}

#[test]
fn separated_values_hold_lids() {
    let t = mixed();
    let c = &t.columns[6];
    for page in [4096u32, 32768] {
        let mut b = RecordBuilder::empty(cfg(page));
        b.set(&t, c, 0, SetValue::Separated(LvId(7)), &opts()).unwrap();
        let lid64 = LvId(LvId::LID64_FIRST + 3);
        b.set(&t, c, 0, SetValue::Separated(lid64), &opts()).unwrap();
        b.set(&t, c, 0, data(b"inline"), &opts()).unwrap();
        let bytes = b.to_bytes();
        let v = RecordView::parse(&bytes, page).unwrap();
        assert_eq!(v.retrieve(&t, c, 1, true).unwrap(), ColumnValue::Separated(LvId(7)));
        assert_eq!(v.retrieve(&t, c, 2, true).unwrap(), ColumnValue::Separated(lid64));
        assert_eq!(v.retrieve(&t, c, 3, true).unwrap(), ColumnValue::Data(b"inline"));
        assert_eq!(b.separated_lids().unwrap(), vec![LvId(7), lid64]);
        assert_eq!(b.intrinsic_long_values(&t), vec![(257, 3, 6)]);
        // a single separated value: flags 0x05 and the LID
        let mut b = RecordBuilder::empty(cfg(page));
        b.set(&t, c, 1, SetValue::Separated(LvId(0x0102)), &opts()).unwrap();
        assert_eq!(&b.to_bytes()[8..], &[0x05, 2, 1, 0, 0]);
        // not for columns that are not long values
        assert_eq!(b.set(&t, &t.columns[5], 1, SetValue::Separated(LvId(1)), &opts()), Err(JetError::InvalidColumnType));
    }
}

#[test]
fn size_limits_are_enforced_like_ese() {
    let t = mixed();
    let mut b = RecordBuilder::empty(cfg(4096));
    // a tagged value over the column's maximum
    assert_eq!(b.set(&t, &t.columns[7], 1, data(&[0; 21]), &opts()), Err(JetError::ColumnTooBig));
    // a fixed-size type of the wrong size, in a tagged column (zero bytes are fine)
    assert_eq!(b.set(&t, &t.columns[5], 1, data(&[0; 3]), &opts()), Err(JetError::InvalidBufferSize));
    b.set(&t, &t.columns[5], 1, data(&[]), &opts()).unwrap();
    // a long value no record could hold
    let huge = vec![0xAB; 3781];
    assert_eq!(b.set(&t, &t.columns[8], 1, data(&huge), &opts()), Err(JetError::ColumnDoesNotFit));
    // the largest value fits alone, then nothing else does
    let mut b = RecordBuilder::empty(cfg(4096));
    b.set(&t, &t.columns[8], 1, data(&huge[..3780]), &opts()).unwrap();
    assert_eq!(b.len(), 3789);
    let before = b.to_bytes();
    assert_eq!(b.set(&t, &t.columns[5], 1, data(&[0; 4]), &opts()), Err(JetError::RecordTooBig));
    assert_eq!(b.set(&t, &t.columns[1], 1, data(&[1]), &opts()), Err(JetError::RecordTooBig));
    assert_eq!(b.set(&t, &t.columns[3], 1, data(&[1]), &opts()), Err(JetError::RecordTooBig));
    assert_eq!(b.to_bytes(), before);
    // column id 0 is no column
    let zero = col(0, Coltyp::Long, 4, ColumnFlags::empty(), None, 4);
    assert_eq!(b.set(&t, &zero, 1, data(&[0; 4]), &opts()), Err(JetError::BadColumnId));
    // a long value with a maximum
    let capped = table(vec![col(256, Coltyp::LongBinary, 100, ColumnFlags::empty(), None, 0)]);
    let mut b = RecordBuilder::empty(cfg(4096));
    assert_eq!(b.set(&capped, &capped.columns[0], 1, data(&[1; 101]), &opts()), Err(JetError::ColumnTooBig));
    b.set(&capped, &capped.columns[0], 1, data(&[1; 100]), &opts()).unwrap();
}

#[test]
fn template_columns_carry_the_derived_bit_and_sort_first() {
    let mut t = table(vec![
        col(256 | TEMPLATE_COLUMN, Coltyp::Binary, 50, ColumnFlags::empty(), None, 0),
        col(257 | TEMPLATE_COLUMN, Coltyp::Binary, 50, ColumnFlags::empty(), None, 0),
        col(258, Coltyp::Binary, 50, ColumnFlags::empty(), None, 0),
    ]);
    t.template_table = Some("tmpl".into());
    let mut b = RecordBuilder::empty(cfg(4096));
    b.set(&t, &t.columns[2], 1, data(b"own"), &opts()).unwrap();
    b.set(&t, &t.columns[1], 1, data(b"t257"), &opts()).unwrap();
    b.set(&t, &t.columns[0], 1, data(b"t256"), &opts()).unwrap();
    let bytes = b.to_bytes();
    // derived first, each with 0x8000 in its offset
    assert_eq!(&bytes[4..16], &[0, 1, 12, 0x80, 1, 1, 16, 0x80, 2, 1, 20, 0]);
    let v = RecordView::parse(&bytes, 4096).unwrap();
    let e = v.enumerate(&t, true).unwrap();
    let ids: Vec<u32> = e.iter().map(|c| c.columnid).collect();
    assert_eq!(ids, vec![256 | TEMPLATE_COLUMN, 257 | TEMPLATE_COLUMN, 258]);
    assert_eq!(e[2].values, vec![ColumnValue::Data(b"own")]);
    // the template table's own records: same column ids, no derived bit
    let mut tmpl = t.clone();
    tmpl.template_table = None;
    tmpl.columns.pop();
    let mut b = RecordBuilder::empty(cfg(4096));
    b.set(&tmpl, &tmpl.columns[0], 1, data(b"x"), &opts()).unwrap();
    assert_eq!(&b.to_bytes()[4..8], &[0, 1, 4, 0]);
    let bytes = b.to_bytes();
    let v = RecordView::parse(&bytes, 4096).unwrap();
    assert_eq!(v.retrieve(&tmpl, &tmpl.columns[0], 1, true).unwrap(), ColumnValue::Data(b"x"));
    assert_eq!(v.enumerate(&tmpl, true).unwrap()[0].columnid, 256 | TEMPLATE_COLUMN);
}

#[test]
fn enumeration_lists_values_and_defaults() {
    let t = mixed();
    let mut b = RecordBuilder::new_record(&t, cfg(4096)).unwrap();
    b.set(&t, &t.columns[0], 1, data(&1i32.to_le_bytes()), &opts()).unwrap();
    b.set(&t, &t.columns[5], 0, data(&1i32.to_le_bytes()), &opts()).unwrap();
    b.set(&t, &t.columns[5], 0, data(&2i32.to_le_bytes()), &opts()).unwrap();
    b.set(&t, &t.columns[7], 1, SetValue::Null, &opts()).unwrap();
    let bytes = b.to_bytes();
    let v = RecordView::parse(&bytes, 4096).unwrap();
    let e = v.enumerate(&t, true).unwrap();
    let ids: Vec<u32> = e.iter().map(|c| c.columnid).collect();
    // 2 and 128 are NULL; 258 is an explicit NULL; 257 absent without default
    assert_eq!(ids, vec![1, 3, 129, 256, 259]);
    assert_eq!(e[3].values.len(), 2);
    assert_eq!(e[4].values, vec![ColumnValue::Default(b"long default"[..].into())]);
    let e = v.enumerate(&t, false).unwrap();
    let ids: Vec<u32> = e.iter().map(|c| c.columnid).collect();
    assert_eq!(ids, vec![1, 3, 129, 256]);
    // the tagged scan (column id 0): values in order, defaults, explicit NULLs on request
    let scan = v.scan_tagged(&t, true, false).unwrap();
    let got: Vec<(u32, u32)> = scan.iter().map(|s| (s.columnid, s.itag_sequence)).collect();
    assert_eq!(got, vec![(256, 1), (256, 2), (259, 1)]);
    let scan = v.scan_tagged(&t, true, true).unwrap();
    let got: Vec<(u32, u32)> = scan.iter().map(|s| (s.columnid, s.itag_sequence)).collect();
    assert_eq!(got, vec![(256, 1), (256, 2), (258, 1), (259, 1)]);
    assert_eq!(scan[2].value, ColumnValue::Null);
    assert_eq!(v.scan_tagged(&t, false, false).unwrap().len(), 2);
}

#[test]
fn user_defined_defaults_are_left_to_the_caller() {
    let t = table(vec![col(256, Coltyp::Binary, 10, ColumnFlags::USER_DEFINED_DEFAULT | ColumnFlags::DEFAULT, None, 0)]);
    let b = RecordBuilder::new_record(&t, cfg(4096)).unwrap();
    let bytes = b.to_bytes();
    let v = RecordView::parse(&bytes, 4096).unwrap();
    assert_eq!(v.retrieve(&t, &t.columns[0], 1, true).unwrap(), ColumnValue::UserDefinedDefault);
    assert_eq!(v.value_count(&t, &t.columns[0]).unwrap(), 1);
}

#[test]
fn corrupt_records_are_errors() {
    let t = mixed();
    for bad in [
        vec![],
        vec![1, 127, 4, 0],            // fixed column 1 but no room for its bitmap
        vec![0, 126, 4, 0],            // last variable column below 127
        vec![0, 128, 4, 0, 9, 0],      // variable data past the end
        vec![0, 127, 4, 0, 0, 1, 8, 0], // tag offset past the end
        vec![0, 127, 4, 0, 0, 1, 3, 0], // tag array not a multiple of 4
        vec![0, 127, 4, 0, 0, 1, 8, 0, 0, 1, 8, 0], // duplicate column
        vec![0, 127, 4, 0, 5, 0, 4, 0], // column id below 256
    ] {
        assert_eq!(RecordView::parse(&bad, 4096).map(|_| ()), Err(JetError::DatabaseCorrupted), "{bad:?}");
    }
    // multi-values whose offsets run past the column
    let rec = [0, 127, 4, 0, 0, 1, 4, 0x40, 0x08, 4, 0, 9, 0, 1];
    let v = RecordView::parse(&rec, 4096).unwrap();
    assert_eq!(v.retrieve(&t, &t.columns[5], 1, true), Err(JetError::DatabaseCorrupted));
    // a fixed column whose slot is outside the record's fixed area
    let rec = [1, 127, 5, 0, 0];
    let v = RecordView::parse(&rec, 4096).unwrap();
    assert_eq!(v.retrieve(&t, &t.columns[0], 1, true), Err(JetError::DatabaseCorrupted));
}
