// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** grad/omp_layers: llm.c-style layers with OpenMP loops (matmul with
** '#pragma omp parallel for collapse(2)', layernorm and GELU whose
** iterations keep values for the backward sweep, a loss with private
** temporaries and reduction(+:)). grad, vjp and jvp are checked
** against central differences and each other (dot-product test), and the
** gradient under 1, 2 and 4 threads against the 1-thread one (equal up to
** the reassociation of sums).
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

#define B 2
#define T 3
#define C 4
#define OC 5

void matmul_forward(double *out, const double *inp, const double *weight, const double *bias, int b_, int t_, int c_,
                    int oc_)
{
#pragma omp parallel for collapse(2)
    for (int b = 0; b < b_; b++) {
        for (int t = 0; t < t_; t++) {
            double *out_bt = out + b * t_ * oc_ + t * oc_;
            const double *inp_bt = inp + b * t_ * c_ + t * c_;
            for (int o = 0; o < oc_; o++) {
                double val = bias[o];
                const double *wrow = weight + o * c_;
                for (int i = 0; i < c_; i++) {
                    val += inp_bt[i] * wrow[i];
                }
                out_bt[o] = val;
            }
        }
    }
}

/* llm.c's layernorm_forward, with its mean and rstd caches */
void layernorm_forward(double *out, double *mean, double *rstd, const double *inp, const double *weight,
                       const double *bias, int b_, int t_, int c_)
{
    double eps = 1e-5;
#pragma omp parallel for collapse(2)
    for (int b = 0; b < b_; b++) {
        for (int t = 0; t < t_; t++) {
            const double *x = inp + b * t_ * c_ + t * c_;
            double m = 0.0;
            for (int i = 0; i < c_; i++) {
                m += x[i];
            }
            m = m / c_;
            double v = 0.0;
            for (int i = 0; i < c_; i++) {
                double xshift = x[i] - m;
                v += xshift * xshift;
            }
            v = v / c_;
            double s = 1.0 / sqrt(v + eps);
            double *out_bt = out + b * t_ * c_ + t * c_;
            for (int i = 0; i < c_; i++) {
                double n = (s * (x[i] - m));
                double o = n * weight[i] + bias[i];
                out_bt[i] = o;
            }
            mean[b * t_ + t] = m;
            rstd[b * t_ + t] = s;
        }
    }
}

/* llm.c's gelu_forward */
#define GELU_SCALING_FACTOR sqrt(2.0 / 3.14159265358979323846)
void gelu_forward(double *out, const double *inp, int n)
{
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double x = inp[i];
        double cube = 0.044715 * x * x * x;
        out[i] = 0.5 * x * (1.0 + tanh(GELU_SCALING_FACTOR * (x + cube)));
    }
}

double loss(const double *inp, const double *lnw, const double *lnb, const double *weight, const double *bias,
            double scale)
{
    double ln[B * T * C], mean[B * T], rstd[B * T], h[B * T * C], out[B * T * OC];
    layernorm_forward(ln, mean, rstd, inp, lnw, lnb, B, T, C);
    gelu_forward(h, ln, B * T * C);
    matmul_forward(out, h, weight, bias, B, T, C, OC);
    double s = 0.0, d;
    int n = B * T * OC;
#pragma omp parallel for private(d) reduction(+:s) schedule(static)
    for (int i = 0; i < n; i++) {
        d = scale * out[i] - 0.5;
        s += d * d;
    }
    return s / n;
}

#pragma ad grad(loss) wrt(inp[B*T*C], lnw[C], lnb[C], weight[OC*C], bias[OC], scale)
#pragma ad vjp(loss) wrt(inp[B*T*C], lnw[C], lnb[C], weight[OC*C], bias[OC], scale)
#pragma ad jvp(loss) wrt(inp[B*T*C], lnw[C], lnb[C], weight[OC*C], bias[OC], scale)

#include "omp_layers.ad.h"

enum { NI = B * T * C, NL = C, NW = OC * C, NB = OC, N = NI + 2 * NL + NW + NB + 1 };
#define ARGS(p) p, p + NI, p + NI + NL, p + NI + 2 * NL, p + NI + 2 * NL + NW
#define BOTH(p, g) p, g, p + NI, g + NI, p + NI + NL, g + NI + NL, p + NI + 2 * NL, g + NI + 2 * NL, \
                   p + NI + 2 * NL + NW, g + NI + 2 * NL + NW

static double eval(const double *p) { return loss(ARGS(p), p[N - 1]); }

static void gradient(const double *p, double *g)
{
    memset(g, 0, sizeof(double) * N);
    loss_grad(BOTH(p, g), p[N - 1], &g[N - 1]);
}

int main(void)
{
    OracleRng r = oracle_rng(14);
    double p[N], g1[N], g[N], v[N];
    oracle_fill_normal(&r, p, N);
    oracle_fill_normal(&r, v, N);
    omp_set_num_threads(1);
    gradient(p, g1);
    /* central differences */
    for (int k = 0; k < N; k++) {
        double h = cbrt(2.2e-16) * fmax(1.0, fabs(p[k])), q[N];
        memcpy(q, p, sizeof q);
        q[k] = p[k] + h;
        double fp = eval(q);
        q[k] = p[k] - h;
        double fm = eval(q);
        CHECK_CLOSE("grad vs fd", g1[k], (fp - fm) / (2 * h), 1e-6, 1e-8);
    }
    int threads[3] = {1, 2, 4};
    for (int t = 0; t < 3; t++) {
        omp_set_num_threads(threads[t]);
        gradient(p, g);
        for (int k = 0; k < N; k++) CHECK_CLOSE("grad threads", g[k], g1[k], 1e-12, 1e-14);
        /* jvp against the gradient: <g, v> */
        double d;
        double y = loss_jvp(BOTH(p, v), p[N - 1], v[N - 1], &d);
        CHECK_CLOSE("jvp value", y, eval(p), 1e-12, 0);
        CHECK_CLOSE("jvp . grad", d, oracle_dot(g1, v, N), 1e-10, 1e-12);
        /* vjp with a seed of 2 accumulates 2 g */
        double a[N];
        memset(a, 0, sizeof a);
        loss_vjp(BOTH(p, a), p[N - 1], &a[N - 1], 2.0);
        for (int k = 0; k < N; k++) CHECK_CLOSE("vjp", a[k], 2 * g1[k], 1e-12, 1e-14);
    }
    return oracle_result();
}
