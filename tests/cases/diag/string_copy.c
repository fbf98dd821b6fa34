// EXPECT-EXIT: 1
// EXPECT-DIAG: string_copy
// EXPECT-STDERR: FILE:16:5: error: 'snprintf' writes 'x', which carries derivatives, into the string 'buf' that 'atof' parses back
/* A value that carries derivatives formatted into a string and parsed back
 * in the same function (snprintf "%.17g", then atof: serialising a
 * parameter) would come back with no derivative: cc-ad gave d/dx0 = 0 with
 * no word. Now the snprintf is refused; a string only printed (show) is
 * fine. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

double viastr(const double *x)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", x[0]);
    return atof(buf) * x[1];
}

double show(const double *x)
{
    char msg[64];
    snprintf(msg, sizeof msg, "%g", x[0]);
    puts(msg);
    return x[0] * x[1];
}

#pragma ad grad(viastr) wrt(x[2])
#pragma ad grad(show) wrt(x[2])
