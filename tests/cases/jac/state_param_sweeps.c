/* jac/state_param_sweeps: drivers over functions that keep state behind a
** pointer parameter in no clause: an optimiser's step counter in a struct
** (Adam's bias correction, o->t++; bc = 1 - pow(beta, o->t)), an int
** field that carries no derivative; a hit count f adds to and reads back
** (hits[i] += 1.0, an unsized double *, and int *c, c[i]++), given with
** its size in scratch(...) (scratch of int data: state without a
** derivative); a struct behind void *, cast to a local pointer as
** cminpack's callbacks do. The drivers run f once per sweep (jacfwd: 8
** columns a sweep past 16; jacrev: a vjp per row, as f writes memory no
** output holds, so no forward sweep is kept on a marked tape; hessian: 16
** columns a sweep; sparse: the pattern's sweeps, then the colours',
** jacfwd and jacrev, and the _pattern function), so each would see the
** state the one before left: the Jacobian of another call (before: jacfwd off by up
** to 24 in columns 8..19, H[19][19] = 10.53 for 20, o->t left at 3). They
** now save what f uses as one object (*p, p->x, p[k], passed on whole)
** or what scratch sizes before the first sweep, put it back before each
** later one and leave it as one call leaves it.
** Oracles: closed forms (the gradient 2 x_i / (1 - beta^t) with t as one
** call sees it; the Hessian's diagonal 2 / (1 - beta)); the state after
** each driver against one call of f; the sparse values against the dense
** ones. */
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Opt { int t; double beta; } Opt;

double corrected(Opt *o, const double *x, int n)
{
    o->t++;
    double bc = 1 - pow(o->beta, o->t);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s / bc;
}

/* a vector output: jacrev takes one row a sweep */
static void bump(Opt *o) { o->t++; }
void corrected_vec(Opt *o, const double *x, double *y, int n)
{
    bump(o);
    double bc = 1 - pow(o->beta, o->t);
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[(i + 1) % n] / bc;
}

double tally(const double *x, double *hits, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) { hits[i] += 1.0; s += hits[i] * x[i] * x[i]; }
    return s;
}

double count(const double *x, int *c, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) { c[i]++; s += c[i] * x[i] * x[i]; }
    return s;
}

typedef struct Data { int nfev; double scale; } Data;
void callback(void *p, const double *x, double *y, int n)
{
    Data *d = (Data *)p;
    ++d->nfev;
    for (int i = 0; i < n; i++)
        y[i] = d->nfev * d->scale * x[i] * x[i];
}

#pragma ad jacfwd(corrected) wrt(x[n]) out(return)
#pragma ad grad(corrected) wrt(x[n])
#pragma ad hessian(corrected) wrt(x[n])
#pragma ad hessian(corrected) wrt(x[n]) sparse name(corrected_hess_sparse)
#pragma ad jacrev(corrected_vec) wrt(x[n]) out(y[n])
#pragma ad jacfwd(corrected_vec) wrt(x[n]) out(y[n])
#pragma ad jacrev(corrected_vec) wrt(x[n]) out(y[n]) sparse name(corrected_vec_sparse)
#pragma ad jacfwd(corrected_vec) wrt(x[n]) out(y[n]) sparse name(corrected_vec_sparse_fwd)
#pragma ad jacfwd(tally) wrt(x[n]) out(return) scratch(hits[n])
#pragma ad jacrev(count) wrt(x[n]) out(return) scratch(c[n])
#pragma ad jacfwd(count) wrt(x[n]) out(return) scratch(c[n])
#pragma ad jacrev(callback) wrt(x[n]) out(y[n])

#include "state_param_sweeps.ad.h"
#define N 20

