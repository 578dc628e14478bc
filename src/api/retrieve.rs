//! The retrieve functions of the Jet API.

use crate::abi::*;
use super::args;
use super::guard::{self, Ses, Warn, not_yet};
use crate::error::JetError;
use crate::isam::retrieve::Retrieved;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetEnumerateColumns(sesid: JET_SESID, tableid: JET_TABLEID, cEnumColumnId: u32, rgEnumColumnId: *mut JET_ENUMCOLUMNID, pcEnumColumn: *mut u32, prgEnumColumn: *mut *mut JET_ENUMCOLUMN, pfnRealloc: JET_PFNREALLOC, pvReallocContext: *mut c_void, cbDataMost: u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (cEnumColumnId, rgEnumColumnId, pcEnumColumn, prgEnumColumn, pfnRealloc, pvReallocContext, cbDataMost, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRetrieveColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pvData: *mut c_void, cbData: u32, pcbActual: *mut u32, grbit: JET_GRBIT, pretinfo: *mut JET_RETINFO) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let info = match args::opt_read(pretinfo) {
            Some(i) if (i.cbStruct as usize) < std::mem::size_of::<JET_RETINFO>() => return Err(JetError::InvalidParameter),
            i => i,
        };
        let (ib, itag) = info.map_or((0, 1), |i| (i.ibLongValue, i.itagSequence));
        if pvData.is_null() && cbData != 0 {
            return Err(JetError::InvalidParameter);
        }
        let r = t.retrieve_column(e, x, columnid, itag, ib, cbData as usize, grbit)?;
        let code = deliver(&r, pvData, cbData, pcbActual);
        if let Some(out) = args::opt_out(pretinfo) {
            let mut i = info.unwrap();
            i.columnidNextTagged = 0;
            out.write(i);
        }
        Ok(Warn(code))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRetrieveColumns(sesid: JET_SESID, tableid: JET_TABLEID, pretrievecolumn: *mut JET_RETRIEVECOLUMN, cretrievecolumn: u32) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let cols = args::slice_mut(pretrievecolumn, cretrievecolumn)?;
        let mut worst = JET_errSuccess;
        for c in cols.iter_mut() {
            let r = if c.itagSequence == 0 {
                // itagSequence 0 asks for the number of values
                t.value_count(e, x, c.columnid, c.grbit & JET_bitRetrieveCopy != 0).map(|n| {
                    c.itagSequence = n;
                    JET_errSuccess
                })
            } else {
                t.retrieve_column(e, x, c.columnid, c.itagSequence, c.ibLongValue, c.cbData as usize, c.grbit)
                    .map(|r| deliver(&r, c.pvData, c.cbData, &mut c.cbActual))
            };
            c.err = match r {
                Ok(code) => code,
                Err(err) => err.code(),
            };
            c.columnidNextTagged = 0;
            if c.err < 0 {
                return Err(JetError::from_code(c.err).unwrap_or(JetError::InternalError));
            }
            if c.err > 0 && worst == JET_errSuccess {
                worst = c.err;
            }
        }
        Ok(Warn(worst))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRetrieveKey(sesid: JET_SESID, tableid: JET_TABLEID, pvKey: *mut c_void, cbMax: u32, pcbActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let key = t.retrieve_key(e, x, grbit)?;
        let n = args::write_bytes(pvKey, cbMax, &key);
        if let Some(out) = args::opt_out(pcbActual) {
            out.write(key.len() as u32);
        }
        Ok(Warn(if n < key.len() { JET_wrnBufferTruncated } else { JET_errSuccess }))
    })
}


/// Copy a retrieved value into the caller's buffer: the size goes to
/// `pcb_actual`; the result is JET_wrnColumnNull, JET_wrnBufferTruncated or success.
fn deliver(r: &Retrieved, pv: *mut c_void, cb: u32, pcb_actual: *mut u32) -> JET_ERR {
    let Some(data) = &r.data else {
        if let Some(out) = args::opt_out(pcb_actual) {
            out.write(0);
        }
        return JET_wrnColumnNull;
    };
    args::write_bytes(pv, cb, data);
    if let Some(out) = args::opt_out(pcb_actual) {
        out.write(r.size as u32);
    }
    if r.size > cb as usize { JET_wrnBufferTruncated } else { JET_errSuccess }
}
