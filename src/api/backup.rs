//! The backup functions of the Jet API.

use crate::abi::*;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};
use std::sync::Arc;

use crate::backup::state::{ERR_BACKUP_ABORT_BY_CALLER, EndOutcome};
use crate::error::{JetError, JetResult};
use crate::isam::{Enter, Instance};

use super::args;
use super::guard::{self, Raw, not_yet};
use super::handles;

/// The check every streaming-backup call makes before its own work: no backup
/// is JET_errNoBackup, a backup stopped by JetStopBackup is
/// JET_errBackupAbortByServer. The file and log work itself comes with the
/// backup work.
fn streaming(i: &Arc<Instance>) -> JetResult<()> {
    i.with_backup(|b| b.check_streaming())?;
    not_yet()
}

/// JetReadFile(Instance): the backup must be running and the handle open.
fn read_file(i: &Arc<Instance>, hf: JET_HANDLE) -> JetResult<()> {
    i.with_backup(|b| b.check_streaming())?;
    handles::FILES.get(hf).ok_or(JetError::InvalidParameter)?;
    not_yet()
}

/// JetCloseFile(Instance): closing is part of ending a backup, so it is
/// allowed after JetStopBackup; it needs a backup and an open handle.
fn close_file(i: &Arc<Instance>, hf: JET_HANDLE) -> JetResult<()> {
    if !i.backup_state().in_progress() {
        return Err(JetError::NoBackup);
    }
    handles::FILES.get(hf).ok_or(JetError::InvalidParameter)?;
    not_yet()
}

/// JetEndExternalBackup(Instance)(2). A sequence ended "normally" before the
/// logs were read was abandoned: ESE's errBackupAbortByCaller.
fn end_external_backup(i: &Arc<Instance>, grbit: JET_GRBIT) -> JetResult<Raw> {
    match i.end_external_backup(grbit)? {
        EndOutcome::Completed { .. } | EndOutcome::AbortedByClient => Ok(Raw(JET_errSuccess)),
        EndOutcome::AbandonedByCaller => Ok(Raw(ERR_BACKUP_ABORT_BY_CALLER)),
    }
}