static void check_vec(void)
{
    double x[N], J[N * N], Jf[N * N], y[N];
    for (int i = 0; i < N; i++) x[i] = 0.1 * i - 0.7;
    Opt o = {0, 0.9};
    corrected_vec_jacrev(&o, x, y, N, J);
    CHECK_EQ_INT("jacrev leaves o->t = 1", o.t, 1);
    o.t = 0;
    corrected_vec_jacfwd(&o, x, y, N, Jf);
    CHECK_EQ_INT("jacfwd (vector output) leaves o->t = 1", o.t, 1);
    double bc = 1 - 0.9;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double w = (j == i ? x[(i + 1) % N] : 0) + (j == (i + 1) % N ? x[i] : 0);
            CHECK_CLOSE("jacrev entry", J[i * N + j], w / bc, 1e-13, 1e-13);
            CHECK_CLOSE("jacfwd entry", Jf[i * N + j], w / bc, 1e-13, 1e-13);
        }
    o.t = 0;
    ccad_csr S = {0};
    corrected_vec_sparse(&o, x, y, N, &S);
    CHECK_EQ_INT("sparse jacrev leaves o->t = 1", o.t, 1);
    for (int i = 0; i < N; i++)
        for (int k = S.rowptr[i]; k < S.rowptr[i + 1]; k++)
            CHECK_CLOSE("sparse jacrev entry", S.val[k], J[i * N + S.col[k]], 1e-13, 1e-13);
    ccad_csr_free(&S);
    o.t = 0;
    ccad_csr F = {0};
    corrected_vec_sparse_fwd(&o, x, y, N, &F);
    CHECK_EQ_INT("sparse jacfwd leaves o->t = 1", o.t, 1);
    for (int i = 0; i < N; i++)
        for (int k = F.rowptr[i]; k < F.rowptr[i + 1]; k++)
            CHECK_CLOSE("sparse jacfwd entry", F.val[k], J[i * N + F.col[k]], 1e-13, 1e-13);
    ccad_csr_free(&F);
    o.t = 0;
    ccad_csr P = {0};
    corrected_vec_sparse_pattern(&o, x, y, N, &P);
    CHECK_EQ_INT("jacrev pattern leaves o->t = 1", o.t, 1);
    CHECK_EQ_INT("jacrev pattern: 2 entries a row", P.nnz, 2 * N);
    ccad_csr_free(&P);
}

int main(void)
{
    double x[N], J[N], g[N], want[N];
    static double H[N * N];
    for (int i = 0; i < N; i++) { x[i] = 0.1 * i; want[i] = 2 * x[i] / (1 - 0.9); }
    Opt o1 = {0, 0.9}, o2 = {0, 0.9}, o3 = {0, 0.9}, o4 = {0, 0.9};
    corrected_grad(&o1, x, g, N);
    CHECK_VEC_CLOSE("grad", g, want, N, 1e-13, 1e-13);
    CHECK_EQ_INT("grad leaves o->t = 1", o1.t, 1);
    corrected_jacfwd(&o2, x, N, J);
    CHECK_VEC_CLOSE("jacfwd", J, want, N, 1e-13, 1e-13);
    CHECK_EQ_INT("jacfwd leaves o->t = 1", o2.t, 1);
    corrected_hessian(&o3, x, N, H);
    for (int i = 0; i < N; i++)
        CHECK_CLOSE("hessian diagonal", H[i * N + i], 2 / (1 - 0.9), 1e-13, 0);
    CHECK_EQ_INT("hessian leaves o->t = 1", o3.t, 1);
    ccad_csr S = {0};
    corrected_hess_sparse(&o4, x, N, &S);
    CHECK_EQ_INT("sparse hessian leaves o->t = 1", o4.t, 1);
    for (int i = 0; i < N; i++)
        for (int k = S.rowptr[i]; k < S.rowptr[i + 1]; k++)
            CHECK_CLOSE("sparse hessian entry", S.val[k], H[i * N + S.col[k]], 1e-13, 1e-13);
    ccad_csr_free(&S);
    check_vec();

    double hits[12] = {0}, Jt[12], wt[12], ones[12];
    for (int i = 0; i < 12; i++) { wt[i] = 2 * x[i]; ones[i] = 1; }
    tally_jacfwd(x, hits, 12, Jt);
    CHECK_VEC_CLOSE("tally jacfwd", Jt, wt, 12, 1e-13, 1e-13);
    CHECK_VEC_CLOSE("tally leaves hits as one call", hits, ones, 12, 0, 0);
    int c[N] = {0}, c2[N] = {0};
    double Jc[N], Jc2[N];
    count_jacrev(x, c, N, Jc);
    count_jacfwd(x, c2, N, Jc2);
    double wc[N];
    for (int i = 0; i < N; i++) wc[i] = 2 * x[i];
    CHECK_VEC_CLOSE("count jacrev", Jc, wc, N, 1e-13, 1e-13);
    CHECK_VEC_CLOSE("count jacfwd", Jc2, wc, N, 1e-13, 1e-13);
    for (int i = 0; i < N; i++) {
        CHECK_EQ_INT("count jacrev leaves c as one call", c[i], 1);
        CHECK_EQ_INT("count jacfwd leaves c as one call", c2[i], 1);
    }
    Data d = {0, 0.5};
    double y[N], Jd[N * N];
    callback_jacrev(&d, x, y, N, Jd);
    CHECK_EQ_INT("callback: one evaluation counted", d.nfev, 1);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            CHECK_CLOSE("callback jacrev", Jd[i * N + j], i == j ? 2 * 0.5 * x[i] : 0, 1e-13, 1e-13);
    return oracle_result();
}
