//! The database functions of the Jet API.

use crate::abi::*;
use super::args;
use super::guard::{self, Ses, Warn};
use crate::error::{JetError, JetResult};
use crate::isam::dbops::AttachOutcome;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetAttachDatabase(sesid: JET_SESID, szFilename: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    JetAttachDatabaseA(sesid, szFilename, grbit)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetAttachDatabase2(sesid: JET_SESID, szFilename: JET_PCSTR, cpgDatabaseSizeMax: u32, grbit: JET_GRBIT) -> JET_ERR {
    JetAttachDatabase2A(sesid, szFilename, cpgDatabaseSizeMax, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetAttachDatabase2A(sesid: JET_SESID, szFilename: JET_PCSTR, cpgDatabaseSizeMax: u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let _ = cpgDatabaseSizeMax;
        let name = args::str_a(szFilename)?.ok_or(JetError::InvalidParameter)?;
        attach(s, &name, grbit)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetAttachDatabase2W(sesid: JET_SESID, szFilename: JET_PCWSTR, cpgDatabaseSizeMax: u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let _ = cpgDatabaseSizeMax;
        let name = args::str_w(szFilename)?.ok_or(JetError::InvalidParameter)?;
        attach(s, &name, grbit)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetAttachDatabaseA(sesid: JET_SESID, szFilename: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    JetAttachDatabase2A(sesid, szFilename, 0, grbit)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetAttachDatabaseW(sesid: JET_SESID, szFilename: JET_PCWSTR, grbit: JET_GRBIT) -> JET_ERR {
    JetAttachDatabase2W(sesid, szFilename, 0, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCloseDatabase(sesid: JET_SESID, dbid: JET_DBID, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::IgnoreStop, |s| s.close_database(dbid, grbit))
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetCompact(sesid: JET_SESID, szDatabaseSrc: JET_PCSTR, szDatabaseDest: JET_PCSTR, pfnStatus: JET_PFNSTATUS, pconvert: *mut JET_CONVERT_A, grbit: JET_GRBIT) -> JET_ERR {
    JetCompactA(sesid, szDatabaseSrc, szDatabaseDest, pfnStatus, pconvert, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCompactA(sesid: JET_SESID, szDatabaseSrc: JET_PCSTR, szDatabaseDest: JET_PCSTR, pfnStatus: JET_PFNSTATUS, pconvert: *mut JET_CONVERT_A, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        compact(s, sesid, || args::str_a(szDatabaseSrc), || args::str_a(szDatabaseDest), pfnStatus, !pconvert.is_null(), grbit)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCompactW(sesid: JET_SESID, szDatabaseSrc: JET_PCWSTR, szDatabaseDest: JET_PCWSTR, pfnStatus: JET_PFNSTATUS, pconvert: *mut JET_CONVERT_W, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        compact(s, sesid, || args::str_w(szDatabaseSrc), || args::str_w(szDatabaseDest), pfnStatus, !pconvert.is_null(), grbit)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetComputeStats(sesid: JET_SESID, tableid: JET_TABLEID) -> JET_ERR {
    guard::cursor(sesid, tableid, Ses::Normal, |engine, txn, t| crate::isam::maintenance::compute_stats(engine, txn, t))
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateDatabase(sesid: JET_SESID, szFilename: JET_PCSTR, szConnect: JET_PCSTR, pdbid: *mut JET_DBID, grbit: JET_GRBIT) -> JET_ERR {
    JetCreateDatabaseA(sesid, szFilename, szConnect, pdbid, grbit)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateDatabase2(sesid: JET_SESID, szFilename: JET_PCSTR, cpgDatabaseSizeMax: u32, pdbid: *mut JET_DBID, grbit: JET_GRBIT) -> JET_ERR {
    JetCreateDatabase2A(sesid, szFilename, cpgDatabaseSizeMax, pdbid, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCreateDatabase2A(sesid: JET_SESID, szFilename: JET_PCSTR, cpgDatabaseSizeMax: u32, pdbid: *mut JET_DBID, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let _ = cpgDatabaseSizeMax;
        let out = args::out(pdbid)?;
        let name = args::str_a(szFilename)?.ok_or(JetError::InvalidParameter)?;
        out.write(s.create_database(&name, grbit)?);
        Ok(())
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateDatabase2W(sesid: JET_SESID, szFilename: JET_PCWSTR, cpgDatabaseSizeMax: u32, pdbid: *mut JET_DBID, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let _ = cpgDatabaseSizeMax;
        let out = args::out(pdbid)?;
        let name = args::str_w(szFilename)?.ok_or(JetError::InvalidParameter)?;
        out.write(s.create_database(&name, grbit)?);
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCreateDatabaseA(sesid: JET_SESID, szFilename: JET_PCSTR, szConnect: JET_PCSTR, pdbid: *mut JET_DBID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = szConnect;
    JetCreateDatabase2A(sesid, szFilename, 0, pdbid, grbit)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateDatabaseW(sesid: JET_SESID, szFilename: JET_PCWSTR, szConnect: JET_PCWSTR, pdbid: *mut JET_DBID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = szConnect;
    JetCreateDatabase2W(sesid, szFilename, 0, pdbid, grbit)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetDefragment(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, pcPasses: *mut u32, pcSeconds: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    JetDefragmentA(sesid, dbid, szTableName, pcPasses, pcSeconds, grbit)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDefragment2(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, pcPasses: *mut u32, pcSeconds: *mut u32, callback: JET_CALLBACK, grbit: JET_GRBIT) -> JET_ERR {
    JetDefragment2A(sesid, dbid, szTableName, pcPasses, pcSeconds, callback, grbit)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDefragment2A(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, pcPasses: *mut u32, pcSeconds: *mut u32, callback: JET_CALLBACK, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| defragment(s, dbid, args::str_a(szTableName)?, pcPasses, pcSeconds, callback, grbit))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDefragment2W(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, pcPasses: *mut u32, pcSeconds: *mut u32, callback: JET_CALLBACK, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| defragment(s, dbid, args::str_w(szTableName)?, pcPasses, pcSeconds, callback, grbit))
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDefragment3(sesid: JET_SESID, szDatabaseName: JET_PCSTR, szTableName: JET_PCSTR, pcPasses: *mut u32, pcSeconds: *mut u32, callback: JET_CALLBACK, pvContext: *mut c_void, grbit: JET_GRBIT) -> JET_ERR {
    JetDefragment3A(sesid, szDatabaseName, szTableName, pcPasses, pcSeconds, callback, pvContext, grbit)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDefragment3A(sesid: JET_SESID, szDatabaseName: JET_PCSTR, szTableName: JET_PCSTR, pcPasses: *mut u32, pcSeconds: *mut u32, callback: JET_CALLBACK, pvContext: *mut c_void, grbit: JET_GRBIT) -> JET_ERR {
    // obsolete in ESE (it served SFS only): refused before any argument is looked at
    let _ = (sesid, szDatabaseName, szTableName, pcPasses, pcSeconds, callback, pvContext, grbit);
    guard::call(|| Err::<(), _>(JetError::InvalidParameter))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDefragment3W(sesid: JET_SESID, szDatabaseName: JET_PCWSTR, szTableName: JET_PCWSTR, pcPasses: *mut u32, pcSeconds: *mut u32, callback: JET_CALLBACK, pvContext: *mut c_void, grbit: JET_GRBIT) -> JET_ERR {
    // obsolete in ESE (it served SFS only): refused before any argument is looked at
    let _ = (sesid, szDatabaseName, szTableName, pcPasses, pcSeconds, callback, pvContext, grbit);
    guard::call(|| Err::<(), _>(JetError::InvalidParameter))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetDefragmentA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, pcPasses: *mut u32, pcSeconds: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| defragment(s, dbid, args::str_a(szTableName)?, pcPasses, pcSeconds, None, grbit))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDefragmentW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, pcPasses: *mut u32, pcSeconds: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| defragment(s, dbid, args::str_w(szTableName)?, pcPasses, pcSeconds, None, grbit))
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetDetachDatabase(sesid: JET_SESID, szFilename: JET_PCSTR) -> JET_ERR {
    JetDetachDatabaseA(sesid, szFilename)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDetachDatabase2(sesid: JET_SESID, szFilename: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    JetDetachDatabase2A(sesid, szFilename, grbit)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDetachDatabase2A(sesid: JET_SESID, szFilename: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::IgnoreStop, |s| {
        let name = args::str_a(szFilename)?;
        s.detach_database(name.as_deref(), grbit)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDetachDatabase2W(sesid: JET_SESID, szFilename: JET_PCWSTR, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::IgnoreStop, |s| {
        let name = args::str_w(szFilename)?;
        s.detach_database(name.as_deref(), grbit)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetDetachDatabaseA(sesid: JET_SESID, szFilename: JET_PCSTR) -> JET_ERR {
    JetDetachDatabase2A(sesid, szFilename, 0)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDetachDatabaseW(sesid: JET_SESID, szFilename: JET_PCWSTR) -> JET_ERR {
    JetDetachDatabase2W(sesid, szFilename, 0)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetDatabaseFileInfo(szDatabaseName: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    JetGetDatabaseFileInfoA(szDatabaseName, pvResult, cbMax, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetDatabaseFileInfoA(szDatabaseName: JET_PCSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    guard::call(|| {
        let name = args::str_a(szDatabaseName)?.ok_or(JetError::InvalidParameter)?;
        database_file_info(&name, pvResult, cbMax, InfoLevel)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetDatabaseFileInfoW(szDatabaseName: JET_PCWSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    guard::call(|| {
        let name = args::str_w(szDatabaseName)?.ok_or(JetError::InvalidParameter)?;
        database_file_info(&name, pvResult, cbMax, InfoLevel)
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetDatabaseInfo(sesid: JET_SESID, dbid: JET_DBID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    JetGetDatabaseInfoA(sesid, dbid, pvResult, cbMax, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetDatabaseInfoA(sesid: JET_SESID, dbid: JET_DBID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| database_info(s, dbid, pvResult, cbMax, InfoLevel, false))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetDatabaseInfoW(sesid: JET_SESID, dbid: JET_DBID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| database_info(s, dbid, pvResult, cbMax, InfoLevel, true))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGrowDatabase(sesid: JET_SESID, dbid: JET_DBID, cpg: u32, pcpgReal: *mut u32) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| resize(s, dbid, cpg, pcpgReal, JET_bitResizeDatabaseOnlyGrow))
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenDatabase(sesid: JET_SESID, szFilename: JET_PCSTR, szConnect: JET_PCSTR, pdbid: *mut JET_DBID, grbit: JET_GRBIT) -> JET_ERR {
    JetOpenDatabaseA(sesid, szFilename, szConnect, pdbid, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOpenDatabaseA(sesid: JET_SESID, szFilename: JET_PCSTR, szConnect: JET_PCSTR, pdbid: *mut JET_DBID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = szConnect;
    guard::session(sesid, Ses::Normal, |s| {
        let out = args::out(pdbid)?;
        let name = args::str_a(szFilename)?.ok_or(JetError::InvalidParameter)?;
        out.write(s.open_database(&name, grbit)?);
        Ok(())
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenDatabaseW(sesid: JET_SESID, szFilename: JET_PCWSTR, szConnect: JET_PCWSTR, pdbid: *mut JET_DBID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = szConnect;
    guard::session(sesid, Ses::Normal, |s| {
        let out = args::out(pdbid)?;
        let name = args::str_w(szFilename)?.ok_or(JetError::InvalidParameter)?;
        out.write(s.open_database(&name, grbit)?);
        Ok(())
    })
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetResizeDatabase(sesid: JET_SESID, dbid: JET_DBID, cpgTarget: u32, pcpgActual: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| resize(s, dbid, cpgTarget, pcpgActual, grbit))
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetSetDatabaseSize(sesid: JET_SESID, szDatabaseName: JET_PCSTR, cpg: u32, pcpgReal: *mut u32) -> JET_ERR {
    JetSetDatabaseSizeA(sesid, szDatabaseName, cpg, pcpgReal)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetDatabaseSizeA(sesid: JET_SESID, szDatabaseName: JET_PCSTR, cpg: u32, pcpgReal: *mut u32) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| set_database_size(s, args::str_a(szDatabaseName)?, cpg, pcpgReal))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetDatabaseSizeW(sesid: JET_SESID, szDatabaseName: JET_PCWSTR, cpg: u32, pcpgReal: *mut u32) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| set_database_size(s, args::str_w(szDatabaseName)?, cpg, pcpgReal))
}


/// JetAttachDatabase(2): JET_wrnDatabaseAttached when it already was.
fn attach(s: &crate::isam::Session, name: &str, grbit: JET_GRBIT) -> JetResult<Warn> {
    Ok(match s.attach_database(name, grbit)? {
        AttachOutcome::Attached => Warn(JET_errSuccess),
        AttachOutcome::AlreadyAttached => Warn(JET_wrnDatabaseAttached),
    })
}

// ---------------------------------------------------------------------------
// JetGetDatabaseInfo / JetGetDatabaseFileInfo (ErrIsamGetDatabaseInfo,
// JetGetDatabaseFileInfoEx): ESE's size rules differ per level, and are kept.

/// JET_DbInfoUseCachedResult: obsolete, accepted and ignored.
const DB_INFO_USE_CACHED_RESULT: u32 = 0x4000_0000;
/// JET_DbInfoSplitBuffers.
const DB_INFO_SPLIT_BUFFERS: u32 = 23;
/// ESE's levelUserMost: the deepest transaction a user can open.
const LEVEL_USER_MOST: u32 = 7;

fn out_bytes(pv: *mut c_void, cb: u32, b: &[u8]) -> JetResult<()> {
    if (cb as usize) < b.len() {
        return Err(JetError::BufferTooSmall);
    }
    if pv.is_null() && !b.is_empty() {
        return Err(JetError::InvalidParameter);
    }
    args::write_bytes(pv, cb, b);
    Ok(())
}

fn exactly(cb: u32, n: usize) -> JetResult<()> {
    if cb as usize != n { Err(JetError::InvalidBufferSize) } else { Ok(()) }
}

fn misc_size(cb: u32) -> JetResult<usize> {
    let n = cb as usize;
    if crate::isam::info::DBINFOMISC_SIZES.contains(&n) { Ok(n) } else { Err(JetError::InvalidBufferSize) }
}

fn database_info(s: &crate::isam::Session, dbid: JET_DBID, pv: *mut c_void, cb: u32, level: u32, unicode: bool) -> JetResult<()> {
    use crate::isam::info as inf;
    let engine = s.instance().engine()?;
    let db = engine.database(dbid)?;
    if !db.is_open_by(s.serial()) {
        return Err(JetError::InvalidDatabaseId);
    }
    let u32v = |v: u32| v.to_le_bytes();
    match level & !DB_INFO_USE_CACHED_RESULT {
        JET_DbInfoFilename => {
            let p = db.path.to_string_lossy().into_owned();
            let mut b: Vec<u8> = if unicode { p.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() } else { p.into_bytes() };
            b.extend_from_slice(if unicode { &[0, 0] } else { &[0] });
            out_bytes(pv, cb, &b)
        }
        JET_DbInfoConnect => out_bytes(pv, cb, &[0]),
        JET_DbInfoCountry => {
            exactly(cb, 4)?;
            out_bytes(pv, cb, &u32v(inf::COUNTRY_DEFAULT as u32))
        }
        JET_DbInfoLCID => {
            exactly(cb, 4)?;
            out_bytes(pv, cb, &u32v(crate::catalog::locale::DEFAULT_LCID))
        }
        JET_DbInfoCp => {
            exactly(cb, 4)?;
            out_bytes(pv, cb, &u32v(1252))
        }
        JET_DbInfoCollate => {
            exactly(cb, 4)?;
            out_bytes(pv, cb, &u32v(0))
        }
        JET_DbInfoOptions => {
            exactly(cb, 4)?;
            out_bytes(pv, cb, &u32v(db.grbit & JET_bitDbExclusive))
        }
        JET_DbInfoTransactions => {
            exactly(cb, 4)?;
            out_bytes(pv, cb, &u32v(LEVEL_USER_MOST))
        }
        JET_DbInfoVersion => {
            exactly(cb, 4)?;
            out_bytes(pv, cb, &u32v(crate::format::header::FORMAT_VERSION))
        }
        JET_DbInfoIsam => Err(JetError::FeatureNotAvailable),
        JET_DbInfoMisc => {
            let n = misc_size(cb)?;
            let h = db.store.read().header();
            out_bytes(pv, cb, &inf::dbinfomisc(&h)[..n])
        }
        JET_DbInfoPageSize => {
            if cb != 4 {
                return Err(JetError::BufferTooSmall);
            }
            out_bytes(pv, cb, &u32v(db.page_size as u32))
        }
        JET_DbInfoFilesize | JET_DbInfoFilesizeOnDisk => {
            let pages = db.store.read().pages_in_file()? + 2;
            out_bytes(pv, cb, &u32v(pages))
        }
        JET_DbInfoSpaceOwned => {
            exactly(cb, 4)?;
            let (owned, _) = inf::space_of(&db, crate::format::fixed::PGNO_SYSTEM_ROOT)?;
            out_bytes(pv, cb, &u32v(owned))
        }
        JET_DbInfoSpaceAvailable => {
            if cb < 4 {
                return Err(JetError::InvalidParameter);
            }
            let (_, avail) = inf::space_of(&db, crate::format::fixed::PGNO_SYSTEM_ROOT)?;
            let mut b = vec![0u8; cb as usize];
            b[..4].copy_from_slice(&u32v(avail));
            out_bytes(pv, cb, &b)
        }
        DB_INFO_SPLIT_BUFFERS => {
            if cb < 4 {
                return Err(JetError::InvalidParameter);
            }
            out_bytes(pv, cb, &vec![0u8; cb as usize])
        }
        _ => Err(JetError::InvalidParameter),
    }
}

fn database_file_info(name: &str, pv: *mut c_void, cb: u32, level: u32) -> JetResult<()> {
    use crate::isam::info as inf;
    let path = crate::isam::dbops::full_path(name)?;
    let meta = std::fs::metadata(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => JetError::FileNotFound,
        std::io::ErrorKind::PermissionDenied => JetError::FileAccessDenied,
        _ => JetError::DiskIO,
    })?;
    let size = meta.len();
    match level {
        JET_DbInfoFilesize | JET_DbInfoFilesizeOnDisk => {
            exactly(cb, 8)?;
            let v = if level == JET_DbInfoFilesize {
                size
            } else {
                use std::os::unix::fs::MetadataExt;
                meta.blocks() * 512
            };
            out_bytes(pv, cb, &v.to_le_bytes())
        }
        JET_DbInfoUpgrade => {
            exactly(cb, std::mem::size_of::<JET_DBINFOUPGRADE>())?;
            let given = args::read(pv as *const JET_DBINFOUPGRADE)?;
            if given.cbStruct as usize != std::mem::size_of::<JET_DBINFOUPGRADE>() {
                return Err(JetError::InvalidParameter);
            }
            let mut u = given;
            u.cbStruct = std::mem::size_of::<JET_DBINFOUPGRADE>() as u32;
            u.cbFilesizeLow = size as u32;
            u.cbFilesizeHigh = (size >> 32) as u32;
            u.csecToUpgrade = ((size * 3600) >> 30) as u32;
            let free = (size * 10) >> 6;
            u.cbFreeSpaceRequiredLow = free as u32;
            u.cbFreeSpaceRequiredHigh = (free >> 32) as u32;
            // a 0x620 file is already at the current format (fAlreadyUpgraded, bit 1)
            let current = matches!(inf::read_file_header(&path), Ok((h, _)) if h.version == crate::format::header::FORMAT_VERSION);
            u.__anon_24 = JET_DBINFOUPGRADE_anon24 { ulFlags: if current { 2 } else { 0 } };
            args::write_struct(pv, cb, u)
        }
        JET_DbInfoMisc | JET_DbInfoPageSize | JET_DbInfoFileType => {
            let n = match level {
                JET_DbInfoMisc => misc_size(cb)?,
                _ => {
                    exactly(cb, 4)?;
                    4
                }
            };
            let (h, ps) = inf::read_file_header(&path)?;
            match level {
                JET_DbInfoMisc => {
                    if h.file_type != crate::format::header::FILETYPE_DATABASE {
                        return Err(JetError::FileInvalidType);
                    }
                    out_bytes(pv, cb, &inf::dbinfomisc(&h)[..n])
                }
                JET_DbInfoPageSize => out_bytes(pv, cb, &(ps as u32).to_le_bytes()),
                _ => {
                    // JET_filetypeUnknown for anything past the known types
                    let t = if h.file_type > JET_filetypeFlushMap { JET_filetypeUnknown } else { h.file_type };
                    out_bytes(pv, cb, &t.to_le_bytes())
                }
            }
        }
        JET_DbInfoDBInUse => {
            exactly(cb, 4)?;
            out_bytes(pv, cb, &u32::from(inf::file_in_use(&path)).to_le_bytes())
        }
        _ => Err(JetError::InvalidParameter),
    }
}

// ---------------------------------------------------------------------------
// Maintenance: JetCompact, JetResizeDatabase / JetGrowDatabase, JetSetDatabaseSize.

/// ESE's name for JET_bitCompactStats' output, in the temporary database's folder.
const COMPACT_STATS_FILE: &str = "DFRGINFO.TXT";

fn compact(
    s: &crate::isam::Session,
    sesid: JET_SESID,
    src: impl FnOnce() -> JetResult<Option<String>>,
    dest: impl FnOnce() -> JetResult<Option<String>>,
    pfn_status: JET_PFNSTATUS,
    convert: bool,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    use crate::isam::maintenance::CompactOptions;
    // converting through an older engine went away in ESE98
    if convert {
        return Err(JetError::FeatureNotAvailable);
    }
    if s.transaction_level() > 0 {
        return Err(JetError::InTransaction);
    }
    let engine = s.instance().engine()?;
    let src = src()?.ok_or(JetError::InvalidParameter)?;
    let dest = dest()?.ok_or(JetError::InvalidParameter)?;
    let src = crate::isam::dbops::full_path(&src)?;
    let dest = crate::isam::dbops::full_path(&dest)?;
    let stats_file = if grbit & JET_bitCompactStats != 0 && pfn_status.is_some() {
        let temp = s.instance().param_text(JET_paramTempPath);
        let dir = if temp.ends_with('/') { std::path::PathBuf::from(temp) } else { std::path::Path::new(&temp).parent().map(|p| p.to_path_buf()).unwrap_or_default() };
        Some(dir.join(COMPACT_STATS_FILE))
    } else {
        None
    };
    let opts = CompactOptions { extension_pages: engine.cfg.extension_pages, cache_pages: engine.cfg.cache_pages.min(8192), stats_file };
    let mut report = |snt: u32, done: u32, total: u32| -> JetResult<()> {
        let mut prog = JET_SNPROG { cbStruct: std::mem::size_of::<JET_SNPROG>() as u32, cunitDone: done, cunitTotal: total };
        match args::call_status(pfn_status, sesid, JET_snpCompact, snt, &mut prog as *mut JET_SNPROG as *mut c_void) {
            Some(e) if e < 0 => Err(JetError::from_code(e).unwrap_or(JetError::CallbackFailed)),
            _ => Ok(()),
        }
    };
    engine.compact(&src, &dest, &opts, &mut report)?;
    Ok(())
}

fn resize(s: &crate::isam::Session, dbid: JET_DBID, cpg: u32, pcpg: *mut u32, grbit: JET_GRBIT) -> JetResult<()> {
    let out = args::opt_out(pcpg);
    let engine = s.instance().engine()?;
    let db = engine.database(dbid)?;
    if !db.is_open_by(s.serial()) || dbid == crate::isam::engine::TEMP_DBID {
        return Err(JetError::InvalidDatabaseId);
    }
    let shrink = s.instance().param_int(JET_paramEnableShrinkDatabase) as u32 & JET_bitShrinkDatabaseOn != 0;
    let r = engine.resize_database(&db, cpg, grbit, shrink);
    if let Some(o) = out {
        // as ESE, the size is reported even when the call fails
        let pages = match &r {
            Ok(p) => *p,
            Err(_) => db.store.read().pages_in_file().map(|p| p + crate::format::fixed::CPG_DB_RESERVED).unwrap_or(0),
        };
        o.write(pages);
    }
    r.map(|_| ())
}

fn set_database_size(s: &crate::isam::Session, name: Option<String>, cpg: u32, pcpg: *mut u32) -> JetResult<()> {
    let name = name.filter(|n| !n.is_empty()).ok_or(JetError::DatabaseInvalidPath)?;
    let out = args::out(pcpg)?;
    let engine = s.instance().engine()?;
    let path = crate::isam::dbops::full_path(&name)?;
    let pages = crate::isam::maintenance::set_database_size(engine.fs.as_ref(), &path, cpg)?;
    out.write(pages);
    Ok(())
}

/// JetDefragment / JetDefragment2: online defragmentation of a database
/// (see `isam::maintenance::defragment`). The callback hears
/// JET_cbtypOnlineDefragCompleted, with no session (JET_sesidNil: ESE's is
/// internal) and JET_tableidNil, when the task ends.
fn defragment(
    s: &crate::isam::Session,
    dbid: JET_DBID,
    table: Option<String>,
    pc_passes: *mut u32,
    pc_seconds: *mut u32,
    callback: JET_CALLBACK,
    grbit: JET_GRBIT,
) -> JetResult<Warn> {
    use crate::isam::maintenance::{DefragOutcome, DefragRequest};
    let engine = s.instance().engine()?;
    let db = engine.database(dbid)?;
    if !db.is_open_by(s.serial()) {
        return Err(JetError::InvalidDatabaseId);
    }
    let stop = grbit & JET_bitDefragmentBatchStop != 0 && grbit & JET_bitDefragmentBTree == 0;
    let tree = grbit & JET_bitDefragmentBTree != 0;
    let passes_in = if stop { 0 } else { args::opt_read(pc_passes as *const u32).unwrap_or(0) };
    let seconds_in = if stop { 0 } else { args::opt_read(pc_seconds as *const u32).unwrap_or(0) };
    if stop || tree {
        // as ESE: the outputs read 0 until a running task reports (and
        // always for one B-tree)
        if let Some(o) = args::opt_out(pc_passes) {
            o.write(0);
        }
        if let Some(o) = args::opt_out(pc_seconds) {
            o.write(0);
        }
    }
    let dbid_out = db.dbid;
    let callback = callback.map(|f| {
        let f = f as usize;
        Box::new(move || {
            // SAFETY: `f` is the JET_CALLBACK the application passed for this notification.
            let func: unsafe extern "C" fn(JET_SESID, JET_DBID, JET_TABLEID, JET_CBTYP, *mut c_void, *mut c_void, *mut c_void, JET_API_PTR) -> JET_ERR =
                unsafe { std::mem::transmute::<usize, _>(f) };
            let _scope = guard::CallbackScope::enter();
            // SAFETY: the arguments ESE passes with JET_cbtypOnlineDefragCompleted.
            let _ = unsafe { func(JET_sesidNil, dbid_out, JET_tableidNil, JET_cbtypOnlineDefragCompleted, std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut(), 0) };
        }) as crate::isam::maintenance::DefragCallback
    });
    let level = s.instance().param_int(JET_paramEnableOnlineDefrag) as u32;
    let req = DefragRequest { grbit, table, passes_max: passes_in, seconds_max: seconds_in, callback };
    match crate::isam::maintenance::defragment(&engine, &db, level, req)? {
        DefragOutcome::Done => Ok(Warn(JET_errSuccess)),
        DefragOutcome::AlreadyRunning => Ok(Warn(JET_wrnDefragAlreadyRunning)),
        DefragOutcome::NotRunning => Ok(Warn(JET_wrnDefragNotRunning)),
        DefragOutcome::Stopped { passes, seconds } => {
            if let Some(o) = args::opt_out(pc_passes) {
                o.write(passes);
            }
            if let Some(o) = args::opt_out(pc_seconds) {
                o.write(seconds);
            }
            Ok(Warn(JET_errSuccess))
        }
        DefragOutcome::Tree => {
            if let Some(o) = args::opt_out(pc_passes) {
                o.write(0);
            }
            if let Some(o) = args::opt_out(pc_seconds) {
                o.write(0);
            }
            Ok(Warn(JET_errSuccess))
        }
    }
}
