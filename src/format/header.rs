//! The database file header (ESE's DBFILEHDR) and the small structures it is
//! made of: LGPOS, LOGTIME, SIGNATURE, BKINFO.
//!
//! The header fills the first page of the file; a shadow copy fills the second.
//! Both carry the "old format" XOR checksum in their first four bytes (ESE's
//! `databaseHeader` page type), computed over the whole page.
//!
//! Every field ESE persists is decoded at its offset (see the table in
//! `DbHeader`); bytes that ESE reserves are kept verbatim, so that
//! `DbHeader::decode(b).encode(page_size) == b` for any valid header.

use super::checksum;
use super::le::*;
use crate::error::{JetError, JetResult};

/// `ulDAEMagic`: the header's signature.
pub const DB_MAGIC: u32 = 0x89AB_CDEF;
/// The file format version this engine writes and reads (ESE's 0x620).
pub const FORMAT_VERSION: u32 = 0x620;
/// The format revision ("update major") this engine writes: 0x14, the last
/// revision before ESE moved to engine format versions, and the one of the
/// Windows-made samples (see the storage report for why).
pub const FORMAT_REVISION: u32 = 0x14;
/// First revision with 16/32 KiB pages, the extended page header and the 15-bit tags.
pub const REVISION_LARGE_PAGES: u32 = 0x11;
/// JET_filetypeDatabase.
pub const FILETYPE_DATABASE: u32 = 1;
/// The size of the structure ESE persists (the rest of the page is zero).
pub const DBFILEHDR_SIZE: usize = 748;

/// Database states (JET_dbstate*).
pub mod dbstate {
    pub const JUST_CREATED: u32 = 1;
    pub const DIRTY_SHUTDOWN: u32 = 2;
    pub const CLEAN_SHUTDOWN: u32 = 3;
    pub const BEING_CONVERTED: u32 = 4;
    pub const FORCE_DETACH: u32 = 5;
    pub const INCREMENTAL_RESEED_IN_PROGRESS: u32 = 6;
    pub const DIRTY_AND_PATCHED_SHUTDOWN: u32 = 7;
    pub const REVERT_IN_PROGRESS: u32 = 8;
}

/// A database time: a per-database counter stamped on every page a change dirties.
pub type DbTime = u64;

/// A log position (LGPOS): generation, sector, byte. 8 bytes on disk.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Lgpos {
    pub ib: u16,
    pub isec: u16,
    pub generation: i32,
}

impl Lgpos {
    pub const SIZE: usize = 8;
    pub fn decode(b: &[u8]) -> Lgpos {
        Lgpos { ib: u16_at(b, 0), isec: u16_at(b, 2), generation: u32_at(b, 4) as i32 }
    }
    pub fn encode(&self, b: &mut [u8]) {
        put_u16(b, 0, self.ib);
        put_u16(b, 2, self.isec);
        put_u32(b, 4, self.generation as u32);
    }
}

impl PartialOrd for Lgpos {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Lgpos {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.generation, self.isec, self.ib).cmp(&(other.generation, other.isec, other.ib))
    }
}

/// A LOGTIME: 8 bytes, seconds/minutes/hours/day/month(0-11)/year-1900, then
/// a UTC flag and milliseconds split over two bit fields. Kept as raw bytes so
/// that every bit round-trips; accessors give the fields.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LogTime(pub [u8; 8]);

