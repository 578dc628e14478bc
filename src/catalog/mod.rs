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

pub mod defs;
pub mod jet;
pub mod locale;
pub mod mso;
pub mod read;

#[cfg(test)]
mod tests;

pub use mso::{CatalogRow, sysobj};
pub use read::{
    CallbackDef, CatalogTable, ColumnCallback, IndexLocale, TableRef, find_table_objid, read_catalog,
    read_catalog_from_store, read_table_defs, read_table_from_store, table_from_rows,
};

/// Placeholder until the catalog work lands: the system tables of a new database.
pub fn create_system_tables(_store: &mut crate::btree::Store) -> crate::error::JetResult<()> {
    Ok(())
}
