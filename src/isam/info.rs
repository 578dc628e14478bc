//! The schema and info calls (ESE's info.cxx): what JetGetObjectInfo,
//! JetGetTableColumnInfo / JetGetColumnInfo, JetGetTableIndexInfo /
//! JetGetIndexInfo and JetGetTableInfo report, and the list tables they
//! return (temporary tables with exactly ESE's columns, types and key, so
//! their rows come back in ESE's order).
//!
//! Owns: turning catalog definitions (`CatalogTable`) into the values of
//! JET_COLUMNDEF, JET_COLUMNBASE, JET_INDEXLIST rows and friends, statistics
//! from the catalog's Stats column, space figures from the space trees.
//! Must never: write C structures (api/info.rs does) or change a table.

use std::sync::Arc;

use crate::abi::*;
use crate::catalog::defs::{ColumnDef, ColumnFlags, IndexDef, IndexFlags, TableDef};
use crate::catalog::read::CatalogTable;
use crate::catalog::{CatalogRow, TableRef};
use crate::error::{JetError, JetResult};
use crate::record::schema::TEMPLATE_COLUMN;
use crate::version::EntryKey;
use crate::version::view::{From, Source};

use super::database::{Database, TreeSource};
use super::engine::Engine;
use super::session::Session;
use super::table::TableCursor;
use super::temp::{TempColumn, TempTableSpec};
use super::txn::Txn;

/// ESE's countryDefault.
pub const COUNTRY_DEFAULT: u16 = 1;
/// The container every table is in (ESE supports no other).
pub const TABLES_CONTAINER: &str = "Tables";
/// JET_ColInfoGrbitCompacting (internal to ESE's compaction).
pub const COL_INFO_GRBIT_COMPACTING: u32 = 0x1000_0000;
/// The mask of JET_ColInfo* levels (the top nibble holds JET_ColInfoGrbit* bits).
pub const COL_INFO_LEVEL_MASK: u32 = 0x0fff_ffff;

/// A name as the caller's strings carry it: single-byte (A) or UTF-16LE (W).
pub fn name_value(name: &str, unicode: bool) -> Vec<u8> {
    if unicode {
        name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    } else {
        crate::catalog::mso::name_bytes(name).unwrap_or_else(|_| name.as_bytes().to_vec())
    }
}

/// The LANGID of an LCID.
pub fn langid(lcid: u32) -> u16 {
    (lcid & 0xffff) as u16
}

/// Statistics a catalog row carries (JetComputeStats writes them): items, keys, pages.
pub fn row_stats(row: Option<&CatalogRow>) -> (u32, u32, u32) {
    let Some(s) = row.and_then(|r| r.stats.as_ref()) else { return (0, 0, 0) };
    let at = |o: usize| s.get(o..o + 4).map_or(0, |b| u32::from_le_bytes(b.try_into().unwrap()));
    (at(0), at(4), at(8))
}

/// What JET_COLUMNDEF / JET_COLUMNBASE / a JET_COLUMNLIST row say of a column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnInfo {
    pub columnid: u32,
    pub coltyp: u32,
    pub country: u16,
    pub langid: u16,
    pub cp: u16,
    pub collate: u16,
    pub cb_max: u32,
    pub grbit: u32,
    /// The default value's bytes (None: no default).
    pub default: Option<Vec<u8>>,
    pub name: String,
    /// The table the column is reported in (JET_COLUMNBASE.szBaseTableName).
    pub table_name: String,
}

/// Which column a single-column info level asks for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ColumnSel<'a> {
    Name(&'a str),
    Id(u32),
}

fn column_info_of(t: &CatalogTable, c: &ColumnDef, updatable: bool) -> ColumnInfo {
    let mut grbit = crate::catalog::jet::column_grbit(c);
    if updatable {
        grbit |= JET_bitColumnUpdatable;
    }
    let default = if c.flags.contains(ColumnFlags::USER_DEFINED_DEFAULT) {
        Some(user_defined_default(t, c))
    } else {
        c.default.clone().filter(|d| !d.is_empty())
    };
    ColumnInfo {
        columnid: c.columnid,
        coltyp: c.coltyp as u32,
        country: COUNTRY_DEFAULT,
        langid: langid(crate::catalog::locale::DEFAULT_LCID),
        cp: c.cp,
        collate: 0,
        cb_max: c.cb_max,
        grbit,
        default,
        name: c.name.clone(),
        table_name: t.def.name.clone(),
    }
}

