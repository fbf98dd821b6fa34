#!/usr/bin/env bash
# found by scripts/fuzz-front.sh (every signal and hang of its first 1500
# mutants had one): a statement `h = 0.5 + 0.5 * s + ... ` of K terms.
#     found/front_huge_expr.sh CC-AD [K]
# cc-ad takes 0.7 s at K = 2000, 9 s at K = 10000 (quadratic: a hang past
# the 10 s limit from K ~ 11000) and dies on SIGSEGV at K = 40000 (stack
# overflow, no message); gcc and clang compile the file. Issue 10 item 15
# (front-end robustness): work, or a clean error with a location, exit 1.
ccad=$1 k=${2:-40000}
dir=$(mktemp -d)
{
    echo 'double f(const double *x) { double s = x[0];'
    printf 'double h = 0.5'
    for ((i = 0; i < k; i++)); do printf ' + 0.5 * s'; done
    printf ';\nreturn h; }\n#pragma ad grad(f) wrt(x[1])\n'
} > "$dir/huge.c"
time timeout 60 "$ccad" -o "$dir/huge.ad.c" "$dir/huge.c"
echo "cc-ad exit status $?"
rm -rf "$dir"
