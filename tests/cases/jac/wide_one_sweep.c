/*
** jac/wide_one_sweep: jacfwd of 17 to 32 constant directions runs them in
** one vector sweep (26 lanes here, the hand-tracking shape), more in equal
** sweeps (40 as 3 x 14), and the lane statements carry the folds of
** vector.c's lane_fold: a lane's division by a value of the point becomes a
** multiplication by its reciprocal (x / d, the quotient rule's / b), constant
** and invariant factors are multiplied once (2.0 * (x * x_dot) of x * x), a
** negation goes into the invariant factor (-(s * u_dot), cos's tangent).
** Oracles: every column of both Jacobians against central differences
** (ORACLE_RTOL_FD), and the 26-lane Jacobian against jvp per column
** (ORACLE_RTOL_EXACT: only rounding may differ).
*/
#include <math.h>
#include "ccad_oracle.h"

enum { N26 = 26, N40 = 40, M = 12 };

static double ratio(const double *a, double d) { return (a[0] * a[1] - 2.0 * a[2]) / (d * d + 1.0); }

void wide(int n, const double *x, double *y)
{
    double d = 1.5 + x[0] * x[0];
    for (int i = 0; i < M; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) s += x[j] * x[j] * (i + 1) - cos(x[(i + j) % n]) / d;
        y[i] = s / (2.0 + x[i] * x[i]) + ratio(&x[i], x[i + 3]) - sqrt(3.0 + x[n - 1 - i] * x[n - 1 - i]);
    }
}

#pragma ad jvp(wide) wrt(x[n]) out(y[M])
#pragma ad jacfwd(wide) wrt(x[N26]) out(y[M]) name(wide_jac26)
#pragma ad jacfwd(wide) wrt(x[N40]) out(y[M]) name(wide_jac40)

#include "wide_one_sweep.ad.h"

static void fw26(void *ctx, const double *x, double *y) { (void)ctx; wide(N26, x, y); }
static void fw40(void *ctx, const double *x, double *y) { (void)ctx; wide(N40, x, y); }

/* every column of J (m x n, row-major) against central differences */
static void check_fd(const char *label, oracle_fn f, int n, const double *x, const double *J)
{
    double e[N40] = {0}, fd[M], col[M];
    for (int j = 0; j < n; j++) {
        e[j] = 1.0;
        oracle_fd_jvp(f, 0, n, M, x, e, fd);
        e[j] = 0.0;
        for (int i = 0; i < M; i++) col[i] = J[i * n + j];
        CHECK_VEC_CLOSE(label, col, fd, M, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
}

int main(void)
{
    double x[N40], y[M], J26[M * N26], J40[M * N40];
    for (int j = 0; j < N40; j++) x[j] = 0.3 * sin(1.7 * j + 0.4);
    wide_jac26(N26, x, y, J26);
    check_fd("jacfwd 26 (one sweep)", fw26, N26, x, J26);
    wide_jac40(N40, x, y, J40);
    check_fd("jacfwd 40 (3 x 14)", fw40, N40, x, J40);
    double e[N26] = {0}, dy[M], col[M];
    for (int j = 0; j < N26; j++) {
        e[j] = 1.0;
        wide_jvp(N26, x, e, y, dy);
        e[j] = 0.0;
        for (int i = 0; i < M; i++) col[i] = J26[i * N26 + j];
        CHECK_VEC_CLOSE("jacfwd 26 = jvp", col, dy, M, ORACLE_RTOL_EXACT, 1e-14);
    }
    return oracle_result();
}
