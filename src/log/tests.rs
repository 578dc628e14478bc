//! Tests of the whole log: round trips, roll-over, group commit, crashes,
//! injected I/O failures, damage detection, checkpoints and deletion.

use super::*;
use crate::os::fault::{Fault, FaultFs, FaultOp, FaultPlan};
use crate::os::{FileSystem, LocalFs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A fresh directory, removed when dropped (log sets preallocate megabytes).
struct TmpDir(PathBuf);

impl std::ops::Deref for TmpDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TmpDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tmpdir(name: &str) -> TmpDir {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "esent-log-{}-{}-{}",
        name,
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    TmpDir(d)
}

/// Small files so that tests roll often; no lazy flushes unless a test asks.
fn config(dir: &Path, file_size: u64) -> LogConfig {
    let mut c = LogConfig::new(dir, "edb");
    c.file_size = file_size;
    c.lazy_flush_delay = Duration::from_secs(3600);
    c
}

fn local() -> Arc<dyn FileSystem> {
    Arc::new(LocalFs)
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// An owned copy of a record, to compare what was appended with what is replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rec {
    Commit(u64, Vec<(u32, u32, Vec<u8>)>),
    Create(u32, u32, u32, Signature, PathBuf),
    Attach(u32, u32, u32, Signature, PathBuf),
    Detach(u32),
    Term,
    Opaque(u32, Vec<u8>),
}

fn own(r: &LogRecord<'_>) -> Rec {
    match r {
        LogRecord::Commit { commit_id, pages } => {
            Rec::Commit(*commit_id, pages.iter().map(|p| (p.dbid, p.pgno, p.data.to_vec())).collect())
        }
        LogRecord::CreateDatabase(d) => Rec::Create(d.dbid, d.page_size, d.grbit, d.signature, d.path.to_path_buf()),
        LogRecord::AttachDatabase(d) => Rec::Attach(d.dbid, d.page_size, d.grbit, d.signature, d.path.to_path_buf()),
        LogRecord::DetachDatabase { dbid } => Rec::Detach(*dbid),
        LogRecord::Term => Rec::Term,
        LogRecord::Opaque { tag, data } => Rec::Opaque(*tag, data.to_vec()),
    }
}

fn db(dbid: u32, page_size: u32, grbit: u32, signature: Signature, path: &Path) -> DatabaseRef<'_> {
    DatabaseRef { dbid, page_size, grbit, signature, path }
}

fn append(log: &Log, r: &Rec) -> JetResult<Lgpos> {
    match r {
        Rec::Commit(id, pages) => log.append(&LogRecord::Commit {
            commit_id: *id,
            pages: pages.iter().map(|(d, p, b)| PageImage::full(*d, *p, b)).collect(),
        }),
        Rec::Create(d, ps, g, s, p) => log.append(&LogRecord::CreateDatabase(db(*d, *ps, *g, *s, p))),
        Rec::Attach(d, ps, g, s, p) => log.append(&LogRecord::AttachDatabase(db(*d, *ps, *g, *s, p))),
        Rec::Detach(d) => log.append(&LogRecord::DetachDatabase { dbid: *d }),
        Rec::Term => log.append(&LogRecord::Term),
        Rec::Opaque(t, b) => log.append(&LogRecord::Opaque { tag: *t, data: b }),
    }
}

fn opaque(rng: &mut Rng, tag: u32, max: u64) -> Rec {
    let n = rng.below(max) as usize;
    Rec::Opaque(tag, rng.bytes(n))
}

/// Everything from `from` (None: the checkpoint) on, read without changing the files.
fn scan_from(dir: &Path, file_size: u64, from: Option<Lgpos>) -> JetResult<(Replayed, Recovery)> {
    let mut out = Vec::new();
    let info = Log::scan(&LocalFs, &config(dir, file_size), from, |at, r| {
        out.push((at, own(r)));
        Ok(())
    })?;
    Ok((out, info))
}

fn scan(dir: &Path, file_size: u64) -> JetResult<(Replayed, Recovery)> {
    scan_from(dir, file_size, None)
}

type Replayed = Vec<(Lgpos, Rec)>;

fn open(dir: &Path, file_size: u64) -> JetResult<(Log, Replayed, Recovery)> {
    let mut out = Vec::new();
    let (log, info) = Log::open(local(), config(dir, file_size), |at, r| {
        out.push((at, own(r)));
        Ok(())
    })?;
    Ok((log, out, info))
}

fn recs(v: &[(Lgpos, Rec)]) -> Vec<Rec> {
    v.iter().map(|(_, r)| r.clone()).collect()
}

const SMALL: u64 = 64 * 1024;
const BIG: u64 = 8 << 20;

