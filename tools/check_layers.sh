#!/usr/bin/env bash
# Enforces the dependency rules of docs/architecture.md on #include lines:
#   - api/ includes nothing of ours but api/ and util/;
#   - scaling/, scalers/, provisioning/, state/ never include sim/, kube/, cli/ or cloud/aws;
#   - nothing but cli/ includes cli/;
#   - report/ (above sim/) is included by nothing but cli/.
#   - sources/ (the real clients: curl, OpenSSL, hiredis, librdkafka, libpq, librabbitmq) is
#     seen only by cli/ (and the benchmarks): scalers/ and scaling/ reach sources through
#     scalers/sources.h, and no layer below cli/ includes sources/;
#   - the heavy headers of those libraries stay inside sources/*.cc (and tests).
set -euo pipefail
cd "$(dirname "$0")/../src"
fail=0
check() {  # check <dir> <forbidden-regex> <why>
  local hits
  hits=$(grep -rnE "^#include \"($2)" "$1" --include='*.h' --include='*.cc' || true)
  if [ -n "$hits" ]; then
    echo "layer violation ($3):"
    echo "$hits" | sed 's/^/  /'
    fail=1
  fi
}
check api 'state/|scalers/|scaling/|provisioning/|sim/|kube/|cloud/|lint/|cli/|server/|report/' "api/ depends on nothing of ours"
for d in scaling scalers provisioning state; do
  [ -d "$d" ] && check "$d" 'sim/|kube/|cli/|cloud/aws' "$d/ sees the world only through interfaces"
done
for d in util api state scalers scaling provisioning cloud sim lint report; do
  [ -d "$d" ] && check "$d" 'cli/' "only cli/ knows both worlds"
done
for d in util api state scalers scaling provisioning cloud sim lint; do
  [ -d "$d" ] && check "$d" 'report/' "report/ sits above sim/; only cli/ uses it"
done
for d in util api state scalers scaling provisioning cloud sim lint report; do
  [ -d "$d" ] && check "$d" 'sources/' "$d/ reaches real sources only through scalers/sources.h"
done
heavy=$(grep -rlnE '^#include <(curl/|openssl/|hiredis/|librdkafka/|libpq-fe|amqp)' . \
  --include='*.h' | grep -v '_test' || true)
if [ -n "$heavy" ]; then
  echo "layer violation (client library headers belong in .cc files):"
  echo "$heavy" | sed 's/^/  /'
  fail=1
fi
[ $fail -eq 0 ] && echo "layers: ok"
exit $fail
