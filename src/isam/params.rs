//! System parameters (JET_param*): their definitions, storage and the rules
//! for setting and reading them.
//!
//! Owns: the parameter table (`param_table.rs`, one row per id with ESENT's
//! type, scope, range and defaults), `ParamSet` (the values of one scope: the
//! process-wide set, or one instance's copy taken when it is created) and the
//! generic set/get rules (range checks, "may not change after init", boolean
//! normalisation, block sizes, path completion).
//! Must never: choose which scope a call addresses (`system` does, following
//! ESE's single/multi-instance rules) or know about C strings and pointers.
//!
//! Parameters whose value is computed or has side effects (JET_paramConfiguration,
//! JET_paramTransactionLevel, JET_paramKeyMost, ...) are `ParamKind::Custom`;
//! `system` handles them before falling back to the generic rules here.

use crate::error::{JetError, JetResult};

use super::param_table::TABLE;

/// Parameter ids run from 0 to this value (JET_paramMaxValueInvalid), exclusive.
pub const PARAM_ID_LIMIT: u32 = 221;

/// How a parameter's value is typed (ESE's CJetParam types).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ParamType {
    /// Any value; stored as 0 or 1.
    Boolean,
    /// A set of bits, range checked as an integer.
    Grbit,
    /// An integer, range checked.
    Integer,
    /// A string whose length (in UTF-16 units) is range checked.
    String,
    /// A pointer-sized value (callbacks, contexts); stored as given.
    Pointer,
    /// A directory: made absolute and given a trailing '/'.
    Folder,
    /// A file path: made absolute unless it is a bare file name.
    Path,
    /// A power of two within the range.
    BlockSize,
    /// A value with its own get/set rules.
    UserDefined,
}

/// Whether a parameter is used, ignored, read-only or handled specially.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// Stored and used by the engine.
    Normal,
    /// Stored and readable, but nothing in the engine looks at it (as in ESENT).
    Ignored,
    /// Readable only; setting it is JET_errInvalidParameter.
    ReadOnly,
    /// Computed or with side effects; see `system`.
    Custom,
}

/// A default value from the table.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Dflt {
    I(u64),
    S(&'static str),
}

/// Setting the parameter is silently ignored unless JET_paramEnableAdvanced is on.
pub const ADV: u8 = 1;
/// One value for the whole process, whatever instance the call names.
pub const GLOBAL: u8 = 2;
/// May not change once the process has an instance or is in multi-instance mode.
pub const FIXED_GLOBAL: u8 = 4;
/// May not change once the instance it is set on has been initialized.
pub const FIXED_INST: u8 = 8;

/// One row of the parameter table.
#[derive(Debug)]
pub struct ParamDef {
    pub id: u32,
    pub name: &'static str,
    /// Declared in the public esent.h.
    pub public: bool,
    pub ty: ParamType,
    pub flags: u8,
    /// Inclusive range of the value (of the length in UTF-16 units, for strings).
    pub low: u64,
    pub high: u64,
    /// Default of the legacy small configuration (JET_paramConfiguration 0).
    pub small: Dflt,
    /// Default a process starts with.
    pub default: Dflt,
    pub kind: ParamKind,
}

impl ParamDef {
    pub fn advanced(&self) -> bool {
        self.flags & ADV != 0
    }
    pub fn global(&self) -> bool {
        self.flags & GLOBAL != 0
    }
    pub fn fixed_after_global_init(&self) -> bool {
        self.flags & FIXED_GLOBAL != 0
    }
    pub fn fixed_after_instance_init(&self) -> bool {
        self.flags & FIXED_INST != 0
    }
    fn is_string(&self) -> bool {
        matches!(self.ty, ParamType::String | ParamType::Folder | ParamType::Path)
    }
    fn value_of(&self, d: Dflt) -> ParamValue {
        match d {
            Dflt::S(s) => ParamValue::Str(s.to_string()),
            Dflt::I(_) if self.is_string() => ParamValue::Str(String::new()),
            Dflt::I(v) => ParamValue::Int(v),
        }
    }
}

