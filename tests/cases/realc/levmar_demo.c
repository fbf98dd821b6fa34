// CFLAGS: -D_DEFAULT_SOURCE
/*
** realc/levmar_demo: residual functions of Manolis Lourakis' levmar (lmdemo.c)
** in levmar's callback signature void f(double *p, double *x, int m, int n,
** void *data), with `register int i`, j++ walks of the Jacobian, unused m and
** data, and the demo's hand-written Jacobians (jacmodmeyer, jacosborne, ...),
** which a levmar user would replace by generated ones.
** Requests: jacfwd and jacrev of each residual wrt p[m] (out x[n]); the
** helical valley function branches on the sign of p[0] (atan quadrant).
** Oracles: levmar's hand-written Jacobians, which lmdemo ships for checking
** with dlevmar_chkjac (1e-12); jacrev = jacfwd; central differences for the
** functions lmdemo gives no Jacobian for (helval, 1e-6).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
#pragma GCC diagnostic ignored "-Wunused-parameter"

/* Meyer's (reformulated) problem, minimum at (2.48, 6.18, 3.45) */
void modmeyer(double *p, double *x, int m, int n, void *data)
{
register int i;
double ui;

  for(i=0; i<n; ++i){
    ui=0.45+0.05*i;
    x[i]=p[0]*exp(10.0*p[1]/(ui+p[2]) - 13.0);
  }
}

void jacmodmeyer(double *p, double *jac, int m, int n, void *data)
{
register int i, j;
double ui, tmp;

  for(i=j=0; i<n; ++i){
    ui=0.45+0.05*i;
    tmp=exp(10.0*p[1]/(ui+p[2]) - 13.0);

    jac[j++]=tmp;
    jac[j++]=10.0*p[0]*tmp/(ui+p[2]);
    jac[j++]=-10.0*p[0]*p[1]*tmp/((ui+p[2])*(ui+p[2]));
  }
}

/* Osborne's problem, minimum at (0.3754, 1.9358, -1.4647, 0.0128, 0.0221) */
void osborne(double *p, double *x, int m, int n, void *data)
{
register int i;
double t;

  for(i=0; i<n; ++i){
    t=10*i;
    x[i]=p[0] + p[1]*exp(-p[3]*t) + p[2]*exp(-p[4]*t);
  }
}

void jacosborne(double *p, double *jac, int m, int n, void *data)
{
register int i, j;
double t, tmp1, tmp2;

  for(i=j=0; i<n; ++i){
    t=10*i;
    tmp1=exp(-p[3]*t);
    tmp2=exp(-p[4]*t);

    jac[j++]=1.0;
    jac[j++]=tmp1;
    jac[j++]=tmp2;
    jac[j++]=-p[1]*t*tmp1;
    jac[j++]=-p[2]*t*tmp2;
  }
}

/* helical valley function, minimum at (1.0, 0.0, 0.0) */
void helval(double *p, double *x, int m, int n, void *data)
{
double theta;

  if(p[0]<0.0)
     theta=atan(p[1]/p[0])/(2.0*M_PI) + 0.5;
  else if(0.0<p[0])
     theta=atan(p[1]/p[0])/(2.0*M_PI);
  else
    theta=(p[1]>=0)? 0.25 : -0.25;

  x[0]=10.0*(p[2] - 10.0*theta);
  x[1]=10.0*(sqrt(p[0]*p[0] + p[1]*p[1]) - 1.0);
  x[2]=p[2];
}

/* Wood's function, minimum at (1.0, 1.0, 1.0, 1.0) */
void wood(double *p, double *x, int m, int n, void *data)
{
  x[0]=10.0*(p[1] - p[0]*p[0]);
  x[1]=1.0 - p[0];
  x[2]=sqrt(90.0)*(p[3] - p[2]*p[2]);
  x[3]=1.0 - p[2];
  x[4]=sqrt(10.0)*(p[1]+p[3] - 2.0);
  x[5]=(p[1] - p[3])/sqrt(10.0);
}

