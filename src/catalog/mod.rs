//! The catalog: what tables, columns, indexes and long-value trees a database holds.
//!
//! Owns: the engine's schema descriptors (`defs`), reading and writing
//! MSysObjects / MSysObjectsShadow rows, DDL.
//! Must never: encode records or keys itself (record/ and key/ do), or touch pages
//! except through btree/.
//!
//! - `mso`: MSysObjects' schema, one row (`CatalogRow`) and its keys.
//! - `read`: rows to `CatalogTable` (a `TableDef` and what else the catalog knows).
//! - `jet`: persisted flags <-> JET_bit grbits.
//! - `locale`: locale names and LCIDs.
//! - `validate`: ESE's checks of names, column and index definitions.
//! - `ddl`: DDL operations to catalog tree operations (`write::CatalogOp`).
//! - `write`: row-level operations, and applying them to a `Store`.
//! - `space_hints`: JET_SPACEHINTS checks, initial tree sizes, the catalog form.
//! - `system`: MSysObjids, MSysLocales, and `create_system_tables`.

pub mod ddl;
pub mod defs;
pub mod jet;
pub mod locale;
pub mod mso;
pub mod read;
pub mod space_hints;
pub mod system;
pub mod validate;
pub mod write;

#[cfg(test)]
mod tests;

pub use ddl::{CatalogContext, DdlAccess, DdlResult, IndexPlan, TableCreate, TablePlan, TreeParent, TreeRequest};
pub use mso::{CatalogRow, sysobj};
pub use read::{
    CallbackDef, CatalogTable, ColumnCallback, IndexLocale, TableRef, find_table_objid, read_catalog, read_catalog_from_store,
    read_table_defs, read_table_from_store, table_from_rows,
};
pub use system::create_system_tables;
pub use validate::{ColumnCreate, ConditionalCreate, IndexCreate, IndexDefaults, UnicodeIndex, UserDefinedDefault};
pub use write::{CatalogOp, CatalogTree, CatalogTrees, apply_to_store};
