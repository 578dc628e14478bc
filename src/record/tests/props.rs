//! Property tests: random schemas and random JetSetColumn sequences against
//! a simple model of what JetRetrieveColumn must return; random garbage
//! records must never panic the reader.

use std::collections::HashMap;

use crate::catalog::defs::{ColumnClass, ColumnDef, ColumnFlags, Coltyp, TableDef};
use crate::error::JetError;
use crate::record::builder::{Compression, RecordBuilder, RecordConfig, SetOptions, SetValue};
use crate::record::lv::LvId;
use crate::record::schema::{self, TEMPLATE_COLUMN};
use crate::record::testrng::Rng;
use crate::record::view::{ColumnValue, RecordView};

const FIXED_TYPES: [Coltyp; 14] = [
    Coltyp::Bit,
    Coltyp::UnsignedByte,
    Coltyp::Short,
    Coltyp::Long,
    Coltyp::Currency,
    Coltyp::IEEESingle,
    Coltyp::IEEEDouble,
    Coltyp::DateTime,
    Coltyp::UnsignedLong,
    Coltyp::LongLong,
    Coltyp::GUID,
    Coltyp::UnsignedShort,
    Coltyp::Binary,
    Coltyp::Text,
];

fn col(columnid: u32, coltyp: Coltyp, cb_max: u32, flags: ColumnFlags, default: Option<Vec<u8>>) -> ColumnDef {
    ColumnDef {
        columnid,
        name: format!("c{columnid:x}"),
        coltyp,
        cb_max,
        cp: if coltyp.is_text() { 1252 } else { 0 },
        flags,
        default,
        record_offset: 0,
    }
}

fn value_for(rng: &mut Rng, c: &ColumnDef) -> Vec<u8> {
    let len = match c.coltyp.fixed_size() {
        Some(n) => n as usize,
        None if c.coltyp.is_long() => match rng.below(4) {
            0 => rng.below(20) as usize,
            1 => rng.below(300) as usize,
            _ => rng.below(1200) as usize,
        },
        None => rng.below(c.cb_max.max(1) + 1) as usize,
    };
    if rng.chance(2) {
        // compressible text
        (0..len).map(|i| b"ESE record "[i % 11]).collect()
    } else {
        rng.bytes(len)
    }
}

/// A random table: fixed, variable and tagged columns with random flags and
/// defaults; sometimes a derived table whose template columns are tagged.
fn random_table(rng: &mut Rng) -> TableDef {
    let mut columns = Vec::new();
    let mut offset = 4u16;
    let nfixed = rng.below(12);
    for fid in 1..=nfixed {
        let t = FIXED_TYPES[rng.below(FIXED_TYPES.len() as u32) as usize];
        let cb = if t.fixed_size().is_none() { 1 + rng.below(40) } else { 0 };
        let mut c = col(fid, t, cb, ColumnFlags::empty(), None);
        if rng.chance(5) {
            c.flags |= ColumnFlags::NOT_NULL;
        }
        if rng.chance(4) {
            let v = value_for(rng, &c);
            c.default = Some(if t.fixed_size().is_none() { v[..v.len().min(c.cb_max as usize)].to_vec() } else { v });
            c.flags |= ColumnFlags::DEFAULT;
            if c.default.as_ref().unwrap().is_empty() {
                c.default = None;
                c.flags -= ColumnFlags::DEFAULT;
            }
        }
        c.record_offset = offset;
        offset += schema::fixed_width(&c) as u16;
        columns.push(c);
    }
    for fid in 128..128 + rng.below(10) {
        let t = if rng.chance(2) { Coltyp::Binary } else { Coltyp::Text };
        let mut c = col(fid, t, 1 + rng.below(255), ColumnFlags::empty(), None);
        if rng.chance(6) {
            c.flags |= ColumnFlags::NOT_NULL;
        }
        if rng.chance(4) {
            let v = value_for(rng, &c);
            if !v.is_empty() {
                c.default = Some(v);
                c.flags |= ColumnFlags::DEFAULT;
            }
        }
        columns.push(c);
    }
    let derived = rng.chance(4);
    let ntagged = rng.below(12);
    for i in 0..ntagged {
        let t = match rng.below(6) {
            0 => Coltyp::LongBinary,
            1 => Coltyp::LongText,
            2 => Coltyp::Binary,
            3 => Coltyp::Text,
            _ => FIXED_TYPES[rng.below(12) as usize],
        };
        let cb = match t {
            Coltyp::Binary | Coltyp::Text => 1 + rng.below(255),
            Coltyp::LongBinary | Coltyp::LongText if rng.chance(3) => 1 + rng.below(1500),
            Coltyp::LongBinary | Coltyp::LongText => 0,
            t => t.fixed_size().unwrap(),
        };
        let mut id = 256 + i;
        if derived && i < ntagged / 2 {
            id |= TEMPLATE_COLUMN;
        }
        let mut c = col(id, t, cb, ColumnFlags::MULTIVALUED, None);
        if t.is_long() && rng.chance(2) {
            c.flags |= ColumnFlags::COMPRESSED;
        }
        if rng.chance(8) {
            c.flags |= ColumnFlags::NOT_NULL;
        }
        if rng.chance(4) {
            let mut v = value_for(rng, &c);
            v.truncate(if c.cb_max > 0 { c.cb_max as usize } else { 255 });
            c.default = Some(v);
            c.flags |= ColumnFlags::DEFAULT;
        }
        columns.push(c);
    }
    TableDef {
        name: "t".into(),
        objid: 1,
        pgno_fdp: 1,
        flags: 0,
        initial_pages: 1,
        density: 80,
        template_table: if derived { Some("template".into()) } else { None },
        columns,
        indexes: Vec::new(),
        lv_tree: None,
    }
}

