# Shared by scripts/bench*.sh (sourced, not run): building a module's test classpath, the machine summary,
# free loopback ports. Every benchmark binds to 127.0.0.1 only.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_OUT="${BENCH_OUT:-$BENCH_ROOT/target/bench}"
mkdir -p "$BENCH_OUT"
JAVA="${JAVA:-java}"
DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

# Compiles <module> and what it depends on (main and test classes, so the JMH annotation processor has generated
# the benchmark harness; BENCH_GOALS=package also builds the jars) and prints its test classpath: test-classes,
# classes, then every dependency jar.
# BENCH_MVN_FLAGS=-o builds offline once the local repository has everything (the first run downloads plugins).
bench_classpath() {
  local module="$1"
  local cpfile="$BENCH_ROOT/$module/target/bench.classpath"
  (cd "$BENCH_ROOT" && mvn -q -B ${BENCH_MVN_FLAGS:-} -DskipTests -pl "$module" -am "${BENCH_GOALS:-test-compile}" \
      "$DEP_PLUGIN:build-classpath" -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >&2) \
    || { echo "bench: building $module failed" >&2; return 1; }
  # Sibling modules resolve to the reactor's target/classes (and target/test-classes for test-jars).
  echo "$BENCH_ROOT/$module/target/test-classes:$BENCH_ROOT/$module/target/classes:$(cat "$cpfile")"
}

# What the figures were measured on: printed before each part, copied into docs/BENCHMARKS.md.
bench_machine() {
  echo "date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "cpu:     $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
  echo "memory:  $(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "java:    $("$JAVA" -version 2>&1 | head -1)"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before this part"
}

# A free TCP port on 127.0.0.1 (the kernel picks it; the tiny race with other processes is acceptable here).
bench_free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

bench_header() {
  echo
  echo "=============================================================================="
  echo "== $1"
  echo "=============================================================================="
  bench_machine
}
