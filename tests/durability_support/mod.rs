//! Shared by the durability tests (crash, faults, concurrency, log): a thin
//! layer over the exported Jet functions, called as Rust functions (the code
//! under test is the one a C program reaches), a test table with a primary
//! index, two secondary indexes and a long-value column, a model of its rows,
//! and a checker that reads the table and every index back.
#![allow(dead_code)]

pub mod lossy;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{c_char, c_void, CString};
use std::path::{Path, PathBuf};

use esent::abi::*;
use esent::api::database::*;
use esent::api::ddl::*;
use esent::api::instance::*;
use esent::api::navigate::*;
use esent::api::retrieve::*;
use esent::api::session::*;
use esent::api::transaction::*;
use esent::api::update::*;

pub fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// Panic with the call and the error when a Jet call fails.
#[track_caller]
pub fn ok(e: JET_ERR, what: &str) {
    assert!(e >= 0, "{what} failed: {e}");
}

/// A small PRNG (splitmix64): the tests' only source of randomness, seeded.
#[derive(Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A fresh scratch folder under the system temp dir.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("esent-dur-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Instance parameters a test sets before JetInit (besides the folders).
#[derive(Clone, Debug, Default)]
pub struct Params {
    pub ints: Vec<(u32, u64)>,
    pub texts: Vec<(u32, String)>,
}

impl Params {
    pub fn int(mut self, id: u32, v: u64) -> Params {
        self.ints.push((id, v));
        self
    }
    pub fn text(mut self, id: u32, v: &str) -> Params {
        self.texts.push((id, v.to_string()));
        self
    }
}

/// Create an instance whose system, log and temporary files live in `dir`,
/// set `params`, and JetInit it. Returns the instance or JetInit's error (the
/// instance is then already freed, as ESE frees it).
pub fn init_instance(dir: &Path, name: &str, params: &Params) -> Result<JET_INSTANCE, JET_ERR> {
    let mut inst: JET_INSTANCE = 0;
    let n = c(name);
    ok(JetCreateInstanceA(&mut inst, n.as_ptr()), "JetCreateInstance");
    let d = c(&format!("{}/", dir.display()));
    let tmp = c(&format!("{}/tmp.edb", dir.display()));
    ok(JetSetSystemParameterA(&mut inst, 0, JET_paramSystemPath, 0, d.as_ptr()), "SystemPath");
    ok(JetSetSystemParameterA(&mut inst, 0, JET_paramLogFilePath, 0, d.as_ptr()), "LogFilePath");
    ok(JetSetSystemParameterA(&mut inst, 0, JET_paramTempPath, 0, tmp.as_ptr()), "TempPath");
    for (id, v) in &params.ints {
        ok(JetSetSystemParameterA(&mut inst, 0, *id, *v as JET_API_PTR, std::ptr::null()), "JetSetSystemParameter");
    }
    for (id, v) in &params.texts {
        let s = c(v);
        ok(JetSetSystemParameterA(&mut inst, 0, *id, 0, s.as_ptr()), "JetSetSystemParameter");
    }
    let e = JetInit(&mut inst);
    if e < 0 {
        return Err(e);
    }
    Ok(inst)
}

/// A session and the calls the tests make on it.
#[derive(Copy, Clone, Debug)]
pub struct Ses(pub JET_SESID);

