/* bench/bench_omp.c: cc-ad's vjp of OpenMP layers (omp_layers.c) with 1 and
 * 2 threads, against the forward pass plus llm.c's hand-written backward
 * (hand_omp_layers.c) with the same threads; ratios measured in one run.
 *   ./build/bench/bench_omp [ROUNDS]
 * Each time is the median of ROUNDS (default 7) runs. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "omp_layers.ad.h"
#include "omp_layers.h"

enum { B = 4, T = 64, C = 256, OC = 256, BATCH = 64, IN = 256, OUT = 256, NH = 4 };

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double *vec(size_t n, unsigned seed) {
  double *v = malloc(n * sizeof *v);
  srand(seed);
  for (size_t i = 0; i < n; i++) v[i] = (double)rand() / RAND_MAX - 0.5;
  return v;
}

static double *zeros(size_t n) { return calloc(n, sizeof(double)); }

typedef struct Layer {
  const char *name;
  void (*ad)(void);    /* cc-ad's vjp (forward and backward) */
  void (*hand)(void);  /* the forward pass, then the hand-written backward */
  double err;          /* max |vjp - hand| over the gradients, scaled */
} Layer;

/* buffers: inputs, parameters, outputs and their gradients */
static double *x, *w, *b, *y, *ybar, *xbar, *wbar, *bbar, *mean, *rstd, *meanbar, *rstdbar, *yseed;
static double *pre, *att, *prebar, *attbar; /* attention's scores and their gradients */

static void reset(size_t nx, size_t nw, size_t nb, size_t ny) {
  memset(xbar, 0, nx * sizeof *xbar);
  memset(wbar, 0, nw * sizeof *wbar);
  memset(bbar, 0, nb * sizeof *bbar);
  memcpy(ybar, yseed, ny * sizeof *ybar);
}

static void dense_ad(void) {
  reset(BATCH * IN, OUT * IN, OUT, BATCH * OUT);
  dense_forward_vjp(y, ybar, x, xbar, w, wbar, b, bbar, BATCH, IN, OUT);
}
static void dense_hand(void) {
  reset(BATCH * IN, OUT * IN, OUT, BATCH * OUT);
  dense_forward(y, x, w, b, BATCH, IN, OUT);
  dense_backward(xbar, wbar, bbar, ybar, y, x, w, BATCH, IN, OUT);
}
static void matmul_ad(void) {
  reset(B * T * C, OC * C, OC, B * T * OC);
  matmul_forward_vjp(y, ybar, x, xbar, w, wbar, b, bbar, B, T, C, OC);
}
static void matmul_hand(void) {
  reset(B * T * C, OC * C, OC, B * T * OC);
  matmul_forward(y, x, w, b, B, T, C, OC);
  matmul_backward(xbar, wbar, bbar, ybar, x, w, B, T, C, OC);
}
static void layernorm_ad(void) {
  reset(B * T * C, C, C, B * T * C);
  memset(meanbar, 0, B * T * sizeof *meanbar);
  memset(rstdbar, 0, B * T * sizeof *rstdbar);
  layernorm_forward_vjp(y, ybar, mean, meanbar, rstd, rstdbar, x, xbar, w, wbar, b, bbar, B, T, C);
}
static void layernorm_hand(void) {
  reset(B * T * C, C, C, B * T * C);
  layernorm_forward(y, mean, rstd, x, w, b, B, T, C);
  layernorm_backward(xbar, wbar, bbar, ybar, x, w, mean, rstd, B, T, C);
}
static void gelu_ad(void) {
  reset(B * T * C, 0, 0, B * T * C);
  gelu_forward_vjp(y, ybar, x, xbar, B * T * C);
}
static void gelu_hand(void) {
  reset(B * T * C, 0, 0, B * T * C);
  gelu_forward(y, x, B * T * C);
  gelu_backward(xbar, x, ybar, B * T * C);
}

