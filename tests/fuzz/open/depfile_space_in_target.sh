#!/bin/sh
# OPEN (probe9): SILENTLY WRONG (build integration: stale derivatives): the
# -MF depfile escapes blanks in the headers it lists ("inc\ dir/k.h") but
# not in its targets nor in FILE.c itself:
#     out x.ad.c out x.ad.h: m x.c \
#      inc\ dir/k.h \
# make reads that as a rule for the targets "out", "x.ad.c", "x.ad.h" with
# prerequisites "m" and "x.c", so with a project under a directory whose
# name has a blank, or a source/output named with one, a Makefile that does
# '-include' the depfile (the manual's pattern) never regenerates
# "out x.ad.c" when a header changes: make says "'out x.ad.c' is up to date"
# and the program links derivatives of the old header (here K = 2.0 stays
# in the derivative while the primal uses K = 3.0). Expected: targets and
# every prerequisite escaped as gcc -MD escapes them ("out\ x.ad.c"), so
# touching the header regenerates. Manual, -MF: "one rule whose targets are
# the files written ... and whose prerequisites are FILE.c and every file the
# preprocessor read for it ... as cc -MD does. make(1) reads it with
# -include"; contract section 1 (-MF is the manual's, -p / build use).
# (Ninja's depfile reader tolerates it: ccad_generate under Ninja with a
# build directory containing a blank still regenerates; make does not.)
# Run: sh tests/fuzz/open/depfile_space_in_target.sh [path/to/cc-ad]
# Passes (exit 0) once make regenerates after the header changes.
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
ccad=${1:-$root/build/tool/cc-ad}
case $ccad in /*) ;; *) ccad=$(pwd)/$ccad ;; esac
w=$(mktemp -d /tmp/ccad_dep.XXXXXX)
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/my dir/inc dir"
cd "$w/my dir"
printf '#pragma once\n#define K 2.0\n' > "inc dir/k.h"
printf '#include "k.h"\n#include <math.h>\ndouble f(double x) { return K * sin(x); }\n#pragma ad grad(f)\n' > "m x.c"
cat > Makefile <<EOF2
out\ x.ad.c: m\ x.c
	"$ccad" "m x.c" -o "out x.ad.c" -MF "dep x.d" -- -I"inc dir"
-include dep\ x.d
EOF2
make -s >/dev/null
grep -q '2\.0' "out x.ad.c" || { echo "setup: K=2.0 not in output"; exit 2; }
head -2 "dep x.d"
sleep 1
printf '#pragma once\n#define K 3.0\n' > "inc dir/k.h"
make -s >/dev/null 2>&1 || true
if grep -q '3\.0' "out x.ad.c"; then echo PASS; exit 0; fi
echo "FAIL: 'out x.ad.c' not regenerated after inc dir/k.h changed (still K = 2.0)"
exit 1
