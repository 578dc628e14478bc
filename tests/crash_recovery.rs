//! The crash test: a child process commits numbered transactions and is
//! killed with SIGKILL at a random moment, again and again; after each kill
//! JetInit recovers and the checker verifies that every durably committed
//! transaction is there, nothing rolled back or unfinished is, the lazy
//! commits that survived form a prefix, and every index agrees with its table.
//!
//! The child is this test binary run again with ESENT_CRASH_CHILD set (the
//! `crash_child` test does nothing otherwise). It writes a side file, one line
//! per event, each written after the event it reports:
//!   `P <ver> <D|L> <op>...`  about to call JetCommitTransaction for
//!                            transaction <ver> (durable or lazy) whose net
//!                            changes are the ops;
//!   `C <ver>`                the commit returned success;
//!   `W <ver>`                JetCommitTransaction2(JET_bitWaitLastLevel0Commit)
//!                            returned after commit <ver>: it is durable;
//!   `R <ver>`                the transaction was rolled back.
//! A kill between `P` and `C` leaves a commit whose outcome either way is right.
//!
//! ESENT_CRASH_ITERATIONS sets the number of kills (default 200).

mod durability_support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use durability_support::*;

#[allow(dead_code)]
mod common;
use esent::abi::*;
use esent::api::instance::JetTerm2;
use esent::api::transaction::JetCommitTransaction2;

const KEYS: u32 = 150;

fn params() -> Params {
    Params::default()
        .int(JET_paramCircularLog, 1)
        .int(JET_paramLogFileSize, 128)
        .int(JET_paramCheckpointDepthMax, 256 * 1024)
        .int(JET_paramMaxVerPages, 1024)
}

fn db_path(dir: &Path) -> PathBuf {
    dir.join("crash.edb")
}

/// The child: open (creating on the first run) and commit until killed.
#[test]
fn crash_child() {
    let Ok(spec) = std::env::var("ESENT_CRASH_CHILD") else { return };
    let mut parts = spec.split('|');
    let dir = PathBuf::from(parts.next().unwrap());
    let run: u64 = parts.next().unwrap().parse().unwrap();
    let seed: u64 = parts.next().unwrap().parse().unwrap();
    let mut side = std::fs::OpenOptions::new().create(true).append(true).open(dir.join(format!("run-{run}.txt"))).unwrap();
    let inst = init_instance(&dir, &format!("crash-child-{run}"), &params()).unwrap_or_else(|e| panic!("child JetInit: {e}"));
    let s = Ses::begin(inst);
    let path = db_path(&dir);
    let (dbid, cols) = if path.exists() {
        let dbid = s.attach_open(&path).unwrap_or_else(|e| panic!("child attach: {e}"));
        (dbid, load_columns(&path))
    } else {
        let dbid = s.create_db(&path).unwrap_or_else(|e| panic!("child create: {e}"));
        let cols = create_table(s, dbid);
        save_columns(&path, &cols);
        (dbid, cols)
    };
    let mut model = read_and_check(s, dbid, &cols).unwrap_or_else(|e| panic!("child's own check: {e}"));
    let t = s.open_table(dbid, TABLE).unwrap();
    let mut r = Rng(seed);
    // the state recovery left, before any commit of this run
    let start: Vec<String> = model.iter().map(|(id, ver)| format!("{id}:{ver}")).collect();
    side.write_all(format!("S {}\n", start.join(" ")).as_bytes()).unwrap();
    println!("\nCRASH-CHILD-READY");
    std::io::stdout().flush().unwrap();
    let mut line = |text: String| {
        side.write_all(text.as_bytes()).unwrap();
    };
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(30) {
        n += 1;
        let ver = run * 1_000_000 + n;
        let big = r.chance(5);
        let count = if big { 12 + r.below(12) as usize } else { 1 + r.below(4) as usize };
        let mut scratch_model = model.clone();
        ok(s.begin_txn(), "begin");
        let mut ops = random_ops(&mut r, &mut scratch_model, KEYS, count, ver);
        for op in &ops {
            ok(perform(s, t, &cols, ver, *op), &format!("{op:?} in {ver}"));
        }
        // sometimes a nested level, committed into the outer one or rolled back
        if r.chance(20) {
            let mut inner_model = scratch_model.clone();
            ok(s.begin_txn(), "nested begin");
            let n_inner = 1 + r.below(3) as usize;
            let inner = random_ops(&mut r, &mut inner_model, KEYS, n_inner, ver);
            for op in &inner {
                ok(perform(s, t, &cols, ver, *op), &format!("nested {op:?} in {ver}"));
            }
            if r.chance(50) {
                ok(s.commit(0), "nested commit");
                ops.extend(inner);
                scratch_model = inner_model;
            } else {
                ok(s.rollback(), "nested rollback");
            }
        }
        // sometimes DDL in the same transaction: a new table with a row
        if r.chance(4) {
            ok(create_aux(s, dbid, ver), &format!("create aux{ver}"));
            ops.push(Op::Aux(ver));
        }
        let roll = r.chance(15);
        if roll {
            ok(s.rollback(), "rollback");
            let aux = ops.iter().any(|o| matches!(o, Op::Aux(_)));
            line(format!("R {ver}{}\n", if aux { " a" } else { "" }));
            continue;
        }
        let lazy = r.chance(40);
        let enc: Vec<String> = ops.iter().map(|o| o.encode()).collect();
        line(format!("P {ver} {} {}\n", if lazy { "L" } else { "D" }, enc.join(" ")));
        ok(s.commit(if lazy { JET_bitCommitLazyFlush } else { 0 }), &format!("commit {ver}"));
        line(format!("C {ver}\n"));
        model = scratch_model;
        if r.chance(5) {
            ok(JetCommitTransaction2(s.0, JET_bitWaitLastLevel0Commit, 0, std::ptr::null_mut()), "wait last level 0 commit");
            line(format!("W {ver}\n"));
        }
    }
    // not killed in time: the parent reports it
    std::process::exit(3);
}