impl Ses {
    pub fn begin(inst: JET_INSTANCE) -> Ses {
        let mut s: JET_SESID = 0;
        ok(JetBeginSession(inst, &mut s, std::ptr::null(), std::ptr::null()), "JetBeginSession");
        Ses(s)
    }
    pub fn end(self) {
        ok(JetEndSession(self.0, 0), "JetEndSession");
    }
    pub fn begin_txn(&self) -> JET_ERR {
        JetBeginTransaction(self.0)
    }
    pub fn commit(&self, grbit: JET_GRBIT) -> JET_ERR {
        JetCommitTransaction(self.0, grbit)
    }
    pub fn rollback(&self) -> JET_ERR {
        JetRollback(self.0, 0)
    }
    pub fn create_db(&self, path: &Path) -> Result<JET_DBID, JET_ERR> {
        let p = c(&path.display().to_string());
        let mut dbid: JET_DBID = 0;
        let e = JetCreateDatabaseA(self.0, p.as_ptr(), std::ptr::null(), &mut dbid, 0);
        if e < 0 { Err(e) } else { Ok(dbid) }
    }
    pub fn attach_open(&self, path: &Path) -> Result<JET_DBID, JET_ERR> {
        let p = c(&path.display().to_string());
        let e = JetAttachDatabaseA(self.0, p.as_ptr(), 0);
        if e < 0 && e != JET_wrnDatabaseAttached {
            return Err(e);
        }
        let mut dbid: JET_DBID = 0;
        let e = JetOpenDatabaseA(self.0, p.as_ptr(), std::ptr::null(), &mut dbid, 0);
        if e < 0 { Err(e) } else { Ok(dbid) }
    }
    pub fn open_db(&self, path: &Path) -> Result<JET_DBID, JET_ERR> {
        let p = c(&path.display().to_string());
        let mut dbid: JET_DBID = 0;
        let e = JetOpenDatabaseA(self.0, p.as_ptr(), std::ptr::null(), &mut dbid, 0);
        if e < 0 { Err(e) } else { Ok(dbid) }
    }
    pub fn open_table(&self, dbid: JET_DBID, name: &str) -> Result<JET_TABLEID, JET_ERR> {
        let n = c(name);
        let mut t: JET_TABLEID = 0;
        let e = JetOpenTableA(self.0, dbid, n.as_ptr(), std::ptr::null(), 0, 0, &mut t);
        if e < 0 { Err(e) } else { Ok(t) }
    }
    pub fn close_table(&self, t: JET_TABLEID) {
        ok(JetCloseTable(self.0, t), "JetCloseTable");
    }
    pub fn set_index(&self, t: JET_TABLEID, name: Option<&str>) -> JET_ERR {
        match name {
            Some(n) => {
                let n = c(n);
                JetSetCurrentIndexA(self.0, t, n.as_ptr())
            }
            None => JetSetCurrentIndexA(self.0, t, std::ptr::null()),
        }
    }
    pub fn prepare(&self, t: JET_TABLEID, prep: u32) -> JET_ERR {
        JetPrepareUpdate(self.0, t, prep)
    }
    pub fn set(&self, t: JET_TABLEID, col: JET_COLUMNID, data: &[u8]) -> JET_ERR {
        let grbit = if data.is_empty() { JET_bitSetZeroLength } else { 0 };
        JetSetColumn(self.0, t, col, data.as_ptr() as *const c_void, data.len() as u32, grbit, std::ptr::null_mut())
    }
    pub fn set_null(&self, t: JET_TABLEID, col: JET_COLUMNID) -> JET_ERR {
        JetSetColumn(self.0, t, col, std::ptr::null(), 0, 0, std::ptr::null_mut())
    }
    pub fn update(&self, t: JET_TABLEID) -> JET_ERR {
        JetUpdate(self.0, t, std::ptr::null_mut(), 0, std::ptr::null_mut())
    }
    pub fn delete(&self, t: JET_TABLEID) -> JET_ERR {
        JetDelete(self.0, t)
    }
    pub fn move_to(&self, t: JET_TABLEID, row: u32) -> JET_ERR {
        JetMove(self.0, t, row as i32, 0)
    }
    /// Seek the current index for a record whose first key column equals `key`.
    pub fn seek_eq(&self, t: JET_TABLEID, key: &[u8]) -> JET_ERR {
        let e = JetMakeKey(self.0, t, key.as_ptr() as *const c_void, key.len() as u32, JET_bitNewKey);
        if e < 0 {
            return e;
        }
        JetSeek(self.0, t, JET_bitSeekEQ)
    }
    /// A column of the current record (None: NULL).
    pub fn get(&self, t: JET_TABLEID, col: JET_COLUMNID, grbit: JET_GRBIT) -> Result<Option<Vec<u8>>, JET_ERR> {
        let mut buf = vec![0u8; 256];
        loop {
            let mut actual: u32 = 0;
            let e = JetRetrieveColumn(self.0, t, col, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut actual, grbit, std::ptr::null_mut());
            if e == JET_wrnColumnNull {
                return Ok(None);
            }
            if e == JET_wrnBufferTruncated {
                buf.resize(actual as usize, 0);
                continue;
            }
            if e < 0 {
                return Err(e);
            }
            buf.truncate(actual as usize);
            return Ok(Some(buf));
        }
    }
    /// The normalized key of the current index entry.
    pub fn key(&self, t: JET_TABLEID) -> Result<Vec<u8>, JET_ERR> {
        let mut buf = vec![0u8; 2048];
        let mut actual: u32 = 0;
        let e = JetRetrieveKey(self.0, t, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut actual, 0);
        if e < 0 {
            return Err(e);
        }
        buf.truncate(actual as usize);
        Ok(buf)
    }
}

