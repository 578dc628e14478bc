//! The exported Jet functions: one file per family.
//!
//! Each function validates its arguments, resolves handles, converts A/W
//! strings, makes one engine call and maps the result to a JET_ERR. No engine
//! state, locks or I/O live here.

#![allow(non_snake_case, clippy::missing_safety_doc, clippy::not_unsafe_ptr_arg_deref)]

pub mod backup;
pub mod callback;
pub mod database;
pub mod ddl;
pub mod info;
pub mod instance;
pub mod navigate;
pub mod retrieve;
pub mod session;
pub mod temp;
pub mod transaction;
pub mod update;
