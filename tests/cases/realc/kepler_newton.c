// CFLAGS: -D_DEFAULT_SOURCE
// NO-STANDALONE-HEADER: Elements is an anonymous struct typedef (tests/fuzz/open/header_anon_typedef_selfinclude.c)
/*
** realc/kepler_newton: two-body orbit propagation as astrodynamics C writes
** it: Kepler's equation E - e sin E = M solved by Newton's method in a
** do/while loop until |dE| < 1e-14 (the trip count depends on the data), the
** starting guess chosen by a branch on e, fmod to wrap the mean anomaly,
** atan2 for the true anomaly, a struct of orbital elements, the perifocal to
** inertial rotation by three angles.
** Requests: jacfwd and jacrev of the inertial position wrt the six elements;
** grad of a range to a station; jvp.
** Oracles: the implicit-function derivatives of the converged solution,
** dE/dM = 1/(1 - e cos E), dE/de = sin E/(1 - e cos E) (closed form, 1e-12:
** Newton's last step makes the derivative of the iterate converge with it);
** central differences of the whole program (h = 1e-7, rtol 1e-6);
** jacrev = jacfwd (1e-12).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct { double a, e, i, raan, argp, M0; } Elements;

double kepler_E(double M, double e)
{
    double E = e < 0.8 ? M : M_PI, dE;
    int it = 0;
    do {
        dE = (E - e * sin(E) - M) / (1.0 - e * cos(E));
        E -= dE;
    } while (fabs(dE) > 1e-14 && ++it < 50);
    return E;
}
void propagate(const Elements *el, double t, double mu, double *r)
{
    double n = sqrt(mu / (el->a * el->a * el->a));
    double M = fmod(el->M0 + n * t, 2.0 * M_PI);
    double E = kepler_E(M, el->e);
    double nu = 2.0 * atan2(sqrt(1 + el->e) * sin(E / 2), sqrt(1 - el->e) * cos(E / 2));
    double rad = el->a * (1 - el->e * cos(E));
    double xp = rad * cos(nu), yp = rad * sin(nu);
    double cO = cos(el->raan), sO = sin(el->raan), ci = cos(el->i), si = sin(el->i), cw = cos(el->argp), sw = sin(el->argp);
    r[0] = (cO * cw - sO * sw * ci) * xp + (-cO * sw - sO * cw * ci) * yp;
    r[1] = (sO * cw + cO * sw * ci) * xp + (-sO * sw + cO * cw * ci) * yp;
    r[2] = (sw * si) * xp + (cw * si) * yp;
}
double range_to(const Elements *el, double t, double mu, const double *st)
{
    double r[3];
    propagate(el, t, mu, r);
    return sqrt((r[0] - st[0]) * (r[0] - st[0]) + (r[1] - st[1]) * (r[1] - st[1]) + (r[2] - st[2]) * (r[2] - st[2]));
}
#pragma ad jvp(kepler_E)
#pragma ad jacfwd(propagate) wrt(el[1]) out(r[3])
#pragma ad jacrev(propagate) wrt(el[1]) out(r[3])
#pragma ad grad(range_to) wrt(el[1])

#include "kepler_newton.ad.h"

int main(void)
{
    Elements el = {7000.0, 0.3, 0.9, 1.2, 0.4, 0.5};
    double mu = 398600.4418, t = 1234.5, Jf[18], Jr[18], r[3], st[3] = {1000, -2000, 500};
    for (int k = 0; k < 2; k++) {   /* both starting guesses */
        double M = 2.1, e = k ? 0.9 : 0.2, Ed = 0, Ed2 = 0;
        double E = kepler_E_jvp(M, 1.0, e, 0.0, &Ed);
        CHECK_CLOSE("dE/dM = 1/(1 - e cos E)", Ed, 1 / (1 - e * cos(E)), 1e-12, 1e-14);
        kepler_E_jvp(M, 0.0, e, 1.0, &Ed2);
        CHECK_CLOSE("dE/de = sin E/(1 - e cos E)", Ed2, sin(E) / (1 - e * cos(E)), 1e-12, 1e-14);
    }
    propagate_jacfwd(&el, t, mu, r, Jf);
    propagate_jacrev(&el, t, mu, r, Jr);
    CHECK_VEC_CLOSE("jacrev = jacfwd", Jr, Jf, 18, 1e-12, 1e-12);
    for (int j = 0; j < 6; j++) {
        Elements p = el, m = el;
        double h = 1e-7 * fmax(1, fabs(((double *)&el)[j])), rp[3], rm[3];
        ((double *)&p)[j] += h; ((double *)&m)[j] -= h;
        propagate(&p, t, mu, rp); propagate(&m, t, mu, rm);
        for (int i = 0; i < 3; i++) CHECK_CLOSE("jacfwd vs fd", Jf[i * 6 + j], (rp[i] - rm[i]) / (2 * h), 1e-6, 1e-6);
    }
    Elements gb = {0, 0, 0, 0, 0, 0};
    double rho = range_to_grad(&el, &gb, t, mu, st);
    double dr[3] = {(r[0] - st[0]) / rho, (r[1] - st[1]) / rho, (r[2] - st[2]) / rho};
    for (int j = 0; j < 6; j++)
        CHECK_CLOSE("grad = unit vector . J", ((double *)&gb)[j], dr[0] * Jf[j] + dr[1] * Jf[6 + j] + dr[2] * Jf[12 + j], 1e-12, 1e-12);
    return oracle_result();
}
