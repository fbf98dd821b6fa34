/*
** jac/compose: requests on generated functions mean what the mathematics
** says. f(a, x, n) is a scalar function of a scalar a and an array x[n]
** (loop, sin, log of a product, exp); z = (a, x) flattened, g = grad f,
** H = hessian f. With directions v = (a_dot, x_dot), w = (a_dot_2, x_dot_2):
**   jvp(f_grad)  out(a_bar[1], x_bar[n])  a_bar, x_bar = g;  *_bar_dot = H v
**   grad(f_jvp)  out(ret_dot[1])          ret_dot = g.v;     a_bar, x_bar = H v
**                                         (overwritten: garbage in)
**   vjp(f_jvp)   out(ret_dot[1])          a_bar, x_bar += s H v for the seed
**                                         s = ret_dot_bar (zero on exit)
**   jacfwd(f_grad)                        = H  (forward over reverse)
**   jvp(f_jvp)   out(ret_dot[1])          ret_dot_dot = w^T H v
**   jacfwd(f_jvp) wrt(a, x, a_dot, x_dot) out(return, ret_dot)
**                                         = [[g^T, 0], [(H v)^T, g^T]]
** The reference H is the hessian request, itself checked here for symmetry
** and against central differences of f_grad (ORACLE_RTOL_FD, as in
** jac/hessian). Everything else must equal H, H v, g, w^T H v computed from
** it to rounding: rtol 1e-12 with an absolute floor 1e-13 times the size of
** the terms (|H|_inf |v|_inf (n+1)). Every composed function also returns f.
** (Reverse over reverse, jacrev(f_grad), is wrong for this f: see
** jac/rev_over_rev.c.disabled.)
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double f(double a, const double *x, int n)
{
    double s = 0.0, p = 1.0;
    for (int i = 0; i < n; i++) {
        s += sin(a * x[i]) * x[(i + 1) % n];
        p *= 1.0 + 0.1 * x[i] * x[i];
    }
    return s * s + a * log(p) + exp(-a * a);
}

#pragma ad grad(f) wrt(a, x[n])
#pragma ad jvp(f) wrt(a, x[n])
#pragma ad hessian(f) wrt(a, x[n])
#pragma ad jvp(f_grad) wrt(a, x[n]) out(a_bar[1], x_bar[n])
#pragma ad grad(f_jvp) wrt(a, x[n]) out(ret_dot[1])
#pragma ad vjp(f_jvp) wrt(a, x[n]) out(ret_dot[1])
#pragma ad jacfwd(f_grad) wrt(a, x[n]) out(a_bar[1], x_bar[n])
#pragma ad jvp(f_jvp) wrt(a, x[n]) out(ret_dot[1])
#pragma ad jacfwd(f_jvp) wrt(a, x[n], a_dot, x_dot[n]) out(return, ret_dot[1])

#include "compose.ad.h"

#define N 4
#define NZ (N + 1)

static double grad_flat(const double *z, double *g)
{
    return f_grad(z[0], &g[0], z + 1, g + 1, N);
}

static void matvec(const double *H, const double *v, double *out)
{
    for (int i = 0; i < NZ; i++) {
        out[i] = 0.0;
        for (int j = 0; j < NZ; j++)
            out[i] += H[i * NZ + j] * v[j];
    }
}

int main(void)
{
    OracleRng rng = oracle_rng(21);
    char label[128];
    for (int t = 0; t < 3; t++) {
        double z[NZ], v[NZ], w[NZ], g[NZ], H[NZ * NZ], Ht[NZ * NZ], fd[NZ * NZ];
        double Hv[NZ], gp[NZ], gm[NZ], zp[NZ];
        z[0] = oracle_uniform(&rng, -1.0, 1.0);
        oracle_fill_uniform(&rng, z + 1, N, -1.5, 1.5);
        oracle_fill_normal(&rng, v, NZ);
        oracle_fill_normal(&rng, w, NZ);
        const double a = z[0], *x = z + 1;
        double f0 = f(a, x, N);

        /* the reference: hessian(f), checked */
        snprintf(label, sizeof label, "point %d f_hessian returns f", t);
        CHECK_CLOSE(label, f_hessian(a, x, N, H), f0, 0.0, 0.0);
        for (int i = 0; i < NZ; i++)
            for (int j = 0; j < NZ; j++)
                Ht[i * NZ + j] = H[j * NZ + i];
        double hs = oracle_norm_inf(H, NZ * NZ);
        snprintf(label, sizeof label, "point %d H symmetric", t);
        CHECK_VEC_CLOSE(label, H, Ht, NZ * NZ, 1e-13, 1e-13 * hs);
        grad_flat(z, g);
        memcpy(zp, z, sizeof zp);
        for (int j = 0; j < NZ; j++) {
            double h = oracle_fd_step(z[j], DBL_EPSILON);
            zp[j] = z[j] + h;
            grad_flat(zp, gp);
            zp[j] = z[j] - h;
            grad_flat(zp, gm);
            zp[j] = z[j];
            for (int i = 0; i < NZ; i++)
                fd[i * NZ + j] = (gp[i] - gm[i]) / (2.0 * h);
        }
        snprintf(label, sizeof label, "point %d H vs FD of f_grad", t);
        CHECK_VEC_CLOSE(label, H, fd, NZ * NZ, ORACLE_RTOL_FD,
                        oracle_fd_atol(fmax(oracle_norm_inf(g, NZ), hs)));
        matvec(H, v, Hv);
        double atol_hv = 1e-13 * hs * oracle_norm_inf(v, NZ) * NZ;
        double atol_g = 1e-14 * fmax(1.0, oracle_norm_inf(g, NZ));

        /* jvp(f_grad) = (g, H v) */
        {
            double ab = NAN, abd = NAN, xb[N], xbd[N], out[NZ], outd[NZ];
            double r = f_grad_jvp(a, v[0], &ab, &abd, x, v + 1, xb, xbd, N);
            snprintf(label, sizeof label, "point %d f_grad_jvp returns f", t);
            CHECK_CLOSE(label, r, f0, 1e-15, 0.0);
            out[0] = ab;
            outd[0] = abd;
            memcpy(out + 1, xb, sizeof xb);
            memcpy(outd + 1, xbd, sizeof xbd);
            snprintf(label, sizeof label, "point %d jvp(f_grad): a_bar, x_bar = grad f", t);
            CHECK_VEC_CLOSE(label, out, g, NZ, 1e-12, atol_g);
            snprintf(label, sizeof label, "point %d jvp(f_grad) = H v", t);
            CHECK_VEC_CLOSE(label, outd, Hv, NZ, 1e-12, atol_hv);
        }
        /* grad(f_jvp) = H v, ret_dot = g.v */
        {
            double ab = 1e300, xb[N], rd = NAN, out[NZ];
            for (int i = 0; i < N; i++)
                xb[i] = -1e300;
            double r = f_jvp_grad(a, &ab, v[0], x, xb, v + 1, N, &rd);
            snprintf(label, sizeof label, "point %d f_jvp_grad returns f", t);
            CHECK_CLOSE(label, r, f0, 1e-15, 0.0);
            snprintf(label, sizeof label, "point %d f_jvp_grad: ret_dot = g.v", t);
            CHECK_CLOSE(label, rd, oracle_dot(g, v, NZ), 1e-12, atol_g * oracle_norm_inf(v, NZ) * NZ);
            out[0] = ab;
            memcpy(out + 1, xb, sizeof xb);
            snprintf(label, sizeof label, "point %d grad(f_jvp) = H v (overwritten)", t);
            CHECK_VEC_CLOSE(label, out, Hv, NZ, 1e-12, atol_hv);
        }
        /* vjp(f_jvp): adds s H v, seed zero on exit */
        {
            double s = -0.75, ab = 1.0, xb[N], rd, rdb = s, out[NZ], want[NZ];
            for (int i = 0; i < N; i++)
                xb[i] = 1.0;
            f_jvp_vjp(a, &ab, v[0], x, xb, v + 1, N, &rd, &rdb);
            out[0] = ab;
            memcpy(out + 1, xb, sizeof xb);
            for (int i = 0; i < NZ; i++)
                want[i] = 1.0 + s * Hv[i];
            snprintf(label, sizeof label, "point %d vjp(f_jvp): bar += s H v", t);
            CHECK_VEC_CLOSE(label, out, want, NZ, 1e-12, atol_hv);
            snprintf(label, sizeof label, "point %d vjp(f_jvp): ret_dot_bar zero on exit", t);
            CHECK_CLOSE(label, rdb, 0.0, 0.0, 0.0);
        }
        /* jacfwd(f_grad) = H */
        {
            double ab, xb[N], J[NZ * NZ];
            snprintf(label, sizeof label, "point %d f_grad_jacfwd returns f", t);
            CHECK_CLOSE(label, f_grad_jacfwd(a, &ab, x, xb, N, J), f0, 1e-15, 0.0);
            snprintf(label, sizeof label, "point %d jacfwd(f_grad) = H", t);
            CHECK_VEC_CLOSE(label, J, H, NZ * NZ, 1e-12, 1e-13 * hs);
        }
        /* jvp(f_jvp): w^T H v */
        {
            double rd = NAN, rdd = NAN;
            double r = f_jvp_jvp(a, w[0], v[0], x, w + 1, v + 1, N, &rd, &rdd);
            snprintf(label, sizeof label, "point %d f_jvp_jvp returns f", t);
            CHECK_CLOSE(label, r, f0, 1e-15, 0.0);
            snprintf(label, sizeof label, "point %d jvp(f_jvp): ret_dot = g.v", t);
            CHECK_CLOSE(label, rd, oracle_dot(g, v, NZ), 1e-12, atol_g * oracle_norm_inf(v, NZ) * NZ);
            snprintf(label, sizeof label, "point %d jvp(f_jvp) = w^T H v", t);
            CHECK_CLOSE(label, rdd, oracle_dot(w, Hv, NZ), 1e-12,
                        atol_hv * oracle_norm_inf(w, NZ) * NZ);
        }
        /* jacfwd(f_jvp) over (z, v) */
        {
            double rd, J[2 * 2 * NZ], want[2 * 2 * NZ];
            for (int j = 0; j < NZ; j++) {
                want[j] = g[j];
                want[NZ + j] = 0.0;
                want[2 * NZ + j] = Hv[j];
                want[3 * NZ + j] = g[j];
            }
            snprintf(label, sizeof label, "point %d f_jvp_jacfwd returns f", t);
            CHECK_CLOSE(label, f_jvp_jacfwd(a, v[0], x, v + 1, N, &rd, J), f0, 1e-15, 0.0);
            snprintf(label, sizeof label, "point %d jacfwd(f_jvp) = [[g, 0], [H v, g]]", t);
            CHECK_VEC_CLOSE(label, J, want, 4 * NZ, 1e-12, atol_hv);
        }
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    return oracle_result();
}
