/* global_thread_local_extern: globals that f uses are declared in FILE.ad.c
** as FILE.c defines them: a _Thread_local call counter and a GNU __thread
** one (`extern int calls;` did not link: "TLS definition ... mismatches
** non-TLS reference"), a volatile flag, a pointer to const volatile data and
** a volatile double scale (volatile was dropped, a declaration of another
** type). Counters count one per call; gradient against the closed form.
** Contract section 1 (links with FILE.o), section 4 (counters run as often
** as in the original). */
#include <math.h>
#include "ccad_oracle.h"

_Thread_local int calls;
__thread int gcalls;
volatile int flag = 1;
const volatile int lim = 3;
const volatile int *limp = &lim;
volatile double scale = 1.5;

double g(const double *x, int n)
{
    calls++;
    gcalls += flag;
    double s = 0;
    for (int i = 0; i < n && i < *limp; i++)
        s += sin(x[i]) * x[i] * scale;
    return s;
}

#pragma ad grad(g) wrt(x[n])

#include "global_thread_local_extern.ad.h"

int main(void)
{
    double x[3] = {0.3, -0.5, 1.2}, gx[3];
    calls = 0;
    gcalls = 0;
    double v = g_grad(x, gx, 3);
    CHECK_EQ_INT("calls", calls, 1);
    CHECK_EQ_INT("gcalls", gcalls, 1);
    CHECK_CLOSE("value", v, g(x, 3), 0, 0);
    for (int i = 0; i < 3; i++)
        CHECK_CLOSE("grad", gx[i], 1.5 * (cos(x[i]) * x[i] + sin(x[i])), ORACLE_RTOL_EXACT, 0);
    return oracle_result();
}