#[derive(Clone, Debug, PartialEq)]
enum MVal {
    Data(Vec<u8>),
    Lid(LvId),
}

/// What the record must hold, column by column.
#[derive(Clone, Debug, Default)]
struct Model {
    /// fixed and variable: None = absent or NULL (see `present`)
    plain: HashMap<u32, Option<Vec<u8>>>,
    tagged: HashMap<u32, (Vec<MVal>, bool)>,
}

impl Model {
    fn new_record(table: &TableDef) -> Model {
        let mut m = Model::default();
        for c in &table.columns {
            if schema::default_is_stored(c) {
                let d = c.default.clone().unwrap();
                let v = if c.class() == ColumnClass::Fixed { schema::fixed_slot_bytes(c, &d).unwrap() } else { d };
                m.plain.insert(c.columnid, Some(v));
            }
        }
        m
    }

    fn expected(&self, c: &ColumnDef, itag: u32) -> Option<MVal> {
        let default = || c.default.as_ref().map(|d| {
            MVal::Data(if c.class() == ColumnClass::Fixed { schema::fixed_slot_bytes(c, d).unwrap() } else { d.clone() })
        });
        match c.class() {
            ColumnClass::Fixed | ColumnClass::Variable => match self.plain.get(&c.columnid) {
                Some(v) => v.clone().map(MVal::Data),
                None => default(),
            },
            ColumnClass::Tagged => {
                let (vals, explicit_null) = self.tagged.get(&c.columnid).cloned().unwrap_or_default();
                if vals.is_empty() {
                    if itag == 1 && !explicit_null { default() } else { None }
                } else {
                    vals.get(itag as usize - 1).cloned()
                }
            }
        }
    }

    fn set(&mut self, c: &ColumnDef, itag: u32, v: Option<MVal>, revert: bool) {
        match c.class() {
            ColumnClass::Fixed => {
                let v = v.map(|v| match v {
                    MVal::Data(d) => schema::fixed_slot_bytes(c, &d).unwrap(),
                    MVal::Lid(_) => unreachable!(),
                });
                self.plain.insert(c.columnid, v);
            }
            ColumnClass::Variable => {
                let v = v.map(|v| match v {
                    MVal::Data(mut d) => {
                        d.truncate(c.cb_max as usize);
                        d
                    }
                    MVal::Lid(_) => unreachable!(),
                });
                self.plain.insert(c.columnid, v);
            }
            ColumnClass::Tagged => {
                let has_default = c.default.is_some();
                let (vals, explicit_null) = self.tagged.entry(c.columnid).or_default();
                match v {
                    Some(v) => {
                        *explicit_null = false;
                        if itag == 0 || itag as usize > vals.len() {
                            vals.push(v);
                        } else {
                            vals[itag as usize - 1] = v;
                        }
                    }
                    None => {
                        if vals.is_empty() {
                            if revert {
                                *explicit_null = false;
                            } else if has_default && itag == 1 {
                                *explicit_null = true;
                            }
                        } else if itag >= 1 && itag as usize <= vals.len() {
                            let was_single = vals.len() == 1;
                            vals.remove(itag as usize - 1);
                            if was_single && has_default && !revert {
                                *explicit_null = true;
                            }
                        }
                    }
                }
            }
        }
    }
}

