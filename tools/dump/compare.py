#!/usr/bin/env python3
"""Compare two database dumps in the canonical JSON form "ese-canonical-1".

The form and the comparison rules are defined in ../shared/edb-samples/README.md
("Canonical JSON" and "Comparing two dumps"):

- tables are matched by name, columns and indexes by name, records by position;
- columns: same columnid, coltyp, cbMax, set of flags, cp (Text/LongText only)
  and default value; indexes: same key list and set of flags;
- same record count; for every record and column equal values, where a missing
  key equals null, integers and strings must be equal, Bit must be a JSON
  boolean, float strings are compared as numbers bit-for-bit (IEEESingle at
  32-bit precision, any NaN equals any NaN), lists element by element.

Every difference is printed (table, record index, column, both values); the
exit status is 0 when the dumps are equal, 1 when they differ, 2 when a file
cannot be read or is not a canonical dump.

Usage:
  compare.py A.json B.json [--full] [--max N] [--names A,B]

Importable: compare_dumps(a, b) returns the list of differences as strings.
"""
from __future__ import annotations

import argparse
import json
import math
import struct
import sys

FORMAT = "ese-canonical-1"

FLOAT_COLTYPS = (6, 7, 8)          # IEEESingle, IEEEDouble, DateTime
INT_COLTYPS = (2, 3, 4, 5, 14, 15, 17)
TEXT_COLTYPS = (10, 12)
STRING_COLTYPS = (9, 10, 11, 12, 16)  # Binary, Text, LongBinary, LongText, GUID

_MISSING = object()


class DumpError(Exception):
    """A file that is not a canonical dump."""


def parse_float(s: str) -> float | None:
    """The number a canonical float string stands for, or None if malformed."""
    if not isinstance(s, str):
        return None
    t = s.strip()
    if t != s or not t:
        return None
    low = t.lower()
    if low == "nan":
        return math.nan
    if low in ("inf", "-inf", "+inf"):
        return float(low)
    if low in ("infinity", "-infinity") or "nan" in low or "_" in t:
        return None
    try:
        return float(t)
    except ValueError:
        return None


def float_bits(x: float, single: bool) -> bytes | None:
    """The IEEE bit pattern of x as a double, or as a float32 for IEEESingle.

    None when x does not fit a float32 (an IEEESingle string that a float32
    cannot hold, e.g. "1e300"): such a value can only equal itself textually.
    """
    try:
        return struct.pack("<f", x) if single else struct.pack("<d", x)
    except (OverflowError, struct.error):
        return None


def floats_equal(a: str, b: str, single: bool) -> bool:
    fa, fb = parse_float(a), parse_float(b)
    if fa is None or fb is None:
        return False
    if math.isnan(fa) or math.isnan(fb):
        return math.isnan(fa) and math.isnan(fb)
    ba, bb = float_bits(fa, single), float_bits(fb, single)
    if ba is None or bb is None:
        return ba is None and bb is None and fa == fb and math.copysign(1, fa) == math.copysign(1, fb)
    return ba == bb


def same_string(a: str, b: str) -> bool:
    """Equal as UTF-16 code units: a surrogate pair written as two \\u escapes
    equals the same character however a JSON reader combined it."""
    return a == b or a.encode("utf-16-le", "surrogatepass") == b.encode("utf-16-le", "surrogatepass")


