#!/usr/bin/env python3
"""Independent-reader check of a database and our canonical dump of it.

Given an ESE database file and the canonical JSON dump ("ese-canonical-1") that
our engine produced for it (esedump), two readers that share no code with us
read the file and must agree with the dump:

 (a) dissect.esedb, through ../shared/edb-samples/dissect_dump.py, which writes
     the same canonical form: compared with compare.py, must be equal;
 (b) libesedb's esedbexport (Debian libesedb-utils 20181229): every user table
     is exported (tab-separated text), and every row and value is compared with
     our dump rendered the way esedbexport prints it. Values that esedbexport
     gets wrong in a documented way ("Reader quirks" in the samples' README,
     and the ones listed in QUIRKS below) are skipped one by one and counted
     per quirk; nothing else is skipped, and a table esedbexport cannot export
     is a failure unless a quirk explains it (then its values are counted).

Usage:
  readers.py DB OUR_DUMP.json [--only dissect|esedbexport] [-v] [--install]
  readers.py --samples [-v]     the six samples, expected.json standing in for our dump
  readers.py --check-installed  exit 0 if both readers can run, else 2

DB may be gzip-compressed. Exit status: 0 both checks pass, 1 a check found a
difference, 2 a reader is missing or cannot run (see --install /
install-readers.sh).
"""
from __future__ import annotations

import argparse
import collections
import datetime
import gzip
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import compare  # noqa: E402



def _find_shared() -> str:
    """../shared beside the repository, or beside one of its parents (a git
    worktree may sit deeper than the main checkout); ESENT_SHARED overrides."""
    if os.environ.get("ESENT_SHARED"):
        return os.environ["ESENT_SHARED"]
    d = REPO
    while True:
        parent = os.path.dirname(d)
        if parent == d:
            return os.path.join(REPO, "..", "shared")
        d = parent
        if os.path.isdir(os.path.join(d, "shared", "edb-samples")):
            return os.path.join(d, "shared")


SHARED = _find_shared()
SAMPLES_DIR = os.environ.get("EDB_SAMPLES") or os.path.join(SHARED, "edb-samples")
DISSECT_DUMP = os.path.join(SAMPLES_DIR, "dissect_dump.py")
SAMPLES = ["basic", "binary", "default", "index", "multi", "text"]
VENV = os.environ.get("READERS_VENV") or os.path.join(REPO, "target", "readers-venv")

# Every quirk of esedbexport 20181229 that the check knows. A value is put
# down to a quirk only when it is in the quirk's scope (column kind, value)
# and esedbexport's text is not what a correct reader would print. "Verified"
# quirks pin the exact wrong text, so the value is still checked through the
# quirk; the others are skipped (not checkable) and counted.
QUIRKS = {
    # name: (verified, description)
    "fixed_null_filler": (True, "NULL fixed column: the fixed-column null bitmap is ignored and the "
                          "bytes of the column's slot are printed: the '*' filler, or the column's "
                          "default, which ESE leaves in the slot when a column with a default is "
                          "set to NULL (checked: exactly one of those)"),
    "no_catalog_default": (True, "column absent from the record, its value is the catalog default: "
                           "libesedb applies no default and prints nothing (checked: empty)"),
    "utf16_surrogate_pair": (True, "UTF-16 surrogate pairs decoded with libuna's off-by-0x3FF bug "
                             "(U+1F98A -> U+1F58B) (checked: exactly the mangled text)"),
    "text_cut_at_nul": (True, "text containing U+0000: libuna ends the string at the first NUL "
                        "(checked: exactly the text before it)"),
    "odd_length_utf16": (True, "code page 1200 value with an odd byte count (canonical raw_hex): "
                         "printed as Windows-1252 bytes up to the first NUL (checked)"),
    "separated_lv_unread": (False, "LongText/LongBinary value stored as a separate long value: "
                            "libesedb's lookup by LID finds none (Windows-made files too) and it "
                            "prints nothing"),
    "compressed_value": (False, "column with JET_bitColumnCompressed: libesedb returns values still "
                         "compressed, misdecoded, or nothing"),
    "multivalue_not_text": (False, "multi-valued column of a non-text type with 2+ values: "
                            "esedbexport prints nothing for it"),
    "multivalue_long_value": (False, "multi-valued LongText/LongBinary column with 2+ values: "
                              "libesedb prints garbage for values stored separately"),
    "ieee_single_printed_as_zero": (False, "IEEESingle: esedbexport 20181229 prints every value "
                                    "as 0.000000"),
    "cp1252_undefined_byte": (False, "Windows-1252 text with a byte undefined in that code page "
                              "(0x81 0x8D 0x8F 0x90 0x9D): libuna's mapping of it is unknown"),
    "raw_hex_value": (False, "a value whose byte count does not fit its type (canonical raw_hex), "
                      "other than odd-length UTF-16: no textual form to compare"),
    "two_values_layout": (False, "multi-valued Text column with exactly two values on pages under "
                          "16 KiB: ESE stores them in the two-values layout (flag 0x10), which "
                          "libesedb reads as an offset table: nothing or garbage"),
    "zero_length_tagged": (False, "pages under 16 KiB: a zero-length tagged value has the offset of "
                           "the next tag; libesedb then takes the rest of the record for it "
                           "(garbage)"),
    "tagged_after_zero_length": (True, "pages under 16 KiB: every tagged column after a zero-length "
                                 "one in the record comes out empty (libesedb has used up the "
                                 "record) (checked: exactly empty)"),
    "tagged_null_override": (False, "pages under 16 KiB: a record holding an explicit NULL over a "
                             "tagged column's default (ESE's TAGFLD null bit 0x2000) is unreadable "
                             "for libesedb, which masks tag offsets with 0x3fff; esedbexport stops "
                             "the table at that record (its values and those of every later "
                             "record are counted)"),
    "large_page_tagged_failure": (False, "32 KiB pages and tagged columns: libesedb fails on "
                                  "records, rows are missing from the export; every value of a "
                                  "missing row is counted"),
}

