//! MSysObjects: its own schema, one row of it (`CatalogRow`) decoded from and
//! encoded to ESE's record bytes, and the keys of its three indexes.
//!
//! Every object of a database is one row, keyed by (ObjidTable, Type, Id):
//! a table (Type 1, Id = its objid), its columns (2, Id = column id without
//! the template bit), indexes (3, Id = index objid; the primary index has
//! the table's), its long-value tree (4) and callbacks (5). Several columns
//! are overloaded by type: ColtypOrPgnoFDP holds the column type or the
//! first page of the object's B-tree; SpaceUsage the column's cbMax or the
//! tree's density; PagesOrLocale the column's code page, the table's initial
//! pages or (before 2011) an index's LCID; TemplateTable the template table
//! of a derived table or the callback name of a column or callback.
//!
//! The fixed columns (offsets in the record): ObjidTable Long (4), Type Short
//! (8), Id Long (10), ColtypOrPgnoFDP Long (14), SpaceUsage Long (18), Flags
//! Long (22), PagesOrLocale Long (26), RootFlag Bit (30), RecordOffset Short
//! (31), LCMapFlags Long (33), KeyMost UnsignedShort (37), LVChunkMax Long
//! (39) and, in newer databases, PgnoFDPLastSetTime DateTime (43). Variable:
//! Name Text, Stats, TemplateTable Text, DefaultValue, KeyFldIDs, VarSegMac,
//! ConditionalColumns, TupleLimits, Version, SortID (ids 128..=137). Tagged
//! long values: CallbackData, CallbackDependencies, SeparateLV, SpaceHints,
//! SpaceDeferredLVHints, LocaleName (256..=261).
//!
//! Indexes: Id (primary: +ObjidTable +Type +Id, DisallowNull), Name
//! (+ObjidTable +Type +Name, unique, DisallowNull; tree at page 7), and
//! RootObjects (+RootFlag +Name, unique, IgnoreFirstNull: only tables have a
//! RootFlag, so it lists table names; page 10). A secondary index entry is
//! (normalized key, primary key). MSysObjectsShadow holds a copy of every
//! row (Id index only).

use std::sync::OnceLock;

use crate::catalog::defs::{Coltyp, ColumnDef, ColumnFlags, IndexDef, IndexFlags, IndexSegment, TableDef};
use crate::error::{JetError, JetResult};
use crate::key::{self, IndexKeySpec, ValueList};
use crate::record::{ColumnValue, Compression, RecordBuilder, RecordConfig, RecordView, SetOptions, SetValue};

/// Object types (SYSOBJ) in MSysObjects' Type column.
pub mod sysobj {
    pub const TABLE: u16 = 1;
    pub const COLUMN: u16 = 2;
    pub const INDEX: u16 = 3;
    pub const LONG_VALUE: u16 = 4;
    pub const CALLBACK: u16 = 5;
}

/// MSysObjects' column ids.
pub mod fid {
    pub const OBJID_TABLE: u32 = 1;
    pub const TYPE: u32 = 2;
    pub const ID: u32 = 3;
    pub const COLTYP_OR_PGNO_FDP: u32 = 4;
    pub const SPACE_USAGE: u32 = 5;
    pub const FLAGS: u32 = 6;
    pub const PAGES_OR_LOCALE: u32 = 7;
    pub const ROOT_FLAG: u32 = 8;
    pub const RECORD_OFFSET: u32 = 9;
    pub const LCMAP_FLAGS: u32 = 10;
    pub const KEY_MOST: u32 = 11;
    pub const LV_CHUNK_MAX: u32 = 12;
    /// Only in databases made by newer ESE versions (never written here).
    pub const PGNO_FDP_LAST_SET_TIME: u32 = 13;
    pub const NAME: u32 = 128;
    pub const STATS: u32 = 129;
    pub const TEMPLATE_TABLE: u32 = 130;
    pub const DEFAULT_VALUE: u32 = 131;
    pub const KEY_FLD_IDS: u32 = 132;
    pub const VAR_SEG_MAC: u32 = 133;
    pub const CONDITIONAL_COLUMNS: u32 = 134;
    pub const TUPLE_LIMITS: u32 = 135;
    pub const VERSION: u32 = 136;
    pub const SORT_ID: u32 = 137;
    pub const CALLBACK_DATA: u32 = 256;
    pub const CALLBACK_DEPENDENCIES: u32 = 257;
    pub const SEPARATE_LV: u32 = 258;
    pub const SPACE_HINTS: u32 = 259;
    pub const SPACE_DEFERRED_LV_HINTS: u32 = 260;
    pub const LOCALE_NAME: u32 = 261;
}

