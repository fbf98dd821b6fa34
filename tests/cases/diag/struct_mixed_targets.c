// EXPECT-EXIT: 1
// EXPECT-DIAG: no_shadow
// EXPECT-STDERR: FILE:33:19: error: 'DATA' is used where cc-ad needs its derivative storage
// EXPECT-STDERR: pass that data as a separate parameter
/* A struct pointing both to differentiated weights (x) and to a constant
** table, both taken from one array of pointers: cc-ad's activity analysis
** gives an array's elements one target (as it gives a struct's pointer
** fields once the struct is used untyped), so the table would need
** derivative storage it does not have. Refused with advice (forward mode
** used to say "internal: 'DATA' has no derivative variable"; reverse mode
** generated code that wrote the table's adjoint through a null pointer).
** grad/field_table: the same struct filled field by field works. */
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
    const double *src[2] = {x, DATA};
    Layer L = {src[0], src[1], n};
    return layer_out(&L);
}

#pragma ad grad(f) wrt(x[n])