impl LogTime {
    pub const SIZE: usize = 8;
    pub fn decode(b: &[u8]) -> LogTime {
        let mut a = [0u8; 8];
        a.copy_from_slice(&b[..8]);
        LogTime(a)
    }
    pub fn encode(&self, b: &mut [u8]) {
        b[..8].copy_from_slice(&self.0);
    }
    pub fn seconds(&self) -> u8 {
        self.0[0]
    }
    pub fn minutes(&self) -> u8 {
        self.0[1]
    }
    pub fn hours(&self) -> u8 {
        self.0[2]
    }
    pub fn day(&self) -> u8 {
        self.0[3]
    }
    /// Month, 1-12 (ESE's header comment says 0-11, but it stores SYSTEMTIME's 1-12).
    pub fn month(&self) -> u8 {
        self.0[4]
    }
    /// Years since 1900.
    pub fn year(&self) -> u8 {
        self.0[5]
    }
    pub fn is_utc(&self) -> bool {
        self.0[6] & 1 != 0
    }
    pub fn milliseconds(&self) -> u16 {
        ((self.0[6] >> 1) as u16) | ((((self.0[7] >> 1) & 0x7) as u16) << 7)
    }
    pub fn is_set(&self) -> bool {
        self.0 != [0; 8]
    }
    /// A UTC LOGTIME from seconds and milliseconds since the Unix epoch.
    pub fn from_unix_millis(ms: u64) -> LogTime {
        let secs = ms / 1000;
        let millis = (ms % 1000) as u16;
        let days = (secs / 86400) as i64;
        let rem = secs % 86400;
        let (y, m, d) = civil_from_days(days);
        let mut b = [0u8; 8];
        b[0] = (rem % 60) as u8;
        b[1] = ((rem / 60) % 60) as u8;
        b[2] = (rem / 3600) as u8;
        b[3] = d as u8;
        b[4] = m as u8;
        b[5] = (y - 1900).clamp(0, 255) as u8;
        b[6] = 1 | (((millis & 0x7f) as u8) << 1);
        b[7] = ((millis >> 7) as u8 & 0x7) << 1;
        LogTime(b)
    }
    /// The current time (UTC).
    pub fn now() -> LogTime {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        LogTime::from_unix_millis(ms)
    }
}

/// Gregorian date from days since 1970-01-01 (month 1-12).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A SIGNATURE (database or log signature): a random number, a creation
/// time and a computer name (16 bytes, NUL padded). 28 bytes.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Signature {
    pub random: u32,
    pub created: LogTime,
    pub computer_name: [u8; 16],
}

impl Signature {
    pub const SIZE: usize = 28;
    pub fn decode(b: &[u8]) -> Signature {
        let mut name = [0u8; 16];
        name.copy_from_slice(&b[12..28]);
        Signature { random: u32_at(b, 0), created: LogTime::decode(&b[4..]), computer_name: name }
    }
    pub fn encode(&self, b: &mut [u8]) {
        put_u32(b, 0, self.random);
        self.created.encode(&mut b[4..]);
        b[12..28].copy_from_slice(&self.computer_name);
    }
    /// A fresh signature: random number from the clock and process, now as creation time.
    pub fn generate() -> Signature {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let mut x = t ^ ((std::process::id() as u64) << 32) ^ 0x9E37_79B9_7F4A_7C15;
        // splitmix64 finaliser
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^= x >> 31;
        Signature { random: x as u32, created: LogTime::now(), computer_name: [0; 16] }
    }
}

/// Backup information (BKINFO): 24 bytes.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct BkInfo {
    pub lgpos_mark: Lgpos,
    pub logtime_mark: LogTime,
    pub gen_low: u32,
    pub gen_high: u32,
}

impl BkInfo {
    pub const SIZE: usize = 24;
    pub fn decode(b: &[u8]) -> BkInfo {
        BkInfo {
            lgpos_mark: Lgpos::decode(b),
            logtime_mark: LogTime::decode(&b[8..]),
            gen_low: u32_at(b, 16),
            gen_high: u32_at(b, 20),
        }
    }
    pub fn encode(&self, b: &mut [u8]) {
        self.lgpos_mark.encode(b);
        self.logtime_mark.encode(&mut b[8..]);
        put_u32(b, 16, self.gen_low);
        put_u32(b, 20, self.gen_high);
    }
}

