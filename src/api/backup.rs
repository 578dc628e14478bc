//! The backup functions of the Jet API.

use crate::abi::*;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};
use std::sync::Arc;

use crate::backup::restore::{self, Progress};
use crate::backup::state::{ERR_BACKUP_ABORT_BY_CALLER, EndOutcome};
use crate::backup::stream::{self, BackupFile};
use crate::backup::file;
use crate::backup::snapshot::{self, Phase as SnapPhase, Session};
use crate::error::{JetError, JetResult};
use crate::isam::{Enter, Instance, Lifecycle, RunMode, system};

use super::args;
use super::guard::{self, Raw};
use super::handles;

/// A file name argument: NULL is JET_errInvalidParameter.
fn name_a(p: *const c_char) -> JetResult<String> {
    args::str_a(p)?.ok_or(JetError::InvalidParameter)
}

fn name_w(p: *const WCHAR) -> JetResult<String> {
    args::str_w(p)?.ok_or(JetError::InvalidParameter)
}

/// A list of names as a double-NUL-terminated string, A (UTF-8) or W (UTF-16).
fn multisz(items: &[String], wide: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for s in items {
        if wide {
            out.extend(s.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes));
        } else {
            out.extend_from_slice(s.as_bytes());
            out.push(0);
        }
    }
    out.extend_from_slice(if wide { &[0, 0] } else { &[0] });
    out
}

/// Copy a list into the caller's buffer (what fits) and report its size: the
/// whole size, or (`clip`, ESE's JetGetLogInfoW) what was copied when a buffer
/// was given.
fn write_list(buf: *mut c_void, cb_max: u32, pcb_actual: *mut u32, bytes: &[u8], clip: bool) {
    let copied = args::write_bytes(buf, cb_max, bytes);
    if let Some(out) = args::opt_out(pcb_actual) {
        out.write(if clip && !buf.is_null() { copied as u32 } else { bytes.len() as u32 });
    }
}

/// JetGetAttachInfoInstance (A and W).
fn attach_info(i: &Arc<Instance>, buf: *mut c_void, cb_max: u32, pcb_actual: *mut u32, wide: bool) -> JetResult<()> {
    let list = stream::attach_info(i)?;
    write_list(buf, cb_max, pcb_actual, &multisz(&list, wide), false);
    Ok(())
}

/// The open file a JET_HANDLE names (JET_errInvalidParameter for anything else).
fn backup_file(hf: JET_HANDLE) -> JetResult<Arc<BackupFile>> {
    handles::FILES.get(hf).and_then(stream::as_backup_file).ok_or(JetError::InvalidParameter)
}

/// Forget the handles of files their backup closed.
fn sweep_files() {
    handles::FILES.retain(|f| f.downcast_ref::<BackupFile>().is_none_or(|b| !b.is_closed()));
}

/// JetOpenFileInstance (A and W): the handle and the file's size.
fn open_file(i: &Arc<Instance>, name: JetResult<String>, phf: *mut JET_HANDLE, plo: *mut u32, phi: *mut u32) -> JetResult<()> {
    i.with_backup(|b| b.check_streaming())?;
    let name = name?;
    let (phf, plo, phi) = (args::out(phf)?, args::out(plo)?, args::out(phi)?);
    let f = stream::open_file(i, &name)?;
    let size = f.size();
    let Some(h) = handles::FILES.insert(f.clone()) else {
        let _ = stream::close_file(i, &f);
        return Err(JetError::OutOfMemory);
    };
    phf.write(h);
    plo.write(size as u32);
    phi.write((size >> 32) as u32);
    Ok(())
}

/// JetReadFile(Instance).
fn read_file(i: &Arc<Instance>, hf: JET_HANDLE, pv: *mut c_void, cb: u32, pcb_actual: *mut u32) -> JetResult<()> {
    i.with_backup(|b| b.check_streaming())?;
    let f = backup_file(hf)?;
    let buf = args::opt_bytes_mut(pv, cb).ok_or(JetError::InvalidParameter)?;
    let r = stream::read_file(i, &f, buf);
    sweep_files();
    let n = r?;
    if let Some(out) = args::opt_out(pcb_actual) {
        out.write(n);
    }
    Ok(())
}

/// JetCloseFile(Instance): closing is part of ending a backup, so it is
/// allowed after JetStopBackup; it needs a backup and an open handle.
fn close_file(i: &Arc<Instance>, hf: JET_HANDLE) -> JetResult<()> {
    if !i.backup_state().in_progress() {
        return Err(JetError::NoBackup);
    }
    let f = backup_file(hf)?;
    stream::close_file(i, &f)?;
    handles::FILES.remove(hf);
    Ok(())
}

