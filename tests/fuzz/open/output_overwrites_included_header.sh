#!/bin/sh
# OPEN (probe9): BAD DIAGNOSTIC / data loss (build integration): cc-ad
# writes OUT.h over a header that FILE.c includes, i.e. over one of its own
# inputs, without a word:
#     impl.c:  #include "api.h"  ...  #pragma ad grad(f) wrt(x)
#     cc-ad impl.c -o api.c        -> exit 0, the user's api.h is replaced
#                                     by the generated prototypes
# (the same with a layout whose headers live in the output directory:
# cc-ad src/model.c -o include/model.c -- -Iinclude replaces
# include/model.h). The user's source header is lost and the next build
# fails. cc-ad already refuses an output that is FILE.c itself ("An output
# that is the input itself (however its path is written) is a usage error:
# cc-ad never writes over FILE.c", manual -o); a file the preprocessor read
# for FILE.c (the depfile lists them all) is as much an input. Contract
# section 1: "The original file is never modified."
# Expected: a usage error (exit 2) naming the header, and api.h unchanged.
# Run: sh tests/fuzz/open/output_overwrites_included_header.sh [path/to/cc-ad]
set -u
root=$(cd "$(dirname "$0")/../../.." && pwd)
ccad=${1:-$root/build/tool/cc-ad}
w=$(mktemp -d /tmp/ccad_ow.XXXXXX)
trap 'rm -rf "$w"' EXIT
cd "$w"
printf '#pragma once\n/* the user'"'"'s own header */\ntypedef struct P { double k; } P;\n' > api.h
cp api.h api.h.orig
printf '#include "api.h"\ndouble f(const P *p, double x) { return p->k * x * x; }\n#pragma ad grad(f) wrt(x)\n' > impl.c
"$ccad" impl.c -o api.c
rc=$?
if cmp -s api.h api.h.orig && [ "$rc" -ne 0 ]; then echo "PASS (refused, exit $rc)"; exit 0; fi
echo "FAIL: exit $rc, api.h $(cmp -s api.h api.h.orig && echo kept || echo OVERWRITTEN)"
exit 1
