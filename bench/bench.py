#!/usr/bin/env python3
"""The benchmark's harness: runs the engines' drivers, in alternation and
repeatedly, and reports medians.

Each driver (bench-esent, bench-sqlite, bench-lmdb, built by bench/run.sh from
bench/drivers) is one C program per engine; one process runs one group of
workloads against one engine in a fresh directory, so its peak memory (the
driver's VmHWM, its max RSS since exec; wait4's figure if it crashed) and its
files on disk are that engine's alone. For each
repetition the harness measures the disk's limits, then runs every group for
every engine, rotating which engine goes first. It prints a table of medians,
and writes results.csv (the table), runs.csv (every run), results.md and a
PNG chart of the ratio ours / best peer, and physical.csv (the disk's limits).

It never fails because an engine is slow, missing or wrong: such an engine's
cells say why ("n/a (not built: ...)", "error: ...", "verify failed: ...").
Python's standard library only; the chart uses matplotlib when it can be
imported and is skipped (with a note) when it cannot.
"""
import argparse
import csv
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

ENGINES = ["esent", "sqlite", "lmdb"]
OURS = "esent"  # --ours can name another engine, to try the report's ratios before esent runs
PEERS = ["sqlite", "lmdb"]

# Workloads in report order: (name, group, unit, description).
WORKLOADS = [
    ("load_seq", "load_seq", "rows/s", "bulk load in key order, 1,000 rows a lazy transaction"),
    ("load_rand", "load_rand", "rows/s", "bulk load in random key order, 1,000 rows a lazy transaction"),
    ("durable_1t", "durable_1", "commits/s", "durable single-row transactions, 1 thread"),
    ("durable_2t", "durable_2", "commits/s", "durable single-row transactions, 2 threads"),
    ("durable_4t", "durable_4", "commits/s", "durable single-row transactions, 4 threads"),
    ("lookup_pk", "main", "lookups/s", "random point lookups by primary key, returning the value"),
    ("lookup_sec", "main", "lookups/s", "random lookups through the secondary index, returning key and value"),
    ("scan", "main", "rows/s", "full scan in key order"),
    ("update", "main", "rows/s", "random updates of the value, 100 a lazy transaction"),
    ("delete", "main", "rows/s", "random deletes, 100 a lazy transaction"),
    ("long_write", "long", "values/s", "64 KiB values written, 10 a lazy transaction"),
    ("long_read", "long", "values/s", "64 KiB values read back in random order"),
    ("mixed_read", "main", "lookups/s", "2 reader threads (point lookups) while 1 writer updates"),
    ("mixed_write", "main", "rows/s", "the 1 writer (updates, 100 a lazy transaction) beside 2 readers"),
]
GROUPS = ["load_seq", "load_rand", "durable_1", "durable_2", "durable_4", "main", "long"]

PRESETS = {
    # A few minutes on a 2-core machine.
    "small": dict(rows=100_000, lookups=100_000, updates=50_000, deletes=25_000,
                  durable_ops=2_000, mixed_secs=1.0, long_rows=500, reps=3),
    # Data beyond the CPU caches, still in memory; about 30 minutes on 2 cores.
    "default": dict(rows=2_000_000, lookups=1_000_000, updates=200_000, deletes=200_000,
                    durable_ops=10_000, mixed_secs=4.0, long_rows=4_000, reps=3),
}

