//! Tests against the sample database and order / property tests.

use crate::abi::consts::*;
use crate::catalog::defs::{Coltyp, ColumnDef, ColumnFlags, IndexDef, IndexFlags, IndexSegment};

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
    (
        "IxGUID",
        0x1000e,
        12,
        0,
        "7f0dacf295c2a19af2dc466667f10a363f",
    ),
    ("IxUnsignedShort", 0x1000e, 13, 0, "7f0539"),
    (
        "IxBinary",
        0x1000e,
        128,
        0,
        "7f746573742062696e09617279206461746108",
    ),
    (
        "IxLongBinary",
        0x1000e,
        256,
        0,
        "7f74657374206c6f6e09672062696e617279092064617461206161096161616161616161096161616161616161096161\
         616161616161096161616161616161096161616161616161096161616161616161096161616161616161096161616161\
         616161096161616161616161096161616161616161096161616161616161096161616161616161096161616161616161\
         096161616161616161096161616161616161096161616161616161096161616161616161096161616161616161096161\
         616161616161096161616161616161096161616161616161096161616161616161096161616161616161096161616161\
         616161096161616161616161096161",
    ),
    (
        "IxASCII",
        0x1000e,
        129,
        0,
        "7f53494d504c45204153434949205445585400",
    ),
    (
        "IxUnicode",
        0x1040e,
        130,
        0,
        "7f0e910e320e510e7e0e480e2107020e9f0e700e320e0a0e7c0e1a0e2107020e990e210ea60e990702b040b686010202\
         0202020202020202020202020202020202023f3f01010100",
    ),
    (
        "IxLongASCII",
        0x1000e,
        257,
        0,
        "7f4c4f4e4720415343494920544558542041414141414141414141414141414141414141414141414141414141414141\
         414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141\
         414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141\
         414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141\
         414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141\
         414141414141414141414141414141",
    ),
    (
        "IxLongUnicode",
        0x1040e,
        258,
        0,
        "7f0e480e7c0e700e2507020e9f0e700e320e0a0e7c0e1a0e2107020e990e210ea60e990702b040b68607020e020e020e\
         020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e\
         020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e\
         020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e\
         020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e020e\
         020e020e020e020e020e020e020e02",
    ),
];

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
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
        (1, Long),
        (2, Bit),
        (3, UnsignedByte),
        (4, Short),
        (5, Long),
        (6, Currency),
        (7, IEEESingle),
        (8, IEEEDouble),
        (9, DateTime),
        (10, UnsignedLong),
        (11, LongLong),
        (12, GUID),
        (13, UnsignedShort),
    ];
    let mut cols: Vec<ColumnDef> = fixed
        .iter()
        .map(|&(id, t)| column(id, t, 0, t.fixed_size().unwrap()))
        .collect();
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
        (
            256,
            [&b"test long binary data "[..], &[b'a'; 1000][..]].concat(),
        ),
        (257, [&b"Long ASCII text "[..], &[b'a'; 1024][..]].concat()),
        (
            258,
            utf16(&format!("Long Unicode text \u{1F98A} {}", "a".repeat(1024))),
        ),
    ];
    ValueList(v.into_iter().map(|(id, b)| (id, vec![b])).collect())
}

