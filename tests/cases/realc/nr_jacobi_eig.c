/*
** realc/nr_jacobi_eig: Numerical Recipes' jacobi (cyclic Jacobi eigenvalue
** method for a symmetric matrix) in its double form: 1-based dmatrix and
** dvector, the multi-statement ROTATE macro, the threshold sweeps, the
** (float)(fabs(d)+g) == (float)fabs(d) underflow tests that zero an element,
** the early return (after two free_dvector calls) when the off-diagonal sum
** is exactly zero, the int *nrot counter.
** Requests: jacfwd and jacrev of the eigenvalues wrt the matrix (as the
** algorithm reads it: the upper triangle); grad of the largest eigenvalue
** (picked by a branch) wrt the matrix; jvp.
** Oracles: first-order perturbation theory, d lambda_k = v_k^T dA v_k: with
** the upper triangle read, d lambda_k / dA_ij = 2 v_ik v_jk (i < j), v_ik^2
** (i = j), 0 below the diagonal (1e-10); jacrev = jacfwd (1e-12); central
** differences of the program (h = 1e-6, rtol 1e-6).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

#define NR_END 1
#define FREE_ARG char*

void nrerror(char error_text[])
{
	fprintf(stderr,"Numerical Recipes run-time error...\n%s\n",error_text);
	exit(1);
}
double *dvector(long nl, long nh)
{
	double *v;
	v=(double *)malloc((size_t) ((nh-nl+1+NR_END)*sizeof(double)));
	if (!v) nrerror("allocation failure in dvector()");
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
void free_dvector(double *v, long nl, long nh) { (void)nh; free((FREE_ARG) (v+nl-NR_END)); }
void free_dmatrix(double **m, long nrl, long nrh, long ncl, long nch)
{
	(void)nrh; (void)nch;
	free((FREE_ARG) (m[nrl]+ncl-NR_END));
	free((FREE_ARG) (m+nrl-NR_END));
}

#define ROTATE(a,i,j,k,l) g=a[i][j];h=a[k][l];a[i][j]=g-s*(h+g*tau);\
	a[k][l]=h+s*(g-h*tau);

void jacobi(double **a, int n, double d[], double **v, int *nrot)
{
	int j,iq,ip,i;
	double tresh,theta,tau,t,sm,s,h,g,c,*b,*z;

	b=dvector(1,n);
	z=dvector(1,n);
	for (ip=1;ip<=n;ip++) {
		for (iq=1;iq<=n;iq++) v[ip][iq]=0.0;
		v[ip][ip]=1.0;
	}
	for (ip=1;ip<=n;ip++) {
		b[ip]=d[ip]=a[ip][ip];
		z[ip]=0.0;
	}
	*nrot=0;
	for (i=1;i<=50;i++) {
		sm=0.0;
		for (ip=1;ip<=n-1;ip++) {
			for (iq=ip+1;iq<=n;iq++)
				sm += fabs(a[ip][iq]);
		}
		if (sm == 0.0) {
			free_dvector(z,1,n);
			free_dvector(b,1,n);
			return;
		}
		if (i < 4)
			tresh=0.2*sm/(n*n);
		else
			tresh=0.0;
		for (ip=1;ip<=n-1;ip++) {
			for (iq=ip+1;iq<=n;iq++) {
				g=100.0*fabs(a[ip][iq]);
				if (i > 4 && (double)(fabs(d[ip])+g) == (double)fabs(d[ip])
					&& (double)(fabs(d[iq])+g) == (double)fabs(d[iq]))
					a[ip][iq]=0.0;
				else if (fabs(a[ip][iq]) > tresh) {
					h=d[iq]-d[ip];
					if ((double)(fabs(h)+g) == (double)fabs(h))
						t=(a[ip][iq])/h;
					else {
						theta=0.5*h/(a[ip][iq]);
						t=1.0/(fabs(theta)+sqrt(1.0+theta*theta));
						if (theta < 0.0) t = -t;
					}
					c=1.0/sqrt(1+t*t);
					s=t*c;
					tau=s/(1.0+c);
					h=t*a[ip][iq];
					z[ip] -= h;
					z[iq] += h;
					d[ip] -= h;
					d[iq] += h;
					a[ip][iq]=0.0;
					for (j=1;j<=ip-1;j++) {
						ROTATE(a,j,ip,j,iq)
					}
					for (j=ip+1;j<=iq-1;j++) {
						ROTATE(a,ip,j,j,iq)
					}
					for (j=iq+1;j<=n;j++) {
						ROTATE(a,ip,j,iq,j)
					}
					for (j=1;j<=n;j++) {
						ROTATE(v,j,ip,j,iq)
					}
					++(*nrot);
				}
			}
		}
		for (ip=1;ip<=n;ip++) {
			b[ip] += z[ip];
			d[ip]=b[ip];
			z[ip]=0.0;
		}
	}
	nrerror("Too many iterations in routine jacobi");
}

/* the user's code: eigenvalues (unsorted) and eigenvectors of a 0-based matrix */
void eig(const double *A, double *lam, double *V, int n)
{
	double **a = dmatrix(1, n, 1, n), **v = dmatrix(1, n, 1, n), *d = dvector(1, n);
	int nrot, i, j;
	for (i = 1; i <= n; i++) for (j = 1; j <= n; j++) a[i][j] = A[(i-1)*n + j-1];
	jacobi(a, n, d, v, &nrot);
	for (i = 1; i <= n; i++) { lam[i-1] = d[i]; for (j = 1; j <= n; j++) V[(i-1)*n + j-1] = v[i][j]; }
	free_dvector(d, 1, n); free_dmatrix(v, 1, n, 1, n); free_dmatrix(a, 1, n, 1, n);
}
double lam_max(const double *A, int n)
{
	double lam[8], V[64], m;
	eig(A, lam, V, n);
	m = lam[0];
	for (int k = 1; k < n; k++) if (lam[k] > m) m = lam[k];
	return m;
}
#pragma ad jacfwd(eig) wrt(A[n*n]) out(lam[n])
#pragma ad jacrev(eig) wrt(A[n*n]) out(lam[n])
#pragma ad grad(lam_max) wrt(A[n*n])
#pragma ad jvp(lam_max) wrt(A[n*n])

