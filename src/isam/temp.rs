//! Temporary tables (ESE's sorts and temp tables, sortapi.cxx): JetOpenTempTable
//! and friends, and the list tables the info calls return.
//!
//! Every temporary table is a real table of the temporary database (dbid 0):
//! its catalog rows go into that database's MSysObjects, its records into a
//! B-tree whose primary index is made of the JET_bitColumnTTKey columns (no
//! key columns: insertion order), so the ordinary cursor code moves, seeks,
//! retrieves and updates on it. Its changes are never logged and never part
//! of a transaction: `apply_now` writes them at once, and a rollback leaves
//! them. The table is deleted when its last cursor goes (`TempTable`'s Drop).
//!
//! ESE's phases are kept: a sort is filled first (duplicate keys are then
//! dropped silently), and becomes read-only (or, with JET_bitTTUpdatable, a
//! full table) at its first move or seek; a table materialized at once (no
//! key, long values, JET_bitTTForceMaterialization) is a full table from the
//! start, where a duplicate key is JET_errKeyDuplicate.
//!
//! Owns: the column and index layout of a temporary table (ErrSORTTableOpen's
//! rules), its phase, its cleanup.
//! Must never: log, stage into a transaction's write set, or outlive its
//! last cursor.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use parking_lot::Mutex;

use crate::abi::*;
use crate::btree::{Batch, Tree};
use crate::catalog::defs::{ColumnClass, Coltyp};
use crate::catalog::ddl::{self, TableCreate, TreeParent, TreeRequest};
use crate::catalog::{CatalogContext, CatalogOp, CatalogTable, ColumnCreate, IndexCreate, UnicodeIndex};
use crate::error::{JetError, JetResult};
use crate::version::{EntryKey, TreeId, WriteOp};

use super::database::Database;
use super::engine::{Engine, TEMP_DBID};
use super::session::Session;
use super::table::{Position, TableCursor};

/// One column of a temporary table, as JET_COLUMNDEF gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TempColumn {
    pub coltyp: u32,
    pub cb_max: u32,
    pub cp: u16,
    /// JET_bitColumnFixed / Tagged / TTKey / TTDescending (other bits are ignored, as ESE does).
    pub grbit: u32,
}

/// What JetOpenTempTable* and JetOpenTemporaryTable* ask for.
#[derive(Clone, Debug, Default)]
pub struct TempTableSpec {
    pub columns: Vec<TempColumn>,
    /// JET_bitTT*.
    pub grbit: u32,
    /// The key's locale and LCMapString flags (None: the instance's defaults).
    pub unicode: Option<UnicodeIndex>,
    /// 0: JET_cbKeyMostMin.
    pub cb_key_most: u32,
    /// 0: cbKeyMost.
    pub cb_var_seg_mac: u32,
}

/// Where a temporary table is in ESE's life of a sort.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Being filled: inserts only; a duplicate key is dropped silently.
    Insert,
    /// Filled and sorted (ESE's sort in retrieval mode): read-only.
    Sorted,
    /// A materialized temp table: every table operation.
    Table,
}

/// An operation a caller wants to make on a cursor, for `TableCursor::tt_allow`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TtOp {
    /// JetMove forward (or MoveFirst / MoveLast).
    MoveForward,
    /// JetMove backward.
    MoveBackward,
    Seek,
    SetIndexRange,
    Retrieve,
    PrepareInsert,
    PrepareReplace,
    SetColumn,
    Delete,
    Bookmark,
    /// JetGetTableColumnInfo, JetGetTableIndexInfo, JetGetCurrentIndex, DDL.
    Schema,
    /// JetGetTableInfo(JET_TblInfo).
    TableInfo,
    CursorInfo,
}

/// Temporary tables open per temporary database (JET_paramMaxTemporaryTables).
static OPEN: Mutex<Option<HashMap<usize, u32>>> = Mutex::new(None);
/// Names of materialized temp tables (ESE's "TEMP%lu").
static NAME_SEQ: AtomicU64 = AtomicU64::new(0);

