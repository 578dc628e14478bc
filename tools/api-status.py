#!/usr/bin/env python3
"""Keep the README's API status table true.

docs/api-status.tsv lists every exported Jet function with its status
(works / partial / not-yet) and a note. This script checks that the list
matches ../shared/abi/exports.txt and rewrites the table between the
`<!-- api-status -->` markers of README.md from it, one row per family.

usage: tools/api-status.py [--check]   (--check: fail if README is stale)
"""
import csv
import importlib.util
import os
import sys
from collections import OrderedDict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location('genabi', os.path.join(ROOT, 'tools', 'gen-abi.py'))
genabi = importlib.util.module_from_spec(spec)
spec.loader.exec_module(genabi)

TITLES = OrderedDict([
    ('instance', 'Instances, parameters, process'),
    ('session', 'Sessions'),
    ('transaction', 'Transactions'),
    ('database', 'Databases'),
    ('ddl', 'Tables, columns, indexes'),
    ('info', 'Schema and cursor information'),
    ('navigate', 'Navigation'),
    ('retrieve', 'Retrieve'),
    ('update', 'Update'),
    ('temp', 'Temporary tables'),
    ('callback', 'Callbacks'),
    ('backup', 'Backup and restore'),
])


def load():
    path = os.path.join(ROOT, 'docs', 'api-status.tsv')
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f, delimiter='\t'))
    exports = open(os.path.join(ROOT, '..', 'shared', 'abi', 'exports.txt')).read().split()
    names = [r['name'] for r in rows]
    missing = sorted(set(exports) - set(names))
    extra = sorted(set(names) - set(exports))
    if missing or extra:
        sys.exit(f'api-status.tsv out of step with exports.txt: missing {missing}, extra {extra}')
    for r in rows:
        if r['status'] not in ('works', 'partial', 'not-yet'):
            sys.exit(f'bad status for {r["name"]}: {r["status"]}')
    return rows


def table(rows):
    fams = OrderedDict((k, []) for k in TITLES)
    for r in rows:
        fams[genabi.family_of(r['name'])].append(r)
    out = ['| family | works | partial | not yet | notes |', '|---|---:|---:|---:|---|']
    tot = [0, 0, 0]
    for fam, rs in fams.items():
        c = [sum(1 for r in rs if r['status'] == s) for s in ('works', 'partial', 'not-yet')]
        tot = [a + b for a, b in zip(tot, c)]
        notes = OrderedDict()
        for r in rs:
            if r['note']:
                notes.setdefault(r['note'], []).append(r['name'])
        def short(names):
            # the A/W/unsuffixed variants of one function count as one name here
            base = sorted({n.rstrip('AW') if n[-1] in 'AW' and n[:-1] + ('W' if n[-1] == 'A' else 'A') in names else n for n in names})
            return ', '.join(base)
        note = '; '.join(f'{short(ns)}: {n}' for n, ns in notes.items())
        out.append(f'| {TITLES[fam]} | {c[0]} | {c[1]} | {c[2]} | {note} |')
    out.append(f'| **total** | **{tot[0]}** | **{tot[1]}** | **{tot[2]}** | {len(rows)} exports |')
    return '\n'.join(out) + '\n'


def main():
    rows = load()
    t = table(rows)
    readme = os.path.join(ROOT, 'README.md')
    s = open(readme).read()
    a, b = '<!-- api-status -->\n', '<!-- /api-status -->'
    i, j = s.index(a) + len(a), s.index(b)
    new = s[:i] + t + s[j:]
    if '--check' in sys.argv:
        if new != s:
            sys.exit('README.md API status table is stale: run tools/api-status.py')
        return
    open(readme, 'w').write(new)


if __name__ == '__main__':
    main()
