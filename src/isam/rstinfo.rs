//! JetInit3's restore information (JET_RSTINFO) as soft recovery uses it:
//! the restore map (a database the log names is replayed into another
//! file) and the position to stop replaying at.
//!
//! Owns: the per-thread restore information of the JetInit running on this
//! thread, the matching of the log's databases to map entries, and the stop
//! rule.
//! Must never: read the log or touch files (recovery in engine.rs does, and
//! hands in the signatures of the map's files).

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use crate::error::JetResult;
use crate::log::Lgpos;

/// A database signature as the log's attach records carry it (28 bytes).
pub type DbSignature = [u8; 28];

/// One JET_RSTMAP entry, names made absolute (ESE completes both).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapEntry {
    /// The database as the log names it. ESE takes the target's name when
    /// the caller gives none (such an entry matches mostly by signature).
    pub source: PathBuf,
    /// The file to replay it into.
    pub target: PathBuf,
}

/// What JetInit3's JET_RSTINFO asks of recovery.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreInfo {
    pub map: Vec<MapEntry>,
    /// Replay no record past this position. A position at byte 0 of a
    /// generation (JET_LGPOS isec = ib = 0) stops at the end of that
    /// generation. None: the whole log.
    pub stop: Option<Lgpos>,
}

/// A restore map ready for recovery: the entries with the signatures of
/// their target files (those that exist and have a readable header).
#[derive(Clone, Debug, Default)]
pub struct RestoreMap {
    entries: Vec<(MapEntry, Option<DbSignature>)>,
}

impl RestoreInfo {
    /// Attach to each entry the signature of its target file, read by `sig`.
    pub fn resolve(&self, sig: impl Fn(&Path) -> Option<DbSignature>) -> RestoreMap {
        RestoreMap { entries: self.map.iter().map(|e| (e.clone(), sig(&e.target))).collect() }
    }

    /// Whether a record at `pos` lies past the stop position.
    pub fn past_stop(&self, pos: Lgpos) -> bool {
        match self.stop {
            None => false,
            Some(s) if s.offset == 0 => pos.generation > s.generation,
            Some(s) => pos > s,
        }
    }

    /// Whether a replay that ended at `end` without meeting a record past
    /// the stop still reached it (ESE also quits without undo when the stop
    /// lies at the end of the last generation).
    pub fn stop_reached_by(&self, end: Lgpos) -> bool {
        self.stop.is_some_and(|s| end.generation >= s.generation)
    }
}

impl RestoreMap {
    /// The file a database of the log is replayed into. As ESE's soft
    /// recovery: first the entry whose target file carries the database's
    /// signature (when the log record gives one), then the entry whose
    /// source names the same path; otherwise the path itself.
    pub fn target(&self, path: &Path, signature: Option<&DbSignature>) -> PathBuf {
        if let Some(s) = signature {
            if let Some((e, _)) = self.entries.iter().find(|(_, t)| t.as_ref() == Some(s)) {
                return e.target.clone();
            }
        }
        match self.entries.iter().find(|(e, _)| e.source == path) {
            Some((e, _)) => e.target.clone(),
            None => path.to_path_buf(),
        }
    }
}

thread_local! {
    static RESTORE_INFO: RefCell<Option<JetResult<RestoreInfo>>> = const { RefCell::new(None) };
}

/// Run `f` (a JetInit) with `info` for the recovery it runs; an error
/// (a bad restore map) fails the initialization when it asks (`current`).
pub fn with_restore_info<T>(info: JetResult<RestoreInfo>, f: impl FnOnce() -> T) -> T {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            RESTORE_INFO.with(|s| *s.borrow_mut() = None);
        }
    }
    RESTORE_INFO.with(|s| *s.borrow_mut() = Some(info));
    let _reset = Reset;
    f()
}

/// The restore information of the JetInit running on this thread (an empty
/// one when it has none), or the error its restore map had.
pub fn current() -> JetResult<RestoreInfo> {
    RESTORE_INFO.with(|s| s.borrow().clone()).unwrap_or_else(|| Ok(RestoreInfo::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_by_signature_then_name() {
        let r = RestoreInfo {
            map: vec![
                MapEntry { source: PathBuf::from("/a/db.edb"), target: PathBuf::from("/b/new.edb") },
                MapEntry { source: PathBuf::from("/c/o.edb"), target: PathBuf::from("/c/o.edb") },
            ],
            stop: None,
        };
        let sig_o = [7u8; 28];
        let m = r.resolve(|p| (p == Path::new("/c/o.edb")).then_some(sig_o));
        assert_eq!(m.target(Path::new("/a/db.edb"), None), PathBuf::from("/b/new.edb"));
        assert_eq!(m.target(Path::new("/a/db.edb"), Some(&[1u8; 28])), PathBuf::from("/b/new.edb"));
        // an entry without a source name matches its file's signature, whatever the name
        assert_eq!(m.target(Path::new("/x/other.edb"), Some(&sig_o)), PathBuf::from("/c/o.edb"));
        assert_eq!(m.target(Path::new("/x/other.edb"), None), PathBuf::from("/x/other.edb"));
        assert_eq!(m.target(Path::new("/a/else.edb"), Some(&[1u8; 28])), PathBuf::from("/a/else.edb"));
        assert_eq!(m.target(Path::new("/c/o.edb"), None), PathBuf::from("/c/o.edb"));
    }

    #[test]
    fn stops() {
        let r = RestoreInfo { map: Vec::new(), stop: Some(Lgpos::new(3, 1000)) };
        assert!(!r.past_stop(Lgpos::new(3, 1000)));
        assert!(r.past_stop(Lgpos::new(3, 1001)));
        assert!(r.past_stop(Lgpos::new(4, 0)));
        assert!(r.stop_reached_by(Lgpos::new(3, 10)) && !r.stop_reached_by(Lgpos::new(2, 10)));
        let g = RestoreInfo { stop: Some(Lgpos::new(2, 0)), ..Default::default() };
        assert!(!g.past_stop(Lgpos::new(2, 99_999)));
        assert!(g.past_stop(Lgpos::new(3, 0)));
        assert!(!RestoreInfo::default().past_stop(Lgpos::MAX));
        assert!(!RestoreInfo::default().stop_reached_by(Lgpos::MAX));
    }

    #[test]
    fn handoff_is_scoped_to_the_call() {
        let r = RestoreInfo { map: Vec::new(), stop: Some(Lgpos::new(5, 0)) };
        assert_eq!(current(), Ok(RestoreInfo::default()));
        assert_eq!(with_restore_info(Ok(r.clone()), current), Ok(r.clone()));
        assert_eq!(current(), Ok(RestoreInfo::default()));
        let bad = Err(crate::error::JetError::DatabaseInvalidName);
        assert_eq!(with_restore_info(bad.clone(), current), bad);
        // another thread never sees it
        assert_eq!(with_restore_info(Ok(r), || std::thread::spawn(current).join().unwrap()), Ok(RestoreInfo::default()));
    }
}
