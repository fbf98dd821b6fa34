/* grad/gsl_odeiv2_step_alloc: GSL's ode-initval2 stepping layer, ported as written
** (gsl_odeiv2_system with the parameters behind void *params, the step type's static const
** table of functions and the global gsl_odeiv2_step_rk4 = &rk4_type, the stepper's workspace
** behind void *state made by s->type->alloc(dim)), differentiated the way the GSL manual uses
** it: the stepper allocated, stepped and freed in the user's function.
** What it checks: calls through function pointers on data pointers alone (no floating type
** in the signature: void *(*alloc)(size_t), int (*reset)(void *, size_t), void (*free)(void *))
** are dispatched like those on floating data, so s->state = s->type->alloc(dim) runs
** rk4_alloc's derivative (which allocates the arrays' shadows) and rk4_free's frees are
** deferred; a pointer that matches none of the file's functions falls back to the indirect
** call, stopped at run time (ccad_unknown_callee) only where it touches derivatives. It used
** to be the error external_pointer (the allocator's derivative never ran; earlier still a
** SIGSEGV in rk4_apply_fwd). The table pointer T passed to gsl_odeiv2_step_alloc, in one
** class with the state (the malloc'd struct's fields), gets no shadow (ty_ptr_never_shadowed).
** The functions called through rk4_type are not static here (GSL's are): the shared global
** hands FILE.c's table, whose static functions FILE.ad.c cannot compare with (diag
** fnptr_static_target for rk4_apply; a run-time stop for the others).
** Oracles: grad against central differences of the program (ORACLE_RTOL_FD); jvp against the
** gradient by the dot product (1e-12); yerr against its formula. */
// CFLAGS: -D_DEFAULT_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ccad_oracle.h"

/* ---- gsl_errno.h ---- */
enum { GSL_SUCCESS = 0, GSL_FAILURE = -1, GSL_ENOMEM = 8, GSL_EBADFUNC = 9 };

/* ---- gsl_odeiv2.h ---- */
typedef struct {
    int (*function) (double t, const double y[], double dydt[], void *params);
    int (*jacobian) (double t, const double y[], double *dfdy, double dfdt[], void *params);
    size_t dimension;
    void *params;
} gsl_odeiv2_system;

#define GSL_ODEIV_FN_EVAL(S,t,y,f)  (*((S)->function))(t,y,f,(S)->params)

typedef struct {
    const char *name;
    int can_use_dydt_in;
    int gives_exact_dydt_out;
    void *(*alloc) (size_t dim);
    int (*apply) (void *state, size_t dim, double t, double h, double y[], double yerr[],
                  const double dydt_in[], double dydt_out[], const gsl_odeiv2_system * dydt);
    int (*reset) (void *state, size_t dim);
    unsigned int (*order) (void *state);
    void (*free) (void *state);
} gsl_odeiv2_step_type;

typedef struct {
    const gsl_odeiv2_step_type *type;
    size_t dimension;
    void *state;
} gsl_odeiv2_step;

#define DBL_MEMCPY(dest,src,n) memcpy((dest),(src),(n)*sizeof(double))
#define DBL_ZERO_MEMSET(dest,n) memset((dest),0,(n)*sizeof(double))

/* ---- rk4.c ---- */
typedef struct {
    double *k;
    double *k1;
    double *y0;
    double *ytmp;
    double *y_onestep;
} rk4_state_t;

void *rk4_alloc(size_t dim)
{
    rk4_state_t *state = (rk4_state_t *) malloc(sizeof(rk4_state_t));

    if (state == 0)
        return 0;

    state->k = (double *) malloc(dim * sizeof(double));
    state->k1 = (double *) malloc(dim * sizeof(double));
    state->y0 = (double *) malloc(dim * sizeof(double));
    state->ytmp = (double *) malloc(dim * sizeof(double));
    state->y_onestep = (double *) malloc(dim * sizeof(double));

    return state;
}

