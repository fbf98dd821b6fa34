/* jacfwd, jacrev and hessian of functions that exchange point-to-point
 * messages: a ring by MPI_Send/MPI_Recv (even ranks send first), a shift
 * by MPI_Irecv/MPI_Isend/MPI_Wait (jacfwd, jacrev), and a loss over a
 * MPI_Sendrecv ring (hessian). jacfwd's sweep moves every rank's inputs
 * along the same unit direction; jacrev seeds every rank with the same
 * unit row; the hessian is jacfwd of grad.
 * Oracles: column j of jacfwd = jvp with e_j on every rank, row i of
 * jacrev = vjp with e_i on every rank (jvp and vjp checked against
 * differences and each other here too), the hessian against central
 * differences of grad along e_j on every rank. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

enum { NL = 3 };

void ring(const double *x, double *y) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double q[NL], r[NL];
  for (int i = 0; i < NL; i++) q[i] = x[i] * x[(i + 1) % NL];
  int next = (rank + 1) % size, prev = (rank + size - 1) % size;
  if (size == 1) {
    memcpy(r, q, sizeof r);
  } else if (rank % 2 == 0) {
    MPI_Send(q, NL, MPI_DOUBLE, next, 7, MPI_COMM_WORLD);
    MPI_Recv(r, NL, MPI_DOUBLE, prev, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  } else {
    MPI_Recv(r, NL, MPI_DOUBLE, prev, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Send(q, NL, MPI_DOUBLE, next, 7, MPI_COMM_WORLD);
  }
  double a = exp(0.2 * x[0]), b;
  MPI_Request rq;
  MPI_Irecv(&b, 1, MPI_DOUBLE, next, 8, MPI_COMM_WORLD, &rq);
  MPI_Send(&a, 1, MPI_DOUBLE, prev, 8, MPI_COMM_WORLD);
  MPI_Wait(&rq, MPI_STATUS_IGNORE);
  for (int i = 0; i < NL; i++) y[i] = r[i] * sin(x[i]) + b * x[i];
}

double ring_loss(const double *x) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double q[NL], r[NL], s = 0.0, t;
  for (int i = 0; i < NL; i++) q[i] = x[i] * x[i] * x[(i + 2) % NL];
  MPI_Sendrecv(q, NL, MPI_DOUBLE, (rank + 1) % size, 0, r, NL, MPI_DOUBLE, (rank + size - 1) % size, 0,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  for (int i = 0; i < NL; i++) s += r[i] * cos(x[i]) + q[i] * r[(i + 1) % NL];
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return t;
}

#pragma ad jvp(ring) wrt(x) out(y)
#pragma ad vjp(ring) wrt(x[NL]) out(y[NL])
#pragma ad jacfwd(ring) wrt(x[NL]) out(y[NL])
#pragma ad jacrev(ring) wrt(x[NL]) out(y[NL])
#pragma ad grad(ring_loss) wrt(x[NL])
#pragma ad hessian(ring_loss) wrt(x[NL])

#include "jac_p2p.ad.h"

static void r_f(void *c, const double *x, double *y) { (void)c; ring(x, y); }
static void r_j(void *c, const double *x, const double *v, double *y, double *yd) { (void)c; ring_jvp(x, v, y, yd); }
static void r_v(void *c, const double *x, double *xb, double *w) {
  (void)c;
  double y[NL];
  ring_vjp(x, xb, y, w);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  OracleRng rng = oracle_rng(400 + (uint64_t)mpi_rank());
  double x[NL];
  oracle_fill_uniform(&rng, x, NL, -1.0, 1.0);
  mpi_check_vector("ring", r_f, r_j, r_v, NULL, x, NL, NL, 41);
  double jf[NL * NL], jr[NL * NL], y[NL], col[NL], row[NL];
  ring_jacfwd(x, y, jf);
  ring_jacrev(x, y, jr);
  for (int j = 0; j < NL; j++) {
    double v[NL] = {0}, yy[NL], yd[NL];
    v[j] = 1.0;
    ring_jvp(x, v, yy, yd);
    for (int i = 0; i < NL; i++) col[i] = jf[i * NL + j];
    mpi_check_vec("jacfwd column = jvp with e_j on every rank", col, yd, NL, 1e-13);
  }
  for (int i = 0; i < NL; i++) {
    double w[NL] = {0}, xb[NL] = {0}, yy[NL];
    w[i] = 1.0;
    ring_vjp(x, xb, yy, w);
    for (int j = 0; j < NL; j++) row[j] = jr[i * NL + j];
    mpi_check_vec("jacrev row = vjp with e_i on every rank", row, xb, NL, 1e-13);
  }
  double H[NL * NL], h = 1e-5;
  ring_loss_hessian(x, H);
  for (int j = 0; j < NL; j++) {
    double xp[NL], gp[NL], gm[NL], fd[NL], hc[NL];
    memcpy(xp, x, sizeof xp);
    xp[j] += h;
    ring_loss_grad(xp, gp);
    xp[j] -= 2 * h;
    ring_loss_grad(xp, gm);
    for (int i = 0; i < NL; i++) fd[i] = (gp[i] - gm[i]) / (2 * h), hc[i] = H[i * NL + j];
    mpi_check_vec("hessian column vs differences of grad (e_j on every rank)", hc, fd, NL, 1e-6);
  }
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