// ----- the test table ---------------------------------------------------------

pub const TABLE: &str = "rows";

/// Column ids of the test table, found by name after it is opened.
#[derive(Copy, Clone, Debug)]
pub struct Cols {
    /// Long, primary index "pk".
    pub id: JET_COLUMNID,
    /// LongLong: the number of the transaction that last wrote the row.
    pub ver: JET_COLUMNID,
    /// Long, non-unique index "grp".
    pub grp: JET_COLUMNID,
    /// Binary, unique index "tag".
    pub tag: JET_COLUMNID,
    /// LongBinary: sometimes empty, sometimes larger than a page.
    pub payload: JET_COLUMNID,
}

fn coldef(coltyp: u32, grbit: u32) -> JET_COLUMNDEF {
    JET_COLUMNDEF { cbStruct: std::mem::size_of::<JET_COLUMNDEF>() as u32, columnid: 0, coltyp, wCountry: 0, langid: 0, cp: 0, wCollate: 0, cbMax: 0, grbit }
}

/// Create the test table (in its own transaction) and return its column ids.
pub fn create_table(s: Ses, dbid: JET_DBID) -> Cols {
    ok(s.begin_txn(), "begin");
    let name = c(TABLE);
    let mut t: JET_TABLEID = 0;
    ok(JetCreateTableA(s.0, dbid, name.as_ptr(), 16, 80, &mut t), "JetCreateTable");
    let add = |n: &str, def: JET_COLUMNDEF| -> JET_COLUMNID {
        let n = c(n);
        let mut id: JET_COLUMNID = 0;
        ok(JetAddColumnA(s.0, t, n.as_ptr(), &def, std::ptr::null(), 0, &mut id), "JetAddColumn");
        id
    };
    let cols = Cols {
        id: add("id", coldef(JET_coltypLong, JET_bitColumnNotNULL)),
        ver: add("ver", coldef(JET_coltypLongLong, 0)),
        grp: add("grp", coldef(JET_coltypLong, 0)),
        tag: add("tag", coldef(JET_coltypBinary, 0)),
        payload: add("payload", coldef(JET_coltypLongBinary, 0)),
    };
    for (n, grbit, key) in [("pk", JET_bitIndexPrimary, "+id\0\0"), ("grp", 0, "+grp\0\0"), ("tag", JET_bitIndexUnique, "+tag\0\0")] {
        let n = c(n);
        ok(JetCreateIndexA(s.0, t, n.as_ptr(), grbit, key.as_ptr() as *const c_char, key.len() as u32, 90), "JetCreateIndex");
    }
    s.close_table(t);
    ok(s.commit(0), "commit of the DDL");
    Cols { ..cols }
}

/// Keep the column ids beside the database (JetGetTableColumnInfo is not
/// built yet; ids are stable for the life of the table).
pub fn save_columns(db: &Path, cols: &Cols) {
    let text = format!("{} {} {} {} {}", cols.id, cols.ver, cols.grp, cols.tag, cols.payload);
    std::fs::write(db.with_extension("cols"), text).unwrap();
}

/// The column ids `save_columns` kept.
pub fn load_columns(db: &Path) -> Cols {
    let text = std::fs::read_to_string(db.with_extension("cols")).expect("column ids beside the database");
    let v: Vec<JET_COLUMNID> = text.split(' ').map(|x| x.parse().unwrap()).collect();
    Cols { id: v[0], ver: v[1], grp: v[2], tag: v[3], payload: v[4] }
}

/// What a row holds when transaction `ver` last wrote row `id`: every column
/// but `id` and `ver` is a function of both, so a row checks itself.
pub fn grp_of(id: u32, ver: u64) -> i32 {
    ((id as u64 * 31 + ver * 7) % 13) as i32
}

pub fn tag_of(id: u32, ver: u64) -> Vec<u8> {
    format!("t{id:05}-{ver}").into_bytes()
}