pub const MSO_NAME: &str = "MSysObjects";
pub const MSO_SHADOW_NAME: &str = "MSysObjectsShadow";
pub const MSO_ID_INDEX: &str = "Id";
pub const MSO_NAME_INDEX: &str = "Name";
pub const MSO_ROOT_OBJECTS_INDEX: &str = "RootObjects";

/// The code page ESE records for every MSysObjects column (usEnglishCodePage).
pub const MSO_COLUMN_CP: u16 = 1252;

/// One MSysObjects column as ESE describes it (rgcdescMSO).
#[derive(Copy, Clone, Debug)]
pub struct MsoColumn {
    pub name: &'static str,
    pub columnid: u32,
    pub coltyp: Coltyp,
    pub not_null: bool,
}

const fn col(name: &'static str, columnid: u32, coltyp: Coltyp, not_null: bool) -> MsoColumn {
    MsoColumn { name, columnid, coltyp, not_null }
}

/// The columns MSysObjects describes itself with in a database of format
/// 0x620 revision 0x14 (as in Windows 8 ESENT's databases), in column id order.
pub const MSO_COLUMNS: [MsoColumn; 28] = [
    col("ObjidTable", fid::OBJID_TABLE, Coltyp::Long, true),
    col("Type", fid::TYPE, Coltyp::Short, true),
    col("Id", fid::ID, Coltyp::Long, true),
    col("ColtypOrPgnoFDP", fid::COLTYP_OR_PGNO_FDP, Coltyp::Long, true),
    col("SpaceUsage", fid::SPACE_USAGE, Coltyp::Long, true),
    col("Flags", fid::FLAGS, Coltyp::Long, true),
    col("PagesOrLocale", fid::PAGES_OR_LOCALE, Coltyp::Long, true),
    col("RootFlag", fid::ROOT_FLAG, Coltyp::Bit, false),
    col("RecordOffset", fid::RECORD_OFFSET, Coltyp::Short, false),
    col("LCMapFlags", fid::LCMAP_FLAGS, Coltyp::Long, false),
    col("KeyMost", fid::KEY_MOST, Coltyp::UnsignedShort, false),
    col("LVChunkMax", fid::LV_CHUNK_MAX, Coltyp::Long, false),
    col("Name", fid::NAME, Coltyp::Text, true),
    col("Stats", fid::STATS, Coltyp::Binary, false),
    col("TemplateTable", fid::TEMPLATE_TABLE, Coltyp::Text, false),
    col("DefaultValue", fid::DEFAULT_VALUE, Coltyp::Binary, false),
    col("KeyFldIDs", fid::KEY_FLD_IDS, Coltyp::Binary, false),
    col("VarSegMac", fid::VAR_SEG_MAC, Coltyp::Binary, false),
    col("ConditionalColumns", fid::CONDITIONAL_COLUMNS, Coltyp::Binary, false),
    col("TupleLimits", fid::TUPLE_LIMITS, Coltyp::Binary, false),
    col("Version", fid::VERSION, Coltyp::Binary, false),
    col("SortID", fid::SORT_ID, Coltyp::Binary, false),
    col("CallbackData", fid::CALLBACK_DATA, Coltyp::LongBinary, false),
    col("CallbackDependencies", fid::CALLBACK_DEPENDENCIES, Coltyp::LongBinary, false),
    col("SeparateLV", fid::SEPARATE_LV, Coltyp::LongBinary, false),
    col("SpaceHints", fid::SPACE_HINTS, Coltyp::LongBinary, false),
    col("SpaceDeferredLVHints", fid::SPACE_DEFERRED_LV_HINTS, Coltyp::LongBinary, false),
    col("LocaleName", fid::LOCALE_NAME, Coltyp::LongBinary, false),
];

