//! Catalog tests on the Windows-made samples (../shared/edb-samples): their
//! MSysObjects rows decode and re-encode byte for byte, their index entries
//! are the ones we compute, and the tables read back exactly as the
//! *.expected.json files describe them.

mod create;
mod ddl;
mod json;

use std::collections::BTreeSet;

use super::jet;
use super::mso::{self, CatalogRow};
use super::read::{self, TableRef};
use crate::btree::{Store, StoreOptions, scan};
use crate::catalog::defs::{Coltyp, ColumnDef};
use crate::format::fixed::*;
use crate::format::testdata::{SAMPLES, sample_copy};
use crate::os::LocalFs;
use json::Json;

pub(crate) fn open_sample(name: &str) -> Store {
    // a copy per call: tests run in parallel, and a copy being written is no sample
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let p = sample_copy(name, &format!("catalog-{n}"));
    Store::open(&LocalFs, &p, StoreOptions { read_only: true, ..StoreOptions::default() }).unwrap()
}

fn expected(name: &str) -> Json {
    let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../shared/edb-samples/{name}.expected.json"));
    json::parse(&std::fs::read_to_string(p).unwrap())
}

#[test]
fn sample_rows_reencode_byte_for_byte() {
    for s in SAMPLES {
        let store = open_sample(s);
        let ps = store.page_size() as u32;
        for pgno in [PGNO_MSO, PGNO_MSO_SHADOW] {
            let tree = store.open_tree(pgno).unwrap();
            let entries = scan(&store, &tree).unwrap();
            assert!(entries.len() > 60, "{s}: {} rows", entries.len());
            for (k, d) in &entries {
                let row = CatalogRow::parse(d, ps).unwrap();
                assert_eq!(&row.key(), k, "{s}: key of {row:?}");
                assert_eq!(&row.encode(ps).unwrap(), d, "{s}: record of {row:?}");
            }
        }
        // the shadow is a copy of the catalog
        let a = scan(&store, &store.open_tree(PGNO_MSO).unwrap()).unwrap();
        let b = scan(&store, &store.open_tree(PGNO_MSO_SHADOW).unwrap()).unwrap();
        assert_eq!(a, b, "{s}");
    }
}

#[test]
fn sample_secondary_index_entries_are_ours() {
    for s in SAMPLES {
        let store = open_sample(s);
        let ps = store.page_size() as u32;
        let rows = scan(&store, &store.open_tree(PGNO_MSO).unwrap()).unwrap();
        let mut names = BTreeSet::new();
        let mut roots = BTreeSet::new();
        for (k, d) in &rows {
            let row = CatalogRow::parse(d, ps).unwrap();
            names.insert((row.name_index_key().unwrap(), k.clone()));
            if let Some(r) = row.root_objects_key().unwrap() {
                roots.insert((r, k.clone()));
            }
        }
        let got_names: BTreeSet<_> = scan(&store, &store.open_tree(PGNO_MSO_NAME_INDEX).unwrap()).unwrap().into_iter().collect();
        let got_roots: BTreeSet<_> = scan(&store, &store.open_tree(PGNO_MSO_ROOT_OBJECT_INDEX).unwrap()).unwrap().into_iter().collect();
        assert_eq!(got_names, names, "{s}");
        assert_eq!(got_roots, roots, "{s}");
    }
}

fn cp1252(b: &[u8]) -> String {
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ];
    b.iter().map(|&x| if (0x80..0xA0).contains(&x) { char::from_u32(HIGH[x as usize - 0x80] as u32).unwrap() } else { x as char }).collect()
}