static int
rk4_step(double *y, const rk4_state_t * state,
         const double h, const double t, const size_t dim, const gsl_odeiv2_system * sys)
{
    /* Makes a Runge-Kutta 4th order advance with step size h. */

    /* initial values of variables y. */
    const double *y0 = state->y0;

    /* work space */
    double *ytmp = state->ytmp;

    /* Runge-Kutta coefficients. Contains values of coefficient k1
       in the beginning
     */
    double *k = state->k;

    size_t i;

    /* k1 step */

    for (i = 0; i < dim; i++) {
        y[i] += h / 6.0 * k[i];
        ytmp[i] = y0[i] + 0.5 * h * k[i];
    }

    /* k2 step */
    {
        int s = GSL_ODEIV_FN_EVAL(sys, t + 0.5 * h, ytmp, k);

        if (s != GSL_SUCCESS) {
            return s;
        }
    }

    for (i = 0; i < dim; i++) {
        y[i] += h / 3.0 * k[i];
        ytmp[i] = y0[i] + 0.5 * h * k[i];
    }

    /* k3 step */
    {
        int s = GSL_ODEIV_FN_EVAL(sys, t + 0.5 * h, ytmp, k);

        if (s != GSL_SUCCESS) {
            return s;
        }
    }

    for (i = 0; i < dim; i++) {
        y[i] += h / 3.0 * k[i];
        ytmp[i] = y0[i] + h * k[i];
    }

    /* k4 step */
    {
        int s = GSL_ODEIV_FN_EVAL(sys, t + h, ytmp, k);

        if (s != GSL_SUCCESS) {
            return s;
        }
    }

    for (i = 0; i < dim; i++) {
        y[i] += h / 6.0 * k[i];
    }

    return GSL_SUCCESS;
}

int
rk4_apply(void *vstate,
          size_t dim,
          double t,
          double h,
          double y[],
          double yerr[],
          const double dydt_in[], double dydt_out[], const gsl_odeiv2_system * sys)
{
    rk4_state_t *state = (rk4_state_t *) vstate;

    size_t i;

    double *const k = state->k;
    double *const k1 = state->k1;
    double *const y0 = state->y0;
    double *const y_onestep = state->y_onestep;

    DBL_MEMCPY(y0, y, dim);

    if (dydt_in != NULL) {
        DBL_MEMCPY(k, dydt_in, dim);
    }
    else {
        int s = GSL_ODEIV_FN_EVAL(sys, t, y0, k);

        if (s != GSL_SUCCESS) {
            return s;
        }
    }

    /* Error estimation is done by step doubling procedure */

    /* Save first point derivatives */

    DBL_MEMCPY(k1, k, dim);

    /* First traverse h with one step (save to y_onestep) */

    DBL_MEMCPY(y_onestep, y, dim);

    {
        int s = rk4_step(y_onestep, state, h, t, dim, sys);

        if (s != GSL_SUCCESS) {
            return s;
        }
    }

    /* Then with two steps with half step length (save to y) */

    DBL_MEMCPY(k, k1, dim);

    {
        int s = rk4_step(y, state, h / 2.0, t, dim, sys);

        if (s != GSL_SUCCESS) {
            /* Restore original values */
            DBL_MEMCPY(y, y0, dim);
            return s;
        }
    }

    /* Update before second step */
    {
        int s = GSL_ODEIV_FN_EVAL(sys, t + h / 2.0, y, k);

        if (s != GSL_SUCCESS) {
            /* Restore original values */
            DBL_MEMCPY(y, y0, dim);
            return s;
        }
    }

    /* Save original y0 to k1 for possible failures */
    DBL_MEMCPY(k1, y0, dim);

    /* Update y0 for second step */
    DBL_MEMCPY(y0, y, dim);

    {
        int s = rk4_step(y, state, h / 2.0, t + h / 2.0, dim, sys);

        if (s != GSL_SUCCESS) {
            /* Restore original values */
            DBL_MEMCPY(y, k1, dim);
            return s;
        }
    }

    /* Derivatives at output */

    if (dydt_out != NULL) {
        int s = GSL_ODEIV_FN_EVAL(sys, t + h, y, dydt_out);

        if (s != GSL_SUCCESS) {
            /* Restore original values */
            DBL_MEMCPY(y, k1, dim);
            return s;
        }
    }

    /* Error estimation

       yerr = C * 0.5 * | y(onestep) - y(twosteps) | / (2^order - 1)

       constant C is approximately 8.0 to ensure 90% of samples lie within
       the error (assuming a gaussian distribution with prior p(sigma)=1/sigma.)

     */

    for (i = 0; i < dim; i++) {
        yerr[i] = 4.0 * (y[i] - y_onestep[i]) / 15.0;
    }

    return GSL_SUCCESS;
}

