/* OPEN (probe8): SILENTLY WRONG (minor, a corner): an active value written
** into a char buffer by snprintf("%.17g") and read back by atof/strtod (a
** text round trip: parsing a formatted parameter, or serialising state)
** loses its derivative with no diagnostic: grad of atof(buf) * x[1] with
** buf = "%.17g" of x[0] gives d/dx0 = 0, where f is x0 * x1 to the last
** bit (want x1 = 3). snprintf is a function without a body that receives an
** active value and stores what depends on it into memory that is read
** back, and atof returns a floating result computed from that memory.
** Contract section 4: "The tool never emits code that silently computes a
** wrong derivative"; the manual (WHAT IS REJECTED): "calls to functions
** without a body that receive active data ... unless custom_jvp,
** custom_vjp or inactive declares them", and "Calls to external functions
** whose results and pointer arguments are not floating are recognised as
** such by themselves; others need inactive or a custom derivative" (atof's
** result is floating). printf to a stream (output only) rightly runs as is;
** writing into a buffer that flows back should be an error (or a warning)
** at the snprintf, naming inactive/custom_vjp as the fix. Expected: exit 1
** with FILE:LINE:COL at the snprintf (or a right derivative); got exit 0 and
** d/dx0 = 0.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w snprintf_atof_roundtrip.c */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "ccad_oracle.h"

double viastr(const double *x)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", x[0]);
    return atof(buf) * x[1];
}

#pragma ad grad(viastr) wrt(x[2])

#include "snprintf_atof_roundtrip.ad.h"

int main(void)
{
    double x[2] = {0.7, 3.0}, g[2];
    viastr_grad(x, g);
    CHECK_CLOSE("d/dx0", g[0], 3.0, 1e-12, 0);
    CHECK_CLOSE("d/dx1", g[1], 0.7, 1e-12, 0);
    return oracle_result();
}