fn libc_sigkill() -> i32 {
    9
}

/// One run's side file, parsed.
#[derive(Default, Debug)]
struct RunLog {
    /// Transactions whose commit was called, in order: (ver, lazy, ops).
    commits: Vec<(u64, bool, Vec<Op>)>,
    returned: std::collections::HashSet<u64>,
    /// Every commit up to this one is known durable.
    durable_upto: Option<u64>,
    rolled_back: Vec<u64>,
    /// Rolled-back transactions that had created a table.
    rolled_back_aux: Vec<u64>,
    /// The rows the child found after its JetInit (None: killed before).
    start: Option<Model>,
}

fn parse_side(path: &Path) -> RunLog {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut log = RunLog::default();
    let mut lazy_of = std::collections::HashMap::new();
    for l in text.lines() {
        if let Some(rest) = l.strip_prefix("S") {
            let mut m = Model::new();
            for e in rest.split_whitespace() {
                let (id, ver) = e.split_once(':').expect("id:ver");
                m.insert(id.parse().unwrap(), ver.parse().unwrap());
            }
            log.start = Some(m);
            continue;
        }
        // a torn last line cannot happen (one write per line), but be strict anyway
        let mut w = l.split(' ');
        let kind = w.next().unwrap_or("");
        let Some(ver) = w.next().and_then(|v| v.parse::<u64>().ok()) else { continue };
        match kind {
            "P" => {
                let lazy = w.next() == Some("L");
                let ops: Vec<Op> = w.filter_map(Op::decode).collect();
                lazy_of.insert(ver, lazy);
                log.commits.push((ver, lazy, ops));
            }
            "C" => {
                log.returned.insert(ver);
                if lazy_of.get(&ver) == Some(&false) {
                    log.durable_upto = log.durable_upto.max(Some(ver));
                }
            }
            "W" => log.durable_upto = log.durable_upto.max(Some(ver)),
            "R" => {
                log.rolled_back.push(ver);
                if w.next() == Some("a") {
                    log.rolled_back_aux.push(ver);
                }
            }
            _ => {}
        }
    }
    log
}

/// Statistics over all runs, printed at the end.
#[derive(Default, Debug)]
struct Stats {
    commits_called: usize,
    durable_commits: usize,
    lazy_commits: usize,
    lazy_lost: usize,
    in_flight_kept: usize,
    in_flight_lost: usize,
    rollbacks: usize,
}

