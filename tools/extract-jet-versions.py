#!/usr/bin/env python3
"""Developer tool: record, for each public name of esent.h, the JET_VERSION it needs.

Reads Microsoft's jethdr.w (the source of esent.h; MIT licensed, not part of
this project) and writes a two-column TSV, `name<TAB>version`, for every public
name that the header only declares under `#if ( JET_VERSION >= 0x.... )`.
Names without a gate are left out (they exist at every version).
gen-abi.py turns the table into cfg attributes that cbindgen writes as
`#if !defined(JET_VERSION_BELOW_xxxx)` around the declaration.

usage: extract-jet-versions.py PATH/TO/jethdr.w > tools/jet-versions.tsv
"""
import re
import sys

GATE = re.compile(r'#\s*if\s*\(\s*JET_VERSION\s*>=\s*(0x[0-9A-Fa-f]+)\s*\)')
NAMES = [
    re.compile(r'#\s*define\s+(JET_\w+)'),
    re.compile(r'\b(Jet\w+)\s*\('),                 # function declarations
    re.compile(r'}\s*(JET_\w+)\s*;'),               # end of a typedef struct
    re.compile(r'typedef\s+[^;(]*?\b(JET_\w+)\s*;'),  # scalar typedefs
    re.compile(r'\(\s*JET_API\s*\*\s*(JET_\w+)\s*\)'),  # callback typedefs
    re.compile(r'^\s*(JET_\w+)\s*(?:=\s*[^,]+)?,?\s*(?://.*)?$'),  # enumerators
]


def main(path):
    public = False
    stack = []  # one entry per open #if: the version it requires, or None
    found = {}
    for raw in open(path, encoding='utf-8', errors='replace'):
        line = raw.rstrip('\n')
        if '// begin_PubEsent' in line:
            public = True
            continue
        if '// end_PubEsent' in line:
            public = False
            continue
        s = line.strip()
        if s.startswith('#if'):
            m = GATE.match(s)
            stack.append(int(m.group(1), 16) if m else None)
            continue
        if s.startswith('#else') or s.startswith('#elif'):
            if stack and stack[-1] is not None:
                stack[-1] = None  # the else branch of a version gate is the old API
            continue
        if s.startswith('#endif'):
            if stack:
                stack.pop()
            continue
        if not public or 'not_PubEsent' in line:
            continue
        code = re.sub(r'/\*.*?\*/', '', line.split('//')[0])
        gates = [v for v in stack if v is not None]
        version = max(gates) if gates else 0
        for rx in NAMES:
            for m in rx.finditer(code):
                name = m.group(1)
                if name in ('JET_API', 'JET_VERSION'):
                    continue
                # keep the lowest version under which the name is declared
                if name not in found or version < found[name]:
                    found[name] = version
    print('name\tversion')
    for name in sorted(found):
        if found[name] > 0x0500:
            print(f'{name}\t0x{found[name]:04X}')


if __name__ == '__main__':
    main(sys.argv[1])
