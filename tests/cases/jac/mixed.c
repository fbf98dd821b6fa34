/*
** jac/mixed: Jacobians of a function with scalar and array inputs, a
** return value and two output arrays of different sizes:
**     double h(double a, const double *x, double *y, double *z, double b, int n)
**       y_i = a x_i^2 + b x_{i+1 mod n} / (1 + x_i^2)   (i < n)
**       z_0 = sum_i exp(a x_i) , z_1 = prod-like tanh chain
**       return log(1 + sum y_i^2) * b
** Requests (rows follow the out list, columns the wrt list, flattened):
**     jacfwd/jacrev  wrt(a, x[n], b)   out(return, y[n], z[2])
**     jacfwd/jacrev  wrt(x[n], a)      out(z[2], y[n], return)  (other
**                                        orders, b not an input, name())
** Oracles: central differences column by column (ORACLE_RTOL_FD with the
** floor oracle_fd_atol(|out|_inf)), jacfwd = jacrev to rounding, the
** reordered Jacobian is the corresponding permuted block of the full one, and
** every generated function returns h's value and leaves y and z as h does.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static double ratio(double u, double v)
{
    return u / (1.0 + v * v);
}

double h(double a, const double *x, double *y, double *z, double b, int n)
{
    double s = 0.0;
    z[0] = 0.0;
    z[1] = 1.0;
    for (int i = 0; i < n; i++) {
        y[i] = a * x[i] * x[i] + ratio(b * x[(i + 1) % n], x[i]);
        z[0] += exp(a * x[i]);
        if (x[i] > 0.0)
            z[1] = tanh(z[1] * x[i] + b);
        else
            z[1] *= cos(x[i]);
        s += y[i] * y[i];
    }
    return log(1.0 + s) * b;
}

#pragma ad jacfwd(h) wrt(a, x[n], b) out(return, y[n], z[2])
#pragma ad jacrev(h) wrt(a, x[n], b) out(return, y[n], z[2])
#pragma ad jacfwd(h) wrt(x[n], a) out(z[2], y[n], return) name(h_jf_sub)
#pragma ad jacrev(h) wrt(x[n], a) out(z[2], y[n], return) name(h_jr_sub)

#include "mixed.ad.h"

#define N 4
#define NIN (N + 2)  /* a, x[N], b */
#define NOUT (N + 3) /* return, y[N], z[2] */

/* flat form: in = (a, x, b), out = (ret, y, z) */
static void h_flat(void *ctx, const double *in, double *out)
{
    (void)ctx;
    out[0] = h(in[0], in + 1, out + 1, out + 1 + N, in[1 + N], N);
}

int main(void)
{
    OracleRng rng = oracle_rng(11);
    char label[128];
    for (int t = 0; t < 4; t++) {
        double in[NIN], out0[NOUT], y[N], z[2], jf[NOUT * NIN], jr[NOUT * NIN];
        double fd[NOUT * NIN], col[NOUT], e[NIN];
        double sf[NOUT * (N + 1)], sr[NOUT * (N + 1)], want_sub[NOUT * (N + 1)];
        for (int k = 0; k < NIN; k++)
            in[k] = oracle_uniform(&rng, -1.5, 1.5);
        h_flat(NULL, in, out0);
        double a = in[0], b = in[1 + N];
        const double *x = in + 1;

        for (int k = 0; k < NOUT * NIN; k++)
            jf[k] = jr[k] = NAN;
        for (int i = 0; i < N; i++)
            y[i] = 1e300;
        z[0] = z[1] = -1e300;
        double r = h_jacfwd(a, x, y, z, b, N, jf);
        snprintf(label, sizeof label, "point %d h_jacfwd returns h", t);
        CHECK_CLOSE(label, r, out0[0], 0.0, 0.0);
        snprintf(label, sizeof label, "point %d h_jacfwd y, z as h", t);
        CHECK_TRUE(label, memcmp(y, out0 + 1, sizeof y) == 0 && memcmp(z, out0 + 1 + N, sizeof z) == 0);

        for (int i = 0; i < N; i++)
            y[i] = 1e300;
        z[0] = z[1] = -1e300;
        r = h_jacrev(a, x, y, z, b, N, jr);
        snprintf(label, sizeof label, "point %d h_jacrev returns h", t);
        CHECK_CLOSE(label, r, out0[0], 0.0, 0.0);
        snprintf(label, sizeof label, "point %d h_jacrev y, z as h", t);
        CHECK_TRUE(label, memcmp(y, out0 + 1, sizeof y) == 0 && memcmp(z, out0 + 1 + N, sizeof z) == 0);
        CHECK_TRUE("tape empty", ccad_tape_empty());

        double scale = oracle_norm_inf(jf, NOUT * NIN);
        snprintf(label, sizeof label, "point %d jacfwd = jacrev", t);
        CHECK_VEC_CLOSE(label, jf, jr, NOUT * NIN, ORACLE_RTOL_EXACT, 1e-14 * scale);

        for (int j = 0; j < NIN; j++) {
            for (int k = 0; k < NIN; k++)
                e[k] = k == j;
            oracle_fd_jvp(h_flat, NULL, NIN, NOUT, in, e, col);
            for (int i = 0; i < NOUT; i++)
                fd[i * NIN + j] = col[i];
        }
        double atol = oracle_fd_atol(oracle_norm_inf(out0, NOUT));
        snprintf(label, sizeof label, "point %d h_jacfwd vs FD", t);
        CHECK_VEC_CLOSE(label, jf, fd, NOUT * NIN, ORACLE_RTOL_FD, atol);
        snprintf(label, sizeof label, "point %d h_jacrev vs FD", t);
        CHECK_VEC_CLOSE(label, jr, fd, NOUT * NIN, ORACLE_RTOL_FD, atol);

        /* permuted sub-block: rows (z0, z1, y_0..y_{N-1}, ret) = full rows
        ** (1+N, 2+N, 1..N, 0); columns (x_0..x_{N-1}, a) = full (1..N, 0) */
        int rows[NOUT];
        rows[0] = 1 + N;
        rows[1] = 2 + N;
        for (int i = 0; i < N; i++)
            rows[2 + i] = 1 + i;
        rows[NOUT - 1] = 0;
        for (int i = 0; i < NOUT; i++)
            for (int j = 0; j < N + 1; j++)
                want_sub[i * (N + 1) + j] = jf[rows[i] * NIN + (j < N ? 1 + j : 0)];
        r = h_jf_sub(a, x, y, z, b, N, sf);
        snprintf(label, sizeof label, "point %d h_jf_sub returns h", t);
        CHECK_CLOSE(label, r, out0[0], 0.0, 0.0);
        r = h_jr_sub(a, x, y, z, b, N, sr);
        snprintf(label, sizeof label, "point %d h_jr_sub returns h", t);
        CHECK_CLOSE(label, r, out0[0], 0.0, 0.0);
        snprintf(label, sizeof label, "point %d jacfwd wrt(x, a) out(z, y, return) = permuted block", t);
        CHECK_VEC_CLOSE(label, sf, want_sub, NOUT * (N + 1), ORACLE_RTOL_EXACT, 1e-14 * scale);
        snprintf(label, sizeof label, "point %d jacrev wrt(x, a) out(z, y, return) = permuted block", t);
        CHECK_VEC_CLOSE(label, sr, want_sub, NOUT * (N + 1), ORACLE_RTOL_EXACT, 1e-14 * scale);
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    return oracle_result();
}
