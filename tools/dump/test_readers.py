#!/usr/bin/env python3
"""Tests of readers.py on the six sample databases (expected.json standing in
for our dump): both independent readers agree with it, with a known number of
values put down to each esedbexport quirk, and a wrong dump is caught.

Needs dissect.esedb and esedbexport (tools/dump/install-readers.sh); the tests
are skipped, saying which reader is missing, without them.

Run from the repository root:  python3 -m unittest tools/dump/test_readers.py
"""
from __future__ import annotations

import copy
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import readers  # noqa: E402

SAMPLES = readers.SAMPLES

# What esedbexport 20181229 makes of each sample: values equal, and values put
# down to each quirk. These are facts about that reader on these files.
EXPECTED_TALLY = {
    "basic": (26, 24, {"ieee_single_printed_as_zero": 2}),
    "binary": (12, 10, {"fixed_null_filler": 1, "compressed_value": 1}),
    "default": (19, 14, {"no_catalog_default": 3, "utf16_surrogate_pair": 1, "ieee_single_printed_as_zero": 1}),
    "index": (19, 15, {"utf16_surrogate_pair": 1, "ieee_single_printed_as_zero": 1, "separated_lv_unread": 2}),
    "multi": (44, 20, {"utf16_surrogate_pair": 3, "compressed_value": 4, "multivalue_long_value": 2,
                       "multivalue_not_text": 15}),
    "text": (27, 13, {"fixed_null_filler": 2, "odd_length_utf16": 1, "utf16_surrogate_pair": 6,
                      "compressed_value": 4, "separated_lv_unread": 1}),
}


def have_esedbexport():
    return shutil.which("esedbexport") and shutil.which("esedbinfo")


def db_path(s):
    return os.path.join(readers.SAMPLES_DIR, s + ".edb.gz")


def sample(s):
    with open(os.path.join(readers.SAMPLES_DIR, s + ".expected.json"), encoding="ascii") as fh:
        return json.load(fh)


class Rendering(unittest.TestCase):
    """The esedbexport text rendering, on values whose export is known."""

    def test_surrogate_pair_mangling(self):
        b = "x\U0001F98A".encode("utf-16-le")
        self.assertEqual(readers.render(10, 1200, b), "x\U0001F98A".encode())
        self.assertEqual(readers.render(10, 1200, b, mangle=True), b"x\xf0\x9f\x96\x8b")  # U+1F58B

    def test_escapes_and_nul(self):
        b = b"a\\b\tc\nd\re\x00f"
        self.assertEqual(readers.render(12, 1252, b), b"a\\\\b\\tc\\nd\\re\\0f")
        self.assertEqual(readers.render(12, 1252, b, cut=True), b"a\\\\b\\tc\\nd\\re")
        self.assertEqual(readers.render(10, 1252, b"\x80\xe9"), "\u20ac\u00e9".encode())

    def test_numbers(self):
        import struct
        self.assertEqual(readers.render(5, None, struct.pack("<q", -1339133913391339)), b"18445404939796160277")
        self.assertEqual(readers.render(15, None, struct.pack("<q", -5)), b"-5")
        self.assertEqual(readers.render(8, None, struct.pack("<d", 36220.0)), b"(0x40e1af80 0x00000000)")
        self.assertEqual(readers.render(7, None, struct.pack("<d", 13371337.13371337)), b"13371337.133713")
        self.assertEqual(readers.render(16, None, bytes(range(16))), bytes(range(16)).hex().encode())
        self.assertEqual(readers.render(1, None, b"\x2a"), b"true")
        self.assertEqual(readers.render(4, None, b"****"), b"707406378")

    def test_datetime_as_filetime(self):
        # what esedbexport 20181229 printed for these values of a database we wrote
        import struct
        self.assertEqual(readers.render(8, None, struct.pack("<Q", 1)), b"Jan 01, 1601 00:00:00.000000100")
        self.assertEqual(readers.render(8, None, struct.pack("<d", 2.2250738585072014e-308)),
                         b"Apr 10, 1615 11:59:22.737049600")
        self.assertEqual(readers.render(8, None, struct.pack("<d", 8.344372444075601e-133)),
                         b"Feb 05, 9938 20:01:02.950394300")


