//! DDL as catalog operations: each function checks the request the way ESE
//! does (fcreate.cxx, cat.cxx) against the table's `CatalogTable`, and
//! returns the tree operations (`write::CatalogOp`) that make the change,
//! with the table as it reads afterwards. Nothing here touches a tree: B-tree
//! space (a new table's or index's first page) and object ids come from the
//! caller (`Batch::create_tree`), which is why creating a table or an index
//! is planned first (`plan_*`: checks, and which trees to create) and
//! finished once the trees exist.
//!
//! What the caller knows and ESE checks elsewhere: that a table with the
//! name exists or is in use (TableDuplicate also surfaces as the
//! RootObjects insert's `duplicate` error), that a table is empty (escrow
//! columns, primary indexes: `DdlAccess::empty`), exclusive use
//! (`DdlAccess::exclusive`), JET_bitTablePermitDDL (`DdlAccess::permit_ddl`).

use crate::abi::consts::*;
use crate::btree::TreeKind;
use crate::catalog::defs::{ColumnClass, ColumnDef, ColumnFlags, ColumnId, ConditionalColumn, IndexDef, IndexFlags, IndexSegment};
use crate::catalog::locale;
use crate::catalog::mso::{self, CatalogRow, sysobj};
use crate::catalog::space_hints::{HintsRow, SpaceHints};
use crate::catalog::read::{self, CatalogTable, IDXFLAG_EXTENDED_COLUMNS, IDXSEG_DESCENDING, IDXSEG_MUST_BE_NULL, IDXSEG_TEMPLATE_COLUMN};
use crate::catalog::system;
use crate::catalog::validate::{self, ColumnCreate, IndexCreate, IndexDefaults, ValidColumn, ValidIndex, same_name};
use crate::catalog::write::{self, CatalogOp, CatalogTree, CatalogTrees};
use crate::error::{JetError, JetResult};
use crate::key::CB_KEY_MOST_OLD;
use crate::record::limits;
use crate::record::schema::TEMPLATE_COLUMN;

/// JET_bitTableCreateSystemTable (internal: only system tables).
pub const JET_BIT_TABLE_CREATE_SYSTEM_TABLE: u32 = 0x8000_0000;
/// The stub name prefix of a deleted column.
pub const DELETED_COLUMN_PREFIX: &str = "JetStub_";
/// What a table's LV tree row holds (ErrCATIAddTableLV): name, density, pages.
pub const LV_ROW_NAME: &str = "LV";
/// The name of a table's callback row.
pub const CALLBACK_ROW_NAME: &str = "CB";

/// Database-wide settings DDL needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogContext {
    pub page_size: u32,
    /// Record B-trees in MSysObjids (the database has it).
    pub maintain_objids: bool,
    /// Count Unicode index locales in MSysLocales (the database has it).
    pub maintain_locales: bool,
    /// The instance's index defaults (JET_paramUnicodeIndexDefault ...).
    pub index_defaults: IndexDefaults,
    /// Internal: JET_bitTableCreateSystemTable is allowed, and system tables may be deleted.
    pub allow_system: bool,
}

impl CatalogContext {
    pub fn new(page_size: u32, trees: &CatalogTrees) -> CatalogContext {
        CatalogContext {
            page_size,
            maintain_objids: trees.objids.is_some(),
            maintain_locales: trees.locales.is_some(),
            index_defaults: IndexDefaults::default(),
            allow_system: false,
        }
    }
}

/// What the caller knows about its access to the table.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct DdlAccess {
    /// The table is open exclusively (JET_bitTableDenyRead) by this session.
    pub exclusive: bool,
    /// The cursor was opened with JET_bitTablePermitDDL (FixedDDL tables).
    pub permit_ddl: bool,
    /// The table holds no record (checked by the caller).
    pub empty: bool,
}

/// A table to create (JET_TABLECREATE5).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableCreate {
    pub name: String,
    /// szTemplateTableName: the caller passes that table's `CatalogTable` too.
    pub template: Option<String>,
    /// ulPages.
    pub pages: u32,
    /// ulDensity (0: 80).
    pub density: u32,
    /// JET_bitTableCreate*.
    pub grbit: u32,
    pub columns: Vec<ColumnCreate>,
    pub indexes: Vec<IndexCreate>,
    /// szCallback and cbtyp.
    pub callback: Option<(u32, String)>,
    pub separate_lv: u32,
    pub lv_chunk_max: u32,
    /// pSeqSpacehints (a table without a primary index), normalized.
    pub seq_hints: Option<SpaceHints>,
    /// pLVSpacehints, normalized: kept for the LV tree created later.
    pub lv_hints: Option<SpaceHints>,
}

/// Under which page a tree is created.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TreeParent {
    /// The database root (page 1): a table.
    SystemRoot,
    /// The table the plan creates (the first tree of the plan).
    Table,
    /// An existing table's first page.
    Page(u32),
}

/// A B-tree the caller creates (`Batch::create_tree(parent, cpg, kind, unique, false)`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct TreeRequest {
    pub parent: TreeParent,
    pub cpg: u32,
    pub kind: TreeKind,
    pub unique: bool,
}

/// What a DDL operation does.
#[derive(Clone, Debug, PartialEq)]
pub struct DdlResult {
    pub ops: Vec<CatalogOp>,
    /// The table afterwards (None once deleted).
    pub table: Option<CatalogTable>,
    /// New columns' ids (create table: in request order).
    pub columnids: Vec<ColumnId>,
    /// JET_wrnColumnMaxTruncated: some Text/Binary cbMax was cut to 255.
    pub max_truncated: bool,
    /// First pages of trees the caller deletes once the operations are applied.
    pub trees_to_delete: Vec<u32>,
}

impl DdlResult {
    fn new(ops: Vec<CatalogOp>, table: Option<CatalogTable>) -> DdlResult {
        DdlResult { ops, table, columnids: Vec::new(), max_truncated: false, trees_to_delete: Vec::new() }
    }
}

fn filter_ops(ctx: &CatalogContext, ops: Vec<CatalogOp>) -> Vec<CatalogOp> {
    ops.into_iter()
        .filter(|o| match o.tree() {
            CatalogTree::Objids => ctx.maintain_objids,
            CatalogTree::Locales => ctx.maintain_locales,
            _ => true,
        })
        .collect()
}