RECORD_BYTES = 8 + 16 + 100


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--preset", choices=sorted(PRESETS), default="default")
    for name in ("rows", "lookups", "updates", "deletes", "durable_ops", "long_rows", "reps"):
        p.add_argument("--" + name.replace("_", "-"), type=int, help="overrides the preset")
    p.add_argument("--mixed-secs", type=float, help="overrides the preset")
    p.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset of " + ",".join(ENGINES))
    p.add_argument("--groups", default=",".join(GROUPS), help="comma-separated subset of " + ",".join(GROUPS))
    p.add_argument("--page-size", type=int, default=8192, help="esent JET_paramDatabasePageSize (bytes)")
    p.add_argument("--log-file-kib", type=int, default=8192, help="esent JET_paramLogFileSize (KiB)")
    p.add_argument("--log-buffer-kib", type=int, default=2048, help="esent JET_paramLogBuffers (KiB)")
    p.add_argument("--cache-mib", type=int, default=1024, help="esent cache and SQLite cache_size (MiB)")
    p.add_argument("--physical-secs", type=float, default=2.0, help="seconds of the raw fsync probe")
    p.add_argument("--physical-mib", type=int, default=512, help="MiB written by the sequential-write probe")
    p.add_argument("--bin", required=True, help="directory holding the bench-<engine> drivers and physical")
    p.add_argument("--data", required=True, help="scratch directory for the databases (the disk measured)")
    p.add_argument("--out", required=True, help="directory for results.csv, physical.csv, runs.csv, results.md, ratios.png")
    p.add_argument("--header", help="esent.h, to name Jet error codes")
    p.add_argument("--unavailable", action="append", default=[], metavar="ENGINE=REASON",
                   help="report ENGINE as n/a with REASON instead of running it (e.g. its build failed)")
    p.add_argument("--ours", default="esent", choices=ENGINES, help=argparse.SUPPRESS)
    p.add_argument("--timeout", type=float, default=900, help="seconds before a driver process is killed")
    a = p.parse_args()
    for k, v in PRESETS[a.preset].items():
        if getattr(a, k) is None:
            setattr(a, k, v)
    return a


def jet_error_names(header):
    names = {}
    if header and os.path.exists(header):
        for m in re.finditer(r"#define (JET_(?:err|wrn)\w+) (-?\d+)\b", open(header).read()):
            names.setdefault(int(m.group(2)), m.group(1))
    return names


def dir_bytes(path, skip=("logs",)):
    """Allocated bytes of the files under path, leaving out subdirectories named in skip."""
    total = 0
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if d not in skip]
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_blocks * 512
            except OSError:
                pass
    return total


def run_process(cmd, timeout):
    """Runs cmd; returns (stdout text, stderr text, exit status, max RSS in KiB, seconds, timed out)."""
    out_path, err_path = "/tmp/bench-%d.out" % os.getpid(), "/tmp/bench-%d.err" % os.getpid()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True)
        timed_out = False
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - t0 > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                timed_out = True
                pid, status, ru = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        secs = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    text, errtext = open(out_path).read(), open(err_path).read()
    os.unlink(out_path)
    os.unlink(err_path)
    return text, errtext, proc.returncode, ru.ru_maxrss, secs, timed_out


def parse_driver(text, errnames):
    """RESULT/FAIL/INFO lines -> ({workload: ops/s}, {workload: reason}, version).
    The driver's peak memory (INFO peak_rss_kib) comes back in ok["peak_rss_kib"]."""
    ok, failed, version = {}, {}, ""
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "RESULT" and len(parts) >= 4:
            kv = dict(x.split("=", 1) for x in parts[2:])
            secs = float(kv["secs"])
            ok[parts[1]] = float(kv["ops"]) / secs if secs > 0 else float("inf")
        elif parts[0] == "FAIL" and len(parts) >= 3:
            kind, rest = parts[2], parts[3:]
            if kind in ("na", "error") and len(rest) >= 2:
                code = int(rest[1])
                name = errnames.get(code, "")
                what = "%s returned %d%s" % (rest[0], code, " " + name if name else "")
                failed[parts[1]] = ("n/a (not built: %s)" if kind == "na" else "error: %s") % what
            else:
                failed[parts[1]] = "verify failed: " + " ".join(rest)
        elif parts[0] == "INFO" and len(parts) >= 3 and parts[1] == "version":
            version = " ".join(parts[2:])
        elif parts[0] == "INFO" and len(parts) == 3 and parts[1] == "peak_rss_kib":
            ok["peak_rss_kib"] = int(parts[2])
    return ok, failed, version


def group_workloads(group):
    return [w for w, g, _, _ in WORKLOADS if g == group]


def fmt_num(x):
    if x is None:
        return ""
    if x >= 100:
        return "{:,.0f}".format(x)
    if x >= 10:
        return "{:.1f}".format(x)
    return "{:.2f}".format(x)


