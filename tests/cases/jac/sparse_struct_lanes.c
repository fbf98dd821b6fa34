/*
** jac/sparse_struct_lanes: the sparse drivers of a function whose vector
** sweep keeps W pointers per parameter (a local struct with floating
** fields is in the way of lane rows): a particle's kinetic and potential
** energy summed into a struct, as physics codes accumulate. The drivers
** handed the runtime the array of lane pointers instead of the lanes'
** storage, which it zeroed and seeded as doubles: a stack overflow and
** wild pointers (found by the fuzzer's sparse class; ASan: a 320-byte
** memset into 64 bytes). Oracle: the dense jacfwd of the same function
** (sparse == dense, pattern and values), and the closed form.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct { double kin, pot; } Energy;

/* y[0] = a * sum 1/2 v_i^2, y[1] = sum (1 - cos x_i), y[2] = y[0] * x[0] */
void energy(const double *v, double a, double *y, int n)
{
    Energy e = {0, 0};
    for (int i = 0; i < n; i++) {
        e.kin += 0.5 * v[i] * v[i];
        e.pot += 1.0 - cos(v[i]);
    }
    y[0] = a * e.kin;
    y[1] = e.pot;
    y[2] = y[0] * v[0];
}

#pragma ad jacfwd(energy) wrt(v[n], a) out(y[3])
#pragma ad jacfwd(energy) wrt(v[n], a) out(y[3]) sparse name(energy_jacfwd_sp)
#pragma ad jacrev(energy) wrt(v[n], a) out(y[3]) sparse name(energy_jacrev_sp)

#include "sparse_struct_lanes.ad.h"

enum { N = 5, NI = N + 1, M = 3 };

static void dense_of(const ccad_csr *J, double *d)
{
    memset(d, 0, sizeof(double) * M * NI);
    CHECK_EQ_INT("rows", J->nrows, M);
    CHECK_EQ_INT("cols", J->ncols, NI);
    for (int i = 0; i < J->nrows; i++)
        for (int k = J->rowptr[i]; k < J->rowptr[i + 1]; k++)
            d[i * NI + J->col[k]] = J->val[k];
}

int main(void)
{
    double v[N] = {0.3, -0.2, 0.5, 0.1, -0.4}, a = 1.7, y[M], jd[M * NI], js[M * NI];
    energy_jacfwd(v, a, y, N, jd);
    /* closed form of row 1: sin v_i; of row 0: a v_i, then kin */
    double kin = 0;
    for (int i = 0; i < N; i++) {
        kin += 0.5 * v[i] * v[i];
        CHECK_CLOSE("d pot / d v_i", jd[1 * NI + i], sin(v[i]), 1e-14, 1e-15);
        CHECK_CLOSE("d a kin / d v_i", jd[0 * NI + i], a * v[i], 1e-14, 1e-15);
    }
    CHECK_CLOSE("d a kin / d a", jd[0 * NI + N], kin, 1e-14, 1e-15);
    for (int k = 0; k < 2; k++) {
        ccad_csr J = {0};
        for (int call = 0; call < 2; call++) {  /* the pattern found, then reused */
            double ys[M];
            if (k == 0)
                energy_jacfwd_sp(v, a, ys, N, &J);
            else
                energy_jacrev_sp(v, a, ys, N, &J);
            dense_of(&J, js);
            CHECK_VEC_CLOSE(k ? "jacrev sparse == dense" : "jacfwd sparse == dense", js, jd, M * NI, 1e-14, 1e-15);
            CHECK_VEC_CLOSE("sparse primal", ys, y, M, 0, 0);
            /* row 1 does not depend on a */
            int has = 0;
            for (int t = J.rowptr[1]; t < J.rowptr[2]; t++)
                has |= J.col[t] == N;
            CHECK_TRUE("no entry (1, a)", !has);
        }
        ccad_csr_free(&J);
    }
    return oracle_result();
}
