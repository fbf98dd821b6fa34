/* Several communicators: MPI_Comm_split groups the ranks in pairs (rows,
 * color = rank / 2) and by parity (columns); shared parameters w are
 * broadcast inside each row from its last member, every rank computes a
 * term, MPI_Allgather with MPI_IN_PLACE shares the terms in the row, the
 * row leader gathers in place (MPI_Gather with MPI_IN_PLACE at the root)
 * the squared terms, a column takes the MPI_MIN of a value with
 * MPI_Reduce to its last member, and a final MPI_Allreduce on
 * MPI_COMM_WORLD sums everything, as the loss. In every mode: grad, jvp,
 * jacfwd, jacrev, hessian, hvp.
 * Oracles: central differences of the loss (w moved alike on every rank,
 * through the shares' sum: grad gives each rank its share), jvp = <sum of
 * shares, v>, jacfwd = that sum (shared w moves on every rank at once),
 * jacrev of the vector of per-rank terms against vjp with unit seeds,
 * hessian summed over the ranks against differences of the summed grad,
 * hvp = hessian times v. Before, libccad_mpi lost the own block of an
 * MPI_Allgather or MPI_Gather with MPI_IN_PLACE: the jvp gathered zeros over
 * it, the backward sweep added its adjoint to the (absent) send buffer. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

enum { D = 3 };

static double term(const double *w, int rank) {
  double a = 0.3 + 0.1 * rank;
  return sin(a * w[0]) * w[1] + w[2] * w[2] * cos(w[0] + a);
}

/* the terms of my row (row: 1 or 2 ranks), from the row's broadcast w */
static int row_terms(double *w, double *t, MPI_Comm row) {
  int rr, rs, rank;
  MPI_Comm_rank(row, &rr);
  MPI_Comm_size(row, &rs);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Bcast(w, D, MPI_DOUBLE, rs - 1, row);
  t[rr] = term(w, rank);
  MPI_Allgather(MPI_IN_PLACE, 1, MPI_DOUBLE, t, 1, MPI_DOUBLE, row);
  return rs;
}

