#!/usr/bin/env python3
"""Tests of esedump.c.

Builds esedump against include/esent.h and libesent.so (with -Wall -Wextra
-Werror), then:
  - checks its value canonicalisation (floats, integers, GUIDs, hex, text in
    code pages 1252 and 1200, raw_hex) against Python, through the hidden
    `--canon-stdin` mode that makes no Jet call;
  - runs it on the six sample databases and compares with their
    expected.json (semantically with compare.py, and byte for byte, since the
    layout is the same). These end-to-end tests are skipped, saying so, while
    the engine still answers JET_errFeatureNotAvailable.

Run from the repository root:  python3 -m unittest tools/dump/test_esedump.py
The library is looked for in $ESENT_LIB_DIR, $CARGO_TARGET_DIR/release, target/release.
"""
from __future__ import annotations

import json
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import compare  # noqa: E402

SAMPLES_DIR = os.environ.get("EDB_SAMPLES") or os.path.join(REPO, "..", "shared", "edb-samples")
SAMPLES = ["basic", "binary", "default", "index", "multi", "text"]


def lib_dir() -> str | None:
    cands = [os.environ.get("ESENT_LIB_DIR")]
    if os.environ.get("CARGO_TARGET_DIR"):
        cands.append(os.path.join(os.environ["CARGO_TARGET_DIR"], "release"))
    cands.append(os.path.join(REPO, "target", "release"))
    for d in cands:
        if d and os.path.exists(os.path.join(d, "libesent.so")):
            return os.path.abspath(d)
    return None


_BUILT: dict = {}


def build() -> str:
    """Compile esedump once per test run; the path of the binary."""
    if "exe" in _BUILT:
        return _BUILT["exe"]
    ld = lib_dir()
    if ld is None:
        raise unittest.SkipTest("libesent.so not found (cargo build --release first, or set ESENT_LIB_DIR)")
    out = tempfile.mkdtemp(prefix="esedump-test.")
    exe = os.path.join(out, "esedump")
    cc = os.environ.get("CC", "cc")
    cmd = [cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-I", os.path.join(REPO, "include"),
           os.path.join(HERE, "esedump.c"), "-L", ld, "-lesent", "-Wl,-rpath," + ld, "-o", exe]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError("esedump.c does not compile cleanly:\n" + r.stderr)
    _BUILT["exe"] = exe
    _BUILT["dir"] = out
    return exe


def j(v) -> str:
    return json.dumps(v, ensure_ascii=True, separators=(", ", ": "))


# --- the reference canonicalisation (README "VALUE" table), in Python -------

CP1252_HIGH = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
]
CP1252_INV = {cp: 0x80 + i for i, cp in enumerate(CP1252_HIGH)}


def float_repr(x: float) -> str:
    return "nan" if math.isnan(x) else repr(x)


def canon(coltyp: int, cp: int, b: bytes):
    n = len(b)
    bad = {"raw_hex": b.hex()}
    sizes = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 4, 7: 8, 8: 8, 14: 4, 15: 8, 16: 16, 17: 2}
    if coltyp in sizes and n != sizes[coltyp]:
        return bad
    if coltyp == 1:
        return b[0] != 0
    fmt = {2: "<B", 3: "<h", 4: "<i", 5: "<q", 14: "<I", 15: "<q", 17: "<H"}
    if coltyp in fmt:
        return struct.unpack(fmt[coltyp], b)[0]
    if coltyp == 6:
        return float_repr(struct.unpack("<f", b)[0])
    if coltyp in (7, 8):
        return float_repr(struct.unpack("<d", b)[0])
    if coltyp == 16:
        d1, d2, d3 = struct.unpack("<IHH", b[:8])
        return f"{d1:08x}-{d2:04x}-{d3:04x}-{b[8:10].hex()}-{b[10:].hex()}"
    if coltyp in (9, 11):
        return b.hex()
    if coltyp in (10, 12):
        if cp == 1200:
            return bad if n % 2 else b.decode("utf-16-le", "surrogatepass")
        return "".join(chr(CP1252_HIGH[x - 0x80] if 0x80 <= x < 0xA0 else x) for x in b)
    return bad


