//! The instance functions of the Jet API: create, init, term, stop service,
//! system parameters, instance information, and the process-level calls.

use crate::abi::*;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};
use std::sync::Arc;

use crate::error::{JetError, JetResult};
use crate::isam::params::ParamOut;
use crate::isam::system::{self, InitTarget, MultiParam};
use crate::isam::{Enter, Instance};
use crate::isam::rstinfo::RestoreInfo;

use super::args::{self, CBlock, Written};
use super::guard::{self, Ses, Warn};
use super::handles::{self, INSTANCES};

#[cfg(not(jet_version_below_0601))]
#[unsafe(no_mangle)]
pub extern "C" fn JetConfigureProcessForCrashDump(grbit: JET_GRBIT) -> JET_ERR {
    guard::call(|| {
        let valid = JET_bitDumpMinimum
            | JET_bitDumpMaximum
            | JET_bitDumpCacheMinimum
            | JET_bitDumpCacheMaximum
            | JET_bitDumpCacheIncludeDirtyPages
            | JET_bitDumpCacheIncludeCachedPages
            | JET_bitDumpCacheIncludeCorruptedPages
            | JET_bitDumpCacheNoDecommit
            | 0x8000_0000; // ESE's JET_bitDumpUnitTest
        if grbit == 0 || grbit & !valid != 0 {
            return Err(JetError::InvalidGrbit);
        }
        // Linux core dumps are configured outside the process; nothing to do.
        Ok(())
    })
}

/// JetCreateInstance(2)[A|W] once the strings are converted.
fn create_instance(
    pinstance: *mut JET_INSTANCE,
    name: impl FnOnce() -> JetResult<Option<String>>,
    display: impl FnOnce() -> JetResult<Option<String>>,
) -> JET_ERR {
    guard::call(|| {
        let out = args::out(pinstance)?;
        // ESE returns JET_instanceNil in *pinstance when the call fails
        args::out(pinstance)?.write(JET_instanceNil);
        let inst = system::create_instance(name()?, display()?)?;
        out.write(register(&inst)?);
        Ok(())
    })
}