/// A temporary table, shared by its cursors; deleted with the last of them.
pub struct TempTable {
    /// JET_bitTT* as opened.
    pub grbit: u32,
    phase: Mutex<Phase>,
    /// Duplicate keys are dropped while filling (all but forward-only sorts
    /// without JET_bitTTUnique, which keep them in insertion order).
    pub remove_duplicates: bool,
    /// The hidden column that keeps duplicate keys apart (forward-only sorts).
    pub sequence_column: Option<u32>,
    sequence: AtomicU32,
    /// Records inserted (JET_TblInfo's cRecord of a sort).
    pub inserted: AtomicU64,
    /// The column ids the caller sees, in JET_COLUMNDEF order.
    pub columnids: Vec<u32>,
    db: Arc<Database>,
    table: Mutex<Arc<CatalogTable>>,
}

impl std::fmt::Debug for TempTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TempTable").field("grbit", &self.grbit).field("phase", &*self.phase.lock()).finish()
    }
}

impl TempTable {
    pub fn phase(&self) -> Phase {
        *self.phase.lock()
    }

    fn set_phase(&self, p: Phase) {
        *self.phase.lock() = p;
    }

    /// The table definition (its catalog entry in the temporary database).
    pub fn catalog(&self) -> Arc<CatalogTable> {
        self.table.lock().clone()
    }

    /// The next value of the hidden sequence column.
    pub fn next_sequence(&self) -> u32 {
        self.sequence.fetch_add(1, Ordering::Relaxed)
    }
}

impl Drop for TempTable {
    fn drop(&mut self) {
        // best effort: a failure only leaks space in a database rebuilt at every JetInit
        let table = self.table.lock().clone();
        let _ = delete_temp_table(&self.db, &table);
        let key = Arc::as_ptr(&self.db) as usize;
        let mut open = OPEN.lock();
        if let Some(n) = open.as_mut().and_then(|m| m.get_mut(&key)) {
            *n = n.saturating_sub(1);
        }
    }
}

/// The catalog context of the temporary database.
fn context(db: &Database) -> JetResult<CatalogContext> {
    let mut ctx = CatalogContext::new(db.page_size as u32, &db.catalog_trees()?);
    // temp tables are named by the engine, never by a caller
    ctx.allow_system = false;
    Ok(ctx)
}

/// Applies catalog operations to the temporary database at once (unlogged).
fn apply_catalog(db: &Database, ops: &[CatalogOp]) -> JetResult<()> {
    let trees = db.catalog_trees()?;
    let mut store = db.store.write();
    let r = crate::catalog::apply_to_store(&mut store, &trees, ops);
    store.take_dirtied();
    r
}

