//! Reading the catalog: MSysObjects rows (in key order) to `CatalogTable`s,
//! the way ESE builds its TDB/FIELD/IDB (cat.cxx ErrCATInitFCB and friends).
//!
//! Template tables: their column ids carry 0x8000_0000 (as do the key
//! columns of their indexes). A derived table's `TableDef` lists the
//! template's columns (with that bit) followed by its own; its indexes are
//! its own rows (ESE copies the template's index definitions into them).

use crate::btree::{Cursor, SeekMode, Store, scan};
use crate::catalog::defs::{
    Coltyp, ColumnClass, ColumnDef, ColumnFlags, ColumnId, ConditionalColumn, IndexDef, IndexFlags, IndexSegment, TableDef,
};
use crate::catalog::locale;
use crate::catalog::mso::{self, CatalogRow, sysobj};
use crate::error::{JetError, JetResult};
use crate::format::fixed::{OBJID_MSO, OBJID_MSO_SHADOW};
use crate::record::schema::TEMPLATE_COLUMN;

/// IDXFLAG fIDXExtendedColumns (bit 16 of a persisted index's Flags): key
/// columns are 4-byte IDXSEGs. A storage detail: `IndexDef::flags` never has it.
pub const IDXFLAG_EXTENDED_COLUMNS: u32 = 0x0001_0000;

/// IDXSEG flag bits (first byte of a 4-byte key column entry).
pub const IDXSEG_TEMPLATE_COLUMN: u8 = 0x80;
pub const IDXSEG_DESCENDING: u8 = 0x40;
pub const IDXSEG_MUST_BE_NULL: u8 = 0x20;

/// A table's callback (a Type 5 row: ESE keeps one per table).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackDef {
    /// JET_CBTYP bits.
    pub cbtyp: u32,
    /// "dll!function" as given to JET_TABLECREATE.szCallback.
    pub name: String,
}

/// What a column with a user-defined default (JET_bitColumnUserDefinedDefault) calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnCallback {
    pub columnid: ColumnId,
    pub callback: String,
    pub user_data: Vec<u8>,
    /// JET_USERDEFINEDDEFAULT.szDependantColumns as stored (NUL-separated names).
    pub dependencies: Vec<u8>,
}

/// An index's locale details beyond `IndexDef`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexLocale {
    pub index: String,
    /// The locale name as stored ("" when the row has none).
    pub locale_name: String,
    /// NLS sort version the index was built with (Unicode indexes).
    pub sort_version: Option<u64>,
    /// Sort id GUID bytes (Unicode indexes).
    pub sort_id: Option<Vec<u8>>,
}

/// Everything the catalog holds about one table.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogTable {
    /// The schema the record, key and isam layers use.
    pub def: TableDef,
    /// Highest column ids in use, deleted columns included: fixed (0 =
    /// none), variable (127 = none), tagged (255 = none). A derived table's
    /// fixed and variable ids continue the template's (so these include
    /// them); its tagged ids are its own. New columns get the next ones.
    pub fid_fixed_last: u32,
    pub fid_var_last: u32,
    pub fid_tagged_last: u32,
    /// Where the fixed columns end in a record (ESE's ibEndFixedColumns,
    /// deleted fixed columns included): the next fixed column's offset.
    pub fixed_end: u16,
    pub callback: Option<CallbackDef>,
    pub column_callbacks: Vec<ColumnCallback>,
    pub index_locales: Vec<IndexLocale>,
    /// Heuristic LV separation threshold (JET_TABLECREATE.cbSeparateLV), if set.
    pub separate_lv: Option<u32>,
    /// JET_TABLECREATE.cbLVChunkMax, if set.
    pub lv_chunk_max: Option<u32>,
    /// The table's own catalog rows in key order (deleted column rows
    /// included): what DDL replaces and deletes.
    pub rows: Vec<CatalogRow>,
    /// A derived table's template, as read with it.
    pub template: Option<Box<CatalogTable>>,
}

impl CatalogTable {
    /// The table's row (Type 1).
    pub fn table_row(&self) -> &CatalogRow {
        &self.rows[0]
    }

    /// An index's row (case-insensitive name).
    pub fn index_row(&self, name: &str) -> Option<&CatalogRow> {
        self.rows.iter().find(|r| r.sysobj == sysobj::INDEX && r.name_str().eq_ignore_ascii_case(name))
    }

    /// A column's row by its id (the template bit ignored: own columns only).
    pub fn column_row(&self, columnid: ColumnId) -> Option<&CatalogRow> {
        let id = columnid & !TEMPLATE_COLUMN;
        self.rows.iter().find(|r| r.sysobj == sysobj::COLUMN && r.id == id)
    }

