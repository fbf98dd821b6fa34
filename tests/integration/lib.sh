# shellcheck shell=bash
# tests/integration/lib.sh: helpers sourced by the integration test drivers.
#
# Every driver is called by CTest as
#   DRIVER.sh BUILD_DIR SOURCE_DIR CCAD_EXE [ARGS...]
# (${PROJECT_BINARY_DIR}, ${PROJECT_SOURCE_DIR}, $<TARGET_FILE:cc-ad>) and
# reads, when set, these variables from the test's environment:
#   CC                 the C compiler of the build (default cc)
#   CMAKE_GENERATOR    the generator of the build (CMake reads it itself)
#   CCAD_RUNTIME       the runtime library of the build (libccad.a)
#   CCAD_EXTRA_CFLAGS  flags for compiling and linking programs (sanitizers)
#
# integration_init NAME "$@" sets: name, build_dir, source_dir, ccad, work
# (a fresh temporary directory, removed on exit unless CCAD_KEEP_WORK=1),
# and the functions below.

# The variables set here are used by the drivers that source this file.
# shellcheck disable=SC2034
integration_init() {
    name=$1
    shift
    if [ $# -lt 3 ]; then
        echo "usage: $name.sh BUILD_DIR SOURCE_DIR CCAD_EXE [ARGS...]" >&2
        exit 2
    fi
    build_dir=$(cd "$1" && pwd)
    source_dir=$(cd "$2" && pwd)
    [ -x "$3" ] || fail "cc-ad executable not found: $3"
    ccad=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
    : "${CC:=cc}"
    export CC
    work=$(mktemp -d "${TMPDIR:-/tmp}/ccad-$name.XXXXXX")
    if [ "${CCAD_KEEP_WORK:-0}" = 1 ]; then
        echo "$name: work directory kept: $work"
    else
        trap 'rm -rf "$work"' EXIT
    fi
    nfail=0
}

# fail MESSAGE: stop the test now.
fail() {
    echo "$name: FAILED: $*" >&2
    exit 1
}

# check_ok MESSAGE / check_bad MESSAGE: record one check and go on; call
# finish at the end to turn recorded failures into the exit status.
check_ok()  { echo "$name: ok: $*"; }
check_bad() { echo "$name: FAIL: $*" >&2; nfail=$((nfail + 1)); }
finish() {
    if [ "$nfail" -ne 0 ]; then
        echo "$name: $nfail check(s) FAILED" >&2
        exit 1
    fi
    echo "$name: PASS"
}

# show FILE [LABEL]: print a file indented, for the test log.
show() {
    echo "--- ${2:-$1}:"
    sed 's/^/  | /' "$1"
}

# run_logged LOG CMD...: run CMD with stdout+stderr in LOG (also printed);
# leaves the exit status in $rc and never stops the script.
run_logged() {
    local log=$1
    shift
    echo "+ $*"
    set +e
    "$@" > "$log" 2>&1
    rc=$?
    set -e
    sed 's/^/  | /' "$log"
    [ "$rc" -eq 0 ] || echo "  (exit status $rc)"
}

# must LOG CMD...: as run_logged, but a non-zero status fails the test.
must() {
    local log=$1
    shift
    run_logged "$log" "$@"
    [ "$rc" -eq 0 ] || fail "command failed (exit $rc): $*"
}

# mtime FILE: modification time in nanoseconds.
mtime() { stat -c %.9Y "$1" 2>/dev/null || stat -c %Y "$1"; }

# install_prefix DIR: `cmake --install BUILD_DIR --prefix DIR` and check the
# layout of contract section 6. Sets pcdir (the directory of ccad.pc).
install_prefix() {
    local prefix=$1
    must "$work/install.log" cmake --install "$build_dir" --prefix "$prefix"
    local f
    for f in bin/cc-ad include/ccad.h share/man/man1/cc-ad.1; do
        [ -e "$prefix/$f" ] || fail "not installed: $prefix/$f"
    done
    local pc
    pc=$(find "$prefix" -name ccad.pc -path '*/pkgconfig/*' | head -n 1)
    [ -n "$pc" ] || fail "not installed: $prefix/<libdir>/pkgconfig/ccad.pc"
    pcdir=$(dirname "$pc")
    local libdir
    libdir=$(dirname "$pcdir")
    for f in libccad.a libccad.so cmake/ccad/ccadConfig.cmake \
             cmake/ccad/ccadConfigVersion.cmake cmake/ccad/ccadGenerate.cmake; do
        [ -e "$libdir/$f" ] || fail "not installed: $libdir/$f"
    done
    # ccad.pc is configured at install time: its prefix is this one.
    local pcprefix
    pcprefix=$(sed -n 's/^prefix=//p' "$pc")
    [ "$pcprefix" = "$prefix" ] ||
        fail "installed ccad.pc says prefix=$pcprefix, installed into $prefix"
    echo "$name: installed into $prefix (pkg-config files in $pcdir)"
}