/// Whether our default bytes equal the canonical JSON value.
fn value_matches(col: &ColumnDef, bytes: &[u8], want: &Json) -> bool {
    let f64_of = |j: &Json| -> f64 {
        match j.str() {
            "nan" => f64::NAN,
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            s => s.parse().unwrap(),
        }
    };
    let le = |n: usize| -> Option<[u8; 8]> {
        if bytes.len() != n {
            return None;
        }
        let mut a = [0u8; 8];
        a[..n].copy_from_slice(bytes);
        Some(a)
    };
    match col.coltyp {
        Coltyp::Bit => *want == Json::Bool(bytes[0] != 0),
        Coltyp::UnsignedByte => want.i64() == bytes[0] as i64,
        Coltyp::Short => le(2).is_some_and(|a| want.i64() == i16::from_le_bytes([a[0], a[1]]) as i64),
        Coltyp::UnsignedShort => le(2).is_some_and(|a| want.i64() == u16::from_le_bytes([a[0], a[1]]) as i64),
        Coltyp::Long => le(4).is_some_and(|a| want.i64() == i32::from_le_bytes(a[..4].try_into().unwrap()) as i64),
        Coltyp::UnsignedLong => le(4).is_some_and(|a| want.i64() == u32::from_le_bytes(a[..4].try_into().unwrap()) as i64),
        Coltyp::Currency | Coltyp::LongLong => le(8).is_some_and(|a| want.i64() == i64::from_le_bytes(a)),
        Coltyp::IEEESingle => le(4).is_some_and(|a| {
            let v = f32::from_le_bytes(a[..4].try_into().unwrap()) as f64;
            let w = f64_of(want);
            v.to_bits() == w.to_bits() || (v.is_nan() && w.is_nan())
        }),
        Coltyp::IEEEDouble | Coltyp::DateTime => le(8).is_some_and(|a| {
            let v = f64::from_le_bytes(a);
            let w = f64_of(want);
            v.to_bits() == w.to_bits() || (v.is_nan() && w.is_nan())
        }),
        Coltyp::GUID => {
            bytes.len() == 16 && {
                let d1 = u32::from_le_bytes(bytes[0..4].try_into().unwrap());
                let d2 = u16::from_le_bytes(bytes[4..6].try_into().unwrap());
                let d3 = u16::from_le_bytes(bytes[6..8].try_into().unwrap());
                let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
                want.str() == format!("{d1:08x}-{d2:04x}-{d3:04x}-{}-{}", hex(&bytes[8..10]), hex(&bytes[10..16]))
            }
        }
        Coltyp::Binary | Coltyp::LongBinary | Coltyp::SLV => want.str() == bytes.iter().map(|x| format!("{x:02x}")).collect::<String>(),
        Coltyp::Text | Coltyp::LongText => {
            if col.cp == 1200 {
                let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
                bytes.len().is_multiple_of(2) && want.str() == String::from_utf16_lossy(&units)
            } else {
                want.str() == cp1252(bytes)
            }
        }
    }
}

#[test]
fn sample_tables_read_as_expected() {
    for s in SAMPLES {
        let store = open_sample(s);
        let tables = read::read_catalog_from_store(&store).unwrap();
        let names: Vec<&str> = tables.iter().map(|t| t.def.name.as_str()).collect();
        assert_eq!(names, vec!["MSysObjects", "MSysObjectsShadow", "MSysObjids", "MSysLocales", s], "{s}");
        let exp = expected(s);
        let user: Vec<&read::CatalogTable> = tables.iter().filter(|t| !t.def.name.starts_with("MSys")).collect();
        let exp_tables = exp.get("tables").arr();
        assert_eq!(user.len(), exp_tables.len());
        for (t, e) in user.iter().zip(exp_tables) {
            assert_eq!(t.def.name, e.get("name").str());
            let ecols = e.get("columns").arr();
            assert_eq!(t.def.columns.len(), ecols.len(), "{s}");
            for (c, ec) in t.def.columns.iter().zip(ecols) {
                let ctx = format!("{s}.{}", c.name);
                assert_eq!(c.name, ec.get("name").str(), "{ctx}");
                assert_eq!(c.columnid as i64, ec.get("columnid").i64(), "{ctx}");
                assert_eq!(c.coltyp as i64, ec.get("coltyp").i64(), "{ctx}");
                assert_eq!(c.cb_max as i64, ec.get("cbMax").i64(), "{ctx}");
                let flags: BTreeSet<&str> = jet::column_grbit_names(jet::column_grbit(c)).into_iter().collect();
                let eflags: BTreeSet<&str> = ec.get("flags").arr().iter().map(|f| f.str()).collect();
                assert_eq!(flags, eflags, "{ctx}");
                if c.coltyp.is_text() {
                    assert_eq!(c.cp as i64, ec.get("cp").i64(), "{ctx}");
                }
                match (&c.default, ec.get("default")) {
                    (None, Json::Null) => {}
                    (Some(d), want) if *want != Json::Null => assert!(value_matches(c, d, want), "{ctx}: default {d:02x?} vs {want:?}"),
                    (got, want) => panic!("{ctx}: default {got:?} vs {want:?}"),
                }
            }
            let mut idx: Vec<_> = t.def.indexes.iter().collect();
            idx.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
            let eidx = e.get("indexes").arr();
            assert_eq!(idx.len(), eidx.len(), "{s}");
            for (i, ei) in idx.iter().zip(eidx) {
                let ctx = format!("{s}.{}", i.name);
                assert_eq!(i.name, ei.get("name").str(), "{ctx}");
                let key: Vec<String> = i
                    .segments
                    .iter()
                    .map(|sg| format!("{}{}", if sg.descending { "-" } else { "+" }, t.def.column(sg.columnid).unwrap().name))
                    .collect();
                let ekey: Vec<&str> = ei.get("key").arr().iter().map(|k| k.str()).collect();
                assert_eq!(key, ekey, "{ctx}");
                let flags: BTreeSet<&str> = jet::index_grbit_names(jet::index_grbit(i)).into_iter().collect();
                let eflags: BTreeSet<&str> = ei.get("flags").arr().iter().map(|f| f.str()).collect();
                assert_eq!(flags, eflags, "{ctx}");
                assert_eq!(i.lcid, 1033, "{ctx}");
                assert_eq!(i.density, 80, "{ctx}");
            }
        }
    }
}

