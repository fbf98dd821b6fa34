#!/usr/bin/env bash
# cmake_sample.sh BUILD_DIR SOURCE_DIR CCAD_EXE
#
# A CMake user of an installed cc-ad (issue 5, items 1, 2 and 7):
#   1. cmake --install BUILD_DIR --prefix <fresh temporary prefix>;
#   2. samples/cmake-integration, copied out of the source tree, configured
#      with -DCMAKE_PREFIX_PATH=<prefix> (find_package(ccad) must find the
#      installed package), built, and run (gradient vs finite differences);
#   3. a second build does nothing;
#   4. a changed header that model.c includes (through the target's include
#      directories) changes the derivative: the build re-runs cc-ad (the
#      depfile) and the program still agrees with finite differences;
#      one more build does nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
integration_init cmake_sample "$@"

prefix=$work/prefix
install_prefix "$prefix"

src=$work/src
bld=$work/build
cp -R "$source_dir/samples/cmake-integration" "$src"

must "$work/configure.log" cmake -S "$src" -B "$bld" \
    "-DCMAKE_PREFIX_PATH=$prefix" "-DCMAKE_C_COMPILER=$CC"
ccad_dir=$(sed -n 's/^ccad_DIR:PATH=//p' "$bld/CMakeCache.txt")
case "$ccad_dir" in
    "$prefix"/*) check_ok "find_package(ccad) found the installed package ($ccad_dir)" ;;
    *) fail "find_package(ccad) found '$ccad_dir', not the package under $prefix" ;;
esac

# The build runs cc-ad as a build step: the first build generates model.ad.c.
must "$work/build1.log" cmake --build "$bld"
grep -q 'cc-ad model.c' "$work/build1.log" || fail "the build did not run cc-ad on model.c"
for f in model.ad.c model.ad.h model.ad.d; do
    [ -f "$bld/$f" ] || fail "$f (generated, or the depfile) is missing in $bld"
done
must "$work/run1.log" "$bld/chain"
grep -q 'gradient check: ok' "$work/run1.log" || fail "chain did not report 'gradient check: ok'"
check_ok "configured, built and ran against the installed package"

# Nothing changed: nothing is done.
must "$work/build2.log" cmake --build "$bld"
if grep -E -q 'cc-ad model.c|Building C|Linking C' "$work/build2.log"; then
    check_bad "a second build with nothing changed did some work"
else
    check_ok "a second build with nothing changed does nothing"
fi

# A header model.c includes changes, and with it the derivative: the stale
# model.ad.c would fail the finite-difference check.
sleep 1
sed -i 's/^#define CHAIN_GRAVITY 9\.81$/#define CHAIN_GRAVITY 3.71/' "$src/include/chain.h"
grep -q '^#define CHAIN_GRAVITY 3.71$' "$src/include/chain.h" ||
    fail "test setup: could not edit CHAIN_GRAVITY in the copied include/chain.h"
must "$work/build3.log" cmake --build "$bld"
if grep -q 'cc-ad model.c' "$work/build3.log"; then
    check_ok "changing include/chain.h re-runs cc-ad"
else
    check_bad "changing include/chain.h (included by model.c) did not re-run cc-ad: the depfile is not used or does not list it"
fi
if grep -q '3\.71' "$bld/model.ad.c"; then
    check_ok "model.ad.c follows the new CHAIN_GRAVITY"
else
    check_bad "model.ad.c still has the old CHAIN_GRAVITY"
fi
run_logged "$work/run3.log" "$bld/chain"
if [ "$rc" -eq 0 ] && grep -q 'gradient check: ok' "$work/run3.log"; then
    check_ok "the rebuilt chain passes its gradient check"
else
    check_bad "the rebuilt chain fails its gradient check (stale derivative code?)"
fi
must "$work/build4.log" cmake --build "$bld"
if grep -E -q 'cc-ad model.c|Building C|Linking C' "$work/build4.log"; then
    check_bad "the build after the header change is not up to date: another build did some work"
else
    check_ok "one build after the header change, the tree is up to date"
fi

finish