void jacwood(double *p, double *jac, int m, int n, void *data)
{
register int j=0;

  jac[j++]=-20.0*p[0];
  jac[j++]=10.0;
  jac[j++]=0.0;
  jac[j++]=0.0;

  jac[j++]=-1.0;
  jac[j++]=0.0;
  jac[j++]=0.0;
  jac[j++]=0.0;

  jac[j++]=0.0;
  jac[j++]=0.0;
  jac[j++]=-2.0*sqrt(90.0)*p[2];
  jac[j++]=sqrt(90.0);

  jac[j++]=0.0;
  jac[j++]=0.0;
  jac[j++]=-1.0;
  jac[j++]=0.0;

  jac[j++]=0.0;
  jac[j++]=sqrt(10.0);
  jac[j++]=0.0;
  jac[j++]=sqrt(10.0);

  jac[j++]=0.0;
  jac[j++]=1.0/sqrt(10.0);
  jac[j++]=0.0;
  jac[j++]=-1.0/sqrt(10.0);
}
#pragma ad jacfwd(modmeyer) wrt(p[m]) out(x[n])
#pragma ad jacrev(modmeyer) wrt(p[m]) out(x[n])
#pragma ad jacfwd(osborne) wrt(p[m]) out(x[n])
#pragma ad jacrev(osborne) wrt(p[m]) out(x[n])
#pragma ad jacfwd(helval) wrt(p[m]) out(x[n])
#pragma ad jacrev(helval) wrt(p[m]) out(x[n])
#pragma ad jacfwd(wood) wrt(p[m]) out(x[n])
#pragma ad jacrev(wood) wrt(p[m]) out(x[n])

#include "levmar_demo.ad.h"

typedef void (*fn_t)(double *, double *, int, int, void *);
typedef void (*jfn_t)(double *, double *, int, int, void *, double *);
static void check(const char *name, fn_t f, jfn_t jf, jfn_t jr, fn_t hand, double *p, int m, int n)
{
    double x[40], x2[40], Jf[40 * 5], Jr[40 * 5], Jh[40 * 5];
    f(p, x2, m, n, NULL);
    jf(p, x, m, n, NULL, Jf);
    CHECK_VEC_CLOSE(name, x, x2, n, 1e-15, 0);
    jr(p, x, m, n, NULL, Jr);
    CHECK_VEC_CLOSE(name, Jr, Jf, n * m, 1e-12, 1e-14);
    if (hand) {
        hand(p, Jh, m, n, NULL);
        CHECK_VEC_CLOSE(name, Jf, Jh, n * m, 1e-12, 1e-14);
    } else {
        for (int j = 0; j < m; j++) {
            double pp[5], pm[5], xp[40], xm[40], h = 1e-6;
            memcpy(pp, p, m * sizeof *p); memcpy(pm, p, m * sizeof *p); pp[j] += h; pm[j] -= h;
            f(pp, xp, m, n, NULL); f(pm, xm, m, n, NULL);
            for (int i = 0; i < n; i++) CHECK_CLOSE(name, Jf[i * m + j], (xp[i] - xm[i]) / (2 * h), 1e-6, 1e-9);
        }
    }
}
int main(void)
{
    double pm[3] = {8.85, 4.0, 2.5}, po[5] = {0.5, 1.5, -1.0, 1.0e-2, 2.0e-2};
    double ph1[3] = {-1.0, 0.3, 0.2}, ph2[3] = {0.7, -0.4, 0.1}, pw[4] = {-3.0, -1.0, -3.0, -1.0};
    check("modmeyer", modmeyer, modmeyer_jacfwd, modmeyer_jacrev, jacmodmeyer, pm, 3, 16);
    check("osborne", osborne, osborne_jacfwd, osborne_jacrev, jacosborne, po, 5, 33);
    check("helval p0<0", helval, helval_jacfwd, helval_jacrev, NULL, ph1, 3, 3);
    check("helval p0>0", helval, helval_jacfwd, helval_jacrev, NULL, ph2, 3, 3);
    check("wood", wood, wood_jacfwd, wood_jacrev, jacwood, pw, 4, 6);
    return oracle_result();
}
