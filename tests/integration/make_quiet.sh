#!/bin/sh
# integration.make_quiet: with the manual's Makefile pattern, a header
# FILE.c includes touched without changing what cc-ad generates: one make
# runs cc-ad, which does not rewrite the unchanged outputs but brings their
# time past the inputs', and then `make -q` says up to date. Before (probe9)
# the outputs stayed older than the header and every make ran cc-ad again
# (make has no restat). Also: a second cc-ad run with nothing newer leaves
# the outputs' times alone.
#     make_quiet.sh BUILD_DIR SOURCE_DIR CCAD_EXE
set -eu
ccad=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
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
make -q || { echo "FAIL: make is never up to date again: every make reruns cc-ad"; exit 1; }
t=$(stat -c %Y.%y model.ad.c)
sleep 1
"$ccad" model.c -o model.ad.c -MF model.ad.d
[ "$(stat -c %Y.%y model.ad.c)" = "$t" ] || { echo "FAIL: a run with nothing newer touched model.ad.c"; exit 1; }
echo PASS
