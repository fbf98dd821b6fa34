/* OPEN (probe6): silently wrong Jacobian, jacrev (any m when the forward
** sweep is not kept) and jacfwd (n > 8 columns). A function that draws
** noise from a generator of this file (global integer state, declared
** inactive, as the contract allows: "random numbers ... run exactly as
** often as in the original") is re-run once per sweep by the drivers, and
** each sweep draws other numbers: the rows (jacrev) or groups of 8
** columns (jacfwd) of the returned matrix belong to different noise
** realisations, i.e. to different functions. Against central differences
** with the generator reset (the Jacobian of f as called once): jacrev
** wrong at n = 6 and 12 (one backward sweep per row, each a vjp call),
** jacfwd right at n = 6 (one sweep) but wrong at n = 12 (two sweeps of
** 8 columns); hessian and jvp(f_grad) of a scalar version are right (one
** sweep). This program: 29 jacrev and 8 jacfwd entries fail. The
** generator's state also ends advanced once per sweep. The manual's BUGS
** says side effects happen once per sweep, but not that the matrix mixes
** the noise of different calls. Expected: the drivers save the file's
** integer globals (as checkpointed loops do: "counters in global
** variables are part of the state") and put them back before each sweep,
** then leave the final values of one call.
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/drivers_rng_sweeps.c
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

unsigned int seed = 1;

static double draw(void)
{
    seed = seed * 1103515245u + 12345u;
    return (double)((seed >> 8) & 0xffff) / 65536.0;
}
#pragma ad inactive(draw)

void step(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++) {
        double p = x[i] * x[(i + 1) % n] + draw();
        y[i] = sin(p) * x[i];
    }
}

#pragma ad jacrev(step) wrt(x[n]) out(y[n])
#pragma ad jacfwd(step) wrt(x[n]) out(y[n]) name(step_fwd)

#include "drivers_rng_sweeps.ad.h"

static int NN;
static void V(void *c, const double *x, double *y) { (void)c; seed = 99; step(x, y, NN); }

int main(void)
{
    OracleRng rng = oracle_rng(371);
    for (NN = 6; NN <= 12; NN += 6) {
        double x[12], J[144], Jf[144], y[12];
        oracle_fill_uniform(&rng, x, NN, -1, 1);
        seed = 99;
        step_jacrev(x, y, NN, J);
        seed = 99;
        step_fwd(x, y, NN, Jf);
        for (int j = 0; j < NN; j++) {
            double e[12] = {0}, col[12];
            e[j] = 1;
            oracle_fd_jvp(V, NULL, NN, NN, x, e, col);
            for (int i = 0; i < NN; i++) {
                CHECK_CLOSE("jacrev", J[i * NN + j], col[i], 1e-6, 1e-8);
                CHECK_CLOSE("jacfwd", Jf[i * NN + j], col[i], 1e-6, 1e-8);
            }
        }
    }
    return oracle_result();
}
