//! The exported Jet functions: one file per family, and the plumbing they share.
//!
//! Owns: the C boundary. `guard` (panic boundary, handle resolution in ESE's
//! order, the per-call enter check), `handles` (generational handle tables),
//! `args` (all pointer work; the only `unsafe`), `errcat` (error categories).
//! Must never: hold engine state, locks or I/O beyond the handle tables.
//!
//! Each export is thin: validate, convert (`args`), one call into `isam`,
//! map the result. Functions whose engine work is not built yet still resolve
//! their handles and make the enter check, then return JET_errFeatureNotAvailable
//! (`guard::not_yet`).

#![allow(non_snake_case, non_upper_case_globals, clippy::missing_safety_doc, clippy::not_unsafe_ptr_arg_deref)]

pub mod args;
pub mod backup;
pub mod callback;
pub mod database;
pub mod ddl;
mod ddl_structs;
mod errcat;
mod udd;
pub mod guard;
pub mod handles;
pub mod info;
pub mod instance;
pub mod navigate;
pub mod retrieve;
pub mod session;
pub mod temp;
pub mod transaction;
pub mod update;
