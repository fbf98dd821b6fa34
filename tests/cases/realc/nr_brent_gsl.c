/*
** realc/nr_brent_gsl: Numerical Recipes' brent() (parabolic interpolation with
** golden-section fallback, SHFT and SIGN macros, the ITMAX loop that returns
** from inside) behind GSL's gsl_function calling convention: the objective is
** called through a function pointer stored in a struct, with its parameters
** behind a void * that the callback casts back (GSL_FN_EVAL).
** Requests: grad, jvp, jacrev and hessian of the minimum value wrt the
** parameters (the Hessian: forward over reverse through the callback).
** Oracles: the envelope theorem, d min_x f(x; p) / dp = df/dp at x* (closed
** form, rtol 1e-7: x* is found to 1e-10 relative and f' ~ f'' |x - x*|);
** central differences of the whole program (h = 1e-6, rtol 1e-6); jvp by dot
** product (1e-12).
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ccad_oracle.h"

struct gsl_function_struct
{
  double (* function) (double x, void * params);
  void * params;
};
typedef struct gsl_function_struct gsl_function ;
#define GSL_FN_EVAL(F,x) (*((F)->function))(x,(F)->params)

#define ITMAX 100
#define CGOLD 0.3819660
#define ZEPS 1.0e-10
#define SHFT(a,b,c,d) (a)=(b);(b)=(c);(c)=(d);
#define SIGN(a,b) ((b) >= 0.0 ? fabs(a) : -fabs(a))

double brent(double ax, double bx, double cx, gsl_function *F, double tol, double *xmin)
{
	int iter;
	double a,b,d=0.0,etemp,fu,fv,fw,fx,p,q,r,tol1,tol2,u,v,w,x,xm;
	double e=0.0;

	a=(ax < cx ? ax : cx);
	b=(ax > cx ? ax : cx);
	x=w=v=bx;
	fw=fv=fx=GSL_FN_EVAL(F,x);
	for (iter=1;iter<=ITMAX;iter++) {
		xm=0.5*(a+b);
		tol2=2.0*(tol1=tol*fabs(x)+ZEPS);
		if (fabs(x-xm) <= (tol2-0.5*(b-a))) {
			*xmin=x;
			return fx;
		}
		if (fabs(e) > tol1) {
			r=(x-w)*(fx-fv);
			q=(x-v)*(fx-fw);
			p=(x-v)*q-(x-w)*r;
			q=2.0*(q-r);
			if (q > 0.0) p = -p;
			q=fabs(q);
			etemp=e;
			e=d;
			if (fabs(p) >= fabs(0.5*q*etemp) || p <= q*(a-x) || p >= q*(b-x))
				d=CGOLD*(e=(x >= xm ? a-x : b-x));
			else {
				d=p/q;
				u=x+d;
				if (u-a < tol2 || b-u < tol2)
					d=SIGN(tol1,xm-x);
			}
		} else {
			d=CGOLD*(e=(x >= xm ? a-x : b-x));
		}
		u=(fabs(d) >= tol1 ? x+d : x+SIGN(tol1,d));
		fu=GSL_FN_EVAL(F,u);
		if (fu <= fx) {
			if (u >= x) a=x; else b=x;
			SHFT(v,w,x,u)
			SHFT(fv,fw,fx,fu)
		} else {
			if (u < x) a=u; else b=u;
			if (fu <= fw || w == x) {
				v=w;
				w=u;
				fv=fw;
				fw=fu;
			} else if (fu <= fv || v == x || v == w) {
				v=u;
				fv=fu;
			}
		}
	}
	fprintf(stderr, "Too many iterations in brent\n");
	*xmin=x;
	return fx;
}

struct my_params { double a, b, c; };
static double my_f(double x, void *params)
{
	struct my_params *p = (struct my_params *) params;
	return cosh(p->a * (x - p->b)) + p->c * x * x * x * x;
}
/* the user's code: the minimum over x of my_f(x; theta) */
double min_value(const double *theta)
{
	struct my_params par = {theta[0], theta[1], theta[2]};
	gsl_function F;
	double xmin;
	F.function = &my_f;
	F.params = &par;
	return brent(-3.0, 0.1, 3.0, &F, 1e-10, &xmin);
}
#pragma ad grad(min_value) wrt(theta[3])
#pragma ad jvp(min_value) wrt(theta[3])
#pragma ad hessian(min_value) wrt(theta[3])
#pragma ad jacrev(min_value) wrt(theta[3])

#include "nr_brent_gsl.ad.h"

int main(void)
{
	double th[3] = {1.3, 0.7, 0.05}, g[3], xmin;
	double f0 = min_value(th), f1 = min_value_grad(th, g);
	CHECK_CLOSE("primal", f1, f0, 1e-15, 0);
	/* x* by Newton on f'(x) = a sinh(a(x-b)) + 4c x^3 (main may not take &my_f:
	   the generated file has its own copy of the static callback) */
	xmin = th[1];
	for (int it = 0; it < 50; it++) {
		double a = th[0], b = th[1], c = th[2];
		xmin -= (a * sinh(a * (xmin - b)) + 4 * c * xmin * xmin * xmin) / (a * a * cosh(a * (xmin - b)) + 12 * c * xmin * xmin);
	}
	double s = sinh(th[0] * (xmin - th[1]));
	double env[3] = {s * (xmin - th[1]), -s * th[0], xmin * xmin * xmin * xmin};
	for (int j = 0; j < 3; j++) CHECK_CLOSE("envelope theorem", g[j], env[j], 1e-7, 1e-9);
	for (int j = 0; j < 3; j++) {
		double tp[3], tm[3], h = 1e-6;
		memcpy(tp, th, sizeof th); memcpy(tm, th, sizeof th); tp[j] += h; tm[j] -= h;
		CHECK_CLOSE("grad vs fd", g[j], (min_value(tp) - min_value(tm)) / (2 * h), 1e-6, 1e-9);
	}
	double v[3] = {0.4, -0.9, 2.0}, fd = 0;
	min_value_jvp(th, v, &fd);
	CHECK_CLOSE("jvp = g . v", fd, oracle_dot(g, v, 3), 1e-12, 1e-14);
	double Hs[9], Jr[3];
	min_value_hessian(th, Hs);
	min_value_jacrev(th, Jr);
	CHECK_VEC_CLOSE("jacrev = grad", Jr, g, 3, 1e-13, 1e-15);
	for (int j = 0; j < 3; j++) {
		double tp[3], tm[3], gp[3], gm[3], e = 1e-5;
		memcpy(tp, th, sizeof th); memcpy(tm, th, sizeof th); tp[j] += e; tm[j] -= e;
		min_value_grad(tp, gp); min_value_grad(tm, gm);
		for (int i = 0; i < 3; i++) CHECK_CLOSE("hessian vs fd of grad", Hs[i * 3 + j], (gp[i] - gm[i]) / (2 * e), 1e-5, 1e-7);
	}
	return oracle_result();
}
