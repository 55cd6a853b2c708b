#!/usr/bin/env bash
# The main job on the example catalog, with no Kong: build the jar, validate examples/catalog.yaml (every
# service and metadata key checked), then render the Kong configuration it becomes (decK format) to stdout.
# Exit status: non-zero when either step fails (validate: 3 when a service is rejected).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "==> building sync-daemon/target/kong-catalog-sync.jar" >&2
mvn -q -B -DskipTests -pl sync-daemon -am package || exit 1

echo "==> kong-catalog-sync validate --catalog examples/catalog.yaml" >&2
scripts/kong-catalog-sync validate --catalog examples/catalog.yaml
validated=$?

echo >&2
echo "==> kong-catalog-sync render --catalog examples/catalog.yaml --out -" >&2
scripts/kong-catalog-sync render --catalog examples/catalog.yaml --out -
rendered=$?

if [ "$validated" -ne 0 ]; then exit "$validated"; fi
exit "$rendered"
