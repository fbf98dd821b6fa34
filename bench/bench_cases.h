/*
** bench_cases.h: the primal functions of the benchmark cases (one .c each,
** differentiated by cc-ad at build time) and their hand-written adjoints
** (hand_*.c). Shared by the case sources, the generated *.ad.h files (which
** include this header because it declares the Wishart type used in
** gmm_objective's signature) and the driver bench_grad.c.
*/
#ifndef BENCH_CASES_H
#define BENCH_CASES_H

/* ---- tridiag: seed 000, L2 norm of a Thomas solve of size 100 ---------- */
#define TRIDIAG_N 100
#define TRIDIAG_NPAR 5

double tridiag_norm(const double *params);
/* hand-written adjoint: returns the primal value, overwrites grad[5] */
double tridiag_norm_hand(const double *params, double *grad);

/* ---- loss: sin(exp(<x_star, x> / sqrt(n))), n = 10000 ------------------ */
#define LOSS_N 10000

double loss(const double *x, const double *x_star, int n);
double loss_hand(const double *x, double *x_bar, const double *x_star, int n);

/* ---- gmm: ADBench Gaussian mixture objective, d = 10, K = 25, n = 1000 -- */
#define GMM_D 10
#define GMM_K 25
#define GMM_NPTS 1000

typedef struct Wishart {
    double gamma;
    int m;
} Wishart;

void gmm_objective(int d, int k, int n, const double *alphas, const double *means,
                   const double *icf, const double *x, Wishart wishart, double *err);
/* same signature as the generated gmm_objective_grad */
void gmm_objective_hand(int d, int k, int n, const double *alphas, double *alphas_bar,
                        const double *means, double *means_bar, const double *icf,
                        double *icf_bar, const double *x, Wishart wishart, double *err);

/* ---- lstm: LSTM-like recurrence, hidden = input = 20, sequence 100 ------ */
#define LSTM_B 20
#define LSTM_T 100

double lstm_loss(int b, int T, const double *Wx, const double *Wh, const double *bias,
                 const double *Wy, const double *seq, const double *state0);
/* the same loss with its time loop under #pragma ad checkpoint(snapshots=LSTM_SNAPS) */
#define LSTM_SNAPS 10
double lstm_loss_ck(int b, int T, const double *Wx, const double *Wh, const double *bias,
                    const double *Wy, const double *seq, const double *state0);
double lstm_loss_hand(int b, int T, const double *Wx, double *Wx_bar, const double *Wh,
                      double *Wh_bar, const double *bias, double *bias_bar, const double *Wy,
                      double *Wy_bar, const double *seq, const double *state0);

#endif /* BENCH_CASES_H */