fn check(table: &TableDef, model: &Model, bytes: &[u8], page_size: u32) {
    let view = RecordView::parse(bytes, page_size).unwrap();
    for c in &table.columns {
        let itags = match c.class() {
            ColumnClass::Tagged => 1 + model.tagged.get(&c.columnid).map_or(0, |t| t.0.len()) as u32,
            _ => 1,
        };
        for itag in 1..=itags + 1 {
            let want = if c.class() == ColumnClass::Tagged || itag == 1 { model.expected(c, itag) } else { model.expected(c, 1) };
            let got = match view.retrieve(table, c, itag, true).unwrap() {
                ColumnValue::Null => None,
                ColumnValue::Separated(l) => Some(MVal::Lid(l)),
                v => Some(MVal::Data(v.bytes().unwrap().to_vec())),
            };
            assert_eq!(got, want, "column {:x} itag {itag}", c.columnid);
        }
    }
}

#[derive(Default, Debug)]
struct Stats {
    sets: usize,
    too_big: usize,
    other_errors: usize,
    two_values: usize,
    multi_values: usize,
    compressed: usize,
    explicit_nulls: usize,
    truncated: usize,
}

fn run_property(seed: u64, rounds: usize) -> Stats {
    let mut stats = Stats::default();
    let mut rng = Rng::new(seed);
    for _ in 0..rounds {
        let table = random_table(&mut rng);
        let page_size = [4096u32, 8192, 16384, 32768][rng.below(4) as usize];
        let lid64 = rng.chance(3);
        let mut config = RecordConfig::new(page_size, 255).with_lid64(lid64);
        if rng.chance(3) {
            // a small maximum so that RecordTooBig happens
            config.record_most = 200 + rng.below(1500) as usize;
        }
        let mut b = match RecordBuilder::new_record(&table, config) {
            Ok(b) => b,
            Err(JetError::RecordTooBig) => continue,
            Err(e) => panic!("{e:?}"),
        };
        let mut model = Model::new_record(&table);
        check(&table, &model, &b.to_bytes(), page_size);
        if table.columns.is_empty() {
            continue;
        }
        for _ in 0..40 {
            let c = &table.columns[rng.below(table.columns.len() as u32) as usize];
            let tagged = c.class() == ColumnClass::Tagged;
            let itag = if tagged { rng.below(4) } else { 1 };
            let revert = tagged && rng.chance(4);
            let value = if rng.chance(4) {
                None
            } else if c.coltyp.is_long() && rng.chance(3) {
                let lid = if lid64 { LvId(LvId::LID64_FIRST + rng.below(1000) as u64) } else { LvId(1 + rng.below(1000) as u64) };
                Some(MVal::Lid(lid))
            } else if !c.coltyp.is_long() && c.coltyp.fixed_size().is_none() && rng.chance(8) {
                // longer than the column allows: cut (variable) or ColumnTooBig (tagged)
                let n = c.cb_max as usize + 1 + rng.below(20) as usize;
                Some(MVal::Data(rng.bytes(n)))
            } else {
                Some(MVal::Data(value_for(&mut rng, c)))
            };
            let opts = SetOptions {
                revert_to_default: revert,
                compression: [Compression::Column, Compression::Force, Compression::Never][rng.below(3) as usize],
                unique_multi_values: false,
            };
            let sv = match &value {
                None => SetValue::Null,
                Some(MVal::Data(d)) => SetValue::Data(d),
                Some(MVal::Lid(l)) => SetValue::Separated(*l),
            };
            // fixed columns read zero bytes as NULL
            let value = match &value {
                Some(MVal::Data(d)) if d.is_empty() && c.class() == ColumnClass::Fixed => None,
                v => v.clone(),
            };
            let before = b.to_bytes();
            match b.set(&table, c, itag, sv, &opts) {
                Ok(out) => {
                    stats.sets += 1;
                    stats.truncated += usize::from(out.truncated);
                    stats.compressed += usize::from(out.compressed);
                    assert_eq!(out.truncated, c.class() == ColumnClass::Variable && matches!(&value, Some(MVal::Data(d)) if d.len() > c.cb_max as usize));
                    model.set(c, itag, value, revert);
                }
                Err(e) => {
                    if e == JetError::RecordTooBig {
                        stats.too_big += 1;
                    } else {
                        stats.other_errors += 1;
                    }
                    match e {
                        JetError::RecordTooBig => {}
                        JetError::ColumnIllegalNull => assert!(value.is_none() && c.flags.contains(ColumnFlags::NOT_NULL)),
                        JetError::AutoIncrementNotSet => panic!("no autoincrement columns here"),
                        JetError::ColumnTooBig => assert!(c.cb_max > 0 && c.class() == ColumnClass::Tagged),
                        JetError::ColumnDoesNotFit => {}
                        // ESE finds a bad fixed size once the record holds the column: the
                        // record may have grown (new columns NULL or default, so no value changed)
                        JetError::InvalidBufferSize => assert_eq!(c.class(), ColumnClass::Fixed),
                        e => panic!("{e:?} setting {c:?}"),
                    }
                    if e != JetError::InvalidBufferSize {
                        assert_eq!(b.to_bytes(), before, "a failed set leaves the record unchanged");
                    }
                }
            }
            let bytes = b.to_bytes();
            let v = RecordView::parse(&bytes, page_size).unwrap();
            for t in v.tag_fields() {
                stats.explicit_nulls += usize::from(t.null);
                match t.layout() {
                    crate::record::tagged::MvLayout::TwoValues => stats.two_values += 1,
                    crate::record::tagged::MvLayout::MultiValues => stats.multi_values += 1,
                    _ => {}
                }
            }
            assert_eq!(bytes.len(), b.len());
            assert!(bytes.len() <= config.record_most);
            check(&table, &model, &bytes, page_size);
            // a record read back re-encodes to the same bytes
            let again = RecordBuilder::from_record(&bytes, config).unwrap();
            assert_eq!(again.to_bytes(), bytes);
            assert!(again == b, "the builder read back equals the builder");
        }
    }
    stats
}