int rk4_reset(void *vstate, size_t dim)
{
    rk4_state_t *state = (rk4_state_t *) vstate;

    DBL_ZERO_MEMSET(state->k, dim);
    DBL_ZERO_MEMSET(state->k1, dim);
    DBL_ZERO_MEMSET(state->y0, dim);
    DBL_ZERO_MEMSET(state->ytmp, dim);
    DBL_ZERO_MEMSET(state->y_onestep, dim);

    return GSL_SUCCESS;
}

static unsigned int rk4_order(void *vstate)
{
    rk4_state_t *state = (rk4_state_t *) vstate;
    state = 0;                  /* prevent warnings about unused parameters */
    (void)state;
    return 4;
}

void rk4_free(void *vstate)
{
    rk4_state_t *state = (rk4_state_t *) vstate;

    free(state->k);
    free(state->k1);
    free(state->y0);
    free(state->ytmp);
    free(state->y_onestep);
    free(state);
}

static const gsl_odeiv2_step_type rk4_type = { "rk4",   /* name */
    1,                          /* can use dydt_in */
    1,                          /* gives exact dydt_out */
    &rk4_alloc,
    &rk4_apply,
    &rk4_reset,
    &rk4_order,
    &rk4_free
};

const gsl_odeiv2_step_type *gsl_odeiv2_step_rk4 = &rk4_type;

/* ---- step.c ---- */
gsl_odeiv2_step *gsl_odeiv2_step_alloc(const gsl_odeiv2_step_type * T, size_t dim)
{
    gsl_odeiv2_step *s = (gsl_odeiv2_step *) malloc(sizeof(gsl_odeiv2_step));

    if (s == 0)
        return 0;

    s->type = T;
    s->dimension = dim;

    s->state = s->type->alloc(dim);

    if (s->state == 0) {
        free(s);
        return 0;
    }

    return s;
}

int
gsl_odeiv2_step_apply(gsl_odeiv2_step * s,
                      double t,
                      double h,
                      double y[],
                      double yerr[],
                      const double dydt_in[], double dydt_out[], const gsl_odeiv2_system * dydt)
{
    return s->type->apply(s->state, s->dimension, t, h, y, yerr, dydt_in, dydt_out, dydt);
}

int gsl_odeiv2_step_reset(gsl_odeiv2_step * s)
{
    return s->type->reset(s->state, s->dimension);
}

void gsl_odeiv2_step_free(gsl_odeiv2_step * s)
{
    s->type->free(s->state);
    free(s);
}

/* ---- the user's code ---- */
struct lv_params {
    double a, b, c, d;
};

int lotka_volterra(double t, const double y[], double f[], void *params)
{
    (void)t;
    struct lv_params *p = (struct lv_params *) params;
    f[0] = p->a * y[0] - p->b * y[0] * y[1];
    f[1] = p->c * y[0] * y[1] - p->d * y[1];
    return GSL_SUCCESS;
}

/* theta = (a, b, c, d), y0[2]; obs[2*nobs] at t = (k+1) * h * per, k < nobs */
double lv_misfit(const double *theta, const double *y0, const double *obs, int nobs, int per,
                 double h)
{
    struct lv_params p = {theta[0], theta[1], theta[2], theta[3]};
    gsl_odeiv2_system sys = {lotka_volterra, NULL, 2, &p};
    gsl_odeiv2_step *s = gsl_odeiv2_step_alloc(gsl_odeiv2_step_rk4, 2);
    double y[2] = {y0[0], y0[1]}, yerr[2], dydt[2];
    double t = 0, J = 0;
    int k, j;

    gsl_odeiv2_step_reset(s);
    lotka_volterra(t, y, dydt, &p);
    for (k = 0; k < nobs; k++) {
        for (j = 0; j < per; j++) {
            int status = gsl_odeiv2_step_apply(s, t, h, y, yerr, dydt, dydt, &sys);
            if (status != GSL_SUCCESS) {
                printf("error, return value=%d\n", status);
                break;
            }
            t += h;
        }
        J += 0.5 * ((y[0] - obs[2 * k]) * (y[0] - obs[2 * k]) +
                    (y[1] - obs[2 * k + 1]) * (y[1] - obs[2 * k + 1]));
    }
    gsl_odeiv2_step_free(s);
    return J;
}

