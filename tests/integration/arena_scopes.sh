#!/usr/bin/env bash
# arena_scopes.sh BUILD_DIR SOURCE_DIR CCAD_EXE
#
# Reverse mode's silent builds (phase 1, the trial builds, a callee's dry
# run) give their IR back when they end (xnode_scope_* in tool/util). A
# node that outlived its scope would be read as zeros. With
# CCAD_ARENA_CHECK=1 the pages of an ended scope are made inaccessible
# instead, so such a read faults. Checks, for every case of tests/cases/
# that asks for a reverse-mode result (vjp, grad, jacrev, hessian, hvp),
# with the includes the case harness gives:
#   1. cc-ad exits with the same status with and without the check;
#   2. it writes the same FILE.ad.c and FILE.ad.h.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
integration_init arena_scopes "$@"

cases=$(grep -l -E '#pragma ad (vjp|grad|jacrev|hessian|hvp)' "$source_dir"/tests/cases/*/*.c)
n=0
for c in $cases; do
    stem=$(basename "$(dirname "$c")")_$(basename "$c" .c)
    flags=(-- -std=c11 -I "$source_dir/include" -I "$source_dir/tests/oracle" -I "$(dirname "$c")")
    mkdir -p "$work/plain/$stem" "$work/check/$stem"
    set +e
    (cd "$work/plain/$stem" && "$ccad" -o out.ad.c "$c" "${flags[@]}" > log 2>&1)
    rc1=$?
    (cd "$work/check/$stem" && CCAD_ARENA_CHECK=1 "$ccad" -o out.ad.c "$c" "${flags[@]}" > log 2>&1)
    rc2=$?
    set -e
    n=$((n + 1))
    if [ "$rc1" != "$rc2" ]; then
        check_bad "$stem: exit $rc1, with CCAD_ARENA_CHECK=1 exit $rc2"
        show "$work/check/$stem/log"
    elif [ "$rc1" = 0 ] && ! { cmp -s "$work/plain/$stem/out.ad.c" "$work/check/$stem/out.ad.c" &&
                                cmp -s "$work/plain/$stem/out.ad.h" "$work/check/$stem/out.ad.h"; }; then
        check_bad "$stem: the generated files differ with CCAD_ARENA_CHECK=1"
    fi
done
[ "$n" -gt 100 ] || check_bad "only $n reverse-mode cases found"
check_ok "$n reverse-mode cases: same exit status and output with the scopes' pages inaccessible"
finish
