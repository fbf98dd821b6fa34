// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/float_mlp_every_mode: a float two-layer network with a softmax
** cross-entropy, written as float C is (tanhf, expf, logf, sqrtf, fmaxf,
** float literals, a double accumulator for the loss, a struct holding the
** weight arrays as fields, a layer helper called at two sites with offsets
** into one parameter buffer), differentiated with grad, vjp, jacfwd, jacrev,
** hessian, hvp, jvp(loss_grad) and vmap(grad(loss)).
** Oracle: the same source instantiated for double (a macro over the type),
** differentiated by central differences in double; float derivatives agree
** with it to float rounding: ORACLE_RTOL_FLOAT_FD (1e-3) relative with an
** absolute floor 1e-4. Between modes of the float code (jacfwd = jacrev,
** hvp = H v) the tolerance is 1e-5 (ORACLE_RTOL_FLOAT_EXACT).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define NIN 3
#define NH 4
#define NOUT 3
#define NPAR (NH * NIN + NH + NOUT * NH + NOUT)

#define DEFINE_NET(T, SUF, TANH, EXP, LOG, SQRT, FMAX)                           \
    typedef struct { T in[NIN]; T h[NH]; } Act##SUF;                           \
    static void layer##SUF(const T *W, const T *b, const T *x, T *y, int n,     \
                           int m, int act)                                     \
    {                                                                          \
        for (int i = 0; i < m; i++) {                                          \
            T s = b[i];                                                        \
            for (int j = 0; j < n; j++) s += W[i * n + j] * x[j];              \
            y[i] = act ? TANH(s) : s;                                          \
        }                                                                      \
    }                                                                          \
    T loss##SUF(const T *p, const T *x, int label)                             \
    {                                                                          \
        Act##SUF a;                                                            \
        T z[NOUT];                                                             \
        for (int i = 0; i < NIN; i++) a.in[i] = x[i] / SQRT(1.0f + x[i] * x[i]); \
        layer##SUF(p, p + NH * NIN, a.in, a.h, NIN, NH, 1);                    \
        layer##SUF(p + NH * NIN + NH, &p[NH * NIN + NH + NOUT * NH], a.h, z,   \
                   NH, NOUT, 0);                                               \
        T mx = z[0];                                                           \
        for (int k = 1; k < NOUT; k++) mx = FMAX(mx, z[k]);                    \
        double se = 0;                                                         \
        for (int k = 0; k < NOUT; k++) se += EXP(z[k] - mx);                   \
        T reg = 0.0f;                                                          \
        for (int i = 0; i < NPAR; i++) reg += 0.01f * p[i] * p[i];             \
        return (T)(LOG((T)se) + mx - z[label]) + reg;                          \
    }                                                                          \
    void logits##SUF(const T *p, const T *x, T *z)                             \
    {                                                                          \
        T h[NH];                                                               \
        layer##SUF(p, p + NH * NIN, x, h, NIN, NH, 1);                         \
        layer##SUF(p + NH * NIN + NH, p + NH * NIN + NH + NOUT * NH, h, z, NH, \
                   NOUT, 0);                                                   \
    }

DEFINE_NET(float, , tanhf, expf, logf, sqrtf, fmaxf)
DEFINE_NET(double, _ref, tanh, exp, log, sqrt, fmax)

#pragma ad grad(loss) wrt(p[NPAR])
#pragma ad hessian(loss) wrt(p[NPAR])
#pragma ad hvp(loss) wrt(p[NPAR])
#pragma ad jvp(loss_grad) wrt(p[NPAR]) out(p_bar[NPAR])
#pragma ad vmap(grad(loss)) wrt(p[NPAR]) batch(x[NIN], label, p_bar[NPAR])
#pragma ad vjp(logits) wrt(p[NPAR], x[NIN]) out(z[NOUT])
#pragma ad jacfwd(logits) wrt(p[NPAR], x[NIN]) out(z[NOUT])
#pragma ad jacrev(logits) wrt(p[NPAR], x[NIN]) out(z[NOUT])

#include "float_mlp_every_mode.ad.h"

typedef struct { double x[NIN]; int label; } Ctx;

static void loss_flat(void *c, const double *p, double *y)
{
    Ctx *k = c;
    y[0] = loss_ref(p, k->x, k->label);
}
static void logits_flat(void *c, const double *z, double *y)
{
    (void)c;
    logits_ref(z, z + NPAR, y);
}

#define NI (NPAR + NIN)