// ---- rows ----

fn column_row(objid_table: u32, v: &ValidColumn, columnid: ColumnId, record_offset: Option<u16>, template: bool) -> JetResult<CatalogRow> {
    let mut flags = v.flags;
    if template {
        flags |= ColumnFlags::TEMPLATE_COLUMN_ESE98;
    }
    let (callback, data) = match &v.user_defined_default {
        Some(u) => (Some(mso::name_bytes(&u.callback)?), Some(u.user_data.clone())),
        None => (None, None),
    };
    Ok(CatalogRow {
        objid_table,
        sysobj: sysobj::COLUMN,
        id: columnid & !TEMPLATE_COLUMN,
        name: mso::name_bytes(&v.name)?,
        coltyp_or_pgno_fdp: v.coltyp as u32,
        space_usage: v.cb_max,
        flags: flags.bits(),
        pages_or_locale: v.cp as u32,
        record_offset,
        template_table_or_callback: callback,
        default_value: v.default.clone(),
        callback_data: data,
        ..CatalogRow::default()
    })
}

fn idxsegs(segs: &[(ColumnId, u8)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 * segs.len());
    for &(id, f) in segs {
        let mut flags = f;
        if id & TEMPLATE_COLUMN != 0 {
            flags |= IDXSEG_TEMPLATE_COLUMN;
        }
        out.extend_from_slice(&[flags, 0]);
        out.extend_from_slice(&((id & 0xFFFF) as u16).to_le_bytes());
    }
    out
}

/// The catalog row of an index (ErrCATAddTableIndex): flags with
/// fIDXExtendedColumns, 4-byte key columns, LCMapFlags and the locale name
/// for every index, the sort version and id for Unicode ones, VarSegMac and
/// KeyMost only when they differ from the defaults.
pub fn index_row(objid_table: u32, ix: &IndexDef, locale_name: &str, space_hints: &[u8]) -> JetResult<CatalogRow> {
    let segs: Vec<(ColumnId, u8)> = ix.segments.iter().map(|s| (s.columnid, if s.descending { IDXSEG_DESCENDING } else { 0 })).collect();
    let cond: Vec<(ColumnId, u8)> =
        ix.conditional.iter().map(|c| (c.columnid, if c.must_be_null { IDXSEG_MUST_BE_NULL } else { 0 })).collect();
    let localized = ix.flags.contains(IndexFlags::LOCALIZED_TEXT);
    let tuple = ix.tuple_limits.map(|l| l.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>());
    Ok(CatalogRow {
        objid_table,
        sysobj: sysobj::INDEX,
        id: ix.objid,
        name: mso::name_bytes(&ix.name)?,
        coltyp_or_pgno_fdp: ix.pgno_fdp,
        space_usage: ix.density,
        flags: ix.flags.bits() | IDXFLAG_EXTENDED_COLUMNS,
        pages_or_locale: 0,
        lcmap_flags: Some(ix.lcmap_flags),
        key_most: (ix.cb_key_most != CB_KEY_MOST_OLD as u32).then_some(ix.cb_key_most as u16),
        key_fld_ids: Some(idxsegs(&segs)),
        conditional_columns: (!cond.is_empty()).then(|| idxsegs(&cond)),
        var_seg_mac: (ix.cb_var_seg_mac != ix.cb_key_most).then(|| (ix.cb_var_seg_mac as u16).to_le_bytes().to_vec()),
        tuple_limits: tuple,
        version: localized.then(|| system::SORT_VERSION.to_le_bytes().to_vec()),
        sort_id: localized.then(|| system::SORT_ID.to_vec()),
        locale_name: Some(locale::encode_name(locale_name)),
        space_hints: (!space_hints.is_empty()).then(|| space_hints.to_vec()),
        ..CatalogRow::default()
    })
}

/// The operations that add an index row (and its MSysObjids and MSysLocales entries).
fn index_row_ops(ctx: &CatalogContext, row: &CatalogRow, ix: &IndexDef, locale_name: &str, ops: &mut Vec<CatalogOp>) -> JetResult<()> {
    write::insert_row(row, ctx.page_size, JetError::IndexDuplicate, ops)?;
    if ix.objid != row.objid_table {
        ops.push(system::objids_insert(ix.objid, row.objid_table, sysobj::INDEX, ctx.page_size)?);
    }
    if ix.flags.contains(IndexFlags::LOCALIZED_TEXT) {
        let vk = system::locale_entry_key(locale_name, &system::SORT_ID, system::SORT_VERSION);
        ops.push(CatalogOp::LocaleAddRef { key: system::locale_key(&vk)?, value_key: vk });
    }
    Ok(())
}

/// ESE's REC::CbRecordMost for a table whose primary index keys are at
/// most `cb_key_most` bytes.
fn record_most(page_size: u32, cb_key_most: u32) -> u32 {
    limits::cb_record_most(page_size, cb_key_most) as u32
}

fn table_record_most(ctx: &CatalogContext, t: &CatalogTable) -> u32 {
    let k = t.def.primary_index().map_or(limits::DBK_KEY_SIZE, |i| i.cb_key_most);
    record_most(ctx.page_size, k)
}

// ---- an index from its definition and the table's columns ----

#[derive(Clone, Debug)]
struct ResolvedIndex {
    def: IndexDef,
    locale_name: String,
    /// The index's normalized space hints, if it was given some.
    space_hints: Option<SpaceHints>,
}

impl ResolvedIndex {
    /// The catalog form of the index's hints (its row's SpaceHints).
    fn hints_bytes(&self) -> Vec<u8> {
        self.space_hints.map(|h| h.marshal(HintsRow::IndexOrLv)).unwrap_or_default()
    }
}

/// The pages a new index tree gets: its hints' cbInitial, else one.
fn index_cpg(ix: &IndexCreate, page_size: u32) -> u32 {
    ix.space_hints.map_or(1, |h| h.cpg_initial(page_size))
}

/// A template index's hints as its catalog row keeps them (density and all).
fn template_index_hints(t: &CatalogTable, ix: &IndexDef) -> JetResult<Option<SpaceHints>> {
    let Some(bytes) = t.index_row(&ix.name).and_then(|r| r.space_hints.as_ref()) else { return Ok(None) };
    let mut h = SpaceHints { cb_struct_ok: true, initial_density: ix.density, ..SpaceHints::default() };
    h.unmarshal(HintsRow::IndexOrLv, bytes)?;
    Ok(Some(h))
}

