#!/usr/bin/env python3
"""Regenerate samples.txt: raw records and long-value nodes of the Windows-made
sample databases (../shared/edb-samples), with the values the samples'
*.expected.json files give for them, as plain bytes.

Needs `pip install dissect.esedb` (used only to walk the B-trees and read the
catalog). Run from the repository root:

    python3 src/record/testdata/make_fixtures.py > src/record/testdata/samples.txt

Line format (fields separated by one space, '-' for "none"):
    sample NAME PAGESIZE
    column ID COLTYP CBMAX CP FLAGS RECORDOFFSET DEFAULTHEX
    record KEYHEX DATAHEX
    lv KEYHEX DATAHEX
    value RECORDINDEX COLUMNID ITAG HEX       (itag 1..n; Bit columns: 00 false / 01 true)
    count RECORDINDEX COLUMNID N               (number of values; 0 = NULL)
    catalog NAME KEYHEX DATAHEX TYPE OBJNAME   (MSysObjects rows; OBJNAME as dissect reads it)
"""
import gzip
import io
import json
import os
import struct
import sys

from dissect.esedb.esedb import EseDB

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "..", "shared", "edb-samples"))
if not os.path.isdir(SAMPLES):
    SAMPLES = "/work/shared/edb-samples"

CP1252_HIGH = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
]
FROM_1252 = {cp: 0x80 + i for i, cp in enumerate(CP1252_HIGH)}


def to_bytes(coltyp, cp, v):
    """Invert the canonical JSON value back to the bytes JetRetrieveColumn returns."""
    if isinstance(v, dict):
        return bytes.fromhex(v["raw_hex"])
    if coltyp == 1:
        return b"\x01" if v else b"\x00"
    if coltyp == 2:
        return struct.pack("<B", v)
    if coltyp == 3:
        return struct.pack("<h", v)
    if coltyp == 4:
        return struct.pack("<i", v)
    if coltyp in (5, 15):
        return struct.pack("<q", v)
    if coltyp == 6:
        return struct.pack("<f", float(v))
    if coltyp in (7, 8):
        return struct.pack("<d", float(v))
    if coltyp in (9, 11):
        return bytes.fromhex(v)
    if coltyp in (10, 12):
        if cp == 1200:
            return v.encode("utf-16-le", "surrogatepass")
        return bytes(FROM_1252.get(ord(c), ord(c)) for c in v)
    if coltyp == 14:
        return struct.pack("<I", v)
    if coltyp == 16:
        p = v.split("-")
        return struct.pack("<IHH", int(p[0], 16), int(p[1], 16), int(p[2], 16)) + bytes.fromhex(p[3] + p[4])
    if coltyp == 17:
        return struct.pack("<H", v)
    raise ValueError(coltyp)


def main():
    out = sys.stdout
    for name in ["basic", "binary", "default", "index", "multi", "text"]:
        raw = gzip.decompress(open(os.path.join(SAMPLES, name + ".edb.gz"), "rb").read())
        db = EseDB(io.BytesIO(raw))
        expected = json.load(open(os.path.join(SAMPLES, name + ".expected.json")))
        etables = {t["name"]: t for t in expected["tables"]}
        page_size = db.page_size
        for node in db.catalog._ctable.root.iter_leaf_nodes():
            from dissect.esedb.record import Record
            rec = Record(db.catalog._ctable, node)
            out.write("catalog %s %s %s %d %s\n" % (
                name, bytes(node.key).hex(), bytes(node.data).hex(), rec.get("Type"),
                rec.get("Name", raw=True).hex()))
        for t in db.tables():
            if t.name.startswith("MSys"):
                continue
            out.write(f"sample {name} {page_size}\n")
            cols = sorted(t.columns, key=lambda c: c.identifier)
            for c in cols:
                r = c.record
                d = r.get("DefaultValue")
                off = r.get("RecordOffset")
                out.write("column %d %d %d %d %d %s %s\n" % (
                    c.identifier, int(c.type.value), r.get("SpaceUsage") or 0,
                    (r.get("PagesOrLocale") or 0) if int(c.type.value) in (10, 12) else 0,
                    r.get("Flags") or 0, off if off is not None else 0,
                    bytes(d).hex() if d is not None else "-"))
            for node in t.root.iter_leaf_nodes():
                out.write(f"record {bytes(node.key).hex()} {bytes(node.data).hex()}\n")
            if t._long_value_record:
                for node in t.lv_page.iter_leaf_nodes():
                    out.write(f"lv {bytes(node.key).hex()} {bytes(node.data).hex()}\n")
            et = etables[t.name]
            ecols = {c["name"]: c for c in et["columns"]}
            for ri, rec in enumerate(et["records"]):
                for c in cols:
                    ec = ecols[c.name]
                    v = rec.get(c.name)
                    vals = [] if v is None else (v if isinstance(v, list) else [v])
                    out.write(f"count {ri} {c.identifier} {len(vals)}\n")
                    for i, x in enumerate(vals):
                        b = to_bytes(ec["coltyp"], ec.get("cp"), x)
                        out.write(f"value {ri} {c.identifier} {i + 1} {b.hex() if b else '-'}\n")


if __name__ == "__main__":
    main()
