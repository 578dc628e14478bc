//! Small helpers the engine's modules share.

pub mod hash;
pub mod thread_stats;
