// CFLAGS: -D_DEFAULT_SOURCE
/* hvp of a loss over llm.c's layers in float (layernorm_forward with its
** const float *inp and pointer offsets, matmul_forward with bias NULL,
** gelu_forward), against central differences of the gradient along v.
** The layernorm's forward sweep pushed the final values of its locals
** x = inp + b*T*C + t*C and out_bt for its backward sweep, which computes
** them again before reading them; in the hvp the pointer popped there was
** taken to lead to memory with derivatives, inp's, and the request failed
** ("stores values ... through parameter 'inp'"). A pop into a local that
** every path writes before reading it now goes with its push
** (simplify_tape.c, ir_first_use). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

#define GELU_SCALING_FACTOR sqrtf(2.0f / M_PI)

static void layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *weight,
                              const float *bias, int B, int T, int C)
{
    float eps = 1e-5f;
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            const float *x = inp + b * T * C + t * C;
            float m = 0.0f;
            for (int i = 0; i < C; i++) m += x[i];
            m = m / C;
            float v = 0.0f;
            for (int i = 0; i < C; i++) {
                float xshift = x[i] - m;
                v += xshift * xshift;
            }
            v = v / C;
            float s = 1.0f / sqrtf(v + eps);
            float *out_bt = out + b * T * C + t * C;
            for (int i = 0; i < C; i++) {
                float n = (s * (x[i] - m));
                float o = n * weight[i] + bias[i];
                out_bt[i] = o;
            }
            mean[b * T + t] = m;
            rstd[b * T + t] = s;
        }
    }
}

static void gelu_forward(float *out, const float *inp, int N)
{
    for (int i = 0; i < N; i++) {
        float x = inp[i];
        float cube = 0.044715f * x * x * x;
        out[i] = 0.5f * x * (1.0f + tanhf(GELU_SCALING_FACTOR * (x + cube)));
    }
}

static void matmul_forward(float *out, const float *inp, const float *weight, const float *bias, int BT, int C, int OC)
{
    for (int bt = 0; bt < BT; bt++) {
        for (int o = 0; o < OC; o++) {
            float val = (bias != NULL) ? bias[o] : 0.0f;
            const float *wrow = weight + o * C;
            for (int i = 0; i < C; i++) val += inp[bt * C + i] * wrow[i];
            out[bt * OC + o] = val;
        }
    }
}

float loss(const float *params, const float *inp, int B, int T, int C)
{
    const float *lnw = params, *lnb = params + C, *w = params + 2 * C;
    float *ln = malloc(B * T * C * sizeof(float));
    float *mean = malloc(B * T * sizeof(float)), *rstd = malloc(B * T * sizeof(float));
    float *h = malloc(B * T * C * sizeof(float)), *g = malloc(B * T * C * sizeof(float));
    layernorm_forward(ln, mean, rstd, inp, lnw, lnb, B, T, C);
    matmul_forward(h, ln, w, NULL, B * T, C, C);
    gelu_forward(g, h, B * T * C);
    float L = 0.0f;
    for (int i = 0; i < B * T * C; i++) L += g[i] * g[i];
    free(ln); free(mean); free(rstd); free(h); free(g);
    return L / (B * T);
}

#pragma ad grad(loss) wrt(params[2 * C + C * C])
#pragma ad hvp(loss) wrt(params[2 * C + C * C])

#include "hvp_llm_layers.ad.h"

#define B 2
#define T 3
#define C 4
#define NP (2 * C + C * C)
int main(void)
{
    float p[NP], inp[B * T * C], v[NP], hv[NP];
    OracleRng rng = oracle_rng(8);
    for (int i = 0; i < NP; i++) p[i] = (float)oracle_uniform(&rng, -0.7, 0.7);
    for (int i = 0; i < B * T * C; i++) inp[i] = (float)oracle_uniform(&rng, -1, 1);
    for (int i = 0; i < NP; i++) v[i] = (float)oracle_uniform(&rng, -1, 1);
    loss_hvp(p, v, hv, inp, B, T, C);
    /* fd of the gradient along v, in float: step 1e-2 */
    float pp[NP], pm[NP], gp[NP], gm[NP], e = 1e-2f;
    for (int i = 0; i < NP; i++) { pp[i] = p[i] + e * v[i]; pm[i] = p[i] - e * v[i]; }
    loss_grad(pp, gp, inp, B, T, C);
    loss_grad(pm, gm, inp, B, T, C);
    for (int i = 0; i < NP; i++) CHECK_CLOSE("hvp", hv[i], ((double)gp[i] - gm[i]) / (2 * e), 3e-2, 3e-3);
    return oracle_result();
}
