//! Backup and restore: streaming (external) backup, file backup, snapshot backup.
//!
//! Owns: the state and work of every backup and restore of the Jet API; the
//! engine side it needs is in isam/backup.rs.
//! Must never: know about C, pointers or handles (api/backup.rs does).

pub mod check;
pub mod file;
pub mod restore;
pub mod snapshot;
pub mod state;
pub mod stream;
