#!/usr/bin/env bash
# Install the two independent ESE readers that tools/dump/readers.py runs:
#   - dissect.esedb (PyPI), for ../shared/edb-samples/dissect_dump.py
#   - esedbexport (Debian package libesedb-utils, libesedb 20181229)
# Idempotent: whatever is already there is left alone.
#
# dissect.esedb goes into the Python that already has it, else into a venv
# (default <repo>/target/readers-venv, override with READERS_VENV); readers.py
# looks in the same places.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${READERS_VENV:-$repo/target/readers-venv}"
dissect_spec="${DISSECT_ESEDB_SPEC:-dissect.esedb==3.18}"

fail() {
    echo "install-readers: $*" >&2
    exit 1
}

# --- esedbexport -------------------------------------------------------------
if command -v esedbexport >/dev/null 2>&1; then
    echo "install-readers: esedbexport already installed ($(command -v esedbexport))"
else
    sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || fail "not root and no sudo: cannot apt-get install libesedb-utils"
        sudo="sudo"
    fi
    command -v apt-get >/dev/null 2>&1 || fail "no apt-get: install libesedb-utils (esedbexport) by hand"
    echo "install-readers: apt-get install libesedb-utils"
    $sudo apt-get update -q >/dev/null 2>&1 \
        || fail "apt-get update failed: no network access to the Debian archive? (libesedb-utils not installed)"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q libesedb-utils >/dev/null \
        || fail "apt-get install -y libesedb-utils failed (offline, or package not in this Debian release?)"
    command -v esedbexport >/dev/null 2>&1 || fail "libesedb-utils installed but esedbexport not on PATH"
fi

# --- dissect.esedb -----------------------------------------------------------
if python3 -c 'import dissect.esedb' >/dev/null 2>&1; then
    echo "install-readers: dissect.esedb already importable by $(command -v python3)"
elif [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import dissect.esedb' >/dev/null 2>&1; then
    echo "install-readers: dissect.esedb already in $venv"
else
    echo "install-readers: pip install '$dissect_spec' into $venv"
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv" || fail "python3 -m venv $venv failed (python3-venv missing?)"
    fi
    "$venv/bin/python" -m pip install -q "$dissect_spec" \
        || fail "pip install '$dissect_spec' failed: no network access to PyPI?"
    "$venv/bin/python" -c 'import dissect.esedb' || fail "dissect.esedb installed but does not import"
fi
echo "install-readers: ok"
