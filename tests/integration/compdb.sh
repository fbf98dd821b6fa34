#!/usr/bin/env bash
# compdb.sh BUILD_DIR SOURCE_DIR CCAD_EXE [joined|separate|noentry]
#
# cc-ad -p DIR: FILE.c's flags from DIR/compile_commands.json (issue 5,
# item 3). The project (written into a temporary directory) needs them to
# parse: model.c includes "gain.h" from inc/ (-I inc, a path relative to the
# entry's "directory") and stops with #error unless SCALE is defined
# (-D SCALE=3); gain.h's GAIN macro, used in the differentiated function,
# is (0.5 * SCALE). So the gradient of sum GAIN x_i^2 + BIAS x_i is
# SCALE x_i + BIAS, which the test program checks (BIAS is 0 unless cfg.h
# is pre-included). cc-ad always runs from another directory than the
# entry's, with an absolute path to model.c.
#
# joined (default): databases as CMake and bear write them for flags spelled
#   -DSCALE=3 -Iinc:
#     - by hand, a "command" string (CMake's form) with a relative "file";
#     - by hand, an "arguments" list (bear's form) with an absolute "file";
#     - written by CMake itself (CMAKE_EXPORT_COMPILE_COMMANDS=ON);
#     - written by bear from a make run (when bear is installed);
#   then: without -p, cc-ad fails on the missing header; flags after -- are
#   appended to the entry's; a missing database, a missing directory, a
#   malformed database (located, with a caret) and JSON that is not a
#   database are errors in cc-ad's words, exit 1.
# noentry: a database with an entry for another file only: cc-ad warns and
#   uses only the flags after -- (man page, -p), not the other file's flags
#   (which libclang's database would otherwise infer for model.c).
# separate: "arguments" lists whose options take their value as the next
#   argument, as bear writes them for a Makefile that says so, one at a time:
#   -D SCALE=3;  -I inc;  -include cfg.h (relative to "directory", defines
#   BIAS 0.25, as CMake's precompiled headers use -include);  -x c.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
integration_init compdb "${@:1:3}"
variant=${4:-joined}
name=compdb-$variant
case "$variant" in joined|separate|noentry) ;; *) fail "unknown variant '$variant'" ;; esac

runtime=${CCAD_RUNTIME:-}
if [ -z "$runtime" ]; then
    runtime=$(find "$build_dir/runtime" -name libccad.a | head -n 1)
fi
[ -f "$runtime" ] || fail "runtime library not found (set CCAD_RUNTIME): '$runtime'"
include_dir=$source_dir/include
extra_cflags=${CCAD_EXTRA_CFLAGS:-}

# --- the project
proj=$work/proj
mkdir -p "$proj/inc"
cat > "$proj/inc/gain.h" <<'EOF'
/* gain.h: found only with -I inc */
#define GAIN (0.5 * SCALE)
EOF
cat > "$proj/cfg.h" <<'EOF'
/* cfg.h: pre-included with -include cfg.h in some databases */
#define BIAS 0.25
EOF
cat > "$proj/model.c" <<'EOF'
#include "gain.h"
#ifndef SCALE
#error "SCALE is not defined: compile with -DSCALE=..."
#endif
#ifndef BIAS
#define BIAS 0.0
#endif

#pragma ad grad(energy) wrt(x[n])
double energy(const double *x, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += GAIN * x[i] * x[i] + BIAS * x[i];
    return s;
}
EOF
cat > "$proj/main.c" <<'EOF'
#include <math.h>
#include <stdio.h>
#include "model.ad.h"
/* EXPECT_SCALE, EXPECT_BIAS: what the parse of model.c should have seen. */
int main(void) {
    double x[3] = {1.0, 2.0, -1.5}, g[3];
    energy_grad(x, g, 3);
    int ok = 1;
    for (int i = 0; i < 3; i++) {
        double want = EXPECT_SCALE * x[i] + EXPECT_BIAS;
        printf("d energy / d x[%d] = %g (want %g)\n", i, g[i], want);
        if (fabs(g[i] - want) > 1e-12) ok = 0;
    }
    return ok ? 0 : 1;
}
EOF

# Run everything from a directory that is not the project's, so relative
# paths in a database only work when taken relative to its "directory".
elsewhere=$work/elsewhere
mkdir -p "$elsewhere"
cd "$elsewhere"

# write_db DIR JSON-ENTRY: DIR/compile_commands.json with one entry.
write_db() {
    mkdir -p "$1"
    printf '[\n  %s\n]\n' "$2" > "$1/compile_commands.json"
}