/// The definition of a parameter id, or None for ids ESENT does not define.
pub fn def(id: u32) -> Option<&'static ParamDef> {
    TABLE.binary_search_by_key(&id, |d| d.id).ok().map(|i| &TABLE[i])
}

/// Every defined parameter, in id order.
pub fn all() -> &'static [ParamDef] {
    &TABLE
}

/// A stored value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    Int(u64),
    Str(String),
}

/// The value a get returns: an integer for integer-like types, text for strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamOut {
    Int(u64),
    Str(String),
    /// The parameter exists but a read returns nothing (ESE's IgnoreGet).
    Nothing,
}

#[derive(Clone, Debug)]
struct Slot {
    value: ParamValue,
    written: bool,
}

/// The values of one scope: the process-wide set or one instance's copy.
#[derive(Clone, Debug)]
pub struct ParamSet {
    slots: Vec<Slot>,
    /// The configuration bits in effect (JET_config*), which may differ from the
    /// stored JET_paramConfiguration value for the legacy values 0 and 1.
    pub config: u32,
}

/// What a set may change, given where the engine is in its life.
#[derive(Copy, Clone, Debug, Default)]
pub struct SetScope {
    /// The process is in single- or multi-instance mode (has or had an instance).
    pub global_init_done: bool,
    /// The call names an instance that is initialized.
    pub instance_initialized: bool,
}

impl SetScope {
    fn may_write(&self, d: &ParamDef) -> JetResult<()> {
        if d.fixed_after_global_init() && self.global_init_done {
            return Err(JetError::AlreadyInitialized);
        }
        if d.fixed_after_instance_init() && self.instance_initialized {
            return Err(JetError::AlreadyInitialized);
        }
        Ok(())
    }
}

impl Default for ParamSet {
    fn default() -> Self {
        Self::new()
    }
}

impl ParamSet {
    /// Every parameter at its default.
    pub fn new() -> Self {
        let mut slots = vec![Slot { value: ParamValue::Int(0), written: false }; PARAM_ID_LIMIT as usize];
        for d in all() {
            slots[d.id as usize].value = d.value_of(d.default);
        }
        ParamSet { slots, config: crate::abi::JET_configDefault }
    }

    /// The integer value of a parameter (0 for strings).
    pub fn int(&self, id: u32) -> u64 {
        match self.slots.get(id as usize).map(|s| &s.value) {
            Some(ParamValue::Int(v)) => *v,
            _ => 0,
        }
    }

    /// The text of a string parameter ("" for integers).
    pub fn text(&self, id: u32) -> &str {
        match self.slots.get(id as usize).map(|s| &s.value) {
            Some(ParamValue::Str(s)) => s,
            _ => "",
        }
    }

    pub fn value(&self, id: u32) -> Option<&ParamValue> {
        self.slots.get(id as usize).map(|s| &s.value)
    }

    /// Whether the value was set explicitly (rather than being a default).
    pub fn written(&self, id: u32) -> bool {
        self.slots.get(id as usize).is_some_and(|s| s.written)
    }

    /// Store a value as an explicit setting, with no checks.
    pub fn store(&mut self, id: u32, value: ParamValue) {
        if let Some(s) = self.slots.get_mut(id as usize) {
            s.value = value;
            s.written = true;
        }
    }

    /// Put a parameter back to a default (written = false), unless the scope
    /// forbids changing it (as ESE's Reset, errors are ignored by callers).
    pub fn reset(&mut self, d: &ParamDef, scope: SetScope, value: ParamValue) -> JetResult<()> {
        scope.may_write(d)?;
        let s = &mut self.slots[d.id as usize];
        s.value = value;
        s.written = false;
        Ok(())
    }

