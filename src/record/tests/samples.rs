//! The Windows-made sample databases (../shared/edb-samples): their raw
//! records and long-value nodes (testdata/samples.txt, made by
//! testdata/make_fixtures.py) must decode to the values of their
//! *.expected.json, re-encode to the same bytes, and be rebuilt from scratch
//! byte for byte by setting the same columns on a new record.

use std::collections::{BTreeMap, HashMap};

use crate::catalog::defs::{ColumnClass, ColumnDef, ColumnFlags, Coltyp, TableDef};
use crate::record::builder::{RecordBuilder, RecordConfig, SetOptions, SetValue};
use crate::record::compress;
use crate::record::limits;
use crate::record::lv::{self, LvKey, LvRoot};
use crate::record::tagged::MvLayout;
use crate::record::view::{ColumnValue, RecordView};

pub struct Sample {
    pub name: String,
    pub page_size: u32,
    pub table: TableDef,
    pub records: Vec<Vec<u8>>,
    pub lv_nodes: Vec<(Vec<u8>, Vec<u8>)>,
    /// (record index, column id) -> expected values in itagSequence order
    pub expected: HashMap<(usize, u32), Vec<Vec<u8>>>,
}

fn unhex(s: &str) -> Vec<u8> {
    if s == "-" {
        return Vec::new();
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

pub fn samples() -> Vec<Sample> {
    let text = include_str!("../testdata/samples.txt");
    let mut out: Vec<Sample> = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        match f[0] {
            "sample" => out.push(Sample {
                name: f[1].to_string(),
                page_size: f[2].parse().unwrap(),
                table: TableDef {
                    name: f[1].to_string(),
                    objid: 0,
                    pgno_fdp: 0,
                    flags: 0,
                    initial_pages: 0,
                    density: 80,
                    template_table: None,
                    columns: Vec::new(),
                    indexes: Vec::new(),
                    lv_tree: None,
                },
                records: Vec::new(),
                lv_nodes: Vec::new(),
                expected: HashMap::new(),
            }),
            "column" => {
                let s = out.last_mut().unwrap();
                let default = if f[7] == "-" { None } else { Some(unhex(f[7])) };
                s.table.columns.push(ColumnDef {
                    columnid: f[1].parse().unwrap(),
                    name: format!("c{}", f[1]),
                    coltyp: Coltyp::from_u32(f[2].parse().unwrap()).unwrap(),
                    cb_max: f[3].parse().unwrap(),
                    cp: f[4].parse().unwrap(),
                    flags: ColumnFlags::from_bits_truncate(f[5].parse().unwrap()),
                    default,
                    record_offset: f[6].parse().unwrap(),
                });
            }
            "record" => out.last_mut().unwrap().records.push(unhex(f[2])),
            "lv" => out.last_mut().unwrap().lv_nodes.push((unhex(f[1]), unhex(f[2]))),
            "count" => {
                let s = out.last_mut().unwrap();
                let n: usize = f[3].parse().unwrap();
                s.expected.insert((f[1].parse().unwrap(), f[2].parse().unwrap()), Vec::with_capacity(n));
            }
            "value" => {
                let s = out.last_mut().unwrap();
                let v = s.expected.get_mut(&(f[1].parse().unwrap(), f[2].parse().unwrap())).unwrap();
                assert_eq!(v.len() + 1, f[3].parse::<usize>().unwrap());
                v.push(unhex(f[4]));
            }
            "catalog" => {}
            _ => panic!("bad fixture line {line}"),
        }
    }
    assert_eq!(out.len(), 6);
    out
}

/// The sample's LV tree: root and chunk nodes by LID.
struct LvTree {
    roots: BTreeMap<u64, Vec<u8>>,
    chunks: BTreeMap<(u64, u32), Vec<u8>>,
}

impl LvTree {
    fn new(nodes: &[(Vec<u8>, Vec<u8>)]) -> LvTree {
        let mut t = LvTree { roots: BTreeMap::new(), chunks: BTreeMap::new() };
        for (k, d) in nodes {
            match lv::parse_key(k).unwrap() {
                LvKey::Root(l) => t.roots.insert(l.0, d.clone()),
                LvKey::Chunk(l, o) => t.chunks.insert((l.0, o), d.clone()),
            };
        }
        t
    }

    fn read(&self, lid: lv::LvId, ib: u32, max: usize, chunk_size: usize) -> Vec<u8> {
        let root = LvRoot::parse(&self.roots[&lid.0]).unwrap();
        lv::read(&root, chunk_size, ib, max, |off| Ok(self.chunks.get(&(lid.0, off)).cloned())).unwrap()
    }
}

fn resolve(v: &ColumnValue<'_>, lvs: &LvTree, page_size: u32) -> Vec<u8> {
    match v {
        ColumnValue::Separated(lid) => lvs.read(*lid, 0, usize::MAX, limits::lv_chunk_size(page_size) as usize),
        other => other.bytes().expect("a value").to_vec(),
    }
}

fn same_value(col: &ColumnDef, got: &[u8], want: &[u8]) -> bool {
    if col.coltyp == Coltyp::Bit {
        got.len() == 1 && want.len() == 1 && (got[0] != 0) == (want[0] != 0)
    } else {
        got == want
    }
}

#[test]
fn samples_decode_to_their_expected_values() {
    let mut checked_values = 0;
    for s in samples() {
        let lvs = LvTree::new(&s.lv_nodes);
        for (ri, data) in s.records.iter().enumerate() {
            let view = RecordView::parse(data, s.page_size).unwrap();
            for col in &s.table.columns {
                let want = &s.expected[&(ri, col.columnid)];
                let count = view.value_count(&s.table, col).unwrap();
                assert_eq!(count as usize, want.len(), "{} record {ri} column {} count", s.name, col.columnid);
                for (i, w) in want.iter().enumerate() {
                    let v = view.retrieve(&s.table, col, i as u32 + 1, true).unwrap();
                    let got = resolve(&v, &lvs, s.page_size);
                    assert!(same_value(col, &got, w), "{} record {ri} column {} itag {}: {:?}", s.name, col.columnid, i + 1, v);
                    checked_values += 1;
                }
                let past = view.retrieve(&s.table, col, want.len() as u32 + 1, true).unwrap();
                if col.class() == ColumnClass::Tagged || want.is_empty() {
                    assert_eq!(past, ColumnValue::Null, "{} record {ri} column {}", s.name, col.columnid);
                }
            }
        }
    }
    assert!(checked_values >= 168, "{checked_values}");
}

#[test]
fn sample_defaults_come_from_the_catalog() {
    let s = samples().into_iter().find(|s| s.name == "default").unwrap();
    let view = RecordView::parse(&s.records[0], s.page_size).unwrap();
    for id in [256u32, 257, 258] {
        let col = s.table.column(id).unwrap();
        assert!(view.tag_field(&s.table, col).is_none(), "tagged defaults are not stored");
        match view.retrieve(&s.table, col, 1, true).unwrap() {
            ColumnValue::Default(d) => assert_eq!(&*d, col.default.as_deref().unwrap()),
            v => panic!("{v:?}"),
        }
        assert_eq!(view.retrieve(&s.table, col, 1, false).unwrap(), ColumnValue::Null);
        assert_eq!(view.retrieve(&s.table, col, 2, true).unwrap(), ColumnValue::Null);
    }
    // the Bit default 01 is stored as ESE stores a set Bit: 0xFF
    let bit = s.table.column(2).unwrap();
    assert_eq!(view.retrieve(&s.table, bit, 1, true).unwrap(), ColumnValue::Data(&[0xFF]));
}

#[test]
fn sample_layouts_are_what_the_readme_says() {
    let all = samples();
    let by = |n: &str| all.iter().find(|s| s.name == n).unwrap();
    // a NULL fixed column keeps its space, filled with '*'
    let b = by("binary");
    let view = RecordView::parse(&b.records[0], b.page_size).unwrap();
    let nullable = b.table.column(3).unwrap();
    assert_eq!(view.fixed(nullable).unwrap(), crate::record::view::Presence::Null);
    let off = nullable.record_offset as usize;
    assert!(b.records[0][off..off + 255].iter().all(|&c| c == b'*'));
    // multi-values: two values layout for short fixed-size values
    let m = by("multi");
    let view = RecordView::parse(&m.records[0], m.page_size).unwrap();
    let bit = m.table.column(256).unwrap();
    assert_eq!(view.tag_field(&m.table, bit).unwrap().layout(), MvLayout::TwoValues);
    let ub = m.table.column(257).unwrap();
    assert_eq!(view.tag_field(&m.table, ub).unwrap().layout(), MvLayout::MultiValues);
    // separated values inside a multi-value, first value compressed inline
    let view2 = RecordView::parse(&m.records[1], m.page_size).unwrap();
    let lca = m.table.column(271).unwrap();
    let vals = view2.tag_field(&m.table, lca).unwrap().values().unwrap();
    assert!(vals[0].compressed && !vals[1].compressed);
    let lb = m.table.column(265).unwrap();
    let vals = view.tag_field(&m.table, lb).unwrap().values().unwrap();
    assert!(vals.iter().all(|v| v.separated));
}

#[test]
fn sample_records_reencode_byte_for_byte() {
    for s in samples() {
        let config = RecordConfig::new(s.page_size, 255);
        for data in &s.records {
            let b = RecordBuilder::from_record(data, config).unwrap();
            assert_eq!(b.len(), data.len());
            assert_eq!(&b.to_bytes(), data, "{}", s.name);
        }
    }
}

/// Sets every value of the sample record on a new record, in column id
/// order, with the storage choices ESE makes (long values above 1023 bytes
/// go to the LV tree: the sample's own LIDs are reused).
fn rebuild(s: &Sample, data: &[u8]) -> Vec<u8> {
    let config = RecordConfig::new(s.page_size, 255);
    let view = RecordView::parse(data, s.page_size).unwrap();
    let lvs = LvTree::new(&s.lv_nodes);
    let mut b = RecordBuilder::new_record(&s.table, config).unwrap();
    let preferred = limits::preferred_intrinsic_lv_max(config.record_most, 4, 0);
    let opts = SetOptions::default();
    for col in &s.table.columns {
        match col.class() {
            ColumnClass::Fixed | ColumnClass::Variable => {
                // columns absent from the sample record were never set
                let present = match col.class() {
                    ColumnClass::Fixed => view.fixed(col).unwrap(),
                    _ => view.variable(col),
                };
                match present {
                    crate::record::view::Presence::Absent => {}
                    crate::record::view::Presence::Null => {
                        // the application set NULL: that alone makes ESE extend the record
                        b.set(&s.table, col, 1, SetValue::Null, &opts).unwrap();
                    }
                    crate::record::view::Presence::Value(v) => {
                        // set what an application would: the builder pads and normalizes
                        let v = if col.class() == ColumnClass::Fixed { unpadded(col, v) } else { v.to_vec() };
                        b.set(&s.table, col, 1, SetValue::Data(&v), &opts).unwrap();
                    }
                }
            }
            ColumnClass::Tagged => {
                let Some(t) = view.tag_field(&s.table, col) else { continue };
                for (i, sv) in t.values().unwrap().iter().enumerate() {
                    let decompressed;
                    let value = match crate::record::view::stored_to_value(sv).unwrap() {
                        ColumnValue::Separated(lid) => {
                            let logical = lvs.read(lid, 0, usize::MAX, limits::lv_chunk_size(s.page_size) as usize);
                            assert!(logical.len() > preferred || t.layout() == MvLayout::MultiValues);
                            SetValue::Separated(lid)
                        }
                        ColumnValue::Data(d) => SetValue::Data(d),
                        ColumnValue::Decompressed(d) => {
                            decompressed = d;
                            SetValue::Data(&decompressed)
                        }
                        v => panic!("{v:?}"),
                    };
                    b.set(&s.table, col, if i == 0 { 1 } else { 0 }, value, &opts).unwrap();
                }
            }
        }
    }
    b.to_bytes()
}

#[test]
fn sample_records_are_rebuilt_from_scratch_byte_for_byte() {
    for s in samples() {
        for (ri, data) in s.records.iter().enumerate() {
            let built = rebuild(&s, data);
            let first_diff = built.iter().zip(data.iter()).position(|(a, b)| a != b);
            assert!(
                built == *data,
                "{} record {ri}: lengths {} / {}, first difference at {first_diff:?}\nbuilt  {}\nsample {}",
                s.name,
                built.len(),
                data.len(),
                hex(&built[..built.len().min(200)]),
                hex(&data[..data.len().min(200)])
            );
        }
    }
}

/// A fixed slot without ESE's padding (Bit as 0/1), as an application sets it.
fn unpadded(col: &ColumnDef, slot: &[u8]) -> Vec<u8> {
    let mut v = slot.to_vec();
    match col.coltyp {
        Coltyp::Bit => v = vec![u8::from(slot[0] != 0)],
        Coltyp::Binary => {
            while v.last() == Some(&0) {
                v.pop();
            }
        }
        Coltyp::Text if col.cp == 1200 => loop {
            let n = v.len();
            let pad = if n % 2 == 1 { v[n - 1] == 0x20 } else { n >= 2 && v[n - 2] == 0x20 && v[n - 1] == 0 };
            if !pad || n == 0 {
                break;
            }
            v.truncate(if n % 2 == 1 { n - 1 } else { n - 2 });
        },
        Coltyp::Text => {
            while v.last() == Some(&0x20) {
                v.pop();
            }
        }
        _ => {}
    }
    v
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn sample_long_values_read_whole_and_in_parts() {
    for s in samples() {
        let lvs = LvTree::new(&s.lv_nodes);
        let cs = limits::lv_chunk_size(s.page_size) as usize;
        for (&lid, root) in &lvs.roots {
            let root = LvRoot::parse(root).unwrap();
            assert_eq!(root.ref_count, 1);
            let whole = lvs.read(lv::LvId(lid), 0, usize::MAX, cs);
            assert_eq!(whole.len(), root.size as usize);
            for ib in [0u32, 1, 7, root.size / 2, root.size.saturating_sub(3), root.size, root.size + 5] {
                for max in [0usize, 1, 5, 100, 5000] {
                    let part = lvs.read(lv::LvId(lid), ib, max, cs);
                    let st = (ib as usize).min(whole.len());
                    assert_eq!(part, whole[st..(st + max).min(whole.len())]);
                }
            }
        }
    }
}

#[test]
fn sample_compressed_values_decode_and_reencode() {
    // every compressed value in the samples: chunks and intrinsic values
    let mut n = 0;
    for s in samples() {
        let lvs = LvTree::new(&s.lv_nodes);
        let cs = limits::lv_chunk_size(s.page_size) as usize;
        for ((lid, off), stored) in &lvs.chunks {
            let root = LvRoot::parse(&lvs.roots[lid]).unwrap();
            let logical = lv::chunk_len(*off, root.size, cs);
            if stored.len() < logical {
                let d = compress::decompress(stored).unwrap();
                assert_eq!(d.len(), logical);
                n += 1;
                // ESE would compress this chunk again, with a scheme we also pick
                let again = compress::compress_lv_chunk(&d, compress::DEFAULT_MIN_DATA_FOR_XPRESS).unwrap();
                assert_eq!(compress::scheme(&again), compress::scheme(stored));
                assert_eq!(compress::decompress(&again).unwrap(), d);
            }
        }
        for data in &s.records {
            let view = RecordView::parse(data, s.page_size).unwrap();
            for t in view.tag_fields() {
                for v in t.values().unwrap() {
                    if v.compressed {
                        let d = compress::decompress(v.data).unwrap();
                        // 7-bit encodings are deterministic: ESE's bytes exactly
                        let again = compress::compress_intrinsic_lv(&d, 4, compress::DEFAULT_MIN_DATA_FOR_XPRESS).unwrap();
                        assert_eq!(again, v.data);
                        n += 1;
                    }
                }
            }
        }
    }
    assert!(n >= 10, "{n}");
}

/// MSysObjects as ESE defines it (offsets of its fixed columns included).
fn msysobjects() -> TableDef {
    let fixed: [(u32, Coltyp, u16); 12] = [
        (1, Coltyp::Long, 4),
        (2, Coltyp::Short, 8),
        (3, Coltyp::Long, 10),
        (4, Coltyp::Long, 14),
        (5, Coltyp::Long, 18),
        (6, Coltyp::Long, 22),
        (7, Coltyp::Long, 26),
        (8, Coltyp::Bit, 30),
        (9, Coltyp::Short, 31),
        (10, Coltyp::Long, 33),
        (11, Coltyp::UnsignedShort, 37),
        (12, Coltyp::Long, 39),
    ];
    let mut columns: Vec<ColumnDef> = fixed
        .iter()
        .map(|&(id, t, off)| ColumnDef {
            columnid: id,
            name: format!("c{id}"),
            coltyp: t,
            cb_max: t.fixed_size().unwrap(),
            cp: 0,
            flags: ColumnFlags::empty(),
            default: None,
            record_offset: off,
        })
        .collect();
    for id in 128..=137 {
        let t = if id == 128 || id == 130 { Coltyp::Text } else { Coltyp::Binary };
        columns.push(ColumnDef {
            columnid: id,
            name: format!("c{id}"),
            coltyp: t,
            cb_max: 255,
            cp: if t == Coltyp::Text { 1252 } else { 0 },
            flags: ColumnFlags::empty(),
            default: None,
            record_offset: 0,
        });
    }
    for id in 256..=261 {
        columns.push(ColumnDef {
            columnid: id,
            name: format!("c{id}"),
            coltyp: Coltyp::LongBinary,
            cb_max: 0,
            cp: 0,
            flags: ColumnFlags::empty(),
            default: None,
            record_offset: 0,
        });
    }
    TableDef {
        name: "MSysObjects".into(),
        objid: 2,
        pgno_fdp: 4,
        flags: 0,
        initial_pages: 0,
        density: 80,
        template_table: None,
        columns,
        indexes: Vec::new(),
        lv_tree: None,
    }
}

#[test]
fn catalog_rows_decode_reencode_and_rebuild() {
    let cat = msysobjects();
    let name = cat.column(128).unwrap();
    let typ = cat.column(2).unwrap();
    let mut rows = 0;
    for line in include_str!("../testdata/samples.txt").lines().filter(|l| l.starts_with("catalog ")) {
        let f: Vec<&str> = line.split(' ').collect();
        let data = unhex(f[3]);
        let view = RecordView::parse(&data, 4096).unwrap();
        assert_eq!(view.retrieve(&cat, name, 1, true).unwrap(), ColumnValue::Data(&unhex(f[5])));
        let t: i16 = f[4].parse().unwrap();
        assert_eq!(view.retrieve(&cat, typ, 1, true).unwrap(), ColumnValue::Data(&t.to_le_bytes()));
        let config = RecordConfig::new(4096, 255);
        assert_eq!(RecordBuilder::from_record(&data, config).unwrap().to_bytes(), data);
        // the catalog has no default record: rows start empty
        let mut b = RecordBuilder::empty(config);
        for col in &cat.columns {
            let present = match col.class() {
                ColumnClass::Fixed => view.fixed(col).unwrap(),
                ColumnClass::Variable => view.variable(col),
                ColumnClass::Tagged => match view.stored_value(&cat, col, 1).unwrap() {
                    None => crate::record::view::Presence::Absent,
                    Some(v) => {
                        assert!(!v.compressed && !v.separated);
                        crate::record::view::Presence::Value(v.data)
                    }
                },
            };
            match present {
                crate::record::view::Presence::Absent => {}
                crate::record::view::Presence::Null => {
                    b.set(&cat, col, 1, SetValue::Null, &SetOptions::default()).unwrap();
                }
                crate::record::view::Presence::Value(v) => {
                    b.set(&cat, col, 1, SetValue::Data(v), &SetOptions::default()).unwrap();
                }
            }
        }
        assert_eq!(hex(&b.to_bytes()), hex(&data), "{line}");
        rows += 1;
    }
    assert_eq!(rows, 578);
}