/// Payload sizes: empty, small, a bit over a page, several pages.
pub fn payload_of(id: u32, ver: u64) -> Vec<u8> {
    let mut r = Rng(id as u64 * 1_000_003 + ver);
    let len = match r.below(6) {
        0 => 0,
        1 | 2 => 1 + r.below(200) as usize,
        3 | 4 => 4097 + r.below(2000) as usize,
        _ => 9000 + r.below(12000) as usize,
    };
    (0..len).map(|_| r.next() as u8).collect()
}

/// Insert row `id` as transaction `ver` writes it (the cursor is on the primary index).
pub fn insert_row(s: Ses, t: JET_TABLEID, cols: &Cols, id: u32, ver: u64) -> JET_ERR {
    let e = s.prepare(t, JET_prepInsert);
    if e < 0 {
        return e;
    }
    let e = write_columns(s, t, cols, Some(id), ver);
    if e < 0 {
        let _ = s.prepare(t, JET_prepCancel);
        return e;
    }
    s.update(t)
}

fn write_columns(s: Ses, t: JET_TABLEID, cols: &Cols, id: Option<u32>, ver: u64) -> JET_ERR {
    let row = match id {
        Some(id) => {
            let e = s.set(t, cols.id, &(id as i32).to_le_bytes());
            if e < 0 {
                return e;
            }
            id
        }
        None => match s.get(t, cols.id, 0) {
            Ok(Some(b)) => i32::from_le_bytes(b[..4].try_into().unwrap()) as u32,
            Ok(None) => return JET_errInternalError,
            Err(e) => return e,
        },
    };
    let payload = payload_of(row, ver);
    for (col, data) in [(cols.ver, ver.to_le_bytes().to_vec()), (cols.grp, grp_of(row, ver).to_le_bytes().to_vec()), (cols.tag, tag_of(row, ver))] {
        let e = s.set(t, col, &data);
        if e < 0 {
            return e;
        }
    }
    let e = if payload.is_empty() { s.set_null(t, cols.payload) } else { s.set(t, cols.payload, &payload) };
    if e < 0 {
        return e;
    }
    JET_errSuccess
}

/// Seek row `id` on the primary index.
pub fn seek_row(s: Ses, t: JET_TABLEID, id: u32) -> JET_ERR {
    s.seek_eq(t, &(id as i32).to_le_bytes())
}

/// Replace row `id` as transaction `ver` writes it.
pub fn replace_row(s: Ses, t: JET_TABLEID, cols: &Cols, id: u32, ver: u64) -> JET_ERR {
    let e = seek_row(s, t, id);
    if e < 0 {
        return e;
    }
    let e = s.prepare(t, JET_prepReplace);
    if e < 0 {
        return e;
    }
    let e = write_columns(s, t, cols, None, ver);
    if e < 0 {
        let _ = s.prepare(t, JET_prepCancel);
        return e;
    }
    s.update(t)
}

pub fn delete_row(s: Ses, t: JET_TABLEID, id: u32) -> JET_ERR {
    let e = seek_row(s, t, id);
    if e < 0 {
        return e;
    }
    s.delete(t)
}

/// One change of a transaction, as the model applies it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Insert(u32),
    Replace(u32),
    Delete(u32),
    /// DDL: create table `aux<n>` (a column "v", a primary index) holding one
    /// row with v = n. Not part of the row model.
    Aux(u64),
}

impl Op {
    pub fn encode(&self) -> String {
        match self {
            Op::Insert(k) => format!("i{k}"),
            Op::Replace(k) => format!("r{k}"),
            Op::Delete(k) => format!("d{k}"),
            Op::Aux(n) => format!("a{n}"),
        }
    }
    pub fn decode(s: &str) -> Option<Op> {
        if let Some(n) = s.strip_prefix('a') {
            return n.parse().ok().map(Op::Aux);
        }
        let k: u32 = s.get(1..)?.parse().ok()?;
        match s.as_bytes().first()? {
            b'i' => Some(Op::Insert(k)),
            b'r' => Some(Op::Replace(k)),
            b'd' => Some(Op::Delete(k)),
            _ => None,
        }
    }
}

/// The rows of the table: id -> the transaction that last wrote it.
pub type Model = BTreeMap<u32, u64>;

pub fn apply(model: &mut Model, ver: u64, ops: &[Op]) {
    for op in ops {
        match *op {
            Op::Insert(k) | Op::Replace(k) => {
                model.insert(k, ver);
            }
            Op::Delete(k) => {
                model.remove(&k);
            }
            Op::Aux(_) => {}
        }
    }
}

