//! The engine API that the C layer calls: instances, sessions, databases, cursors.
//!
//! Owns: the process-wide registry and run mode (`system`), system parameters
//! (`params`), instances (`instance`), sessions (`session`) and the cursor
//! shell (`cursor`) the table work fills in.
//! Must never: know about C pointers, JET_ERR integers or handles.

pub mod backup;
pub mod callback;
pub mod cursor;
pub mod database;
pub mod dbops;
pub mod ddl;
pub mod engine;
pub mod info;
pub mod nav;
pub mod instance;
pub mod maintenance;
mod param_table;
pub mod params;
pub mod retrieve;
pub mod replay;
pub mod rstinfo;
pub mod session;
pub mod system;
pub mod table;
pub mod temp;
pub mod txn;
pub mod update;

pub use cursor::Cursor;
pub use instance::{Enter, Instance, InstanceCall, Lifecycle, TermKind};
pub use session::{Session, SessionCall, SessionEnter};
pub use system::{InitTarget, NoLegacyInstance, RunMode};
