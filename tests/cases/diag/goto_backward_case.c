// EXPECT-EXIT: 1
// EXPECT-DIAG: goto
// EXPECT-STDERR: FILE:21:22: error: a goto backward
// EXPECT-STDERR: FILE:32:5: error: a goto backward, into a block or a loop, past a case label
/* The gotos cc-ad does not turn into flags (a forward goto to a label of a
 * block that holds it works, grad/goto_forward) or loops (a goto back to a
 * label of its own block, `L: ...; if (c) goto L;`, works,
 * realc/f2c_dlartg_goto_loops): a goto backward from inside a nested loop,
 * and a goto forward in a switch whose skipped statements hold a case
 * label (the guard cc-ad would put around them would hold the case label
 * too). */
#include <math.h>

double back(double x, int n)
{
    double s = x;
    int i = 0;
again:
    s = s * x;
    for (int k = 0; k < 2; k++)
        if (++i < n) goto again;
    return s;
}

double cases(double x, int k)
{
    double s = x;
    switch (k) {
    case 0:
        if (x > 0.5) goto tail;
        s *= 2.0;
    case 1:
        s += sin(x);
    tail:
        s *= x;
        break;
    default:
        s = -x;
    }
    return s;
}

#pragma ad jvp(back) wrt(x)
#pragma ad jvp(cases) wrt(x)
