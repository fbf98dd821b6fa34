/* chain.h: a chain of CHAIN_N masses on springs, fixed at both ends.
 * CHAIN_STIFFNESS comes from the build (target_compile_definitions in
 * CMakeLists.txt): cc-ad sees it because ccad_generate() passes the target's
 * definitions and include directories to it. */
#ifndef CHAIN_H
#define CHAIN_H

#ifndef CHAIN_STIFFNESS
#error "CHAIN_STIFFNESS is not defined: build with -DCHAIN_STIFFNESS=<k>"
#endif

#define CHAIN_N 5          /* free masses */
#define CHAIN_REST 1.0     /* rest length of each spring */
#define CHAIN_GRAVITY 9.81

double chain_energy(const double *y, int n);

#endif
