//! A cursor on a table or temporary table (ESE's FUCB), as far as the session
//! and handle plumbing need it.
//!
//! Owns: which session a cursor belongs to, whether it is closed, and its
//! local storage (JetSetLS/JetGetLS).
//! Must never: hold pages or records; the cursor work adds its position,
//! current index and table here.

use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::Mutex;

use crate::abi::JET_LS;

/// An open table or temporary table of one session.
pub struct Cursor {
    session_serial: u64,
    closed: AtomicBool,
    local_storage: Mutex<Option<JET_LS>>,
    /// The open table behind the cursor (None for a shell the tests register).
    table: Mutex<Option<super::table::TableCursor>>,
}

impl std::fmt::Debug for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cursor").field("session", &self.session_serial).finish()
    }
}

impl Cursor {
    /// A cursor owned by the session with this serial (see `Session::serial`).
    pub fn new(session_serial: u64) -> Self {
        Cursor { session_serial, closed: AtomicBool::new(false), local_storage: Mutex::new(None), table: Mutex::new(None) }
    }

    /// A cursor on an open table.
    pub fn on_table(session_serial: u64, table: super::table::TableCursor) -> Self {
        let c = Cursor::new(session_serial);
        *c.table.lock() = Some(table);
        c
    }

    /// The open table (JET_errInvalidTableId for a cursor that has none).
    pub fn table(&self) -> crate::error::JetResult<parking_lot::MappedMutexGuard<'_, super::table::TableCursor>> {
        parking_lot::MutexGuard::try_map(self.table.lock(), |t| t.as_mut()).map_err(|_| crate::error::JetError::InvalidTableId)
    }

    /// The serial of the owning session (JET_errSesidTableIdMismatch checks it).
    pub fn session_serial(&self) -> u64 {
        self.session_serial
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// Mark closed (JetCloseTable, or its session ended): its handle must go.
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.table.lock().take();
    }

    /// JetSetLS: `reset` (JET_bitLSReset) clears the value; otherwise a value
    /// already set is JET_errLSAlreadySet.
    pub fn set_local_storage(&self, ls: JET_LS, reset: bool) -> crate::error::JetResult<()> {
        let mut cur = self.local_storage.lock();
        if reset {
            *cur = None;
            return Ok(());
        }
        if cur.is_some() {
            return Err(crate::error::JetError::LSAlreadySet);
        }
        *cur = if ls == crate::abi::JET_LSNil { None } else { Some(ls) };
        Ok(())
    }

    /// JetGetLS: the stored value (JET_errLSNotSet if none); `reset` clears it.
    pub fn local_storage(&self, reset: bool) -> crate::error::JetResult<JET_LS> {
        let mut cur = self.local_storage.lock();
        let v = cur.ok_or(crate::error::JetError::LSNotSet)?;
        if reset {
            *cur = None;
        }
        Ok(v)
    }
}
