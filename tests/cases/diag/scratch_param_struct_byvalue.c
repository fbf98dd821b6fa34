// EXPECT-EXIT: 1
// EXPECT-DIAG: scratch_param
// EXPECT-STDERR: error: 'f' stores values that depend on the inputs through parameter 'in'
/* darknet's wrapper shape: a struct passed by value whose pointer field points first at an
** input the request does not differentiate (net.input = in) and then at a layer's output
** (net.input = l.out), so that, flow-insensitively, 'in' is one memory class with data that
** carries derivatives. The second layer reads that class through the struct argument; the
** usefulness analysis (activity_useful.c) did not take a struct argument's pointers as read
** by the callee, took the class for write-only memory of 'in' (a sink) and dropped its
** derivatives: f_grad and f_jvp returned 0 with no word (realc/darknet_cnn's conv layer). Now
** the class is useful, and 'in' needs a clause, as for any parameter sharing a class with
** differentiated data (scratch(in[n]) is what darknet_cnn writes). */
#include <stdlib.h>

typedef struct {
    double *w;
    double *out;
    int n;
} L;

typedef struct {
    double *input;
    double *workspace;
} Net;

void fwd(L l, Net net)
{
    for (int i = 0; i < l.n; i++)
        l.out[i] = l.w[i] * net.input[i];
}

void fwd2(L l, Net net)
{
    for (int i = 0; i < l.n; i++)
        l.out[i] = net.input[i] * net.input[i];
}

double f(double *w, double *in, int n)
{
    L l = {0}, l2 = {0};
    Net net;
    l.n = n;
    l.w = w;
    l.out = malloc(n * sizeof(double));
    l2.n = n;
    l2.out = malloc(n * sizeof(double));
    net.input = in;
    fwd(l, net);
    net.input = l.out;
    fwd2(l2, net);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += l2.out[i];
    free(l.out);
    free(l2.out);
    return s;
}

#pragma ad grad(f) wrt(w[n])
