//! Issue 3's evidence that the files we write are real ESE databases: for
//! each page size (4, 8, 16 and 32 KiB) a database is created through the
//! exported Jet functions (the code a C program calls) with tables covering
//! every column type (fixed, variable, tagged, multi-valued, long values
//! larger than a page, defaults, NULLs, zero-length values), a primary and
//! secondary indexes and enough rows for multi-level trees, then closed
//! cleanly (JetTerm). The test knows what it wrote, builds the canonical dump
//! ("ese-canonical-1", ../shared/edb-samples/README.md) of it, and:
//!
//! 1. reads the file back through our own API (attach read-only, JetMove,
//!    JetRetrieveColumn) and compares every value;
//! 2. has two independent readers read it (tools/dump/readers.py):
//!    dissect.esedb's dump must equal ours, and libesedb's esedbexport must
//!    export every table with the right rows and values, the documented
//!    libesedb quirks skipped value by value and counted.
//!
//! The readers are installed by tools/dump/install-readers.sh (.ci/run runs
//! it); a missing reader fails the test, saying so.

#![allow(non_upper_case_globals)]

mod common;

use std::ffi::c_void;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use esent::abi::*;
use esent::api::database::*;
use esent::api::ddl::*;
use esent::api::navigate::*;
use esent::api::retrieve::*;
use esent::api::session::*;
use esent::api::transaction::*;
use esent::api::update::*;

// ---------------------------------------------------------------------------
// The schema

#[derive(Clone, Debug)]
struct Col {
    name: &'static str,
    coltyp: u32,
    /// Code page of a text column (1252 or 1200), 0 otherwise.
    cp: u16,
    /// JET_bitColumn* given to JetAddColumn.
    grbit: u32,
    /// cbMax given to JetAddColumn.
    cb_max: u32,
    default: Option<Vec<u8>>,
    /// Returned by JetAddColumn.
    id: u32,
}

fn fixed_size(coltyp: u32) -> Option<u32> {
    Some(match coltyp {
        JET_coltypBit | JET_coltypUnsignedByte => 1,
        JET_coltypShort | JET_coltypUnsignedShort => 2,
        JET_coltypLong | JET_coltypUnsignedLong | JET_coltypIEEESingle => 4,
        JET_coltypCurrency | JET_coltypIEEEDouble | JET_coltypDateTime | JET_coltypLongLong => 8,
        JET_coltypGUID => 16,
        _ => return None,
    })
}

fn is_long(coltyp: u32) -> bool {
    coltyp == JET_coltypLongBinary || coltyp == JET_coltypLongText
}

fn is_text(coltyp: u32) -> bool {
    coltyp == JET_coltypText || coltyp == JET_coltypLongText
}

impl Col {
    fn new(name: &'static str, coltyp: u32, grbit: u32) -> Col {
        Col { name, coltyp, cp: 0, grbit, cb_max: 0, default: None, id: 0 }
    }
    fn cp(mut self, cp: u16) -> Col {
        self.cp = cp;
        self
    }
    fn max(mut self, cb: u32) -> Col {
        self.cb_max = cb;
        self
    }
    fn default(mut self, d: &[u8]) -> Col {
        self.default = Some(d.to_vec());
        self
    }
    fn fixed(&self) -> bool {
        self.grbit & JET_bitColumnFixed != 0
    }
    fn tagged(&self) -> bool {
        self.grbit & JET_bitColumnTagged != 0 || is_long(self.coltyp)
    }
    fn multi(&self) -> bool {
        self.grbit & JET_bitColumnMultiValued != 0
    }
    /// cbMax as JetGetTableColumnInfo reports it (and the catalog stores it).
    fn reported_cb_max(&self) -> u32 {
        match fixed_size(self.coltyp) {
            Some(n) => n,
            None if is_long(self.coltyp) => self.cb_max,
            None => {
                if self.cb_max == 0 {
                    255
                } else {
                    self.cb_max
                }
            }
        }
    }
    /// The stored value of a fixed Binary/Text column: padded to cbMax.
    fn stored(&self, v: &[u8]) -> Vec<u8> {
        let mut v = v.to_vec();
        if self.fixed() && fixed_size(self.coltyp).is_none() {
            let n = self.cb_max as usize;
            while v.len() < n {
                let pad = match (self.coltyp, self.cp) {
                    (JET_coltypText, 1200) => [0x20u8, 0][v.len() % 2],
                    (JET_coltypText, _) => 0x20,
                    _ => 0,
                };
                v.push(pad);
            }
        }
        v
    }
}