/// What ESE reports as the default of a column with a user-defined default:
/// a JET_USERDEFINEDDEFAULT_A followed by the callback name, its data and its
/// dependencies (the pointers inside cannot be used once the list is read,
/// in ESE either; here they are NULL).
fn user_defined_default(t: &CatalogTable, c: &ColumnDef) -> Vec<u8> {
    let cb = t.column_callbacks.iter().find(|cc| cc.columnid & !TEMPLATE_COLUMN == c.columnid & !TEMPLATE_COLUMN);
    let mut out = vec![0u8; std::mem::size_of::<JET_USERDEFINEDDEFAULT_A>()];
    if let Some(cb) = cb {
        let off_len = std::mem::offset_of!(JET_USERDEFINEDDEFAULT_A, cbUserData);
        out[off_len..off_len + 4].copy_from_slice(&(cb.user_data.len() as u32).to_le_bytes());
        out.extend_from_slice(cb.callback.as_bytes());
        out.push(0);
        out.extend_from_slice(&cb.user_data);
        out.extend_from_slice(&cb.dependencies);
    }
    out
}

/// JET_ColInfo / JET_ColInfoByColid / JET_ColInfoBase(ByColid): one column.
pub fn column_info(t: &CatalogTable, sel: ColumnSel<'_>, updatable: bool) -> JetResult<ColumnInfo> {
    let c = match sel {
        ColumnSel::Name("") => return Err(JetError::ColumnNotFound),
        ColumnSel::Name(n) => t.def.column_by_name(n),
        ColumnSel::Id(id) => t.def.column(id),
    };
    let c = c.ok_or(JetError::ColumnNotFound)?;
    Ok(column_info_of(t, c, updatable))
}

/// The columns a JET_ColInfoList reports, in ESE's order of insertion: a
/// derived table's template columns first (unless NonDerivedColumnsOnly or
/// compacting), then its own fixed, variable and tagged columns.
pub fn listed_columns(t: &CatalogTable, grbit: u32) -> Vec<&ColumnDef> {
    let derived = t.is_derived();
    let non_derived_only = grbit & (JET_ColInfoGrbitNonDerivedColumnsOnly | COL_INFO_GRBIT_COMPACTING) != 0;
    let compacting = grbit & COL_INFO_GRBIT_COMPACTING != 0;
    let inherited = |c: &&ColumnDef| derived && c.columnid & TEMPLATE_COLUMN != 0;
    let mut out: Vec<&ColumnDef> = Vec::new();
    if !non_derived_only {
        out.extend(t.def.columns.iter().filter(inherited));
    }
    let mut own: Vec<&ColumnDef> = t.def.columns.iter().filter(|c| !inherited(c)).collect();
    own.sort_by_key(|c| c.columnid & !TEMPLATE_COLUMN);
    out.extend(own.into_iter().filter(|c| !(compacting && c.flags.contains(ColumnFlags::PRIMARY_INDEX_PLACEHOLDER))));
    out
}

/// A list table: the cursor (on its first row), the column ids of its
/// columns (in the order of ESE's column array) and how many rows it has.
pub struct ListTable {
    pub cursor: TableCursor,
    pub columnids: Vec<u32>,
    pub rows: u32,
}

fn tt_col(coltyp: u32, grbit: u32, unicode_text: bool) -> TempColumn {
    TempColumn { coltyp, cb_max: 0, cp: if unicode_text { 1200 } else { 0 }, grbit }
}

const FIXED: u32 = JET_bitColumnFixed;
const KEY: u32 = JET_bitColumnTTKey;

/// rgcolumndefGetObjectInfo: container, name, objtyp, dtCreate, dtUpdate, cRecord, cPage, grbit, flags.
fn object_list_columns(w: bool) -> Vec<TempColumn> {
    vec![
        tt_col(JET_coltypText, KEY, w),
        tt_col(JET_coltypText, KEY, w),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypDateTime, FIXED, false),
        tt_col(JET_coltypDateTime, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
    ]
}

/// rgcolumndefGetColumnInfo(Compact): presentation order, name, columnid,
/// coltyp, country, langid, cp, collate, cbMax, grbit, default, table name, column name.
fn column_list_columns(w: bool, compacting: bool) -> Vec<TempColumn> {
    let (k, default) = if compacting { (0, JET_coltypBinary) } else { (KEY, JET_coltypLongBinary) };
    vec![
        tt_col(JET_coltypLong, FIXED | k, false),
        tt_col(JET_coltypText, k, w),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypShort, FIXED, false),
        tt_col(JET_coltypShort, FIXED, false),
        tt_col(JET_coltypShort, FIXED, false),
        tt_col(JET_coltypShort, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(default, 0, false),
        tt_col(JET_coltypText, 0, w),
        tt_col(JET_coltypText, 0, w),
    ]
}

