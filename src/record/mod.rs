//! The record format: fixed, variable and tagged columns, multi-values,
//! long values (LV tree keys and chunks), 7-bit and XPRESS compression, as
//! ESE (format 0x620) stores them, so that records made by Windows ESENT
//! read back and records made here read in ESENT and other readers.
//!
//! - `view`: reading a record (`RecordView`): JetRetrieveColumn,
//!   value counts, JetEnumerateColumns.
//! - `builder`: the copy buffer (`RecordBuilder`): JetPrepareUpdate,
//!   JetSetColumn, JetUpdate's NULL checks.
//! - `tagged`: the tagged area's layout; `schema`: how column definitions map
//!   onto it; `limits`: record and long-value size limits per page size.
//! - `lv`: LIDs, the LV tree's keys, roots and chunks.
//! - `compress` / `xpress`: 7-bit, XPRESS (and LZ4 decoding), and ESE's
//!   decisions of when to compress.
//!
//! Must never: do I/O; long values are read and written through callers
//! (this module only builds and decodes their nodes).

pub mod builder;
pub mod compress;
pub mod limits;
pub mod lv;
pub mod schema;
pub mod tagged;
pub mod view;
pub mod xpress;

#[cfg(test)]
pub(crate) mod testrng;
#[cfg(test)]
mod tests;

pub use builder::{Compression, RecordBuilder, RecordConfig, SetOptions, SetOutcome, SetValue};
pub use lv::{LongValueNodes, LvId, LvKey, LvRoot};
pub use view::{ColumnValue, EnumeratedColumn, Presence, RecordView, ScannedValue};