int main(void)
{
    OracleRng r = oracle_rng(4242);
    float p[NPAR], x[NIN] = {0.4f, -0.9f, 1.3f}, v[NPAR];
    double pd[NPAR], vd[NPAR];
    for (int i = 0; i < NPAR; i++) {
        p[i] = (float)oracle_uniform(&r, -0.8, 0.8);
        v[i] = (float)oracle_uniform(&r, -1, 1);
        pd[i] = p[i];
        vd[i] = v[i];
    }
    Ctx c = {{x[0], x[1], x[2]}, 1};

    /* grad vs double fd */
    float g[NPAR];
    double gfd[NPAR], gd[NPAR];
    float f = loss_grad(p, g, x, 1);
    CHECK_CLOSE("grad primal", f, loss(p, x, 1), 0, 0);
    oracle_fd_grad(loss_flat, &c, NPAR, pd, gfd);
    for (int i = 0; i < NPAR; i++) gd[i] = g[i];
    CHECK_VEC_CLOSE("grad vs double fd", gd, gfd, NPAR, ORACLE_RTOL_FLOAT_FD, 1e-4);

    /* hessian vs double fd of a double gradient (fd of fd, h = 1e-4) */
    static float Hm[NPAR * NPAR];
    static double Hd[NPAR * NPAR], Hfd[NPAR * NPAR];
    loss_hessian(p, x, 1, Hm);
    for (int j = 0; j < NPAR; j++) {
        double pp[NPAR], pm[NPAR], gp[NPAR], gm[NPAR], h = 1e-4;
        memcpy(pp, pd, sizeof pp);
        memcpy(pm, pd, sizeof pm);
        pp[j] += h;
        pm[j] -= h;
        oracle_fd_grad(loss_flat, &c, NPAR, pp, gp);
        oracle_fd_grad(loss_flat, &c, NPAR, pm, gm);
        for (int i = 0; i < NPAR; i++) Hfd[i * NPAR + j] = (gp[i] - gm[i]) / (2 * h);
    }
    for (int i = 0; i < NPAR * NPAR; i++) Hd[i] = Hm[i];
    CHECK_VEC_CLOSE("hessian vs double fd", Hd, Hfd, NPAR * NPAR, 1e-3, 1e-3);

    /* hvp and jvp(grad) = H v in float */
    float hv[NPAR], gb[NPAR], gdot[NPAR];
    double Hv[NPAR], hvd[NPAR], gdd[NPAR];
    loss_hvp(p, v, hv, x, 1);
    loss_grad_jvp(p, v, gb, gdot, x, 1);
    for (int i = 0; i < NPAR; i++) {
        Hv[i] = 0;
        for (int j = 0; j < NPAR; j++) Hv[i] += (double)Hm[i * NPAR + j] * vd[j];
        hvd[i] = hv[i];
        gdd[i] = gdot[i];
    }
    CHECK_VEC_CLOSE("hvp = H v", hvd, Hv, NPAR, ORACLE_RTOL_FLOAT_EXACT, 1e-5);
    CHECK_VEC_CLOSE("jvp(grad) = H v", gdd, Hv, NPAR, ORACLE_RTOL_FLOAT_EXACT, 1e-5);

    /* vmap(grad(loss)): batched x and label */
    enum { B = 3 };
    float xs[B * NIN] = {0.4f, -0.9f, 1.3f, -0.2f, 0.5f, 0.1f, 1.1f, 0.0f, -0.7f};
    int labels[B] = {1, 0, 2};
    float pbs[B * NPAR], rets[B];
    loss_grad_vmap(B, p, pbs, xs, labels, rets);
    for (int b = 0; b < B; b++) {
        float gg[NPAR];
        float fb = loss_grad(p, gg, xs + b * NIN, labels[b]);
        CHECK_CLOSE("vmap value", rets[b], fb, 0, 0);
        int same = memcmp(gg, pbs + b * NPAR, sizeof gg) == 0;
        CHECK_TRUE("vmap p_bar bitwise", same);
    }

    /* logits: jacfwd = jacrev, vs double fd, vjp = w^T J */
    static float Jf[NOUT * NI], Jr[NOUT * NI];
    static double Jfd[NOUT * NI], Jd[NOUT * NI], Jrd[NOUT * NI];
    float z[NOUT];
    logits_jacfwd(p, x, z, Jf);
    logits_jacrev(p, x, z, Jr);
    double zd[NI];
    memcpy(zd, pd, sizeof pd);
    for (int i = 0; i < NIN; i++) zd[NPAR + i] = x[i];
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[NOUT];
        e[j] = 1;
        oracle_fd_jvp(logits_flat, NULL, NI, NOUT, zd, e, col);
        for (int i = 0; i < NOUT; i++) Jfd[i * NI + j] = col[i];
    }
    for (int i = 0; i < NOUT * NI; i++) {
        Jd[i] = Jf[i];
        Jrd[i] = Jr[i];
    }
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jd, Jrd, NOUT * NI, ORACLE_RTOL_FLOAT_EXACT, 1e-6);
    CHECK_VEC_CLOSE("jacfwd vs double fd", Jd, Jfd, NOUT * NI, ORACLE_RTOL_FLOAT_FD, 1e-4);
    float pb[NPAR], xb[NIN], w[NOUT] = {0.5f, -1.0f, 2.0f}, ws[NOUT];
    memset(pb, 0, sizeof pb);
    memset(xb, 0, sizeof xb);
    memcpy(ws, w, sizeof ws);
    logits_vjp(p, pb, x, xb, z, ws);
    double vj[NI], want[NI];
    for (int j = 0; j < NI; j++) {
        want[j] = 0;
        for (int i = 0; i < NOUT; i++) want[j] += (double)w[i] * Jr[i * NI + j];
        vj[j] = j < NPAR ? pb[j] : xb[j - NPAR];
    }
    CHECK_VEC_CLOSE("vjp = w^T J", vj, want, NI, ORACLE_RTOL_FLOAT_EXACT, 1e-5);
    return oracle_result();
}
