/* model.c: the loss to differentiate. cc-ad reads the request below and
 * writes model.ad.c / model.ad.h with
 *   double model_loss_grad(const double *w, double *w_bar, int n);
 */
#include <math.h>

#include "model.h"

#define NPOINTS 6

static const double features[NPOINTS][MODEL_DIM] = {
    {1.0, 0.5, -1.2}, {1.0, -0.3, 0.8}, {1.0, 2.0, 0.1},
    {1.0, -1.5, -0.4}, {1.0, 0.7, 1.9}, {1.0, -0.9, 0.6},
};
static const double labels[NPOINTS] = {1.0, -1.0, 1.0, -1.0, 1.0, -1.0};

#pragma ad grad(model_loss) wrt(w[n])
double model_loss(const double *w, int n) {
    double loss = 0.0;
    for (int k = 0; k < NPOINTS; k++) {
        double margin = 0.0;
        for (int i = 0; i < n; i++)
            margin += w[i] * features[k][i];
        loss += log(1.0 + exp(-labels[k] * margin));
    }
    double reg = 0.0;
    for (int i = 0; i < n; i++)
        reg += w[i] * w[i];
    return loss / NPOINTS + 0.5 * MODEL_L2 * reg;
}
