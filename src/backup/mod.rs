//! Backup and restore: streaming (external) backup, file backup, snapshot backup.

pub mod state;
