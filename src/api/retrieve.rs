//! The retrieve functions of the Jet API.

use std::sync::Arc;

use crate::abi::*;
use super::args;
use super::callback::locked;
use super::guard::{self, Ses, Warn};
use crate::error::{JetError, JetResult};
use crate::isam::retrieve::{ColumnRead, EnumBody, EnumColumn, EnumRequest, ValueState};
use crate::isam::{Cursor, Session};
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

/// One retrieval on a cursor (locks taken and released around it). A
/// user-defined default comes back as such: the caller has `udd::compute`
/// call its callback, with no lock held.
#[allow(clippy::too_many_arguments)]
fn retrieve_one(s: &Arc<Session>, c: &Arc<Cursor>, tableid: JET_TABLEID, columnid: u32, itag: u32, ib: u32, cb: u32, grbit: JET_GRBIT) -> JetResult<ColumnRead> {
    let grbit = super::udd::retrieve_grbit(tableid, grbit);
    locked(s, c, |e, x, t| t.retrieve_column(e, x, columnid, itag, ib, cb as usize, grbit))
}

/// Hand a retrieved value to the caller: a user-defined default is computed
/// by its callback straight into the caller's buffer. The result code and cbActual.
#[allow(clippy::too_many_arguments)]
fn deliver_or_compute(s: &Arc<Session>, c: &Arc<Cursor>, sesid: JET_SESID, tableid: JET_TABLEID, r: &ColumnRead, pv: *mut c_void, cb: u32) -> JetResult<(JET_ERR, u32)> {
    match r.state {
        ValueState::UserDefinedDefault { from_copy } => super::udd::compute(s, c, sesid, tableid, r.columnid, from_copy, pv, cb),
        _ => {
            let mut actual = 0u32;
            let code = deliver(r, pv, cb, &mut actual);
            Ok((code, actual))
        }
    }
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetEnumerateColumns(sesid: JET_SESID, tableid: JET_TABLEID, cEnumColumnId: u32, rgEnumColumnId: *mut JET_ENUMCOLUMNID, pcEnumColumn: *mut u32, prgEnumColumn: *mut *mut JET_ENUMCOLUMN, pfnRealloc: JET_PFNREALLOC, pvReallocContext: *mut c_void, cbDataMost: u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let (Some(realloc), false, false) = (pfnRealloc, pcEnumColumn.is_null(), prgEnumColumn.is_null()) else {
            return Err(JetError::InvalidParameter);
        };
        let ids = args::slice(rgEnumColumnId as *const JET_ENUMCOLUMNID, cEnumColumnId)?;
        let mut requests = Vec::with_capacity(ids.len());
        for id in ids {
            let itags = if id.ctagSequence == 0 { None } else { Some(args::slice(id.rgtagSequence as *const u32, id.ctagSequence)?.to_vec()) };
            requests.push(EnumRequest { columnid: id.columnid, itags });
        }
        args::out(pcEnumColumn)?.write(0);
        args::out(prgEnumColumn)?.write(std::ptr::null_mut());
        let (columns, first_error) = t.enumerate_columns(e, x, &requests, cbDataMost, grbit)?;
        let (n, array) = hand_out(realloc, pvReallocContext, &columns)?;
        args::out(pcEnumColumn)?.write(n);
        args::out(prgEnumColumn)?.write(array);
        match first_error {
            Some(err) => Err(err),
            None => Ok(()),
        }
    })
}

/// Memory from the caller's JET_PFNREALLOC (NULL pointer in: allocate).
fn alloc(realloc: unsafe extern "C" fn(*mut c_void, *mut c_void, u32) -> *mut c_void, ctx: *mut c_void, cb: usize) -> JetResult<*mut c_void> {
    // SAFETY: the caller's allocator, called as JetEnumerateColumns documents it.
    let p = unsafe { realloc(ctx, std::ptr::null_mut(), cb as u32) };
    if p.is_null() && cb > 0 {
        return Err(JetError::OutOfMemory);
    }
    Ok(p)
}

