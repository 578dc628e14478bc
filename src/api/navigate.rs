//! The navigate functions of the Jet API.

use std::sync::Arc;

use crate::abi::*;
use super::args;
use super::guard::{self, Ses, Warn};
use super::handles;
use crate::error::{JetError, JetResult};
use crate::isam::Cursor;
use crate::isam::nav::{Found, IndexChoice, MoveFilter, RangeColumn};
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetDupCursor(sesid: JET_SESID, tableid: JET_TABLEID, ptableid: *mut JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::table(sesid, tableid, Ses::Normal, |s, c| {
        let out = args::out(ptableid)?;
        let dup = c.table()?.duplicate();
        let cursor = Arc::new(Cursor::on_table(s.serial(), dup));
        let h = handles::TABLES.insert(cursor.clone()).ok_or(JetError::OutOfCursors)?;
        s.add_cursor(cursor);
        out.write(h);
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |_e, _x, t| {
        let bm = t.get_bookmark()?;
        if let Some(out) = args::opt_out(pcbActual) {
            out.write(bm.len() as u32);
        }
        args::write_bytes(pvBookmark, cbMax, &bm);
        if bm.len() > cbMax as usize {
            return Err(JetError::BufferTooSmall);
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetRecordPosition(sesid: JET_SESID, tableid: JET_TABLEID, precpos: *mut JET_RECPOS, cbRecpos: u32) -> JET_ERR {
    filtered(tableid, || {
        guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
            if (cbRecpos as usize) < std::mem::size_of::<JET_RECPOS>() || precpos.is_null() {
                return Err(JetError::InvalidParameter);
            }
            let (lt, total) = t.record_position(e, x)?;
            if (cbRecpos as usize) < std::mem::size_of::<JET_RECPOS2>() {
                args::out(precpos)?.write(JET_RECPOS {
                    cbStruct: std::mem::size_of::<JET_RECPOS>() as u32,
                    centriesLT: lt as u32,
                    centriesInRange: 1,
                    centriesTotal: total as u32,
                });
            } else {
                args::out(precpos as *mut JET_RECPOS2)?.write(JET_RECPOS2 {
                    cbStruct: std::mem::size_of::<JET_RECPOS2>() as u32,
                    centriesLTDeprecated: lt as u32,
                    centriesInRangeDeprecated: 1,
                    centriesTotalDeprecated: total as u32,
                    centriesLT: lt,
                    centriesTotal: total,
                });
            }
            Ok(())
        })
    })
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetSecondaryIndexBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvSecondaryKey: *mut c_void, cbSecondaryKeyMax: u32, pcbSecondaryKeyActual: *mut u32, pvPrimaryBookmark: *mut c_void, cbPrimaryBookmarkMax: u32, pcbPrimaryBookmarkActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let (key, bm) = t.secondary_index_bookmark(e, x)?;
        if let Some(out) = args::opt_out(pcbSecondaryKeyActual) {
            out.write(key.len() as u32);
        }
        args::write_bytes(pvSecondaryKey, cbSecondaryKeyMax, &key);
        if let Some(out) = args::opt_out(pcbPrimaryBookmarkActual) {
            out.write(bm.len() as u32);
        }
        args::write_bytes(pvPrimaryBookmark, cbPrimaryBookmarkMax, &bm);
        if key.len() > cbSecondaryKeyMax as usize || bm.len() > cbPrimaryBookmarkMax as usize {
            return Err(JetError::BufferTooSmall);
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGotoBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbBookmark: u32) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let bm = args::opt_bytes(pvBookmark, cbBookmark).unwrap_or(&[]);
        t.goto_bookmark(e, x, bm, 1)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGotoPosition(sesid: JET_SESID, tableid: JET_TABLEID, precpos: *mut JET_RECPOS) -> JET_ERR {
    filtered(tableid, || {
        guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
            let r = args::read(precpos as *const JET_RECPOS)?;
            let (lt, total) = if r.cbStruct as usize == std::mem::size_of::<JET_RECPOS>() {
                (r.centriesLT as u64, r.centriesTotal as u64)
            } else if r.cbStruct as usize == std::mem::size_of::<JET_RECPOS2>() {
                let r2 = args::read(precpos as *const JET_RECPOS2)?;
                if r2.centriesLTDeprecated != 0 || r2.centriesTotalDeprecated != 0 {
                    return Err(JetError::InvalidParameter);
                }
                (r2.centriesLT, r2.centriesTotal)
            } else {
                return Err(JetError::InvalidParameter);
            };
            t.goto_position(e, x, lt, total)
        })
    })
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGotoSecondaryIndexBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvSecondaryKey: *mut c_void, cbSecondaryKey: u32, pvPrimaryBookmark: *mut c_void, cbPrimaryBookmark: u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
        let key = args::opt_bytes(pvSecondaryKey, cbSecondaryKey).unwrap_or(&[]);
        let bm = args::opt_bytes(pvPrimaryBookmark, cbPrimaryBookmark).unwrap_or(&[]);
        t.goto_secondary_index_bookmark(e, x, key, bm, grbit)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetIndexRecordCount(sesid: JET_SESID, tableid: JET_TABLEID, pcrec: *mut u32, crecMax: u32) -> JET_ERR {
    filtered(tableid, || {
        guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
            let out = args::out(pcrec)?;
            let n = t.index_record_count(e, x, crecMax as u64)?;
            out.write(n.min(u32::MAX as u64) as u32);
            Ok(())
        })
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetIntersectIndexes(sesid: JET_SESID, rgindexrange: *mut JET_INDEXRANGE, cindexrange: u32, precordlist: *mut JET_RECORDLIST, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::session(sesid, Ses::Normal, |s| {
        let list = args::read(precordlist as *const JET_RECORDLIST)?;
        if list.cbStruct as usize != std::mem::size_of::<JET_RECORDLIST>() || cindexrange == 0 || cindexrange > 64 {
            return Err(JetError::InvalidParameter);
        }
        let ranges = args::slice(rgindexrange as *const JET_INDEXRANGE, cindexrange)?;
        let mut cursors = Vec::with_capacity(ranges.len());
        for r in ranges {
            if r.cbStruct as usize != std::mem::size_of::<JET_INDEXRANGE>() {
                return Err(JetError::InvalidParameter);
            }
            let c = handles::TABLES.get(r.tableid).ok_or(JetError::InvalidTableId)?;
            if c.session_serial() != s.serial() {
                return Err(JetError::InvalidTableId);
            }
            cursors.push(c);
        }
        if cursors.iter().enumerate().any(|(i, c)| cursors[..i].iter().any(|o| Arc::ptr_eq(o, c))) {
            // one cursor cannot be two indexes
            return Err(JetError::InvalidParameter);
        }
        let engine = s.instance().engine()?;
        let bookmarks = {
            let txn = s.txn();
            let mut guards = cursors.iter().map(|c| c.table()).collect::<JetResult<Vec<_>>>()?;
            let mut refs: Vec<&mut crate::isam::table::TableCursor> = guards.iter_mut().map(|g| &mut **g).collect();
            let grbits: Vec<u32> = ranges.iter().map(|r| r.grbit).collect();
            crate::isam::nav::intersect_bookmarks(&engine, &txn, &mut refs, &grbits)?
        };
        let out = record_list(s, &bookmarks)?;
        args::out(precordlist)?.write(out);
        Ok(())
    })
}

/// The temporary table JetIntersectIndexes returns: one Binary key column
/// (JET_bitColumnTTKey) holding the bookmarks in order, as ESE builds it
/// (rec.cxx's rgcolumndefJoinlist).
fn record_list(s: &Arc<crate::isam::Session>, bookmarks: &[Vec<u8>]) -> JetResult<JET_RECORDLIST> {
    use crate::isam::temp::{TempColumn, TempTableSpec};
    let spec = TempTableSpec {
        columns: vec![TempColumn { coltyp: JET_coltypBinary, grbit: JET_bitColumnTTKey, ..Default::default() }],
        ..Default::default()
    };
    let (mut t, ids) = s.open_temp_table(&spec)?;
    {
        let engine = s.instance().engine()?;
        let mut x = s.txn();
        for b in bookmarks {
            t.prepare_update(&engine, &mut x, JET_prepInsert)?;
            t.set_column(&engine, &x, ids[0], Some(b), b.len() as u32, 0, 1, 0)?;
            t.update(&engine, &mut x, None)?;
        }
    }
    let tableid = super::temp::register(s, t)?;
    Ok(JET_RECORDLIST {
        cbStruct: std::mem::size_of::<JET_RECORDLIST>() as u32,
        tableid,
        cRecord: bookmarks.len() as u32,
        columnidBookmark: ids[0],
    })
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
    filtered(tableid, || guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| t.move_by(e, x, cRow, grbit)))
}

/// (pv, cb) of a JET_INDEX_COLUMN list.
fn range_columns<'a>(p: *mut JET_INDEX_COLUMN, n: u32) -> JetResult<Vec<RangeColumn<'a>>> {
    let cols = args::slice(p as *const JET_INDEX_COLUMN, n)?;
    cols.iter()
        .map(|c| {
            let data = args::bytes(c.pv as *const c_void, c.cb)?;
            Ok(RangeColumn { relop: c.relop as u32, data, grbit: c.grbit })
        })
        .collect()
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetPrereadIndexRanges(sesid: JET_SESID, tableid: JET_TABLEID, rgIndexRanges: *const JET_INDEX_RANGE, cIndexRanges: u32, pcRangesPreread: *mut u32, rgcolumnidPreread: *const JET_COLUMNID, ccolumnidPreread: u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |_e, _x, t| {
        let ranges = args::slice(rgIndexRanges, cIndexRanges)?;
        let columns = args::slice(rgcolumnidPreread, ccolumnidPreread)?;
        let mut parsed = Vec::with_capacity(ranges.len());
        for r in ranges {
            parsed.push((range_columns(r.rgStartColumns, r.cStartColumns)?, range_columns(r.rgEndColumns, r.cEndColumns)?));
        }
        let n = t.preread_index_ranges(&parsed, columns, grbit, !pcRangesPreread.is_null())?;
        if let Some(out) = args::opt_out(pcRangesPreread) {
            out.write(n);
        }
        Ok(())
    })
}

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetPrereadKeys(sesid: JET_SESID, tableid: JET_TABLEID, rgpvKeys: *mut *const c_void, rgcbKeys: *const u32, ckeys: i32, pckeysPreread: *mut i32, grbit: JET_GRBIT) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |_e, _x, t| {
        if let Some(out) = args::opt_out(pckeysPreread) {
            out.write(0);
        }
        if rgpvKeys.is_null() || rgcbKeys.is_null() || ckeys <= 0 {
            return Err(JetError::InvalidParameter);
        }
        let pvs = args::slice(rgpvKeys as *const *const c_void, ckeys as u32)?;
        let cbs = args::slice(rgcbKeys, ckeys as u32)?;
        let mut keys = Vec::with_capacity(pvs.len());
        for (pv, cb) in pvs.iter().zip(cbs) {
            if pv.is_null() {
                return Err(JetError::InvalidParameter);
            }
            keys.push(args::bytes(*pv, *cb)?);
        }
        let n = t.preread_keys(&keys, grbit)?;
        if let Some(out) = args::opt_out(pckeysPreread) {
            out.write(n);
        }
        Ok(())
    })
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetResetTableSequential(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::cursor(sesid, tableid, Ses::Normal, |_e, _x, t| {
        t.grbit &= !JET_bitTableSequential;
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSeek(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    filtered(tableid, || {
        guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
            Ok(match t.seek(e, x, grbit)? {
                Found::Exact => Warn(JET_errSuccess),
                Found::NotEqual => Warn(JET_wrnSeekNotEqual),
            })
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
    JetSetCurrentIndex4A(sesid, tableid, szIndexName, std::ptr::null_mut(), grbit, 1)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex2W(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR, grbit: JET_GRBIT) -> JET_ERR {
    JetSetCurrentIndex4W(sesid, tableid, szIndexName, std::ptr::null_mut(), grbit, 1)
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

/// JetSetCurrentIndex4 once the name is converted: an index id wins over the name.
fn set_current_index(sesid: JET_SESID, tableid: JET_TABLEID, name: JetResult<Option<String>>, pindexid: *mut JET_INDEXID, grbit: JET_GRBIT, itag: u32) -> JET_ERR {
    filtered(tableid, || {
        guard::cursor(sesid, tableid, Ses::Normal, |e, x, t| {
            if grbit & !(JET_bitMoveFirst | JET_bitNoMove) != 0 {
                return Err(JetError::InvalidGrbit);
            }
            let which = match args::opt_read(pindexid as *const JET_INDEXID) {
                Some(id) => IndexChoice::Id(id),
                None => match name?.as_deref() {
                    None | Some("") => IndexChoice::Primary,
                    Some(n) => return t.set_current_index(e, x, IndexChoice::Name(n), grbit, itag),
                },
            };
            t.set_current_index(e, x, which, grbit, itag)
        })
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex4A(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCSTR, pindexid: *mut JET_INDEXID, grbit: JET_GRBIT, itagSequence: u32) -> JET_ERR {
    set_current_index(sesid, tableid, args::str_a(szIndexName), pindexid, grbit, itagSequence)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetCurrentIndex4W(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: JET_PCWSTR, pindexid: *mut JET_INDEXID, grbit: JET_GRBIT, itagSequence: u32) -> JET_ERR {
    set_current_index(sesid, tableid, args::str_w(szIndexName), pindexid, grbit, itagSequence)
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
    guard::cursor(sesid, tableid, Ses::Normal, |_e, _x, t| {
        if grbit != 0 {
            return Err(JetError::InvalidGrbit);
        }
        // ESE filters moves on the clustered index only
        if !t.current.clustered {
            return Err(JetError::FilteredMoveNotSupported);
        }
        // the cursor's filter goes first, whatever happens next
        set_filter(tableid, None);
        let filters = args::slice(rgColumnFilters as *const JET_INDEX_COLUMN, cColumnFilters)?;
        let mut parsed = Vec::with_capacity(filters.len());
        for f in filters {
            if f.pv.is_null() && f.cb != 0 {
                return Err(JetError::InvalidParameter);
            }
            let data = args::opt_bytes(f.pv as *const c_void, f.cb).unwrap_or(&[]);
            parsed.push(MoveFilter::new(f.columnid, f.relop as u32, f.pv.is_null(), data, f.grbit));
        }
        let checked = t.set_cursor_filter(parsed)?;
        if !checked.is_empty() {
            set_filter(tableid, Some(Arc::new(checked)));
        }
        Ok(())
    })
}

/// The cursor filters of open tables (JetSetCursorFilter), by table handle.
/// Handles are never reused, so a closed table's entry is only garbage,
/// dropped the next time the list changes.
static FILTERS: parking_lot::Mutex<Vec<(JET_TABLEID, Arc<Vec<MoveFilter>>)>> = parking_lot::Mutex::new(Vec::new());

/// Set (for good) by the first JetSetCursorFilter: until then no call looks at FILTERS.
static ANY_FILTER: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn set_filter(tableid: JET_TABLEID, filter: Option<Arc<Vec<MoveFilter>>>) {
    if filter.is_some() {
        ANY_FILTER.store(true, std::sync::atomic::Ordering::Release);
    }
    let mut f = FILTERS.lock();
    f.retain(|(t, _)| *t != tableid && handles::TABLES.get(*t).is_some());
    if let Some(filter) = filter {
        f.push((tableid, filter));
    }
}

fn filter_of(tableid: JET_TABLEID) -> Option<Arc<Vec<MoveFilter>>> {
    FILTERS.lock().iter().find(|(t, _)| *t == tableid).map(|(_, f)| f.clone())
}

/// Run a navigation call with the cursor's filter in force.
fn filtered(tableid: JET_TABLEID, call: impl FnOnce() -> JET_ERR) -> JET_ERR {
    // no filter was ever set: none is in force on this thread either
    if !ANY_FILTER.load(std::sync::atomic::Ordering::Acquire) {
        return call();
    }
    crate::isam::nav::with_filter(filter_of(tableid), call)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetIndexRange(sesid: JET_SESID, tableidSrc: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    filtered(tableidSrc, || guard::cursor(sesid, tableidSrc, Ses::Normal, |e, x, t| t.set_index_range(e, x, grbit)))
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetTableSequential(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::cursor(sesid, tableid, Ses::Normal, |_e, _x, t| {
        t.grbit |= JET_bitTableSequential;
        Ok(())
    })
}