/// Perform one op of transaction `ver` (the caller has a transaction open).
pub fn perform(s: Ses, t: JET_TABLEID, cols: &Cols, ver: u64, op: Op) -> JET_ERR {
    match op {
        Op::Insert(k) => insert_row(s, t, cols, k, ver),
        Op::Replace(k) => replace_row(s, t, cols, k, ver),
        Op::Delete(k) => delete_row(s, t, k),
        Op::Aux(_) => JET_errInvalidParameter,
    }
}

/// DDL inside the caller's transaction: table `aux<n>` with a column "v"
/// (Long, primary index) and one row, v = n.
pub fn create_aux(s: Ses, dbid: JET_DBID, n: u64) -> JET_ERR {
    let name = c(&format!("aux{n}"));
    let mut t: JET_TABLEID = 0;
    let e = JetCreateTableA(s.0, dbid, name.as_ptr(), 1, 80, &mut t);
    if e < 0 {
        return e;
    }
    let r = (|| {
        let v = c("v");
        let mut col: JET_COLUMNID = 0;
        let e = JetAddColumnA(s.0, t, v.as_ptr(), &coldef(JET_coltypLongLong, 0), std::ptr::null(), 0, &mut col);
        if e < 0 {
            return e;
        }
        let key = "+v\0\0";
        let pk = c("pk");
        let e = JetCreateIndexA(s.0, t, pk.as_ptr(), JET_bitIndexPrimary, key.as_ptr() as *const c_char, key.len() as u32, 90);
        if e < 0 {
            return e;
        }
        let e = s.prepare(t, JET_prepInsert);
        if e < 0 {
            return e;
        }
        let e = s.set(t, col, &(n as i64).to_le_bytes());
        if e < 0 {
            return e;
        }
        s.update(t)
    })();
    let _ = JetCloseTable(s.0, t);
    r
}

/// Whether table `aux<n>` exists, and if so that it holds its one row.
pub fn aux_present(s: Ses, dbid: JET_DBID, n: u64) -> Result<bool, String> {
    let t = match s.open_table(dbid, &format!("aux{n}")) {
        Ok(t) => t,
        Err(e) if e == JET_errObjectNotFound => return Ok(false),
        Err(e) => return Err(format!("open aux{n}: {e}")),
    };
    let r = (|| {
        let e = s.move_to(t, JET_MoveFirst);
        if e < 0 {
            return Err(format!("aux{n} has no row: {e}"));
        }
        // the column id of "v": the first fixed column
        let v = s.get(t, 1, 0).map_err(|e| format!("aux{n}: {e}"))?;
        if v != Some((n as i64).to_le_bytes().to_vec()) {
            return Err(format!("aux{n} holds {v:?}"));
        }
        if s.move_to(t, JET_MoveNext) != JET_errNoCurrentRecord {
            return Err(format!("aux{n} has more than one row"));
        }
        Ok(true)
    })();
    s.close_table(t);
    r
}

/// Random ops on `keys` rows, valid against `model` (which they update).
pub fn random_ops(r: &mut Rng, model: &mut Model, keys: u32, n: usize, ver: u64) -> Vec<Op> {
    let mut ops = Vec::new();
    for _ in 0..n {
        let k = r.below(keys as u64) as u32;
        let op = if model.contains_key(&k) {
            if r.chance(60) { Op::Replace(k) } else { Op::Delete(k) }
        } else {
            Op::Insert(k)
        };
        apply(model, ver, &[op]);
        ops.push(op);
    }
    ops
}

/// Read the whole table through the API and check it against itself: every
/// column agrees with (id, ver), and each secondary index holds exactly one
/// entry per row, with the row's key, in key order. Returns the rows.
pub fn read_and_check(s: Ses, dbid: JET_DBID, cols: &Cols) -> Result<Model, String> {
    let t = s.open_table(dbid, TABLE).map_err(|e| format!("JetOpenTable: {e}"))?;
    let r = check_open(s, t, cols);
    s.close_table(t);
    r
}

fn int_col(b: Option<Vec<u8>>, what: &str) -> Result<i64, String> {
    match b {
        Some(v) if v.len() == 4 => Ok(i32::from_le_bytes(v[..].try_into().unwrap()) as i64),
        Some(v) if v.len() == 8 => Ok(i64::from_le_bytes(v[..].try_into().unwrap())),
        other => Err(format!("{what}: unexpected value {other:?}")),
    }
}

