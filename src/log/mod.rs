//! The write-ahead log: log files (<base>.log and numbered generations), the
//! checkpoint file (<base>.chk), group commit, recovery.
//!
//! Must never: interpret page images beyond handing them to recovery's callback.
