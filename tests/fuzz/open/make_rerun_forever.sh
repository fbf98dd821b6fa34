#!/bin/sh
# OPEN (probe9): build integration (minor, no wrong result): with the
# manual's Makefile pattern (BUILD INTEGRATION, pkg-config and make; and
# samples/make-integration), once a header that FILE.c includes is touched
# without changing what cc-ad generates, every later `make` runs cc-ad
# again, forever: cc-ad leaves FILE.ad.c, FILE.ad.h and the -MF depfile
# untouched when their content is unchanged (to spare recompiling
# FILE.ad.o), so they stay older than the header, and make, which has no
# restat, never sees the rule's targets as up to date. Expected: after one
# regeneration, `make -q` reports up to date (exit 0): e.g. cc-ad updates
# the timestamp of the depfile (a target make can be told to check) or of
# its outputs when a prerequisite is newer, or the manual's rule uses a
# stamp. Manual, -MF: "make(1) reads it with -include"; BUILD INTEGRATION:
# "The rule runs again when NAME.c, a header it includes, or cc-ad changes"
# (and only then). The same with CMake's "Unix Makefiles" generator and
# ccad_generate: after touching a header, every `cmake --build` runs cc-ad
# again (Ninja is fine: CMake gives its custom commands restat = 1).
# Run: sh tests/fuzz/open/make_rerun_forever.sh [path/to/cc-ad]
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
ccad=${1:-$root/build/tool/cc-ad}
case $ccad in /*) ;; *) ccad=$(pwd)/$ccad ;; esac
w=$(mktemp -d /tmp/ccad_mk.XXXXXX)
trap 'rm -rf "$w"' EXIT
cd "$w"
printf '#pragma once\n#define K 2.0\n' > model.h
printf '#include "model.h"\n#include <math.h>\ndouble f(double x) { return K * sin(x); }\n#pragma ad grad(f)\n' > model.c
cat > Makefile <<EOF2
all: model.ad.c
%.ad.c %.ad.h: %.c
	"$ccad" \$< -o \$*.ad.c -MF \$*.ad.d
-include model.ad.d
EOF2
make -s
sleep 1
touch model.h          # a header changes, the derivatives do not
make -s                # regenerates (right)
if make -q; then echo PASS; exit 0; fi
echo "FAIL: make is never up to date again: every make reruns cc-ad"
exit 1