#[test]
fn sample_details_beyond_the_dump() {
    let store = open_sample("index");
    let tables = read::read_catalog_from_store(&store).unwrap();
    let t = tables.iter().find(|t| t.def.name == "index").unwrap();
    assert_eq!((t.def.objid, t.def.pgno_fdp, t.def.initial_pages, t.def.density, t.def.flags), (8, 31, 4, 80, 0));
    assert_eq!(t.def.lv_tree, Some((27, 59)));
    assert_eq!(t.def.indexes[0].name, "IxId");
    let ix = &t.def.indexes[0];
    assert_eq!((ix.objid, ix.pgno_fdp, ix.cb_key_most, ix.cb_var_seg_mac, ix.flags.bits()), (8, 31, 5, 5, 0x2f));
    let uni = t.def.indexes.iter().find(|i| i.name == "IxUnicode").unwrap();
    assert_eq!((uni.objid, uni.pgno_fdp, uni.flags.bits(), uni.lcmap_flags), (24, 56, 0x40e, 0x0003_0401));
    let loc = t.index_locales.iter().find(|l| l.index == "IxUnicode").unwrap();
    assert_eq!(loc.locale_name, "en-US");
    assert_eq!(loc.sort_version, Some(0x0006_020f_0006_020f));
    assert_eq!(loc.sort_id.as_ref().unwrap().len(), 16);
    assert_eq!((t.fid_fixed_last, t.fid_var_last, t.fid_tagged_last, t.fixed_end), (13, 130, 258, 74));
    // the catalog's own description, offsets patched as ESE does when it opens it
    let m = &tables[0];
    assert_eq!(m.def, {
        let mut d = mso::catalog_table_def(false);
        // the rows describe the catalog with ESE's system flags and pages
        d.initial_pages = m.def.initial_pages;
        d.indexes.iter_mut().for_each(|i| i.lcmap_flags = 0x0003_0401);
        d
    });
    let sh = &tables[1];
    assert_eq!(sh.def.columns, m.def.columns);
    assert_eq!((sh.def.objid, sh.def.pgno_fdp, sh.def.initial_pages), (3, 24, 5));
    let locales = &tables[3];
    assert_eq!(locales.def.name, "MSysLocales");
    assert_eq!(locales.def.flags, 0x8800_0000);
    let iv = locales.def.column_by_name("iValue").unwrap();
    assert_eq!((iv.columnid, iv.record_offset, iv.default.as_deref()), (2, 5, Some(&[0u8; 4][..])));
}

#[test]
fn one_table_by_name_or_objid() {
    for s in SAMPLES {
        let store = open_sample(s);
        let all = read::read_catalog_from_store(&store).unwrap();
        for t in &all {
            let by_name = read::read_table_from_store(&store, TableRef::Name(&t.def.name.to_lowercase())).unwrap();
            assert_eq!(&by_name, t);
            let by_objid = read::read_table_from_store(&store, TableRef::Objid(t.def.objid)).unwrap();
            assert_eq!(&by_objid, t);
        }
        assert_eq!(read::read_table_from_store(&store, TableRef::Name("nosuch")), Err(crate::error::JetError::ObjectNotFound));
        assert_eq!(read::read_table_from_store(&store, TableRef::Objid(4)), Err(crate::error::JetError::ObjectNotFound));
        assert_eq!(read::find_table_objid(&store, "MSYSOBJECTS").unwrap(), Some(2));
    }
}

