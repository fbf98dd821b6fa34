#!/bin/sh
# integration.output_not_input: an output that is a file the preprocessor
# read for FILE.c is refused like the input itself: `cc-ad impl.c -o api.c`
# where impl.c includes api.h, and `-MF api.h`, exit 1 with
# "would overwrite 'api.h', which the input includes", write nothing, and
# api.h stays byte for byte. Before (probe9) cc-ad exited 0 and replaced
# the user's api.h with the generated prototypes.
#     output_not_input.sh BUILD_DIR SOURCE_DIR CCAD_EXE
set -u
ccad=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
w=$(mktemp -d /tmp/ccad_ow.XXXXXX)
trap 'rm -rf "$w"' EXIT
cd "$w"
printf '#pragma once\n/* the user'"'"'s own header */\ntypedef struct P { double k; } P;\n' > api.h
cp api.h api.h.orig
printf '#include "api.h"\ndouble f(const P *p, double x) { return p->k * x * x; }\n#pragma ad grad(f) wrt(x)\n' > impl.c
bad=0
check() {  # check WHAT ARGS...: cc-ad ARGS refused, api.h kept, nothing written
    what=$1; shift
    "$ccad" "$@" > log 2>&1
    rc=$?
    if cmp -s api.h api.h.orig && [ "$rc" -eq 1 ] && grep -q "which the input includes" log &&
       [ ! -e api.c ] && [ ! -e impl.ad.c ] && [ ! -e impl.ad.h ]; then
        echo "ok: $what refused: $(head -1 log)"
    else
        echo "FAIL: $what: exit $rc, api.h $(cmp -s api.h api.h.orig && echo kept || echo OVERWRITTEN)"; cat log
        cp api.h.orig api.h; bad=1
    fi
    rm -f api.c impl.ad.c impl.ad.h
}
check "-o api.c" impl.c -o api.c
check "-o ./api.c" impl.c -o ./api.c
check "-MF api.h" impl.c -MF api.h
"$ccad" impl.c -o impl_out.c > log 2>&1 || { echo "FAIL: a plain run failed"; cat log; bad=1; }
[ $bad -eq 0 ] && echo PASS
exit $bad
