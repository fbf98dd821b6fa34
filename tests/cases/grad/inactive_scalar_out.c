/* A call that carries no derivative (inactive(draw), as an external
 * function would be) but stores into a local scalar through its address,
 * a struct (draw(k, &st)) and an int (pick(k, &m)), whose values the
 * backward sweep reads: each iteration's values must be saved, as for an
 * array the call writes (grad/inactive_writes). cc-ad saved only arrays and
 * buffers: every iteration's backward code read the last call's values,
 * a silently wrong gradient. (An MPI_Recv's status, st.MPI_SOURCE, is the
 * same case: tests/mpi/p2p_edge.)
 * Oracle: the closed-form gradient, d/dx_k of sum_k x_k^2 a_k m_k =
 * 2 x_k a_k m_k. */
#include <math.h>
#include "ccad_oracle.h"

typedef struct Draw { int a, b; } Draw;

void draw(int k, Draw *st) { st->a = 1 + (k * 7) % 5, st->b = k; }
void pick(int k, int *m) { *m = 2 + k % 3; }
#pragma ad inactive(draw)
#pragma ad inactive(pick)

double f(const double *x, int n) {
  double s = 0;
  for (int k = 0; k < n; k++) {
    Draw st;
    int m;
    draw(k, &st);
    pick(k, &m);
    s += x[k] * st.a * x[k] * m;
  }
  return s;
}
#pragma ad grad(f) wrt(x[n])

#include "inactive_scalar_out.ad.h"

int main(void) {
  enum { N = 6 };
  double x[N], g[N], want[N];
  for (int k = 0; k < N; k++) x[k] = 0.3 + 0.2 * k;
  f_grad(x, g, N);
  for (int k = 0; k < N; k++) want[k] = 2 * x[k] * (1 + (k * 7) % 5) * (2 + k % 3);
  CHECK_VEC_CLOSE("grad = 2 x_k a_k m_k", g, want, N, 1e-14, 0.0);
  return oracle_result();
}