fn check_open(s: Ses, t: JET_TABLEID, cols: &Cols) -> Result<Model, String> {
    let mut rows = Model::new();
    let e = s.set_index(t, None);
    if e < 0 {
        return Err(format!("set primary index: {e}"));
    }
    let mut e = s.move_to(t, JET_MoveFirst);
    let mut last_id: Option<i64> = None;
    while e >= 0 {
        let id = int_col(s.get(t, cols.id, 0).map_err(|e| format!("id: {e}"))?, "id")?;
        if last_id.is_some_and(|l| l >= id) {
            return Err(format!("primary index out of order at id {id}"));
        }
        last_id = Some(id);
        let ver = int_col(s.get(t, cols.ver, 0).map_err(|e| format!("ver: {e}"))?, "ver")? as u64;
        let id = id as u32;
        let grp = int_col(s.get(t, cols.grp, 0).map_err(|e| format!("grp: {e}"))?, "grp")?;
        if grp != grp_of(id, ver) as i64 {
            return Err(format!("row {id} ver {ver}: grp {grp}, want {}", grp_of(id, ver)));
        }
        let tag = s.get(t, cols.tag, 0).map_err(|e| format!("tag: {e}"))?;
        if tag.as_deref() != Some(&tag_of(id, ver)[..]) {
            return Err(format!("row {id} ver {ver}: tag {tag:?}"));
        }
        let payload = s.get(t, cols.payload, 0).map_err(|e| format!("payload of {id}: {e}"))?.unwrap_or_default();
        let want = payload_of(id, ver);
        if payload != want {
            return Err(format!("row {id} ver {ver}: payload of {} bytes differs from the {} expected", payload.len(), want.len()));
        }
        rows.insert(id, ver);
        e = s.move_to(t, JET_MoveNext);
    }
    if e != JET_errNoCurrentRecord {
        return Err(format!("walking the primary index: {e}"));
    }
    // each secondary index against the records, and the records against it
    for (index, col) in [("grp", cols.grp), ("tag", cols.tag)] {
        let e = s.set_index(t, Some(index));
        if e < 0 {
            return Err(format!("set index {index}: {e}"));
        }
        let mut seen = BTreeSet::new();
        let mut last_key: Option<Vec<u8>> = None;
        let mut e = s.move_to(t, JET_MoveFirst);
        while e >= 0 {
            let key = s.key(t).map_err(|e| format!("{index}: key: {e}"))?;
            if last_key.as_ref().is_some_and(|l| *l > key || (index == "tag" && *l == key)) {
                return Err(format!("index {index} out of order"));
            }
            last_key = Some(key);
            let id = int_col(s.get(t, cols.id, 0).map_err(|e| format!("{index}: id: {e}"))?, "id")? as u32;
            let Some(ver) = rows.get(&id) else {
                return Err(format!("index {index} has an entry for row {id}, which the table does not hold"));
            };
            let from_index = s.get(t, col, JET_bitRetrieveFromIndex).map_err(|e| format!("{index}: from index: {e}"))?;
            let from_record = s.get(t, col, 0).map_err(|e| format!("{index}: from record: {e}"))?;
            let want = if index == "grp" { grp_of(id, *ver).to_le_bytes().to_vec() } else { tag_of(id, *ver) };
            if from_index.as_deref() != Some(&want[..]) || from_record.as_deref() != Some(&want[..]) {
                return Err(format!("index {index}, row {id} ver {ver}: index says {from_index:?}, record {from_record:?}"));
            }
            if !seen.insert(id) {
                return Err(format!("index {index} holds row {id} twice"));
            }
            e = s.move_to(t, JET_MoveNext);
        }
        if e != JET_errNoCurrentRecord {
            return Err(format!("walking index {index}: {e}"));
        }
        if seen.len() != rows.len() {
            let missing: Vec<_> = rows.keys().filter(|k| !seen.contains(k)).take(5).collect();
            return Err(format!("index {index} has {} entries for {} rows (missing e.g. {missing:?})", seen.len(), rows.len()));
        }
    }
    let e = s.set_index(t, None);
    if e < 0 {
        return Err(format!("back to the primary index: {e}"));
    }
    Ok(rows)
}