#[test]
fn sigkill_crash_recovery() {
    let iterations: u64 = std::env::var("ESENT_CRASH_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let dir = scratch("crash");
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng(0x00C0_FFEE_1234_5678);
    let mut model = Model::new();
    let mut aux: Vec<u64> = Vec::new();
    let mut absent: Vec<u64> = Vec::new();
    let mut stats = Stats::default();
    let started = Instant::now();
    // a run left unchecked: the next child recovers it itself (and may be
    // killed while it does); its cut is found from what that child saw
    let mut pending: Option<(u64, RunLog)> = None;
    let mut recoveries_by_child = 0;
    let mut killed_in_init = 0;
    for run in 1..=iterations {
        let seed = rng.next();
        let mut child = Command::new(&exe)
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env("ESENT_CRASH_CHILD", format!("{}|{run}|{seed}", dir.display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines() {
                let Ok(l) = l else { break };
                if l.contains("CRASH-CHILD-READY") {
                    let _ = tx.send(());
                }
            }
        });
        if pending.is_some() && rng.chance(50) {
            // kill at any moment from the start: often inside JetInit's recovery
            std::thread::sleep(Duration::from_millis(rng.below(150)));
        } else {
            // wait for "ready" (the child's JetInit and its own check are done)
            if rx.recv_timeout(Duration::from_secs(60)).is_err() {
                let _ = child.kill();
                let o = child.wait_with_output().unwrap();
                panic!("run {run}: the child never got ready:\n{}", String::from_utf8_lossy(&o.stderr));
            }
            // kill at a random moment: mostly soon, sometimes after checkpoints and log rolls
            let ms = if rng.chance(10) { 100 + rng.below(300) } else { rng.below(60) };
            std::thread::sleep(Duration::from_millis(ms));
        }
        child.kill().unwrap();
        let out = child.wait_with_output().unwrap();
        // a child that failed on its own (a panic: an API call failed) is a failure, not a crash
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(out.status.signal(), Some(libc_sigkill()), "run {run}: the child was not killed but ended: {}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
        let side = parse_side(&dir.join(format!("run-{run}.txt")));
        let _ = std::fs::remove_file(dir.join(format!("run-{run}.txt")));
        if let Some((prun, pside)) = pending.take() {
            recoveries_by_child += 1;
            match &side.start {
                // the child recovered the previous run: that fixes its cut
                Some(start) => resolve_cut(prun, &pside, &mut model, &mut aux, &mut absent, start, &mut stats),
                // killed before its recovery finished: it committed nothing, the check below decides
                None => {
                    killed_in_init += 1;
                    assert!(side.commits.is_empty() && side.rolled_back.is_empty());
                    check_after_crash(&dir, prun, &pside, &mut model, &mut aux, &absent, &mut stats);
                }
            }
        } else if run < iterations && rng.chance(25) {
            pending = Some((run, side));
            continue;
        }
        check_after_crash(&dir, run, &side, &mut model, &mut aux, &absent, &mut stats);
    }
    println!("{recoveries_by_child} recoveries were left to the next child, {killed_in_init} of these children killed before their JetInit (and its recovery) finished");
    println!(
        "{iterations} kills in {:.1}s; {} commits called ({} durable, {} lazy), {} lazy commits lost, in-flight commits kept {} / lost {}, {} rollbacks; {} rows at the end",
        started.elapsed().as_secs_f64(),
        stats.commits_called,
        stats.durable_commits,
        stats.lazy_commits,
        stats.lazy_lost,
        stats.in_flight_kept,
        stats.in_flight_lost,
        stats.rollbacks,
        model.len()
    );
    // the database the last recovery left is read right by the independent readers
    let report = common::independent_readers_agree(&db_path(&dir));
    println!("independent readers on the recovered database:\n{report}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Recover, read everything, and find the cut of the run's commits that the
/// database holds: it must keep every commit up to the last durable one and
/// may keep a prefix of the rest.
/// The cut of a run that the next child's recovery produced: the child
/// wrote the rows it found (`start`).
fn resolve_cut(run: u64, side: &RunLog, model: &mut Model, aux: &mut Vec<u64>, absent: &mut Vec<u64>, start: &Model, stats: &mut Stats) {
    let must = side.durable_upto.map(|d| side.commits.iter().position(|c| c.0 == d).expect("durable commit was called") + 1).unwrap_or(0);
    let mut state = model.clone();
    let mut matched = None;
    for k in 0..=side.commits.len() {
        if k > 0 {
            let (ver, _, ops) = &side.commits[k - 1];
            apply(&mut state, *ver, ops);
        }
        if k >= must && state == *start {
            matched = Some(k);
            break;
        }
    }
    let k = matched.unwrap_or_else(|| panic!("run {run}: the rows the next child recovered match no prefix of the commits from {must} to {}", side.commits.len()));
    for (i, (_, _, ops)) in side.commits.iter().enumerate() {
        for o in ops {
            if let Op::Aux(n) = o {
                if i < k { aux.push(*n) } else { absent.push(*n) }
            }
        }
    }
    absent.extend(side.rolled_back_aux.iter().copied());
    count(side, k, stats);
    *model = start.clone();
}

fn count(side: &RunLog, k: usize, stats: &mut Stats) {
    stats.commits_called += side.commits.len();
    stats.durable_commits += side.commits.iter().filter(|c| !c.1).count();
    stats.lazy_commits += side.commits.iter().filter(|c| c.1).count();
    stats.rollbacks += side.rolled_back.len();
    for (i, (ver, lazy, _)) in side.commits.iter().enumerate() {
        let kept = i < k;
        if !side.returned.contains(ver) {
            if kept { stats.in_flight_kept += 1 } else { stats.in_flight_lost += 1 }
        } else if *lazy && !kept {
            stats.lazy_lost += 1;
        }
    }
}

fn check_after_crash(dir: &Path, run: u64, side: &RunLog, model: &mut Model, aux: &mut Vec<u64>, absent: &[u64], stats: &mut Stats) {
    let inst = init_instance(dir, &format!("crash-check-{run}"), &params()).unwrap_or_else(|e| panic!("run {run}: recovery failed: {e}"));
    let s = Ses::begin(inst);
    let dbid = s.attach_open(&db_path(dir)).unwrap_or_else(|e| panic!("run {run}: attach after recovery: {e}"));
    let cols = load_columns(&db_path(dir));
    let found = read_and_check(s, dbid, &cols).unwrap_or_else(|e| panic!("run {run}: {e}"));
    // tables created by this run's transactions: present or not, each decided below
    let run_aux: Vec<(usize, u64)> =
        side.commits.iter().enumerate().flat_map(|(i, c)| c.2.iter().filter_map(move |o| if let Op::Aux(n) = o { Some((i, *n)) } else { None })).collect();
    let mut aux_found = Vec::new();
    for (_, n) in &run_aux {
        aux_found.push(aux_present(s, dbid, *n).unwrap_or_else(|e| panic!("run {run}: {e}")));
    }
    for n in aux.iter() {
        assert!(aux_present(s, dbid, *n).unwrap_or_else(|e| panic!("run {run}: {e}")), "run {run}: committed table aux{n} is gone");
    }
    for n in side.rolled_back_aux.iter().chain(absent) {
        assert!(!aux_present(s, dbid, *n).unwrap_or_else(|e| panic!("run {run}: {e}")), "run {run}: table aux{n}, rolled back or not kept, exists");
    }
    s.end();
    ok(JetTerm2(inst, 0), "JetTerm after the check");

    // the candidates: the model after the first k commits of the run
    let must = side.durable_upto.map(|d| side.commits.iter().position(|c| c.0 == d).expect("durable commit was called") + 1).unwrap_or(0);
    let mut state = model.clone();
    let mut matched = None;
    for k in 0..=side.commits.len() {
        if k > 0 {
            let (ver, _, ops) = &side.commits[k - 1];
            apply(&mut state, *ver, ops);
        }
        let aux_agree = run_aux.iter().zip(&aux_found).all(|((i, _), present)| *present == (*i < k));
        if k >= must && state == found && aux_agree {
            matched = Some(k);
            break;
        }
    }
    let Some(k) = matched else {
        let diff: Vec<_> = found
            .iter()
            .filter(|(id, v)| state.get(id) != Some(v))
            .map(|(id, v)| format!("{id}@{v}"))
            .chain(state.keys().filter(|id| !found.contains_key(id)).map(|id| format!("{id} missing")))
            .take(10)
            .collect();
        panic!(
            "run {run}: the recovered database matches no prefix of the commits from {must} to {} (durable up to {:?}); row differences from the full run: {diff:?}; tables created {run_aux:?} present {aux_found:?}",
            side.commits.len(),
            side.durable_upto
        );
    };
    // rolled-back transactions left nothing: no row carries their number
    for v in &side.rolled_back {
        assert!(!found.values().any(|x| x == v), "run {run}: rolled-back transaction {v} is visible");
    }
    count(side, k, stats);
    // the tables followed the same cut as the rows (checked with the cut)
    for ((_, n), present) in run_aux.iter().zip(aux_found) {
        if present {
            aux.push(*n);
        }
    }
    *model = found;
}
