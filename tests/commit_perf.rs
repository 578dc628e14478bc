//! Performance sanity of durable commits (numbers printed, nothing timed is
//! asserted): the raw rate of 4 KiB write + fdatasync on this disk, then
//! durable single-row commits from 1, 2, 4, 8 and 16 threads, with the log's
//! count of fdatasyncs (group commit shares one among concurrent committers).
//! Run with `cargo test --release --test commit_perf -- --ignored --nocapture`.

mod durability_support;

use std::time::{Duration, Instant};

use durability_support::*;
use esent::abi::*;
use esent::api::instance::JetTerm2;
use esent::os::{FileSystem, LocalFs, OpenMode};

const RUN: Duration = Duration::from_secs(3);

/// Writes of `size` bytes appended to a preallocated file (as the log
/// writes), each followed by fdatasync: the rate per second.
fn raw_fdatasync_rate(dir: &std::path::Path, size: usize) -> f64 {
    let path = dir.join(format!("raw-{size}.bin"));
    let f = LocalFs.open(&path, OpenMode::CreateNew).unwrap();
    f.set_size(64 << 20).unwrap();
    f.sync().unwrap();
    let block = vec![0x5Au8; size];
    let t0 = Instant::now();
    let mut n = 0u64;
    while t0.elapsed() < RUN {
        f.write_at(&block, (n * size as u64) % (64 << 20)).unwrap();
        f.sync().unwrap();
        n += 1;
    }
    drop(f);
    let _ = std::fs::remove_file(path);
    n as f64 / t0.elapsed().as_secs_f64()
}

#[test]
#[ignore]
fn durable_commit_rate() {
    let dir = scratch("perf");
    let raw = raw_fdatasync_rate(&dir, 4096);
    println!("raw 4 KiB write + fdatasync: {raw:.0}/s");
    let inst = init_instance(&dir, "perf", &Params::default()).unwrap();
    let s = Ses::begin(inst);
    let db = dir.join("perf.edb");
    let dbid = s.create_db(&db).unwrap();
    let cols = create_table(s, dbid);
    s.end();
    let engine = esent::api::guard::instance_arg(inst).unwrap().unwrap().engine().unwrap();
    let log = engine.log.as_ref().unwrap();
    let mut next_id = 0u32;
    for threads in [1u32, 2, 4, 8, 16] {
        let stats0 = log.stats();
        let syncs0 = stats0.syncs;
        let t0 = Instant::now();
        let mut handles = Vec::new();
        for th in 0..threads {
            let db = db.clone();
            let base = next_id + th * 1_000_000;
            handles.push(std::thread::spawn(move || {
                let s = Ses::begin(inst);
                let dbid = s.open_db(&db).unwrap();
                let t = s.open_table(dbid, TABLE).unwrap();
                let mut n = 0u32;
                let start = Instant::now();
                while start.elapsed() < RUN {
                    ok(s.begin_txn(), "begin");
                    ok(s.prepare(t, JET_prepInsert), "prepare");
                    ok(s.set(t, cols.id, &((base + n) as i32).to_le_bytes()), "id");
                    ok(s.set(t, cols.tag, format!("{}", base + n).as_bytes()), "tag");
                    ok(s.update(t), "insert");
                    ok(s.commit(0), "durable commit");
                    n += 1;
                }
                s.end();
                n
            }));
        }
        let commits: u32 = handles.into_iter().map(|h| h.join().unwrap()).sum();
        next_id += threads * 1_000_000 + 1;
        let secs = t0.elapsed().as_secs_f64();
        let stats1 = log.stats();
        let syncs = stats1.syncs - syncs0;
        let per_sync = (stats1.bytes_written - stats0.bytes_written) / syncs.max(1);
        if threads == 1 {
            let same = raw_fdatasync_rate(&dir, per_sync as usize);
            println!("the log writes {per_sync} bytes per commit; raw write of that size + fdatasync: {same:.0}/s");
        }
        println!(
            "{threads:>2} thread(s): {:.0} durable commits/s ({:.0}% of the raw fdatasync rate), {:.1} commits per log fdatasync",
            commits as f64 / secs,
            100.0 * commits as f64 / secs / raw,
            commits as f64 / syncs.max(1) as f64
        );
    }
    drop(engine);
    ok(JetTerm2(inst, 0), "JetTerm");
    let _ = std::fs::remove_dir_all(&dir);
}