fn f64b(x: f64) -> Vec<u8> {
    x.to_le_bytes().to_vec()
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

const F: u32 = JET_bitColumnFixed;
const T: u32 = JET_bitColumnTagged;
const MV: u32 = JET_bitColumnTagged | JET_bitColumnMultiValued;

fn main_columns() -> Vec<Col> {
    use Col as C;
    vec![
        C::new("Id", JET_coltypLong, F | JET_bitColumnNotNULL),
        C::new("FBit", JET_coltypBit, F),
        C::new("FUByte", JET_coltypUnsignedByte, F),
        C::new("FShort", JET_coltypShort, F),
        C::new("FUShort", JET_coltypUnsignedShort, F),
        C::new("FLong", JET_coltypLong, F),
        C::new("FULong", JET_coltypUnsignedLong, F),
        C::new("FLongLong", JET_coltypLongLong, F),
        C::new("FCurrency", JET_coltypCurrency, F),
        C::new("FSingle", JET_coltypIEEESingle, F),
        C::new("FDouble", JET_coltypIEEEDouble, F),
        C::new("FDateTime", JET_coltypDateTime, F),
        C::new("FGuid", JET_coltypGUID, F),
        C::new("FBinary", JET_coltypBinary, F).max(16),
        C::new("FText", JET_coltypText, F).cp(1252).max(24),
        C::new("FTextU", JET_coltypText, F).cp(1200).max(32),
        C::new("DefShort", JET_coltypShort, F).default(&4242i16.to_le_bytes()),
        C::new("DefDouble", JET_coltypIEEEDouble, F).default(&f64b(-2.5)),
        C::new("DefGuid", JET_coltypGUID, F).default(&[0xC0, 0x01, 0xD0, 0x0D, 0xDE, 0xAD, 0xBE, 0xEF, 0xFA, 0xCE, 0xFE, 0xED, 0xDE, 0xAD, 0xBE, 0xEF]),
        C::new("VBinary", JET_coltypBinary, 0),
        C::new("VText", JET_coltypText, 0).cp(1252).max(100),
        C::new("VTextU", JET_coltypText, 0).cp(1200).max(200),
        C::new("DefVText", JET_coltypText, 0).cp(1252).default(b"variable default"),
        C::new("DefVBinary", JET_coltypBinary, 0).max(64).default(&[1, 2, 3, 0, 0xFF]),
        C::new("TLong", JET_coltypLong, T),
        C::new("TUShort", JET_coltypUnsignedShort, T),
        C::new("TDouble", JET_coltypIEEEDouble, T),
        C::new("TGuid", JET_coltypGUID, T),
        C::new("TText", JET_coltypText, T).cp(1252),
        C::new("TTextU", JET_coltypText, T).cp(1200),
        C::new("TBinary", JET_coltypBinary, T),
        C::new("LBinary", JET_coltypLongBinary, 0),
        C::new("LText", JET_coltypLongText, 0).cp(1252),
        C::new("LTextU", JET_coltypLongText, 0).cp(1200),
        C::new("DefTLong", JET_coltypLong, T).default(&7i32.to_le_bytes()),
        C::new("DefLTextU", JET_coltypLongText, T).cp(1200).default(&utf16("tagged default \u{e9}t\u{e9}")),
        C::new("MVBit", JET_coltypBit, MV),
        C::new("MVUByte", JET_coltypUnsignedByte, MV),
        C::new("MVShort", JET_coltypShort, MV),
        C::new("MVUShort", JET_coltypUnsignedShort, MV),
        C::new("MVLong", JET_coltypLong, MV),
        C::new("MVULong", JET_coltypUnsignedLong, MV),
        C::new("MVLongLong", JET_coltypLongLong, MV),
        C::new("MVCurrency", JET_coltypCurrency, MV),
        C::new("MVSingle", JET_coltypIEEESingle, MV),
        C::new("MVDouble", JET_coltypIEEEDouble, MV),
        C::new("MVDateTime", JET_coltypDateTime, MV),
        C::new("MVGuid", JET_coltypGUID, MV),
        C::new("MVBinary", JET_coltypBinary, MV),
        C::new("MVText", JET_coltypText, MV).cp(1252),
        C::new("MVTextU", JET_coltypText, MV).cp(1200),
        C::new("MVLBinary", JET_coltypLongBinary, MV),
        C::new("MVLText", JET_coltypLongText, MV).cp(1252),
    ]
}

fn plain_columns() -> Vec<Col> {
    vec![
        Col::new("Seq", JET_coltypLong, F),
        Col::new("Note", JET_coltypLongText, 0).cp(1200),
        Col::new("Blob", JET_coltypBinary, 0).max(40),
    ]
}

fn tagnull_columns() -> Vec<Col> {
    vec![
        Col::new("Key", JET_coltypLong, F | JET_bitColumnNotNULL),
        Col::new("DefTShort", JET_coltypShort, T).default(&(-3i16).to_le_bytes()),
        Col::new("DefLText", JET_coltypLongText, 0).cp(1252).default(b"long default"),
        Col::new("TText", JET_coltypText, T).cp(1200),
    ]
}

struct Index {
    name: &'static str,
    /// The key as JetCreateIndex takes it, segments separated by NUL.
    key: &'static str,
    grbit: u32,
    /// As the canonical dump lists it.
    key_list: &'static [&'static str],
    flags: &'static [&'static str],
}

const MAIN_INDEXES: &[Index] = &[
    Index { name: "IxPrimary", key: "+Id\0\0", grbit: JET_bitIndexPrimary, key_list: &["+Id"], flags: &["Primary", "Unique"] },
    Index { name: "IxTextShort", key: "+VText\0-FShort\0\0", grbit: 0, key_list: &["+VText", "-FShort"], flags: &[] },
    Index {
        name: "IxMVLong",
        key: "+MVLong\0\0",
        grbit: JET_bitIndexIgnoreAnyNull,
        key_list: &["+MVLong"],
        flags: &["IgnoreNull", "IgnoreAnyNull", "IgnoreFirstNull"],
    },
];

const TAGNULL_INDEXES: &[Index] =
    &[Index { name: "IxKey", key: "+Key\0\0", grbit: JET_bitIndexPrimary, key_list: &["+Key"], flags: &["Primary", "Unique"] }];

// ---------------------------------------------------------------------------
// The data

