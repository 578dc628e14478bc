//! The instance functions of the Jet API.

use crate::abi::*;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetConfigureProcessForCrashDump(grbit: JET_GRBIT) -> JET_ERR {
    let _ = (grbit,);
    JET_errFeatureNotAvailable
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateInstance(pinstance: *mut JET_INSTANCE, szInstanceName: JET_PCSTR) -> JET_ERR {
    JetCreateInstanceA(pinstance, szInstanceName)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateInstance2(pinstance: *mut JET_INSTANCE, szInstanceName: JET_PCSTR, szDisplayName: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    JetCreateInstance2A(pinstance, szInstanceName, szDisplayName, grbit)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateInstance2A(pinstance: *mut JET_INSTANCE, szInstanceName: JET_PCSTR, szDisplayName: JET_PCSTR, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pinstance, szInstanceName, szDisplayName, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateInstance2W(pinstance: *mut JET_INSTANCE, szInstanceName: JET_PCWSTR, szDisplayName: JET_PCWSTR, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pinstance, szInstanceName, szDisplayName, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateInstanceA(pinstance: *mut JET_INSTANCE, szInstanceName: JET_PCSTR) -> JET_ERR {
    let _ = (pinstance, szInstanceName,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateInstanceW(pinstance: *mut JET_INSTANCE, szInstanceName: JET_PCWSTR) -> JET_ERR {
    let _ = (pinstance, szInstanceName,);
    JET_errFeatureNotAvailable
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetEnableMultiInstance(psetsysparam: *mut JET_SETSYSPARAM_A, csetsysparam: u32, pcsetsucceed: *mut u32) -> JET_ERR {
    JetEnableMultiInstanceA(psetsysparam, csetsysparam, pcsetsucceed)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetEnableMultiInstanceA(psetsysparam: *mut JET_SETSYSPARAM_A, csetsysparam: u32, pcsetsucceed: *mut u32) -> JET_ERR {
    let _ = (psetsysparam, csetsysparam, pcsetsucceed,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetEnableMultiInstanceW(psetsysparam: *mut JET_SETSYSPARAM_W, csetsysparam: u32, pcsetsucceed: *mut u32) -> JET_ERR {
    let _ = (psetsysparam, csetsysparam, pcsetsucceed,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetFreeBuffer(pbBuf: *mut c_char) -> JET_ERR {
    let _ = (pbBuf,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetErrorInfoW(pvContext: *mut c_void, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pvContext, pvResult, cbMax, InfoLevel, grbit,);
    JET_errFeatureNotAvailable
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetInstanceInfo(pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A) -> JET_ERR {
    JetGetInstanceInfoA(pcInstanceInfo, paInstanceInfo)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetInstanceInfoA(pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A) -> JET_ERR {
    let _ = (pcInstanceInfo, paInstanceInfo,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetInstanceInfoW(pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W) -> JET_ERR {
    let _ = (pcInstanceInfo, paInstanceInfo,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetInstanceMiscInfo(instance: JET_INSTANCE, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    let _ = (instance, pvResult, cbMax, InfoLevel,);
    JET_errFeatureNotAvailable
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetSystemParameter(instance: JET_INSTANCE, sesid: JET_SESID, paramid: u32, plParam: *mut JET_API_PTR, szParam: JET_PSTR, cbMax: u32) -> JET_ERR {
    JetGetSystemParameterA(instance, sesid, paramid, plParam, szParam, cbMax)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetSystemParameterA(instance: JET_INSTANCE, sesid: JET_SESID, paramid: u32, plParam: *mut JET_API_PTR, szParam: JET_PSTR, cbMax: u32) -> JET_ERR {
    let _ = (instance, sesid, paramid, plParam, szParam, cbMax,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetSystemParameterW(instance: JET_INSTANCE, sesid: JET_SESID, paramid: u32, plParam: *mut JET_API_PTR, szParam: JET_PWSTR, cbMax: u32) -> JET_ERR {
    let _ = (instance, sesid, paramid, plParam, szParam, cbMax,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetThreadStats(pvResult: *mut c_void, cbMax: u32) -> JET_ERR {
    let _ = (pvResult, cbMax,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetVersion(sesid: JET_SESID, pwVersion: *mut u32) -> JET_ERR {
    let _ = (sesid, pwVersion,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetIdle(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (sesid, grbit,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetInit(pinstance: *mut JET_INSTANCE) -> JET_ERR {
    let _ = (pinstance,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetInit2(pinstance: *mut JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pinstance, grbit,);
    JET_errFeatureNotAvailable
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetInit3(pinstance: *mut JET_INSTANCE, prstInfo: *mut JET_RSTINFO_A, grbit: JET_GRBIT) -> JET_ERR {
    JetInit3A(pinstance, prstInfo, grbit)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetInit3A(pinstance: *mut JET_INSTANCE, prstInfo: *mut JET_RSTINFO_A, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pinstance, prstInfo, grbit,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetInit3W(pinstance: *mut JET_INSTANCE, prstInfo: *mut JET_RSTINFO_W, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (pinstance, prstInfo, grbit,);
    JET_errFeatureNotAvailable
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetSetSystemParameter(pinstance: *mut JET_INSTANCE, sesid: JET_SESID, paramid: u32, lParam: JET_API_PTR, szParam: JET_PCSTR) -> JET_ERR {
    JetSetSystemParameterA(pinstance, sesid, paramid, lParam, szParam)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetSystemParameterA(pinstance: *mut JET_INSTANCE, sesid: JET_SESID, paramid: u32, lParam: JET_API_PTR, szParam: JET_PCSTR) -> JET_ERR {
    let _ = (pinstance, sesid, paramid, lParam, szParam,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetSystemParameterW(pinstance: *mut JET_INSTANCE, sesid: JET_SESID, paramid: u32, lParam: JET_API_PTR, szParam: JET_PCWSTR) -> JET_ERR {
    let _ = (pinstance, sesid, paramid, lParam, szParam,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetStopService() -> JET_ERR {
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetStopServiceInstance(instance: JET_INSTANCE) -> JET_ERR {
    let _ = (instance,);
    JET_errFeatureNotAvailable
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetStopServiceInstance2(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (instance, grbit,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetTerm(instance: JET_INSTANCE) -> JET_ERR {
    let _ = (instance,);
    JET_errFeatureNotAvailable
}

#[unsafe(no_mangle)]
pub extern "C" fn JetTerm2(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    let _ = (instance, grbit,);
    JET_errFeatureNotAvailable
}