def fmt_ratio(r):
    """Two decimals, or two significant digits for the very small ratios of an engine far behind."""
    return "n/a" if r is None else "%.2f" % r if r >= 0.095 else "%.2g" % r


def machine_info(data_dir):
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = "%.0f GiB" % (int(line.split()[1]) / 1048576)
    except OSError:
        pass
    fs = ""
    try:
        fs = subprocess.run(["df", "-T", data_dir], capture_output=True, text=True).stdout.splitlines()[-1].split()
        fs = "%s on %s" % (fs[1], fs[0])
    except Exception:
        pass
    return "%s, %d cores, %s memory, Linux %s, data on %s" % (cpu, os.cpu_count() or 0, mem, platform.release(), fs)


def main():
    global OURS, PEERS
    a = parse_args()
    OURS, PEERS = a.ours, [e for e in ENGINES if e != a.ours]
    engines = [e for e in a.engines.split(",") if e]
    groups = [g for g in a.groups.split(",") if g]
    workloads = [w for w in WORKLOADS if w[1] in groups]
    errnames = jet_error_names(a.header)
    unavailable = dict(u.split("=", 1) for u in a.unavailable)
    os.makedirs(a.out, exist_ok=True)
    os.makedirs(a.data, exist_ok=True)
    data = os.path.abspath(a.data)

    sizes = dict(rows=a.rows, lookups=a.lookups, updates=a.updates, deletes=a.deletes,
                 durable_ops=a.durable_ops, mixed_secs=a.mixed_secs, long_rows=a.long_rows)
    print("esent benchmark: preset %s, %s, %d repetitions" %
          (a.preset, ", ".join("%s=%s" % kv for kv in sizes.items()), a.reps))
    machine = machine_info(data)
    print("machine: " + machine)
    sys.stdout.flush()

    # results[engine][workload] = list of ops/s; failures[engine][workload] = reason of the last failure
    results = {e: {w[0]: [] for w in workloads} for e in engines}
    failures = {e: {} for e in engines}
    rss = {e: [] for e in engines}            # per repetition: max over the engine's processes (KiB)
    dbsize = {e: {"load_seq": [], "load_rand": []} for e in engines}
    versions = {}
    physical = {"fsync": [], "seq_write": []}
    runs = []
    hung = {}                                 # (engine, group) -> reason, for groups that timed out
    t_start = time.monotonic()

    for rep in range(a.reps):
        os.sync()
        text, errtext, status, _, _, _ = run_process(
            [os.path.join(a.bin, "physical"), data, str(a.physical_secs), str(a.physical_mib)], 600)
        ok, _, _ = parse_driver(text, errnames)
        for k in physical:
            if k in ok:
                physical[k].append(ok[k])
        runs.append(dict(rep=rep, engine="disk", group="physical", status=status,
                         fsync_per_s=ok.get("fsync", ""), seq_write_bytes_per_s=ok.get("seq_write", "")))
        rep_rss = {e: 0 for e in engines}
        for gi, group in enumerate(groups):
            k = (rep + gi) % len(engines)
            order = engines[k:] + engines[:k]
            if group.startswith("durable_"):
                # The disk's fsync rate changes with what else the machine
                # does: probe it again among the durable runs, in turn with them.
                order.insert((rep + gi) % (len(order) + 1), "disk")
            for engine in order:
                if engine == "disk":
                    text, _, status, _, _, _ = run_process(
                        [os.path.join(a.bin, "physical"), data, str(a.physical_secs / 2), "0"], 600)
                    ok, _, _ = parse_driver(text, errnames)
                    if "fsync" in ok:
                        physical["fsync"].append(ok["fsync"])
                    runs.append(dict(rep=rep, engine="disk", group=group, status=status,
                                     fsync_per_s=ok.get("fsync", "")))
                    continue
                wl = group_workloads(group)
                if engine in unavailable or (engine, group) in hung:
                    for w in wl:
                        failures[engine][w] = ("n/a (%s)" % unavailable[engine] if engine in unavailable
                                               else hung[(engine, group)])
                    continue
                d = os.path.join(data, engine)
                shutil.rmtree(d, ignore_errors=True)
                os.makedirs(d)
                name = group
                cmd = [os.path.join(a.bin, "bench-" + engine), "--dir", d,
                       "--rows", str(a.rows), "--lookups", str(a.lookups), "--updates", str(a.updates),
                       "--deletes", str(a.deletes), "--durable-ops", str(a.durable_ops),
                       "--mixed-secs", str(a.mixed_secs), "--long-rows", str(a.long_rows),
                       "--page-size", str(a.page_size), "--log-file-kib", str(a.log_file_kib),
                       "--log-buffer-kib", str(a.log_buffer_kib), "--cache-mib", str(a.cache_mib)]
                if group.startswith("durable_"):
                    cmd += ["--group", "durable", "--threads", group.split("_")[1]]
                else:
                    cmd += ["--group", group]
                text, errtext, status, maxrss, secs, timed_out = run_process(cmd, a.timeout)
                ok, failed, version = parse_driver(text, errnames)
                peak = ok.pop("peak_rss_kib", None)
                if peak is not None:
                    maxrss = peak  # wait4's figure counts the harness's memory at fork time too
                if version:
                    versions[engine] = version
                size = dir_bytes(d)
                reason = None
                if timed_out:
                    reason = "error: timed out after %.0f s" % a.timeout
                    hung[(engine, group)] = reason  # not run again: one hang costs the run enough
                elif status != 0:
                    tail = (errtext.strip().splitlines() or ["no output"])[-1][:120]
                    reason = "error: driver exited with %d (%s)" % (status, tail)
                elif failed:
                    reason = next(iter(failed.values()))
                for w in wl:
                    if w in ok and not failed.get(w):
                        results[engine][w].append(ok[w])
                    else:
                        failures[engine][w] = failed.get(w) or reason or "error: no result"
                if group in ("load_seq", "load_rand") and group in ok:
                    dbsize[engine][group].append(size)
                if ok:  # a process that did no workload says nothing about the engine's memory
                    rep_rss[engine] = max(rep_rss[engine], maxrss)
                runs.append(dict(rep=rep, engine=engine, group=name, status=status, seconds="%.2f" % secs,
                                 max_rss_kib=maxrss, dir_bytes_without_logs=size,
                                 dir_bytes_with_logs=dir_bytes(d, skip=()),
                                 **{w + "_per_s": "%.1f" % ok[w] for w in ok}, failures="; ".join(
                                     "%s: %s" % kv for kv in failed.items())))
                shutil.rmtree(d, ignore_errors=True)
                os.sync()  # what one run left for the kernel to write must not slow the next
                print("  rep %d/%d  %-10s %-7s %6.1f s  %s" % (
                    rep + 1, a.reps, group, engine, secs,
                    " ".join("%s=%s" % (w, fmt_num(ok[w])) for w in wl if w in ok) or
                    (reason or "no result")))
                sys.stdout.flush()
        for e in engines:
            if rep_rss[e]:
                rss[e].append(rep_rss[e])

    report(a, engines, workloads, results, failures, rss, dbsize, physical, versions, runs, machine, sizes,
           time.monotonic() - t_start)
    return 0


