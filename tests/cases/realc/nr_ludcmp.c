/*
** realc/nr_ludcmp: Numerical Recipes in C (2nd ed.) ludcmp/lubksb in their
** double forms, with nrutil's 1-based dvector/ivector/dmatrix (pointers offset
** by -nl+NR_END, rows of a double ** pointing into one block), Crout's method
** with implicit partial pivoting (row swaps, vv scaling), TINY on a zero pivot,
** `else if (sum) ii=i;` in the forward substitution. A user's wrappers copy a
** 0-based row-major matrix into dmatrix(1,n,1,n), factor and solve.
** Requests: grad of c.x + log|det A| wrt (A, b); jacfwd and jacrev of the
** solve x = A^-1 b wrt (A, b); jvp.
** Oracles: closed forms (d(c.x)/db = A^-T c, d/dA = -A^-T c x^T + A^-T)
** at 1e-10; the Jacobian block wrt b times A is the identity (1e-10); jacrev
** equals jacfwd (1e-12); jvp against the gradient by dot product (1e-12).
** The ivector free_ivector frees (allocated by nrutil, which carries no
** derivative) is freed by grad and jacrev at their end (deferred: the
** backward sweep may read indx): clean under -fsanitize=address.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "ccad_oracle.h"

#define NR_END 1
#define FREE_ARG char*
#define TINY 1.0e-20

void nrerror(char error_text[])
{
	fprintf(stderr,"Numerical Recipes run-time error...\n");
	fprintf(stderr,"%s\n",error_text);
	fprintf(stderr,"...now exiting to system...\n");
	exit(1);
}
double *dvector(long nl, long nh)
{
	double *v;
	v=(double *)malloc((size_t) ((nh-nl+1+NR_END)*sizeof(double)));
	if (!v) nrerror("allocation failure in dvector()");
	return v-nl+NR_END;
}
int *ivector(long nl, long nh)
{
	int *v;
	v=(int *)malloc((size_t) ((nh-nl+1+NR_END)*sizeof(int)));
	if (!v) nrerror("allocation failure in ivector()");
	return v-nl+NR_END;
}
double **dmatrix(long nrl, long nrh, long ncl, long nch)
{
	long i, nrow=nrh-nrl+1,ncol=nch-ncl+1;
	double **m;
	m=(double **) malloc((size_t)((nrow+NR_END)*sizeof(double*)));
	if (!m) nrerror("allocation failure 1 in matrix()");
	m += NR_END;
	m -= nrl;
	m[nrl]=(double *) malloc((size_t)((nrow*ncol+NR_END)*sizeof(double)));
	if (!m[nrl]) nrerror("allocation failure 2 in matrix()");
	m[nrl] += NR_END;
	m[nrl] -= ncl;
	for(i=nrl+1;i<=nrh;i++) m[i]=m[i-1]+ncol;
	return m;
}
void free_dvector(double *v, long nl, long nh)
{
	(void)nh;
	free((FREE_ARG) (v+nl-NR_END));
}
void free_ivector(int *v, long nl, long nh)
{
	(void)nh;
	free((FREE_ARG) (v+nl-NR_END));
}
void free_dmatrix(double **m, long nrl, long nrh, long ncl, long nch)
{
	(void)nrh; (void)nch;
	free((FREE_ARG) (m[nrl]+ncl-NR_END));
	free((FREE_ARG) (m+nrl-NR_END));
}

void ludcmp(double **a, int n, int *indx, double *d)
{
	int i,imax=0,j,k;
	double big,dum,sum,temp;
	double *vv;

	vv=dvector(1,n);
	*d=1.0;
	for (i=1;i<=n;i++) {
		big=0.0;
		for (j=1;j<=n;j++)
			if ((temp=fabs(a[i][j])) > big) big=temp;
		if (big == 0.0) nrerror("Singular matrix in routine ludcmp");
		vv[i]=1.0/big;
	}
	for (j=1;j<=n;j++) {
		for (i=1;i<j;i++) {
			sum=a[i][j];
			for (k=1;k<i;k++) sum -= a[i][k]*a[k][j];
			a[i][j]=sum;
		}
		big=0.0;
		for (i=j;i<=n;i++) {
			sum=a[i][j];
			for (k=1;k<j;k++)
				sum -= a[i][k]*a[k][j];
			a[i][j]=sum;
			if ( (dum=vv[i]*fabs(sum)) >= big) {
				big=dum;
				imax=i;
			}
		}
		if (j != imax) {
			for (k=1;k<=n;k++) {
				dum=a[imax][k];
				a[imax][k]=a[j][k];
				a[j][k]=dum;
			}
			*d = -(*d);
			vv[imax]=vv[j];
		}
		indx[j]=imax;
		if (a[j][j] == 0.0) a[j][j]=TINY;
		if (j != n) {
			dum=1.0/(a[j][j]);
			for (i=j+1;i<=n;i++) a[i][j] *= dum;
		}
	}
	free_dvector(vv,1,n);
}

void lubksb(double **a, int n, int *indx, double b[])
{
	int i,ii=0,ip,j;
	double sum;

	for (i=1;i<=n;i++) {
		ip=indx[i];
		sum=b[ip];
		b[ip]=b[i];
		if (ii)
			for (j=ii;j<=i-1;j++) sum -= a[i][j]*b[j];
		else if (sum) ii=i;
		b[i]=sum;
	}
	for (i=n;i>=1;i--) {
		sum=b[i];
		for (j=i+1;j<=n;j++) sum -= a[i][j]*b[j];
		b[i]=sum/a[i][i];
	}
}

/* the user's code: 0-based arrays in, NR inside */
void nr_solve(const double *A, const double *b, double *x, int n)
{
	double **a = dmatrix(1, n, 1, n), d;
	int *indx = ivector(1, n), i, j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= n; j++) a[i][j] = A[(i-1)*n + (j-1)];
	ludcmp(a, n, indx, &d);
	for (i = 1; i <= n; i++) x[i-1] = b[i-1];
	lubksb(a, n, indx, x - 1);
	free_ivector(indx, 1, n);
	free_dmatrix(a, 1, n, 1, n);
}
double nr_objective(const double *A, const double *b, const double *c, int n)
{
	double **a = dmatrix(1, n, 1, n), d, *x = dvector(1, n), f = 0.0;
	int *indx = ivector(1, n), i, j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= n; j++) a[i][j] = A[(i-1)*n + (j-1)];
	ludcmp(a, n, indx, &d);
	for (j = 1; j <= n; j++) f += log(fabs(a[j][j]));
	for (i = 1; i <= n; i++) x[i] = b[i-1];
	lubksb(a, n, indx, x);
	for (i = 1; i <= n; i++) f += c[i-1] * x[i];
	free_dvector(x, 1, n);
	free_ivector(indx, 1, n);
	free_dmatrix(a, 1, n, 1, n);
	return f;
}
#pragma ad grad(nr_objective) wrt(A[n*n], b[n])
#pragma ad jvp(nr_objective) wrt(A[n*n], b[n])
#pragma ad jacfwd(nr_solve) wrt(A[n*n], b[n]) out(x[n])
#pragma ad jacrev(nr_solve) wrt(A[n*n], b[n]) out(x[n])

