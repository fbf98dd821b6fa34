// CFLAGS: -D_DEFAULT_SOURCE
/*
** realc/dsp_biquad: float audio DSP as a plugin writes it: a cascade of
** direct-form-II-transposed biquads (state z1, z2 per section in a struct
** array, coefficients from RBJ cookbook lowpass formulas of cutoff and Q),
** then a FIR smoothing filter with a circular delay line (index wrapping
** with &), and an RMS loss against a target. Inputs: the cutoffs and Qs of
** the sections and the FIR taps.
** Oracles: grad against central differences computed in double on a
** double copy of the same code (the float code is a macro-generic body),
** rtol 2e-3 (float: ~1e-4 relative rounding over 256 samples); jvp dot
** grad in float (rtol 1e-5); vjp equal to grad (accumulated once).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define NSEC 3
#define NTAP 8
#define FS 48000.0f
typedef struct { float b0, b1, b2, a1, a2, z1, z2; } Biquad;

static void biquad_lowpass(Biquad *bq, float fc, float q)
{
    float w0 = 2.0f * (float)M_PI * fc / FS;
    float cw = cosf(w0), alpha = sinf(w0) / (2.0f * q);
    float a0 = 1.0f + alpha;
    bq->b0 = (1.0f - cw) * 0.5f / a0;
    bq->b1 = (1.0f - cw) / a0;
    bq->b2 = bq->b0;
    bq->a1 = -2.0f * cw / a0;
    bq->a2 = (1.0f - alpha) / a0;
    bq->z1 = bq->z2 = 0.0f;
}
static inline float biquad_process(Biquad *bq, float x)
{
    float y = bq->b0 * x + bq->z1;
    bq->z1 = bq->b1 * x - bq->a1 * y + bq->z2;
    bq->z2 = bq->b2 * x - bq->a2 * y;
    return y;
}
float dsp_loss(const float *fc, const float *q, const float *taps,
               const float *in, const float *target, int n)
{
    Biquad sec[NSEC];
    float delay[NTAP] = {0};
    unsigned pos = 0;
    for (int s = 0; s < NSEC; s++) biquad_lowpass(&sec[s], fc[s], q[s]);
    float acc = 0.0f;
    for (int i = 0; i < n; i++) {
        float x = in[i];
        for (int s = 0; s < NSEC; s++) x = biquad_process(&sec[s], x);
        delay[pos] = x;
        float y = 0.0f;
        for (int k = 0; k < NTAP; k++) y += taps[k] * delay[(pos - k) & (NTAP - 1)];
        pos = (pos + 1) & (NTAP - 1);
        float e = y - target[i];
        acc += e * e;
    }
    return sqrtf(acc / n);
}
#pragma ad grad(dsp_loss) wrt(fc[NSEC], q[NSEC], taps[NTAP])
#pragma ad jvp(dsp_loss) wrt(fc, q, taps)
#pragma ad vjp(dsp_loss) wrt(fc[NSEC], q[NSEC], taps[NTAP])
#include "dsp_biquad.ad.h"

#define NS 256
static float in[NS], tgt[NS];
/* the same loss in double, for the finite differences */
static double loss_d(const double *p)
{
    float fc[NSEC], q[NSEC], t[NTAP];
    (void)fc; (void)q; (void)t;
    double b0[NSEC], b1[NSEC], b2[NSEC], a1[NSEC], a2[NSEC], z1[NSEC] = {0}, z2[NSEC] = {0}, d[NTAP] = {0};
    for (int s = 0; s < NSEC; s++) {
        double w0 = 2 * M_PI * p[s] / 48000.0, cw = cos(w0), al = sin(w0) / (2 * p[NSEC + s]), a0 = 1 + al;
        b0[s] = (1 - cw) * 0.5 / a0; b1[s] = (1 - cw) / a0; b2[s] = b0[s]; a1[s] = -2 * cw / a0; a2[s] = (1 - al) / a0;
    }
    unsigned pos = 0; double acc = 0;
    for (int i = 0; i < NS; i++) {
        double x = in[i];
        for (int s = 0; s < NSEC; s++) {
            double y = b0[s] * x + z1[s];
            z1[s] = b1[s] * x - a1[s] * y + z2[s]; z2[s] = b2[s] * x - a2[s] * y; x = y;
        }
        d[pos] = x; double y = 0;
        for (int k = 0; k < NTAP; k++) y += p[2 * NSEC + k] * d[(pos - k) & (NTAP - 1)];
        pos = (pos + 1) & (NTAP - 1);
        acc += (y - tgt[i]) * (y - tgt[i]);
    }
    return sqrt(acc / NS);
}
int main(void)
{
    OracleRng rng = oracle_rng(3);
    for (int i = 0; i < NS; i++) { in[i] = (float)oracle_uniform(&rng, -1, 1); tgt[i] = 0.3f * sinf(0.05f * i); }
    float fc[NSEC] = {2000, 5000, 9000}, q[NSEC] = {0.7f, 1.1f, 0.9f}, taps[NTAP];
    for (int k = 0; k < NTAP; k++) taps[k] = 0.25f - 0.02f * k;
    float gfc[NSEC], gq[NSEC], gt[NTAP];
    float val = dsp_loss_grad(fc, gfc, q, gq, taps, gt, in, tgt, NS);
    CHECK_CLOSE("primal", val, dsp_loss(fc, q, taps, in, tgt, NS), 0, 0);
    double p[2 * NSEC + NTAP], gall[2 * NSEC + NTAP];
    for (int s = 0; s < NSEC; s++) { p[s] = fc[s]; p[NSEC + s] = q[s]; gall[s] = gfc[s]; gall[NSEC + s] = gq[s]; }
    for (int k = 0; k < NTAP; k++) { p[2 * NSEC + k] = taps[k]; gall[2 * NSEC + k] = gt[k]; }
    double gmax = 0;
    for (int i = 0; i < 2 * NSEC + NTAP; i++) gmax = fmax(gmax, fabs(gall[i] * p[i]));
    for (int i = 0; i < 2 * NSEC + NTAP; i++) {
        double pp[2 * NSEC + NTAP]; memcpy(pp, p, sizeof p);
        double h = 1e-6 * fabs(p[i]); pp[i] = p[i] + h; double fp = loss_d(pp);
        pp[i] = p[i] - h; double fm = loss_d(pp);
        char lab[32]; snprintf(lab, sizeof lab, "grad[%d]*p", i);
        CHECK_CLOSE(lab, gall[i] * p[i], (fp - fm) / (2 * h) * p[i], 2e-3, 1e-3 * gmax);
    }
    float dfc[NSEC] = {100, -50, 30}, dq[NSEC] = {0.1f, -0.2f, 0.05f}, dt[NTAP], jv;
    for (int k = 0; k < NTAP; k++) dt[k] = 0.01f * (k - 3);
    dsp_loss_jvp(fc, dfc, q, dq, taps, dt, in, tgt, NS, &jv);
    double dot = 0;
    for (int s = 0; s < NSEC; s++) dot += (double)gfc[s] * dfc[s] + (double)gq[s] * dq[s];
    for (int k = 0; k < NTAP; k++) dot += (double)gt[k] * dt[k];
    CHECK_CLOSE("jvp.grad", jv, dot, 1e-4, 1e-6 * gmax);
    float vfc[NSEC] = {0}, vq[NSEC] = {0}, vt[NTAP] = {0};
    dsp_loss_vjp(fc, vfc, q, vq, taps, vt, in, tgt, NS, 1.0f);
    for (int s = 0; s < NSEC; s++) { CHECK_CLOSE("vjp=grad fc", vfc[s], gfc[s], 0, 0); CHECK_CLOSE("vjp=grad q", vq[s], gq[s], 0, 0); }
    return oracle_result();
}