/// rgcolumndefGetIndexInfo: name, grbit, cKey, cEntry, cPage, cColumn, iColumn,
/// columnid, coltyp, country, langid, cp, collate, grbitColumn, column name, LCMapFlags.
fn index_list_columns(w: bool) -> Vec<TempColumn> {
    vec![
        tt_col(JET_coltypText, KEY, w),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypLong, FIXED | KEY, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypShort, FIXED, false),
        tt_col(JET_coltypShort, FIXED, false),
        tt_col(JET_coltypShort, FIXED, false),
        tt_col(JET_coltypShort, FIXED, false),
        tt_col(JET_coltypLong, FIXED, false),
        tt_col(JET_coltypText, 0, w),
        tt_col(JET_coltypLong, FIXED, false),
    ]
}

/// A list table being filled.
struct ListBuilder<'a> {
    engine: &'a Engine,
    cursor: TableCursor,
    ids: Vec<u32>,
    rows: u32,
}

impl<'a> ListBuilder<'a> {
    fn open(session: &Session, engine: &'a Engine, columns: Vec<TempColumn>) -> JetResult<ListBuilder<'a>> {
        // ESE opens every list as a scrollable, indexed temp table with the old key size
        let spec = TempTableSpec { columns, grbit: JET_bitTTScrollable | JET_bitTTIndexed, unicode: None, cb_key_most: JET_cbKeyMostMin, cb_var_seg_mac: JET_cbKeyMostMin };
        let (cursor, ids) = session.open_temp_table(&spec)?;
        Ok(ListBuilder { engine, cursor, ids, rows: 0 })
    }

    /// One row: (index into the column array, value) for every non-NULL value.
    fn row(&mut self, txn: &mut Txn, values: &[(usize, Vec<u8>)]) -> JetResult<()> {
        self.cursor.prepare_update(self.engine, txn, JET_prepInsert)?;
        for (i, v) in values {
            self.cursor.set_column(self.engine, txn, self.ids[*i], Some(v), v.len() as u32, 0, 1, 0)?;
        }
        self.cursor.update(self.engine, txn, None)?;
        self.rows += 1;
        Ok(())
    }

    /// Done: the cursor goes to the first row (which ends a sort's filling).
    fn finish(mut self, txn: &mut Txn) -> JetResult<ListTable> {
        match self.cursor.move_by(self.engine, txn, JET_MoveFirst as i32, 0) {
            Ok(()) | Err(JetError::NoCurrentRecord) => {}
            Err(e) => return Err(e),
        }
        Ok(ListTable { cursor: self.cursor, columnids: self.ids, rows: self.rows })
    }
}

fn u16v(v: u16) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}
fn u32v(v: u32) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

/// JET_ColInfoList (and ListSortColumnid, ListCompact, with the JET_ColInfoGrbit* bits in `grbit`).
pub fn column_list(session: &Session, engine: &Engine, txn: &mut Txn, t: &CatalogTable, grbit: u32, unicode: bool, updatable: bool) -> JetResult<ListTable> {
    let compacting = grbit & COL_INFO_GRBIT_COMPACTING != 0;
    let minimal = grbit & JET_ColInfoGrbitMinimalInfo != 0;
    let by_id = grbit & JET_ColInfoGrbitSortByColumnid != 0;
    let mut b = ListBuilder::open(session, engine, column_list_columns(unicode, compacting))?;
    for c in listed_columns(t, grbit) {
        let ci = column_info_of(t, c, updatable);
        let mut v: Vec<(usize, Vec<u8>)> = Vec::new();
        if by_id {
            v.push((0, u32v(ci.columnid)));
        }
        v.push((1, name_value(&ci.name, unicode)));
        v.push((2, u32v(ci.columnid)));
        if !minimal {
            v.push((3, u32v(ci.coltyp)));
            v.push((4, u16v(ci.country)));
            v.push((5, u16v(ci.langid)));
            v.push((6, u16v(ci.cp)));
            v.push((8, u32v(ci.cb_max)));
            v.push((9, u32v(ci.grbit)));
            v.push((7, u16v(ci.collate)));
            if let Some(d) = &ci.default {
                v.push((10, d.clone()));
            }
            v.push((11, name_value(&ci.table_name, unicode)));
            v.push((12, name_value(&ci.name, unicode)));
        }
        b.row(txn, &v)?;
    }
    b.finish(txn)
}

/// The index a JET_IdxInfo level names: an index of the table (case-insensitive).
pub fn find_index<'t>(t: &'t TableDef, name: &str) -> JetResult<&'t IndexDef> {
    t.indexes.iter().find(|i| i.name.eq_ignore_ascii_case(name)).ok_or(JetError::IndexNotFound)
}

