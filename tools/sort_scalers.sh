#!/usr/bin/env bash
# Checks that the scaler table of src/scalers/registry.cc (between "// SCALERS-START" and
# "// SCALERS-END") is sorted by trigger type, bytewise, without duplicates. Exit 1 if not.
# Usage: tools/sort_scalers.sh [registry.cc]
set -euo pipefail
file="${1:-$(dirname "$0")/../src/scalers/registry.cc}"
types=$(sed -n '/\/\/ SCALERS-START/,/\/\/ SCALERS-END/p' "$file" |
  { grep -oE '^[[:space:]]*\{"[^"]+"' || true; } | sed -E 's/^[[:space:]]*\{"//; s/"$//')
if [ -z "$types" ]; then
  echo "sort_scalers: no table between SCALERS-START and SCALERS-END in $file"
  exit 1
fi
if ! printf '%s\n' "$types" | LC_ALL=C sort -c -u 2>/dev/null; then
  echo "sort_scalers: the scaler table in $file is not sorted or has duplicates; expected:"
  printf '%s\n' "$types" | LC_ALL=C sort | uniq -c |
    awk '{ print ($1 > 1 ? "  DUPLICATE " : "  ") $2 }'
  exit 1
fi
echo "scalers: sorted ($(printf '%s\n' "$types" | wc -l) types)"