/// An index's definition once its columns are known. Its density: the
/// one asked for, else 80 (ESE's API passes ulDensity as the index's space
/// hints, a 0 corrected to the default).
fn resolve_index(v: &ValidIndex, columns: &dyn Fn(&str) -> Option<ColumnDef>, template_table: bool) -> JetResult<ResolvedIndex> {
    let (segs, cond, mut flags) = validate::resolve_index_columns(v, columns)?;
    if template_table {
        flags |= IndexFlags::TEMPLATE_INDEX;
    }
    let lcid = locale::lcid_from_name(&v.locale_name).unwrap_or(locale::DEFAULT_LCID);
    Ok(ResolvedIndex {
        def: IndexDef {
            name: v.name.clone(),
            objid: 0,
            pgno_fdp: 0,
            flags,
            segments: segs.into_iter().map(|(columnid, descending)| IndexSegment { columnid, descending }).collect(),
            conditional: cond.into_iter().map(|(columnid, must_be_null)| ConditionalColumn { columnid, must_be_null }).collect(),
            lcid,
            lcmap_flags: v.lcmap_flags,
            cb_key_most: v.cb_key_most,
            cb_var_seg_mac: v.cb_var_seg_mac,
            tuple_limits: v.tuple_limits,
            density: if v.density != 0 { v.density } else { validate::DENSITY_DEFAULT },
        },
        locale_name: v.locale_name.clone(),
        space_hints: None,
    })
}

// ---- create table ----

/// A checked JET_TABLECREATE, waiting for its trees.
#[derive(Clone, Debug)]
pub struct TablePlan {
    name: String,
    template: Option<CatalogTable>,
    template_name: Option<String>,
    object_flags: u32,
    pages: u32,
    density: u32,
    columns: Vec<(ValidColumn, ColumnId, Option<u16>)>,
    indexes: Vec<ResolvedIndex>,
    callback: Option<(u32, String)>,
    separate_lv: u32,
    lv_chunk_max: u32,
    trees: Vec<TreeRequest>,
    /// Which tree each secondary index (template's first, then new) gets.
    inherited: Vec<IndexDef>,
    max_truncated: bool,
    /// The table row's SpaceHints and SpaceDeferredLVHints (catalog form).
    table_hints: Vec<u8>,
    lv_hints: Vec<u8>,
}

impl TablePlan {
    /// The trees to create, in order: the table (under the database root),
    /// then one per secondary index (under the table): the template's
    /// inherited ones first, then the new ones in request order.
    pub fn trees(&self) -> &[TreeRequest] {
        &self.trees
    }

    /// The column ids the table's new columns get (request order).
    pub fn columnids(&self) -> Vec<ColumnId> {
        self.columns.iter().map(|c| c.1).collect()
    }

    /// The operations, given the trees created as asked ((objid, first page) each, in order).
    pub fn finish(self, ctx: &CatalogContext, created: &[(u32, u32)]) -> JetResult<DdlResult> {
        if created.len() != self.trees.len() {
            return Err(JetError::InvalidParameter);
        }
        let ps = ctx.page_size;
        let (objid, pgno) = created[0];
        let mut rows = Vec::new();
        let mut ops = Vec::new();
        let table_row = CatalogRow {
            objid_table: objid,
            sysobj: sysobj::TABLE,
            id: objid,
            name: mso::name_bytes(&self.name)?,
            coltyp_or_pgno_fdp: pgno,
            space_usage: self.density,
            flags: self.object_flags,
            pages_or_locale: self.pages,
            root_flag: true,
            template_table_or_callback: self.template_name.as_deref().map(mso::name_bytes).transpose()?,
            separate_lv: (self.separate_lv != 0).then(|| self.separate_lv.to_le_bytes().to_vec()),
            lv_chunk_max: (self.lv_chunk_max != 0).then_some(self.lv_chunk_max),
            space_hints: (!self.table_hints.is_empty()).then(|| self.table_hints.clone()),
            space_deferred_lv_hints: (!self.lv_hints.is_empty()).then(|| self.lv_hints.clone()),
            ..CatalogRow::default()
        };
        write::insert_row(&table_row, ps, JetError::TableDuplicate, &mut ops)?;
        ops.push(system::objids_insert(objid, objid, sysobj::TABLE, ps)?);
        rows.push(table_row);

        let mut next_tree = 1;
        let mut index_ops = Vec::new();
        // the template's indexes, each with its own tree (the primary one the table's)
        for t in &self.inherited {
            let mut ix = t.clone();
            ix.flags = (ix.flags | IndexFlags::DERIVED_INDEX) - IndexFlags::TEMPLATE_INDEX;
            if ix.flags.contains(IndexFlags::PRIMARY) {
                (ix.objid, ix.pgno_fdp) = (objid, pgno);
            } else {
                (ix.objid, ix.pgno_fdp) = created[next_tree];
                next_tree += 1;
            }
            let tmpl = self.template.as_ref().unwrap();
            let lname = tmpl.index_locales.iter().find(|l| l.index == t.name).map_or(String::new(), |l| l.locale_name.clone());
            // ESE gives a derived index the template's density and initial size only
            let hints = template_index_hints(tmpl, t)?
                .map(|h| SpaceHints { cb_struct_ok: true, initial_density: h.initial_density, cb_initial: h.cb_initial, ..SpaceHints::default() }.marshal(HintsRow::IndexOrLv))
                .unwrap_or_default();
            let row = index_row(objid, &ix, &lname, &hints)?;
            index_row_ops(ctx, &row, &ix, &lname, &mut index_ops)?;
            rows.push(row);
        }
        for (v, columnid, off) in &self.columns {
            let row = column_row(objid, v, *columnid, *off, self.object_flags & JET_bitObjectTableTemplate != 0)?;
            write::insert_row(&row, ps, JetError::ColumnDuplicate, &mut ops)?;
            rows.push(row);
        }
        ops.extend(index_ops);
        for ri in &self.indexes {
            let mut ix = ri.def.clone();
            if ix.flags.contains(IndexFlags::PRIMARY) {
                (ix.objid, ix.pgno_fdp) = (objid, pgno);
            } else {
                (ix.objid, ix.pgno_fdp) = created[next_tree];
                next_tree += 1;
            }
            let row = index_row(objid, &ix, &ri.locale_name, &ri.hints_bytes())?;
            index_row_ops(ctx, &row, &ix, &ri.locale_name, &mut ops)?;
            rows.push(row);
        }
        if let Some((cbtyp, name)) = &self.callback {
            let row = callback_row(objid, *cbtyp, name)?;
            write::insert_row(&row, ps, JetError::KeyDuplicate, &mut ops)?;
            rows.push(row);
        }
        rows.sort_by_key(|r| r.key());
        let table = read::table_from_rows(rows, self.template.as_ref())?;
        let mut r = DdlResult::new(filter_ops(ctx, ops), Some(table));
        r.columnids = self.columns.iter().map(|c| c.1).collect();
        r.max_truncated = self.max_truncated;
        Ok(r)
    }
}