/// A JET_LOGINFO output of JetGetLogInfoInstance2 (A or W).
#[derive(Copy, Clone)]
enum LogInfoOut {
    A(*mut JET_LOGINFO_A),
    W(*mut JET_LOGINFO_W),
}

impl LogInfoOut {
    /// Its cbSize must be the struct's size (JET_errInvalidParameter).
    fn check(self) -> JetResult<()> {
        let (cb, want) = match self {
            LogInfoOut::A(p) => (args::read(p as *const JET_LOGINFO_A)?.cbSize, std::mem::size_of::<JET_LOGINFO_A>()),
            LogInfoOut::W(p) => (args::read(p as *const JET_LOGINFO_W)?.cbSize, std::mem::size_of::<JET_LOGINFO_W>()),
        };
        if cb as usize != want { Err(JetError::InvalidParameter) } else { Ok(()) }
    }

    fn write(self, li: &stream::LogInfo) -> JetResult<()> {
        let mut name = [0u16; 4];
        for (d, c) in name.iter_mut().zip(li.base_name.encode_utf16().take(3)) {
            *d = c;
        }
        match self {
            LogInfoOut::A(p) => args::out(p)?.write(JET_LOGINFO_A {
                cbSize: std::mem::size_of::<JET_LOGINFO_A>() as u32,
                ulGenLow: li.gen_low,
                ulGenHigh: li.gen_high,
                szBaseName: name.map(|c| c as c_char),
            }),
            LogInfoOut::W(p) => args::out(p)?.write(JET_LOGINFO_W {
                cbSize: std::mem::size_of::<JET_LOGINFO_W>() as u32,
                ulGenLow: li.gen_low,
                ulGenHigh: li.gen_high,
                szBaseName: name,
            }),
        }
        Ok(())
    }
}

/// JetGetLogInfoInstance(2) (A and W).
fn log_info(i: &Arc<Instance>, buf: *mut c_void, cb_max: u32, pcb_actual: *mut u32, info: Option<LogInfoOut>, wide: bool) -> JetResult<()> {
    i.with_backup(|b| b.check_streaming())?;
    if let Some(out) = info {
        out.check()?;
    }
    let li = stream::log_info(i)?;
    write_list(buf, cb_max, pcb_actual, &multisz(&li.files, wide), wide);
    if let Some(out) = info {
        out.write(&li)?;
    }
    Ok(())
}

/// JetGetTruncateLogInfoInstance (A and W).
fn truncate_log_info(i: &Arc<Instance>, buf: *mut c_void, cb_max: u32, pcb_actual: *mut u32, wide: bool) -> JetResult<()> {
    let list = stream::truncate_log_info(i)?;
    write_list(buf, cb_max, pcb_actual, &multisz(&list, wide), wide);
    Ok(())
}

/// JetEndExternalBackup(Instance)(2). A sequence ended "normally" before the
/// logs were read was abandoned: ESE's errBackupAbortByCaller.
fn end_external_backup(i: &Arc<Instance>, grbit: JET_GRBIT) -> JetResult<Raw> {
    let r = stream::end(i, grbit);
    sweep_files();
    match r? {
        EndOutcome::Completed { .. } | EndOutcome::AbortedByClient => Ok(Raw(JET_errSuccess)),
        EndOutcome::AbandonedByCaller => Ok(Raw(ERR_BACKUP_ABORT_BY_CALLER)),
    }
}

/// A JET_PFNSTATUS as a progress sink for `snp` (JET_snpBackup, JET_snpRestore):
/// JET_sntBegin, JET_sntProgress in percent, JET_sntComplete, each with a JET_SNPROG.
fn status_sink(pfn: JET_PFNSTATUS, snp: JET_SNP) -> impl FnMut(Progress) {
    move |p| {
        let (snt, done) = match p {
            Progress::Begin => (JET_sntBegin, 0),
            Progress::Step { done, total } => (JET_sntProgress, (done as u64 * 100 / total.max(1) as u64).min(100) as u32),
            Progress::Complete => (JET_sntComplete, 100),
        };
        let mut prog = JET_SNPROG { cbStruct: std::mem::size_of::<JET_SNPROG>() as u32, cunitDone: done, cunitTotal: 100 };
        // the engine goes on whatever the callback returns (as ESE's backup and restore)
        let _ = args::call_status(pfn, 0, snp, snt, &mut prog as *mut JET_SNPROG as *mut c_void);
    }
}

