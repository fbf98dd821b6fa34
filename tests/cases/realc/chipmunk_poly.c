/* realc/chipmunk_poly: Chipmunk2D (Copyright (c) 2007/2013 Scott Lembcke and Howling Moon
** Software, MIT): cpVect.h's static inline vector library (structs by value, returned by value,
** a file-scope `static const cpVect cpvzero`) and chipmunk.c's polygon helpers
** cpMomentForPoly, cpAreaForPoly, cpCentroidForPoly (returns a cpVect), cpRecenterPoly
** (in-place), cpMomentForBox2 (cpBB by value), copied as written; cpfloat macros and types from
** chipmunk_types.h (CP_USE_DOUBLES) inlined. Requests as a shape-optimisation user writes them.
** Oracle: central differences (h = 1e-6, rtol 1e-6, floor 1e-8 * |f|). */
#include <math.h>
#include <float.h>
#include <stdbool.h>
#include <string.h>
#include "ccad_oracle.h"

/* chipmunk_types.h, CP_USE_DOUBLES */
typedef double cpFloat;
#define cpfsqrt sqrt
#define cpfsin sin
#define cpfcos cos
#define cpfacos acos
#define cpfatan2 atan2
#define cpfmod fmod
#define cpfexp exp
#define cpfpow pow
#define cpffloor floor
#define cpfceil ceil
#define CPFLOAT_MIN DBL_MIN
static inline cpFloat cpfmax(cpFloat a, cpFloat b) { return (a > b) ? a : b; }
static inline cpFloat cpfmin(cpFloat a, cpFloat b) { return (a < b) ? a : b; }
static inline cpFloat cpfabs(cpFloat f) { return (f < 0) ? -f : f; }
static inline cpFloat cpfclamp(cpFloat f, cpFloat min, cpFloat max) { return cpfmin(cpfmax(f, min), max); }
static inline cpFloat cpfclamp01(cpFloat f) { return cpfmax(0.0f, cpfmin(f, 1.0f)); }
typedef struct cpVect{cpFloat x,y;} cpVect;
typedef struct cpMat2x2 { cpFloat a, b, c, d; } cpMat2x2;
typedef struct cpBB{ cpFloat l, b, r ,t; } cpBB;

/* cpVect.h */
/// Constant for the zero vector.
static const cpVect cpvzero = {0.0f,0.0f};

/// Convenience constructor for cpVect structs.
static inline cpVect cpv(const cpFloat x, const cpFloat y)
{
	cpVect v = {x, y};
	return v;
}

/// Add two vectors
static inline cpVect cpvadd(const cpVect v1, const cpVect v2)
{
	return cpv(v1.x + v2.x, v1.y + v2.y);
}

/// Subtract two vectors.
static inline cpVect cpvsub(const cpVect v1, const cpVect v2)
{
	return cpv(v1.x - v2.x, v1.y - v2.y);
}

/// Scalar multiplication.
static inline cpVect cpvmult(const cpVect v, const cpFloat s)
{
	return cpv(v.x*s, v.y*s);
}

/// Vector dot product.
static inline cpFloat cpvdot(const cpVect v1, const cpVect v2)
{
	return v1.x*v2.x + v1.y*v2.y;
}

/// 2D vector cross product analog.
static inline cpFloat cpvcross(const cpVect v1, const cpVect v2)
{
	return v1.x*v2.y - v1.y*v2.x;
}

/// Returns the squared length of v. Faster than cpvlength() when you only need to compare lengths.
static inline cpFloat cpvlengthsq(const cpVect v)
{
	return cpvdot(v, v);
}

/// Returns the length of v.
static inline cpFloat cpvlength(const cpVect v)
{
	return cpfsqrt(cpvdot(v, v));
}

/// Linearly interpolate between v1 and v2.
static inline cpVect cpvlerp(const cpVect v1, const cpVect v2, const cpFloat t)
{
	return cpvadd(cpvmult(v1, 1.0f - t), cpvmult(v2, t));
}