fn callback_row(objid_table: u32, cbtyp: u32, name: &str) -> JetResult<CatalogRow> {
    if cbtyp == 0 || name.len() >= JET_cbColumnMost as usize {
        return Err(JetError::InvalidParameter);
    }
    Ok(CatalogRow {
        objid_table,
        sysobj: sysobj::CALLBACK,
        id: sysobj::CALLBACK as u32,
        name: CALLBACK_ROW_NAME.as_bytes().to_vec(),
        coltyp_or_pgno_fdp: 0,
        space_usage: 0,
        flags: cbtyp,
        pages_or_locale: 0,
        template_table_or_callback: Some(mso::name_bytes(name)?),
        ..CatalogRow::default()
    })
}

/// Checks a JET_TABLECREATE (ErrIsamCreateTable, ErrFILECreateTable and
/// the creation of its columns and indexes, in ESE's order) and plans it.
/// `template`: the table named by `tc.template`.
pub fn plan_create_table(ctx: &CatalogContext, tc: &TableCreate, template: Option<&CatalogTable>) -> JetResult<TablePlan> {
    let g = tc.grbit;
    let is_template = g & JET_bitTableCreateTemplateTable != 0;
    if is_template {
        if tc.template.is_some() {
            return Err(JetError::CannotNestDDL);
        }
        if g & JET_bitTableCreateNoFixedVarColumnsInDerivedTables != 0 {
            return Err(JetError::InvalidGrbit);
        }
    } else if g & JET_bitTableCreateNoFixedVarColumnsInDerivedTables != 0 {
        return Err(JetError::InvalidGrbit);
    }
    if g & JET_BIT_TABLE_CREATE_SYSTEM_TABLE != 0 && !ctx.allow_system {
        return Err(JetError::InvalidGrbit);
    }
    for ix in &tc.indexes {
        if (ix.grbit & JET_bitIndexUnicode != 0) != ix.unicode.is_some() {
            return Err(JetError::InvalidParameter);
        }
    }
    let name = validate::check_name(&tc.name)?;
    let template_name = match &tc.template {
        Some(n) => Some(validate::check_name(n)?),
        None => None,
    };
    let template = match (&template_name, template) {
        (None, _) => None,
        (Some(n), Some(t)) if same_name(n, &t.def.name) => {
            if !t.is_template() {
                return Err(JetError::DDLNotInheritable);
            }
            Some(t.clone())
        }
        (Some(_), Some(_)) => return Err(JetError::InvalidParameter),
        (Some(_), None) => return Err(JetError::ObjectNotFound),
    };
    if tc.lv_chunk_max > limits::lv_chunk_size(ctx.page_size) {
        return Err(JetError::InvalidLVChunkSize);
    }

    // space (ErrFILECreateTableProcessSpaceHints): each index's initial
    // pages (one without hints), and for a table without a primary index its
    // sequential hints' (or one), at least ulPages
    let primary = tc.indexes.iter().find(|i| i.grbit & JET_bitIndexPrimary != 0);
    let ps = ctx.page_size;
    let mut total: u32 = tc.indexes.iter().map(|i| index_cpg(i, ps)).fold(0u32, u32::saturating_add);
    if primary.is_none() {
        total = total.saturating_add(tc.seq_hints.map_or(1, |h| h.cpg_initial(ps)));
    }
    total = total.max(tc.pages);
    // the table row keeps the primary index's hints (or the sequential ones), the LV hints deferred
    let table_hints = primary.and_then(|p| p.space_hints).or(if primary.is_none() { tc.seq_hints } else { None });
    let table_hints = table_hints.map(|h| h.marshal(HintsRow::Table)).unwrap_or_default();
    let lv_hints = tc.lv_hints.map(|h| h.marshal(HintsRow::DeferredLv)).unwrap_or_default();
    let density = match primary {
        // the table's density is its primary index's (ESE passes it as the index's space hints)
        Some(p) => validate::check_density(p.density, validate::DENSITY_DEFAULT)?,
        None => validate::check_density(tc.density, validate::DENSITY_DEFAULT)?,
    };
    // ESE checks every index's space hints (density) before the columns
    for ix in &tc.indexes {
        validate::check_density(ix.density, validate::DENSITY_DEFAULT)?;
    }
    let object_flags = if is_template {
        JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL
    } else {
        let mut f = 0;
        if template.is_some() {
            f |= JET_bitObjectTableDerived;
        }
        if g & JET_bitTableCreateFixedDDL != 0 {
            f |= JET_bitObjectTableFixedDDL;
        }
        if g & JET_BIT_TABLE_CREATE_SYSTEM_TABLE != 0 {
            f |= JET_bitObjectSystem | system::OBJECT_SYSTEM_DYNAMIC;
        }
        f
    };

    // columns
    let cb_key_most = primary.filter(|p| p.grbit & JET_bitIndexKeyMost != 0).map_or(CB_KEY_MOST_OLD as u32, |p| p.cb_key_most);
    let rec_most = record_most(ctx.page_size, cb_key_most);
    let template_cols: Vec<ColumnDef> = template.as_ref().map(|t| t.def.columns.clone()).unwrap_or_default();
    let (mut fixed_last, mut var_last, mut tagged_last) = match &template {
        Some(t) => (t.fid_fixed_last, t.fid_var_last, 255),
        None => (0, 127, 255),
    };
    let mut next_offset: u32 = template.as_ref().map_or(4, |t| t.fixed_end as u32);
    let has_flag = |f: ColumnFlags| template_cols.iter().any(|c| c.flags.contains(f));
    let (mut have_version, mut have_autoinc) = (has_flag(ColumnFlags::VERSION), has_flag(ColumnFlags::AUTOINCREMENT));
    let mut columns: Vec<(ValidColumn, ColumnId, Option<u16>)> = Vec::new();
    let mut max_truncated = false;
    for c in &tc.columns {
        let v = validate::validate_column(c, true, &template_cols)?;
        if v.class == ColumnClass::Fixed && next_offset + c.cb_max > rec_most {
            return Err(JetError::RecordTooBig);
        }
        let fid = match v.class {
            ColumnClass::Fixed => {
                fixed_last = validate::next_columnid(ColumnClass::Fixed, fixed_last)?;
                fixed_last
            }
            ColumnClass::Variable => {
                var_last = validate::next_columnid(ColumnClass::Variable, var_last)?;
                var_last
            }
            ColumnClass::Tagged => {
                tagged_last = validate::next_columnid(ColumnClass::Tagged, tagged_last)?;
                tagged_last
            }
        };
        let off = (v.class == ColumnClass::Fixed).then(|| {
            let o = next_offset as u16;
            next_offset += v.cb_max;
            o
        });
        if v.flags.contains(ColumnFlags::VERSION) {
            if have_version {
                return Err(JetError::ColumnRedundant);
            }
            have_version = true;
        } else if v.flags.contains(ColumnFlags::AUTOINCREMENT) {
            if have_autoinc {
                return Err(JetError::ColumnRedundant);
            }
            have_autoinc = true;
        }
        if columns.iter().any(|(o, _, _)| same_name(&o.name, &v.name)) {
            return Err(JetError::ColumnDuplicate);
        }
        max_truncated |= v.max_truncated;
        let columnid = if is_template { fid | TEMPLATE_COLUMN } else { fid };
        columns.push((v, columnid, off));
    }

    // the columns as the new table will have them, for its indexes
    let new_cols: Vec<ColumnDef> = columns
        .iter()
        .map(|(v, id, off)| ColumnDef {
            columnid: *id,
            name: v.name.clone(),
            coltyp: v.coltyp,
            cb_max: v.cb_max,
            cp: v.cp,
            flags: v.flags,
            default: v.default.clone(),
            record_offset: off.unwrap_or(0),
        })
        .collect();
    let find = |n: &str| -> Option<ColumnDef> {
        new_cols.iter().find(|c| same_name(&c.name, n)).or_else(|| template_cols.iter().find(|c| same_name(&c.name, n))).cloned()
    };
    let inherited: Vec<IndexDef> = template.as_ref().map(|t| t.def.indexes.clone()).unwrap_or_default();
    let mut has_primary = inherited.iter().any(|i| i.flags.contains(IndexFlags::PRIMARY));
    let mut indexes: Vec<ResolvedIndex> = Vec::new();
    let mut trees = vec![TreeRequest { parent: TreeParent::SystemRoot, cpg: total.max(1), kind: TreeKind::Primary, unique: true }];
    for i in inherited.iter().filter(|i| !i.flags.contains(IndexFlags::PRIMARY)) {
        // a template index's tree is made as large as the template's was asked to be
        let cpg = match template.as_ref() {
            Some(t) => template_index_hints(t, i)?.map_or(1, |h| h.cpg_initial(ps)),
            None => 1,
        };
        trees.push(TreeRequest { parent: TreeParent::Table, cpg, kind: TreeKind::Index, unique: i.flags.contains(IndexFlags::UNIQUE) });
    }
    for ix in &tc.indexes {
        let v = validate::validate_index(ix, ctx.page_size, &ctx.index_defaults)?;
        validate::check_conditional_grbits(ix)?;
        let mut ri = resolve_index(&v, &find, is_template)?;
        ri.space_hints = ix.space_hints;
        if ri.def.flags.contains(IndexFlags::PRIMARY) {
            if has_primary {
                return Err(JetError::IndexHasPrimary);
            }
            has_primary = true;
        }
        if indexes.iter().any(|o| same_name(&o.def.name, &ri.def.name)) || inherited.iter().any(|o| same_name(&o.name, &ri.def.name)) {
            return Err(JetError::IndexDuplicate);
        }
        if !ri.def.flags.contains(IndexFlags::PRIMARY) {
            trees.push(TreeRequest {
                parent: TreeParent::Table,
                cpg: index_cpg(ix, ps),
                kind: TreeKind::Index,
                unique: ri.def.flags.contains(IndexFlags::UNIQUE),
            });
        }
        indexes.push(ri);
    }
    if let Some((cbtyp, n)) = &tc.callback
        && (*cbtyp == 0 || n.len() >= JET_cbColumnMost as usize)
    {
        return Err(JetError::InvalidParameter);
    }
    Ok(TablePlan {
        name,
        template,
        template_name,
        object_flags,
        pages: if total == 1 { 0 } else { total },
        density,
        columns,
        indexes,
        callback: tc.callback.clone(),
        separate_lv: tc.separate_lv,
        lv_chunk_max: tc.lv_chunk_max,
        trees,
        inherited,
        max_truncated,
        table_hints,
        lv_hints,
    })
}

