/* jac/jacrev_local_alias (found by helper fixckpt): jacrev of a function
** with a pointer into a local array (double a[3]; double *cur = a;
** cur[i] = ...) was silently wrong: the lane-wide backward sweep
** (vector_rev.c) widened cur_bar but not a_bar, the frame it points into
** (the forward sweep's cur_bar = (void *)*a_bar), so rows went past a
** 3-double frame and x_bar got a_bar's never-written values; a ping-pong
** swap of two local arrays crashed. A pointer store now spreads the
** adjoints both ways (cur_bar carries them: so does a_bar). Oracle: jacfwd
** (itself checked against differences elsewhere) and the vjp rows. */
#include <math.h>
#include "ccad_oracle.h"

void vv(const double *x, double *y)
{
    double a[3];
    for (int i = 0; i < 3; i++) a[i] = x[i];
    double *cur = a;
    for (int i = 0; i < 3; i++) cur[i] = sin(cur[i]) * cur[(i + 1) % 3];
    for (int i = 0; i < 3; i++) y[i] = cur[i] * (i + 1);
}

void pingpong(const double *x, double *y, int steps)
{
    double a[3], b[3];
    for (int i = 0; i < 3; i++) a[i] = x[i];
    double *cur = a, *nxt = b;
    for (int t = 0; t < steps; t++) {
        for (int i = 0; i < 3; i++) nxt[i] = cur[(i + 1) % 3] * cur[i] + 0.5 * sin(cur[i]);
        double *tmp = cur; cur = nxt; nxt = tmp;
    }
    for (int i = 0; i < 3; i++) y[i] = cur[i] * (i + 1);
}

#pragma ad jacrev(vv) wrt(x[3]) out(y[3])
#pragma ad jacfwd(vv) wrt(x[3]) out(y[3])
#pragma ad jacrev(pingpong) wrt(x[3]) out(y[3])
#pragma ad jacfwd(pingpong) wrt(x[3]) out(y[3])

#include "jacrev_local_alias.ad.h"

int main(void)
{
    double x[3] = {0.3, -0.4, 0.8}, y[3], J[9], Jf[9];
    vv_jacrev(x, y, J);
    vv_jacfwd(x, y, Jf);
    CHECK_VEC_CLOSE("vv: jacrev = jacfwd", J, Jf, 9, 1e-14, 1e-15);
    for (int steps = 0; steps <= 3; steps++) {
        pingpong_jacrev(x, y, steps, J);
        pingpong_jacfwd(x, y, steps, Jf);
        CHECK_VEC_CLOSE("pingpong: jacrev = jacfwd", J, Jf, 9, 1e-14, 1e-15);
    }
    return oracle_result();
}
