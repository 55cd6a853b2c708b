#!/usr/bin/env bash
# Sync against the Kong emulator on 127.0.0.1 with a per-request latency: first sync of 10,000 services with
# parallelism 16 (writes == entities needed, wall time within 1.3x of writes x latency / parallelism), no-op
# cycles (0 writes, reads == list pages needed, < 2 s) and a 1% churn cycle (writes == changed entities).
# The engine runs in the benchmark JVM, the emulator (kong-admin-client test-jar) as a second JVM; the client
# counts every request it makes.
#
#   scripts/bench-sync.sh                                  # 10,000 services, 2 ms, parallelism 16
#   scripts/bench-sync.sh --services 2000 --latency-ms 5   # any SyncBench flag:
#        --services N --latency-ms N --parallelism N --churn-percent N --noop-cycles N --emulator-heap SIZE
# The engine runs with -Xmx256m (BENCH_SYNC_HEAP to change), the way the daemon is meant to; the emulator runs
# as its own JVM (--emulator-heap, default 2g).
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"

bench_header "sync engine against the Kong emulator"
cp="$(bench_classpath sync-daemon)"
heap="${BENCH_SYNC_HEAP:-256m}"
echo "command: java -Xmx$heap -cp <sync-daemon test classpath> io.catalogsync.sync.bench.SyncBench $*"
"$JAVA" -Xmx"$heap" -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "$cp" io.catalogsync.sync.bench.SyncBench "$@" | tee "$BENCH_OUT/sync.txt"
