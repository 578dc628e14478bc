//! Tests against the Windows-made samples, directed layout tests and
//! property tests of the record codec.

mod builder;
mod props;
mod samples;
