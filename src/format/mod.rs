//! Pure encode/decode of ESE's on-disk structures.
//!
//! Owns: the database file header (DBFILEHDR) and its shadow, the page header
//! (small and large page layouts), page tags, node layout (flags, key prefix
//! compression), page checksums, LGPOS, LOGTIME, signatures, DB time, and the
//! space structures (space header, split buffer, extent nodes).
//! Must never: do I/O or keep state. Everything here is a function of byte
//! slices, so it can be fuzzed.

pub mod checksum;
pub mod header;
mod le;
pub mod page;
pub mod space;

pub use checksum::{update_checksum, verify_page};
pub use header::{BkInfo, DbHeader, DbTime, Lgpos, LogTime, Signature, dbstate};
pub use page::{NodeOut, NodeRef, PageData, PageHeader, PageView};

/// `JetError::InternalError` for a broken invariant of this crate's own
/// making (never bad input); tests print where it came from.
#[cold]
pub(crate) fn internal_error(file: &str, line: u32) -> crate::error::JetError {
    if cfg!(test) {
        eprintln!("internal error at {file}:{line}");
    }
    crate::error::JetError::InternalError
}

/// The page sizes ESE supports for databases (2 KiB pages were dropped by Windows 10).
pub const PAGE_SIZES: [usize; 4] = [4096, 8192, 16384, 32768];

/// Page numbers and object ids ESE gives the structures every database has.
pub mod fixed {
    /// The database root: owns all space.
    pub const PGNO_SYSTEM_ROOT: u32 = 1;
    pub const OBJID_SYSTEM_ROOT: u32 = 1;
    /// MSysObjects, the catalog.
    pub const PGNO_MSO: u32 = 4;
    pub const OBJID_MSO: u32 = 2;
    pub const CPG_MSO: u32 = 20;
    /// MSysObjects' secondary indexes (Name, RootObjects), carved from its space.
    pub const PGNO_MSO_NAME_INDEX: u32 = 7;
    pub const OBJID_MSO_NAME_INDEX: u32 = 4;
    pub const PGNO_MSO_ROOT_OBJECT_INDEX: u32 = 10;
    pub const OBJID_MSO_ROOT_OBJECT_INDEX: u32 = 5;
    /// MSysObjectsShadow, the catalog's backup copy.
    pub const PGNO_MSO_SHADOW: u32 = 24;
    pub const OBJID_MSO_SHADOW: u32 = 3;
    /// Its size: 5 pages for 4 KiB pages and up (6 for 2 KiB).
    pub const CPG_MSO_SHADOW: u32 = 5;
    /// Pages a multiple-extent tree needs at least: root, OwnExt, AvailExt.
    pub const CPG_MULTIPLE_EXTENT_MIN: u32 = 3;
    /// Pages before page 1: the header and its shadow.
    pub const CPG_DB_RESERVED: u32 = 2;
}

#[cfg(test)]
pub(crate) mod testdata;

#[cfg(test)]
mod sample_tests {
    use super::testdata::{SAMPLES, sample_bytes};
    use super::*;
    use crate::error::JetError;

    #[test]
    fn sample_headers_decode_and_round_trip() {
        for name in SAMPLES {
            let f = sample_bytes(name);
            assert_eq!(header::detect_page_size(&f), Some(4096), "{name}");
            let h = header::verify_header(&f[..4096], 4096).unwrap();
            assert_eq!(h.version, 0x620);
            assert_eq!(h.update_major, 20);
            assert_eq!(h.page_size(), 4096);
            assert_eq!(h.db_state, dbstate::CLEAN_SHUTDOWN, "{name}");
            assert_eq!(h.file_type, header::FILETYPE_DATABASE);
            assert!(h.dbtime > 0 && h.objid_last >= 5);
            assert_eq!(h.encode(4096), &f[..4096], "{name}: header round trip");
            // the shadow is a copy
            assert_eq!(&f[4096..8192], &f[..4096]);
            let mut bad = f[..4096].to_vec();
            bad[100] ^= 0x10;
            assert_eq!(header::verify_header(&bad, 4096).err(), Some(JetError::ReadVerifyFailure));
        }
    }

    #[test]
    fn every_sample_page_verifies_and_parses() {
        for name in SAMPLES {
            let f = sample_bytes(name);
            let ps = 4096;
            let npages = f.len() / ps - 2;
            let mut used = 0;
            for pgno in 1..=npages as u32 {
                let p = &f[(pgno as usize + 1) * ps..(pgno as usize + 2) * ps];
                match verify_page(pgno, p, ps) {
                    Err(JetError::PageNotInitialized) => continue,
                    r => assert_eq!(r, Ok(()), "{name} page {pgno}"),
                }
                used += 1;
                // header round trip
                let h = PageHeader::decode(p, ps);
                let mut b = vec![0u8; ps];
                h.encode(&mut b);
                assert_eq!(&b[..40], &p[..40], "{name} page {pgno}");
                assert_eq!(h.flags & page::flags::NEW_CHECKSUM, page::flags::NEW_CHECKSUM);
                // every node parses
                let v = PageView::new(p).unwrap();
                for i in 0..v.line_count() {
                    v.node(i).unwrap();
                }
                // re-encoding keeps every node (layout and prefix may differ)
                let pd = PageData::decode(&v).unwrap();
                if pd.fits() {
                    let img = pd.encode().unwrap();
                    let v2 = PageView::new(&img).unwrap();
                    assert_eq!(PageData::decode(&v2).unwrap().nodes, pd.nodes);
                    if v.is_root() {
                        assert_eq!(v2.external_header(), v.external_header());
                    }
                    assert_eq!((v2.flags(), v2.prev(), v2.next(), v2.dbtime()), (v.flags(), v.prev(), v.next(), v.dbtime()));
                }
                // a flipped bit is caught, as is the wrong page number
                let mut bad = p.to_vec();
                bad[ps / 3] ^= 0x04;
                assert_eq!(verify_page(pgno, &bad, ps), Err(JetError::ReadVerifyFailure));
                assert_eq!(verify_page(pgno + 1, p, ps), Err(JetError::ReadVerifyFailure));
                // recomputing the checksum reproduces it
                let mut again = p.to_vec();
                update_checksum(&mut again, pgno);
                assert_eq!(again, p, "{name} page {pgno}");
            }
            assert!(used >= 20, "{name}: {used} pages in use");
        }
    }
}
