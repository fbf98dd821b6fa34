/* Point-to-point and reduction edge cases as MPI programs write them:
 *  - gather_any: rank 0 receives one message from every other rank with
 *    MPI_ANY_SOURCE and MPI_ANY_TAG into a buffer larger than the message
 *    (the actual count and source from the status), the others send 1..3
 *    values with a tag of their own; an empty message (count 0) too;
 *  - halo_null: MPI_Irecv/MPI_Isend only towards neighbours that exist,
 *    the missing ones' requests MPI_REQUEST_NULL, one MPI_Waitall over all
 *    four;
 *  - tie_max: MPI_Allreduce MPI_MAX where every rank holds the same value
 *    (the derivative of the lowest rank, as MPI_MAXLOC picks);
 *  - reduce_bcast: the loss reduced to the root with MPI_Reduce and handed
 *    out with MPI_Bcast (every rank returns it alike), an integer
 *    MPI_Allreduce (a count) in the middle.
 * The receive in a loop writes its status, whose MPI_SOURCE and MPI_TAG
 * the backward sweep reads: saved per iteration (every iteration's
 * backward code read the last status: gather_any's gradient was wrong from
 * 3 ranks on).
 * Oracles: central differences of each distributed loss along random
 * global directions, jvp = <grad, v>, the dot-product test of tie_max's
 * vector map, and tie_max's tangent against rank 0's direction. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

enum { NL = 3 };

double gather_any(const double *x) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double part = 0.0, loss;
  if (rank == 0) {
    part = x[0] * x[1];
    /* the empty messages first, by source and tag (each sender's data went
     * before it: a wildcard receive could take an empty one) */
    double none[1];
    for (int k = 1; k < size; k++) MPI_Recv(none, 0, MPI_DOUBLE, k, 99, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (int k = 1; k < size; k++) {
      double buf[8] = {0};
      MPI_Status st;
      int got;
      MPI_Recv(buf, 8, MPI_DOUBLE, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
      MPI_Get_count(&st, MPI_DOUBLE, &got);
      for (int i = 0; i < got; i++) part += buf[i] * (1.0 + st.MPI_SOURCE) * (1.0 + 0.1 * st.MPI_TAG);
    }
  } else {
    int n = 1 + rank % 3;
    double out[3];
    for (int i = 0; i < n; i++) out[i] = sin(x[i]) * x[(i + 1) % NL];
    MPI_Send(out, n, MPI_DOUBLE, 0, 10 + rank, MPI_COMM_WORLD);
    MPI_Send(out, 0, MPI_DOUBLE, 0, 99, MPI_COMM_WORLD);
    part = x[2] * x[2];
  }
  MPI_Allreduce(&part, &loss, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return loss * loss;
}

double halo_null(const double *x) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double u[NL + 2];
  u[0] = u[NL + 1] = 0.0;
  for (int i = 0; i < NL; i++) u[i + 1] = x[i] * x[i];
  MPI_Request rq[4] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL, MPI_REQUEST_NULL, MPI_REQUEST_NULL};
  if (rank > 0) {
    MPI_Irecv(&u[0], 1, MPI_DOUBLE, rank - 1, 0, MPI_COMM_WORLD, &rq[0]);
    MPI_Isend(&u[1], 1, MPI_DOUBLE, rank - 1, 1, MPI_COMM_WORLD, &rq[1]);
  }
  if (rank < size - 1) {
    MPI_Irecv(&u[NL + 1], 1, MPI_DOUBLE, rank + 1, 1, MPI_COMM_WORLD, &rq[2]);
    MPI_Isend(&u[NL], 1, MPI_DOUBLE, rank + 1, 0, MPI_COMM_WORLD, &rq[3]);
  }
  MPI_Waitall(4, rq, MPI_STATUSES_IGNORE);
  double s = 0.0, t;
  for (int i = 1; i <= NL; i++) s += u[i] * (u[i - 1] + u[i + 1]) + x[i - 1];
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return t;
}

