//! The temp functions of the Jet API: JetOpenTempTable, 2, 3,
//! JetOpenTemporaryTable, JetOpenTemporaryTable2.
//!
//! Each converts its arguments to an `isam::temp::TempTableSpec`, opens the
//! table and registers the cursor with the session (JetCloseTable deletes it).

use crate::abi::*;
use super::args;
use super::guard::{self, Ses};
use super::handles;
use crate::catalog::UnicodeIndex;
use crate::error::{JetError, JetResult};
use crate::isam::temp::{TempColumn, TempTableSpec};
use crate::isam::{Cursor, Session};
use std::sync::Arc;
#[allow(unused_imports)]
use core::ffi::{c_char, c_void};

#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTempTable(sesid: JET_SESID, prgcolumndef: *const JET_COLUMNDEF, ccolumn: u32, grbit: JET_GRBIT, ptableid: *mut JET_TABLEID, prgcolumnid: *mut JET_COLUMNID) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let out = args::out(ptableid)?;
        out.write(open(s, prgcolumndef, ccolumn, None, grbit, 0, 0, prgcolumnid)?);
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTempTable2(sesid: JET_SESID, prgcolumndef: *const JET_COLUMNDEF, ccolumn: u32, lcid: u32, grbit: JET_GRBIT, ptableid: *mut JET_TABLEID, prgcolumnid: *mut JET_COLUMNID) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        // the locale of the LCID with the instance's default LCMapString flags
        let out = args::out(ptableid)?;
        let u = UnicodeIndex { locale_name: locale_of(lcid)?, lcmap_flags: 0 };
        out.write(open(s, prgcolumndef, ccolumn, Some(u), grbit, 0, 0, prgcolumnid)?);
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTempTable3(sesid: JET_SESID, prgcolumndef: *const JET_COLUMNDEF, ccolumn: u32, pidxunicode: *mut JET_UNICODEINDEX, grbit: JET_GRBIT, ptableid: *mut JET_TABLEID, prgcolumnid: *mut JET_COLUMNID) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let out = args::out(ptableid)?;
        let u = unicode_index(pidxunicode)?;
        out.write(open(s, prgcolumndef, ccolumn, u, grbit, 0, 0, prgcolumnid)?);
        Ok(())
    })
}

#[cfg(not(jet_version_below_0600))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTemporaryTable(sesid: JET_SESID, popentemporarytable: *mut JET_OPENTEMPORARYTABLE) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let tt = args::read(popentemporarytable)?;
        if tt.cbStruct as usize != std::mem::size_of::<JET_OPENTEMPORARYTABLE>() {
            return Err(JetError::InvalidParameter);
        }
        let u = unicode_index(tt.pidxunicode)?;
        let mut out = tt;
        out.tableid = open(s, tt.prgcolumndef, tt.ccolumn, u, tt.grbit, tt.cbKeyMost, tt.cbVarSegMac, tt.prgcolumnid)?;
        args::out(popentemporarytable)?.write(out);
        Ok(())
    })
}

#[cfg(not(jet_version_below_0602))]
#[unsafe(no_mangle)]
pub extern "C" fn JetOpenTemporaryTable2(sesid: JET_SESID, popentemporarytable: *mut JET_OPENTEMPORARYTABLE2) -> JET_ERR {
    guard::session(sesid, Ses::Normal, |s| {
        let tt = args::read(popentemporarytable)?;
        if tt.cbStruct as usize != std::mem::size_of::<JET_OPENTEMPORARYTABLE2>() {
            return Err(JetError::InvalidParameter);
        }
        let u = match args::opt_read(tt.pidxunicode) {
            None => None,
            Some(u) => {
                let name = args::str_w(u.szLocaleName)?.ok_or(JetError::InvalidParameter)?;
                crate::catalog::validate::check_locale_name(&name)?;
                Some(UnicodeIndex { locale_name: name, lcmap_flags: u.dwMapFlags })
            }
        };
        let mut out = tt;
        out.tableid = open(s, tt.prgcolumndef, tt.ccolumn, u, tt.grbit, tt.cbKeyMost, tt.cbVarSegMac, tt.prgcolumnid)?;
        args::out(popentemporarytable)?.write(out);
        Ok(())
    })
}

/// The locale name of an LCID (0: the default locale).
fn locale_of(lcid: u32) -> JetResult<String> {
    if lcid == 0 {
        return Ok(crate::catalog::locale::DEFAULT_LOCALE_NAME.to_string());
    }
    crate::catalog::locale::name_from_lcid(lcid).map(str::to_string).ok_or(JetError::InvalidLanguageId)
}

fn unicode_index(p: *const JET_UNICODEINDEX) -> JetResult<Option<UnicodeIndex>> {
    match args::opt_read(p) {
        None => Ok(None),
        Some(u) => Ok(Some(UnicodeIndex { locale_name: locale_of(u.lcid)?, lcmap_flags: u.dwMapFlags })),
    }
}

#[allow(clippy::too_many_arguments)]
fn open(
    s: &Arc<Session>,
    prgcolumndef: *const JET_COLUMNDEF,
    ccolumn: u32,
    unicode: Option<UnicodeIndex>,
    grbit: JET_GRBIT,
    cb_key_most: u32,
    cb_var_seg_mac: u32,
    prgcolumnid: *mut JET_COLUMNID,
) -> JetResult<JET_TABLEID> {
    let defs = args::slice(prgcolumndef, ccolumn)?;
    let ids = args::slice_mut(prgcolumnid, ccolumn)?;
    let spec = TempTableSpec {
        columns: defs.iter().map(|d| TempColumn { coltyp: d.coltyp, cb_max: d.cbMax, cp: d.cp, grbit: d.grbit }).collect(),
        grbit,
        unicode,
        cb_key_most,
        cb_var_seg_mac,
    };
    let (cursor, columnids) = s.open_temp_table(&spec)?;
    let h = register(s, cursor)?;
    ids.copy_from_slice(&columnids);
    Ok(h)
}

/// Registers a cursor the engine opened for this session; its handle.
pub(crate) fn register(s: &Arc<Session>, t: crate::isam::table::TableCursor) -> JetResult<JET_TABLEID> {
    let c = Arc::new(Cursor::on_table(s.serial(), t));
    let h = handles::TABLES.insert(c.clone()).ok_or(JetError::OutOfCursors)?;
    s.add_cursor(c);
    Ok(h)
}
