#!/usr/bin/env bash
# Installs every package swell needs to build and test, from Debian 12's archive.
# Idempotent: packages already present are not touched; apt is only asked for the missing ones.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config
  # libraries
  libyaml-dev
  # tests, benchmarks, sanitizers, fuzzing
  googletest libgtest-dev libgmock-dev libbenchmark-dev clang-14 libclang-rt-14-dev
  glpk-utils  # exact optimum for scheduling_bench's cost-gap check (a separate process)
  chromium    # headless: renders report.html in report_browser_test
  fonts-dejavu-core  # a font for chromium's screenshots (docs/report.png)
  # formatting and static checks (developer convenience; CI checks formatting)
  clang-format
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
