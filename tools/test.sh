#!/usr/bin/env bash
# Builds swell and runs every test: the Release build, the ASan+UBSan build, a short fuzz
# run of the decoder, and a format check. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s ===\n' "$*"; }

step "dependencies"
./tools/install-deps.sh

step "Release build and tests"
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release

step "ASan+UBSan build and tests"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan

step "fuzz: decoder, ${SWELL_FUZZ_SECONDS:-60}s"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
./tools/fuzz.sh "${SWELL_FUZZ_SECONDS:-60}"

step "format and layering"
./tools/format.sh --check
./tools/check_layers.sh

echo
echo "all tests passed"
