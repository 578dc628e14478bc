//! The update functions of the Jet API.
//!
//! JetUpdate and JetDelete raise the table's before/after callbacks; they
//! take their locks around the engine work only, so that a callback can use
//! the session and the table (see `callback`).

use crate::abi::*;
use super::args;
use super::callback::{fire, has, locked};
use super::guard::{self, Ses, Warn};
use crate::error::JetError;
use crate::isam::update::UpdateKind;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetDelete(sesid: JET_SESID, tableid: JET_TABLEID) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |s, c| {
        let callbacks = has(s, c, JET_cbtypBeforeDelete | JET_cbtypAfterDelete);
        if callbacks {
            // the checks ESE makes before it calls the before-delete callback
            locked(s, c, |e, x, t| {
                t.check_writable()?;
                match t.update.as_ref().map(|u| u.kind) {
                    Some(UpdateKind::InsertCopyDeleteOriginal) => return Err(JetError::AlreadyPrepared),
                    Some(_) => t.update = None,
                    None => {}
                }
                t.ensure_current(e, x)
            })?;
            fire(s, sesid, tableid, c, JET_cbtypBeforeDelete, std::ptr::null_mut(), std::ptr::null_mut())?;
        }
        locked(s, c, |e, x, t| t.delete(e, x))?;
        if callbacks {
            let _ = fire(s, sesid, tableid, c, JET_cbtypAfterDelete, std::ptr::null_mut(), std::ptr::null_mut());
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetEscrowUpdate(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pv: *mut c_void, cbMax: u32, pvOld: *mut c_void, cbOldMax: u32, pcbOldActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        if pv.is_null() {
            return Err(JetError::InvalidParameter);
        }
        let delta = args::bytes(pv, cbMax)?;
        let room = if pvOld.is_null() { None } else { Some(cbOldMax as usize) };
        let old = t.escrow_update(e, x, columnid, delta, room, grbit)?;
        // ESE writes the whole old value when a buffer is given
        args::write_bytes(pvOld, old.len() as u32, &old);
        if let Some(out) = args::opt_out(pcbOldActual) {
            out.write(old.len() as u32);
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetLock(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| t.get_lock(e, x, grbit))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetPrepareUpdate(sesid: JET_SESID, tableid: JET_TABLEID, prep: u32) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| t.prepare_update(e, x, prep))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT, psetinfo: *mut JET_SETINFO) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let info = args::opt_read(psetinfo);
        if info.is_some_and(|i| (i.cbStruct as usize) < std::mem::size_of::<JET_SETINFO>()) {
            return Err(JetError::InvalidParameter);
        }
        let (ib, itag) = info.map_or((0, 1), |i| (i.ibLongValue, i.itagSequence));
        let data = args::opt_bytes(pvData, cbData);
        Ok(Warn(t.set_column(e, x, columnid, data, cbData, grbit, itag, ib)?))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumns(sesid: JET_SESID, tableid: JET_TABLEID, psetcolumn: *mut JET_SETCOLUMN, csetcolumn: u32) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let cols = args::slice_mut(psetcolumn, csetcolumn)?;
        if t.update.is_none() {
            t.check_writable()?;
            return Err(JetError::UpdateNotPrepared);
        }
        let mut last = JET_errSuccess;
        for c in cols.iter_mut() {
            let data = args::opt_bytes(c.pvData, c.cbData);
            // ESE returns what the last column's set returned
            last = t.set_column(e, x, c.columnid, data, c.cbData, c.grbit, c.itagSequence, c.ibLongValue)?;
            c.err = last;
        }
        Ok(Warn(last))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetUpdate(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbBookmark: u32, pcbActual: *mut u32) -> JET_ERR {
    JetUpdate2(sesid, tableid, pvBookmark, cbBookmark, pcbActual, 0)
}

/// JET_bitUpdateNoVersion.
const UPDATE_NO_VERSION: u32 = 0x0000_0002;

#[cfg(not(jet_version_below_0502))]
#[unsafe(no_mangle)]
pub extern "C" fn JetUpdate2(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbBookmark: u32, pcbActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |s, c| {
        let kind = locked(s, c, |_e, _x, t| t.update.as_ref().map(|u| u.kind).ok_or(JetError::UpdateNotPrepared))?;
        if grbit & UPDATE_NO_VERSION != 0 && !kind.is_insert() {
            return Err(JetError::UpdateMustVersion);
        }
        let (before, after) = if kind.is_insert() {
            (JET_cbtypBeforeInsert, JET_cbtypAfterInsert)
        } else {
            (JET_cbtypBeforeReplace, JET_cbtypAfterReplace)
        };
        let callbacks = has(s, c, before | after);
        if callbacks {
            fire(s, sesid, tableid, c, before, std::ptr::null_mut(), std::ptr::null_mut())?;
        }
        let room = if kind.is_insert() && !pvBookmark.is_null() { Some(cbBookmark as usize) } else { None };
        let bm = locked(s, c, |e, x, t| t.update(e, x, room))?;
        // a replace reports the bookmark only when given room for it (as ESE)
        if kind.is_insert() || cbBookmark > 0 {
            args::write_bytes(pvBookmark, cbBookmark, &bm);
            if let Some(out) = args::opt_out(pcbActual) {
                out.write(bm.len() as u32);
            }
        }
        if callbacks {
            let _ = fire(s, sesid, tableid, c, after, std::ptr::null_mut(), std::ptr::null_mut());
        }
        Ok(())
    })
}
