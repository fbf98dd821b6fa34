// EXPECT-EXIT: 1
// EXPECT-DIAG: no_shadow
// EXPECT-STDERR: FILE:31:11: error: 'DATA' is used where cc-ad needs its derivative storage
// EXPECT-STDERR: pass that data as a separate parameter
/* A struct pointing both to differentiated weights (x) and to a constant
** table: cc-ad's activity analysis gives a struct's pointer fields one
** target, so the table would need derivative storage it does not have.
** Refused with advice (forward mode used to say "internal: 'DATA' has no
** derivative variable"; reverse mode generated code that wrote the
** table's adjoint through a null pointer). */
#include <math.h>

typedef struct {
    const double *w;
    const double *in;
    int n;
} Layer;

static const double DATA[7] = {0.5, -0.2, 0.3, 0.9, -0.7, 0.1, 0.4};

static double layer_out(const Layer *L)
{
    double s = 0;
    for (int i = 0; i < L->n; i++)
        s += tanh(L->w[i] * L->in[i]);
    return s;
}

double f(const double *x, int n)
{
    Layer L = {x, DATA, n};
    return layer_out(&L);
}

#pragma ad grad(f) wrt(x[n])
