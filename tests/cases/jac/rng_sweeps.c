/* jac/rng_sweeps: drivers over a function that draws noise from a
** generator of this file (a global integer state, advanced by an inactive
** helper). The drivers run f once per sweep (jacrev: a vjp per row, as
** f writes a global; jacfwd past 8 columns; hessian past 16; sparse: the
** pattern's sweeps, the colours' and the check sweep), so each sweep
** would draw other numbers and the matrix would mix the Jacobians of
** different calls. They save the globals f writes (analysis/globals.c's
** glob_writes) before the first sweep and put them back before each later
** one, as they do in-out memory, and leave them as the last sweep left
** them: as after one call of f.
** Oracles: central differences of f with the generator reset to the same
** seed at every evaluation (the Jacobian of f as called once); hessian:
** differences of the gradient, likewise; the sparse values against the
** dense jacrev; the generator's state after each driver against one call
** of f. Before, 29 jacrev and 8 jacfwd entries were wrong. */
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

/* scalar: sum_i cos(x_i x_{i+1} + noise_i) */
double energy(const double *x, int n)
{
    double e = 0.0;
    for (int i = 0; i < n; i++)
        e += cos(x[i] * x[(i + 1) % n] + draw());
    return e;
}

#pragma ad jacrev(step) wrt(x[n]) out(y[n])
#pragma ad jacfwd(step) wrt(x[n]) out(y[n]) name(step_fwd)
#pragma ad jacrev(step) wrt(x[n]) out(y[n]) sparse name(step_sparse)
#pragma ad grad(energy) wrt(x[n])
#pragma ad hessian(energy) wrt(x[n])

#include "rng_sweeps.ad.h"

static int NN;
static void V(void *c, const double *x, double *y) { (void)c; seed = 99; step(x, y, NN); }
static void G(void *c, const double *x, double *g) { (void)c; seed = 7; energy_grad(x, g, NN); }

/* the generator's state after one call of f from seed 99 */
static unsigned int after_one(const double *x)
{
    double y[12];
    seed = 99;
    step(x, y, NN);
    return seed;
}

int main(void)
{
    OracleRng rng = oracle_rng(371);
    for (NN = 6; NN <= 12; NN += 6) {
        double x[12], J[144], Jf[144], y[12];
        oracle_fill_uniform(&rng, x, NN, -1, 1);
        unsigned int once = after_one(x);
        seed = 99;
        step_jacrev(x, y, NN, J);
        CHECK_EQ_INT("jacrev: the generator as after one call", (long)seed, (long)once);
        seed = 99;
        step_fwd(x, y, NN, Jf);
        CHECK_EQ_INT("jacfwd: the generator as after one call", (long)seed, (long)once);
        for (int rep = 0; rep < 2; rep++) {  /* pattern and values, then values and the check sweep */
            ccad_csr S = {0};
            seed = 99;
            step_sparse(x, y, NN, &S);
            if (rep) {
                seed = 99;
                step_sparse(x, y, NN, &S);
            }
            CHECK_EQ_INT("sparse jacrev: the generator as after one call", (long)seed, (long)once);
            double D[144] = {0};
            for (int i = 0; i < NN; i++)
                for (int k = S.rowptr[i]; k < S.rowptr[i + 1]; k++) D[i * NN + S.col[k]] = S.val[k];
            CHECK_VEC_CLOSE("sparse jacrev = dense", D, J, NN * NN, 1e-12, 1e-14);
            ccad_csr_free(&S);
        }
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
    /* hessian: 20 columns, two sweeps of 16 lanes */
    NN = 20;
    double x[20], H[400], g[20], g2[20];
    oracle_fill_uniform(&rng, x, NN, -1, 1);
    seed = 7;
    energy(x, NN);
    unsigned int once = seed;
    seed = 7;
    energy_hessian(x, NN, H);
    CHECK_EQ_INT("hessian: the generator as after one call", (long)seed, (long)once);
    for (int j = 0; j < NN; j++) {
        double e[20] = {0}, col[20];
        e[j] = 1;
        oracle_fd_jvp(G, NULL, NN, NN, x, e, col);
        for (int i = 0; i < NN; i++) CHECK_CLOSE("hessian", H[i * NN + j], col[i], 1e-6, 1e-8);
    }
    seed = 7;
    energy_grad(x, g, NN);
    seed = 7;
    G(NULL, x, g2);
    CHECK_VEC_CLOSE("grad reruns alike", g, g2, NN, 0, 0);
    return oracle_result();
}