// ---- columns ----

fn check_fixed_ddl(t: &CatalogTable, access: &DdlAccess) -> JetResult<()> {
    if t.def.flags & JET_bitObjectTableFixedDDL != 0 && !access.permit_ddl {
        return Err(JetError::FixedDDL);
    }
    Ok(())
}

/// The table's column called `name` (case-insensitive), its own or its template's.
pub fn find_column<'t>(t: &'t CatalogTable, name: &str) -> Option<&'t ColumnDef> {
    t.def.columns.iter().find(|c| same_name(&c.name, name))
}

/// JetAddColumn (ErrIsamAddColumn).
pub fn add_column(ctx: &CatalogContext, t: &CatalogTable, col: &ColumnCreate, access: &DdlAccess) -> JetResult<DdlResult> {
    check_fixed_ddl(t, access)?;
    let template_cols: Vec<ColumnDef> = t.def.columns.iter().filter(|c| !t.owns_column(c.columnid)).cloned().collect();
    let v = validate::validate_column(col, access.exclusive, &template_cols)?;
    if t.is_template() && v.class != ColumnClass::Tagged {
        return Err(JetError::FixedDDL);
    }
    if v.flags.contains(ColumnFlags::ESCROW_UPDATE) && !access.empty {
        return Err(JetError::TableNotEmpty);
    }
    if find_column(t, &v.name).is_some() {
        return Err(JetError::ColumnDuplicate);
    }
    if v.class == ColumnClass::Fixed && t.fixed_end as u32 + v.cb_max > table_record_most(ctx, t) {
        return Err(JetError::RecordTooBig);
    }
    let last = match v.class {
        ColumnClass::Fixed => t.fid_fixed_last,
        ColumnClass::Variable => t.fid_var_last,
        ColumnClass::Tagged => t.fid_tagged_last,
    };
    let fid = validate::next_columnid(v.class, last)?;
    let has = |f: ColumnFlags| t.def.columns.iter().any(|c| c.flags.contains(f));
    if (v.flags.contains(ColumnFlags::VERSION) && has(ColumnFlags::VERSION))
        || (v.flags.contains(ColumnFlags::AUTOINCREMENT) && has(ColumnFlags::AUTOINCREMENT))
    {
        return Err(JetError::ColumnRedundant);
    }
    let columnid = if t.is_template() { fid | TEMPLATE_COLUMN } else { fid };
    let off = (v.class == ColumnClass::Fixed).then_some(t.fixed_end);
    let row = column_row(t.def.objid, &v, columnid, off, t.is_template())?;
    let mut ops = Vec::new();
    write::insert_row(&row, ctx.page_size, JetError::ColumnDuplicate, &mut ops)?;
    let table = with_rows(t, |rows| rows.push(row))?;
    let mut r = DdlResult::new(ops, Some(table));
    r.columnids = vec![columnid];
    r.max_truncated = v.max_truncated;
    Ok(r)
}

