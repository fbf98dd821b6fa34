/* OPEN (probe4): a call that carries no derivative (inactive(noise), or an
** external function) stores through a pointer into memory that carries
** derivatives at that point (buf held x[i]^2 before): the values it
** writes are constants (man: "what it writes through pointers are
** constants for the derivative"), but neither mode resets their
** derivative: reuse_jvp keeps buf_dot = 2 x x_dot after noise(buf, ...),
** and reuse_vjp lets the adjoint of the new values flow into the old ones
** (x_bar gets 2 x * buf_bar). Silently wrong in jvp, vjp, grad (the
** generic jvp/vjp checks of ORACLE_XN_CASE fail against differences).
** The fix needs what the call writes: where that is not known (noise(buf,
** n) may write buf[0..n) of buf[8]), zeroing the whole shadow would be
** wrong for the elements it leaves. Sketch: for an inactive function with
** a body, zero the shadow of exactly the elements its body stores (run a
** shadow-only copy of it that stores 0 where it stores), for an external
** one refuse a varied argument unless its size is the argument's whole
** array; or refuse the call whenever the memory is varied there (a
** flow-sensitive activity fact). grad/inactive_writes covers the common
** case (the draws go to a buffer of their own, never varied).
**   cc-ad -o /tmp/o.ad.c inactive_overwrites_active.c -- -I include -I tests/oracle
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

#include "inactive_overwrites_active.ad.h"

static double rs(const double *x, int n) { return reuse(x, n, 7u); }
static double rs_grad(const double *x, double *g, int n) { return reuse_grad(x, g, n, 7u); }
static double rs_jvp(const double *x, const double *v, int n, double *r) { return reuse_jvp(x, v, n, 7u, r); }
static double rs_vjp(const double *x, double *g, int n, double rb) { return reuse_vjp(x, g, n, 7u, rb); }
ORACLE_XN_CASE(rs, 5, 3)