#[test]
fn append_flush_reopen_replay_round_trip() {
    let dir = tmpdir("roundtrip");
    let sig = Signature::generate();
    let page = |b: u8| vec![b; 8192];
    let first = vec![
        Rec::Create(1, 8192, 0, sig, dir.join("a.edb")),
        Rec::Attach(2, 32768, 1, sig, dir.join("b.edb")),
        Rec::Commit(10, vec![(1, 5, page(1)), (1, 6, page(2)), (2, 1, vec![3; 100])]),
        Rec::Opaque(77, b"hello".to_vec()),
        Rec::Detach(2),
        Rec::Term,
    ];
    let log = Log::create(local(), config(&dir, BIG)).unwrap();
    assert!(dir.join("edb.log").exists() && dir.join("edb.chk").exists());
    assert!(dir.join("edbres00001.jrs").exists() && dir.join("edbres00002.jrs").exists());
    let positions: Vec<Lgpos> = first.iter().map(|r| append(&log, r).unwrap()).collect();
    assert_eq!(positions[0], Lgpos::new(1, BLOCK));
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    assert!(log.durable() <= positions[0], "nothing durable before a flush");
    log.flush(positions[2]).unwrap();
    assert!(log.durable() > positions[2]);
    log.close().unwrap();

    let (log, got, info) = open(&dir, BIG).unwrap();
    assert_eq!(recs(&got), first);
    assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), positions);
    assert_eq!(info.records, 6);
    assert_eq!(info.start, Lgpos::new(1, BLOCK));
    assert_eq!(info.last_record, Some(RecordKind::Term));
    assert!(!info.tail_garbage);
    assert_eq!((info.first_generation, info.last_generation), (1, 1));
    assert_eq!(info.signature, Some(log.signature()));
    // writing continues in a new generation, after the old one
    assert_eq!(log.end(), Lgpos::new(2, BLOCK));
    let more = Rec::Opaque(1, vec![9; 3000]);
    append(&log, &more).unwrap();
    log.close().unwrap();
    assert!(dir.join("edb00001.log").exists());

    let (log, got, info) = open(&dir, BIG).unwrap();
    let mut all = first.clone();
    all.push(more);
    assert_eq!(recs(&got), all, "replay starts at the checkpoint, across generations");
    assert_eq!(info.last_generation, 2);
    let files = log.log_files().unwrap();
    assert_eq!(files.iter().map(|f| (f.generation, f.current)).collect::<Vec<_>>(), vec![(1, false), (2, false), (3, true)]);
    drop(log);
}

#[test]
fn random_sizes_across_many_generations() {
    let dir = tmpdir("random");
    let mut rng = Rng(0x5EED_1234);
    let log = Log::create(local(), config(&dir, SMALL)).unwrap();
    let mut appended = Vec::new();
    for i in 0..700u32 {
        let r = match rng.below(20) {
            // oversized: more than a whole generation file
            0 => opaque(&mut rng, i, 200_000),
            1..=3 => Rec::Commit(i as u64, vec![(1, i, rng.bytes(8192)), (1, i + 1, rng.bytes(8192))]),
            _ => opaque(&mut rng, i, 9000),
        };
        let at = append(&log, &r).unwrap();
        assert!(at.to_jet().is_some(), "a record start always fits JET_LGPOS");
        appended.push((at, r));
        if rng.below(8) == 0 {
            log.flush(at).unwrap();
        }
    }
    log.flush_all().unwrap();
    let stats = log.stats();
    assert!(stats.rolls > 30, "{stats:?}");
    assert_eq!(stats.records, 700);
    log.close().unwrap();
    let sizes: Vec<u64> = std::fs::read_dir(&*dir).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).collect();
    assert!(sizes.iter().any(|&s| s > SMALL), "an oversized record got a bigger file");

    let (got, info) = scan(&dir, SMALL).unwrap();
    assert_eq!(got, appended);
    assert_eq!(info.last_generation as u64, stats.rolls);
    let (log, got, _) = open(&dir, SMALL).unwrap();
    assert_eq!(got, appended);
    log.close().unwrap();
}

#[test]
fn concurrent_durable_commits_are_replayed_and_share_syncs() {
    let dir = tmpdir("concurrent");
    let log = Arc::new(Log::create(local(), config(&dir, 1 << 20)).unwrap());
    let acked = Arc::new(parking_lot::Mutex::new(Vec::new()));
    let (threads, per) = (8u64, 60u64);
    let syncs_before = log.stats().syncs;
    let hs: Vec<_> = (0..threads)
        .map(|t| {
            let (log, acked) = (Arc::clone(&log), Arc::clone(&acked));
            std::thread::spawn(move || {
                let mut rng = Rng(t + 1);
                for i in 0..per {
                    let id = t << 32 | i;
                    let r = Rec::Commit(id, vec![(1, i as u32, rng.bytes(4096))]);
                    let at = append(&log, &r).unwrap();
                    log.flush(at).unwrap();
                    assert!(log.durable() > at);
                    acked.lock().push(id);
                }
            })
        })
        .collect();
    for h in hs {
        h.join().unwrap();
    }
    let stats = log.stats();
    let syncs = stats.syncs - syncs_before;
    println!("group commit: {syncs} syncs for {} durable commits", threads * per);
    assert!(syncs < threads * per, "group commit: {syncs} syncs for {} commits", threads * per);
    // crash: whatever was acknowledged must come back
    Arc::try_unwrap(log).ok().unwrap().abandon();
    let (log, got, _) = open(&dir, 1 << 20).unwrap();
    let ids: Vec<u64> = got.iter().map(|(_, r)| if let Rec::Commit(id, _) = r { *id } else { panic!() }).collect();
    let mut want = acked.lock().clone();
    want.sort();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, want);
    for t in 0..threads {
        let mine: Vec<u64> = ids.iter().filter(|id| *id >> 32 == t).map(|id| id & 0xFFFF_FFFF).collect();
        assert_eq!(mine, (0..per).collect::<Vec<_>>(), "each thread's commits in its order");
    }
    log.close().unwrap();
}

