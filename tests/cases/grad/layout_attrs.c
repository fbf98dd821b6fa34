/*
** grad/layout_attrs: record types whose layout attributes matter, read by
** derivative code from data FILE.c defines: a packed record as a binary
** file format lays it out, a record with _Alignas and aligned(N) members
** (cache-line padding between per-thread sums), and an aligned type.
** FILE.ad.c defines the types with the same layout as FILE.c (it dropped
** the attributes, and read the fields at other offsets than FILE.c wrote
** them). Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>
#include <stdint.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct __attribute__((packed)) {
    uint8_t id;
    double weight;
    float bias;
} Sample;

typedef struct {
    char name[4];
    _Alignas(64) double scale;           /* its own cache line */
    double shift __attribute__((aligned(32)));
    int count;
} Settings;

typedef struct __attribute__((aligned(32))) {
    double c[3];
} Coef;

const Sample samples[4] = {{1, 0.5, 0.25f}, {2, -1.5, 0.5f}, {3, 2.0, -0.75f}, {4, 0.75, 1.0f}};
const Settings settings = {"net", 1.25, -0.5, 4};
const Coef coef[2] = {{{1.0, 0.5, 0.25}}, {{-1.0, 2.0, 0.125}}};

double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        const Sample *sm = &samples[i % settings.count];
        const Coef *c = &coef[i % 2];
        double u = sm->weight * x[i] + sm->bias;
        s += settings.scale * u * u + settings.shift * sin(x[i]) + c->c[0] + c->c[1] * x[i] + c->c[2] * x[i] * x[i];
    }
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "layout_attrs.ad.h"

ORACLE_XN_CASE(f, 8, 10)
