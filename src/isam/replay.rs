//! Replaying logged pages into database files (crash recovery and restore).
//!
//! Owns: applying a commit's page entries, whole images and deltas, to the
//! files they belong to, with a small cache of pages being replayed, and the
//! check that every page ends as its last entry says.
//! Must never: decide which records to replay or which file a database id
//! names (the caller does), or interpret page contents.
//!
//! Why deltas can be replayed over whatever the file holds: the cache never
//! writes a dirty page except at a checkpoint, which writes every page as it
//! was at the checkpoint's position and only then moves the checkpoint. So
//! when replay starts, each byte of a page in the file is that byte as of the
//! replay start or later (a page torn by a crash mixes two such states). A
//! delta gives the absolute new value of every byte that changed; replaying
//! all entries in order leaves every byte some entry wrote at its last
//! written value and every other byte unchanged since the replay start, which
//! is the page as the last entry left it. A page whose bytes are older than
//! that (a file restored from elsewhere, or a truncated one) is caught: every
//! logged page state carries its checksum, so a page whose last entry was a
//! delta and that does not verify at the end is JET_errDbTimeTooOld.

use crate::error::{JetError, JetResult};
use crate::format::checksum;
use crate::log::PageImage;
use crate::os::File;
use crate::util::hash::FastMap;
use std::sync::Arc;

/// Pages kept in memory before they are written out.
const CACHED_PAGES: usize = 4096;

struct Cached {
    data: Box<[u8]>,
    /// The last entry was a delta and the page does not verify yet (a torn
    /// page that a later entry may still complete).
    pending: bool,
}

/// Replays page entries into files, each known by a key the caller chooses.
#[derive(Default)]
pub struct PageReplay {
    files: FastMap<u64, (Arc<dyn File>, usize)>,
    pages: FastMap<(u64, u32), Cached>,
    /// Pages written out while they did not verify yet.
    pending: crate::util::hash::FastSet<(u64, u32)>,
}

impl PageReplay {
    pub fn new() -> PageReplay {
        PageReplay::default()
    }

    /// Apply one page entry to the file known as `key` (pages of `page_size`
    /// bytes). Page 0 stands for the database header, written to both
    /// header pages. Returns the page's bytes after the entry (None for the
    /// header: its entry is its image).
    pub fn apply(&mut self, key: u64, file: &Arc<dyn File>, page_size: usize, p: &PageImage<'_>) -> JetResult<Option<&[u8]>> {
        // the caller's handle of the moment (a file detached, then created anew, is another file)
        if !self.files.get(&key).is_some_and(|(f, _)| Arc::ptr_eq(f, file)) {
            self.files.insert(key, (file.clone(), page_size));
        }
        if p.pgno == 0 {
            if p.is_delta() {
                return Err(JetError::LogFileCorrupt);
            }
            file.write_at(p.data, 0)?;
            file.write_at(p.data, page_size as u64)?;
            return Ok(None);
        }
        if self.pages.len() >= CACHED_PAGES && !self.pages.contains_key(&(key, p.pgno)) {
            self.write_out(None)?;
        }
        let at = (key, p.pgno);
        if !p.is_delta() {
            if p.data.len() != page_size {
                return Err(JetError::LogFileCorrupt);
            }
            self.pending.remove(&at);
            let c = self.pages.entry(at).or_insert_with(|| Cached { data: vec![0u8; page_size].into_boxed_slice(), pending: false });
            c.data.copy_from_slice(p.data);
            c.pending = false;
            return Ok(Some(&c.data));
        }
        if !self.pages.contains_key(&at) {
            let data = read_page(file.as_ref(), p.pgno, page_size)?;
            self.pages.insert(at, Cached { data, pending: false });
        }
        self.pending.remove(&at);
        let c = self.pages.get_mut(&at).unwrap();
        crate::log::delta::apply(&mut c.data, p.data)?;
        c.pending = checksum::verify_page(p.pgno, &c.data, page_size).is_err();
        Ok(Some(&c.data))
    }

    /// Write out the cached pages of one file (all files: `None`); those
    /// whose last delta's result was not reached yet are remembered for `finish`.
    fn write_out(&mut self, only: Option<u64>) -> JetResult<()> {
        let keys: Vec<(u64, u32)> = self.pages.keys().filter(|(k, _)| only.is_none_or(|o| o == *k)).copied().collect();
        for at in keys {
            let c = self.pages.remove(&at).unwrap();
            let (file, ps) = &self.files[&at.0];
            file.write_at(&c.data, (at.1 as u64 + 1) * *ps as u64)?;
            if c.pending {
                self.pending.insert(at);
            }
        }
        Ok(())
    }

    /// Write out the pages of the file known as `key` (it is being detached;
    /// the caller syncs it). Its check waits for `finish`: a later entry may
    /// still bring a torn page to its state.
    pub fn close(&mut self, key: u64) -> JetResult<()> {
        self.write_out(Some(key))
    }

    /// The file known as `key` is being created anew: write out what is
    /// cached for it and drop its checks (its old pages are gone).
    pub fn forget(&mut self, key: u64) -> JetResult<()> {
        self.write_out(Some(key))?;
        self.pending.retain(|(k, _)| *k != key);
        Ok(())
    }

    /// Write out every cached page, without the end-of-replay check (a
    /// replay stopped part way). The caller syncs the files.
    pub fn write_all(&mut self) -> JetResult<()> {
        self.write_out(None)
    }