/// What a row does with one column.
#[derive(Clone, Debug)]
enum Cell {
    /// Not set: the default, or NULL.
    Unset,
    /// Explicitly set to NULL (over a default where there is one).
    Null,
    /// The values set, in itagSequence order (one for a single-valued column;
    /// a zero-length value is set with JET_bitSetZeroLength).
    Values(Vec<Vec<u8>>),
}

struct Table {
    name: &'static str,
    cols: Vec<Col>,
    indexes: &'static [Index],
    /// Rows in insertion order.
    rows: Vec<Vec<Cell>>,
    /// Column whose value orders the records (the primary key), or None:
    /// insertion order.
    order_by: Option<usize>,
}

impl Table {
    /// The values JetRetrieveColumn must return for a cell: None for NULL.
    fn expected(&self, c: usize, cell: &Cell) -> Option<Vec<Vec<u8>>> {
        let col = &self.cols[c];
        match cell {
            Cell::Unset => col.default.as_ref().map(|d| vec![col.stored(d)]),
            Cell::Null => None,
            Cell::Values(v) => Some(v.iter().map(|x| col.stored(x)).collect()),
        }
    }
    /// Rows in the order a scan of the clustered index returns them.
    fn ordered_rows(&self) -> Vec<&Vec<Cell>> {
        let mut rows: Vec<&Vec<Cell>> = self.rows.iter().collect();
        if let Some(k) = self.order_by {
            rows.sort_by_key(|r| match &r[k] {
                Cell::Values(v) => i32::from_le_bytes(v[0][..4].try_into().unwrap()),
                _ => panic!("key column unset"),
            });
        }
        rows
    }
}

const CP1252_DEFINED_HIGH: &[u8] = &[
    0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8E, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96,
    0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9E, 0x9F,
];

struct Gen {
    rng: Rng,
    page_size: usize,
    /// How many long values larger than a page the generator made.
    big_long_values: usize,
}

impl Gen {
    fn float64(&mut self) -> f64 {
        match self.rng.below(10) {
            0 => f64::from_bits(self.rng.next()),
            1 => [0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, f64::MIN_POSITIVE, 5e-324, f64::MAX][self.rng.below(8) as usize],
            _ => (self.rng.next() as i64 >> 20) as f64 / 64.0,
        }
    }
    fn float32(&mut self) -> f32 {
        match self.rng.below(10) {
            0 => f32::from_bits(self.rng.next() as u32),
            1 => [0.0, -0.0, f32::INFINITY, f32::NAN, f32::MIN_POSITIVE, 1e-45, f32::MAX][self.rng.below(7) as usize],
            _ => (self.rng.next() as i32 >> 12) as f32 / 8.0,
        }
    }
    fn cp1252(&mut self, n: usize, nul_ok: bool) -> Vec<u8> {
        (0..n)
            .map(|_| match self.rng.below(100) {
                0..=69 => 0x20 + self.rng.below(0x5F) as u8,
                70..=84 => 0xA0 + self.rng.below(0x60) as u8,
                85..=94 => CP1252_DEFINED_HIGH[self.rng.below(CP1252_DEFINED_HIGH.len() as u64) as usize],
                95..=97 => [b'\t', b'\n', b'\r', b'\\'][self.rng.below(4) as usize],
                98 if nul_ok => 0,
                _ => b'x',
            })
            .collect()
    }
    /// `n` UTF-16 code units (a surrogate pair counts two), little-endian.
    fn utf16(&mut self, n: usize) -> Vec<u8> {
        let mut units: Vec<u16> = Vec::with_capacity(n);
        while units.len() < n {
            match self.rng.below(100) {
                0..=59 => units.push(0x20 + self.rng.below(0x5F) as u16),
                60..=89 => {
                    let mut u = 0xA0 + self.rng.below(0xFFFD - 0xA0) as u16;
                    if (0xD800..0xE000).contains(&u) {
                        u -= 0x1000;
                    }
                    units.push(u)
                }
                90..=95 if units.len() + 2 <= n => {
                    let cp = 0x10000 + self.rng.below(0xFFFFF) as u32;
                    let v = cp - 0x10000;
                    units.push(0xD800 + (v >> 10) as u16);
                    units.push(0xDC00 + (v & 0x3FF) as u16);
                }
                _ => units.push([0x09u16, 0x0A, 0x5C, 0x3042][self.rng.below(4) as usize]),
            }
        }
        units.iter().flat_map(|u| u.to_le_bytes()).collect()
    }
    /// A long value: usually small (kept in the record), sometimes larger
    /// than a page (chunked into the LV tree), sometimes in between.
    fn long_len(&mut self, small: usize) -> usize {
        match self.rng.below(100) {
            0..=5 => {
                self.big_long_values += 1;
                self.page_size + 1 + self.rng.below(2 * self.page_size as u64) as usize
            }
            6..=9 => 1100 + self.rng.below(self.page_size as u64 / 2) as usize,
            _ => 1 + self.rng.below(small as u64) as usize,
        }
    }
    /// One value for a column (never zero-length).
    fn value(&mut self, col: &Col, multi: bool) -> Vec<u8> {
        let t = col.coltyp;
        match t {
            JET_coltypBit => vec![[0u8, 1, 0xFF][self.rng.below(3) as usize]],
            JET_coltypIEEESingle => self.float32().to_le_bytes().to_vec(),
            JET_coltypIEEEDouble | JET_coltypDateTime => self.float64().to_le_bytes().to_vec(),
            _ if fixed_size(t).is_some() => self.rng.bytes(fixed_size(t).unwrap() as usize),
            JET_coltypBinary => {
                let max = if col.fixed() { col.cb_max as usize } else if multi { 20 } else { 40.min(col.reported_cb_max() as usize) };
                let n = 1 + self.rng.below(max as u64) as usize;
                self.rng.bytes(n)
            }
            JET_coltypText => {
                let max = if col.fixed() || !col.tagged() { col.reported_cb_max() as usize } else { 60 };
                let max = if multi { 24 } else { max.min(60) };
                if col.cp == 1200 {
                    let n = 1 + self.rng.below(max as u64 / 2) as usize;
                    self.utf16(n)
                } else {
                    let n = 1 + self.rng.below(max as u64) as usize;
                    self.cp1252(n, col.tagged())
                }
            }
            JET_coltypLongBinary => {
                let n = self.long_len(if multi { 60 } else { 200 });
                self.rng.bytes(n)
            }
            JET_coltypLongText => {
                let n = self.long_len(if multi { 60 } else { 200 });
                if col.cp == 1200 {
                    self.utf16(n.div_ceil(2))
                } else {
                    self.cp1252(n, false)
                }
            }
            _ => unreachable!("coltyp {t}"),
        }
    }
    /// A random cell. An explicit NULL over a tagged column's default only
    /// when `null_over_tagged_default` (libesedb cannot read such a record
    /// on small pages and stops the table there: those rows get their own
    /// table, see make_tables).
    fn cell(&mut self, col: &Col, null_over_tagged_default: bool) -> Cell {
        let r = self.rng.below(100);
        if r < 12 {
            return Cell::Unset;
        }
        if r < 16 && !col.tagged() {
            return Cell::Null;
        }
        if r < 16 && col.default.is_some() && null_over_tagged_default {
            return Cell::Null;
        }
        if col.multi() {
            // half single values (libesedb prints those), half 2 to 4
            let n = if self.rng.chance(50) { 1 } else { 2 + self.rng.below(3) as usize };
            let mut vals: Vec<Vec<u8>> = Vec::new();
            for _ in 0..n {
                let v = self.value(col, true);
                // ESE keeps duplicates, but a multi-valued index folds them:
                // distinct values keep the index count simple
                if !vals.contains(&v) {
                    vals.push(v);
                }
            }
            return Cell::Values(vals);
        }
        // zero-length values (fewer in tagged columns: on small pages each
        // one hides the rest of the record from libesedb)
        let zero_length = if col.tagged() { r == 16 } else { (16..19).contains(&r) };
        if zero_length && fixed_size(col.coltyp).is_none() && !col.fixed() {
            return Cell::Values(vec![Vec::new()]);
        }
        Cell::Values(vec![self.value(col, false)])
    }
}

