//! Small helpers the engine's modules share.

pub mod hash;