/// The catalog row of an index's statistics (the table's for the primary index).
fn index_stats(t: &CatalogTable, ix: &IndexDef) -> (u32, u32, u32) {
    if ix.flags.contains(IndexFlags::PRIMARY) { row_stats(Some(t.table_row())) } else { row_stats(t.index_row(&ix.name)) }
}

/// JET_IdxInfo / JET_IdxInfoList: one row per key column of each index (or
/// of the index named).
pub fn index_list(session: &Session, engine: &Engine, txn: &mut Txn, t: &CatalogTable, name: Option<&str>, unicode: bool) -> JetResult<ListTable> {
    let indexes: Vec<&IndexDef> = match name {
        None | Some("") => t.def.indexes.iter().collect(),
        Some(n) => vec![find_index(&t.def, n)?],
    };
    let mut b = ListBuilder::open(session, engine, index_list_columns(unicode))?;
    for ix in indexes {
        let grbit = crate::catalog::jet::index_grbit(ix);
        let (items, keys, pages) = index_stats(t, ix);
        let ccol = ix.segments.len() as u32;
        for (i, seg) in ix.segments.iter().enumerate() {
            let col = t.def.column(seg.columnid);
            let (coltyp, cp, cname) = col.map_or((0, 0, String::new()), |c| (c.coltyp as u32, c.cp, c.name.clone()));
            let v: Vec<(usize, Vec<u8>)> = vec![
                (0, name_value(&ix.name, unicode)),
                (1, u32v(grbit)),
                (2, u32v(keys)),
                (3, u32v(items)),
                (4, u32v(pages)),
                (5, u32v(ccol)),
                (6, u32v(i as u32)),
                (7, u32v(seg.columnid)),
                (8, u32v(coltyp)),
                (9, u16v(COUNTRY_DEFAULT)),
                (10, u16v(langid(ix.lcid))),
                (15, u32v(ix.lcmap_flags)),
                (11, u16v(cp)),
                (12, u16v(0)),
                (13, u32v(if seg.descending { JET_bitKeyDescending } else { JET_bitKeyAscending })),
                (14, name_value(&cname, unicode)),
            ];
            b.row(txn, &v)?;
        }
    }
    b.finish(txn)
}

/// JET_OBJECTINFO of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectInfo {
    pub grbit: u32,
    pub flags: u32,
    pub records: u32,
    pub pages: u32,
}