/// cbMax ESE gives a column of `coltyp` created with cbMax 0 (UlCATColumnSize).
pub fn default_cb_max(coltyp: Coltyp) -> u32 {
    match coltyp.fixed_size() {
        Some(n) => n,
        None if coltyp.is_long() => 0,
        None => 255,
    }
}

/// Fixed-column offsets from fixed-column sizes, in column id order.
fn fixed_offsets(cols: &mut [ColumnDef]) {
    let mut off = 4u16;
    for c in cols.iter_mut().filter(|c| c.columnid <= 127) {
        c.record_offset = off;
        off += c.fixed_len() as u16;
    }
}

fn mso_columns(with_last_set_time: bool) -> Vec<ColumnDef> {
    let mut cols: Vec<ColumnDef> = MSO_COLUMNS
        .iter()
        .map(|c| ColumnDef {
            columnid: c.columnid,
            name: c.name.to_string(),
            coltyp: c.coltyp,
            cb_max: default_cb_max(c.coltyp),
            cp: MSO_COLUMN_CP,
            flags: if c.not_null { ColumnFlags::NOT_NULL } else { ColumnFlags::empty() },
            default: None,
            record_offset: 0,
        })
        .collect();
    if with_last_set_time {
        cols.push(ColumnDef {
            columnid: fid::PGNO_FDP_LAST_SET_TIME,
            name: "PgnoFDPLastSetTime".into(),
            coltyp: Coltyp::DateTime,
            cb_max: 8,
            cp: MSO_COLUMN_CP,
            flags: ColumnFlags::empty(),
            default: None,
            record_offset: 0,
        });
        cols.sort_by_key(|c| c.columnid);
    }
    fixed_offsets(&mut cols);
    cols
}

fn seg(columnid: u32) -> IndexSegment {
    IndexSegment { columnid, descending: false }
}

fn mso_index(name: &str, objid: u32, pgno_fdp: u32, flags: IndexFlags, cols: &[u32]) -> IndexDef {
    IndexDef {
        name: name.to_string(),
        objid,
        pgno_fdp,
        flags,
        segments: cols.iter().map(|&c| seg(c)).collect(),
        conditional: Vec::new(),
        lcid: 1033,
        lcmap_flags: key::LCMAP_FLAGS_DEFAULT,
        cb_key_most: key::CB_KEY_MOST_OLD as u32,
        cb_var_seg_mac: key::CB_KEY_MOST_OLD as u32,
        tuple_limits: None,
        density: 80,
    }
}

/// IDBFLAGs of MSysObjects' indexes (from their JET_bitIndex* grbits).
pub const ID_INDEX_FLAGS: IndexFlags = IndexFlags::UNIQUE.union(IndexFlags::PRIMARY).union(IndexFlags::NO_NULL_SEG);
pub const NAME_INDEX_FLAGS: IndexFlags = IndexFlags::UNIQUE.union(IndexFlags::NO_NULL_SEG);
pub const ROOT_OBJECTS_INDEX_FLAGS: IndexFlags = IndexFlags::UNIQUE.union(IndexFlags::ALLOW_SOME_NULLS);

