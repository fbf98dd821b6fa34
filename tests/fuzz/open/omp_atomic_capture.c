/* OPEN (probe11): VALID CODE REFUSED, misleading message: stream compaction
** with '#pragma omp atomic capture' on an integer counter (slot = count++;)
** followed by an active store at the captured slot is refused with
** "'#pragma omp atomic' cannot be differentiated; write the work as loops
** ... with 'atomic' updates and 'critical' blocks" -- the message names
** 'atomic', which is supported, not 'atomic capture', and the capture
** carries no derivative (an int). Contract section 4 lists omp atomic
** without restriction. The same program with '#pragma omp critical' before
** the capture passes (grad and jvp against differences, 3 threads).
** Expected: accepted (the capture lowered under a lock, or as an atomic
** capture of the int), or at least a message naming 'atomic capture' and
** advising critical; got: exit 1.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w tests/fuzz/open/omp_atomic_capture.c */
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include <stdlib.h>
#include <omp.h>
#include "ccad_oracle.h"

#define N 30

double compact(const double *x, int n)
{
    double *out = malloc(sizeof(double) * (size_t)n);
    int count = 0;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        if (x[i] > 0.0) {
            int slot;
#pragma omp atomic capture
            slot = count++;
            out[slot] = x[i] * sin(x[i]);
        }
    }
    double s = 0;
    for (int k = 0; k < count; k++) s += out[k] * out[k];
    free(out);
    return s;
}

#pragma ad grad(compact) wrt(x[n])
#pragma ad jvp(compact) wrt(x[n])

#include "omp_atomic_capture.ad.h"

static void flat(void *ctx, const double *x, double *y) { (void)ctx; y[0] = compact(x, N); }

int main(void)
{
    omp_set_num_threads(3);
    double x[N], g[N], gfd[N], v[N], yd;
    for (int i = 0; i < N; i++) { x[i] = cos(1.3 * i + 0.2); v[i] = sin(i); }
    oracle_fd_grad(flat, 0, N, x, gfd);
    for (int r = 0; r < 5; r++) {
        compact_grad(x, g, N);
        CHECK_VEC_CLOSE("grad", g, gfd, N, 1e-6, 1e-8);
        compact_jvp(x, v, N, &yd);
        CHECK_CLOSE("jvp", yd, oracle_dot(gfd, v, N), 1e-6, 1e-8);
    }
    return oracle_result();
}
