//! The database functions of the Jet API.

use crate::abi::*;
use super::args;
use super::guard::{self, Ses, Warn, not_yet};
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
    let _ = (szDatabaseSrc, szDatabaseDest, pfnStatus, pconvert, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCompactW(sesid: JET_SESID, szDatabaseSrc: JET_PCWSTR, szDatabaseDest: JET_PCWSTR, pfnStatus: JET_PFNSTATUS, pconvert: *mut JET_CONVERT_W, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (szDatabaseSrc, szDatabaseDest, pfnStatus, pconvert, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetComputeStats(sesid: JET_SESID, tableid: JET_TABLEID) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |_s, _t| not_yet::<()>())
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
    let _ = (dbid, szTableName, pcPasses, pcSeconds, callback, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDefragment2W(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, pcPasses: *mut u32, pcSeconds: *mut u32, callback: JET_CALLBACK, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (dbid, szTableName, pcPasses, pcSeconds, callback, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
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
    let _ = (szDatabaseName, szTableName, pcPasses, pcSeconds, callback, pvContext, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDefragment3W(sesid: JET_SESID, szDatabaseName: JET_PCWSTR, szTableName: JET_PCWSTR, pcPasses: *mut u32, pcSeconds: *mut u32, callback: JET_CALLBACK, pvContext: *mut c_void, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (szDatabaseName, szTableName, pcPasses, pcSeconds, callback, pvContext, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetDefragmentA(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCSTR, pcPasses: *mut u32, pcSeconds: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (dbid, szTableName, pcPasses, pcSeconds, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetDefragmentW(sesid: JET_SESID, dbid: JET_DBID, szTableName: JET_PCWSTR, pcPasses: *mut u32, pcSeconds: *mut u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (dbid, szTableName, pcPasses, pcSeconds, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
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
    let _ = (szDatabaseName, pvResult, cbMax, InfoLevel);
    guard::call(not_yet::<()>)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetDatabaseFileInfoW(szDatabaseName: JET_PCWSTR, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (szDatabaseName, pvResult, cbMax, InfoLevel);
    guard::call(not_yet::<()>)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetDatabaseInfo(sesid: JET_SESID, dbid: JET_DBID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    JetGetDatabaseInfoA(sesid, dbid, pvResult, cbMax, InfoLevel)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetDatabaseInfoA(sesid: JET_SESID, dbid: JET_DBID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (dbid, pvResult, cbMax, InfoLevel);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetDatabaseInfoW(sesid: JET_SESID, dbid: JET_DBID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (dbid, pvResult, cbMax, InfoLevel);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGrowDatabase(sesid: JET_SESID, dbid: JET_DBID, cpg: u32, pcpgReal: *mut u32) -> JET_ERR {
    let _ = (dbid, cpg, pcpgReal);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
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
    let _ = (dbid, cpgTarget, pcpgActual, grbit);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetSetDatabaseSize(sesid: JET_SESID, szDatabaseName: JET_PCSTR, cpg: u32, pcpgReal: *mut u32) -> JET_ERR {
    JetSetDatabaseSizeA(sesid, szDatabaseName, cpg, pcpgReal)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetDatabaseSizeA(sesid: JET_SESID, szDatabaseName: JET_PCSTR, cpg: u32, pcpgReal: *mut u32) -> JET_ERR {
    let _ = (szDatabaseName, cpg, pcpgReal);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetDatabaseSizeW(sesid: JET_SESID, szDatabaseName: JET_PCWSTR, cpg: u32, pcpgReal: *mut u32) -> JET_ERR {
    let _ = (szDatabaseName, cpg, pcpgReal);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}


/// JetAttachDatabase(2): JET_wrnDatabaseAttached when it already was.
fn attach(s: &crate::isam::Session, name: &str, grbit: JET_GRBIT) -> JetResult<Warn> {
    Ok(match s.attach_database(name, grbit)? {
        AttachOutcome::Attached => Warn(JET_errSuccess),
        AttachOutcome::AlreadyAttached => Warn(JET_wrnDatabaseAttached),
    })
}
