#!/usr/bin/env bash
# bench/gen_lines.sh [CCAD]: how long is the generated code? For each
# sample (samples/*/NAME.c with a NAME.ad.c to make), runs cc-ad (default
# build/tool/cc-ad) into a temporary directory and prints the source's
# lines, FILE.ad.c's lines, how many of them are #line directives, and
# generated lines per source line, with and without --no-line.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
ccad=${1:-$root/build/tool/cc-ad}
[ -x "$ccad" ] || { echo "gen_lines: no cc-ad at $ccad (build it, or pass its path)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-22s %7s %7s %7s %9s %9s\n' sample 'src' 'ad.c' '#line' 'ad/src' 'noline/src'
ts=0 tg=0 tl=0 tn=0
for src in "$root"/samples/*/*.c; do
    name=$(basename "$src" .c)
    [ "$name" = main ] && continue
    grep -q '#pragma ad' "$src" || continue
    out=$tmp/$name.ad.c
    flags=()  # an MPI sample parses with MPI's include directories, as its build does
    if grep -q '<mpi.h>' "$src"; then
        command -v mpicc >/dev/null || { echo "gen_lines: $src needs mpicc (skipped)" >&2; continue; }
        read -ra flags <<< "-- $(mpicc --showme:compile)"
    fi
    "$ccad" "$src" -o "$out" "${flags[@]}" >/dev/null 2>&1 || { echo "gen_lines: cc-ad fails on $src" >&2; continue; }
    "$ccad" --no-line "$src" -o "$tmp/nl_$name.ad.c" "${flags[@]}" >/dev/null 2>&1
    s=$(wc -l < "$src") g=$(wc -l < "$out") l=$(grep -c '^#line' "$out" || true)
    n=$(wc -l < "$tmp/nl_$name.ad.c")
    printf '%-22s %7d %7d %7d %9.2f %9.2f\n' "$(basename "$(dirname "$src")")/$name.c" "$s" "$g" "$l" \
        "$(echo "$g / $s" | bc -l)" "$(echo "$n / $s" | bc -l)"
    ts=$((ts + s)) tg=$((tg + g)) tl=$((tl + l)) tn=$((tn + n))
done
printf '%-22s %7d %7d %7d %9.2f %9.2f\n' total "$ts" "$tg" "$tl" "$(echo "$tg / $ts" | bc -l)" "$(echo "$tn / $ts" | bc -l)"
