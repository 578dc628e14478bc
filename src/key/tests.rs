//! Tests against the sample database and order / property tests.

use crate::abi::consts::*;
use crate::catalog::defs::{ColumnDef, ColumnFlags, Coltyp, IndexDef, IndexFlags, IndexSegment};

use super::*;

// ---------------------------------------------------------------------------
// The sample: ../shared/edb-samples/index.edb.gz, one record, one index per
// column type. The keys are the B-tree entries Windows ESENT wrote (read with
// dissect.esedb): (index, persisted index flags, key column, KeyMost, key).

const SAMPLE_KEYS: &[(&str, u32, u32, u32, &str)] = &[
    ("IxId", 0x1002f, 1, 5, "7f80000001"),
    ("IxBit", 0x1000e, 2, 0, "7f00"),
    ("IxUnsignedByte", 0x1000e, 3, 0, "7fd5"),
    ("IxShort", 0x1000e, 4, 0, "7f7ac7"),
    ("IxLong", 0x1000e, 5, 0, "7f7f33f837"),
    ("IxCurrenc", 0x1000e, 6, 0, "7f8004c01db400b0c9"),
    ("IxIEEESingle", 0x1000e, 7, 0, "7fbf800000"),
    ("IxIEEEDouble", 0x1000e, 8, 0, "7fc16980f924476143"),
    ("IxDateTime", 0x1000e, 9, 0, "7fc0e1af8000000000"),
    ("IxUnsignedLong", 0x1000e, 10, 0, "7f00cc07c9"),
    ("IxLongLong", 0x1000e, 11, 0, "7f7fffffffff33f837"),
    ("IxGUID", 0x1000e, 12, 0, "7f0dacf295c2a19af2dc466667f10a363f"),
    ("IxUnsignedShort", 0x1000e, 13, 0, "7f0539"),
    ("IxBinary", 0x1000e, 128, 0, "7f746573742062696e09617279206461746108"),
    ("IxLongBinary", 0x1000e, 256, 0, "7f74657374206c6f6e09672062696e617279092064617461206161096161616161616161096161616161616161096161\
         616161616161096161616161616161096161616161616161096161616161616161096161616161616161096161616161\
         616161096161616161616161096161616161616161096161616161616161096161616161616161096161616161616161\
         096161616161616161096161616161616161096161616161616161096161616161616161096161616161616161096161\
         616161616161096161616161616161096161616161616161096161616161616161096161616161616161096161616161\
         616161096161616161616161096161"),
    ("IxASCII", 0x1000e, 129, 0, "7f53494d504c45204153434949205445585400"),
    ("IxUnicode", 0x1040e, 130, 0, "7f0e910e320e510e7e0e480e2107020e9f0e700e320e0a0e7c0e1a0e2107020e990e210ea60e990702b040b686010202\
         0202020202020202020202020202020202023f3f01010100"),
    ("IxLongASCII", 0x1000e, 257, 0, "7f4c4f4e4720415343494920544558542041414141414141414141414141414141414141414141414141414141414141\
         414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141\
         414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141\
         414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141\
         414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141\
         414141414141414141414141414141"),
    ("IxLongUnicode", 0x1040e, 258, 0, "7f0e480e7c0e700e2507020e9f0e700e320e0a0e7c0e1a0e2107020e990e210ea60e990702b040b68607020e020e020e\
         020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e\
         020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e\
         020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e\
         020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e\
         020e020e020e020e020e020e020e02"),
];

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn column(id: u32, coltyp: Coltyp, cp: u16, cb_max: u32) -> ColumnDef {
    ColumnDef {
        columnid: id,
        name: format!("c{id}"),
        coltyp,
        cb_max,
        cp,
        flags: ColumnFlags::empty(),
        default: None,
        record_offset: 0,
    }
}

