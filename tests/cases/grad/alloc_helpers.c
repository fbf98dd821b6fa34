/*
** grad/alloc_helpers: helpers that return freshly allocated memory, as
** gradbench's hand.c has them: get_new_matrix allocates a Matrix and its
** data, get_new_empty_matrix one without data, get_matrix_array an array
** of empty matrices, resize reallocates a matrix's data when its size
** changes (inside mat_mult, on its output), delete_matrix and
** delete_light_matrix_array free them. The derivative of an allocating
** helper allocates the shadow too and returns it with the primal pointer;
** forward mode frees the shadow where the primal frees the matrix,
** reverse mode frees both after the backward sweep is done with them
** (regression: the caller's shadow was a NULL pointer and jvp and grad
** crashed, with no diagnostic).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*), jacfwd and jacrev against grad, the hessian against
** differences of grad.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct Matrix {
    int nrows;
    int ncols;
    double *data;  /* column-major */
} Matrix;

static Matrix *get_new_matrix(int nrows, int ncols)
{
    Matrix *mat = (Matrix *)malloc(sizeof(Matrix));
    mat->nrows = nrows;
    mat->ncols = ncols;
    mat->data = (double *)malloc((size_t)(nrows * ncols) * sizeof(double));
    return mat;
}

static Matrix *get_new_empty_matrix(void)
{
    Matrix *mat = (Matrix *)malloc(sizeof(Matrix));
    mat->nrows = 0;
    mat->ncols = 0;
    mat->data = NULL;
    return mat;
}

static void delete_matrix(Matrix *mat)
{
    if (mat->data != NULL)
        free(mat->data);
    free(mat);
}

static Matrix *get_matrix_array(int count)
{
    Matrix *result = (Matrix *)malloc((size_t)count * sizeof(Matrix));
    for (int i = 0; i < count; i++) {
        result[i].data = NULL;
        result[i].nrows = result[i].ncols = 0;
    }
    return result;
}

static void delete_light_matrix_array(Matrix *matrices, int count)
{
    for (int i = 0; i < count; i++)
        if (matrices[i].data != NULL)
            free(matrices[i].data);
    free(matrices);
}

static void resize(Matrix *mat, int nrows, int ncols)
{
    if (mat->nrows * mat->ncols != nrows * ncols) {
        if (mat->data != NULL)
            free(mat->data);
        if (nrows * ncols > 0)
            mat->data = (double *)malloc((size_t)(ncols * nrows) * sizeof(double));
        else
            mat->data = NULL;
    }
    mat->ncols = ncols;
    mat->nrows = nrows;
}

static void mat_mult(const Matrix *lhs, const Matrix *rhs, Matrix *out)
{
    resize(out, lhs->nrows, rhs->ncols);
    for (int i = 0; i < lhs->nrows; i++)
        for (int k = 0; k < rhs->ncols; k++) {
            out->data[k * out->nrows + i] = lhs->data[i] * rhs->data[k * rhs->nrows];
            for (int j = 1; j < lhs->ncols; j++)
                out->data[k * out->nrows + i] += lhs->data[j * lhs->nrows + i] * rhs->data[k * rhs->nrows + j];
        }
}

/* x: a 2 x 3 matrix A (column-major); C(i, j) = x[i+1] x[i]; B = A C,
 * D = B B, and a 1 x 1 matrix from B's trace */
double f(const double *x, int n)
{
    Matrix *A = get_new_matrix(2, 3);
    for (int i = 0; i < n; i++)
        A->data[i] = sin(x[i]);
    Matrix *C = get_new_matrix(3, 2);
    for (int i = 0; i < n; i++)
        C->data[i] = x[(i + 1) % n] * x[i];
    Matrix *B = get_new_empty_matrix();
    mat_mult(A, C, B);
    Matrix *arr = get_matrix_array(2);
    mat_mult(B, B, &arr[0]);
    resize(&arr[1], 1, 1);
    arr[1].data[0] = B->data[0] + B->data[3];
    double s = 0;
    for (int i = 0; i < 4; i++)
        s += arr[0].data[i] * arr[1].data[0];
    delete_matrix(A);
    delete_matrix(B);
    delete_matrix(C);
    delete_light_matrix_array(arr, 2);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#pragma ad jacfwd(f) wrt(x[n])
#pragma ad jacrev(f) wrt(x[n])
#pragma ad hessian(f) wrt(x[n])

#include "alloc_helpers.ad.h"

enum { N = 6 };

ORACLE_XN_WRAPPERS(f, N)

int main(void)
{
    OracleRng rng = oracle_rng(23);
    ORACLE_XN_CHECKS(f, N, rng);
    double x[N], g[N], jf[N], jr[N], h[N * N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    double y = f_grad(x, g, N);
    CHECK_CLOSE("jacfwd primal", f_jacfwd(x, N, jf), y, 1e-13, 0);
    CHECK_VEC_CLOSE("jacfwd = grad", jf, g, N, 1e-12, 1e-14);
    CHECK_CLOSE("jacrev primal", f_jacrev(x, N, jr), y, 1e-13, 0);
    CHECK_VEC_CLOSE("jacrev = grad", jr, g, N, 1e-12, 1e-14);
    CHECK_CLOSE("hessian primal", f_hessian(x, N, h), y, 1e-13, 0);
    /* column j of the Hessian: central differences of the gradient */
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], gp[N], gm[N], fd[N], col[N];
        double hstep = oracle_fd_step(x[j], DBL_EPSILON);
        memcpy(xp, x, sizeof x);
        memcpy(xm, x, sizeof x);
        xp[j] += hstep;
        xm[j] -= hstep;
        f_grad(xp, gp, N);
        f_grad(xm, gm, N);
        for (int i = 0; i < N; i++) {
            fd[i] = (gp[i] - gm[i]) / (2 * hstep);
            col[i] = h[i * N + j];
        }
        char label[64];
        snprintf(label, sizeof label, "hessian column %d vs FD of grad", j);
        CHECK_VEC_CLOSE(label, col, fd, N, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(g, N)));
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
