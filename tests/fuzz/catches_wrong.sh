#!/usr/bin/env bash
# catches_wrong.sh GEN WORKDIR
#
# The checker must catch a wrong derivative: a fixed generated program
# passes as cc-ad writes it, and fails (WRONG) when one line of its
# generated code is changed by 0.1 %:
#   - forward: the first tangent `double v_dot = E;` becomes 1.001 * (E);
#   - reverse: the first adjoint update `x_bar[k] += E;` adds 1.001 * (E)
#     (the first in the text, which may share its line with others);
#   - and, in a program of the scratch and vmap classes, the scratch state
#     fv_jvp leaves and a vmap element's result.
# Environment as run_one.sh.
set -u
gen=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
"$gen" --seed 7 --features none,loops,math,scalar,jacrev --size small --name cw > "$work/cw.c"
status=0
check() { # WANT MUTATION
    v=$(FUZZ_MUTATE_AD=$2 "$here/run_one.sh" "$work/cw.c" "$work/run")
    printf '%-60s -> %s\n' "${2:-(unchanged)}" "$v"
    [ -z "$2" ] || cat "$work/run/mutation.diff"
    case $v in "$1"*) ;; *) echo "catches_wrong: expected $1"; status=1 ;; esac
}
check PASS ''
# (anywhere in a line: short statements of one source line share a line)
check WRONG '0,/\(double [a-z0-9_]*_dot = \)\([^;]*\);/s//\1 1.001 * (\2);/'
check WRONG '0,/\(x_bar\[[^]]*\] += \)\([^;]*\);/s//\1 1.001 * (\2);/'
# the opt-in classes' checks: scratch state a generated function leaves
# (fv_jvp's st off by 0.1 %), a vmap element (fs_vmap's or fs_grad_vmap's
# first result off by 0.1 %)
"$gen" --seed 7 --features none,loops,math,scalar,scratch,vmap --size small --name cw > "$work/cw.c"
check PASS ''
check WRONG '0,/free((void \*)st_dot);/s//st[0] *= 1.001; &/'
check WRONG '0,/\(ret\[b\] = \)\([^;]*\);/s//\1 1.001 * (\2);/'
exit $status
