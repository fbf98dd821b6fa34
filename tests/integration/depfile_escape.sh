#!/bin/sh
# integration.depfile_escape: the -MF depfile escapes its targets and
# FILE.c as make needs, not only the headers it lists: blanks as "\ ", '#'
# as "\#", '$' as "$$" (as gcc -MD). A project under "my dir" with a
# source "m x.c", an output "out x.ad.c" and headers under "inc dir",
# built by a Makefile that -include's the depfile: changing the header
# regenerates "out x.ad.c". Before (probe9) the targets were written as
# "out x.ad.c", which make read as the targets "out" and "x.ad.c", so the
# derivative kept the old header's constant. A second run checks a name
# with '#' and '$' in it.
#     depfile_escape.sh BUILD_DIR SOURCE_DIR CCAD_EXE
set -eu
ccad=$3
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
grep -q '3\.0' "out x.ad.c" || { echo "FAIL: 'out x.ad.c' not regenerated after inc dir/k.h changed (still K = 2.0)"; exit 1; }
# '#' and '$' in a source's name
cp "m x.c" 'n#$1.c'
cat > Makefile <<EOF2
n\#\$\$1.ad.c: n\#\$\$1.c
	"$ccad" 'n#\$\$1.c' -MF 'n#\$\$1.d' -- -I"inc dir"
-include n\#\$\$1.d
EOF2
make -s >/dev/null
grep -q '3\.0' 'n#$1.ad.c' || { echo "setup: K=3.0 not in n#\$1.ad.c"; exit 2; }
head -1 'n#$1.d'
sleep 1
printf '#pragma once\n#define K 4.0\n' > "inc dir/k.h"
make -s >/dev/null 2>&1 || true
grep -q '4\.0' 'n#$1.ad.c' || { echo "FAIL: 'n#\$1.ad.c' not regenerated after inc dir/k.h changed"; exit 1; }
echo PASS
