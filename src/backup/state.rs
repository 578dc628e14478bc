//! The streaming (external) backup state machine of one instance.
//!
//! Owns: whether a streaming backup is in progress, which phase it is in, and
//! whether the server (JetStopBackup, JetTerm) asked it to stop.
//! Must never: read or write files; the file-reading calls (JetOpenFile,
//! JetReadFile, JetGetLogInfo, JetTruncateLog) consult it through
//! `check_streaming` and move it along with `enter_log_phase`.
//!
//! The life of a backup:
//!
//! ```text
//!            begin                         end(Normal|Abort)
//!   None ──────────────► InProgress ─────────────────────────► None
//!                            │  stop (JetStopBackup)
//!                            ▼
//!                      StoppedByServer ───── end(any) ───────► None  (JET_errBackupAbortByServer)
//! ```
//!
//! A full backup starts in the database phase and moves to the log phase when
//! the client asks for the log files; an incremental backup starts in the log
//! phase. Ending a backup normally while still in the database phase means the
//! client abandoned the sequence (ESE's errBackupAbortByCaller).

use crate::abi::{JET_bitBackupEndAbort, JET_bitBackupEndNormal, JET_bitBackupIncremental, JET_bitBackupTruncateDone};
use crate::error::{JetError, JetResult};

/// What the client is copying.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BackupKind {
    /// Databases, then the logs they need (JetBeginExternalBackup with no grbit).
    Full,
    /// Only the logs written since the last full or incremental backup.
    Incremental,
}

/// Where in the sequence a backup is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The client is reading database files (JetOpenFile/JetReadFile on databases).
    Databases,
    /// The client has asked for the log files (JetGetLogInfo) and is reading them.
    Logs,
}

/// The state of an instance's streaming backup.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum BackupState {
    /// No streaming backup.
    #[default]
    None,
    /// A backup is running.
    InProgress { kind: BackupKind, phase: Phase },
    /// A backup was running when the server stopped it; only ending it is allowed.
    StoppedByServer { kind: BackupKind, phase: Phase },
}

/// How a successful end left the backup.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum EndOutcome {
    /// The client read everything and ended normally: the backup is valid.
    Completed { truncate_done: bool },
    /// The client ended with JET_bitBackupEndAbort: it knew the backup is incomplete.
    AbortedByClient,
    /// The client ended "normally" before reading the logs: the backup is invalid
    /// and the C layer reports ESE's errBackupAbortByCaller (-800).
    AbandonedByCaller,
}

/// The C value of ESE's errBackupAbortByCaller, which the documentation calls
/// JET_errBackupAbortByCaller but the public header does not define.
pub const ERR_BACKUP_ABORT_BY_CALLER: i32 = -800;

impl BackupState {
    /// True while a backup (running or stopped by the server) has not been ended.
    pub fn in_progress(&self) -> bool {
        !matches!(self, BackupState::None)
    }

    /// JetBeginExternalBackupInstance: start a backup (the caller has already
    /// checked that the instance allows backups and logs).
    pub fn begin(&mut self, grbit: u32) -> JetResult<BackupKind> {
        if grbit & !JET_bitBackupIncremental != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if self.in_progress() {
            return Err(JetError::BackupInProgress);
        }
        let kind = if grbit & JET_bitBackupIncremental != 0 { BackupKind::Incremental } else { BackupKind::Full };
        let phase = match kind {
            BackupKind::Full => Phase::Databases,
            BackupKind::Incremental => Phase::Logs,
        };
        *self = BackupState::InProgress { kind, phase };
        Ok(kind)
    }

    /// JetStopBackup(Instance): a running backup can only be ended from now on.
    /// With no backup running there is nothing to stop (the next begin starts afresh).
    pub fn stop(&mut self) {
        if let BackupState::InProgress { kind, phase } = *self {
            *self = BackupState::StoppedByServer { kind, phase };
        }
    }

    /// The check every streaming call (open/read file, log info, truncate) makes first.
    pub fn check_streaming(&self) -> JetResult<()> {
        match self {
            BackupState::None => Err(JetError::NoBackup),
            BackupState::StoppedByServer { .. } => Err(JetError::BackupAbortByServer),
            BackupState::InProgress { .. } => Ok(()),
        }
    }

    /// The client asked for the log files: the database phase is over.
    pub fn enter_log_phase(&mut self) -> JetResult<()> {
        self.check_streaming()?;
        if let BackupState::InProgress { kind, .. } = *self {
            *self = BackupState::InProgress { kind, phase: Phase::Logs };
        }
        Ok(())
    }

