#!/usr/bin/env bash
# Builds cc-ad, its runtime, the tests and the samples, and runs every test.
#   scripts/test.sh              build dir build/      (RelWithDebInfo)
#   scripts/test.sh --sanitize   build dir build-asan/ (AddressSanitizer + UBSan)
# Installs missing Debian packages first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
cmake_args=()
case "${1:-}" in
  "") ;;
  --sanitize) build=build-asan; cmake_args=(-DCCAD_SANITIZE=ON) ;;
  -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: scripts/test.sh [--sanitize]" >&2; exit 2 ;;
esac

scripts/setup.sh
cmake -S . -B "$build" "${cmake_args[@]}"
cmake --build "$build" -j2
ctest --test-dir "$build" --output-on-failure -j2