#[test]
fn corrupt_rows_are_refused() {
    let store = open_sample("basic");
    let ps = store.page_size() as u32;
    let entries = scan(&store, &store.open_tree(PGNO_MSO).unwrap()).unwrap();
    // a key that is not its row's
    let mut bad = entries.clone();
    bad[3].0[4] ^= 1;
    assert_eq!(read::read_catalog(bad, ps).err(), Some(crate::error::JetError::CatalogCorrupted));
    // a truncated record
    let mut bad = entries.clone();
    bad[5].1.truncate(3);
    assert_eq!(read::read_catalog(bad, ps).err(), Some(crate::error::JetError::CatalogCorrupted));
    // a table whose column rows come without its table row
    let bad: Vec<_> = entries.iter().filter(|(k, _)| k != &mso::id_key(8, 1, 8)).cloned().collect();
    assert_eq!(read::read_catalog(bad, ps).err(), Some(crate::error::JetError::CatalogCorrupted));
    // every prefix of the entries either reads or is refused, never panics
    for n in 0..entries.len() {
        let _ = read::read_catalog(entries[..n].to_vec(), ps);
    }
}

/// A small deterministic PRNG (splitmix64) for property tests.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn bytes(&mut self, max: usize) -> Option<Vec<u8>> {
        if self.below(3) == 0 {
            return None;
        }
        let n = 1 + self.below(max as u64) as usize;
        Some((0..n).map(|_| self.next() as u8).collect())
    }
}

fn random_row(r: &mut Rng) -> CatalogRow {
    let opt32 = |r: &mut Rng| if r.below(2) == 0 { None } else { Some(r.next() as u32) };
    CatalogRow {
        objid_table: r.next() as u32,
        sysobj: r.below(6) as u16,
        id: r.next() as u32,
        name: (0..1 + r.below(64)).map(|_| b'A' + r.below(26) as u8).collect(),
        coltyp_or_pgno_fdp: r.next() as u32,
        space_usage: r.next() as u32,
        flags: r.next() as u32,
        pages_or_locale: r.next() as u32,
        root_flag: r.below(2) == 0,
        record_offset: if r.below(2) == 0 { None } else { Some(r.next() as u16) },
        lcmap_flags: opt32(r),
        key_most: if r.below(2) == 0 { None } else { Some(r.next() as u16) },
        lv_chunk_max: opt32(r),
        pgno_fdp_last_set_time: if r.below(4) == 0 { Some(r.next()) } else { None },
        stats: r.bytes(20),
        template_table_or_callback: r.bytes(64),
        default_value: r.bytes(255),
        key_fld_ids: r.bytes(64),
        var_seg_mac: r.bytes(2),
        conditional_columns: r.bytes(64),
        tuple_limits: r.bytes(20),
        version: r.bytes(8),
        sort_id: r.bytes(16),
        callback_data: r.bytes(300),
        callback_dependencies: r.bytes(40),
        separate_lv: r.bytes(4),
        space_hints: r.bytes(30),
        space_deferred_lv_hints: r.bytes(30),
        locale_name: r.bytes(20),
    }
}

#[test]
fn random_rows_round_trip_and_replace_like_a_fresh_encoding() {
    let mut r = Rng(0x5eed_cafe);
    for ps in [4096u32, 8192, 16384, 32768] {
        for _ in 0..300 {
            let row = random_row(&mut r);
            let data = row.encode(ps).unwrap();
            assert_eq!(CatalogRow::parse(&data, ps).unwrap(), row);
            // a replace from another row reads as the new row
            let mut other = random_row(&mut r);
            (other.objid_table, other.sysobj, other.id) = (row.objid_table, row.sysobj, row.id);
            let replaced = other.encode_from(&data, &row, ps).unwrap();
            assert_eq!(CatalogRow::parse(&replaced, ps).unwrap(), other);
            // changing only fixed columns or adding values keeps ESE's layout: the fresh encoding
            let mut grown = row.clone();
            grown.flags ^= 0x10;
            grown.default_value = Some(vec![1, 2, 3]);
            grown.locale_name = Some(b"x\0".to_vec());
            if row.default_value.is_some() && row.locale_name.is_some() {
                assert_eq!(grown.encode_from(&data, &row, ps).unwrap(), grown.encode(ps).unwrap());
            }
            // keys order as (ObjidTable, Type, Id) do
            let o = random_row(&mut r);
            let a = (row.objid_table as i32, row.sysobj as i16, row.id as i32);
            let b = (o.objid_table as i32, o.sysobj as i16, o.id as i32);
            assert_eq!(row.key().cmp(&o.key()), a.cmp(&b));
        }
    }
}
