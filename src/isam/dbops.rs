//! The database calls of a session: create, attach, open, close, detach.
//!
//! Owns: ESE's rules for these calls (which errors and warnings, when a
//! transaction forbids them, which names mean the same file).
//! Must never: touch files itself (the engine does).

use std::path::{Component, Path, PathBuf};

use crate::abi::*;
use crate::error::{JetError, JetResult};

use super::session::Session;

/// A file name as given by the caller, made absolute (relative names are
/// relative to the current directory, as on Windows) and normalized, so that
/// two spellings of one file compare equal.
pub fn full_path(name: &str) -> JetResult<PathBuf> {
    if name.is_empty() || name.contains('\0') {
        return Err(JetError::InvalidPath);
    }
    let p = Path::new(name);
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().map_err(|_| JetError::InvalidPath)?.join(p) };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    Ok(out)
}

/// What a successful attach reports.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum AttachOutcome {
    Attached,
    /// JET_wrnDatabaseAttached: it already was.
    AlreadyAttached,
}

const CREATE_GRBITS: JET_GRBIT = JET_bitDbOverwriteExisting
    | JET_bitDbRecoveryOff
    | JET_bitDbShadowingOff
    | JET_bitDbEnableBackgroundMaintenance;

const ATTACH_GRBITS: JET_GRBIT = JET_bitDbReadOnly
    | JET_bitDbExclusive
    | JET_bitDbDeleteCorruptIndexes
    | JET_bitDbDeleteUnicodeIndexes
    | JET_bitDbUpgrade
    | JET_bitDbEnableBackgroundMaintenance
    | JET_bitDbPurgeCacheOnAttach;

impl Session {
    fn not_in_transaction(&self) -> JetResult<()> {
        if self.transaction_level() > 0 { Err(JetError::InTransaction) } else { Ok(()) }
    }

    /// JetCreateDatabase(2): create, attach and open for this session.
    pub fn create_database(&self, name: &str, grbit: JET_GRBIT) -> JetResult<u32> {
        if grbit & !CREATE_GRBITS != 0 {
            return Err(JetError::InvalidGrbit);
        }
        self.not_in_transaction()?;
        let engine = self.instance().engine()?;
        let path = full_path(name)?;
        if engine.database_by_path(&path).is_some() {
            return Err(JetError::DatabaseDuplicate);
        }
        if engine.fs.exists(&path) {
            if grbit & JET_bitDbOverwriteExisting == 0 {
                return Err(JetError::DatabaseDuplicate);
            }
            engine.fs.remove(&path)?;
        }
        let db = engine.create_database(&path, grbit).map_err(|e| match e {
            JetError::FileAlreadyExists => JetError::DatabaseDuplicate,
            JetError::FileNotFound => JetError::InvalidPath,
            e => e,
        })?;
        db.open_by(self.serial());
        Ok(db.dbid)
    }

    /// JetAttachDatabase(2).
    pub fn attach_database(&self, name: &str, grbit: JET_GRBIT) -> JetResult<AttachOutcome> {
        if grbit & !ATTACH_GRBITS != 0 {
            return Err(JetError::InvalidGrbit);
        }
        self.not_in_transaction()?;
        let engine = self.instance().engine()?;
        let path = full_path(name)?;
        if engine.database_by_path(&path).is_some() {
            return Ok(AttachOutcome::AlreadyAttached);
        }
        engine.attach_database(&path, grbit).map_err(|e| match e {
            JetError::FileNotFound => JetError::FileNotFound,
            e => e,
        })?;
        Ok(AttachOutcome::Attached)
    }

    /// JetOpenDatabase: the dbid of an attached database, opened by this session.
    pub fn open_database(&self, name: &str, grbit: JET_GRBIT) -> JetResult<u32> {
        if grbit & !(JET_bitDbReadOnly | JET_bitDbExclusive) != 0 {
            return Err(JetError::InvalidGrbit);
        }
        let engine = self.instance().engine()?;
        let path = full_path(name)?;
        let db = engine.database_by_path(&path).ok_or(JetError::DatabaseNotFound)?;
        db.open_by(self.serial());
        Ok(db.dbid)
    }

    /// JetCloseDatabase.
    pub fn close_database(&self, dbid: u32, grbit: JET_GRBIT) -> JetResult<()> {
        let _ = grbit; // reserved
        let engine = self.instance().engine()?;
        let db = engine.database(dbid)?;
        if !db.close_by(self.serial()) {
            return Err(JetError::InvalidDatabaseId);
        }
        Ok(())
    }

    /// JetDetachDatabase(2): one database, or all of them when `name` is None.
    pub fn detach_database(&self, name: Option<&str>, grbit: JET_GRBIT) -> JetResult<()> {
        if grbit & !JET_bitForceDetach != 0 {
            return Err(JetError::InvalidGrbit);
        }
        self.not_in_transaction()?;
        let engine = self.instance().engine()?;
        let dbs = match name {
            None | Some("") => engine.databases(),
            Some(n) => {
                let path = full_path(n)?;
                vec![engine.database_by_path(&path).ok_or(JetError::DatabaseNotFound)?]
            }
        };
        for db in &dbs {
            if db.is_open() && grbit & JET_bitForceDetach == 0 {
                return Err(JetError::DatabaseInUse);
            }
        }
        for db in dbs {
            engine.detach(&db)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_paths_normalize() {
        assert_eq!(full_path("/a/./b/../c.edb").unwrap(), PathBuf::from("/a/c.edb"));
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(full_path("x.edb").unwrap(), cwd.join("x.edb"));
        assert_eq!(full_path(""), Err(JetError::InvalidPath));
    }
}
