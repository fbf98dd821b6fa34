#!/usr/bin/env bash
# Builds cc-ad, its runtime, the tests and the samples, and runs every test.
#   scripts/test.sh              build dir build/      (RelWithDebInfo)
#   scripts/test.sh --sanitize   build dir build-asan/ (AddressSanitizer + UBSan)
#   scripts/test.sh --tsan       build dir build/, only the OpenMP cases under
#                                ThreadSanitizer (clang, LLVM OpenMP + Archer)
# Installs missing Debian packages first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
cmake_args=()
labels=()
case "${1:-}" in
  "") ;;
  --sanitize) build=build-asan; cmake_args=(-DCCAD_SANITIZE=ON) ;;
  --tsan) labels=(-L tsan) ;;
  -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: scripts/test.sh [--sanitize | --tsan]" >&2; exit 2 ;;
esac

scripts/setup.sh
cmake -S . -B "$build" "${cmake_args[@]}"
cmake --build "$build" -j2
if [ ${#labels[@]} -gt 0 ] && [ "$(ctest --test-dir "$build" -N "${labels[@]}" | grep -c 'Test *#')" -eq 0 ]; then
  echo "scripts/test.sh: no tsan tests: they need clang and LLVM's libarcher (libomp-dev)" >&2
  exit 1
fi
ctest --test-dir "$build" --output-on-failure -j2 ${labels[@]+"${labels[@]}"}
