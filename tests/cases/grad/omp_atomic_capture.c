// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* Stream compaction with '#pragma omp atomic capture' on an integer counter
** (slot = count++;, and the other forms: v = ++x, v = x += e with v of a
** wider type, and the structured {v = x; x += e;}), followed by an active store at the captured
** slot. The capture carries no derivative, so every mode keeps it as
** written (forward mode atomic in the team; reverse mode runs the loop on
** one thread, with a note). It used to be refused with a message naming
** 'atomic', which is supported. Oracles: central differences of the
** functions (sums of the compacted values: the order of the slots does not
** matter), at 3 threads. */
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

/* pairs: two slots per kept element (x += 2), ones after a pre-increment */
double forms(const double *x, int n)
{
    double out[2 * N + 2] = {0}, ones[N + 1] = {0};
    int count = 0, last = 0, k;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        int a;
        long b;  /* captured with a conversion */
        if (x[i] < 0.5) {
#pragma omp atomic capture
            { a = count; count += 2; }
            out[a] = x[i] * x[i];
            out[a + 1] = cos(x[i]);
        } else if (x[i] < 0.8) {
#pragma omp atomic capture
            b = ++last;
            ones[b] = exp(0.1 * x[i]);
        } else {
#pragma omp atomic capture
            b = last += 1;
            ones[b] = x[i] * exp(0.1 * x[i]);
        }
    }
    double s = 0;
    for (k = 0; k < count; k++) s += out[k] * out[k];
    for (k = 1; k <= last; k++) s += ones[k];
    return s;
}

#pragma ad grad(compact) wrt(x[n])
#pragma ad jvp(compact) wrt(x[n])
#pragma ad grad(forms) wrt(x[n])
#pragma ad jvp(forms) wrt(x[n])
#pragma ad jacfwd(forms) wrt(x[n])

#include "omp_atomic_capture.ad.h"

static void flat(void *ctx, const double *x, double *y) { y[0] = ctx ? forms(x, N) : compact(x, N); }

int main(void)
{
    omp_set_num_threads(3);
    double x[N], g[N], gfd[N], hfd[N], v[N], J[N], yd;
    for (int i = 0; i < N; i++) { x[i] = cos(1.3 * i + 0.2); v[i] = sin(i); }
    oracle_fd_grad(flat, 0, N, x, gfd);
    oracle_fd_grad(flat, (void *)1, N, x, hfd);
    for (int r = 0; r < 5; r++) {
        CHECK_CLOSE("compact grad primal", compact_grad(x, g, N), compact(x, N), 1e-12, 1e-14);
        CHECK_VEC_CLOSE("compact grad", g, gfd, N, 1e-6, 1e-8);
        compact_jvp(x, v, N, &yd);
        CHECK_CLOSE("compact jvp", yd, oracle_dot(gfd, v, N), 1e-6, 1e-8);
        CHECK_CLOSE("forms grad primal", forms_grad(x, g, N), forms(x, N), 1e-12, 1e-14);
        CHECK_VEC_CLOSE("forms grad", g, hfd, N, 1e-6, 1e-8);
        forms_jvp(x, v, N, &yd);
        CHECK_CLOSE("forms jvp", yd, oracle_dot(hfd, v, N), 1e-6, 1e-8);
        forms_jacfwd(x, N, J);
        CHECK_VEC_CLOSE("forms jacfwd", J, hfd, N, 1e-6, 1e-8);
    }
    return oracle_result();
}
