#!/bin/sh
# OPEN (probe9): WRONGLY REFUSED / BAD DIAGNOSTIC (build integration):
# two targets of one CMakeLists.txt that both compile model.c (a library
# and its test program, an app and a benchmark: ordinary CMake practice)
# cannot both call ccad_generate(... SOURCES model.c): both calls add a
# custom command for ${CMAKE_CURRENT_BINARY_DIR}/model.ad.c, and CMake's
# generate step fails with its own internal message
#   CMake Error at .../ccadGenerate.cmake:134 (add_custom_command):
#     Attempt to add a custom rule to output .../model.ad.c.rule
#     which already has a custom rule.
# Expected: each target gets the derivative sources (outputs kept apart, e.g.
# in a per-target directory, or the second call reusing the first's rule
# when the requests agree), or at least a message from ccad_generate saying
# what to do. ccad_generate already guards two sources of one name within
# one call, but not across calls. Contract section 6: "find_package(ccad)
# and a function ccad_generate(...) let a CMake project generate and
# compile derivative sources as part of its build".
# Run: sh tests/fuzz/open/cmake_two_targets_one_source.sh [BUILD_DIR]
#   (BUILD_DIR defaults to build; it installs into a temporary prefix.)
# Passes (exit 0) once both targets build and run.
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-$root/build}
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
echo PASS
