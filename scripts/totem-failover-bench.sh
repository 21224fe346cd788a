#!/usr/bin/env bash
# Failover time of totem on real sockets: three TotemNodeMain processes on 127.0.0.1-3 (udpu,
# secauth with a key file), one of them killed with SIGKILL (or frozen with SIGSTOP), and the time
# from the signal to the survivors' new REGULAR configuration (the "t=" wall-clock stamp node 1
# prints on that line). Prints median, min and max per profile.
#
#   scripts/totem-failover-bench.sh [runs] [kill|stop] [profile:token ...]
#   default: 5 kill "corosync:1000 fast:1000"  (add cman:10000 for the RHCS defaults, ~25 s a run)
#
# Needs the totem module built: mvn -B -o -pl totem install -DskipTests
# (TOTEM_TARGET=target-net if it was built with -Dcorral.target=target-net).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
mode=${2:-kill}
shift $(( $# > 2 ? 2 : $# )) || true
profiles=${*:-"corosync:1000 fast:1000"}
target=${TOTEM_TARGET:-target}
case "$mode" in kill|stop) ;; *) echo "totem-failover-bench: mode must be kill or stop" >&2; exit 1 ;; esac

work=$(mktemp -d /tmp/totem-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

cpfile="$work/cp.txt"
(cd "$top" && mvn -B -q -o -pl totem "-Dcorral.target=$target" dependency:build-classpath \
   -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime >/dev/null)
# A private copy of the classes, so a rebuild during the benchmark cannot change the nodes under it.
cp -r "$top/totem/$target/classes" "$work/classes"
cp="$work/classes:$(cat "$cpfile")"
head -c 128 /dev/urandom > "$work/authkey"
chmod 600 "$work/authkey"
port=$(( 30000 + $$ % 5000 * 4 ))

# wait_for FILE FROM_LINE REGEX SECONDS: the first matching line after FROM_LINE, or fail.
wait_for() {
  local deadline=$(( $(date +%s) + $4 )) line
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if line=$(tail -n +"$(( $2 + 1 ))" "$1" | grep -m1 -E "$3"); then echo "$line"; return 0; fi
    sleep 0.02
  done
  echo "totem-failover-bench: no '$3' in $1 within $4 s" >&2; return 1
}

kill_nodes() { # the nodes this run started, by pid
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

give_up() { # keep the failed run's output for a post-mortem
  kill_nodes
  local keep="/tmp/totem-bench-failed.$$"
  mkdir -p "$keep" && cp "$work"/out* "$keep"/ && echo "totem-failover-bench: outputs kept in $keep" >&2
  return 1
}

one_run() { # profile token run -> prints elapsed ms
  local profile=$1 token=$2 run=$3 i
  pids=()
  for i in 1 2 3; do
    mkdir -p "$work/state$i"
    : > "$work/out$run.$i"
    java -Xmx96m -XX:+UseSerialGC -cp "$cp" org.corral.totem.io.TotemNodeMain \
      --node-id $i --nodes 1=127.0.0.1,2=127.0.0.2,3=127.0.0.3 --transport udpu --port $port \
      --key-file "$work/authkey" --profile "$profile" --token "$token" --state-dir "$work/state$i" \
      --on-eof stay < /dev/null > "$work/out$run.$i" 2>&1 &
    pids+=($!)
  done
  for i in 1 2 3; do
    wait_for "$work/out$run.$i" 0 'CONFIG type=REGULAR .*members=1,2,3 ' 120 >/dev/null || { give_up; return 1; }
  done
  sleep 2  # let the ring settle into its idle token rotation
  local victim
  victim=${pids[2]}
  local before t0 line t1
  before=$(wc -l < "$work/out$run.1")
  t0=$(date +%s%3N)
  if [ "$mode" = kill ]; then kill -KILL "$victim"; else kill -STOP "$victim"; fi
  line=$(wait_for "$work/out$run.1" "$before" 'CONFIG type=REGULAR .*members=1,2 ' $(( token * 4 / 1000 + 60 ))) \
    || { give_up; return 1; }
  t1=${line##*t=}
  kill_nodes
  rm -rf "$work"/state*
  echo $(( t1 - t0 ))
}

for spec in $profiles; do
  profile=${spec%%:*}
  token=${spec##*:}
  times=()
  for run in $(seq "$runs"); do
    times+=("$(one_run "$profile" "$token" "$run")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$mode -> new configuration, profile $profile token $token" '
    { t[NR] = $1 }
    END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
          printf "%-60s median %6d ms  min %6d  max %6d  (%d runs)\n", label, m, t[1], t[NR], NR }'
  echo "  runs: ${times[*]}"
done