    pub fn is_template(&self) -> bool {
        self.def.flags & crate::abi::consts::JET_bitObjectTableTemplate != 0
    }

    pub fn is_derived(&self) -> bool {
        self.def.template_table.is_some()
    }

    /// The column's own row is in this table (not the template's).
    pub fn owns_column(&self, columnid: ColumnId) -> bool {
        self.is_template() || columnid & TEMPLATE_COLUMN == 0
    }
}

fn str_of(b: &Option<Vec<u8>>) -> Option<String> {
    b.as_ref().filter(|v| !v.is_empty()).map(|v| mso::latin1(v))
}

/// Key columns from KeyFldIDs / ConditionalColumns, with whether each has
/// `flag` (IDXSEG_DESCENDING / IDXSEG_MUST_BE_NULL). `extended`: 4-byte
/// IDXSEGs; else the old format of signed 16-bit fids (negative: the flag).
fn parse_idxsegs(
    raw: &[u8],
    extended: bool,
    flag: u8,
    template_table: bool,
    template: Option<&CatalogTable>,
) -> JetResult<Vec<(ColumnId, bool)>> {
    let mut out = Vec::new();
    if extended {
        if !raw.len().is_multiple_of(4) {
            return Err(JetError::CatalogCorrupted);
        }
        for e in raw.chunks_exact(4) {
            let fid = u16::from_le_bytes([e[2], e[3]]) as u32;
            let mut id = fid;
            if e[0] & IDXSEG_TEMPLATE_COLUMN != 0 {
                id |= TEMPLATE_COLUMN;
            }
            out.push((id, e[0] & flag != 0));
        }
    } else {
        if !raw.len().is_multiple_of(2) {
            return Err(JetError::CatalogCorrupted);
        }
        for e in raw.chunks_exact(2) {
            let v = i16::from_le_bytes([e[0], e[1]]);
            let fid = v.unsigned_abs() as u32;
            let mut id = fid;
            // the old format has no template bit: a template's columns are
            // those at or below its last ids
            let from_template = template_table
                || template.is_some_and(|t| match ColumnClass::of(fid) {
                    ColumnClass::Fixed => fid <= t.fid_fixed_last,
                    ColumnClass::Variable => fid <= t.fid_var_last,
                    ColumnClass::Tagged => fid <= t.fid_tagged_last,
                });
            if from_template {
                id |= TEMPLATE_COLUMN;
            }
            out.push((id, v < 0));
        }
    }
    Ok(out)
}

fn index_from_row(row: &CatalogRow, template_table: bool, template: Option<&CatalogTable>) -> JetResult<(IndexDef, IndexLocale)> {
    let extended = row.flags & IDXFLAG_EXTENDED_COLUMNS != 0;
    let segments: Vec<IndexSegment> =
        parse_idxsegs(row.key_fld_ids.as_deref().unwrap_or(&[]), extended, IDXSEG_DESCENDING, template_table, template)?
            .into_iter()
            .map(|(columnid, descending)| IndexSegment { columnid, descending })
            .collect();
    if segments.is_empty() {
        return Err(JetError::CatalogCorrupted);
    }
    let conditional =
        parse_idxsegs(row.conditional_columns.as_deref().unwrap_or(&[]), extended, IDXSEG_MUST_BE_NULL, template_table, template)?
            .into_iter()
            .map(|(columnid, must_be_null)| ConditionalColumn { columnid, must_be_null })
            .collect();
    let cb_key_most = row.key_most.map_or(crate::key::CB_KEY_MOST_OLD as u32, u32::from);
    let cb_var_seg_mac = match &row.var_seg_mac {
        Some(v) if v.len() == 2 => u16::from_le_bytes([v[0], v[1]]) as u32,
        Some(v) if !v.is_empty() => return Err(JetError::CatalogCorrupted),
        _ => cb_key_most,
    };
    let le = |b: &[u8], i: usize| u32::from_le_bytes(b[4 * i..4 * i + 4].try_into().unwrap());
    let tuple_limits = match &row.tuple_limits {
        None => None,
        Some(t) if t.len() == 20 => Some([le(t, 0), le(t, 1), le(t, 2), le(t, 3), le(t, 4)]),
        Some(t) if t.len() == 12 => Some([le(t, 0), le(t, 1), le(t, 2), 1, 0]),
        Some(_) => return Err(JetError::CatalogCorrupted),
    };
    let locale_name = row.locale_name.as_deref().map(locale::decode_name);
    let lcid = if row.pages_or_locale != 0 {
        row.pages_or_locale
    } else {
        locale_name.as_deref().map(|n| locale::lcid_from_name(n).unwrap_or(locale::DEFAULT_LCID)).unwrap_or(locale::DEFAULT_LCID)
    };
    let def = IndexDef {
        name: row.name_str(),
        objid: row.id,
        pgno_fdp: row.coltyp_or_pgno_fdp,
        flags: IndexFlags::from_bits_retain(row.flags & !IDXFLAG_EXTENDED_COLUMNS),
        segments,
        conditional,
        lcid,
        lcmap_flags: row.lcmap_flags.unwrap_or(0),
        cb_key_most,
        cb_var_seg_mac,
        tuple_limits,
        density: row.space_usage,
    };
    let loc = IndexLocale {
        index: def.name.clone(),
        locale_name: locale_name.unwrap_or_default(),
        sort_version: row.version.as_deref().filter(|v| v.len() == 8).map(|v| u64::from_le_bytes(v.try_into().unwrap())),
        sort_id: row.sort_id.clone(),
    };
    Ok((def, loc))
}