/// Returns a normalized copy of v.
static inline cpVect cpvnormalize(const cpVect v)
{
	// Neat trick I saw somewhere to avoid div/0.
	return cpvmult(v, 1.0f/(cpvlength(v) + CPFLOAT_MIN));
}

/// Spherical linearly interpolate between v1 and v2.
static inline cpVect
cpvslerp(const cpVect v1, const cpVect v2, const cpFloat t)
{
	cpFloat dot = cpvdot(cpvnormalize(v1), cpvnormalize(v2));
	cpFloat omega = cpfacos(cpfclamp(dot, -1.0f, 1.0f));
	
	if(omega < 1e-3){
		// If the angle between two vectors is very small, lerp instead to avoid precision issues.
		return cpvlerp(v1, v2, t);
	} else {
		cpFloat denom = 1.0f/cpfsin(omega);
		return cpvadd(cpvmult(v1, cpfsin((1.0f - t)*omega)*denom), cpvmult(v2, cpfsin(t*omega)*denom));
	}
}

/// Returns the squared distance between v1 and v2. Faster than cpvdist() when you only need to compare distances.
static inline cpFloat cpvdistsq(const cpVect v1, const cpVect v2)
{
	return cpvlengthsq(cpvsub(v1, v2));
}

/* chipmunk.c */
cpFloat
cpMomentForPoly(cpFloat m, const int numVerts, const cpVect *verts, cpVect offset)
{
	cpFloat sum1 = 0.0f;
	cpFloat sum2 = 0.0f;
	for(int i=0; i<numVerts; i++){
		cpVect v1 = cpvadd(verts[i], offset);
		cpVect v2 = cpvadd(verts[(i+1)%numVerts], offset);
		
		cpFloat a = cpvcross(v2, v1);
		cpFloat b = cpvdot(v1, v1) + cpvdot(v1, v2) + cpvdot(v2, v2);
		
		sum1 += a*b;
		sum2 += a;
	}
	
	return (m*sum1)/(6.0f*sum2);
}

cpFloat
cpAreaForPoly(const int numVerts, const cpVect *verts)
{
	cpFloat area = 0.0f;
	for(int i=0; i<numVerts; i++){
		area += cpvcross(verts[i], verts[(i+1)%numVerts]);
	}
	
	return -area/2.0f;
}

cpVect
cpCentroidForPoly(const int numVerts, const cpVect *verts)
{
	cpFloat sum = 0.0f;
	cpVect vsum = cpvzero;
	
	for(int i=0; i<numVerts; i++){
		cpVect v1 = verts[i];
		cpVect v2 = verts[(i+1)%numVerts];
		cpFloat cross = cpvcross(v1, v2);
		
		sum += cross;
		vsum = cpvadd(vsum, cpvmult(cpvadd(v1, v2), cross));
	}
	
	return cpvmult(vsum, 1.0f/(3.0f*sum));
}

void
cpRecenterPoly(const int numVerts, cpVect *verts){
	cpVect centroid = cpCentroidForPoly(numVerts, verts);
	
	for(int i=0; i<numVerts; i++){
		verts[i] = cpvsub(verts[i], centroid);
	}
}

cpFloat
cpMomentForBox(cpFloat m, cpFloat width, cpFloat height)
{
	return m*(width*width + height*height)/12.0f;
}

cpFloat
cpMomentForBox2(cpFloat m, cpBB box)
{
	cpFloat width = box.r - box.l;
	cpFloat height = box.t - box.b;
	cpVect offset = cpvmult(cpv(box.l + box.r, box.b + box.t), 0.5f);
	
	// TODO NaN when offset is 0 and m is INFINITY
	return cpMomentForBox(m, width, height) + m*cpvlengthsq(offset);
}

cpVect slerp_api(const cpVect v1, const cpVect v2, const cpFloat t) { return cpvslerp(v1, v2, t); }

