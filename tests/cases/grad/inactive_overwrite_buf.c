/* grad/inactive_overwrite_buf (probe4, issue 14): a call that carries no derivative
** (inactive(noise)) stores through a pointer into memory that carries
** derivatives at that point (buf held x[i]^2 before). What it writes is a
** constant (man: "what it writes through pointers are constants for the
** derivative"), but neither mode reset the derivative: reuse_jvp kept
** buf_dot = 2 x x_dot after noise(buf, ...), and reuse_vjp let the adjoint
** of the new values flow into the old ones. Now such a call runs noise's
** inactive variant (activity.c): noise_jvp stores 0 into buf_dot exactly
** where noise stores into buf, noise_bwd zeroes buf_bar there; without a
** body the call is an error (diag/inactive_writes_external).
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffffu;
}

void noise(double *buf, int n, unsigned *seed)
{
    for (int i = 0; i < n; i++)
        buf[i] = (double)lcg(seed) / 65536.0 - 0.5;
}
#pragma ad inactive(noise)

double reuse(const double *x, int n, unsigned seed)
{
    double buf[8], s = 0;
    for (int i = 0; i < n; i++) buf[i] = x[i] * x[i];
    for (int i = 0; i < n; i++) s += buf[i];
    noise(buf, n, &seed); /* overwrites: buf no longer depends on x */
    for (int i = 0; i < n; i++) s += buf[i] * x[i];
    return s;
}

#pragma ad grad(reuse) wrt(x[n])
#pragma ad jvp(reuse) wrt(x[n])
#pragma ad vjp(reuse) wrt(x[n])

#include "inactive_overwrite_buf.ad.h"

static double rs(const double *x, int n) { return reuse(x, n, 7u); }
static double rs_grad(const double *x, double *g, int n) { return reuse_grad(x, g, n, 7u); }
static double rs_jvp(const double *x, const double *v, int n, double *r) { return reuse_jvp(x, v, n, 7u, r); }
static double rs_vjp(const double *x, double *g, int n, double rb) { return reuse_vjp(x, g, n, 7u, rb); }
ORACLE_XN_CASE(rs, 5, 3)