def encode(coltyp: int, cp: int, v) -> bytes:
    """The bytes whose canonical value is v (inverse of canon)."""
    if isinstance(v, dict):
        return bytes.fromhex(v["raw_hex"])
    if coltyp == 1:
        return b"\xff" if v else b"\x00"
    fmt = {2: "<B", 3: "<h", 4: "<i", 5: "<q", 14: "<I", 15: "<q", 17: "<H"}
    if coltyp in fmt:
        return struct.pack(fmt[coltyp], v)
    if coltyp == 6:
        return struct.pack("<f", float(v))
    if coltyp in (7, 8):
        return struct.pack("<d", float(v))
    if coltyp == 16:
        h = v.replace("-", "")
        raw = bytes.fromhex(h)
        return struct.pack("<IHH", int(h[0:8], 16), int(h[8:12], 16), int(h[12:16], 16)) + raw[8:]
    if coltyp in (9, 11):
        return bytes.fromhex(v)
    if cp == 1200:
        return v.encode("utf-16-le", "surrogatepass")
    return bytes(CP1252_INV.get(ord(c), ord(c)) for c in v)


class Build(unittest.TestCase):
    def test_compiles_cleanly_and_links(self):
        exe = build()
        self.assertTrue(os.access(exe, os.X_OK))

    def test_usage_errors(self):
        exe = build()
        self.assertEqual(subprocess.run([exe], capture_output=True).returncode, 2)
        self.assertEqual(subprocess.run([exe, "--bogus", "x"], capture_output=True).returncode, 2)
        r = subprocess.run([exe, "--help"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertIn("usage: esedump DB", r.stdout)

    def test_missing_file_fails_cleanly(self):
        exe = build()
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.json")
            r = subprocess.run([exe, os.path.join(tmp, "nope.edb"), "-o", out], capture_output=True, text=True,
                               env=dict(os.environ, TMPDIR=tmp))
            self.assertEqual(r.returncode, 1)
            self.assertIn("cannot open", r.stderr)
            self.assertEqual(os.listdir(tmp), [], "esedump left files behind")


class Canonicalisation(unittest.TestCase):
    def run_canon(self, cases):
        """cases: list of (coltyp, cp, bytes); returns esedump's output lines."""
        exe = build()
        inp = "".join(f"{t} {cp} {b.hex()}\n" for t, cp, b in cases)
        r = subprocess.run([exe, "--canon-stdin"], input=inp, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.split("\n")
        self.assertEqual(lines[-1], "")
        self.assertEqual(len(lines) - 1, len(cases))
        return lines[:-1]

    def check(self, cases):
        got = self.run_canon(cases)
        bad = [(t, cp, b.hex(), g, j(canon(t, cp, b))) for (t, cp, b), g in zip(cases, got) if g != j(canon(t, cp, b))]
        self.assertEqual(bad[:20], [], f"{len(bad)} of {len(cases)} values differ (coltyp, cp, hex, esedump, expected)")

    def test_doubles(self):
        rng = random.Random(20240601)
        vals = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e16, 1e15, 9999999999999998.0,
                1234567890123456.0, 12345678901234567.0, 1e-4, 1e-5, 0.00012345, 123456.789,
                5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
                math.inf, -math.inf, math.nan, 36220.0, -205470.0, 13371337.13371337, 8.77e-300,
                2.0 ** 63, 2.0 ** 64, 2.0 ** -1074, 9007199254740993.0, 0.5, 100.0, 1e22, 1e23, 5e-5]
        for e in range(-1074, 1024):
            p = 2.0 ** e if e > -1075 else 0.0
            vals += [p, math.nextafter(p, math.inf), math.nextafter(p, -math.inf)]
        for e in range(-323, 309):
            p = float(f"1e{e}")
            vals += [p, math.nextafter(p, math.inf), math.nextafter(p, 0)]
        for _ in range(20000):
            vals.append(struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0])
        for _ in range(5000):
            vals.append(float(f"{rng.randint(1, 10 ** rng.randint(1, 17))}e{rng.randint(-30, 30)}"))
        vals += [-v for v in vals[:100]]
        nan_payload = struct.pack("<Q", 0x7FF0000000000001)
        cases = [(7, 0, struct.pack("<d", v)) for v in vals] + [(8, 0, struct.pack("<d", v)) for v in vals[:500]]
        cases.append((7, 0, nan_payload))
        self.check(cases)

    def test_singles(self):
        rng = random.Random(7)
        bits = [0, 0x80000000, 0x3F800000, 0xC0000000, 0x3DCCCCCD, 0x7F800000, 0xFF800000, 0x7FC00000,
                0x00000001, 0x007FFFFF, 0x00800000, 0x7F7FFFFF, 0xFFFFFFFF]
        bits += [rng.getrandbits(32) for _ in range(20000)]
        self.check([(6, 0, struct.pack("<I", x)) for x in bits])

    def test_integers_guid_binary(self):
        rng = random.Random(3)
        cases = []
        for t, n in ((1, 1), (2, 1), (3, 2), (4, 4), (5, 8), (14, 4), (15, 8), (16, 16), (17, 2)):
            cases.append((t, 0, b"\x00" * n))
            cases.append((t, 0, b"\xff" * n))
            cases.append((t, 0, b"\x7f" + b"\xff" * (n - 1)))
            cases.append((t, 0, b"\xff" * (n - 1) + b"\x80"))
            cases += [(t, 0, rng.getrandbits(8 * n).to_bytes(n, "little")) for _ in range(200)]
            cases.append((t, 0, b"\x01" * (n + 1)))   # wrong size -> raw_hex
            cases.append((t, 0, b""))
        for t in (9, 11):
            cases += [(t, 0, b""), (t, 0, bytes(range(256)))]
            cases += [(t, 0, rng.randbytes(rng.randint(0, 3000))) for _ in range(20)]
        cases += [(0, 0, b"\x01\x02"), (13, 0, b"\xab"), (99, 0, b"")]  # unknown types -> raw_hex
        self.check(cases)

    def test_text(self):
        rng = random.Random(11)
        cases = []
        for t in (10, 12):
            for cp in (1252, 0, 20127, 1250):  # every non-1200 code page reads as Windows-1252
                cases += [(t, cp, bytes(range(256))), (t, cp, b""), (t, cp, b"Fixed text   \x00"),
                          (t, cp, b'"quote" \\ back\nnl\rcr\ttab\x08\x0c\x7f')]
            cases += [(t, 1200, "Unicode \U0001F98A text".encode("utf-16-le")), (t, 1200, b""),
                      (t, 1200, b"\x00\xd8\x41\x00"),          # lone high surrogate
                      (t, 1200, b"\x00\xdc\x00\xd8"),          # reversed pair
                      (t, 1200, b"\x00\x00\xff\xff\x22\x00\x5c\x00"),
                      (t, 1200, b"F\x00i\x00x"),               # odd length -> raw_hex
                      (t, 1200, "é€😀\u2028".encode("utf-16-le"))]
            cases += [(t, 1200, rng.randbytes(2 * rng.randint(0, 300))) for _ in range(50)]
            cases += [(t, 1252, rng.randbytes(rng.randint(0, 300))) for _ in range(50)]
        self.check(cases)

    def test_every_sample_value(self):
        """Each value of the six expected.json files, re-encoded to bytes, prints as in the file."""
        cases, want = [], []
        for s in SAMPLES:
            with open(os.path.join(SAMPLES_DIR, s + ".expected.json"), encoding="ascii") as fh:
                d = json.load(fh)
            for t in d["tables"]:
                cols = {c["name"]: c for c in t["columns"]}
                vals = [(c, c["default"]) for c in t["columns"] if c["default"] is not None]
                for r in t["records"]:
                    for k, v in r.items():
                        for x in (v if isinstance(v, list) else [v]):
                            if x is not None:
                                vals.append((cols[k], x))
                for c, v in vals:
                    cases.append((c["coltyp"], c.get("cp", 0), encode(c["coltyp"], c.get("cp", 0), v)))
                    want.append(j(v))
        self.assertGreater(len(cases), 150)
        got = self.run_canon(cases)
        bad = [(w, g) for w, g in zip(want, got) if w != g]
        self.assertEqual(bad[:10], [], f"{len(bad)} sample values print differently")


COLUMN_BITS = {"Fixed": 0x1, "Tagged": 0x2, "NotNULL": 0x4, "Version": 0x8, "Autoincrement": 0x10,
               "MultiValued": 0x400, "EscrowUpdate": 0x800, "Finalize": 0x4000, "UserDefinedDefault": 0x8000,
               "DeleteOnZero": 0x20000, "Compressed": 0x80000, "Encrypted": 0x100000}
INDEX_BITS = {"Primary": 0x2, "Unique": 0x1, "DisallowNull": 0x4, "IgnoreNull": 0x8, "IgnoreAnyNull": 0x20,
              "IgnoreFirstNull": 0x40, "SortNullsHigh": 0x400, "CrossProduct": 0x4000, "NestedTable": 0x20000,
              "DisallowTruncation": 0x10000, "DotNetGuid": 0x40000}


def mock_data(dump: dict, page_size: int = 4096) -> str:
    """The data file mock_esent.c serves: what the Jet API would return for
    a database whose canonical dump is `dump`."""
    def hx(b: bytes) -> str:
        return b.hex() or "="

    out = [f"P {page_size}"]
    for t in dump["tables"]:
        out.append(f"T {t['name'].encode().hex()}")
        # ESE's JET_ColInfoList comes sorted by name (case-insensitively), not by columnid
        for c in sorted(t["columns"], key=lambda c: c["name"].lower()):
            grbit = sum(COLUMN_BITS[f] for f in c["flags"]) | 0x20  # + Updatable, which the dump ignores
            cp = c.get("cp", 0)
            d = "-" if c["default"] is None else hx(encode(c["coltyp"], cp, c["default"]))
            out.append(f"C {c['name'].encode().hex()} {c['columnid']} {c['coltyp']} {c['cbMax']} {grbit} {cp} {d}")
        for ix in sorted(t["indexes"], key=lambda i: i["name"].lower(), reverse=True):
            grbit = sum(INDEX_BITS[f] for f in ix["flags"])
            for i, k in reversed(list(enumerate(ix["key"]))):
                out.append(f"I {ix['name'].encode().hex()} {grbit} {i} {k[1:].encode().hex()} {int(k[0] == '-')}")
        cols = {c["name"]: c for c in t["columns"]}
        for r in t["records"]:
            out.append("R")
            for name, v in r.items():
                c = cols[name]
                for x in (v if isinstance(v, list) else [v]):
                    if x is not None:
                        out.append(f"V {c['columnid']} {hx(encode(c['coltyp'], c.get('cp', 0), x))}")
    return "\n".join(out) + "\n"


def layout(dump: dict) -> str | None:
    """dissect_dump.py's JSON layout of a dump, or None without dissect.esedb."""
    sys.path.insert(0, SAMPLES_DIR)
    try:
        import dissect_dump  # needs dissect.esedb
    except ImportError:
        return None
    import io
    buf = io.StringIO()
    dissect_dump.write_json(dump, buf)
    return buf.getvalue()


def synthetic_dump() -> dict:
    """Tables and values the samples do not have: bytewise table order, an
    empty table, a value far larger than esedump's first buffer, many
    multi-values, NaN/inf/-0.0, zero-length values, quotes and backslashes."""
    big = bytes(range(256)) * 800  # 204800 bytes
    cols = [
        {"name": "Id", "columnid": 1, "coltyp": 4, "coltyp_name": "Long", "cbMax": 4,
         "flags": ["Fixed", "NotNULL", "Autoincrement"], "default": None},
        {"name": "D", "columnid": 2, "coltyp": 7, "coltyp_name": "IEEEDouble", "cbMax": 8, "flags": ["Fixed"],
         "default": "-0.0"},
        {"name": "S", "columnid": 3, "coltyp": 6, "coltyp_name": "IEEESingle", "cbMax": 4, "flags": ["Fixed"],
         "default": None},
        {"name": "Name \"q\" \\", "columnid": 128, "coltyp": 10, "coltyp_name": "Text", "cbMax": 255, "flags": [],
         "default": None, "cp": 1252},
        {"name": "Big", "columnid": 256, "coltyp": 11, "coltyp_name": "LongBinary", "cbMax": 0,
         "flags": ["Tagged"], "default": None},
        {"name": "Many", "columnid": 257, "coltyp": 17, "coltyp_name": "UnsignedShort", "cbMax": 2,
         "flags": ["Tagged", "MultiValued"], "default": 7},
        {"name": "U", "columnid": 258, "coltyp": 12, "coltyp_name": "LongText", "cbMax": 0,
         "flags": ["Tagged", "Compressed"], "default": "d\u00e9faut", "cp": 1200},
    ]
    recs = [
        {"Id": 1, "D": "nan", "S": "inf", "Name \"q\" \\": "tab\there \"x\" \\ \u20ac\u0081", "Big": big.hex(),
         "Many": list(range(1000)), "U": "\ud83e\udd8a \udc00 lone"},
        {"Id": 2, "D": "-0.0", "S": "-inf", "Name \"q\" \\": "", "Big": "", "Many": [7], "U": ""},
        {"Id": 3, "D": "5e-324", "S": "1.401298464324817e-45", "Name \"q\" \\": None, "Big": None, "Many": None,
         "U": "d\u00e9faut"},
    ]
    t_main = {"name": "b", "columns": cols, "indexes": [  # canonical order: by name
        {"name": "ByD", "key": ["-D", "+Id", "-S"], "flags": ["IgnoreNull", "IgnoreAnyNull", "IgnoreFirstNull"]},
        {"name": "Primary", "key": ["+Id"], "flags": ["Primary", "Unique"]}],
        "record_count": len(recs), "records": recs}
    t_empty = {"name": "B", "columns": [cols[0]], "indexes": [], "record_count": 0, "records": []}
    t_under = {"name": "a_b", "columns": [cols[0], cols[5]], "indexes": [
        {"name": "x", "key": ["+Id"], "flags": ["Unique", "DisallowNull", "SortNullsHigh", "DotNetGuid"]}],
        "record_count": 1, "records": [{"Id": 9, "Many": [1, 2]}]}
    return {"format": "ese-canonical-1", "tables": [t_empty, t_under, t_main]}


class MockEngine(unittest.TestCase):
    """esedump, linked against mock_esent.c (a stand-in libesent.so serving a
    known database through ESE's list tables), must print exactly the dump
    the data came from. This runs esedump's whole Jet path today."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="esedump-mock.")
        cc = os.environ.get("CC", "cc")
        lib = os.path.join(cls.tmp, "lib")
        os.mkdir(lib)
        for cmd in ([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-I", os.path.join(REPO, "include"),
                     os.path.join(HERE, "mock_esent.c"), "-o", os.path.join(lib, "libesent.so")],
                    [cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-O1", "-I", os.path.join(REPO, "include"),
                     os.path.join(HERE, "esedump.c"), "-L", lib, "-lesent", "-Wl,-rpath," + lib,
                     "-o", os.path.join(cls.tmp, "esedump-mock")]):
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                raise AssertionError(" ".join(cmd) + "\n" + r.stderr)
        cls.exe = os.path.join(cls.tmp, "esedump-mock")
        cls.work = os.path.join(cls.tmp, "work")
        os.mkdir(cls.work)
        cls.db = os.path.join(cls.tmp, "fake.edb")
        with open(cls.db, "wb") as fh:
            fh.write(b"not read by the mock")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def run_mock(self, dump, *args, fail=None, page_size=4096):
        data = os.path.join(self.tmp, "data.txt")
        with open(data, "w") as fh:
            fh.write(mock_data(dump, page_size))
        env = dict(os.environ, ESEDUMP_MOCK_DATA=data, TMPDIR=self.work)
        env.pop("ESEDUMP_MOCK_FAIL", None)
        if fail:
            env["ESEDUMP_MOCK_FAIL"] = fail
        r = subprocess.run([self.exe, self.db, *args], capture_output=True, text=True, env=env)
        self.assertEqual(os.listdir(self.work), [], "esedump left its temporary directory behind")
        return r

    def test_samples_byte_for_byte(self):
        for s in SAMPLES:
            with self.subTest(sample=s):
                path = os.path.join(SAMPLES_DIR, s + ".expected.json")
                with open(path, encoding="ascii") as fh:
                    want = fh.read()
                r = self.run_mock(json.loads(want))
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(compare.compare_dumps(json.loads(r.stdout), json.loads(want)), [])
                self.assertEqual(r.stdout, want)

    def test_omit_null_and_output_file(self):
        d = compare.load(os.path.join(SAMPLES_DIR, "multi.expected.json"))
        out = os.path.join(self.tmp, "multi.json")
        r = self.run_mock(d, "--omit-null", "-o", out)
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)
        got = compare.load(out)
        self.assertFalse(any(v is None for t in got["tables"] for rec in t["records"] for v in rec.values()))
        self.assertEqual(compare.compare_dumps(got, d), [])
        self.assertEqual(len(got["tables"][0]["records"][1]), 7)

    def test_synthetic_database(self):
        d = synthetic_dump()
        r = self.run_mock(d, page_size=32768)
        self.assertEqual(r.returncode, 0, r.stderr)
        got = json.loads(r.stdout)
        self.assertEqual([t["name"] for t in got["tables"]], ["B", "a_b", "b"])
        self.assertEqual(compare.compare_dumps(got, d), [])
        want = layout(d)
        if want is not None:
            self.assertEqual(r.stdout, want)

    def test_msys_tables_are_not_dumped(self):
        d = synthetic_dump()
        d["tables"].insert(0, dict(d["tables"][0], name="MSysUserLooking"))
        r = self.run_mock(d)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("MSysUserLooking", r.stdout)
        self.assertNotIn("MSysObjects", r.stdout)

    def test_every_failing_call_is_reported(self):
        calls = ["JetGetDatabaseFileInfoA", "JetSetSystemParameterA", "JetCreateInstanceA", "JetInit",
                 "JetBeginSessionA", "JetAttachDatabaseA", "JetOpenDatabaseA", "JetGetObjectInfoA", "JetOpenTableA",
                 "JetGetTableColumnInfoA", "JetGetTableIndexInfoA", "JetMove", "JetRetrieveColumn", "JetCloseTable",
                 "JetCloseDatabase", "JetDetachDatabaseA", "JetEndSession", "JetTerm"]
        d = compare.load(os.path.join(SAMPLES_DIR, "basic.expected.json"))
        out = os.path.join(self.tmp, "fail.json")
        for call in calls:
            with self.subTest(call=call):
                r = self.run_mock(d, "-o", out, fail=call)
                self.assertEqual(r.returncode, 1)
                self.assertIn(call, r.stderr)
                self.assertIn("JET_ERR -1022 (JET_errDiskIO)", r.stderr)
                self.assertFalse(os.path.exists(out), "a partial output file was left")


class EndToEnd(unittest.TestCase):
    """esedump on the real samples: needs the engine."""

    @classmethod
    def setUpClass(cls):
        cls.exe = build()
        cls.tmp = tempfile.mkdtemp(prefix="esedump-e2e.")
        probe = os.path.join(cls.tmp, "probe.json")
        r = subprocess.run([cls.exe, os.path.join(SAMPLES_DIR, "basic.edb.gz"), "-o", probe],
                           capture_output=True, text=True, env=dict(os.environ, TMPDIR=cls.tmp))
        if r.returncode != 0 and "JET_errFeatureNotAvailable" in r.stderr:
            shutil.rmtree(cls.tmp)
            raise unittest.SkipTest("engine not implemented yet: " + r.stderr.strip())

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_samples_match_expected(self):
        for s in SAMPLES:
            with self.subTest(sample=s):
                out = os.path.join(self.tmp, s + ".json")
                r = subprocess.run([self.exe, os.path.join(SAMPLES_DIR, s + ".edb.gz"), "-o", out],
                                   capture_output=True, text=True, env=dict(os.environ, TMPDIR=self.tmp))
                self.assertEqual(r.returncode, 0, r.stderr)
                exp_path = os.path.join(SAMPLES_DIR, s + ".expected.json")
                diffs = compare.compare_dumps(compare.load(out), compare.load(exp_path), ("esedump", "expected"))
                self.assertEqual(diffs, [])
                with open(out, "rb") as a, open(exp_path, "rb") as b:
                    self.assertEqual(a.read(), b.read(), "same content but not the reference layout")

    def test_omit_null_and_plain_file(self):
        gz = os.path.join(SAMPLES_DIR, "basic.edb.gz")
        plain = os.path.join(self.tmp, "basic.edb")
        subprocess.run(f"gzip -dc '{gz}' > '{plain}'", shell=True, check=True)
        before = open(plain, "rb").read()
        out = os.path.join(self.tmp, "basic-omit.json")
        r = subprocess.run([self.exe, plain, "--omit-null", "-o", out], capture_output=True, text=True,
                           env=dict(os.environ, TMPDIR=self.tmp))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(open(plain, "rb").read(), before, "the database file was modified")
        d = compare.load(out)
        self.assertFalse(any(v is None for t in d["tables"] for rec in t["records"] for v in rec.values()))
        self.assertEqual(compare.compare_dumps(d, compare.load(os.path.join(SAMPLES_DIR, "basic.expected.json"))), [])
        leftovers = set(os.listdir(self.tmp)) - {"basic.edb", "basic-omit.json", "probe.json"} - {s + ".json" for s in SAMPLES}
        self.assertEqual(leftovers, set(), "esedump left temporary files")


if __name__ == "__main__":
    unittest.main()