/// Builds one table from its rows (key order: the table row first), with
/// its template's `CatalogTable` for a derived table. CatalogCorrupted when
/// the rows do not describe a table.
pub fn table_from_rows(rows: Vec<CatalogRow>, template: Option<&CatalogTable>) -> JetResult<CatalogTable> {
    let first = rows.first().ok_or(JetError::CatalogCorrupted)?;
    if first.sysobj != sysobj::TABLE || first.id != first.objid_table || rows.iter().any(|r| r.objid_table != first.objid_table) {
        return Err(JetError::CatalogCorrupted);
    }
    let objid = first.objid_table;
    let flags = first.flags;
    let template_table_flag = flags & crate::abi::consts::JET_bitObjectTableTemplate != 0;
    let template_name = str_of(&first.template_table_or_callback);
    if template_name.is_some() && template.is_none() {
        // a derived table is read with its template
        return Err(JetError::CatalogCorrupted);
    }
    let template = if template_name.is_some() { template } else { None };

    let mut columns: Vec<ColumnDef> = template.map(|t| t.def.columns.clone()).unwrap_or_default();
    // a derived table's fixed and variable columns continue the template's
    // id space; its tagged columns have their own (told apart in records by
    // the derived bit)
    let (mut fixed_last, mut var_last, mut tagged_last) = match template {
        Some(t) => (t.fid_fixed_last, t.fid_var_last, 255),
        None => (0, 127, 255),
    };
    let mut fixed_end: u16 = template.map_or(4, |t| t.fixed_end);
    let mut indexes: Vec<IndexDef> = Vec::new();
    let mut index_locales = Vec::new();
    let mut column_callbacks = Vec::new();
    let mut lv_tree = None;
    let mut callback = None;
    let system_catalog = objid == OBJID_MSO || objid == OBJID_MSO_SHADOW;

    for row in &rows[1..] {
        match row.sysobj {
            sysobj::COLUMN => {
                let fid = row.id;
                if fid == 0 || fid > 0xFFFF {
                    return Err(JetError::CatalogCorrupted);
                }
                let is_fixed = ColumnClass::of(fid) == ColumnClass::Fixed;
                match ColumnClass::of(fid) {
                    ColumnClass::Fixed => fixed_last = fixed_last.max(fid),
                    ColumnClass::Variable => var_last = var_last.max(fid),
                    ColumnClass::Tagged => tagged_last = tagged_last.max(fid),
                }
                let cb_max = row.space_usage;
                let record_offset = if is_fixed { row.record_offset.unwrap_or(0) } else { 0 };
                if is_fixed && !system_catalog {
                    if record_offset < 4 {
                        return Err(JetError::CatalogCorrupted);
                    }
                    let end = record_offset as u32 + cb_max.max(1);
                    if end > u16::MAX as u32 {
                        return Err(JetError::CatalogCorrupted);
                    }
                    fixed_end = fixed_end.max(end as u16);
                }
                if row.coltyp_or_pgno_fdp == 0 {
                    // a deleted column (JET_coltypNil): its id and space stay taken
                    continue;
                }
                let coltyp = Coltyp::from_u32(row.coltyp_or_pgno_fdp).ok_or(JetError::CatalogCorrupted)?;
                let cflags = ColumnFlags::from_bits_retain(row.flags);
                let default = if cflags.contains(ColumnFlags::DEFAULT) && !cflags.contains(ColumnFlags::USER_DEFINED_DEFAULT) {
                    match &row.default_value {
                        Some(d) if !d.is_empty() => Some(d.clone()),
                        _ => return Err(JetError::CatalogCorrupted),
                    }
                } else {
                    None
                };
                let columnid = if template_table_flag { fid | TEMPLATE_COLUMN } else { fid };
                if cflags.contains(ColumnFlags::USER_DEFINED_DEFAULT) {
                    column_callbacks.push(ColumnCallback {
                        columnid,
                        callback: str_of(&row.template_table_or_callback).unwrap_or_default(),
                        user_data: row.callback_data.clone().unwrap_or_default(),
                        dependencies: row.callback_dependencies.clone().unwrap_or_default(),
                    });
                }
                columns.push(ColumnDef {
                    columnid,
                    name: row.name_str(),
                    coltyp,
                    cb_max,
                    cp: row.pages_or_locale as u16,
                    flags: cflags,
                    default,
                    record_offset,
                });
            }
            sysobj::INDEX => {
                let (def, loc) = index_from_row(row, template_table_flag, template)?;
                indexes.push(def);
                index_locales.push(loc);
            }
            sysobj::LONG_VALUE => lv_tree = Some((row.id, row.coltyp_or_pgno_fdp)),
            sysobj::CALLBACK => {
                callback = Some(CallbackDef { cbtyp: row.flags, name: str_of(&row.template_table_or_callback).unwrap_or_default() })
            }
            sysobj::TABLE => return Err(JetError::CatalogCorrupted),
            // obsolete SLV objects and unknown types: nothing of the schema
            _ => {}
        }
    }

    if system_catalog {
        // ESE stores offset 4 for every column of its catalog and computes
        // the real offsets when it opens it
        let mut off = 4u16;
        let mut fixed: Vec<&mut ColumnDef> = columns.iter_mut().filter(|c| c.class() == ColumnClass::Fixed).collect();
        fixed.sort_by_key(|c| c.columnid);
        for c in fixed {
            c.record_offset = off;
            off += c.fixed_len() as u16;
        }
        fixed_end = off;
    }

    columns.sort_by_key(|c| c.columnid);
    // the primary index first, then the others in catalog (objid) order
    indexes.sort_by_key(|i| !i.flags.contains(IndexFlags::PRIMARY));

    let sep = |v: &Option<Vec<u8>>| v.as_deref().filter(|b| b.len() == 4).map(|b| u32::from_le_bytes(b.try_into().unwrap()));
    let def = TableDef {
        name: first.name_str(),
        objid,
        pgno_fdp: first.coltyp_or_pgno_fdp,
        flags,
        initial_pages: first.pages_or_locale,
        density: first.space_usage,
        template_table: template_name,
        columns,
        indexes,
        lv_tree,
    };
    Ok(CatalogTable {
        separate_lv: sep(&first.separate_lv),
        lv_chunk_max: first.lv_chunk_max,
        def,
        fid_fixed_last: fixed_last,
        fid_var_last: var_last,
        fid_tagged_last: tagged_last,
        fixed_end,
        callback,
        column_callbacks,
        index_locales,
        rows,
        template: template.map(|t| Box::new(t.clone())),
    })
}