FIXED_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 4, 7: 8, 8: 8, 14: 4, 15: 8, 16: 16, 17: 2}
CP1252_HIGH = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
]
CP1252_INV = {cp: 0x80 + i for i, cp in enumerate(CP1252_HIGH)}
CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


class ToolError(Exception):
    """A reader is missing or could not run at all."""


# --------------------------------------------------------------------------
# Our canonical values back to the bytes JetRetrieveColumn returned

def value_bytes(coltyp: int, cp: int | None, v) -> bytes:
    if isinstance(v, dict):
        return bytes.fromhex(v["raw_hex"])
    if coltyp == 1:
        return b"\x01" if v else b"\x00"
    ints = {2: "<B", 3: "<h", 4: "<i", 5: "<q", 14: "<I", 15: "<q", 17: "<H"}
    if coltyp in ints:
        return struct.pack(ints[coltyp], v)
    if coltyp == 6:
        return struct.pack("<f", compare.parse_float(v))
    if coltyp in (7, 8):
        return struct.pack("<d", compare.parse_float(v))
    if coltyp == 16:
        h = v.replace("-", "")
        return struct.pack("<IHH", int(h[0:8], 16), int(h[8:12], 16), int(h[12:16], 16)) + bytes.fromhex(h[16:])
    if coltyp in (9, 11):
        return bytes.fromhex(v)
    if coltyp in (10, 12):
        if cp == 1200:
            return v.encode("utf-16-le", "surrogatepass")
        return bytes(CP1252_INV.get(ord(c), ord(c)) for c in v)
    raise ValueError(f"no bytes for coltyp {coltyp}")


# --------------------------------------------------------------------------
# How esedbexport 20181229 prints a value (observed on the samples, and
# libesedb's esedbtools/export_handle.c): one text per value.

def export_escape(codepoints, cut_at_nul: bool) -> bytes:
    """export_text(): backslash, \\n, \\r, \\t escaped; NUL as \\0 (or end)."""
    out = []
    for c in codepoints:
        if c == 0:
            if cut_at_nul:
                break
            out.append("\\0")
        elif c == 0x5C:
            out.append("\\\\")
        elif c == 0x0A:
            out.append("\\n")
        elif c == 0x0D:
            out.append("\\r")
        elif c == 0x09:
            out.append("\\t")
        else:
            out.append(chr(c))
    return "".join(out).encode("utf-8", "surrogatepass")


def utf16_codepoints(b: bytes, mangle: bool):
    """UTF-16LE code units to code points; mangle = libuna's old pair formula."""
    units = struct.unpack(f"<{len(b) // 2}H", b)
    out = []
    i = 0
    while i < len(units):
        u = units[i]
        i += 1
        if 0xD800 <= u <= 0xDBFF and i < len(units) and 0xDC00 <= units[i] <= 0xDFFF:
            lo = units[i]
            i += 1
            cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
            out.append(cp - 0x3FF if mangle else cp)
        else:
            out.append(u)
    return out


