#!/usr/bin/env bash
# The packaged daemon (sync-daemon/target/kong-catalog-sync.jar) with -Xmx256m against the Kong emulator (its own
# process, 2 ms per request) and a 10,000-service catalog file: first cycle, then no-op cycles via POST /sync.
# Reports each cycle's duration (from /status), reads and writes (from the daemon's own metrics), heap and RSS.
#
#   scripts/bench-daemon.sh
#   scripts/bench-daemon.sh --services 2000 --daemon-heap 128m   # any DaemonBench flag:
#        --services N --latency-ms N --parallelism N --daemon-heap SIZE --noop-cycles N
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"

bench_header "the daemon process: a no-op cycle at 10,000 services under -Xmx256m"
cp="$(BENCH_GOALS=package bench_classpath sync-daemon)"
jar="$BENCH_ROOT/sync-daemon/target/kong-catalog-sync.jar"
echo "command: java -cp <sync-daemon test classpath> io.catalogsync.sync.bench.DaemonBench --jar $jar $*"
"$JAVA" -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "$cp" io.catalogsync.sync.bench.DaemonBench --jar "$jar" "$@" | tee "$BENCH_OUT/daemon.txt"