fn make_tables(page_size: usize, rows: usize) -> (Vec<Table>, usize) {
    let mut g = Gen { rng: Rng(0x5EED_0000 + page_size as u64), page_size, big_long_values: 0 };
    let cols = main_columns();
    // distinct primary keys, negative and positive, inserted in random order
    let mut ids: Vec<i32> = (0..rows as i32).map(|i| i * 7919 - 1_000_000).collect();
    for i in (1..ids.len()).rev() {
        ids.swap(i, g.rng.below(i as u64 + 1) as usize);
    }
    let mut main_rows = Vec::new();
    for id in ids {
        let mut row = vec![Cell::Values(vec![id.to_le_bytes().to_vec()])];
        for c in &cols[1..] {
            row.push(g.cell(c, false));
        }
        main_rows.push(row);
    }
    let plain = plain_columns();
    let mut plain_rows = Vec::new();
    for i in 0..rows / 3 {
        let mut row = vec![Cell::Values(vec![(i as i32 * 3).to_le_bytes().to_vec()])];
        for c in &plain[1..] {
            row.push(g.cell(c, false));
        }
        plain_rows.push(row);
    }
    // explicit NULLs over tagged defaults, in the last rows by key order
    let tn = tagnull_columns();
    let mut tn_rows = Vec::new();
    for i in 0..60i32 {
        let mut row = vec![Cell::Values(vec![(59 - i).to_le_bytes().to_vec()])];
        for c in &tn[1..] {
            row.push(g.cell(c, false));
        }
        if 59 - i >= 40 {
            let c = 1 + g.rng.below(2) as usize;
            row[c] = Cell::Null;
        }
        tn_rows.push(row);
    }
    let tables = vec![
        Table { name: "alltypes", cols, indexes: MAIN_INDEXES, rows: main_rows, order_by: Some(0) },
        // no primary index: records come back in insertion order
        Table { name: "plain", cols: plain, indexes: &[], rows: plain_rows, order_by: None },
        Table { name: "tagnull", cols: tn, indexes: TAGNULL_INDEXES, rows: tn_rows, order_by: Some(0) },
        Table { name: "zempty", cols: plain_columns(), indexes: &[], rows: Vec::new(), order_by: None },
    ];
    (tables, g.big_long_values)
}

// ---------------------------------------------------------------------------
// The canonical form (../shared/edb-samples/README.md)

const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D,
    0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D,
    0x017E, 0x0178,
];

/// A JSON string of UTF-16 code units, ASCII only.
fn json_units(units: impl Iterator<Item = u16>) -> String {
    let mut s = String::from("\"");
    for u in units {
        match u {
            0x22 => s.push_str("\\\""),
            0x5C => s.push_str("\\\\"),
            0x20..=0x7E => s.push(u as u8 as char),
            _ => write!(s, "\\u{u:04x}").unwrap(),
        }
    }
    s.push('"');
    s
}