fn sample_columns() -> Vec<ColumnDef> {
    use Coltyp::*;
    let fixed = [
        (1, Long), (2, Bit), (3, UnsignedByte), (4, Short), (5, Long), (6, Currency), (7, IEEESingle),
        (8, IEEEDouble), (9, DateTime), (10, UnsignedLong), (11, LongLong), (12, GUID), (13, UnsignedShort),
    ];
    let mut cols: Vec<ColumnDef> =
        fixed.iter().map(|&(id, t)| column(id, t, 0, t.fixed_size().unwrap())).collect();
    cols.push(column(128, Binary, 0, 255));
    cols.push(column(129, Text, 1252, 255));
    cols.push(column(130, Text, 1200, 255));
    cols.push(column(256, LongBinary, 0, 0));
    cols.push(column(257, LongText, 1252, 0));
    cols.push(column(258, LongText, 1200, 0));
    cols
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn sample_record() -> ValueList {
    let guid = hex("f10a363f6667dc469af20dacf295c2a1");
    let v: Vec<(u32, Vec<u8>)> = vec![
        (1, 1i32.to_le_bytes().to_vec()),
        (2, vec![0]),
        (3, vec![213]),
        (4, (-1337i16).to_le_bytes().to_vec()),
        (5, (-13371337i32).to_le_bytes().to_vec()),
        (6, 1337133713371337i64.to_le_bytes().to_vec()),
        (7, 1.0f32.to_le_bytes().to_vec()),
        (8, 13371337.13371337f64.to_le_bytes().to_vec()),
        (9, 36220.0f64.to_le_bytes().to_vec()),
        (10, 13371337u32.to_le_bytes().to_vec()),
        (11, (-13371337i64).to_le_bytes().to_vec()),
        (12, guid),
        (13, 1337u16.to_le_bytes().to_vec()),
        (128, b"test binary data".to_vec()),
        (129, b"Simple ASCII text".to_vec()),
        (130, utf16("Simple Unicode text \u{1F98A}")),
        (256, [&b"test long binary data "[..], &[b'a'; 1000][..]].concat()),
        (257, [&b"Long ASCII text "[..], &[b'a'; 1024][..]].concat()),
        (258, utf16(&format!("Long Unicode text \u{1F98A} {}", "a".repeat(1024)))),
    ];
    ValueList(v.into_iter().map(|(id, b)| (id, vec![b])).collect())
}

fn one_column_index(name: &str, flags: u32, col: u32, key_most: u32) -> IndexDef {
    IndexDef {
        name: name.into(),
        objid: 0,
        pgno_fdp: 0,
        flags: IndexFlags::from_bits_retain(flags),
        segments: vec![IndexSegment { columnid: col, descending: false }],
        conditional: vec![],
        lcid: 1033,
        lcmap_flags: 0x30401,
        cb_key_most: key_most,
        cb_var_seg_mac: 0,
        tuple_limits: None,
        density: 80,
    }
}

#[test]
fn sample_index_entries_match_windows_bytes() {
    let cols = sample_columns();
    assert_eq!(SAMPLE_KEYS.len(), 19);
    for &(name, flags, col, key_most, key) in SAMPLE_KEYS {
        let spec = IndexKeySpec::new(&one_column_index(name, flags, col, key_most), &cols).unwrap();
        let entries = index_entries(&spec, &mut sample_record()).unwrap();
        assert_eq!(entries, vec![hex(key)], "{name}");
    }
}

#[test]
fn sample_keys_via_make_key() {
    // JetMakeKey with the record's values finds the record's entry
    let cols = sample_columns();
    let mut rec = sample_record();
    for &(name, flags, col, key_most, key) in SAMPLE_KEYS {
        let spec = IndexKeySpec::new(&one_column_index(name, flags, col, key_most), &cols).unwrap();
        let value = rec.value(col, 1, 0, usize::MAX).unwrap().unwrap();
        let mut kb = KeyBuilder::new();
        kb.make_key(Some(&spec), &value, JET_bitNewKey).unwrap();
        assert_eq!(kb.key().unwrap(), &hex(key)[..], "{name}");
    }
}

#[test]
fn sample_fixed_values_decode_from_keys() {
    let cols = sample_columns();
    let mut rec = sample_record();
    for &(name, flags, col, key_most, key) in SAMPLE_KEYS {
        let spec = IndexKeySpec::new(&one_column_index(name, flags, col, key_most), &cols).unwrap();
        let got = column_from_key(&spec, &hex(key), col, false).unwrap();
        let value = rec.value(col, 1, 0, usize::MAX).unwrap().unwrap();
        match spec.segments[0].coltyp {
            Coltyp::Text | Coltyp::LongText | Coltyp::LongBinary => assert_eq!(got, ColumnFromKey::NeedRecord, "{name}"),
            _ => assert_eq!(got, ColumnFromKey::Value(Some(value)), "{name}"),
        }
    }
}
