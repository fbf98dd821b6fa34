// EXPECT-EXIT: 1
// EXPECT-DIAG: global_write
// EXPECT-STDERR: FILE:23:
// EXPECT-STDERR: global variable 'G'
/* OPEN (probe11): POOR DIAGNOSTIC: a write of an active value to a global
** through a pointer (a local pointer set to &G, or a helper's out
** parameter called with &G[1], or memcpy into a global buffer) is refused,
** as it must be (contract section 4: writes to active global variables),
** but with the message for shared pointer targets ("'G' is used where
** cc-ad needs its derivative storage, which it does not have: it shares a
** pointer target with data that carries derivatives (cc-ad gives the
** elements of an array of pointers one target, and the pointer fields of a
** struct used untyped ...)"), which names neither the global write nor the
** advice (pass it as a parameter). Expected: global_write at the store (or
** at the &G), as for `G = x * x;`. (probe11 tried giving global_write
** whenever the variable without derivative storage is a global, in
** build.c's tr_no_shadow_error: wrong for diag/struct_mixed_targets, where
** a const table only shares an imprecise pointer target with weights and
** nothing writes it; the check must know that a store reaches the global.)
** Run:
**   bash tests/harness/run_diag.sh build/tool/cc-ad /tmp/w tests/fuzz/open/global_write_via_pointer.c */
#include <math.h>

double G;

double f(double x)
{
    double *gp = &G;
    *gp = x * x;
    return G + sin(x);
}

#pragma ad grad(f)