/// `m_rgbDbFlags[0]` bits.
pub const DB_FLAG_SHADOWING_DISABLED: u32 = 0x01;
pub const DB_FLAG_UPGRADE_DB: u32 = 0x02;

/// The database header (DBFILEHDR). Offsets (bytes) are in the comments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DbHeader {
    /// 0: XOR checksum of the page (set by `encode`; the decoded value is kept for reference).
    pub checksum: u32,
    /// 4: `DB_MAGIC`.
    pub magic: u32,
    /// 8: file format version (0x620).
    pub version: u32,
    /// 12: attributes (0 = database).
    pub attrib: u32,
    /// 16: the database time.
    pub dbtime: DbTime,
    /// 24: database signature.
    pub sign_db: Signature,
    /// 52: database state (`dbstate::*`).
    pub db_state: u32,
    /// 56: log position of the last clean shutdown.
    pub lgpos_consistent: Lgpos,
    /// 64
    pub logtime_consistent: LogTime,
    /// 72
    pub logtime_attach: LogTime,
    /// 80
    pub lgpos_attach: Lgpos,
    /// 88
    pub logtime_detach: LogTime,
    /// 96
    pub lgpos_detach: Lgpos,
    /// 104
    pub dbid: u32,
    /// 108: log signature.
    pub sign_log: Signature,
    /// 136
    pub bkinfo_full_prev: BkInfo,
    /// 160
    pub bkinfo_inc_prev: BkInfo,
    /// 184
    pub bkinfo_full_cur: BkInfo,
    /// 208: `DB_FLAG_*` in the low byte, build flags in the fourth byte.
    pub db_flags: u32,
    /// 212: the last object id used.
    pub objid_last: u32,
    /// 216, 220, 224, 228: OS version that last updated the indexes.
    pub os_major: u32,
    pub os_minor: u32,
    pub os_build: u32,
    pub os_sp: u32,
    /// 232: format revision ("update major").
    pub update_major: u32,
    /// 236: page size in bytes (0 = 4096).
    pub page_size: u32,
    /// 240
    pub repair_count: u32,
    /// 244
    pub logtime_repair: LogTime,
    /// 252: obsolete SLV signature, kept verbatim.
    pub reserved_sign_slv: [u8; 28],
    /// 280
    pub dbtime_last_scrub: DbTime,
    /// 288
    pub logtime_scrub: LogTime,
    /// 296, 300
    pub gen_min_required: i32,
    pub gen_max_required: i32,
    /// 304, 308, 312
    pub cpg_upgrade_55_format: i32,
    pub cpg_upgrade_free_pages: i32,
    pub cpg_upgrade_space_map_pages: i32,
    /// 316
    pub bkinfo_snapshot_cur: BkInfo,
    /// 340, 344: version and revision that created the file.
    pub create_version: u32,
    pub create_update: u32,
    /// 348
    pub logtime_gen_max_create: LogTime,
    /// 356, 360: backup types of the last full and incremental backups.
    pub bkinfo_type_full_prev: u32,
    pub bkinfo_type_inc_prev: u32,
    /// 364
    pub repair_count_old: u32,
    /// 368, 372, 380
    pub ecc_fix_success: u32,
    pub logtime_ecc_fix_success: LogTime,
    pub ecc_fix_success_old: u32,
    /// 384, 388, 396
    pub ecc_fix_fail: u32,
    pub logtime_ecc_fix_fail: LogTime,
    pub ecc_fix_fail_old: u32,
    /// 400, 404, 412
    pub bad_checksum: u32,
    pub logtime_bad_checksum: LogTime,
    pub bad_checksum_old: u32,
    /// 416
    pub gen_max_committed: i32,
    /// 420, 444
    pub bkinfo_copy_prev: BkInfo,
    pub bkinfo_diff_prev: BkInfo,
    /// 468, 472
    pub bkinfo_type_copy_prev: u32,
    pub bkinfo_type_diff_prev: u32,
    /// 476, 480, 488
    pub incremental_reseed_count: u32,
    pub logtime_incremental_reseed: LogTime,
    pub incremental_reseed_count_old: u32,
    /// 492, 496, 504
    pub page_patch_count: u32,
    pub logtime_page_patch: LogTime,
    pub page_patch_count_old: u32,
    /// 508: deprecated sort version (ESE writes all ones).
    pub sort_version: u64,
    /// 516, 524, 532
    pub logtime_dbscan_prev: LogTime,
    pub logtime_dbscan_start: LogTime,
    pub pgno_dbscan_highest_continuous: u32,
    /// 536
    pub gen_recovering: i32,
    /// 540, 544, 552, 556
    pub extend_count: u32,
    pub logtime_last_extend: LogTime,
    pub shrink_count: u32,
    pub logtime_last_shrink: LogTime,
    /// 564, 572
    pub logtime_last_reattach: LogTime,
    pub lgpos_last_reattach: Lgpos,
    /// 580
    pub trim_count: u32,
    /// 584, 612
    pub sign_db_hdr_flush: Signature,
    pub sign_flush_map_hdr_flush: Signature,
    /// 640
    pub gen_min_consistent: i32,
    /// 644: format "update minor".
    pub update_minor: u32,
    /// 648: the highest engine format version that attached this file (diagnostic).
    pub efv_max_bin_attach_diagnostic: u32,
    /// 652
    pub pgno_dbscan_highest: u32,
    /// 656
    pub lgpos_last_resize: Lgpos,
    /// 664: reserved, kept verbatim.
    pub reserved_664: [u8; 3],
    /// 667 (unaligned, like the log and checkpoint headers): JET_filetype.
    pub file_type: u32,
    /// 671: reserved.
    pub reserved_671: u8,
    /// 672
    pub logtime_gen_max_required: LogTime,
    /// 680, 684
    pub gen_pre_redo_min_consistent: i32,
    pub gen_pre_redo_min_required: i32,
    /// 688
    pub sign_rbs_hdr_flush: Signature,
    /// 716, 720, 728, 736, 740
    pub revert_count: u32,
    pub logtime_revert_from: LogTime,
    pub logtime_revert_to: LogTime,
    pub revert_page_count: u32,
    pub lgpos_commit_before_revert: Lgpos,
    /// Bytes 748.. of the page: zero in every header ESE writes, kept verbatim.
    pub tail: Vec<u8>,
}

