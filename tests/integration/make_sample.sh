#!/usr/bin/env bash
# make_sample.sh BUILD_DIR SOURCE_DIR CCAD_EXE
#
# A plain-make user of an installed cc-ad (issue 5, items 2, 4 and 7):
# cmake --install into a fresh temporary prefix, then
# samples/make-integration, copied out of the source tree, built with
# `make -j4` with only PATH=<prefix>/bin and PKG_CONFIG_PATH=<prefix>/lib/
# pkgconfig pointing at the install, and run. Then, incremental builds:
#   - nothing changed: `make -q` says up to date, `make` does nothing;
#   - model.c touched, its content unchanged: cc-ad runs, finds model.ad.c
#     and model.ad.h unchanged and does not rewrite them, but brings their
#     time past model.c's (make has no restat: left older, every later make
#     would run cc-ad again); the next make does nothing;
#   - a header model.c includes touched: model.ad.c is out of date (the
#     depfile lists the header) and make runs cc-ad;
#   - that header's content changed so that the derivative changes: cc-ad
#     rewrites model.ad.c, model.ad.o is recompiled, the program passes its
#     finite-difference check (a stale derivative would not).
# After a run of cc-ad that found an output unchanged, the next make runs
# nothing (before probe9's fix it ran cc-ad again on every make).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
integration_init make_sample "$@"

for tool in make pkg-config; do
    if ! command -v "$tool" > /dev/null; then
        echo "$name: SKIPPED: '$tool' is not installed (scripts/setup.sh installs it)"
        exit 77
    fi
done

prefix=$work/prefix
install_prefix "$prefix"

mk=$work/make-integration
cp -R "$source_dir/samples/make-integration" "$mk"

# Only the install: cc-ad from PATH, ccad.pc from PKG_CONFIG_PATH. A make
# running this test (make test) must not hand its flags or jobserver down.
export PATH="$prefix/bin:$PATH" PKG_CONFIG_PATH="$pcdir"
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES || true
[ "$(command -v cc-ad)" = "$prefix/bin/cc-ad" ] ||
    fail "cc-ad on PATH is $(command -v cc-ad), not $prefix/bin/cc-ad"
mk_run() { # LOG ARGS...: make in $mk
    local log=$1
    shift
    run_logged "$log" make -C "$mk" --no-print-directory "CC=$CC" "$@"
}
# ran_ccad LOG / compiled LOG OBJ / linked LOG: what a make run did.
ran_ccad() { grep -q '^cc-ad model\.c ' "$1"; }
compiled() { grep -q -- "-o $2 " "$1"; }
linked() { grep -q -- '-o app ' "$1"; }

# --- first build, in parallel: cc-ad runs once for both outputs.
mk_run "$work/make1.log" -j4
[ "$rc" -eq 0 ] || fail "make -j4 failed"
n=$(grep -c '^cc-ad model\.c ' "$work/make1.log" || true)
if [ "$n" -eq 1 ]; then
    check_ok "make -j4 ran cc-ad once for model.ad.c and model.ad.h"
else
    check_bad "make -j4 ran cc-ad $n times (want 1: the pattern rule's two targets come from one run)"
fi
for f in model.ad.c model.ad.h model.ad.d app; do
    [ -f "$mk/$f" ] || fail "make -j4 did not produce $f"
done
must "$work/run1.log" "$mk/app"
grep -q 'gradient check: ok' "$work/run1.log" || fail "app did not report 'gradient check: ok'"
check_ok "built with make -j4 against the install, and ran"

# --- nothing changed
mk_run "$work/make-q1.log" -q
if [ "$rc" -eq 0 ]; then check_ok "make -q: up to date"; else check_bad "make -q after a full build: exit $rc, want 0"; fi
mk_run "$work/make2.log"
if ran_ccad "$work/make2.log" || grep -q -- ' -c ' "$work/make2.log" || linked "$work/make2.log"; then
    check_bad "make with nothing changed did some work"
else
    check_ok "make with nothing changed does nothing"
fi