/// MSysObjects (objid 2, page 4) or MSysObjectsShadow (objid 3, page 24) as
/// a table: the schema records of the catalog are read and built with.
/// The catalog proper has its Name and RootObjects indexes; the shadow only Id.
pub fn catalog_table_def(shadow: bool) -> TableDef {
    use crate::format::fixed::*;
    let (name, objid, pgno) = if shadow { (MSO_SHADOW_NAME, OBJID_MSO_SHADOW, PGNO_MSO_SHADOW) } else { (MSO_NAME, OBJID_MSO, PGNO_MSO) };
    let mut indexes = vec![mso_index(MSO_ID_INDEX, objid, pgno, ID_INDEX_FLAGS, &[fid::OBJID_TABLE, fid::TYPE, fid::ID])];
    if !shadow {
        indexes.push(mso_index(
            MSO_NAME_INDEX,
            OBJID_MSO_NAME_INDEX,
            PGNO_MSO_NAME_INDEX,
            NAME_INDEX_FLAGS,
            &[fid::OBJID_TABLE, fid::TYPE, fid::NAME],
        ));
        indexes.push(mso_index(
            MSO_ROOT_OBJECTS_INDEX,
            OBJID_MSO_ROOT_OBJECT_INDEX,
            PGNO_MSO_ROOT_OBJECT_INDEX,
            ROOT_OBJECTS_INDEX_FLAGS,
            &[fid::ROOT_FLAG, fid::NAME],
        ));
    }
    TableDef {
        name: name.to_string(),
        objid,
        pgno_fdp: pgno,
        flags: crate::abi::consts::JET_bitObjectSystem | crate::abi::consts::JET_bitObjectTableFixedDDL,
        initial_pages: if shadow { CPG_MSO_SHADOW } else { CPG_MSO },
        density: 80,
        template_table: None,
        columns: mso_columns(false),
        indexes,
        lv_tree: None,
    }
}

/// The schema used to parse rows (it also knows newer databases' fixed column 13).
fn parse_def() -> &'static TableDef {
    static DEF: OnceLock<TableDef> = OnceLock::new();
    DEF.get_or_init(|| {
        let mut t = catalog_table_def(false);
        t.columns = mso_columns(true);
        t
    })
}

fn write_def() -> &'static TableDef {
    static DEF: OnceLock<TableDef> = OnceLock::new();
    DEF.get_or_init(|| catalog_table_def(false))
}

struct Specs {
    name: IndexKeySpec,
    root: IndexKeySpec,
}

fn specs() -> &'static Specs {
    static SPECS: OnceLock<Specs> = OnceLock::new();
    SPECS.get_or_init(|| {
        let t = write_def();
        let spec = |i: usize| IndexKeySpec::new(&t.indexes[i], &t.columns).expect("MSysObjects index specs are valid");
        Specs { name: spec(1), root: spec(2) }
    })
}

/// One MSysObjects row, every column as stored (None = NULL). Zero-length
/// values are never stored (ESE skips them), so encoding treats an empty
/// value as NULL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogRow {
    pub objid_table: u32,
    pub sysobj: u16,
    pub id: u32,
    /// The name's bytes (ESE names are single-byte strings).
    pub name: Vec<u8>,
    pub coltyp_or_pgno_fdp: u32,
    pub space_usage: u32,
    pub flags: u32,
    pub pages_or_locale: u32,
    /// Tables only (stored as 0xFF).
    pub root_flag: bool,
    pub record_offset: Option<u16>,
    pub lcmap_flags: Option<u32>,
    pub key_most: Option<u16>,
    pub lv_chunk_max: Option<u32>,
    pub pgno_fdp_last_set_time: Option<u64>,
    pub stats: Option<Vec<u8>>,
    /// A table's template table, or the callback of a column or callback row.
    pub template_table_or_callback: Option<Vec<u8>>,
    pub default_value: Option<Vec<u8>>,
    pub key_fld_ids: Option<Vec<u8>>,
    pub var_seg_mac: Option<Vec<u8>>,
    pub conditional_columns: Option<Vec<u8>>,
    pub tuple_limits: Option<Vec<u8>>,
    pub version: Option<Vec<u8>>,
    pub sort_id: Option<Vec<u8>>,
    pub callback_data: Option<Vec<u8>>,
    pub callback_dependencies: Option<Vec<u8>>,
    pub separate_lv: Option<Vec<u8>>,
    pub space_hints: Option<Vec<u8>>,
    pub space_deferred_lv_hints: Option<Vec<u8>>,
    pub locale_name: Option<Vec<u8>>,
}

