//! Space management: the OwnExt and AvailExt trees, page allocation, file growth.
//!
//! Must never: choose what a page holds.
