//! Key normalization: turning column values into byte strings whose memcmp
//! order is the index order, per column type and index flags.
//!
//! Must never: do I/O or know about pages.