fn le_u32(b: &[u8]) -> JetResult<u32> {
    b.try_into().map(u32::from_le_bytes).map_err(|_| JetError::CatalogCorrupted)
}
fn le_u16(b: &[u8]) -> JetResult<u16> {
    b.try_into().map(u16::from_le_bytes).map_err(|_| JetError::CatalogCorrupted)
}

impl CatalogRow {
    /// Decodes a row of MSysObjects (or its shadow) of a database with
    /// `page_size` pages. CatalogCorrupted if a NOT NULL column is missing or
    /// a value has the wrong size. A tagged value stored in an LV tree
    /// (never the case for the rows ESE writes) reads as NULL.
    pub fn parse(data: &[u8], page_size: u32) -> JetResult<CatalogRow> {
        let view = RecordView::parse(data, page_size).map_err(|_| JetError::CatalogCorrupted)?;
        let t = parse_def();
        let get = |columnid: u32| -> JetResult<Option<Vec<u8>>> {
            let c = t.column(columnid).ok_or(JetError::CatalogCorrupted)?;
            let v = view.retrieve(t, c, 1, false).map_err(|_| JetError::CatalogCorrupted)?;
            Ok(match v {
                ColumnValue::Data(d) => Some(d.to_vec()),
                ColumnValue::Decompressed(d) => Some(d),
                ColumnValue::Default(d) => Some(d.into_owned()),
                ColumnValue::Null | ColumnValue::UserDefinedDefault | ColumnValue::Separated(_) => None,
            })
        };
        let req32 = |columnid| -> JetResult<u32> { le_u32(&get(columnid)?.ok_or(JetError::CatalogCorrupted)?) };
        let opt32 = |columnid| -> JetResult<Option<u32>> { get(columnid)?.map(|b| le_u32(&b)).transpose() };
        let opt16 = |columnid| -> JetResult<Option<u16>> { get(columnid)?.map(|b| le_u16(&b)).transpose() };
        Ok(CatalogRow {
            objid_table: req32(fid::OBJID_TABLE)?,
            sysobj: le_u16(&get(fid::TYPE)?.ok_or(JetError::CatalogCorrupted)?)?,
            id: req32(fid::ID)?,
            name: get(fid::NAME)?.ok_or(JetError::CatalogCorrupted)?,
            coltyp_or_pgno_fdp: req32(fid::COLTYP_OR_PGNO_FDP)?,
            space_usage: req32(fid::SPACE_USAGE)?,
            flags: req32(fid::FLAGS)?,
            pages_or_locale: req32(fid::PAGES_OR_LOCALE)?,
            root_flag: get(fid::ROOT_FLAG)?.is_some_and(|b| b.first().is_some_and(|&x| x != 0)),
            record_offset: opt16(fid::RECORD_OFFSET)?,
            lcmap_flags: opt32(fid::LCMAP_FLAGS)?,
            key_most: opt16(fid::KEY_MOST)?,
            lv_chunk_max: opt32(fid::LV_CHUNK_MAX)?,
            pgno_fdp_last_set_time: get(fid::PGNO_FDP_LAST_SET_TIME)?
                .map(|b| b.as_slice().try_into().map(u64::from_le_bytes).map_err(|_| JetError::CatalogCorrupted))
                .transpose()?,
            stats: get(fid::STATS)?,
            template_table_or_callback: get(fid::TEMPLATE_TABLE)?,
            default_value: get(fid::DEFAULT_VALUE)?,
            key_fld_ids: get(fid::KEY_FLD_IDS)?,
            var_seg_mac: get(fid::VAR_SEG_MAC)?,
            conditional_columns: get(fid::CONDITIONAL_COLUMNS)?,
            tuple_limits: get(fid::TUPLE_LIMITS)?,
            version: get(fid::VERSION)?,
            sort_id: get(fid::SORT_ID)?,
            callback_data: get(fid::CALLBACK_DATA)?,
            callback_dependencies: get(fid::CALLBACK_DEPENDENCIES)?,
            separate_lv: get(fid::SEPARATE_LV)?,
            space_hints: get(fid::SPACE_HINTS)?,
            space_deferred_lv_hints: get(fid::SPACE_DEFERRED_LV_HINTS)?,
            locale_name: get(fid::LOCALE_NAME)?,
        })
    }

