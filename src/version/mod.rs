//! The version store: write sets of open transactions, before-images for
//! snapshots, write-conflict detection, the version-store budget.
