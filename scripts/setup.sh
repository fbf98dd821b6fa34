#!/usr/bin/env bash
# Installs the Debian packages cc-ad needs to build and test, if missing.
# Safe to run repeatedly; does nothing when everything is there.
set -euo pipefail
pkgs=(cmake make gcc libc6-dev pkg-config libclang-19-dev check man-db)
# the ThreadSanitizer job (scripts/test.sh --tsan): clang and LLVM OpenMP with Archer
pkgs+=(clang libomp-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
