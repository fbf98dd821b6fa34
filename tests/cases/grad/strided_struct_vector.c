// EXPECT-WARNING: zeroes the floating fields
/*
** grad/strided_struct_vector: a GSL-style vector struct (size, stride,
** double *data) passed by pointer, read and written through accessor
** helpers at i * stride, requested with wrt(v[1]) out(out[1], return):
** the shadows are structs of the same type whose data pointers lead to the
** derivative storage with the same stride. grad warns that it cannot zero
** what the shadow pointers lead to (the caller zeroes it); vjp zeroes the
** seeded output elements only, not the gaps between strided elements.
** Oracles: closed form of the gradient (rtol 1e-12); the dot-product test
** between jvp and vjp (1e-12); out_bar zeroed where written, kept between.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "ccad_oracle.h"

typedef struct vec { size_t size, stride; double *data; int owner; } vec;

static double vget(const vec *v, size_t i) { return v->data[i * v->stride]; }
static void vset(vec *v, size_t i, double x) { v->data[i * v->stride] = x; }

double softplus_norm(const vec *v, vec *out)
{
    double s = 0.0;
    for (size_t i = 0; i < v->size; i++) {
        double t = log1p(exp(vget(v, i)));
        vset(out, i, t);
        s += t * t;
    }
    return sqrt(s);
}

#pragma ad grad(softplus_norm) wrt(v[1])
#pragma ad vjp(softplus_norm) wrt(v[1]) out(out[1], return)
#pragma ad jvp(softplus_norm) wrt(v[1]) out(out[1], return)

#include "strided_struct_vector.ad.h"

int main(void)
{
    double xd[12], od[12], gd[12], obd[12];
    for (int i = 0; i < 12; i++) { xd[i] = 0.1 * i - 0.5; gd[i] = 0.0; od[i] = 0; obd[i] = 0; }
    vec v = {4, 3, xd, 0}, out = {4, 2, od, 0};
    vec vb = {4, 3, gd, 0};
    double f = softplus_norm_grad(&v, &vb, &out);
    char label[64];
    for (int i = 0; i < 12; i++) {
        double want = 0.0;
        if (i % 3 == 0 && i / 3 < 4) {
            double x = xd[i], t = log1p(exp(x));
            want = t / f * (1.0 / (1.0 + exp(-x)));
        }
        snprintf(label, sizeof label, "grad data[%d]", i);
        oracle_check_close(label, gd[i], want, 1e-12, 1e-14);
    }
    /* vjp with seed on out and the return; jvp; dot-product test */
    double vdot[12], odot[12], rd, seedo[12], gb2[12];
    OracleRng rng = oracle_rng(7);
    for (int i = 0; i < 12; i++) { vdot[i] = oracle_uniform(&rng, -1, 1); seedo[i] = oracle_uniform(&rng, -1, 1); gb2[i] = 0; odot[i] = 0; }
    vec vd = {4, 3, vdot, 0}, outd = {4, 2, odot, 0}, vb2 = {4, 3, gb2, 0}, ob2 = {4, 2, obd, 0};
    for (int i = 0; i < 12; i++) obd[i] = seedo[i];
    softplus_norm_jvp(&v, &vd, &out, &outd, &rd);
    softplus_norm_vjp(&v, &vb2, &out, &ob2, 0.7);
    double lhs = 0.7 * rd, rhs = 0.0;
    for (int i = 0; i < 4; i++) lhs += seedo[2 * i] * odot[2 * i];
    for (int i = 0; i < 4; i++) rhs += vdot[3 * i] * gb2[3 * i];
    oracle_check_close("dot product", lhs, rhs, 1e-12, 1e-14);
    for (int i = 0; i < 12; i++)
        if (i % 2 == 0 && i / 2 < 4) oracle_check_close("out_bar zeroed", obd[i], 0.0, 0, 0);
        else oracle_check_close("out_bar gap kept", obd[i], seedo[i], 0, 0);
    return oracle_result();
}
