#!/usr/bin/env bash
# Installs every package swell needs to build and test, from Debian 12's archive.
# Idempotent: packages already present are not touched; apt is only asked for the missing ones.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config
  # libraries
  libyaml-dev
  # real event sources (src/sources): HTTP(S), SigV4, Redis, Kafka, PostgreSQL, AMQP clients
  libcurl4-openssl-dev libssl-dev libhiredis-dev librdkafka-dev libpq-dev librabbitmq-dev
  # servers the server-backed tests start on 127.0.0.1 (tools/servers.sh), and curl to poll them
  redis-server prometheus postgresql nats-server rabbitmq-server curl
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

# Node.js and npm run the SQS emulator (fauxqs, pinned in tests/servers/package.json); the
# machine's own Node.js (with npm) is used when present, else Debian's.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Installing a server package must not start its system service: the tests start their own.
POLICY=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  POLICY=/usr/sbin/policy-rc.d
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod +x "$POLICY"
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
if [ -n "$POLICY" ]; then $SUDO rm -f "$POLICY"; fi
