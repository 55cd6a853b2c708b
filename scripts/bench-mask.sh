#!/usr/bin/env bash
# Masking sidecar under load, with a real redis-server on a free 127.0.0.1 port (stopped at the end):
#  1. throughput of POST /v1/mask with 8 KiB Anthropic Messages bodies holding 20 identifiers each, with wrk
#     (target >= 3,000 req/s with the load generator on the same 2-core machine);
#  2. p50/p99 at a fixed 1,000 req/s with FixedRateLoad, an open-loop Vert.x client (target p99 <= 5 ms);
#  3. Redis round trips per request from the sidecar's own counter (target 1): /metrics scraped before and after.
#
#   scripts/bench-mask.sh
# Environment (defaults in brackets): BENCH_MASK_SECONDS [20] duration of each measured run,
# BENCH_MASK_CONNECTIONS [32] and BENCH_MASK_THREADS [2] for wrk, BENCH_MASK_RATE [1000] for the fixed-rate run,
# BENCH_MASK_BYTES [8192] and BENCH_MASK_IDENTIFIERS [20] per body, BENCH_MASK_SIDECAR_OPTS [-Xmx512m] JVM options.
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"

seconds="${BENCH_MASK_SECONDS:-20}"
connections="${BENCH_MASK_CONNECTIONS:-32}"
threads="${BENCH_MASK_THREADS:-2}"
rate="${BENCH_MASK_RATE:-1000}"
bytes="${BENCH_MASK_BYTES:-8192}"
identifiers="${BENCH_MASK_IDENTIFIERS:-20}"
sidecar_opts="${BENCH_MASK_SIDECAR_OPTS:--Xmx512m}"

bench_header "masking sidecar: /v1/mask throughput, latency at a fixed rate, Redis round trips"

if ! command -v wrk >/dev/null; then
  echo "wrk not found: installing Debian's wrk" >&2
  apt-get install -y -q wrk >&2 || { apt-get update -q >&2 && apt-get install -y -q wrk >&2; }
fi
command -v redis-server >/dev/null || { echo "bench-mask: redis-server is needed on PATH" >&2; exit 1; }

# The sidecar jar and the test classpath (body generator, fixed-rate client) in one build.
cp="$(BENCH_GOALS=package bench_classpath masking-plugin-sidecar)"
jar="$BENCH_ROOT/masking-plugin-sidecar/target/masking-sidecar.jar"
[ -f "$jar" ] || { echo "bench-mask: $jar was not built" >&2; exit 1; }

work="$(mktemp -d "$BENCH_OUT/mask.XXXXXX")"
redis_pid=""
sidecar_pid=""
cleanup() {
  [ -n "$sidecar_pid" ] && kill "$sidecar_pid" 2>/dev/null && wait "$sidecar_pid" 2>/dev/null || true
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

redis_port="$(bench_free_port)"
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --daemonize no \
  --dir "$work" --logfile "$work/redis.log" &
redis_pid=$!
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "redis:   $(redis-server --version | cut -d' ' -f1-3) on 127.0.0.1:$redis_port (pid $redis_pid)"

sidecar_port="$(bench_free_port)"
# A fresh random token key and shared secret for this run only; they go through the environment, never a flag.
# The load generators send the secret as the Kong hook does (the sidecar requires one).
KCS_MASKING_SHARED_SECRET="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export KCS_MASKING_SHARED_SECRET
KCS_MASKING_HMAC_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  "$JAVA" $sidecar_opts -jar "$jar" --host 127.0.0.1 --port "$sidecar_port" \
  --redis-url "redis://127.0.0.1:$redis_port" >"$work/sidecar.log" 2>&1 &
sidecar_pid=$!
url="http://127.0.0.1:$sidecar_port"
for _ in $(seq 100); do curl -fsS "$url/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "$url/readyz" >/dev/null || { echo "bench-mask: the sidecar did not become ready:" >&2; cat "$work/sidecar.log" >&2; exit 1; }
echo "sidecar: $url (pid $sidecar_pid, $sidecar_opts), redis://127.0.0.1:$redis_port"

"$JAVA" -cp "$cp" io.catalogsync.masking.bench.MessagesBodies "$work/bodies" 64 "$bytes" "$identifiers"

# Sum of a Prometheus counter over all its label sets (optionally only lines matching a filter).
metric() {
  curl -fsS "$url/metrics" | grep -E "^$1(\{|\s)" | grep -E "${2:-.}" | awk '{s += $NF} END {printf "%d\n", s}'
}
round_trips_per_request() {
  local rt0="$1" rq0="$2" rt1 rq1
  rt1="$(metric kcs_masking_redis_round_trips_total)"
  rq1="$(metric kcs_masking_http_requests_seconds_count 'endpoint="mask".*status="200"|status="200".*endpoint="mask"')"
  awk -v a="$((rt1 - rt0))" -v b="$((rq1 - rq0))" -v what="$3" 'BEGIN {
    printf "redis round trips (%s): %d round trips for %d masked requests = %.3f per request (target 1: %s)\n",
      what, a, b, (b ? a / b : 0), (b && a == b ? "met" : "NOT met") }'
}
requests_metric() { metric kcs_masking_http_requests_seconds_count 'endpoint="mask".*status="200"|status="200".*endpoint="mask"'; }
# CPU seconds a process has used (user + system), from /proc.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f\n", ($14 + $15) / hz}' "/proc/$1/stat"; }
gc_pause_ms() { curl -fsS "$url/metrics" | grep -E '^jvm_gc_pause_seconds_sum' | awk '{s += $NF} END {printf "%.0f\n", s * 1000}'; }
gc_pauses() { metric jvm_gc_pause_seconds_count; }

