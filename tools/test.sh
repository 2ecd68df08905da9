#!/usr/bin/env bash
# Builds swell and runs every test: the Release build, the ASan+UBSan build, a short fuzz
# run of the decoder, and a format check. This is the README's test command and what CI runs.
# The server-backed tests (servers_test) run against real servers that tools/servers.sh starts
# on 127.0.0.1 before the tests and stops afterwards, also when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s ===\n' "$*"; }

step "dependencies"
./tools/install-deps.sh

step "Release build"
cmake --preset release >/dev/null
cmake --build --preset release

step "test servers: redis, prometheus, postgresql, nats, rabbitmq, fauxqs (tools/servers.sh)"
trap './tools/servers.sh stop' EXIT
./tools/servers.sh start
export SWELL_TEST_SERVERS=1

step "Release tests"
ctest --preset release

step "ASan+UBSan build and tests"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan
./tools/servers.sh stop
trap - EXIT

step "fuzz: decoder, ${SWELL_FUZZ_RUNS:-20000} runs (at most ${SWELL_FUZZ_SECONDS:-120}s)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
./tools/fuzz.sh "${SWELL_FUZZ_SECONDS:-120}"

step "format and layering"
./tools/format.sh --check
./tools/check_layers.sh

echo
echo "all tests passed"
