#!/usr/bin/env bash
# Install the two independent ESE readers that tools/dump/readers.py (and so
# tests/readers.rs) runs:
#   - dissect.esedb (PyPI, pinned), for ../shared/edb-samples/dissect_dump.py
#   - esedbexport and esedbinfo (Debian package libesedb-utils, libesedb 20181229)
# Idempotent: what is already installed is left alone, and nothing is
# downloaded then. Needs network access otherwise (the Debian archive, PyPI):
# every failure says which step failed and why, and the exit status is 1.
#
# dissect.esedb goes into the Python that already has it, else into a venv
# (default <repo>/target/readers-venv, override with READERS_VENV); readers.py
# looks in the same places. apt-get runs as root, or through sudo -n.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${READERS_VENV:-$repo/target/readers-venv}"
dissect_spec="${DISSECT_ESEDB_SPEC:-dissect.esedb==3.18}"
start=$SECONDS

say() { echo "install-readers: $*"; }
fail() {
    echo "install-readers: FAILED: $*" >&2
    exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# --- esedbexport / esedbinfo (libesedb-utils) --------------------------------
if have esedbexport && have esedbinfo; then
    say "esedbexport already installed ($(command -v esedbexport))"
else
    have apt-get || fail "no apt-get on this system: install libesedb-utils (esedbexport, esedbinfo) by hand"
    if [ "$(id -u)" = 0 ]; then
        sudo=""
    elif have sudo && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
    else
        fail "libesedb-utils is missing and this user cannot install it (not root, no passwordless sudo)"
    fi
    say "apt-get install libesedb-utils"
    $sudo apt-get update -qq >/dev/null 2>&1 \
        || fail "apt-get update failed: no network access to the Debian archive? (libesedb-utils not installed)"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libesedb-utils >/dev/null \
        || fail "apt-get install libesedb-utils failed (offline, or not in this Debian/Ubuntu release?)"
    have esedbexport && have esedbinfo || fail "libesedb-utils installed but esedbexport/esedbinfo not on PATH"
fi

# --- dissect.esedb -----------------------------------------------------------
have python3 || fail "python3 is not installed"
if python3 -c 'import dissect.esedb' >/dev/null 2>&1; then
    say "dissect.esedb already importable by $(command -v python3)"
elif [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import dissect.esedb' >/dev/null 2>&1; then
    say "dissect.esedb already in $venv"
else
    say "pip install '$dissect_spec' into $venv"
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv" >/dev/null 2>&1 \
            || fail "python3 -m venv $venv failed (Debian: apt-get install python3-venv)"
    fi
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "$dissect_spec" \
        || fail "pip install '$dissect_spec' failed: no network access to PyPI?"
    "$venv/bin/python" -c 'import dissect.esedb' || fail "dissect.esedb installed in $venv but does not import"
fi
say "ok ($((SECONDS - start)) s)"