class QuirkScopes(unittest.TestCase):
    """The quirks met on databases we write apply only in their scope."""

    col_text_mv = {"name": "m", "columnid": 300, "coltyp": 10, "cp": 1252, "cbMax": 255,
                   "flags": ["Tagged", "MultiValued"], "default": None}
    col_short = {"name": "s", "columnid": 5, "coltyp": 3, "cbMax": 2, "flags": ["Fixed"], "default": 4242}

    def test_two_values_layout_small_pages_only(self):
        v = ["ab", "cd"]
        self.assertEqual(readers.judge_value(self.col_text_mv, v, b"", 4096), ("two_values_layout", None))
        self.assertEqual(readers.judge_value(self.col_text_mv, v, b"", 16384)[0], None)
        self.assertEqual(readers.judge_value(self.col_text_mv, v, b"ab; cd", 4096), (None, None))
        self.assertEqual(readers.judge_value(self.col_text_mv, ["a", "b", "c"], b"", 4096)[0], None)

    def test_null_fixed_slot_holds_filler_or_default(self):
        self.assertEqual(readers.judge_value(self.col_short, None, b"4242"), ("fixed_null_filler", None))
        self.assertEqual(readers.judge_value(self.col_short, None, b"10794"), ("fixed_null_filler", None))
        self.assertEqual(readers.judge_value(self.col_short, None, b"17"), (None, b""))


@unittest.skipUnless(have_esedbexport(), "esedbexport/esedbinfo not installed (tools/dump/install-readers.sh)")
class EsedbexportOnSamples(unittest.TestCase):
    def test_every_sample_agrees_with_known_quirks(self):
        for s in SAMPLES:
            with self.subTest(sample=s):
                schema, t = readers.check_esedbexport(db_path(s), sample(s))
                self.assertEqual(schema.diffs, [])
                self.assertEqual(schema.equal, schema.values)
                self.assertEqual(t.diffs, [])
                values, equal, quirks = EXPECTED_TALLY[s]
                self.assertEqual((t.values, t.equal, dict(t.quirks)), (values, equal, quirks))
                self.assertEqual(t.values, t.equal + sum(t.quirks.values()))

    def perturbed(self, s, edit):
        d = sample(s)
        edit(d["tables"][0])
        schema, t = readers.check_esedbexport(db_path(s), d)
        return schema.diffs + t.diffs

    def test_wrong_values_are_caught(self):
        import struct
        cases = [
            ("basic", "integer", lambda t: t["records"][0].__setitem__("Long", 5)),
            ("basic", "currency", lambda t: t["records"][1].__setitem__("Currency", 1339133913391339)),
            ("basic", "guid", lambda t: t["records"][0].__setitem__("GUID", "3f360af1-6766-46dc-9af2-0dacf295c2a2")),
            ("basic", "visible double", lambda t: t["records"][0].__setitem__("IEEEDouble", "13371337.5")),
            ("basic", "datetime last bit", lambda t: t["records"][0].__setitem__(
                "DateTime", repr(struct.unpack("<d", struct.pack("<Q", struct.unpack("<Q", struct.pack("<d", 36220.0))[0] + 1))[0]))),
            ("basic", "null where a value is", lambda t: t["records"][0].__setitem__("Short", None)),
            ("basic", "value where a null is", lambda t: t["records"][1].__setitem__("UnsignedLong", 5)),
            ("basic", "bit", lambda t: t["records"][1].__setitem__("Bit", False)),
            ("binary", "fixed binary set to null", lambda t: t["records"][0].__setitem__("FixedBinary", None)),
            ("binary", "fixed binary padding", lambda t: t["records"][0].__setitem__(
                "FixedBinary", t["records"][0]["FixedBinary"][:-2] + "20")),
            ("text", "ascii text", lambda t: t["records"][0].__setitem__("ASCII", "Simple ASCII texT")),
            ("text", "fixed text padding", lambda t: t["records"][0].__setitem__(
                "FixedASCII", t["records"][0]["FixedASCII"].rstrip())),
            ("text", "other emoji", lambda t: t["records"][0].__setitem__("Unicode", "Simple Unicode text \U0001F98B")),
            ("text", "long text read by libesedb", lambda t: t["records"][0].__setitem__(
                "LongASCII", t["records"][0]["LongASCII"] + "a")),
            ("multi", "multi-valued text", lambda t: t["records"][0]["ASCII"].reverse()),
            ("default", "default not applied", lambda t: t["records"][0].__setitem__("ASCII", None)),
            ("basic", "record missing", lambda t: (t["records"].pop(), t.__setitem__("record_count", 1))),
            ("basic", "column renamed", lambda t: t["columns"][4].__setitem__("name", "Lung")),
            ("basic", "column type", lambda t: t["columns"][4].__setitem__("coltyp", 14)),
            ("index", "index missing", lambda t: t["indexes"].pop()),
            ("basic", "table renamed", lambda t: t.__setitem__("name", "basik")),
        ]
        for s, what, edit in cases:
            with self.subTest(sample=s, change=what):
                self.assertNotEqual(self.perturbed(s, edit), [], f"{what}: not caught by esedbexport")

    def test_quirks_do_not_hide_unrelated_changes(self):
        # NULL fixed column: the filler is accepted only as exactly the filler
        d = self.perturbed("text", lambda t: t["records"][0].__setitem__("NullableFixedASCII", "*" * 254 + "x"))
        self.assertNotEqual(d, [])
        # the catalog default quirk needs our value to be the default
        d = self.perturbed("default", lambda t: t["records"][0].__setitem__("LongBinary", "00"))
        self.assertEqual(d, [], "a Long value libesedb cannot read stays unverifiable")  # separated_lv_unread
        # column defaults are not in esedbexport's output at all (dissect checks them)
        d = self.perturbed("default", lambda t: t["columns"][14].__setitem__("default", "other"))
        self.assertEqual(d, [])

    def test_extra_table_in_our_dump(self):
        d = sample("basic")
        t2 = copy.deepcopy(d["tables"][0])
        t2["name"] = "zzz"
        d["tables"].append(t2)
        schema, t = readers.check_esedbexport(db_path("basic"), d)
        self.assertIn("table 'zzz': in our dump but not in the database (esedbinfo)", schema.diffs)
        self.assertTrue(any("zzz" in x for x in t.diffs))