    /// JetEndExternalBackupInstance2. Every outcome except a bad grbit ends the
    /// backup; errors say why the backup is not valid.
    pub fn end(&mut self, grbit: u32) -> JetResult<EndOutcome> {
        let normal = grbit & JET_bitBackupEndNormal != 0;
        let abort = grbit & JET_bitBackupEndAbort != 0;
        if normal == abort {
            return Err(JetError::InvalidParameter);
        }
        let previous = std::mem::take(self);
        match previous {
            BackupState::None => Err(JetError::NoBackup),
            BackupState::StoppedByServer { .. } => Err(JetError::BackupAbortByServer),
            BackupState::InProgress { .. } if abort => Ok(EndOutcome::AbortedByClient),
            BackupState::InProgress { phase: Phase::Databases, .. } => Ok(EndOutcome::AbandonedByCaller),
            BackupState::InProgress { phase: Phase::Logs, .. } => {
                Ok(EndOutcome::Completed { truncate_done: grbit & JET_bitBackupTruncateDone != 0 })
            }
        }
    }

    /// JetTerm with JET_bitTermStopBackup or JET_bitTermAbrupt: end any backup
    /// as aborted by the server. Returns whether one was running.
    pub fn abort_for_term(&mut self) -> bool {
        let was = self.in_progress();
        *self = BackupState::None;
        was
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_without_backup_is_no_backup() {
        let mut s = BackupState::None;
        assert_eq!(s.end(JET_bitBackupEndNormal), Err(JetError::NoBackup));
        assert_eq!(s.end(JET_bitBackupEndAbort), Err(JetError::NoBackup));
        assert_eq!(s, BackupState::None);
    }

    #[test]
    fn end_grbit_must_be_normal_xor_abort() {
        let mut s = BackupState::None;
        s.begin(0).unwrap();
        assert_eq!(s.end(0), Err(JetError::InvalidParameter));
        assert_eq!(s.end(JET_bitBackupEndNormal | JET_bitBackupEndAbort), Err(JetError::InvalidParameter));
        // a bad grbit does not end the backup
        assert!(s.in_progress());
    }

    #[test]
    fn begin_twice_is_in_progress_and_bad_grbit_is_rejected() {
        let mut s = BackupState::None;
        assert_eq!(s.begin(0x4), Err(JetError::InvalidGrbit));
        assert_eq!(s, BackupState::None);
        assert_eq!(s.begin(0), Ok(BackupKind::Full));
        assert_eq!(s.begin(0), Err(JetError::BackupInProgress));
        assert_eq!(s.begin(JET_bitBackupIncremental), Err(JetError::BackupInProgress));
    }

    #[test]
    fn stop_makes_streaming_fail_and_end_report_abort_by_server() {
        let mut s = BackupState::None;
        s.begin(0).unwrap();
        assert_eq!(s.check_streaming(), Ok(()));
        s.stop();
        assert_eq!(s.check_streaming(), Err(JetError::BackupAbortByServer));
        assert_eq!(s.enter_log_phase(), Err(JetError::BackupAbortByServer));
        assert_eq!(s.end(JET_bitBackupEndNormal), Err(JetError::BackupAbortByServer));
        assert_eq!(s, BackupState::None);
        // the next backup starts afresh
        s.begin(0).unwrap();
        assert_eq!(s.check_streaming(), Ok(()));
    }

    #[test]
    fn stop_without_backup_changes_nothing() {
        let mut s = BackupState::None;
        s.stop();
        assert_eq!(s, BackupState::None);
        assert_eq!(s.check_streaming(), Err(JetError::NoBackup));
    }

    #[test]
    fn normal_end_before_logs_is_abandoned_after_logs_is_complete() {
        let mut s = BackupState::None;
        s.begin(0).unwrap();
        assert_eq!(s.end(JET_bitBackupEndNormal), Ok(EndOutcome::AbandonedByCaller));
        s.begin(0).unwrap();
        s.enter_log_phase().unwrap();
        assert_eq!(
            s.end(JET_bitBackupEndNormal | JET_bitBackupTruncateDone),
            Ok(EndOutcome::Completed { truncate_done: true })
        );
        s.begin(JET_bitBackupIncremental).unwrap();
        assert_eq!(s.end(JET_bitBackupEndNormal), Ok(EndOutcome::Completed { truncate_done: false }));
        s.begin(0).unwrap();
        assert_eq!(s.end(JET_bitBackupEndAbort), Ok(EndOutcome::AbortedByClient));
        assert_eq!(s, BackupState::None);
    }

    #[test]
    fn abort_for_term() {
        let mut s = BackupState::None;
        assert!(!s.abort_for_term());
        s.begin(0).unwrap();
        assert!(s.abort_for_term());
        assert_eq!(s, BackupState::None);
    }
}
