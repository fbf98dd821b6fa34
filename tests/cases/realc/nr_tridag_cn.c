// CFLAGS: -D_DEFAULT_SOURCE
/*
** realc/nr_tridag_cn: Numerical Recipes' tridag (1-based vectors, unsigned long
** counters, the descending back-substitution for (j=(n-1);j>=1;j--) over an
** unsigned index, gam from dvector, bet assigned inside an expression) driving
** a Crank-Nicolson heat solver whose time loop is a while (t < tend) loop
** marked `#pragma ad checkpoint` (trip count unknown on entry: online
** schedule), with a source term and a conductivity kappa.
** Requests: grad of a final-state misfit wrt (u0, kappa); jvp; vjp of tridag
** itself wrt (a, b, c, r) (out u).
** Oracles: central differences (h = 1e-6, rtol 1e-6); jvp by dot product
** (1e-12); tridag's vjp against the closed form: r_bar = T^-T u_bar (solved by
** tridag on the transposed system) and b_bar = -r_bar .* u (1e-12).
** The checkpoint is applied: the loop writes a[], b[], ... from dvector,
** whose blocks cc-ad follows through the offset pointer it returns (v - nl
** + NR_END: the state saves from a + nl - NR_END; it warned and taped the
** loop in full before, grad/ckpt_offset_allocator_extent.c); tridag's own
** gam = dvector(..) ... free_dvector(gam, ..) in each iteration does not
** stop it (grad/ckpt_callee_malloc_free).
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
	fprintf(stderr,"Numerical Recipes run-time error...\n");
	fprintf(stderr,"%s\n",error_text);
	exit(1);
}
double *dvector(long nl, long nh)
{
	double *v;
	v=(double *)malloc((size_t) ((nh-nl+1+NR_END)*sizeof(double)));
	if (!v) nrerror("allocation failure in dvector()");
	return v-nl+NR_END;
}
void free_dvector(double *v, long nl, long nh)
{
	(void)nh;
	free((FREE_ARG) (v+nl-NR_END));
}

void tridag(double a[], double b[], double c[], double r[], double u[], unsigned long n)
{
	unsigned long j;
	double bet,*gam;

	gam=dvector(1,n);
	if (b[1] == 0.0) nrerror("Error 1 in tridag");
	u[1]=r[1]/(bet=b[1]);
	for (j=2;j<=n;j++) {
		gam[j]=c[j-1]/bet;
		bet=b[j]-a[j]*gam[j];
		if (bet == 0.0)	nrerror("Error 2 in tridag");
		u[j]=(r[j]-a[j]*u[j-1])/bet;
	}
	for (j=(n-1);j>=1;j--)
		u[j] -= gam[j+1]*u[j+1];
	free_dvector(gam,1,n);
}

/* the user's Crank-Nicolson solver: u_t = kappa u_xx + s(x), u = 0 at both ends */
double heat_cn(const double *u0, double kappa, const double *target, int n, double tend)
{
	double *a = dvector(1, n), *b = dvector(1, n), *c = dvector(1, n), *r = dvector(1, n), *u = dvector(1, n);
	double dx = 1.0 / (n + 1), dt = 0.01, t = 0.0, lam, J = 0.0;
	int i;
	for (i = 1; i <= n; i++) u[i] = u0[i - 1];
#pragma ad checkpoint
	while (t < tend - 1e-12) {
		if (t + dt > tend) dt = tend - t;
		lam = kappa * dt / (dx * dx);
		for (i = 1; i <= n; i++) {
			double ul = i > 1 ? u[i - 1] : 0.0, ur = i < n ? u[i + 1] : 0.0;
			a[i] = -0.5 * lam; b[i] = 1.0 + lam; c[i] = -0.5 * lam;
			r[i] = u[i] + 0.5 * lam * (ul - 2.0 * u[i] + ur) + dt * sin(3.0 * i * dx);
		}
		tridag(a, b, c, r, u, n);
		t += dt;
	}
	for (i = 1; i <= n; i++) J += 0.5 * (u[i] - target[i - 1]) * (u[i] - target[i - 1]);
	free_dvector(u, 1, n); free_dvector(r, 1, n); free_dvector(c, 1, n); free_dvector(b, 1, n); free_dvector(a, 1, n);
	return J;
}
#pragma ad grad(heat_cn) wrt(u0[n], kappa)
#pragma ad jvp(heat_cn) wrt(u0[n], kappa)
#pragma ad vjp(tridag) wrt(a, b, c, r) out(u)