def median(xs):
    return statistics.median(xs) if xs else None


def report(a, engines, workloads, results, failures, rss, dbsize, physical, versions, runs, machine, sizes,
           elapsed):
    med = {e: {w: median(results[e][w]) for w, _, _, _ in workloads} for e in engines}

    def cell(e, w):
        m = med[e][w]
        if m is None:
            return failures[e].get(w, "n/a")
        note = " (%d of %d runs)" % (len(results[e][w]), a.reps) if len(results[e][w]) < a.reps else ""
        return fmt_num(m) + note

    def ratio(ours, peers, higher_better=True):
        peers = [p for p in peers if p is not None]
        if ours is None or not peers:
            return None
        best = max(peers) if higher_better else min(peers)
        return ours / best if best else None

    rows = []  # (label, unit, {engine: cell}, ratio or None)
    csv_cells = []  # the same cells for the CSV: plain numbers, or the reason there is none
    for w, _, unit, _ in workloads:
        r = ratio(med.get(OURS, {}).get(w), [med[p][w] for p in PEERS if p in med]) if OURS in med else None
        rows.append((w, unit, {e: cell(e, w) for e in engines}, r))
        csv_cells.append({e: "%.1f" % med[e][w] if med[e][w] is not None else failures[e].get(w, "n/a")
                          for e in engines})
    mib = lambda b: b / 1048576.0
    rss_med = {e: median(rss[e]) for e in engines}
    r = ratio(rss_med.get(OURS), [rss_med.get(p) for p in PEERS], higher_better=False)
    rows.append(("peak memory", "MiB (max RSS)",
                 {e: fmt_num(rss_med[e] / 1024.0) if rss_med[e] else failures[e].get("load_seq", "n/a")
                  for e in engines}, r))
    csv_cells.append({e: "%.1f" % (rss_med[e] / 1024.0) if rss_med[e] else failures[e].get("load_seq", "n/a")
                      for e in engines})
    for g, label in (("load_seq", "db size after load_seq"), ("load_rand", "db size after load_rand")):
        if not any(w[1] == g for w in workloads):
            continue
        s = {e: median(dbsize[e][g]) for e in engines}
        r = ratio(s.get(OURS), [s.get(p) for p in PEERS], higher_better=False)
        rows.append((label, "MiB on disk", {e: fmt_num(mib(s[e])) if s[e] else failures[e].get(g, "n/a")
                                           for e in engines}, r))
        csv_cells.append({e: "%.1f" % mib(s[e]) if s[e] else failures[e].get(g, "n/a") for e in engines})

    fsync = median(physical["fsync"])
    seqw = median(physical["seq_write"])
    lines = []
    head = ["workload", "unit"] + engines + ["ours / best peer"]
    table = [head] + [[label, unit] + [cells[e] for e in engines] + [fmt_ratio(r)]
                      for label, unit, cells, r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(head))]
    for i, row in enumerate(table):
        lines.append("  ".join(str(c).ljust(widths[j]) for j, c in enumerate(row)))
        if i == 0:
            lines.append("  ".join("-" * widths[j] for j in range(len(head))))
    print()
    print("\n".join(lines))
    print()
    print("ratio: ours / best peer; above 1.0 ours is faster (for memory and size, above 1.0 ours is larger)")
    print("physical limits of %s (medians of %d and %d probes): raw fsync %s/s (4 KiB overwrite + fdatasync), "
          "sequential write %s MiB/s (%d MiB then fdatasync)" % (
              a.data, len(physical["fsync"]), len(physical["seq_write"]), fmt_num(fsync), fmt_num(seqw / 1048576.0) if seqw else "?",
              a.physical_mib))
    frac = []
    for e in engines:
        parts = []
        for w in ("durable_1t", "durable_2t", "durable_4t"):
            if fsync and med[e].get(w):
                parts.append("%s %.0f%% of raw fsync" % (w, 100.0 * med[e][w] / fsync))
        for w in ("load_seq", "load_rand"):
            if seqw and med[e].get(w):
                parts.append("%s %.1f%% of sequential write (%d-byte records)" % (
                    w, 100.0 * med[e][w] * RECORD_BYTES / seqw, RECORD_BYTES))
        if parts:
            frac.append("  %-7s %s" % (e, "; ".join(parts)))
    if frac:
        print("as a fraction of the disk:")
        print("\n".join(frac))
    print("versions: " + ", ".join("%s %s" % kv for kv in sorted(versions.items())))
    print("total time %.0f s" % elapsed)

    # results.csv: the table; runs.csv: every run.
    with open(os.path.join(a.out, "results.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["workload", "unit"] + engines + ["ratio_ours_over_best_peer"] +
                    ["%s_runs" % e for e in engines])
        for (label, unit, _, r), cells in zip(rows, csv_cells):
            raw = [" ".join("%.1f" % x for x in results[e].get(label, [])) for e in engines]
            wr.writerow([label, unit] + [cells[e] for e in engines] + ["%.3f" % r if r is not None else ""] + raw)
    with open(os.path.join(a.out, "physical.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["probe", "unit", "median", "runs"])
        wr.writerow(["raw fsync (4 KiB overwrite + fdatasync)", "fsyncs/s", "%.1f" % fsync if fsync else "",
                     " ".join("%.1f" % x for x in physical["fsync"])])
        wr.writerow(["sequential write (%d MiB + fdatasync)" % a.physical_mib, "MiB/s",
                     "%.1f" % (seqw / 1048576.0) if seqw else "",
                     " ".join("%.1f" % (x / 1048576.0) for x in physical["seq_write"])])
    keys = []
    for r in runs:
        for k in r:
            if k not in keys:
                keys.append(k)
    with open(os.path.join(a.out, "runs.csv"), "w", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=keys)
        wr.writeheader()
        for r in runs:
            wr.writerow(r)
    with open(os.path.join(a.out, "results.md"), "w") as f:
        f.write("Machine: %s.  \nPreset `%s` (%s), median of %d repetitions; versions: %s.\n\n" % (
            machine, a.preset, ", ".join("%s=%s" % kv for kv in sizes.items()), a.reps,
            ", ".join("%s %s" % kv for kv in sorted(versions.items()))))
        f.write("| " + " | ".join(head) + " |\n|" + "---|" * len(head) + "\n")
        for row in table[1:]:
            f.write("| " + " | ".join(str(c) for c in row) + " |\n")
        f.write("\nRaw fsync: %s/s; sequential write: %s MiB/s.\n" % (
            fmt_num(fsync), fmt_num(seqw / 1048576.0) if seqw else "?"))
    chart(a, [(label, r) for label, unit, cells, r in rows[:len(workloads)]], machine)
    print("wrote %s/results.csv, physical.csv, runs.csv, results.md%s" % (
        a.out, ", ratios.png" if os.path.exists(os.path.join(a.out, "ratios.png")) else ""))


def chart(a, ratios, machine):
    path = os.path.join(a.out, "ratios.png")
    if os.path.exists(path):
        os.unlink(path)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except Exception as ex:  # the chart is optional; the table and CSV are the result
        print("no chart: matplotlib is not available (%s)" % ex)
        return
    labels = [l for l, _ in ratios]
    have = [r for _, r in ratios if r is not None and r > 0]
    lo = min([0.5] + [r / 1.6 for r in have])
    hi = max([2.0] + [r * 1.6 for r in have])
    fig, ax = plt.subplots(figsize=(11, 5.5), dpi=100)
    ax.set_yscale("log")  # 0.5 and 2.0 are the same distance from 1.0
    ax.set_ylim(lo, hi)
    for i, (_, r) in enumerate(ratios):
        if r is None or r <= 0:
            ax.text(i, 1.0, "n/a", ha="center", va="bottom", fontsize=8, color="#666666")
            continue
        ax.bar(i, r - lo, bottom=lo, color="#2e7d32" if r >= 1.0 else "#c62828", width=0.7)
        ax.text(i, r * 1.03, fmt_ratio(r), ha="center", va="bottom", fontsize=8)
    ax.axhline(1.0, color="black", linewidth=1, linestyle="--")
    ticks = [t for t in (0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100) if lo <= t <= hi]
    ax.set_yticks(ticks)
    ax.set_yticklabels(["%g" % t for t in ticks])
    ax.minorticks_off()
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=35, ha="right", fontsize=9)
    ax.set_ylabel("throughput: %s / best of %s (log scale)" % (OURS, " and ".join(PEERS)))
    missing = any(r is None for _, r in ratios)
    ax.set_title("%s vs the best peer per workload (preset %s, %s rows)%s" % (
        OURS, a.preset, "{:,}".format(a.rows), "; n/a: no result for %s (see the table)" % OURS if missing else ""),
        fontsize=10)
    fig.text(0.01, 0.01, machine, fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.savefig(path)
    plt.close(fig)


if __name__ == "__main__":
    sys.exit(main())