def is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def scalar_equal(coltyp: int, a, b) -> bool:
    """Equality of two single VALUEs (never lists) of a column of type coltyp."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, dict) or isinstance(b, dict):
        # {"raw_hex": ...}: a byte count that does not fit the type
        return (isinstance(a, dict) and isinstance(b, dict)
                and set(a) == {"raw_hex"} and set(b) == {"raw_hex"}
                and isinstance(a["raw_hex"], str) and a["raw_hex"] == b["raw_hex"])
    if coltyp == 1:
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if coltyp in INT_COLTYPS:
        return is_int(a) and is_int(b) and a == b
    if coltyp in FLOAT_COLTYPS:
        return isinstance(a, str) and isinstance(b, str) and floats_equal(a, b, coltyp == 6)
    if coltyp in STRING_COLTYPS:
        return isinstance(a, str) and isinstance(b, str) and same_string(a, b)
    # unknown column type: plain JSON equality, but never True == 1
    return type(a) is type(b) and a == b


def value_equal(coltyp: int, a, b) -> bool:
    """Equality of two column values (a VALUE, a list of VALUEs or null)."""
    if isinstance(a, list) or isinstance(b, list):
        if not (isinstance(a, list) and isinstance(b, list)) or len(a) != len(b):
            return False
        return all(scalar_equal(coltyp, x, y) for x, y in zip(a, b))
    return scalar_equal(coltyp, a, b)


def show(v, full: bool = False, limit: int = 160) -> str:
    if v is _MISSING:
        return "(absent)"
    s = json.dumps(v, ensure_ascii=True)
    if not full and len(s) > limit:
        s = s[:limit] + "...(%d chars)" % len(s)
    return s


def by_name(items, what: str, where: str) -> dict:
    out = {}
    for it in items:
        if not isinstance(it, dict) or not isinstance(it.get("name"), str):
            raise DumpError(f"{where}: a {what} without a name: {show(it)}")
        if it["name"] in out:
            raise DumpError(f"{where}: {what} {it['name']!r} appears twice")
        out[it["name"]] = it
    return out


def check_dump(d, label: str):
    if not isinstance(d, dict) or d.get("format") != FORMAT or not isinstance(d.get("tables"), list):
        raise DumpError(f"{label}: not an {FORMAT} dump (need {{\"format\": \"{FORMAT}\", \"tables\": [...]}})")
    for t in d["tables"]:
        if not isinstance(t, dict):
            raise DumpError(f"{label}: a table is not an object")
        for k, typ in (("columns", list), ("indexes", list), ("records", list), ("record_count", int)):
            if not isinstance(t.get(k), typ):
                raise DumpError(f"{label}: table {t.get('name')!r}: missing or bad {k!r}")


def compare_dumps(a: dict, b: dict, names=("A", "B"), full: bool = False) -> list[str]:
    """All differences between dumps a and b, one string each ([] = equal)."""
    na, nb = names
    check_dump(a, na)
    check_dump(b, nb)
    diffs: list[str] = []
    ta = by_name(a["tables"], "table", na)
    tb = by_name(b["tables"], "table", nb)
    for name in sorted(set(ta) | set(tb), key=lambda s: s.encode("utf-8", "surrogatepass")):
        if name not in tb:
            diffs.append(f"table {name!r}: only in {na}")
            continue
        if name not in ta:
            diffs.append(f"table {name!r}: only in {nb}")
            continue
        diffs.extend(compare_tables(ta[name], tb[name], names, full))
    return diffs


def compare_tables(a: dict, b: dict, names, full: bool) -> list[str]:
    na, nb = names
    tn = a["name"]
    diffs: list[str] = []
    ca = by_name(a["columns"], "column", f"{na} table {tn!r}")
    cb = by_name(b["columns"], "column", f"{nb} table {tn!r}")
    for cname in list(ca) + [c for c in cb if c not in ca]:
        if cname not in cb:
            diffs.append(f"table {tn!r}: column {cname!r}: only in {na}")
            continue
        if cname not in ca:
            diffs.append(f"table {tn!r}: column {cname!r}: only in {nb}")
            continue
        x, y = ca[cname], cb[cname]
        for k in ("columnid", "coltyp", "cbMax"):
            if not (is_int(x.get(k)) and is_int(y.get(k)) and x[k] == y[k]):
                diffs.append(f"table {tn!r}: column {cname!r}: {k}: {na}={show(x.get(k, _MISSING))} {nb}={show(y.get(k, _MISSING))}")
        fx, fy = x.get("flags"), y.get("flags")
        if not (isinstance(fx, list) and isinstance(fy, list) and set(fx) == set(fy)):
            diffs.append(f"table {tn!r}: column {cname!r}: flags: {na}={show(fx)} {nb}={show(fy)}")
        coltyp = x.get("coltyp")
        if coltyp in TEXT_COLTYPS or y.get("coltyp") in TEXT_COLTYPS:
            if x.get("cp", _MISSING) != y.get("cp", _MISSING) or not is_int(x.get("cp")):
                diffs.append(f"table {tn!r}: column {cname!r}: cp: {na}={show(x.get('cp', _MISSING))} {nb}={show(y.get('cp', _MISSING))}")
        dx, dy = x.get("default"), y.get("default")
        if isinstance(dx, list) or isinstance(dy, list) or not scalar_equal(coltyp, dx, dy):
            diffs.append(f"table {tn!r}: column {cname!r}: default: {na}={show(dx, full)} {nb}={show(dy, full)}")

    ia = by_name(a["indexes"], "index", f"{na} table {tn!r}")
    ib = by_name(b["indexes"], "index", f"{nb} table {tn!r}")
    for iname in list(ia) + [i for i in ib if i not in ia]:
        if iname not in ib:
            diffs.append(f"table {tn!r}: index {iname!r}: only in {na}")
            continue
        if iname not in ia:
            diffs.append(f"table {tn!r}: index {iname!r}: only in {nb}")
            continue
        x, y = ia[iname], ib[iname]
        if not (isinstance(x.get("key"), list) and x.get("key") == y.get("key")):
            diffs.append(f"table {tn!r}: index {iname!r}: key: {na}={show(x.get('key'))} {nb}={show(y.get('key'))}")
        fx, fy = x.get("flags"), y.get("flags")
        if not (isinstance(fx, list) and isinstance(fy, list) and set(fx) == set(fy)):
            diffs.append(f"table {tn!r}: index {iname!r}: flags: {na}={show(fx)} {nb}={show(fy)}")

    ra, rb = a["records"], b["records"]
    if a["record_count"] != b["record_count"]:
        diffs.append(f"table {tn!r}: record_count: {na}={a['record_count']} {nb}={b['record_count']}")
    for lbl, t in ((na, a), (nb, b)):
        if t["record_count"] != len(t["records"]):
            diffs.append(f"table {tn!r}: {lbl} says record_count {t['record_count']} but lists {len(t['records'])} records")
    if len(ra) != len(rb):
        diffs.append(f"table {tn!r}: records: {na} has {len(ra)}, {nb} has {len(rb)}")

    # Column type for each column name (a column present on one side only still
    # has its values compared, with that side's type).
    coltyps = {n: c.get("coltyp") for n, c in cb.items()}
    coltyps.update({n: c.get("coltyp") for n, c in ca.items()})
    for i in range(min(len(ra), len(rb))):
        x, y = ra[i], rb[i]
        if not isinstance(x, dict) or not isinstance(y, dict):
            if x != y:
                diffs.append(f"table {tn!r}: record {i}: {na}={show(x, full)} {nb}={show(y, full)}")
            continue
        keys = list(coltyps) + [k for k in list(x) + list(y) if k not in coltyps]
        seen = set()
        for k in keys:
            if k in seen:
                continue
            seen.add(k)
            vx, vy = x.get(k), y.get(k)  # a missing key equals null
            if k not in coltyps:
                if vx is None and vy is None:
                    continue
                diffs.append(f"table {tn!r}: record {i}: column {k!r}: not a column of the table: "
                             f"{na}={show(x.get(k, _MISSING), full)} {nb}={show(y.get(k, _MISSING), full)}")
                continue
            if not value_equal(coltyps[k], vx, vy):
                diffs.append(f"table {tn!r}: record {i}: column {k!r}: "
                             f"{na}={show(x.get(k, _MISSING), full)} {nb}={show(y.get(k, _MISSING), full)}")
    return diffs


def load(path: str):
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DumpError(f"{path}: not valid JSON: {e}") from e


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", help="first dump (JSON)")
    ap.add_argument("b", help="second dump (JSON)")
    ap.add_argument("--full", action="store_true", help="print values in full (default: cut at 160 chars)")
    ap.add_argument("--max", type=int, default=0, help="print at most N differences (0 = all)")
    ap.add_argument("--names", default=None, help="labels for the two dumps, e.g. ours,dissect (default: the file names)")
    args = ap.parse_args(argv)
    names = tuple(args.names.split(",", 1)) if args.names else (args.a, args.b)
    if len(names) != 2:
        ap.error("--names needs two labels: A,B")
    try:
        diffs = compare_dumps(load(args.a), load(args.b), names, args.full)
    except (OSError, DumpError) as e:
        print(f"compare: {e}", file=sys.stderr)
        return 2
    shown = diffs if args.max <= 0 else diffs[:args.max]
    for d in shown:
        print(d)
    if len(shown) < len(diffs):
        print(f"... {len(diffs) - len(shown)} more")
    if diffs:
        print(f"compare: {len(diffs)} difference(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