/// The table re-read from its rows after `change`.
fn with_rows(t: &CatalogTable, change: impl FnOnce(&mut Vec<CatalogRow>)) -> JetResult<CatalogTable> {
    let mut rows = t.rows.clone();
    change(&mut rows);
    rows.sort_by_key(|r| r.key());
    read::table_from_rows(rows, t.template.as_deref())
}

/// JetDeleteColumn (ErrIsamDeleteColumn, ErrCATDeleteTableColumn): the
/// column's row becomes a stub (JET_coltypNil, "JetStub_<objid>_<id>"), so
/// its id and, for a fixed column, its record space stay taken.
pub fn delete_column(ctx: &CatalogContext, t: &CatalogTable, name: &str, grbit: u32, access: &DdlAccess) -> JetResult<DdlResult> {
    let name = validate::check_name(name)?;
    if t.def.flags & JET_bitObjectTableFixedDDL != 0 {
        // ESE builds without PERMIT_DDL_DELETE: never on a FixedDDL table
        let _ = access;
        return Err(JetError::FixedDDL);
    }
    if t.is_derived()
        && grbit & JET_bitDeleteColumnIgnoreTemplateColumns == 0
        && t.def.columns.iter().any(|c| c.columnid & TEMPLATE_COLUMN != 0 && same_name(&c.name, &name))
    {
        return Err(JetError::FixedInheritedDDL);
    }
    let col = t.def.columns.iter().find(|c| t.owns_column(c.columnid) && same_name(&c.name, &name)).ok_or(JetError::ColumnNotFound)?;
    let old = t.column_row(col.columnid).ok_or(JetError::CatalogCorrupted)?;
    if t.def
        .indexes
        .iter()
        .any(|i| i.segments.iter().any(|s| s.columnid == col.columnid) || i.conditional.iter().any(|c| c.columnid == col.columnid))
    {
        return Err(JetError::ColumnInUse);
    }
    let mut new = old.clone();
    new.coltyp_or_pgno_fdp = 0;
    new.name = format!("{DELETED_COLUMN_PREFIX}{}_{}", t.def.objid, old.id).into_bytes();
    if new.flags & ColumnFlags::USER_DEFINED_DEFAULT.bits() != 0 {
        new.flags &= !(ColumnFlags::USER_DEFINED_DEFAULT | ColumnFlags::DEFAULT).bits();
    }
    let mut ops = Vec::new();
    write::replace_row(old, &new, ctx.page_size, JetError::ColumnDuplicate, &mut ops)?;
    let key = old.key();
    let table = with_rows(t, |rows| {
        if let Some(r) = rows.iter_mut().find(|r| r.key() == key) {
            *r = new;
        }
    })?;
    Ok(DdlResult::new(ops, Some(table)))
}

/// JetRenameColumn (ErrCATRenameColumn): only the table's own columns;
/// with JET_bitColumnRenameConvertToPrimaryIndexPlaceholder the column
/// (a fixed Bit column, first of a primary index of two or more columns)
/// also becomes the primary index's placeholder.
pub fn rename_column(ctx: &CatalogContext, t: &CatalogTable, old_name: &str, new_name: &str, grbit: u32) -> JetResult<DdlResult> {
    let old_name = validate::check_name(old_name)?;
    let new_name = validate::check_name(new_name)?;
    let col = t.def.columns.iter().find(|c| t.owns_column(c.columnid) && same_name(&c.name, &old_name)).ok_or(JetError::ColumnNotFound)?;
    if !same_name(&old_name, &new_name) && find_column(t, &new_name).is_some() {
        return Err(JetError::ColumnDuplicate);
    }
    let old = t.column_row(col.columnid).ok_or(JetError::CatalogCorrupted)?;
    let mut new = old.clone();
    new.name = mso::name_bytes(&new_name)?;
    if grbit & crate::catalog::jet::JET_BIT_COLUMN_PRIMARY_INDEX_PLACEHOLDER != 0 {
        let ok = col.coltyp == crate::catalog::defs::Coltyp::Bit
            && col.class() == ColumnClass::Fixed
            && t.def.primary_index().is_some_and(|p| p.segments.len() >= 2 && p.segments[0].columnid == col.columnid);
        if !ok {
            return Err(JetError::InvalidPlaceholderColumn);
        }
        new.flags |= ColumnFlags::PRIMARY_INDEX_PLACEHOLDER.bits();
    }
    let mut ops = Vec::new();
    write::replace_row(old, &new, ctx.page_size, JetError::ColumnDuplicate, &mut ops)?;
    let key = old.key();
    let table = with_rows(t, |rows| {
        if let Some(r) = rows.iter_mut().find(|r| r.key() == key) {
            *r = new;
        }
    })?;
    Ok(DdlResult::new(ops, Some(table)))
}