cat >"$work/mask.lua" <<LUA
-- wrk: POST the generated bodies to /v1/mask in turn.
local bodies = {}
local i = 0
function init(args)
  for n = 0, 63 do
    local f = assert(io.open("$work/bodies/body-" .. n .. ".json", "rb"))
    bodies[#bodies + 1] = f:read("*a")
    f:close()
  end
end
function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/v1/mask", {["Content-Type"] = "application/json",
    ["X-KCS-Masking-Secret"] = "$KCS_MASKING_SHARED_SECRET"}, bodies[i])
end
LUA

echo
echo "-- 1. throughput (wrk, $threads threads, $connections connections, ${seconds}s after a 5 s warm-up); load $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t "$threads" -c "$connections" -d 5s -s "$work/mask.lua" "$url" >/dev/null
rt0="$(metric kcs_masking_redis_round_trips_total)"; rq0="$(requests_metric)"
redis_cmds0="$(redis-cli -p "$redis_port" info stats | awk -F: '/^total_commands_processed/ {print $2+0}')"
echo "command: wrk -t $threads -c $connections -d ${seconds}s --latency -s mask.lua $url"
wrk -t "$threads" -c "$connections" -d "${seconds}s" --latency -s "$work/mask.lua" "$url" | tee "$work/wrk.txt"
rps="$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")"
awk -v r="$rps" 'BEGIN { printf "throughput: %.0f req/s (target >= 3000 on this machine: %s)\n", r, (r >= 3000 ? "met" : "NOT met") }'
round_trips_per_request "$rt0" "$rq0" "wrk run"
redis_cmds1="$(redis-cli -p "$redis_port" info stats | awk -F: '/^total_commands_processed/ {print $2+0}')"
rq1="$(requests_metric)"
awk -v c="$((redis_cmds1 - redis_cmds0))" -v r="$((rq1 - rq0))" 'BEGIN {
  printf "redis commands per masked request (INFO stats, pipelined into the round trip above): %.1f\n", (r ? c / r : 0) }'

echo
echo "-- 2. latency at a fixed $rate req/s for ${seconds}s (after a 5 s warm-up); load $(cut -d' ' -f1-3 /proc/loadavg)"
rt0="$(metric kcs_masking_redis_round_trips_total)"; rq0="$(requests_metric)"
gc0="$(gc_pauses)"; gcms0="$(gc_pause_ms)"; cpu0="$(cpu_seconds "$sidecar_pid")"; rcpu0="$(cpu_seconds "$redis_pid")"; t0="$(date +%s.%N)"
echo "command: java -cp <masking-plugin-sidecar test classpath> io.catalogsync.masking.bench.FixedRateLoad $url <bodies> $rate $seconds 5"
"$JAVA" -cp "$cp" io.catalogsync.masking.bench.FixedRateLoad "$url" "$work/bodies" "$rate" "$seconds" 5
round_trips_per_request "$rt0" "$rq0" "fixed-rate run"
# What the tail latency may owe to the sidecar itself (GC pauses, CPU) rather than to the machine (load average).
awk -v g="$(( $(gc_pauses) - gc0 ))" -v ms="$(( $(gc_pause_ms) - gcms0 ))" -v c0="$cpu0" -v c1="$(cpu_seconds "$sidecar_pid")" \
    -v r0="$rcpu0" -v r1="$(cpu_seconds "$redis_pid")" -v t0="$t0" -v t1="$(date +%s.%N)" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
  printf "during the fixed-rate run (warm-up included): sidecar GC %d pauses, %d ms in all; CPU used: sidecar %.2f cores, redis %.2f cores; load %s\n",
    g, ms, (c1 - c0) / (t1 - t0), (r1 - r0) / (t1 - t0), load }'
echo "sidecar RSS after the runs: $(awk '/^VmRSS/ {print $2/1024 " MiB"}' "/proc/$sidecar_pid/status")"