/// The tables of a database as the transaction sees them, in RootObjects order.
pub fn tables_in_view(engine: &Engine, txn: &Txn, db: &Database) -> JetResult<Vec<Arc<CatalogTable>>> {
    let objids: Vec<u32> = {
        let store = db.store.read();
        let tree = store.open_tree(crate::format::fixed::PGNO_MSO_ROOT_OBJECT_INDEX)?;
        let mut src = TreeSource::new(&store, tree);
        let view = txn.view(engine, (db.dbid, tree.objid));
        let mut out = Vec::new();
        let mut pos = view.seek(&mut src as &mut dyn Source, From::Edge, true)?;
        while let Some((k, d)) = pos {
            if d.len() < 5 || d[0] != 0x7f {
                return Err(JetError::CatalogCorrupted);
            }
            out.push(u32::from_be_bytes(d[1..5].try_into().unwrap()) ^ 0x8000_0000);
            pos = view.seek(&mut src, From::Key { key: &k, inclusive: false }, true)?;
        }
        out
    };
    let mut tables = Vec::with_capacity(objids.len());
    for o in objids {
        match db.table_for(engine, txn, TableRef::Objid(o)) {
            Ok((t, _)) => tables.push(t),
            Err(JetError::ObjectNotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(tables)
}

/// The capability bits ESE reports for a table of a database.
pub fn table_grbit(updatable: bool) -> u32 {
    JET_bitTableInfoBookmark | JET_bitTableInfoRollback | if updatable { JET_bitTableInfoUpdatable } else { 0 }
}

/// JET_ObjInfoList / JET_ObjInfoListNoStats.
pub fn object_list(session: &Session, engine: &Engine, txn: &mut Txn, db: &Database, objtyp: u32, stats: bool, unicode: bool) -> JetResult<ListTable> {
    let mut b = ListBuilder::open(session, engine, object_list_columns(unicode))?;
    if objtyp == JET_objtypNil || objtyp == JET_objtypTable {
        let grbit = table_grbit(!db.read_only);
        for t in tables_in_view(engine, txn, db)? {
            let (records, _, pages) = if stats { row_stats(Some(t.table_row())) } else { (0, 0, 0) };
            let v: Vec<(usize, Vec<u8>)> = vec![
                (0, name_value(TABLES_CONTAINER, unicode)),
                (2, u32v(JET_objtypTable)),
                (1, name_value(&t.def.name, unicode)),
                (8, u32v(t.def.flags)),
                (5, u32v(records)),
                (6, u32v(pages)),
                (7, u32v(grbit)),
            ];
            b.row(txn, &v)?;
        }
    }
    b.finish(txn)
}

/// JET_ObjInfo / JET_ObjInfoNoStats of a table named `name`.
pub fn object_info(engine: &Engine, txn: &Txn, db: &Database, name: &str, stats: bool) -> JetResult<ObjectInfo> {
    if name.is_empty() {
        return Err(JetError::ObjectNotFound);
    }
    let (t, _) = db.table_for(engine, txn, TableRef::Name(name)).map_err(|e| match e {
        JetError::InvalidName => JetError::ObjectNotFound,
        e => e,
    })?;
    let (records, _, pages) = if stats { row_stats(Some(t.table_row())) } else { (0, 0, 0) };
    Ok(ObjectInfo { grbit: table_grbit(!db.read_only), flags: t.def.flags, records, pages })
}

/// The flags JET_TblInfo reports (ESE works them out from the table, not the catalog row).
pub fn table_info_flags(t: &CatalogTable) -> u32 {
    use crate::format::fixed::{PGNO_MSO, PGNO_MSO_SHADOW};
    let mut f = 0;
    if t.def.pgno_fdp == PGNO_MSO || t.def.pgno_fdp == PGNO_MSO_SHADOW {
        f |= JET_bitObjectSystem;
    } else if t.def.name.starts_with("MSys") {
        // MSysObjids, MSysLocales, MSysUnicodeFixupVer2, MSysDefrag*, MSysDatabaseMaintenance ...
        f |= crate::catalog::system::OBJECT_SYSTEM_DYNAMIC;
    }
    let flags = t.def.flags;
    if flags & JET_bitObjectTableFixedDDL != 0 {
        f |= JET_bitObjectTableFixedDDL;
    }
    if flags & JET_bitObjectTableTemplate != 0 {
        f |= JET_bitObjectTableTemplate;
    } else if flags & JET_bitObjectTableDerived != 0 {
        f |= JET_bitObjectTableDerived;
    }
    f
}

/// Pages a tree owns and pages of it that are free.
pub fn space_of(db: &Database, fdp: u32) -> JetResult<(u32, u32)> {
    let store = db.store.read();
    let info = crate::space::space_info(&store, fdp)?;
    let owned: u32 = info.owned.iter().map(|r| r.cpg).sum();
    Ok((owned, info.avail.len() as u32))
}

/// The owned extents of a tree as (last page, pages) pairs, for JET_TblInfoSpaceUsage's list.
pub fn owned_extents(db: &Database, fdp: u32) -> JetResult<Vec<(u32, u32)>> {
    let store = db.store.read();
    let info = crate::space::space_info(&store, fdp)?;
    Ok(info.owned.iter().map(|r| (r.last(), r.cpg)).collect())
}

/// The entry key and bookmark of a cursor's current record, for JetGetCursorInfo.
pub fn current_entry(t: &TableCursor) -> JetResult<EntryKey> {
    match &t.pos {
        super::table::Position::On { bookmark, .. } => Ok(EntryKey::unique(bookmark)),
        super::table::Position::Deleted { .. } => Err(JetError::RecordDeleted),
        _ => Err(JetError::NoCurrentRecord),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_stats() {
        assert_eq!(name_value("Ab", false), b"Ab".to_vec());
        assert_eq!(name_value("Ab", true), vec![b'A', 0, b'b', 0]);
        assert_eq!(name_value("\u{e9}", false), vec![0xe9]);
        assert_eq!(langid(0x0001_0409), 0x0409);
        let row = CatalogRow { stats: Some([7u32, 5, 3, 0, 0].iter().flat_map(|v| v.to_le_bytes()).collect()), ..CatalogRow::default() };
        assert_eq!(row_stats(Some(&row)), (7, 5, 3));
        assert_eq!(row_stats(None), (0, 0, 0));
    }
}

// ---------------------------------------------------------------------------
// database info

/// The sizes of JET_DBINFOMISC, 2, ... 7 (ESE accepts exactly these for JET_DbInfoMisc).
pub const DBINFOMISC_SIZES: [usize; 7] = [216, 296, 300, 348, 380, 400, 416];

/// ESE's BKINFOTYPE backupOSSnapshot: JET_BKLOGTIME.fOSSnapshot is set for it.
const BACKUP_OS_SNAPSHOT: u32 = 1;

/// A JET_DBINFOMISC7 image from a database header (UtilLoadDbinfomiscFromPdbfilehdr);
/// JET_DBINFOMISC to 6 are its prefixes.
pub fn dbinfomisc(h: &crate::format::header::DbHeader) -> Vec<u8> {
    use crate::format::header::{BkInfo, Lgpos, LogTime, Signature};
    let mut b: Vec<u8> = Vec::with_capacity(416);
    let u32_ = |b: &mut Vec<u8>, v: u32| b.extend_from_slice(&v.to_le_bytes());
    let lgpos = |b: &mut Vec<u8>, l: &Lgpos| {
        let mut x = [0u8; Lgpos::SIZE];
        l.encode(&mut x);
        b.extend_from_slice(&x)
    };
    let logtime = |b: &mut Vec<u8>, l: &LogTime| {
        let mut x = [0u8; LogTime::SIZE];
        l.encode(&mut x);
        b.extend_from_slice(&x)
    };
    let sig = |b: &mut Vec<u8>, s: &Signature| {
        let mut x = [0u8; Signature::SIZE];
        s.encode(&mut x);
        b.extend_from_slice(&x)
    };
    let bk = |b: &mut Vec<u8>, k: &BkInfo, typ: u32| {
        let mut x = [0u8; BkInfo::SIZE];
        k.encode(&mut x);
        // JET_BKLOGTIME's last byte: fOSSnapshot in its lowest bit
        x[15] = (x[15] & !1) | u8::from(typ == BACKUP_OS_SNAPSHOT);
        b.extend_from_slice(&x)
    };
    u32_(&mut b, h.version);
    u32_(&mut b, h.update_major);
    sig(&mut b, &h.sign_db);
    u32_(&mut b, h.db_state);
    lgpos(&mut b, &h.lgpos_consistent);
    logtime(&mut b, &h.logtime_consistent);
    logtime(&mut b, &h.logtime_attach);
    lgpos(&mut b, &h.lgpos_attach);
    logtime(&mut b, &h.logtime_detach);
    lgpos(&mut b, &h.lgpos_detach);
    sig(&mut b, &h.sign_log);
    bk(&mut b, &h.bkinfo_full_prev, h.bkinfo_type_full_prev);
    bk(&mut b, &h.bkinfo_inc_prev, h.bkinfo_type_inc_prev);
    bk(&mut b, &h.bkinfo_full_cur, 0);
    u32_(&mut b, u32::from(h.db_flags & crate::format::header::DB_FLAG_SHADOWING_DISABLED != 0));
    u32_(&mut b, 0);
    u32_(&mut b, h.os_major);
    u32_(&mut b, h.os_minor);
    u32_(&mut b, h.os_build);
    u32_(&mut b, h.os_sp);
    u32_(&mut b, h.page_size() as u32);
    debug_assert_eq!(b.len(), 216);
    u32_(&mut b, h.gen_min_required as u32);
    u32_(&mut b, h.gen_max_required as u32);
    logtime(&mut b, &h.logtime_gen_max_create);
    u32_(&mut b, h.repair_count);
    logtime(&mut b, &h.logtime_repair);
    u32_(&mut b, h.repair_count_old);
    u32_(&mut b, h.ecc_fix_success);
    logtime(&mut b, &h.logtime_ecc_fix_success);
    u32_(&mut b, h.ecc_fix_success_old);
    u32_(&mut b, h.ecc_fix_fail);
    logtime(&mut b, &h.logtime_ecc_fix_fail);
    u32_(&mut b, h.ecc_fix_fail_old);
    u32_(&mut b, h.bad_checksum);
    logtime(&mut b, &h.logtime_bad_checksum);
    u32_(&mut b, h.bad_checksum_old);
    debug_assert_eq!(b.len(), 296);
    u32_(&mut b, h.gen_max_committed as u32);
    bk(&mut b, &h.bkinfo_copy_prev, h.bkinfo_type_copy_prev);
    bk(&mut b, &h.bkinfo_diff_prev, h.bkinfo_type_diff_prev);
    debug_assert_eq!(b.len(), 348);
    u32_(&mut b, h.incremental_reseed_count);
    logtime(&mut b, &h.logtime_incremental_reseed);
    u32_(&mut b, h.incremental_reseed_count_old);
    u32_(&mut b, h.page_patch_count);
    logtime(&mut b, &h.logtime_page_patch);
    u32_(&mut b, h.page_patch_count_old);
    logtime(&mut b, &h.logtime_dbscan_prev);
    logtime(&mut b, &h.logtime_dbscan_start);
    u32_(&mut b, h.pgno_dbscan_highest_continuous.saturating_sub(1));
    logtime(&mut b, &h.logtime_last_reattach);
    lgpos(&mut b, &h.lgpos_last_reattach);
    debug_assert_eq!(b.len(), 416);
    b
}

/// A database file's header, read from disk (the shadow copy when the first
/// is damaged), and the page size found. JET_errFileNotFound for a missing
/// file, JET_errReadVerifyFailure when neither copy is a good header.
pub fn read_file_header(path: &std::path::Path) -> JetResult<(crate::format::header::DbHeader, usize)> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => JetError::FileNotFound,
        std::io::ErrorKind::PermissionDenied => JetError::FileAccessDenied,
        _ => JetError::DiskIO,
    })?;
    let mut buf = Vec::new();
    f.by_ref().take(2 * 32 * 1024).read_to_end(&mut buf).map_err(|_| JetError::DiskIO)?;
    if let Some(ps) = crate::format::header::detect_page_size(&buf) {
        let h = crate::format::header::verify_header(&buf[..ps], ps)?;
        return Ok((h, ps));
    }
    // the shadow copy is the second page: try each page size for it
    for &ps in crate::format::PAGE_SIZES.iter() {
        if buf.len() >= 2 * ps
            && let Ok(h) = crate::format::header::verify_header(&buf[ps..2 * ps], ps)
        {
            return Ok((h, ps));
        }
    }
    Err(JetError::ReadVerifyFailure)
}

/// Whether any initialized instance of the process has this file attached (JET_DbInfoDBInUse).
pub fn file_in_use(path: &std::path::Path) -> bool {
    super::system::instances().iter().filter_map(|i| i.engine().ok()).any(|e| e.database_by_path(path).is_some())
}

#[cfg(test)]
mod dbinfo_tests {
    use super::*;

    #[test]
    fn dbinfomisc_layout() {
        let mut h = crate::format::header::DbHeader::default();
        h.version = 0x620;
        h.update_major = 0x14;
        h.db_state = 3;
        h.page_size = 8192;
        h.gen_max_committed = 7;
        h.os_major = 10;
        let b = dbinfomisc(&h);
        assert_eq!(b.len(), 416);
        assert_eq!(&b[0..4], &0x620u32.to_le_bytes());
        assert_eq!(&b[4..8], &0x14u32.to_le_bytes());
        assert_eq!(&b[36..40], &3u32.to_le_bytes());
        assert_eq!(&b[196..200], &10u32.to_le_bytes());
        assert_eq!(&b[212..216], &8192u32.to_le_bytes());
        assert_eq!(&b[296..300], &7u32.to_le_bytes());
        // the offsets of the C structures
        assert_eq!(std::mem::offset_of!(JET_DBINFOMISC, cbPageSize), 212);
        assert_eq!(std::mem::offset_of!(JET_DBINFOMISC3, genCommitted), 296);
        assert_eq!(std::mem::offset_of!(JET_DBINFOMISC4, bkinfoDiffPrev), 324);
        assert_eq!(std::mem::size_of::<JET_DBINFOMISC4>(), DBINFOMISC_SIZES[3]);
    }
}

// ---------------------------------------------------------------------------
// record size

/// JET_RECSIZE2's counters (ESE's JET_RECSIZE3 without the key and intrinsic
/// long-value detail), what JetGetRecordSize(2) add up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordSize {
    pub cb_data: u64,
    pub cb_long_value_data: u64,
    pub cb_overhead: u64,
    pub cb_long_value_overhead: u64,
    pub c_non_tagged_columns: u64,
    pub c_tagged_columns: u64,
    pub c_long_values: u64,
    pub c_multi_values: u64,
    pub c_compressed_columns: u64,
    pub cb_data_compressed: u64,
    pub cb_long_value_data_compressed: u64,
}