/// JetSetColumnDefaultValue (ErrIsamSetColumnDefaultValue): a non-empty
/// default for one of the table's own columns that no index uses.
pub fn set_column_default(ctx: &CatalogContext, t: &CatalogTable, column: &str, default: &[u8]) -> JetResult<DdlResult> {
    let column = validate::check_name(column)?;
    if default.is_empty() {
        return Err(JetError::ColumnIllegalNull);
    }
    if default.len() > limits::cb_record_most(ctx.page_size, limits::KEY_MOST_MIN) {
        return Err(JetError::DefaultValueTooBig);
    }
    let col = t.def.columns.iter().find(|c| t.owns_column(c.columnid) && same_name(&c.name, &column)).ok_or(JetError::ColumnNotFound)?;
    if t.def
        .indexes
        .iter()
        .any(|i| i.segments.iter().any(|s| s.columnid == col.columnid) || i.conditional.iter().any(|c| c.columnid == col.columnid))
    {
        return Err(JetError::ColumnInUse);
    }
    // what rebuilding the default record would refuse
    if col.coltyp.is_long() && default.len() > JET_cbLVDefaultValueMost as usize {
        return Err(JetError::DefaultValueTooBig);
    }
    if col.cb_max != 0 && default.len() > col.cb_max as usize {
        return Err(JetError::DefaultValueTooBig);
    }
    if let Some(n) = col.coltyp.fixed_size()
        && default.len() != n as usize
    {
        return Err(JetError::InvalidBufferSize);
    }
    let old = t.column_row(col.columnid).ok_or(JetError::CatalogCorrupted)?;
    let mut new = old.clone();
    new.flags |= ColumnFlags::DEFAULT.bits();
    new.default_value = Some(default.to_vec());
    let mut ops = Vec::new();
    write::replace_row(old, &new, ctx.page_size, JetError::ColumnDuplicate, &mut ops)?;
    let key = old.key();
    let table = with_rows(t, |rows| {
        if let Some(r) = rows.iter_mut().find(|r| r.key() == key) {
            *r = new;
        }
    })?;
    Ok(DdlResult::new(ops, Some(table)))
}

// ---- indexes ----

/// A checked JetCreateIndex, waiting for its tree (none for a primary index).
#[derive(Clone, Debug)]
pub struct IndexPlan {
    index: ResolvedIndex,
    table: CatalogTable,
    tree: Option<TreeRequest>,
}

impl IndexPlan {
    /// The tree to create for a secondary index (None: a primary index lives in the table's tree).
    pub fn tree(&self) -> Option<TreeRequest> {
        self.tree
    }

    /// The index as it will be (objid and first page still 0).
    pub fn index(&self) -> &IndexDef {
        &self.index.def
    }

    /// The operations, given the secondary index's tree (objid, first page); None for a primary index.
    pub fn finish(self, ctx: &CatalogContext, created: Option<(u32, u32)>) -> JetResult<DdlResult> {
        let t = &self.table;
        let mut ix = self.index.def.clone();
        match (self.tree.is_some(), created) {
            (false, None) => (ix.objid, ix.pgno_fdp) = (t.def.objid, t.def.pgno_fdp),
            (true, Some(c)) => (ix.objid, ix.pgno_fdp) = c,
            _ => return Err(JetError::InvalidParameter),
        }
        let row = index_row(t.def.objid, &ix, &self.index.locale_name, &self.index.hints_bytes())?;
        let mut ops = Vec::new();
        index_row_ops(ctx, &row, &ix, &self.index.locale_name, &mut ops)?;
        let table = with_rows(t, |rows| rows.push(row))?;
        Ok(DdlResult::new(filter_ops(ctx, ops), Some(table)))
    }
}

/// JetCreateIndex (ErrFILEICreateIndex, ErrFILEIPrepareOneIndex): checks
/// and plans one index.
pub fn plan_create_index(ctx: &CatalogContext, t: &CatalogTable, ix: &IndexCreate, access: &DdlAccess) -> JetResult<IndexPlan> {
    if ix.grbit & (JET_bitIndexUnicode) != 0 && ix.unicode.is_none() || ix.grbit & JET_bitIndexUnicode == 0 && ix.unicode.is_some() {
        return Err(JetError::InvalidParameter);
    }
    if t.def.flags & JET_bitObjectTableFixedDDL != 0 && (!access.permit_ddl || t.is_template()) {
        return Err(JetError::FixedDDL);
    }
    let v = validate::validate_index(ix, ctx.page_size, &ctx.index_defaults)?;
    let find = |n: &str| find_column(t, n).cloned();
    validate::check_conditional_grbits(ix)?;
    let mut ri = resolve_index(&v, &find, t.is_template())?;
    ri.space_hints = ix.space_hints;
    if t.def.indexes.iter().any(|i| same_name(&i.name, &ri.def.name)) {
        return Err(JetError::IndexDuplicate);
    }
    let primary = ri.def.flags.contains(IndexFlags::PRIMARY);
    let tree = if primary {
        if t.def.primary_index().is_some() {
            return Err(JetError::IndexHasPrimary);
        }
        if !access.empty {
            return Err(JetError::TableNotEmpty);
        }
        if t.fixed_end as u32 > record_most(ctx.page_size, ri.def.cb_key_most) {
            return Err(JetError::RecordTooBig);
        }
        None
    } else {
        Some(TreeRequest {
            parent: TreeParent::Page(t.def.pgno_fdp),
            cpg: index_cpg(ix, ctx.page_size),
            kind: TreeKind::Index,
            unique: ri.def.flags.contains(IndexFlags::UNIQUE),
        })
    };
    Ok(IndexPlan { index: ri, table: t.clone(), tree })
}

