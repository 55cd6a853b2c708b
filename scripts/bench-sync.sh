#!/usr/bin/env bash
# Kong's own capacity, then the sync, in one run, so that every figure is a ratio of two measurements made
# together (issue 12). Against the Kong emulator on 127.0.0.1 (a second JVM, 2 ms per answer) by default, or
# against any Kong at KONG_ADMIN_URL (KONG_ADMIN_TOKEN if it needs one), DB mode or DB-less as Kong reports it.
# That Kong must be a disposable one, empty at the start: the benchmark writes and deletes there, and in DB-less
# mode replaces its configuration.
#  1. capacity: DB mode: PUT /services/{name} at 1, 8, 16, 32 in flight (--probe-requests each, deleted again) and
#     list pages of 1000; the default --parallelism (auto) is the smallest in-flight count within 10 % of the best
#     write rate. DB-less: Kong's own POST /config of the desired state, the push's read of it (list pages of
#     every exportable collection; --export-read yes also times GET /config, ~1 GiB engine heap at 10,000), pages.
#  2. sync: first sync (requests <= writes + list pages + 1 %, wall <= 1.3 x entities / write rate; DB-less:
#     one POST /config), no-op cycles (0 writes; reads against the lower bound; < 2 s), a churn cycle.
#
#   scripts/bench-sync.sh                                  # 10,000 services, 2 ms, DB mode emulator
#   scripts/bench-sync.sh --mode dbless                    # the emulator in DB-less mode
#   KONG_ADMIN_URL=http://127.0.0.1:8001 scripts/bench-sync.sh --services 2000
#   any SyncBench flag: --services N --latency-ms N --parallelism N|auto --churn-percent N --noop-cycles N
#        --probe-requests N --mode db|dbless --export-read yes --emulator-heap SIZE
# The engine runs with -Xmx256m (BENCH_SYNC_HEAP to change), the way the daemon is meant to; the emulator runs
# as its own JVM (--emulator-heap, default 2g).
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"

bench_header "sync engine against the Kong emulator"
cp="$(bench_classpath sync-daemon)"
heap="${BENCH_SYNC_HEAP:-256m}"
echo "command: java -Xmx$heap -cp <sync-daemon test classpath> io.catalogsync.sync.bench.SyncBench $*"
"$JAVA" -Xmx"$heap" -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "$cp" io.catalogsync.sync.bench.SyncBench "$@" | tee "$BENCH_OUT/sync.txt"
