//! The record format: fixed, variable and tagged columns, multi-values,
//! long values (LV tree keys and chunks), 7-bit and XPRESS compression.
//!
//! Must never: do I/O; long values are read and written through callers.
