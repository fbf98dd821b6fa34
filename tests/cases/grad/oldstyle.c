/*
** grad/oldstyle: helpers written with old-style empty parameter lists, as
** gradbench's hand.c writes its allocators (Matrix *get_new_empty_matrix()
** {...}), called from the differentiated function. A definition T f() has
** no parameters: FILE.ad.c declares it T f(void) (it declared T f(...),
** which C11 rejects). Oracles: central differences and the dot-product
** test with jvp (oracle_check_*).
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct {
    int nrows;
    int ncols;
    double *data;
} Matrix;

Matrix *get_new_empty_matrix()
{
    Matrix *mat = (Matrix *)malloc(sizeof(Matrix));
    mat->nrows = 0;
    mat->ncols = 0;
    mat->data = NULL;
    return mat;
}

void resize_matrix(Matrix *mat, int nrows, int ncols)
{
    if (mat->nrows * mat->ncols != nrows * ncols) {
        free(mat->data);
        mat->data = (double *)malloc(nrows * ncols * sizeof(double));
    }
    mat->nrows = nrows;
    mat->ncols = ncols;
}

void delete_matrix(Matrix *mat)
{
    free(mat->data);
    free(mat);
}

Matrix *weights;  /* built by main */

Matrix *model_weights() { return weights; }
int bone_count() { return 4; }
double bone_scale() { return 0.25; }

double f(const double *x, int n)
{
    const Matrix *w = model_weights();   /* constant weights: no derivative */
    int nb = bone_count();
    double s = 0;
    for (int i = 0; i < n; i++)
        s += w->data[i % (nb * w->ncols)] * sin(x[i]) * x[(i + 1) % n] * (1.0 + bone_scale());
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "oldstyle.ad.h"

ORACLE_XN_WRAPPERS(f, 8)

int main(void)
{
    weights = get_new_empty_matrix();
    resize_matrix(weights, bone_count(), 2);
    for (int i = 0; i < weights->nrows * weights->ncols; i++)
        weights->data[i] = 1.0 + bone_scale() * i;
    OracleRng rng = oracle_rng(7);
    ORACLE_XN_CHECKS(f, 8, rng);
    delete_matrix(weights);
    return oracle_result();
}