    /// The row's values by MSysObjects column id, NULLs and empty values left out.
    fn values(&self) -> Vec<(u32, Vec<u8>)> {
        let mut v: Vec<(u32, Vec<u8>)> = vec![
            (fid::OBJID_TABLE, self.objid_table.to_le_bytes().to_vec()),
            (fid::TYPE, self.sysobj.to_le_bytes().to_vec()),
            (fid::ID, self.id.to_le_bytes().to_vec()),
            (fid::COLTYP_OR_PGNO_FDP, self.coltyp_or_pgno_fdp.to_le_bytes().to_vec()),
            (fid::SPACE_USAGE, self.space_usage.to_le_bytes().to_vec()),
            (fid::FLAGS, self.flags.to_le_bytes().to_vec()),
            (fid::PAGES_OR_LOCALE, self.pages_or_locale.to_le_bytes().to_vec()),
            (fid::NAME, self.name.clone()),
        ];
        if self.root_flag {
            v.push((fid::ROOT_FLAG, vec![0xFF]));
        }
        let mut opt = |columnid: u32, val: Option<Vec<u8>>| {
            if let Some(d) = val
                && !d.is_empty()
            {
                v.push((columnid, d));
            }
        };
        opt(fid::RECORD_OFFSET, self.record_offset.map(|x| x.to_le_bytes().to_vec()));
        opt(fid::LCMAP_FLAGS, self.lcmap_flags.map(|x| x.to_le_bytes().to_vec()));
        opt(fid::KEY_MOST, self.key_most.map(|x| x.to_le_bytes().to_vec()));
        opt(fid::LV_CHUNK_MAX, self.lv_chunk_max.map(|x| x.to_le_bytes().to_vec()));
        opt(fid::PGNO_FDP_LAST_SET_TIME, self.pgno_fdp_last_set_time.map(|x| x.to_le_bytes().to_vec()));
        opt(fid::STATS, self.stats.clone());
        opt(fid::TEMPLATE_TABLE, self.template_table_or_callback.clone());
        opt(fid::DEFAULT_VALUE, self.default_value.clone());
        opt(fid::KEY_FLD_IDS, self.key_fld_ids.clone());
        opt(fid::VAR_SEG_MAC, self.var_seg_mac.clone());
        opt(fid::CONDITIONAL_COLUMNS, self.conditional_columns.clone());
        opt(fid::TUPLE_LIMITS, self.tuple_limits.clone());
        opt(fid::VERSION, self.version.clone());
        opt(fid::SORT_ID, self.sort_id.clone());
        opt(fid::CALLBACK_DATA, self.callback_data.clone());
        opt(fid::CALLBACK_DEPENDENCIES, self.callback_dependencies.clone());
        opt(fid::SEPARATE_LV, self.separate_lv.clone());
        opt(fid::SPACE_HINTS, self.space_hints.clone());
        opt(fid::SPACE_DEFERRED_LV_HINTS, self.space_deferred_lv_hints.clone());
        opt(fid::LOCALE_NAME, self.locale_name.clone());
        v.sort_by_key(|(c, _)| *c);
        v
    }