impl DbHeader {
    /// The page size this header describes (0 in the file means 4096).
    pub fn page_size(&self) -> usize {
        if self.page_size == 0 { 4096 } else { self.page_size as usize }
    }

    /// A fresh header for a database being created (state JustCreated), as
    /// ESE's InitDBDbfilehdr fills it.
    pub fn new(page_size: usize, sign_db: Signature) -> DbHeader {
        DbHeader {
            magic: DB_MAGIC,
            version: FORMAT_VERSION,
            update_major: FORMAT_REVISION,
            create_version: FORMAT_VERSION,
            create_update: FORMAT_REVISION,
            sign_db,
            db_state: dbstate::JUST_CREATED,
            page_size: page_size as u32,
            dbid: 1,
            file_type: FILETYPE_DATABASE,
            sort_version: u64::MAX,
            ..DbHeader::default()
        }
    }

    /// Decode a header page. Checks nothing but the length; see `verify_header`.
    pub fn decode(b: &[u8]) -> JetResult<DbHeader> {
        if b.len() < DBFILEHDR_SIZE {
            return Err(JetError::InvalidDatabase);
        }
        let sig = |o: usize| Signature::decode(&b[o..]);
        let lt = |o: usize| LogTime::decode(&b[o..]);
        let lg = |o: usize| Lgpos::decode(&b[o..]);
        let bk = |o: usize| BkInfo::decode(&b[o..]);
        let u = |o: usize| u32_at(b, o);
        let i = |o: usize| u32_at(b, o) as i32;
        let mut slv = [0u8; 28];
        slv.copy_from_slice(&b[252..280]);
        Ok(DbHeader {
            checksum: u(0),
            magic: u(4),
            version: u(8),
            attrib: u(12),
            dbtime: u64_at(b, 16),
            sign_db: sig(24),
            db_state: u(52),
            lgpos_consistent: lg(56),
            logtime_consistent: lt(64),
            logtime_attach: lt(72),
            lgpos_attach: lg(80),
            logtime_detach: lt(88),
            lgpos_detach: lg(96),
            dbid: u(104),
            sign_log: sig(108),
            bkinfo_full_prev: bk(136),
            bkinfo_inc_prev: bk(160),
            bkinfo_full_cur: bk(184),
            db_flags: u(208),
            objid_last: u(212),
            os_major: u(216),
            os_minor: u(220),
            os_build: u(224),
            os_sp: u(228),
            update_major: u(232),
            page_size: u(236),
            repair_count: u(240),
            logtime_repair: lt(244),
            reserved_sign_slv: slv,
            dbtime_last_scrub: u64_at(b, 280),
            logtime_scrub: lt(288),
            gen_min_required: i(296),
            gen_max_required: i(300),
            cpg_upgrade_55_format: i(304),
            cpg_upgrade_free_pages: i(308),
            cpg_upgrade_space_map_pages: i(312),
            bkinfo_snapshot_cur: bk(316),
            create_version: u(340),
            create_update: u(344),
            logtime_gen_max_create: lt(348),
            bkinfo_type_full_prev: u(356),
            bkinfo_type_inc_prev: u(360),
            repair_count_old: u(364),
            ecc_fix_success: u(368),
            logtime_ecc_fix_success: lt(372),
            ecc_fix_success_old: u(380),
            ecc_fix_fail: u(384),
            logtime_ecc_fix_fail: lt(388),
            ecc_fix_fail_old: u(396),
            bad_checksum: u(400),
            logtime_bad_checksum: lt(404),
            bad_checksum_old: u(412),
            gen_max_committed: i(416),
            bkinfo_copy_prev: bk(420),
            bkinfo_diff_prev: bk(444),
            bkinfo_type_copy_prev: u(468),
            bkinfo_type_diff_prev: u(472),
            incremental_reseed_count: u(476),
            logtime_incremental_reseed: lt(480),
            incremental_reseed_count_old: u(488),
            page_patch_count: u(492),
            logtime_page_patch: lt(496),
            page_patch_count_old: u(504),
            sort_version: u64_at(b, 508),
            logtime_dbscan_prev: lt(516),
            logtime_dbscan_start: lt(524),
            pgno_dbscan_highest_continuous: u(532),
            gen_recovering: i(536),
            extend_count: u(540),
            logtime_last_extend: lt(544),
            shrink_count: u(552),
            logtime_last_shrink: lt(556),
            logtime_last_reattach: lt(564),
            lgpos_last_reattach: lg(572),
            trim_count: u(580),
            sign_db_hdr_flush: sig(584),
            sign_flush_map_hdr_flush: sig(612),
            gen_min_consistent: i(640),
            update_minor: u(644),
            efv_max_bin_attach_diagnostic: u(648),
            pgno_dbscan_highest: u(652),
            lgpos_last_resize: lg(656),
            reserved_664: [b[664], b[665], b[666]],
            file_type: u(667),
            reserved_671: b[671],
            logtime_gen_max_required: lt(672),
            gen_pre_redo_min_consistent: i(680),
            gen_pre_redo_min_required: i(684),
            sign_rbs_hdr_flush: sig(688),
            revert_count: u(716),
            logtime_revert_from: lt(720),
            logtime_revert_to: lt(728),
            revert_page_count: u(736),
            lgpos_commit_before_revert: lg(740),
            tail: b[DBFILEHDR_SIZE..].to_vec(),
        })
    }

