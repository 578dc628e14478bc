//! Tests against the Windows-made samples and property tests of the record codec.

mod samples;