fn one_column_index(name: &str, flags: u32, col: u32, key_most: u32) -> IndexDef {
    IndexDef {
        name: name.into(),
        objid: 0,
        pgno_fdp: 0,
        flags: IndexFlags::from_bits_retain(flags),
        segments: vec![IndexSegment {
            columnid: col,
            descending: false,
        }],
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
        let value = rec.value(col, 1, 0, usize::MAX).unwrap().unwrap().into_owned();
        match spec.segments[0].coltyp {
            Coltyp::Text | Coltyp::LongText | Coltyp::LongBinary => {
                assert_eq!(got, ColumnFromKey::NeedRecord, "{name}")
            }
            _ => assert_eq!(got, ColumnFromKey::Value(Some(value)), "{name}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Helpers for made-up schemas.

/// splitmix64: a small deterministic PRNG (no rand crate).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    fn string(&mut self, alphabet: &[u8], max: usize) -> Vec<u8> {
        let n = self.below(max as u64 + 1) as usize;
        (0..n)
            .map(|_| alphabet[self.below(alphabet.len() as u64) as usize])
            .collect()
    }
}

const DEFAULT_FLAGS: u32 = 0x000e; // AllowAllNulls | AllowFirstNull | AllowSomeNulls

fn make_index(segs: &[(u32, bool)], flags: u32) -> IndexDef {
    IndexDef {
        name: "ix".into(),
        objid: 0,
        pgno_fdp: 0,
        flags: IndexFlags::from_bits_retain(flags),
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

fn mv(mut c: ColumnDef) -> ColumnDef {
    c.flags |= ColumnFlags::MULTIVALUED;
    c
}

fn entries(spec: &IndexKeySpec, values: Vec<(u32, Vec<Vec<u8>>)>) -> JetResultVec {
    index_entries(spec, &mut ValueList(values))
}

type JetResultVec = crate::error::JetResult<Vec<Vec<u8>>>;

fn single_key(spec: &IndexKeySpec, col: u32, value: &[u8]) -> Vec<u8> {
    let e = entries(spec, vec![(col, vec![value.to_vec()])]).unwrap();
    assert_eq!(e.len(), 1);
    e.into_iter().next().unwrap()
}

// ---------------------------------------------------------------------------
// Order: memcmp order of keys == the type's natural order, both directions.

fn check_order(
    coltyp: Coltyp,
    cp: u16,
    id: u32,
    cb_max: u32,
    generate: &mut dyn FnMut(&mut Rng) -> Vec<u8>,
    natural: &dyn Fn(&[u8], &[u8]) -> std::cmp::Ordering,
) {
    let cols = [column(id, coltyp, cp, cb_max)];
    for descending in [false, true] {
        let spec =
            IndexKeySpec::new(&make_index(&[(id, descending)], DEFAULT_FLAGS), &cols).unwrap();
        let mut rng = Rng(0x5eed ^ id as u64 ^ (descending as u64) << 40);
        let values: Vec<Vec<u8>> = (0..300).map(|_| generate(&mut rng)).collect();
        let keys: Vec<Vec<u8>> = values.iter().map(|v| single_key(&spec, id, v)).collect();
        for i in 0..values.len() {
            for j in 0..values.len() {
                let want = natural(&values[i], &values[j]);
                let want = if descending { want.reverse() } else { want };
                assert_eq!(
                    keys[i].cmp(&keys[j]),
                    want,
                    "{coltyp:?} desc={descending}: {:02x?} vs {:02x?}",
                    values[i],
                    values[j]
                );
            }
        }
    }
}

#[test]
fn order_of_fixed_size_types() {
    use std::cmp::Ordering;
    fn le<const N: usize>(b: &[u8]) -> [u8; N] {
        b.try_into().unwrap()
    }
    let bytes = |n: usize| move |r: &mut Rng| r.bytes(n);
    check_order(
        Coltyp::Bit,
        0,
        1,
        1,
        &mut |r| vec![r.below(3) as u8],
        &|a, b| (a[0] != 0).cmp(&(b[0] != 0)),
    );
    check_order(Coltyp::UnsignedByte, 0, 1, 1, &mut bytes(1), &|a, b| {
        a[0].cmp(&b[0])
    });
    check_order(Coltyp::Short, 0, 1, 2, &mut bytes(2), &|a, b| {
        i16::from_le_bytes(le(a)).cmp(&i16::from_le_bytes(le(b)))
    });
    check_order(Coltyp::UnsignedShort, 0, 1, 2, &mut bytes(2), &|a, b| {
        u16::from_le_bytes(le(a)).cmp(&u16::from_le_bytes(le(b)))
    });
    check_order(Coltyp::Long, 0, 1, 4, &mut bytes(4), &|a, b| {
        i32::from_le_bytes(le(a)).cmp(&i32::from_le_bytes(le(b)))
    });
    check_order(Coltyp::UnsignedLong, 0, 1, 4, &mut bytes(4), &|a, b| {
        u32::from_le_bytes(le(a)).cmp(&u32::from_le_bytes(le(b)))
    });
    for t in [Coltyp::LongLong, Coltyp::Currency] {
        check_order(t, 0, 1, 8, &mut bytes(8), &|a, b| {
            i64::from_le_bytes(le(a)).cmp(&i64::from_le_bytes(le(b)))
        });
    }
    check_order(Coltyp::IEEESingle, 0, 1, 4, &mut bytes(4), &|a, b| {
        f32::from_le_bytes(le(a)).total_cmp(&f32::from_le_bytes(le(b)))
    });
    // doubles drawn from a mix of random bits and ordinary numbers
    let mut dbl = |r: &mut Rng| {
        if r.below(2) == 0 {
            r.bytes(8)
        } else {
            ((r.below(2001) as f64 - 1000.0) / 8.0)
                .to_le_bytes()
                .to_vec()
        }
    };
    for t in [Coltyp::IEEEDouble, Coltyp::DateTime] {
        check_order(t, 0, 1, 8, &mut dbl, &|a, b| {
            f64::from_le_bytes(le(a)).total_cmp(&f64::from_le_bytes(le(b)))
        });
    }
    // GUIDs: the node (bytes 10-15) first, then clock sequence, then the time fields high to low
    let guid_order = |a: &[u8], b: &[u8]| -> Ordering {
        let k = |g: &[u8]| [&g[10..16], &g[8..10], &g[6..8], &g[4..6], &g[0..4]].concat();
        k(a).cmp(&k(b))
    };
    check_order(Coltyp::GUID, 0, 1, 16, &mut bytes(16), &guid_order);
}

#[test]
fn order_of_dot_net_guids() {
    // JET_bitIndexDotNetGuid: System.Guid.CompareTo order (Data1, Data2, Data3 as integers, then bytes)
    let cols = [column(1, Coltyp::GUID, 0, 16)];
    let spec = IndexKeySpec::new(
        &make_index(&[(1, false)], DEFAULT_FLAGS | IDXFLAG_DOTNET_GUID),
        &cols,
    )
    .unwrap();
    assert!(spec.dot_net_guid);
    let mut rng = Rng(7);
    let net = |g: &[u8]| {
        (
            u32::from_le_bytes(g[0..4].try_into().unwrap()),
            u16::from_le_bytes(g[4..6].try_into().unwrap()),
            u16::from_le_bytes(g[6..8].try_into().unwrap()),
            g[8..16].to_vec(),
        )
    };
    let vals: Vec<Vec<u8>> = (0..200).map(|_| rng.bytes(16)).collect();
    for a in &vals {
        for b in &vals {
            assert_eq!(
                single_key(&spec, 1, a).cmp(&single_key(&spec, 1, b)),
                net(a).cmp(&net(b))
            );
        }
    }
}

#[test]
fn order_of_binary() {
    // small alphabet and lengths around chunk boundaries: many shared prefixes
    let mut generate = |r: &mut Rng| r.string(&[0, 1, 2, 0xff], 26);
    check_order(Coltyp::Binary, 0, 128, 255, &mut generate, &|a, b| a.cmp(b));
    check_order(Coltyp::LongBinary, 0, 256, 0, &mut generate, &|a, b| {
        a.cmp(b)
    });
}

#[test]
fn order_of_single_byte_text() {
    let alphabet = b"aAbBzZ09 _-~";
    let upper = |v: &[u8]| v.to_ascii_uppercase();
    let mut generate = |r: &mut Rng| r.string(alphabet, 12);
    check_order(Coltyp::Text, 1252, 128, 255, &mut generate, &|a, b| {
        upper(a).cmp(&upper(b))
    });
    check_order(Coltyp::LongText, 1252, 256, 0, &mut generate, &|a, b| {
        upper(a).cmp(&upper(b))
    });
}

#[test]
fn order_of_unicode_text() {
    // letters, digits and spaces: case-insensitive, space < digits < letters
    let alphabet = b"aAbByZ019 ";
    let mut generate = |r: &mut Rng| utf16(std::str::from_utf8(&r.string(alphabet, 10)).unwrap());
    let lower = |v: &[u8]| -> Vec<u16> {
        v.chunks(2)
            .map(|c| (u16::from_le_bytes([c[0], c[1]]) as u8).to_ascii_lowercase() as u16)
            .collect()
    };
    check_order(Coltyp::Text, 1200, 128, 255, &mut generate, &|a, b| {
        lower(a).cmp(&lower(b))
    });
    check_order(Coltyp::LongText, 1200, 256, 0, &mut generate, &|a, b| {
        lower(a).cmp(&lower(b))
    });
}

#[test]
fn null_and_zero_length_order() {
    let cols = [
        column(128, Coltyp::Text, 1252, 255),
        column(1, Coltyp::Long, 0, 4),
    ];
    for (nulls_high, desc) in [(false, false), (true, false), (false, true), (true, true)] {
        let flags = DEFAULT_FLAGS | if nulls_high { 0x0800 } else { 0 };
        let spec = IndexKeySpec::new(&make_index(&[(128, desc)], flags), &cols).unwrap();
        let null = entries(&spec, vec![]).unwrap().remove(0);
        let empty = single_key(&spec, 128, b"");
        let data = single_key(&spec, 128, b"a");
        let m = if desc { 0xff } else { 0 };
        assert_eq!(null, [if nulls_high { 0xc0 } else { 0x00 } ^ m]);
        assert_eq!(empty, [0x40 ^ m]);
        let mut order = if nulls_high {
            vec![&empty, &data, &null]
        } else {
            vec![&null, &empty, &data]
        };
        if desc {
            order.reverse();
        }
        assert!(
            order[0] < order[1] && order[1] < order[2],
            "nulls_high={nulls_high} desc={desc}"
        );
    }
}

#[test]
fn order_of_two_column_keys() {
    // (Long ascending, Text descending): lexicographic on (n, reverse(text))
    let cols = [
        column(1, Coltyp::Long, 0, 4),
        column(128, Coltyp::Text, 1252, 255),
    ];
    let spec = IndexKeySpec::new(
        &make_index(&[(1, false), (128, true)], DEFAULT_FLAGS),
        &cols,
    )
    .unwrap();
    let mut rng = Rng(99);
    let recs: Vec<(i32, Vec<u8>)> = (0..200)
        .map(|_| (rng.below(5) as i32 - 2, rng.string(b"abAB", 4)))
        .collect();
    let keys: Vec<Vec<u8>> = recs
        .iter()
        .map(|(n, t)| {
            entries(
                &spec,
                vec![(1, vec![n.to_le_bytes().to_vec()]), (128, vec![t.clone()])],
            )
            .unwrap()
            .remove(0)
        })
        .collect();
    for i in 0..recs.len() {
        for j in 0..recs.len() {
            let want = recs[i].0.cmp(&recs[j].0).then(
                recs[j]
                    .1
                    .to_ascii_uppercase()
                    .cmp(&recs[i].1.to_ascii_uppercase()),
            );
            assert_eq!(keys[i].cmp(&keys[j]), want);
        }
    }
}

// ---------------------------------------------------------------------------
// Index entries of one record: multi-values, NULL rules, conditions, tuples.

fn long(n: i32) -> Vec<u8> {
    n.to_le_bytes().to_vec()
}

fn long_key(n: i32) -> Vec<u8> {
    let mut k = vec![0x7f];
    k.extend_from_slice(&((n as u32) ^ 0x8000_0000).to_be_bytes());
    k
}

#[test]
fn one_entry_per_value_of_a_multivalued_column() {
    let cols = [mv(column(256, Coltyp::Long, 0, 4))];
    let spec =
        IndexKeySpec::new(&make_index(&[(256, false)], DEFAULT_FLAGS | 0x0080), &cols).unwrap();
    let e = entries(&spec, vec![(256, vec![long(3), long(1), long(2), long(1)])]).unwrap();
    // sorted, duplicates collapsed
    assert_eq!(e, vec![long_key(1), long_key(2), long_key(3)]);
    // no value: one NULL entry, or none when NULL keys are ignored
    assert_eq!(entries(&spec, vec![]).unwrap(), vec![vec![0x00]]);
    let spec = IndexKeySpec::new(&make_index(&[(256, false)], 0x000c | 0x0080), &cols).unwrap();
    assert_eq!(entries(&spec, vec![]).unwrap(), Vec::<Vec<u8>>::new());
}

#[test]
fn multivalued_pairs_first_cross_product_and_nested() {
    let cols = [
        mv(column(256, Coltyp::Long, 0, 4)),
        mv(column(257, Coltyp::Long, 0, 4)),
    ];
    let segs = [(256, false), (257, false)];
    let rec = || {
        vec![
            (256, vec![long(1), long(2), long(3)]),
            (257, vec![long(10), long(20)]),
        ]
    };
    let cat = |a: i32, b: Option<i32>| [long_key(a), b.map_or(vec![0x00], long_key)].concat();

    // default: only the first multi-valued column multiplies, the second gives its first value
    let spec = IndexKeySpec::new(&make_index(&segs, DEFAULT_FLAGS | 0x0080), &cols).unwrap();
    assert_eq!(
        entries(&spec, rec()).unwrap(),
        vec![cat(1, Some(10)), cat(2, Some(10)), cat(3, Some(10))]
    );

    // cross product: every combination
    let spec =
        IndexKeySpec::new(&make_index(&segs, DEFAULT_FLAGS | 0x0080 | 0x2000), &cols).unwrap();
    let mut want: Vec<Vec<u8>> = [1, 2, 3]
        .iter()
        .flat_map(|&a| [10, 20].iter().map(move |&b| cat(a, Some(b))))
        .collect();
    want.sort();
    assert_eq!(entries(&spec, rec()).unwrap(), want);

    // nested table: values of the same itagSequence together; a shorter column gives NULL
    let spec =
        IndexKeySpec::new(&make_index(&segs, DEFAULT_FLAGS | 0x0080 | 0x8000), &cols).unwrap();
    assert_eq!(
        entries(&spec, rec()).unwrap(),
        vec![cat(1, Some(10)), cat(2, Some(20)), cat(3, None)]
    );
    // ... unless NULL segments are ignored
    let spec = IndexKeySpec::new(&make_index(&segs, 0x0006 | 0x0080 | 0x8000), &cols).unwrap();
    assert_eq!(
        entries(&spec, rec()).unwrap(),
        vec![cat(1, Some(10)), cat(2, Some(20))]
    );
}

#[test]
fn cross_product_of_three_columns_with_a_single_valued_one_between() {
    let cols = [
        mv(column(256, Coltyp::Long, 0, 4)),
        column(1, Coltyp::Long, 0, 4),
        mv(column(257, Coltyp::Long, 0, 4)),
    ];
    let spec = IndexKeySpec::new(
        &make_index(
            &[(256, false), (1, false), (257, true)],
            DEFAULT_FLAGS | 0x2080,
        ),
        &cols,
    )
    .unwrap();
    let e = entries(
        &spec,
        vec![
            (256, vec![long(1), long(2)]),
            (1, vec![long(5)]),
            (257, vec![long(7), long(8), long(9)]),
        ],
    )
    .unwrap();
    assert_eq!(e.len(), 6);
}

#[test]
fn null_rules() {
    let cols = [column(1, Coltyp::Long, 0, 4), column(2, Coltyp::Long, 0, 4)];
    let segs = [(1, false), (2, false)];
    let count = |flags: u32, a: Option<i32>, b: Option<i32>| {
        let spec = IndexKeySpec::new(&make_index(&segs, flags), &cols).unwrap();
        let mut v = vec![];
        if let Some(a) = a {
            v.push((1, vec![long(a)]));
        }
        if let Some(b) = b {
            v.push((2, vec![long(b)]));
        }
        entries(&spec, v).map(|e| e.len())
    };
    // IDBFLAGs as JetCreateIndex sets them: default 0x0e, IgnoreNull 0x0c, IgnoreFirstNull 0x08,
    // IgnoreAnyNull 0x00, DisallowNull 0x10
    for (flags, all, first, some) in [
        (0x0e, 1, 1, 1),
        (0x0c, 0, 1, 1),
        (0x08, 0, 0, 1),
        (0x00, 0, 0, 0),
    ] {
        assert_eq!(
            count(flags, None, None),
            Ok(all),
            "flags {flags:#x} all null"
        );
        assert_eq!(
            count(flags, None, Some(1)),
            Ok(first),
            "flags {flags:#x} first null"
        );
        assert_eq!(
            count(flags, Some(1), None),
            Ok(some),
            "flags {flags:#x} second null"
        );
        assert_eq!(count(flags, Some(1), Some(2)), Ok(1));
    }
    assert_eq!(
        count(0x10, Some(1), None),
        Err(crate::error::JetError::NullKeyDisallowed)
    );
    assert_eq!(
        count(0x10, None, None),
        Err(crate::error::JetError::NullKeyDisallowed)
    );
    assert_eq!(count(0x10, Some(1), Some(2)), Ok(1));
    let spec = IndexKeySpec::new(&make_index(&segs, 0x0030), &cols).unwrap();
    assert_eq!(
        primary_key(&spec, &mut ValueList(vec![(1, vec![long(1)])])),
        Err(crate::error::JetError::NullKeyDisallowed)
    );
    assert_eq!(
        primary_key(
            &spec,
            &mut ValueList(vec![(1, vec![long(1)]), (2, vec![long(2)])])
        ),
        Ok([long_key(1), long_key(2)].concat())
    );
}

#[test]
fn conditional_columns() {
    let cols = [
        column(1, Coltyp::Long, 0, 4),
        column(256, Coltyp::Bit, 0, 1),
    ];
    for must_be_null in [false, true] {
        let mut ix = make_index(&[(1, false)], DEFAULT_FLAGS);
        ix.conditional = vec![crate::catalog::defs::ConditionalColumn {
            columnid: 256,
            must_be_null,
        }];
        let spec = IndexKeySpec::new(&ix, &cols).unwrap();
        let with = entries(&spec, vec![(1, vec![long(4)]), (256, vec![vec![1]])]).unwrap();
        let without = entries(&spec, vec![(1, vec![long(4)])]).unwrap();
        assert_eq!(with.len(), if must_be_null { 0 } else { 1 });
        assert_eq!(without.len(), if must_be_null { 1 } else { 0 });
    }
}

#[test]
fn tuple_index_entries() {
    let cols = [
        column(128, Coltyp::Text, 1252, 255),
        column(129, Coltyp::Text, 1200, 255),
    ];
    let mut ix = make_index(&[(128, false)], DEFAULT_FLAGS);
    ix.tuple_limits = Some([3, 5, 0, 0, 0]);
    let spec = IndexKeySpec::new(&ix, &cols).unwrap();
    let e = entries(&spec, vec![(128, vec![b"abcdefa".to_vec()])]).unwrap();
    let want: Vec<Vec<u8>> = ["ABCDE", "BCDEF", "CDEFA", "DEFA", "EFA"]
        .iter()
        .map(|s| [&[0x7f][..], s.as_bytes(), &[0]].concat())
        .collect();
    assert_eq!(e, want);
    // shorter than the minimum: not in the index
    assert_eq!(
        entries(&spec, vec![(128, vec![b"ab".to_vec()])])
            .unwrap()
            .len(),
        0
    );
    assert_eq!(entries(&spec, vec![]).unwrap().len(), 0);
    // increment 2, start 1, at most 2 tuples
    ix.tuple_limits = Some([3, 5, 2, 2, 1]);
    let spec = IndexKeySpec::new(&ix, &cols).unwrap();
    let e = entries(&spec, vec![(128, vec![b"abcdefa".to_vec()])]).unwrap();
    assert_eq!(e, vec![b"\x7fBCDEF\0".to_vec(), b"\x7fDEFA\0".to_vec()]);
    // Unicode tuples count characters
    let mut ix = make_index(&[(129, false)], DEFAULT_FLAGS);
    ix.tuple_limits = Some([2, 2, 0, 0, 0]);
    let spec = IndexKeySpec::new(&ix, &cols).unwrap();
    assert_eq!(
        entries(&spec, vec![(129, vec![utf16("abab")])])
            .unwrap()
            .len(),
        2
    );
    // JetMakeKey on a tuple index: too short is an error
    let mut kb = KeyBuilder::new();
    assert_eq!(
        kb.make_key(Some(&spec), &utf16("a"), JET_bitNewKey),
        Err(crate::error::JetError::IndexTuplesKeyTooSmall)
    );
    kb.make_key(Some(&spec), &utf16("abc"), JET_bitNewKey)
        .unwrap();
    assert_eq!(
        kb.key().unwrap(),
        &single_key(
            &IndexKeySpec::new(&make_index(&[(129, false)], 0x0e), &cols).unwrap(),
            129,
            &utf16("ab")
        )[..]
    );
}

#[test]
fn truncation_and_var_seg_mac() {
    let cols = [
        column(256, Coltyp::LongBinary, 0, 0),
        column(128, Coltyp::Text, 1252, 255),
        column(1, Coltyp::Long, 0, 4),
    ];
    let big = vec![0x55u8; 300];
    let spec = IndexKeySpec::new(&make_index(&[(256, false)], DEFAULT_FLAGS), &cols).unwrap();
    let k = single_key(&spec, 256, &big);
    assert_eq!(k.len(), 255);
    let spec =
        IndexKeySpec::new(&make_index(&[(256, false)], DEFAULT_FLAGS | 0x4000), &cols).unwrap();
    assert_eq!(
        entries(&spec, vec![(256, vec![big.clone()])]),
        Err(crate::error::JetError::KeyTruncated)
    );
    assert_eq!(
        entries(&spec, vec![(256, vec![vec![1; 10]])])
            .unwrap()
            .len(),
        1
    );
    // a second column that no longer fits is truncation too
    let spec = IndexKeySpec::new(
        &make_index(&[(128, false), (1, false)], DEFAULT_FLAGS | 0x4000),
        &cols,
    )
    .unwrap();
    assert_eq!(
        entries(
            &spec,
            vec![(128, vec![vec![b'x'; 252]]), (1, vec![long(1)])]
        ),
        Err(crate::error::JetError::KeyTruncated)
    );
    // cb_var_seg_mac cuts variable segments without it being truncation
    let mut ix = make_index(&[(128, false), (1, false)], DEFAULT_FLAGS | 0x4000);
    ix.cb_var_seg_mac = 6;
    let spec = IndexKeySpec::new(&ix, &cols).unwrap();
    let e = entries(
        &spec,
        vec![(128, vec![b"abcdefghij".to_vec()]), (1, vec![long(1)])],
    )
    .unwrap();
    assert_eq!(e, vec![[&b"\x7fABCD\x45"[..], &long_key(1)].concat()]);
}

#[test]
fn long_keys_fetch_more_source_data_when_needed() {
    // 1000-byte keys over text that is mostly ignorable (soft hyphens): the
    // key still reaches the letters after them
    let cols = [column(256, Coltyp::LongText, 1200, 0)];
    let mut ix = make_index(&[(256, false)], DEFAULT_FLAGS);
    ix.cb_key_most = 1000;
    let spec = IndexKeySpec::new(&ix, &cols).unwrap();
    let text = format!("{}abc", "\u{ad}".repeat(3000));
    let mut asked = vec![];
    let value = utf16(&text);
    let mut source =
        |_: u32, itag: u32, off: usize, cb: usize| -> crate::error::JetResult<Option<Vec<u8>>> {
            asked.push(cb);
            Ok((itag == 1)
                .then(|| value[off.min(value.len())..(off + cb).min(value.len())].to_vec()))
        };
    let e = index_entries(&spec, &mut source).unwrap();
    assert_eq!(
        e,
        vec![
            [
                &[0x7f, 0x0e, 0x02, 0x0e, 0x09, 0x0e, 0x0a][..],
                &[1, 1, 1, 1, 0]
            ]
            .concat()
        ]
    );
    assert!(asked.iter().any(|&cb| cb > 6000), "{asked:?}");
    // legacy 255-byte indexes never look past 255 bytes of source
    let spec = IndexKeySpec::new(&make_index(&[(256, false)], DEFAULT_FLAGS), &cols).unwrap();
    let e = entries(&spec, vec![(256, vec![value.clone()])]).unwrap();
    assert_eq!(e, vec![vec![0x7f, 1, 1, 1, 1, 0]]);
}

#[test]
fn entries_diff_for_replace() {
    let old = vec![vec![1], vec![2], vec![3]];
    let new = vec![vec![2], vec![4]];
    assert_eq!(
        entries_diff(&old, &new),
        (vec![vec![1], vec![3]], vec![vec![4]])
    );
}

#[test]
fn primary_index_placeholder() {
    let mut ph = column(1, Coltyp::Bit, 0, 1);
    ph.flags |= ColumnFlags::PRIMARY_INDEX_PLACEHOLDER;
    let cols = [ph, column(2, Coltyp::Long, 0, 4)];
    let spec = IndexKeySpec::new(
        &make_index(&[(1, false), (2, false)], 0x0020 | DEFAULT_FLAGS),
        &cols,
    )
    .unwrap();
    assert!(spec.has_placeholder());
    let mut kb = KeyBuilder::new();
    kb.make_key(Some(&spec), &long(7), JET_bitNewKey).unwrap();
    assert_eq!(
        kb.key().unwrap(),
        &[&[0x7f, 0x00][..], &long_key(7)].concat()[..]
    );
    assert_eq!(kb.columns(), 2);
    kb.make_key(
        Some(&spec),
        &[1],
        JET_bitNewKey | JET_BIT_KEY_OVERRIDE_PRIMARY_INDEX_PLACEHOLDER,
    )
    .unwrap();
    assert_eq!(kb.key().unwrap(), &[0x7f, 0xff][..]);
}

// ---------------------------------------------------------------------------
// KeyBuilder properties.

/// A random schema of 1-4 key columns and a generator of values for it.
fn random_schema(rng: &mut Rng) -> (Vec<ColumnDef>, IndexDef) {
    let pool = [
        column(1, Coltyp::Long, 0, 4),
        column(2, Coltyp::GUID, 0, 16),
        column(3, Coltyp::Short, 0, 2),
        column(128, Coltyp::Text, 1252, 255),
        column(129, Coltyp::Binary, 0, 255),
        column(256, Coltyp::LongText, 1200, 0),
        column(257, Coltyp::LongBinary, 0, 0),
        column(258, Coltyp::IEEEDouble, 0, 8),
    ];
    let n = 1 + rng.below(4) as usize;
    let mut cols: Vec<ColumnDef> = Vec::new();
    while cols.len() < n {
        let c = pool[rng.below(pool.len() as u64) as usize].clone();
        if !cols.iter().any(|x| x.columnid == c.columnid) {
            cols.push(c);
        }
    }
    let segs: Vec<(u32, bool)> = cols
        .iter()
        .map(|c| (c.columnid, rng.below(2) == 1))
        .collect();
    let mut ix = make_index(&segs, DEFAULT_FLAGS);
    ix.cb_key_most = [255, 40, 600][rng.below(3) as usize];
    if rng.below(4) == 0 {
        ix.cb_var_seg_mac = 12;
    }
    (cols, ix)
}

/// A value for a column: None (NULL), Some(empty) (zero-length), or data.
fn random_value(rng: &mut Rng, c: &ColumnDef) -> Option<Vec<u8>> {
    match rng.below(8) {
        0 => return None,
        1 if c.coltyp.fixed_size().is_none() => return Some(vec![]),
        _ => {}
    }
    Some(match c.coltyp.fixed_size() {
        Some(n) => rng.bytes(n as usize),
        // no punctuation: its weights go to the end of the sort key, and then a
        // key made from the first cb_key_most bytes of source (what index
        // maintenance reads first, as ESE) can differ from one made from the
        // whole value (what JetMakeKey gets), in ESE as here
        None if c.cp == 1200 => utf16(std::str::from_utf8(&rng.string(b"abcXYZ 09", 60)).unwrap()),
        None if c.coltyp.is_text() => {
            let mut s = rng.string(b"abcXYZ 09-'", 60);
            s.push(b'q');
            s
        }
        None => {
            let n = rng.below(70) as usize;
            let mut b = rng.bytes(n);
            b.push(1);
            b
        }
    })
}

#[test]
fn make_key_over_all_columns_equals_the_record_key() {
    let mut rng = Rng(2024);
    for _ in 0..400 {
        let (cols, ix) = random_schema(&mut rng);
        let spec = IndexKeySpec::new(&ix, &cols).unwrap();
        let values: Vec<Option<Vec<u8>>> = cols.iter().map(|c| random_value(&mut rng, c)).collect();
        let mut kb = KeyBuilder::new();
        for (i, v) in values.iter().enumerate() {
            let mut grbit = if i == 0 { JET_bitNewKey } else { 0 };
            if v.as_ref().is_some_and(|v| v.is_empty()) {
                grbit |= JET_bitKeyDataZeroLength;
            }
            kb.make_key(Some(&spec), v.as_deref().unwrap_or(&[]), grbit)
                .unwrap();
        }
        let rec = ValueList(
            cols.iter()
                .zip(&values)
                .filter_map(|(c, v)| v.clone().map(|v| (c.columnid, vec![v])))
                .collect(),
        );
        let RecordKey::Key { key, .. } = record_key(&spec, &mut rec.clone(), &[1; 4], 0).unwrap()
        else {
            panic!("no key")
        };
        assert_eq!(kb.key().unwrap(), &key[..], "{ix:?} {values:02x?}");
        assert!(key.len() <= spec.cb_key_most);
    }
}

/// What the builder's state should be, tracked independently.
#[derive(Clone, Copy, Debug, Default)]
struct Model {
    prepared: bool,
    columns: usize,
    limit: bool,
}

#[test]
fn make_key_sequences_follow_the_state_rules() {
    use crate::error::JetError;
    let mut rng = Rng(77);
    let limit_options = [
        0,
        JET_bitFullColumnStartLimit,
        JET_bitFullColumnEndLimit,
        JET_bitPartialColumnStartLimit,
        JET_bitPartialColumnEndLimit,
        JET_bitFullColumnEndLimit | JET_bitPartialColumnEndLimit,
    ];
    for _ in 0..200 {
        let (cols, ix) = random_schema(&mut rng);
        let spec = IndexKeySpec::new(&ix, &cols).unwrap();
        let mut kb = KeyBuilder::new();
        let mut m = Model::default();
        for _ in 0..12 {
            let normalized = rng.below(10) == 0;
            let mut grbit = limit_options[rng.below(limit_options.len() as u64) as usize];
            if rng.below(3) == 0 {
                grbit |= JET_bitNewKey;
            }
            if rng.below(6) == 0 {
                grbit |= JET_bitStrLimit;
            }
            if rng.below(6) == 0 {
                grbit |= JET_bitSubStrLimit;
            }
            if normalized {
                grbit |= JET_bitNormalizedKey;
            }
            let iseg = if grbit & JET_bitNewKey != 0 {
                0
            } else {
                m.columns
            };
            let col = cols.get(iseg);
            let mut data = col
                .and_then(|c| random_value(&mut rng, c))
                .unwrap_or_default();
            if rng.below(10) == 0 {
                data = rng.bytes(3); // likely a wrong size
            }
            let before = kb.key().map(|k| k.to_vec());
            let room_before =
                !kb.is_too_big() && before.as_ref().map_or(0, |k| k.len()) < spec.cb_key_most;
            let r = kb.make_key(Some(&spec), &data, grbit);

            // the expected outcome
            let expect: Result<(), JetError> = if normalized {
                if data.len() > spec.cb_key_most + 1 && data.len() > 255 {
                    Err(JetError::InvalidParameter)
                } else {
                    Ok(())
                }
            } else if grbit & JET_bitNewKey == 0 && m.limit {
                Err(JetError::KeyIsMade)
            } else if grbit & JET_bitNewKey == 0 && !m.prepared {
                Err(JetError::KeyNotMade)
            } else if col.is_none() {
                Err(JetError::KeyIsMade)
            } else {
                let c = col.unwrap();
                let fixed_size = c.coltyp.fixed_size().map(|s| s as usize);
                let partial =
                    grbit & (JET_bitPartialColumnStartLimit | JET_bitPartialColumnEndLimit) != 0;
                let bad_limits = (grbit & JET_MASK_LIMIT_OPTIONS).count_ones() > 1;
                if !data.is_empty() && fixed_size.is_some_and(|s| s != data.len()) {
                    Err(JetError::InvalidBufferSize)
                } else if bad_limits || (partial && fixed_size.is_some()) {
                    Err(JetError::InvalidGrbit)
                } else {
                    Ok(())
                }
            };
            assert_eq!(
                r, expect,
                "grbit {grbit:#x} data {data:02x?} model {m:?} schema {ix:?}"
            );
            if grbit & JET_bitNewKey != 0 && !normalized && r.is_err() {
                m = Model::default();
            }
            if r.is_err() {
                if grbit & JET_bitNewKey == 0 || normalized {
                    assert_eq!(
                        kb.key().map(|k| k.to_vec()),
                        before,
                        "a failed call changed the key"
                    );
                }
                continue;
            }
            if normalized {
                m = Model {
                    prepared: true,
                    columns: 1,
                    limit: data.len() > spec.cb_key_most,
                };
                assert_eq!(
                    kb.key().unwrap(),
                    &data[..data.len().min(spec.cb_key_most + 1)]
                );
            } else {
                let fresh = grbit & JET_bitNewKey != 0;
                let c = col.unwrap();
                let sets_limit = grbit & JET_MASK_LIMIT_OPTIONS != 0
                    || grbit & JET_bitStrLimit != 0
                    || (grbit & JET_bitSubStrLimit != 0 && c.coltyp.is_text());
                let k = kb.key().unwrap();
                if !fresh {
                    let before = before.unwrap();
                    assert!(k.starts_with(&before), "segments only append");
                }
                m = Model {
                    prepared: true,
                    columns: if fresh { 1 } else { m.columns + 1 },
                    // a segment is only normalized (and made a limit) while the key has room
                    limit: sets_limit && (fresh || room_before),
                };
            }
            assert_eq!(kb.columns(), m.columns);
            assert!(kb.key().unwrap().len() <= spec.cb_key_most + 1);
            // a limit exists only if asked for; a normal key never exceeds cb_key_most
            if !kb.is_limit() {
                assert!(kb.key().unwrap().len() <= spec.cb_key_most);
            }
            assert_eq!(kb.is_limit(), m.limit);
        }
    }
}

// ---------------------------------------------------------------------------
// Limits bracket exactly the keys they stand for (what JetSeek and
// JetSetIndexRange rely on).

fn make(spec: &IndexKeySpec, segs: &[(&[u8], u32)]) -> Vec<u8> {
    let mut kb = KeyBuilder::new();
    for (i, (v, g)) in segs.iter().enumerate() {
        kb.make_key(Some(spec), v, *g | if i == 0 { JET_bitNewKey } else { 0 })
            .unwrap();
    }
    kb.key().unwrap().to_vec()
}

#[test]
fn partial_and_full_column_limits_bracket_matching_keys() {
    let mut rng = Rng(31337);
    for (coltyp, cp, id) in [
        (Coltyp::Text, 1252, 128),
        (Coltyp::Text, 1200, 129),
        (Coltyp::Binary, 0, 130),
        (Coltyp::LongText, 1200, 256),
    ] {
        let cols = [column(id, coltyp, cp, 255), column(1, Coltyp::Long, 0, 4)];
        for desc in [false, true] {
            let spec =
                IndexKeySpec::new(&make_index(&[(id, desc), (1, false)], DEFAULT_FLAGS), &cols)
                    .unwrap();
            let enc = |s: &[u8]| {
                if cp == 1200 {
                    utf16(std::str::from_utf8(s).unwrap())
                } else {
                    s.to_vec()
                }
            };
            let norm = |s: &[u8]| {
                if coltyp.is_text() {
                    s.to_ascii_lowercase()
                } else {
                    s.to_vec()
                }
            };
            for _ in 0..150 {
                let p = rng.string(b"abAB0", 6);
                if p.is_empty() {
                    continue;
                }
                let start = make(&spec, &[(&enc(&p), JET_bitPartialColumnStartLimit)]);
                let end = make(&spec, &[(&enc(&p), JET_bitPartialColumnEndLimit)]);
                let sub = if coltyp.is_text() {
                    Some(make(&spec, &[(&enc(&p), JET_bitSubStrLimit)]))
                } else {
                    None
                };
                let full_start = make(&spec, &[(&enc(&p), JET_bitFullColumnStartLimit)]);
                let full_end = make(&spec, &[(&enc(&p), JET_bitFullColumnEndLimit)]);
                let str_limit = make(&spec, &[(&enc(&p), JET_bitStrLimit)]);
                for _ in 0..20 {
                    let s = if rng.below(2) == 0 {
                        [p.clone(), rng.string(b"abAB0", 4)].concat()
                    } else {
                        rng.string(b"abAB0", 8)
                    };
                    let n = rng.below(1000) as i32 - 500;
                    let key = entries(&spec, vec![(id, vec![enc(&s)]), (1, vec![long(n)])])
                        .unwrap()
                        .remove(0);
                    let has_prefix = norm(&s).starts_with(&norm(&p));
                    let inside = start <= key && key <= end;
                    assert_eq!(
                        inside, has_prefix,
                        "{coltyp:?}/{cp} desc={desc} p={p:?} s={s:?}"
                    );
                    if let Some(sub) = &sub {
                        assert_eq!(key < *sub, has_prefix || key < start, "substr limit");
                    }
                    let same = norm(&s) == norm(&p);
                    assert_eq!(
                        full_start <= key && key <= full_end,
                        same,
                        "full column limits p={p:?} s={s:?}"
                    );
                    if same {
                        assert!(key < str_limit);
                    }
                }
            }
        }
    }
}

#[test]
fn no_panics_on_arbitrary_input() {
    let mut rng = Rng(4242);
    for _ in 0..300 {
        let (cols, ix) = random_schema(&mut rng);
        let mut spec = IndexKeySpec::new(&ix, &cols).unwrap();
        // odd limits a caller could set on the public fields
        spec.cb_key_most = rng.below(12) as usize;
        spec.cb_var_seg_mac = rng.below(4) as usize;
        spec.lcmap_flags = rng.next() as u32;
        let values: Vec<(u32, Vec<Vec<u8>>)> = cols
            .iter()
            .map(|c| {
                (
                    c.columnid,
                    (0..rng.below(3))
                        .map(|_| {
                            let n = rng.below(40) as usize;
                            rng.bytes(n)
                        })
                        .collect(),
                )
            })
            .collect();
        let _ = index_entries(&spec, &mut ValueList(values));
        let mut kb = KeyBuilder::new();
        for _ in 0..4 {
            let n = rng.below(20) as usize;
            let _ = kb.make_key(Some(&spec), &rng.bytes(n), rng.next() as u32 & 0xf3f);
        }
        let n = rng.below(40) as usize;
        let key = rng.bytes(n);
        for c in &cols {
            let _ = column_from_key(&spec, &key, c.columnid, rng.below(2) == 0);
        }
    }
}
