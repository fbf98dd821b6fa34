/* model.h: a regularised logistic regression on a small fixed data set.
 * model.c includes this header, so the depfile cc-ad writes (-MF) lists it:
 * change MODEL_L2 and make regenerates model.ad.c. */
#ifndef MODEL_H
#define MODEL_H

#define MODEL_DIM 3     /* weights w[0..MODEL_DIM) */
#define MODEL_L2 0.1    /* weight of the 0.5 * |w|^2 penalty */

double model_loss(const double *w, int n);

#endif
