/*
** jac/hessian_alloc_helper: hessian of a loss whose residual helper gets
** its work matrix from a helper that allocates it (gradbench hand.c's
** get_new_empty_matrix, then a resize that mallocs the data).
** Regression: in the hessian's jvp-of-grad sweep, the split helper's
** forward sweep handed the allocated adjoint struct on through the tape
** (ccad_push_p) without its tangent, so obj_bwd_jvp wrote through a null
** pointer (SIGSEGV; realc/hand_helpers the same). A pointer f_fwd pushes
** now marks its memory as carrying derivatives, as a pop does in f_bwd
** (activity.c, pushed_pointer_effects).
** Oracle: central differences of the gradient.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad_oracle.h"

typedef struct {
    int n;
    double *data;
} Mat;

static Mat *newempty(void)
{
    Mat *m = malloc(sizeof *m);
    m->n = 0;
    m->data = NULL;
    return m;
}

static void resize(Mat *m, int n)
{
    if (m->n != n) {
        free(m->data);
        m->data = malloc((size_t)n * sizeof(double));
        m->n = n;
    }
}

static void delmat(Mat *m)
{
    free(m->data);
    free(m);
}

static void fill(Mat *m, const double *x, int n)
{
    resize(m, n);
    for (int i = 0; i < n; i++)
        m->data[i] = sin(x[i]) * x[i];
}

static void obj(const double *x, int n, double *err)
{
    Mat *m = newempty();
    fill(m, x, n);
    for (int i = 0; i < n; i++)
        err[i] = 1.0 - m->data[i];
    delmat(m);
}

double loss(const double *x, int n)
{
    double *err = malloc((size_t)n * sizeof(double));
    obj(x, n, err);
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += err[i] * err[i];
    free(err);
    return 0.5 * s;
}

#pragma ad hessian(loss) wrt(x[n])
#pragma ad grad(loss) wrt(x[n])

#include "hessian_alloc_helper.ad.h"

enum { N = 3 };

int main(void)
{
    double x[N] = {0.3, -0.5, 1.2}, H[N * N], gp[N], gm[N], h = 1e-6;
    loss_hessian(x, N, H);
    for (int j = 0; j < N; j++) {
        double t = x[j];
        x[j] = t + h;
        loss_grad(x, gp, N);
        x[j] = t - h;
        loss_grad(x, gm, N);
        x[j] = t;
        for (int i = 0; i < N; i++)
            CHECK_CLOSE("hessian column vs FD of grad", H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-8);
    }
    return oracle_result();
}
