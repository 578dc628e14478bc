//! The system tables of a new database besides the catalog itself:
//! MSysObjids (one row per B-tree: objid, objidTable, type; ESE's
//! cat.cxx ErrCATCreateMSObjids) and MSysLocales (a key-value store of the
//! locales of Unicode indexes, with reference counts; kvpstore.cxx), and
//! `create_system_tables`, which writes a new database's catalog the way
//! ESENT's database creation does (db.cxx ErrDBCreateDatabase: the catalog
//! describing itself, then MSysObjids, populated, then MSysLocales).

use crate::btree::Store;
use crate::catalog::ddl::{self, CatalogContext, TableCreate};
use crate::catalog::defs::{Coltyp, ColumnDef, ColumnFlags, IndexDef, IndexFlags, IndexSegment, TableDef};
use crate::catalog::mso::{self, CatalogRow, MSO_COLUMNS, sysobj};
use crate::catalog::validate::{ColumnCreate, IndexCreate};
use crate::catalog::write::{self, CatalogOp, CatalogTree, CatalogTrees};
use crate::error::{JetError, JetResult};
use crate::format::fixed::*;
use crate::key::{self, IndexKeySpec, ValueList};
use crate::record::{RecordBuilder, RecordConfig, RecordView, SetOptions, SetValue};

pub const MSYSOBJIDS: &str = "MSysObjids";
pub const MSYSLOCALES: &str = "MSysLocales";

/// NLS sort version and sort id of en-US on Windows 6.2, which our Unicode
/// keys follow (`key::sortkey`): what ESE stores for a Unicode index.
pub const SORT_VERSION: u64 = 0x0006_020f_0006_020f;
pub const SORT_ID: [u8; 16] = [0x01, 0, 0, 0, 0xee, 0x57, 0x5c, 0x1e, 0x00, 0xb4, 0xd0, 0x00, 0x0b, 0xb1, 0xe1, 0x1e];

fn col(columnid: u32, name: &str, coltyp: Coltyp, flags: ColumnFlags, record_offset: u16) -> ColumnDef {
    ColumnDef { columnid, name: name.into(), coltyp, cb_max: mso::default_cb_max(coltyp), cp: 0, flags, default: None, record_offset }
}

/// MSysObjids as ESE creates it (what reading its catalog rows gives).
pub fn objids_table_def(objid: u32, pgno: u32) -> TableDef {
    TableDef {
        name: MSYSOBJIDS.into(),
        objid,
        pgno_fdp: pgno,
        flags: crate::abi::consts::JET_bitObjectSystem | crate::abi::consts::JET_bitObjectTableFixedDDL | OBJECT_SYSTEM_DYNAMIC,
        initial_pages: 0,
        density: 100,
        template_table: None,
        columns: vec![
            col(256, "objid", Coltyp::Long, ColumnFlags::empty(), 0),
            col(257, "objidTable", Coltyp::Long, ColumnFlags::empty(), 0),
            col(258, "type", Coltyp::Short, ColumnFlags::empty(), 0),
        ],
        indexes: vec![IndexDef {
            name: "primary".into(),
            objid,
            pgno_fdp: pgno,
            flags: IndexFlags::from_bits_retain(0x2f),
            segments: vec![IndexSegment { columnid: 256, descending: false }],
            conditional: vec![],
            lcid: 1033,
            lcmap_flags: key::LCMAP_FLAGS_DEFAULT,
            cb_key_most: 255,
            cb_var_seg_mac: 255,
            tuple_limits: None,
            density: 100,
        }],
        lv_tree: None,
    }
}

/// The bit JET_bitObjectSystemDynamic adds to JET_bitObjectSystem.
pub const OBJECT_SYSTEM_DYNAMIC: u32 = 0x0800_0000;

/// MSysLocales as ESE creates it.
pub fn locales_table_def(objid: u32, pgno: u32) -> TableDef {
    let mut ivalue = col(2, "iValue", Coltyp::Long, ColumnFlags::DEFAULT | ColumnFlags::ESCROW_UPDATE, 5);
    ivalue.default = Some(vec![0; 4]);
    TableDef {
        name: MSYSLOCALES.into(),
        objid,
        pgno_fdp: pgno,
        flags: crate::abi::consts::JET_bitObjectSystem | OBJECT_SYSTEM_DYNAMIC,
        initial_pages: 0,
        density: 92,
        template_table: None,
        columns: vec![
            col(1, "Type", Coltyp::UnsignedByte, ColumnFlags::NOT_NULL, 4),
            ivalue,
            col(128, "Key", Coltyp::Binary, ColumnFlags::empty(), 0),
        ],
        indexes: vec![IndexDef {
            name: "KeyPrimary".into(),
            objid,
            pgno_fdp: pgno,
            flags: IndexFlags::from_bits_retain(0x402f),
            segments: vec![IndexSegment { columnid: 128, descending: false }],
            conditional: vec![],
            lcid: 1033,
            lcmap_flags: key::LCMAP_FLAGS_DEFAULT,
            cb_key_most: 255,
            cb_var_seg_mac: 255,
            tuple_limits: None,
            density: 92,
        }],
        lv_tree: None,
    }
}