def render_text(b: bytes, cp: int | None, mangle: bool, cut: bool) -> bytes:
    if cp == 1200 and len(b) % 2 == 0:
        return export_escape(utf16_codepoints(b, mangle), cut)
    return export_escape([CP1252_HIGH[x - 0x80] if 0x80 <= x < 0xA0 else x for x in b], cut)


def render_filetime(b: bytes) -> bytes:
    """A DateTime the way esedbexport prints it: libesedb reads the 8 bytes as
    a FILETIME (100 ns since 1601-01-01), printed "Mon DD, YYYY HH:MM:SS.
    nnnnnnnnn"; past the year 9999 (every OLE date stored as a double) libfdatetime
    falls back to the two 32-bit halves in hex, "(0xHIGH 0xLOW)"."""
    lo, hi = struct.unpack("<II", b)
    ft = (hi << 32) | lo
    secs, frac = divmod(ft, 10_000_000)
    try:
        t = datetime.datetime(1601, 1, 1) + datetime.timedelta(seconds=secs)
    except OverflowError:
        return b"(0x%08x 0x%08x)" % (hi, lo)
    return (t.strftime("%b %d, %Y %H:%M:%S") + ".%09d" % (frac * 100)).encode()


def render(coltyp: int, cp: int | None, b: bytes, mangle=False, cut=False) -> bytes:
    """esedbexport's text for the value bytes b (without libesedb's bugs
    unless mangle / cut say so)."""
    n = len(b)
    if coltyp in FIXED_SIZES and n != FIXED_SIZES[coltyp]:
        return b.hex().encode()  # libesedb falls back to hex for odd sizes
    if coltyp == 1:
        return b"true" if b[0] else b"false"
    if coltyp in (2, 17):
        return str(int.from_bytes(b, "little")).encode()
    if coltyp in (3, 4, 15):
        return str(int.from_bytes(b, "little", signed=True)).encode()
    if coltyp in (5, 14):  # Currency prints as unsigned
        return str(int.from_bytes(b, "little")).encode()
    if coltyp == 6:
        return ("%f" % struct.unpack("<f", b)[0]).encode()
    if coltyp == 7:
        return ("%f" % struct.unpack("<d", b)[0]).encode()
    if coltyp == 8:
        return render_filetime(b)
    if coltyp in (9, 11, 16):
        return b.hex().encode()
    if coltyp in (10, 12):
        return render_text(b, cp, mangle, cut)
    return b.hex().encode()


# --------------------------------------------------------------------------
# Reading esedbexport's output

def page_size_of(path: str) -> int:
    with open(path, "rb") as fh:
        hdr = fh.read(240)
    if len(hdr) < 240 or struct.unpack_from("<I", hdr, 4)[0] != 0x89ABCDEF:
        raise ToolError(f"{path}: not an ESE database (no 0x89abcdef signature)")
    ps = struct.unpack_from("<I", hdr, 236)[0]
    return ps or 4096