#pragma ad grad(cpAreaForPoly) wrt(verts[numVerts])
#pragma ad grad(cpMomentForPoly) wrt(m, verts[numVerts], offset)
#pragma ad jacfwd(cpCentroidForPoly) wrt(verts[numVerts]) out(return)
#pragma ad jacrev(cpCentroidForPoly) wrt(verts[numVerts]) out(return)
#pragma ad vjp(cpRecenterPoly) wrt(verts[numVerts]) out(verts[numVerts])
#pragma ad grad(cpMomentForBox2) wrt(m, box)
#pragma ad jacfwd(slerp_api) wrt(v1, v2, t) out(return)

#include "chipmunk_poly.ad.h"

#define NV 5
static const cpVect P0[NV] = {{0, 0}, {0, 2.0}, {1.5, 2.5}, {3.0, 1.2}, {2.0, -0.3}};
static double area_of(const double *x) { return cpAreaForPoly(NV, (const cpVect *)x); }
static double moment_of(const double *x) { cpVect o = {x[2*NV], x[2*NV+1]}; return cpMomentForPoly(x[2*NV+2], NV, (const cpVect *)x, o); }
static double fd(double (*f)(const double *), const double *x, int n, int j)
{
    double p[64], m[64], h = 1e-6 * fmax(1.0, fabs(x[j]));
    memcpy(p, x, n * sizeof *x); memcpy(m, x, n * sizeof *x); p[j] += h; m[j] -= h;
    return (f(p) - f(m)) / (2 * h);
}
int main(void)
{
    cpVect g[NV];
    double A = cpAreaForPoly_grad(NV, P0, g);
    CHECK_CLOSE("area primal", A, cpAreaForPoly(NV, P0), 0, 0);
    for (int j = 0; j < 2 * NV; j++) CHECK_CLOSE("area grad", ((double *)g)[j], fd(area_of, (const double *)P0, 2 * NV, j), 1e-6, 1e-8 * fabs(A));
    double x[2 * NV + 3]; memcpy(x, P0, sizeof P0); x[2*NV] = 0.3; x[2*NV+1] = -0.2; x[2*NV+2] = 2.5;
    cpVect go[NV]; cpVect off = {0.3, -0.2}, off_bar = {7, 7}; double m_bar;
    double M = cpMomentForPoly_grad(2.5, &m_bar, NV, P0, go, off, &off_bar);
    CHECK_CLOSE("moment primal", M, moment_of(x), 0, 0);
    for (int j = 0; j < 2 * NV; j++) CHECK_CLOSE("moment grad verts", ((double *)go)[j], fd(moment_of, x, 2 * NV + 3, j), 1e-6, 1e-8 * fabs(M));
    CHECK_CLOSE("moment grad off.x", off_bar.x, fd(moment_of, x, 2 * NV + 3, 2 * NV), 1e-6, 1e-8 * fabs(M));
    CHECK_CLOSE("moment grad off.y", off_bar.y, fd(moment_of, x, 2 * NV + 3, 2 * NV + 1), 1e-6, 1e-8 * fabs(M));
    CHECK_CLOSE("moment grad m", m_bar, fd(moment_of, x, 2 * NV + 3, 2 * NV + 2), 1e-6, 1e-8 * fabs(M));
    double Jf[2 * 2 * NV], Jr[2 * 2 * NV];
    cpVect c = cpCentroidForPoly(NV, P0), cf = cpCentroidForPoly_jacfwd(NV, P0, Jf), cr = cpCentroidForPoly_jacrev(NV, P0, Jr);
    CHECK_CLOSE("centroid primal f", cf.x + 3 * cf.y, c.x + 3 * c.y, 0, 0);
    CHECK_CLOSE("centroid primal r", cr.x + 3 * cr.y, c.x + 3 * c.y, 0, 0);
    for (int j = 0; j < 2 * NV; j++) {
        cpVect p[NV], q[NV]; memcpy(p, P0, sizeof p); memcpy(q, P0, sizeof q);
        double h = 1e-6 * fmax(1.0, fabs(((const double *)P0)[j]));
        ((double *)p)[j] += h; ((double *)q)[j] -= h;
        cpVect cp = cpCentroidForPoly(NV, p), cq = cpCentroidForPoly(NV, q);
        CHECK_CLOSE("centroid jacfwd x", Jf[j], (cp.x - cq.x) / (2 * h), 1e-6, 1e-8);
        CHECK_CLOSE("centroid jacfwd y", Jf[2 * NV + j], (cp.y - cq.y) / (2 * h), 1e-6, 1e-8);
        CHECK_CLOSE("centroid jacrev", Jr[j] + Jr[2 * NV + j], Jf[j] + Jf[2 * NV + j], 1e-12, 1e-14);
    }
    /* vjp of the in-place recenter: seed w, adjoint must equal J^T w by differences */
    {
        cpVect v[NV], vb[NV], w[NV]; OracleRng r = oracle_rng(3);
        oracle_fill_normal(&r, (double *)w, 2 * NV);
        memcpy(v, P0, sizeof v); memcpy(vb, w, sizeof vb);
        cpRecenterPoly_vjp(NV, v, vb);
        cpVect ref[NV]; memcpy(ref, P0, sizeof ref); cpRecenterPoly(NV, ref);
        CHECK_TRUE("recenter primal", memcmp(v, ref, sizeof v) == 0);
        for (int j = 0; j < 2 * NV; j++) {
            cpVect p[NV], q[NV]; memcpy(p, P0, sizeof p); memcpy(q, P0, sizeof q);
            double h = 1e-6 * fmax(1.0, fabs(((const double *)P0)[j]));
            ((double *)p)[j] += h; ((double *)q)[j] -= h;
            cpRecenterPoly(NV, p); cpRecenterPoly(NV, q);
            double want = 0;
            for (int k = 0; k < 2 * NV; k++) want += ((double *)w)[k] * (((double *)p)[k] - ((double *)q)[k]) / (2 * h);
            CHECK_CLOSE("recenter vjp", ((double *)vb)[j], want, 1e-6, 1e-8);
        }
    }
    {
        cpBB box = {-0.5, 0.2, 1.7, 2.1}, bb = {9, 9, 9, 9}; double mb;
        double I = cpMomentForBox2_grad(3.0, &mb, box, &bb);
        CHECK_CLOSE("box primal", I, cpMomentForBox2(3.0, box), 0, 0);
        double *bx = (double *)&box, *gb = (double *)&bb;
        for (int j = 0; j < 4; j++) {
            cpBB p = box, q = box; double h = 1e-6;
            ((double *)&p)[j] += h; ((double *)&q)[j] -= h;
            CHECK_CLOSE("box grad", gb[j], (cpMomentForBox2(3.0, p) - cpMomentForBox2(3.0, q)) / (2 * h), 1e-6, 1e-8 * fabs(I));
        }
        (void)bx;
        CHECK_CLOSE("box grad m", mb, (cpMomentForBox2(3.0 + 1e-6, box) - cpMomentForBox2(3.0 - 1e-6, box)) / 2e-6, 1e-6, 1e-8 * fabs(I));
    }
    {
        cpVect a = {1.0, 0.3}, b = {-0.2, 1.4}; double t = 0.35, J[2 * 5];
        cpVect s = slerp_api_jacfwd(a, b, t, J), s0 = slerp_api(a, b, t);
        CHECK_CLOSE("slerp primal", s.x + s.y, s0.x + s0.y, 0, 0);
        double in[5] = {a.x, a.y, b.x, b.y, t};
        for (int j = 0; j < 5; j++) {
            double p[5], q[5], h = 1e-6; memcpy(p, in, sizeof p); memcpy(q, in, sizeof q); p[j] += h; q[j] -= h;
            cpVect sp = slerp_api(cpv(p[0], p[1]), cpv(p[2], p[3]), p[4]), sq = slerp_api(cpv(q[0], q[1]), cpv(q[2], q[3]), q[4]);
            CHECK_CLOSE("slerp jac x", J[j], (sp.x - sq.x) / (2 * h), 1e-6, 1e-8);
            CHECK_CLOSE("slerp jac y", J[5 + j], (sp.y - sq.y) / (2 * h), 1e-6, 1e-8);
        }
    }
    return oracle_result();
}