fn json_str(s: &str) -> String {
    json_units(s.encode_utf16())
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A float as the canonical form spells it (any spelling Python's float()
/// reads is accepted by compare.py; Rust's shortest round-trip form is one).
fn json_float(x: f64) -> String {
    if x.is_nan() {
        "\"nan\"".into()
    } else {
        format!("\"{x:?}\"")
    }
}

/// The canonical JSON of one value of a column.
fn canon(coltyp: u32, cp: u16, b: &[u8]) -> String {
    if fixed_size(coltyp).is_some_and(|n| b.len() != n as usize) {
        return format!("{{\"raw_hex\": \"{}\"}}", hex(b));
    }
    let le8 = || -> [u8; 8] { b[..8].try_into().unwrap() };
    match coltyp {
        JET_coltypBit => (if b[0] != 0 { "true" } else { "false" }).into(),
        JET_coltypUnsignedByte => b[0].to_string(),
        JET_coltypShort => i16::from_le_bytes([b[0], b[1]]).to_string(),
        JET_coltypUnsignedShort => u16::from_le_bytes([b[0], b[1]]).to_string(),
        JET_coltypLong => i32::from_le_bytes(b[..4].try_into().unwrap()).to_string(),
        JET_coltypUnsignedLong => u32::from_le_bytes(b[..4].try_into().unwrap()).to_string(),
        JET_coltypCurrency | JET_coltypLongLong => i64::from_le_bytes(le8()).to_string(),
        JET_coltypIEEESingle => json_float(f32::from_le_bytes(b[..4].try_into().unwrap()) as f64),
        JET_coltypIEEEDouble | JET_coltypDateTime => json_float(f64::from_le_bytes(le8())),
        JET_coltypGUID => format!(
            "\"{:08x}-{:04x}-{:04x}-{}-{}\"",
            u32::from_le_bytes(b[..4].try_into().unwrap()),
            u16::from_le_bytes([b[4], b[5]]),
            u16::from_le_bytes([b[6], b[7]]),
            hex(&b[8..10]),
            hex(&b[10..16])
        ),
        JET_coltypBinary | JET_coltypLongBinary => format!("\"{}\"", hex(b)),
        JET_coltypText | JET_coltypLongText if cp == 1200 => {
            if b.len() % 2 == 1 {
                return format!("{{\"raw_hex\": \"{}\"}}", hex(b));
            }
            json_units(b.chunks(2).map(|p| u16::from_le_bytes([p[0], p[1]])))
        }
        JET_coltypText | JET_coltypLongText => {
            json_units(b.iter().map(|&x| if (0x80..0xA0).contains(&x) { CP1252_HIGH[x as usize - 0x80] } else { x as u16 }))
        }
        _ => format!("{{\"raw_hex\": \"{}\"}}", hex(b)),
    }
}

/// The canonical JSON of a cell: null, a value, or a list for a multi-valued column.
fn canon_cell(col: &Col, v: &Option<Vec<Vec<u8>>>) -> String {
    match v {
        None => "null".into(),
        Some(vals) if col.multi() => {
            let items: Vec<String> = vals.iter().map(|x| canon(col.coltyp, col.cp, x)).collect();
            format!("[{}]", items.join(", "))
        }
        Some(vals) => {
            assert_eq!(vals.len(), 1, "column {} is not multi-valued", col.name);
            canon(col.coltyp, col.cp, &vals[0])
        }
    }
}

fn column_json(col: &Col) -> String {
    let mut flags = Vec::new();
    if col.fixed() {
        flags.push("Fixed");
    } else if col.tagged() {
        flags.push("Tagged");
    }
    if col.grbit & JET_bitColumnNotNULL != 0 {
        flags.push("NotNULL");
    }
    if col.multi() {
        flags.push("MultiValued");
    }
    let flags: Vec<String> = flags.iter().map(|f| json_str(f)).collect();
    let default = match &col.default {
        Some(d) => canon(col.coltyp, col.cp, d),
        None => "null".into(),
    };
    let mut s = format!(
        "{{\"name\": {}, \"columnid\": {}, \"coltyp\": {}, \"cbMax\": {}, \"flags\": [{}], \"default\": {}",
        json_str(col.name),
        col.id,
        col.coltyp,
        col.reported_cb_max(),
        flags.join(", "),
        default
    );
    if is_text(col.coltyp) {
        write!(s, ", \"cp\": {}", col.cp).unwrap();
    }
    s.push('}');
    s
}

/// The canonical dump of what the tables hold (tables sorted by name).
fn expected_dump(tables: &[Table]) -> String {
    let mut tabs: Vec<&Table> = tables.iter().collect();
    tabs.sort_by_key(|t| t.name.as_bytes());
    let mut out = String::from("{\"format\": \"ese-canonical-1\",\n \"tables\": [");
    for (ti, t) in tabs.iter().enumerate() {
        out.push_str(if ti > 0 { ",\n" } else { "\n" });
        let mut cols: Vec<&Col> = t.cols.iter().collect();
        cols.sort_by_key(|c| c.id);
        let cols_json: Vec<String> = cols.iter().map(|c| format!("    {}", column_json(c))).collect();
        let mut idx: Vec<&Index> = t.indexes.iter().collect();
        idx.sort_by_key(|i| i.name.as_bytes());
        let idx_json: Vec<String> = idx
            .iter()
            .map(|i| {
                let keys: Vec<String> = i.key_list.iter().map(|k| json_str(k)).collect();
                let flags: Vec<String> = i.flags.iter().map(|f| json_str(f)).collect();
                format!("    {{\"name\": {}, \"key\": [{}], \"flags\": [{}]}}", json_str(i.name), keys.join(", "), flags.join(", "))
            })
            .collect();
        let recs: Vec<String> = t
            .ordered_rows()
            .iter()
            .map(|row| {
                let fields: Vec<String> = t
                    .cols
                    .iter()
                    .enumerate()
                    .map(|(c, col)| format!("{}: {}", json_str(col.name), canon_cell(col, &t.expected(c, &row[c]))))
                    .collect();
                format!("    {{{}}}", fields.join(", "))
            })
            .collect();
        write!(
            out,
            "  {{\"name\": {},\n   \"columns\": [\n{}\n   ],\n   \"indexes\": [\n{}\n   ],\n   \"record_count\": {},\n   \"records\": [\n{}\n   ]}}",
            json_str(t.name),
            cols_json.join(",\n"),
            idx_json.join(",\n"),
            recs.len(),
            recs.join(",\n")
        )
        .unwrap();
    }
    out.push_str("\n ]}\n");
    out
}

// ---------------------------------------------------------------------------
// Writing through the API

fn create_table(s: JET_SESID, dbid: JET_DBID, t: &mut Table) {
    let name = cstr(t.name);
    let mut tableid: JET_TABLEID = 0;
    ok("JetCreateTable", JetCreateTableA(s, dbid, ptr(&name), 0, 0, &mut tableid));
    for col in t.cols.iter_mut() {
        let def = JET_COLUMNDEF {
            cbStruct: std::mem::size_of::<JET_COLUMNDEF>() as u32,
            columnid: 0,
            coltyp: col.coltyp,
            wCountry: 0,
            langid: 0,
            cp: col.cp,
            wCollate: 0,
            cbMax: col.cb_max,
            grbit: col.grbit,
        };
        let n = cstr(col.name);
        let (pv, cb) = match &col.default {
            Some(d) => (d.as_ptr() as *const c_void, d.len() as u32),
            None => (std::ptr::null(), 0),
        };
        let mut id = 0;
        ok(&format!("JetAddColumn({})", col.name), JetAddColumnA(s, tableid, ptr(&n), &def, pv, cb, &mut id));
        col.id = id;
    }
    for ix in t.indexes {
        let n = cstr(ix.name);
        ok(
            &format!("JetCreateIndex({})", ix.name),
            JetCreateIndexA(s, tableid, ptr(&n), ix.grbit, ix.key.as_ptr() as *const _, ix.key.len() as u32, 100),
        );
    }
    ok("JetCloseTable", JetCloseTable(s, tableid));
}

fn insert_rows(s: JET_SESID, dbid: JET_DBID, t: &Table) {
    let name = cstr(t.name);
    let mut tableid: JET_TABLEID = 0;
    ok("JetOpenTable", JetOpenTableA(s, dbid, ptr(&name), std::ptr::null(), 0, 0, &mut tableid));
    for (i, row) in t.rows.iter().enumerate() {
        if i % 50 == 0 {
            ok("JetBeginTransaction", JetBeginTransaction(s));
        }
        ok("JetPrepareUpdate", JetPrepareUpdate(s, tableid, JET_prepInsert));
        for (c, cell) in row.iter().enumerate() {
            let col = &t.cols[c];
            let what = || format!("JetSetColumn({}, row {i})", col.name);
            match cell {
                Cell::Unset => {}
                Cell::Null => ok(&what(), JetSetColumn(s, tableid, col.id, std::ptr::null(), 0, 0, std::ptr::null_mut())),
                Cell::Values(vals) => {
                    for v in vals {
                        let grbit = if v.is_empty() { JET_bitSetZeroLength } else { 0 };
                        // itagSequence 0 adds a value at the end of a multi-valued column
                        let mut info = JET_SETINFO { cbStruct: std::mem::size_of::<JET_SETINFO>() as u32, ibLongValue: 0, itagSequence: 0 };
                        let pinfo = if col.multi() { &mut info as *mut JET_SETINFO } else { std::ptr::null_mut() };
                        ok(&what(), JetSetColumn(s, tableid, col.id, v.as_ptr() as *const c_void, v.len() as u32, grbit, pinfo));
                    }
                }
            }
        }
        ok(&format!("JetUpdate(row {i})"), JetUpdate(s, tableid, std::ptr::null_mut(), 0, std::ptr::null_mut()));
        if i % 50 == 49 || i + 1 == t.rows.len() {
            ok("JetCommitTransaction", JetCommitTransaction(s, JET_bitCommitLazyFlush));
        }
    }
    ok("JetCloseTable", JetCloseTable(s, tableid));
}

fn write_database(dir: &Path, db: &Path, page_size: u32, tables: &mut [Table]) {
    // the whole write set of a transaction is held until its commit
    // (docs/architecture.md): 50 rows with long values need more than the
    // default version-store budget
    let inst = start_instance(&format!("readers-w{page_size}"), dir, page_size, &[(JET_paramMaxVerPages, 16384)]);
    let s = begin_session(inst.id);
    let p = cpath(db);
    let mut dbid: JET_DBID = 0;
    ok("JetCreateDatabase", JetCreateDatabaseA(s, ptr(&p), std::ptr::null(), &mut dbid, 0));
    for t in tables.iter_mut() {
        ok("JetBeginTransaction", JetBeginTransaction(s));
        create_table(s, dbid, t);
        ok("JetCommitTransaction", JetCommitTransaction(s, 0));
    }
    for t in tables.iter() {
        insert_rows(s, dbid, t);
    }
    ok("JetCloseDatabase", JetCloseDatabase(s, dbid, 0));
    ok("JetDetachDatabase", JetDetachDatabaseA(s, ptr(&p)));
    ok("JetEndSession", JetEndSession(s, 0));
    inst.term();
}

// ---------------------------------------------------------------------------
// Reading back through our own API

fn retrieve(s: JET_SESID, tableid: JET_TABLEID, columnid: u32, itag: u32) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; 256];
    loop {
        let mut actual = 0u32;
        let mut info = JET_RETINFO { cbStruct: std::mem::size_of::<JET_RETINFO>() as u32, ibLongValue: 0, itagSequence: itag, columnidNextTagged: 0 };
        let e = JetRetrieveColumn(s, tableid, columnid, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut actual, 0, &mut info);
        match e {
            JET_wrnColumnNull => return None,
            JET_wrnBufferTruncated => buf.resize(actual as usize, 0),
            JET_errSuccess => {
                buf.truncate(actual as usize);
                return Some(buf);
            }
            e => panic!("JetRetrieveColumn(column {columnid}, itag {itag}) returned {e}"),
        }
    }
}

