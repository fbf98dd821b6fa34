/*
** grad/recompute: a scratch buffer that a simple kernel rewrites in every
** iteration (GMM's subtract) is recomputed in the backward sweep instead of
** being saved whole; each condition that makes this sound has a function
** that breaks it, where cc-ad must keep saving the buffer:
**   recomputed     center() fills buf, the rest of the body reads it: no
**                  byte blocks on the tape (peak bytes far below one save
**                  per iteration, checked below)
**   partial_if     the kernel writes buf[i] only where x[i] > mu[i]
**   read_before    the body reads buf (the previous iteration's) before
**                  the call
**   counter_arg    the kernel's length argument follows the loop counter,
**                  so it writes a different part of buf in each iteration
**   moving_input   the kernel reads an array the loop changes afterwards
**   moving_array   the same with a local array
**   read_outside   buf is also filled and read before the loop, and read
**                  after it
** Each gradient is checked against central differences and, through vjp
** and jvp, by the dot-product test (oracle_check_*): a buffer recomputed
** where it must not be gives wrong adjoints.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty, ccad_tape_peak_bytes */
#include "ccad_oracle.h"

#define M 6
#define P 9

static void center(int m, const double *x, const double *mu, double *out)
{
    for (int i = 0; i < m; i++)
        out[i] = x[i] - mu[i];
}

static void center_pos(int m, const double *x, const double *mu, double *out)
{
    for (int i = 0; i < m; i++)
        if (x[i] > mu[i])
            out[i] = x[i] - mu[i];
}

static double wsq(int m, const double *v, const double *w)
{
    double s = 0.0;
    for (int i = 0; i < m; i++)
        s += w[i] * v[i] * v[i];
    return s;
}

double recomputed(const double *mu, const double *w, const double *pts)
{
    double *buf = malloc(M * sizeof(double));
    double s = 0.0;
    for (int p = 0; p < P; p++) {
        center(M, &pts[p * M], mu, buf);
        s += log(1.0 + wsq(M, buf, w));
    }
    free(buf);
    return s;
}

double partial_if(const double *mu, const double *w, const double *pts)
{
    double *buf = calloc(M, sizeof(double));
    double s = 0.0;
    for (int p = 0; p < P; p++) {
        center_pos(M, &pts[p * M], mu, buf);
        s += log(1.0 + wsq(M, buf, w));
    }
    free(buf);
    return s;
}

double read_before(const double *mu, const double *w, const double *pts)
{
    double *buf = calloc(M, sizeof(double));
    double s = 0.0;
    for (int p = 0; p < P; p++) {
        s += 0.5 * buf[p % M] * w[0];
        center(M, &pts[p * M], mu, buf);
        s += log(1.0 + wsq(M, buf, w));
    }
    free(buf);
    return s;
}

double counter_arg(const double *mu, const double *w, const double *pts)
{
    double *buf = calloc(M, sizeof(double));
    double s = 0.0;
    for (int p = 0; p < P; p++) {
        center(p % M + 1, &pts[p * M], mu, buf);
        s += log(1.0 + wsq(M, buf, w));
    }
    free(buf);
    return s;
}

double moving_input(const double *mu, const double *w, const double *pts)
{
    double *buf = malloc(M * sizeof(double));
    double *pos = malloc(M * sizeof(double));
    double s = 0.0;
    for (int i = 0; i < M; i++)
        pos[i] = pts[i];
    for (int p = 0; p < P; p++) {
        center(M, pos, mu, buf);
        s += log(1.0 + wsq(M, buf, w));
        for (int i = 0; i < M; i++)
            pos[i] = 0.9 * pos[i] + 0.1 * sin(s + i);
    }
    free(buf);
    free(pos);
    return s;
}

double moving_array(const double *mu, const double *w, const double *pts)
{
    double *buf = malloc(M * sizeof(double));
    double pos[M];
    double s = 0.0;
    for (int i = 0; i < M; i++)
        pos[i] = pts[i];
    for (int p = 0; p < P; p++) {
        center(M, pos, mu, buf);
        s += log(1.0 + wsq(M, buf, w));
        pos[p % M] += 0.1 * sin(s);
    }
    free(buf);
    return s;
}

double read_outside(const double *mu, const double *w, const double *pts)
{
    double *buf = malloc(M * sizeof(double));
    center(M, w, mu, buf);
    double s = 0.1 * wsq(M, buf, buf);
    for (int p = 0; p < P; p++) {
        center(M, &pts[p * M], mu, buf);
        s += log(1.0 + wsq(M, buf, w));
    }
    s += buf[1] * buf[2];
    free(buf);
    return s;
}

