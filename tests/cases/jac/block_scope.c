// CFLAGS: -std=gnu11 -O3
/*
** jac/block_scope: C as llm.c and gradbench write it, with no edits:
** a constant size `const int LOOP_UNROLL = 4; double acc[LOOP_UNROLL];`
** (a VLA to C; "a length computed in the function" to reverse mode), an
** in-body `enum { K = 3 }`, block-scope typedefs and struct types ("a type
** declared inside a function" before), and glibc's assert() in gnu mode
** (a statement expression before), kept and run once, as in f.
** Oracles: grad against central differences (h ~ 6e-6, ORACLE_RTOL_FD);
** jvp against grad (dot product, 1e-12); vjp's dot-product test; jacfwd
** against grad; hessian against differences of grad.
** Compiled -O3: the forward sweep saves acc[u] before its first write
** (gcc's -Wmaybe-uninitialized before acc started zeroed).
*/
#include <assert.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

double layer(const double *x, const double *w, int n)
{
    const int LOOP_UNROLL = 4;
    enum { K = 3 };
    typedef double real;
    struct pair { real lo, hi; };
    typedef struct pair pair_t;
    assert(n % LOOP_UNROLL == 0);
    real acc[LOOP_UNROLL];
    pair_t span[K];
    for (int k = 0; k < K; k++) {
        span[k].lo = w[k];
        span[k].hi = w[k] * w[k];
    }
    real total = 0;
    for (int i = 0; i < n; i += LOOP_UNROLL) {
        for (int u = 0; u < LOOP_UNROLL; u++)
            acc[u] = tanh(x[i + u] * span[u % K].lo + span[(i + u) % K].hi);
        for (int u = 0; u < LOOP_UNROLL; u++) {
            assert(acc[u] > -1.0 && acc[u] < 1.0);
            total += acc[u] * acc[u];
        }
    }
    return total;
}

#pragma ad grad(layer) wrt(x[n], w[3])
#pragma ad jvp(layer) wrt(x[n], w[3])
#pragma ad vjp(layer) wrt(x[n], w[3])
#pragma ad jacfwd(layer) wrt(x[n], w[3])
#pragma ad hessian(layer) wrt(x[n], w[3])

#include "block_scope.ad.h"

enum { N = 8, M = N + 3 };

static double f_all(const double *z) { return layer(z, z + N, N); }

int main(void)
{
    OracleRng rng = oracle_rng(3);
    double z[M], v[M], g[M], fd[M];
    oracle_fill_uniform(&rng, z, M, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, M, -1.0, 1.0);
    double y = f_all(z);
    CHECK_CLOSE("grad primal", layer_grad(z, g, z + N, g + N, N), y, 0, 0);
    for (int j = 0; j < M; j++) {
        double zp[M], zm[M];
        memcpy(zp, z, sizeof z);
        memcpy(zm, z, sizeof z);
        double h = oracle_fd_step(z[j], DBL_EPSILON);
        zp[j] += h;
        zm[j] -= h;
        fd[j] = (f_all(zp) - f_all(zm)) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad vs fd", g, fd, M, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    double d = 0;
    CHECK_CLOSE("jvp primal", layer_jvp(z, v, z + N, v + N, N, &d), y, 0, 0);
    CHECK_CLOSE("jvp = <grad, v>", d, oracle_dot(g, v, M), ORACLE_RTOL_DOT, 1e-14);
    double b[M] = {0};
    CHECK_CLOSE("vjp primal", layer_vjp(z, b, z + N, b + N, N, 0.5), y, 0, 0);
    CHECK_CLOSE("dot test", oracle_dot(b, v, M), 0.5 * d, ORACLE_RTOL_DOT, 1e-14);
    double jac[M];
    CHECK_CLOSE("jacfwd primal", layer_jacfwd(z, z + N, N, jac), y, 0, 0);
    CHECK_VEC_CLOSE("jacfwd = grad", jac, g, M, 1e-13, 1e-15);
    double H[M * M];
    CHECK_CLOSE("hessian primal", layer_hessian(z, z + N, N, H), y, 0, 0);
    for (int j = 0; j < M; j++) {
        double zp[M], zm[M], gp[M], gm[M], col[M];
        memcpy(zp, z, sizeof z);
        memcpy(zm, z, sizeof z);
        double h = oracle_fd_step(z[j], DBL_EPSILON);
        zp[j] += h;
        zm[j] -= h;
        layer_grad(zp, gp, zp + N, gp + N, N);
        layer_grad(zm, gm, zm + N, gm + N, N);
        for (int i = 0; i < M; i++) {
            fd[i] = (gp[i] - gm[i]) / (2 * h);
            col[i] = H[i * M + j];
        }
        CHECK_VEC_CLOSE("hessian column vs fd", col, fd, M, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
