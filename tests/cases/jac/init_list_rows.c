/*
** jac/init_list_rows: jacfwd's vector sweep with lanes innermost
** (x_dot[i][lane]) through a local array initialised from active values,
** as rotation code writes it: `const double r[9] = {1, 0, 0, 0, c, -s, 0,
** s, c};` (its tangent, double r_dot[9][W], starts zeroed and gets each
** entry that is not 0 per lane; before, such a list sent the whole sweep to
** the slower layout of W pointers). A helper, called per bone, returns the
** matrix through a pointer; 16 outputs of 5 inputs (one sweep of 8;
** jacrev: one of 16, through the same list in its backward sweep).
** Oracles: jacrev (an independent mode, 1e-12), central differences
** (ORACLE_RTOL_FD).
*/
#include <math.h>

#include "ccad_oracle.h"

static void rot_x(double a, double *R)
{
    double c = cos(a), s = sin(a);
    const double r[9] = {1, 0, 0, 0, c, -s, 0, s, c};
    for (int k = 0; k < 9; k++)
        R[k] = r[k];
}

/* a chain of 4 joints bending about x, then a shift along z by t */
void finger(const double *q, double *tip)
{
    double R[9], acc[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, p[3] = {0, 0, q[4]};
    for (int j = 0; j < 4; j++) {
        double nxt[9];
        rot_x(q[j], R);
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                nxt[3 * a + b] = acc[3 * a] * R[b] + acc[3 * a + 1] * R[3 + b] + acc[3 * a + 2] * R[6 + b];
        for (int k = 0; k < 9; k++)
            acc[k] = nxt[k];
        for (int k = 0; k < 3; k++)
            p[k] += 0.3 * acc[3 * k + 1];
        for (int k = 0; k < 3; k++)
            tip[3 * j + k] = p[k];
    }
    for (int k = 0; k < 4; k++)
        tip[12 + k] = acc[k] * p[k % 3];
}

#pragma ad jacfwd(finger) wrt(q[5]) out(tip[16])
#pragma ad jacrev(finger) wrt(q[5]) out(tip[16])

#include "init_list_rows.ad.h"

static void flat(void *ctx, const double *q, double *tip)
{
    (void)ctx;
    finger(q, tip);
}

int main(void)
{
    double q[5] = {0.3, -0.2, 0.5, 0.1, 0.7}, tip[16], Jf[80], Jr[80], fd[80], col[16];
    finger_jacfwd(q, tip, Jf);
    finger_jacrev(q, tip, Jr);
    CHECK_VEC_CLOSE("jacfwd == jacrev", Jf, Jr, 80, ORACLE_RTOL_EXACT, 1e-14);
    for (int c = 0; c < 5; c++) {
        double e[5] = {0};
        e[c] = 1;
        oracle_fd_jvp(flat, NULL, 5, 16, q, e, col);
        for (int r = 0; r < 16; r++) fd[r * 5 + c] = col[r];
    }
    CHECK_VEC_CLOSE("jacfwd vs central differences", Jf, fd, 80, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    return oracle_result();
}