double split_loss(double *w, MPI_Comm row, MPI_Comm col) {
  double t[2] = {0.0, 0.0}, sq[2] = {0.0, 0.0};
  int rr, cr, cs;
  MPI_Comm_rank(row, &rr);
  MPI_Comm_rank(col, &cr);
  MPI_Comm_size(col, &cs);
  int rs = row_terms(w, t, row);
  double mine = t[rr] * t[rr] + t[0] * t[rs - 1];
  if (rr == 0) {
    sq[0] = mine;
    MPI_Gather(MPI_IN_PLACE, 1, MPI_DOUBLE, sq, 1, MPI_DOUBLE, 0, row);
  } else {
    MPI_Gather(&mine, 1, MPI_DOUBLE, NULL, 1, MPI_DOUBLE, 0, row);
  }
  double lo = t[rr] - 0.5 * w[1], colmin = 0.0;
  MPI_Reduce(&lo, &colmin, 1, MPI_DOUBLE, MPI_MIN, cs - 1, col);
  double part = (rr == 0 ? sq[0] + exp(0.2 * sq[rs - 1]) : 0.0) + (cr == cs - 1 ? colmin * colmin : 0.0), loss;
  MPI_Allreduce(&part, &loss, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return loss;
}

/* per rank: its row's terms (2 outputs; 0 for a missing partner) */
void split_terms(double *w, double *y, MPI_Comm row) {
  double t[2] = {0.0, 0.0};
  int rs = row_terms(w, t, row);
  y[0] = t[0];
  y[1] = rs > 1 ? t[1] * t[0] : 0.0;
}

#pragma ad grad(split_loss) wrt(w[D])
#pragma ad jvp(split_loss) wrt(w)
#pragma ad jacfwd(split_loss) wrt(w[D])
#pragma ad hessian(split_loss) wrt(w[D])
#pragma ad hvp(split_loss) wrt(w[D])
#pragma ad jacrev(split_terms) wrt(w[D]) out(y[2])
#pragma ad vjp(split_terms) wrt(w[D]) out(y[2])

#include "comm_split.ad.h"

typedef struct { MPI_Comm row, col; } Comms;

static double loss_at(void *c, const double *w) {
  Comms *k = c;
  double ww[D];
  memcpy(ww, w, sizeof ww);
  return split_loss(ww, k->row, k->col);
}

static void grad_sum(Comms *k, const double *w, double *g) {
  double ww[D];
  memcpy(ww, w, sizeof ww);
  split_loss_grad(ww, g, k->row, k->col);
  MPI_Allreduce(MPI_IN_PLACE, g, D, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank = mpi_rank();
  Comms k;
  MPI_Comm_split(MPI_COMM_WORLD, rank / 2, rank, &k.row);
  MPI_Comm_split(MPI_COMM_WORLD, rank % 2, rank, &k.col);
  const double w0[D] = {0.7, -0.4, 1.1};
  double w[D], g[D], share[D];

  memcpy(w, w0, sizeof w);
  double l = split_loss_grad(w, share, k.row, k.col);
  mpi_check_close("grad's primal", l, loss_at(&k, w0), 0.0, 0.0);
  mpi_check_grad_shared("shares of grad", loss_at, &k, w0, share, D, 3, 17);
  grad_sum(&k, w0, g);
  double v[D] = {0.3, -1.0, 0.6}, ld;
  memcpy(w, w0, sizeof w);
  split_loss_jvp(w, v, k.row, k.col, &ld);
  mpi_check_close("jvp = <summed grad, v>", ld, oracle_dot(g, v, D), 1e-12, 1e-14);
  double jf[D];
  memcpy(w, w0, sizeof w);
  split_loss_jacfwd(w, k.row, k.col, jf);
  mpi_check_vec("jacfwd = summed grad", jf, g, D, 1e-12);

  /* hessian: summed over ranks, against differences of the summed grad */
  double H[D * D], fd[D * D], wp[D], gp[D], gm[D], h = 1e-5;
  memcpy(w, w0, sizeof w);
  split_loss_hessian(w, k.row, k.col, H);
  MPI_Allreduce(MPI_IN_PLACE, H, D * D, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  for (int j = 0; j < D; j++) {
    memcpy(wp, w0, sizeof wp);
    wp[j] += h;
    grad_sum(&k, wp, gp);
    wp[j] -= 2 * h;
    grad_sum(&k, wp, gm);
    for (int i = 0; i < D; i++) fd[i * D + j] = (gp[i] - gm[i]) / (2 * h);
  }
  mpi_check_vec("summed hessian vs differences of grad", H, fd, D * D, 1e-6);
  double hv[D], want[D];
  memcpy(w, w0, sizeof w);
  split_loss_hvp(w, v, hv, k.row, k.col);
  MPI_Allreduce(MPI_IN_PLACE, hv, D, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  for (int i = 0; i < D; i++) want[i] = oracle_dot(H + i * D, v, D);
  mpi_check_vec("summed hvp = hessian v", hv, want, D, 1e-12);

  /* jacrev: row i with seed e_i on every rank = vjp with that seed */
  double J[2 * D], y[2];
  memcpy(w, w0, sizeof w);
  split_terms_jacrev(w, y, k.row, J);
  for (int i = 0; i < 2; i++) {
    double wb[D] = {0.0, 0.0, 0.0}, s[2] = {0.0, 0.0};
    s[i] = 1.0;
    memcpy(w, w0, sizeof w);
    split_terms_vjp(w, wb, y, s, k.row);
    mpi_check_vec("jacrev row = vjp with the unit seed", J + i * D, wb, D, 1e-13);
  }
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  MPI_Comm_free(&k.row);
  MPI_Comm_free(&k.col);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
