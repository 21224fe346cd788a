#!/usr/bin/env bash
# fenced benchmarks: the agent runner's own cost and fence_node end to end against the virtual BMC.
#   fenced/bench/fenced-bench.sh [runs]    (default 10; needs `mvn -o -pl fenced install` done once)
# Prints one line per measurement: median, min, max. Debian's fence_ipmilan is measured when installed.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
mvn -B -q -o -pl fenced test-compile
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -o -pl fenced dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
java -cp "fenced/target/test-classes:fenced/target/classes:$(cat "$cpfile")" org.corral.fenced.bench.FencedBench "${1:-10}"
