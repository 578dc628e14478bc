#!/usr/bin/env bash
# The benchmark of esent against SQLite and LMDB, in one command:
#
#   bench/run.sh                  # default sizes (about 20 minutes on 2 cores)
#   bench/run.sh --preset small   # everything at a small size, a few minutes
#   bench/run.sh --help           # sizes and engine settings
#
# It installs what it needs (Debian's libsqlite3-dev and liblmdb-dev, gcc,
# Python's matplotlib for the chart), builds libesent (release), compiles the
# three C drivers and runs bench/bench.py with the arguments given.
# Results go to $CARGO_TARGET_DIR/bench (or target/bench): results.csv,
# runs.csv, results.md, ratios.png. The databases live in .../bench/data,
# whose disk is the one measured.
#
# It exits 0 whatever the engines do: a slow, unbuilt or failing engine is a
# result shown in the table, never a failed build.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
target="${CARGO_TARGET_DIR:-target}"
mkdir -p "$target"
target="$(cd "$target" && pwd)"
out="$target/bench"
bin="$out/bin"
mkdir -p "$bin"

for a in "$@"; do
    if [ "$a" = "--help" ] || [ "$a" = "-h" ]; then
        exec python3 bench/bench.py --help
    fi
done

say() { printf '== %s\n' "$*"; }

# --- dependencies -----------------------------------------------------------
need=()
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)
[ -f /usr/include/lmdb.h ] || need+=(liblmdb-dev)
command -v cc >/dev/null || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -q "${need[@]}" >/dev/null 2>&1 ||
        { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q "${need[@]}" >/dev/null; } ||
        { echo "bench: could not install ${need[*]}" >&2; exit 1; }
fi
if ! python3 -c "import matplotlib" 2>/dev/null; then
    say "installing matplotlib (for the chart)"
    python3 -m pip install -q matplotlib >/dev/null 2>&1 ||
        echo "bench: matplotlib could not be installed; the chart will be skipped"
fi

# --- build --------------------------------------------------------------------
CC="${CC:-cc}"
cflags=(-std=c11 -O2 -g -Wall -Wextra -pthread)
drivers=bench/drivers
unavailable=()

say "building the drivers"
$CC "${cflags[@]}" $drivers/physical.c -o "$bin/physical" || { echo "bench: physical probe did not build" >&2; exit 1; }
$CC "${cflags[@]}" $drivers/runner.c $drivers/eng_sqlite.c -o "$bin/bench-sqlite" -lsqlite3 ||
    unavailable+=(--unavailable "sqlite=driver did not build")
$CC "${cflags[@]}" $drivers/runner.c $drivers/eng_lmdb.c -o "$bin/bench-lmdb" -llmdb ||
    unavailable+=(--unavailable "lmdb=driver did not build")

say "building libesent (cargo build --release --lib)"
if cargo build --release --lib -q; then
    lib="$target/release"
    $CC "${cflags[@]}" -Iinclude $drivers/runner.c $drivers/eng_esent.c -o "$bin/bench-esent" \
        -L"$lib" -lesent -Wl,-rpath,"$lib" ||
        unavailable+=(--unavailable "esent=driver did not build against include/esent.h")
else
    unavailable+=(--unavailable "esent=libesent did not build")
fi

# --- run ----------------------------------------------------------------------
python3 bench/bench.py --bin "$bin" --data "$out/data" --out "$out" --header "$root/include/esent.h" \
    "${unavailable[@]}" "$@"
status=$?
rm -rf "$out/data"
if [ $status -ne 0 ]; then
    echo "bench: the harness stopped with status $status (not a performance result)" >&2
fi
exit $status
