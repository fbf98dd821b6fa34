/* OPEN (probe9): DOES NOT COMPILE (link): a file-scope _Thread_local (or
** GNU __thread) variable that a differentiated function uses (a per-thread
** call counter, the usual way to count calls when several user threads
** call f_grad at once) is declared in FILE.ad.c as
**     extern int calls;
** without the thread-local specifier, so the link fails:
**     ld: calls: TLS definition in FILE.o section .tbss mismatches non-TLS
**     reference in FILE.ad.o
** (and a header that declares it `extern _Thread_local int calls;`, if
** FILE.ad.c includes one, gives "non-thread-local declaration of 'calls'
** follows thread-local declaration"). The same respelling drops volatile:
** `volatile int flag;` becomes `extern int flag;`, and
** `const volatile int *p` becomes `extern const int *p` (a type that does
** not match the definition: undefined behaviour, reads may be cached).
** _Atomic is kept. Expected: the declaration keeps the storage-class and
** qualifiers of the definition (extern _Thread_local int calls;), the case
** links and the counter counts 1 per call on each thread. Contract section
** 1: "The generated .ad.c compiles on its own with the same flags and links
** together with the original object file"; section 4: counters, calls that
** carry no derivative "run exactly as often as in the original".
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w tests/fuzz/open/global_thread_local_extern.c */
#include <math.h>
#include "ccad_oracle.h"

_Thread_local int calls;

double g(const double *x, int n)
{
    calls++;
    double s = 0;
    for (int i = 0; i < n; i++)
        s += sin(x[i]) * x[i];
    return s;
}

#pragma ad grad(g) wrt(x[n])

#include "global_thread_local_extern.ad.h"

int main(void)
{
    double x[3] = {0.3, -0.5, 1.2}, gx[3];
    calls = 0;
    double v = g_grad(x, gx, 3);
    CHECK_EQ_INT("calls", calls, 1);
    CHECK_CLOSE("value", v, g(x, 3), 0, 0);
    for (int i = 0; i < 3; i++)
        CHECK_CLOSE("grad", gx[i], cos(x[i]) * x[i] + sin(x[i]), ORACLE_RTOL_EXACT, 0);
    return oracle_result();
}
