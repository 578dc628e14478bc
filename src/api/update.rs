//! The update functions of the Jet API.

use crate::abi::*;
use super::args;
use super::guard::{self, Ses, Warn, not_yet};
use crate::error::JetError;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetDelete(sesid: JET_SESID, tableid: JET_TABLEID) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| t.delete(e, x))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetEscrowUpdate(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pv: *mut c_void, cbMax: u32, pvOld: *mut c_void, cbOldMax: u32, pcbOldActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (columnid, pv, cbMax, pvOld, cbOldMax, pcbOldActual, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetLock(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetPrepareUpdate(sesid: JET_SESID, tableid: JET_TABLEID, prep: u32) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| t.prepare_update(e, x, prep))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT, psetinfo: *mut JET_SETINFO) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |_e, _x, t| {
        let info = match args::opt_read(psetinfo) {
            Some(i) if (i.cbStruct as usize) < std::mem::size_of::<JET_SETINFO>() => return Err(JetError::InvalidParameter),
            i => i,
        };
        let (ib, itag) = info.map_or((0, 1), |i| (i.ibLongValue, i.itagSequence));
        if pvData.is_null() && cbData != 0 {
            return Err(JetError::InvalidParameter);
        }
        let data = args::opt_bytes(pvData, cbData);
        let truncated = t.set_column(columnid, data, grbit, itag, ib)?;
        Ok(Warn(if truncated { JET_wrnColumnMaxTruncated } else { JET_errSuccess }))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetColumns(sesid: JET_SESID, tableid: JET_TABLEID, psetcolumn: *mut JET_SETCOLUMN, csetcolumn: u32) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |_e, _x, t| {
        let cols = args::slice_mut(psetcolumn, csetcolumn)?;
        let mut worst = JET_errSuccess;
        for c in cols.iter_mut() {
            if c.pvData.is_null() && c.cbData != 0 {
                c.err = JET_errInvalidParameter;
                return Err(JetError::InvalidParameter);
            }
            let data = args::opt_bytes(c.pvData, c.cbData);
            c.err = match t.set_column(c.columnid, data, c.grbit, c.itagSequence, c.ibLongValue) {
                Ok(true) => JET_wrnColumnMaxTruncated,
                Ok(false) => JET_errSuccess,
                Err(err) => return Err(err),
            };
            if c.err > 0 && worst == JET_errSuccess {
                worst = c.err;
            }
        }
        Ok(Warn(worst))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetUpdate(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbBookmark: u32, pcbActual: *mut u32) -> JET_ERR {
    JetUpdate2(sesid, tableid, pvBookmark, cbBookmark, pcbActual, 0)
}

#[cfg(not(jet_version_below_0502))]
#[unsafe(no_mangle)]
pub extern "C" fn JetUpdate2(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbBookmark: u32, pcbActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        if grbit & !JET_bitUpdateCheckESE97Compatibility != 0 {
            return Err(JetError::InvalidGrbit);
        }
        let bm = t.update(e, x)?;
        args::write_bytes(pvBookmark, cbBookmark, &bm);
        if let Some(out) = args::opt_out(pcbActual) {
            out.write(bm.len() as u32);
        }
        Ok(())
    })
}

