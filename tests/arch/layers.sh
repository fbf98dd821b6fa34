#!/usr/bin/env bash
# tests/arch/layers.sh TOOL_DIR: every stage of tool/ includes only itself
# and stages below it (tool/README.md), so the pipeline's arrows run one way:
#
#   util < diag < ir < front < analysis < transform < emit < driver
#
# (analysis/plan.c, the planning stage, runs after the front end and has it
# check the clauses of composed requests.) Prints each include that runs
# back and fails if there is one.
set -eu
tool=${1:?usage: layers.sh TOOL_DIR}
rank() {
    case $1 in
    util) echo 0 ;; diag) echo 1 ;; ir) echo 2 ;;
    front) echo 3 ;; analysis) echo 4 ;; transform) echo 5 ;; emit) echo 6 ;; driver) echo 7 ;;
    *) echo "" ;;
    esac
}
bad=0 n=0
for f in "$tool"/*/*.[ch] "$tool"/*/*.def; do
    [ -e "$f" ] || continue
    dir=$(basename "$(dirname "$f")")
    me=$(rank "$dir")
    if [ -z "$me" ]; then
        echo "layers: $dir/: a directory without a rank; add it to tests/arch/layers.sh" >&2
        bad=1; continue
    fi
    while IFS= read -r inc; do
        n=$((n + 1))
        to=${inc#../}; to=${to%%/*}
        case $inc in ../*) ;; *) to=$dir ;; esac
        [ "$to" = "$dir" ] && continue
        them=$(rank "$to")
        if [ -z "$them" ] || [ "$them" -ge "$me" ]; then
            echo "layers: ${f#"$tool"/} includes \"$inc\": $dir/ may include only stages below it" >&2
            bad=1
        fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
done
[ "$n" -gt 0 ] || { echo "layers: no #include found under $tool" >&2; exit 1; }
[ $bad = 0 ] && echo "layers: $n includes, none runs back"
exit $bad