/// Build the JET_ENUMCOLUMN array in memory from the caller's allocator; if
/// an allocation fails, what was allocated goes back (pfnRealloc with 0).
fn hand_out(realloc: unsafe extern "C" fn(*mut c_void, *mut c_void, u32) -> *mut c_void, ctx: *mut c_void, columns: &[EnumColumn]) -> JetResult<(u32, *mut JET_ENUMCOLUMN)> {
    let mut blocks: Vec<*mut c_void> = Vec::new();
    let r = build_enum(realloc, ctx, columns, &mut blocks);
    if r.is_err() {
        for p in blocks {
            // SAFETY: each block came from this allocator in this call.
            unsafe { realloc(ctx, p, 0) };
        }
    }
    r
}

fn build_enum(realloc: unsafe extern "C" fn(*mut c_void, *mut c_void, u32) -> *mut c_void, ctx: *mut c_void, columns: &[EnumColumn], blocks: &mut Vec<*mut c_void>) -> JetResult<(u32, *mut JET_ENUMCOLUMN)> {
    let mut take = |cb: usize| -> JetResult<*mut c_void> {
        let p = alloc(realloc, ctx, cb)?;
        if !p.is_null() {
            blocks.push(p);
        }
        Ok(p)
    };
    if columns.is_empty() {
        return Ok((0, std::ptr::null_mut()));
    }
    let array = take(std::mem::size_of::<JET_ENUMCOLUMN>() * columns.len())? as *mut JET_ENUMCOLUMN;
    for (i, col) in columns.iter().enumerate() {
        let mut out = JET_ENUMCOLUMN {
            columnid: col.columnid,
            err: col.err,
            __anon_8: JET_ENUMCOLUMN_anon8 { __anon_s0: JET_ENUMCOLUMN_anon8_s0 { cEnumColumnValue: 0, rgEnumColumnValue: std::ptr::null_mut() } },
        };
        match &col.body {
            EnumBody::Nothing => {}
            EnumBody::Single(d) => {
                let p = take(d.len())?;
                args::write_bytes(p, d.len() as u32, d);
                out.__anon_8 = JET_ENUMCOLUMN_anon8 { __anon_s1: JET_ENUMCOLUMN_anon8_s1 { cbData: d.len() as u32, pvData: p } };
            }
            EnumBody::Values(vals) => {
                let rg = take(std::mem::size_of::<JET_ENUMCOLUMNVALUE>() * vals.len())? as *mut JET_ENUMCOLUMNVALUE;
                for (j, v) in vals.iter().enumerate() {
                    let p = if v.data.is_empty() && v.err != JET_errSuccess { std::ptr::null_mut() } else { take(v.data.len())? };
                    args::write_bytes(p, v.data.len() as u32, &v.data);
                    let value = JET_ENUMCOLUMNVALUE { itagSequence: v.itag, err: v.err, cbData: v.data.len() as u32, pvData: p };
                    // SAFETY: rg holds vals.len() JET_ENUMCOLUMNVALUEs from the caller's allocator.
                    unsafe { rg.add(j).write_unaligned(value) };
                }
                out.__anon_8 = JET_ENUMCOLUMN_anon8 { __anon_s0: JET_ENUMCOLUMN_anon8_s0 { cEnumColumnValue: vals.len() as u32, rgEnumColumnValue: rg } };
            }
        }
        // SAFETY: array holds columns.len() JET_ENUMCOLUMNs from the caller's allocator.
        unsafe { array.add(i).write_unaligned(out) };
    }
    Ok((columns.len() as u32, array))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRetrieveColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pvData: *mut c_void, cbData: u32, pcbActual: *mut u32, grbit: JET_GRBIT, pretinfo: *mut JET_RETINFO) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |s, c| {
        let info = args::opt_read(pretinfo);
        if info.is_some_and(|i| (i.cbStruct as usize) < std::mem::size_of::<JET_RETINFO>()) {
            return Err(JetError::InvalidParameter);
        }
        let (ib, itag) = info.map_or((0, 1), |i| (i.ibLongValue, i.itagSequence));
        if pvData.is_null() && cbData != 0 {
            return Err(JetError::InvalidParameter);
        }
        // the common case straight into the caller's buffer, else the general one
        let fast = {
            let grbit = super::udd::retrieve_grbit(tableid, grbit);
            let out = args::opt_bytes_mut(pvData, cbData).unwrap_or(&mut []);
            locked(s, c, |e, x, t| t.retrieve_column_into(e, x, columnid, itag, ib, grbit, out))?
        };
        let (r, (code, actual)) = match fast {
            Some(r) => {
                let code = r.warning(cbData as usize);
                let actual = r.actual as u32;
                (r, (code, actual))
            }
            None => {
                let r = retrieve_one(s, c, tableid, columnid, itag, ib, cbData, grbit)?;
                let delivered = deliver_or_compute(s, c, sesid, tableid, &r, pvData, cbData)?;
                (r, delivered)
            }
        };
        if let Some(out) = args::opt_out(pcbActual) {
            out.write(actual);
        }
        if let Some(out) = args::opt_out(pretinfo) {
            let mut i = info.unwrap();
            i.columnidNextTagged = r.columnid;
            if grbit & JET_bitRetrieveTag != 0 && grbit & (JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark) != 0 {
                i.itagSequence = r.itag;
            }
            out.write(i);
        }
        Ok(Warn(code))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRetrieveColumns(sesid: JET_SESID, tableid: JET_TABLEID, pretrievecolumn: *mut JET_RETRIEVECOLUMN, cretrievecolumn: u32) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |s, c| {
        let cols = args::slice_mut(pretrievecolumn, cretrievecolumn)?;
        let mut truncated = false;
        for col in cols.iter_mut() {
            if col.itagSequence == 0 {
                // itagSequence 0 asks for the number of values
                let grbit = super::udd::retrieve_grbit(tableid, col.grbit);
                let n = locked(s, c, |e, x, t| t.count_values(e, x, col.columnid, grbit))?;
                col.itagSequence = n;
                col.cbActual = 0;
                col.columnidNextTagged = col.columnid;
                col.err = JET_errSuccess;
                continue;
            }
            if col.pvData.is_null() && col.cbData != 0 {
                return Err(JetError::InvalidParameter);
            }
            let r = retrieve_one(s, c, tableid, col.columnid, col.itagSequence, col.ibLongValue, col.cbData, col.grbit)?;
            (col.err, col.cbActual) = deliver_or_compute(s, c, sesid, tableid, &r, col.pvData, col.cbData)?;
            col.columnidNextTagged = r.columnid;
            if col.grbit & JET_bitRetrieveTag != 0 && col.grbit & (JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark) != 0 {
                col.itagSequence = r.itag;
            }
            truncated |= col.err == JET_wrnBufferTruncated;
        }
        // only truncation is reported for the whole call, as in ESE
        Ok(Warn(if truncated { JET_wrnBufferTruncated } else { JET_errSuccess }))
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
        // ESE never reports truncation of the search key (JET_bitRetrieveCopy)
        let copy = grbit & JET_bitRetrieveCopy != 0;
        Ok(Warn(if n < key.len() && !copy { JET_wrnBufferTruncated } else { JET_errSuccess }))
    })
}

/// Copy a retrieved value into the caller's buffer: the size goes to
/// `pcb_actual`; the result is the value's warning (JET_wrnColumnNull,
/// JET_wrnColumnSetNull, JET_wrnBufferTruncated) or success.
fn deliver(r: &ColumnRead, pv: *mut c_void, cb: u32, pcb_actual: *mut u32) -> JET_ERR {
    args::write_bytes(pv, cb, &r.data);
    if let Some(out) = args::opt_out(pcb_actual) {
        out.write(r.actual as u32);
    }
    r.warning(cb as usize)
}
