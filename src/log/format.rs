//! On-disk encodings shared by log files and the checkpoint file: the log set
//! signature (JET_SIGNATURE layout), LOGTIME, and the generation file header.
//! Pure functions on bytes; docs/log-format.md is the prose version.

use super::lgpos::Lgpos;
use crate::error::{JetError, JetResult};

/// The unit of every log write and of file layout: writes cover whole blocks
/// and a block that was synced is never written again.
pub const BLOCK: u32 = 4096;
/// Bytes of the generation header covered by its checksum (the rest of block 0 is zero).
pub const HEADER_LEN: usize = 256;
/// Where the first record of every generation starts.
pub const DATA_START: u32 = BLOCK;
pub const LOG_MAGIC: [u8; 8] = *b"EsntLog\0";
pub const LOG_VERSION: u32 = 1;

pub(crate) fn le32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}
pub(crate) fn le64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}
pub(crate) fn put32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}
pub(crate) fn put64(b: &mut [u8], at: usize, v: u64) {
    b[at..at + 8].copy_from_slice(&v.to_le_bytes());
}
pub(crate) fn round_up(v: u64, to: u64) -> u64 {
    v.div_ceil(to) * to
}

/// JET_LOGTIME: a UTC calendar time to the millisecond in 8 bytes
/// (seconds, minutes, hours, day 1-31, month 1-12, years since 1900, then
/// fTimeIsUTC:1 + milliseconds low 7 bits, reserved:1 + milliseconds high 3 bits).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LogTime(pub [u8; 8]);

impl LogTime {
    pub fn now() -> LogTime {
        let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        LogTime::from_unix_millis(d.as_millis() as u64)
    }

    pub fn from_unix_millis(ms: u64) -> LogTime {
        let secs = ms / 1000;
        let milli = (ms % 1000) as u32;
        let (y, m, d) = civil_from_days((secs / 86_400) as i64);
        let sod = secs % 86_400;
        let mut b = [0u8; 8];
        b[0] = (sod % 60) as u8;
        b[1] = (sod / 60 % 60) as u8;
        b[2] = (sod / 3600) as u8;
        b[3] = d as u8;
        b[4] = m as u8;
        b[5] = (y - 1900).clamp(0, 255) as u8;
        b[6] = 1 | ((milli & 0x7F) << 1) as u8;
        b[7] = (((milli >> 7) & 0x7) << 1) as u8;
        LogTime(b)
    }

    /// Milliseconds since 1970 (UTC), or None when the fields are not a valid time.
    pub fn to_unix_millis(&self) -> Option<u64> {
        let b = self.0;
        let (sec, min, hour, day, month) = (b[0] as u64, b[1] as u64, b[2] as u64, b[3] as u32, b[4] as u32);
        if sec > 59 || min > 59 || hour > 23 || !(1..=31).contains(&day) || !(1..=12).contains(&month) {
            return None;
        }
        let days = days_from_civil(b[5] as i64 + 1900, month, day);
        let milli = ((b[6] >> 1) as u64) | ((((b[7] >> 1) & 0x7) as u64) << 7);
        let secs = days.checked_mul(86_400)? + (hour * 3600 + min * 60 + sec) as i64;
        u64::try_from(secs).ok().map(|s| s * 1000 + milli)
    }
}

// Howard Hinnant's date algorithms (public domain formulas), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The identity of a log set (JET_SIGNATURE layout, 28 bytes: ulRandom u32,
/// logtimeCreate, szComputerName[16]). Every file of one set carries the same one.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    pub random: u32,
    pub created: LogTime,
    pub computer_name: [u8; 16],
}

pub const SIGNATURE_LEN: usize = 28;

impl Signature {
    /// A fresh signature: random number, now, this machine's name (15 bytes at most, NUL-ended).
    pub fn generate() -> Signature {
        let mut computer_name = [0u8; 16];
        let mut host = [0u8; 64];
        // SAFETY: host is a valid writable buffer of the given length.
        if unsafe { libc::gethostname(host.as_mut_ptr().cast(), host.len()) } == 0 {
            let n = host.iter().position(|&c| c == 0).unwrap_or(host.len()).min(15);
            computer_name[..n].copy_from_slice(&host[..n]);
        }
        Signature { random: random_u32(), created: LogTime::now(), computer_name }
    }

    pub fn to_bytes(&self) -> [u8; SIGNATURE_LEN] {
        let mut b = [0u8; SIGNATURE_LEN];
        put32(&mut b, 0, self.random);
        b[4..12].copy_from_slice(&self.created.0);
        b[12..28].copy_from_slice(&self.computer_name);
        b
    }

    pub fn from_bytes(b: &[u8]) -> Signature {
        Signature {
            random: le32(b, 0),
            created: LogTime(b[4..12].try_into().unwrap()),
            computer_name: b[12..28].try_into().unwrap(),
        }
    }
}

/// A random u32 from the kernel (getrandom), falling back to time and pid.
pub fn random_u32() -> u32 {
    let mut v = [0u8; 4];
    // SAFETY: v is a valid writable buffer of 4 bytes.
    let n = unsafe { libc::getrandom(v.as_mut_ptr().cast(), 4, libc::GRND_NONBLOCK) };
    if n == 4 {
        return u32::from_le_bytes(v);
    }
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let mut x = t.as_nanos() as u64 ^ ((std::process::id() as u64) << 32);
    // splitmix64 finaliser
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (x ^ (x >> 31)) as u32
}

