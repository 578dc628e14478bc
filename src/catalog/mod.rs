//! The catalog: what tables, columns, indexes and long-value trees a database holds.
//!
//! Owns: the engine's schema descriptors (`defs`), reading and writing
//! MSysObjects / MSysObjectsShadow rows, DDL.
//! Must never: encode records or keys itself (record/ and key/ do), or touch pages
//! except through btree/.

pub mod defs;

/// Placeholder until the catalog work lands: the system tables of a new database.
pub fn create_system_tables(_store: &mut crate::btree::Store) -> crate::error::JetResult<()> {
    Ok(())
}
