#!/bin/sh
# integration.cmake_two_targets: two targets of one CMakeLists.txt calling
# ccad_generate(... SOURCES model.c) on the same source both build and run:
# the first gets BIN/model.ad.c, the second its own BIN/ccad_app_test/
# model.ad.c (parsed with its own flags). A third call for a target that
# already generates model.c is refused by a ccad_generate message. Before
# (probe9) CMake failed with its own "already has a custom rule" error.
#     cmake_two_targets.sh BUILD_DIR SOURCE_DIR CCAD_EXE
set -eu
build=$1
w=$(mktemp -d /tmp/ccad_cm2.XXXXXX)
trap 'rm -rf "$w"' EXIT
cmake --install "$build" --prefix "$w/prefix" >/dev/null
mkdir -p "$w/p"
cat > "$w/p/model.c" <<'C'
double energy(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  return s;
}
#pragma ad grad(energy) wrt(x[n])
C
cat > "$w/p/main.c" <<'C'
#include "model.ad.h"
int main(void) {
  double x[2] = {1, 2}, g[2];
  energy_grad(x, g, 2);
  return !(g[0] == 2 && g[1] == 4);
}
C
cat > "$w/p/CMakeLists.txt" <<'C'
cmake_minimum_required(VERSION 3.20)
project(p C)
find_package(ccad 0.1 REQUIRED)
add_executable(app main.c model.c)
ccad_generate(app SOURCES model.c)
add_executable(app_test main.c model.c)
ccad_generate(app_test SOURCES model.c)
C
cmake -S "$w/p" -B "$w/b" -DCMAKE_PREFIX_PATH="$w/prefix" >/dev/null
cmake --build "$w/b" >/dev/null
"$w/b/app" && "$w/b/app_test"
[ -f "$w/b/model.ad.c" ] && [ -f "$w/b/ccad_app_test/model.ad.c" ] || { echo "FAIL: outputs not where expected"; exit 1; }
echo 'ccad_generate(app_test SOURCES model.c)' >> "$w/p/CMakeLists.txt"
if cmake -S "$w/p" -B "$w/b" -DCMAKE_PREFIX_PATH="$w/prefix" > "$w/log" 2>&1; then
    echo "FAIL: a second ccad_generate(app_test SOURCES model.c) was accepted"; exit 1
fi
grep -q 'ccad_generate(app_test): model.c is already generated' "$w/log" || { echo "FAIL: no ccad_generate message"; cat "$w/log"; exit 1; }
echo PASS