/// A structural change of the temporary database, applied at once.
fn temp_change<T>(db: &Database, f: impl FnOnce(&mut Batch<'_>) -> JetResult<T>) -> JetResult<T> {
    let mut store = db.store.write();
    let out = {
        let mut b = store.batch()?;
        let out = f(&mut b)?;
        b.commit()?;
        out
    };
    store.take_dirtied();
    Ok(out)
}

fn delete_temp_table(db: &Database, table: &CatalogTable) -> JetResult<()> {
    let ctx = context(db)?;
    let r = ddl::delete_table(&ctx, table)?;
    apply_catalog(db, &r.ops)?;
    let root = db.store.read().open_tree(table.def.pgno_fdp)?;
    temp_change(db, |b| b.delete_tree(&root))
}

/// Writes one entry of a temporary table's tree at once (what a transaction
/// would stage): temporary tables are neither logged nor transactional.
pub fn apply_now(engine: &Engine, tree: TreeId, handle: Tree, key: &EntryKey, op: &WriteOp) -> JetResult<()> {
    debug_assert_eq!(tree.0, TEMP_DBID);
    let db = engine.temp_database()?;
    // temporary tables have no escrow columns; a delta still applies to the current data
    let folded;
    let op = match op {
        WriteOp::Delta(_) => {
            let current = {
                let store = db.store.read();
                let mut c = crate::btree::Cursor::new(handle);
                match c.seek(&store, &key.key, None, crate::btree::SeekMode::Eq) {
                    Ok(_) => c.data().map(|d| d.to_vec()),
                    Err(JetError::RecordNotFound) => None,
                    Err(e) => return Err(e),
                }
            };
            folded = match op.apply(current) {
                Some(d) => WriteOp::Put(d),
                None => return Ok(()),
            };
            &folded
        }
        op => op,
    };
    temp_change(&db, |b| match op {
        WriteOp::Put(data) => {
            if handle.unique {
                match b.insert(&handle, &key.key, data) {
                    Err(JetError::KeyDuplicate) => b.replace(&handle, &key.key, data),
                    r => r,
                }
            } else {
                match b.insert(&handle, &key.key, &key.dup) {
                    Err(JetError::KeyDuplicate) => Ok(()),
                    r => r,
                }
            }
        }
        WriteOp::Delete => {
            let data = if handle.unique { None } else { Some(key.dup.as_slice()) };
            match b.delete(&handle, &key.key, data) {
                Err(JetError::RecordNotFound) => Ok(()),
                r => r,
            }
        }
        // folded into a Put above
        WriteOp::Delta(_) => Err(JetError::InternalError),
    })
}

/// Whether a tree belongs to the temporary database (its writes go through `apply_now`).
pub fn is_temp_tree(tree: TreeId) -> bool {
    tree.0 == TEMP_DBID
}

/// The column layout ESE gives a sort's columns (ErrSORTTableOpen): tagged for
/// JET_bitColumnTagged or a long value, fixed for a fixed-size type or
/// JET_bitColumnFixed, else variable.
fn column_class(c: &TempColumn) -> ColumnClass {
    let long = matches!(Coltyp::from_u32(c.coltyp), Some(Coltyp::LongBinary | Coltyp::LongText));
    let fixed_size = Coltyp::from_u32(c.coltyp).and_then(|t| t.fixed_size()).is_some();
    if c.grbit & JET_bitColumnTagged != 0 || long {
        ColumnClass::Tagged
    } else if fixed_size || c.grbit & JET_bitColumnFixed != 0 {
        ColumnClass::Fixed
    } else {
        ColumnClass::Variable
    }
}

fn check_spec(spec: &TempTableSpec, page_size: u32) -> JetResult<()> {
    let g = spec.grbit;
    if g & JET_bitTTForwardOnly != 0 && g & (JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable | JET_bitTTForceMaterialization) != 0 {
        return Err(JetError::CannotMaterializeForwardOnlySort);
    }
    let (km, vsm) = (spec.cb_key_most, spec.cb_var_seg_mac);
    if km != 0 && km < JET_cbKeyMostMin || km > crate::catalog::validate::key_most_for_page(page_size) {
        return Err(JetError::InvalidParameter);
    }
    if km != 0 && vsm > km || km == 0 && vsm > JET_cbKeyMostMin {
        return Err(JetError::InvalidParameter);
    }
    for c in &spec.columns {
        match Coltyp::from_u32(c.coltyp) {
            Some(Coltyp::SLV) | None => return Err(JetError::InvalidColumnType),
            Some(t) if t.is_text() && !matches!(c.cp, 0 | 1252 | 1200) => return Err(JetError::InvalidCodePage),
            _ => {}
        }
    }
    Ok(())
}

impl Session {
    /// JetOpenTempTable(2,3) / JetOpenTemporaryTable(2): a cursor on a new
    /// temporary table, and the column ids of its columns.
    pub fn open_temp_table(&self, spec: &TempTableSpec) -> JetResult<(TableCursor, Vec<u32>)> {
        let inst = self.instance();
        let max = inst.param_int(JET_paramMaxTemporaryTables);
        if max == 0 {
            return Err(JetError::TooManySorts);
        }
        let engine = inst.engine()?;
        let db = engine.temp_database()?;
        check_spec(spec, db.page_size as u32)?;
        let key = Arc::as_ptr(&db) as usize;
        {
            let mut open = OPEN.lock();
            let n = open.get_or_insert_with(HashMap::new).entry(key).or_insert(0);
            if *n as u64 >= max {
                return Err(JetError::TooManySorts);
            }
            *n += 1;
        }
        let r = create_temp_table(&db, spec);
        match r {
            Ok(t) => {
                let ids = t.columnids.clone();
                let t = Arc::new(t);
                let mut c = ddl_cursor(&db, t.catalog())?;
                c.pos = Position::BeforeFirst;
                c.temp = Some(t);
                Ok((c, ids))
            }
            Err(e) => {
                if let Some(n) = OPEN.lock().as_mut().and_then(|m| m.get_mut(&key)) {
                    *n = n.saturating_sub(1);
                }
                Err(e)
            }
        }
    }
}

fn ddl_cursor(db: &Arc<Database>, table: Arc<CatalogTable>) -> JetResult<TableCursor> {
    super::ddl::cursor_on(db, table, 0)
}

/// Creates the table of a temporary table in the temporary database.
fn create_temp_table(db: &Arc<Database>, spec: &TempTableSpec) -> JetResult<TempTable> {
    let g = spec.grbit;
    let keys: Vec<usize> =
        spec.columns.iter().enumerate().filter(|(_, c)| c.grbit & JET_bitColumnTTKey != 0).map(|(i, _)| i).take(JET_ccolKeyMost as usize).collect();
    let indexed = !keys.is_empty();
    let long_values = spec.columns.iter().any(|c| matches!(Coltyp::from_u32(c.coltyp), Some(Coltyp::LongBinary | Coltyp::LongText)));
    let materialize = !indexed || (long_values && g & JET_bitTTIntrinsicLVsOnly == 0) || g & JET_bitTTForceMaterialization != 0;
    if materialize && g & JET_bitTTForwardOnly != 0 {
        return Err(JetError::CannotMaterializeForwardOnlySort);
    }
    let remove_duplicates = !(g & JET_bitTTForwardOnly != 0 && g & JET_bitTTUnique == 0);
    // a forward-only sort that keeps duplicates orders them by a hidden counter
    let keep_duplicates = indexed && !remove_duplicates && keys.len() < JET_ccolKeyMost as usize;

    let mut columns: Vec<ColumnCreate> = spec
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| ColumnCreate {
            name: format!("c{i}"),
            coltyp: c.coltyp,
            cb_max: c.cb_max,
            grbit: match column_class(c) {
                ColumnClass::Tagged => JET_bitColumnTagged,
                ColumnClass::Fixed => JET_bitColumnFixed,
                ColumnClass::Variable => 0,
            },
            cp: if c.cp == 0 { 1252 } else { c.cp },
            default: None,
            user_defined_default: None,
        })
        .collect();
    if keep_duplicates {
        columns.push(ColumnCreate { name: "seq".into(), coltyp: JET_coltypLong, grbit: JET_bitColumnTagged, ..Default::default() });
    }
    let mut indexes = Vec::new();
    if indexed {
        let mut key = Vec::new();
        for &i in &keys {
            key.push(if spec.columns[i].grbit & JET_bitColumnTTDescending != 0 { b'-' } else { b'+' });
            key.extend_from_slice(format!("c{i}").as_bytes());
            key.push(0);
        }
        if keep_duplicates {
            key.extend_from_slice(b"+seq\0");
        }
        key.push(0);
        let cb_key_most = if spec.cb_key_most != 0 { spec.cb_key_most } else { JET_cbKeyMostMin };
        let mut grbit = JET_bitIndexPrimary;
        if g & JET_bitTTSortNullsHigh != 0 {
            grbit |= JET_bitIndexSortNullsHigh;
        }
        if g & JET_bitTTDotNetGuid != 0 {
            grbit |= JET_bitIndexDotNetGuid;
        }
        if cb_key_most > JET_cbKeyMostMin {
            grbit |= JET_bitIndexKeyMost;
        }
        if spec.unicode.is_some() {
            grbit |= JET_bitIndexUnicode;
        }
        indexes.push(IndexCreate {
            name: "TTKey".into(),
            key,
            grbit,
            density: 100,
            unicode: spec.unicode.clone(),
            cb_var_seg_mac: spec.cb_var_seg_mac,
            cb_key_most,
            ..Default::default()
        });
    }
    let n = NAME_SEQ.fetch_add(1, Ordering::Relaxed);
    let tc = TableCreate { name: format!("TEMP{n}"), pages: 16, density: 100, columns, indexes, ..Default::default() };
    let ctx = context(db)?;
    let plan = ddl::plan_create_table(&ctx, &tc, None)?;
    let created: Vec<Tree> = temp_change(db, |b| {
        let mut out: Vec<Tree> = Vec::new();
        for r in plan.trees() {
            let parent = match r.parent {
                TreeParent::SystemRoot => crate::format::fixed::PGNO_SYSTEM_ROOT,
                TreeParent::Table => out.first().map(|t| t.root).ok_or(JetError::InvalidParameter)?,
                TreeParent::Page(p) => p,
            };
            out.push(b.create_tree(parent, r.cpg, r.kind, r.unique, false)?);
        }
        Ok(out)
    })?;
    let ids: Vec<(u32, u32)> = created.iter().map(|t| (t.objid, t.root)).collect();
    let mut result = match plan.finish(&ctx, &ids) {
        Ok(r) => r,
        Err(e) => {
            let root = created[0];
            let _ = temp_change(db, |b| b.delete_tree(&root));
            return Err(e);
        }
    };
    let mut table = result.table.take().ok_or(JetError::InternalError)?;
    let all_ids = result.columnids.clone();
    let undo = |table: &CatalogTable| {
        let root = created[0];
        let _ = temp_change(db, |b| b.delete_tree(&root));
        let _ = table;
    };
    if let Err(e) = apply_catalog(db, &result.ops) {
        undo(&table);
        return Err(e);
    }
    if long_values {
        // the LV tree from the start: temp tables never stage catalog rows later
        let req: TreeRequest = ddl::lv_tree_request(&table);
        let lv = temp_change(db, |b| {
            let parent = match req.parent {
                TreeParent::Page(p) => p,
                _ => table.def.pgno_fdp,
            };
            b.create_tree(parent, req.cpg, req.kind, req.unique, false)
        });
        let step = lv.and_then(|lv| {
            let r = ddl::add_lv_tree(&ctx, &table, lv.objid, lv.root)?;
            apply_catalog(db, &r.ops)?;
            r.table.ok_or(JetError::InternalError)
        });
        match step {
            Ok(t) => table = t,
            Err(e) => {
                let _ = delete_temp_table(db, &table);
                return Err(e);
            }
        }
    }
    let user_count = spec.columns.len();
    let sequence_column = if keep_duplicates { all_ids.get(user_count).copied() } else { None };
    Ok(TempTable {
        grbit: g,
        phase: Mutex::new(if materialize { Phase::Table } else { Phase::Insert }),
        remove_duplicates,
        sequence_column,
        sequence: AtomicU32::new(1),
        inserted: AtomicU64::new(0),
        columnids: all_ids[..user_count].to_vec(),
        db: db.clone(),
        table: Mutex::new(Arc::new(table)),
    })
}

