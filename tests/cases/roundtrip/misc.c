// NO-STANDALONE-HEADER: enum Shape (a parameter type) is defined in this file, which includes the header itself; ISO C has no forward declaration of an enum
/*
** roundtrip/misc: const parameters and locals, typedefs (of a scalar, an
** array, a pointer, a const type, a struct), object-like and function-like
** macros (nested, with side-effect-free arguments, a sizeof inside a
** macro, array lengths from macros), enums, a file-scope global that is
** only read (`(void)param;`: roundtrip/voidparam), and a long double
** local used for an inactive sum.
*/
#include <math.h>

#include "roundtrip.h"

typedef double real;
typedef real vec3[3];
typedef const double creal;
typedef double *dptr;
typedef struct Pair {
    real a, b;
} Pair;

#define DIM 3
#define SQR(v) ((v) * (v))
#define LERP(a, b, t) ((a) + ((b) - (a)) * (t))
#define NELEM(arr) (sizeof(arr) / sizeof((arr)[0]))
#define SCALE 0.75
#define TWICE_SCALE (2 * SCALE)

enum Shape { SHAPE_A = 1, SHAPE_B = 4, SHAPE_C };

int verbosity = 2;           /* read, never written */

real misc(const real *x, const vec3 w, const Pair *pr, int flag, enum Shape sh)
{
    const int n = DIM;
    creal c = SCALE;
    vec3 v;
    real tmp[DIM * 2];
    dptr p = tmp;
    for (int i = 0; i < n; i++) {
        v[i] = LERP(x[i], w[i], c) + SQR(x[i] - 1.0);
        p[i] = v[i] * TWICE_SCALE;
        p[i + DIM] = -p[i];
    }
    real s = 0;
    for (unsigned i = 0; i < NELEM(tmp); i++)
        s += tmp[i] * (i + 1);
    long double inactive_sum = 0.0L;
    for (int i = 0; i < n; i++)
        inactive_sum += (long double)i * 0.5L;
    Pair q = *pr;
    q.a = SQR(q.a + s);
    s += q.a * q.b + (real)inactive_sum;
    switch (sh) {
    case SHAPE_A: s *= 1.5; break;
    case SHAPE_B: s -= 1.0; break;
    case SHAPE_C: s = sqrt(fabs(s)); break;
    }
    if (verbosity > 1 && flag % 2)
        s += SHAPE_C;
    return s;
}

/* w[DIM] (with a size): roundtrip/arraytypedef */
#pragma ad jvp(misc) wrt(x[DIM], w)

#include "misc.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(26);
    rt_begin("misc");
    for (int i = 0; i < RT_NCASES; i++) {
        real x[DIM];
        vec3 w;
        oracle_fill_uniform(&rng, x, DIM, -1, 1);
        oracle_fill_uniform(&rng, w, DIM, -1, 1);
        Pair pr = {oracle_uniform(&rng, -1, 1), oracle_uniform(&rng, -1, 1)};
        enum Shape sh = i % 3 == 0 ? SHAPE_A : i % 3 == 1 ? SHAPE_B : SHAPE_C;
        verbosity = i % 4;
        rt_cmp(misc_primal(x, w, &pr, i, sh), misc(x, w, &pr, i, sh), i);
    }
    rt_end();
    return oracle_result();
}