    /// The header page: every field, the tail (zero-filled to `page_size`), and a fresh checksum.
    pub fn encode(&self, page_size: usize) -> Vec<u8> {
        let mut b = vec![0u8; page_size.max(DBFILEHDR_SIZE)];
        let n = self.tail.len().min(b.len() - DBFILEHDR_SIZE);
        b[DBFILEHDR_SIZE..DBFILEHDR_SIZE + n].copy_from_slice(&self.tail[..n]);
        {
            let b = &mut b[..];
            put_u32(b, 4, self.magic);
            put_u32(b, 8, self.version);
            put_u32(b, 12, self.attrib);
            put_u64(b, 16, self.dbtime);
            self.sign_db.encode(&mut b[24..]);
            put_u32(b, 52, self.db_state);
            self.lgpos_consistent.encode(&mut b[56..]);
            self.logtime_consistent.encode(&mut b[64..]);
            self.logtime_attach.encode(&mut b[72..]);
            self.lgpos_attach.encode(&mut b[80..]);
            self.logtime_detach.encode(&mut b[88..]);
            self.lgpos_detach.encode(&mut b[96..]);
            put_u32(b, 104, self.dbid);
            self.sign_log.encode(&mut b[108..]);
            self.bkinfo_full_prev.encode(&mut b[136..]);
            self.bkinfo_inc_prev.encode(&mut b[160..]);
            self.bkinfo_full_cur.encode(&mut b[184..]);
            put_u32(b, 208, self.db_flags);
            put_u32(b, 212, self.objid_last);
            put_u32(b, 216, self.os_major);
            put_u32(b, 220, self.os_minor);
            put_u32(b, 224, self.os_build);
            put_u32(b, 228, self.os_sp);
            put_u32(b, 232, self.update_major);
            put_u32(b, 236, self.page_size);
            put_u32(b, 240, self.repair_count);
            self.logtime_repair.encode(&mut b[244..]);
            b[252..280].copy_from_slice(&self.reserved_sign_slv);
            put_u64(b, 280, self.dbtime_last_scrub);
            self.logtime_scrub.encode(&mut b[288..]);
            put_u32(b, 296, self.gen_min_required as u32);
            put_u32(b, 300, self.gen_max_required as u32);
            put_u32(b, 304, self.cpg_upgrade_55_format as u32);
            put_u32(b, 308, self.cpg_upgrade_free_pages as u32);
            put_u32(b, 312, self.cpg_upgrade_space_map_pages as u32);
            self.bkinfo_snapshot_cur.encode(&mut b[316..]);
            put_u32(b, 340, self.create_version);
            put_u32(b, 344, self.create_update);
            self.logtime_gen_max_create.encode(&mut b[348..]);
            put_u32(b, 356, self.bkinfo_type_full_prev);
            put_u32(b, 360, self.bkinfo_type_inc_prev);
            put_u32(b, 364, self.repair_count_old);
            put_u32(b, 368, self.ecc_fix_success);
            self.logtime_ecc_fix_success.encode(&mut b[372..]);
            put_u32(b, 380, self.ecc_fix_success_old);
            put_u32(b, 384, self.ecc_fix_fail);
            self.logtime_ecc_fix_fail.encode(&mut b[388..]);
            put_u32(b, 396, self.ecc_fix_fail_old);
            put_u32(b, 400, self.bad_checksum);
            self.logtime_bad_checksum.encode(&mut b[404..]);
            put_u32(b, 412, self.bad_checksum_old);
            put_u32(b, 416, self.gen_max_committed as u32);
            self.bkinfo_copy_prev.encode(&mut b[420..]);
            self.bkinfo_diff_prev.encode(&mut b[444..]);
            put_u32(b, 468, self.bkinfo_type_copy_prev);
            put_u32(b, 472, self.bkinfo_type_diff_prev);
            put_u32(b, 476, self.incremental_reseed_count);
            self.logtime_incremental_reseed.encode(&mut b[480..]);
            put_u32(b, 488, self.incremental_reseed_count_old);
            put_u32(b, 492, self.page_patch_count);
            self.logtime_page_patch.encode(&mut b[496..]);
            put_u32(b, 504, self.page_patch_count_old);
            put_u64(b, 508, self.sort_version);
            self.logtime_dbscan_prev.encode(&mut b[516..]);
            self.logtime_dbscan_start.encode(&mut b[524..]);
            put_u32(b, 532, self.pgno_dbscan_highest_continuous);
            put_u32(b, 536, self.gen_recovering as u32);
            put_u32(b, 540, self.extend_count);
            self.logtime_last_extend.encode(&mut b[544..]);
            put_u32(b, 552, self.shrink_count);
            self.logtime_last_shrink.encode(&mut b[556..]);
            self.logtime_last_reattach.encode(&mut b[564..]);
            self.lgpos_last_reattach.encode(&mut b[572..]);
            put_u32(b, 580, self.trim_count);
            self.sign_db_hdr_flush.encode(&mut b[584..]);
            self.sign_flush_map_hdr_flush.encode(&mut b[612..]);
            put_u32(b, 640, self.gen_min_consistent as u32);
            put_u32(b, 644, self.update_minor);
            put_u32(b, 648, self.efv_max_bin_attach_diagnostic);
            put_u32(b, 652, self.pgno_dbscan_highest);
            self.lgpos_last_resize.encode(&mut b[656..]);
            b[664..667].copy_from_slice(&self.reserved_664);
            put_u32(b, 667, self.file_type);
            b[671] = self.reserved_671;
            self.logtime_gen_max_required.encode(&mut b[672..]);
            put_u32(b, 680, self.gen_pre_redo_min_consistent as u32);
            put_u32(b, 684, self.gen_pre_redo_min_required as u32);
            self.sign_rbs_hdr_flush.encode(&mut b[688..]);
            put_u32(b, 716, self.revert_count);
            self.logtime_revert_from.encode(&mut b[720..]);
            self.logtime_revert_to.encode(&mut b[728..]);
            put_u32(b, 736, self.revert_page_count);
            self.lgpos_commit_before_revert.encode(&mut b[740..]);
        }
        let sum = checksum::xor_checksum(&b);
        put_u32(&mut b, 0, sum);
        b
    }
}

