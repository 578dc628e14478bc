//! The navigate functions of the Jet API.

use crate::abi::*;
use super::args;
use super::guard::{self, Ses, Warn, not_yet};
use crate::error::JetError;
use crate::isam::nav::Found;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetDupCursor(sesid: JET_SESID, tableid: JET_TABLEID, ptableid: *mut JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (ptableid, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (pvBookmark, cbMax, pcbActual);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetRecordPosition(sesid: JET_SESID, tableid: JET_TABLEID, precpos: *mut JET_RECPOS, cbRecpos: u32) -> JET_ERR {
    let _ = (precpos, cbRecpos);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetSecondaryIndexBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvSecondaryKey: *mut c_void, cbSecondaryKeyMax: u32, pcbSecondaryKeyActual: *mut u32, pvPrimaryBookmark: *mut c_void, cbPrimaryBookmarkMax: u32, pcbPrimaryBookmarkActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pvSecondaryKey, cbSecondaryKeyMax, pcbSecondaryKeyActual, pvPrimaryBookmark, cbPrimaryBookmarkMax, pcbPrimaryBookmarkActual, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGotoBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbBookmark: u32) -> JET_ERR {
    let _ = (pvBookmark, cbBookmark);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGotoPosition(sesid: JET_SESID, tableid: JET_TABLEID, precpos: *mut JET_RECPOS) -> JET_ERR {
    let _ = precpos;
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGotoSecondaryIndexBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvSecondaryKey: *mut c_void, cbSecondaryKey: u32, pvPrimaryBookmark: *mut c_void, cbPrimaryBookmark: u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pvSecondaryKey, cbSecondaryKey, pvPrimaryBookmark, cbPrimaryBookmark, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetIndexRecordCount(sesid: JET_SESID, tableid: JET_TABLEID, pcrec: *mut u32, crecMax: u32) -> JET_ERR {
    let _ = (pcrec, crecMax);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetIntersectIndexes(sesid: JET_SESID, rgindexrange: *mut JET_INDEXRANGE, cindexrange: u32, precordlist: *mut JET_RECORDLIST, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (rgindexrange, cindexrange, precordlist, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetMakeKey(sesid: JET_SESID, tableid: JET_TABLEID, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |_e, _x, t| {
        let data = args::opt_bytes(pvData, cbData).unwrap_or(&[]);
        if pvData.is_null() && cbData != 0 {
            return Err(JetError::InvalidParameter);
        }
        t.make_key(data, grbit)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetMove(sesid: JET_SESID, tableid: JET_TABLEID, cRow: i32, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| t.move_by(e, x, cRow, grbit))
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetPrereadIndexRanges(sesid: JET_SESID, tableid: JET_TABLEID, rgIndexRanges: *const JET_INDEX_RANGE, cIndexRanges: u32, pcRangesPreread: *mut u32, rgcolumnidPreread: *const JET_COLUMNID, ccolumnidPreread: u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (rgIndexRanges, cIndexRanges, pcRangesPreread, rgcolumnidPreread, ccolumnidPreread, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetPrereadKeys(sesid: JET_SESID, tableid: JET_TABLEID, rgpvKeys: *mut *const c_void, rgcbKeys: *const u32, ckeys: i32, pckeysPreread: *mut i32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (rgpvKeys, rgcbKeys, ckeys, pckeysPreread, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetResetTableSequential(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSeek(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        Ok(match t.seek(e, x, grbit)? {
            Found::Exact => Warn(JET_errSuccess),
            Found::NotEqual => Warn(JET_wrnSeekNotEqual),
        })
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR) -> JET_ERR {
    JetSetCurrentIndexA(sesid, tableid, szIndexName)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex2(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    JetSetCurrentIndex2A(sesid, tableid, szIndexName, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex2A(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    JetSetCurrentIndex3A(sesid, tableid, szIndexName, grbit, 1)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex2W(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR, grbit: JET_GRBIT) -> JET_ERR {
    JetSetCurrentIndex3W(sesid, tableid, szIndexName, grbit, 1)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex3(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, grbit: JET_GRBIT, itagSequence: u32) -> JET_ERR {
    JetSetCurrentIndex3A(sesid, tableid, szIndexName, grbit, itagSequence)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex3A(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, grbit: JET_GRBIT, itagSequence: u32) -> JET_ERR {
    JetSetCurrentIndex4A(sesid, tableid, szIndexName, std::ptr::null_mut(), grbit, itagSequence)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex3W(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR, grbit: JET_GRBIT, itagSequence: u32) -> JET_ERR {
    JetSetCurrentIndex4W(sesid, tableid, szIndexName, std::ptr::null_mut(), grbit, itagSequence)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex4(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, pindexid: *mut JET_INDEXID, grbit: JET_GRBIT, itagSequence: u32) -> JET_ERR {
    JetSetCurrentIndex4A(sesid, tableid, szIndexName, pindexid, grbit, itagSequence)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex4A(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, pindexid: *mut JET_INDEXID, grbit: JET_GRBIT, itagSequence: u32) -> JET_ERR {
    let _ = itagSequence;
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        if !pindexid.is_null() {
            return Err(JetError::FeatureNotAvailable);
        }
        let name = args::str_a(szIndexName)?;
        t.set_current_index(e, x, name.as_deref(), grbit)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex4W(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR, pindexid: *mut JET_INDEXID, grbit: JET_GRBIT, itagSequence: u32) -> JET_ERR {
    let _ = itagSequence;
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        if !pindexid.is_null() {
            return Err(JetError::FeatureNotAvailable);
        }
        let name = args::str_w(szIndexName)?;
        t.set_current_index(e, x, name.as_deref(), grbit)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndexA(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR) -> JET_ERR {
    JetSetCurrentIndex2A(sesid, tableid, szIndexName, JET_bitMoveFirst)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndexW(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR) -> JET_ERR {
    JetSetCurrentIndex2W(sesid, tableid, szIndexName, JET_bitMoveFirst)
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetCursorFilter(sesid: JET_SESID, tableid: JET_TABLEID, rgColumnFilters: *mut JET_INDEX_COLUMN, cColumnFilters: u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (rgColumnFilters, cColumnFilters, grbit);
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetIndexRange(sesid: JET_SESID, tableidSrc: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableidSrc, Ses::Normal, |e, x, t| t.set_index_range(e, x, grbit))
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetTableSequential(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
}