/// MSysObjids' key of an object.
pub fn objids_key(objid: u32) -> Vec<u8> {
    let b = (objid ^ 0x8000_0000).to_be_bytes();
    vec![0x7f, b[0], b[1], b[2], b[3]]
}

/// MSysObjids' record of a B-tree object (table, secondary index, LV tree).
pub fn objids_record(objid: u32, objid_table: u32, sysobj: u16, page_size: u32) -> JetResult<Vec<u8>> {
    let t = objids_table_def(0, 0);
    let mut b = RecordBuilder::empty(RecordConfig::new(page_size, 255));
    let o = SetOptions::default();
    b.set(&t, &t.columns[2], 0, SetValue::Data(&sysobj.to_le_bytes()), &o)?;
    b.set(&t, &t.columns[0], 0, SetValue::Data(&objid.to_le_bytes()), &o)?;
    b.set(&t, &t.columns[1], 0, SetValue::Data(&objid_table.to_le_bytes()), &o)?;
    Ok(b.to_bytes())
}

/// The op that records a new B-tree in MSysObjids.
pub fn objids_insert(objid: u32, objid_table: u32, sysobj: u16, page_size: u32) -> JetResult<CatalogOp> {
    Ok(CatalogOp::Insert {
        tree: CatalogTree::Objids,
        key: objids_key(objid),
        data: objids_record(objid, objid_table, sysobj, page_size)?,
        duplicate: JetError::KeyDuplicate,
    })
}

/// MSysLocales' key of an entry (its Key column normalized: binary,
/// DisallowTruncation).
pub fn locale_key(value_key: &[u8]) -> JetResult<Vec<u8>> {
    let t = locales_table_def(0, 0);
    let spec = IndexKeySpec::new(&t.indexes[0], &t.columns)?;
    key::primary_key(&spec, &mut ValueList(vec![(128, vec![value_key.to_vec()])]))
}

/// A KVP-store key as MSysLocales stores it: UTF-16LE with its NUL.
pub fn kvp_key(s: &str) -> Vec<u8> {
    s.encode_utf16().chain([0]).flat_map(|u| u.to_le_bytes()).collect()
}

/// The key of the MSysLocales entry counting Unicode indexes of a locale
/// ("LocaleName=en-US,SortID=00000001-57ee-1e5c-00b4-d0000bb1e11e,Ver=6020f0006020f").
pub fn locale_entry_key(locale_name: &str, sort_id: &[u8; 16], sort_version: u64) -> Vec<u8> {
    let d1 = u32::from_le_bytes(sort_id[0..4].try_into().unwrap());
    let d2 = u16::from_le_bytes(sort_id[4..6].try_into().unwrap());
    let d3 = u16::from_le_bytes(sort_id[6..8].try_into().unwrap());
    let rest: String = sort_id[8..].iter().map(|b| format!("{b:02x}")).collect();
    let s = format!("LocaleName={locale_name},SortID={d1:08x}-{d2:04x}-{d3:04x}-{}-{},Ver={sort_version:x}", &rest[..4], &rest[4..]);
    kvp_key(&s)
}

/// An MSysLocales record: Type (1 for schema versions, 2 for counters),
/// iValue, Key.
pub fn locale_record(kvp_type: u8, value: i32, value_key: &[u8], page_size: u32) -> JetResult<Vec<u8>> {
    let t = locales_table_def(0, 0);
    let mut b = RecordBuilder::new_record(&t, RecordConfig::new(page_size, 255))?;
    let o = SetOptions::default();
    b.set(&t, &t.columns[2], 0, SetValue::Data(value_key), &o)?;
    b.set(&t, &t.columns[0], 0, SetValue::Data(&[kvp_type]), &o)?;
    b.set(&t, &t.columns[1], 0, SetValue::Data(&value.to_le_bytes()), &o)?;
    Ok(b.to_bytes())
}

