// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/inout_modes: vmap of an in-out function (u[n] read and updated in
** place), of its vjp (u_bar: seed in, adjoint of the input out; k_bar
** batched since each element accumulates its own) and of its jvp (u_dot
** in-out), each element against the unbatched function bitwise.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
void upd(double *u, const double *k, double dt, int n)
{
    for (int s = 0; s < 3; s++)
        for (int i = 1; i < n; i++) u[i] += dt * (sin(u[i - 1]) * k[i % 2] - u[i]);
}
#pragma ad vjp(upd) wrt(u[n], k[2], dt) out(u[n])
#pragma ad jvp(upd) wrt(u[n], k[2], dt) out(u[n])
#pragma ad vmap(upd) batch(u[n], dt)
#pragma ad vmap(upd_vjp) batch(u[n], u_bar[n], dt, dt_bar[1], k_bar[2])
#pragma ad vmap(upd_jvp) batch(u[n], u_dot[n], dt, dt_dot)
#include "inout_modes.ad.h"
enum { N = 6, B = 4 };
int main(void) {
    double u[B * N], u2[B * N], ub[B * N], ud[B * N], dt[B], dtb[B], dtd[B], k[2] = {0.8, 1.2}, kd[2] = {0.3, -0.5}, kb[B * 2];
    for (int i = 0; i < B * N; i++) { u[i] = sin(0.7 * i); ub[i] = cos(0.3 * i); ud[i] = sin(1.9 * i); }
    for (int b = 0; b < B; b++) { dt[b] = 0.1 + 0.05 * b; dtb[b] = 0; dtd[b] = 0.2 * b - 0.3; kb[2 * b] = kb[2 * b + 1] = 0; }
    memcpy(u2, u, sizeof u);
    upd_vmap(B, u2, k, dt, N);
    for (int b = 0; b < B; b++) { double w[N]; memcpy(w, u + b * N, sizeof w); upd(w, k, dt[b], N); CHECK_VEC_CLOSE("vmap in-out", u2 + b * N, w, N, 0, 0); }
    double uu[B * N], bb[B * N];
    memcpy(uu, u, sizeof u); memcpy(bb, ub, sizeof ub);
    upd_vjp_vmap(B, uu, bb, k, kb, dt, dtb, N);
    for (int b = 0; b < B; b++) {
        double w[N], wb[N], kb1[2] = {0, 0}, db = 0;
        memcpy(w, u + b * N, sizeof w); memcpy(wb, ub + b * N, sizeof wb);
        upd_vjp(w, wb, k, kb1, dt[b], &db, N);
        CHECK_VEC_CLOSE("vmap vjp u", uu + b * N, w, N, 0, 0);
        CHECK_VEC_CLOSE("vmap vjp u_bar", bb + b * N, wb, N, 0, 0);
        CHECK_VEC_CLOSE("vmap vjp k_bar", kb + 2 * b, kb1, 2, 0, 0);
        CHECK_CLOSE("vmap vjp dt_bar", dtb[b], db, 0, 0);
    }
    double u3[B * N], d3[B * N];
    memcpy(u3, u, sizeof u); memcpy(d3, ud, sizeof ud);
    upd_jvp_vmap(B, u3, d3, k, kd, dt, dtd, N);
    for (int b = 0; b < B; b++) {
        double w[N], wd[N];
        memcpy(w, u + b * N, sizeof w); memcpy(wd, ud + b * N, sizeof wd);
        upd_jvp(w, wd, k, kd, dt[b], dtd[b], N);
        CHECK_VEC_CLOSE("vmap jvp u_dot", d3 + b * N, wd, N, 0, 0);
    }
    return oracle_result();
}
