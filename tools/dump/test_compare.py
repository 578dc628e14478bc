#!/usr/bin/env python3
"""Tests of compare.py on the sample dumps in ../shared/edb-samples.

Run: python3 -m unittest tools/dump/test_compare.py   (from the repository root)
"""
from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import compare  # noqa: E402

SAMPLES_DIR = os.environ.get("EDB_SAMPLES") or os.path.join(HERE, "..", "..", "..", "shared", "edb-samples")
SAMPLES = ["basic", "binary", "default", "index", "multi", "text"]


def load_sample(name: str) -> dict:
    with open(os.path.join(SAMPLES_DIR, name + ".expected.json"), encoding="ascii") as fh:
        return json.load(fh)


def col(dump: dict, cname: str, table: int = 0) -> dict:
    return next(c for c in dump["tables"][table]["columns"] if c["name"] == cname)


class SelfEquality(unittest.TestCase):
    def test_each_sample_equals_itself(self):
        for s in SAMPLES:
            with self.subTest(sample=s):
                a = load_sample(s)
                self.assertEqual(compare.compare_dumps(a, load_sample(s)), [])

    def test_samples_differ_from_each_other(self):
        # basic and index share a table layout but not a table name
        d = compare.compare_dumps(load_sample("basic"), load_sample("index"))
        self.assertIn("table 'basic': only in A", d)
        self.assertIn("table 'index': only in B", d)

    def test_missing_key_equals_null(self):
        for s in SAMPLES:
            with self.subTest(sample=s):
                a = load_sample(s)
                b = copy.deepcopy(a)
                for t in b["tables"]:
                    t["records"] = [{k: v for k, v in r.items() if v is not None} for r in t["records"]]
                self.assertEqual(compare.compare_dumps(a, b), [])

    def test_key_order_and_flag_order_do_not_matter(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        b["tables"][0]["columns"].reverse()
        b["tables"][0]["records"] = [dict(reversed(list(r.items()))) for r in b["tables"][0]["records"]]
        col(b, "Id")["flags"].reverse()
        b["tables"][0]["indexes"][0]["flags"].reverse()
        self.assertEqual(compare.compare_dumps(a, b), [])


class Perturbations(unittest.TestCase):
    def diffs(self, a, b):
        d = compare.compare_dumps(a, b)
        self.assertTrue(d, "a perturbation was not reported")
        return d

    def test_changed_integer(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        b["tables"][0]["records"][1]["Short"] += 1
        d = self.diffs(a, b)
        self.assertEqual(d, ["table 'basic': record 1: column 'Short': A=1339 B=1340"])

    def test_changed_text_and_binary(self):
        a = load_sample("text")
        b = copy.deepcopy(a)
        r = b["tables"][0]["records"][0]
        r["LongUnicode"] = r["LongUnicode"][:-1] + "b"
        d = self.diffs(a, b)
        self.assertEqual(len(d), 1)
        self.assertIn("record 0: column 'LongUnicode'", d[0])
        a = load_sample("binary")
        b = copy.deepcopy(a)
        r = b["tables"][0]["records"][0]
        r["FixedBinary"] = r["FixedBinary"].upper()
        self.assertIn("column 'FixedBinary'", self.diffs(a, b)[0])

    def test_missing_record(self):
        a = load_sample("multi")
        b = copy.deepcopy(a)
        del b["tables"][0]["records"][0]
        b["tables"][0]["record_count"] -= 1
        d = self.diffs(a, b)
        self.assertIn("table 'multi': record_count: A=2 B=1", d)
        self.assertIn("table 'multi': records: A has 2, B has 1", d)
        # the remaining record is compared by position, so it differs too
        self.assertTrue(any("record 0: column 'Bit'" in x for x in d))

    def test_record_count_inconsistent_with_records(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        b["tables"][0]["record_count"] = 3
        d = self.diffs(a, b)
        self.assertIn("table 'basic': B says record_count 3 but lists 2 records", d)

    def test_double_last_bit(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        x = float(a["tables"][0]["records"][0]["IEEEDouble"])
        import struct
        bits = struct.unpack("<Q", struct.pack("<d", x))[0] ^ 1
        y = struct.unpack("<d", struct.pack("<Q", bits))[0]
        b["tables"][0]["records"][0]["IEEEDouble"] = repr(y)
        d = self.diffs(a, b)
        self.assertEqual(len(d), 1)
        self.assertIn("column 'IEEEDouble'", d[0])

    def test_datetime_last_bit(self):
        a = load_sample("multi")
        b = copy.deepcopy(a)
        v = b["tables"][0]["records"][0]["DateTime"]
        import struct
        x = float(v[0])
        bits = struct.unpack("<Q", struct.pack("<d", x))[0] + 1
        v[0] = repr(struct.unpack("<d", struct.pack("<Q", bits))[0])
        self.assertIn("column 'DateTime'", self.diffs(a, b)[0])

    def test_float_spelling_does_not_matter(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        r = b["tables"][0]["records"][0]
        r["IEEEDouble"] = "1.337133713371337e7"
        r["DateTime"] = "36220"
        r["IEEESingle"] = "1.00000"
        self.assertEqual(compare.compare_dumps(a, b), [])

    def test_single_compared_at_32_bit_precision(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        a["tables"][0]["records"][0]["IEEESingle"] = "0.10000000149011612"
        b["tables"][0]["records"][0]["IEEESingle"] = "0.1"  # same float32
        self.assertEqual(compare.compare_dumps(a, b), [])
        # next float32 up: 0.10000000894069672
        b["tables"][0]["records"][0]["IEEESingle"] = "0.10000000894069672"
        self.assertIn("column 'IEEESingle'", self.diffs(a, b)[0])

    def test_nan_inf_and_signed_zero(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        a["tables"][0]["records"][0]["IEEEDouble"] = "nan"
        b["tables"][0]["records"][0]["IEEEDouble"] = "nan"
        self.assertEqual(compare.compare_dumps(a, b), [])
        b["tables"][0]["records"][0]["IEEEDouble"] = "inf"
        self.diffs(a, b)
        a["tables"][0]["records"][0]["IEEEDouble"] = "0.0"
        b["tables"][0]["records"][0]["IEEEDouble"] = "-0.0"
        self.diffs(a, b)
        a["tables"][0]["records"][0]["IEEEDouble"] = "-inf"
        b["tables"][0]["records"][0]["IEEEDouble"] = "-inf"
        self.assertEqual(compare.compare_dumps(a, b), [])

    def test_float_must_be_a_string(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        b["tables"][0]["records"][0]["IEEEDouble"] = float(a["tables"][0]["records"][0]["IEEEDouble"])
        self.diffs(a, b)
        b["tables"][0]["records"][0]["IEEEDouble"] = "garbage"
        self.diffs(a, b)

    def test_bit_must_be_boolean(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        b["tables"][0]["records"][0]["Bit"] = 0  # false as an integer
        self.assertIn("column 'Bit'", self.diffs(a, b)[0])
        b["tables"][0]["records"][0]["Bit"] = True
        self.diffs(a, b)

    def test_integer_must_not_be_boolean_or_string(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        a["tables"][0]["records"][0]["UnsignedByte"] = 1
        b["tables"][0]["records"][0]["UnsignedByte"] = True
        self.diffs(a, b)
        b["tables"][0]["records"][0]["UnsignedByte"] = "1"
        self.diffs(a, b)

    def test_null_versus_empty(self):
        a = load_sample("binary")
        b = copy.deepcopy(a)
        b["tables"][0]["records"][0]["NullableBinary"] = ""
        self.assertIn("column 'NullableBinary'", self.diffs(a, b)[0])

    def test_column_flag_added_or_removed(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        col(b, "Long")["flags"].append("NotNULL")
        self.assertEqual(self.diffs(a, b),
                         ["table 'basic': column 'Long': flags: A=[\"Fixed\"] B=[\"Fixed\", \"NotNULL\"]"])
        b = copy.deepcopy(a)
        col(b, "Id")["flags"].remove("Autoincrement")
        self.diffs(a, b)

    def test_index_flag_and_key(self):
        a = load_sample("index")
        b = copy.deepcopy(a)
        ix = next(i for i in b["tables"][0]["indexes"] if i["name"] == "IxId")
        ix["flags"].append("DisallowNull")
        self.assertIn("index 'IxId': flags", self.diffs(a, b)[0])
        b = copy.deepcopy(a)
        ix = next(i for i in b["tables"][0]["indexes"] if i["name"] == "IxId")
        ix["key"] = ["-Id"]
        self.assertIn("index 'IxId': key", self.diffs(a, b)[0])
        b = copy.deepcopy(a)
        del b["tables"][0]["indexes"][3]
        self.assertTrue(self.diffs(a, b)[0].endswith("only in A"))

    def test_column_properties(self):
        a = load_sample("default")
        for key, val in (("columnid", 99), ("coltyp", 9), ("cbMax", 254), ("cp", 1252), ("default", "other")):
            with self.subTest(key=key):
                b = copy.deepcopy(a)
                col(b, "Unicode")[key] = val
                self.assertTrue(any(f"column 'Unicode': {key}" in x for x in self.diffs(a, b)))
        b = copy.deepcopy(a)
        col(b, "IEEESingle")["default"] = "1.5"
        self.assertIn("column 'IEEESingle': default", self.diffs(a, b)[0])
        b = copy.deepcopy(a)
        col(b, "IEEESingle")["default"] = "1"  # same number, other spelling
        self.assertEqual(compare.compare_dumps(a, b), [])
        b = copy.deepcopy(a)
        col(b, "Long")["cp"] = 1200  # cp is ignored for non-text columns
        self.assertEqual(compare.compare_dumps(a, b), [])

    def test_column_missing(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        del b["tables"][0]["columns"][3]
        for r in b["tables"][0]["records"]:
            del r["Short"]
        d = self.diffs(a, b)
        self.assertIn("table 'basic': column 'Short': only in A", d)

    def test_multivalue_lists(self):
        a = load_sample("multi")
        for change in ("drop", "swap", "scalar", "nan"):
            with self.subTest(change=change):
                b = copy.deepcopy(a)
                r = b["tables"][0]["records"][0]
                if change == "drop":
                    r["Long"].pop()
                elif change == "swap":
                    r["Long"][1], r["Long"][2] = r["Long"][2], r["Long"][1]
                elif change == "scalar":
                    r["UnsignedLong"] = r["UnsignedLong"][0]
                else:
                    r["IEEEDouble"][0] = "nan"
                self.assertEqual(len(self.diffs(a, b)), 1)

    def test_raw_hex(self):
        a = load_sample("text")
        b = copy.deepcopy(a)
        r = b["tables"][0]["records"][0]
        r["FixedUnicode"] = {"raw_hex": r["FixedUnicode"]["raw_hex"][:-2] + "21"}
        self.assertIn("column 'FixedUnicode'", self.diffs(a, b)[0])
        r["FixedUnicode"] = r["FixedUnicode"]["raw_hex"]
        self.diffs(a, b)

    def test_surrogate_pair_spellings(self):
        a = load_sample("text")
        b = copy.deepcopy(a)
        r = b["tables"][0]["records"][0]
        self.assertIn("\U0001F98A", r["Unicode"])
        r["Unicode"] = r["Unicode"].replace("\U0001F98A", "\ud83e\udd8a")  # two code units, uncombined
        self.assertEqual(compare.compare_dumps(a, b), [])
        r["Unicode"] = r["Unicode"].replace("\udd8a", "\udd8b")
        self.diffs(a, b)

    def test_unknown_record_key(self):
        a = load_sample("basic")
        b = copy.deepcopy(a)
        b["tables"][0]["records"][0]["Nope"] = 1
        self.assertIn("not a column of the table", self.diffs(a, b)[0])

    def test_not_a_dump(self):
        with self.assertRaises(compare.DumpError):
            compare.compare_dumps({"format": "x", "tables": []}, load_sample("basic"))


class CommandLine(unittest.TestCase):
    def run_cli(self, *args):
        return subprocess.run([sys.executable, os.path.join(HERE, "compare.py"), *args],
                              capture_output=True, text=True)

    def test_exit_status(self):
        p = os.path.join(SAMPLES_DIR, "multi.expected.json")
        r = self.run_cli(p, p)
        self.assertEqual((r.returncode, r.stdout), (0, ""))
        r = self.run_cli(p, os.path.join(SAMPLES_DIR, "text.expected.json"), "--names", "x,y")
        self.assertEqual(r.returncode, 1)
        self.assertIn("table 'multi': only in x", r.stdout)
        r = self.run_cli(p, os.path.join(SAMPLES_DIR, "README.md"))
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main()