/// One more reference to a locale entry: the record with iValue + 1, or a
/// new counter (Type 2, iValue 1).
pub fn locale_add_ref(existing: Option<&[u8]>, value_key: &[u8], page_size: u32) -> JetResult<Vec<u8>> {
    let t = locales_table_def(0, 0);
    let Some(old) = existing else {
        return locale_record(2, 1, value_key, page_size);
    };
    let v = RecordView::parse(old, page_size)?;
    let n = match v.fixed(&t.columns[1])? {
        crate::record::Presence::Value(b) => i32::from_le_bytes(b.try_into().map_err(|_| JetError::CatalogCorrupted)?),
        _ => 0,
    };
    let mut b = RecordBuilder::from_view(&v, RecordConfig::new(page_size, 255))?;
    b.set(&t, &t.columns[1], 0, SetValue::Data(&(n + 1).to_le_bytes()), &SetOptions::default())?;
    Ok(b.to_bytes())
}

/// The rows of MSysObjects (objid 2) or MSysObjectsShadow (objid 3)
/// describing itself: its table row, its columns (every offset 4, code
/// page 1252, as ESE writes them) and its Id index.
fn catalog_rows(shadow: bool) -> Vec<CatalogRow> {
    let def = mso::catalog_table_def(shadow);
    let objid = def.objid;
    let mut rows = vec![CatalogRow {
        objid_table: objid,
        sysobj: sysobj::TABLE,
        id: objid,
        name: def.name.as_bytes().to_vec(),
        coltyp_or_pgno_fdp: def.pgno_fdp,
        space_usage: 80,
        flags: def.flags,
        pages_or_locale: def.initial_pages,
        root_flag: true,
        ..CatalogRow::default()
    }];
    for c in MSO_COLUMNS {
        rows.push(CatalogRow {
            objid_table: objid,
            sysobj: sysobj::COLUMN,
            id: c.columnid,
            name: c.name.as_bytes().to_vec(),
            coltyp_or_pgno_fdp: c.coltyp as u32,
            space_usage: mso::default_cb_max(c.coltyp),
            flags: if c.not_null { 1 } else { 0 },
            pages_or_locale: mso::MSO_COLUMN_CP as u32,
            record_offset: if c.columnid <= 127 { Some(4) } else { None },
            ..CatalogRow::default()
        });
    }
    for ix in &def.indexes {
        rows.push(ddl::index_row(objid, ix, crate::catalog::locale::DEFAULT_LOCALE_NAME, &[]).expect("the catalog's indexes are valid"));
    }
    rows
}

/// Writes the system tables of a database `space::create_database` just
/// made (its catalog trees empty), as ESENT does: MSysObjects and
/// MSysObjectsShadow describing themselves (with MSysObjects' Name and
/// RootObjects indexes), MSysObjids (one page, objid 6) listing every
/// B-tree, and MSysLocales (one page, objid 7) with its schema-version
/// entries and consistency marker. Direct batches, no transaction; the
/// caller flushes.
pub fn create_system_tables(store: &mut Store) -> JetResult<()> {
    let ps = store.page_size() as u32;
    let mut ops = Vec::new();
    for shadow in [false, true] {
        for row in catalog_rows(shadow) {
            write::insert_row(&row, ps, JetError::TableDuplicate, &mut ops)?;
        }
    }
    write::apply_to_store(store, &CatalogTrees::default(), &ops)?;

    // MSysObjids, then every B-tree so far listed in it
    let mut ctx = CatalogContext::new(ps, &CatalogTrees::default());
    ctx.allow_system = true;
    let objids = objids_create();
    let plan = ddl::plan_create_table(&ctx, &objids, None)?;
    let created = create_trees(store, plan.trees())?;
    let r = plan.finish(&ctx, &created)?;
    let objids_pgno = created[0].1;
    let trees = CatalogTrees { objids: Some(objids_pgno), locales: None };
    let mut ops = r.ops;
    for (objid, objid_table, t) in [
        (OBJID_MSO, OBJID_MSO, sysobj::TABLE),
        (OBJID_MSO_SHADOW, OBJID_MSO_SHADOW, sysobj::TABLE),
        (OBJID_MSO_NAME_INDEX, OBJID_MSO, sysobj::INDEX),
        (OBJID_MSO_ROOT_OBJECT_INDEX, OBJID_MSO, sysobj::INDEX),
        (created[0].0, created[0].0, sysobj::TABLE),
    ] {
        ops.push(objids_insert(objid, objid_table, t, ps)?);
    }
    write::apply_to_store(store, &trees, &ops)?;

    // MSysLocales, now recorded in MSysObjids as it is created
    let ctx = CatalogContext { maintain_objids: true, ..ctx };
    let plan = ddl::plan_create_table(&ctx, &locales_create(), None)?;
    let created = create_trees(store, plan.trees())?;
    let r = plan.finish(&ctx, &created)?;
    let trees = CatalogTrees { objids: Some(objids_pgno), locales: Some(created[0].1) };
    let mut ops = r.ops;
    for (k, kvp_type, v) in [
        (".Schema\\Internal\\Major", 1u8, 1i32),
        (".Schema\\Internal\\Minor", 1, 0),
        (".Schema\\Internal\\Update", 1, 0),
        (".Schema\\External\\Major", 1, 1),
        (".Schema\\External\\Minor", 1, 0),
        (".Schema\\External\\Update", 1, 0),
        ("MSysLocalesConsistent", 2, 1),
    ] {
        let vk = kvp_key(k);
        ops.push(CatalogOp::Insert {
            tree: CatalogTree::Locales,
            key: locale_key(&vk)?,
            data: locale_record(kvp_type, v, &vk, ps)?,
            duplicate: JetError::KeyDuplicate,
        });
    }
    write::apply_to_store(store, &trees, &ops)
}

