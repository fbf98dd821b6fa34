/*
** custom/complex: hand-written derivatives of a complex function. csq(z)
** = z^2 gets a custom_jvp (tangent 2 z z_dot) and a custom_vjp (adjoint
** conj(2 z) w_bar, the manual's convention for a holomorphic function);
** a real loss of it is differentiated with grad and jvp. Oracles: central
** differences along the real and imaginary directions, the dot product
** (jvp along v equals Re(conj(grad) v)), and the counters (the
** hand-written functions ran).
*/
#include <complex.h>

#include "ccad.h"
#include "ccad_oracle.h"

static int njvp, nvjp;

double complex csq(double complex z) { return z * z; }

double complex my_csq_jvp(double complex z, double complex z_dot, double complex *ret_dot)
{
    njvp++;
    *ret_dot = 2.0 * z * z_dot;
    return z * z;
}

double complex my_csq_vjp(double complex z, double complex *z_bar, double complex ret_bar)
{
    nvjp++;
    *z_bar += conj(2.0 * z) * ret_bar;
    return z * z;
}

#pragma ad custom_jvp(csq, my_csq_jvp)
#pragma ad custom_vjp(csq, my_csq_vjp)

double loss(double complex z, double a)
{
    double complex w = csq(z) + a * z;
    return creal(w * conj(w));
}

#pragma ad grad(loss)
#pragma ad jvp(loss)

#include "complex.ad.h"

int main(void)
{
    double complex z = 0.3 - 0.8 * I, g;
    double a = 0.7, ga, h = 1e-6;
    double v = loss_grad(z, &g, a, &ga);
    CHECK_CLOSE("grad primal", v, loss(z, a), 1e-15, 0);
    CHECK_CLOSE("grad d/dRe z", creal(g), (loss(z + h, a) - loss(z - h, a)) / (2 * h), 1e-7, 1e-9);
    CHECK_CLOSE("grad d/dIm z", cimag(g), (loss(z + h * I, a) - loss(z - h * I, a)) / (2 * h), 1e-7, 1e-9);
    CHECK_CLOSE("grad d/da", ga, (loss(z, a + h) - loss(z, a - h)) / (2 * h), 1e-7, 1e-9);
    double complex dz = 0.4 + 1.3 * I;
    double d;
    loss_jvp(z, dz, a, -0.2, &d);
    CHECK_CLOSE("jvp = Re(conj(grad) v)", d, creal(conj(g) * dz) - 0.2 * ga, 1e-13, 1e-15);
    CHECK_TRUE("custom_vjp ran", nvjp == 1);
    CHECK_TRUE("custom_jvp ran", njvp == 1);
    return oracle_result();
}
