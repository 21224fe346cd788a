#!/usr/bin/env bash
# Lays out the unpacked distribution (run by Maven at package time, after lib/ is filled):
#   sbin/<command>   one launcher per line of src/main/dist/commands.list
#   libexec/corral-java  the shared JVM launcher (class-data sharing, small heap, fast start)
#   lib/             every jar, plus lib/classpath (the order the launcher and the CDS archives use)
#   lib/cds/<command>.jsa  a dynamic CDS archive per command, trained by one `-h` run
#   etc/, share/     copied from src/main/dist
set -euo pipefail
tools_jar=$1
dist=$2
src=src/main/dist

mkdir -p "$dist/sbin" "$dist/libexec" "$dist/lib/cds"
cp "$tools_jar" "$dist/lib/corral-tools.jar"
for dir in etc share; do
  [ -d "$src/$dir" ] && cp -R "$src/$dir" "$dist/"
done
# lib/systemd: the cman unit beside the init script (lib/ otherwise holds the jars).
[ -d "$src/lib/systemd" ] && mkdir -p "$dist/lib" && cp -R "$src/lib/systemd" "$dist/lib/"
[ -d "$dist/etc/init.d" ] && chmod 755 "$dist"/etc/init.d/* 2>/dev/null || true
(cd "$dist/lib" && ls *.jar | LC_ALL=C sort) > "$dist/lib/classpath"
install -m 755 src/build/corral-java "$dist/libexec/corral-java"

rm -f "$dist"/sbin/*
while read -r name main_class kind _; do
  case "$name" in ''|'#'*) continue ;; esac
  cat > "$dist/sbin/$name" <<LAUNCHER
#!/bin/sh
# $name: generated from commands.list; runs $main_class.
here=\$(dirname "\$0")
CORRAL_KIND=${kind:-cli} exec "\$here/../libexec/corral-java" $name $main_class "\$@"
LAUNCHER
  chmod 755 "$dist/sbin/$name"
done < "$src/commands.list"

# Class-data sharing: one short training run per command (src/build/cds-training) records the
# classes it loads, so later runs map them instead of parsing and verifying them again. Skipped with CORRAL_NO_CDS=1.
if [ "${CORRAL_NO_CDS:-0}" != 1 ]; then
  for launcher in "$dist"/sbin/*; do
    [ -f "$launcher" ] || continue
    name=$(basename "$launcher")
    rm -f "$dist/lib/cds/$name.jsa"
    training=$(awk -v name="$name" '$1 == name { $1 = ""; print; exit }' src/build/cds-training)
    training=${training:- -h}
    # shellcheck disable=SC2086 # the training arguments are words
    CORRAL_CDS_DUMP=1 CORRAL_ROOT="$dist" timeout 60 "$launcher" ${training//@DIST@/$dist} \
      </dev/null >/dev/null 2>&1 || true
  done
fi
touch "$dist/.built"