/// Give an instance a handle (or return the one it has).
fn register(inst: &Arc<Instance>) -> JetResult<JET_INSTANCE> {
    if let Some(h) = INSTANCES.handle_of(inst) {
        return Ok(h);
    }
    INSTANCES.insert(inst.clone()).ok_or(JetError::OutOfMemory)
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
    let _ = grbit; // reserved
    create_instance(pinstance, || args::str_a(szInstanceName), || args::str_a(szDisplayName))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateInstance2W(pinstance: *mut JET_INSTANCE, szInstanceName: JET_PCWSTR, szDisplayName: JET_PCWSTR, grbit: JET_GRBIT) -> JET_ERR {
    let _ = grbit; // reserved
    create_instance(pinstance, || args::str_w(szInstanceName), || args::str_w(szDisplayName))
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateInstanceA(pinstance: *mut JET_INSTANCE, szInstanceName: JET_PCSTR) -> JET_ERR {
    create_instance(pinstance, || args::str_a(szInstanceName), || Ok(None))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetCreateInstanceW(pinstance: *mut JET_INSTANCE, szInstanceName: JET_PCWSTR) -> JET_ERR {
    create_instance(pinstance, || args::str_w(szInstanceName), || Ok(None))
}

/// JetEnableMultiInstance[A|W] once the array is converted. `results` receives
/// each entry's JET_ERR.
fn enable_multi_instance(list: JetResult<Vec<MultiParam>>, mut results: impl FnMut(usize, JET_ERR), pcsetsucceed: *mut u32) -> JET_ERR {
    guard::call(|| {
        let list = match list {
            Ok(l) => l,
            Err(e) => {
                if let Some(o) = args::opt_out(pcsetsucceed) {
                    o.write(0)
                }
                return Err(e);
            }
        };
        let (each, overall) = system::enable_multi_instance(&list);
        let mut ok = 0u32;
        for (i, r) in each.iter().enumerate() {
            results(i, r.map_or_else(|e| e.code(), |_| JET_errSuccess));
            if r.is_ok() {
                ok += 1;
            }
        }
        if let Some(o) = args::opt_out(pcsetsucceed) {
            o.write(ok)
        }
        overall
    })
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
    // ESE's A variant also refuses a non-NULL array with a zero count, before anything else
    if psetsysparam.is_null() != (csetsysparam == 0) {
        return JET_errInvalidParameter;
    }
    let list = args::slice_mut(psetsysparam, csetsysparam).and_then(|items| {
        items
            .iter()
            .map(|p| Ok(MultiParam { id: p.paramid, lparam: p.lParam, text: args::str_a(p.sz)? }))
            .collect::<JetResult<Vec<_>>>()
    });
    enable_multi_instance(
        list,
        |i, e| {
            if let Ok(items) = args::slice_mut(psetsysparam, csetsysparam) {
                items[i].err = e;
            }
        },
        pcsetsucceed,
    )
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetEnableMultiInstanceW(psetsysparam: *mut JET_SETSYSPARAM_W, csetsysparam: u32, pcsetsucceed: *mut u32) -> JET_ERR {
    let list = args::slice_mut(psetsysparam, csetsysparam).and_then(|items| {
        items
            .iter()
            .map(|p| Ok(MultiParam { id: p.paramid, lparam: p.lParam, text: args::str_w(p.sz)? }))
            .collect::<JetResult<Vec<_>>>()
    });
    enable_multi_instance(
        list,
        |i, e| {
            if let Ok(items) = args::slice_mut(psetsysparam, csetsysparam) {
                items[i].err = e;
            }
        },
        pcsetsucceed,
    )
}

#[unsafe(no_mangle)]
pub extern "C" fn JetFreeBuffer(pbBuf: *mut c_char) -> JET_ERR {
    guard::call(|| {
        args::free_block(pbBuf);
        Ok(())
    })
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetErrorInfoW(pvContext: *mut c_void, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32, grbit: JET_GRBIT) -> JET_ERR {
    guard::call(|| {
        if InfoLevel != JET_ErrorInfoSpecificErr || pvContext.is_null() || grbit != 0 {
            return Err(JetError::InvalidParameter);
        }
        let err: JET_ERR = args::read(pvContext as *const JET_ERR)?;
        if (cbMax as usize) < std::mem::size_of::<JET_ERRINFOBASIC_W>() {
            return Err(JetError::InvalidBufferSize);
        }
        let cat = super::errcat::category(err).ok_or(JetError::InvalidParameter)?;
        let info = JET_ERRINFOBASIC_W {
            cbStruct: std::mem::size_of::<JET_ERRINFOBASIC_W>() as u32,
            errValue: err,
            errcatMostSpecific: cat as JET_ERRCAT,
            rgCategoricalHierarchy: super::errcat::hierarchy(cat).ok_or(JetError::InvalidParameter)?,
            lSourceLine: 0,
            rgszSourceFile: [0; 64],
        };
        args::write_struct(pvResult, cbMax, info)
    })
}

/// What JetGetInstanceInfo reports about one instance.
struct InstanceInfo {
    handle: JET_INSTANCE,
    name: Option<String>,
    databases: Vec<String>,
}

fn instance_infos() -> Vec<InstanceInfo> {
    system::instances()
        .iter()
        .map(|i| InstanceInfo {
            handle: INSTANCES.handle_of(i).unwrap_or(0),
            name: i.name().map(str::to_string),
            databases: i.attached_databases(),
        })
        .collect()
}

/// Lay out JET_INSTANCE_INFO_A/W structs, their name pointer arrays and the
/// strings in one block the caller frees with JetFreeBuffer. `encode` turns
/// a string into NUL-terminated bytes of the A or W kind.
fn instance_info_block(infos: &[InstanceInfo], encode: impl Fn(&str) -> Vec<u8>) -> JetResult<CBlock> {
    // both JET_INSTANCE_INFO_A and _W have the same layout (pointers differ in type only)
    let rec = std::mem::size_of::<JET_INSTANCE_INFO_A>();
    let ptr = std::mem::size_of::<*mut c_void>();
    let ndb: usize = infos.iter().map(|i| i.databases.len()).sum();
    let mut strings: Vec<Vec<u8>> = Vec::new();
    for i in infos {
        if let Some(n) = &i.name {
            strings.push(encode(n));
        }
        for d in &i.databases {
            strings.push(encode(d));
        }
    }
    let arrays_at = infos.len() * rec;
    let strings_at = arrays_at + 3 * ndb * ptr;
    let total = strings_at + strings.iter().map(Vec::len).sum::<usize>();
    let mut block = CBlock::zeroed(total)?;
    let mut arr = arrays_at;
    let mut text = strings_at;
    for (k, i) in infos.iter().enumerate() {
        let names_ptr = if let Some(n) = &i.name {
            let b = encode(n);
            block.put_bytes(text, &b);
            let p = block.addr(text);
            text += b.len();
            p
        } else {
            std::ptr::null_mut()
        };
        let files = block.addr(arr);
        let displays = block.addr(arr + i.databases.len() * ptr);
        for (j, d) in i.databases.iter().enumerate() {
            let b = encode(d);
            block.put_bytes(text, &b);
            let p = block.addr(text);
            block.put(arr + j * ptr, p);
            text += b.len();
        }
        arr += 3 * i.databases.len() * ptr;
        block.put(
            k * rec,
            JET_INSTANCE_INFO_A {
                hInstanceId: i.handle,
                szInstanceName: names_ptr as *mut c_char,
                cDatabases: i.databases.len() as u64,
                szDatabaseFileName: files as *mut *mut c_char,
                szDatabaseDisplayName: displays as *mut *mut c_char,
                szDatabaseSLVFileName_Obsolete: std::ptr::null_mut(),
            },
        );
    }
    Ok(block)
}

fn get_instance_info<T>(pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut T, encode: impl Fn(&str) -> Vec<u8>) -> JET_ERR {
    guard::call(|| {
        let count = args::out(pcInstanceInfo)?;
        let array = args::out(paInstanceInfo)?;
        let infos = instance_infos();
        if infos.is_empty() {
            count.write(0);
            array.write(std::ptr::null_mut());
            return Ok(());
        }
        let block = instance_info_block(&infos, encode)?;
        count.write(infos.len() as u32);
        array.write(block.into_raw() as *mut T);
        Ok(())
    })
}

fn encode_a(s: &str) -> Vec<u8> {
    let mut b = s.as_bytes().to_vec();
    b.push(0);
    b
}

fn encode_w(s: &str) -> Vec<u8> {
    s.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes).collect()
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetInstanceInfo(pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A) -> JET_ERR {
    JetGetInstanceInfoA(pcInstanceInfo, paInstanceInfo)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetInstanceInfoA(pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A) -> JET_ERR {
    get_instance_info(pcInstanceInfo, paInstanceInfo, encode_a)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetInstanceInfoW(pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W) -> JET_ERR {
    get_instance_info(pcInstanceInfo, paInstanceInfo, encode_w)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetInstanceMiscInfo(instance: JET_INSTANCE, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| {
        let needed = match InfoLevel {
            JET_InstanceMiscInfoLogSignature => std::mem::size_of::<JET_SIGNATURE>(),
            INSTANCE_MISC_INFO_CHECKPOINT => CHECKPOINT_INFO_SIZE,
            _ => return Err(JetError::InvalidParameter),
        };
        if pvResult.is_null() {
            return Err(JetError::InvalidParameter);
        }
        if (cbMax as usize) < needed {
            return Err(JetError::BufferTooSmall);
        }
        let engine = i.engine()?;
        let mut bytes = vec![0u8; needed];
        // without a log (JET_paramRecovery "Off") everything stays zero
        if let Some(log) = &engine.log {
            if InfoLevel == JET_InstanceMiscInfoLogSignature {
                bytes.copy_from_slice(&log.signature().to_bytes());
            } else {
                // JET_CHECKPOINTINFO: genMin (the checkpoint's generation),
                // genMax (the generation being written) and its creation time
                let (current, created) = log.current_generation();
                bytes[0..4].copy_from_slice(&log.checkpoint().lgpos.generation.to_le_bytes());
                bytes[4..8].copy_from_slice(&current.to_le_bytes());
                bytes[8..16].copy_from_slice(&created.0);
            }
        }
        args::write_bytes(pvResult, cbMax, &bytes);
        Ok(())
    })
}

/// ESE's JET_InstanceMiscInfoCheckpoint (not in the public header) and the
/// size of its JET_CHECKPOINTINFO (genMin, genMax, a JET_LOGTIME).
const INSTANCE_MISC_INFO_CHECKPOINT: u32 = 1;
const CHECKPOINT_INFO_SIZE: usize = 16;

/// The handles of a system-parameter call: the session (if given) decides the
/// instance in multi-instance mode; otherwise the instance argument does.
type ParamScope = (Option<Arc<Instance>>, Option<Arc<crate::isam::Session>>);

fn param_handles(instance: JET_INSTANCE, sesid: JET_SESID) -> JetResult<ParamScope> {
    let session = guard::opt_session_arg(sesid)?;
    let inst = if session.is_some() { None } else { guard::instance_arg(instance)? };
    Ok((inst, session))
}

/// The text of JET_paramErrorToString for an error value.
fn error_to_string(err: JET_ERR) -> String {
    match JetError::from_code(err) {
        Some(e) => e.name().to_string(),
        None if err == JET_errSuccess => "JET_errSuccess".to_string(),
        None => format!("{err}, (0x{:08x})", err as u32),
    }
}

/// JetGetSystemParameter[A|W] once the kind of string output is chosen.
fn get_system_parameter(
    instance: JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    plParam: *mut JET_API_PTR,
    cbMax: u32,
    write: impl FnOnce(&str) -> JetResult<()>,
) -> JET_ERR {
    guard::call(|| {
        let (inst, ses) = param_handles(instance, sesid)?;
        match paramid {
            JET_paramErrorToString => {
                let err: JET_ERR = args::read(plParam as *const JET_ERR)?;
                write(&error_to_string(err))
            }
            JET_paramUnicodeIndexDefault => {
                // plParam is the JET_UNICODEINDEX buffer here, and cbMax its size
                let out = args::out(plParam as *mut JET_UNICODEINDEX)?;
                if (cbMax as usize) < std::mem::size_of::<JET_UNICODEINDEX>() {
                    return Err(JetError::BufferTooSmall);
                }
                let (lcid, dwMapFlags) = system::get_unicode_index_default(inst.as_ref(), ses.as_ref())?;
                out.write(JET_UNICODEINDEX { lcid, dwMapFlags });
                Ok(())
            }
            _ => match system::get_system_parameter(inst.as_ref(), ses.as_ref(), paramid)? {
                ParamOut::Int(v) => {
                    args::out(plParam)?.write(v);
                    Ok(())
                }
                ParamOut::Str(s) => write(&s),
                ParamOut::Nothing => Ok(()),
            },
        }
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetSystemParameter(instance: JET_INSTANCE, sesid: JET_SESID, paramid: u32, plParam: *mut JET_API_PTR, szParam: JET_PSTR, cbMax: u32) -> JET_ERR {
    JetGetSystemParameterA(instance, sesid, paramid, plParam, szParam, cbMax)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetSystemParameterA(instance: JET_INSTANCE, sesid: JET_SESID, paramid: u32, plParam: *mut JET_API_PTR, szParam: JET_PSTR, cbMax: u32) -> JET_ERR {
    get_system_parameter(instance, sesid, paramid, plParam, cbMax, |s| {
        if szParam.is_null() || cbMax == 0 {
            return Err(JetError::InvalidParameter);
        }
        // as ESE's A variant: a value that does not fit leaves the buffer untouched
        if s.len() + 1 > cbMax as usize {
            return Err(JetError::BufferTooSmall);
        }
        args::write_str_a(szParam, cbMax, s);
        Ok(())
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetSystemParameterW(instance: JET_INSTANCE, sesid: JET_SESID, paramid: u32, plParam: *mut JET_API_PTR, szParam: JET_PWSTR, cbMax: u32) -> JET_ERR {
    get_system_parameter(instance, sesid, paramid, plParam, cbMax, |s| {
        if szParam.is_null() || cbMax < 2 {
            return Err(JetError::InvalidParameter);
        }
        // as ESE's W variant: what fits is written, NUL-terminated
        match args::write_str_w(szParam, cbMax, s) {
            Written::Whole { .. } => Ok(()),
            Written::Truncated { .. } => Err(JetError::BufferTooSmall),
        }
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetThreadStats(pvResult: *mut c_void, cbMax: u32) -> JET_ERR {
    guard::call(|| {
        if pvResult.is_null() {
            return Err(JetError::InvalidParameter);
        }
        // JET_THREADSTATS is the least a caller may ask for (ESE keeps it for compatibility)
        if (cbMax as usize) < std::mem::size_of::<JET_THREADSTATS>() {
            return Err(JetError::BufferTooSmall);
        }
        let t = crate::util::thread_stats::current();
        let n = (cbMax as usize).min(std::mem::size_of::<JET_THREADSTATS2>());
        // JET_THREADSTATS2's layout, field by field (no padding bytes copied)
        let mut b = vec![0u8; std::mem::size_of::<JET_THREADSTATS2>()];
        let words = [n as u32, t.pages_referenced, t.pages_read, t.pages_preread, t.pages_dirtied, t.pages_redirtied, t.log_records, t.log_bytes];
        for (k, w) in words.iter().enumerate() {
            b[k * 4..k * 4 + 4].copy_from_slice(&w.to_le_bytes());
        }
        let usec = std::mem::offset_of!(JET_THREADSTATS2, cusecPageCacheMiss);
        b[usec..usec + 8].copy_from_slice(&t.cache_miss_usec.to_le_bytes());
        let misses = std::mem::offset_of!(JET_THREADSTATS2, cPageCacheMiss);
        b[misses..misses + 4].copy_from_slice(&t.cache_misses.to_le_bytes());
        args::write_bytes(pvResult, cbMax, &b[..n]);
        Ok(())
    })
}

/// The version JetGetVersion reports, in ESENT's layout: major (4 bits),
/// minor (4), build (16), service pack (8) — that of Windows 10 (10.0.19041),
/// whose esent.h this library implements.
const VERSION: u32 = (10 << 28) | (19041 << 8);

#[unsafe(no_mangle)]
pub extern "C" fn JetGetVersion(sesid: JET_SESID, pwVersion: *mut u32) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |_s| {
        args::out(pwVersion)?.write(VERSION);
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetIdle(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let inst = s.instance();
        let engine = inst.engine()?;
        let preferred = inst.param_int(JET_paramPreferredVerPages).saturating_mul(crate::isam::system::global_param_int(JET_paramVerPageSize).max(1024));
        crate::isam::maintenance::idle(&engine, grbit, preferred).map(Warn)
    })
}

/// JetInit, JetInit2, JetInit3[A|W]. `rstinfo_ok` says whether the restore
/// information (if any) is well formed.
fn init(pinstance: *mut JET_INSTANCE, rstinfo_ok: JetResult<()>, grbit: JET_GRBIT) -> JET_ERR {
    let r = guard::call(|| {
        let current = args::opt_read(pinstance);
        let target = match current {
            None => InitTarget::NoPointer,
            Some(h) => match guard::instance_arg(h)? {
                None => InitTarget::Allocate,
                Some(i) => InitTarget::Existing(i),
            },
        };
        if matches!(target, InitTarget::Allocate) {
            args::out(pinstance)?.write(JET_instanceNil);
        }
        rstinfo_ok?;
        let existing = match &target {
            InitTarget::Existing(i) => Some(i.clone()),
            _ => None,
        };
        match system::init(target, grbit) {
            Ok((inst, allocated)) => {
                let h = register(&inst)?;
                if allocated && let Some(o) = args::opt_out(pinstance) {
                    o.write(h);
                }
                Ok(())
            }
            Err(e) => {
                // as ESE, an instance whose init failed is freed
                if existing.is_some_and(|i| i.is_gone())
                    && let Some(o) = args::opt_out(pinstance)
                {
                    o.write(0);
                }
                Err(e)
            }
        }
    });
    handles::sweep();
    r
}

#[unsafe(no_mangle)]
pub extern "C" fn JetInit(pinstance: *mut JET_INSTANCE) -> JET_ERR {
    init(pinstance, Ok(()), 0)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetInit2(pinstance: *mut JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    init(pinstance, Ok(()), grbit)
}

/// cbindgen:ignore
#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetInit3(pinstance: *mut JET_INSTANCE, prstInfo: *mut JET_RSTINFO_A, grbit: JET_GRBIT) -> JET_ERR {
    JetInit3A(pinstance, prstInfo, grbit)
}

/// The restore information of JetInit3 must say its own size.
fn check_rstinfo<T>(cb_struct: Option<u32>) -> JetResult<()> {
    match cb_struct {
        Some(cb) if cb as usize != std::mem::size_of::<T>() => Err(JetError::InvalidParameter),
        _ => Ok(()),
    }
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetInit3A(pinstance: *mut JET_INSTANCE, prstInfo: *mut JET_RSTINFO_A, grbit: JET_GRBIT) -> JET_ERR {
    let cb = args::opt_read(prstInfo as *const u32);
    let ok = check_rstinfo::<JET_RSTINFO_A>(cb);
    let info = args::opt_read(prstInfo as *const JET_RSTINFO_A).filter(|_| ok.is_ok());
    let status = info.and_then(|r| r.pfnStatus);
    let restore = match info {
        Some(r) => restore_info(r.rgrstmap, r.crstmap, r.lgposStop, |m| Ok((args::str_a(m.szDatabaseName)?, args::str_a(m.szNewDatabaseName)?))),
        None => Ok(RestoreInfo::default()),
    };
    // a bad map fails the init itself (ESE frees the instance then)
    crate::isam::rstinfo::with_restore_info(restore, || init_with_status(pinstance, ok, grbit, status))
}

/// JetInit3 with the restore information's status callback: recovery
/// reports JET_sntBegin, JET_sntProgress (a JET_SNPROG in percent) and
/// JET_sntComplete on JET_snpRestore, with no session.
fn init_with_status(pinstance: *mut JET_INSTANCE, rstinfo_ok: JetResult<()>, grbit: JET_GRBIT, status: JET_PFNSTATUS) -> JET_ERR {
    if status.is_none() {
        return init(pinstance, rstinfo_ok, grbit);
    }
    let report = Box::new(move |snt: u32, done: u32, total: u32| {
        let mut prog = JET_SNPROG { cbStruct: std::mem::size_of::<JET_SNPROG>() as u32, cunitDone: done, cunitTotal: total };
        let _ = args::call_status(status, 0, JET_snpRestore, snt, &mut prog as *mut JET_SNPROG as *mut c_void);
    });
    crate::isam::engine::with_recovery_status(report, || init(pinstance, rstinfo_ok, grbit))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetInit3W(pinstance: *mut JET_INSTANCE, prstInfo: *mut JET_RSTINFO_W, grbit: JET_GRBIT) -> JET_ERR {
    let cb = args::opt_read(prstInfo as *const u32);
    let ok = check_rstinfo::<JET_RSTINFO_W>(cb);
    let info = args::opt_read(prstInfo as *const JET_RSTINFO_W).filter(|_| ok.is_ok());
    let status = info.and_then(|r| r.pfnStatus);
    let restore = match info {
        Some(r) => restore_info(r.rgrstmap, r.crstmap, r.lgposStop, |m| Ok((args::str_w(m.szDatabaseName)?, args::str_w(m.szNewDatabaseName)?))),
        None => Ok(RestoreInfo::default()),
    };
    // a bad map fails the init itself (ESE frees the instance then)
    crate::isam::rstinfo::with_restore_info(restore, || init_with_status(pinstance, ok, grbit, status))
}

/// ESE's limit on the restore map (two files per database).
const RSTMAP_MOST: i32 = 2 * 7;

/// JET_RSTINFO's restore map and stop position, as ESE's soft recovery
/// takes them (ErrBuildRstmapForSoftRecovery, ErrLGSoftStart): at most 14
/// entries (JET_errInvalidParameter); each needs a new name
/// (JET_errDatabaseInvalidName); without a source name the new one stands
/// for it. Names are made absolute. A stop position of zero or ESE's
/// lgposMax means the whole log; generation 0 with a sector or byte is
/// JET_errInvalidParameter.
fn restore_info<M: Copy>(
    rgrstmap: *mut M,
    crstmap: i32,
    stop: JET_LGPOS,
    names: impl Fn(&M) -> JetResult<(Option<String>, Option<String>)>,
) -> JetResult<RestoreInfo> {
    use crate::isam::dbops::full_path;
    use crate::isam::rstinfo::MapEntry;
    if !(0..=RSTMAP_MOST).contains(&crstmap) {
        return Err(JetError::InvalidParameter);
    }
    let mut map = Vec::new();
    if crstmap > 0 {
        for m in args::slice(rgrstmap as *const M, crstmap as u32)? {
            let (old, new) = names(m)?;
            let new = new.filter(|n| !n.is_empty()).ok_or(JetError::DatabaseInvalidName)?;
            let target = full_path(&new).map_err(|_| JetError::DatabaseInvalidName)?;
            let source = match old.filter(|o| !o.is_empty()) {
                Some(old) => full_path(&old)?,
                None => target.clone(),
            };
            map.push(MapEntry { source, target });
        }
    }
    let (ib, isec, generation) = (stop.ib, stop.isec, stop.lGeneration);
    let stop = match generation {
        0 if ib != 0 || isec != 0 => return Err(JetError::InvalidParameter),
        0 | i32::MAX => None,
        _ => Some(crate::log::Lgpos::from_jet(stop)),
    };
    Ok(RestoreInfo { map, stop })
}

/// JetSetSystemParameter[A|W] once the string is converted.
fn set_system_parameter(pinstance: *mut JET_INSTANCE, sesid: JET_SESID, paramid: u32, lParam: JET_API_PTR, text: impl FnOnce() -> JetResult<Option<String>>) -> JET_ERR {
    guard::call(|| {
        let h = args::opt_read(pinstance).unwrap_or(0);
        let (inst, ses) = param_handles(h, sesid)?;
        if paramid == JET_paramUnicodeIndexDefault {
            let v = args::opt_read(lParam as usize as *const JET_UNICODEINDEX).map(|u| (u.lcid, u.dwMapFlags));
            return system::set_unicode_index_default(inst.as_ref(), ses.as_ref(), v);
        }
        let text = text()?;
        system::set_system_parameter(inst.as_ref(), ses.as_ref(), paramid, lParam, text.as_deref())
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetSetSystemParameter(pinstance: *mut JET_INSTANCE, sesid: JET_SESID, paramid: u32, lParam: JET_API_PTR, szParam: JET_PCSTR) -> JET_ERR {
    JetSetSystemParameterA(pinstance, sesid, paramid, lParam, szParam)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetSystemParameterA(pinstance: *mut JET_INSTANCE, sesid: JET_SESID, paramid: u32, lParam: JET_API_PTR, szParam: JET_PCSTR) -> JET_ERR {
    set_system_parameter(pinstance, sesid, paramid, lParam, || args::str_a(szParam))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetSystemParameterW(pinstance: *mut JET_INSTANCE, sesid: JET_SESID, paramid: u32, lParam: JET_API_PTR, szParam: JET_PCWSTR) -> JET_ERR {
    set_system_parameter(pinstance, sesid, paramid, lParam, || args::str_w(szParam))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetStopService() -> JET_ERR {
    guard::legacy(None, JetError::InvalidParameter, |i| i.stop_service(JET_bitStopServiceAll))
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetStopServiceInstance(instance: JET_INSTANCE) -> JET_ERR {
    guard::instance_unchecked(instance, |i| i.stop_service(JET_bitStopServiceAll))
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetStopServiceInstance2(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    guard::instance_unchecked(instance, |i| i.stop_service(grbit))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetTerm(instance: JET_INSTANCE) -> JET_ERR {
    // as ESENT, JetTerm is an abrupt termination
    JetTerm2(instance, JET_bitTermAbrupt)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetTerm2(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    let r = guard::instance_unchecked(instance, |i| system::terminate(i, grbit));
    handles::sweep();
    r
}
