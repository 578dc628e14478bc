//! Log records: the envelope every record carries and the payload of each kind.
//! Pure functions on bytes; docs/log-format.md is the prose version.

use super::format::{le32, le64, put32};
use super::format::{Signature, SIGNATURE_LEN};
use super::lgpos::Lgpos;
use crate::error::{JetError, JetResult};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Bytes of the envelope in front of every payload.
///
/// ```text
///  0 u32 crc32 of bytes 4..length (rest of envelope + payload)
///  4 u32 length: envelope + payload
///  8 u32 generation  } the record's own position (our LGPOS):
/// 12 u32 offset      } a record read anywhere else is not valid
/// 16 u32 salt of the generation file (from its header)
/// 20 u8  kind
/// 21 u8  flags (0)
/// 22 u16 reserved (0)
/// ```
pub const ENVELOPE_LEN: usize = 24;
/// The largest record (envelope + payload) we write: 1 GiB.
pub const MAX_RECORD: usize = 1 << 30;

/// Record kinds. 0 never occurs (zeroed space is not a record).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum RecordKind {
    /// Filler to the end of a block after a synced write; never handed to recovery.
    Pad = 1,
    Commit = 2,
    CreateDatabase = 3,
    AttachDatabase = 4,
    DetachDatabase = 5,
    Term = 6,
    Opaque = 7,
}

impl RecordKind {
    fn from_u8(v: u8) -> Option<RecordKind> {
        Some(match v {
            1 => RecordKind::Pad,
            2 => RecordKind::Commit,
            3 => RecordKind::CreateDatabase,
            4 => RecordKind::AttachDatabase,
            5 => RecordKind::DetachDatabase,
            6 => RecordKind::Term,
            7 => RecordKind::Opaque,
            _ => return None,
        })
    }
}

/// Page entry form byte: a whole page image.
pub const PAGE_FORM_FULL: u8 = 1;
/// Page entry form byte: the bytes that changed since the page was last
/// logged (`log::delta`). Any other form is JET_errInvalidLoggedOperation.
pub const PAGE_FORM_DELTA: u8 = 2;
const PAGE_ENTRY_LEN: usize = 16;

/// One database page as a commit logged it: its after-image, or a delta from
/// its previous logged state.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct PageImage<'a> {
    pub dbid: u32,
    pub pgno: u32,
    /// `PAGE_FORM_FULL` or `PAGE_FORM_DELTA`.
    pub form: u8,
    pub data: &'a [u8],
}

