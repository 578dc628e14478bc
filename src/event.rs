//! The event log: what ESE writes to the Windows event log (a page that
//! failed verification, with its file and page number) goes to syslog here,
//! and the last events stay in memory for `recent`.
//!
//! Owns: the message text of each event and the in-memory ring.
//! Must never: fail, block on I/O or panic (it runs on error paths).

use std::collections::VecDeque;
use std::path::Path;

use parking_lot::Mutex;

/// Events kept in memory.
const KEPT: usize = 64;

static RECENT: Mutex<VecDeque<String>> = Mutex::new(VecDeque::new());

/// Record an error event: syslog (facility user, level err) and the ring.
pub fn error(message: String) {
    if let Ok(c) = std::ffi::CString::new(format!("esent: {message}")) {
        // SAFETY: a constant format string and a NUL-terminated argument
        unsafe { libc::syslog(libc::LOG_ERR | libc::LOG_USER, c"%s".as_ptr(), c.as_ptr()) };
    }
    let mut r = RECENT.lock();
    if r.len() == KEPT {
        r.pop_front();
    }
    r.push_back(message);
}

/// The last events, oldest first.
pub fn recent() -> Vec<String> {
    RECENT.lock().iter().cloned().collect()
}

/// ESE's event 474: a database page read from disk failed its checksum.
pub fn page_failed_verification(path: Option<&Path>, pgno: u32, page_size: usize) {
    let file = path.map_or_else(|| "a database being created".to_string(), |p| p.display().to_string());
    let offset = (pgno as u64 + 1) * page_size as u64;
    error(format!(
        "database page {pgno} of {file} (offset {offset}, {page_size} bytes) failed verification: its checksum does not match its contents (JET_errReadVerifyFailure)"
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_page_is_reported_with_its_number_and_file() {
        page_failed_verification(Some(Path::new("/data/x.edb")), 77, 8192);
        let last = recent().into_iter().rev().find(|m| m.contains("/data/x.edb")).expect("event kept");
        assert!(last.contains("page 77 ") && last.contains("offset 638976"), "{last}");
        for _ in 0..KEPT + 5 {
            error("filler".into());
        }
        assert_eq!(recent().len(), KEPT);
    }
}
