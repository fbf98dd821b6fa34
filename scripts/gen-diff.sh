#!/usr/bin/env bash
# scripts/gen-diff.sh save DIR | diff DIR [BUILD]
#
# Keeps the generated code of the last `ctest` run (every case's and
# sample's FILE.ad.c, .ad.h, .ad.cu under BUILD, default build/) in DIR, or
# diffs today's against what DIR keeps. For refactorings that must leave the
# output unchanged, and to review the changes of those that mean to change it.
set -eu
[ $# -ge 2 ] || { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
cmd=$1 dir=$2 build=${3:-build}
collect() {  # copy BUILD's generated files to $1, keeping their paths
    (cd "$build" && find . -path ./fuzz-results -prune -o \
        \( -name '*.ad.c' -o -name '*.ad.h' -o -name '*.ad.cu' \) -print) |
    while read -r f; do mkdir -p "$1/$(dirname "$f")"; cp "$build/$f" "$1/$f"; done
}
case $cmd in
save) rm -rf "$dir"; mkdir -p "$dir"; collect "$dir";
      echo "gen-diff: $(find "$dir" -type f | wc -l) files kept in $dir" ;;
diff) now=$(mktemp -d); collect "$now"; rc=0
      diff -r -u "$dir" "$now" || rc=1; rm -rf "$now"
      [ $rc = 0 ] && echo "gen-diff: generated code unchanged"; exit $rc ;;
*) echo "gen-diff: unknown command '$cmd'" >&2; exit 2 ;;
esac