/// Block 0 of every generation file.
///
/// ```text
///   0 u32  crc32 of bytes 4..256
///   4 [8]  magic "EsntLog\0"
///  12 u32  format version (1)
///  16 u32  block size (4096)
///  20 u32  generation
///  24 u32  salt: random per file, repeated in every record envelope
///  28 u32  data start (4096)
///  32 u64  file size in bytes
///  40 [28] log set signature (JET_SIGNATURE)
///  68 [8]  creation time (JET_LOGTIME, UTC)
///  76 u64  creation time, ms since 1970
///  84 u32  previous generation: end of its valid data (0 for the first generation)
///  88 u32  previous generation: chain value (crc of its last record, or of its header)
///  92 [8]  checkpoint when this file was created (JET_LGPOS)
/// 100 ..   zero up to 256, then zero to the end of the block
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenHeader {
    pub generation: u32,
    pub salt: u32,
    pub file_size: u64,
    pub signature: Signature,
    pub created: LogTime,
    pub created_unix_ms: u64,
    pub prev_end: u32,
    pub prev_chain: u32,
    pub checkpoint: Lgpos,
}

impl GenHeader {
    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let mut b = [0u8; HEADER_LEN];
        b[4..12].copy_from_slice(&LOG_MAGIC);
        put32(&mut b, 12, LOG_VERSION);
        put32(&mut b, 16, BLOCK);
        put32(&mut b, 20, self.generation);
        put32(&mut b, 24, self.salt);
        put32(&mut b, 28, DATA_START);
        put64(&mut b, 32, self.file_size);
        b[40..68].copy_from_slice(&self.signature.to_bytes());
        b[68..76].copy_from_slice(&self.created.0);
        put64(&mut b, 76, self.created_unix_ms);
        put32(&mut b, 84, self.prev_end);
        put32(&mut b, 88, self.prev_chain);
        b[92..100].copy_from_slice(&self.checkpoint.to_jet_bytes());
        let crc = crc32fast::hash(&b[4..]);
        put32(&mut b, 0, crc);
        b
    }

    /// Decode and verify block 0. A checksum or magic mismatch is
    /// JET_errLogFileCorrupt; another version JET_errBadLogVersion; another
    /// block size JET_errLogSectorSizeMismatch.
    pub fn decode(b: &[u8]) -> JetResult<GenHeader> {
        if b.len() < HEADER_LEN || b[4..12] != LOG_MAGIC {
            return Err(JetError::LogFileCorrupt);
        }
        if crc32fast::hash(&b[4..HEADER_LEN]) != le32(b, 0) {
            return Err(JetError::LogFileCorrupt);
        }
        if le32(b, 12) != LOG_VERSION {
            return Err(JetError::BadLogVersion);
        }
        if le32(b, 16) != BLOCK || le32(b, 28) != DATA_START {
            return Err(JetError::LogSectorSizeMismatch);
        }
        let h = GenHeader {
            generation: le32(b, 20),
            salt: le32(b, 24),
            file_size: le64(b, 32),
            signature: Signature::from_bytes(&b[40..68]),
            created: LogTime(b[68..76].try_into().unwrap()),
            created_unix_ms: le64(b, 76),
            prev_end: le32(b, 84),
            prev_chain: le32(b, 88),
            checkpoint: Lgpos::from_jet_bytes(b[92..100].try_into().unwrap()),
        };
        if h.generation == 0 || h.file_size < (DATA_START + BLOCK) as u64 || !h.file_size.is_multiple_of(BLOCK as u64) {
            return Err(JetError::LogFileCorrupt);
        }
        Ok(h)
    }

    /// The chain value of a generation with no record: its header's checksum.
    pub fn crc(&self) -> u32 {
        le32(&self.encode(), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logtime_round_trips_and_matches_calendar() {
        // 2024-02-29 23:59:58.765 UTC
        let ms = 1_709_251_198_765u64;
        let t = LogTime::from_unix_millis(ms);
        assert_eq!(&t.0[..6], &[58, 59, 23, 29, 2, 124]);
        assert_eq!(t.0[6] & 1, 1, "fTimeIsUTC");
        assert_eq!(t.to_unix_millis(), Some(ms));
        for ms in [0u64, 951_782_400_000, 4_102_444_799_999, 1_000_000_000_127] {
            assert_eq!(LogTime::from_unix_millis(ms).to_unix_millis(), Some(ms));
        }
        assert_eq!(LogTime([0; 8]).to_unix_millis(), None);
    }

    #[test]
    fn header_round_trip_and_checks() {
        let h = GenHeader {
            generation: 7,
            salt: 0xDEAD_BEEF,
            file_size: 1 << 20,
            signature: Signature::generate(),
            created: LogTime::now(),
            created_unix_ms: 123,
            prev_end: 9000,
            prev_chain: 42,
            checkpoint: Lgpos::new(6, 4096),
        };
        let mut b = h.encode();
        assert_eq!(GenHeader::decode(&b).unwrap(), h);
        b[90] ^= 1;
        assert_eq!(GenHeader::decode(&b), Err(JetError::LogFileCorrupt));
        assert_eq!(GenHeader::decode(&[0u8; HEADER_LEN]), Err(JetError::LogFileCorrupt));
        let mut b = h.encode();
        put32(&mut b, 12, 99);
        let crc = crc32fast::hash(&b[4..]);
        put32(&mut b, 0, crc);
        assert_eq!(GenHeader::decode(&b), Err(JetError::BadLogVersion));
    }

    #[test]
    fn signature_is_28_bytes_and_random() {
        let a = Signature::generate();
        let b = Signature::generate();
        assert_eq!(Signature::from_bytes(&a.to_bytes()), a);
        assert_ne!(a.random, b.random);
        assert_eq!(a.computer_name[15], 0);
    }
}