#include "nr_tridag_cn.ad.h"

#define N 9
int main(void)
{
	double u0[N], tg[N], g[N], gk = 0, kappa = 0.3, tend = 0.137;
	for (int i = 0; i < N; i++) { u0[i] = sin(M_PI * (i + 1) / (N + 1.0)); tg[i] = 0.3 * u0[i]; }
	double f0 = heat_cn(u0, kappa, tg, N, tend), f1 = heat_cn_grad(u0, g, kappa, &gk, tg, N, tend);
	CHECK_CLOSE("primal", f1, f0, 1e-15, 0);
	double h = 1e-6;
	for (int j = 0; j < N; j++) {
		double up[N], um[N]; memcpy(up, u0, sizeof u0); memcpy(um, u0, sizeof u0); up[j] += h; um[j] -= h;
		CHECK_CLOSE("grad u0 vs fd", g[j], (heat_cn(up, kappa, tg, N, tend) - heat_cn(um, kappa, tg, N, tend)) / (2 * h), 1e-6, 1e-10);
	}
	CHECK_CLOSE("grad kappa vs fd", gk, (heat_cn(u0, kappa + h, tg, N, tend) - heat_cn(u0, kappa - h, tg, N, tend)) / (2 * h), 1e-6, 1e-10);
	double v[N], vk = 0.4, fd = 0;
	OracleRng rg = oracle_rng(3);
	oracle_fill_uniform(&rg, v, N, -1, 1);
	heat_cn_jvp(u0, v, kappa, vk, tg, N, tend, &fd);
	CHECK_CLOSE("jvp . dot", fd, oracle_dot(v, g, N) + vk * gk, 1e-12, 1e-14);
	/* tridag's vjp (1-based arrays: element 0 unused) */
	double a[N + 1], b[N + 1], c[N + 1], r[N + 1], u[N + 1], ab[N + 1] = {0}, bb[N + 1] = {0}, cb[N + 1] = {0}, rb[N + 1] = {0}, ub[N + 1];
	double at[N + 1], ct[N + 1], w[N + 1];
	for (int i = 1; i <= N; i++) { a[i] = -0.3 - 0.01 * i; b[i] = 2.0 + 0.1 * i; c[i] = -0.4 + 0.02 * i; r[i] = cos(i); ub[i] = sin(2.0 * i); }
	a[0] = b[0] = c[0] = r[0] = u[0] = ub[0] = 0;
	tridag_vjp(a, ab, b, bb, c, cb, r, rb, u, ub, N);
	/* T^T: sub-diagonal at row i is c[i-1], super-diagonal at row i is a[i+1] */
	double sb[N + 1];
	for (int i = 1; i <= N; i++) { at[i] = i > 1 ? c[i - 1] : 0; ct[i] = i < N ? a[i + 1] : 0; sb[i] = sin(2.0 * i); }
	tridag(at, b, ct, sb, w, N);
	for (int i = 1; i <= N; i++) {
		CHECK_CLOSE("r_bar = T^-T u_bar", rb[i], w[i], 1e-12, 1e-14);
		CHECK_CLOSE("b_bar = -r_bar u", bb[i], -w[i] * u[i], 1e-12, 1e-14);
		if (i > 1) CHECK_CLOSE("a_bar = -r_bar_i u_{i-1}", ab[i], -w[i] * u[i - 1], 1e-12, 1e-14);
		if (i < N) CHECK_CLOSE("c_bar = -r_bar_i u_{i+1}", cb[i], -w[i] * u[i + 1], 1e-12, 1e-14);
	}
	return oracle_result();
}
