#!/bin/sh
# OPEN (probe9): DOES NOT COMPILE (build integration): FILE.ad.h's include
# guard is made of the output's base name only (CCAD_MODEL_AD_H), so two
# generated headers of one program from sources of the same name in
# different directories (physics/model.c, chem/model.c: each with its own
# functions, phys_energy and chem_energy) share a guard. A file including
# both sees the second as empty:
#   main.c: warning: implicit declaration of function 'chem_energy_grad'
# (an error with gcc 14 / clang 16 in C99+ mode; with older compilers the
# call is made as returning int, and the double result is garbage).
# The same happens under CMake with add_subdirectory(physics) and
# add_subdirectory(chem), each calling ccad_generate for its model.c.
# Expected: guards that differ for different outputs (e.g. including a hash
# or the source's path relative to something stable, or #pragma once), so
# main.c compiles warning-free and gets 0.5's gradients right. Contract
# section 3 ("FILE.ad.h can be included on its own") and section 1 (generated
# code links and works in the user's build); same-named sources in
# different directories are ordinary.
# Run: sh tests/fuzz/open/header_guard_same_basename.sh [path/to/cc-ad] [include-dir] [libccad.a]
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
ccad=${1:-$root/build/tool/cc-ad}
inc=${2:-$root/include}
lib=${3:-$root/build/runtime/libccad.a}
w=$(mktemp -d /tmp/ccad_guard.XXXXXX)
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/physics" "$w/chem"
printf '#include <math.h>\ndouble phys_energy(double x) { return sin(x); }\n#pragma ad grad(phys_energy)\n' > "$w/physics/model.c"
printf '#include <math.h>\ndouble chem_energy(double x) { return cos(x); }\n#pragma ad grad(chem_energy)\n' > "$w/chem/model.c"
"$ccad" "$w/physics/model.c"
"$ccad" "$w/chem/model.c"
cat > "$w/main.c" <<'C'
#include <math.h>
#include "physics/model.ad.h"
#include "chem/model.ad.h"
int main(void)
{
    double g1, g2;
    phys_energy_grad(0.5, &g1);
    chem_energy_grad(0.5, &g2);
    return !(fabs(g1 - cos(0.5)) < 1e-15 && fabs(g2 + sin(0.5)) < 1e-15);
}
C
cd "$w"
for s in main physics/model chem/model; do
  o=$(echo "$s" | tr / _)
  cc -std=c11 -Wall -Wextra -Werror -Wno-unknown-pragmas -I"$inc" -c "$s.c" -o "$o.o"
done
cc -std=c11 -Wall -Wextra -Werror -I"$inc" -c physics/model.ad.c -o p_ad.o
cc -std=c11 -Wall -Wextra -Werror -I"$inc" -c chem/model.ad.c -o c_ad.o
cc main.o physics_model.o chem_model.o p_ad.o c_ad.o "$lib" -lm -o app
./app
echo PASS