/// Check a header page as read from disk: its checksum, its magic, its format
/// version and that the page size it names is the one it was read with.
/// `JetError::ReadVerifyFailure` for a bad checksum (the caller may try the
/// shadow copy), `InvalidDatabase` / `InvalidDatabaseVersion` /
/// `PageSizeMismatch` for a good page that is not ours.
pub fn verify_header(b: &[u8], page_size: usize) -> JetResult<DbHeader> {
    if b.len() != page_size || page_size < DBFILEHDR_SIZE || page_size % 32 != 0 {
        return Err(JetError::InvalidParameter);
    }
    if checksum::xor_checksum(b) != u32_at(b, 0) {
        return Err(JetError::ReadVerifyFailure);
    }
    let h = DbHeader::decode(b)?;
    if h.magic != DB_MAGIC {
        return Err(JetError::InvalidDatabase);
    }
    if h.version != FORMAT_VERSION {
        return Err(JetError::InvalidDatabaseVersion);
    }
    if h.page_size() != page_size {
        return Err(JetError::PageSizeMismatch);
    }
    Ok(h)
}

/// Find the page size of a header from its first bytes: tries each valid page
/// size, as ESE does when it opens a file of unknown page size. `bytes` must
/// hold at least the first page (64 KiB is always enough).
pub fn detect_page_size(bytes: &[u8]) -> Option<usize> {
    super::PAGE_SIZES
        .iter()
        .copied()
        .find(|&ps| bytes.len() >= ps && verify_header(&bytes[..ps], ps).is_ok())
}