    /// The record ESE stores for this row (ErrCATIInsert: the highest fixed
    /// column first, then every non-empty value; tagged values as intrinsic,
    /// uncompressed long values). RecordTooBig if it cannot fit a page;
    /// InvalidParameter for a name or value over its column's maximum.
    pub fn encode(&self, page_size: u32) -> JetResult<Vec<u8>> {
        let t = if self.pgno_fdp_last_set_time.is_some() { parse_def() } else { write_def() };
        let config = RecordConfig::new(page_size, key::CB_KEY_MOST_OLD as u32);
        let mut b = RecordBuilder::empty(config);
        let opts = SetOptions { compression: Compression::Never, ..SetOptions::default() };
        let values = self.values();
        // the highest fixed column first, as ESE does (the layout does not depend on it)
        let mut order: Vec<&(u32, Vec<u8>)> = values.iter().collect();
        if let Some(pos) = order.iter().rposition(|(c, _)| *c <= 127) {
            let hi = order.remove(pos);
            order.insert(0, hi);
        }
        for (columnid, data) in order {
            let c = t.column(*columnid).ok_or(JetError::InvalidParameter)?;
            if c.coltyp.fixed_size().is_none() && !c.coltyp.is_long() && data.len() > 255 {
                return Err(JetError::InvalidParameter);
            }
            b.set(t, c, 0, SetValue::Data(data), &opts)?;
        }
        Ok(b.to_bytes())
    }

    /// The record of this row made from `old_data` (the record of `old`) the
    /// way ESE's replace makes it: the old record with the changed columns
    /// set (a column that became NULL is set to NULL, which keeps its slot).
    pub fn encode_from(&self, old_data: &[u8], old: &CatalogRow, page_size: u32) -> JetResult<Vec<u8>> {
        let t = if self.pgno_fdp_last_set_time.is_some() || old.pgno_fdp_last_set_time.is_some() { parse_def() } else { write_def() };
        let config = RecordConfig::new(page_size, key::CB_KEY_MOST_OLD as u32);
        let mut b = RecordBuilder::from_record(old_data, config).map_err(|_| JetError::CatalogCorrupted)?;
        let opts = SetOptions { compression: Compression::Never, ..SetOptions::default() };
        let (ov, nv) = (old.values(), self.values());
        let mut ids: Vec<u32> = ov.iter().chain(nv.iter()).map(|(c, _)| *c).collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let o = ov.iter().find(|(c, _)| *c == id).map(|(_, d)| d);
            let n = nv.iter().find(|(c, _)| *c == id).map(|(_, d)| d);
            if o == n {
                continue;
            }
            let c = t.column(id).ok_or(JetError::InvalidParameter)?;
            let v = match n {
                Some(d) => SetValue::Data(d),
                None => SetValue::Null,
            };
            let itag = if c.columnid >= 256 { 1 } else { 0 };
            b.set(t, c, itag, v, &opts)?;
        }
        Ok(b.to_bytes())
    }

    fn value_list(&self) -> ValueList {
        ValueList(self.values().into_iter().map(|(c, d)| (c, vec![d])).collect())
    }

    /// The row's key in MSysObjects and its shadow (the Id index).
    pub fn key(&self) -> Vec<u8> {
        id_key(self.objid_table, self.sysobj, self.id)
    }

    /// The row's entry in the Name index (key; the data is `key()`).
    pub fn name_index_key(&self) -> JetResult<Vec<u8>> {
        let mut e = key::index_entries(&specs().name, &mut self.value_list())?;
        e.pop().ok_or(JetError::CatalogCorrupted)
    }

    /// The row's entry in the RootObjects index, for tables only.
    pub fn root_objects_key(&self) -> JetResult<Option<Vec<u8>>> {
        Ok(key::index_entries(&specs().root, &mut self.value_list())?.pop())
    }

    /// The name as a string (each byte one character, as ESE's names are
    /// single-byte strings: Latin-1 keeps every byte).
    pub fn name_str(&self) -> String {
        latin1(&self.name)
    }
}

