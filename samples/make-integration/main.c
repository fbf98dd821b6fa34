/* main.c: the gradient cc-ad generated, checked against central finite
 * differences. Exit status 1 when they disagree. */
#include <math.h>
#include <stdio.h>

#include "model.h"
#include "model.ad.h"

int main(void) {
    double w[MODEL_DIM] = {0.3, -0.2, 0.5};
    double g[MODEL_DIM];
    double f = model_loss_grad(w, g, MODEL_DIM);
    printf("loss(w) = %.12f (model_loss: %.12f)\n", f, model_loss(w, MODEL_DIM));

    int ok = fabs(f - model_loss(w, MODEL_DIM)) <= 1e-12;
    const double h = 1e-6;
    printf("%3s %20s %20s %10s\n", "i", "gradient", "finite difference", "rel. err");
    for (int i = 0; i < MODEL_DIM; i++) {
        double wp[MODEL_DIM], wm[MODEL_DIM];
        for (int j = 0; j < MODEL_DIM; j++) wp[j] = wm[j] = w[j];
        wp[i] += h;
        wm[i] -= h;
        double fd = (model_loss(wp, MODEL_DIM) - model_loss(wm, MODEL_DIM)) / (2 * h);
        double err = fabs(g[i] - fd) / fmax(1.0, fabs(fd));
        printf("%3d %20.12f %20.12f %10.2e\n", i, g[i], fd, err);
        if (!(err <= 1e-7)) ok = 0;
    }
    printf("%s\n", ok ? "gradient check: ok" : "gradient check: FAILED");
    return ok ? 0 : 1;
}
