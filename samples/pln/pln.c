/* pln.c - seed 004's Poisson log-normal model in C: its negative ELBO, and
 * (by cc-ad) the gradient with respect to B, M and S.
 *
 * The tutorial's get_ELBO, with its n x p matrices as row-major arrays:
 *
 *   S2 = S^2;  A = exp(O + M + X B + S2 / 2)
 *   elbo = n/2 log det Omega + sum(-A + Y (O + M + X B) + log(S2) / 2)
 *          - trace(M^T M + diag(colsum(S2)) Omega) / 2
 *          + n p / 2 - sum(log_stirling(Y))
 *   loss = -elbo
 *
 * (The trace is the tutorial's: @ binds tighter than +, so Omega multiplies
 * the diagonal term only, and the trace is separable over the rows.)
 * Only the #pragma ad lines are cc-ad specific. */
#include <math.h>

#include "pln.h"

/* the whole fit: one gradient, with respect to all three parameters */
#pragma ad grad(pln_loss) wrt(B[d * p], M[n * p], S[n * p])

/* the same by rows, for the batched paths: one row per OpenMP iteration
 * (vmap) or per GPU thread (cuda); each row gets its own B_bar, summed after */
#pragma ad grad(row_loss) wrt(B[d * p], m[p], s[p])
#pragma ad vmap(row_loss_grad) batch(m[p], m_bar[p], s[p], s_bar[p], y[p], o[p], x[d], B_bar[d * p])
#pragma ad cuda(row_loss_grad) batch(m[p], m_bar[p], s[p], s_bar[p], y[p], o[p], x[d], B_bar[d * p])

double log_stirling(double y)
{
    double y1 = y + (y == 0.0);
    return log(sqrt(2.0 * 3.14159265358979323846 * y1)) + y1 * (log(y1) - 1.0);
}

double row_loss(const double *B, const double *m, const double *s, const double *y,
                const double *o, const double *x, const double *omega_diag, int p, int d)
{
    double elbo = 0.0;
    for (int j = 0; j < p; j++) {
        double xb = 0.0;
        for (int k = 0; k < d; k++)
            xb += x[k] * B[k * p + j];
        double s2 = s[j] * s[j];
        double z = o[j] + m[j] + xb;
        double a = exp(z + s2 / 2.0);
        elbo += -a + y[j] * z + 0.5 * log(s2);
        elbo -= 0.5 * (m[j] * m[j] + s2 * omega_diag[j]);
        elbo -= log_stirling(y[j]);
    }
    return -elbo;
}

double pln_loss(const double *B, const double *M, const double *S, const double *Y,
                const double *O, const double *X, const double *Omega, double logdet_omega,
                int n, int p, int d)
{
    double omega_diag[p];
    for (int j = 0; j < p; j++)
        omega_diag[j] = Omega[j * p + j];
    double loss = -0.5 * n * logdet_omega - 0.5 * n * p;
    for (int i = 0; i < n; i++)
        loss += row_loss(B, M + i * p, S + i * p, Y + i * p, O + i * p, X + i * d, omega_diag, p, d);
    return loss;
}
