//! Page deltas: the bytes of a page that a commit changed, as a log page
//! entry of form 2 (docs/log-format.md).
//!
//! A delta is runs of `(offset u16, length u16, bytes)` giving the new value
//! of every byte that differs from the page as last logged. The runs hold
//! absolute bytes, so replaying a delta twice, or over a page that already
//! holds a later state of the same bytes, gives the same page: recovery relies
//! on that (see `isam::replay`). Pure functions on bytes.

use crate::error::{JetError, JetResult};

/// Equal bytes shorter than this between two changed runs are carried in one
/// run: a run header costs four bytes.
const MERGE_GAP: usize = 16;

/// Bytes compared at a time while looking for a change.
const STRIDE: usize = 64;

fn word(b: &[u8], at: usize) -> u64 {
    u64::from_ne_bytes(b[at..at + 8].try_into().unwrap())
}

/// Whether the 64 bytes at `at` are equal (a branch-free compare the
/// compiler vectorizes).
fn same_stride(old: &[u8], new: &[u8], at: usize) -> bool {
    let (a, b): (&[u8; STRIDE], &[u8; STRIDE]) = (old[at..at + STRIDE].try_into().unwrap(), new[at..at + STRIDE].try_into().unwrap());
    let mut x = 0u64;
    for k in 0..STRIDE / 8 {
        x |= u64::from_ne_bytes(a[k * 8..k * 8 + 8].try_into().unwrap()) ^ u64::from_ne_bytes(b[k * 8..k * 8 + 8].try_into().unwrap());
    }
    x == 0
}

/// Append the delta taking `old` to `new` (same length, a multiple of 64, at
/// most 32 KiB) to `out`. Returns false, leaving `out` as it was, when the
/// delta would not be clearly smaller than the page (log the image instead).
pub fn encode(old: &[u8], new: &[u8], out: &mut Vec<u8>) -> bool {
    let n = new.len();
    if old.len() != n || n % STRIDE != 0 || n > 32768 {
        return false;
    }
    let start_len = out.len();
    let limit = start_len + n / 2;
    let mut i = 0;
    while i < n {
        if i % STRIDE == 0 && same_stride(old, new, i) {
            i += STRIDE;
            continue;
        }
        if word(old, i) == word(new, i) {
            i += 8;
            continue;
        }
        // a changed run: extend it across short equal gaps
        let first = i;
        let mut last = i; // last changed word
        i += 8;
        while i < n && i - last <= MERGE_GAP {
            if word(old, i) != word(new, i) {
                last = i;
            }
            i += 8;
        }
        let mut from = first;
        let mut to = last + 8;
        while old[from] == new[from] {
            from += 1;
        }
        while old[to - 1] == new[to - 1] {
            to -= 1;
        }
        out.extend_from_slice(&(from as u16).to_le_bytes());
        out.extend_from_slice(&((to - from) as u16).to_le_bytes());
        out.extend_from_slice(&new[from..to]);
        if out.len() > limit {
            out.truncate(start_len);
            return false;
        }
    }
    true
}

/// Apply a delta to `page`. A delta that does not parse or reaches past the
/// page is JET_errLogFileCorrupt (the page may be partly changed then).
pub fn apply(page: &mut [u8], delta: &[u8]) -> JetResult<()> {
    let corrupt = JetError::LogFileCorrupt;
    let mut at = 0;
    while at < delta.len() {
        if delta.len() - at < 4 {
            return Err(corrupt);
        }
        let off = u16::from_le_bytes([delta[at], delta[at + 1]]) as usize;
        let len = u16::from_le_bytes([delta[at + 2], delta[at + 3]]) as usize;
        at += 4;
        if len == 0 || delta.len() - at < len || off + len > page.len() {
            return Err(corrupt);
        }
        page[off..off + len].copy_from_slice(&delta[at..at + len]);
        at += len;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::record::testrng::Rng;

    fn below(rng: &mut Rng, n: usize) -> usize {
        rng.below(n as u32) as usize
    }

    /// Random edits of the kinds a B-tree page sees: a few bytes here and
    /// there, a block moved, the tail rewritten.
    fn edit(rng: &mut Rng, page: &mut [u8]) {
        match below(rng, 4) {
            0 => {
                for _ in 0..1 + below(rng, 5) {
                    let at = below(rng, page.len());
                    page[at] = rng.next_u64() as u8;
                }
            }
            1 => {
                let len = 1 + below(rng, 200);
                let at = below(rng, page.len() - len);
                for b in &mut page[at..at + len] {
                    *b = rng.next_u64() as u8;
                }
            }
            2 => {
                let len = below(rng, page.len() / 2);
                let from = below(rng, page.len() - len);
                let to = below(rng, page.len() - len);
                page.copy_within(from..from + len, to);
            }
            _ => {
                let at = below(rng, page.len());
                page[at..].fill(rng.next_u64() as u8);
            }
        }
    }

    #[test]
    fn deltas_rebuild_the_new_page_and_are_idempotent() {
        let mut rng = Rng::new(0x1234_5678_9abc_def1);
        for size in [4096usize, 8192, 16384, 32768] {
            for _ in 0..300 {
                let old: Vec<u8> = (0..size).map(|_| rng.next_u64() as u8).collect();
                let mut new = old.clone();
                for _ in 0..1 + below(&mut rng, 3) {
                    edit(&mut rng, &mut new);
                }
                let mut d = vec![7u8; 3];
                if !encode(&old, &new, &mut d) {
                    assert_eq!(d, vec![7u8; 3], "a refused delta leaves the output alone");
                    continue;
                }
                assert!(d.len() - 3 <= size / 2);
                let mut page = old.clone();
                apply(&mut page, &d[3..]).unwrap();
                assert_eq!(page, new);
                // twice, or over the result: the same page
                apply(&mut page, &d[3..]).unwrap();
                assert_eq!(page, new);
            }
        }
    }

    #[test]
    fn a_small_change_gives_a_small_delta() {
        let old = vec![0u8; 8192];
        let mut new = old.clone();
        new[100] = 1;
        new[108] = 2; // merged with the first run
        new[5000..5040].fill(9);
        let mut d = Vec::new();
        assert!(encode(&old, &new, &mut d));
        assert_eq!(d.len(), (4 + 9) + (4 + 40));
        let same = encode(&old, &old, &mut Vec::new());
        assert!(same);
    }

    #[test]
    fn whole_page_changes_are_refused() {
        let old = vec![0u8; 4096];
        let new = vec![1u8; 4096];
        let mut d = Vec::new();
        assert!(!encode(&old, &new, &mut d));
        assert!(d.is_empty());
    }

    #[test]
    fn malformed_deltas_are_errors() {
        let mut page = vec![0u8; 4096];
        for bad in [&[1u8, 2][..], &[0xFE, 0x0F, 4, 0, 1, 2, 3, 4][..], &[0, 0, 9, 0, 1][..], &[8, 0, 0, 0][..], &[1][..]] {
            assert_eq!(apply(&mut page, bad), Err(JetError::LogFileCorrupt), "{bad:?}");
        }
    }
}
