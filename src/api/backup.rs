//! The backup functions of the Jet API.

use crate::abi::*;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetBackup(szBackupPath: JET_PCSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    JetBackupA(szBackupPath, grbit, pfnStatus)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetBackupA(szBackupPath: JET_PCSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szBackupPath, grbit, pfnStatus,);
    JET_errFeatureNotAvailable
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
    let _ = (instance, szBackupPath, grbit, pfnStatus,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBackupInstanceW(instance: JET_INSTANCE, szBackupPath: JET_PCWSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    let _ = (instance, szBackupPath, grbit, pfnStatus,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBackupW(szBackupPath: JET_PCWSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szBackupPath, grbit, pfnStatus,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetBeginExternalBackup(grbit: JET_GRBIT) -> JET_ERR {
    let _ = (grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginExternalBackupInstance(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (instance, grbit,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetCloseFile(hfFile: JET_HANDLE) -> JET_ERR {
    let _ = (hfFile,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCloseFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE) -> JET_ERR {
    let _ = (instance, hfFile,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetEndExternalBackup() -> JET_ERR {
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetEndExternalBackupInstance(instance: JET_INSTANCE) -> JET_ERR {
    let _ = (instance,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetEndExternalBackupInstance2(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (instance, grbit,);
    JET_errFeatureNotAvailable
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
    let _ = (szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath, pLogInfo, szTargetInstanceName, szTargetInstanceLogPath, szTargetInstanceCheckpointPath, pfn,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestore2W(szCheckpointFilePath: JET_PWSTR, szLogPath: JET_PWSTR, rgrstmap: *mut JET_RSTMAP_W, crstfilemap: i32, szBackupLogPath: JET_PWSTR, pLogInfo: *mut JET_LOGINFO_W, szTargetInstanceName: JET_PWSTR, szTargetInstanceLogPath: JET_PWSTR, szTargetInstanceCheckpointPath: JET_PWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath, pLogInfo, szTargetInstanceName, szTargetInstanceLogPath, szTargetInstanceCheckpointPath, pfn,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestoreA(szCheckpointFilePath: JET_PSTR, szLogPath: JET_PSTR, rgrstmap: *mut JET_RSTMAP_A, crstfilemap: i32, szBackupLogPath: JET_PSTR, genLow: i32, genHigh: i32, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath, genLow, genHigh, pfn,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestoreW(szCheckpointFilePath: JET_PWSTR, szLogPath: JET_PWSTR, rgrstmap: *mut JET_RSTMAP_W, crstfilemap: i32, szBackupLogPath: JET_PWSTR, genLow: i32, genHigh: i32, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath, genLow, genHigh, pfn,);
    JET_errFeatureNotAvailable
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfo(szzDatabases: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    JetGetAttachInfoA(szzDatabases, cbMax, pcbActual)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfoA(szzDatabases: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (szzDatabases, cbMax, pcbActual,);
    JET_errFeatureNotAvailable
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
    let _ = (instance, szzDatabases, cbMax, pcbActual,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfoInstanceW(instance: JET_INSTANCE, szzDatabases: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (instance, szzDatabases, cbMax, pcbActual,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfoW(wszzDatabases: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (wszzDatabases, cbMax, pcbActual,);
    JET_errFeatureNotAvailable
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfo(szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    JetGetLogInfoA(szzLogs, cbMax, pcbActual)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoA(szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (szzLogs, cbMax, pcbActual,);
    JET_errFeatureNotAvailable
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
    let _ = (instance, szzLogs, cbMax, pcbActual, pLogInfo,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstance2W(instance: JET_INSTANCE, wszzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32, pLogInfo: *mut JET_LOGINFO_W) -> JET_ERR {
    let _ = (instance, wszzLogs, cbMax, pcbActual, pLogInfo,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstanceA(instance: JET_INSTANCE, szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (instance, szzLogs, cbMax, pcbActual,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstanceW(instance: JET_INSTANCE, wszzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (instance, wszzLogs, cbMax, pcbActual,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoW(szzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (szzLogs, cbMax, pcbActual,);
    JET_errFeatureNotAvailable
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
    let _ = (instance, szzLogs, cbMax, pcbActual,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTruncateLogInfoInstanceW(instance: JET_INSTANCE, wszzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (instance, wszzLogs, cbMax, pcbActual,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0502))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotAbort(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (snapId, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotEnd(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (snapId, grbit,);
    JET_errFeatureNotAvailable
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotFreeze(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A, grbit: JET_GRBIT) -> JET_ERR {
    JetOSSnapshotFreezeA(snapId, pcInstanceInfo, paInstanceInfo, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotFreezeA(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (snapId, pcInstanceInfo, paInstanceInfo, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotFreezeW(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (snapId, pcInstanceInfo, paInstanceInfo, grbit,);
    JET_errFeatureNotAvailable
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
    let _ = (snapId, pcInstanceInfo, paInstanceInfo, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotGetFreezeInfoW(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (snapId, pcInstanceInfo, paInstanceInfo, grbit,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotPrepare(psnapId: *mut JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (psnapId, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotPrepareInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (snapId, instance, grbit,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotThaw(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (snapId, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotTruncateLog(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (snapId, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotTruncateLogInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (snapId, instance, grbit,);
    JET_errFeatureNotAvailable
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFile(szFileName: JET_PCSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    JetOpenFileA(szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFileA(szFileName: JET_PCSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    let _ = (szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh,);
    JET_errFeatureNotAvailable
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
    let _ = (instance, szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFileInstanceW(instance: JET_INSTANCE, szFileName: JET_PCWSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    let _ = (instance, szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFileW(szFileName: JET_PCWSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    let _ = (szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetReadFile(hfFile: JET_HANDLE, pv: *mut c_void, cb: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (hfFile, pv, cb, pcbActual,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetReadFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE, pv: *mut c_void, cb: u32, pcbActual: *mut u32) -> JET_ERR {
    let _ = (instance, hfFile, pv, cb, pcbActual,);
    JET_errFeatureNotAvailable
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
    let _ = (sz, szDest, pfn,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRestore2W(sz: JET_PCWSTR, szDest: JET_PCWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (sz, szDest, pfn,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRestoreA(szSource: JET_PCSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szSource, pfn,);
    JET_errFeatureNotAvailable
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
    let _ = (instance, sz, szDest, pfn,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRestoreInstanceW(instance: JET_INSTANCE, sz: JET_PCWSTR, szDest: JET_PCWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (instance, sz, szDest, pfn,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRestoreW(szSource: JET_PCWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    let _ = (szSource, pfn,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetStopBackup() -> JET_ERR {
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetStopBackupInstance(instance: JET_INSTANCE) -> JET_ERR {
    let _ = (instance,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetTruncateLog() -> JET_ERR {
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetTruncateLogInstance(instance: JET_INSTANCE) -> JET_ERR {
    let _ = (instance,);
    JET_errFeatureNotAvailable
}