impl<'a> PageImage<'a> {
    /// A whole page image.
    pub fn full(dbid: u32, pgno: u32, data: &'a [u8]) -> PageImage<'a> {
        PageImage { dbid, pgno, form: PAGE_FORM_FULL, data }
    }

    /// A delta (`log::delta::encode`'s output).
    pub fn delta(dbid: u32, pgno: u32, data: &'a [u8]) -> PageImage<'a> {
        PageImage { dbid, pgno, form: PAGE_FORM_DELTA, data }
    }

    pub fn is_delta(&self) -> bool {
        self.form == PAGE_FORM_DELTA
    }
}

/// A database file entering or being created in the log set.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct DatabaseRef<'a> {
    pub dbid: u32,
    pub page_size: u32,
    /// The engine's attach/create grbit (e.g. read-only); stored, not interpreted.
    pub grbit: u32,
    pub signature: Signature,
    pub path: &'a Path,
}

/// One log record, borrowing its bytes (from the caller when appending, from
/// the read buffer when recovering).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogRecord<'a> {
    /// A level-0 commit: the after-images of the pages its apply dirtied.
    Commit { commit_id: u64, pages: Vec<PageImage<'a>> },
    CreateDatabase(DatabaseRef<'a>),
    AttachDatabase(DatabaseRef<'a>),
    DetachDatabase { dbid: u32 },
    /// Clean shutdown.
    Term,
    /// Anything else the engine wants replayed in order; `tag` says what.
    Opaque { tag: u32, data: &'a [u8] },
}

impl LogRecord<'_> {
    pub fn kind(&self) -> RecordKind {
        match self {
            LogRecord::Commit { .. } => RecordKind::Commit,
            LogRecord::CreateDatabase(_) => RecordKind::CreateDatabase,
            LogRecord::AttachDatabase(_) => RecordKind::AttachDatabase,
            LogRecord::DetachDatabase { .. } => RecordKind::DetachDatabase,
            LogRecord::Term => RecordKind::Term,
            LogRecord::Opaque { .. } => RecordKind::Opaque,
        }
    }

    /// Whether the record is one the engine needs to shut down cleanly;
    /// those are still accepted once the log runs on its reserve files.
    pub fn allowed_when_disk_full(&self) -> bool {
        matches!(self, LogRecord::Term | LogRecord::DetachDatabase { .. })
    }

    /// Payload bytes (without the envelope).
    pub fn payload_len(&self) -> usize {
        match self {
            LogRecord::Commit { pages, .. } => 12 + pages.iter().map(|p| PAGE_ENTRY_LEN + p.data.len()).sum::<usize>(),
            LogRecord::CreateDatabase(d) | LogRecord::AttachDatabase(d) => 12 + SIGNATURE_LEN + 4 + d.path.as_os_str().len(),
            LogRecord::DetachDatabase { .. } => 4,
            LogRecord::Term => 0,
            LogRecord::Opaque { data, .. } => 4 + data.len(),
        }
    }

    /// Append the payload to `out`.
    pub fn encode_payload(&self, out: &mut Vec<u8>) {
        match self {
            LogRecord::Commit { commit_id, pages } => {
                out.extend_from_slice(&commit_id.to_le_bytes());
                out.extend_from_slice(&(pages.len() as u32).to_le_bytes());
                for p in pages {
                    out.extend_from_slice(&p.dbid.to_le_bytes());
                    out.extend_from_slice(&p.pgno.to_le_bytes());
                    out.extend_from_slice(&[p.form, 0, 0, 0]);
                    out.extend_from_slice(&(p.data.len() as u32).to_le_bytes());
                    out.extend_from_slice(p.data);
                }
            }
            LogRecord::CreateDatabase(d) | LogRecord::AttachDatabase(d) => {
                out.extend_from_slice(&d.dbid.to_le_bytes());
                out.extend_from_slice(&d.page_size.to_le_bytes());
                out.extend_from_slice(&d.grbit.to_le_bytes());
                out.extend_from_slice(&d.signature.to_bytes());
                let path = d.path.as_os_str().as_bytes();
                out.extend_from_slice(&(path.len() as u32).to_le_bytes());
                out.extend_from_slice(path);
            }
            LogRecord::DetachDatabase { dbid } => out.extend_from_slice(&dbid.to_le_bytes()),
            LogRecord::Term => {}
            LogRecord::Opaque { tag, data } => {
                out.extend_from_slice(&tag.to_le_bytes());
                out.extend_from_slice(data);
            }
        }
    }
}

/// Decode a payload whose envelope was valid. `None` for Pad. A payload that
/// does not parse is JET_errLogFileCorrupt; an unknown kind or page form is
/// JET_errInvalidLoggedOperation (written by a newer format).
pub fn decode_payload(kind: u8, p: &[u8]) -> JetResult<Option<LogRecord<'_>>> {
    let corrupt = JetError::LogFileCorrupt;
    let kind = RecordKind::from_u8(kind).ok_or(JetError::InvalidLoggedOperation)?;
    Ok(Some(match kind {
        RecordKind::Pad => return Ok(None),
        RecordKind::Commit => {
            if p.len() < 12 {
                return Err(corrupt);
            }
            let commit_id = le64(p, 0);
            let count = le32(p, 8) as usize;
            // each entry takes at least its 16-byte head: bound the allocation by the payload
            if count > (p.len() - 12) / PAGE_ENTRY_LEN {
                return Err(corrupt);
            }
            let mut pages = Vec::with_capacity(count);
            let mut at = 12;
            for _ in 0..count {
                if p.len() - at < PAGE_ENTRY_LEN {
                    return Err(corrupt);
                }
                let form = p[at + 8];
                if form != PAGE_FORM_FULL && form != PAGE_FORM_DELTA {
                    return Err(JetError::InvalidLoggedOperation);
                }
                let len = le32(p, at + 12) as usize;
                let data_at = at + PAGE_ENTRY_LEN;
                if p.len() - data_at < len {
                    return Err(corrupt);
                }
                pages.push(PageImage { dbid: le32(p, at), pgno: le32(p, at + 4), form, data: &p[data_at..data_at + len] });
                at = data_at + len;
            }
            if at != p.len() {
                return Err(corrupt);
            }
            LogRecord::Commit { commit_id, pages }
        }
        RecordKind::CreateDatabase | RecordKind::AttachDatabase => {
            let fixed = 12 + SIGNATURE_LEN + 4;
            if p.len() < fixed || p.len() - fixed != le32(p, fixed - 4) as usize {
                return Err(corrupt);
            }
            let d = DatabaseRef {
                dbid: le32(p, 0),
                page_size: le32(p, 4),
                grbit: le32(p, 8),
                signature: Signature::from_bytes(&p[12..12 + SIGNATURE_LEN]),
                path: Path::new(OsStr::from_bytes(&p[fixed..])),
            };
            if kind == RecordKind::CreateDatabase { LogRecord::CreateDatabase(d) } else { LogRecord::AttachDatabase(d) }
        }
        RecordKind::DetachDatabase => {
            if p.len() != 4 {
                return Err(corrupt);
            }
            LogRecord::DetachDatabase { dbid: le32(p, 0) }
        }
        RecordKind::Term => {
            if !p.is_empty() {
                return Err(corrupt);
            }
            LogRecord::Term
        }
        RecordKind::Opaque => {
            if p.len() < 4 {
                return Err(corrupt);
            }
            LogRecord::Opaque { tag: le32(p, 0), data: &p[4..] }
        }
    }))
}

/// Write an envelope for a record of `len` bytes (envelope included) whose
/// payload already follows it in `rec`, and fill in the checksum.
pub fn seal(rec: &mut [u8], at: Lgpos, salt: u32, kind: RecordKind) -> u32 {
    let len = rec.len() as u32;
    put32(rec, 4, len);
    put32(rec, 8, at.generation);
    put32(rec, 12, at.offset);
    put32(rec, 16, salt);
    rec[20] = kind as u8;
    rec[21] = 0;
    rec[22] = 0;
    rec[23] = 0;
    let crc = crc32fast::hash(&rec[4..]);
    put32(rec, 0, crc);
    crc
}

/// A record whose envelope checks out at `at` in a file with `salt`: its kind,
/// total length and checksum. `None` when `buf` (starting at the record) does
/// not hold a valid record there: zeroes, a torn write, or stale bytes.
pub fn check_envelope(buf: &[u8], at: Lgpos, salt: u32) -> Option<(u8, usize, u32)> {
    if buf.len() < ENVELOPE_LEN {
        return None;
    }
    let len = le32(buf, 4) as usize;
    if len < ENVELOPE_LEN || len > buf.len() || len > MAX_RECORD {
        return None;
    }
    if le32(buf, 8) != at.generation || le32(buf, 12) != at.offset || le32(buf, 16) != salt || buf[20] == 0 {
        return None;
    }
    let crc = le32(buf, 0);
    if crc32fast::hash(&buf[4..len]) != crc {
        return None;
    }
    Some((buf[20], len, crc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::format::LogTime;

    fn roundtrip(r: &LogRecord<'_>) {
        let mut buf = vec![0u8; ENVELOPE_LEN];
        r.encode_payload(&mut buf);
        assert_eq!(buf.len(), ENVELOPE_LEN + r.payload_len());
        let at = Lgpos::new(3, 4100);
        seal(&mut buf, at, 77, r.kind());
        let (kind, len, _) = check_envelope(&buf, at, 77).unwrap();
        assert_eq!(len, buf.len());
        let back = decode_payload(kind, &buf[ENVELOPE_LEN..len]).unwrap().unwrap();
        assert_eq!(&back, r);
        // any other position, salt, or a flipped bit is rejected
        assert!(check_envelope(&buf, Lgpos::new(3, 4101), 77).is_none());
        assert!(check_envelope(&buf, Lgpos::new(4, 4100), 77).is_none());
        assert!(check_envelope(&buf, at, 78).is_none());
        for i in [0, 5, 20, buf.len() - 1] {
            let mut b = buf.clone();
            b[i] ^= 0x10;
            assert!(check_envelope(&b, at, 77).is_none(), "flip at {i}");
        }
        assert!(check_envelope(&buf[..buf.len() - 1], at, 77).is_none());
    }

    #[test]
    fn every_kind_round_trips() {
        let img1 = vec![0xAB; 8192];
        let img2 = vec![1, 2, 3];
        let sig = Signature { random: 5, created: LogTime::from_unix_millis(1000), computer_name: *b"host\0\0\0\0\0\0\0\0\0\0\0\0" };
        let db = DatabaseRef { dbid: 1, page_size: 8192, grbit: 0x20, signature: sig, path: Path::new("/tmp/x.edb") };
        roundtrip(&LogRecord::Commit {
            commit_id: 99,
            pages: vec![PageImage::full(1, 7, &img1), PageImage::delta(2, 1, &img2)],
        });
        roundtrip(&LogRecord::Commit { commit_id: 0, pages: vec![] });
        roundtrip(&LogRecord::CreateDatabase(db));
        roundtrip(&LogRecord::AttachDatabase(DatabaseRef { path: Path::new(""), ..db }));
        roundtrip(&LogRecord::DetachDatabase { dbid: 4 });
        roundtrip(&LogRecord::Term);
        roundtrip(&LogRecord::Opaque { tag: 9, data: b"hello" });
    }

    #[test]
    fn malformed_payloads_are_errors_not_panics() {
        assert_eq!(decode_payload(0, &[]), Err(JetError::InvalidLoggedOperation));
        assert_eq!(decode_payload(99, &[]), Err(JetError::InvalidLoggedOperation));
        assert_eq!(decode_payload(RecordKind::Pad as u8, &[0; 10]), Ok(None));
        // a commit claiming more pages than its bytes can hold
        let mut p = vec![0u8; 12];
        p[8] = 200;
        assert_eq!(decode_payload(RecordKind::Commit as u8, &p), Err(JetError::LogFileCorrupt));
        // an entry whose length runs past the payload
        let mut p = vec![0u8; 12 + 16];
        p[8] = 1;
        p[12 + 8] = PAGE_FORM_FULL;
        p[12 + 12] = 5;
        assert_eq!(decode_payload(RecordKind::Commit as u8, &p), Err(JetError::LogFileCorrupt));
        // a page form from the future
        p[12 + 12] = 0;
        p[12 + 8] = 3;
        assert_eq!(decode_payload(RecordKind::Commit as u8, &p), Err(JetError::InvalidLoggedOperation));
        assert_eq!(decode_payload(RecordKind::Term as u8, &[1]), Err(JetError::LogFileCorrupt));
        assert_eq!(decode_payload(RecordKind::AttachDatabase as u8, &[0; 20]), Err(JetError::LogFileCorrupt));
        // random bytes never panic
        let mut x = 0x1234_5678_9abc_def0u64;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = (x % 80) as usize;
            let bytes: Vec<u8> = (0..n).map(|i| (x >> (i % 56)) as u8).collect();
            for k in 1..=7 {
                let _ = decode_payload(k, &bytes);
            }
        }
    }
}
