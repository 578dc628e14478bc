//! B+trees on ESE pages: seek, insert, replace, delete, split, merge, movement.
//!
//! Owns: the shape of every tree (root, internal and leaf pages, sibling links).
//! Must never: interpret the data stored in a node (records, index entries).