    /// The generic set rules of ESE (ValidateSet and the per-type setters).
    /// `text` is the string argument (for string types), `lparam` the integer one.
    pub fn set(&mut self, d: &ParamDef, scope: SetScope, lparam: u64, text: Option<&str>) -> JetResult<()> {
        match d.kind {
            ParamKind::ReadOnly => return Err(JetError::InvalidParameter),
            ParamKind::Normal | ParamKind::Ignored | ParamKind::Custom => {}
        }
        let slot = &self.slots[d.id as usize];
        if d.is_string() {
            // a string is never "the same value" (ESE compares pointers)
            scope.may_write(d)?;
            let t = text.unwrap_or("");
            let value = match d.ty {
                ParamType::Folder | ParamType::Path => {
                    let t = text.ok_or(JetError::InvalidParameter)?;
                    check_len(d, t)?;
                    let cwd = std::env::current_dir().map_err(|_| JetError::InvalidPath)?;
                    let cwd = cwd.to_str().ok_or(JetError::InvalidPath)?.to_string();
                    let v = if d.ty == ParamType::Folder { complete_folder(t, &cwd)? } else { complete_file(t, &cwd)? };
                    check_len(d, &v)?;
                    v
                }
                _ => {
                    check_len(d, t)?;
                    t.to_string()
                }
            };
            self.store(d.id, ParamValue::Str(value));
            return Ok(());
        }
        if slot.value == ParamValue::Int(lparam) {
            // setting the current value is always allowed, even after init
            return Ok(());
        }
        scope.may_write(d)?;
        if lparam < d.low || lparam > d.high {
            return Err(JetError::InvalidParameter);
        }
        let v = match d.ty {
            ParamType::Boolean => (lparam != 0) as u64,
            ParamType::BlockSize if !lparam.is_power_of_two() => return Err(JetError::InvalidParameter),
            _ => lparam,
        };
        self.store(d.id, ParamValue::Int(v));
        Ok(())
    }

    /// The generic read: the stored value.
    pub fn get(&self, d: &ParamDef) -> ParamOut {
        match &self.slots[d.id as usize].value {
            ParamValue::Int(v) => ParamOut::Int(*v),
            ParamValue::Str(s) => ParamOut::Str(s.clone()),
        }
    }

    /// JET_paramConfiguration: record the configuration and reset every
    /// parameter of this scope to the defaults it implies.
    /// `storage_is_global` says whether this set is the process-wide one (global
    /// parameters are only reset there).
    pub fn set_configuration(&mut self, value: u64, scope: SetScope, storage_is_global: bool) -> JetResult<()> {
        use crate::abi::*;
        let d = def(JET_paramConfiguration).expect("configuration param");
        if scope.global_init_done && storage_is_global || scope.instance_initialized {
            return Err(JetError::AlreadyInitialized);
        }
        if value < d.low || value > d.high {
            return Err(JetError::InvalidParameter);
        }
        let value = value as u32;
        let (set, final_bits, stored) = match value {
            0 => {
                let bits = JET_configDefault | JET_configLowDiskFootprint | JET_configLowMemory | JET_configRemoveQuotas;
                (bits, bits, 0)
            }
            1 => (JET_configDefault, JET_configDefault, 1),
            v => {
                let base = if v & JET_configDefault != 0 { JET_configDefault } else { self.config };
                let f = base | (v & !JET_configDefault);
                (v, f, f)
            }
        };
        self.store(JET_paramConfiguration, ParamValue::Int(stored as u64));
        self.config = final_bits;
        let legacy_small = value == 0;
        let reset_scope = scope;
        let reset_all = |this: &mut ParamSet, pick_small: bool| {
            for p in all() {
                if p.id == JET_paramConfiguration || (p.global() && !storage_is_global) {
                    continue;
                }
                let dv = if pick_small { p.small } else { p.default };
                let _ = this.reset(p, reset_scope, p.value_of(dv));
            }
        };
        if set & JET_configDefault != 0 || legacy_small {
            reset_all(self, legacy_small);
        }
        if set & JET_configLowMemory != 0 && !legacy_small {
            for p in all() {
                if p.id == JET_paramConfiguration || (p.global() && !storage_is_global) || p.small == p.default {
                    continue;
                }
                let _ = self.reset(p, reset_scope, p.value_of(p.small));
            }
        }
        let apply = |this: &mut ParamSet, table: &[(u32, u64)]| {
            for &(id, v) in table {
                let p = def(id).expect("config override param");
                if p.global() && !storage_is_global {
                    continue;
                }
                let _ = this.reset(p, reset_scope, ParamValue::Int(v));
            }
        };
        if set & JET_configLowDiskFootprint != 0 && !legacy_small {
            apply(self, &[
                (JET_paramDbExtensionSize, 16),
                (JET_paramPageTempDBMin, 14),
                (JET_paramCircularLog, 1),
                (JET_paramLogFileSize, 64),
                (JET_paramCheckpointDepthMax, 512 * 1024),
            ]);
        }
        if set & JET_configMediumDiskFootprint != 0 {
            let page = self.int(JET_paramDatabasePageSize).max(1);
            apply(self, &[
                (JET_paramDbExtensionSize, 512 * 1024 / page),
                (JET_paramPageTempDBMin, 30),
                (JET_paramCircularLog, 1),
                (JET_paramLogFileSize, 512),
                (JET_paramCheckpointDepthMax, 4 * 1024 * 1024),
            ]);
        }
        if set & JET_configSSDProfileIO != 0 {
            apply(self, &[
                (JET_paramMaxCoalesceReadSize, 256 * 1024),
                (JET_paramMaxCoalesceWriteSize, 256 * 1024),
                (JET_paramMaxCoalesceWriteGapSize, 0),
                (JET_paramOutstandingIOMax, 16),
                (JET_paramPrereadIOMax, 5),
            ]);
        }
        if set & JET_configRunSilent != 0 {
            apply(self, &[
                (JET_paramNoInformationEvent, 1),
                (JET_paramEventLoggingLevel, JET_EventLoggingDisable as u64),
                (JET_paramDisablePerfmon, 1),
            ]);
        }
        Ok(())
    }
}

