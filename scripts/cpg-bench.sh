#!/usr/bin/env bash
# CPG benchmark of issue 5: three corrald on 127.0.0.1..3 (./corral up 3: udpu, secauth on),
# a cpgbench --throughput on every node sending as fast as flow control allows for SECONDS,
# messages delivered per second at each node; RUNS runs per message size, median (min-max) of the
# per-run mean over the three nodes. Then the self-delivery round trip on an idle ring and the RSS
# of each corrald.
#
#   scripts/cpg-bench.sh [RUNS=5] [SECONDS=10]
#
# Environment: CORRAL_DIST (a built distribution, else ./corral builds one), CORRAL_PORT (5405),
# CORRAL_TOTEM_ATTRS (extra <totem> attributes, e.g. 'window_size="100"'), SIZES ("100 1024 8192"),
# LATENCY_COUNT (5000). Raw JSON lines and the summary go to run/bench-<time>/.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-5}
seconds=${2:-10}
sizes=${SIZES:-100 1024 8192}
out="$top/run/bench-$(date -u +%Y%m%dT%H%M%SZ)"  # under run/ (git-ignored; the next ./corral up clears it)
corral="$top/corral"

"$corral" down >/dev/null
trap '"$corral" down >/dev/null 2>&1 || true' EXIT
"$corral" up 3
mkdir -p "$out"
load() { cut -d' ' -f1 /proc/loadavg; }

bench_once() { # size seconds -> one JSON line per node in $out/raw.jsonl, prints the run's mean
  local size=$1 secs=$2 k
  for k in 1 2 3; do
    "$corral" "node$k" cpgbench --throughput -s "$size" -t "$secs" -w 3 --json > "$out/node$k.json" &
  done
  wait
  cat "$out"/node[123].json >> "$out/raw.jsonl"
  awk -v size="$size" '{
      match($0, /"msgs_per_s":[0-9.]+/); m += substr($0, RSTART + 13, RLENGTH - 13)
      match($0, /"mb_per_s":[0-9.]+/); b += substr($0, RSTART + 11, RLENGTH - 11); n++ }
    END { printf "%.1f %.3f\n", m / n, b / n }' "$out"/node[123].json
}

# The JIT needs a few seconds of traffic before the figures settle (runs 1-2 of a cold start are
# half the later ones): one warm-up run per size, not counted.
for size in $sizes; do
  echo "warm-up ($size B, ${WARMUP_SECONDS:-12} s, not counted)"
  bench_once "$size" "${WARMUP_SECONDS:-12}" >/dev/null
done
: > "$out/raw.jsonl"
{
  echo "| size | run | load avg before | msgs/s (mean of 3 nodes) | MB/s |"
  echo "|---:|---:|---:|---:|---:|"
} > "$out/runs.md"
for size in $sizes; do
  : > "$out/size-$size.txt"
  for run in $(seq 1 "$runs"); do
    before=$(load)
    read -r msgs mb < <(bench_once "$size" "$seconds")
    echo "$msgs $mb" >> "$out/size-$size.txt"
    echo "| $size | $run | $before | $msgs | $mb |" | tee -a "$out/runs.md"
  done
done

summary() { # file column -> "median (min-max)"
  sort -g -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
latency=$("$corral" node1 cpgbench --latency -s 100 -c "${LATENCY_COUNT:-5000}" --json)
echo "$latency" >> "$out/raw.jsonl"
rss=""
for f in "$top"/run/node*/var/run/cluster/corrald.pid; do
  pid=$(cat "$f")
  rss="$rss $(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")/$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")"
done
{
  echo "CPG benchmark $(date -u +%Y-%m-%dT%H:%MZ), $runs runs x $seconds s, 3 nodes, udpu, secauth on, $(nproc) CPUs, load avg now $(load)"
  for size in $sizes; do
    if [ "$size" -ge 8192 ]; then
      echo "size $size: MB/s $(summary "$out/size-$size.txt" 2); msgs/s $(summary "$out/size-$size.txt" 1)"
    else
      echo "size $size: msgs/s $(summary "$out/size-$size.txt" 1)"
    fi
  done
  echo "self-delivery on an idle ring: $latency"
  echo "corrald RSS now/peak MB:$rss"
} | tee "$out/summary.txt"
echo "raw: $out"