/// Bytes as Latin-1 characters.
pub fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

/// A name as the single-byte string ESE stores (InvalidName for a character
/// above U+00FF).
pub fn name_bytes(name: &str) -> JetResult<Vec<u8>> {
    name.chars().map(|c| u8::try_from(c as u32).map_err(|_| JetError::InvalidName)).collect()
}

fn norm_i32(v: u32) -> [u8; 5] {
    let b = (v ^ 0x8000_0000).to_be_bytes();
    [0x7f, b[0], b[1], b[2], b[3]]
}

/// The Id-index key of (ObjidTable, Type, Id): what MSysObjects and its
/// shadow are keyed by.
pub fn id_key(objid_table: u32, sysobj: u16, id: u32) -> Vec<u8> {
    let mut k = Vec::with_capacity(13);
    k.extend_from_slice(&norm_i32(objid_table));
    let t = (sysobj ^ 0x8000).to_be_bytes();
    k.extend_from_slice(&[0x7f, t[0], t[1]]);
    k.extend_from_slice(&norm_i32(id));
    k
}

/// The key prefix of every row of a table (all its objects).
pub fn table_prefix(objid_table: u32) -> Vec<u8> {
    norm_i32(objid_table).to_vec()
}

/// The key prefix of a table's rows of one type.
pub fn type_prefix(objid_table: u32, sysobj: u16) -> Vec<u8> {
    let mut k = table_prefix(objid_table);
    let t = (sysobj ^ 0x8000).to_be_bytes();
    k.extend_from_slice(&[0x7f, t[0], t[1]]);
    k
}

/// The RootObjects-index key of a table name (what a lookup by name seeks).
pub fn root_objects_key_for(name: &str) -> JetResult<Vec<u8>> {
    let row = CatalogRow { sysobj: sysobj::TABLE, name: name_bytes(name)?, root_flag: true, ..CatalogRow::default() };
    row.root_objects_key()?.ok_or(JetError::InvalidName)
}

/// The Name-index key of an object of a table (ESE compares names
/// case-insensitively through it).
pub fn name_key_for(objid_table: u32, sysobj: u16, name: &str) -> JetResult<Vec<u8>> {
    let row = CatalogRow { objid_table, sysobj, name: name_bytes(name)?, ..CatalogRow::default() };
    row.name_index_key()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mso_fixed_offsets_are_eses() {
        let t = parse_def();
        let offs: Vec<(u32, u16)> = t.columns.iter().filter(|c| c.columnid <= 127).map(|c| (c.columnid, c.record_offset)).collect();
        assert_eq!(
            offs,
            vec![(1, 4), (2, 8), (3, 10), (4, 14), (5, 18), (6, 22), (7, 26), (8, 30), (9, 31), (10, 33), (11, 37), (12, 39), (13, 43)]
        );
    }

    #[test]
    fn keys_match_the_samples() {
        // from basic.edb: MSysObjects' own table row and the Name/RootObjects entries
        assert_eq!(id_key(2, 1, 2), hex("7f800000027f80017f80000002"));
        let row = CatalogRow { objid_table: 2, sysobj: 1, id: 2, name: b"MSysObjects".to_vec(), root_flag: true, ..Default::default() };
        assert_eq!(row.name_index_key().unwrap(), hex("7f800000027f80017f4d5359534f424a4543545300"));
        assert_eq!(row.root_objects_key().unwrap().unwrap(), hex("7fff7f4d5359534f424a4543545300"));
        let col = CatalogRow { objid_table: 2, sysobj: 2, id: 1, name: b"ObjidTable".to_vec(), ..Default::default() };
        assert_eq!(col.root_objects_key().unwrap(), None);
        assert_eq!(root_objects_key_for("basic").unwrap(), hex("7fff7f424153494300"));
    }

    pub(crate) fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }
}
