#!/usr/bin/env bash
# Build libesent (release) and run the main demonstration, c-tests/demo.c.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --lib
lib="${CARGO_TARGET_DIR:-target}/release"
lib="$(cd "$lib" && pwd)"
# a fresh folder each run: the demo makes its instance, backup and restore folders there
rm -rf "$lib/demo"
mkdir -p "$lib/demo"
${CC:-cc} -std=c11 -Wall -Iinclude c-tests/demo.c -o "$lib/demo/demo" -L"$lib" -lesent -Wl,-rpath,"$lib"
cd "$lib/demo" && ./demo
