// CFLAGS: -Wno-missing-braces -Wno-missing-field-initializers
/*
** Initializers with elided braces, as older numerical C writes them: a 2 x 2
** rotation written flat ({c, -s, s, c} for double R[2][2]), a nested struct
** filled field by field ({x0, y0, w}), and the universal zero {0} of a
** struct holding a struct and an array. C fills the braces in; cc-ad lowers
** the list fully braced, so the derivative of each slot is the derivative
** of the value C puts there (the reverse sweep did not compile, the {0} of
** a nested struct came out as {0, 0.0}: -Wmissing-field-initializers;
** found by tests/fuzz). Oracles: central differences, the dot-product test
** with jvp (ORACLE_XN_CASE).
*/
#include <math.h>
#include "ccad_oracle.h"

typedef struct { double x, y; } Point;
typedef struct { Point at; double weight; } Site;
typedef struct { Site s; double hist[3]; int count; } Acc;

double f(const double *x, int n) {
    double c = cos(x[0]), s = sin(x[0]);
    double R[2][2] = {c, -s, s, c};
    Site site = {x[1], x[2], 0.5 + x[3] * x[3]};
    Acc acc = {0};
    for (int i = 1; i < n; i++) {
        double px = R[0][0] * x[i] + R[0][1] * site.at.y;
        double py = R[1][0] * site.at.x + R[1][1] * x[i];
        acc.s.weight += site.weight * (px * px + py * py);
        acc.hist[i % 3] += px * py;
        acc.count++;
    }
    return acc.s.weight / acc.count + acc.hist[0] * acc.hist[1] + acc.hist[2];
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#include "init_elide.ad.h"

ORACLE_XN_CASE(f, 4, 2008)