/// Walk one index of a table; returns the canonical JSON of each record (in
/// the index's order) and the number of entries.
fn walk(s: JET_SESID, tableid: JET_TABLEID, t: &Table, index: Option<&str>) -> Vec<Vec<String>> {
    if let Some(ix) = index {
        let n = cstr(ix);
        ok("JetSetCurrentIndex", JetSetCurrentIndexA(s, tableid, ptr(&n)));
    }
    let mut out = Vec::new();
    let mut e = JetMove(s, tableid, JET_MoveFirst as i32, 0);
    while e == JET_errSuccess {
        let mut rec = Vec::new();
        for col in &t.cols {
            let v = if col.multi() {
                let mut vals = Vec::new();
                while let Some(v) = retrieve(s, tableid, col.id, vals.len() as u32 + 1) {
                    vals.push(v);
                }
                (!vals.is_empty()).then_some(vals)
            } else {
                retrieve(s, tableid, col.id, 1).map(|v| vec![v])
            };
            rec.push(canon_cell(col, &v));
        }
        out.push(rec);
        e = JetMove(s, tableid, JET_MoveNext as i32, 0);
    }
    assert_eq!(e, JET_errNoCurrentRecord, "JetMove on {} returned {e}", t.name);
    out
}

fn read_back(dir: &Path, db: &Path, page_size: u32, tables: &[Table]) {
    let inst = start_instance(&format!("readers-r{page_size}"), dir, page_size, &[]);
    let s = begin_session(inst.id);
    let p = cpath(db);
    let mut dbid: JET_DBID = 0;
    ok("JetAttachDatabase", JetAttachDatabaseA(s, ptr(&p), JET_bitDbReadOnly));
    ok("JetOpenDatabase", JetOpenDatabaseA(s, ptr(&p), std::ptr::null(), &mut dbid, JET_bitDbReadOnly));
    for t in tables {
        let name = cstr(t.name);
        let mut tableid: JET_TABLEID = 0;
        ok("JetOpenTable", JetOpenTableA(s, dbid, ptr(&name), std::ptr::null(), 0, JET_bitTableReadOnly, &mut tableid));
        let got = walk(s, tableid, t, None);
        let want: Vec<Vec<String>> = t
            .ordered_rows()
            .iter()
            .map(|row| t.cols.iter().enumerate().map(|(c, col)| canon_cell(col, &t.expected(c, &row[c]))).collect())
            .collect();
        assert_eq!(got.len(), want.len(), "{}: record count read back through the API", t.name);
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            for (c, col) in t.cols.iter().enumerate() {
                assert_eq!(g[c], w[c], "{} page {page_size}: record {i} column {} read back through the API", t.name, col.name);
            }
        }
        // every secondary index holds an entry per record (per distinct
        // value of the multi-valued column, NULLs left out)
        for ix in t.indexes.iter().filter(|i| i.grbit & JET_bitIndexPrimary == 0) {
            let got = walk(s, tableid, t, Some(ix.name)).len();
            let want: usize = if ix.grbit & JET_bitIndexIgnoreAnyNull != 0 {
                let c = t.cols.iter().position(|c| ix.key_list[0][1..] == *c.name).unwrap();
                t.rows.iter().map(|r| t.expected(c, &r[c]).map_or(0, |v| v.len())).sum()
            } else {
                t.rows.len()
            };
            assert_eq!(got, want, "{} page {page_size}: entries of index {}", t.name, ix.name);
        }
        ok("JetCloseTable", JetCloseTable(s, tableid));
    }
    ok("JetCloseDatabase", JetCloseDatabase(s, dbid, 0));
    ok("JetDetachDatabase", JetDetachDatabaseA(s, ptr(&p)));
    ok("JetEndSession", JetEndSession(s, 0));
    inst.term();
}