/// JetBackupInstance (A and W) and JetBackup.
fn file_backup(i: &Arc<Instance>, path: JetResult<Option<String>>, grbit: JET_GRBIT, pfn: JET_PFNSTATUS) -> JetResult<()> {
    let path = path?;
    let mut sink = status_sink(pfn, JET_snpBackup);
    let status: Option<&mut dyn FnMut(Progress)> = if pfn.is_some() { Some(&mut sink) } else { None };
    file::backup(i, path.as_deref(), grbit, status)
}

/// The restore settings of an instance, or ESE's defaults without one.
fn restore_settings(i: Option<&Instance>) -> file::RestoreSettings {
    let (base, logs) = match i {
        Some(i) => (i.param_text(JET_paramBaseName), i.param_text(JET_paramLogFilePath)),
        None => ("edb".to_string(), ".".to_string()),
    };
    file::RestoreSettings { base_name: base, log_path: crate::isam::dbops::full_path(if logs.is_empty() { "." } else { &logs }).ok() }
}

/// A file restore (JetRestore2, JetRestoreInstance) on `inst` (None: no instance).
fn file_restore(inst: Option<&Arc<Instance>>, source: JetResult<Option<String>>, dest: JetResult<Option<String>>, pfn: JET_PFNSTATUS) -> JetResult<()> {
    let source = source?.ok_or(JetError::InvalidParameter)?;
    let dest = dest?;
    let mut sink = status_sink(pfn, JET_snpRestore);
    let status: Option<&mut dyn FnMut(Progress)> = if pfn.is_some() { Some(&mut sink) } else { None };
    let settings = restore_settings(inst.map(|i| &**i));
    if let Some(i) = inst {
        i.begin_restore()?;
    }
    let r = file::restore(&source, dest.as_deref(), &settings, status);
    if let Some(i) = inst {
        i.end_restore();
    }
    r.map(|_| ())
}

/// JetRestore / JetRestore2 (legacy mode): restore before JetInit.
fn legacy_restore(source: JetResult<Option<String>>, dest: JetResult<Option<String>>, pfn: JET_PFNSTATUS) -> JetResult<()> {
    if system::run_mode() == RunMode::Multi {
        return Err(JetError::RunningInMultiInstanceMode);
    }
    if let Ok(i) = system::legacy_instance() {
        match i.lifecycle() {
            Lifecycle::Restoring => return Err(JetError::RestoreInProgress),
            Lifecycle::Initializing => return Err(JetError::InitInProgress),
            Lifecycle::Created | Lifecycle::Terminated => {}
            _ => return Err(JetError::AfterInitialization),
        }
    }
    file_restore(None, source, dest, pfn)
}

/// JetRestoreInstance (A and W): the instance must be created and not
/// initialized (0 or JET_instanceNil: a restore of its own).
fn instance_restore(instance: JET_INSTANCE, source: JetResult<Option<String>>, dest: JetResult<Option<String>>, pfn: JET_PFNSTATUS) -> JET_ERR {
    guard::call(|| match guard::instance_arg(instance)? {
        None if system::run_mode() == RunMode::Legacy => Err(JetError::RunningInOneInstanceMode),
        None => file_restore(None, source, dest, pfn),
        Some(i) => {
            let i = system::find(Some(&i))?;
            file_restore(Some(&i), source, dest, pfn)
        }
    })
}

/// The arguments of JetExternalRestore(2), converted.
struct ExternalRestore {
    checkpoint: Option<String>,
    logs: Option<String>,
    map: Vec<(Option<String>, Option<String>)>,
    backup_logs: Option<String>,
    gen_low: i32,
    gen_high: i32,
    base_name: String,
    target_name: Option<String>,
    target_logs: Option<String>,
    target_checkpoint: Option<String>,
}

