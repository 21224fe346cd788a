#!/usr/bin/env bash
# Times fence_ipmilan (ours and, when installed, Debian's) and ipmitool against `fence_sim ipmi` on
# loopback. Each run is a fresh process, as a fence daemon starts it. Prints min/median/max in ms.
# Usage: fence-agents/bench/ipmi_bench.sh [runs]   (after `mvn -pl fence-agents install -DskipTests`)
set -euo pipefail
runs=${1:-5}
cd "$(dirname "$0")/../.."
cp_file=$(mktemp)
mvn -B -q -o -pl fence-agents dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
CP=fence-agents/target/classes:$(cat "$cp_file")
port=16277
java -cp "$CP" org.corral.fence.agents.sim.FenceSim ipmi --listen 127.0.0.1:$port --password fencepass \
    --log /dev/null &
sim=$!
trap 'kill $sim; rm -f "$cp_file"' EXIT
for _ in $(seq 50); do
    java -cp "$CP" org.corral.fence.agents.ipmi.FenceIpmilan -a 127.0.0.1 -u $port -l admin -p fencepass -P \
        -o status --ipmitool-timeout 0.2 >/dev/null 2>&1 && break
done

bench() {  # label, command...
    local label=$1; shift
    local times=()
    for _ in $(seq "$runs"); do
        local start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        times+=($(( ($(date +%s%N) - start) / 1000000 )))
    done
    printf '%-52s %s\n' "$label" "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "min %d  median %d  max %d ms", a[1], a[int((NR+1)/2)], a[NR]}')"
}
ours=(java -cp "$CP" org.corral.fence.agents.ipmi.FenceIpmilan -a 127.0.0.1 -u $port -l admin -p fencepass)
bench "ours: -P -C 3 -o status" "${ours[@]}" -P -C 3 -o status
bench "ours: -A md5 -o status (IPMI 1.5)" "${ours[@]}" -A md5 -o status
bench "ours: -P -o reboot (power-wait 2 s)" "${ours[@]}" -P -o reboot
if [ -x /usr/sbin/fence_ipmilan ]; then
    real=(/usr/sbin/fence_ipmilan -a 127.0.0.1 -u $port -l admin -p fencepass)
    bench "Debian fence_ipmilan: -P -C 3 -o status" "${real[@]}" -P -C 3 -o status
    bench "Debian fence_ipmilan: -P -C 3 -o reboot" "${real[@]}" -P -C 3 -o reboot
fi
if [ -x /usr/bin/ipmitool ]; then
    bench "ipmitool -I lanplus -C 3 chassis power status" /usr/bin/ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $port \
        -U admin -P fencepass chassis power status
fi
bench "ours: BMC absent, default timeouts" "${ours[@]}" -a 127.0.0.1 -u 16278 -P -o status
