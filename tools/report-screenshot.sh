#!/usr/bin/env bash
# Renders an HTML report to a PNG with headless Chromium (Debian's chromium package; see
# tools/install-deps.sh). Used for docs/report.png:
#   ./build/release/bin/swell simulate --quiet examples/seed/scenario.yaml
#   ./tools/report-screenshot.sh swell-out/seed-order-burst/report.html docs/report.png
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTH [HEIGHT]]" >&2
  exit 2
fi
html=$(realpath "$1")
out=$(realpath -m "$2")
width=${3:-1200}
height=${4:-1000}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
  --user-data-dir="$profile" --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="$width,$height" --screenshot="$out" "file://$html" 2>/dev/null
echo "wrote $out"
