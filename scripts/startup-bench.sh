#!/usr/bin/env bash
# Start-up time of distribution commands: median, min and max wall time of N runs each.
#   scripts/startup-bench.sh [runs]   (default 20)
# Each line: command, median, min, max in milliseconds. Runs against the built distribution
# (CORRAL_DIST, default tools/target/corral). With RING_RUNS=N it then times N cold starts of a
# three-node cluster (scripts/ring-start-bench.sh N 3: exec of ./corral up 3 to the ring of 3).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dist="${CORRAL_DIST:-$top/tools/target/corral}"
runs=${1:-20}
example="$top/tools/src/main/dist/etc/cluster/cluster.conf"

measure() { # label, command...
  local label=$1; shift
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" '
    { t[NR] = $1 }
    END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
          printf "%-45s median %4d ms  min %4d  max %4d  (%d runs)\n", label, m, t[1], t[NR], NR }'
}

export CORRAL_ROOT="$dist"
measure "ccs_config_validate -f example (CDS)" "$dist/sbin/ccs_config_validate" -f "$example"
measure "ccs_config_dump -f example (CDS)" "$dist/sbin/ccs_config_dump" -f "$example"
CORRAL_JAVA_OPTS="-Xshare:off" measure "ccs_config_validate -f example (no CDS)" "$dist/sbin/ccs_config_validate" -f "$example"
for agent in fence_ipmilan fence_apc; do
  [ -x "$dist/sbin/$agent" ] && measure "$agent -o metadata (CDS)" "$dist/sbin/$agent" -o metadata
done
if [ -n "${RING_RUNS:-}" ]; then
  CORRAL_DIST="$dist" "$top/scripts/ring-start-bench.sh" "$RING_RUNS" 3
fi
exit 0
