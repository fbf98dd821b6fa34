/*
** jac/sparse_unused_lanes: the sparse jacfwd of a float function with a
** scalar input (a gain), 4 columns in a sweep of 8 lanes. The driver
** seeded only the lanes of live sweeps: the scalar's lane buffer
** (float d_a[8], on the stack) kept whatever the stack held in lanes 4 to
** 7, and the sweep computed on that garbage: FE_OVERFLOW or FE_INVALID in
** about 1 run in 50 (the fuzzer's sparse class, seeds 892033 and 905095),
** and a crash for code that traps FP exceptions. Every lane is seeded now,
** zero past the last sweep. Here the stack under the driver is filled
** with 3e38 first, so the old driver overflowed on every run. Oracle: no
** FP exception the function itself does not raise, and the dense jacfwd
** (sparse == dense, values and pattern).
*/
#include <fenv.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

/* a gain times a smooth response, and a cubic of the gain */
void respond(const float *x, float gain, float *y, int n)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++)
        s += sinf(x[i]) * gain;
    y[0] = s * gain * gain;
    y[1] = gain * gain * gain * x[0];
}

#pragma ad jacfwd(respond) wrt(x[n], gain) out(y[2])
#pragma ad jacfwd(respond) wrt(x[n], gain) out(y[2]) sparse name(respond_sp)

#include "sparse_unused_lanes.ad.h"

enum { N = 3, NI = N + 1, M = 2 };

/* leaves 3e38 in the stack the next call's locals take */
__attribute__((noinline)) static float poison_stack(volatile float *sink)
{
    volatile float big[4096];
    for (int i = 0; i < 4096; i++)
        big[i] = 3e38f;
    *sink = big[17];
    return big[4095];
}

int main(void)
{
    float x[N] = {0.3f, -0.7f, 1.1f}, gain = 1.3f, y[M], jd[M * NI];
    respond_jacfwd(x, gain, y, N, jd);
    ccad_csr J = {0};
    for (int call = 0; call < 3; call++) {  /* the pattern, then values twice */
        volatile float sink;
        poison_stack(&sink);
        feclearexcept(FE_ALL_EXCEPT);
        respond_sp(x, gain, y, N, &J);
        int exc = fetestexcept(FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO);
        CHECK_TRUE("no FP exception in the sparse driver", exc == 0);
        float d[M * NI] = {0};
        for (int i = 0; i < J.nrows; i++)
            for (int k = J.rowptr[i]; k < J.rowptr[i + 1]; k++)
                d[i * NI + J.col[k]] = (float)J.val[k];
        CHECK_EQ_INT("rows", J.nrows, M);
        CHECK_EQ_INT("cols", J.ncols, NI);
        for (int t = 0; t < M * NI; t++)
            CHECK_CLOSE("sparse == dense", d[t], jd[t], 1e-6, 1e-7);
    }
    /* closed form of the gain's column of row 1: 3 gain^2 x0 */
    CHECK_CLOSE("d y1 / d gain", jd[1 * NI + N], 3.0 * gain * gain * x[0], 1e-5, 1e-6);
    ccad_csr_free(&J);
    return oracle_result();
}