static void attention_ad(void) {
  reset(B * T * 3 * C, 0, 0, B * T * C);
  memset(prebar, 0, (size_t)B * NH * T * T * sizeof *prebar);
  memset(attbar, 0, (size_t)B * NH * T * T * sizeof *attbar);
  attention_forward_vjp(y, ybar, pre, prebar, att, attbar, x, xbar, B, T, C, NH);
}
static void attention_hand(void) {
  reset(B * T * 3 * C, 0, 0, B * T * C);
  memset(prebar, 0, (size_t)B * NH * T * T * sizeof *prebar);
  memset(attbar, 0, (size_t)B * NH * T * T * sizeof *attbar);
  attention_forward(y, pre, att, x, B, T, C, NH);
  attention_backward(xbar, prebar, attbar, ybar, x, att, B, T, C, NH);
}
static double timed(void (*f)(void), int rounds) {
  double t[64];
  f();  /* warm up */
  for (int r = 0; r < rounds; r++) {
    double t0 = now();
    int reps = 0;
    do {
      f();
      reps++;
    } while (now() - t0 < 0.05);
    t[r] = (now() - t0) / reps;
  }
  qsort(t, (size_t)rounds, sizeof *t, cmp);
  return t[rounds / 2];
}

static double max_diff(void (*ad)(void), void (*hand)(void), size_t n) {
  double *g = malloc(n * sizeof *g), e = 0, s = 0;
  ad();
  memcpy(g, xbar, n * sizeof *g);
  hand();
  for (size_t i = 0; i < n; i++) {
    e = fmax(e, fabs(g[i] - xbar[i]));
    s = fmax(s, fabs(xbar[i]));
  }
  free(g);
  return e / (s > 0 ? s : 1);
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 7;
  if (rounds < 1 || rounds > 64) rounds = 7;
  size_t big = (size_t)B * T * 4 * C + BATCH * IN + OUT * IN;
  x = vec(big, 1);
  w = vec(big, 2);
  b = vec(big, 3);
  yseed = vec(big, 4);
  y = zeros(big);
  ybar = zeros(big);
  xbar = zeros(big);
  wbar = zeros(big);
  bbar = zeros(big);
  mean = zeros(B * T);
  rstd = zeros(B * T);
  meanbar = zeros(B * T);
  rstdbar = zeros(B * T);
  pre = zeros((size_t)B * NH * T * T);
  att = zeros((size_t)B * NH * T * T);
  prebar = zeros((size_t)B * NH * T * T);
  attbar = zeros((size_t)B * NH * T * T);
  Layer layers[] = {
      {"dense tanh(Wx+b)", dense_ad, dense_hand, 0},
      {"matmul (llm.c)", matmul_ad, matmul_hand, 0},
      {"layernorm (llm.c)", layernorm_ad, layernorm_hand, 0},
      {"gelu (llm.c)", gelu_ad, gelu_hand, 0},
      {"attention (llm.c)", attention_ad, attention_hand, 0},
  };
  size_t nx[] = {BATCH * IN, B * T * C, B * T * C, B * T * C, B * T * 3 * C};
  printf("bench_omp: vjp of OpenMP layers, median of %d rounds; max threads %d\n", rounds, omp_get_max_threads());
  printf("%-18s %10s %10s %8s %10s %10s %10s\n", "layer", "vjp 1t ms", "vjp 2t ms", "speedup", "hand 1t ms",
         "hand 2t ms", "vjp/hand 2t");
  for (size_t k = 0; k < sizeof layers / sizeof *layers; k++) {
    Layer *l = &layers[k];
    omp_set_num_threads(1);
    l->err = max_diff(l->ad, l->hand, nx[k]);
    double a1 = timed(l->ad, rounds), h1 = timed(l->hand, rounds);
    omp_set_num_threads(2);
    double a2 = timed(l->ad, rounds), h2 = timed(l->hand, rounds);
    printf("%-18s %10.3f %10.3f %8.2f %10.3f %10.3f %10.2f   (|dx| diff %.1e)\n", l->name, 1e3 * a1, 1e3 * a2,
           a1 / a2, 1e3 * h1, 1e3 * h2, a2 / h2, l->err);
  }
  return 0;
}
