//! The catalog: what tables, columns, indexes and long-value trees a database holds.
//!
//! Owns: the engine's schema descriptors (`defs`), reading and writing
//! MSysObjects / MSysObjectsShadow rows, DDL.
//! Must never: encode records or keys itself (record/ and key/ do), or touch pages
//! except through btree/.

pub mod defs;