// ---------------------------------------------------------------------------
// The trees of the file

/// Every tree of the file checks out (order, separators, levels, sibling
/// links on the leaf level and none above, flags); returns the deepest data
/// tree's depth and the number of trees.
fn check_trees(db: &Path) -> (usize, usize) {
    use esent::btree::{Store, StoreOptions, check_tree};
    use esent::format::page::PageView;
    let store = Store::open(&esent::os::LocalFs, db, StoreOptions { read_only: true, ..Default::default() }).expect("open the file");
    let mut deepest = 0;
    let mut trees = 0;
    for pgno in 1..=store.pages_in_file().unwrap() {
        let g = match store.read_page(pgno) {
            Ok(g) => g,
            // never written (the file grows by whole extents)
            Err(esent::error::JetError::PageNotInitialized) => continue,
            Err(e) => panic!("page {pgno}: {e:?}"),
        };
        let v = PageView::new(&g).unwrap_or_else(|e| panic!("page {pgno}: {e:?}"));
        if v.flags() == 0 || !v.is_root() || v.is_space_tree() {
            continue;
        }
        let tree = store.open_tree(pgno).unwrap_or_else(|e| panic!("tree at {pgno}: {e:?}"));
        let stats = check_tree(&store, &tree).unwrap_or_else(|e| panic!("{}: {e}", db.display()));
        deepest = deepest.max(stats.depth);
        trees += 1;
    }
    (deepest, trees)
}