/// A JET_OSSNAPID argument.
fn snapshot(id: JET_OSSNAPID) -> JetResult<()> {
    handles::SNAPSHOTS.get(id).map(|_| ()).ok_or(JetError::OSSnapshotInvalidSnapId)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetBackup(szBackupPath: JET_PCSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    JetBackupA(szBackupPath, grbit, pfnStatus)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetBackupA(szBackupPath: JET_PCSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szBackupPath, grbit, pfnStatus);
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |_i| not_yet::<()>())
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBackupInstance(instance: JET_INSTANCE, szBackupPath: JET_PCSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    JetBackupInstanceA(instance, szBackupPath, grbit, pfnStatus)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBackupInstanceA(instance: JET_INSTANCE, szBackupPath: JET_PCSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szBackupPath, grbit, pfnStatus);
    guard::instance(instance, Enter::Running, |_i| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBackupInstanceW(instance: JET_INSTANCE, szBackupPath: JET_PCWSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szBackupPath, grbit, pfnStatus);
    guard::instance(instance, Enter::Running, |_i| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBackupW(szBackupPath: JET_PCWSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szBackupPath, grbit, pfnStatus);
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |_i| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetBeginExternalBackup(grbit: JET_GRBIT) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| i.begin_external_backup(grbit).map(|_| ()))
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginExternalBackupInstance(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| i.begin_external_backup(grbit).map(|_| ()))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCloseFile(hfFile: JET_HANDLE) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| close_file(i, hfFile))
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCloseFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| close_file(i, hfFile))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetEndExternalBackup() -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| end_external_backup(i, JET_bitBackupEndNormal))
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetEndExternalBackupInstance(instance: JET_INSTANCE) -> JET_ERR {
    // as ESENT, ending without a grbit means ending normally
    JetEndExternalBackupInstance2(instance, JET_bitBackupEndNormal)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetEndExternalBackupInstance2(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| end_external_backup(i, grbit))
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestore(szCheckpointFilePath: JET_PSTR, szLogPath: JET_PSTR, rgrstmap: *mut JET_RSTMAP_A, crstfilemap: i32, szBackupLogPath: JET_PSTR, genLow: i32, genHigh: i32, pfn: JET_PFNSTATUS) -> JET_ERR {
    JetExternalRestoreA(szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath, genLow, genHigh, pfn)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestore2(szCheckpointFilePath: JET_PSTR, szLogPath: JET_PSTR, rgrstmap: *mut JET_RSTMAP_A, crstfilemap: i32, szBackupLogPath: JET_PSTR, pLogInfo: *mut JET_LOGINFO_A, szTargetInstanceName: JET_PSTR, szTargetInstanceLogPath: JET_PSTR, szTargetInstanceCheckpointPath: JET_PSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    JetExternalRestore2A(szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath, pLogInfo, szTargetInstanceName, szTargetInstanceLogPath, szTargetInstanceCheckpointPath, pfn)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestore2A(szCheckpointFilePath: JET_PSTR, szLogPath: JET_PSTR, rgrstmap: *mut JET_RSTMAP_A, crstfilemap: i32, szBackupLogPath: JET_PSTR, pLogInfo: *mut JET_LOGINFO_A, szTargetInstanceName: JET_PSTR, szTargetInstanceLogPath: JET_PSTR, szTargetInstanceCheckpointPath: JET_PSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath, pLogInfo, szTargetInstanceName, szTargetInstanceLogPath, szTargetInstanceCheckpointPath, pfn);
    guard::call(not_yet::<()>)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestore2W(szCheckpointFilePath: JET_PWSTR, szLogPath: JET_PWSTR, rgrstmap: *mut JET_RSTMAP_W, crstfilemap: i32, szBackupLogPath: JET_PWSTR, pLogInfo: *mut JET_LOGINFO_W, szTargetInstanceName: JET_PWSTR, szTargetInstanceLogPath: JET_PWSTR, szTargetInstanceCheckpointPath: JET_PWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath, pLogInfo, szTargetInstanceName, szTargetInstanceLogPath, szTargetInstanceCheckpointPath, pfn);
    guard::call(not_yet::<()>)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestoreA(szCheckpointFilePath: JET_PSTR, szLogPath: JET_PSTR, rgrstmap: *mut JET_RSTMAP_A, crstfilemap: i32, szBackupLogPath: JET_PSTR, genLow: i32, genHigh: i32, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath, genLow, genHigh, pfn);
    guard::call(not_yet::<()>)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestoreW(szCheckpointFilePath: JET_PWSTR, szLogPath: JET_PWSTR, rgrstmap: *mut JET_RSTMAP_W, crstfilemap: i32, szBackupLogPath: JET_PWSTR, genLow: i32, genHigh: i32, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath, genLow, genHigh, pfn);
    guard::call(not_yet::<()>)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfo(szzDatabases: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    JetGetAttachInfoA(szzDatabases, cbMax, pcbActual)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfoA(szzDatabases: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (szzDatabases, cbMax, pcbActual);
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, streaming)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfoInstance(instance: JET_INSTANCE, szzDatabases: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    JetGetAttachInfoInstanceA(instance, szzDatabases, cbMax, pcbActual)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfoInstanceA(instance: JET_INSTANCE, szzDatabases: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (szzDatabases, cbMax, pcbActual);
    guard::instance(instance, Enter::Running, streaming)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfoInstanceW(instance: JET_INSTANCE, szzDatabases: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (szzDatabases, cbMax, pcbActual);
    guard::instance(instance, Enter::Running, streaming)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfoW(wszzDatabases: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (wszzDatabases, cbMax, pcbActual);
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, streaming)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfo(szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    JetGetLogInfoA(szzLogs, cbMax, pcbActual)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoA(szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (szzLogs, cbMax, pcbActual);
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, streaming)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstance(instance: JET_INSTANCE, szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    JetGetLogInfoInstanceA(instance, szzLogs, cbMax, pcbActual)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstance2(instance: JET_INSTANCE, szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32, pLogInfo: *mut JET_LOGINFO_A) -> JET_ERR {
    JetGetLogInfoInstance2A(instance, szzLogs, cbMax, pcbActual, pLogInfo)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstance2A(instance: JET_INSTANCE, szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32, pLogInfo: *mut JET_LOGINFO_A) -> JET_ERR {
    let _ = (szzLogs, cbMax, pcbActual, pLogInfo);
    guard::instance(instance, Enter::Running, streaming)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstance2W(instance: JET_INSTANCE, wszzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32, pLogInfo: *mut JET_LOGINFO_W) -> JET_ERR {
    let _ = (wszzLogs, cbMax, pcbActual, pLogInfo);
    guard::instance(instance, Enter::Running, streaming)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstanceA(instance: JET_INSTANCE, szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (szzLogs, cbMax, pcbActual);
    guard::instance(instance, Enter::Running, streaming)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstanceW(instance: JET_INSTANCE, wszzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (wszzLogs, cbMax, pcbActual);
    guard::instance(instance, Enter::Running, streaming)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoW(szzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (szzLogs, cbMax, pcbActual);
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, streaming)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTruncateLogInfoInstance(instance: JET_INSTANCE, szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    JetGetTruncateLogInfoInstanceA(instance, szzLogs, cbMax, pcbActual)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTruncateLogInfoInstanceA(instance: JET_INSTANCE, szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (szzLogs, cbMax, pcbActual);
    guard::instance(instance, Enter::Running, streaming)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTruncateLogInfoInstanceW(instance: JET_INSTANCE, wszzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (wszzLogs, cbMax, pcbActual);
    guard::instance(instance, Enter::Running, streaming)
}

#[cfg(not(jet_version_below_0502))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotAbort(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::call(|| {
        snapshot(snapId)?;
        not_yet::<()>()
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotEnd(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::call(|| {
        snapshot(snapId)?;
        not_yet::<()>()
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotFreeze(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A, grbit: JET_GRBIT) -> JET_ERR {
    JetOSSnapshotFreezeA(snapId, pcInstanceInfo, paInstanceInfo, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotFreezeA(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pcInstanceInfo, paInstanceInfo, grbit);
    guard::call(|| {
        snapshot(snapId)?;
        not_yet::<()>()
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotFreezeW(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pcInstanceInfo, paInstanceInfo, grbit);
    guard::call(|| {
        snapshot(snapId)?;
        not_yet::<()>()
    })
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotGetFreezeInfo(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A, grbit: JET_GRBIT) -> JET_ERR {
    JetOSSnapshotGetFreezeInfoA(snapId, pcInstanceInfo, paInstanceInfo, grbit)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotGetFreezeInfoA(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pcInstanceInfo, paInstanceInfo, grbit);
    guard::call(|| {
        snapshot(snapId)?;
        not_yet::<()>()
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotGetFreezeInfoW(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pcInstanceInfo, paInstanceInfo, grbit);
    guard::call(|| {
        snapshot(snapId)?;
        not_yet::<()>()
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotPrepare(psnapId: *mut JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::call(|| {
        args::out(psnapId)?;
        not_yet::<()>()
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotPrepareInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (instance, grbit);
    guard::call(|| {
        snapshot(snapId)?;
        not_yet::<()>()
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotThaw(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::call(|| {
        snapshot(snapId)?;
        not_yet::<()>()
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotTruncateLog(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit;
    guard::call(|| {
        snapshot(snapId)?;
        not_yet::<()>()
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotTruncateLogInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (instance, grbit);
    guard::call(|| {
        snapshot(snapId)?;
        not_yet::<()>()
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFile(szFileName: JET_PCSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    JetOpenFileA(szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFileA(szFileName: JET_PCSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    let _ = (szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh);
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, streaming)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFileInstance(instance: JET_INSTANCE, szFileName: JET_PCSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    JetOpenFileInstanceA(instance, szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFileInstanceA(instance: JET_INSTANCE, szFileName: JET_PCSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    let _ = (szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh);
    guard::instance(instance, Enter::Running, streaming)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFileInstanceW(instance: JET_INSTANCE, szFileName: JET_PCWSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    let _ = (szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh);
    guard::instance(instance, Enter::Running, streaming)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFileW(szFileName: JET_PCWSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    let _ = (szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh);
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, streaming)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetReadFile(hfFile: JET_HANDLE, pv: *mut c_void, cb: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (pv, cb, pcbActual);
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| read_file(i, hfFile))
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetReadFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE, pv: *mut c_void, cb: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (pv, cb, pcbActual);
    guard::instance(instance, Enter::Running, |i| read_file(i, hfFile))
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetRestore(szSource: JET_PCSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    JetRestoreA(szSource, pfn)
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetRestore2(sz: JET_PCSTR, szDest: JET_PCSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    JetRestore2A(sz, szDest, pfn)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRestore2A(sz: JET_PCSTR, szDest: JET_PCSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (sz, szDest, pfn);
    guard::call(not_yet::<()>)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRestore2W(sz: JET_PCWSTR, szDest: JET_PCWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (sz, szDest, pfn);
    guard::call(not_yet::<()>)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRestoreA(szSource: JET_PCSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szSource, pfn);
    guard::call(not_yet::<()>)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRestoreInstance(instance: JET_INSTANCE, sz: JET_PCSTR, szDest: JET_PCSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    JetRestoreInstanceA(instance, sz, szDest, pfn)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRestoreInstanceA(instance: JET_INSTANCE, sz: JET_PCSTR, szDest: JET_PCSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (sz, szDest, pfn);
    guard::call(|| {
        guard::instance_arg(instance)?;
        not_yet::<()>()
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRestoreInstanceW(instance: JET_INSTANCE, sz: JET_PCWSTR, szDest: JET_PCWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (sz, szDest, pfn);
    guard::call(|| {
        guard::instance_arg(instance)?;
        not_yet::<()>()
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRestoreW(szSource: JET_PCWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szSource, pfn);
    guard::call(not_yet::<()>)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetStopBackup() -> JET_ERR {
    guard::legacy(None, JetError::InvalidParameter, |i| i.stop_backup())
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetStopBackupInstance(instance: JET_INSTANCE) -> JET_ERR {
    guard::instance_unchecked(instance, |i| i.stop_backup())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetTruncateLog() -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, streaming)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetTruncateLogInstance(instance: JET_INSTANCE) -> JET_ERR {
    guard::instance(instance, Enter::Running, streaming)
}

