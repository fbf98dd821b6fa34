/*
** jac/fnptr_targets: calls through function pointers whose possible targets
** are functions of the file (zero edits; "a call through a function
** pointer on floating-point data cannot be differentiated" before):
**  - a local pointer chosen by a condition, double (*g)(double) = k ? sq : cube;
**  - genann's activation: a struct field set by an init function that is
**    not differentiated, net->act(net, sum), with non-static targets;
**  - a file-scope const table of activations, one of them tanh from <math.h>.
** Each call becomes a dispatch on the pointer's value to the derivatives of
** the functions whose address the file takes with the pointer's type.
** Oracles: grad against central differences (h ~ 6e-6, ORACLE_RTOL_FD), jvp
** against grad (1e-12), vjp's dot-product test, jacfwd against grad, the
** hessian against differences of grad.
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

static double sq(double v) { return v * v; }
static double cube(double v) { return v * v * v; }

struct Net;
typedef double (*activation)(const struct Net *net, double a);
typedef struct Net {
    double scale;
    activation act;
} Net;

double act_sigmoid(const Net *net, double a) { return 1.0 / (1.0 + exp(-net->scale * a)); }
double act_linear(const Net *net, double a) { return net->scale * a; }

void net_init(Net *net, int linear)
{
    net->scale = 0.8;
    net->act = linear ? act_linear : act_sigmoid;
}

static double softplus(double v) { return log1p(exp(v)); }

static const struct { const char *name; double (*f)(double); } table[2] = {{"softplus", softplus}, {"tanh", tanh}};

double model(const double *x, int n, int k, const Net *net)
{
    double (*g)(double) = k ? sq : cube;
    double s = 0;
    for (int i = 0; i < n; i++) {
        double a = net->act(net, g(x[i]));
        s += table[(i + k) % 2].f(a * x[(i + 1) % n]);
    }
    return s;
}

#pragma ad grad(model) wrt(x[n])
#pragma ad jvp(model) wrt(x[n])
#pragma ad vjp(model) wrt(x[n])
#pragma ad jacfwd(model) wrt(x[n])
#pragma ad hessian(model) wrt(x[n])

#include "fnptr_targets.ad.h"

enum { N = 5 };

static int k_now;
static Net net_now;

static double f_at(const double *x) { return model(x, N, k_now, &net_now); }

int main(void)
{
    OracleRng rng = oracle_rng(21);
    double x[N], v[N], g[N], fd[N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);
    for (int k = 0; k < 2; k++)
        for (int linear = 0; linear < 2; linear++) {
            k_now = k;
            net_init(&net_now, linear);
            double y = f_at(x);
            CHECK_CLOSE("grad primal", model_grad(x, g, N, k, &net_now), y, 0, 0);
            for (int j = 0; j < N; j++) {
                double xp[N], xm[N];
                memcpy(xp, x, sizeof x);
                memcpy(xm, x, sizeof x);
                double h = oracle_fd_step(x[j], DBL_EPSILON);
                xp[j] += h;
                xm[j] -= h;
                fd[j] = (f_at(xp) - f_at(xm)) / (2 * h);
            }
            CHECK_VEC_CLOSE("grad vs fd", g, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
            double d = 0, b[N] = {0};
            CHECK_CLOSE("jvp primal", model_jvp(x, v, N, k, &net_now, &d), y, 0, 0);
            CHECK_CLOSE("jvp = <grad, v>", d, oracle_dot(g, v, N), ORACLE_RTOL_DOT, 1e-14);
            CHECK_CLOSE("vjp primal", model_vjp(x, b, N, k, &net_now, 2.0), y, 0, 0);
            CHECK_CLOSE("dot test", oracle_dot(b, v, N), 2.0 * d, ORACLE_RTOL_DOT, 1e-14);
            double jac[N], H[N * N];
            CHECK_CLOSE("jacfwd primal", model_jacfwd(x, N, k, &net_now, jac), y, 0, 0);
            CHECK_VEC_CLOSE("jacfwd = grad", jac, g, N, 1e-13, 1e-15);
            CHECK_CLOSE("hessian primal", model_hessian(x, N, k, &net_now, H), y, 0, 0);
            for (int j = 0; j < N; j++) {
                double xp[N], xm[N], gp[N], gm[N], col[N];
                memcpy(xp, x, sizeof x);
                memcpy(xm, x, sizeof x);
                double h = oracle_fd_step(x[j], DBL_EPSILON);
                xp[j] += h;
                xm[j] -= h;
                model_grad(xp, gp, N, k, &net_now);
                model_grad(xm, gm, N, k, &net_now);
                for (int i = 0; i < N; i++) {
                    fd[i] = (gp[i] - gm[i]) / (2 * h);
                    col[i] = H[i * N + j];
                }
                CHECK_VEC_CLOSE("hessian column vs fd", col, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
            }
        }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
