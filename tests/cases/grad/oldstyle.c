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

int bone_count() { return 4; }
double bone_scale() { return 0.25; }

double f(const double *x, int n)
{
    Matrix *w = get_new_empty_matrix();   /* constant weights: no derivative */
    resize_matrix(w, bone_count(), 2);
    for (int i = 0; i < w->nrows * w->ncols; i++)
        w->data[i] = 1.0 + bone_scale() * i;
    double s = 0;
    for (int i = 0; i < n; i++)
        s += w->data[i % (w->nrows * w->ncols)] * sin(x[i]) * x[(i + 1) % n];
    delete_matrix(w);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "oldstyle.ad.h"

ORACLE_XN_CASE(f, 8, 7)