fn check_len(d: &ParamDef, s: &str) -> JetResult<()> {
    let n = s.encode_utf16().count() as u64;
    if n < d.low || n > d.high {
        return Err(JetError::InvalidParameter);
    }
    Ok(())
}

/// An absolute, lexically normalised form of `path` relative to `cwd`
/// (ESE completes paths with GetFullPathName; no symbolic links are followed).
pub fn complete_path(path: &str, cwd: &str) -> JetResult<String> {
    if path.is_empty() || path.contains('\0') {
        return Err(JetError::InvalidPath);
    }
    let joined = if path.starts_with('/') { path.to_string() } else { format!("{cwd}/{path}") };
    let mut parts: Vec<&str> = Vec::new();
    for c in joined.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    let mut out = String::from("/");
    out.push_str(&parts.join("/"));
    if path.ends_with('/') && !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

/// A directory parameter: absolute, with exactly one trailing '/'.
pub fn complete_folder(path: &str, cwd: &str) -> JetResult<String> {
    let mut p = complete_path(path, cwd)?;
    if !p.ends_with('/') {
        p.push('/');
    }
    Ok(p)
}

/// A file parameter: a bare file name stays as given, anything else is made absolute.
pub fn complete_file(path: &str, cwd: &str) -> JetResult<String> {
    if path.is_empty() {
        return Err(JetError::InvalidPath);
    }
    if !path.contains('/') {
        return Ok(path.to_string());
    }
    complete_path(path, cwd)
}

/// Largest key for a page size (JET_paramKeyMost).
pub fn key_most(page_size: u64) -> u64 {
    match page_size {
        2048 => 500,
        4096 => 1000,
        _ => 2000,
    }
}

/// Largest record, counting its overhead (JET_paramRecordSizeMost): the page
/// minus its header minus one tag.
pub fn record_size_most(page_size: u64) -> u64 {
    page_size - page_header_size(page_size) - 4
}

/// Largest long-value chunk (JET_paramLVChunkSizeMost).
pub fn lv_chunk_size_most(page_size: u64) -> u64 {
    match page_size {
        32768 => 8150,
        16384 => 4050,
        p => p - (42 + page_header_size(p)),
    }
}

fn page_header_size(page_size: u64) -> u64 {
    if page_size <= 8192 { 40 } else { 80 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::*;

    #[test]
    fn table_is_sorted_and_covers_every_public_param() {
        let mut last = None;
        for d in all() {
            assert!(d.id < PARAM_ID_LIMIT);
            if let Some(l) = last {
                assert!(d.id > l, "table out of order at {}", d.name);
            }
            last = Some(d.id);
        }
        for id in [
            JET_paramSystemPath, JET_paramTempPath, JET_paramLogFilePath, JET_paramBaseName, JET_paramMaxSessions,
            JET_paramDatabasePageSize, JET_paramEnableFileCache, JET_paramMaxInstances, JET_paramConfiguration,
            JET_paramEnableBlockCacheDetach, JET_paramCommitDefault,
        ] {
            assert!(def(id).is_some_and(|d| d.public), "param {id}");
        }
        assert!(def(185).is_none());
        assert!(def(PARAM_ID_LIMIT).is_none());
        let public = all().iter().filter(|d| d.public).count();
        assert_eq!(public, 126);
    }

    #[test]
    fn defaults_match_esent() {
        let s = ParamSet::new();
        assert_eq!(s.text(JET_paramSystemPath), "./");
        assert_eq!(s.text(JET_paramLogFilePath), "./");
        assert_eq!(s.text(JET_paramTempPath), "tmp.edb");
        assert_eq!(s.text(JET_paramBaseName), "edb");
        assert_eq!(s.text(JET_paramRecovery), "on");
        assert_eq!(s.int(JET_paramMaxSessions), 16);
        assert_eq!(s.int(JET_paramLogFileSize), 5120);
        assert_eq!(s.int(JET_paramMaxInstances), 16);
        assert_eq!(s.int(JET_paramDatabasePageSize), 4096);
        assert_eq!(s.int(JET_paramCacheSizeMax), 2_000_000_000);
        assert_eq!(s.int(JET_paramEnableOnlineDefrag), 0xffff);
        assert_eq!(s.int(JET_paramLegacyFileNames), 3);
        assert_eq!(s.int(JET_paramEnableFileCache), 0);
        assert_eq!(s.int(JET_paramEnableAdvanced), 1);
        assert_eq!(s.int(JET_paramMaxColtyp), 19);
        assert_eq!(s.int(JET_paramConfiguration), 1);
        assert!(!s.written(JET_paramMaxSessions));
    }

    #[test]
    fn set_checks_range_bool_and_blocksize() {
        let mut s = ParamSet::new();
        let sc = SetScope::default();
        let d = def(JET_paramLogFileSize).unwrap();
        assert_eq!(s.set(d, sc, 63, None), Err(JetError::InvalidParameter));
        assert_eq!(s.set(d, sc, 32769, None), Err(JetError::InvalidParameter));
        s.set(d, sc, 64, None).unwrap();
        assert_eq!(s.int(JET_paramLogFileSize), 64);
        assert!(s.written(JET_paramLogFileSize));
        let b = def(JET_paramCircularLog).unwrap();
        s.set(b, sc, 77, None).unwrap();
        assert_eq!(s.int(JET_paramCircularLog), 1);
        let ps = def(JET_paramDatabasePageSize).unwrap();
        assert_eq!(s.set(ps, sc, 6000, None), Err(JetError::InvalidParameter));
        assert_eq!(s.set(ps, sc, 2048, None), Err(JetError::InvalidParameter));
        s.set(ps, sc, 8192, None).unwrap();
        assert_eq!(s.int(JET_paramDatabasePageSize), 8192);
        let ro = def(JET_paramMaxColtyp).unwrap();
        assert_eq!(s.set(ro, sc, 19, None), Err(JetError::InvalidParameter));
    }

    #[test]
    fn fixed_params_after_init() {
        let mut s = ParamSet::new();
        let after_global = SetScope { global_init_done: true, instance_initialized: false };
        let after_inst = SetScope { global_init_done: true, instance_initialized: true };
        let ps = def(JET_paramDatabasePageSize).unwrap();
        assert_eq!(s.set(ps, after_global, 8192, None), Err(JetError::AlreadyInitialized));
        // the current value may always be "set"
        s.set(ps, after_global, 4096, None).unwrap();
        let lf = def(JET_paramLogFileSize).unwrap();
        s.set(lf, after_global, 128, None).unwrap();
        assert_eq!(s.set(lf, after_inst, 256, None), Err(JetError::AlreadyInitialized));
        let base = def(JET_paramBaseName).unwrap();
        assert_eq!(s.set(base, after_inst, 0, Some("abc")), Err(JetError::AlreadyInitialized));
        // not fixed: may change at any time
        let ext = def(JET_paramDbExtensionSize).unwrap();
        s.set(ext, after_inst, 32, None).unwrap();
    }

    #[test]
    fn strings_are_length_checked() {
        let mut s = ParamSet::new();
        let sc = SetScope::default();
        let base = def(JET_paramBaseName).unwrap();
        assert_eq!(s.set(base, sc, 0, Some("ab")), Err(JetError::InvalidParameter));
        assert_eq!(s.set(base, sc, 0, Some("abcd")), Err(JetError::InvalidParameter));
        assert_eq!(s.set(base, sc, 0, None), Err(JetError::InvalidParameter));
        s.set(base, sc, 0, Some("xyz")).unwrap();
        assert_eq!(s.text(JET_paramBaseName), "xyz");
        let src = def(JET_paramEventSource).unwrap();
        s.set(src, sc, 0, None).unwrap();
        assert_eq!(s.text(JET_paramEventSource), "");
    }

    #[test]
    fn paths_are_completed() {
        assert_eq!(complete_folder("logs", "/home/u").unwrap(), "/home/u/logs/");
        assert_eq!(complete_folder("logs/", "/home/u").unwrap(), "/home/u/logs/");
        assert_eq!(complete_folder("./a/../b//c", "/w").unwrap(), "/w/b/c/");
        assert_eq!(complete_folder("/abs/dir", "/w").unwrap(), "/abs/dir/");
        assert_eq!(complete_folder(".", "/w").unwrap(), "/w/");
        assert_eq!(complete_folder("/", "/w").unwrap(), "/");
        assert_eq!(complete_folder("", "/w"), Err(JetError::InvalidPath));
        assert_eq!(complete_file("tmp.edb", "/w").unwrap(), "tmp.edb");
        assert_eq!(complete_file("t/tmp.edb", "/w").unwrap(), "/w/t/tmp.edb");
        assert_eq!(complete_file("t/", "/w").unwrap(), "/w/t/");
    }

    #[test]
    fn configuration_resets_to_small_and_back() {
        let mut s = ParamSet::new();
        let sc = SetScope::default();
        s.set_configuration(0, sc, true).unwrap();
        assert_eq!(s.int(JET_paramConfiguration), 0);
        assert_eq!(s.int(JET_paramLogFileSize), 64);
        assert_eq!(s.int(JET_paramMaxSessions), 30000);
        s.set_configuration(1, sc, true).unwrap();
        assert_eq!(s.int(JET_paramConfiguration), 1);
        assert_eq!(s.int(JET_paramLogFileSize), 5120);
        assert_eq!(s.set_configuration(0x800, sc, true), Err(JetError::InvalidParameter));
        let done = SetScope { global_init_done: true, instance_initialized: false };
        assert_eq!(s.set_configuration(1, done, true), Err(JetError::AlreadyInitialized));
        // an instance's own set may still be configured before its init
        s.set_configuration((JET_configDefault | JET_configLowDiskFootprint) as u64, done, false).unwrap();
        assert_eq!(s.int(JET_paramCircularLog), 1);
    }

    #[test]
    fn derived_sizes() {
        assert_eq!(key_most(4096), 1000);
        assert_eq!(key_most(8192), 2000);
        assert_eq!(record_size_most(4096), 4052);
        assert_eq!(lv_chunk_size_most(4096), 4014);
        assert_eq!(lv_chunk_size_most(32768), 8150);
    }
}
