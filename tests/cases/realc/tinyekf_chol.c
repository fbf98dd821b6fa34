// CFLAGS: -Wno-unused-function
/* realc/tinyekf_chol: TinyEKF (Copyright (C) 2015 Simon D. Levy, MIT License), c/tiny_ekf.c:
** the Cholesky inversion choldc1/choldcsl/cholsl (adapted by Levy from J-P Moreau), mulmat,
** transpose, accum copied as written: int status returns with early `return 1`, descending
** `for (k = i - 1; k >= 0; k--)`, in-place triangular updates through flat double* arrays.
** kalman_gain is the gain block of ekf_step written with those helpers on local arrays (the
** user's wrapper; ekf_step itself works on a void* blob). Requests: jacfwd and jacrev of the
** inverse, vjp and grad of a trace objective of the gain.
** Oracle: d(A^-1) = -A^-1 dA A^-1 (closed form with the primal inverse, rtol 1e-10), central
** differences for the gain (rtol 1e-6), jacfwd vs jacrev 1e-12. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "ccad_oracle.h"

/* Cholesky-decomposition matrix-inversion code, adapated from
   http://jean-pierre.moreau.pagesperso-orange.fr/Cplus/choles_cpp.txt */

static int choldc1(double * a, double * p, int n) {
    int i,j,k;
    double sum;

    for (i = 0; i < n; i++) {
        for (j = i; j < n; j++) {
            sum = a[i*n+j];
            for (k = i - 1; k >= 0; k--) {
                sum -= a[i*n+k] * a[j*n+k];
            }
            if (i == j) {
                if (sum <= 0) {
                    return 1; /* error */
                }
                p[i] = sqrt(sum);
            }
            else {
                a[j*n+i] = sum / p[i];
            }
        }
    }

    return 0; /* success */
}

static int choldcsl(double * A, double * a, double * p, int n) 
{
    int i,j,k; double sum;
    for (i = 0; i < n; i++) 
        for (j = 0; j < n; j++) 
            a[i*n+j] = A[i*n+j];
    if (choldc1(a, p, n)) return 1;
    for (i = 0; i < n; i++) {
        a[i*n+i] = 1 / p[i];
        for (j = i + 1; j < n; j++) {
            sum = 0;
            for (k = i; k < j; k++) {
                sum -= a[j*n+k] * a[k*n+i];
            }
            a[j*n+i] = sum / p[j];
        }
    }

    return 0; /* success */
}


static int cholsl(double * A, double * a, double * p, int n) 
{
    int i,j,k;
    if (choldcsl(A,a,p,n)) return 1;
    for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
            a[i*n+j] = 0.0;
        }
    }
    for (i = 0; i < n; i++) {
        a[i*n+i] *= a[i*n+i];
        for (k = i + 1; k < n; k++) {
            a[i*n+i] += a[k*n+i] * a[k*n+i];
        }
        for (j = i + 1; j < n; j++) {
            for (k = j; k < n; k++) {
                a[i*n+j] += a[k*n+i] * a[k*n+j];
            }
        }
    }
    for (i = 0; i < n; i++) {
        for (j = 0; j < i; j++) {
            a[i*n+j] = a[j*n+i];
        }
    }

    return 0; /* success */
}

/* C <- A * B */
static void mulmat(double * a, double * b, double * c, int arows, int acols, int bcols)
{
    int i, j,l;

    for(i=0; i<arows; ++i)
        for(j=0; j<bcols; ++j) {
            c[i*bcols+j] = 0;
            for(l=0; l<acols; ++l)
                c[i*bcols+j] += a[i*acols+l] * b[l*bcols+j];
        }
}

static void transpose(double * a, double * at, int m, int n)
{
    int i,j;

    for(i=0; i<m; ++i)
        for(j=0; j<n; ++j) {
            at[j*m+i] = a[i*n+j];
        }
}

/* A <- A + B */
static void accum(double * a, double * b, int m, int n)
{        
    int i,j;

    for(i=0; i<m; ++i)
        for(j=0; j<n; ++j)
            a[i*n+j] += b[i*n+j];
}

/* the gain block of ekf_step: G = Pp H^T (H Pp H^T + R)^{-1}, n states, m observations */
int kalman_gain(int n, int m, double *Pp, double *H, double *R, double *G)
{
    double Ht[n*m], tmp1[n*m], tmp2[m*n], tmp3[m*m], tmp4[m*m], tmp5[m];
    transpose(H, Ht, m, n);
    mulmat(Pp, Ht, tmp1, n, n, m);
    mulmat(H, Pp, tmp2, m, n, n);
    mulmat(tmp2, Ht, tmp3, m, n, m);
    accum(tmp3, R, m, m);
    if (cholsl(tmp3, tmp4, tmp5, m)) return 1;
    mulmat(tmp1, tmp4, G, n, m, m);
    return 0;
}
double gain_objective(int n, int m, double *Pp, double *H, double *R)
{
    double G[n*m], s = 0;
    if (kalman_gain(n, m, Pp, H, R, G)) return -1;
    for (int i = 0; i < n*m; i++) s += G[i] * G[i] * (1 + i);
    return s;
}