/// JetExternalRestore(2) (A and W).
fn external_restore(a: JetResult<ExternalRestore>, pfn: JET_PFNSTATUS) -> JetResult<()> {
    let a = a?;
    if system::run_mode() == RunMode::Legacy {
        return Err(JetError::RunningInOneInstanceMode);
    }
    if a.target_logs.is_some() != a.target_checkpoint.is_some() || (a.target_name.is_some() && a.target_logs.is_some()) {
        return Err(JetError::InvalidParameter);
    }
    let backup_logs = a.backup_logs.filter(|p| !p.is_empty()).ok_or(JetError::InvalidParameter)?;
    if a.gen_low < 0 || a.gen_high < 0 {
        return Err(JetError::InvalidParameter);
    }
    let range = if a.gen_low == 0 && a.gen_high == 0 { None } else { Some((a.gen_low as u32, a.gen_high as u32)) };
    let mut databases = Vec::new();
    for (old, new) in &a.map {
        let name = new.as_ref().or(old.as_ref()).filter(|n| !n.is_empty()).ok_or(JetError::InvalidParameter)?;
        databases.push(crate::isam::dbops::full_path(name)?);
    }
    // the logs that may continue the backup's: the target instance's, else the log path
    let continue_from = match (&a.target_name, &a.target_logs) {
        (Some(n), _) => {
            let t = system::instances().into_iter().find(|i| i.name() == Some(n.as_str()) && i.is_initialized());
            let t = t.ok_or(JetError::BadRestoreTargetInstance)?;
            Some(t.param_text(JET_paramLogFilePath))
        }
        (None, Some(l)) => Some(l.clone()),
        (None, None) => a.logs.clone(),
    };
    let continue_from = continue_from.filter(|p| !p.is_empty()).map(|p| crate::isam::dbops::full_path(&p)).transpose()?;
    let scratch = [&a.checkpoint, &a.logs].into_iter().flatten().find(|p| !p.is_empty()).cloned().unwrap_or_else(|| backup_logs.clone());
    let scratch = crate::isam::dbops::full_path(&scratch)?;
    std::fs::create_dir_all(&scratch).map_err(|_| JetError::InvalidPath)?;
    let mut sink = status_sink(pfn, JET_snpRestore);
    let status: Option<&mut dyn FnMut(Progress)> = if pfn.is_some() { Some(&mut sink) } else { None };
    restore::hard_recover(restore::Request {
        backup_logs: crate::isam::dbops::full_path(&backup_logs)?,
        base_name: a.base_name,
        range,
        continue_from,
        databases: if databases.is_empty() { None } else { Some(databases) },
        scratch,
        status,
    })
    .map(|_| ())
}

fn rstmap_a(p: *mut JET_RSTMAP_A, n: i32) -> JetResult<Vec<(Option<String>, Option<String>)>> {
    let n = u32::try_from(n).map_err(|_| JetError::InvalidParameter)?;
    args::slice(p as *const JET_RSTMAP_A, n)?.iter().map(|m| Ok((args::str_a(m.szDatabaseName)?, args::str_a(m.szNewDatabaseName)?))).collect()
}

fn rstmap_w(p: *mut JET_RSTMAP_W, n: i32) -> JetResult<Vec<(Option<String>, Option<String>)>> {
    let n = u32::try_from(n).map_err(|_| JetError::InvalidParameter)?;
    args::slice(p as *const JET_RSTMAP_W, n)?.iter().map(|m| Ok((args::str_w(m.szDatabaseName)?, args::str_w(m.szNewDatabaseName)?))).collect()
}

/// The generations and base name of a JET_LOGINFO (A or W).
fn loginfo_a(p: *mut JET_LOGINFO_A) -> JetResult<(i32, i32, String)> {
    let li = args::read(p as *const JET_LOGINFO_A)?;
    if li.cbSize as usize != std::mem::size_of::<JET_LOGINFO_A>() {
        return Err(JetError::InvalidParameter);
    }
    let name: Vec<u8> = li.szBaseName.iter().take_while(|c| **c != 0).map(|c| *c as u8).collect();
    Ok((li.ulGenLow as i32, li.ulGenHigh as i32, base_or_default(String::from_utf8_lossy(&name).into_owned())))
}

fn loginfo_w(p: *mut JET_LOGINFO_W) -> JetResult<(i32, i32, String)> {
    let li = args::read(p as *const JET_LOGINFO_W)?;
    if li.cbSize as usize != std::mem::size_of::<JET_LOGINFO_W>() {
        return Err(JetError::InvalidParameter);
    }
    let name: Vec<u16> = li.szBaseName.iter().take_while(|c| **c != 0).copied().collect();
    Ok((li.ulGenLow as i32, li.ulGenHigh as i32, base_or_default(String::from_utf16_lossy(&name))))
}

fn base_or_default(s: String) -> String {
    if s.is_empty() { "edb".to_string() } else { s }
}