# --- model.c touched, content unchanged
sleep 1
touch "$mk/model.c"
t_c=$(mtime "$mk/model.ad.c") t_h=$(mtime "$mk/model.ad.h")
t_ado=$(mtime "$mk/model.ad.o") t_o=$(mtime "$mk/model.o")
mk_run "$work/make3.log" -j4
[ "$rc" -eq 0 ] || fail "make -j4 after touching model.c failed"
if ran_ccad "$work/make3.log"; then check_ok "touching model.c re-runs cc-ad"; else check_bad "touching model.c did not re-run cc-ad"; fi
if [ "$(mtime "$mk/model.ad.c")" != "$t_c" ] && [ "$(mtime "$mk/model.ad.h")" != "$t_h" ] &&
   [ ! "$mk/model.c" -nt "$mk/model.ad.c" ] && [ ! "$mk/model.c" -nt "$mk/model.ad.h" ]; then
    check_ok "cc-ad brought the unchanged model.ad.c and model.ad.h past model.c's time"
else
    check_bad "cc-ad left model.ad.c or model.ad.h older than model.c (make would run it forever)"
fi
[ -n "$t_ado" ] || fail "no model.ad.o after the first build"
if [ "$(mtime "$mk/model.o")" != "$t_o" ]; then
    check_ok "model.o was recompiled (model.c is newer)"
else
    check_bad "model.o was not recompiled after touching model.c"
fi
must "$work/run3.log" "$mk/app"

# What the next make does: nothing (model.ad.c and model.ad.h are not older
# than model.c, though their content was not rewritten).
mk_run "$work/make4.log"
if ran_ccad "$work/make4.log" || grep -q -- ' -c ' "$work/make4.log" || linked "$work/make4.log"; then
    check_bad "make after the touch-only rebuild did some work (cc-ad, a compile or a link)"
else
    check_ok "make after the touch-only rebuild does nothing"
fi

# --- a header model.c includes touched: the depfile makes model.ad.c stale
sleep 1
touch "$mk/model.h"
mk_run "$work/make-q5.log" -q model.ad.c
if [ "$rc" -ne 0 ]; then
    check_ok "touching model.h makes model.ad.c out of date (the depfile lists it)"
else
    check_bad "touching model.h leaves model.ad.c up to date: the depfile model.ad.d does not list model.h"
    show "$mk/model.ad.d"
fi
mk_run "$work/make5.log" -j4
[ "$rc" -eq 0 ] || fail "make -j4 after touching model.h failed"
if ran_ccad "$work/make5.log"; then check_ok "make re-ran cc-ad after model.h changed"; else check_bad "make did not re-run cc-ad after model.h changed"; fi

# --- the header's content changes the derivative
sleep 1
sed -i 's/^#define MODEL_L2 0\.1 /#define MODEL_L2 0.25/' "$mk/model.h"
grep -q '^#define MODEL_L2 0.25' "$mk/model.h" || fail "test setup: could not edit MODEL_L2 in the copied model.h"
t_c=$(mtime "$mk/model.ad.c")
mk_run "$work/make6.log" -j4
[ "$rc" -eq 0 ] || fail "make -j4 after editing model.h failed"
if [ "$(mtime "$mk/model.ad.c")" != "$t_c" ] && grep -q '0\.25' "$mk/model.ad.c"; then
    check_ok "model.ad.c was regenerated with the new MODEL_L2"
else
    check_bad "model.ad.c was not regenerated after MODEL_L2 changed in model.h"
fi
if compiled "$work/make6.log" model.ad.o; then check_ok "model.ad.o was recompiled"; else check_bad "model.ad.o was not recompiled after model.ad.c changed"; fi
run_logged "$work/run6.log" "$mk/app"
if [ "$rc" -eq 0 ] && grep -q 'gradient check: ok' "$work/run6.log"; then
    check_ok "the rebuilt app passes its gradient check"
else
    check_bad "the rebuilt app fails its gradient check (stale derivative code?)"
fi
# model.ad.h's content did not change: cc-ad did not rewrite it but brought
# its time past model.h's, so the next make does nothing.
mk_run "$work/make7.log"
if ran_ccad "$work/make7.log" || grep -q -- ' -c ' "$work/make7.log" || linked "$work/make7.log"; then
    check_bad "make after the rebuild did some work (cc-ad, a compile or a link)"
else
    check_ok "make after the rebuild does nothing"
fi

finish
