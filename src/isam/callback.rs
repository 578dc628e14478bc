//! Table callbacks (JetRegisterCallback / JetUnregisterCallback): which
//! callbacks a table has, and which of them an event calls.
//!
//! ESE keeps the callbacks registered through the API on the table's schema
//! in memory (its FCB): every cursor on the table sees them, they are not
//! persisted, and unregistering only disables an entry. The same holds here,
//! per database and table object id.
//!
//! Owns: the registry. The callback itself is an opaque address and context
//! the C layer stored; calling it (and releasing every lock first, so that it
//! can re-enter the API with the session) is the C layer's work.
//! Must never: call anything itself or keep a database alive.

use std::sync::{Arc, Weak};

use parking_lot::Mutex;

use crate::error::{JetError, JetResult};

use super::database::Database;

/// One registration.
struct Registration {
    id: u64,
    db: Weak<Database>,
    objid: u32,
    /// JET_CBTYP bits; 0 once unregistered.
    cbtyp: u32,
    func: usize,
    context: usize,
}

static REGISTRY: Mutex<Vec<Registration>> = Mutex::new(Vec::new());
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A callback to call: its address, the type bits it is called with, its context.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub func: usize,
    pub cbtyp: u32,
    pub context: usize,
}

fn same_db(w: &Weak<Database>, db: &Arc<Database>) -> bool {
    std::ptr::eq(w.as_ptr(), Arc::as_ptr(db))
}

/// JetRegisterCallback: the callback id (JET_HANDLE) to unregister it with.
pub fn register(db: &Arc<Database>, objid: u32, cbtyp: u32, func: usize, context: usize) -> JetResult<u64> {
    if cbtyp == 0 || func == 0 {
        return Err(JetError::InvalidParameter);
    }
    let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut r = REGISTRY.lock();
    // forget registrations of databases that are gone
    r.retain(|x| x.db.strong_count() > 0);
    r.push(Registration { id, db: Arc::downgrade(db), objid, cbtyp, func, context });
    Ok(id)
}

/// JetUnregisterCallback: disable a registration of this table.
pub fn unregister(db: &Arc<Database>, objid: u32, id: u64) -> JetResult<()> {
    let mut r = REGISTRY.lock();
    match r.iter_mut().find(|x| x.id == id && x.objid == objid && same_db(&x.db, db)) {
        Some(x) => {
            x.cbtyp = 0;
            Ok(())
        }
        None => Err(JetError::InvalidParameter),
    }
}

/// The callbacks of a table an event of type `cbtyp` calls, newest
/// registration first (ESE adds a callback at the head of the table's list).
pub fn targets(db: &Arc<Database>, objid: u32, cbtyp: u32) -> Vec<Target> {
    REGISTRY
        .lock()
        .iter()
        .rev()
        .filter(|x| x.objid == objid && x.cbtyp & cbtyp != 0 && same_db(&x.db, db))
        .map(|x| Target { func: x.func, cbtyp: x.cbtyp & cbtyp, context: x.context })
        .collect()
}

/// Whether a table has any callback for these types (so callers can skip the work).
pub fn any(db: &Arc<Database>, objid: u32, cbtyp: u32) -> bool {
    REGISTRY.lock().iter().any(|x| x.objid == objid && x.cbtyp & cbtyp != 0 && same_db(&x.db, db))
}