/// Parses MSysObjects entries (key, data), checking each key is its row's.
pub fn parse_rows<I, K, D>(entries: I, page_size: u32) -> JetResult<Vec<CatalogRow>>
where
    I: IntoIterator<Item = (K, D)>,
    K: AsRef<[u8]>,
    D: AsRef<[u8]>,
{
    let mut out = Vec::new();
    for (k, d) in entries {
        let row = CatalogRow::parse(d.as_ref(), page_size)?;
        if row.key() != k.as_ref() {
            return Err(JetError::CatalogCorrupted);
        }
        out.push(row);
    }
    Ok(out)
}

/// Every table of a catalog, from all of MSysObjects' entries in key order
/// (a cursor's or a transaction's merged view), in objid order. Derived
/// tables are resolved against their template (read from the same entries).
pub fn read_catalog<I, K, D>(entries: I, page_size: u32) -> JetResult<Vec<CatalogTable>>
where
    I: IntoIterator<Item = (K, D)>,
    K: AsRef<[u8]>,
    D: AsRef<[u8]>,
{
    let rows = parse_rows(entries, page_size)?;
    let mut groups: Vec<Vec<CatalogRow>> = Vec::new();
    for row in rows {
        match groups.last_mut() {
            Some(g) if g[0].objid_table == row.objid_table => g.push(row),
            _ => groups.push(vec![row]),
        }
    }
    // templates first (a template is never derived), then the others
    let is_derived = |g: &Vec<CatalogRow>| g[0].template_table_or_callback.as_ref().is_some_and(|t| !t.is_empty());
    let mut out: Vec<Option<CatalogTable>> = vec![None; groups.len()];
    let mut plain = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        if !is_derived(g) {
            plain.push(table_from_rows(g.clone(), None)?);
            out[i] = plain.last().cloned();
        }
    }
    for (i, g) in groups.iter().enumerate() {
        if is_derived(g) {
            let tname = mso::latin1(g[0].template_table_or_callback.as_ref().unwrap());
            let template = plain.iter().find(|t| t.def.name.eq_ignore_ascii_case(&tname)).ok_or(JetError::CatalogCorrupted)?;
            out[i] = Some(table_from_rows(g.clone(), Some(template))?);
        }
    }
    Ok(out.into_iter().map(|t| t.unwrap()).collect())
}

