/*
** jac/complex_struct: complex numbers inside structs (a complex field, an
** array of complex fields, next to a double and an int), behind a typedef,
** a file-scope static const complex table, and a static helper returning a
** complex value. grad and jvp of a real energy, jacfwd and jacrev of a
** complex sum. A struct counts as its floating fields in declaration order,
** a complex field as two entries (Re, Im), an array of them element by
** element: Mode = (Re amp, Im amp, freq, Re tab[0], Im tab[0], Re tab[1],
** Im tab[1]). Oracles: central differences on each real word of the
** structs (C11 gives a complex the representation of two reals), the
** dot-product test between jvp and grad, jacrev == jacfwd.
*/
#include <complex.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef double complex cplx;

typedef struct Mode {
    cplx amp;
    double freq;
    cplx tab[2];
    int id;
} Mode;

static const cplx shift[2] = {0.25 + 0.5 * I, -0.5 * I};

static cplx rot(cplx z, double t, int k)
{
    return z * cexp(I * t) + shift[k % 2];
}

double energy(const Mode *m, int n, double t)
{
    double e = 0;
    for (int i = 0; i < n; i++) {
        cplx a = rot(m[i].amp, t * m[i].freq, m[i].id) * m[i].tab[i % 2];
        e += cabs(a) * cabs(a);
    }
    return e;
}

cplx sum(const Mode *m, int n)
{
    cplx s = 0;
    for (int i = 0; i < n; i++)
        s += m[i].amp * m[i].tab[1] + m[i].freq * csin(m[i].tab[0]);
    return s;
}

#pragma ad grad(energy) wrt(m[n], t)
#pragma ad jvp(energy) wrt(m[n], t)
#pragma ad jacfwd(sum) wrt(m[n])
#pragma ad jacrev(sum) wrt(m[n])

#include "complex_struct.ad.h"

enum { NM = 3, K = 7, NI = NM * K + 1 };

/* the 7 real words of a Mode (ints and padding excluded) */
static double *word(Mode *m, int k)
{
    return k < 2 ? (double *)&m->amp + k : k == 2 ? &m->freq : (double *)m->tab + (k - 3);
}

static void energy_flat(void *ctx, const double *x, double *y)
{
    Mode m[NM];
    memcpy(m, ctx, sizeof m);
    for (int i = 0; i < NM; i++)
        for (int k = 0; k < K; k++)
            *word(&m[i], k) = x[i * K + k];
    y[0] = energy(m, NM, x[NM * K]);
}

static void sum_flat(void *ctx, const double *x, double *y)
{
    Mode m[NM];
    memcpy(m, ctx, sizeof m);
    for (int i = 0; i < NM; i++)
        for (int k = 0; k < K; k++)
            *word(&m[i], k) = x[i * K + k];
    cplx s = sum(m, NM);
    y[0] = creal(s);
    y[1] = cimag(s);
}

int main(void)
{
    OracleRng rng = oracle_rng(23);
    Mode m[NM], mb[NM], md[NM];
    double x[NI], v[NI], g[NI], fd[NI];
    for (int i = 0; i < NM; i++) {
        m[i].id = i;
        for (int k = 0; k < K; k++)
            *word(&m[i], k) = x[i * K + k] = oracle_uniform(&rng, -1, 1);
    }
    double t = x[NM * K] = 0.3, tb, e;
    e = energy_grad(m, mb, NM, t, &tb);
    CHECK_CLOSE("energy_grad primal", e, energy(m, NM, t), 1e-15, 0);
    for (int i = 0; i < NM; i++)
        for (int k = 0; k < K; k++)
            g[i * K + k] = *word(&mb[i], k);
    g[NM * K] = tb;
    oracle_fd_grad(energy_flat, m, NI, x, fd);
    CHECK_VEC_CLOSE("energy_grad vs FD", g, fd, NI, ORACLE_RTOL_FD, oracle_fd_atol(e));

    /* dot-product test: jvp along v equals <grad, v> */
    oracle_fill_normal(&rng, v, NI);
    memcpy(md, m, sizeof md);
    for (int i = 0; i < NM; i++)
        for (int k = 0; k < K; k++)
            *word(&md[i], k) = v[i * K + k];
    double ed;
    energy_jvp(m, md, NM, t, v[NM * K], &ed);
    CHECK_CLOSE("energy jvp = <grad, v>", ed, oracle_dot(g, v, NI), 1e-12, 1e-12 * oracle_dot_abs(g, v, NI));

    double jf[2 * NM * K], jr[2 * NM * K], col[2], e1[NM * K];
    sum_jacfwd(m, NM, jf);
    sum_jacrev(m, NM, jr);
    for (int j = 0; j < NM * K; j++) {
        memset(e1, 0, sizeof e1);
        e1[j] = 1.0;
        oracle_fd_jvp(sum_flat, m, NM * K, 2, x, e1, col);
        fd[j] = col[0];
        CHECK_CLOSE("sum jacfwd Im row vs FD", jf[NM * K + j], col[1], ORACLE_RTOL_FD, oracle_fd_atol(2.0));
    }
    CHECK_VEC_CLOSE("sum jacfwd Re row vs FD", jf, fd, NM * K, ORACLE_RTOL_FD, oracle_fd_atol(2.0));
    CHECK_VEC_CLOSE("sum jacrev == jacfwd", jr, jf, 2 * NM * K, 1e-13, 1e-14);
    return oracle_result();
}
