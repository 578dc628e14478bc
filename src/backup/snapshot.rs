//! Snapshot (OS/VSS style) backup: the JetOSSnapshot* sessions.

/// Whether an instance takes part in a snapshot session that has frozen (or
/// is about to freeze) it: a streaming backup must not start then.
pub fn instance_in_snapshot(_serial: u64) -> bool {
    false
}
