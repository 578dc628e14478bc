//! esent: a Linux replacement for Microsoft's ESENT.dll (the Extensible Storage Engine).
//!
//! See docs/architecture.md for the map of modules.

pub mod abi;
pub mod api;
pub mod backup;
pub mod btree;
pub mod buffer;
pub mod catalog;
pub mod error;
pub mod format;
pub mod isam;
pub mod key;
pub mod log;
pub mod os;
pub mod record;
pub mod space;
pub mod util;
pub mod version;