#include "nr_jacobi_eig.ad.h"

#define N 5
int main(void)
{
	double A[N*N], lam[N], V[N*N], Jf[N*N*N], Jr[N*N*N], g[N*N];
	OracleRng r = oracle_rng(17);
	for (int i = 0; i < N; i++) for (int j = i; j < N; j++) A[i*N+j] = A[j*N+i] = oracle_uniform(&r, -1, 1) + (i == j) * i;
	eig_jacfwd(A, lam, V, N, Jf);
	eig_jacrev(A, lam, V, N, Jr);
	CHECK_VEC_CLOSE("jacrev = jacfwd", Jr, Jf, N*N*N, 1e-12, 1e-12);
	for (int k = 0; k < N; k++) for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) {
		double want = i < j ? 2 * V[i*N+k] * V[j*N+k] : i == j ? V[i*N+k] * V[i*N+k] : 0.0;
		CHECK_CLOSE("d lambda = v^T dA v", Jf[k*N*N + i*N + j], want, 1e-10, 1e-12);
	}
	int kmax = 0;
	for (int k = 1; k < N; k++) if (lam[k] > lam[kmax]) kmax = k;
	double m = lam_max_grad(A, g, N);
	CHECK_CLOSE("primal", m, lam[kmax], 1e-15, 0);
	CHECK_VEC_CLOSE("grad lam_max = its jacobian row", g, Jf + kmax*N*N, N*N, 1e-12, 1e-14);
	for (int q = 0; q < N*N; q += 4) {
		double Ap[N*N], Am[N*N], h = 1e-6; memcpy(Ap, A, sizeof A); memcpy(Am, A, sizeof A); Ap[q] += h; Am[q] -= h;
		CHECK_CLOSE("grad vs fd", g[q], (lam_max(Ap, N) - lam_max(Am, N)) / (2 * h), 1e-6, 1e-9);
	}
	double vA[N*N], md = 0;
	for (int q = 0; q < N*N; q++) vA[q] = sin(1.0 + q);
	lam_max_jvp(A, vA, N, &md);
	CHECK_CLOSE("jvp . dot", md, oracle_dot(vA, g, N*N), 1e-12, 1e-14);
	return oracle_result();
}
