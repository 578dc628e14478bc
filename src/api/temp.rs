//! The temp functions of the Jet API.

use crate::abi::*;
use super::guard::{self, Ses, not_yet};
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTempTable(sesid: JET_SESID, prgcolumndef: *const JET_COLUMNDEF, ccolumn: u32, grbit: JET_GRBIT, ptableid: *mut JET_TABLEID, prgcolumnid: *mut JET_COLUMNID) -> JET_ERR {
    let _ = (prgcolumndef, ccolumn, grbit, ptableid, prgcolumnid);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTempTable2(sesid: JET_SESID, prgcolumndef: *const JET_COLUMNDEF, ccolumn: u32, lcid: u32, grbit: JET_GRBIT, ptableid: *mut JET_TABLEID, prgcolumnid: *mut JET_COLUMNID) -> JET_ERR {
    let _ = (prgcolumndef, ccolumn, lcid, grbit, ptableid, prgcolumnid);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTempTable3(sesid: JET_SESID, prgcolumndef: *const JET_COLUMNDEF, ccolumn: u32, pidxunicode: *mut JET_UNICODEINDEX, grbit: JET_GRBIT, ptableid: *mut JET_TABLEID, prgcolumnid: *mut JET_COLUMNID) -> JET_ERR {
    let _ = (prgcolumndef, ccolumn, pidxunicode, grbit, ptableid, prgcolumnid);
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTemporaryTable(sesid: JET_SESID, popentemporarytable: *mut JET_OPENTEMPORARYTABLE) -> JET_ERR {
    let _ = popentemporarytable;
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTemporaryTable2(sesid: JET_SESID, popentemporarytable: *mut JET_OPENTEMPORARYTABLE2) -> JET_ERR {
    let _ = popentemporarytable;
    guard::session(sesid, Ses::Normal, |_s| not_yet::<()>())
}