    /// The replay is complete: write out every cached page and check that
    /// each page ends as its last entry left it. The caller syncs the files.
    pub fn finish(&mut self) -> JetResult<()> {
        self.write_out(None)?;
        for at in std::mem::take(&mut self.pending) {
            let (file, ps) = &self.files[&at.0];
            if checksum::verify_page(at.1, &read_page(file.as_ref(), at.1, *ps)?, *ps).is_err() {
                return Err(JetError::DbTimeTooOld);
            }
        }
        Ok(())
    }
}

/// A page as the file holds it, unverified (it may be torn); zeros past the end.
fn read_page(file: &dyn File, pgno: u32, page_size: usize) -> JetResult<Box<[u8]>> {
    let mut data = vec![0u8; page_size].into_boxed_slice();
    let off = (pgno as u64 + 1) * page_size as u64;
    match file.read_at(&mut data, off) {
        Ok(()) => {}
        Err(JetError::FileIOBeyondEOF) => {
            let size = file.size()?;
            if size > off {
                let n = (size - off) as usize;
                data.fill(0);
                file.read_at(&mut data[..n], off)?;
            } else {
                data.fill(0);
            }
        }
        Err(e) => return Err(e),
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::{FileSystem, LocalFs, OpenMode};

    fn file(name: &str) -> Arc<dyn File> {
        let d = std::env::temp_dir().join(format!("esent-replay-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        LocalFs.open(&d.join("db"), OpenMode::CreateOrTruncate).unwrap()
    }

    fn delta(old: &[u8], new: &[u8]) -> Vec<u8> {
        let mut d = Vec::new();
        assert!(crate::log::delta::encode(old, new, &mut d));
        d
    }

    /// A page numbered `pgno` whose bytes `fill` sets, with its checksum.
    fn page(ps: usize, pgno: u32, fill: impl FnOnce(&mut [u8])) -> Vec<u8> {
        let mut p = vec![0u8; ps];
        p[40..].fill(1);
        fill(&mut p);
        checksum::update_checksum(&mut p, pgno);
        p
    }

    #[test]
    fn deltas_over_a_torn_page_end_as_the_last_entry() {
        let f = file("torn");
        let ps = 4096;
        let s0 = page(ps, 1, |_| {});
        let s1 = page(ps, 1, |p| p[10..20].fill(2));
        let s2 = page(ps, 1, |p| {
            p[10..20].fill(2);
            p[3000..3100].fill(3);
        });
        let s3 = page(ps, 1, |p| {
            p[10..20].fill(2);
            p[3000..3100].fill(3);
            p[10..12].fill(4);
        });
        // the file holds a mix of s0 and s2 (a checkpoint torn while writing s2)
        let mut torn = s0.clone();
        torn[2048..].copy_from_slice(&s2[2048..]);
        f.write_at(&torn, 2 * ps as u64).unwrap();
        let mut r = PageReplay::new();
        for (a, b) in [(&s0, &s1), (&s1, &s2), (&s2, &s3)] {
            let d = delta(a, b);
            r.apply(1, &f, ps, &PageImage::delta(1, 1, &d)).unwrap();
        }
        r.finish().unwrap();
        let mut got = vec![0u8; ps];
        f.read_at(&mut got, 2 * ps as u64).unwrap();
        assert_eq!(got, s3);
    }

    #[test]
    fn images_and_deltas_past_the_end_and_across_write_outs() {
        let f = file("many");
        let ps = 4096;
        let mut r = PageReplay::new();
        let mut want = Vec::new();
        for pgno in 1..=(CACHED_PAGES as u32 + 10) {
            let base = vec![0u8; ps];
            let img = page(ps, pgno, |p| {
                p[40..].fill(0);
                p[64..68].copy_from_slice(&pgno.to_le_bytes());
            });
            // a new page's first entry may be a delta from zeros (past the end)
            let d = delta(&base, &img);
            r.apply(1, &f, ps, &PageImage::delta(1, pgno, &d)).unwrap();
            let next = page(ps, pgno, |p| {
                p[40..].fill(0);
                p[64..68].copy_from_slice(&pgno.to_le_bytes());
                p[100] = 9;
            });
            if pgno % 2 == 0 {
                r.apply(1, &f, ps, &PageImage::full(1, pgno, &next)).unwrap();
            } else {
                r.apply(1, &f, ps, &PageImage::delta(1, pgno, &delta(&img, &next))).unwrap();
            }
            want.push(next);
        }
        r.finish().unwrap();
        for (i, w) in want.iter().enumerate() {
            let mut got = vec![0u8; ps];
            f.read_at(&mut got, (i as u64 + 2) * ps as u64).unwrap();
            assert_eq!(&got, w, "page {}", i + 1);
        }
    }

    #[test]
    fn a_page_older_than_the_log_expects_is_an_error() {
        let f = file("old");
        let ps = 4096;
        let s1 = page(ps, 1, |p| p[10] = 2);
        let s2 = page(ps, 1, |p| {
            p[10] = 2;
            p[20] = 3;
        });
        // the file holds a page from before s1, with other bytes elsewhere
        let old = page(ps, 1, |p| p[4000] = 7);
        f.write_at(&old, 2 * ps as u64).unwrap();
        let mut r = PageReplay::new();
        let d = delta(&s1, &s2);
        r.apply(1, &f, ps, &PageImage::delta(1, 1, &d)).unwrap();
        assert_eq!(r.finish(), Err(JetError::DbTimeTooOld));
    }
}
