/* seed 004 in C: the PLN ELBO (its literal formula) and its gradient w.r.t. B, M, S,
   small size (n=7, p=3, d=2); flat arrays and 2-D VLA parameters (wrt(M[n][p]));
   oracle: the closed-form gradient dM = A - Y + M, dS = A S - 1/S + S Omega_jj,
   dB = X^T (A - Y); a few gradient steps lower the loss; log det by Cholesky helper. */
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include "ccad_oracle.h"

static double log_stirling(double k)
{
    double k_ = k + (k == 0);
    return log(sqrt(2 * 3.14159265358979323846 * k_)) + k_ * log(k_ / exp(1.0));
}

static double logdet_chol(const double *A, int p)
{
    double *L = calloc((size_t)(p * p), sizeof *L), s = 0;
    for (int j = 0; j < p; j++) {
        double d = A[j * p + j];
        for (int k = 0; k < j; k++) d -= L[j * p + k] * L[j * p + k];
        L[j * p + j] = sqrt(d);
        for (int i = j + 1; i < p; i++) {
            double t = A[i * p + j];
            for (int k = 0; k < j; k++) t -= L[i * p + k] * L[j * p + k];
            L[i * p + j] = t / L[j * p + j];
        }
        s += 2 * log(L[j * p + j]);
    }
    free(L);
    return s;
}

double get_elbo(const double *B, const double *M, const double *S, const double *X, const double *O,
                const double *Y, const double *Omega, int n, int p, int d)
{
    double elbo = n / 2.0 * logdet_chol(Omega, p);
    double tr = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < p; j++) {
            double xb = 0;
            for (int k = 0; k < d; k++) xb += X[i * d + k] * B[k * p + j];
            double s2 = S[i * p + j] * S[i * p + j];
            double lin = O[i * p + j] + M[i * p + j] + xb;
            double A = exp(lin + s2 / 2);
            elbo += -A + Y[i * p + j] * lin + .5 * log(s2);
            elbo -= log_stirling(Y[i * p + j]);
        }
    for (int j = 0; j < p; j++) {
        double mm = 0, ss = 0;
        for (int i = 0; i < n; i++) { mm += M[i * p + j] * M[i * p + j]; ss += S[i * p + j] * S[i * p + j]; }
        tr += mm + ss * Omega[j * p + j];
    }
    elbo -= .5 * tr;
    elbo += .5 * n * p;
    return -elbo;
}

double get_elbo2(int n, int p, int d, const double B[d][p], const double M[n][p], const double S[n][p],
                 const double X[n][d], const double O[n][p], const double Y[n][p], const double Omega[p][p])
{
    return get_elbo(&B[0][0], &M[0][0], &S[0][0], &X[0][0], &O[0][0], &Y[0][0], &Omega[0][0], n, p, d);
}

#pragma ad grad(get_elbo) wrt(B[d*p], M[n*p], S[n*p])
#pragma ad jacrev(get_elbo) wrt(B[d*p], M[n*p], S[n*p]) name(elbo_row)
#pragma ad grad(get_elbo2) wrt(B[d][p], M[n][p], S[n][p])

#include "seed004_pln_elbo.ad.h"

enum { NN = 7, P = 3, D = 2 };
int main(void)
{
    OracleRng r = oracle_rng(4);
    double B[D * P], M[NN * P], S[NN * P], X[NN * D], O[NN * P], Y[NN * P], Om[P * P] = {2, 0.3, 0, 0.3, 1.5, 0.2, 0, 0.2, 1};
    oracle_fill_uniform(&r, B, D * P, -0.3, 0.3);
    oracle_fill_uniform(&r, M, NN * P, -0.5, 0.5);
    oracle_fill_uniform(&r, S, NN * P, 0.5, 1.2);
    oracle_fill_uniform(&r, X, NN * D, -1, 1);
    oracle_fill_uniform(&r, O, NN * P, -0.2, 0.2);
    for (int i = 0; i < NN * P; i++) Y[i] = (double)(int)(oracle_unif01(&r) * 5);
    double gB[D * P], gM[NN * P], gS[NN * P];
    double L = get_elbo_grad(B, gB, M, gM, S, gS, X, O, Y, Om, NN, P, D);
    CHECK_CLOSE("primal", L, get_elbo(B, M, S, X, O, Y, Om, NN, P, D), 0, 0);
    double wM[NN * P], wS[NN * P], wB[D * P] = {0}, AmY[NN * P];
    for (int i = 0; i < NN; i++)
        for (int j = 0; j < P; j++) {
            double xb = 0;
            for (int k = 0; k < D; k++) xb += X[i * D + k] * B[k * P + j];
            double s = S[i * P + j], A = exp(O[i * P + j] + M[i * P + j] + xb + s * s / 2);
            AmY[i * P + j] = A - Y[i * P + j];
            wM[i * P + j] = A - Y[i * P + j] + M[i * P + j];
            wS[i * P + j] = A * s - 1 / s + s * Om[j * P + j];
        }
    for (int k = 0; k < D; k++)
        for (int j = 0; j < P; j++)
            for (int i = 0; i < NN; i++) wB[k * P + j] += X[i * D + k] * AmY[i * P + j];
    CHECK_VEC_CLOSE("dB", gB, wB, D * P, 1e-12, 1e-13);
    CHECK_VEC_CLOSE("dM", gM, wM, NN * P, 1e-12, 1e-13);
    CHECK_VEC_CLOSE("dS", gS, wS, NN * P, 1e-12, 1e-13);
    double J[D * P + 2 * NN * P];
    elbo_row(B, M, S, X, O, Y, Om, NN, P, D, J);
    CHECK_VEC_CLOSE("jacrev row B", J, wB, D * P, 1e-12, 1e-13);
    CHECK_VEC_CLOSE("jacrev row M", J + D * P, wM, NN * P, 1e-12, 1e-13);
    CHECK_VEC_CLOSE("jacrev row S", J + D * P + NN * P, wS, NN * P, 1e-12, 1e-13);
    double B2[D][P], M2[NN][P], S2[NN][P], gB2[D][P], gM2[NN][P], gS2[NN][P];
    memcpy(B2, B, sizeof B2); memcpy(M2, M, sizeof M2); memcpy(S2, S, sizeof S2);
    memset(gB2, 0x7f, sizeof gB2);
    get_elbo2_grad(NN, P, D, (const double (*)[P])B2, gB2, (const double (*)[P])M2, gM2, (const double (*)[P])S2, gS2,
                   (const double (*)[D])X, (const double (*)[P])O, (const double (*)[P])Y, (const double (*)[P])Om);
    CHECK_VEC_CLOSE("2-D dB", &gB2[0][0], wB, D * P, 1e-12, 1e-13);
    CHECK_VEC_CLOSE("2-D dM", &gM2[0][0], wM, NN * P, 1e-12, 1e-13);
    CHECK_VEC_CLOSE("2-D dS", &gS2[0][0], wS, NN * P, 1e-12, 1e-13);
    /* a few clipped gradient steps lower the loss */
    double L0 = L;
    for (int it = 0; it < 20; it++) {
        L = get_elbo_grad(B, gB, M, gM, S, gS, X, O, Y, Om, NN, P, D);
        for (int i = 0; i < D * P; i++) B[i] -= 0.01 * fmax(-10, fmin(10, gB[i]));
        for (int i = 0; i < NN * P; i++) { M[i] -= 0.01 * fmax(-10, fmin(10, gM[i])); S[i] -= 0.01 * fmax(-10, fmin(10, gS[i])); }
    }
    CHECK_TRUE("descent lowers -ELBO", L < L0);
    return oracle_result();
}
