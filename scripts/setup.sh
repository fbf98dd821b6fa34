#!/usr/bin/env bash
# Installs the Debian packages cc-ad needs to build and test, if missing.
# Safe to run repeatedly; does nothing when everything is there.
set -euo pipefail
pkgs=(cmake make gcc libc6-dev pkg-config libclang-19-dev check man-db
      libopenmpi-dev openmpi-bin)   # MPI: optional, its tests are skipped without it
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

# The samples' pictures (samples/pln, samples/logistic): PLplot's C API with
# its cairo driver (PNG). Optional: without it the samples build without
# the pictures and say so, so a failed install is only a warning.
opt=(libplplot-dev plplot-driver-cairo)
missing=()
for p in "${opt[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} (pictures of the samples)"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } ||
    echo "setup: warning: could not install ${missing[*]}; the samples will not draw their pictures" >&2
fi