# try LABEL DBDIR SCALE BIAS [CCAD-ARGS...]: cc-ad -p DBDIR model.c, compile
# the generated code with main.c (with the flags the entry has), run it:
# the gradient must be SCALE x + BIAS. Records one check.
ntry=0
try() {
    local label=$1 db=$2 scale=$3 bias=$4
    shift 4
    ntry=$((ntry + 1))
    local out=$work/out$ntry
    mkdir -p "$out"
    echo "== $label"
    show "$db/compile_commands.json" "$db/compile_commands.json"
    run_logged "$out/ccad.log" "$ccad" -p "$db" "$proj/model.c" -o "$out/model.ad.c" "$@"
    if [ "$rc" -ne 0 ]; then
        check_bad "$label: cc-ad -p failed (exit $rc)"
        return 0
    fi
    local pre=()
    [ "$bias" = 0 ] || pre=(-include "$proj/cfg.h")
    # shellcheck disable=SC2086 # extra_cflags is a list of flags
    run_logged "$out/cc.log" "$CC" -std=c11 $extra_cflags -DSCALE="$scale" "${pre[@]}" \
        -I "$proj/inc" -I "$proj" -I "$out" -I "$include_dir" \
        -DEXPECT_SCALE="$scale" -DEXPECT_BIAS="$bias" \
        "$proj/main.c" "$out/model.ad.c" "$runtime" -lm -o "$out/prog"
    if [ "$rc" -ne 0 ]; then
        check_bad "$label: the generated code does not compile"
        return 0
    fi
    run_logged "$out/run.log" "$out/prog"
    if [ "$rc" -eq 0 ]; then
        check_ok "$label: gradient = $scale x + $bias, as the flags say"
    else
        check_bad "$label: wrong gradient (want $scale x + $bias): cc-ad did not parse model.c with the expected flags"
    fi
}

if [ "$variant" = joined ]; then
    # CMake's form: one "command" string, "file" relative to "directory".
    write_db "$work/db-command" "{ \"directory\": \"$proj\", \"command\": \"/usr/bin/cc -DSCALE=3 -Iinc -O2 -o obj/model.c.o -c model.c\", \"file\": \"model.c\" }"
    try '"command" string, relative -Iinc and "file"' "$work/db-command" 3 0

    # bear's form: "arguments", absolute "file", an "output".
    write_db "$work/db-arguments" "{ \"arguments\": [\"/usr/bin/cc\", \"-DSCALE=3\", \"-Iinc\", \"-c\", \"-o\", \"model.o\", \"model.c\"], \"directory\": \"$proj\", \"file\": \"$proj/model.c\", \"output\": \"$proj/model.o\" }"
    try '"arguments" list, relative -Iinc' "$work/db-arguments" 3 0

    # Written by CMake itself.
    cat > "$proj/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.20)
project(compdb_model LANGUAGES C)
add_library(model OBJECT model.c)
target_include_directories(model PRIVATE inc)
target_compile_definitions(model PRIVATE SCALE=3)
EOF
    must "$work/cmake.log" cmake -S "$proj" -B "$work/cmake-build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
        "-DCMAKE_C_COMPILER=$CC"
    try 'compile_commands.json written by CMake' "$work/cmake-build" 3 0

    # Written by bear from a make run.
    if command -v bear > /dev/null && command -v make > /dev/null; then
        # shellcheck disable=SC2016 # $(CC) is make's
        printf 'model.o: model.c\n\t$(CC) -DSCALE=3 -Iinc -c model.c -o model.o\n' > "$proj/Makefile"
        mkdir -p "$work/bear"
        run_logged "$work/bear.log" env -u MAKEFLAGS -u MAKELEVEL \
            bear --output "$work/bear/compile_commands.json" -- make -C "$proj" "CC=$CC" model.o
        if [ "$rc" -eq 0 ] && grep -q model.c "$work/bear/compile_commands.json" 2> /dev/null; then
            try 'compile_commands.json written by bear' "$work/bear" 3 0
        else
            echo "$name: note: bear did not record the compilation here; its case is skipped"
        fi
    else
        echo "$name: note: bear or make is not installed; its case is skipped"
    fi

    # Without -p, the parse fails: the header is not on the include path.
    out=$work/nop
    mkdir -p "$out"
    run_logged "$out/ccad.log" "$ccad" "$proj/model.c" -o "$out/model.ad.c"
    if [ "$rc" -eq 1 ] && grep -q "error:.*gain.h" "$out/ccad.log" && [ ! -e "$out/model.ad.c" ]; then
        check_ok "without -p: exit 1, an error about gain.h, nothing written"
    else
        check_bad "without -p: want exit 1, an error naming gain.h and no output (got exit $rc)"
    fi

    # Flags after -- are appended to the entry's: the entry has -Iinc only.
    write_db "$work/db-partial" "{ \"directory\": \"$proj\", \"command\": \"cc -Iinc -c model.c\", \"file\": \"model.c\" }"
    try 'flags after -- appended to the entry (-Iinc from the database, -DSCALE=3 after --)' \
        "$work/db-partial" 3 0 -- -DSCALE=3

    # No database at all.
    mkdir -p "$work/db-none"
    run_logged "$work/nodb.log" "$ccad" -p "$work/db-none" "$proj/model.c" -o "$work/db-none/model.ad.c"
    if [ "$rc" -eq 1 ] && grep -q "error:.*compile_commands.json" "$work/nodb.log"; then
        check_ok "missing compile_commands.json: exit 1 and an error naming it"
    else
        check_bad "missing compile_commands.json: want exit 1 and an error naming it (got exit $rc)"
    fi
    # in cc-ad's words only: libclang's own lines ("LIBCLANG TOOLING ERROR",
    # "YAML:1:5: error") used to come first, and a malformed database gave
    # a parser message and exit 0
    no_raw() {
        if grep -q -e 'LIBCLANG' -e '^YAML' -e 'json-compilation-database' "$1"; then
            check_bad "$2: libclang's raw messages on stderr"
        else
            check_ok "$2: only cc-ad's messages"
        fi
    }
    no_raw "$work/nodb.log" "missing compile_commands.json"
    run_logged "$work/nodir.log" "$ccad" -p "$work/no-such-dir" "$proj/model.c" -o "$work/db-none/model.ad.c"
    if [ "$rc" -eq 1 ] && grep -q "error: -p .*no-such-dir: no such directory" "$work/nodir.log"; then
        check_ok "-p of a missing directory: exit 1 and an error saying so"
    else
        check_bad "-p of a missing directory: want exit 1 and 'no such directory' (got exit $rc)"
    fi
    no_raw "$work/nodir.log" "-p of a missing directory"

    # A malformed database: an error at its line and column, with a caret.
    # EXPECT-DIAG: db_bad_json
    mkdir -p "$work/db-bad"
    printf '[\n  { "directory": "%s", "command": "cc -DSCALE=3 -Iinc -c model.c" "file": "model.c" }\n]\n' "$proj" \
        > "$work/db-bad/compile_commands.json"
    run_logged "$work/bad.log" "$ccad" -p "$work/db-bad" "$proj/model.c" -o "$work/db-bad/model.ad.c"
    if [ "$rc" -eq 1 ] && grep -q "^$work/db-bad/compile_commands.json:2:[0-9]*: error: compile_commands.json is not valid JSON" "$work/bad.log" \
        && grep -q '^ *^$' "$work/bad.log" && [ ! -e "$work/db-bad/model.ad.c" ]; then
        check_ok "malformed compile_commands.json: exit 1, an error at its line with a caret, nothing written"
    else
        check_bad "malformed compile_commands.json: want exit 1 and a located error (got exit $rc)"
    fi
    no_raw "$work/bad.log" "malformed compile_commands.json"

    # Valid JSON that is not a database (an object, not an array).
    # EXPECT-DIAG: db_unusable
    mkdir -p "$work/db-object"
    printf '{ "directory": "%s" }\n' "$proj" > "$work/db-object/compile_commands.json"
    run_logged "$work/object.log" "$ccad" -p "$work/db-object" "$proj/model.c" -o "$work/db-object/model.ad.c"
    if [ "$rc" -eq 1 ] && grep -q "error: cannot use .*compile_commands.json' as a compilation database: expected array" "$work/object.log"; then
        check_ok "a JSON object for a database: exit 1 and an error saying what is wrong"
    else
        check_bad "a JSON object for a database: want exit 1 and 'expected array' (got exit $rc)"
    fi
    no_raw "$work/object.log" "a JSON object for a database"