/// The rules of a cursor on a temporary table (ESE's dispatch tables of a
/// sort being filled, a sort being read, and a temp table).
impl TableCursor {
    /// The phase of a temporary table, ending the filling once the cursor
    /// has moved (ESE ends it at the first JetMove or JetSeek). None for a
    /// table that is not temporary.
    pub fn tt_phase(&self) -> Option<Phase> {
        let t = self.temp.as_ref()?;
        let p = t.phase();
        if p == Phase::Insert && self.pos != Position::BeforeFirst {
            let next = if t.grbit & JET_bitTTUpdatable != 0 { Phase::Table } else { Phase::Sorted };
            t.set_phase(next);
            return Some(next);
        }
        Some(p)
    }

    /// Ends the filling of a sort (the first JetMove or JetSeek does).
    pub fn tt_end_insert(&self) {
        if let Some(t) = &self.temp
            && t.phase() == Phase::Insert
        {
            t.set_phase(if t.grbit & JET_bitTTUpdatable != 0 { Phase::Table } else { Phase::Sorted });
        }
    }

    /// Whether `op` is allowed on this cursor now (always, on a table that is
    /// not temporary); JET_errIllegalOperation where ESE's sort has no such call.
    pub fn tt_allow(&self, op: TtOp) -> JetResult<()> {
        let Some(t) = &self.temp else { return Ok(()) };
        if matches!(op, TtOp::MoveForward | TtOp::MoveBackward | TtOp::Seek) {
            // the first move or seek ends the filling, then is checked as a move on the result
            self.tt_end_insert();
        }
        let phase = self.tt_phase().unwrap_or(Phase::Table);
        let scrollable = t.grbit & (JET_bitTTScrollable | JET_bitTTIndexed) != 0;
        let ok = match (phase, op) {
            (_, TtOp::Schema) => false,
            (Phase::Table, _) => true,
            (Phase::Insert, TtOp::PrepareInsert | TtOp::SetColumn) => true,
            (Phase::Insert, _) => false,
            (Phase::Sorted, TtOp::MoveForward | TtOp::Retrieve | TtOp::Bookmark | TtOp::TableInfo) => true,
            (Phase::Sorted, TtOp::MoveBackward | TtOp::Seek | TtOp::SetIndexRange) => scrollable,
            (Phase::Sorted, _) => false,
        };
        if ok { Ok(()) } else { Err(JetError::IllegalOperation) }
    }

