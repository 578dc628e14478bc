//! ESE's file names for a log set, and what a directory listing holds.

use super::LogConfig;
use crate::error::JetResult;
use crate::os::FileSystem;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Reserve logs are `<base>res00001.jrs`, `<base>res00002.jrs`, ...
pub(crate) const RESERVE_EXT: &str = ".jrs";

impl LogConfig {
    /// `.log` with JET_bitESE98FileNames (ESENT's default), `.jtx` without.
    pub fn log_ext(&self) -> &'static str {
        if self.ese98_file_names { ".log" } else { ".jtx" }
    }

    /// `.chk` with JET_bitESE98FileNames, `.jcp` without.
    pub fn checkpoint_ext(&self) -> &'static str {
        if self.ese98_file_names { ".chk" } else { ".jcp" }
    }

    /// `<base>.log`: the generation being written.
    pub fn current_path(&self) -> PathBuf {
        self.log_dir.join(format!("{}{}", self.base_name, self.log_ext()))
    }

    /// `<base>tmp.log`: the next generation while it is being prepared.
    pub fn tmp_path(&self) -> PathBuf {
        self.log_dir.join(format!("{}tmp{}", self.base_name, self.log_ext()))
    }

    /// The name a finished generation gets: `<base>` + 5 hex digits while the
    /// generation fits and 8.3 names are kept (JET_bitEightDotThreeSoftCompat),
    /// else 8 hex digits.
    pub fn generation_name(&self, generation: u32) -> String {
        if self.eight_dot_three && generation <= 0xF_FFFF {
            format!("{}{:05X}{}", self.base_name, generation, self.log_ext())
        } else {
            format!("{}{:08X}{}", self.base_name, generation, self.log_ext())
        }
    }

    /// `<base>resNNNNN.jrs` (n from 1).
    pub fn reserve_path(&self, n: u32) -> PathBuf {
        self.log_dir.join(format!("{}res{:05X}{}", self.base_name, n, RESERVE_EXT))
    }

    /// `<base>.chk` in the checkpoint (system) directory.
    pub fn checkpoint_path(&self) -> PathBuf {
        self.checkpoint_dir.join(format!("{}{}", self.base_name, self.checkpoint_ext()))
    }
}

/// The log files found in the log directory.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    pub current: bool,
    pub tmp: bool,
    /// Finished generations by number, with their file names (5 or 8 digits).
    pub numbered: BTreeMap<u32, String>,
}

/// Parse a numbered generation name: base, then 5 or 8 hex digits, then ext.
fn parse_generation(name: &str, base: &str, ext: &str) -> Option<u32> {
    if name.len() <= base.len() + ext.len() || !name.is_char_boundary(base.len()) {
        return None;
    }
    let (head, rest) = name.split_at(base.len());
    if !head.eq_ignore_ascii_case(base) || rest.len() < ext.len() || !rest.is_char_boundary(rest.len() - ext.len()) {
        return None;
    }
    let (digits, tail) = rest.split_at(rest.len() - ext.len());
    if !tail.eq_ignore_ascii_case(ext) || !(digits.len() == 5 || digits.len() == 8) {
        return None;
    }
    if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok().filter(|&g| g > 0)
}

pub(crate) fn list(fs: &dyn FileSystem, cfg: &LogConfig) -> JetResult<Listing> {
    let mut out = Listing::default();
    let ext = cfg.log_ext();
    let current = format!("{}{}", cfg.base_name, ext);
    let tmp = format!("{}tmp{}", cfg.base_name, ext);
    for name in fs.list(&cfg.log_dir)? {
        if name.eq_ignore_ascii_case(&current) {
            out.current = true;
        } else if name.eq_ignore_ascii_case(&tmp) {
            out.tmp = true;
        } else if let Some(g) = parse_generation(&name, &cfg.base_name, ext) {
            // if both a 5- and an 8-digit name exist for one generation, keep the first seen
            out.numbered.entry(g).or_insert(name);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ese_names() {
        let mut c = LogConfig::new("/l", "edb");
        assert_eq!(c.current_path(), PathBuf::from("/l/edb.log"));
        assert_eq!(c.tmp_path(), PathBuf::from("/l/edbtmp.log"));
        assert_eq!(c.generation_name(0x1A), "edb0001A.log");
        assert_eq!(c.generation_name(0xF_FFFF), "edbFFFFF.log");
        assert_eq!(c.generation_name(0x10_0000), "edb00100000.log");
        assert_eq!(c.reserve_path(2), PathBuf::from("/l/edbres00002.jrs"));
        assert_eq!(c.checkpoint_path(), PathBuf::from("/l/edb.chk"));
        c.ese98_file_names = false;
        c.eight_dot_three = false;
        assert_eq!(c.generation_name(0x1A), "edb0000001A.jtx");
        assert_eq!(c.checkpoint_path(), PathBuf::from("/l/edb.jcp"));
    }

    #[test]
    fn parse_names() {
        assert_eq!(parse_generation("edb0001A.log", "edb", ".log"), Some(0x1A));
        assert_eq!(parse_generation("EDB0001a.LOG", "edb", ".log"), Some(0x1A));
        assert_eq!(parse_generation("edb0000001A.log", "edb", ".log"), Some(0x1A));
        for bad in ["edb.log", "edbtmp.log", "edb001A.log", "edb0001G.log", "edb00000.log", "xyz0001A.log", "edb0001A.jtx", "edbres00001.jrs", "é"] {
            assert_eq!(parse_generation(bad, "edb", ".log"), None, "{bad}");
        }
    }
}