// ---------------------------------------------------------------------------
// The independent readers

fn readers_py() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tools/dump/readers.py")
}

/// Fail at once, saying how to fix it, when a reader is missing.
fn require_readers() {
    let out = Command::new("python3")
        .arg(readers_py())
        .arg("--check-installed")
        .env("ESENT_SHARED", shared_dir())
        .output()
        .expect("python3 must be installed to run tools/dump/readers.py");
    assert!(
        out.status.success(),
        "the independent readers are not installed: run tools/dump/install-readers.sh (.ci/run does it before \
         cargo test)\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn check_page_size(page_size: u32, rows: usize) {
    require_readers();
    let dir = scratch(&format!("readers-{page_size}"));
    let db = dir.join(format!("alltypes-{page_size}.edb"));
    let (mut tables, big) = make_tables(page_size as usize, rows);
    {
        let _g = serial();
        write_database(&dir, &db, page_size, &mut tables);
        read_back(&dir, &db, page_size, &tables);
    }
    // the logs and checkpoint served their purpose (the file is clean): keep only the database
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".log") || name.ends_with(".jrs") || name.ends_with(".chk") || name == "tmp.edb" {
            let _ = std::fs::remove_file(e.path());
        }
    }
    assert!(big >= 10, "the data holds only {big} long values larger than a page");
    let (depth, trees) = check_trees(&db);
    assert!(depth >= 2, "page size {page_size}: the deepest tree has {depth} level(s): not enough rows");
    let hdr = std::fs::read(&db).unwrap();
    assert_eq!(u32::from_le_bytes(hdr[236..240].try_into().unwrap()), page_size, "page size in the header");
    // a clean shutdown: the header's state is JET_dbstateCleanShutdown (3)
    assert_eq!(u32::from_le_bytes(hdr[52..56].try_into().unwrap()), 3, "database state after JetTerm");

    let dump = dir.join("expected.json");
    std::fs::write(&dump, expected_dump(&tables)).unwrap();
    let report = run_readers(&db, &dump);
    println!("page size {page_size}: {rows} rows, {big} long values larger than a page, {trees} trees, deepest {depth} levels\n{report}");
    std::fs::write(dir.join("readers-report.txt"), &report).unwrap();
}

#[test]
fn readers_agree_4k() {
    check_page_size(4096, 1000);
}

#[test]
fn readers_agree_8k() {
    check_page_size(8192, 1000);
}

#[test]
fn readers_agree_16k() {
    check_page_size(16384, 1000);
}

#[test]
fn readers_agree_32k() {
    check_page_size(32768, 1000);
}

/// The canonical spelling this test writes is what the samples' expected
/// dumps use (the encoder cannot fail silently in a way both sides share).
#[test]
fn canonical_values_match_the_samples() {
    assert_eq!(canon(JET_coltypGUID, 0, &[0x0D, 0xD0, 0x01, 0xC0, 0xAD, 0xDE, 0xEF, 0xBE, 0xFA, 0xCE, 0xFE, 0xED, 0xDE, 0xAD, 0xBE, 0xEF]), "\"c001d00d-dead-beef-face-feeddeadbeef\"");
    assert_eq!(canon(JET_coltypText, 1200, &utf16("a\u{1F98A}")), "\"a\\ud83e\\udd8a\"");
    assert_eq!(canon(JET_coltypText, 1252, &[0x80, 0x81, b'"', 0xE9]), "\"\\u20ac\\u0081\\\"\\u00e9\"");
    assert_eq!(canon(JET_coltypText, 1200, &[0x41, 0, 0x20]), "{\"raw_hex\": \"410020\"}");
    assert_eq!(canon(JET_coltypIEEESingle, 0, &0.1f32.to_le_bytes()), "\"0.10000000149011612\"");
    assert_eq!(canon(JET_coltypCurrency, 0, &(-5i64).to_le_bytes()), "-5");
    assert_eq!(canon(JET_coltypBit, 0, &[0xFF]), "true");
    let col = Col::new("x", JET_coltypText, F).cp(1200).max(5);
    assert_eq!(col.stored(&utf16("a")), vec![0x61, 0, 0x20, 0, 0x20]);
}