#pragma ad grad(lv_misfit) wrt(theta[4], y0[2])
#pragma ad jvp(lv_misfit) wrt(theta[4], y0[2])

#include "gsl_odeiv2_step_alloc.ad.h"

#define NOBS 25
#define PER 8
#define H 0.05

static double g_obs[2 * NOBS];

static void flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    *y = lv_misfit(x, x + 4, g_obs, NOBS, PER, H);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(void)
{
    OracleRng rng = oracle_rng(99);
    double x[6] = {1.1, 0.4, 0.1, 0.4, 10.0, 10.0}, g[6], gfd[6];
    /* observations: the model at other parameters, with noise */
    {
        double xt[6] = {1.0, 0.5, 0.12, 0.45, 9.0, 11.0};
        struct lv_params p = {xt[0], xt[1], xt[2], xt[3]};
        gsl_odeiv2_system sys = {lotka_volterra, NULL, 2, &p};
        gsl_odeiv2_step *s = gsl_odeiv2_step_alloc(gsl_odeiv2_step_rk4, 2);
        double y[2] = {xt[4], xt[5]}, yerr[2], t = 0;
        for (int k = 0; k < NOBS; k++) {
            for (int j = 0; j < PER; j++, t += H)
                gsl_odeiv2_step_apply(s, t, H, y, yerr, NULL, NULL, &sys);
            g_obs[2 * k] = y[0] + 0.3 * oracle_normal(&rng);
            g_obs[2 * k + 1] = y[1] + 0.3 * oracle_normal(&rng);
        }
        /* yerr is 4/15 of (two half steps - one step) */
        double y1[2] = {y[0], y[1]}, yh[2] = {y[0], y[1]};
        gsl_odeiv2_step_apply(s, t, H, y1, yerr, NULL, NULL, &sys);
        rk4_state_t *st = s->state;
        CHECK_CLOSE("yerr", yerr[0], 4.0 * (y1[0] - st->y_onestep[0]) / 15.0, 1e-15, 0);
        (void)yh;
        gsl_odeiv2_step_free(s);
    }
    double f0 = lv_misfit(x, x + 4, g_obs, NOBS, PER, H);
    double fg = lv_misfit_grad(x, g, x + 4, g + 4, g_obs, NOBS, PER, H);
    CHECK_CLOSE("grad primal", fg, f0, 1e-14, 0);
    oracle_fd_grad(flat, NULL, 6, x, gfd);
    CHECK_VEC_CLOSE("grad vs FD", g, gfd, 6, ORACLE_RTOL_FD, oracle_fd_atol(f0));
    {
        double v[6], fdot = 0;
        oracle_fill_normal(&rng, v, 6);
        double fj = lv_misfit_jvp(x, v, x + 4, v + 4, g_obs, NOBS, PER, H, &fdot);
        CHECK_CLOSE("jvp primal", fj, f0, 1e-14, 0);
        CHECK_CLOSE("jvp = <grad, v>", fdot, oracle_dot(g, v, 6), 1e-12, 1e-14 * fabs(f0));
    }
    {
        int reps = 2000;
        double t0 = now(), s = 0;
        for (int r = 0; r < reps; r++)
            s += lv_misfit(x, x + 4, g_obs, NOBS, PER, H);
        double tf = (now() - t0) / reps;
        t0 = now();
        for (int r = 0; r < reps; r++)
            s += lv_misfit_grad(x, g, x + 4, g + 4, g_obs, NOBS, PER, H);
        double tg = (now() - t0) / reps;
        printf("timing: f %.3g s, grad %.3g s, grad/f %.2f (%g)\n", tf, tg, tg / tf, s);
    }
    return oracle_result();
}