    /// Whether an insert of a key already present is dropped silently (a
    /// sort being filled) rather than JET_errKeyDuplicate.
    pub fn tt_drops_duplicates(&self) -> bool {
        self.temp.as_ref().is_some_and(|t| t.remove_duplicates) && self.tt_phase() == Some(Phase::Insert)
    }

    /// The hidden sequence column and its next value, for a forward-only sort
    /// that keeps duplicate keys.
    pub fn tt_sequence(&self) -> Option<(u32, u32)> {
        let t = self.temp.as_ref()?;
        let col = t.sequence_column?;
        Some((col, t.next_sequence()))
    }

    /// Counts a record inserted into a temporary table.
    pub fn tt_count_insert(&self) {
        if let Some(t) = &self.temp {
            t.inserted.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_classes_follow_ese_sort_rules() {
        let c = |coltyp, grbit| TempColumn { coltyp, grbit, ..Default::default() };
        assert_eq!(column_class(&c(JET_coltypLong, 0)), ColumnClass::Fixed);
        assert_eq!(column_class(&c(JET_coltypLong, JET_bitColumnTagged)), ColumnClass::Tagged);
        assert_eq!(column_class(&c(JET_coltypText, 0)), ColumnClass::Variable);
        assert_eq!(column_class(&c(JET_coltypText, JET_bitColumnFixed)), ColumnClass::Fixed);
        assert_eq!(column_class(&c(JET_coltypLongBinary, JET_bitColumnFixed)), ColumnClass::Tagged);
        assert_eq!(column_class(&c(JET_coltypGUID, JET_bitColumnTTKey)), ColumnClass::Fixed);
    }

    #[test]
    fn spec_checks() {
        let mut s = TempTableSpec { grbit: JET_bitTTForwardOnly | JET_bitTTScrollable, ..Default::default() };
        assert_eq!(check_spec(&s, 4096), Err(JetError::CannotMaterializeForwardOnlySort));
        s.grbit = 0;
        s.cb_key_most = 100;
        assert_eq!(check_spec(&s, 4096), Err(JetError::InvalidParameter));
        s.cb_key_most = 2000;
        assert_eq!(check_spec(&s, 4096), Err(JetError::InvalidParameter));
        s.cb_key_most = 0;
        s.cb_var_seg_mac = 256;
        assert_eq!(check_spec(&s, 4096), Err(JetError::InvalidParameter));
        s.cb_var_seg_mac = 0;
        s.columns = vec![TempColumn { coltyp: 99, ..Default::default() }];
        assert_eq!(check_spec(&s, 4096), Err(JetError::InvalidColumnType));
        s.columns = vec![TempColumn { coltyp: JET_coltypText, cp: 437, ..Default::default() }];
        assert_eq!(check_spec(&s, 4096), Err(JetError::InvalidCodePage));
        s.columns[0].cp = 1200;
        assert_eq!(check_spec(&s, 4096), Ok(()));
    }
}