/* y = the global max of a (equal on every rank), times x */
void tie_max(const double *a, const double *x, double *y) {
  double m[2] = {a[0] * a[1], a[0]};
  MPI_Allreduce(MPI_IN_PLACE, m, 2, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  y[0] = m[0] * x[0];
  y[1] = m[1] + x[1];
}

double reduce_bcast(const double *x) {
  int rank, n = 0, total;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double s = 0.0, loss = 0.0;
  for (int i = 0; i < NL; i++)
    if (x[i] > -2.0) s += exp(0.5 * x[i]) * x[i], n++;
  MPI_Allreduce(&n, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  s = s / total;
  MPI_Reduce(&s, &loss, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank == 0) loss = loss * loss;
  MPI_Bcast(&loss, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return loss;
}

#pragma ad grad(gather_any) wrt(x[NL])
#pragma ad jvp(gather_any) wrt(x)
#pragma ad grad(halo_null) wrt(x[NL])
#pragma ad jvp(halo_null) wrt(x)
#pragma ad jvp(tie_max) wrt(a, x) out(y)
#pragma ad vjp(tie_max) wrt(a[2], x[2]) out(y[2])
#pragma ad grad(reduce_bcast) wrt(x[NL])
#pragma ad jvp(reduce_bcast) wrt(x)
#pragma ad hvp(reduce_bcast) wrt(x[NL])

#include "p2p_edge.ad.h"

static double ga_at(void *c, const double *x) { (void)c; return gather_any(x); }
static double hn_at(void *c, const double *x) { (void)c; return halo_null(x); }
static double rb_at(void *c, const double *x) { (void)c; return reduce_bcast(x); }

typedef double (*Loss)(const double *);
typedef double (*Grad)(const double *, double *);
typedef void (*Jvp)(const double *, const double *, double *);

static void jvp_ga(const double *x, const double *v, double *d) { gather_any_jvp(x, v, d); }
static void jvp_hn(const double *x, const double *v, double *d) { halo_null_jvp(x, v, d); }
static void jvp_rb(const double *x, const double *v, double *d) { reduce_bcast_jvp(x, v, d); }

static void check_loss(const char *name, Loss f, Grad g, Jvp j, mpi_loss_fn at, uint64_t seed) {
  OracleRng rng = oracle_rng(seed + 13u * (uint64_t)mpi_rank());
  double x[NL], gx[NL], v[NL], ld;
  char l[96];
  oracle_fill_uniform(&rng, x, NL, -1.0, 1.0);
  oracle_fill_uniform(&rng, v, NL, -1.0, 1.0);
  double val = g(x, gx);
  snprintf(l, sizeof l, "%s: grad's primal", name);
  mpi_check_close(l, val, f(x), 0.0, 0.0);
  mpi_check_grad(name, at, NULL, x, gx, NL, 3, seed);
  j(x, v, &ld);
  snprintf(l, sizeof l, "%s: jvp = <grad, v>", name);
  mpi_check_close(l, ld, mpi_gdot(gx, v, NL), 1e-12, 1e-14);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank = mpi_rank();
  check_loss("gather_any", gather_any, gather_any_grad, jvp_ga, ga_at, 1);
  check_loss("halo_null", halo_null, halo_null_grad, jvp_hn, hn_at, 2);
  check_loss("reduce_bcast", reduce_bcast, reduce_bcast_grad, jvp_rb, rb_at, 3);
  /* hvp of reduce_bcast against differences of grad */
  double x[NL] = {0.3 + rank, -0.2, 0.5}, v[NL] = {1.0, 0.5 * rank, -1.0}, hv[NL], xp[NL], gp[NL], gm[NL], fd[NL];
  double h = 1e-5;
  reduce_bcast_hvp(x, v, hv);
  for (int i = 0; i < NL; i++) xp[i] = x[i] + h * v[i];
  reduce_bcast_grad(xp, gp);
  for (int i = 0; i < NL; i++) xp[i] = x[i] - h * v[i];
  reduce_bcast_grad(xp, gm);
  for (int i = 0; i < NL; i++) fd[i] = (gp[i] - gm[i]) / (2 * h);
  mpi_check_vec("reduce_bcast hvp vs differences of grad", hv, fd, NL, 1e-6);

  /* ties: every rank's a is the same; the winner is rank 0 */
  double a[2] = {0.8, -0.6}, xx[2] = {0.4, 0.9}, ad[2], xd[2], y[2], yd[2];
  ad[0] = 1.0 + rank, ad[1] = -2.0 * rank + 0.5, xd[0] = 0.3, xd[1] = -0.7;
  tie_max_jvp(a, ad, xx, xd, y, yd);
  double r0[2] = {ad[0], ad[1]};
  MPI_Bcast(r0, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  double want[2] = {(r0[0] * a[1] + a[0] * r0[1]) * xx[0] + a[0] * a[1] * xd[0], r0[0] + xd[1]};
  mpi_check_vec("tie_max jvp: rank 0's tangent wins", yd, want, 2, 1e-14);
  double ab[2] = {0, 0}, xb[2] = {0, 0}, w[2] = {0.5 + rank, -1.0};
  double w0[2] = {w[0], w[1]};
  tie_max_vjp(a, ab, xx, xb, y, w);
  double lhs = mpi_gsum(yd[0] * w0[0] + yd[1] * w0[1]);
  double rhs = mpi_gsum(ad[0] * ab[0] + ad[1] * ab[1] + xd[0] * xb[0] + xd[1] * xb[1]);
  mpi_check_close("tie_max: <J v, w> = <v, J^T w>", lhs, rhs, 1e-13, 1e-14);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
