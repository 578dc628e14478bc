//! esent: a Linux replacement for Microsoft's ESENT.dll (the Extensible Storage Engine).
//!
//! See docs/architecture.md for the map of modules.

pub mod abi;
pub mod api;
pub mod error;
pub mod buffer;
pub mod os;
pub mod catalog;
