#!/bin/sh
# integration.header_guard: FILE.ad.h's include guard holds a hash of the
# header's text, so physics/model.ad.h and chem/model.ad.h
# of one program differ and main.c including both compiles with -Werror and
# gets both gradients; a second run gives the same header (the guard is
# deterministic). Before (probe9) both were CCAD_MODEL_AD_H and the second
# header read as empty (implicit declaration of chem_energy_grad).
#     header_guard.sh BUILD_DIR SOURCE_DIR CCAD_EXE
set -eu
ccad=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
inc=$(cd "$2" && pwd)/include
lib=${CCAD_RUNTIME:-$(cd "$1" && pwd)/runtime/libccad.a}
: "${CC:=cc}"
w=$(mktemp -d /tmp/ccad_guard.XXXXXX)
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/physics" "$w/chem"
printf '#include <math.h>\ndouble phys_energy(double x) { return sin(x); }\n#pragma ad grad(phys_energy)\n' > "$w/physics/model.c"
printf '#include <math.h>\ndouble chem_energy(double x) { return cos(x); }\n#pragma ad grad(chem_energy)\n' > "$w/chem/model.c"
"$ccad" "$w/physics/model.c"
"$ccad" "$w/chem/model.c"
cp "$w/chem/model.ad.h" "$w/first.h"
"$ccad" "$w/chem/model.c"
cmp -s "$w/chem/model.ad.h" "$w/first.h" || { echo "FAIL: a second run changed chem/model.ad.h"; exit 1; }
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
  $CC ${CCAD_EXTRA_CFLAGS:-} -std=c11 -Wall -Wextra -Werror -Wno-unknown-pragmas -I"$inc" -c "$s.c" -o "$o.o"
done
$CC ${CCAD_EXTRA_CFLAGS:-} -std=c11 -Wall -Wextra -Werror -I"$inc" -c physics/model.ad.c -o p_ad.o
$CC ${CCAD_EXTRA_CFLAGS:-} -std=c11 -Wall -Wextra -Werror -I"$inc" -c chem/model.ad.c -o c_ad.o
$CC ${CCAD_EXTRA_CFLAGS:-} main.o physics_model.o chem_model.o p_ad.o c_ad.o "$lib" -lm -o app
./app
echo PASS