#pragma ad grad(recomputed) wrt(mu[M], w[M])
#pragma ad vjp(recomputed) wrt(mu[M], w[M])
#pragma ad jvp(recomputed) wrt(mu[M], w[M])
#pragma ad grad(partial_if) wrt(mu[M], w[M])
#pragma ad vjp(partial_if) wrt(mu[M], w[M])
#pragma ad jvp(partial_if) wrt(mu[M], w[M])
#pragma ad grad(read_before) wrt(mu[M], w[M])
#pragma ad vjp(read_before) wrt(mu[M], w[M])
#pragma ad jvp(read_before) wrt(mu[M], w[M])
#pragma ad grad(counter_arg) wrt(mu[M], w[M])
#pragma ad vjp(counter_arg) wrt(mu[M], w[M])
#pragma ad jvp(counter_arg) wrt(mu[M], w[M])
#pragma ad grad(moving_input) wrt(mu[M], w[M])
#pragma ad vjp(moving_input) wrt(mu[M], w[M])
#pragma ad jvp(moving_input) wrt(mu[M], w[M])
#pragma ad grad(moving_array) wrt(mu[M], w[M])
#pragma ad vjp(moving_array) wrt(mu[M], w[M])
#pragma ad jvp(moving_array) wrt(mu[M], w[M])
#pragma ad grad(read_outside) wrt(mu[M], w[M])
#pragma ad vjp(read_outside) wrt(mu[M], w[M])
#pragma ad jvp(read_outside) wrt(mu[M], w[M])

#include "recompute.ad.h"

static double pts[P * M];

/* Flat wrappers: x = mu | w. */
#define WRAP(F)                                                                          \
    static void F##_f(void *c, const double *x, double *y)                             \
    {                                                                                  \
        (void)c;                                                                       \
        y[0] = F(x, x + M, pts);                                                       \
    }                                                                                  \
    static void F##_j(void *c, const double *x, const double *v, double *y, double *yd) \
    {                                                                                  \
        (void)c;                                                                       \
        y[0] = F##_jvp(x, v, x + M, v + M, pts, yd);                                   \
    }                                                                                  \
    static void F##_v(void *c, const double *x, double *xb, double *w, double *y)      \
    {                                                                                  \
        (void)c;                                                                       \
        y[0] = F##_vjp(x, xb, x + M, xb + M, pts, w[0]);                               \
        w[0] = 0.0;                                                                    \
    }                                                                                  \
    static double F##_g(void *c, const double *x, double *g)                           \
    {                                                                                  \
        (void)c;                                                                       \
        return F##_grad(x, g, x + M, g + M, pts);                                      \
    }

WRAP(recomputed)
WRAP(partial_if)
WRAP(read_before)
WRAP(counter_arg)
WRAP(moving_input)
WRAP(moving_array)
WRAP(read_outside)

#define CHECK(F)                                                                        \
    do {                                                                                \
        OracleProblem p = {#F, 2 * M, 1, F##_f, F##_j, F##_v, ccad_tape_empty, 0, 0};   \
        oracle_check_jvp(&p, NULL, x, &rng, 2, 2 * M);                                   \
        oracle_check_vjp(&p, NULL, x, &rng, 2, 2 * M);                                   \
        oracle_check_grad(&p, NULL, x, F##_g, 2 * M);                                    \
    } while (0)

int main(void)
{
    OracleRng rng = oracle_rng(11);
    double x[2 * M], g[2 * M];
    oracle_fill_uniform(&rng, pts, P * M, -1.0, 1.0);
    oracle_fill_uniform(&rng, x, M, -0.5, 0.5);          /* mu */
    oracle_fill_uniform(&rng, x + M, M, 0.5, 1.5);       /* w > 0 */
    CHECK(recomputed);
    CHECK(partial_if);
    CHECK(read_before);
    CHECK(counter_arg);
    CHECK(moving_input);
    CHECK(moving_array);
    CHECK(read_outside);

    /* Saving buf would put P blocks of M doubles on the byte tape at once;
    ** recomputed keeps at most a few scalars there. */
    ccad_tape_reset_peak();
    recomputed_grad(x, g, x + M, g + M, pts);
    size_t peak = ccad_tape_peak_bytes();
    CHECK_TRUE("recomputed: buf not saved (peak tape bytes < one block per iteration)",
               peak < (size_t)P * M * sizeof(double) / 2);
    ccad_tape_reset_peak();
    read_outside_grad(x, g, x + M, g + M, pts);
    CHECK_TRUE("read_outside: buf saved (peak tape bytes >= one block per iteration)",
               ccad_tape_peak_bytes() >= (size_t)P * M * sizeof(double));
    return oracle_result();
}