def plain_copy(db: str, tmp: str) -> str:
    """The database as a plain file (esedbexport does not read gzip)."""
    with open(db, "rb") as fh:
        magic = fh.read(2)
    if magic != b"\x1f\x8b":
        return db
    out = os.path.join(tmp, "db.edb")
    with gzip.open(db, "rb") as src, open(out, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return out


def run_esedbexport(db: str, table: str, tmp: str, idx: int):
    """Export one table: (exit status, its messages, header fields or None, rows as field lists)."""
    exe = shutil.which("esedbexport")
    if not exe:
        raise ToolError("esedbexport not found (apt-get install libesedb-utils, or readers.py --install)")
    base = os.path.join(tmp, f"export{idx}")
    p = subprocess.run([exe, "-t", base, "-T", table, db], capture_output=True)
    log = (p.stdout + p.stderr).decode("utf-8", "replace")
    outdir = base + ".export"
    files = []
    if os.path.isdir(outdir):
        files = [f for f in os.listdir(outdir) if re.fullmatch(re.escape(table) + r"\.\d+", f)]
    if len(files) > 1:
        raise ToolError(f"esedbexport wrote {len(files)} files for table {table!r}: {files}")
    if not files:
        return p.returncode, log, None, []
    with open(os.path.join(outdir, files[0]), "rb") as fh:
        data = fh.read()
    lines = data.split(b"\n")
    header = lines[0].split(b"\t") if lines and lines[0] else None
    rows = lines[1:]
    if rows and rows[-1] == b"":
        rows = rows[:-1]  # the final newline
    return p.returncode, log, header, [r.split(b"\t") for r in rows]


class Tally:
    def __init__(self):
        self.values = 0
        self.equal = 0
        self.quirks = collections.Counter()
        self.diffs: list[str] = []
        self.notes: list[str] = []

    def add(self, other: "Tally"):
        self.values += other.values
        self.equal += other.equal
        self.quirks.update(other.quirks)
        self.diffs += other.diffs
        self.notes += other.notes


def show(b: bytes, limit=120) -> str:
    s = repr(b)
    return s if len(s) <= limit else s[:limit] + f"...({len(b)} bytes)"


def is_default_value(col: dict, v) -> bool:
    d = col.get("default")
    if d is None:
        return False
    if isinstance(v, list):
        return len(v) == 1 and compare.scalar_equal(col["coltyp"], v[0], d)
    return compare.scalar_equal(col["coltyp"], v, d)


def judge_value(col: dict, v, theirs: bytes, page_size: int = 4096) -> tuple[str | None, str | None]:
    """(None, None) if equal; (quirk, None) if a quirk explains the text;
    (None, expected_text) for a real difference."""
    coltyp, cp, flags = col["coltyp"], col.get("cp"), set(col["flags"])
    text = coltyp in (10, 12)
    if v is None:
        if theirs == b"":
            return None, None
        if "Fixed" in flags:
            size = FIXED_SIZES.get(coltyp, col["cbMax"])
            slots = [b"*" * size]
            if col.get("default") is not None and not isinstance(col["default"], dict):
                slots.append(value_bytes(coltyp, cp, col["default"]))
            for slot in slots:
                if theirs in (render(coltyp, cp, slot), render(coltyp, cp, slot, cut=True)):
                    return "fixed_null_filler", None
        return None, b""

    vals = v if isinstance(v, list) else [v]
    if any(isinstance(x, dict) for x in vals):
        # raw_hex: a byte count that does not fit the type
        if text and cp == 1200 and not isinstance(v, list):
            b = value_bytes(coltyp, cp, v)
            if theirs == render_text(b, 1252, False, True):
                return "odd_length_utf16", None
        return "raw_hex_value", None

    try:
        raw = [value_bytes(coltyp, cp, x) for x in vals]
    except (ValueError, TypeError, AttributeError, OverflowError, struct.error) as e:
        return None, f"(our value is not canonical: {e})".encode()
    variants = [(False, False)]
    if text:
        variants += [(True, False), (False, True), (True, True)]
    for mangle, cut in variants:
        want = b"; ".join(render(coltyp, cp, b, mangle, cut) for b in raw)
        if theirs == want:
            if mangle and want != b"; ".join(render(coltyp, cp, b, False, cut) for b in raw):
                return "utf16_surrogate_pair", None
            if cut and want != b"; ".join(render(coltyp, cp, b, mangle, False) for b in raw):
                return "text_cut_at_nul", None
            return None, None
    expected = b"; ".join(render(coltyp, cp, b) for b in raw)

    if coltyp == 8 and not isinstance(v, list):
        # compare the double esedbexport shows, bit for bit (any NaN = any NaN)
        m = re.fullmatch(rb"\(0x([0-9a-f]{8}) 0x([0-9a-f]{8})\)", theirs)
        if m:
            x = struct.unpack("<d", struct.pack("<II", int(m.group(2), 16), int(m.group(1), 16)))[0]
            if compare.floats_equal(repr(x) if not math.isnan(x) else "nan", v, False):
                return None, None
    if coltyp == 7 and not isinstance(v, list) and math.isnan(compare.parse_float(v)) and theirs in (b"nan", b"-nan"):
        return None, None

    if theirs == b"" and is_default_value(col, v):
        return "no_catalog_default", None
    if "Compressed" in flags:
        return "compressed_value", None
    if "MultiValued" in flags and isinstance(v, list) and len(v) > 1:
        if coltyp not in (10, 12) and theirs == b"":
            return "multivalue_not_text", None
        if coltyp == 10 and len(v) == 2 and page_size < 16384:
            return "two_values_layout", None
        if coltyp in (11, 12):
            return "multivalue_long_value", None
    if coltyp in (11, 12) and theirs == b"" and any(raw):
        return "separated_lv_unread", None
    if coltyp == 6 and theirs == b"0.000000":
        return "ieee_single_printed_as_zero", None
    if text and cp != 1200 and any(b in CP1252_UNDEFINED for x in raw for b in x):
        return "cp1252_undefined_byte", None
    return None, expected


def check_table_esedbexport(db: str, table: dict, tmp: str, idx: int, page_size: int, verbose: bool) -> Tally:
    t = Tally()
    name = table["name"]
    cols = {c["name"]: c for c in table["columns"]}
    records = table["records"]
    rc, log, header, rows = run_esedbexport(db, name, tmp, idx)
    ncells = len(records) * len(cols)
    if header is None:
        t.diffs.append(f"table {name!r}: esedbexport exported nothing (exit {rc}): {log.strip()[-300:]}")
        return t
    hnames = [h.decode("utf-8", "replace") for h in header]
    if sorted(hnames) != sorted(cols):
        t.diffs.append(f"table {name!r}: esedbexport columns {hnames} != ours {sorted(cols)}")
        return t
    m = re.search(r"Database type: (.*)\.", log)
    if m and m.group(1) != "Unknown":
        t.notes.append(f"esedbexport recognised the database as {m.group(1)!r}: it may format values its own way")

    complete = [r for r in rows if len(r) == len(hnames)]
    broken = len(rows) - len(complete)
    failed = rc != 0 or broken or len(rows) < len(records)
    tagged = any("Tagged" in c["flags"] for c in cols.values())
    # a known reason for esedbexport to stop the table at record `stop`
    stop_quirk, stop = None, len(records)
    if rc != 0 and not broken and len(rows) < len(records):
        first = records[len(rows)]
        if (page_size < 16384 and ("invalid tagged data type size value exceeds remaining data size" in log
                                   or "invalid tagged data type offset value exceeds next tagged data type offset" in log)
                and any("Tagged" in c["flags"] and c.get("default") is not None and first.get(n) is None
                        for n, c in cols.items())):
            stop_quirk, stop = "tagged_null_override", len(rows)
            t.notes.append(f"table {name!r}: esedbexport stopped at record {stop}, which holds an explicit "
                           f"NULL over a tagged default (tagged_null_override): {len(records) - stop} "
                           f"records not exported")
    if failed and stop_quirk is None and not (len(complete) < len(records) and page_size == 32768 and tagged):
        if rc != 0 or broken:
            t.diffs.append(f"table {name!r}: esedbexport failed (exit {rc}, {broken} incomplete rows): {log.strip()[-300:]}")
    if len(rows) > len(records):
        t.diffs.append(f"table {name!r}: esedbexport has {len(rows)} rows, our dump {len(records)}")

    t.values = ncells
    for i, rec in enumerate(records):
        if i >= stop:
            t.quirks[stop_quirk] += len(cols)
            continue
        if i >= len(rows) or len(rows[i]) != len(hnames):
            if page_size == 32768 and tagged:
                if not t.quirks["large_page_tagged_failure"]:
                    t.notes.append(f"table {name!r}: records from {i} on missing from the export "
                                   f"(large_page_tagged_failure)")
                t.quirks["large_page_tagged_failure"] += len(cols)
                if verbose:
                    t.notes.append(f"table {name!r}: record {i}: missing from the export (large_page_tagged_failure)")
            else:
                t.diffs.append(f"table {name!r}: record {i}: missing from esedbexport's output")
            continue
        row = dict(zip(hnames, rows[i]))
        # the first zero-length tagged value of the record, on small pages
        zero_from = min((c["columnid"] for n, c in cols.items() if "Tagged" in c["flags"] and rec.get(n) == ""
                         and page_size < 16384), default=None)
        for cname, col in cols.items():
            v = rec.get(cname)
            quirk, expected = judge_value(col, v, row[cname], page_size)
            if (quirk or expected is not None) and zero_from is not None and "Tagged" in col["flags"]:
                if col["columnid"] == zero_from:
                    quirk, expected = "zero_length_tagged", None
                elif col["columnid"] > zero_from and row[cname] == b"":
                    quirk, expected = "tagged_after_zero_length", None
            if quirk:
                t.quirks[quirk] += 1
                if verbose:
                    t.notes.append(f"table {name!r}: record {i}: column {cname!r}: quirk {quirk}: "
                                   f"ours={compare.show(v)} esedbexport={show(row[cname])}")
            elif expected is not None:
                t.diffs.append(f"table {name!r}: record {i}: column {cname!r}: ours={compare.show(v)} "
                               f"renders as {show(expected)}, esedbexport={show(row[cname])}")
            else:
                t.equal += 1
    return t


# libesedb's names of the column types (esedbinfo) -> JET_coltyp
LIBESEDB_TYPES = {
    "Boolean": 1, "Integer 8-bit unsigned": 2, "Integer 16-bit signed": 3,
    "Integer 32-bit signed": 4, "Currency (64-bit)": 5,
    "Floating point single precision (32-bit)": 6, "Floating point double precision (64-bit)": 7,
    "Date and time": 8, "Binary data": 9, "Text": 10, "Large binary data": 11, "Large text": 12,
    "Super large value": 13, "Integer 32-bit unsigned": 14, "Integer 64-bit signed": 15,
    "GUID": 16, "Integer 16-bit unsigned": 17,
}


def esedbinfo_schema(db: str) -> dict:
    """{table: {"columns": {columnid: (name, type name)}, "indexes": set(names)}} from esedbinfo."""
    exe = shutil.which("esedbinfo")
    if not exe:
        raise ToolError("esedbinfo not found (apt-get install libesedb-utils, or readers.py --install)")
    p = subprocess.run([exe, db], capture_output=True)
    if p.returncode != 0:
        raise ToolError(f"esedbinfo {db} failed (exit {p.returncode}): {p.stderr.decode('utf-8', 'replace')[-300:]}")
    tables: dict = {}
    cur = None
    in_catalog = False
    for line in p.stdout.decode("utf-8", "replace").split("\n"):
        if line.startswith("Catalog content:"):
            in_catalog = True
            continue
        if not in_catalog:
            continue
        m = re.fullmatch(r"Table: \d+\t+(.*) \(\d+\)", line)
        if m:
            cur = tables.setdefault(m.group(1), {"columns": {}, "indexes": set()})
            continue
        if cur is None:
            continue
        f = line.split("\t")
        if len(f) == 5 and f[0] == "" and f[1].isdigit() and f[2].isdigit():
            cur["columns"][int(f[2])] = (f[3], f[4])
            continue
        m = re.fullmatch(r"\tIndex: \d+\t+(.*) \(\d+\)", line)
        if m:
            cur["indexes"].add(m.group(1))
    return tables


def check_schema(db: str, ours: dict) -> Tally:
    """Tables, columns (id, name, type) and index names against esedbinfo."""
    t = Tally()
    info = {k: v for k, v in esedbinfo_schema(db).items() if not k.startswith("MSys")}
    mine = {tb["name"]: tb for tb in ours["tables"]}
    for name in sorted(set(info) | set(mine)):
        if name not in mine:
            t.diffs.append(f"table {name!r}: in the database (esedbinfo) but not in our dump")
            continue
        if name not in info:
            t.diffs.append(f"table {name!r}: in our dump but not in the database (esedbinfo)")
            continue
        theirs = info[name]["columns"]
        cols = {c["columnid"]: c for c in mine[name]["columns"]}
        for cid in sorted(set(theirs) | set(cols)):
            if cid not in cols:
                t.diffs.append(f"table {name!r}: column id {cid} {theirs[cid]} only in esedbinfo")
            elif cid not in theirs:
                t.diffs.append(f"table {name!r}: column id {cid} {cols[cid]['name']!r} not in esedbinfo")
            else:
                cname, tname = theirs[cid]
                t.values += 1
                if cname != cols[cid]["name"] or LIBESEDB_TYPES.get(tname) != cols[cid]["coltyp"]:
                    t.diffs.append(f"table {name!r}: column id {cid}: ours {cols[cid]['name']!r} coltyp "
                                   f"{cols[cid]['coltyp']}, esedbinfo {cname!r} {tname!r}")
                else:
                    t.equal += 1
        inames = {i["name"] for i in mine[name]["indexes"]}
        if inames != info[name]["indexes"]:
            t.diffs.append(f"table {name!r}: indexes: only ours {sorted(inames - info[name]['indexes'])}, "
                           f"only esedbinfo {sorted(info[name]['indexes'] - inames)}")
    return t


def check_esedbexport(db: str, ours: dict, verbose: bool = False) -> tuple[Tally, Tally]:
    """(schema tally from esedbinfo, value tally from esedbexport)."""
    compare.check_dump(ours, "our dump")
    total = Tally()
    with tempfile.TemporaryDirectory(prefix="readers.") as tmp:
        plain = plain_copy(db, tmp)
        ps = page_size_of(plain)
        schema = check_schema(plain, ours)
        for idx, table in enumerate(ours["tables"]):
            total.add(check_table_esedbexport(plain, table, tmp, idx, ps, verbose))
    return schema, total


# --------------------------------------------------------------------------
# dissect.esedb

def python_with_dissect() -> str | None:
    cands = [os.environ.get("READERS_PYTHON"), sys.executable, os.path.join(VENV, "bin", "python")]
    for py in cands:
        if py and os.path.exists(py):
            r = subprocess.run([py, "-c", "import dissect.esedb"], capture_output=True)
            if r.returncode == 0:
                return py
    return None


# dissect.esedb 3.18 (and its successor dissect.database, as of 2025) reads a
# long value of three or more chunks wrongly: Table.get_long_value decides
# whether a chunk is compressed by comparing its length with the distance
# between chunk offsets, but keeps a running *sum* of the offsets instead of
# the previous offset, so from the third chunk on an uncompressed chunk is
# handed to the decompressor (which raises, or returns garbage). Windows-made
# databases are read just as wrongly. dissect_dump.py therefore runs with
# that one method replaced by a version that tracks the previous offset; the
# B-tree walk, the LV keys and the decompression stay dissect's own. The
# long values whose reading this changed are counted and reported.
DISSECT_LV_FIX = r"""
import runpy, struct, sys
from dissect.esedb import compression, table as _table
from dissect.esedb.btree import BTree
from dissect.esedb.exceptions import NoNeighbourPageError

_fixed = [0]

def get_long_value(self, key):
    prefix = bytes(key)[::-1]
    tree = BTree(self.esedb, self.lv_page)
    root = tree.search(prefix)
    size = struct.unpack("<2I", bytes(root.data)[:8])[1]
    chunks = []
    while True:
        try:
            node = tree.next()
        except NoNeighbourPageError:
            break
        if not node.key.startswith(prefix):
            break
        chunks.append((struct.unpack(">I", node.key[-4:])[0], bytes(node.data)))
    parts = []
    running = 0
    changed = False
    for i, (offset, data) in enumerate(chunks):
        end = chunks[i + 1][0] if i + 1 < len(chunks) else size
        packed = len(data) != end - offset
        if packed != (len(data) != end - running):
            changed = True
        running += end
        parts.append(compression.decompress(data) if packed else data)
    _fixed[0] += changed
    return b"".join(parts)

_table.Table.get_long_value = get_long_value
try:
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    if _fixed[0]:
        print(f"dissect_dump: note: dissect_lv_chunk_offsets={_fixed[0]} long values read with the "
              "corrected chunk offsets (dissect.esedb would have misread them)", file=sys.stderr)
"""


def check_dissect(db: str, ours: dict) -> tuple[list[str], str]:
    """(differences, notes) between our dump and dissect_dump.py's."""
    py = python_with_dissect()
    if not py:
        raise ToolError("dissect.esedb is not installed (pip install dissect.esedb, or readers.py --install)")
    if not os.path.exists(DISSECT_DUMP):
        raise ToolError(f"{DISSECT_DUMP} not found (set ESENT_SHARED or EDB_SAMPLES)")
    with tempfile.TemporaryDirectory(prefix="readers.") as tmp:
        out = os.path.join(tmp, "dissect.json")
        p = subprocess.run([py, "-c", DISSECT_LV_FIX, DISSECT_DUMP, db, "-o", out], capture_output=True, text=True)
        if p.returncode != 0:
            return [f"dissect_dump.py failed (exit {p.returncode}): {p.stderr.strip()}"], ""
        theirs = compare.load(out)
    return compare.compare_dumps(ours, theirs, ("ours", "dissect")), p.stderr.strip()


# --------------------------------------------------------------------------

def check(db: str, ours_path: str, only: str | None, verbose: bool, out=sys.stdout) -> int:
    """Run the checks on one database; print the report; 0 ok, 1 differences."""
    ours = compare.load(ours_path)
    status = 0
    print(f"== {db}  (our dump: {ours_path})", file=out)
    if only in (None, "dissect"):
        diffs, notes = check_dissect(db, ours)
        for n in filter(None, notes.splitlines()):
            print(f"   dissect: {n}", file=out)
        if diffs:
            status = 1
            print(f"   dissect.esedb: {len(diffs)} DIFFERENCE(S)", file=out)
            for d in diffs:
                print(f"     {d}", file=out)
        else:
            print("   dissect.esedb: equal", file=out)
    if only in (None, "esedbexport"):
        schema, t = check_esedbexport(db, ours, verbose)
        print(f"   esedbinfo schema: {'DIFFERENCES' if schema.diffs else 'ok'}: {schema.equal} of "
              f"{schema.values} columns equal (name, type), tables and index names "
              f"{'differ' if schema.diffs else 'equal'}", file=out)
        for d in schema.diffs:
            print(f"     {d}", file=out)
        checked = {k: v for k, v in t.quirks.items() if QUIRKS[k][0]}
        skipped = {k: v for k, v in t.quirks.items() if not QUIRKS[k][0]}

        def fmt(d):
            return ", ".join(f"{k}={v}" for k, v in sorted(d.items())) or "none"
        verdict = "DIFFERENCES" if t.diffs else "ok"
        print(f"   esedbexport: {verdict}: {t.values} values: {t.equal} equal, "
              f"{sum(checked.values())} equal through a known quirk ({fmt(checked)}), "
              f"{sum(skipped.values())} skipped ({fmt(skipped)}), {len(t.diffs)} differences", file=out)
        for n in t.notes:
            print(f"     note: {n}", file=out)
        for d in t.diffs:
            print(f"     {d}", file=out)
        if t.diffs or schema.diffs:
            status = 1
    return status


def check_installed() -> None:
    """ToolError naming every reader that is missing."""
    missing = [exe for exe in ("esedbexport", "esedbinfo") if not shutil.which(exe)]
    if not python_with_dissect():
        missing.append("dissect.esedb (python)")
    if missing:
        raise ToolError(f"missing: {', '.join(missing)}: run tools/dump/install-readers.sh")
    if not os.path.exists(DISSECT_DUMP):
        raise ToolError(f"{DISSECT_DUMP} not found (set ESENT_SHARED or EDB_SAMPLES)")


def install() -> None:
    r = subprocess.run(["bash", os.path.join(HERE, "install-readers.sh")])
    if r.returncode != 0:
        raise ToolError("install-readers.sh failed (see above)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", nargs="?", help="database file (.edb, may be .gz)")
    ap.add_argument("dump", nargs="?", help="our canonical dump of it (JSON, from esedump)")
    ap.add_argument("--samples", action="store_true", help="check the six sample databases against their expected.json")
    ap.add_argument("--only", choices=["dissect", "esedbexport"], help="run one check only")
    ap.add_argument("--install", action="store_true", help="install the readers first (install-readers.sh)")
    ap.add_argument("--quirks", action="store_true", help="list the esedbexport quirks the check knows, and exit")
    ap.add_argument("--check-installed", action="store_true",
                    help="exit 0 if both readers can run, else 2 saying what is missing")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every skipped value")
    args = ap.parse_args(argv)
    if args.quirks:
        for k, (verified, v) in QUIRKS.items():
            print(f"{k} ({'checked' if verified else 'skipped'}): {v}")
        return 0
    try:
        if args.install:
            install()
        if args.check_installed:
            check_installed()
            print("readers: dissect.esedb, esedbexport and esedbinfo are installed")
            return 0
        if args.samples:
            if args.db or args.dump:
                ap.error("--samples takes no DB or DUMP")
            jobs = [(os.path.join(SAMPLES_DIR, s + ".edb.gz"), os.path.join(SAMPLES_DIR, s + ".expected.json"))
                    for s in SAMPLES]
        else:
            if not (args.db and args.dump):
                ap.error("need DB and DUMP (or --samples)")
            jobs = [(args.db, args.dump)]
        status = 0
        for db, dump in jobs:
            status |= check(db, dump, args.only, args.verbose)
    except (ToolError, compare.DumpError, OSError) as e:
        print(f"readers: {e}", file=sys.stderr)
        return 2
    print("readers: all checks passed" if status == 0 else "readers: DIFFERENCES FOUND")
    return status


if __name__ == "__main__":
    sys.exit(main())