/// ESE's page tag and key count of a node, and REC's header.
const NODE_OVERHEAD: u64 = 4 + 2;
const REC_HEADER: u64 = 4;
/// TAGFLD and TAGFLD_HEADER.
const TAGFLD: u64 = 4;
const TAGFLD_HEADER: u64 = 1;

impl TableCursor {
    /// JetGetRecordSize(2) (ErrRECIGetRecordSize): the current record, or the
    /// copy buffer with JET_bitRecordSizeInCopyBuffer, added to `into`.
    pub fn record_size(&mut self, engine: &Engine, txn: &Txn, grbit: JET_GRBIT, into: &mut RecordSize) -> JetResult<()> {
        let copy = grbit & JET_bitRecordSizeInCopyBuffer != 0 && self.update.is_some();
        let (record, key_len) = if copy {
            let u = self.update.as_ref().unwrap();
            // an insert's key is not made yet; a replace keeps the record's
            let key = match &u.original {
                Some((bm, _)) if matches!(u.kind, super::update::UpdateKind::Replace | super::update::UpdateKind::ReplaceNoLock) => bm.len(),
                _ => 0,
            };
            (u.builder.to_bytes(), key)
        } else {
            self.ensure_current(engine, txn)?;
            let key = self.bookmark()?.len();
            (self.current_record(engine, txn)?, key)
        };
        let table_arc = self.table.clone();
        let def = &table_arc.def;
        let view = self.parse(&record)?;
        let r = into;
        r.cb_overhead += NODE_OVERHEAD + REC_HEADER + key_len as u64;
        let fixed_cols = view.fixed_last() as u64;
        let bitmap = fixed_cols.div_ceil(8);
        let fixed_data = view.fixed_area().len() as u64;
        let var_cols = (view.var_last() - 127) as u64;
        let var_data: u64 = (128..=view.var_last())
            .map(|fid| match view.variable_by_fid(fid) {
                crate::record::view::Presence::Value(v) => v.len() as u64,
                _ => 0,
            })
            .sum();
        r.cb_overhead += bitmap + 2 * var_cols;
        r.cb_data += fixed_data + var_data;
        r.cb_data_compressed += fixed_data + var_data;
        r.c_non_tagged_columns += fixed_cols + var_cols;
        let local = grbit & JET_bitRecordSizeLocal != 0;
        for tag in view.tag_fields() {
            use crate::record::tagged::MvLayout;
            let values = tag.values()?;
            let long = tag.is_long_value();
            r.c_tagged_columns += 1;
            match tag.layout() {
                MvLayout::Single => {
                    let Some(v) = values.first() else {
                        r.cb_overhead += TAGFLD + u64::from(tag.header.is_some()) * TAGFLD_HEADER;
                        continue;
                    };
                    if v.separated {
                        r.cb_overhead += TAGFLD + TAGFLD_HEADER + v.data.len() as u64;
                        r.c_long_values += 1;
                        if !local {
                            self.add_lv_size(engine, txn, v.data, r)?;
                        }
                    } else {
                        r.cb_overhead += TAGFLD + u64::from(tag.header.is_some()) * TAGFLD_HEADER;
                        let logical = if v.compressed { crate::record::compress::decompressed_len(v.data)? as u64 } else { v.data.len() as u64 };
                        r.cb_data += logical;
                        r.cb_data_compressed += v.data.len() as u64;
                    }
                }
                MvLayout::TwoValues => {
                    let total: u64 = values.iter().map(|v| v.data.len() as u64).sum();
                    r.cb_data += total;
                    r.cb_data_compressed += total;
                    r.cb_overhead += TAGFLD + TAGFLD_HEADER + 1;
                    r.c_multi_values += 1;
                }
                MvLayout::MultiValues => {
                    let n = values.len() as u64;
                    r.cb_overhead += TAGFLD + TAGFLD_HEADER + 2 * n;
                    for v in &values {
                        if long && v.separated {
                            r.cb_overhead += v.data.len() as u64;
                            r.c_long_values += 1;
                            if !local {
                                self.add_lv_size(engine, txn, v.data, r)?;
                            }
                        } else {
                            let logical = if v.compressed { crate::record::compress::decompressed_len(v.data)? as u64 } else { v.data.len() as u64 };
                            r.cb_data += logical;
                            r.cb_data_compressed += v.data.len() as u64;
                        }
                    }
                    r.c_multi_values += n.saturating_sub(1);
                }
            }
        }
        let _ = def;
        Ok(())
    }

    /// A separated long value's size and the overhead of its nodes (ErrRECGetLVSize).
    fn add_lv_size(&self, engine: &Engine, txn: &Txn, reference: &[u8], r: &mut RecordSize) -> JetResult<()> {
        let lid = crate::record::LvId::from_reference(reference)?;
        let (_, size) = self.read_long_value(engine, txn, lid, 0, 0)?;
        let size = size as u64;
        r.cb_long_value_data += size;
        r.cb_long_value_data_compressed += size;
        let root_key = lid.root_key().len() as u64;
        r.cb_long_value_overhead += NODE_OVERHEAD + root_key + 8;
        let chunk = self.lv_chunk_size() as u64;
        let chunks = if chunk == 0 { 0 } else { size.div_ceil(chunk) };
        r.cb_long_value_overhead += chunks * (NODE_OVERHEAD + lid.chunk_key(0).len() as u64);
        Ok(())
    }
}