#[test]
fn random_sets_match_the_model() {
    let s = run_property(0x00E5_E001, 300);
    // the run must have gone through the interesting paths
    assert!(s.sets > 5000 && s.too_big > 50 && s.other_errors > 50, "{s:?}");
    assert!(s.two_values > 100 && s.multi_values > 100 && s.compressed > 50, "{s:?}");
    assert!(s.explicit_nulls > 50 && s.truncated > 20, "{s:?}");
}

#[test]
fn random_sets_match_the_model_more_seeds() {
    for seed in 1..6u64 {
        run_property(seed * 7919, 60);
    }
}

#[test]
fn garbage_records_never_panic() {
    let mut rng = Rng::new(0xDEAD_BEEF);
    let table = random_table(&mut Rng::new(5));
    for i in 0..20000 {
        let len = rng.below(300) as usize;
        let mut g = rng.bytes(len);
        // make the header plausible often enough to reach the deeper parsers
        if len >= 4 && i % 2 == 0 {
            g[0] %= 8;
            g[1] = 127 + (g[1] % 4);
            let end = 4 + (g[0] as usize).div_ceil(8) + (rng.below(8) as usize);
            g[2] = end.min(len) as u8;
            g[3] = 0;
        }
        for page_size in [4096u32, 32768] {
            if let Ok(v) = RecordView::parse(&g, page_size) {
                for c in &table.columns {
                    for itag in 0..4 {
                        let _ = v.retrieve(&table, c, itag, true);
                    }
                    let _ = v.value_count(&table, c);
                }
                let _ = v.enumerate(&table, true);
                if let Ok(b) = RecordBuilder::from_view(&v, RecordConfig::new(page_size, 255)) {
                    let _ = b.to_bytes();
                }
            }
        }
    }
}