@unittest.skipUnless(readers.python_with_dissect(), "dissect.esedb not installed (tools/dump/install-readers.sh)")
class DissectOnSamples(unittest.TestCase):
    def test_every_sample_equal(self):
        for s in SAMPLES:
            with self.subTest(sample=s):
                diffs, _ = readers.check_dissect(db_path(s), sample(s))
                self.assertEqual(diffs, [])

    def test_change_esedbexport_cannot_see_is_caught_by_dissect(self):
        d = sample("basic")
        d["tables"][0]["records"][0]["IEEESingle"] = "1.5"
        diffs, _ = readers.check_dissect(db_path("basic"), d)
        self.assertEqual(diffs, ["table 'basic': record 0: column 'IEEESingle': ours=\"1.5\" dissect=\"1.0\""])


@unittest.skipUnless(have_esedbexport() and readers.python_with_dissect(), "readers not installed")
class CommandLine(unittest.TestCase):
    def test_samples_pass(self):
        out = io.StringIO()
        self.assertEqual(sum(readers.check(db_path(s), os.path.join(readers.SAMPLES_DIR, s + ".expected.json"),
                                           None, False, out) for s in SAMPLES), 0)
        text = out.getvalue()
        self.assertEqual(text.count("dissect.esedb: equal"), 6)
        self.assertEqual(text.count("esedbexport: ok"), 6)

    def test_exit_status_on_a_wrong_dump(self):
        with tempfile.TemporaryDirectory() as tmp:
            d = sample("index")
            d["tables"][0]["records"][0]["Short"] = 7
            p = os.path.join(tmp, "ours.json")
            with open(p, "w") as fh:
                json.dump(d, fh)
            r = subprocess.run([sys.executable, os.path.join(HERE, "readers.py"), db_path("index"), p],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn("column 'Short'", r.stdout)
            self.assertIn("dissect.esedb: 1 DIFFERENCE(S)", r.stdout)
            self.assertIn("esedbexport: DIFFERENCES", r.stdout)


if __name__ == "__main__":
    unittest.main()