/// The `TableDef`s of every table (see `read_catalog`).
pub fn read_table_defs<I, K, D>(entries: I, page_size: u32) -> JetResult<Vec<TableDef>>
where
    I: IntoIterator<Item = (K, D)>,
    K: AsRef<[u8]>,
    D: AsRef<[u8]>,
{
    Ok(read_catalog(entries, page_size)?.into_iter().map(|t| t.def).collect())
}

// ---- reading straight from a Store (committed state, no transaction) ----

/// Which table to read.
#[derive(Copy, Clone, Debug)]
pub enum TableRef<'a> {
    Name(&'a str),
    Objid(u32),
}

/// All of a database's tables, from its MSysObjects tree.
pub fn read_catalog_from_store(store: &Store) -> JetResult<Vec<CatalogTable>> {
    let tree = store.open_tree(crate::format::fixed::PGNO_MSO)?;
    read_catalog(scan(store, &tree)?, store.page_size() as u32)
}

/// The rows of one table: seek its key prefix in MSysObjects.
fn rows_of(store: &Store, objid: u32) -> JetResult<Vec<CatalogRow>> {
    let tree = store.open_tree(crate::format::fixed::PGNO_MSO)?;
    let prefix = mso::table_prefix(objid);
    let mut c = Cursor::new(tree);
    let mut entries = Vec::new();
    let mut r = match c.seek(store, &prefix, None, SeekMode::Ge) {
        Ok(_) => Ok(()),
        Err(JetError::RecordNotFound) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    while r.is_ok() {
        let e = c.entry().ok_or(JetError::NoCurrentRecord)?;
        if !e.key.starts_with(&prefix) {
            break;
        }
        entries.push((e.key.clone(), e.data.clone()));
        r = c.next(store);
    }
    match r {
        Ok(()) | Err(JetError::NoCurrentRecord) => {}
        Err(e) => return Err(e),
    }
    parse_rows(entries, store.page_size() as u32)
}

/// The objid of the table called `name` (case-insensitive), through the
/// RootObjects index.
pub fn find_table_objid(store: &Store, name: &str) -> JetResult<Option<u32>> {
    let key = match mso::root_objects_key_for(name) {
        Ok(k) => k,
        Err(JetError::InvalidName) => return Ok(None),
        Err(e) => return Err(e),
    };
    let tree = store.open_tree(crate::format::fixed::PGNO_MSO_ROOT_OBJECT_INDEX)?;
    let mut c = Cursor::new(tree);
    match c.seek(store, &key, None, SeekMode::Eq) {
        Ok(_) => {}
        Err(JetError::RecordNotFound) => return Ok(None),
        Err(e) => return Err(e),
    }
    // the entry's data is the table row's MSysObjects key: its first 5 bytes the objid
    let d = c.data().ok_or(JetError::CatalogCorrupted)?;
    if d.len() < 5 || d[0] != 0x7f {
        return Err(JetError::CatalogCorrupted);
    }
    Ok(Some(u32::from_be_bytes(d[1..5].try_into().unwrap()) ^ 0x8000_0000))
}

/// One table (with its template, if derived), without reading the others.
/// ObjectNotFound if there is no such table.
pub fn read_table_from_store(store: &Store, which: TableRef<'_>) -> JetResult<CatalogTable> {
    let objid = match which {
        TableRef::Objid(o) => o,
        TableRef::Name(n) => find_table_objid(store, n)?.ok_or(JetError::ObjectNotFound)?,
    };
    let rows = rows_of(store, objid)?;
    if rows.first().is_none_or(|r| r.sysobj != sysobj::TABLE) {
        return Err(JetError::ObjectNotFound);
    }
    let template = match str_of(&rows[0].template_table_or_callback) {
        Some(t) => {
            let tobjid = find_table_objid(store, &t)?.ok_or(JetError::CatalogCorrupted)?;
            Some(table_from_rows(rows_of(store, tobjid)?, None)?)
        }
        None => None,
    };
    table_from_rows(rows, template.as_ref())
}
