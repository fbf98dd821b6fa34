// EXPECT-EXIT: 1
// EXPECT-DIAG: scratch_param_struct
// EXPECT-STDERR: FILE:35:17: error: 'fwd' stores values that depend on the inputs through parameter 'net', a struct whose pointers lead to memory that then needs derivative storage: list it as an input (wrt(..., net[1]))
// EXPECT-STDERR: FILE:36:17: error: 'fwd3' stores values that depend on the inputs through parameter 'net', a struct whose pointers lead to memory that then needs derivative storage: list it as an input (wrt(..., net))
/* A network struct's activations read back into the output (unlike the
** write-only cache of grad/struct_field_cache): their derivatives go
** through memory behind the struct's pointer, which needs storage. The
** advice is the clause that works for a struct holding pointers: wrt,
** net[1] by pointer and net by value (scratch cannot allocate what the
** pointers lead to; a struct passed by value is no output). */
#include <math.h>

typedef struct Net { int n; double *act; double scale; } Net;

double fwd(const double *w, Net *net)
{
    double s = 0.0;
    for (int i = 0; i < net->n; i++) {
        net->act[i] = tanh(w[i]);
        s += net->act[i] * net->scale;
    }
    return s * s;
}

double fwd3(const double *w, Net net)
{
    double s = 0.0;
    for (int i = 0; i < net.n; i++) {
        net.act[i] = tanh(w[i]);
        s += net.act[i];
    }
    return s * s;
}

#pragma ad grad(fwd) wrt(w[net->n])
#pragma ad grad(fwd3) wrt(w[net.n])
