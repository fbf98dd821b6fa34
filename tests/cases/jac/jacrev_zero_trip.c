/*
** jac/jacrev_zero_trip: jacrev's one forward sweep (f split as a callee
** is: a forward function, then a backward function per output) needs the
** final values of the locals its backward function reads before setting
** them. A local that the backward function sets inside a loop (r1 =
** pop, restoring the inner loop's updates) was taken as "set before use",
** but that loop may run no iteration: here the inner while loop stops once
** r1 passes 1.1, so the last outer iterations restore nothing and read r1
** as the forward sweep left it (y[1] = 2 r1 + a reads r1 nowhere else
** backward); the backward function read 0 instead, and
** jacrev's rows differed from vjp's (found by the random tester, campaign
** r142578, seed 147813, in float; jacfwd and vjp were right). A do-while
** body runs once, so its write does count.
** Oracles: vjp by rows (an independent generated mode), central
** differences of f (ORACLE_RTOL_FD), jacfwd; y after jacrev is f's.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

void relax(const double *x, double a, double *y, int n)
{
    double r0 = 0;
    double r1 = x[0];
    double w[n];
    memset(w, 0, (size_t)n * sizeof w[0]);
    for (int i = 0; i < n; i++) {
        w[i % 3] += 0.2 * r1 / (1.5 + x[i] * x[i]);
        for (int j = 0; j < n && r1 < 1.1; j++)
            r1 += 0.2 + 0.1 * a * a;
    }
    for (int i = 0; i < n; i++)
        r0 += 0.1 * w[i] * (1 + i);
    y[0] = r0;
    y[1] = 2 * r1 + a;
    double t = x[n - 1];
    do {
        t = 0.5 * t + 0.25 * a;
    } while (t > 1.0);
    y[2] = t * r0;
}

#pragma ad vjp(relax) wrt(x[n], a) out(y[3])
#pragma ad jacrev(relax) wrt(x[n], a) out(y[3])
#pragma ad jacfwd(relax) wrt(x[n], a) out(y[3])

#include "jacrev_zero_trip.ad.h"

enum { N = 5, M = 3, C = N + 1 };

static void flat(void *ctx, const double *xa, double *y)
{
    (void)ctx;
    relax(xa, xa[N], y, N);
}

int main(void)
{
    double xa[C] = {0.3, -0.2, 0.5, 0.1, -0.4, 0.7}, y[M], y0[M], J[M * C], Jf[M * C], fd[M * C];
    relax(xa, xa[N], y0, N);
    relax_jacrev(xa, xa[N], y, N, J);
    CHECK_VEC_CLOSE("y after jacrev", y, y0, M, 0, 0);
    relax_jacfwd(xa, xa[N], y, N, Jf);
    CHECK_VEC_CLOSE("jacrev == jacfwd", J, Jf, M * C, ORACLE_RTOL_EXACT, 1e-14);
    for (int r = 0; r < M; r++) {
        double yb[M] = {0}, xb[N] = {0}, ab = 0, row[C];
        yb[r] = 1;
        relax_vjp(xa, xb, xa[N], &ab, y, yb, N);
        memcpy(row, xb, sizeof xb);
        row[N] = ab;
        CHECK_VEC_CLOSE("jacrev row == vjp", J + r * C, row, C, ORACLE_RTOL_EXACT, 1e-14);
    }
    for (int c = 0; c < C; c++) {
        double e[C] = {0}, col[M];
        e[c] = 1;
        oracle_fd_jvp(flat, NULL, C, M, xa, e, col);
        for (int r = 0; r < M; r++) fd[r * C + c] = col[r];
    }
    CHECK_VEC_CLOSE("jacrev vs central differences", J, fd, M * C, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