/// Creates the trees a plan asks for, in order: (objid, first page) each.
pub fn create_trees(store: &mut Store, reqs: &[ddl::TreeRequest]) -> JetResult<Vec<(u32, u32)>> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    let mut b = store.batch()?;
    for r in reqs {
        let parent = match r.parent {
            ddl::TreeParent::SystemRoot => PGNO_SYSTEM_ROOT,
            ddl::TreeParent::Table => out.first().map(|t| t.1).ok_or(JetError::InvalidParameter)?,
            ddl::TreeParent::Page(p) => p,
        };
        let t = b.create_tree(parent, r.cpg, r.kind, r.unique, false)?;
        out.push((t.objid, t.root));
    }
    b.commit()?;
    Ok(out)
}

fn objids_create() -> TableCreate {
    let tagged = crate::abi::consts::JET_bitColumnTagged;
    TableCreate {
        name: MSYSOBJIDS.into(),
        pages: 1,
        density: 100,
        grbit: crate::abi::consts::JET_bitTableCreateFixedDDL | ddl::JET_BIT_TABLE_CREATE_SYSTEM_TABLE,
        columns: vec![
            ColumnCreate { name: "objid".into(), coltyp: 4, cb_max: 4, grbit: tagged, ..ColumnCreate::default() },
            ColumnCreate { name: "objidTable".into(), coltyp: 4, cb_max: 4, grbit: tagged, ..ColumnCreate::default() },
            ColumnCreate { name: "type".into(), coltyp: 3, cb_max: 2, grbit: tagged, ..ColumnCreate::default() },
        ],
        indexes: vec![IndexCreate {
            name: "primary".into(),
            key: b"+objid\0\0".to_vec(),
            grbit: crate::abi::consts::JET_bitIndexPrimary,
            density: 100,
            ..IndexCreate::default()
        }],
        ..TableCreate::default()
    }
}

fn locales_create() -> TableCreate {
    use crate::abi::consts::*;
    TableCreate {
        name: MSYSLOCALES.into(),
        pages: 1,
        density: 92,
        grbit: ddl::JET_BIT_TABLE_CREATE_SYSTEM_TABLE,
        columns: vec![
            ColumnCreate { name: "Key".into(), coltyp: 9, ..ColumnCreate::default() },
            ColumnCreate { name: "Type".into(), coltyp: 2, grbit: JET_bitColumnFixed | JET_bitColumnNotNULL, ..ColumnCreate::default() },
            ColumnCreate {
                name: "iValue".into(),
                coltyp: 4,
                grbit: JET_bitColumnEscrowUpdate,
                default: Some(vec![0; 4]),
                ..ColumnCreate::default()
            },
        ],
        indexes: vec![IndexCreate {
            name: "KeyPrimary".into(),
            key: b"+Key\0\0".to_vec(),
            grbit: JET_bitIndexPrimary | JET_bitIndexDisallowTruncation,
            density: 92,
            cb_key_most: 255,
            ..IndexCreate::default()
        }],
        ..TableCreate::default()
    }
}
