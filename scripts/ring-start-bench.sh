#!/usr/bin/env bash
# Cold start of a local cluster: N runs of `./corral up NODES`, each timed from the exec of the
# wrapper to (1) the moment every node's log shows a ring of all NODES and (2) the moment
# `./corral up` returns (it then has waited for the ring, for quorum and printed cman_tool status).
#   scripts/ring-start-bench.sh [runs] [nodes]     (default 10 runs of 3 nodes)
# Environment: CORRAL_DIST (default tools/target/corral), CORRAL_PORT (5505), CORRAL_RUN
# (run-bench, beside ./run so a cluster there is left alone), POLL_MS (20, the log poll period:
# the ring figure is late by at most that much), CORRAL_JAVA_OPTS (passed to every JVM), CORRAL
# (the wrapper to time, default ./corral: another copy compares an older wrapper).
# Prints one line per run (load average before it) and the medians with min and max. Each run's
# node logs are kept in $CORRAL_RUN.logs/runK (the next run of the script replaces them).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
nodes=${2:-3}
export CORRAL_DIST=${CORRAL_DIST:-$top/tools/target/corral}
export CORRAL_PORT=${CORRAL_PORT:-5505}
export CORRAL_RUN=${CORRAL_RUN:-$top/run-bench}
poll=${POLL_MS:-20}
corral=${CORRAL:-$top/corral}
case "$runs$nodes" in ''|*[!0-9]*) echo "ring-start-bench: runs and nodes must be numbers" >&2; exit 1 ;; esac
if [ ! -x "$CORRAL_DIST/sbin/corrald" ]; then
  echo "ring-start-bench: no distribution at $CORRAL_DIST (mvn -B -o -DskipTests package first)" >&2
  exit 1
fi
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# How many nodes whose log shows a ring of all $nodes (joined minus left, over every
# "A new membership" line of that node's corosync.log).
rings_complete() {
  awk -v want="$nodes" '
    FNR == 1 { if (NR > 1 && n == want) done++; delete m; n = 0 }
    /A new membership \(/ {
      mode = ""
      for (i = 1; i <= NF; i++) {
        if ($i == "joined:") { mode = "j"; continue }
        if ($i == "left:") { mode = "l"; continue }
        if (mode == "j" && !($i in m)) { m[$i] = 1; n++ }
        if (mode == "l" && ($i in m)) { delete m[$i]; n-- }
      }
    }
    END { if (NR > 0 && n == want) done++; print done + 0 }' "$CORRAL_RUN"/node*/var/log/cluster/corosync.log 2>/dev/null || echo 0
}

# CPU milliseconds (user + system, all threads) the corralds have used so far, summed; each
# pid comes from its log lines (corosync[PID]), which exist before the pid file does.
daemons_cpu_ms() {
  local total=0 pid ticks hz
  hz=$(getconf CLK_TCK)
  for f in "$CORRAL_RUN"/node*/var/log/cluster/corosync.log; do
    pid=$(sed -n '1s/.*corosync\[\([0-9]*\)\].*/\1/p' "$f" 2>/dev/null)
    [ -n "$pid" ] || continue
    ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$(( total + ticks ))
  done
  echo $(( total * 1000 / hz ))
}

ring_times=(); up_times=(); cpu_times=()
rm -rf "$CORRAL_RUN.logs"
"$corral" down >/dev/null 2>&1 || true
for run in $(seq "$runs"); do
  rm -rf "$CORRAL_RUN"  # `up` clears it too, but the first polls must not read the last run's logs
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(now_ms)
  "$corral" up "$nodes" > "/tmp/ring-start-bench.$$.out" 2>&1 &
  up_pid=$!
  ring=""
  while :; do
    if [ -z "$ring" ] && [ -d "$CORRAL_RUN" ] && [ "$(rings_complete)" -eq "$nodes" ]; then
      ring=$(( $(now_ms) - start ))
      cpu=$(daemons_cpu_ms)
    fi
    if ! kill -0 "$up_pid" 2>/dev/null; then break; fi
    if [ $(( $(now_ms) - start )) -gt 120000 ]; then kill "$up_pid" 2>/dev/null || true; break; fi
    sleep "0.$(printf '%03d' "$poll")"
  done
  wait "$up_pid" && rc=0 || rc=$?
  up=$(( $(now_ms) - start ))
  if [ -z "$ring" ] && [ "$(rings_complete)" -eq "$nodes" ]; then ring=$up; cpu=$(daemons_cpu_ms); fi
  "$corral" down >/dev/null 2>&1 || true
  for log in "$CORRAL_RUN"/node*/var/log/cluster/corosync.log; do
    [ -f "$log" ] || continue
    node=$(basename "$(dirname "$(dirname "$(dirname "$(dirname "$log")")")")")
    mkdir -p "$CORRAL_RUN.logs/run$run" && cp "$log" "$CORRAL_RUN.logs/run$run/$node.log"
  done
  if [ "$rc" -ne 0 ] || [ -z "$ring" ]; then
    echo "run $run: FAILED (./corral up exit $rc); its output:" >&2
    cat "/tmp/ring-start-bench.$$.out" >&2
    rm -f "/tmp/ring-start-bench.$$.out"
    exit 1
  fi
  printf 'run %2d  load %5s  ring of %d %5d ms  ./corral up returned %5d ms  daemons CPU at ring %5d ms\n' \
    "$run" "$load" "$nodes" "$ring" "$up" "$cpu"
  ring_times+=("$ring"); up_times+=("$up"); cpu_times+=("$cpu")
done
rm -f "/tmp/ring-start-bench.$$.out"

summary() { # label, values...
  local label=$1; shift
  printf '%s\n' "$@" | sort -n | awk -v label="$label" '
    { t[NR] = $1 }
    END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
          printf "%-34s median %5d ms  min %5d  max %5d  (%d runs)\n", label, m, t[1], t[NR], NR }'
}
summary "exec -> every node sees ring of $nodes" "${ring_times[@]}"
summary "exec -> ./corral up $nodes returned" "${up_times[@]}"
summary "CPU of all corralds at the ring" "${cpu_times[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