#pragma ad jacfwd(cholsl) wrt(A[n*n]) out(a[n*n]) scratch(p[n])
#pragma ad jacrev(cholsl) wrt(A[n*n]) out(a[n*n]) scratch(p[n])
#pragma ad jacrev(kalman_gain) wrt(Pp[n*n], R[m*m]) out(G[n*m])
#pragma ad grad(gain_objective) wrt(Pp[n*n], H[m*n], R[m*m])

#include "tinyekf_chol.ad.h"

#define N 4
#define NS 3
#define MO 2
int main(void)
{
    double A[N*N] = {4, 1, 0.5, 0.2,  1, 3, 0.3, 0.1,  0.5, 0.3, 2, 0.4,  0.2, 0.1, 0.4, 1.5};
    double Ai[N*N], p[N], Jf[N*N*N*N], Jr[N*N*N*N];
    CHECK_EQ_INT("cholsl ok", cholsl(A, Ai, p, N), 0);
    double a2[N*N], p2[N];
    CHECK_EQ_INT("jacfwd status", cholsl_jacfwd(A, a2, p2, N, Jf), 0);
    CHECK_VEC_CLOSE("jacfwd primal", a2, Ai, N*N, 0, 0);
    CHECK_EQ_INT("jacrev status", cholsl_jacrev(A, a2, p2, N, Jr), 0);
    /* d(A^-1)_{ij} / dA_{kl} = -Ai[i][k] Ai[l][j] */
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) for (int k = 0; k < N; k++) for (int l = 0; l < N; l++) {
        double want = -Ai[i*N+k] * Ai[l*N+j];
        /* cholsl reads only the upper triangle of A (choldc1 reads a[i*n+j], j >= i) */
        if (k > l) want = 0; else if (k < l) want += -Ai[i*N+l] * Ai[k*N+j];
        CHECK_CLOSE("jacfwd", Jf[(i*N+j)*N*N + k*N+l], want, 1e-10, 1e-13);
        CHECK_CLOSE("jacrev", Jr[(i*N+j)*N*N + k*N+l], Jf[(i*N+j)*N*N + k*N+l], 1e-12, 1e-14);
    }
    double Pp[NS*NS] = {2, 0.3, 0.1, 0.3, 1.5, 0.2, 0.1, 0.2, 1.0};
    double H[MO*NS] = {1, 0, 0.5, 0, 1, -0.3};
    double R[MO*MO] = {0.5, 0.1, 0.1, 0.4};
    double G[NS*MO], G2[NS*MO], JG[NS*MO*(NS*NS+MO*MO)];
    kalman_gain(NS, MO, Pp, H, R, G);
    CHECK_EQ_INT("gain jacrev", kalman_gain_jacrev(NS, MO, Pp, H, R, G2, JG), 0);
    CHECK_VEC_CLOSE("gain primal", G2, G, NS*MO, 0, 0);
    int nin = NS*NS + MO*MO;
    for (int c = 0; c < nin; c++) {
        double Pa[NS*NS], Pb[NS*NS], Ra[MO*MO], Rb[MO*MO], Ga[NS*MO], Gb[NS*MO], h = 1e-6;
        memcpy(Pa, Pp, sizeof Pa); memcpy(Pb, Pp, sizeof Pb); memcpy(Ra, R, sizeof Ra); memcpy(Rb, R, sizeof Rb);
        if (c < NS*NS) { Pa[c] += h; Pb[c] -= h; } else { Ra[c-NS*NS] += h; Rb[c-NS*NS] -= h; }
        kalman_gain(NS, MO, Pa, H, Ra, Ga); kalman_gain(NS, MO, Pb, H, Rb, Gb);
        for (int r = 0; r < NS*MO; r++)
            CHECK_CLOSE("gain jac", JG[r*nin + c], (Ga[r] - Gb[r]) / (2*h), 1e-6, 1e-9);
    }
    double gP[NS*NS], gH[MO*NS], gR[MO*MO];
    double s = gain_objective_grad(NS, MO, Pp, gP, H, gH, R, gR);
    CHECK_CLOSE("obj primal", s, gain_objective(NS, MO, Pp, H, R), 0, 0);
    for (int c = 0; c < NS*NS + MO*NS + MO*MO; c++) {
        double Pa[NS*NS], Pb[NS*NS], Ha[MO*NS], Hb[MO*NS], Ra[MO*MO], Rb[MO*MO], h = 1e-6, got;
        memcpy(Pa, Pp, sizeof Pa); memcpy(Pb, Pp, sizeof Pb); memcpy(Ha, H, sizeof Ha); memcpy(Hb, H, sizeof Hb); memcpy(Ra, R, sizeof Ra); memcpy(Rb, R, sizeof Rb);
        if (c < NS*NS) { Pa[c] += h; Pb[c] -= h; got = gP[c]; }
        else if (c < NS*NS + MO*NS) { Ha[c-NS*NS] += h; Hb[c-NS*NS] -= h; got = gH[c-NS*NS]; }
        else { Ra[c-NS*NS-MO*NS] += h; Rb[c-NS*NS-MO*NS] -= h; got = gR[c-NS*NS-MO*NS]; }
        CHECK_CLOSE("obj grad", got, (gain_objective(NS, MO, Pa, Ha, Ra) - gain_objective(NS, MO, Pb, Hb, Rb)) / (2*h), 1e-6, 1e-9);
    }
    return oracle_result();
}