/// The snapshot session a JET_OSSNAPID names.
fn snapshot(id: JET_OSSNAPID) -> JetResult<Arc<Session>> {
    handles::SNAPSHOTS.get(id).and_then(|a| a.downcast::<Session>().ok()).ok_or(JetError::OSSnapshotInvalidSnapId)
}

/// Run a call on a snapshot session; a session that ended loses its id.
fn on_snapshot<T>(id: JET_OSSNAPID, f: impl FnOnce(&Arc<Session>) -> JetResult<T>) -> JetResult<T> {
    let s = snapshot(id)?;
    let r = f(&s);
    if s.phase() == SnapPhase::Done {
        handles::SNAPSHOTS.remove(id);
    }
    r
}

/// JET_INSTANCE_INFO_A/W for a list of instances, in one block freed with
/// JetFreeBuffer: the structs, then per instance its database file name and
/// display name arrays, then the strings.
fn instance_info(list: &[Arc<Instance>], wide: bool, pc: *mut u32, pa: *mut *mut c_void) -> JetResult<()> {
    let (pc, pa) = (args::out(pc)?, args::out(pa)?);
    if list.is_empty() {
        pc.write(0);
        pa.write(std::ptr::null_mut());
        return Ok(());
    }
    let encode = |t: &str| -> Vec<u8> {
        if wide {
            t.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes).collect()
        } else {
            let mut b = t.as_bytes().to_vec();
            b.push(0);
            b
        }
    };
    // (handle, name, database names), encoded
    type Info = (JET_INSTANCE, Option<Vec<u8>>, Vec<Vec<u8>>);
    let infos: Vec<Info> = list
        .iter()
        .map(|i| (handles::INSTANCES.handle_of(i).unwrap_or(0), i.name().map(encode), i.attached_databases().iter().map(|d| encode(d)).collect()))
        .collect();
    let rec = std::mem::size_of::<JET_INSTANCE_INFO_A>();
    let ptr = std::mem::size_of::<*mut c_void>();
    let ndb: usize = infos.iter().map(|i| i.2.len()).sum();
    let strings: usize = infos.iter().map(|i| i.1.as_ref().map_or(0, Vec::len) + i.2.iter().map(Vec::len).sum::<usize>()).sum();
    let arrays_at = infos.len() * rec;
    let mut text = arrays_at + 2 * ndb * ptr;
    // text is placed after the arrays; W strings want 2-byte alignment
    text += text % 2;
    let mut block = args::CBlock::zeroed(text + strings + 2)?;
    let mut arr = arrays_at;
    for (k, (h, name, dbs)) in infos.iter().enumerate() {
        let name_ptr = match name {
            Some(n) => {
                block.put_bytes(text, n);
                let p = block.addr(text);
                text += n.len();
                p
            }
            None => std::ptr::null_mut(),
        };
        let files = block.addr(arr);
        let displays = block.addr(arr + dbs.len() * ptr);
        for (j, d) in dbs.iter().enumerate() {
            block.put_bytes(text, d);
            let p = block.addr(text);
            block.put(arr + j * ptr, p);
            block.put(arr + (dbs.len() + j) * ptr, p);
            text += d.len();
        }
        arr += 2 * dbs.len() * ptr;
        block.put(
            k * rec,
            JET_INSTANCE_INFO_A {
                hInstanceId: *h,
                szInstanceName: name_ptr as *mut c_char,
                cDatabases: dbs.len() as u64,
                szDatabaseFileName: if dbs.is_empty() { std::ptr::null_mut() } else { files as *mut *mut c_char },
                szDatabaseDisplayName: if dbs.is_empty() { std::ptr::null_mut() } else { displays as *mut *mut c_char },
                szDatabaseSLVFileName_Obsolete: std::ptr::null_mut(),
            },
        );
    }
    pc.write(infos.len() as u32);
    pa.write(block.into_raw() as *mut c_void);
    Ok(())
}

/// JetOSSnapshotFreeze (A and W).
fn snapshot_freeze(id: JET_OSSNAPID, pc: *mut u32, pa: *mut *mut c_void, grbit: JET_GRBIT, wide: bool) -> JET_ERR {
    guard::call(|| {
        if grbit != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if pc.is_null() || pa.is_null() {
            return Err(JetError::InvalidParameter);
        }
        let list = on_snapshot(id, |s| snapshot::freeze(s, grbit))?;
        if let Err(e) = instance_info(&list, wide, pc, pa) {
            // as ESE: the freeze is undone when its answer cannot be given
            let _ = on_snapshot(id, |s| snapshot::end(s, JET_bitAbortSnapshot));
            return Err(e);
        }
        Ok(())
    })
}

