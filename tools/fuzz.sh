#!/usr/bin/env bash
# Runs the libFuzzer decoder target for N seconds (default 60) over the checked-in corpus
# plus the example manifests. New inputs go to a scratch directory, never into the repo.
# The seed and the number of runs are fixed (SWELL_FUZZ_SEED, default 1; SWELL_FUZZ_RUNS, default
# 20000, about a minute) so every CI run explores the same inputs; N seconds caps the time.
# Any crash, leak, sanitizer report or round-trip mismatch fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
bin=build/fuzz/bin/decode_fuzz
shared="${SWELL_SHARED_DIR:-../shared}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p build/fuzz/artifacts
seeds=(fuzz/corpus/decode)
for d in "$shared/seed" "$shared/examples/keda-docs" "$shared/examples/karpenter" \
         "$shared/examples/keda-docs-invalid-yaml"; do
  [ -d "$d" ] && seeds+=("$d")
done
"$bin" -seed="${SWELL_FUZZ_SEED:-1}" -runs="${SWELL_FUZZ_RUNS:-20000}" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1 "$scratch" "${seeds[@]}"