#[test]
fn lazy_commits_are_flushed_by_the_background_within_the_delay() {
    let dir = tmpdir("lazy");
    let mut cfg = config(&dir, BIG);
    cfg.lazy_flush_delay = Duration::from_millis(30);
    let log = Log::create(local(), cfg).unwrap();
    let at = log.append(&LogRecord::Opaque { tag: 1, data: b"lazy" }).unwrap();
    let t0 = std::time::Instant::now();
    while log.durable() <= at {
        assert!(t0.elapsed() < Duration::from_secs(5), "lazy commit never flushed");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(t0.elapsed() >= Duration::from_millis(10), "not flushed before the delay");
    log.abandon();
    let (got, _) = scan(&dir, BIG).unwrap();
    assert_eq!(recs(&got), vec![Rec::Opaque(1, b"lazy".to_vec())]);

    // with a long delay, a crash loses the lazy commit (and nothing else)
    let (log, _, _) = open(&dir, BIG).unwrap();
    let a = log.append(&LogRecord::Opaque { tag: 2, data: b"durable" }).unwrap();
    log.flush(a).unwrap();
    log.append(&LogRecord::Opaque { tag: 3, data: b"lost" }).unwrap();
    log.abandon();
    let (got, _) = scan(&dir, BIG).unwrap();
    assert_eq!(recs(&got), vec![Rec::Opaque(1, b"lazy".to_vec()), Rec::Opaque(2, b"durable".to_vec())]);
}

#[test]
fn full_buffer_is_written_before_any_flush() {
    let dir = tmpdir("bulk");
    let log = Log::create(local(), config(&dir, BIG)).unwrap();
    let before = log.stats();
    let page = vec![7u8; 8192];
    let mut last = Lgpos::MIN;
    for i in 0..400u32 {
        last = log.append(&LogRecord::Commit { commit_id: i as u64, pages: vec![PageImage::full(1, i, &page)] }).unwrap();
    }
    let mid = log.stats();
    // 3.3 MB appended; at most one buffer waits in memory and one is being written
    let appended = 400 * (24 + 12 + 16 + 8192) as u64;
    assert!(mid.bytes_written - before.bytes_written >= appended - 2 * MIN_BUFFER as u64, "{mid:?}");
    assert_eq!(mid.syncs, before.syncs, "buffer-full writes do not sync");
    assert!(log.durable() <= last);
    log.flush_all().unwrap();
    assert!(log.durable() > last);
    log.close().unwrap();
    let (got, _) = scan(&dir, BIG).unwrap();
    assert_eq!(got.len(), 400);
}

#[test]
fn repeated_crashes_keep_a_prefix_with_everything_acknowledged() {
    for seed in 1..=4u64 {
        let dir = tmpdir("crashes");
        let mut rng = Rng(seed * 7919);
        // what the log holds (position, record) after the last recovery, and the checkpoint
        let mut model: Vec<(Lgpos, Rec)> = Vec::new();
        let mut checkpoint = Lgpos::MIN;
        for round in 0..6 {
            let (log, got, _) = open(&dir, SMALL).unwrap();
            let want: Vec<_> = model.iter().filter(|(at, _)| *at >= checkpoint).cloned().collect();
            assert_eq!(got, want, "seed {seed} round {round}");
            let mut session = Vec::new();
            let mut acked = 0;
            for i in 0..rng.below(300) as u32 {
                let r = match rng.below(10) {
                    0 => opaque(&mut rng, i, 150_000),
                    1..=4 => Rec::Commit(i as u64, vec![(1, i, rng.bytes(8192))]),
                    _ => opaque(&mut rng, i, 3000),
                };
                let at = append(&log, &r).unwrap();
                session.push((at, r));
                match rng.below(12) {
                    0 => {
                        log.flush(at).unwrap();
                        acked = session.len();
                    }
                    1 => {
                        let (cp, _) = session[rng.below(session.len() as u64) as usize].clone();
                        log.write_checkpoint(cp, b"").unwrap();
                        checkpoint = cp;
                        acked = acked.max(session.iter().filter(|(a, _)| *a <= cp).count());
                    }
                    _ => {}
                }
            }
            log.abandon();
            let (got, _) = scan_from(&dir, SMALL, Some(Lgpos::MIN)).unwrap();
            assert_eq!(&got[..model.len()], &model[..], "seed {seed} round {round}: earlier rounds intact");
            assert_eq!(&got[model.len()..], &session[..got.len() - model.len()], "seed {seed} round {round}: a prefix");
            let survived = got.iter().filter(|(at, _)| session.first().is_some_and(|(s, _)| at >= s)).count();
            assert!(survived >= acked, "seed {seed} round {round}: {survived} < {acked}");
            model.extend(session.into_iter().take(survived));
        }
    }
}

/// The fault-injection workload: durable commits every third record, rolls
/// every few records. Returns how many records were acknowledged durable and
/// the first error.
fn faulty_workload(log: &Log, records: &[Rec]) -> (usize, Option<JetError>) {
    let mut acked = 0;
    for (i, r) in records.iter().enumerate() {
        let at = match append(log, r) {
            Ok(at) => at,
            Err(e) => return (acked, Some(e)),
        };
        if i % 3 == 2 {
            match log.flush(at) {
                Ok(()) => acked = i + 1,
                Err(e) => return (acked, Some(e)),
            }
        }
    }
    match log.flush_all() {
        Ok(()) => (records.len(), None),
        Err(e) => (acked, Some(e)),
    }
}

fn workload_records() -> Vec<Rec> {
    let mut rng = Rng(99);
    (0..45).map(|i| opaque(&mut rng, i, 14_000)).collect()
}

/// Replay after a failure: exactly a prefix of what was appended, holding
/// at least every acknowledged record; and the log can be opened and written.
fn check_after_failure(dir: &Path, records: &[Rec], acked: usize, what: &str) {
    let (got, _) = scan(dir, SMALL).unwrap_or_else(|e| panic!("{what}: scan failed with {e}"));
    let got = recs(&got);
    assert!(got.len() >= acked, "{what}: {} replayed, {acked} acknowledged", got.len());
    assert_eq!(&got[..], &records[..got.len()], "{what}: replay is not a prefix");
    let (log, got2, _) = open(dir, SMALL).unwrap_or_else(|e| panic!("{what}: open failed with {e}"));
    assert_eq!(recs(&got2), got);
    let extra = Rec::Opaque(999, b"after".to_vec());
    append(&log, &extra).unwrap();
    log.close().unwrap();
    let (again, _) = scan(dir, SMALL).unwrap();
    assert_eq!(recs(&again).last(), Some(&extra), "{what}");
    assert_eq!(again.len(), got.len() + 1, "{what}");
}

#[test]
fn every_write_sync_open_and_allocation_failing_in_turn() {
    let records = workload_records();
    // count the operations of one clean run
    let counts = {
        let dir = tmpdir("fault-count");
        let plan = FaultPlan::new();
        let fs: Arc<dyn FileSystem> = Arc::new(FaultFs::new(local(), plan.clone()));
        let log = Log::create(fs, config(&dir, SMALL)).unwrap();
        plan.arm(Fault::new(FaultOp::Read, u64::MAX, JetError::DiskIO));
        assert_eq!(faulty_workload(&log, &records), (records.len(), None));
        let c = [FaultOp::Write, FaultOp::Sync, FaultOp::Open, FaultOp::SetSize].map(|op| plan.count(op));
        log.close().unwrap();
        c
    };
    assert!(counts[0] > 10 && counts[1] > 10 && counts[2] > 3 && counts[3] > 3, "{counts:?}");
    let mut rng = Rng(7);
    let mut runs = 0;
    for (k, op) in [FaultOp::Write, FaultOp::Sync, FaultOp::Open, FaultOp::SetSize].into_iter().enumerate() {
        for i in 0..counts[k] {
            // EIO, ENOSPC, and for writes also a torn write (part written, then EIO)
            for variant in 0..if op == FaultOp::Write { 3 } else { 2 } {
                let dir = tmpdir("fault");
                let plan = FaultPlan::new();
                let fs: Arc<dyn FileSystem> = Arc::new(FaultFs::new(local(), plan.clone()));
                let log = Log::create(fs, config(&dir, SMALL)).unwrap();
                let error = if variant == 1 { JetError::DiskFull } else { JetError::DiskIO };
                let mut fault = Fault::new(op, i, error);
                if variant == 2 {
                    fault.torn_bytes = Some(rng.below(20_000) as usize);
                }
                plan.arm(fault);
                let (acked, err) = faulty_workload(&log, &records);
                let what = format!("{op:?} #{i} variant {variant}");
                assert!(plan.tripped(), "{what}: the fault never fired");
                let reserve = matches!(op, FaultOp::Open | FaultOp::SetSize) && error == JetError::DiskFull;
                let (expected, acked) = if reserve && log.is_disk_full() {
                    // creating the next generation hit a full disk: a reserve log took over and
                    // the flush succeeded; the next commit is refused, Term is not
                    assert_eq!(err, Some(JetError::LogDiskFull), "{what}");
                    log.append(&LogRecord::Term).unwrap();
                    log.flush_all().unwrap();
                    let mut v = records[..acked].to_vec();
                    v.push(Rec::Term);
                    (v, acked + 1)
                } else {
                    let e = err.unwrap_or_else(|| panic!("{what}: no error"));
                    let want = if error == JetError::DiskFull { JetError::LogDiskFull } else { JetError::LogWriteFail };
                    assert_eq!(e, want, "{what}");
                    // the failure sticks
                    assert_eq!(log.append(&LogRecord::Term), Err(want), "{what}");
                    assert_eq!(log.flush_all(), Err(want), "{what}");
                    (records.clone(), acked)
                };
                log.abandon();
                check_after_failure(&dir, &expected, acked, &what);
                runs += 1;
            }
        }
    }
    println!("{runs} fault runs over {counts:?} (write, sync, open, set_size)");
    assert!(runs > 60, "{runs}");
}

#[test]
fn torn_or_zeroed_last_record_is_ignored_and_writing_continues() {
    for zero in [false, true] {
        let dir = tmpdir("torn");
        let log = Log::create(local(), config(&dir, BIG)).unwrap();
        let mut rng = Rng(3);
        let records: Vec<Rec> = (0..5).map(|i| opaque(&mut rng, i, 3000)).collect();
        let mut at = Vec::new();
        for r in &records {
            at.push(append(&log, r).unwrap());
        }
        log.close().unwrap();
        // damage the last record on disk, as a torn write would
        let path = dir.join("edb.log");
        let mut bytes = std::fs::read(&path).unwrap();
        let p = at[4].offset as usize;
        if zero {
            bytes[p..p + 5000].fill(0);
        } else {
            bytes[p + 30] ^= 0x40;
        }
        std::fs::write(&path, &bytes).unwrap();

        let (log, got, info) = open(&dir, BIG).unwrap();
        assert_eq!(recs(&got), records[..4].to_vec());
        assert_eq!(info.end.offset as u64, at[3].offset as u64 + 24 + if let Rec::Opaque(_, b) = &records[3] { 4 + b.len() as u64 } else { 0 });
        assert_eq!(info.tail_garbage, !zero);
        let next = Rec::Opaque(100, b"next".to_vec());
        append(&log, &next).unwrap();
        log.close().unwrap();
        let (got, _) = scan(&dir, BIG).unwrap();
        let mut want = records[..4].to_vec();
        want.push(next);
        assert_eq!(recs(&got), want, "the damaged record stays out, the new one follows");
    }
}

/// A set with several generations and known records.
fn several_generations(dir: &Path) -> Vec<(Lgpos, Rec)> {
    let log = Log::create(local(), config(dir, SMALL)).unwrap();
    let mut rng = Rng(11);
    let mut out = Vec::new();
    for i in 0..80 {
        let r = opaque(&mut rng, i, 12_000);
        out.push((append(&log, &r).unwrap(), r));
    }
    log.close().unwrap();
    assert!(out.last().unwrap().0.generation >= 5);
    out
}

#[test]
fn damage_before_the_tail_is_an_error() {
    // a flipped bit in a finished generation
    let dir = tmpdir("corrupt");
    let written = several_generations(&dir);
    let (at, _) = written.iter().find(|(at, _)| at.generation == 2).unwrap();
    let path = dir.join("edb00002.log");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[at.offset as usize + 40] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(scan(&dir, SMALL).err(), Some(JetError::LogFileCorrupt));
    assert_eq!(open(&dir, SMALL).err(), Some(JetError::LogFileCorrupt));

    // a missing generation between the checkpoint and the last one
    let dir = tmpdir("missing");
    several_generations(&dir);
    std::fs::remove_file(dir.join("edb00003.log")).unwrap();
    assert_eq!(open(&dir, SMALL).err(), Some(JetError::MissingLogFile));
    // ... or the checkpoint's own generation
    let dir = tmpdir("missing-first");
    several_generations(&dir);
    std::fs::remove_file(dir.join("edb00001.log")).unwrap();
    assert_eq!(open(&dir, SMALL).err(), Some(JetError::MissingLogFile));

    // a generation from another log set
    let dir = tmpdir("alien");
    several_generations(&dir);
    let other = tmpdir("alien-src");
    several_generations(&other);
    std::fs::copy(other.join("edb00002.log"), dir.join("edb00002.log")).unwrap();
    assert_eq!(open(&dir, SMALL).err(), Some(JetError::BadLogSignature));

    // a generation whose predecessor was swapped for a different history
    let dir = tmpdir("chain");
    several_generations(&dir);
    std::fs::remove_file(dir.join("edb.chk")).unwrap();
    let mut h3 = std::fs::read(dir.join("edb00003.log")).unwrap();
    // point generation 3's chain at a wrong value, re-sealing its header
    h3[88] ^= 0xFF;
    let crc = crc32fast::hash(&h3[4..256]);
    h3[0..4].copy_from_slice(&crc.to_le_bytes());
    std::fs::write(dir.join("edb00003.log"), &h3).unwrap();
    assert_eq!(scan(&dir, SMALL).err(), Some(JetError::LogFileCorrupt));
}

#[test]
fn without_checkpoint_file_replay_starts_at_the_first_generation_present() {
    let dir = tmpdir("nochk");
    let written = several_generations(&dir);
    std::fs::remove_file(dir.join("edb.chk")).unwrap();
    std::fs::remove_file(dir.join("edb00001.log")).unwrap();
    let (log, got, info) = open(&dir, SMALL).unwrap();
    let want: Vec<_> = written.iter().filter(|(at, _)| at.generation >= 2).cloned().collect();
    assert_eq!(got, want);
    assert_eq!(info.first_generation, 2);
    assert_eq!(info.checkpoint, None);
    // the checkpoint file now exists and points at that start
    assert_eq!(log.checkpoint().lgpos, Lgpos::new(2, BLOCK));
    log.close().unwrap();
    assert_eq!(Log::read_checkpoint(&LocalFs, &config(&dir, SMALL)).unwrap().unwrap().lgpos, Lgpos::new(2, BLOCK));
}

#[test]
fn checkpoint_moves_replay_start_and_a_torn_checkpoint_write_falls_back() {
    let dir = tmpdir("chk");
    let log = Log::create(local(), config(&dir, BIG)).unwrap();
    let rs: Vec<Rec> = (0..6).map(|i| Rec::Opaque(i, vec![i as u8; 100])).collect();
    let at: Vec<Lgpos> = rs.iter().map(|r| append(&log, r).unwrap()).collect();
    log.write_checkpoint(at[1], b"attached: a").unwrap();
    assert!(log.durable() > at[1], "checkpointing flushed first");
    log.write_checkpoint(at[4], b"attached: b").unwrap();
    assert_eq!(log.write_checkpoint(Lgpos::new(9, 0), b""), Err(JetError::InvalidParameter));
    log.close().unwrap();

    let (log, got, info) = open(&dir, BIG).unwrap();
    assert_eq!(recs(&got), rs[4..].to_vec());
    assert_eq!(info.checkpoint.as_ref().unwrap().data, b"attached: b");
    log.close().unwrap();
    // tear the newest copy (sequence 3 lives in slot 1)
    let chk = dir.join("edb.chk");
    let mut bytes = std::fs::read(&chk).unwrap();
    assert_eq!(info.checkpoint.unwrap().sequence, 3);
    bytes[32768 + 40] ^= 0xFF;
    std::fs::write(&chk, &bytes).unwrap();
    let (log, got, info) = open(&dir, BIG).unwrap();
    assert_eq!(recs(&got), rs[1..].to_vec());
    assert_eq!(info.checkpoint.unwrap().data, b"attached: a");
    log.close().unwrap();
    // a scan can still start before the checkpoint
    assert_eq!(recs(&scan_from(&dir, BIG, Some(Lgpos::MIN)).unwrap().0), rs);
    assert_eq!(recs(&scan_from(&dir, BIG, Some(at[3])).unwrap().0), rs[3..].to_vec());
}

#[test]
fn circular_logging_and_truncation_delete_only_what_recovery_does_not_need() {
    for circular in [true, false] {
        let dir = tmpdir("circular");
        let mut cfg = config(&dir, SMALL);
        cfg.circular = circular;
        let log = Log::create(local(), cfg.clone()).unwrap();
        let mut rng = Rng(5);
        let mut last = Lgpos::MIN;
        for i in 0..60 {
            last = append(&log, &opaque(&mut rng, i, 10_000)).unwrap();
        }
        assert!(last.generation >= 6);
        let cp = Lgpos::new(last.generation - 2, BLOCK);
        log.write_checkpoint(cp, b"").unwrap();
        let gens: Vec<u32> = log.log_files().unwrap().iter().map(|f| f.generation).collect();
        if circular {
            assert_eq!(gens, (cp.generation..=last.generation).collect::<Vec<_>>());
        } else {
            assert_eq!(gens, (1..=last.generation).collect::<Vec<_>>());
            // truncation never goes past the checkpoint's generation
            assert_eq!(log.truncate(u32::MAX).unwrap(), cp.generation - 1);
            let gens: Vec<u32> = log.log_files().unwrap().iter().map(|f| f.generation).collect();
            assert_eq!(gens, (cp.generation..=last.generation).collect::<Vec<_>>());
        }
        assert!(log.log_files().unwrap().last().unwrap().current);
        log.close().unwrap();
        let (log, info) = Log::open(local(), cfg, |_, _| Ok(())).unwrap();
        assert_eq!(info.first_generation, cp.generation);
        log.close().unwrap();
    }
}

#[test]
fn interrupted_roll_is_finished_or_ignored_at_open() {
    // crash after <base>.log became numbered, before <base>tmp.log became <base>.log
    let dir = tmpdir("midroll");
    let log = Log::create(local(), config(&dir, BIG)).unwrap();
    let r = Rec::Opaque(1, b"one".to_vec());
    append(&log, &r).unwrap();
    assert_eq!(log.roll().unwrap(), 2);
    log.close().unwrap();
    std::fs::rename(dir.join("edb.log"), dir.join("edbtmp.log")).unwrap();
    let (log, got, info) = open(&dir, BIG).unwrap();
    assert_eq!(recs(&got), vec![r.clone()]);
    assert_eq!(info.last_generation, 2);
    log.close().unwrap();

    // crash with the last generation numbered and no <base>.log at all
    std::fs::rename(dir.join("edb.log"), dir.join("edb00003.log")).unwrap();
    let (log, got, info) = open(&dir, BIG).unwrap();
    assert_eq!(recs(&got), vec![r.clone()]);
    assert_eq!(info.last_generation, 3);
    assert_eq!(log.end().generation, 4);
    log.close().unwrap();

    // a half-made <base>tmp.log beside a good <base>.log is discarded
    std::fs::write(dir.join("edbtmp.log"), vec![0u8; 8192]).unwrap();
    let (log, got, _) = open(&dir, BIG).unwrap();
    assert_eq!(recs(&got), vec![r]);
    assert!(!dir.join("edbtmp.log").exists());
    log.close().unwrap();
}

#[test]
fn one_log_set_one_owner() {
    let dir = tmpdir("inuse");
    let log = Log::create(local(), config(&dir, BIG)).unwrap();
    assert_eq!(open(&dir, BIG).err(), Some(JetError::LogFilePathInUse));
    assert_eq!(Log::create(local(), config(&dir, BIG)).err(), Some(JetError::FileAlreadyExists));
    log.close().unwrap();
    let (log, _, _) = open(&dir, BIG).unwrap();
    log.close().unwrap();
    // a checkpoint without any log file
    let dir = tmpdir("orphan-chk");
    Log::create(local(), config(&dir, BIG)).unwrap().close().unwrap();
    std::fs::remove_file(dir.join("edb.log")).unwrap();
    assert_eq!(open(&dir, BIG).err(), Some(JetError::MissingLogFile));
    // an empty directory gets a fresh set
    let dir = tmpdir("fresh");
    let (log, got, info) = open(&dir, BIG).unwrap();
    assert!(got.is_empty() && info.records == 0);
    assert_eq!(log.end(), Lgpos::new(1, BLOCK));
    log.close().unwrap();
}

#[test]
fn full_disk_uses_a_reserve_log_then_refuses_commits_until_reopened() {
    let dir = tmpdir("diskfull");
    let plan = FaultPlan::new();
    let fs: Arc<dyn FileSystem> = Arc::new(FaultFs::new(local(), plan.clone()));
    let log = Log::create(fs, config(&dir, SMALL)).unwrap();
    let mut fault = Fault::new(FaultOp::SetSize, 0, JetError::DiskFull);
    fault.path_filter = Some("edbtmp".into());
    plan.arm(fault);
    let mut rng = Rng(1);
    let mut acked = Vec::new();
    // fill the first generation and spill into the next one
    for i in 0..10 {
        let r = opaque(&mut rng, i, 10_000);
        let at = append(&log, &r).unwrap();
        log.flush(at).unwrap();
        acked.push(r);
    }
    assert!(plan.tripped());
    assert!(log.is_disk_full());
    assert!(!dir.join("edbres00001.jrs").exists(), "the first reserve became the new generation");
    assert_eq!(append(&log, &Rec::Opaque(1, vec![1])), Err(JetError::LogDiskFull));
    assert_eq!(log.roll(), Err(JetError::LogDiskFull));
    log.append(&LogRecord::DetachDatabase { dbid: 1 }).unwrap();
    log.append(&LogRecord::Term).unwrap();
    log.close().unwrap();
    acked.push(Rec::Detach(1));
    acked.push(Rec::Term);

    let (log, got, info) = open(&dir, SMALL).unwrap();
    assert_eq!(recs(&got), acked);
    assert_eq!(info.last_record, Some(RecordKind::Term));
    assert!(dir.join("edbres00001.jrs").exists(), "reserves are made again at open");
    assert!(!log.is_disk_full());
    append(&log, &Rec::Opaque(2, vec![2])).unwrap();
    log.close().unwrap();

    // no reserve left: the write fails with JET_errLogDiskFull and nothing acknowledged is lost
    let dir = tmpdir("diskfull2");
    let plan = FaultPlan::new();
    let fs: Arc<dyn FileSystem> = Arc::new(FaultFs::new(local(), plan.clone()));
    let log = Log::create(fs, config(&dir, SMALL)).unwrap();
    std::fs::remove_file(dir.join("edbres00001.jrs")).unwrap();
    std::fs::remove_file(dir.join("edbres00002.jrs")).unwrap();
    let mut fault = Fault::new(FaultOp::SetSize, 0, JetError::DiskFull);
    fault.path_filter = Some("edbtmp".into());
    plan.arm(fault);
    let mut acked = Vec::new();
    let err = loop {
        let r = opaque(&mut rng, 0, 10_000);
        let at = append(&log, &r).unwrap();
        match log.flush(at) {
            Ok(()) => acked.push(r),
            Err(e) => break e,
        }
    };
    assert_eq!(err, JetError::LogDiskFull);
    log.abandon();
    let (got, _) = scan(&dir, SMALL).unwrap();
    assert_eq!(recs(&got), acked);
}

/// Throughput against the raw disk. Run with
/// `cargo test --release log::tests::bench -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench() {
    use crate::os::OpenMode;
    use std::time::Instant;
    let dir = tmpdir("bench");
    let n = 1000;
    // raw: 4 KiB write + fdatasync into a preallocated file
    let raw_sync = |name: &str| {
        let f = LocalFs.open(&dir.join(name), OpenMode::CreateNew).unwrap();
        f.set_size(n * 4096).unwrap();
        let b = vec![1u8; 4096];
        let t = Instant::now();
        for i in 0..n {
            f.write_at(&b, i * 4096).unwrap();
            f.sync().unwrap();
        }
        println!("raw 4 KiB write + fdatasync: {:.0}/s", n as f64 / t.elapsed().as_secs_f64());
    };
    raw_sync("raw1");

    let log = Log::create(local(), config(&dir, 32 << 20)).unwrap();
    let small = vec![5u8; 200];
    let t = Instant::now();
    for i in 0..n {
        let at = log.append(&LogRecord::Commit { commit_id: i, pages: vec![PageImage::full(1, 1, &small)] }).unwrap();
        log.flush(at).unwrap();
    }
    println!("durable single-record commits, 1 thread: {:.0}/s", n as f64 / t.elapsed().as_secs_f64());

    let log = Arc::new(log);
    for threads in [4u64, 16] {
        let t = Instant::now();
        let s0 = log.stats().syncs;
        let hs: Vec<_> = (0..threads)
            .map(|_| {
                let log = Arc::clone(&log);
                std::thread::spawn(move || {
                    let page = vec![5u8; 8192];
                    for i in 0..n / 4 {
                        let at = log.append(&LogRecord::Commit { commit_id: i, pages: vec![PageImage::full(1, 1, &page)] }).unwrap();
                        log.flush(at).unwrap();
                    }
                })
            })
            .collect();
        for h in hs {
            h.join().unwrap();
        }
        let commits = threads * (n / 4);
        println!(
            "durable 8 KiB commits, {threads} threads: {:.0}/s, {} syncs for {commits} commits",
            commits as f64 / t.elapsed().as_secs_f64(),
            log.stats().syncs - s0
        );
    }
    Arc::try_unwrap(log).ok().unwrap().close().unwrap();
    raw_sync("raw2");

    // bulk: lazy 8 KiB-page commits, then one flush
    let total = 256usize << 20;
    // raw: the same bytes as 1 MiB writes into preallocated 32 MiB files, each synced
    let chunk = vec![3u8; 1 << 20];
    let t = Instant::now();
    for k in 0..total >> 25 {
        let f = LocalFs.open(&dir.join(format!("rawseq{k}")), OpenMode::CreateNew).unwrap();
        f.set_size(32 << 20).unwrap();
        for i in 0..32 {
            f.write_at(&chunk, (i * chunk.len()) as u64).unwrap();
        }
        f.sync().unwrap();
    }
    println!("raw sequential write: {:.0} MB/s", total as f64 / 1e6 / t.elapsed().as_secs_f64());

    let d2 = tmpdir("bench-bulk");
    let mut cfg = config(&d2, 32 << 20);
    cfg.buffer_size = 8 << 20;
    let log = Log::create(local(), cfg).unwrap();
    let page = vec![9u8; 8192];
    let t = Instant::now();
    for i in 0..(total / 8192) as u64 {
        log.append(&LogRecord::Commit { commit_id: i, pages: vec![PageImage::full(1, i as u32, &page)] }).unwrap();
    }
    log.flush_all().unwrap();
    println!("lazy bulk commits: {:.0} MB/s ({:?})", total as f64 / 1e6 / t.elapsed().as_secs_f64(), log.stats());
    log.close().unwrap();
}
