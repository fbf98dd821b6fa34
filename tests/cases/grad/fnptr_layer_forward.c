/* darknet's network loop: each layer struct holds its forward function, called through the
** pointer with the layer and the network passed by value (`l.forward(l, net)`), the next
** layer reading the previous one's output through net.input. Three bugs met here: the call
** was not dispatched (its arguments carry floating data only behind the structs' pointers,
** which lower_expr.c's test did not look through), so the layers were not differentiated
** and the gradient was 0 with the warning "input 'w' of 'f' has no path to any output"; and
** FILE.ad.h printed struct layer, whose function-pointer field takes a network, before the
** typedef of network, because `typedef struct layer layer;` came first (the generated code
** did not compile); and the tape kept the function pointers through void * (ccad_push_p),
** which ISO C does not allow (-pedantic): they go as bytes now. Oracle: closed form,
** s = sum_i w_i^3 (1 + i)^2, its gradient and its (diagonal) Hessian. */
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

typedef struct layer layer;
typedef struct {
    double *input;
} network;
struct layer {
    void (*forward)(struct layer, network);
    double *w;
    double *out;
    int n;
};

void forward_scale(layer l, network net)
{
    for (int i = 0; i < l.n; i++)
        l.out[i] = l.w[i] * net.input[i];
}

void forward_square(layer l, network net)
{
    for (int i = 0; i < l.n; i++)
        l.out[i] = net.input[i] * net.input[i] * l.w[i];
}

double f(double *w, int n)
{
    layer L[2];
    double *in = malloc(n * sizeof(double));
    for (int i = 0; i < n; i++)
        in[i] = 1.0 + i;
    L[0].forward = forward_scale;
    L[0].w = w;
    L[0].n = n;
    L[0].out = malloc(n * sizeof(double));
    L[1].forward = forward_square;
    L[1].w = w;
    L[1].n = n;
    L[1].out = malloc(n * sizeof(double));
    network net;
    net.input = in;
    for (int k = 0; k < 2; k++) {
        L[k].forward(L[k], net);
        net.input = L[k].out;
    }
    double s = 0;
    for (int i = 0; i < n; i++)
        s += L[1].out[i];
    free(in);
    free(L[0].out);
    free(L[1].out);
    return s;
}

#pragma ad grad(f) wrt(w[n])
#pragma ad jvp(f) wrt(w[n])
#pragma ad hessian(f) wrt(w[n])

#include "fnptr_layer_forward.ad.h"

int main(void)
{
    double w[4] = {1.0, -2.0, 0.5, 3.0}, g[4], v[4] = {0.3, -0.1, 0.7, 0.2}, fdot, want[4];
    double fg = f_grad(w, g, 4);
    CHECK_CLOSE("primal", fg, f(w, 4), 1e-15, 0);
    for (int i = 0; i < 4; i++)
        want[i] = 3 * w[i] * w[i] * (1.0 + i) * (1.0 + i);
    CHECK_VEC_CLOSE("grad", g, want, 4, 1e-13, 0);
    f_jvp(w, v, 4, &fdot);
    CHECK_CLOSE("jvp", fdot, oracle_dot(want, v, 4), 1e-13, 0);
    double H[16];
    f_hessian(w, 4, H);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            CHECK_CLOSE("hess", H[i * 4 + j], i == j ? 6 * w[i] * (1.0 + i) * (1.0 + i) : 0, 1e-13, 1e-13);
    return oracle_result();
}