elif [ "$variant" = noentry ]; then
    # An entry for another file only: a warning, then only the flags after
    # -- (man page, -p). The other entry's -DBIAS=0.5 must not be used: that
    # would make the gradient 3 x + 0.5.
    write_db "$work/db-other" "{ \"directory\": \"$proj\", \"command\": \"cc -DBIAS=0.5 -DSCALE=3 -Iinc -c other.c\", \"file\": \"other.c\" }"
    try 'no entry for model.c (only one for other.c): the flags after -- only' \
        "$work/db-other" 3 0 -- -DSCALE=3 -I "$proj/inc"
    # EXPECT-DIAG: db_no_entry
    if grep -q "warning:.*has no entry in" "$work/out$ntry/ccad.log"; then
        check_ok "no entry for model.c: cc-ad warns"
    else
        check_bad "no entry for model.c: no 'has no entry' warning"
    fi
else
    write_db "$work/db-D" "{ \"directory\": \"$proj\", \"arguments\": [\"cc\", \"-D\", \"SCALE=3\", \"-Iinc\", \"-c\", \"model.c\"], \"file\": \"model.c\" }"
    try '"-D" "SCALE=3" as two arguments' "$work/db-D" 3 0

    write_db "$work/db-I" "{ \"directory\": \"$proj\", \"arguments\": [\"cc\", \"-DSCALE=3\", \"-I\", \"inc\", \"-c\", \"model.c\"], \"file\": \"model.c\" }"
    try '"-I" "inc" as two arguments' "$work/db-I" 3 0

    write_db "$work/db-include" "{ \"directory\": \"$proj\", \"arguments\": [\"cc\", \"-DSCALE=3\", \"-Iinc\", \"-include\", \"cfg.h\", \"-c\", \"model.c\"], \"file\": \"model.c\" }"
    try '"-include" "cfg.h" (relative to "directory")' "$work/db-include" 3 0.25

    write_db "$work/db-x" "{ \"directory\": \"$proj\", \"arguments\": [\"cc\", \"-x\", \"c\", \"-DSCALE=3\", \"-Iinc\", \"-c\", \"model.c\"], \"file\": \"model.c\" }"
    try '"-x" "c" before the other flags' "$work/db-x" 3 0
fi

finish