/// JetOSSnapshotGetFreezeInfo (A and W).
fn snapshot_info(id: JET_OSSNAPID, pc: *mut u32, pa: *mut *mut c_void, grbit: JET_GRBIT, wide: bool) -> JET_ERR {
    guard::call(|| {
        if grbit != 0 {
            return Err(JetError::InvalidGrbit);
        }
        if pc.is_null() || pa.is_null() {
            return Err(JetError::InvalidParameter);
        }
        let list = on_snapshot(id, |s| snapshot::freeze_info(s, grbit))?;
        instance_info(&list, wide, pc, pa)
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetBackup(szBackupPath: JET_PCSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    JetBackupA(szBackupPath, grbit, pfnStatus)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetBackupA(szBackupPath: JET_PCSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| file_backup(i, args::str_a(szBackupPath), grbit, pfnStatus))
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
    guard::instance(instance, Enter::Running, |i| file_backup(i, args::str_a(szBackupPath), grbit, pfnStatus))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBackupInstanceW(instance: JET_INSTANCE, szBackupPath: JET_PCWSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| file_backup(i, args::str_w(szBackupPath), grbit, pfnStatus))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBackupW(szBackupPath: JET_PCWSTR, grbit: JET_GRBIT, pfnStatus: JET_PFNSTATUS) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| file_backup(i, args::str_w(szBackupPath), grbit, pfnStatus))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetBeginExternalBackup(grbit: JET_GRBIT) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| stream::begin(i, grbit).map(|_| ()))
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginExternalBackupInstance(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| stream::begin(i, grbit).map(|_| ()))
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
    guard::call(|| {
        let a = (|| {
            let (gen_low, gen_high, base_name) = loginfo_a(pLogInfo)?;
            let (target_name, target_logs, target_checkpoint) = (args::str_a(szTargetInstanceName)?, args::str_a(szTargetInstanceLogPath)?, args::str_a(szTargetInstanceCheckpointPath)?);
            Ok(ExternalRestore {
                checkpoint: args::str_a(szCheckpointFilePath)?,
                logs: args::str_a(szLogPath)?,
                map: rstmap_a(rgrstmap, crstfilemap)?,
                backup_logs: args::str_a(szBackupLogPath)?,
                gen_low,
                gen_high,
                base_name,
                target_name,
                target_logs,
                target_checkpoint,
            })
        })();
        external_restore(a, pfn)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestore2W(szCheckpointFilePath: JET_PWSTR, szLogPath: JET_PWSTR, rgrstmap: *mut JET_RSTMAP_W, crstfilemap: i32, szBackupLogPath: JET_PWSTR, pLogInfo: *mut JET_LOGINFO_W, szTargetInstanceName: JET_PWSTR, szTargetInstanceLogPath: JET_PWSTR, szTargetInstanceCheckpointPath: JET_PWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    guard::call(|| {
        let a = (|| {
            let (gen_low, gen_high, base_name) = loginfo_w(pLogInfo)?;
            let (target_name, target_logs, target_checkpoint) = (args::str_w(szTargetInstanceName)?, args::str_w(szTargetInstanceLogPath)?, args::str_w(szTargetInstanceCheckpointPath)?);
            Ok(ExternalRestore {
                checkpoint: args::str_w(szCheckpointFilePath)?,
                logs: args::str_w(szLogPath)?,
                map: rstmap_w(rgrstmap, crstfilemap)?,
                backup_logs: args::str_w(szBackupLogPath)?,
                gen_low,
                gen_high,
                base_name,
                target_name,
                target_logs,
                target_checkpoint,
            })
        })();
        external_restore(a, pfn)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestoreA(szCheckpointFilePath: JET_PSTR, szLogPath: JET_PSTR, rgrstmap: *mut JET_RSTMAP_A, crstfilemap: i32, szBackupLogPath: JET_PSTR, genLow: i32, genHigh: i32, pfn: JET_PFNSTATUS) -> JET_ERR {
    guard::call(|| {
        let a = (|| {
            let (gen_low, gen_high, base_name) = (genLow, genHigh, "edb".to_string());
            let (target_name, target_logs, target_checkpoint) = (None, None, None);
            Ok(ExternalRestore {
                checkpoint: args::str_a(szCheckpointFilePath)?,
                logs: args::str_a(szLogPath)?,
                map: rstmap_a(rgrstmap, crstfilemap)?,
                backup_logs: args::str_a(szBackupLogPath)?,
                gen_low,
                gen_high,
                base_name,
                target_name,
                target_logs,
                target_checkpoint,
            })
        })();
        external_restore(a, pfn)
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetExternalRestoreW(szCheckpointFilePath: JET_PWSTR, szLogPath: JET_PWSTR, rgrstmap: *mut JET_RSTMAP_W, crstfilemap: i32, szBackupLogPath: JET_PWSTR, genLow: i32, genHigh: i32, pfn: JET_PFNSTATUS) -> JET_ERR {
    guard::call(|| {
        let a = (|| {
            let (gen_low, gen_high, base_name) = (genLow, genHigh, "edb".to_string());
            let (target_name, target_logs, target_checkpoint) = (None, None, None);
            Ok(ExternalRestore {
                checkpoint: args::str_w(szCheckpointFilePath)?,
                logs: args::str_w(szLogPath)?,
                map: rstmap_w(rgrstmap, crstfilemap)?,
                backup_logs: args::str_w(szBackupLogPath)?,
                gen_low,
                gen_high,
                base_name,
                target_name,
                target_logs,
                target_checkpoint,
            })
        })();
        external_restore(a, pfn)
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfo(szzDatabases: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    JetGetAttachInfoA(szzDatabases, cbMax, pcbActual)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfoA(szzDatabases: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| attach_info(i, szzDatabases as *mut c_void, cbMax, pcbActual, false))
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
    guard::instance(instance, Enter::Running, |i| attach_info(i, szzDatabases as *mut c_void, cbMax, pcbActual, false))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfoInstanceW(instance: JET_INSTANCE, szzDatabases: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| attach_info(i, szzDatabases as *mut c_void, cbMax, pcbActual, true))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetAttachInfoW(wszzDatabases: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| attach_info(i, wszzDatabases as *mut c_void, cbMax, pcbActual, true))
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfo(szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    JetGetLogInfoA(szzLogs, cbMax, pcbActual)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoA(szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| log_info(i, szzLogs as *mut c_void, cbMax, pcbActual, None, false))
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
    let info = (!pLogInfo.is_null()).then_some(LogInfoOut::A(pLogInfo));
    guard::instance(instance, Enter::Running, |i| log_info(i, szzLogs as *mut c_void, cbMax, pcbActual, info, false))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstance2W(instance: JET_INSTANCE, wszzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32, pLogInfo: *mut JET_LOGINFO_W) -> JET_ERR {
    let info = (!pLogInfo.is_null()).then_some(LogInfoOut::W(pLogInfo));
    guard::instance(instance, Enter::Running, |i| log_info(i, wszzLogs as *mut c_void, cbMax, pcbActual, info, true))
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstanceA(instance: JET_INSTANCE, szzLogs: JET_PSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| log_info(i, szzLogs as *mut c_void, cbMax, pcbActual, None, false))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoInstanceW(instance: JET_INSTANCE, wszzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| log_info(i, wszzLogs as *mut c_void, cbMax, pcbActual, None, true))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetLogInfoW(szzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| log_info(i, szzLogs as *mut c_void, cbMax, pcbActual, None, true))
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
    guard::instance(instance, Enter::Running, |i| truncate_log_info(i, szzLogs as *mut c_void, cbMax, pcbActual, false))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetTruncateLogInfoInstanceW(instance: JET_INSTANCE, wszzLogs: JET_PWSTR, cbMax: u32, pcbActual: *mut u32) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| truncate_log_info(i, wszzLogs as *mut c_void, cbMax, pcbActual, true))
}

#[cfg(not(jet_version_below_0502))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotAbort(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    guard::call(|| {
        if grbit != 0 {
            return Err(JetError::InvalidGrbit);
        }
        on_snapshot(snapId, |s| snapshot::end(s, JET_bitAbortSnapshot))
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotEnd(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    guard::call(|| {
        if grbit & !JET_bitAbortSnapshot != 0 {
            return Err(JetError::InvalidGrbit);
        }
        on_snapshot(snapId, |s| snapshot::end(s, grbit))
    })
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotFreeze(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A, grbit: JET_GRBIT) -> JET_ERR {
    JetOSSnapshotFreezeA(snapId, pcInstanceInfo, paInstanceInfo, grbit)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotFreezeA(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A, grbit: JET_GRBIT) -> JET_ERR {
    snapshot_freeze(snapId, pcInstanceInfo, paInstanceInfo as *mut *mut c_void, grbit, false)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotFreezeW(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W, grbit: JET_GRBIT) -> JET_ERR {
    snapshot_freeze(snapId, pcInstanceInfo, paInstanceInfo as *mut *mut c_void, grbit, true)
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
    snapshot_info(snapId, pcInstanceInfo, paInstanceInfo as *mut *mut c_void, grbit, false)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotGetFreezeInfoW(snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W, grbit: JET_GRBIT) -> JET_ERR {
    snapshot_info(snapId, pcInstanceInfo, paInstanceInfo as *mut *mut c_void, grbit, true)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotPrepare(psnapId: *mut JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    guard::call(|| {
        let s = snapshot::prepare(grbit)?;
        let out = args::out(psnapId)?;
        let id = handles::SNAPSHOTS.insert(s).ok_or(JetError::OutOfMemory)?;
        out.write(id);
        Ok(())
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotPrepareInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    if grbit != 0 {
        return JET_errInvalidGrbit;
    }
    guard::instance(instance, Enter::Running, |i| on_snapshot(snapId, |s| snapshot::prepare_instance(s, i, grbit)))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotThaw(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    guard::call(|| on_snapshot(snapId, |s| snapshot::thaw(s, grbit)))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotTruncateLog(snapId: JET_OSSNAPID, grbit: JET_GRBIT) -> JET_ERR {
    guard::call(|| on_snapshot(snapId, |s| snapshot::truncate_log(s, None, grbit)))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOSSnapshotTruncateLogInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    if grbit & !JET_bitAllDatabasesSnapshot != 0 {
        return JET_errInvalidGrbit;
    }
    guard::instance(instance, Enter::Running, |i| on_snapshot(snapId, |s| snapshot::truncate_log(s, Some(i), grbit)))
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFile(szFileName: JET_PCSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    JetOpenFileA(szFileName, phfFile, pulFileSizeLow, pulFileSizeHigh)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFileA(szFileName: JET_PCSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| open_file(i, name_a(szFileName), phfFile, pulFileSizeLow, pulFileSizeHigh))
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
    guard::instance(instance, Enter::Running, |i| open_file(i, name_a(szFileName), phfFile, pulFileSizeLow, pulFileSizeHigh))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFileInstanceW(instance: JET_INSTANCE, szFileName: JET_PCWSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| open_file(i, name_w(szFileName), phfFile, pulFileSizeLow, pulFileSizeHigh))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenFileW(szFileName: JET_PCWSTR, phfFile: *mut JET_HANDLE, pulFileSizeLow: *mut u32, pulFileSizeHigh: *mut u32) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| open_file(i, name_w(szFileName), phfFile, pulFileSizeLow, pulFileSizeHigh))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetReadFile(hfFile: JET_HANDLE, pv: *mut c_void, cb: u32, pcbActual: *mut u32) -> JET_ERR {
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, |i| read_file(i, hfFile, pv, cb, pcbActual))
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetReadFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE, pv: *mut c_void, cb: u32, pcbActual: *mut u32) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| read_file(i, hfFile, pv, cb, pcbActual))
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
    guard::call(|| legacy_restore(args::str_a(sz), args::str_a(szDest), pfn))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRestore2W(sz: JET_PCWSTR, szDest: JET_PCWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    guard::call(|| legacy_restore(args::str_w(sz), args::str_w(szDest), pfn))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetRestoreA(szSource: JET_PCSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    guard::call(|| legacy_restore(args::str_a(szSource), Ok(None), pfn))
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
    instance_restore(instance, args::str_a(sz), args::str_a(szDest), pfn)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRestoreInstanceW(instance: JET_INSTANCE, sz: JET_PCWSTR, szDest: JET_PCWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    instance_restore(instance, args::str_w(sz), args::str_w(szDest), pfn)
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetRestoreW(szSource: JET_PCWSTR, pfn: JET_PFNSTATUS) -> JET_ERR {
    guard::call(|| legacy_restore(args::str_w(szSource), Ok(None), pfn))
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
    guard::legacy(Some(Enter::Running), JetError::NotInitialized, stream::truncate_log)
}

#[cfg(not(jet_version_below_0501))]
#[unsafe(no_mangle)]
pub extern "C" fn JetTruncateLogInstance(instance: JET_INSTANCE) -> JET_ERR {
    guard::instance(instance, Enter::Running, stream::truncate_log)
}

