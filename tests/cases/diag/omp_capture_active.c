// EXPECT-EXIT: 1
// EXPECT-DIAG: omp_capture_active
// EXPECT-STDERR: FILE:18:13: error: '#pragma omp atomic capture' of a value that carries derivatives cannot be differentiated
/* '#pragma omp atomic capture' is kept as written where it captures a
** counter; capturing a running sum that carries derivatives (a prefix
** sum) is refused, in every mode, with a message naming 'atomic capture'
** and advising a critical block (it used to name 'atomic', which is
** supported). */
// CFLAGS: -fopenmp
#include <math.h>

double prefix(const double *x, double *pre, int n)
{
    double run = 0;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double before;
#pragma omp atomic capture
        before = run += x[i];
        pre[i] = sin(before);
    }
    return run;
}

#pragma ad vjp(prefix) wrt(x[n]) out(pre[n])
#pragma ad jvp(prefix) wrt(x[n]) out(pre[n])