#include "nr_ludcmp.ad.h"

#define N 5
int main(void)
{
	double A[N*N], b[N], c[N], gA[N*N], gb[N], x[N], Jf[N*(N*N+N)], Jr[N*(N*N+N)];
	OracleRng r = oracle_rng(5);
	/* a matrix that needs row swaps: small diagonal, large off-diagonal */
	for (int i = 0; i < N*N; i++) A[i] = oracle_uniform(&r, -1, 1);
	for (int i = 0; i < N; i++) { A[i*N+i] *= 0.05; b[i] = oracle_uniform(&r, -1, 1); c[i] = oracle_uniform(&r, -1, 1); }
	double f0 = nr_objective(A, b, c, N);
	double f1 = nr_objective_grad(A, gA, b, gb, c, N);
	CHECK_CLOSE("primal", f1, f0, 1e-15, 0);
	/* closed forms: x = A^-1 b, y = A^-T c, Z = A^-T (columns of identity) */
	double y[N], Ainv[N*N], At[N*N], e[N];
	nr_solve(A, b, x, N);
	for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) At[i*N+j] = A[j*N+i];
	nr_solve(At, c, y, N);
	for (int k = 0; k < N; k++) { for (int i = 0; i < N; i++) e[i] = i == k; nr_solve(A, e, x, N);
		for (int i = 0; i < N; i++) Ainv[i*N+k] = x[i]; }
	nr_solve(A, b, x, N);
	for (int i = 0; i < N; i++) CHECK_CLOSE("d/db = A^-T c", gb[i], y[i], 1e-10, 1e-12);
	for (int i = 0; i < N; i++) for (int j = 0; j < N; j++)
		CHECK_CLOSE("d/dA = -y x^T + A^-T", gA[i*N+j], -y[i]*x[j] + Ainv[j*N+i], 1e-10, 1e-12);
	/* jvp by dot product */
	double vA[N*N], vb[N], fd = 0, dot = 0;
	oracle_fill_uniform(&r, vA, N*N, -1, 1); oracle_fill_uniform(&r, vb, N, -1, 1);
	for (int i = 0; i < N*N; i++) dot += vA[i]*gA[i];
	for (int i = 0; i < N; i++) dot += vb[i]*gb[i];
	nr_objective_jvp(A, vA, b, vb, c, N, &fd);
	CHECK_CLOSE("jvp . dot", fd, dot, 1e-12, 1e-14);
	/* Jacobians: columns 0..N*N-1 wrt A, then N wrt b */
	int nc = N*N + N;
	nr_solve_jacfwd(A, b, x, N, Jf);
	nr_solve_jacrev(A, b, x, N, Jr);
	CHECK_VEC_CLOSE("jacrev = jacfwd", Jr, Jf, N*nc, 1e-12, 1e-14);
	for (int i = 0; i < N; i++) for (int k = 0; k < N; k++) {
		double s = 0; for (int j = 0; j < N; j++) s += A[i*N+j] * Jf[j*nc + N*N + k];
		CHECK_CLOSE("A * dx/db = I", s, i == k, 1e-10, 1e-12); }
	for (int i = 0; i < N; i++) for (int p = 0; p < N; p++) for (int q = 0; q < N; q++)
		CHECK_CLOSE("dx_i/dA_pq = -Ainv_ip x_q", Jf[i*nc + p*N+q], -Ainv[i*N+p]*x[q], 1e-10, 1e-12);
	return oracle_result();
}