/// JetDeleteIndex (ErrIsamDeleteIndex, ErrCATDeleteTableIndex). The
/// index's tree is in `trees_to_delete`.
pub fn delete_index(ctx: &CatalogContext, t: &CatalogTable, name: &str, access: &DdlAccess) -> JetResult<DdlResult> {
    let name = validate::check_name(name)?;
    check_fixed_ddl(t, access)?;
    if t.is_template() {
        return Err(JetError::FixedDDL);
    }
    let ix = t.def.indexes.iter().find(|i| same_name(&i.name, &name)).ok_or(JetError::IndexNotFound)?;
    if ix.flags.contains(IndexFlags::DERIVED_INDEX) {
        return Err(JetError::FixedInheritedDDL);
    }
    if ix.objid == t.def.objid {
        return Err(JetError::IndexMustStay);
    }
    let row = t.index_row(&name).ok_or(JetError::CatalogCorrupted)?;
    let mut ops = Vec::new();
    write::delete_row(row, &mut ops)?;
    ops.push(CatalogOp::Delete { tree: CatalogTree::Objids, key: system::objids_key(ix.objid) });
    let key = row.key();
    let table = with_rows(t, |rows| rows.retain(|r| r.key() != key))?;
    let mut r = DdlResult::new(filter_ops(ctx, ops), Some(table));
    r.trees_to_delete = vec![ix.pgno_fdp];
    Ok(r)
}

// ---- tables ----

/// JetDeleteTable (ErrIsamDeleteTable, ErrCATDeleteTable): every row of the
/// table, and its B-trees' MSysObjids rows. The table's tree (which owns
/// its index and LV trees) is in `trees_to_delete`.
pub fn delete_table(ctx: &CatalogContext, t: &CatalogTable) -> JetResult<DdlResult> {
    use crate::format::fixed::{OBJID_MSO, OBJID_MSO_SHADOW};
    let system = t.def.objid == OBJID_MSO || t.def.objid == OBJID_MSO_SHADOW;
    if system || (!ctx.allow_system && same_name(&t.def.name, system::MSYSOBJIDS)) {
        return Err(JetError::CannotDeleteSystemTable);
    }
    if t.is_template() {
        return Err(JetError::CannotDeleteTemplateTable);
    }
    let mut ops = Vec::new();
    for row in &t.rows {
        let btree = match row.sysobj {
            sysobj::TABLE | sysobj::LONG_VALUE => true,
            sysobj::INDEX => row.id != row.objid_table,
            _ => false,
        };
        if btree {
            ops.push(CatalogOp::Delete { tree: CatalogTree::Objids, key: system::objids_key(row.id) });
        }
        write::delete_row(row, &mut ops)?;
    }
    let mut r = DdlResult::new(filter_ops(ctx, ops), None);
    r.trees_to_delete = vec![t.def.pgno_fdp];
    Ok(r)
}

/// JetRenameTable (ErrCATRenameTable): not a template or FixedDDL table;
/// a taken name fails when the RootObjects insert is applied (TableDuplicate).
pub fn rename_table(ctx: &CatalogContext, t: &CatalogTable, new_name: &str) -> JetResult<DdlResult> {
    let new_name = validate::check_name(new_name)?;
    if t.def.flags & (JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL) != 0 {
        return Err(JetError::FixedDDL);
    }
    let old = t.table_row();
    let mut new = old.clone();
    new.name = mso::name_bytes(&new_name)?;
    let mut ops = Vec::new();
    write::replace_row(old, &new, ctx.page_size, JetError::TableDuplicate, &mut ops)?;
    let table = with_rows(t, |rows| rows[0] = new)?;
    Ok(DdlResult::new(ops, Some(table)))
}

/// The row of a table's LV tree, made when its first long value is
/// separated (ErrCATIAddTableLV): name "LV", density 100, 1 page.
pub fn add_lv_tree(ctx: &CatalogContext, t: &CatalogTable, objid: u32, pgno: u32) -> JetResult<DdlResult> {
    if t.def.lv_tree.is_some() {
        return Err(JetError::InvalidParameter);
    }
    let row = CatalogRow {
        objid_table: t.def.objid,
        sysobj: sysobj::LONG_VALUE,
        id: objid,
        name: LV_ROW_NAME.as_bytes().to_vec(),
        coltyp_or_pgno_fdp: pgno,
        space_usage: validate::DENSITY_MOST,
        flags: 0,
        pages_or_locale: 1,
        ..CatalogRow::default()
    };
    let mut ops = Vec::new();
    write::insert_row(&row, ctx.page_size, JetError::KeyDuplicate, &mut ops)?;
    ops.push(system::objids_insert(objid, t.def.objid, sysobj::LONG_VALUE, ctx.page_size)?);
    let table = with_rows(t, |rows| rows.push(row))?;
    Ok(DdlResult::new(filter_ops(ctx, ops), Some(table)))
}

/// The tree a table's LV tree is created as (under the table).
pub fn lv_tree_request(t: &CatalogTable) -> TreeRequest {
    TreeRequest { parent: TreeParent::Page(t.def.pgno_fdp), cpg: 1, kind: TreeKind::LongValue, unique: true }
}

/// Registers a table callback (ErrCATAddTableCallback: one per table;
/// a second is KeyDuplicate).
pub fn add_callback(ctx: &CatalogContext, t: &CatalogTable, cbtyp: u32, name: &str) -> JetResult<DdlResult> {
    if t.callback.is_some() {
        return Err(JetError::KeyDuplicate);
    }
    let row = callback_row(t.def.objid, cbtyp, name)?;
    let mut ops = Vec::new();
    write::insert_row(&row, ctx.page_size, JetError::KeyDuplicate, &mut ops)?;
    let table = with_rows(t, |rows| rows.push(row))?;
    Ok(DdlResult::new(ops, Some(table)))
}

/// Removes a table's callback row (ObjectNotFound if it has none).
pub fn remove_callback(ctx: &CatalogContext, t: &CatalogTable) -> JetResult<DdlResult> {
    let _ = ctx;
    let row = t.rows.iter().find(|r| r.sysobj == sysobj::CALLBACK).ok_or(JetError::ObjectNotFound)?;
    let mut ops = Vec::new();
    write::delete_row(row, &mut ops)?;
    let key = row.key();
    let table = with_rows(t, |rows| rows.retain(|r| r.key() != key))?;
    Ok(DdlResult::new(ops, Some(table)))
}
