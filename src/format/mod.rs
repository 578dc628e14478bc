//! Pure encode/decode of ESE's on-disk structures.
//!
//! Owns: the database file header (DBFILEHDR) and its shadow, the page header
//! (small and large page layouts), page tags, node layout (flags, key prefix
//! compression), page checksums, LGPOS, LOGTIME, signatures, DB time.
//! Must never: do I/O or keep state. Everything here is a function of byte
//! slices, so it can be fuzzed.
