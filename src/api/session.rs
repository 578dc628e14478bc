//! The session functions of the Jet API.

use crate::abi::*;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};
use std::sync::Arc;

use crate::error::{JetError, JetResult};
use crate::isam::{Enter, Instance, Session};

use super::args;
use super::guard::{self, Ses};
use super::handles::{self, SESSIONS};

/// Begin a session on an entered instance and give it a handle.
fn begin_session(inst: &Arc<Instance>, psesid: *mut JET_SESID) -> JetResult<()> {
    let out = args::out(psesid)?;
    let s = Session::begin(inst)?;
    match SESSIONS.insert(s.clone()) {
        Some(h) => {
            out.write(h);
            Ok(())
        }
        None => {
            let _ = s.end(0);
            Err(JetError::OutOfSessions)
        }
    }
}

/// cbindgen:ignore
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginSession(instance: JET_INSTANCE, psesid: *mut JET_SESID, szUserName: JET_PCSTR, szPassword: JET_PCSTR) -> JET_ERR {
    JetBeginSessionA(instance, psesid, szUserName, szPassword)
}

#[unsafe(no_mangle)]
pub extern "C" fn JetBeginSessionA(instance: JET_INSTANCE, psesid: *mut JET_SESID, szUserName: JET_PCSTR, szPassword: JET_PCSTR) -> JET_ERR {
    // the user name and password are accepted and ignored, as in ESENT
    let _ = (szUserName, szPassword);
    guard::instance(instance, Enter::Running, |i| begin_session(i, psesid))
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetBeginSessionW(instance: JET_INSTANCE, psesid: *mut JET_SESID, szUserName: JET_PCWSTR, szPassword: JET_PCWSTR) -> JET_ERR {
    guard::instance(instance, Enter::Running, |i| {
        // ESENT converts them (and fails on text that does not convert), then ignores them
        args::str_w(szUserName)?;
        args::str_w(szPassword)?;
        begin_session(i, psesid)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetDupSession(sesid: JET_SESID, psesid: *mut JET_SESID) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| begin_session(s.instance(), psesid))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetEndSession(sesid: JET_SESID, grbit: JET_GRBIT) -> JET_ERR {
    // still allowed after JetStopService
    let r = guard::session(sesid, Ses::End, |s| {
        s.end(grbit)?;
        SESSIONS.remove(sesid);
        Ok(())
    });
    // the session's tables went with it
    handles::sweep();
    r
}

#[unsafe(no_mangle)]
pub extern "C" fn JetGetLS(sesid: JET_SESID, tableid: JET_TABLEID, pls: *mut JET_LS, grbit: JET_GRBIT) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |_s, t| {
        let out = args::out(pls)?;
        out.write(t.local_storage(grbit & JET_bitLSReset != 0)?);
        Ok(())
    })
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetGetSessionParameter(sesid: JET_SESID, sesparamid: u32, pvParam: *mut c_void, cbParamMax: u32, pcbParamActual: *mut u32) -> JET_ERR {
    // ESE enters the instance only, so that a monitoring thread may read a
    // session another thread is using
    let s = match guard::session_arg(sesid) {
        Ok(s) => s,
        Err(e) => return e.code(),
    };
    guard::entered(s.instance(), Enter::Running, || {
        if pvParam.is_null() && pcbParamActual.is_null() {
            return Err(JetError::InvalidParameter);
        }
        let (value, exact) = s.get_parameter(sesparamid)?;
        if let Some(o) = args::opt_out(pcbParamActual) {
            o.write(value.len() as u32);
        }
        if !pvParam.is_null() {
            let fits = if exact { cbParamMax as usize == value.len() } else { cbParamMax as usize >= value.len() };
            if !fits {
                return Err(JetError::InvalidBufferSize);
            }
            args::write_bytes(pvParam, cbParamMax, &value);
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetResetSessionContext(sesid: JET_SESID) -> JET_ERR {
    // still allowed after JetStopService
    guard::session(sesid, Ses::IgnoreStop, |s| s.reset_context())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetLS(sesid: JET_SESID, tableid: JET_TABLEID, ls: JET_LS, grbit: JET_GRBIT) -> JET_ERR {
    guard::table(sesid, tableid, Ses::Normal, |_s, t| t.set_local_storage(ls, grbit & JET_bitLSReset != 0))
}

#[unsafe(no_mangle)]
pub extern "C" fn JetSetSessionContext(sesid: JET_SESID, ulContext: JET_API_PTR) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| s.set_context(ulContext))
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetSetSessionParameter(sesid: JET_SESID, sesparamid: u32, pvParam: *mut c_void, cbParam: u32) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| s.set_parameter(sesparamid, args::opt_bytes(pvParam, cbParam), cbParam))
}
